"""geo.maps.zone_map and geo.maps.assets: escaping, legend, styles, choropleth, assets without a
CDN."""

from __future__ import annotations

import json
import math
import re
from html import unescape as html_unescape
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from geo.core.crs import GEOD
from geo.core.i18n import t
from geo.errors import FilterError
from geo.maps.assets import (
    apply_assets,
    asset_folder,
    ensure_static_assets,
    leaflet_version,
    static_urls,
)
from geo.maps.zone_map import (
    NO_DATA_COLOR,
    STATUS_COLORS,
    build_zone_map,
    choropleth_colors,
    zones_without_location,
)
from geo.maps.zone_popup import safe_url, zone_popup_html

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert('x')</script>"
# An external script or stylesheet (a link in a popup or Leaflet's attribution is not one).
CDN = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref)\s*=\s*["']?(?:https?:)?//""",
                 re.IGNORECASE)
CDN_HOSTS = ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "netdna",
             "d3js.org", "unpkg.com")


def ngon(lon: float, lat: float, r_deg: float, n: int = 64) -> Polygon:
    """A regular n-gon on the ellipsoid: vertices at equal geodesic distance from the centre."""
    azimuths = [360.0 * i / n for i in range(n)]
    lons, lats, _ = GEOD.fwd([lon] * n, [lat] * n, azimuths, [r_deg * 111_000] * n)
    return Polygon(list(zip(lons, lats, strict=True)))


def zone(zone_id: str, name: str, geom: object, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "zone_id": zone_id, "name": name, "kind": "KCN", "status": "operating",
        "parent_zone_id": None, "province": "Bắc Ninh", "province_2025": "Bắc Ninh",
        "developer": None, "planned_area_ha": 1234.5, "industrial_land_ha": None,
        "leased_land_ha": None, "occupancy_pct": 61.2, "used_area_ha": None,
        "under_construction_area_ha": None, "worker_housing_area_ha": None, "workers": None,
        "as_of": "2024-06", "source_url": "https://example.org/a?b=1&c=2",
        "geometry_quality": "approximate", "location_precision": "commune", "geometry": geom,
    }
    row.update(extra)
    return row


@pytest.fixture()
def zones() -> gpd.GeoDataFrame:
    rows = [
        zone("bn-a", "KCN Quế Võ", ngon(106.10, 21.15, 0.01)),
        zone("bn-b", XSS_IMG, ngon(106.05, 21.10, 0.008), status="planned"),
        zone("bn-c", XSS_SCRIPT, Point(106.00, 21.05), status="under_construction",
             developer="<b>Tập đoàn</b> & Co", source_url="javascript:alert(1)"),
        zone("bn-d", "KCN Đo Đạc", Polygon([(106.2, 21.2), (106.22, 21.2), (106.22, 21.22)]),
             geometry_quality="surveyed", status="unknown"),
        zone("bn-e", "KCN Chưa Rõ Vị Trí", None, geometry_quality=None),
        zone("qn-kkt", "KKT Vân Đồn", ngon(107.4, 21.1, 0.1), kind="KKT"),
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


@pytest.fixture()
def provinces() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": ["Bắc Ninh", "Quảng Ninh", "Hà <Nội>"]},
        geometry=[Polygon([(105.9, 21.0), (106.3, 21.0), (106.3, 21.3), (105.9, 21.3)]),
                  Polygon([(106.5, 20.8), (108.0, 20.8), (108.0, 21.6), (106.5, 21.6)]),
                  Polygon([(105.3, 20.6), (105.9, 20.6), (105.9, 21.3), (105.3, 21.3)])],
        crs="EPSG:4326")


def render(m: folium.Map) -> str:
    return m.get_root().render()


def layer_data(html: str) -> list[dict[str, object]]:
    """The FeatureCollections embedded by the map (one per layer), parsed back."""
    found = []
    for match in re.finditer(r"L\.geoJson\((\{.*?\}), \{\n", html, re.DOTALL):
        found.append(json.loads(match.group(1).replace("<\\/", "</")))
    return found


def zone_props(html: str) -> dict[str, dict[str, object]]:
    return {f["properties"]["zone_id"]: f for fc in layer_data(html) for f in fc["features"]
            if "zone_id" in f["properties"]}


