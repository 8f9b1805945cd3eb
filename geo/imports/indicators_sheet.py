"""Reading a board's indicators submission (issue 11): every half-year sheet of an XLSX.

The file is the template of :mod:`geo.exports.indicators_template` (or any workbook with the
same headers, Vietnamese or English; :data:`geo.accounts.indicator_sheet.SHEET_HEADERS`). Each
sheet but ``Hướng dẫn`` is one half-year and is named by it (``2024-H1``). A row whose
``Giá trị`` is empty is skipped (no figure, never 0). Every cell is checked: unknown
indicator, segment, unit or capital basis; a unit the indicator does not allow; a value that is
not a number (Vietnamese ``1.234,5`` and English ``1,234.5`` are read) or is negative; a
province not of the 11 delta provinces of 2024; a row repeating the key of an earlier one.
Each finding names the sheet, the row as Excel shows it (header = row 1) and the column's
header text. The rows become the columns of :data:`geo.core.schema.INDICATOR_FIELDS`
(``source_url`` = the file name, ``quote`` = the ``Nguồn`` text), planned by
:mod:`geo.imports.indicators_plan`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.accounts.indicator_sheet import (
    GUIDE_SHEET,
    REGION_LABEL,
    REQUIRED_COLUMNS,
    SHEET_HEADERS,
    code_of,
    header_field,
)
from geo.accounts.indicators import CAPITAL_BASES, UNITS_OF, is_half_year
from geo.core.admin import province_2024, province_names
from geo.core.findings import Report, refused
from geo.core.schema import INDICATOR_FIELDS
from geo.core.text import fold
from geo.errors import FilterError
from geo.imports.numbers import to_numbers
from geo.imports.pipeline import Detected, IngestResult

KEY: tuple[str, ...] = ("period", "scope", "province", "indicator", "segment", "unit",
                        "capital_basis")
"""What identifies one figure: a second figure with the same key replaces the first."""


def where(sheet: str, row: int) -> str:
    """How a finding names a cell's row: ``sheet '2024-H1', row 5`` (Excel's row number)."""
    return f"sheet {sheet!r}, row {row}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value).strip())


_VN_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_VN_DECIMAL = re.compile(r"-?\d+(,\d+)?")


def number_of(cell: object) -> float:
    """A cell's number (NaN when blank or not a number). Text is read Vietnamese first:
    ``12.345`` = 12345, ``1.234,5`` = 1234.5, ``1,5`` = 1.5; else English (``1,234.5``)."""
    if isinstance(cell, bool):
        return math.nan
    if isinstance(cell, int | float):
        return float(cell)
    if not isinstance(cell, str) or not cell.strip():
        return math.nan
    text = cell.strip().replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if _VN_THOUSANDS.fullmatch(text) or _VN_DECIMAL.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    return float(to_numbers(pd.Series([text], dtype=object)).to_numpy(dtype="float64")[0])


class _Sheet:
    """The findings of one sheet, each naming the sheet, row and header text."""

    def __init__(self, name: str, headers: dict[str, str], report: Report) -> None:
        self.name, self.headers, self.report = name, headers, report

    def error(self, row: int, field: str, value: object, why_vi: str, why_en: str) -> None:
        header = self.headers.get(field, SHEET_HEADERS.get(field, field))
        self.report.add("error", where(self.name, row), header, value,
                        f"cột {header!r}: {why_vi}", f"column {header!r}: {why_en}")


def _province(cell: object, sheet: _Sheet, row: int) -> tuple[str, str | None] | None:
    text = _text(cell)
    if text is None or fold(text) in (fold(REGION_LABEL), "region", "vung"):
        return "region", None
    try:
        name = province_2024(text).name
    except FilterError:
        name = ""
    if name not in province_names(2024):
        sheet.error(row, "province", text, "không thuộc 11 tỉnh vùng đồng bằng sông Hồng (2024)",
                    "is not one of the 11 delta provinces of 2024")
        return None
    return "province", name


def _codes(cells: dict[str, Any], sheet: _Sheet, row: int) -> dict[str, str | None] | None:
    """indicator, segment, unit, capital_basis of a row as codes; None after an error."""
    out: dict[str, str | None] = {}
    ok = True
    for field in ("indicator", "segment", "unit", "capital_basis"):
        text = _text(cells.get(field))
        if text is None:
            out[field] = None
            if field != "capital_basis":
                sheet.error(row, field, None, "ô trống (bắt buộc)", "is empty (required)")
                ok = False
            continue
        out[field] = code_of(field, text)
        if out[field] is None:
            sheet.error(row, field, text, "không có trong danh mục (xem sheet Hướng dẫn)",
                        "is not a known value (see the Hướng dẫn sheet)")
            ok = False
    if not ok:
        return None
    indicator, unit = str(out["indicator"]), str(out["unit"])
    if unit not in UNITS_OF[indicator]:
        sheet.error(row, "unit", cells.get("unit"), "không dùng được cho chỉ tiêu này",
                    f"is not a unit of {indicator} (allowed: {', '.join(UNITS_OF[indicator])})")
        return None
    if indicator == "registered_capital" and out["capital_basis"] is None:
        out["capital_basis"] = "unspecified"
    elif indicator != "registered_capital" and out["capital_basis"] is not None:
        sheet.error(row, "capital_basis", cells.get("capital_basis"),
                    "chỉ dùng cho vốn đầu tư đăng ký", "is only for registered capital")
        return None
    assert out["capital_basis"] is None or out["capital_basis"] in CAPITAL_BASES
    return out


def _read_sheet(ws: Worksheet, *, file_name: str, report: Report) -> list[dict[str, Any]]:
    """The figures of one half-year sheet (rows with an empty value skipped)."""
    period = ws.title.strip()
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0] if rows else ()
    fields = {i: header_field(h) for i, h in enumerate(head)}
    headers = {f: str(head[i]).strip() for i, f in fields.items() if f is not None}
    sheet = _Sheet(period, headers, report)
    if not is_half_year(period):
        report.add("error", f"sheet {period!r}", None, period,
                   f"sheet {period!r}: tên sheet phải là kỳ 6 tháng, dạng 2024-H1 hoặc 2024-H2",
                   f"sheet {period!r}: the sheet name must be a half-year, YYYY-H1 or YYYY-H2")
        return []
    missing = [SHEET_HEADERS[f] for f in REQUIRED_COLUMNS if f not in headers]
    if missing:
        report.add("error", f"sheet {period!r}", ", ".join(missing), None,
                   f"sheet {period!r}: thiếu cột {', '.join(missing)} ở dòng 1",
                   f"sheet {period!r}: row 1 lacks the column(s) {', '.join(missing)}")
        return []
    cells = [{f: (r[i] if i < len(r) else None) for i, f in fields.items() if f is not None}
             for r in rows[1:]]
    numbers = {f: [number_of(c.get(f)) for c in cells] for f in ("value", "change_pct")}
    out: list[dict[str, Any]] = []
    for pos, rec in enumerate(cells):
        excel_row = pos + 2
        if _blank(rec.get("value")):
            continue
        value, change = numbers["value"][pos], numbers["change_pct"][pos]
        bad = False
        if math.isnan(value):
            sheet.error(excel_row, "value", rec.get("value"), "không phải là số",
                        "is not a number")
            bad = True
        elif value < 0:
            sheet.error(excel_row, "value", rec.get("value"), "là số âm", "is negative")
            bad = True
        if not _blank(rec.get("change_pct")) and math.isnan(change):
            sheet.error(excel_row, "change_pct", rec.get("change_pct"), "không phải là số",
                        "is not a number")
            bad = True
        place = _province(rec.get("province"), sheet, excel_row)
        codes = _codes(rec, sheet, excel_row)
        if bad or place is None or codes is None:
            continue
        out.append({"period": period, "scope": place[0], "province": place[1], **codes,
                    "value": value, "change_pct": change, "as_of": _text(rec.get("as_of")),
                    "source_url": file_name, "quote": _text(rec.get("source")),
                    "_row": excel_row, "_sheet": period})
    return out


def read_indicator_sheets(path: Path, *, file_name: str | None = None) -> IngestResult:
    """Read every half-year sheet of an indicators workbook.

    Parameters
    ----------
    path : the XLSX file.
    file_name : the name the user knows (default ``path.name``): the rows' ``source_url``.

    Returns
    -------
    IngestResult
        ``frame``: :data:`geo.core.schema.INDICATOR_FIELDS` plus ``_sheet`` / ``_row`` (where
        the figure is: sheet name, Excel row); ``value`` in the row's unit, ``change_pct`` in %
        (NaN where empty). ``report``: a finding per bad cell (sheet, row, column header).

    Raises
    ------
    ImportRefused
        The file is not an XLSX workbook, or it has no half-year sheet.
    """
    name = file_name or path.name
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise refused(f"cannot be read as an XLSX workbook ({type(exc).__name__}); use the "
                      "template of `python -m geo indicators-template`",
                      "không đọc được tệp XLSX; hãy dùng mẫu chỉ tiêu", source=name) from None
    report = Report(source=name)
    rows: list[dict[str, Any]] = []
    sheets = [ws for ws in book.worksheets if fold(ws.title) != fold(GUIDE_SHEET)]
    try:
        for ws in sheets:
            rows += _read_sheet(ws, file_name=name, report=report)
    finally:
        book.close()
    if not sheets:
        raise refused("the workbook has no half-year sheet (name a sheet 2024-H1 or 2024-H2)",
                      "tệp không có sheet kỳ 6 tháng nào (đặt tên sheet 2024-H1 hoặc 2024-H2)",
                      source=name)
    _check_repeats(rows, report)
    columns = [*INDICATOR_FIELDS, "_sheet", "_row"]
    frame = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in columns})
    for c in ("value", "change_pct"):
        frame[c] = frame[c].astype("float64")
    detected = Detected(format="xlsx", layers=[ws.title for ws in book.worksheets],
                        layer=", ".join(ws.title for ws in sheets),
                        mapping={v: k for k, v in SHEET_HEADERS.items()},
                        notes=[f"{len(rows)} figure(s) in {len(sheets)} sheet(s); "
                               "rows with an empty Giá trị are skipped"])
    return IngestResult(frame, detected, report)


def _check_repeats(rows: list[dict[str, Any]], report: Report) -> None:
    """An error for each row repeating the key of an earlier one (both rows named)."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        key = tuple(r[k] for k in KEY)
        if key in seen:
            first = seen[key]
            report.add("error", where(r["_sheet"], r["_row"]), SHEET_HEADERS["indicator"],
                       r["indicator"],
                       f"trùng với dòng {first['_row']} (cùng tỉnh, chỉ tiêu, khối, đơn vị)",
                       f"repeats row {first['_row']} (same province, indicator, segment, "
                       "unit and basis)")
        else:
            seen[key] = r
