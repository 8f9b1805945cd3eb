"""``python -m geo indicators`` and ``python -m geo report``: JSON fields, exit codes, and the
generated DOCX / XLSX opened with python-docx / openpyxl (sections, Vietnamese figures, images,
source and coverage lines). Expected figures come from the data files, not typed in."""

import csv
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from geo.cli import main
from geo.core.i18n import t
from geo.exports.cells import neutralise_formula
from geo.exports.report_docx import Paragraph, Report, Table, report_xlsx_bytes
from geo.present.indicators import fmt_figure

REPO = Path(__file__).resolve().parent.parent
JSON_FIELDS = {"indicator", "segment", "unit", "value", "change_pct", "change_basis",
               "coverage", "source"}
SECTIONS = ("rep_sec_investment", "rep_sec_business", "rep_sec_planning", "rep_sec_housing",
            "rep_sec_sources")


def _csv(name: str) -> list[dict[str, str]]:
    with (REPO / "data" / "reports" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def region_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "bao-cao-2024-H1.docx"
    assert main(["report", "--period", "2024-H1", "-o", str(path)]) == 0
    return path


def _text(path: Path) -> tuple[list[str], str]:
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return headings, "\n".join([p.text for p in doc.paragraphs] + cells)


def test_indicators_json_rows_carry_the_fields(capsys: pytest.CaptureFixture[str]) -> None:
    for by in ("region", "province", "province_2025"):
        assert main(["indicators", "--period", "2024-H1", "--by", by, "--format", "json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["rows"]
        for row in out["rows"]:
            assert set(row) >= JSON_FIELDS
            assert row["change_basis"] in (None, "computed", "reported")
    assert main(["indicators", "--period", "2024-H1", "--compare", "2023-H1", "--by",
                 "province", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert any(r["change_basis"] == "computed" for r in rows)


def test_indicators_csv_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "--period", "2024", "--by", "province", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    expected = [r for r in _csv("indicators.csv") if r["period"] == "2024"
                and r["scope"] == "province"]
    assert len(rows) == len(expected)
    assert main(["indicators", "--period", "2024-H1"]) == 0
    assert "5,671" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["indicators", "--period", "2019-H1"],
    ["indicators", "--period", "2024-H1", "--compare", "2010"],
    ["indicators", "--period", "2024-H1", "--province", "Atlantis"],
    ["report", "--period", "2019-H1", "-o", "x.docx"],
    ["report", "--period", "2024-H1", "-o", "x.pdf"],
])
def test_bad_values_exit_2_with_one_line(argv: list[str], capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "valid" in err
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("argv", [["indicators", "--period", "2024-H1", "--by", "zone"],
                                  ["indicators", "--period", "2024-H1", "--format", "xml"],
                                  ["report", "--period", "2024-H1", "-o", "x.docx",
                                   "--lang", "fr"]])
def test_bad_choices_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_docx_has_the_sections_figures_images_sources(region_docx: Path) -> None:
    headings, text = _text(region_docx)
    for key in SECTIONS:
        assert t(key, "vi") in headings
    seed = [r for r in _csv("indicators.csv") if r["scope"] == "region"]
    for row in seed:  # every region figure of the seed, in Vietnamese format
        assert fmt_figure(float(row["value"]), "vi") in text
    for row in _csv("reported_figures.csv"):
        assert fmt_figure(float(row["area_ha"]), "vi") in text
    assert "5.671" in text and "9.492,2" in text and "525.408,5" in text
    assert len(Document(str(region_docx)).inline_shapes) >= 3  # charts + map
    assert text.count("Nguồn:") >= len(seed)
    assert text.count("độ phủ: ") >= len(seed)  # every region figure states its coverage
    assert t("rep_src_computed", "vi") in text and "so với cùng kỳ" in text


def test_english_report_and_province_filter(tmp_path: Path) -> None:
    path = tmp_path / "report-en.docx"
    assert main(["report", "--period", "2024-H1", "--lang", "en", "--province", "Hải Dương",
                 "-o", str(path)]) == 0
    headings, text = _text(path)
    assert t("rep_sec_investment", "en") in headings
    assert "Hải Dương" in text and "5,671" not in text  # the region rows are not a province's
    hd = [r for r in _csv("indicators.csv") if r["period"] == "2024-H1"
          and r["province"] == "Hải Dương"]
    for row in hd:
        assert fmt_figure(float(row["value"]), "en") in text
    assert t("rep_planning_filtered", "en") in text


def test_xlsx_tables_are_numbers_and_text_cells_are_safe(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    assert main(["report", "--period", "2024-H1", "-o", str(path)]) == 0
    book = load_workbook(path)
    assert t("rep_sheet_region", "vi") in book.sheetnames
    values = [c.value for ws in book for row in ws.iter_rows() for c in row]
    seed = {float(r["value"]) for r in _csv("indicators.csv") if r["scope"] == "region"}
    assert seed <= {float(v) for v in values if isinstance(v, int | float)}
    report = Report(title="x", blocks=[Paragraph("p"), Table(
        title="=cmd", headers=["+h"], text=[["-1"]], values=[["@SUM(A1)"]], sheet="s")])
    cells = [c for row in load_workbook(
        __import__("io").BytesIO(report_xlsx_bytes(report)))["s"].iter_rows() for c in row]
    assert [c.value for c in cells if c.value] == ["'=cmd", "'+h", "'@SUM(A1)"]
    assert all(c.data_type == "s" for c in cells if c.value)
    assert neutralise_formula("Hà Nội") == "Hà Nội"
