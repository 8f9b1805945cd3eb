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


def test_text_starting_with_equals_is_a_string_cell_not_a_formula() -> None:
    frame = pd.DataFrame({"name": ["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "ok"]})
    ws = _read(workbook_bytes([Sheet("s", frame)]))["s"]
    assert [ws[f"A{r}"].data_type for r in (2, 3, 4)] == ["s", "s", "s"]
    assert ws["A2"].value == "=1+1"


def test_real_export_reads_back() -> None:
    from geo.exports.writers import export_zones
    from geo.store.bundled import load_zones

    wb = _read(export_zones(load_zones(), fmt="xlsx"))
    assert wb["fields"]["A1"].value is not None
    assert wb.worksheets[0].max_row == len(load_zones()) + 1


def test_dates_are_written() -> None:
    frame = pd.DataFrame({"when": pd.to_datetime(["2024-06-30"]), "x": [1.0]})
    ws = _read(workbook_bytes([Sheet("d", frame)]))["d"]
    assert ws["A2"].value.year == 2024 and ws["B2"].value == 1.0
