"""The land-use figures agree everywhere and say their basis (lots, period).

With a lot register imported for one zone (synthetic lots, so that its occupancy from lots
differs from its reported rate), the CLI export, the app's exporter, ``summary``, the report
(DOCX text and XLSX cells) and the land-use page all give that zone's occupancy from its lots
and say so; the report of a period uses that period's imported zone figures from the CLI and
from the app's indicators page alike, and says which; ``map --zone`` draws the store's lots.
Expected figures come from :mod:`geo.accounts`, never typed in.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from geo.accounts.figure_basis import occupancy_basis_text
from geo.accounts.housing import filter_sites
from geo.accounts.housing_params import make_params
from geo.accounts.housing_report import legal_checks
from geo.accounts.landuse import add_accounts, filter_zones, summarize
from geo.cli import main
from geo.core.i18n import fmt_pct, t
from geo.exports.lots import write_lots_file
from geo.exports.writers import export_zones
from geo.imports.run import import_file
from geo.present.indicators import fmt_figure
from geo.present.landuse import export_notes
from geo.store.factory import load_housing_sites, load_lots, load_zones
from geo.store.synthetic_lots import synthetic_lots

APP = str(Path(__file__).resolve().parent.parent / "app.py")
ZONE = "bn-que-vo"
PROVINCE = "Bắc Ninh"


def _import_lots(tmp_path: Path) -> float:
    """Import 40 synthetic lots of :data:`ZONE` into the (private) workspace; its occupancy
    from the lots (%), checked to differ from the zone's reported rate."""
    zones = load_zones()
    path = tmp_path / "lots-synthetic.gpkg"
    write_lots_file(synthetic_lots(zones[zones["zone_id"] == ZONE], 40, seed=11), path)
    assert import_file(path, kind="lots").entry is not None
    accounts = add_accounts(load_zones(), lots=load_lots()).set_index("zone_id")
    assert accounts.at[ZONE, "occupancy_basis"] == "lots"
    occupancy = float(accounts.at[ZONE, "occupancy_zone_pct"])
    reported = float(load_zones().set_index("zone_id").at[ZONE, "occupancy_pct"])
    assert abs(occupancy - reported) > 0.5  # the lots change the figure
    return occupancy


def _planned(value: float) -> str:
    """The report's planned-area words (hectares, the figure's own decimals, Vietnamese)."""
    return f"diện tích quy hoạch {fmt_figure(round(value, 1), 'vi')} ha"


