"""Checks on the committed data files in ``data/`` (zones, housing sites, reports, boundaries).

Plain json/csv/shapely/pyproj reads, so these tests do not depend on ``geo.store.bundled``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import shape

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # also when pytest is not started from the repository root
    sys.path.insert(0, str(REPO))

from geo.core.schema import HOUSING_FIELDS, LOCATION_PRECISIONS, ZONE_FIELDS  # noqa: E402
from geo.settings import DELTA_BBOX  # noqa: E402

DATA = REPO / "data"
GEOD = Geod(ellps="WGS84")

# design §3.1, written out here on purpose (not read from geo.settings)
MERGERS_2025 = {
    "Hà Nội": ["Hà Nội"], "Quảng Ninh": ["Quảng Ninh"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"], "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"], "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
}
PROVINCE_2025_OF = {old: new for new, olds in MERGERS_2025.items() for old in olds}
CSV_FIGURES = {"planned_area_ha": "total_area_ha", "industrial_land_ha": "industrial_land_ha",
               "leased_land_ha": "leased_land_ha", "occupancy_pct": "occupancy_pct"}


def _load(rel: str) -> dict:
    data = json.loads((DATA / rel).read_text(encoding="utf-8"))
    assert set(data) == {"type", "features"}  # RFC 7946: no "crs"
    return data


def _csv(rel: str) -> list[dict[str, str]]:
    with (DATA / rel).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _area_ha(geom) -> float:
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e4


@pytest.fixture(scope="module")
def zones() -> list[dict]:
    return _load("zones/zones.geojson")["features"]


@pytest.fixture(scope="module")
def zone_rows() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in _csv("sources/zones_facts.csv")}


def _in_bbox(geom) -> bool:
    point = geom if geom.geom_type == "Point" else geom.centroid
    west, south, east, north = DELTA_BBOX
    return west <= point.x <= east and south <= point.y <= north


def test_zones_schema_and_sources(zones):
    assert len(zones) == 226
    ids = [f["properties"]["zone_id"] for f in zones]
    assert ids == sorted(ids) and len(set(ids)) == 226
    for f in zones:
        assert list(f["properties"]) == list(ZONE_FIELDS)
        assert f["properties"]["source_url"].startswith("http")


def test_zone_geometries(zones):
    kinds = {"Polygon": 0, "Point": 0, None: 0}
    for f in zones:
        props, geometry = f["properties"], f["geometry"]
        kinds[geometry["type"] if geometry else None] += 1
        if geometry is None:
            assert props["geometry_quality"] is None
            continue
        geom = shape(geometry)
        assert geom.is_valid and _in_bbox(geom), props["zone_id"]
        assert props["geometry_quality"] == "approximate"
        if geom.geom_type == "Polygon":
            assert geom.exterior.is_ccw
            planned = props["planned_area_ha"]
            assert abs(_area_ha(geom) - planned) / planned < 0.005, props["zone_id"]
        else:
            assert props["planned_area_ha"] is None
    assert kinds == {"Polygon": 178, "Point": 19, None: 29}


def test_zone_figures_match_the_csv(zones, zone_rows):
    for f in zones:
        props = f["properties"]
        row = zone_rows[props["zone_id"]]
        for field, column in CSV_FIGURES.items():
            expected = float(row[column]) if row[column] else None
            assert props[field] == expected, (props["zone_id"], field)
        for field in ("used_area_ha", "under_construction_area_ha", "worker_housing_area_ha",
                      "workers"):
            assert props[field] is None
        assert props["status"] == row["status"] and props["province"] == row["province_2024"]


def test_zone_province_2025_follows_the_mergers(zones):
    for f in zones:
        props = f["properties"]
        assert props["province_2025"] == PROVINCE_2025_OF[props["province"]], props["zone_id"]


def test_housing_sites():
    sites = _load("zones/housing_sites.geojson")["features"]
    assert len(sites) == 46
    zone_ids = {r["id"] for r in _csv("sources/zones_facts.csv")}
    for f in sites:
        props = f["properties"]
        assert list(props) == [*HOUSING_FIELDS, "location_place"]
        assert props["status"] in ("completed", "under_construction", "planned")
        assert props["source_url"].startswith("http")
        assert props["location_precision"] in (*LOCATION_PRECISIONS, None)
        for zone_id in (props["serves_zone_ids"] or "").split(";"):
            assert not zone_id or zone_id in zone_ids
        if f["geometry"] is not None:
            geom = shape(f["geometry"])
            assert geom.geom_type == "Point" and _in_bbox(geom)


def test_reported_figures():
    rows = _csv("reports/reported_figures.csv")
    assert [(r["status"], r["zones"]) for r in rows] == [
        ("all", "236"), ("operating", "98"), ("under_construction", "44")]


def test_provinces():
    p24 = _load("boundaries/provinces_2024.geojson")["features"]
    p25 = _load("boundaries/provinces_2025.geojson")["features"]
    assert len(p24) == 14 and sum(f["properties"]["in_delta"] for f in p24) == 11
    assert len(p25) == 7 and sum(f["properties"]["in_delta"] for f in p25) == 6
    area24 = {}
    for f in p24:
        geom = shape(f["geometry"])
        assert geom.is_valid
        area24[f["properties"]["name"]] = _area_ha(geom)
        assert f["properties"]["province_2025"] == PROVINCE_2025_OF[f["properties"]["name"]]
    for f in p25:
        name, parts = f["properties"]["name"], f["properties"]["formed_from"].split(";")
        assert sorted(parts) == sorted(MERGERS_2025[name])
        geom = shape(f["geometry"])
        assert geom.is_valid
        total = sum(area24[p] for p in parts)
        assert abs(_area_ha(geom) - total) / total < 0.001, name
    assert {f["properties"]["name"] for f in p25 if not f["properties"]["in_delta"]} == {"Phú Thọ"}
