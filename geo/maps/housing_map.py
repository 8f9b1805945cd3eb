"""Folium map of worker-housing coverage (pure: returns a folium object, no streamlit).

Zones (EPSG:4326 footprints or points) are coloured by coverage (allocated supply / demand) on a
diverging scale centred on 100 % (red = deficit, blue = surplus); zones without demand or
without a workforce figure are grey "no data". Housing sites are circle markers whose area
grows with capacity (persons) and whose style shows the status. Around a selected zone the
commuting radius is drawn (geodesic metres) with a line to every site that reaches it.
Every text in a tooltip, popup, legend or layer name is escaped here with
:func:`geo.core.text.escape_html`. Only plain Leaflet is used (the layers and legend of
:mod:`geo.maps.zone_map`, the layer control of :mod:`geo.maps.elements`): no folium.Popup (needs
jQuery), no
folium tooltip, Circle, PolyLine or FeatureGroup (branca would evaluate their text as Jinja2
template source; see :mod:`geo.maps.elements`). The reach around a selected zone is a
:class:`geo.maps.layers.JsonLayer` too.
"""

from __future__ import annotations

import math
from typing import Any, Final

import folium
import geopandas as gpd
import numpy as np

from geo.accounts.housing import HousingResult, representative_lonlat
from geo.core.i18n import Lang, fmt_number, fmt_ratio, t
from geo.core.text import escape_html as _esc  # the one HTML escaper of every map
from geo.maps.assets import OfflineMode, apply_assets
from geo.maps.elements import LayerControl
from geo.maps.layers import JsonLayer, Legend, round_geometry
from geo.maps.zone_map import NO_DATA_COLOR
from geo.maps.zone_popup import safe_url

COVERAGE_BINS: Final = (0.1, 0.5, 1.0, 2.0)
"""Upper bounds of the coverage classes (fractions); the last class is ≥ 2."""
COVERAGE_COLORS: Final = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
"""ColorBrewer RdYlBu (5 classes), diverging at 100 % coverage."""
SITE_STYLES: Final[dict[str, dict[str, Any]]] = {
    "completed": {"color": "#1b7837", "fill_color": "#1b7837", "fill_opacity": 0.8,
                  "dash_array": None},
    "under_construction": {"color": "#8c510a", "fill_color": "#dfc27d", "fill_opacity": 0.6,
                           "dash_array": "4 3"},
    "planned": {"color": "#762a83", "fill_color": "#ffffff", "fill_opacity": 0.2,
                "dash_array": "2 4"},
}


def coverage_color(value: float | None) -> str:
    """Fill colour of a coverage ratio (fraction); missing/NaN → the no-data grey."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA_COLOR
    for bound, color in zip(COVERAGE_BINS, COVERAGE_COLORS, strict=False):
        if value < bound:
            return color
    return COVERAGE_COLORS[-1]


def site_radius_px(capacity: float | None) -> float:
    """Marker radius (px): area proportional to capacity (persons), 4-22 px; unknown → 4."""
    if capacity is None or not math.isfinite(capacity) or capacity <= 0:
        return 4.0
    return float(min(22.0, 4.0 + math.sqrt(capacity) / 8.0))



def _persons(value: Any, lang: Lang) -> str:
    return fmt_number(None if value is None else float(value), lang, digits=0)


def zone_popup_html(row: Any, lang: Lang = "vi") -> str:
    """Popup of a zone's housing figures (escaped)."""
    lines = [("housing_workforce", _persons(row["workforce"], lang)
              + f" ({t('housing_src_' + str(row['workforce_source']), lang)})"),
             ("housing_demand", _persons(row["demand_persons"], lang)),
             ("housing_supply_completed", _persons(row["supply_completed_persons"], lang)),
             ("housing_supply_pipeline", _persons(row["supply_pipeline_persons"], lang)),
             ("housing_coverage", fmt_ratio(row["coverage_ratio"], lang)),
             ("housing_deficit", _persons(row["deficit_persons"], lang))]
    cells = "".join(f"<tr><th>{_esc(t(k, lang))}</th><td>{_esc(v)}</td></tr>" for k, v in lines)
    return (f"<b>{_esc(row['name'])}</b><br>{_esc(row['province'])}"
            f"<table>{cells}</table>")


