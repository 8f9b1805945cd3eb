"""Folium map builders for the zones of the delta (pure: return folium objects, no streamlit).

The map carries, in EPSG:4326 (lon/lat degrees, WGS 84):

- province boundaries of an edition (thin lines, name on hover), optionally shaded by a ratio
  (choropleth; a province with no figure is grey "no data", never 0);
- the zones, coloured by status; approximate footprints dashed; point-only zones as circle
  markers; KKT footprints as outlines (no fill: they contain KCNs); the selected zone outlined;
- a legend (HTML, escaped), a layer control, a scale bar, an OpenStreetMap basemap or none.

Every text that reaches a tooltip, popup, legend or layer name is escaped with
:func:`geo.core.text.escape_html` (Leaflet inserts them as HTML; ``{`` and ``}`` are escaped too,
so no Jinja marker survives): here, and in :mod:`geo.maps.zone_popup` (a zone's tooltip and
popup; a source link only if http(s)). Every element's script is added to the page verbatim
(:mod:`geo.maps.layers`, :mod:`geo.maps.elements`: folium/branca would otherwise evaluate data as
Jinja2 template source). Each zone feature carries ``zone_id`` in its GeoJSON properties, so a
page can tell which zone was clicked (streamlit-folium's
``last_active_drawing["properties"]["zone_id"]``).

Size: the zone data is embedded once as compact JSON (no per-feature style dicts, no HTML
escaping of JSON by ``tojson``); a footprint that is a regular n-gon (the approximate
"circle of the planned area" of the bundled data) is drawn as a Leaflet circle (centre + radius
in metres) instead of 65 vertices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.colormap import LinearColormap

from geo.accounts.landuse import add_accounts
from geo.core.crs import GEOD
from geo.core.i18n import Lang, fmt_number, fmt_pct, fmt_ratio, t
from geo.core.text import escape_html, is_blank
from geo.errors import FilterError, ParameterError
from geo.maps.assets import OfflineMode, apply_assets
from geo.maps.controls import MetricScale, ProvinceLabels, add_map_tools
from geo.maps.elements import LayerControl
from geo.maps.layers import JsonLayer, Legend, round_geometry
from geo.maps.zone_popup import (
    ACCOUNT_INPUTS,
    POPUP_JS,
    is_approximate,
    popup_labels,
    popup_values,
    zone_tooltip_html,
)
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
    "build_zone_map",
    "choropleth_colors",
    "located_zones",
    "zones_without_location",
]

DASH: Final = "6 4"

CHOROPLETH_METRICS: Final[tuple[str, ...]] = (
    "in_use_ratio", "under_construction_ratio", "not_started_ratio", "occupancy_pct")
"""Province figures the choropleth can show (columns of ``geo.accounts.landuse.summarize`` rows)."""


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


# ---------------------------------------------------------------------------------------------
# Styles (indexes into a small table sent once)
def _str_or_none(value: Any) -> str | None:
    return None if is_blank(value) else str(value)


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
        tip = f"<b>{escape_html(name)}</b>"
        if choropleth:
            n = lookup.get(name, (None, None))[1]
            extra = "" if n is None or pd.isna(n) else f" ({fmt_number(n, lang, digits=0)} " \
                                                      f"{t('map_zones_unit', lang)})"
            shown = _fmt_metric(value, choropleth, lang)
            shown = t("no_data", lang) if shown == "—" else shown
            tip += (f"<br>{escape_html(t(choropleth, lang))}: {escape_html(shown)}"
                    f"{escape_html(extra)}")
        features.append({"type": "Feature", "geometry": round_geometry(geom),
                         "properties": {"name": escape_html(name), "s": styles.index(style),
                                        "t": tip}})
    layer = JsonLayer(features, styles, name=t("map_layer_provinces", lang))
    legend = ""
    if choropleth:
        legend = _choropleth_legend(choropleth, cmap, lang)
    return layer, legend


def _choropleth_legend(metric: str, cmap: LinearColormap | None, lang: Lang) -> str:
    parts = [f"<b>{escape_html(t(metric, lang))}</b><br>"]
    if cmap is not None:
        stops = ",".join(CHOROPLETH_COLORS)
        parts.append(f'<span class="bar" style="background:linear-gradient(to right,{stops})">'
                     f"</span>{escape_html(_fmt_metric(cmap.vmin, metric, lang))} – "
                     f"{escape_html(_fmt_metric(cmap.vmax, metric, lang))}<br>")
    parts.append(f'<i style="background:{NO_DATA_COLOR}"></i>{escape_html(t("no_data", lang))}<br>')
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Zones
def _zone_features(zones: gpd.GeoDataFrame, *, lang: Lang, selected_zone_id: str | None,
                   styles: list[dict[str, Any]], lots: pd.DataFrame | None = None
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(KCN/KCX features, KKT features); ``styles`` is filled with the styles they use;
    ``lots``: the popups' occupancy from the lot register where a zone has lots."""
    kcn: list[dict[str, Any]] = []
    kkt: list[dict[str, Any]] = []
    if "in_use_basis" not in zones.columns and len(zones):  # the popup's figures: the accounts
        missing = {c: np.nan for c in ACCOUNT_INPUTS if c not in zones.columns}
        zones = add_accounts(zones.assign(**missing), lots=lots)
    for row in zones.to_dict(orient="records"):
        geom = row.get("geometry")
        gtype = _geom_type(geom)
        if gtype is None:
            continue
        style = _zone_style(_str_or_none(row.get("kind")), _str_or_none(row.get("status")),
                            is_approximate(row),
                            selected=selected_zone_id is not None
                            and row.get("zone_id") == selected_zone_id)
        if style not in styles:
            styles.append(style)
        props: dict[str, Any] = {"zone_id": row.get("zone_id"), "s": styles.index(style),
                                 "t": zone_tooltip_html(row, lang),
                                 **popup_values(row, lang)}
        circle = _circle_of(geom) if gtype == "Polygon" and is_approximate(row) else None
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
    parts = [f"<b>{escape_html(t('map_legend_status', lang))}</b><br>"]
    for status, color in STATUS_COLORS.items():
        parts.append(f'<i style="background:{color}"></i>{escape_html(t(f"status_{status}", lang))}'
                     "<br>")
    swatch = 'style="border:2px dashed #444;background:none;height:8px"'
    parts.append(f"<i {swatch}></i>{escape_html(t('map_legend_approx', lang))}<br>")
    parts.append('<i style="border-radius:50%;width:10px;background:#888"></i>'
                 f"{escape_html(t('map_legend_point', lang))}<br>")
    parts.append('<i style="border:2px solid #444;background:none;height:8px"></i>'
                 f"{escape_html(t('map_legend_kkt', lang))}<br>")
    missing = len(zones_without_location(zones))
    if missing:
        parts.append(escape_html(t("map_not_on_map", lang).format(n=missing)))
    return "".join(parts)


def build_zone_map(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, *, lang: Lang = "vi",
                   basemap: bool = True, choropleth: str | None = None,
                   province_stats: pd.DataFrame | None = None,
                   selected_zone_id: str | None = None,
                   offline: OfflineMode = "static", tools: bool = True,
                   lots: pd.DataFrame | None = None) -> folium.Map:
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
    lots : the store's lot register: a zone with lots shows its occupancy and leased land from
        them in the popup ("from the lot register"), as the land-use page does.

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
    labels = popup_labels(lang)
    kcn, kkt = _zone_features(zones, lang=lang, selected_zone_id=selected_zone_id,
                              styles=styles, lots=lots)
    if kkt:
        JsonLayer(kkt, styles, name=t("map_layer_kkt", lang), highlight=True,
                   popup_labels=labels, popup_js=POPUP_JS).add_to(m)
    JsonLayer(kcn, styles, name=t("map_layer_zones", lang), highlight=True,
               popup_labels=labels, popup_js=POPUP_JS).add_to(m)
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
