"""The import preview map: the new geometries of an upload over the stored ones.

Pure (returns a folium map; no Streamlit). Geometries are lon/lat degrees (EPSG:4326). Stored
zones are drawn grey, the upload's geometries red; every tooltip text is HTML-escaped (names
come from the upload). Leaflet is served locally (:func:`geo.maps.assets.apply_assets`).
"""

from __future__ import annotations

import html
from typing import Any

import folium
import geopandas as gpd

from geo.maps.assets import OfflineMode, apply_assets


def _features(frame: gpd.GeoDataFrame, label: str) -> dict[str, Any]:
    keep = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    feats = []
    for _, row in keep.iterrows():
        name = row.get("name") if isinstance(row.get("name"), str) else row.get("zone_id")
        feats.append({"type": "Feature", "geometry": row.geometry.__geo_interface__,
                      "properties": {"tip": html.escape(f"{label}: {name or '—'}")}})
    return {"type": "FeatureCollection", "features": feats}


def build_preview_map(current: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame, *,
                      labels: tuple[str, str] = ("hiện có", "tệp nhập"),
                      offline: OfflineMode = "static") -> folium.Map:
    """Map of ``incoming`` (red) over ``current`` (grey), fitted to the incoming geometries.

    Parameters
    ----------
    current, incoming : layers in EPSG:4326; rows without a geometry are skipped.
    labels : tooltip prefixes for the two layers (already in the UI language).
    """
    m = folium.Map(tiles=None, control_scale=True)
    for frame, label, color, weight in ((current, labels[0], "#777777", 1),
                                        (incoming, labels[1], "#d62728", 3)):
        data = _features(frame, label)
        if not data["features"]:
            continue
        folium.GeoJson(
            data, name=html.escape(label),
            style_function=lambda _f, c=color, w=weight: {"color": c, "weight": w,
                                                         "fillOpacity": 0.15},
            marker=folium.CircleMarker(radius=5),
            tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        ).add_to(m)
    located = incoming[incoming.geometry.notna() & ~incoming.geometry.is_empty]
    if len(located):
        minx, miny, maxx, maxy = located.total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return apply_assets(m, offline=offline)