def test_payload_names_only_escaped(zones: gpd.GeoDataFrame,
                                    provinces: gpd.GeoDataFrame) -> None:
    html = render(build_zone_map(zones, provinces, basemap=False))
    for payload in (XSS_IMG, XSS_SCRIPT, "<b>Tập đoàn</b>", "Hà <Nội>", "javascript:"):
        assert payload not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html.replace("<\\/", "</")
    assert "&lt;b&gt;Tập đoàn&lt;/b&gt; &amp; Co" in html.replace("<\\/", "</")
    assert "Hà &lt;Nội&gt;" in html
    # the only <script> elements are the page's own (no payload opened one)
    assert html.count("<script") == html.count("</script>")


def test_popup_has_every_figure_formatted_and_escaped_link(zones: gpd.GeoDataFrame) -> None:
    row = zones.iloc[0].to_dict()
    html = zone_popup_html(row, "vi")
    assert "1.234,5 ha" in html and "61,2 %" in html
    assert html.count("—") >= 6  # figures no source gives, not 0
    for key in ("province", "province_2025", "map_developer", "map_as_of", "industrial_land_ha",
                "workers"):
        assert t(key, "vi") in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert t("map_note_approx_area", "vi") in html
    assert "1,234.5 ha" in zone_popup_html(row, "en")
    bad = zone_popup_html(zones.iloc[2].to_dict(), "vi")
    assert "href" not in bad and "javascript" not in bad
    assert t("map_note_approx_point", "vi") in bad


def test_safe_url() -> None:
    assert safe_url("https://a.vn/x") == "https://a.vn/x"
    assert safe_url("HTTP://a.vn") == "HTTP://a.vn"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//a.vn", "ftp://a.vn", None,
                float("nan"), "https://"):
        assert safe_url(bad) is None


def test_features_carry_zone_id_and_styles(zones: gpd.GeoDataFrame,
                                           provinces: gpd.GeoDataFrame) -> None:
    m = build_zone_map(zones, provinces, basemap=False, selected_zone_id="bn-a")
    html = render(m)
    props = zone_props(html)
    assert set(props) == {"bn-a", "bn-b", "bn-c", "bn-d", "qn-kkt"}  # bn-e has no location
    styles = re.findall(r"_styles = (\[.*?\]);", html)
    zone_styles = json.loads(styles[-1])
    kkt_styles = json.loads(styles[-2])

    def style(zid: str) -> dict[str, object]:
        table = kkt_styles if zid == "qn-kkt" else zone_styles
        return table[props[zid]["properties"]["s"]]

    assert style("bn-b")["dashArray"] and style("bn-c")["dashArray"]  # approximate → dashed
    assert "dashArray" not in style("bn-d")  # surveyed → solid
    assert style("bn-b")["fillColor"] == STATUS_COLORS["planned"]
    assert style("bn-d")["fillColor"] == STATUS_COLORS["unknown"]
    assert style("qn-kkt")["fill"] is False  # KKT drawn as outline
    assert style("bn-a")["color"] == "#000000" and style("bn-b")["color"] != "#000000"
    # the point-only zone is a Point without a radius → circle marker
    assert props["bn-c"]["geometry"]["type"] == "Point" and "r" not in props["bn-c"]["properties"]
    assert "L.circleMarker(ll" in html
    # the 64-gon footprint is sent as a circle of the same area
    circle = props["bn-a"]["properties"]
    assert props["bn-a"]["geometry"]["type"] == "Point"
    area_ha = math.pi * float(circle["r"]) ** 2 / 1e4
    expected = abs(GEOD.geometry_area_perimeter(zones.geometry[0])[0]) / 1e4
    assert area_ha == pytest.approx(expected, rel=1e-4)  # radius rounded to 0.1 m
    assert props["bn-d"]["geometry"]["type"] == "Polygon"


