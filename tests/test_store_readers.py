"""Every reader reads the configured store: with ``KCN_ATLAS_DB`` set, the half-year report
(DOCX and XLSX), ``summary``, ``reconcile``, ``lots``, ``export``, ``periods``, ``housing`` and
the app's cached loaders (``ui.data``) show the PostGIS data, not the bundled files or the
GeoPackage workspace; without it they show the bundled data as before.

One database per module (the bundled data loaded, then a board's imports committed to it: a
zone's planned area changed, a housing site's capacity, a SYNTHETIC lot plan, figures of a
half-year, and a region indicator figure); each test points ``KCN_ATLAS_DB`` at it or not.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from docx import Document
from pg import TEMPLATE, PgServer

from geo.accounts.housing import analyse_housing
from geo.accounts.housing_params import make_params
from geo.accounts.housing_report import load_province_workers, region_total
from geo.accounts.landuse import reconcile, summarize
from geo.cli import main
from geo.core.i18n import t
from geo.errors import DataFileError
from geo.imports.plan import plan_import
from geo.imports.run import import_file
from geo.present.indicators import fmt_figure
from geo.present.report import load_report_data
from geo.store import bundled
from geo.store.factory import bundled_state, get_store, load_indicators
from geo.store.postgis import PostgisStore
from geo.store.synthetic_lots import synthetic_lots

ZONE = "bn-que-vo"
SITE = "bn-viglacera-yen-phong-sh-2020"  # completed, serving bn-yen-phong; no capacity bundled
PLANNED = 1876.5  # the imported planned area of ZONE (bundled: 610.85 ha)
CAPACITY = 43210.0  # the imported capacity of SITE
FIGURES_PERIOD, FIGURES_AREA = "2030-H2", 702.25
LOTS = 40
REVENUE = 61234.5  # the region's FDI revenue of 2024-H1 a board imports (bundled: 56,686)
PERIOD = "2024-H1"


@dataclass(frozen=True)
class Board:
    """The module's database (URL) after the imports."""

    url: str


def _submission(path: Path) -> Path:
    """A board's indicator XLSX: the region's FDI revenue of ``PERIOD``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PERIOD
    sheet.append(["Province", "Indicator", "Segment", "Value", "Unit", "Capital basis"])
    sheet.append([None, "Doanh thu", "FDI", REVENUE, "triệu USD", None])
    book.save(path)
    return path


def _commit(store: PostgisStore, frame: pd.DataFrame, kind: str, **options: str) -> None:
    plan = plan_import(frame, kind=kind, file_name=f"{kind}.gpkg", sha256="5" * 64,
                       store=store, **options)
    assert plan.ok and plan.changes_anything, plan.report.text()
    store.commit(plan)


@pytest.fixture(scope="module")
def board(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Board]:
    """A PostGIS database holding the bundled data and a board's imports on top of it."""
    name = f"atlas_readers_{os.getpid()}"
    pg_server.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    try:
        store = PostgisStore(pg_server.url(name))
        store.load(bundled_state(), source="bundled data")
        _commit(store, pd.DataFrame({"zone_id": [ZONE], "planned_area_ha": [PLANNED]}), "zones")
        _commit(store, gpd.GeoDataFrame({"site_id": [SITE], "capacity_persons": [CAPACITY]},
                                        geometry=[None], crs="EPSG:4326"), "housing")
        zones = store.load_zones()
        lots = synthetic_lots(zones[zones["zone_id"] == ZONE], LOTS, seed=3)
        assert len(lots) == LOTS
        _commit(store, lots, "lots")
        _commit(store, pd.DataFrame({"zone_id": [ZONE], "planned_area_ha": [FIGURES_AREA]}),
                "figures", period=FIGURES_PERIOD)
        xlsx = _submission(tmp_path_factory.mktemp("board") / "nop.xlsx")
        done = import_file(xlsx, kind="indicators", store=store)
        assert done.entry is not None, done.report.text()
        yield Board(pg_server.url(name))
    finally:
        pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["postgis", "gpkg"])
