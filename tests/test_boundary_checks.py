"""Boundary checks of an import (issue 10): far from the known location, area off the planned
area, outside the province — and no warning for a plausible boundary."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from import_fixtures import square, use_store
from shapely.geometry import box

from geo.imports.boundary_checks import (
    AREA_TOLERANCE,
    LOCATION_TOLERANCE_M,
    PROVINCE_BUFFER_M,
    check_boundary,
)
from geo.imports.plan import plan_import
from geo.store import bundled as io

KM_LAT = 1 / 110.75  # degrees of latitude per km near 21° N


@pytest.fixture(scope="module")
def que_vo() -> dict[str, object]:
    zones = io.load_zones()
    return zones[zones["zone_id"] == "bn-que-vo"].iloc[0].to_dict()


@pytest.fixture(scope="module")
def provinces() -> dict[str, object]:
    shapes = io.load_provinces(2024)
    return dict(zip(shapes["name"], shapes.geometry, strict=True))


def _square_ha(lon: float, lat: float, area_ha: float) -> object:
    """A lon/lat square of about ``area_ha`` hectares centred on (lon, lat)."""
    side_km = (area_ha / 100) ** 0.5
    half_lat = side_km * KM_LAT / 2
    half_lon = half_lat / 0.9326  # cos 21.15°
    return box(lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)


def test_thresholds_are_stated() -> None:
    assert LOCATION_TOLERANCE_M == {"zone": 1000.0, "commune": 5000.0, "district": 15000.0}
    assert AREA_TOLERANCE == 0.20 and PROVINCE_BUFFER_M == 5000.0


def test_a_plausible_boundary_gives_no_warning(que_vo: dict, provinces: dict) -> None:
    centre = que_vo["geometry"].centroid
    new = _square_ha(centre.x, centre.y, 600.0)
    assert check_boundary(new, que_vo, {"name": "KCN Quế Võ"}, provinces=provinces) == []


def test_a_100_ha_square_9_km_away_is_flagged(que_vo: dict, provinces: dict) -> None:
    centre = que_vo["geometry"].centroid
    new = _square_ha(centre.x, centre.y - 9 * KM_LAT, 100.0)  # 9 km south, 100 ha
    found = {w.check: w for w in check_boundary(new, que_vo, {}, provinces=provinces)}
    assert {"location", "area"} <= set(found)
    far = found["location"]
    assert far.field == "geometry" and far.value.startswith(("8.", "9."))
    assert "KCN Quế Võ" in far.message_en and "1.0 km" in far.message_en  # precision 'zone'
    area = found["area"]
    assert "610.9 ha" in area.message_en and area.value.startswith(("99", "100", "101"))
    assert "KCN Quế Võ" in area.message_vi


def test_a_boundary_outside_its_province_is_flagged(que_vo: dict, provinces: dict) -> None:
    old = {**que_vo, "geometry": None}  # no known location: only the province and area checks
    new = _square_ha(105.55, 21.0, 610.0)  # western Hà Nội, ~55 km from Bắc Ninh
    found = check_boundary(new, old, {}, provinces=provinces)
    assert [w.check for w in found] == ["province"]
    assert "Bắc Ninh" in found[0].message_en and "Natural Earth" in found[0].message_en
    near_border = check_boundary(_square_ha(106.12, 21.15, 610.0), old, {},
                                 provinces=provinces)
    assert near_border == []


def test_location_threshold_follows_the_precision(que_vo: dict) -> None:
    centre = que_vo["geometry"].centroid
    new = _square_ha(centre.x, centre.y - 4 * KM_LAT, 610.0)  # 4 km off (edge ~2.8 km)
    zone_level = check_boundary(new, que_vo, {})
    commune_level = check_boundary(new, {**que_vo, "location_precision": "commune"}, {})
    assert [w.check for w in zone_level] == ["location"] and commune_level == []


def test_plan_import_reports_the_warnings_by_feature(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    use_store(monkeypatch, tmp_path)
    far = gpd.GeoDataFrame([{"zone_id": "bn-que-vo", "name": "KCN Quế Võ",
                             "geometry": square(106.12, 21.15 - 9 * KM_LAT, 0.0045)}],
                           crs="EPSG:4326")
    plan = plan_import(far, kind="zones", file_name="far.geojson", sha256="9" * 64)
    warned = [f for f in plan.report.warnings if f.field == "geometry"]
    assert len(warned) == 2  # 9 km away and ~100 ha against 611 ha (no province file here)
    assert all(f.feature == "bn-que-vo" for f in warned)
    assert plan.ok  # warnings do not block: the user decides


def test_preview_shows_the_old_and_new_footprints_with_a_legend(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from geo.core.i18n import t
    from geo.maps.preview import OLD_COLOR, build_preview_map, replaced_footprints

    use_store(monkeypatch, tmp_path)
    new_shape = square(106.12, 21.15 - 9 * KM_LAT, 0.0045)
    far = gpd.GeoDataFrame([{"zone_id": "bn-que-vo", "name": "KCN Quế Võ<b>",
                             "geometry": new_shape}], crs="EPSG:4326")
    plan = plan_import(far, kind="zones", file_name="far.geojson", sha256="9" * 64)
    old = replaced_footprints(plan.diffs)
    assert list(old["zone_id"]) == ["bn-que-vo"]
    assert old.geometry.iloc[0].equals_exact(square(106.12, 21.15), 1e-9)  # the stored one
    for lang in ("vi", "en"):
        html = build_preview_map(plan.state.zones, far, replaced=old,
                                 lang=lang).get_root().render()
        assert OLD_COLOR in html and "dashArray" in html
        assert t("ws_layer_old", lang) in html and t("ws_preview_legend", lang).split(" ·")[0] \
            in html
        assert "Quế Võ<b>" not in html  # names from the upload are escaped
