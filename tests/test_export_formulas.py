"""Spreadsheet formula injection (OWASP CSV injection): every CSV and XLSX writer neutralises
text cells that a spreadsheet would run as a formula, and keeps numbers numeric."""

from __future__ import annotations

import csv
import io
import math
import zipfile

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import Point
from test_housing import LAT, sites_frame, zones_frame

from geo.accounts.housing import analyse_housing
from geo.accounts.housing_params import make_params
from geo.accounts.housing_report import export_frame
from geo.cli import main
from geo.exports.cells import neutralise_formula, neutralise_frame
from geo.exports.writers import export_layer, export_zones

PAYLOADS = ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _zones() -> gpd.GeoDataFrame:
    n = len(PAYLOADS)
    return gpd.GeoDataFrame({
        "zone_id": [f"z{i}" for i in range(n)],
        "name": PAYLOADS,
        "kind": ["KCN"] * n,
        "status": ["operating"] * n,
        "province": ["Hải Phòng"] * n,
        "developer": list(reversed(PAYLOADS)),
        "planned_area_ha": [-5.2, 10.0, math.nan, 3.0, 4.5, 100.0, 7.0],
        "occupancy_pct": [50.0] * n,
        "source_url": PAYLOADS,
    }, geometry=[Point(106.7 + i / 100, 20.8) for i in range(n)], crs="EPSG:4326")


def _housing_sites() -> gpd.GeoDataFrame:
    rows = [{"site_id": f"s{i}", "name": p, "source_url": p, "capacity_persons": 100.0 + i,
             "geometry": Point(106.0 + i / 1000, LAT)} for i, p in enumerate(PAYLOADS)]
    return sites_frame(rows)


def _housing_results() -> gpd.GeoDataFrame:
    zones = zones_frame([{"zone_id": f"z{i}", "name": p, "source_url": p,
                          "planned_area_ha": 100.0, "geometry": Point(106.0 + i / 100, LAT)}
                         for i, p in enumerate(PAYLOADS)])
    sites = sites_frame([{"site_id": "s", "capacity_persons": 1000.0, "land_area_ha": 1.0,
                          "geometry": Point(106.0, LAT)}])
    return export_frame(analyse_housing(zones, sites, make_params(density_leased_per_ha=100)))


LAYERS = {"zones": _zones, "housing_sites": _housing_sites, "housing_results": _housing_results}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_safe_text(value: object, where: str, *, csv_cell: bool = False) -> None:
    if csv_cell and isinstance(value, str) and _is_number(value):
        return  # a number written by the CSV writer (e.g. -5.2), not text
    if isinstance(value, str) and value:
        assert not value.startswith(TRIGGERS), (where, value)


@pytest.mark.parametrize("value, expected", [
    *[(p, "'" + p) for p in PAYLOADS],
    ("-5", "'-5"), ("KCN Đình Vũ", "KCN Đình Vũ"), ("", ""), (" =1", " =1"),
    (-5.2, -5.2), (3, 3), (None, None)])
def test_neutralise_formula_rule(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_neutralise_frame_keeps_numbers_numeric_and_the_input() -> None:
    frame = pd.DataFrame({"name": ["=1+1", "ok"], "area": [-5.2, 1.0], "n": [1, -2]})
    out = neutralise_frame(frame)
    assert out["name"].tolist() == ["'=1+1", "ok"]
    assert out["area"].dtype == np.float64 and out["area"].tolist() == [-5.2, 1.0]
    assert out["n"].tolist() == [1, -2]
    assert frame["name"].tolist() == ["=1+1", "ok"]  # not mutated


@pytest.mark.parametrize("layer", list(LAYERS))
def test_xlsx_has_no_formula_and_numbers_stay_numbers(layer: str) -> None:
    gdf = LAYERS[layer]()
    workbook = openpyxl.load_workbook(io.BytesIO(export_layer(gdf, fmt="xlsx", layer=layer)))
    seen: set[str] = set()
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate}"
                assert cell.data_type != "f", (where, cell.value)
                _assert_safe_text(cell.value, where)
                if isinstance(cell.value, str):
                    seen.add(cell.value)
    # the text is kept, neutralised (XML reads a stored CR back as LF)
    assert {"'" + p.replace("\r", "\n") for p in PAYLOADS} <= {v.replace("\r", "\n")
                                                               for v in seen}
    data = workbook.worksheets[0]
    header = [c.value for c in data[1]]
    numeric = {"zones": "planned_area_ha", "housing_sites": "capacity_persons",
               "housing_results": "demand_persons"}[layer]
    values = [r[header.index(numeric)] for r in data.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(v, float | int) for v in values)
    assert all(v is None or isinstance(v, float | int) for v in values), values
    if layer == "zones":
        assert values[0] == -5.2
        sources = workbook["sources"]
        urls = [r[4] for r in sources.iter_rows(min_row=2, values_only=True)]
        assert "'=1+1" in urls


@pytest.mark.parametrize("layer", list(LAYERS))
def test_csv_is_neutralised_and_numbers_stay_numbers(layer: str) -> None:
    gdf = LAYERS[layer]()
    text = export_layer(gdf, fmt="csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for i, row in enumerate(rows):
        for key, value in row.items():
            _assert_safe_text(value, f"row {i} {key}", csv_cell=True)
    assert sorted(r["name"] for r in rows if r["name"].startswith("'")) == sorted(
        "'" + p for p in PAYLOADS)
    if layer == "zones":
        assert rows[0]["planned_area_ha"] == "-5.2"  # a number: not prefixed
        assert float(rows[0]["lon"]) == pytest.approx(106.7)
        assert {r["developer"] for r in rows} == {"'" + p for p in PAYLOADS}


def test_csv_inside_the_shapefile_zip_is_neutralised() -> None:
    zones = _zones()
    zones["geometry"] = None
    archive = zipfile.ZipFile(io.BytesIO(export_zones(zones, fmt="shp")))
    text = archive.read("zones_unlocated.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {r["name"] for r in rows} == {"'" + p for p in PAYLOADS}
    assert rows[0]["planned_area_ha"] == "-5.2"


def test_cli_csv_tables_are_neutralised(capsys: pytest.CaptureFixture[str]) -> None:
    from geo.cli.common import csv_text
    rows = list(csv.reader(io.StringIO(csv_text(["=h", "n"], [["=1+1", -5.2], ["@x", 3]]))))
    assert rows == [["'=h", "n"], ["'=1+1", "-5.2"], ["'@x", "3"]]
    assert main(["summary", "--format", "csv"]) == 0
    for row in csv.reader(io.StringIO(capsys.readouterr().out)):
        for value in row:
            _assert_safe_text(value, "summary csv", csv_cell=True)