def _docx_text(data: bytes | Path) -> str:
    doc = Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    cells = [" | ".join(c.text for c in row.cells) for tb in doc.tables for row in tb.rows]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_every_path_gives_the_zones_occupancy_from_its_lots(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    occupancy = _import_lots(tmp_path)
    vi_basis, en_basis = occupancy_basis_text("lots", "vi"), occupancy_basis_text("lots", "en")
    assert "lô đất" in vi_basis and "lot register" in en_basis

    # CLI export and the app's exporter (the call of app_pages/export.py): the same bytes
    out = tmp_path / "bac-ninh.csv"
    assert main(["export", "-o", str(out), "--province", PROVINCE]) == 0
    capsys.readouterr()
    cli = pd.read_csv(out, encoding="utf-8-sig").set_index("zone_id")
    assert cli.at[ZONE, "occupancy_zone_pct"] == pytest.approx(occupancy)
    assert cli.at[ZONE, "occupancy_basis"] == vi_basis
    page = export_zones(filter_zones(load_zones(), provinces=[PROVINCE]), fmt="csv",
                        layer="zones", notes=export_notes([PROVINCE], edition=2024),
                        lang="vi", lots=load_lots())
    assert page == out.read_bytes()
    out_en = tmp_path / "bac-ninh-en.csv"
    assert main(["export", "-o", str(out_en), "--province", PROVINCE, "--lang", "en"]) == 0
    en = pd.read_csv(out_en, encoding="utf-8-sig").set_index("zone_id")
    assert en.at[ZONE, "occupancy_basis"] == en_basis

    # CLI summary: the accounts of the land-use page (with the lots), not the reported rates
    capsys.readouterr()
    assert main(["summary", "--province", PROVINCE, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    zones = filter_zones(load_zones(), provinces=[PROVINCE])
    with_lots = summarize(zones, by="region", filters={"provinces": [PROVINCE]},
                          lots=load_lots()).total["occupancy_pct"]
    without = summarize(zones, by="region", filters={"provinces": [PROVINCE]}
                        ).total["occupancy_pct"]
    assert payload["total"]["occupancy_pct"] == pytest.approx(with_lots)
    assert with_lots is not None and (without is None or not math.isclose(with_lots, without))
    assert any("from their lots" in note for note in payload["notes"])

    # The report: the zone's row in the "from lots" table, DOCX text and XLSX cell
    docx, xlsx = tmp_path / "r.docx", tmp_path / "r.xlsx"
    for path in (docx, xlsx):
        assert main(["report", "--period", "2024-H1", "-o", str(path)]) == 0
    text = _docx_text(docx)
    row = next(line for line in text.splitlines() if f"({ZONE})" in line)
    assert fmt_pct(occupancy, "vi") in row and vi_basis in row
    assert t("rep_lots_title", "vi") in text
    assert t("rep_zones_lots", "vi").format(n=1) in text
    region = summarize(load_zones(), by="region", lots=load_lots()).total["occupancy_pct"]
    assert f"tỷ lệ lấp đầy {fmt_pct(region, 'vi')}" in text
    cells = [row for ws in load_workbook(xlsx).worksheets
             for row in ws.iter_rows(values_only=True) if row and any(
                 isinstance(v, str) and f"({ZONE})" in v for v in row)]
    assert len(cells) == 1
    numbers = [v for v in cells[0] if isinstance(v, float)]
    assert any(v == pytest.approx(occupancy) for v in numbers) and vi_basis in cells[0]
    en_docx = tmp_path / "r-en.docx"
    assert main(["report", "--period", "2024-H1", "-o", str(en_docx), "--lang", "en"]) == 0
    assert "from lots" in _docx_text(en_docx)

    # The land-use page: the per-zone table with the lots and their basis
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["province"] = "bac-ninh"
    at.run()
    at.switch_page("app_pages/landuse.py").run()
    assert not at.exception, [e.value for e in at.exception]
    frames = [d.value for d in at.dataframe if t("occupancy_basis", "vi") in d.value.columns]
    assert len(frames) == 1
    shown = frames[0].set_index(t("name", "vi")).loc["KCN Quế Võ"]
    assert shown[t("occupancy_pct", "vi")] == fmt_pct(occupancy, "vi")  # Vietnamese format
    assert shown[t("occupancy_basis", "vi")] == vi_basis


def test_housing_takes_leased_land_and_occupancy_from_the_lots(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import_lots(tmp_path)
    lots = load_lots()
    accounts = add_accounts(load_zones(), lots=lots).set_index("zone_id")
    capsys.readouterr()
    assert main(["housing", "--by", "zone", "--province", PROVINCE, "--format", "json"]) == 0
    rows = {r["zone_id"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    params = make_params()
    assert rows[ZONE]["workforce_source"] == "lots"  # not planned area × density
    assert rows[ZONE]["workforce"] == pytest.approx(
        accounts.at[ZONE, "leased_ha"] * params.density_leased_per_ha)
    assert main(["housing", "--by", "province", "--province", PROVINCE, "--format",
                 "json"]) == 0
    row = json.loads(capsys.readouterr().out)["rows"][0]
    zones = filter_zones(load_zones(), provinces=[PROVINCE])
    sites = filter_sites(load_housing_sites(), provinces=[PROVINCE])
    check = {c["rule"]: c for c in row["checks"]}["occupancy_for_new_zone"]
    with_lots = {c["rule"]: c for c in legal_checks(zones, sites, lots=lots)}
    without = {c["rule"]: c for c in legal_checks(zones, sites)}
    assert check["value"] == with_lots["occupancy_for_new_zone"]["value"]
    assert check["value"] != without["occupancy_for_new_zone"]["value"]
    assert check["occupancy_basis"].get("lots") == 1


def _import_period(tmp_path: Path) -> float:
    """Import a 2024-H1 planned area for KCN Yên Phong; the period's total planned area (ha)."""
    path = tmp_path / "bac-ninh-2024-h1.csv"
    path.write_text("Ten KCN,Tinh,Dien tich quy hoach (ha)\nYen Phong,Bac Ninh,4321\n",
                    encoding="utf-8")
    assert import_file(path, kind="figures", period="2024-H1").entry is not None
    period = summarize(load_zones(period="2024-H1"), by="region").total["planned_area_ha"]
    current = summarize(load_zones(), by="region").total["planned_area_ha"]
    assert abs(period - current) > 100
    return float(period)


def test_the_report_of_a_period_uses_its_zone_figures_from_cli_and_app(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    planned = _import_period(tmp_path)
    current = summarize(load_zones(), by="region").total["planned_area_ha"]
    said = t("rep_zones_of", "vi").format(
        basis=t("rep_zones_period", "vi").format(period="2024-H1"))
    docx = tmp_path / "r.docx"
    assert main(["report", "--period", "2024-H1", "-o", str(docx)]) == 0
    assert "zone figures: 2024-H1" in capsys.readouterr().out
    cli = _docx_text(docx)
    assert said in cli and _planned(planned) in cli
    assert t("rep_zone_period_dates", "vi").format(period="2024-H1") in cli

    # The app's indicators page (no sidebar period): the same zone figures, the same words
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/indicators.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(said in c.value for c in at.caption)
    at.button(key="ind_build_report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    app = _docx_text(at.session_state["ind_report"][1])
    assert said in app and _planned(planned) in app

    # --zone-period current: the current figures, said so; an unknown one: status 2
    assert main(["report", "--period", "2024-H1", "-o", str(docx), "--zone-period",
                 "current"]) == 0
    again = _docx_text(docx)
    assert t("rep_zones_current", "vi") in again
    assert _planned(current) in again
    capsys.readouterr()
    assert main(["report", "--period", "2024-H1", "-o", str(docx), "--zone-period",
                 "2019-H2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2019-H2" in err and "2024-H1" in err


def test_map_of_a_zone_draws_the_stores_lots(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _import_lots(tmp_path)
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--no-basemap", "--zone", ZONE]) == 0
    assert "40 lots of zone bn-que-vo from the store" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    ids = list(load_lots()["lot_id"])
    assert len(ids) == 40 and all(f'"lot_id":"{i}"' in html for i in ids)
    assert main(["map", "-o", str(out), "--zone", "bn-yen-phong"]) == 2  # no lots there
    assert "no lots in the store" in capsys.readouterr().err


def test_a_past_periods_report_leaves_todays_lots_out_and_says_so(tmp_path: Path) -> None:
    """The lot register holds today's leases: a report on a past period's imported zone
    figures keeps that period's occupancy (from the CLI and the app alike), says the register
    was left out; the current figures still take it."""
    _import_lots(tmp_path)
    _import_period(tmp_path)
    skipped = t("rep_zones_lots_skipped", "vi")
    docx = tmp_path / "past.docx"
    assert main(["report", "--period", "2024-H1", "-o", str(docx)]) == 0
    past = _docx_text(docx)
    assert skipped in past and t("rep_lots_title", "vi") not in past
    assert main(["report", "--period", "2024-H1", "-o", str(docx), "--zone-period",
                 "current"]) == 0
    now = _docx_text(docx)
    assert skipped not in now and t("rep_lots_title", "vi") in now
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/indicators.py").run()
    assert any(skipped in c.value for c in at.caption)
    at.button(key="ind_build_report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    app = _docx_text(at.session_state["ind_report"][1])
    assert skipped in app and t("rep_lots_title", "vi") not in app
