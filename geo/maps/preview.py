"""The import preview map: the new geometries of an upload over the stored ones.

Pure (returns a folium map; no Streamlit). Geometries are lon/lat degrees (EPSG:4326). Stored
zones are drawn grey, the upload's geometries red, on the same plain-Leaflet
:class:`geo.maps.zone_map.JsonLayer` as the zone map (data passed as data: escaped JSON, the script
added verbatim, never evaluated as a template; see :mod:`geo.maps.elements`). Every tooltip text and
layer name is escaped with :func:`geo.core.text.escape_html` (names come from the upload). Leaflet
is
served locally (:func:`geo.maps.assets.apply_assets`).
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd

from geo.core.text import escape_html
from geo.maps.assets import OfflineMode, apply_assets
from geo.maps.zone_map import JsonLayer, round_geometry

__all__ = ["build_preview_map"]


def _style(color: str, weight: int) -> dict[str, Any]:
    return {"color": color, "weight": weight, "fill": True, "fillColor": color,
            "fillOpacity": 0.15}


def _features(frame: gpd.GeoDataFrame, label: str) -> list[dict[str, Any]]:
    """GeoJSON features (lon/lat, rounded to 1e-6°) with the escaped tooltip ``label: name``."""
    keep = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    feats = []
    for _, row in keep.iterrows():
        name = row.get("name") if isinstance(row.get("name"), str) else row.get("zone_id")
        feats.append({"type": "Feature", "geometry": round_geometry(row.geometry),
                      "properties": {"s": 0, "t": escape_html(f"{label}: {name or '—'}")}})
    return feats


def build_preview_map(current: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame, *,
                      labels: tuple[str, str] = ("hiện có", "tệp nhập"),
                      offline: OfflineMode = "static") -> folium.Map:
    """Map of ``incoming`` (red) over ``current`` (grey), fitted to the incoming geometries.

    Parameters
    ----------
    current, incoming : layers in EPSG:4326 (lon/lat degrees); rows without a geometry are
        skipped; points are circle markers (5 px).
    labels : tooltip prefixes and layer names of the two layers (already in the UI language).
    offline : Leaflet assets ``static`` (app) or ``inline`` (a standalone file); no CDN.

    Returns
    -------
    folium.Map
        Every text escaped; no element that evaluates its text as a template.
    """
    m = folium.Map(tiles=None, control_scale=True)
    for frame, label, color, weight in ((current, labels[0], "#777777", 1),
                                        (incoming, labels[1], "#d62728", 3)):
        features = _features(frame.to_crs("EPSG:4326") if frame.crs is not None else frame,
                             label)
        if features:
            JsonLayer(features, [_style(color, weight)], name=label, point_radius=5).add_to(m)
    located = incoming[incoming.geometry.notna() & ~incoming.geometry.is_empty]
    if len(located):
        minx, miny, maxx, maxy = located.total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return apply_assets(m, offline=offline)
