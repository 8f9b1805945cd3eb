"""A board's indicators submission (issue 11): the template, reading every half-year sheet,
the plan against the stored figures, commit, undo and audit, and the page's download button."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from geo.accounts.indicator_sheet import GUIDE_SHEET, SHEET_HEADERS
from geo.exports.indicators_template import indicators_template_bytes
from geo.imports.indicators_sheet import read_indicator_sheets
from geo.imports.run import import_file
from geo.store import workspace as ws
from geo.store.indicators import load_indicators

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = "Hưng Yên"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def _find(sheet: openpyxl.worksheet.worksheet.Worksheet, indicator: str, segment: str,
          unit: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if [sheet.cell(row, c).value for c in (2, 3, 5)] == [indicator, segment, unit]:
            return row
    raise AssertionError((indicator, segment, unit))


def _template(tmp_path: Path, name: str, values: dict[tuple[str, str, str], object]) -> Path:
    """The template of 2030-H1 for PROVINCE with ``values`` filled in (a period no bundled
    figure has)."""
    book = openpyxl.load_workbook(io.BytesIO(indicators_template_bytes(
        periods=["2030-H1"], provinces=[PROVINCE])))
    sheet = book["2030-H1"]
    for key, value in values.items():
        sheet.cell(_find(sheet, *key), 4).value = value
    path = tmp_path / name
    book.save(path)
    return path


REVENUE = ("Doanh thu", "FDI", "triệu USD")
WORKERS = ("Lao động", "Tổng", "người")


def test_template_sheets_headers_rows_and_guide() -> None:
    book = openpyxl.load_workbook(io.BytesIO(indicators_template_bytes(
        periods=["2024-H1", "2024-H2"], provinces=["Bac Ninh"])))
    assert book.sheetnames == ["2024-H1", "2024-H2", GUIDE_SHEET]
    sheet = book["2024-H1"]
    assert [c.value for c in sheet[1]] == list(SHEET_HEADERS.values())
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and {r[0] for r in rows} == {"Bắc Ninh"} and all(r[3] is None for r in rows)
    billion = rows[_find(sheet, "Doanh thu", "FDI", "tỷ VND") - 2]
    assert billion[:5] == ("Bắc Ninh", "Doanh thu", "FDI", None, "tỷ VND")
    assert sheet.data_validations.dataValidation  # lists on indicator / segment / unit / basis
    guide = " ".join(str(r[0]) for r in book[GUIDE_SHEET].iter_rows(values_only=True))
    assert "triệu USD" in guide and "tỷ VND" in guide and "không phải 0" in guide


def test_round_trip_plan_commit_change_undo_audit(tmp_path: Path) -> None:
    first = _template(tmp_path, "nop-1.xlsx", {REVENUE: 1500, WORKERS: "12.345"})
    plan = import_file(first, kind="indicators", dry_run=True).plan
    assert plan is not None and plan.ok, plan and plan.report.text()
    assert plan.counts["new"] == 2 and plan.counts["changed"] == 0
    done = import_file(first, kind="indicators")
    assert done.entry is not None
    facts = load_indicators()
    mine = facts[(facts["period"] == "2030-H1") & (facts["province"] == PROVINCE)]
    assert sorted(mine["value"]) == [1500.0, 12345.0]
    assert set(mine["source_url"]) == {"nop-1.xlsx"}

    second = _template(tmp_path, "nop-2.xlsx", {REVENUE: "1.600,5", WORKERS: 12345})
    again = import_file(second, kind="indicators", dry_run=True).plan
    assert again is not None and again.ok
    assert (again.counts["new"], again.counts["changed"], again.counts["unchanged"]) == (0, 1, 1)
    changed = next(d for d in again.diffs if d.status == "changed")
    assert "revenue/FDI/million_usd" in changed.zone_id
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("value", 1500.0, 1600.5)]
    import_file(second, kind="indicators")

    shown = _cli("indicators", "--period", "2030-H1", "--by", "province", "--province",
                 PROVINCE, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    values = {(r["indicator"], r["segment"]): r["value"] for r in json.loads(shown.stdout)["rows"]}
    assert values[("revenue", "FDI")] == 1600.5 and values[("workers", "all")] == 12345

    ws.undo()
    ws.undo()
    facts = load_indicators()
    assert not (facts["period"] == "2030-H1").any()
    audit = ws.import_log()
    assert len(audit) == 0
    trail = _cli("log", "--format", "json")
    assert trail.returncode == 0, trail.stderr
    assert trail.stdout.count("nop-1.xlsx") >= 2 and trail.stdout.count("nop-2.xlsx") >= 2


def test_a_bundled_figure_shows_as_a_change(tmp_path: Path) -> None:
    facts = load_indicators()
    row = facts[(facts["scope"] == "province") & (facts["period"] == "2024-H1")].iloc[0]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2024-H1"
    sheet.append(["Province", "Indicator", "Segment", "Value", "Unit", "Capital basis"])
    sheet.append([row["province"], row["indicator"], row["segment"], row["value"] + 1,
                  row["unit"], row["capital_basis"]])
    path = tmp_path / "en.xlsx"
    book.save(path)
    plan = import_file(path, kind="indicators", dry_run=True).plan
    assert plan is not None and plan.ok, plan.report.text()
    assert plan.counts["changed"] == 1
    assert plan.diffs[0].changes[0].old == row["value"]


def test_findings_name_sheet_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(indicators_template_bytes(
        periods=["2030-H1"], provinces=[PROVINCE])))
    sheet = book["2030-H1"]
    bad_unit = _find(sheet, "Dự án cấp mới", "FDI", "dự án")
    sheet.cell(bad_unit, 4).value = 3
    sheet.cell(bad_unit, 5).value = "triệu USD"
    text_value = _find(sheet, *REVENUE)
    sheet.cell(text_value, 4).value = "nhiều"
    unknown = _find(sheet, *WORKERS)
    sheet.cell(unknown, 4).value = 10
    sheet.cell(unknown, 2).value = "Số xe"
    negative = _find(sheet, "Doanh thu", "DDI", "tỷ VND")
    sheet.cell(negative, 4).value = -5
    sheet.cell(negative + 1, 1).value = "Hà Giang"
    sheet.cell(negative + 1, 4).value = 5
    book.copy_worksheet(sheet).title = "2030 nửa đầu"
    path = tmp_path / "loi.xlsx"
    book.save(path)
    report = read_indicator_sheets(path).report
    found = {(f.feature, f.field) for f in report.errors}
    assert (f"sheet '2030-H1', row {bad_unit}", "Đơn vị") in found
    assert (f"sheet '2030-H1', row {text_value}", "Giá trị") in found
    assert (f"sheet '2030-H1', row {unknown}", "Chỉ tiêu") in found
    assert (f"sheet '2030-H1', row {negative}", "Giá trị") in found
    assert (f"sheet '2030-H1', row {negative + 1}", "Tỉnh") in found
    assert any(f.feature == "sheet '2030 nửa đầu'" for f in report.errors)
    outcome = import_file(path, kind="indicators")
    assert outcome.entry is None and not outcome.ok  # nothing written
    cli = _cli("import", str(path), "--layer", "indicators", "--dry-run")
    assert cli.returncode != 0 and f"row {text_value}" in cli.stdout + cli.stderr


def test_empty_values_are_skipped_and_cli_template(tmp_path: Path) -> None:
    out = tmp_path / "mau-chi-tieu.xlsx"
    made = _cli("indicators-template", "-o", str(out), "--periods", "2030-H1", "2030-H2",
                "--province", "Hải Dương")
    assert made.returncode == 0, made.stderr
    result = read_indicator_sheets(out)
    assert result.report.ok and len(result.frame) == 0  # empty means no figure, never 0
    bad = _cli("indicators-template", "-o", str(out), "--periods", "2030")
    assert bad.returncode == 2 and "half-year" in bad.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_offers_the_template(lang: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/indicators.py").run()
    assert not at.exception, [e.value for e in at.exception]
    button = next(b for b in at.get("download_button") if b.key == "ind_dl_template")
    assert button.proto.label
    data = button.proto.url
    assert data  # the file is served from the media store

