"""The import preview map: the new geometries of an upload over the stored ones.

Pure (returns a folium map; no Streamlit). Geometries are lon/lat degrees (EPSG:4326). Stored
zones are drawn grey, the upload's geometries red, on the same plain-Leaflet
:class:`geo.maps.layers.JsonLayer` as the zone map (data passed as data: escaped JSON, the script
added verbatim, never evaluated as a template; see :mod:`geo.maps.elements`). Every tooltip text and
layer name is escaped with :func:`geo.core.text.escape_html` (names come from the upload). Leaflet
is
served locally (:func:`geo.maps.assets.apply_assets`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import folium
import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.core.i18n import Lang, t
from geo.core.text import escape_html
from geo.maps.assets import OfflineMode, apply_assets
from geo.maps.layers import JsonLayer, Legend, round_geometry

__all__ = ["OLD_COLOR", "build_preview_map", "replaced_footprints"]

CURRENT_COLOR: Final = "#777777"
OLD_COLOR: Final = "#1f5fbf"
"""Colour of a matched zone's old footprint (dashed), which the upload replaces."""
INCOMING_COLOR: Final = "#d62728"


def _style(color: str, weight: int, dash: str | None = None) -> dict[str, Any]:
    style: dict[str, Any] = {"color": color, "weight": weight, "fill": True,
                             "fillColor": color, "fillOpacity": 0.15}
    if dash:
        style["dashArray"] = dash
    return style


def replaced_footprints(diffs: Iterable[Any]) -> gpd.GeoDataFrame:
    """The stored footprints an import replaces (EPSG:4326): one row (``zone_id``, ``name``,
    geometry) per diff (:class:`geo.store.base.ZoneDiff`) whose ``geometry`` changes from
    a known shape. The plan's state already holds the new shapes; these are the old ones."""
    rows = [{"zone_id": d.zone_id, "name": d.name, "geometry": c.old}
            for d in diffs for c in d.changes
            if c.field == "geometry" and isinstance(c.old, BaseGeometry) and not c.old.is_empty]
    return gpd.GeoDataFrame(rows, columns=["zone_id", "name", "geometry"], geometry="geometry",
                            crs="EPSG:4326")


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
                      labels: tuple[str, ...] = ("hiện có", "tệp nhập"),
                      replaced: gpd.GeoDataFrame | None = None, legend: str | None = None,
                      lang: Lang | None = None, offline: OfflineMode = "static") -> folium.Map:
    """Map of ``incoming`` (red) over ``current`` (grey) and the matched zones' old footprints
    (blue, dashed), fitted to the incoming geometries and the old footprints they replace.

    Parameters
    ----------
    current, incoming : layers in EPSG:4326 (lon/lat degrees); rows without a geometry are
        skipped; points are circle markers (5 px).
    labels : tooltip prefixes and layer names of the layers: current, incoming and (third,
        optional) old footprints (already in the UI language).
    replaced : the old footprints the import replaces (:func:`replaced_footprints`), so the
        old and new shapes of a matched zone show together; a zone 9 km off shows as two shapes.
    legend : plain text of the legend (escaped here); none without it.
    lang : when given, the labels and the legend in that language (``labels``/``legend`` unused).
    offline : Leaflet assets ``static`` (app) or ``inline`` (a standalone file); no CDN.

    Returns
    -------
    folium.Map
        Every text escaped; no element that evaluates its text as a template.
    """
    if lang is not None:
        labels = (t("ws_layer_current", lang), t("ws_layer_incoming", lang),
                  t("ws_layer_old", lang))
        legend = t("ws_preview_legend", lang)
    m = folium.Map(tiles=None, control_scale=True)
    old_label = labels[2] if len(labels) > 2 else "ranh giới cũ"
    layers = [(current, labels[0], _style(CURRENT_COLOR, 1))]
    if replaced is not None and len(replaced):
        layers.append((replaced, old_label, _style(OLD_COLOR, 3, "6 4")))
    layers.append((incoming, labels[1], _style(INCOMING_COLOR, 3)))
    for frame, label, style in layers:
        features = _features(frame.to_crs("EPSG:4326") if frame.crs is not None else frame,
                             label)
        if features:
            JsonLayer(features, [style], name=label, point_radius=5).add_to(m)
    shown = [f for f in (incoming, replaced) if f is not None and len(f)]
    located = [f[f.geometry.notna() & ~f.geometry.is_empty] for f in shown]
    bounds = [f.to_crs("EPSG:4326").total_bounds for f in located if len(f)]
    if bounds:
        m.fit_bounds([[min(b[1] for b in bounds), min(b[0] for b in bounds)],
                      [max(b[3] for b in bounds), max(b[2] for b in bounds)]])
    if legend:
        Legend(escape_html(legend)).add_to(m)
    return apply_assets(m, offline=offline)
