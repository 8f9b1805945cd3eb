"""Folium map builders for the zones of the delta (pure: return folium objects, no streamlit).

The map carries, in EPSG:4326 (lon/lat degrees, WGS 84):

- province boundaries of an edition (thin lines, name on hover), optionally shaded by a ratio
  (choropleth; a province with no figure is grey "no data", never 0);
- the zones, coloured by status; approximate footprints dashed; point-only zones as circle
  markers; KKT footprints as outlines (no fill: they contain KCNs); the selected zone outlined;
- a legend (HTML, escaped), a layer control, a scale bar, an OpenStreetMap basemap or none.

Every text that reaches a tooltip, popup, legend or layer name is escaped here with
:func:`geo.core.text.escape_html` (Leaflet inserts them as HTML; ``{`` and ``}`` are escaped too,
so no
Jinja marker survives), and every element's script is added to the page verbatim
(:mod:`geo.maps.elements`: folium/branca would otherwise evaluate data as Jinja2 template source); a
source link is kept only if it is http(s). Each zone feature
carries ``zone_id`` in its GeoJSON properties, so a page can tell which zone was clicked
(streamlit-folium's ``last_active_drawing["properties"]["zone_id"]``).

Size: the zone data is embedded once as compact JSON (no per-feature style dicts, no HTML
escaping of JSON by ``tojson``); a footprint that is a regular n-gon (the approximate
"circle of the planned area" of the bundled data) is drawn as a Leaflet circle (centre + radius
in metres) instead of 65 vertices.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.colormap import LinearColormap
from branca.element import Figure
from folium.map import Layer
from jinja2 import Template

from geo.accounts.figure_basis import (
    RATE_ONLY,
    in_use_basis_text,
    is_derived_in_use,
    is_derived_occupancy,
    occupancy_basis_text,
)
from geo.accounts.landuse import add_accounts
from geo.core.crs import GEOD
from geo.core.i18n import Lang, fmt_ha, fmt_number, fmt_pct, fmt_ratio, t
from geo.core.text import escape_html
from geo.errors import FilterError, ParameterError
from geo.maps.assets import OfflineMode, apply_assets
from geo.maps.controls import MetricScale, ProvinceLabels, add_map_tools, tools_css
from geo.maps.elements import LayerControl, RawElement, VerbatimMacroElement, script_json
from geo.present import figures
from geo.present.palette import (
    BOUNDARY_COLOR,
    CHOROPLETH_COLORS,
    NO_DATA_COLOR,
    SELECTED_COLOR,
    STATUS_COLORS,
)

__all__ = [
    "CHOROPLETH_METRICS",
    "NO_DATA_COLOR",
    "STATUS_COLORS",
    "JsonLayer",
    "Legend",
    "build_zone_map",
    "choropleth_colors",
    "located_zones",
    "round_geometry",
    "safe_url",
    "zone_popup_html",
    "zone_tooltip_html",
    "zones_without_location",
]

DASH: Final = "6 4"

CHOROPLETH_METRICS: Final[tuple[str, ...]] = (
    "in_use_ratio", "under_construction_ratio", "not_started_ratio", "occupancy_pct")
"""Province figures the choropleth can show (columns of ``geo.accounts.landuse.summarize`` rows)."""

# Figures of the popup: field, format ("ha", "pct", "persons").
POPUP_FIGURES: Final[tuple[tuple[str, str], ...]] = (
    ("planned_area_ha", "ha"),
    ("industrial_land_ha", "ha"),
    ("leased_land_ha", "ha"),
    ("occupancy_pct", "occupancy"),  # the zone's own, from the accounts (≈ when derived)
    ("in_use_area_ha", "in_use"),  # land in use from the accounts (≈ when derived)
    ("under_construction_area_ha", "ha"),
    ("worker_housing_area_ha", "ha"),
    ("workers", "persons"),
)

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


# ---------------------------------------------------------------------------------------------
# Text
def _text(value: Any) -> str | None:
    """``value`` as text, or None when missing (None, NaN, empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _esc(value: Any) -> str:
    """HTML-escaped text (:func:`geo.core.text.escape_html`); missing → '—'."""
    return escape_html(_text(value))


def safe_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None (no javascript:...)."""
    text = _text(value)
    if text is None or any(c.isspace() or ord(c) < 32 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def _fmt_figure(value: Any, kind: str, lang: Lang) -> str:
    number = None if _text(value) is None else float(value)
    if kind == "ha":
        return fmt_ha(number, lang)
    if kind == "pct":
        return fmt_pct(number, lang)
    text = fmt_number(number, lang, digits=0)
    return text if number is None else f"{text} {t('map_persons', lang)}"


def _status_label(status: Any, lang: Lang) -> str:
    return t(f"status_{status}", lang) if _text(status) else t("status_unknown", lang)


def _is_approximate(row: Mapping[str, Any]) -> bool:
    return _text(row.get("geometry_quality")) == "approximate"


def zone_tooltip_html(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """Tooltip of a zone: its name (bold) and status, HTML-escaped."""
    return f"<b>{_esc(row.get('name'))}</b><br>{_esc(_status_label(row.get('status'), lang))}"


def _popup_labels(lang: Lang) -> dict[str, Any]:
    """The escaped labels of the popup, sent once per map: ``rows``, ``notes``, ``source``.

    ``rows[i]`` labels the value ``v[i + 2]`` of :func:`_popup_values` (``v[0]`` is the name,
    ``v[1]`` kind · status); ``notes`` is indexed by the approximate code (1 area, 2 point).
    """
    rows = [t("province", lang), t("province_2025", lang), t("map_developer", lang)]
    rows += [t(field, lang) for field, _ in POPUP_FIGURES]
    rows += [t("map_as_of", lang), t("map_parent_zone", lang)]
    return {"rows": [escape_html(r) for r in rows],
            "notes": ["", escape_html(t("map_note_approx_area", lang)),
                      escape_html(t("map_note_approx_point", lang))],
            "source": escape_html(t("map_source", lang))}


def _popup_values(row: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The escaped values of a zone's popup: ``v`` (list), ``a`` (approximate code), ``u``.

    ``v``: name, "kind · status", then one value per label of :func:`_popup_labels` (None for
    a row to leave out: the parent KKT of a zone that has none). ``a``: 0 surveyed or
    digitized, 1 approximate footprint, 2 approximate point. ``u``: the escaped http(s)
    source URL or None.
    """
    row = _with_accounts(row)
    kind = _text(row.get("kind"))
    values: list[str | None] = [
        _esc(row.get("name")),
        f"{_esc(t(f'kind_{kind}', lang) if kind else None)} · "
        f"{_esc(_status_label(row.get('status'), lang))}",
        _esc(row.get("province")), _esc(row.get("province_2025")), _esc(row.get("developer")),
    ]
    values += [escape_html(_figure_text(row, field, kind_, lang))
               for field, kind_ in POPUP_FIGURES]
    parent = _text(row.get("parent_zone_id"))
    values += [_esc(row.get("as_of")), _esc(parent) if parent else None]
    approx = 0
    if _is_approximate(row):
        approx = 2 if _geom_type(row.get("geometry")) == "Point" else 1
    url = safe_url(row.get("source_url"))
    return {"v": values, "a": approx, "u": escape_html(url) if url else None}


_ACCOUNT_INPUTS: Final = ("kind", "status", "used_area_ha", "planned_area_ha",
                          "under_construction_area_ha", "industrial_land_ha", "leased_land_ha",
                          "occupancy_pct")


def _with_accounts(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """``row`` with the per-zone accounts (``add_accounts``) unless it has them already."""
    if "in_use_basis" in row:
        return row
    frame = pd.DataFrame([{**dict.fromkeys(_ACCOUNT_INPUTS, np.nan), **dict(row)}])
    accounts: dict[str, Any] = {str(k): v for k, v in add_accounts(frame).iloc[0].items()}
    return {**row, **accounts}


def _figure_text(row: Mapping[str, Any], field: str, kind: str, lang: Lang) -> str:
    """A popup figure; land in use and occupancy as the accounts give them: a derived one
    marked ``≈`` with how it is derived, a rate-only occupancy with its basis."""
    if kind == "in_use":
        basis = row.get("in_use_basis")
        text, note = figures.zone_in_use_text(row, lang), in_use_basis_text(basis, lang)
        shown = is_derived_in_use(basis)
    elif kind == "occupancy":
        basis = row.get("occupancy_basis")
        text = figures.zone_occupancy_text(row, lang)
        note = occupancy_basis_text(basis, lang)
        shown = is_derived_occupancy(basis) or basis == RATE_ONLY
    else:
        return _fmt_figure(row.get(field), kind, lang)
    return f"{text} ({note})" if shown and text != "—" else text


def _assemble_popup(values: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    """The popup HTML from escaped parts; :data:`_POPUP_JS` does the same in the browser."""
    v = values["v"]
    parts = [f'<div class="kcn-pop"><b>{v[0]}</b><br>{v[1]}<table>']
    parts += [f"<tr><th>{label}<td>{value}"
              for label, value in zip(labels["rows"], v[2:], strict=True) if value is not None]
    parts.append("</table>")
    if values["a"]:
        parts.append(f'<div class="note">{labels["notes"][values["a"]]}</div>')
    if values["u"]:
        parts.append(f'<a href="{values["u"]}" target="_blank" rel="noopener noreferrer">'
                     f'{labels["source"]}</a>')
    else:
        parts.append(f'{labels["source"]}: —')
    parts.append("</div>")
    return "".join(parts)


_POPUP_JS: Final = """function(v, a, u, L) {
  var h = '<div class="kcn-pop"><b>' + v[0] + '</b><br>' + v[1] + '<table>';
  for (var i = 2; i < v.length; i++) {
    if (v[i] !== null) { h += '<tr><th>' + L.rows[i - 2] + '<td>' + v[i]; }
  }
  h += '</table>';
  if (a) { h += '<div class="note">' + L.notes[a] + '</div>'; }
  h += u ? '<a href="' + u + '" target="_blank" rel="noopener noreferrer">' + L.source + '</a>'
         : L.source + ': —';
  return h + '</div>';
}"""


def zone_popup_html(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """Popup of a zone: every figure, kind, provinces, developer, ``as_of`` and source link.

    Parameters
    ----------
    row : one zone (a row of the zones layer as a mapping: ``geo.core.schema.ZONE_FIELDS``).
        Areas in hectares, ``occupancy_pct`` in percent, ``workers`` in persons.
    lang : ``vi`` (Vietnamese number format ``1.234,5 ha``) or ``en``.

    Returns
    -------
    str
        HTML in which every value is escaped; a missing figure shows '—'. The source link is
        kept only for an http(s) URL (escaped, ``rel="noopener noreferrer"``). Approximate
        footprints and points are said to be approximate. The map builds the same HTML in the
        browser from the same escaped parts (labels sent once, values per zone).
    """
    return _assemble_popup(_popup_values(row, lang), _popup_labels(lang))


# ---------------------------------------------------------------------------------------------
# Geometry
def _geom_type(geom: Any) -> str | None:
    if geom is None or not isinstance(geom, shapely.Geometry) or geom.is_empty:
        return None
    return str(geom.geom_type)


def _has_location(geoms: gpd.GeoSeries) -> np.ndarray:
    values = geoms.values
    return np.asarray(~(geoms.isna() | values.is_empty), dtype=bool)


def zones_without_location(zones: pd.DataFrame) -> pd.DataFrame:
    """The zones that cannot be drawn (no geometry or an empty one): a new frame.

    They count in every table; the map page lists them as "not on the map: n zones".
    """
    if "geometry" not in zones.columns:
        return pd.DataFrame(zones).copy()
    mask = ~_has_location(gpd.GeoSeries(zones["geometry"]))
    return pd.DataFrame(zones.loc[mask]).drop(columns="geometry")


def located_zones(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The zones with a geometry (what the map draws): a new frame."""
    return zones.loc[_has_location(zones.geometry)].copy()


def _circle_of(polygon: shapely.Polygon) -> tuple[float, float, float] | None:
    """(lon, lat, radius m) if ``polygon`` is a regular n-gon (n ≥ 16, radii within 0.5 %).

    The approximate footprints of the bundled data are regular 64-gons of the planned area
    around the zone's point; Leaflet draws such a circle from its centre and radius.
    """
    if polygon.geom_type != "Polygon" or polygon.interiors:
        return None
    ring = np.asarray(polygon.exterior.coords)[:-1]
    if len(ring) < 16:
        return None
    lon, lat = ring[:, 0].mean(), ring[:, 1].mean()
    _, _, dist = GEOD.inv(np.full(len(ring), lon), np.full(len(ring), lat),
                          ring[:, 0], ring[:, 1])
    dist = np.asarray(dist)
    if dist.min() <= 0 or (dist.max() - dist.min()) / dist.mean() > 0.005:
        return None
    # Radius of the circle with the polygon's area (the footprint is "the planned area").
    area = abs(GEOD.geometry_area_perimeter(polygon)[0])
    return float(lon), float(lat), math.sqrt(area / math.pi)


def round_geometry(geom: shapely.Geometry) -> dict[str, Any]:
    """GeoJSON mapping of ``geom`` (lon/lat degrees) with coordinates rounded to 1e-6° (~0.1 m)."""
    mapping: dict[str, Any] = shapely.geometry.mapping(shapely.set_precision(geom, 1e-6))
    return json.loads(json.dumps(mapping))


# ---------------------------------------------------------------------------------------------
# Styles (indexes into a small table sent once)
def _zone_style(kind: str | None, status: str | None, approximate: bool, *,
                selected: bool) -> dict[str, Any]:
    color = STATUS_COLORS.get(status or "unknown", STATUS_COLORS["unknown"])
    style: dict[str, Any] = {"color": SELECTED_COLOR if selected else color,
                             "weight": 4 if selected else (2.5 if kind == "KKT" else 1.5),
                             "fillColor": color, "fillOpacity": 0.45,
                             "fill": kind != "KKT", "opacity": 0.9}
    if approximate:
        style["dashArray"] = DASH
    return style


class JsonLayer(Layer, VerbatimMacroElement):
    """A Leaflet GeoJSON layer from compact data: style table, tooltip/popup HTML per feature.

    Feature properties used by the script: ``s`` (index in ``styles``), ``t`` (tooltip HTML),
    ``v``/``a``/``u`` (zone popup parts, see :func:`_popup_values`; labels sent once) or ``p``
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
                 popup_labels: dict[str, Any] | None = None, show: bool = True) -> None:
        super().__init__(name=escape_html(name), overlay=True, control=True, show=show)
        self._name = "JsonLayer"
        self.features = features
        self.data_json = script_json({"type": "FeatureCollection", "features": features})
        self.styles_json = script_json(styles)
        self.highlight = highlight
        self.point_radius = int(point_radius)
        self.popup_labels_json = script_json(popup_labels) if popup_labels else ""
        self.popup_js = _POPUP_JS

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


# ---------------------------------------------------------------------------------------------
# Choropleth
def choropleth_colors(values: Sequence[float | None] | pd.Series
                      ) -> tuple[list[str], LinearColormap | None]:
    """Fill colour per value on a sequential scale; NaN/None → :data:`NO_DATA_COLOR`.

    Returns the colours and the colour map (None when no value is known).
    """
    numbers = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce")
    known = numbers.dropna()
    if known.empty:
        return [NO_DATA_COLOR] * len(numbers), None
    vmin, vmax = float(known.min()), float(known.max())
    if vmax <= vmin:
        vmax = vmin + 1e-9
    cmap = LinearColormap(list(CHOROPLETH_COLORS), vmin=vmin, vmax=vmax)
    return [NO_DATA_COLOR if pd.isna(v) else str(cmap(float(v))) for v in numbers], cmap


def _fmt_metric(value: Any, metric: str, lang: Lang) -> str:
    number = None if value is None or pd.isna(value) else float(value)
    if metric.endswith("_ratio"):
        return fmt_ratio(number, lang)
    return fmt_pct(number, lang) if metric.endswith("_pct") else fmt_number(number, lang)


def _stats_lookup(province_stats: pd.DataFrame | None, metric: str
                  ) -> dict[str, tuple[Any, Any]]:
    """{province name: (value, zones)} from summarize rows (``key`` + ``metric`` columns)."""
    if province_stats is None or province_stats.empty:
        return {}
    if "key" not in province_stats.columns or metric not in province_stats.columns:
        raise ParameterError(f"province_stats: needs columns 'key' and {metric!r}; has "
                             f"{', '.join(map(str, province_stats.columns))}")
    zones = province_stats["zones"] if "zones" in province_stats.columns else [None] * len(
        province_stats)
    return {str(k): (v, n) for k, v, n in zip(province_stats["key"], province_stats[metric],
                                               zones, strict=True)}


def _province_layer(provinces: gpd.GeoDataFrame, *, lang: Lang, choropleth: str | None,
                    province_stats: pd.DataFrame | None) -> tuple[JsonLayer, str]:
    """The boundaries layer (shaded when ``choropleth``) and its legend HTML."""
    lookup = _stats_lookup(province_stats, choropleth) if choropleth else {}
    names = [str(n) for n in provinces["name"]]
    values = [lookup.get(n, (None, None))[0] for n in names]
    colors, cmap = choropleth_colors(values) if choropleth else ([""] * len(names), None)
    styles: list[dict[str, Any]] = []
    features = []
    for name, geom, value, color in zip(names, provinces.geometry, values, colors, strict=True):
        if _geom_type(geom) is None:
            continue
        style = {"color": BOUNDARY_COLOR, "weight": 1, "opacity": 0.8, "fill": True,
                 "fillColor": color or "#ffffff", "fillOpacity": 0.55 if choropleth else 0.0}
        if style not in styles:
            styles.append(style)
        tip = f"<b>{_esc(name)}</b>"
        if choropleth:
            n = lookup.get(name, (None, None))[1]
            extra = "" if n is None or pd.isna(n) else f" ({fmt_number(n, lang, digits=0)} " \
                                                      f"{t('map_zones_unit', lang)})"
            shown = _fmt_metric(value, choropleth, lang)
            shown = t("no_data", lang) if shown == "—" else shown
            tip += f"<br>{_esc(t(choropleth, lang))}: {_esc(shown)}{_esc(extra)}"
        features.append({"type": "Feature", "geometry": round_geometry(geom),
                         "properties": {"name": escape_html(name), "s": styles.index(style),
                                        "t": tip}})
    layer = JsonLayer(features, styles, name=t("map_layer_provinces", lang))
    legend = ""
    if choropleth:
        legend = _choropleth_legend(choropleth, cmap, lang)
    return layer, legend


def _choropleth_legend(metric: str, cmap: LinearColormap | None, lang: Lang) -> str:
    parts = [f"<b>{_esc(t(metric, lang))}</b><br>"]
    if cmap is not None:
        stops = ",".join(CHOROPLETH_COLORS)
        parts.append(f'<span class="bar" style="background:linear-gradient(to right,{stops})">'
                     f"</span>{_esc(_fmt_metric(cmap.vmin, metric, lang))} – "
                     f"{_esc(_fmt_metric(cmap.vmax, metric, lang))}<br>")
    parts.append(f'<i style="background:{NO_DATA_COLOR}"></i>{_esc(t("no_data", lang))}<br>')
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Zones
def _zone_features(zones: gpd.GeoDataFrame, *, lang: Lang, selected_zone_id: str | None,
                   styles: list[dict[str, Any]]) -> tuple[list[dict[str, Any]],
                                                          list[dict[str, Any]]]:
    """(KCN/KCX features, KKT features); ``styles`` is filled with the styles they use."""
    kcn: list[dict[str, Any]] = []
    kkt: list[dict[str, Any]] = []
    if "in_use_basis" not in zones.columns and len(zones):  # the popup's figures: the accounts
        missing = {c: np.nan for c in _ACCOUNT_INPUTS if c not in zones.columns}
        zones = add_accounts(zones.assign(**missing))
    for row in zones.to_dict(orient="records"):
        geom = row.get("geometry")
        gtype = _geom_type(geom)
        if gtype is None:
            continue
        style = _zone_style(_text(row.get("kind")), _text(row.get("status")),
                            _is_approximate(row),
                            selected=selected_zone_id is not None
                            and row.get("zone_id") == selected_zone_id)
        if style not in styles:
            styles.append(style)
        props: dict[str, Any] = {"zone_id": row.get("zone_id"), "s": styles.index(style),
                                 "t": zone_tooltip_html(row, lang),
                                 **_popup_values(row, lang)}
        circle = _circle_of(geom) if gtype == "Polygon" and _is_approximate(row) else None
        if circle is not None:
            lon, lat, radius = circle
            geometry: dict[str, Any] = {"type": "Point",
                                        "coordinates": [round(lon, 6), round(lat, 6)]}
            props["r"] = round(radius, 1)
        else:
            geometry = round_geometry(geom)
        feature = {"type": "Feature", "geometry": geometry, "properties": props}
        (kkt if row.get("kind") == "KKT" else kcn).append(feature)
    return kcn, kkt


def _status_legend(zones: gpd.GeoDataFrame, lang: Lang) -> str:
    """Legend of the zone layer: status colours, approximate (dashed), point, KKT outline."""
    parts = [f"<b>{_esc(t('map_legend_status', lang))}</b><br>"]
    for status, color in STATUS_COLORS.items():
        parts.append(f'<i style="background:{color}"></i>{_esc(t(f"status_{status}", lang))}'
                     "<br>")
    swatch = 'style="border:2px dashed #444;background:none;height:8px"'
    parts.append(f"<i {swatch}></i>{_esc(t('map_legend_approx', lang))}<br>")
    parts.append('<i style="border-radius:50%;width:10px;background:#888"></i>'
                 f"{_esc(t('map_legend_point', lang))}<br>")
    parts.append('<i style="border:2px solid #444;background:none;height:8px"></i>'
                 f"{_esc(t('map_legend_kkt', lang))}<br>")
    missing = len(zones_without_location(zones))
    if missing:
        parts.append(_esc(t("map_not_on_map", lang).format(n=missing)))
    return "".join(parts)


def build_zone_map(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, *, lang: Lang = "vi",
                   basemap: bool = True, choropleth: str | None = None,
                   province_stats: pd.DataFrame | None = None,
                   selected_zone_id: str | None = None,
                   offline: OfflineMode = "static", tools: bool = True) -> folium.Map:
    """The map of the (already filtered) zones over the province boundaries.

    Parameters
    ----------
    zones : zones layer in EPSG:4326 (lon/lat degrees), already filtered; rows without a
        geometry are not drawn (see :func:`zones_without_location`), polygons are footprints
        (dashed when ``geometry_quality == "approximate"``), points are circle markers.
    provinces : province polygons of the edition shown (``geo.store.bundled.load_provinces``),
        EPSG:4326,
        with a ``name`` column.
    lang : language of labels, tooltips, popups and legend (``vi`` or ``en``).
    basemap : add OpenStreetMap tiles (the only thing that needs the internet); False draws
        boundaries and zones on a blank background.
    choropleth : None, or a column of ``province_stats`` to shade provinces by: one of
        :data:`CHOROPLETH_METRICS` (``*_ratio`` fractions 0-1, ``occupancy_pct`` percent).
    province_stats : rows of ``geo.accounts.landuse.summarize(by="province"|"province_2025").rows``
        as a
        DataFrame: ``key`` (province name of the edition), the metric, optionally ``zones``.
        A province without a row or with NaN is shaded grey "no data".
    selected_zone_id : the zone to outline in black (e.g. the one clicked last).
    offline : ``static`` (Leaflet from ``/app/static/``, the app) or ``inline`` (embedded:
        one self-contained HTML file, the CLI). No CDN in either mode.
    tools : add the planner's tools (:mod:`geo.maps.controls`): permanent province names, the
        measure control (m, ha), the WGS 84 coordinate readout.

    Returns
    -------
    folium.Map
        With a layer control, a metric scale bar and the (collapsed) legend; fitted to the
        selected zone when it is located, else to the located zones (to the provinces when
        none is located). Zone features carry ``zone_id`` in their properties.

    Raises
    ------
    FilterError
        ``choropleth`` is not a known metric (``exc.valid`` lists them).
    ParameterError
        ``province_stats`` lacks the columns.
    """
    if choropleth is not None and choropleth not in CHOROPLETH_METRICS:
        raise FilterError(f"choropleth: {choropleth!r} is not one of "
                          f"{', '.join(CHOROPLETH_METRICS)}", valid=list(CHOROPLETH_METRICS))
    zones = zones.to_crs("EPSG:4326") if zones.crs is not None else zones
    provinces = provinces.to_crs("EPSG:4326") if provinces.crs is not None else provinces
    located = located_zones(zones)
    extent = located if not located.empty else provinces
    minx, miny, maxx, maxy = (extent.total_bounds if not extent.empty
                              else (105.0, 20.0, 108.0, 22.0))
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=8, tiles=None,
                   control_scale=False)
    apply_assets(m, offline=offline)
    if basemap:
        folium.TileLayer("OpenStreetMap", name=t("map_basemap_osm", lang)).add_to(m)
    province_layer, choropleth_legend = _province_layer(
        provinces, lang=lang, choropleth=choropleth, province_stats=province_stats)
    province_layer.add_to(m)
    if tools:
        ProvinceLabels.from_provinces(provinces, name=t("map_layer_province_names", lang)
                                      ).add_to(m)
    styles: list[dict[str, Any]] = []
    labels = _popup_labels(lang)
    kcn, kkt = _zone_features(zones, lang=lang, selected_zone_id=selected_zone_id,
                              styles=styles)
    if kkt:
        JsonLayer(kkt, styles, name=t("map_layer_kkt", lang), highlight=True,
                   popup_labels=labels).add_to(m)
    JsonLayer(kcn, styles, name=t("map_layer_zones", lang), highlight=True,
               popup_labels=labels).add_to(m)
    Legend(choropleth_legend + _status_legend(zones, lang),
           title=t("map_legend", lang)).add_to(m)
    LayerControl(collapsed=True).add_to(m)
    if tools:
        add_map_tools(m, lang=lang, offline=offline)
    else:
        m.add_child(MetricScale())
    m.fit_bounds(_view_bounds(located, selected_zone_id) or [[miny, minx], [maxy, maxx]],
                 max_zoom=15)
    return m


def _view_bounds(located: gpd.GeoDataFrame, zone_id: str | None
                 ) -> list[list[float]] | None:
    """[[lat_min, lon_min], [lat_max, lon_max]] around the zone ``zone_id`` (~1 km margin), or
    None when it is not located (the map then fits all the zones)."""
    if zone_id is None or located.empty:
        return None
    geoms = located.geometry[located["zone_id"] == zone_id]
    if geoms.empty:
        return None
    minx, miny, maxx, maxy = geoms.total_bounds
    pad = 0.03  # degrees (~3 km): the zone with its surroundings
    return [[float(miny) - pad, float(minx) - pad], [float(maxy) + pad, float(maxx) + pad]]
