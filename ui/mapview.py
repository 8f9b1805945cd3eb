"""The map component of the map page (its options, the folium map, the zone a click selected).

The map is built by :func:`geo.maps.zone_map.build_zone_map` once per data version and options
and cached with ``st.cache_data`` (issue 14: seconds at 20,000 zones). ``st.cache_data`` returns
a fresh unpickled copy on every run, so no folium.Map is rendered twice (streamlit-folium renames
a map's element ids while rendering it, so a map rendered twice breaks). It is rendered with
``st_folium(..., returned_objects=["last_active_drawing", "last_object_clicked"])``: only a
click on a map object reruns the script, never panning or zooming.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.accounts.landuse import summarize
from geo.core.i18n import Lang, t
from geo.maps import zone_map as mapping
from geo.maps.assets import ensure_static_assets
from geo.maps.elements import FeatureGroup
from ui import data
from ui.state import get_edition, get_filters, get_period, page_param, set_page_param

RETURNED = ["last_active_drawing", "last_object_clicked", "last_clicked"]
"""What the component sends back: the clicked feature (with ``zone_id``), where it was hit, and
the clicked point (its VN-2000 coordinates are shown under the map)."""

MAP_HEIGHT = 620
"""Height of the zone map (px): with the title above, it fits a 1440 × 900 window."""

MAP_KEY = "zone_map"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@st.cache_resource(show_spinner=False)
def _static_assets() -> bool:
    """Copy Leaflet from the installed package to ``./static`` once per server process."""
    ensure_static_assets(STATIC_DIR)
    return True


def options(lang: Lang) -> tuple[bool, str | None]:
    """The map options (basemap on, choropleth metric), mirrored in the link.

    ``?basemap=0`` turns the basemap off (absent: on); ``?shade=<metric>`` shades the provinces
    by one of :data:`geo.maps.zone_map.CHOROPLETH_METRICS`. Read on the page's first run (an invalid
    value is ignored with a warning), written back on every run.
    """
    if "map_basemap" not in st.session_state:
        shown, warning = page_param("basemap", {"0", "1"})
        if warning:
            st.warning(warning, icon="⚠️")
        st.session_state["map_basemap"] = shown != "0"
        shade, warning = page_param("shade", set(mapping.CHOROPLETH_METRICS))
        if warning:
            st.warning(warning, icon="⚠️")
        st.session_state["map_choropleth"] = shade
    with st.expander(t("map_options", lang)):
        basemap = st.toggle(t("basemap", lang), key="map_basemap")
        choropleth = st.selectbox(t("choropleth", lang), [None, *mapping.CHOROPLETH_METRICS],
                                  key="map_choropleth",
                                  placeholder=t("choropleth_none", lang),
                                  format_func=lambda m: t("choropleth_none", lang) if m is None
                                  else t(m, lang))
    set_page_param("basemap", None if basemap else "0")
    set_page_param("shade", choropleth)
    return bool(basemap), choropleth


def zone_map(*, lang: str, basemap: bool, choropleth: str | None,
             selected: str | None) -> folium.Map:
    """A map of the filtered zones for the current view (a fresh copy of the cached one)."""
    _static_assets()
    f = get_filters()
    return _cached_map(data.version(), get_period(), int(get_edition()), tuple(f.provinces),
                       tuple(f.kinds), tuple(f.statuses), lang=lang, basemap=basemap,
                       choropleth=choropleth, selected=selected)


@st.cache_data(show_spinner=False, max_entries=16)
def _cached_map(version: data.Version, period: str | None, edition: int,
                provinces: tuple[str, ...], kinds: tuple[str, ...], statuses: tuple[str, ...],
                *, lang: str, basemap: bool, choropleth: str | None,
                selected: str | None) -> folium.Map:
    """The map for a data version, filters and options (the arguments are the cache key; the
    zones are the cached loader's for the same filters)."""
    return _build_map(lang=lang, basemap=basemap, choropleth=choropleth, selected=selected)


def _build_map(*, lang: str, basemap: bool, choropleth: str | None,
               selected: str | None) -> folium.Map:
    zones = data.filtered_zones()
    edition = get_edition()
    stats = None
    if choropleth is not None:
        by = "province_2025" if edition == 2025 else "province"
        stats = pd.DataFrame(summarize(zones, by=by, edition=edition, lots=data.lots()).rows)
    return mapping.build_zone_map(zones, data.provinces(edition),
                                  lang="en" if lang == "en" else "vi", basemap=basemap,
                                  choropleth=choropleth, province_stats=stats,
                                  selected_zone_id=selected, lots=data.lots())


def render(m: folium.Map, *, height: int = 600, key: str = MAP_KEY,
           returned: list[str] | None = None,
           feature_group: FeatureGroup | None = None) -> dict[str, Any]:
    """Show a map built for this run (Leaflet served locally); returns the component's value.

    ``returned`` (default :data:`RETURNED`) lists the keys sent back; ``[]`` for a map whose
    clicks need no rerun. ``feature_group`` is drawn over the map without reloading it (the
    lots of the view). Every page's folium map goes through here (same assets, same rules).
    """
    _static_assets()
    value = st_folium(m, key=key, height=height, use_container_width=True,
                      returned_objects=RETURNED if returned is None else returned,
                      feature_group_to_add=feature_group)
    return value if isinstance(value, dict) else {}


def clicked_zone(value: dict[str, Any], zone_ids: set[str]) -> tuple[str, str] | None:
    """(zone id, click identity) of the zone feature clicked last, or None.

    A click on a province (no ``zone_id``) or on a zone outside ``zone_ids`` gives None. The
    identity (id + where the click hit) tells a new click from the value of an earlier one.
    """
    feature = value.get("last_active_drawing") or {}
    props = feature.get("properties") if isinstance(feature, dict) else None
    zone_id = props.get("zone_id") if isinstance(props, dict) else None
    if not isinstance(zone_id, str) or zone_id not in zone_ids:
        return None
    return zone_id, f"{zone_id}@{value.get('last_object_clicked')}"
