"""The Leaflet layer of the lots of one view (features from :func:`lots_in_view`).

Drawn with Leaflet's canvas renderer (``L.canvas()``, as ``preferCanvas``): one ``<canvas>``
instead of an SVG path per lot, so thousands of lots draw in a fraction of a second. Lots are
coloured by lease status; zone aggregates (below the lots' zoom, or over budget) are circle
markers sized by their lot count. Feature data is embedded by :func:`geo.maps.elements.script_json`,
never as template text; tooltips are HTML-escaped by :mod:`geo.maps.lots_layer`.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template

from geo.core.i18n import t
from geo.core.text import escape_html
from geo.maps.elements import FeatureGroup, VerbatimMacroElement, script_json
from geo.maps.lots_layer import ViewStats
from geo.present.palette import LEASE_COLORS, OTHER_LEASE_COLOR


class CanvasLots(VerbatimMacroElement):
    """A GeoJSON layer drawn on a canvas renderer, added to its parent (map or feature group).

    Its script is added to a page verbatim (:class:`geo.maps.elements.VerbatimMacroElement`:
    never re-read as a template) and its data by :func:`geo.maps.elements.script_json`.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_colors = {{ this.colors_json }};
var {{ this.get_name() }} = L.geoJson({{ this.data_json }}, {
  renderer: L.canvas({padding: 0.2}),
  style: function(f) {
    var c = {{ this.get_name() }}_colors[f.properties.lease_status] || "{{ this.other }}";
    return {color: c, weight: 0.6, fillColor: c, fillOpacity: 0.55};
  },
  pointToLayer: function(f, ll) {
    return L.circleMarker(ll, {radius: Math.min(18, 4 + Math.sqrt(f.properties.lots || 1)),
                               color: "#333", weight: 1, fillColor: "#f1a340",
                               fillOpacity: 0.7});
  },
  onEachFeature: function(f, layer) {
    if (f.properties.t) { layer.bindTooltip(f.properties.t, {sticky: true}); }
  }
}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, features: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "CanvasLots"
        self.data_json = script_json({"type": "FeatureCollection", "features": features})
        self.colors_json = script_json(LEASE_COLORS)
        self.other = OTHER_LEASE_COLOR


def lots_feature_group(features: list[dict[str, Any]], stats: ViewStats, *,
                       lang: str = "vi") -> FeatureGroup:
    """A feature group with the lots (or zone aggregates) of one view, for ``st_folium``'s
    ``feature_group_to_add`` (added without reloading the map) or a map of its own.

    Parameters
    ----------
    features, stats : from :func:`geo.maps.lots_layer.lots_in_view` (EPSG:4326 lon/lat).
    lang : ``vi`` or ``en`` (the layer's name).
    """
    key = "lots_layer_aggregated" if stats.aggregated else "lots_layer"
    group = FeatureGroup(name=escape_html(t(key, "en" if lang == "en" else "vi")))
    CanvasLots(features).add_to(group)
    return group
