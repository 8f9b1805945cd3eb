"""The lots over the map page's zone map: only what the view needs (issue 14).

The map reports its bounds and zoom (``st_folium`` returned objects ``bounds`` and ``zoom``,
only when there are lots to show); :func:`view_layer` asks
:func:`geo.maps.lots_layer.lots_in_view` for the lots of that view — each lot from zoom
:data:`~geo.maps.lots_layer.LOTS_MIN_ZOOM`, per-zone aggregates below it or over the budget —
and returns them as a feature group that streamlit-folium adds without reloading the map.
The zone map itself stays cached; a pan reruns the script but rebuilds nothing.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import streamlit as st

from geo.core.i18n import Lang, fmt_number, t
from geo.maps.elements import FeatureGroup
from geo.maps.lots_layer import LOTS_MIN_ZOOM, bbox_of_view, lots_in_view
from geo.maps.lots_map import lots_feature_group
from ui import data
from ui.mapview import MAP_KEY, RETURNED
from ui.state import get_filters

VIEW_RETURNED = [*RETURNED, "bounds", "zoom"]
"""What the map sends back when lots are shown: also its view, so a pan or zoom reruns."""
@st.cache_resource(show_spinner=False, max_entries=4)
def _lots(version: data.Version, zone_ids: tuple[str, ...] | None) -> gpd.GeoDataFrame | None:
    """The lots of the filtered zones, shared (never mutated) with a spatial index built once."""
    lots = data.lots()
    if lots.empty:
        return None
    if zone_ids is not None:
        lots = lots[lots["zone_id"].isin(zone_ids)]
    _ = lots.sindex  # build the index once per filter
    return lots


def _lots_of_filter() -> gpd.GeoDataFrame | None:
    f = get_filters()
    ids = None
    if f.provinces or f.kinds or f.statuses:
        ids = tuple(sorted(str(z) for z in data.filtered_zones()["zone_id"]))
    return _lots(data.version(), ids)


def returned() -> list[str] | None:
    """The map's returned objects: with the view when there are lots, else the default."""
    return VIEW_RETURNED if _lots_of_filter() is not None else None


def view_layer(lang: str) -> tuple[FeatureGroup | None, str | None]:
    """(feature group of the lots of the current view, a note saying what is shown) or
    (None, None) without lots. The view is the map's last reported one (the zones' extent and
    region zoom on the first run)."""
    lots = _lots_of_filter()
    if lots is None:
        return None, None
    value: Any = st.session_state.get(MAP_KEY)
    view = value if isinstance(value, dict) else {}
    bbox = bbox_of_view(view.get("bounds"))
    zoom = view.get("zoom")
    if bbox is None or not isinstance(zoom, int | float):
        bbox, zoom = tuple(float(v) for v in lots.total_bounds), 8  # type: ignore[assignment]
    code: Lang = "en" if lang == "en" else "vi"
    features, stats = lots_in_view(lots, bbox, float(zoom), lang=code)  # type: ignore[arg-type]
    if not stats.aggregated:
        note = t("lots_view_shown", code).format(
            n=fmt_number(stats.features, code, digits=0),
            kb=fmt_number(max(1, stats.bytes // 1000), code, digits=0))
    else:
        note = t("lots_view_zoom" if stats.reason == "zoom" else "lots_view_over", code).format(
            n=fmt_number(stats.in_view, code, digits=0), z=LOTS_MIN_ZOOM)
    return lots_feature_group(features, stats, lang=lang), note
