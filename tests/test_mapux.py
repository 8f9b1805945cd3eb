"""The map-as-a-tool helpers (issue 10 B): search, numbers, coordinates, palette, assets,
controls, the printable view, local times."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.errors import ParameterError, user_message
from geo.maps.assets import PLUGINS, VENDOR_DIR, ensure_static_assets
from geo.maps.static_map import view_map_image
from geo.maps.zone_map import build_zone_map
from geo.present import palette
from geo.present.coords import point_readout, province_at
from geo.present.imports import local_time
from geo.present.numbers import fmt_input, parse_number
from geo.present.search import search_zones

NAMES = {"bn-que-vo": "KCN Quế Võ", "bn-an-viet": "KCN An Việt - Quế Võ 6",
         "hp-dinh-vu": "KCN Đình Vũ", "bn-yp": "KCN Yên Phong"}


def test_search_without_diacritics() -> None:
    assert search_zones(NAMES, "que vo") == ["bn-que-vo", "bn-an-viet"]
    assert search_zones(NAMES, "QUẾ VÕ")[0] == "bn-que-vo"
    assert search_zones(NAMES, "dinh vu") == ["hp-dinh-vu"]
    assert search_zones(NAMES, "  ") == [] and search_zones(NAMES, "xyz") == []


@pytest.mark.parametrize(("text", "value"), [("0,75", 0.75), ("95,00", 95.0), ("1.234,5", 1234.5),
                                             ("0.75", 0.75), (" 12 ", 12.0)])
def test_vietnamese_numbers(text: str, value: float) -> None:
    assert parse_number(text, field="x", low=0, high=2000) == value


def test_bad_numbers_say_field_and_range_in_vietnamese() -> None:
    with pytest.raises(ParameterError) as bad:
        parse_number("1,5", field="Tỷ lệ cần nhà ở", low=0, high=1)
    vi = user_message(bad.value, "vi")
    assert "Tỷ lệ cần nhà ở" in vi and "0,00 – 1,00" in vi and "1,50" in vi
    assert "0.00 – 1.00" in str(bad.value)
    with pytest.raises(ParameterError) as nan:
        parse_number("abc", field="Bán kính", low=0, high=1)
    assert "không phải là số" in user_message(nan.value, "vi")
    assert fmt_input(0.75) == "0,75" and fmt_input(95) == "95,00"


def test_point_readout_vn2000() -> None:
    provinces = gpd.GeoDataFrame({"name": ["Bắc Ninh"]}, geometry=[box(105.9, 21.0, 106.3, 21.3)],
                                 crs="EPSG:4326")
    assert province_at(provinces, 106.07, 21.18) == "Bắc Ninh"
    assert province_at(provinces, 100, 10) is None
    text = point_readout(106.07, 21.18, provinces)
    assert "EPSG:9209" in text and "X (Bắc) = 2.342.9" in text and "21,180000° N" in text
    assert "ngoài" in point_readout(100.0, 10.0, provinces)


def test_one_palette() -> None:
    assert palette.LANDUSE_PART_COLORS["under_construction_area_ha"] == \
        palette.STATUS_COLORS["under_construction"]
    assert palette.LANDUSE_PART_COLORS["not_started_area"] == palette.STATUS_COLORS["planned"]
    assert not set(palette.CHOROPLETH_COLORS) & set(palette.STATUS_COLORS.values())


def test_local_time() -> None:
    assert local_time("2026-05-01T20:04:05Z") == "2026-05-02 03:04:05"
    assert local_time("not a time") == "not a time"


@pytest.fixture
def layers() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    zones = gpd.GeoDataFrame(
        [{"zone_id": "a", "name": "KCN <A>", "kind": "KCN", "status": "operating",
          "province": "Bắc Ninh", "geometry": box(106.0, 21.0, 106.02, 21.02)},
         {"zone_id": "b", "name": "KCN B", "kind": "KCN", "status": "planned",
          "province": "Bắc Ninh", "geometry": Point(106.2, 21.2)}],
        geometry="geometry", crs="EPSG:4326")
    provinces = gpd.GeoDataFrame({"name": ["Bắc {{Ninh}}"], "in_delta": [True]},
                                 geometry=[box(105.9, 20.9, 106.3, 21.3)], crs="EPSG:4326")
    return zones, provinces


def test_map_tools_offline(layers: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> None:
    zones, provinces = layers
    html = build_zone_map(zones, provinces, selected_zone_id="a").get_root().render()
    assert "cdn" not in html.lower()
    assert "/app/static/leaflet-measure-3.1.0/leaflet-measure.vi.js" in html
    assert "/app/static/leaflet-mouse-position-1.2.0/L.Control.MousePosition.js" in html
    assert "imperial: false" in html and "kcn-collapsed" in html
    assert "Bắc &#123;&#123;Ninh&#125;&#125;" in html or "Bắc {{Ninh}}" not in html
    assert "permanent: true" in html
    # fitted to the selected zone (with a margin), not to all zones
    assert "[[20.97, 105.97], [21.05, 106.05]]" in html
    inline = build_zone_map(zones, provinces, lang="en", offline="inline").get_root().render()
    assert "/app/static/" not in inline and "L.Control.Measure" in inline
    assert "Measure distances and areas" in inline and "data:image/png;base64" in inline


def test_static_assets_copy_plugins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ensure_static_assets(tmp_path)
    for spec in PLUGINS.values():
        for relative in spec.files():
            assert (tmp_path / spec.folder / relative).read_bytes() == \
                (VENDOR_DIR / spec.folder / relative).read_bytes()
        assert (VENDOR_DIR / spec.folder / "LICENSE").is_file()


def test_view_map_image(layers: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> None:
    zones, provinces = layers
    png = view_map_image(zones, provinces, title="KCN — Bắc Ninh", caption="2 khu",
                         selected_zone_id="a", dpi=40)
    assert png.startswith(b"\x89PNG")
    pdf = view_map_image(zones, provinces, title="t", caption="c", fmt="pdf")
    assert pdf.startswith(b"%PDF")


def test_printed_view_is_the_selected_zone_as_the_web_map_shows_it(
        layers: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> None:
    """Picking a zone zooms the web map to it (~3 km around); the printed view does the same,
    and without a selection it holds every zone."""
    from matplotlib.figure import Figure

    from geo.maps.static_map import SELECTED_MARGIN_DEG, _draw_zones

    zones, provinces = layers
    minx, miny, maxx, maxy = zones.loc[zones["zone_id"] == "a"].total_bounds
    ax = Figure().add_subplot()
    _draw_zones(ax, zones, provinces, lang="vi", selected_zone_id="a", zoom_to_selected=True)
    assert ax.get_xlim() == pytest.approx((minx - SELECTED_MARGIN_DEG, maxx + SELECTED_MARGIN_DEG))
    assert ax.get_ylim() == pytest.approx((miny - SELECTED_MARGIN_DEG, maxy + SELECTED_MARGIN_DEG))
    whole = Figure().add_subplot()
    _draw_zones(whole, zones, provinces, lang="vi", selected_zone_id="a")
    all_minx, _, all_maxx, _ = zones.total_bounds
    assert whole.get_xlim()[0] < all_minx and whole.get_xlim()[1] > all_maxx
