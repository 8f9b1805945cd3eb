"""geo.maps.housing_map: coverage colours, marker sizes, escaping, the radius of a selected zone."""

from shapely.geometry import Point, box
from test_housing import LAT, sites_frame, zones_frame

from geo.accounts.housing import analyse_housing
from geo.maps.housing_map import (
    COVERAGE_COLORS,
    build_housing_map,
    coverage_color,
    site_radius_px,
)
from geo.maps.zone_map import NO_DATA_COLOR

EVIL = "<script>alert(1)</script>`${document.cookie}`"


def test_coverage_scale_diverges_at_full_coverage() -> None:
    assert coverage_color(None) == NO_DATA_COLOR
    assert coverage_color(float("nan")) == NO_DATA_COLOR
    assert coverage_color(0.0) == COVERAGE_COLORS[0]
    assert coverage_color(0.99) == COVERAGE_COLORS[2]
    assert coverage_color(1.0) == COVERAGE_COLORS[3]
    assert coverage_color(5.0) == COVERAGE_COLORS[-1]


def test_marker_area_grows_with_capacity() -> None:
    assert site_radius_px(None) == site_radius_px(0) == 4.0
    assert site_radius_px(100) < site_radius_px(10_000) <= 22.0


def test_map_escapes_names_and_draws_the_radius() -> None:
    zones = zones_frame([
        {"zone_id": "a", "name": EVIL, "planned_area_ha": 100.0,
         "geometry": box(105.99, LAT - 0.01, 106.01, LAT + 0.01)},
        {"zone_id": "p", "planned_area_ha": 10.0, "geometry": Point(106.05, LAT)},
    ])
    sites = sites_frame([{"site_id": "s", "name": EVIL, "capacity_persons": 500.0,
                          "source_url": "javascript:alert(1)", "geometry": Point(106.02, LAT)}])
    result = analyse_housing(zones, sites)
    html = build_housing_map(result, lang="en", selected_zone_id="a", basemap=False,
                             offline="inline").get_root().render()
    assert "<script>alert(1)" not in html
    assert "${document.cookie}" not in html
    assert ("&lt;script&gt;alert(1)&lt;/script&gt;&#96;&#36;&#123;document.cookie&#125;&#96;"
            in html)
    assert "javascript:alert" not in html
    assert '"r":10000.0' in html  # the reach circle: a JsonLayer point with r = radius (m)
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html
    plain = build_housing_map(result, basemap=False, offline="inline").get_root().render()
    assert '"r":10000.0' not in plain


def test_map_needs_only_local_leaflet() -> None:
    """Plain Leaflet only (no jQuery call such as folium.Popup's ``$(...)``), served locally."""
    zones = zones_frame([
        {"zone_id": "a", "name": "KCN A", "planned_area_ha": 100.0,
         "geometry": box(105.99, LAT - 0.01, 106.01, LAT + 0.01)},
        {"zone_id": "p", "planned_area_ha": 10.0, "geometry": Point(106.05, LAT)}])
    sites = sites_frame([{"site_id": "s", "name": "Site S", "capacity_persons": 500.0,
                          "geometry": Point(106.02, LAT)}])
    m = build_housing_map(analyse_housing(zones, sites), selected_zone_id="a")
    html = m.get_root().render()
    assert "$(" not in html
    assert m.default_js and all(url.startswith("/app/static/") for _, url in m.default_js)
    assert "Site S" in html and "KCN A" in html and "bindPopup" in html
    assert "kcn-legend" in html
