"""The data-carrying Leaflet elements of the maps: a GeoJSON layer from compact data, the legend.

Both render their script verbatim (:class:`geo.maps.elements.VerbatimMacroElement`: folium and
branca would otherwise compile the rendered script, which holds data, as Jinja2 template
source) and embed their data with :func:`geo.maps.elements.script_json`. Every text they carry
is escaped by the caller with :func:`geo.core.text.escape_html` (names are escaped here). Plain
Leaflet only (no jQuery): usable with the offline assets of :mod:`geo.maps.assets`. Coordinates
are lon/lat degrees (EPSG:4326).
"""

from __future__ import annotations

import json
from typing import Any, Final

import shapely
from branca.element import Figure
from folium.map import Layer
from jinja2 import Template

from geo.core.text import escape_html
from geo.maps.controls import tools_css
from geo.maps.elements import RawElement, VerbatimMacroElement, script_json

__all__ = ["JsonLayer", "Legend", "round_geometry"]

_CSS: Final = (
    ".kcn-pop{font:12px/1.35 sans-serif;min-width:260px}"
    ".kcn-pop table{border-collapse:collapse;margin:4px 0}"
    ".kcn-pop th{text-align:left;font-weight:normal;color:#555;padding:1px 8px 1px 0}"
    ".kcn-pop td{text-align:right;padding:1px 0}"
    ".kcn-pop .note{color:#8a4b00;font-style:italic}"
    ".kcn-legend{background:#fff;padding:6px 8px;font:12px/1.4 sans-serif;"
    "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:240px}"
    ".kcn-legend-toggle{display:block;font-weight:bold;color:#222!important;"
    "text-decoration:none;cursor:pointer}"
    ".kcn-legend-toggle:before{content:'\\25BE  '}"
    ".kcn-collapsed .kcn-legend-toggle:before{content:'\\25B8  '}"
    ".kcn-legend-body{overflow-y:auto;margin-top:3px}"
    ".kcn-collapsed .kcn-legend-body{display:none}"
    ".kcn-collapsed{padding:3px 8px}"
    ".kcn-legend i{display:inline-block;width:14px;height:10px;margin-right:6px;"
    "vertical-align:middle}"
    ".kcn-legend .bar{height:10px;width:160px;display:block}"
)


def round_geometry(geom: shapely.Geometry) -> dict[str, Any]:
    """GeoJSON mapping of ``geom`` (lon/lat degrees) with coordinates rounded to 1e-6° (~0.1 m)."""
    mapping: dict[str, Any] = shapely.geometry.mapping(shapely.set_precision(geom, 1e-6))
    return json.loads(json.dumps(mapping))


