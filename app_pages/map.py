"""Bản đồ / Map: the map first (search, tools, the selected zone's card beside it), then the
region's headline and the zone table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core.i18n import t
from geo.core.text import md_escape
from geo.maps import zone_map as mapping
from geo.maps.zone_popup import safe_url
from geo.present.landuse import zone_card, zone_table
from geo.present.lots import zone_lots_caption, zone_lots_table
from ui import data, headline, lotsview, maptools, mapview
from ui.state import get_lang, page_param, set_page_param
from ui.tables import capped_dataframe

lang = get_lang()
st.title(t("page_map", lang))

zones = data.filtered_zones()
ids = [str(z) for z in zones["zone_id"]]
names = dict(zip(ids, zones["name"], strict=True))
all_names = dict(zip(data.zones()["zone_id"], data.zones()["name"], strict=True))

# The selected zone: from the link (?zone=...) on arrival, then from clicks, the table, the
# search or the box.
if "map_zone" not in st.session_state:
    chosen, warning = page_param("zone", set(ids))
    if warning:
        st.warning(warning, icon="⚠️")
    st.session_state["map_zone"] = chosen
    st.session_state["map_zone_src"] = "link"
if "map_zone_pending" in st.session_state:  # picked on the map or in the table (last run)
    st.session_state["map_zone"] = st.session_state.pop("map_zone_pending")
if st.session_state.get("map_zone") not in (None, *ids):
    st.session_state["map_zone"] = None

if zones.empty:
    st.info(t("no_zones_selected", lang))


def _picked() -> None:
    st.session_state["map_zone_src"] = "select"


# The map first, fitted to a 900 px high window; search, options and the zone card beside it.
map_col, card_col = st.columns([5, 2])
with card_col:
    maptools.search_box(lang, names)
    st.selectbox(t("select_zone", lang), [None, *ids], key="map_zone", on_change=_picked,
                 format_func=lambda z: t("no_zone", lang) if z is None else str(names.get(z, z)),
                 placeholder=t("no_zone", lang), help=t("click_hint", lang))
    basemap, choropleth = mapview.options(lang)  # mirrored in the link (?basemap=0, ?shade=)
# A zone picked by clicking is not re-outlined on the map: a new map would reset the view.
# Picked anywhere else (search, box, table, link), the map zooms to it and outlines it.
outline = None if st.session_state.get("map_zone_src") == "map" else st.session_state["map_zone"]
with map_col:
    m = mapview.zone_map(lang=lang, basemap=basemap, choropleth=choropleth, selected=outline)
    lots_layer, lots_note = lotsview.view_layer(lang)  # only the lots the view needs
    value = mapview.render(m, feature_group=lots_layer, returned=lotsview.returned(),
                           height=mapview.MAP_HEIGHT)
    maptools.readout(value, lang)
    if lots_note:
        st.caption(lots_note)
click = mapview.clicked_zone(value, set(ids))
if click is not None and click[1] != st.session_state.get("map_last_click"):
    st.session_state["map_last_click"] = click[1]
    st.session_state["map_zone_pending"] = click[0]  # the box above is drawn: set on rerun
    st.session_state["map_zone_src"] = "map"
    st.rerun()

table = zone_table(zones, lang=lang, lots=data.lots())  # the land-use page's accounts
headline.render(lang)
unlocated = mapping.zones_without_location(zones)
if len(unlocated):
    with st.expander(t("not_on_map", lang).format(n=len(unlocated))):
        st.write(md_escape(", ".join(str(n) for n in unlocated["name"])))
shown, event = capped_dataframe(table, lang, highlight=st.session_state.get("map_zone"),
                                hide_index=True, key="map_table", on_select="rerun",
                                selection_mode="single-row", height=320)
rows = tuple(event.selection.rows) if event is not None else ()
if rows and rows != st.session_state.get("map_table_rows"):
    st.session_state["map_zone_pending"] = shown.ids[rows[0]]
    st.session_state["map_zone_src"] = "table"
    st.session_state["map_table_rows"] = rows
    st.rerun()  # the map, drawn above, zooms to the zone picked in the table
st.session_state["map_table_rows"] = rows
selected = st.session_state.get("map_zone")
set_page_param("zone", selected)

with card_col:
    maptools.print_buttons(lang, selected)
    if selected is None:
        st.caption(t("click_hint", lang))
    else:
        row = zones.loc[zones["zone_id"] == selected].iloc[0]
        parent = row.get("parent_zone_id")
        card = zone_card(row.to_dict(), lang=lang, parent_name=all_names.get(parent),
                         lots=data.lots())
        with st.container(border=True):
            st.subheader(f"{t('zone_detail', lang)}: {md_escape(row['name'])}")
            # st.table renders Markdown in every cell: the zone's values are escaped
            st.table(pd.DataFrame({"": [md_escape(v) for _, v in card]},
                                  index=[md_escape(k) for k, _ in card]))
            zone_lots = data.lots()
            if (zone_lots["zone_id"] == selected).any():  # the lot register: by use and status
                st.caption(md_escape(t("lots_zone_heading", lang) + " — " + zone_lots_caption(
                    zone_lots, selected, zone_area_ha=row.get("planned_area_ha"), lang=lang)))
                st.dataframe(zone_lots_table(zone_lots, selected, lang=lang), hide_index=True)
            url = safe_url(row.get("source_url"))
            if url:
                st.link_button(t("source", lang), url)
