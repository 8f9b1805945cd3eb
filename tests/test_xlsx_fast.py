"""The streamed workbook holds what pandas' openpyxl writer held: values, widths, formats."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd

from geo.exports.xlsx_fast import Sheet, workbook_bytes


def _read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_values_missing_and_formats() -> None:
    frame = pd.DataFrame({"name": ["KCN A", None, "=1+1"], "area": [1.5, np.nan, 3.0],
                          "n": np.array([1, 2, 3], dtype="int64"), "ok": [True, False, True]})
    wb = _read(workbook_bytes([Sheet("data", frame, {"area": "#,##0.00"}),
                               Sheet("empty", frame.iloc[:0])]))
    ws = wb["data"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows == [["name", "area", "n", "ok"], ["KCN A", 1.5, 1, True],
                    [None, None, 2, False], ["=1+1", 3.0, 3, True]]
    assert ws.freeze_panes == "A2" and all(c.font.b for c in ws[1])
    assert ws["B2"].number_format == "#,##0.00" and ws["C2"].number_format == "General"
    assert ws.column_dimensions["A"].width == len("KCN A") + 2
    assert [c.value for c in wb["empty"][1]] == ["name", "area", "n", "ok"]


def test_text_hook_is_applied_per_text_column() -> None:
    seen: list[str] = []

    def hook(series: pd.Series) -> pd.Series:
        seen.append(str(series.name))
        return series.where(~series.fillna("").str.startswith("="), "'" + series.fillna(""))

    frame = pd.DataFrame({"name": ["=1+1", "ok"], "area": [1.0, 2.0]})
    ws = _read(workbook_bytes([Sheet("s", frame)], text_hook=hook))["s"]
    assert seen == ["name"]
    assert ws["A2"].value == "'=1+1" and ws["A3"].value == "ok"


def _cells(data: bytes) -> dict[str, object]:
    wb = _read(data)
    return {ws.title: ([[c.value for c in r] for r in ws.iter_rows()],
                       {k: v.width for k, v in ws.column_dimensions.items()}, ws.freeze_panes,
                       [[c.number_format for c in r if c.value is not None]
                        for r in ws.iter_rows()], [c.font.b for c in ws[1]])
            for ws in wb.worksheets}


def test_direct_xml_equals_openpyxl_streaming() -> None:
    from geo.exports.writers import export_zones
    from geo.exports.xlsx_fast import _openpyxl_workbook, _python_values, _xml_workbook
    from geo.store.bundled import load_zones

    frame = pd.DataFrame({"text": ["Hải Dương & <KCN>", "  spaced  ", "", None, 'q"uote'],
                          "ha": [1.0, 1234567.891, np.nan, 1e-7, -0.5],
                          "n": [1, 2, 3, 4, 5], "flag": [True, False, True, False, True]})
    sheets = [Sheet("a&b", frame, {"ha": "#,##0.0", "n": "#,##0"}), Sheet("b", frame[["n"]])]
    prepared = [(s, _python_values(s.frame, None)) for s in sheets]
    assert _cells(_xml_workbook(prepared)) == _cells(_openpyxl_workbook(prepared))
    # The real export goes the direct way and reads back like the streamed one.
    data = export_zones(load_zones(), fmt="xlsx")
    assert _read(data)["fields"]["A1"].value is not None


def test_values_xml_cannot_hold_fall_back_to_openpyxl() -> None:
    frame = pd.DataFrame({"when": pd.to_datetime(["2024-06-30"]), "x": [1.0]})
    ws = _read(workbook_bytes([Sheet("d", frame)]))["d"]
    assert ws["A2"].value.year == 2024 and ws["B2"].value == 1.0