def site_popup_html(row: Any, lang: Lang = "vi") -> str:
    """Popup of a housing site (escaped; the source link only if http(s))."""
    url = safe_url(row.get("source_url"))
    link = (f'<a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">'
            f"{_esc(t('map_source', lang))}</a>" if url else "")
    capacity = _persons(row["capacity"], lang)
    return (f"<b>{_esc(row['name'])}</b><br>{_esc(t('housing_status_' + row['status'], lang))}"
            f"<br>{_esc(t('housing_capacity', lang))}: {_esc(capacity)} "
            f"({_esc(t('housing_cap_' + str(row['capacity_source']), lang))})"
            f"<br>{_esc(t('housing_zones_reached', lang))}: {_esc(row['zones_reached'] or '—')}"
            f"<br>{link}")


def _legend_html(lang: Lang) -> str:
    """Legend of the coverage classes and the site statuses (escaped; ``kcn-legend`` style)."""
    labels = ["< 10 %", "10-50 %", "50-100 %", "100-200 %", "≥ 200 %"]
    rows = [f'<i style="background:{c}"></i>{_esc(label)}'
            for c, label in zip(COVERAGE_COLORS, labels, strict=True)]
    rows.append(f'<i style="background:{NO_DATA_COLOR}"></i>{_esc(t("housing_no_demand", lang))}')
    for status, style in SITE_STYLES.items():
        rows.append(f'<i style="border:2px solid {style["color"]};background:'
                    f'{style["fill_color"]};border-radius:50%;width:10px;height:10px"></i>'
                    f"{_esc(t('housing_status_' + status, lang))}")
    return f"<b>{_esc(t('housing_coverage', lang))}</b><br>" + "<br>".join(rows)


def _style_index(styles: list[dict[str, Any]], style: dict[str, Any]) -> int:
    if style not in styles:
        styles.append(style)
    return styles.index(style)


def _zone_features(located: gpd.GeoDataFrame, lang: Lang) -> tuple[list[dict[str, Any]],
                                                                   list[dict[str, Any]]]:
    """(features, styles) of the located zones, filled by coverage class."""
    styles: list[dict[str, Any]] = []
    features = []
    for _, row in located.iterrows():
        color = coverage_color(row["coverage_ratio"])
        point = row.geometry.geom_type == "Point"
        style = {"color": "#333", "weight": 1, "fill": True, "fillColor": color,
                 "fillOpacity": 0.8 if point else 0.65}
        features.append({"type": "Feature", "geometry": round_geometry(row.geometry),
                         "properties": {
                             "zone_id": str(row["zone_id"]), "s": _style_index(styles, style),
                             "t": f"{_esc(row['name'])}: "
                                  f"{_esc(fmt_ratio(row['coverage_ratio'], lang))}",
                             "p": zone_popup_html(row, lang)}})
    return features, styles


def _site_features(sites: gpd.GeoDataFrame, lang: Lang) -> tuple[list[dict[str, Any]],
                                                                 list[dict[str, Any]]]:
    """(features, styles) of the located housing sites: circle markers sized by capacity."""
    styles: list[dict[str, Any]] = []
    features = []
    for _, row in sites.iterrows():
        spec = SITE_STYLES[row["status"]]
        style: dict[str, Any] = {"color": spec["color"], "weight": 2, "fill": True,
                                 "fillColor": spec["fill_color"],
                                 "fillOpacity": spec["fill_opacity"]}
        if spec["dash_array"]:
            style["dashArray"] = spec["dash_array"]
        point = row.geometry.representative_point()
        features.append({"type": "Feature", "geometry": round_geometry(point),
                         "properties": {"s": _style_index(styles, style),
                                        "px": round(site_radius_px(row["capacity"]), 1),
                                        "t": _esc(row["name"]),
                                        "p": site_popup_html(row, lang)}})
    return features, styles


