"""The map page's tools: zone search without diacritics, the clicked point's VN-2000
coordinates, and the printable view (PNG / PDF drawn on the server)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from geo.accounts.landuse import describe_filters, summarize
from geo.core.i18n import Lang, fmt_ha, t
from geo.core.text import md_escape
from geo.maps.static_map import view_map_image
from geo.present.coords import point_readout
from geo.present.search import search_zones
from ui import data
from ui.state import get_edition, get_filters, get_period

SEARCH_KEY = "map_search"


def search_box(lang: Lang, names: Mapping[str, str]) -> None:
    """A text box finding zones by name, accents optional ("que vo" → "KCN Quế Võ").

    On change the best match becomes the selected zone (``map_zone``): the map zooms to it and
    outlines it, the card shows it.
    """
    def _search() -> None:
        found = search_zones(names, st.session_state.get(SEARCH_KEY, ""))
        st.session_state["map_search_found"] = len(found)
        if found:
            st.session_state["map_zone"] = found[0]
            st.session_state["map_zone_src"] = "search"

    query = st.text_input(t("zone_search", lang), key=SEARCH_KEY, on_change=_search)
    if query:
        n = st.session_state.get("map_search_found", 0)
        zone = st.session_state.get("map_zone")
        if n and zone in names:
            st.caption(md_escape(t("zone_search_found", lang).format(n=n, name=names[zone])))
        elif not n:
            st.caption(md_escape(t("zone_search_none", lang).format(q=query)))


CLICKS_KEY = "map_clicks"
"""Session key of the clicks the map reported last run (see :func:`latest_click`)."""
_CLICK_KEYS = ("last_clicked", "last_object_clicked")


def _point(value: object) -> dict[str, Any] | None:
    return value if isinstance(value, dict) and "lat" in value and "lng" in value else None


def latest_click(value: Mapping[str, Any], seen: Mapping[str, Any]
                 ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The point the user clicked last, and what to remember for the next run.

    streamlit-folium reports a click on the map's background as ``last_clicked`` and a click
    on a zone as ``last_object_clicked`` (the point clicked), and keeps both; the one that
    changed since the previous run (``seen``, what this returned then) is the newest (a zone
    click when both did). Nothing new: the point shown before.
    """
    now = {key: _point(value.get(key)) for key in _CLICK_KEYS}
    changed = [key for key in _CLICK_KEYS if now[key] is not None and now[key] != seen.get(key)]
    chosen = now[changed[-1]] if changed else seen.get("chosen")
    return chosen, {**now, "chosen": chosen}


def readout(value: Mapping[str, Any], lang: Lang) -> None:
    """Caption under the map: the clicked point (on the background or on a zone) in WGS 84
    and its province's VN-2000."""
    clicked, seen = latest_click(value, st.session_state.get(CLICKS_KEY, {}))
    st.session_state[CLICKS_KEY] = seen
    if clicked is None:
        st.caption(t("click_point_hint", lang))
        return
    text = point_readout(float(clicked["lng"]), float(clicked["lat"]), data.provinces(2024),
                         lang=lang)
    st.caption(md_escape(text))


def _view_file(fmt: str, lang: Lang, selected: str | None) -> bytes:
    zones = data.filtered_zones()
    edition = get_edition()
    filters = get_filters()
    total = summarize(zones, by="region", edition=edition, filters=filters.as_kwargs(),
                      lots=data.lots()).total
    words = describe_filters(filters.as_kwargs(), lang=lang)
    scope = words or t("map_print_scope_all", lang)
    caption = t("map_print_caption", lang).format(
        n=len(zones), planned=fmt_ha(total.get("planned_area_ha"), lang),
        in_use=fmt_ha(total.get("in_use_area_ha"), lang),
        building=fmt_ha(total.get("under_construction_area_ha"), lang),
        period=get_period() or t("map_print_period_latest", lang))
    if selected is not None and selected in set(zones["zone_id"]):
        name = zones.loc[zones["zone_id"] == selected, "name"].iloc[0]
        caption += " " + t("map_print_selected", lang).format(name=name)
    return view_map_image(zones, data.provinces(edition), lang=lang, selected_zone_id=selected,
                          title=t("map_print_title", lang).format(scope=scope),
                          caption=caption, fmt="pdf" if fmt == "pdf" else "png")


def print_buttons(lang: Lang, selected: str | None) -> None:
    """"Tải ảnh bản đồ": the current selection's map with legend and figures, PNG and PDF.

    The files are drawn only when a button is clicked (matplotlib on the server, offline).
    """
    st.caption(f"**{t('map_print', lang)}** — {t('map_print_help', lang)}")
    left, right = st.columns(2)
    for col, fmt, mime in ((left, "png", "image/png"), (right, "pdf", "application/pdf")):
        col.download_button(t(f"map_print_{fmt}", lang),
                            lambda fmt=fmt: _view_file(fmt, lang, selected),
                            file_name=f"ban-do-khu-cong-nghiep.{fmt}", mime=mime,
                            key=f"map_print_{fmt}", icon=":material/download:")