def backend(request: pytest.FixtureRequest, board: Board,
            monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test on the database (``KCN_ATLAS_DB`` set) and on the default (an empty private
    workspace over the bundled data)."""
    if request.param == "postgis":
        monkeypatch.setenv("KCN_ATLAS_DB", board.url)
    else:
        monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    return str(request.param)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _planned(zones: pd.DataFrame) -> float:
    return float(zones.set_index("zone_id").at[ZONE, "planned_area_ha"])


def _ha(value: float) -> str:
    """Hectares as the Vietnamese report writes them."""
    return f"{fmt_figure(round(float(value), 1), 'vi')} ha"


def _beds(zones: gpd.GeoDataFrame, sites: gpd.GeoDataFrame) -> float:
    result = analyse_housing(zones, sites, make_params())
    return float(region_total(result, reported=load_province_workers())
                 ["supply_completed_persons"])


def test_the_factory_and_the_report_data_read_the_store(backend: str, board: Board) -> None:
    store = get_store()
    assert store.name == backend
    data = load_report_data()
    sites = data.sites.set_index("site_id")
    if backend == "postgis":
        assert _planned(data.zones) == PLANNED and sites.at[SITE, "capacity_persons"] == CAPACITY
    else:  # the default: exactly what the bundled loaders read (no workspace in a test)
        pd.testing.assert_frame_equal(data.zones, bundled.load_zones())
        pd.testing.assert_frame_equal(data.sites, bundled.load_housing_sites())
        assert _planned(data.zones) == 610.85
    pd.testing.assert_frame_equal(data.facts, load_indicators())
    revenue = data.facts[(data.facts["period"] == PERIOD) & (data.facts["scope"] == "region")
                         & (data.facts["indicator"] == "revenue")
                         & (data.facts["segment"] == "FDI")]
    assert list(revenue["value"]) == [REVENUE if backend == "postgis" else 56686.0]
    # an explicit store wins over the environment
    other = load_report_data(store=PostgisStore(board.url))
    assert _planned(other.zones) == PLANNED


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_report_docx_shows_the_store(backend: str, board: Board, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bao-cao.docx"
    _run(["report", "--period", PERIOD, "-o", str(path)], capsys)
    text = _docx_text(path)
    db = PostgisStore(board.url)
    db_zones, db_sites = db.load_zones(), db.load_housing_sites()
    files_zones, files_sites = bundled.load_zones(), bundled.load_housing_sites()
    planned = {name: summarize(z, by="region").total["planned_area_ha"]
               for name, z in (("postgis", db_zones), ("gpkg", files_zones))}
    beds = {"postgis": _beds(db_zones, db_sites), "gpkg": _beds(files_zones, files_sites)}
    revenue = {"postgis": fmt_figure(REVENUE, "vi"), "gpkg": fmt_figure(56686.0, "vi")}
    other = "gpkg" if backend == "postgis" else "postgis"
    assert planned["postgis"] != planned["gpkg"] and beds["postgis"] != beds["gpkg"]
    # the computed accounts (planning section), the housing supply and the imported indicator
    assert _ha(planned[backend]) in text and _ha(planned[other]) not in text
    assert fmt_figure(round(beds[backend]), "vi") in text
    assert fmt_figure(round(beds[other]), "vi") not in text
    assert revenue[backend] in text and revenue[other] not in text


def test_report_xlsx_shows_the_store(backend: str, board: Board, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bao-cao.xlsx"
    _run(["report", "--period", PERIOD, "-o", str(path)], capsys)
    book = openpyxl.load_workbook(path)
    numbers = {round(float(c.value), 3) for ws in book for row in ws.iter_rows() for c in row
               if isinstance(c.value, int | float) and not isinstance(c.value, bool)}
    reported = bundled.load_reported()
    computed = {}
    for name, zones in (("postgis", PostgisStore(board.url).load_zones()),
                        ("gpkg", bundled.load_zones())):
        rows = reconcile(zones, reported, period=PERIOD).set_index("status")
        computed[name] = round(float(rows.at["operating", "computed_area_ha"]), 3)
    assert computed["postgis"] != computed["gpkg"]
    other = "gpkg" if backend == "postgis" else "postgis"
    assert computed[backend] in numbers and computed[other] not in numbers
    assert (REVENUE in numbers) == (backend == "postgis")
    assert t("rep_sheet_planning", "vi") in book.sheetnames


def test_summary_and_reconcile(backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    total = json.loads(_run(["summary", "--format", "json"], capsys))["total"]
    expected = summarize(get_store().load_zones(), by="region").total["planned_area_ha"]
    bundled_total = summarize(bundled.load_zones(), by="region").total["planned_area_ha"]
    assert total["planned_area_ha"] == pytest.approx(expected)
    assert (total["planned_area_ha"] == pytest.approx(bundled_total)) == (backend == "gpkg")
    assert expected - bundled_total == pytest.approx(
        (PLANNED - 610.85) if backend == "postgis" else 0.0)
    rows = json.loads(_run(["reconcile", "--period", PERIOD, "--format", "json"], capsys))
    operating = {r["status"]: r for r in rows["rows"]}["operating"]
    files = reconcile(bundled.load_zones(), bundled.load_reported(), period=PERIOD)
    files_area = float(files.set_index("status").at["operating", "computed_area_ha"])
    shift = PLANNED - 610.85 if backend == "postgis" else 0.0
    assert operating["computed_area_ha"] == pytest.approx(files_area + shift)


def test_lots(backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    summary = json.loads(_run(["lots", "--zone", ZONE, "--format", "json"], capsys))
    assert summary["lots"] == (LOTS if backend == "postgis" else 0)
    text = _run(["lots", "--zone", ZONE], capsys)
    assert (f"{LOTS} lots" in text) == (backend == "postgis")
    assert ("no lots in the register" in text) == (backend == "gpkg")


def test_export(backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "zones.csv"
    _run(["export", "-o", str(target), "--province", "Bắc Ninh"], capsys)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["zone_id"]: r for r in csv.DictReader(handle)}
    assert float(rows[ZONE]["planned_area_ha"]) == (PLANNED if backend == "postgis" else 610.85)
    gpkg = tmp_path / "zones.gpkg"
    _run(["export", "-o", str(gpkg)], capsys)
    written = gpd.read_file(gpkg)
    assert _planned(written) == (PLANNED if backend == "postgis" else 610.85)
    assert len(written) == len(get_store().load_zones())


def test_periods_and_housing(backend: str, board: Board,
                              capsys: pytest.CaptureFixture[str]) -> None:
    periods = json.loads(_run(["periods", "--format", "json"], capsys))
    assert (FIGURES_PERIOD in periods) == (backend == "postgis")
    if backend == "postgis":
        out = json.loads(_run(["periods", "--compare", "current", FIGURES_PERIOD,
                               "--by", "province", "--format", "json"], capsys))
        assert out["b"] == FIGURES_PERIOD and out["rows"]
        assert _planned(get_store().load_zones(period=FIGURES_PERIOD)) == FIGURES_AREA
    total = json.loads(_run(["housing", "--format", "json"], capsys))["total"]
    db = PostgisStore(board.url)
    expected = {"postgis": _beds(db.load_zones(), db.load_housing_sites()),
                "gpkg": _beds(bundled.load_zones(), bundled.load_housing_sites())}
    assert expected["postgis"] != expected["gpkg"]
    assert total["supply_completed_persons"] == pytest.approx(expected[backend])


def test_app_data_loaders(backend: str) -> None:
    """The cached loaders behind every page (``ui.data``): keyed by the store's version too, so
    the database's data, never a cached copy of the files."""
    from ui import data

    version = data.version()
    assert (len(version) == len(bundled.data_version()) + 1) == (backend == "postgis")
    zones = data._zones(version, None)
    assert _planned(zones) == (PLANNED if backend == "postgis" else 610.85)
    lots = data._lots(version)
    assert len(lots) == (LOTS if backend == "postgis" else 0)
    assert set(lots["zone_id"]) <= {ZONE}
    sites = data._housing_sites(version).set_index("site_id")
    capacity = sites.at[SITE, "capacity_persons"]
    assert capacity == CAPACITY if backend == "postgis" else pd.isna(capacity)
    periods = data._zone_periods(version)
    assert periods == ([FIGURES_PERIOD] if backend == "postgis" else [])
    if backend == "postgis":
        assert _planned(data._zones(version, FIGURES_PERIOD)) == FIGURES_AREA
    facts = data._indicators(version)
    revenue = facts[(facts["period"] == PERIOD) & (facts["scope"] == "region")
                    & (facts["indicator"] == "revenue") & (facts["segment"] == "FDI")]
    assert list(revenue["value"]) == [REVENUE if backend == "postgis" else 56686.0]


def test_an_empty_database_is_refused_not_shown_empty(pg_url: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """A board whose database was never loaded gets the hint, not an empty atlas."""
    monkeypatch.setenv("KCN_ATLAS_DB", pg_url)
    monkeypatch.chdir(tmp_path)
    for argv in (["summary"], ["export", "-o", "x.csv"], ["lots", "--zone", ZONE]):
        assert main(argv) == 2
        assert "python -m geo db load" in capsys.readouterr().err
    with pytest.raises(DataFileError, match="db load"):
        load_report_data()
    assert list(tmp_path.iterdir()) == []



APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_pages_show_the_store(backend: str, board: Board) -> None:
    """The vacant-land page and the zone card list the database's lots (the pages run as the
    app runs them, AppTest)."""
    from streamlit.testing.v1 import AppTest

    from geo.accounts.lots import vacant_industrial_land

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/lots.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if backend == "gpkg":
        assert any("python -m geo sample-lots" in i.value for i in at.info)  # no lots
    else:
        assert at.warning  # the lots are synthetic
        expected = vacant_industrial_land(PostgisStore(board.url).load_lots())
        assert len(at.dataframe[0].value) == len(expected) > 0
    card = AppTest.from_file(APP, default_timeout=60)
    card.query_params["zone"] = ZONE
    card.run()
    assert not card.exception, [e.value for e in card.exception]
    frames = [d.value for d in card.dataframe if "Chức năng" in d.value.columns]
    assert len(frames) == (1 if backend == "postgis" else 0)