def test_legend_and_layers(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> None:
    html = render(build_zone_map(zones, provinces, lang="vi"))
    for key in ("map_legend_status", "status_operating", "status_under_construction",
                "status_planned", "map_legend_approx", "map_legend_point", "map_legend_kkt"):
        assert t(key, "vi") in html
    assert t("map_not_on_map", "vi").format(n=1) in html
    assert "L.control.layers(" in html
    assert "L.control.scale({metric: true, imperial: false})" in html  # metric only
    assert "fitBounds" in html
    assert "tile.openstreetmap.org" in html
    english = render(build_zone_map(zones, provinces, lang="en"))
    assert t("map_legend_approx", "en") in english and t("status_planned", "en") in english


def test_no_basemap_has_no_tile_layer(zones: gpd.GeoDataFrame,
                                      provinces: gpd.GeoDataFrame) -> None:
    html = render(build_zone_map(zones, provinces, basemap=False))
    assert "L.tileLayer(" not in html and "openstreetmap" not in html
    data = layer_data(html)
    assert len(data) == 3  # provinces, KKT, KCN still drawn


def test_zones_without_location(zones: gpd.GeoDataFrame) -> None:
    missing = zones_without_location(zones)
    assert list(missing["zone_id"]) == ["bn-e"]
    empty = zones.copy()
    empty.loc[0, "geometry"] = Polygon()
    assert len(zones_without_location(empty)) == 2
    assert len(zones) == 6  # input not changed


def test_choropleth_nan_is_no_data(zones: gpd.GeoDataFrame,
                                   provinces: gpd.GeoDataFrame) -> None:
    colors, cmap = choropleth_colors([0.0, 0.5, None, float("nan")])
    assert colors[2] == colors[3] == NO_DATA_COLOR
    assert colors[0] != NO_DATA_COLOR and colors[0] != colors[1]
    assert cmap is not None and cmap.vmin == 0.0
    stats = pd.DataFrame({"key": ["Bắc Ninh", "Quảng Ninh"], "in_use_ratio": [0.25, math.nan],
                          "zones": [4, 1]})
    html = render(build_zone_map(zones, provinces, basemap=False, choropleth="in_use_ratio",
                                 province_stats=stats))
    provs = {html_unescape(f["properties"]["name"]): f for f in layer_data(html)[0]["features"]}
    styles = json.loads(re.findall(r"_styles = (\[.*?\]);", html)[0])
    fill = {name: styles[f["properties"]["s"]]["fillColor"] for name, f in provs.items()}
    assert fill["Quảng Ninh"] == NO_DATA_COLOR and fill["Hà <Nội>"] == NO_DATA_COLOR
    assert fill["Bắc Ninh"] != NO_DATA_COLOR
    assert "25,0 %" in provs["Bắc Ninh"]["properties"]["t"]
    assert t("no_data", "vi") in provs["Quảng Ninh"]["properties"]["t"]
    assert t("in_use_ratio", "vi") in html and t("no_data", "vi") in html
    with pytest.raises(FilterError, match="choropleth"):
        build_zone_map(zones, provinces, choropleth="nonsense")


@pytest.mark.parametrize("offline", ["static", "inline"])
def test_no_cdn(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, offline: str) -> None:
    m = build_zone_map(zones, provinces, basemap=False, offline=offline)  # type: ignore[arg-type]
    html = render(m)
    assert not CDN.findall(html), CDN.findall(html)
    for host in CDN_HOSTS:
        assert host not in html
    for lib in ("jquery", "bootstrap", "awesome-markers", "awesome_markers"):
        assert lib not in html.lower()
    js, css = static_urls()
    if offline == "static":
        assert f'src="{js}"' in html and f'href="{css}"' in html
        assert js.startswith("/app/static/")
    else:
        assert "/app/static" not in html
        assert f"Leaflet {leaflet_version()}" in html.split("</head>")[0]  # Leaflet inlined
        assert "url(data:image/png;base64," in html
    # folium's class-level CDN lists are left alone
    assert any("cdn" in url for _, url in folium.Map.default_js)


def test_apply_assets_rejects_unknown_mode() -> None:
    with pytest.raises(FilterError, match="offline"):
        apply_assets(folium.Map(), offline="cdn")  # type: ignore[arg-type]


def test_ensure_static_assets(tmp_path: Path) -> None:
    ensure_static_assets(tmp_path)
    folder = tmp_path / asset_folder()
    js = folder / "leaflet.js"
    assert js.stat().st_size > 100_000 and (folder / "images" / "layers.png").is_file()
    stamp = js.stat().st_mtime_ns
    ensure_static_assets(tmp_path)  # idempotent: same content, not rewritten
    assert js.stat().st_mtime_ns == stamp
    js.write_text("broken")
    ensure_static_assets(tmp_path)
    assert js.stat().st_size > 100_000
    assert not list(folder.glob(".tmp-*"))