class JsonLayer(Layer, VerbatimMacroElement):
    """A Leaflet GeoJSON layer from compact data: style table, tooltip/popup HTML per feature.

    Feature properties used by the script: ``s`` (index in ``styles``), ``t`` (tooltip HTML),
    ``v``/``a``/``u`` (zone popup parts assembled in the browser by ``popup_js`` from
    ``popup_labels`` sent once: :mod:`geo.maps.zone_popup`) or ``p``
    (a ready popup HTML, when the layer has no ``popup_labels``), ``r`` (circle radius in metres
    for a Point drawn as a footprint), ``px`` (radius in pixels of a Point's circle marker,
    default ``point_radius``). Every text is escaped by the builder; the JSON is embedded by
    :func:`geo.maps.elements.script_json` (no ``</``, no Jinja marker) and the script is added to
    the
    page verbatim (never re-read as a template); the layer name (shown by the layer control as
    HTML) is escaped here. Plain Leaflet only (no jQuery): usable with :mod:`geo.maps.assets`.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_styles = {{ this.styles_json }};
{%- if this.popup_labels_json %}
var {{ this.get_name() }}_labels = {{ this.popup_labels_json }};
var {{ this.get_name() }}_popup = {{ this.popup_js }};
{%- endif %}
var {{ this.get_name() }} = L.geoJson({{ this.data_json }}, {
  style: function(f) { return {{ this.get_name() }}_styles[f.properties.s]; },
  pointToLayer: function(f, ll) {
    var px = f.properties.px || {{ this.point_radius }};
    return f.properties.r ? L.circle(ll, {radius: f.properties.r})
                          : L.circleMarker(ll, {radius: px});
  },
  onEachFeature: function(f, layer) {
    if (f.properties.t) { layer.bindTooltip(f.properties.t, {sticky: true}); }
    {%- if this.popup_labels_json %}
    layer.bindPopup(function() {
      var p = f.properties;
      return {{ this.get_name() }}_popup(p.v, p.a, p.u, {{ this.get_name() }}_labels);
    }, {maxWidth: 380});
    {%- else %}
    if (f.properties.p) { layer.bindPopup(f.properties.p, {maxWidth: 380}); }
    {%- endif %}
    {%- if this.highlight %}
    layer.on({
      mouseover: function(e) { e.target.setStyle({weight: 4, fillOpacity: 0.7}); },
      mouseout: function(e) { {{ this.get_name() }}.resetStyle(e.target); }
    });
    {%- endif %}
  }
});
{% endmacro %}
""")

    def __init__(self, features: list[dict[str, Any]], styles: list[dict[str, Any]], *,
                 name: str, highlight: bool = False, point_radius: int = 6,
                 popup_labels: dict[str, Any] | None = None, popup_js: str = "",
                 show: bool = True) -> None:
        super().__init__(name=escape_html(name), overlay=True, control=True, show=show)
        self._name = "JsonLayer"
        self.features = features
        self.data_json = script_json({"type": "FeatureCollection", "features": features})
        self.styles_json = script_json(styles)
        self.highlight = highlight
        self.point_radius = int(point_radius)
        self.popup_labels_json = script_json(popup_labels) if popup_labels else ""
        self.popup_js = popup_js

    def _get_self_bounds(self) -> list[list[float | None]]:
        """[[lat_min, lon_min], [lat_max, lon_max]] of the features (for fit_bounds)."""
        geoms = [shapely.geometry.shape(f["geometry"]) for f in self.features]
        if not geoms:
            return [[None, None], [None, None]]
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


class Legend(VerbatimMacroElement):
    """A compact, collapsible Leaflet control (bottom right) holding the legend HTML.

    The control shows only its title (a toggle) while collapsed (the default), so it covers
    little of the map; a click on the title opens or closes the body (plain JS, no library).
    The body scrolls when taller than 45 % of the map. ``legend_html`` and ``title`` are
    escaped by the caller / here.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({position: "bottomright"});
{{ this.get_name() }}.onAdd = function(map) {
  var div = L.DomUtil.create("div", "kcn-legend");
  if ({{ this.collapsed_json }}) { L.DomUtil.addClass(div, "kcn-collapsed"); }
  var btn = L.DomUtil.create("a", "kcn-legend-toggle", div);
  btn.href = "#";
  btn.setAttribute("role", "button");
  btn.setAttribute("aria-expanded", {{ this.collapsed_json }} ? "false" : "true");
  btn.innerHTML = {{ this.title_json }};
  var body = L.DomUtil.create("div", "kcn-legend-body", div);
  body.innerHTML = {{ this.html_json }};
  body.style.maxHeight = Math.max(120, Math.round(map.getSize().y * 0.45)) + "px";
  L.DomEvent.on(btn, "click", function(e) {
    L.DomEvent.preventDefault(e);
    var open = L.DomUtil.hasClass(div, "kcn-collapsed");
    if (open) { L.DomUtil.removeClass(div, "kcn-collapsed"); }
    else { L.DomUtil.addClass(div, "kcn-collapsed"); }
    btn.setAttribute("aria-expanded", open ? "true" : "false");
  });
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, legend_html: str, *, title: str = "Chú giải / Legend",
                 collapsed: bool = True) -> None:
        super().__init__()
        self._name = "Legend"
        self.html_json = script_json(legend_html)
        self.title_json = script_json(escape_html(title))
        self.collapsed_json = "true" if collapsed else "false"

    def render(self, **kwargs: Any) -> Any:
        """Add the legend's CSS to the page header, then render the script."""
        root = self.get_root()
        if isinstance(root, Figure):
            root.header.add_child(RawElement(f"<style>{_CSS}{tools_css()}</style>"),
                                  name="kcn_css")
        return super().render(**kwargs)
