"""lots_in_view: only the lots in view, simplified by zoom, within the budget, else aggregates."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, shape

from geo.errors import CRSError, ParameterError
from geo.maps.lots_layer import (
    bbox_of_view,
    decimals_for,
    lots_in_view,
    metres_per_pixel,
    tolerance_deg,
)
from geo.maps.lots_map import lots_feature_group

X0, Y0, STEP = 106.0, 21.0, 0.002  # lots ~200 m apart near Hải Dương


def grid_lots(n_side: int = 10, *, wiggly: bool = False) -> gpd.GeoDataFrame:
    """n_side² square lots (side 0.0018°) in two zones (left half A, right half B)."""
    rows, geoms = [], []
    for i in range(n_side):
        for j in range(n_side):
            x, y = X0 + i * STEP, Y0 + j * STEP
            if wiggly:  # many vertices a few cm off the square's sides
                t = np.linspace(0, 1, 50)
                bottom = np.column_stack([x + 0.0018 * t, y + 1e-7 * np.sin(t * 40)])
                ring = np.vstack([bottom, [[x + 0.0018, y + 0.0018], [x, y + 0.0018]]])
                geoms.append(Polygon(ring))
            else:
                geoms.append(shapely.box(x, y, x + 0.0018, y + 0.0018))
            rows.append({"lot_id": f"L{i}-{j}", "zone_id": "A" if i < n_side // 2 else "B",
                         "use_class": "industrial",
                         "lease_status": "leased" if (i + j) % 2 else "available"})
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def test_only_lots_intersecting_the_bbox() -> None:
    lots = grid_lots()
    bbox = (X0 + 0.0005, Y0 + 0.0005, X0 + 0.0045, Y0 + 0.0025)  # lots i 0-2, j 0-1
    features, stats = lots_in_view(lots, bbox, 16)
    ids = {f["properties"]["lot_id"] for f in features}
    view = shapely.box(*bbox)
    expected = set(lots.loc[lots.intersects(view), "lot_id"])
    assert ids == expected and len(ids) == 6
    assert not stats.aggregated and stats.reason == "lots" and stats.in_view == 6
    assert all(shape(f["geometry"]).intersects(view.buffer(1e-5)) for f in features)


def test_properties_and_escaped_tooltip() -> None:
    lots = grid_lots(2)
    lots.loc[0, "use_class"] = '<img src=x onerror="alert(1)">'
    features, _ = lots_in_view(lots, lots.total_bounds, 16)
    first = next(f for f in features if f["properties"]["lot_id"] == lots.loc[0, "lot_id"])
    assert set(first["properties"]) == {"lot_id", "zone_id", "use_class", "lease_status", "t"}
    assert "<img" not in first["properties"]["t"] and "&lt;img" in first["properties"]["t"]


def test_simplification_follows_the_zoom() -> None:
    lots = grid_lots(3, wiggly=True)
    bbox = tuple(lots.total_bounds)
    near, s_near = lots_in_view(lots, bbox, 22)
    far, s_far = lots_in_view(lots, bbox, 15)
    vertices = [sum(len(shape(f["geometry"]).exterior.coords) for f in fs) for fs in (near, far)]
    assert vertices[1] < vertices[0]
    assert s_far.tolerance_deg > s_near.tolerance_deg
    assert s_far.decimals <= s_near.decimals
    # Coordinates are rounded to the zoom's decimals.
    coords = shapely.get_coordinates(shape(far[0]["geometry"]))
    np.testing.assert_allclose(coords, np.round(coords, s_far.decimals), atol=0)


def test_tolerance_is_half_a_pixel() -> None:
    assert metres_per_pixel(0, 0) == pytest.approx(156_543.03, rel=1e-6)
    assert metres_per_pixel(14, 21) == pytest.approx(156_543.03 * np.cos(np.radians(21)) / 2**14)
    assert tolerance_deg(15, 21) == pytest.approx(tolerance_deg(14, 21) / 2)
    assert 3 <= decimals_for(8, 21) <= decimals_for(18, 21) <= 7


@pytest.mark.parametrize("max_bytes, max_features, reason", [(2_000, 10_000, "bytes"),
                                                              (10_000_000, 20, "features")])
def test_over_budget_aggregates_per_zone(max_bytes: int, max_features: int,
                                         reason: str) -> None:
    lots = grid_lots()
    features, stats = lots_in_view(lots, lots.total_bounds, 16, max_bytes=max_bytes,
                                   max_features=max_features)
    assert stats.aggregated and stats.reason == reason and stats.in_view == 100
    assert {f["properties"]["zone_id"] for f in features} == {"A", "B"}
    assert sum(f["properties"]["lots"] for f in features) == 100
    assert sum(f["properties"]["leased"] for f in features) == int(
        (lots["lease_status"] == "leased").sum())
    assert all(f["geometry"]["type"] == "Point" for f in features)


@pytest.mark.parametrize("max_bytes", [300, 5_000, 40_000, 10_000_000])
def test_budget_is_a_hard_limit(max_bytes: int) -> None:
    lots = grid_lots()
    features, stats = lots_in_view(lots, lots.total_bounds, 17, max_bytes=max_bytes,
                                   max_features=60)
    size = sum(len(json.dumps(f, ensure_ascii=False, separators=(",", ":")).encode()) + 1
               for f in features)
    assert size <= max_bytes and stats.bytes <= max_bytes
    assert len(features) <= 60
    assert stats.truncated == (stats.aggregated and len(features) < 2)


def test_region_zoom_sends_aggregates_only() -> None:
    lots = grid_lots()
    features, stats = lots_in_view(lots, (105.0, 20.0, 107.0, 22.0), 9)
    assert stats.aggregated and stats.reason == "zoom" and len(features) == 2


def test_empty_view_and_bad_input() -> None:
    lots = grid_lots(2)
    features, stats = lots_in_view(lots, (100.0, 10.0, 100.1, 10.1), 16)
    assert features == [] and stats.in_view == 0
    with pytest.raises(ParameterError, match="bbox"):
        lots_in_view(lots, (1.0, 2.0, 0.0, 3.0), 16)
    with pytest.raises(ParameterError, match="budget"):
        lots_in_view(lots, lots.total_bounds, 16, max_bytes=0)
    with pytest.raises(CRSError):
        lots_in_view(lots.set_crs(None, allow_override=True), lots.total_bounds, 16)


def test_other_crs_is_reprojected() -> None:
    lots = grid_lots(2)
    features, _ = lots_in_view(lots.to_crs(3405), lots.total_bounds, 16)
    assert len(features) == 4
    assert X0 - 0.01 < shape(features[0]["geometry"]).centroid.x < X0 + 0.01


def test_bbox_from_streamlit_folium_bounds() -> None:
    bounds = {"_southWest": {"lat": 21.0, "lng": 106.0}, "_northEast": {"lat": 21.1, "lng": 106.2}}
    assert bbox_of_view(bounds) == (106.0, 21.0, 106.2, 21.1)
    assert bbox_of_view(None) is None
    assert bbox_of_view({"_southWest": {"lat": None, "lng": None}}) is None


def test_feature_group_embeds_data_safely() -> None:
    lots = grid_lots(2)
    lots.loc[0, "lot_id"] = "</script><script>alert(1)</script>"
    features, stats = lots_in_view(lots, lots.total_bounds, 16)
    group = lots_feature_group(features, stats, lang="en")
    import folium

    m = folium.Map()
    group.add_to(m)
    page = m.get_root().render()
    assert "</script><script>alert(1)" not in page
    assert "L.canvas(" in page


def test_zone_lots_all_or_refused() -> None:
    from geo.maps.lots_layer import zone_lots

    lots = grid_lots()
    features, stats = zone_lots(lots, "A")
    assert len(features) == 50 and not stats.aggregated
    assert {f["properties"]["zone_id"] for f in features} == {"A"}
    with pytest.raises(ParameterError, match="more than the 10"):
        zone_lots(lots, "A", max_features=10)
    with pytest.raises(ParameterError, match="MB"):
        zone_lots(lots, "A", max_bytes=1_000)
    with pytest.raises(ParameterError, match="no lot"):
        zone_lots(lots, "Z")


def test_every_lease_status_of_the_schema_has_its_colour() -> None:
    """The lot layer colours the statuses the lot register holds (a vacant lot is not grey)."""
    from geo.core.lots_schema import LEASE_STATUSES
    from geo.present.palette import LEASE_COLORS, OTHER_LEASE_COLOR

    assert set(LEASE_COLORS) == set(LEASE_STATUSES)
    assert OTHER_LEASE_COLOR not in LEASE_COLORS.values()
    lots = grid_lots(4).assign(lease_status="vacant")
    features, stats = lots_in_view(lots, lots.total_bounds, 16)
    group = lots_feature_group(features, stats)
    import folium

    m = folium.Map()
    group.add_to(m)
    html = m.get_root().render()
    assert LEASE_COLORS["vacant"] in html


def test_tooltips_and_aggregates_speak_the_language() -> None:
    from geo.core.i18n import t

    lots = grid_lots(4).assign(lease_status="vacant")
    vi, _ = lots_in_view(lots, lots.total_bounds, 16, lang="vi")
    en, _ = lots_in_view(lots, lots.total_bounds, 16, lang="en")
    assert t("lease_vacant", "vi") in vi[0]["properties"]["t"]
    assert t("use_industrial", "en") in en[0]["properties"]["t"]
    many = grid_lots(40)  # 1,600 lots: "1.600" in Vietnamese
    agg, stats = lots_in_view(many, many.total_bounds, 9, lang="vi")
    assert stats.aggregated and "lô" in agg[0]["properties"]["t"]
    agg_en, _ = lots_in_view(many, many.total_bounds, 9, lang="en")
    assert "lots" in agg_en[0]["properties"]["t"]
