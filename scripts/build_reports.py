"""Build ``data/reports/`` from the seed report ``data/sources/seed_report_2024H1.txt``.

Usage (from the repository root)::

    .venv/bin/python scripts/build_reports.py [--sources data/sources] [--out data/reports]

Writes two CSV files (UTF-8, ``\\n`` line ends, deterministic):

* ``reported_figures.csv`` — the region's zone counts and areas (hectares) for period 2024-H1:
  all zones approved in plans (planned area), operating zones (land in use) and zones building
  infrastructure (their area). Columns: period, scope, kinds, status, zones, area_ha,
  area_basis, source_title, source_file.
* ``reported_indicators.csv`` — the report's other headline figures (investment certificates,
  registered capital, revenue, state budget), each with its unit and year-on-year change.

Figures are pulled by regular expression from the report's Vietnamese text (``.`` groups
thousands, ``,`` is the decimal mark); if a sentence is not found the build stops with exit 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from _build import DATA_DIR, SOURCES_DIR, BuildError, run
from _geojson import write_text_atomic

REPORT_FILE = "seed_report_2024H1.txt"
FIGURES_FILE = "reported_figures.csv"
INDICATORS_FILE = "reported_indicators.csv"
PERIOD = "2024-H1"
SCOPE = "region"  # the 11 Red River Delta provinces of 2024 (Khối thi đua ĐBSH)
KINDS = "KKT;KCN;KCX"
FIGURE_COLUMNS = ("period", "scope", "kinds", "status", "zones", "area_ha", "area_basis",
                  "source_title", "source_file")
INDICATOR_COLUMNS = ("period", "scope", "indicator", "segment", "value", "unit",
                     "change_pct", "source_title", "source_file")

NUM = r"(\d{1,3}(?:\.\d{3})*(?:,\d+)?)"  # Vietnamese number: 525.408,5
ZONES_SENTENCE = re.compile(
    rf"có {NUM} KKT, KCN, KCX được phê duyệt quy hoạch.*?tổng diện tích là {NUM} ha\."
    rf"\s*Trong đó số khu đã đi vào hoạt động là {NUM}.*?tổng diện tích đất đã sử dụng là "
    rf"{NUM} ha, số khu đang xây dựng hạ tầng là {NUM} với tổng diện tích là {NUM} ha",
    re.S,
)
INVESTMENT_SENTENCE = re.compile(
    rf"Cấp mới Giấy chứng nhận đăng ký đầu tư cho {NUM} dự án, trong đó có {NUM} dự án có vốn "
    rf"đầu tư nước ngoài \(FDI\), tăng {NUM}%.*?có {NUM} dự án đầu tư trong nước \(DDI\), tăng "
    rf"{NUM}%.*?tổng vốn đầu tư cấp mới và điều chỉnh.*?đạt {NUM} triệu USD, tăng {NUM}%.*? và "
    rf"{NUM} tỷ đồng",
    re.S,
)
BUSINESS_SENTENCE = re.compile(
    rf"Tổng doanh thu Khối doanh nghiệp FDI đạt {NUM} triệu USD, Khối doanh nghiệp DDI đạt {NUM} "
    rf"tỷ đồng; nộp ngân sách nhà nước Khối doanh nghiệp FDI đạt {NUM} triệu USD, Khối doanh "
    rf"nghiệp DDI đạt {NUM} tỷ đồng",
    re.S,
)


def vn_number(text: str) -> str:
    """A Vietnamese-formatted number (``525.408,5``) as a plain decimal string (``525408.5``)."""
    return text.replace(".", "").replace(",", ".")


def _find(pattern: re.Pattern[str], text: str, path: Path, what: str) -> list[str]:
    """The groups of ``pattern`` in ``text`` as plain decimals; BuildError if absent."""
    match = pattern.search(text)
    if match is None:
        raise BuildError(f"{path}: the sentence with {what} was not found "
                         f"(pattern {pattern.pattern[:60]!r}...)")
    return [vn_number(g) for g in match.groups()]


def _csv_text(columns: Sequence[str], rows: list[dict[str, str]]) -> str:
    """Rows as CSV text with a header, ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def read_report(path: Path) -> tuple[str, str]:
    """The report's title (its first non-empty line) and full text."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise BuildError(f"{path}: empty file")
    return lines[0], text


def figure_rows(text: str, title: str, path: Path) -> list[dict[str, str]]:
    """The region rows of ``reported_figures.csv`` (counts of zones, areas in hectares)."""
    total, total_ha, operating, used_ha, building, building_ha = _find(
        ZONES_SENTENCE, text, path, "the zone counts and areas")
    base = {"period": PERIOD, "scope": SCOPE, "kinds": KINDS, "source_title": title,
            "source_file": f"data/sources/{path.name}"}
    return [
        {**base, "status": "all", "zones": total, "area_ha": total_ha,
         "area_basis": "planned_area"},
        {**base, "status": "operating", "zones": operating, "area_ha": used_ha,
         "area_basis": "used_area"},
        {**base, "status": "under_construction", "zones": building, "area_ha": building_ha,
         "area_basis": "planned_area"},
    ]


def indicator_rows(text: str, title: str, path: Path) -> list[dict[str, str]]:
    """The rows of ``reported_indicators.csv``: investment, capital, revenue, state budget."""
    (projects, fdi, fdi_chg, ddi, ddi_chg, usd, usd_chg, vnd) = _find(
        INVESTMENT_SENTENCE, text, path, "the new investment certificates")
    rev_fdi, rev_ddi, tax_fdi, tax_ddi = _find(
        BUSINESS_SENTENCE, text, path, "revenue and state budget")
    table = [
        ("new_projects", "all", projects, "projects", ""),
        ("new_projects", "FDI", fdi, "projects", fdi_chg),
        ("new_projects", "DDI", ddi, "projects", ddi_chg),
        ("registered_capital_new_and_adjusted", "all", usd, "million USD", usd_chg),
        ("registered_capital_new_and_adjusted", "all", vnd, "billion VND", ""),
        ("revenue", "FDI", rev_fdi, "million USD", ""),
        ("revenue", "DDI", rev_ddi, "billion VND", ""),
        ("state_budget_paid", "FDI", tax_fdi, "million USD", ""),
        ("state_budget_paid", "DDI", tax_ddi, "billion VND", ""),
    ]
    return [{"period": PERIOD, "scope": SCOPE, "indicator": indicator, "segment": segment,
             "value": value, "unit": unit, "change_pct": change, "source_title": title,
             "source_file": f"data/sources/{path.name}"}
            for indicator, segment, value, unit, change in table]


def build_reports(sources: Path, out: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Write ``out/reported_figures.csv`` and ``out/reported_indicators.csv``; return their rows."""
    path = sources / REPORT_FILE
    title, text = read_report(path)
    figures = figure_rows(text, title, path)
    indicators = indicator_rows(text, title, path)
    write_text_atomic(out / FIGURES_FILE, _csv_text(FIGURE_COLUMNS, figures))
    write_text_atomic(out / INDICATORS_FILE, _csv_text(INDICATOR_COLUMNS, indicators))
    return figures, indicators


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR,
                        help=f"folder with {REPORT_FILE} (default: data/sources)")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "reports",
                        help="output folder (default: data/reports)")
    args = parser.parse_args(argv)
    figures, indicators = build_reports(args.sources, args.out)
    print(f"{args.out / FIGURES_FILE}: {len(figures)} rows; "
          f"{args.out / INDICATORS_FILE}: {len(indicators)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
