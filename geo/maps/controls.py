"""The planner's tools on the zone map: measuring, a coordinate readout, a metric scale bar and
permanent province names (pure: folium elements, no streamlit).

- :class:`MeasureControl`: folium's leaflet-measure control (distance in m/km, area in ha/m²,
  Vietnamese build and decimal comma in Vietnamese), files served offline by
  :func:`geo.maps.assets.apply_plugin_assets`;
- :class:`MousePosition`: folium's live WGS 84 readout (lat, lon in degrees) under the pointer.
  The VN-2000 coordinates of a point are computed on the server with pyproj from the clicked
  point (``ui.mapview`` → :func:`geo.core.crs.vn2000_xy`): PROJ picks the VN-2000 → WGS 84
  transformation from the EPSG codes, whereas proj4js would need a hand-written ``+towgs84``
  string (design §4.1: the one in circulation is ~0.75 m off);
- :class:`MetricScale`: Leaflet's scale bar in metres/kilometres only (no miles);
- :class:`ProvinceLabels`: each province's name at a representative point of its polygon, as a
  permanent tooltip (escaped text; a layer of the layer control).

Every element renders its script verbatim (:class:`geo.maps.elements.VerbatimMacroElement`), so
no text is ever read as Jinja2 template source.
"""

from __future__ import annotations

from typing import Final

import folium
import geopandas as gpd
import shapely
from folium.map import Layer
from folium.plugins import MeasureControl as _FoliumMeasure
from folium.plugins import MousePosition as _FoliumMousePosition
from jinja2 import Template

from geo.core.text import escape_html
from geo.maps.assets import OfflineMode, apply_plugin_assets
from geo.maps.elements import VerbatimMacroElement, script_json

__all__ = ["MeasureControl", "MetricScale", "MousePosition", "ProvinceLabels", "add_map_tools"]

LABEL_CLASS: Final = "kcn-prov-label"

TOOLS_CSS: Final = (
    f".{LABEL_CLASS}{{background:transparent;border:0;box-shadow:none;padding:0;"
    "color:#222;font:600 12px/1.2 sans-serif;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}"
    f".{LABEL_CLASS}:before{{display:none}}"
    ".leaflet-control-mouseposition{background:rgba(255,255,255,.85);padding:0 5px;"
    "font:11px/1.6 sans-serif;margin:0 0 4px 4px!important}"
)
"""CSS of the province labels and the coordinate readout (added once by the labels layer)."""

_VI_NUMBER_JS: Final = ("function(n) { return L.Util.formatNum(n, 5).toFixed(5)"
                        ".replace('.', ',') + '°'; }")
_EN_NUMBER_JS: Final = "function(n) { return L.Util.formatNum(n, 5).toFixed(5) + '°'; }"


class MeasureControl(_FoliumMeasure, VerbatimMacroElement):
    """folium's measure control (leaflet-measure), its script added verbatim."""


class MousePosition(_FoliumMousePosition, VerbatimMacroElement):
    """folium's coordinate readout (Leaflet.MousePosition), its script added verbatim."""


class MetricScale(VerbatimMacroElement):
    """Leaflet's scale bar, metric only (bottom left)."""

    _template = Template("""
{% macro script(this, kwargs) %}
L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


class ProvinceLabels(Layer, VerbatimMacroElement):
    """Permanent province names: a layer of invisible markers with a centred tooltip each.

    ``labels``: (lat, lon, name) per province; the names are escaped here.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{{ this.data_json }}.forEach(function(p) {
  L.marker([p[0], p[1]], {interactive: false, keyboard: false,
                          icon: L.divIcon({className: "", iconSize: [0, 0]})})
   .bindTooltip(p[2], {permanent: true, direction: "center", interactive: false,
                       className: {{ this.class_json }}})
   .addTo({{ this.get_name() }});
});
{% endmacro %}
""")

    def __init__(self, labels: list[tuple[float, float, str]], *, name: str,
                 show: bool = True) -> None:
        super().__init__(name=escape_html(name), overlay=True, control=True, show=show)
        self._name = "ProvinceLabels"
        self.data_json = script_json([[round(lat, 5), round(lon, 5), escape_html(text)]
                                      for lat, lon, text in labels])
        self.class_json = script_json(LABEL_CLASS)

    @staticmethod
    def from_provinces(provinces: gpd.GeoDataFrame, *, name: str) -> ProvinceLabels:
        """Labels at a representative point (inside the polygon) of each named province.

        ``provinces``: EPSG:4326 polygons with a ``name`` column; empty geometries are skipped.
        """
        labels = []
        for text, geom in zip(provinces["name"], provinces.geometry, strict=True):
            if geom is None or not isinstance(geom, shapely.Geometry) or geom.is_empty:
                continue
            point = geom.representative_point()
            labels.append((float(point.y), float(point.x), str(text)))
        return ProvinceLabels(labels, name=name)


def add_map_tools(m: folium.Map, *, lang: str = "vi", offline: OfflineMode = "static",
                  prefix: str = "WGS 84") -> None:
    """Add the measure control, the WGS 84 readout and the metric scale bar to map ``m``.

    Distances in metres (kilometres second), areas in hectares (m² second); in Vietnamese
    the numbers use a decimal comma and a dot for thousands.
    """
    vi = lang == "vi"
    measure = MeasureControl(position="topleft", primary_length_unit="meters",
                             secondary_length_unit="kilometers", primary_area_unit="hectares",
                             secondary_area_unit="sqmeters", active_color="#d7301f",
                             completed_color="#b30000",
                             dec_point="," if vi else ".", thousands_sep="." if vi else ",")
    m.add_child(measure)
    apply_plugin_assets(measure, "measure", m=m, offline=offline, lang=lang)
    fmt = _VI_NUMBER_JS if vi else _EN_NUMBER_JS
    position = MousePosition(position="bottomleft", separator=" ; ", empty_string=prefix,
                             prefix=escape_html(prefix) + ":", lat_formatter=fmt,
                             lng_formatter=fmt)
    m.add_child(position)
    apply_plugin_assets(position, "mouse_position", m=m, offline=offline, lang=lang)
    m.add_child(MetricScale())


def tools_css() -> str:
    """The CSS of :mod:`geo.maps.controls` (labels, readout)."""
    return TOOLS_CSS