def build_housing_map(result: HousingResult, *, lang: Lang = "vi",
                      selected_zone_id: str | None = None, basemap: bool = True,
                      offline: OfflineMode = "static") -> folium.Map:
    """The coverage map of a :class:`geo.accounts.housing.HousingResult`.

    Built from the same plain-Leaflet pieces as :func:`geo.maps.zone_map.build_zone_map` (no
    jQuery, no CDN: :func:`geo.maps.assets.apply_assets`); build a new map for every render
    (streamlit-folium renames element ids while rendering).

    Parameters
    ----------
    result : the analysis; its zones and sites are EPSG:4326 (lon/lat degrees).
    lang : language of the legend, tooltips and popups.
    selected_zone_id : zone around which to draw the commuting radius and its sites.
    basemap : add OpenStreetMap tiles (the only part needing the internet).
    offline : Leaflet assets ``static`` (app) or ``inline`` (a standalone file); no CDN.
    """
    zones = result.zones.to_crs("EPSG:4326")
    sites = result.sites.to_crs("EPSG:4326")
    located = zones[zones["located"]]
    located_sites = sites[sites["located"]]
    extent = located if not located.empty else located_sites
    minx, miny, maxx, maxy = extent.total_bounds if not extent.empty else (105, 20, 108, 22)
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=8, tiles=None,
                   control_scale=True)
    apply_assets(m, offline=offline)
    if basemap:
        folium.TileLayer("OpenStreetMap", name=t("map_basemap_osm", lang)).add_to(m)
    features, styles = _zone_features(located, lang)
    JsonLayer(features, styles, name=t("housing_map_zones", lang), highlight=True).add_to(m)
    features, styles = _site_features(located_sites, lang)
    JsonLayer(features, styles, name=t("housing_map_sites", lang)).add_to(m)
    if selected_zone_id is not None and selected_zone_id in result.zone_order:
        _draw_reach(m, result, selected_zone_id, lang)
    Legend(_legend_html(lang), title=t("map_legend", lang), collapsed=False).add_to(m)
    LayerControl(collapsed=True).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


REACH_STYLES: Final[list[dict[str, Any]]] = [
    {"color": "#000", "weight": 2, "fill": False, "dashArray": "8 6"},
    {"color": "#000", "weight": 2},
]
"""Styles of the reach layer: the commuting circle (0) and the lines to the sites (1)."""


def _draw_reach(m: folium.Map, result: HousingResult, zone_id: str, lang: Lang) -> None:
    """The radius around ``zone_id`` and a line to each site reaching it (one JsonLayer).

    The circle is a Point with ``r`` = the radius in metres (geodesic, Leaflet ``L.circle``);
    each line goes from the zone's representative point to the site's (lon/lat degrees).
    """
    zone = result.zones[result.zones["zone_id"] == zone_id]
    lon, lat = representative_lonlat(gpd.GeoDataFrame(zone, crs=result.zones.crs))
    if not np.isfinite(lon[0]):
        return
    centre = [round(float(lon[0]), 6), round(float(lat[0]), 6)]
    tip = f"{zone.iloc[0]['name']}: {fmt_number(result.params.radius_km, lang)} km"
    features: list[dict[str, Any]] = [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": centre},
        "properties": {"s": 0, "r": round(result.params.radius_km * 1000.0, 1),
                       "t": _esc(tip)}}]
    reaching = result.sites_reaching(zone_id)
    slon, slat = representative_lonlat(reaching)
    for x, y, name in zip(slon, slat, reaching["name"], strict=True):
        if np.isfinite(x):
            features.append({"type": "Feature", "geometry": {
                "type": "LineString",
                "coordinates": [centre, [round(float(x), 6), round(float(y), 6)]]},
                "properties": {"s": 1, "t": _esc(name)}})
    JsonLayer(features, REACH_STYLES, name=t("housing_map_reach", lang)).add_to(m)
