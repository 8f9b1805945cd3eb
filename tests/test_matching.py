"""Matching imported rows to zones (id, name, location) and the field-by-field diff."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from import_fixtures import ZONES, square
from shapely.geometry import Point

from geo.core.findings import Report
from geo.imports.matching import (
    diff_row,
    match_zones,
    name_key,
    new_zone_id,
    province_prefixes,
    slug,
)


@pytest.fixture
def zones() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(ZONES, geometry="geometry", crs="EPSG:4326")


@pytest.mark.parametrize("text", ["KCN Phố Nối A", "Khu công nghiệp Phố Nối A",
                                  "khu cong nghiep pho noi a", "PHỐ NỐI-A", "Pho  Noi (A)",
                                  "kcn  phố nối a"])
def test_name_key_ignores_case_diacritics_prefix_spacing(text: str) -> None:
    assert name_key(text) == "phonoia"


def test_name_key_keeps_kind_words_inside_names() -> None:
    assert name_key("KKT Đình Vũ - Cát Hải") == name_key("Khu kinh tế Đình Vũ – Cát Hải")
    assert name_key("Khu kinh tế Đình Vũ") != name_key("KCN Đình Vũ 2")
    assert name_key("KCX Nomura") == "nomura"
    assert slug("KCN Yên Mỹ II") == "yen-my-ii" and slug("Đồng Văn") == "dong-van"


def test_match_by_id_then_name_then_location(zones: gpd.GeoDataFrame) -> None:
    incoming = gpd.GeoDataFrame([
        {"zone_id": "bn-yen-phong", "name": "whatever", "province": None, "geometry": None},
        {"zone_id": None, "name": "khu cong nghiep thang long", "province": "Ha Noi",
         "geometry": None},
        {"zone_id": None, "name": "Unnamed site", "province": "Hưng Yên",
         "geometry": Point(106.053, 20.952)},  # ~390 m from Phố Nối A's centre
        {"zone_id": None, "name": "Unnamed site 2", "province": "Bắc Ninh",
         "geometry": Point(106.053, 20.952)},  # same place, other province: no match
        {"zone_id": None, "name": "Far away", "province": "Hưng Yên",
         "geometry": Point(106.07, 20.95)},  # ~2 km away: new
    ], crs="EPSG:4326")
    report = Report()
    matches = match_zones(incoming, zones, report=report)
    assert [(m.zone_id, m.method) for m in matches] == [
        ("bn-yen-phong", "id"), ("hn-thang-long", "name"), ("hy-pho-noi-a", "location"),
        (None, None), (None, None)]
    assert 300 < (matches[2].distance_m or 0) < 500
    assert report.ok


def test_ambiguous_name_and_double_claims_are_errors(zones: gpd.GeoDataFrame) -> None:
    twin = pd.concat([zones, gpd.GeoDataFrame([{
        "zone_id": "hy-que-vo", "name": "KCN Quế Võ", "province": "Hưng Yên",
        "geometry": None}], crs="EPSG:4326")], ignore_index=True)
    report = Report()
    incoming = pd.DataFrame([{"name": "Que Vo", "province": None},
                             {"name": "KCN Quế Võ", "province": "Bắc Ninh"},
                             {"name": "que vo", "province": "Bac Ninh"}])
    matches = match_zones(incoming, twin, report=report)
    assert [m.zone_id for m in matches] == [None, "bn-que-vo", None]
    assert [(f.feature, f.field) for f in report.errors] == [(0, "name"), (2, "name")]
    assert "bn-que-vo" in report.errors[0].message_en and "hy-que-vo" in report.errors[0].message_en


def test_new_zone_id_uses_province_prefix_and_stays_unique(zones: gpd.GeoDataFrame) -> None:
    prefixes = province_prefixes(zones)
    assert prefixes["Bắc Ninh"] == "bn" and prefixes["Hưng Yên"] == "hy"
    taken = set(zones["zone_id"])
    assert new_zone_id("KCN Quế Võ", "Bac Ninh", taken=taken, prefixes=prefixes) == \
        "bn-que-vo-2"
    assert new_zone_id("KCN Tân Hưng", "Bắc Giang", taken=taken, prefixes=prefixes) == \
        "bg-tan-hung"


def test_diff_field_by_field(zones: gpd.GeoDataFrame) -> None:
    old = zones.set_index("zone_id").loc["bn-que-vo"]
    new = pd.Series({"name": "Que Vo", "province": "Bac Ninh", "planned_area_ha": 611.0 + 1e-12,
                     "leased_land_ha": 410.0, "occupancy_pct": None, "status": "operating",
                     "developer": "Kinh Bắc"})
    report = Report()
    changes = diff_row(old, new, ["name", "province", "planned_area_ha", "leased_land_ha",
                                  "occupancy_pct", "status", "developer"],
                       label="bn-que-vo", report=report)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("leased_land_ha", 400.0, 410.0), ("developer", None, "Kinh Bắc")]
    assert [(f.feature, f.field, f.level) for f in report.findings] == [
        ("bn-que-vo", "occupancy_pct", "warning")]


def test_polygon_centroid_matches_by_location(zones: gpd.GeoDataFrame) -> None:
    incoming = gpd.GeoDataFrame([{"name": "Ranh giới đo đạc", "province": "Bắc Ninh",
                                  "geometry": square(106.124, 21.152, 0.004)}], crs="EPSG:4326")
    matches = match_zones(incoming, zones, report=Report())
    assert (matches[0].zone_id, matches[0].method) == ("bn-que-vo", "location")
