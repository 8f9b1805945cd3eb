"""The indicators submission template (issue 11): an XLSX a board fills and imports.

One sheet per half-year (sheet name = the period, ``2024-H1``) with the Vietnamese headers of
:data:`geo.accounts.indicator_sheet.SHEET_HEADERS`, one row per province × indicator ×
segment × unit (× capital basis) the vocabulary allows, values empty; a list validation on
the indicator, segment, unit and basis columns; and a ``Hướng dẫn`` sheet on units and empty
cells. Written with openpyxl; every text cell passes :func:`geo.exports.cells.neutralise_formula`.
The filled file is read by :mod:`geo.imports.indicators_sheet`
(``python -m geo import FILE --layer indicators``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from geo.accounts.indicator_sheet import (
    BASIS_LABELS,
    GUIDE_SHEET,
    INDICATOR_LABELS,
    REGION_LABEL,
    SEGMENT_LABELS,
    SHEET_HEADERS,
    UNIT_LABELS,
    template_series,
)
from geo.accounts.indicators import is_half_year
from geo.core.admin import province_2024, province_names
from geo.errors import FilterError
from geo.exports.cells import neutralise_formula

GUIDE_LINES: tuple[str, ...] = (
    "Mẫu nhập chỉ tiêu đầu tư và sản xuất kinh doanh của các KCN (KCN Atlas, issue 11).",
    "Mỗi sheet là một kỳ 6 tháng; tên sheet là kỳ báo cáo, dạng 2024-H1 hoặc 2024-H2.",
    "Dòng 1 là tiêu đề cột; không đổi tên cột. Ghi số liệu vào cột «Giá trị».",
    "Ô «Giá trị» để trống nghĩa là «không có số liệu» (không phải 0); dòng đó không được nhập.",
    "Đơn vị: dự án (số dự án), triệu USD, tỷ VND, người. Số liệu bằng triệu USD và bằng "
    "tỷ VND là hai dòng riêng và không bao giờ được cộng với nhau.",
    "Số viết kiểu Việt Nam (1.234,5) hoặc kiểu Anh (1,234.5) đều được; không nhập số âm.",
    f"«Tỉnh» là một trong 11 tỉnh vùng đồng bằng sông Hồng (2024); «{REGION_LABEL}» hoặc để "
    "trống: số liệu của cả vùng.",
    "«So với cùng kỳ (%)»: mức tăng/giảm so với cùng kỳ năm trước theo báo cáo (có thể âm).",
    "«Số liệu tính đến»: ngày chốt số liệu (ví dụ 2024-06-30). «Nguồn»: văn bản, báo cáo.",
    "Một số liệu cho kỳ đã có số liệu sẽ hiện là «thay đổi» (cũ → mới) khi xem trước; "
    "mọi lần nhập đều hoàn tác được và được ghi nhật ký.",
    "Nhập: trang «Nhập dữ liệu», loại «Chỉ tiêu đầu tư & SXKD», hoặc "
    "python -m geo import mau-chi-tieu.xlsx --layer indicators --dry-run",
)


def template_provinces(provinces: Sequence[str] | None = None) -> list[str]:
    """The official 2024 names of ``provinces`` (default: the 11 delta provinces).

    Raises
    ------
    FilterError
        A name that is not a delta province of 2024.
    """
    delta = province_names(2024)
    if not provinces:
        return list(delta)
    names = [province_2024(p).name for p in provinces]
    for given, name in zip(provinces, names, strict=True):
        if name not in delta:
            raise FilterError(f"{given!r} is not one of the 11 delta provinces of 2024",
                              valid=list(delta),
                              message_vi=f"{given!r} không thuộc 11 tỉnh vùng đồng bằng")
    return names


def check_template_periods(periods: Sequence[str]) -> list[str]:
    """``periods`` if each is a half-year ``YYYY-H1``/``YYYY-H2``; else :class:`FilterError`."""
    for period in periods:
        if not is_half_year(period):
            raise FilterError(f"period {period!r}: a sheet is one half-year, YYYY-H1 or "
                              "YYYY-H2", valid=[],
                              message_vi=f"kỳ {period!r}: mỗi sheet là một kỳ 6 tháng, dạng "
                                         "YYYY-H1 hoặc YYYY-H2")
    return list(dict.fromkeys(periods))


def _quoted_list(labels: Sequence[str]) -> str:
    return '"' + ",".join(labels) + '"'


def _period_sheet(ws: Worksheet, provinces: Sequence[str]) -> None:
    ws.append([neutralise_formula(h) for h in SHEET_HEADERS.values()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for province in provinces:
        for indicator, segment, unit, basis in template_series():
            ws.append([neutralise_formula(v) for v in (
                province, INDICATOR_LABELS[indicator], SEGMENT_LABELS[segment], None,
                UNIT_LABELS[unit], None, BASIS_LABELS[basis] if basis else None, None, None)])
    last = max(ws.max_row, 2) + 200  # room for rows the board adds
    columns = {h: chr(ord("A") + i) for i, h in enumerate(SHEET_HEADERS)}
    for name, labels in (("indicator", INDICATOR_LABELS), ("segment", SEGMENT_LABELS),
                         ("unit", UNIT_LABELS), ("capital_basis", BASIS_LABELS)):
        check = DataValidation(type="list", formula1=_quoted_list(list(labels.values())),
                               allow_blank=True)
        check.add(f"{columns[name]}2:{columns[name]}{last}")
        ws.add_data_validation(check)
    for letter, width in zip("ABCDEFGHI", (16, 26, 20, 12, 12, 18, 22, 18, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def indicators_template_bytes(*, periods: Sequence[str], provinces: Sequence[str] | None = None
                              ) -> bytes:
    """The template as XLSX bytes: one sheet per half-year of ``periods``, then the guide.

    Parameters
    ----------
    periods : half-years ``YYYY-H1``/``YYYY-H2`` (one sheet each, in the order given).
    provinces : 2024 delta province names (any spelling; default the 11).

    Raises
    ------
    FilterError
        A period that is not a half-year, or a province not of the 11.
    """
    sheets = check_template_periods(periods)
    if not sheets:
        raise FilterError("give at least one half-year, e.g. 2024-H2", valid=[],
                          message_vi="cần ít nhất một kỳ 6 tháng, ví dụ 2024-H2")
    names = template_provinces(provinces)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for period in sheets:
        _period_sheet(book.create_sheet(period), names)
    guide = book.create_sheet(GUIDE_SHEET)
    for line in GUIDE_LINES:
        guide.append([neutralise_formula(line)])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
