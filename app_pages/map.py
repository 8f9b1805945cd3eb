"""Bản đồ / Map: the region's headline, the zone map, the selected zone's card, the zone table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.core.i18n import t
from geo.core.text import md_escape
from geo.maps import zone_map as mapping
from geo.present.landuse import zone_card, zone_table
from geo.present.lots import zone_lots_caption, zone_lots_table
from ui import data, headline, lotsview, mapview
from ui.state import get_lang, page_param, set_page_param

lang = get_lang()
st.title(t("page_map", lang))
headline.render(lang)

zones = data.filtered_zones()
ids = [str(z) for z in zones["zone_id"]]
names = dict(zip(ids, zones["name"], strict=True))
all_names = dict(zip(data.zones()["zone_id"], data.zones()["name"], strict=True))

# The selected zone: from the link (?zone=...) on arrival, then from clicks, the table or the box.
if "map_zone" not in st.session_state:
    chosen, warning = page_param("zone", set(ids))
    if warning:
        st.warning(warning, icon="⚠️")
    st.session_state["map_zone"] = chosen
    st.session_state["map_zone_src"] = "link"
if st.session_state.get("map_zone") not in (None, *ids):
    st.session_state["map_zone"] = None

basemap, choropleth = mapview.options(lang)  # mirrored in the link (?basemap=0, ?shade=)

if zones.empty:
    st.info(t("no_zones_selected", lang))
# A zone picked by clicking is not re-outlined on the map: a new map would reset the view.
outline = None if st.session_state.get("map_zone_src") == "map" else st.session_state["map_zone"]
map_col, card_col = st.columns([3, 2])
with map_col:
    m = mapview.zone_map(lang=lang, basemap=basemap, choropleth=choropleth, selected=outline)
    lots_layer, lots_note = lotsview.view_layer(lang)  # only the lots the view needs
    value = mapview.render(m, feature_group=lots_layer, returned=lotsview.returned())
    if lots_note:
        st.caption(lots_note)
click = mapview.clicked_zone(value, set(ids))
if click is not None and click[1] != st.session_state.get("map_last_click"):
    st.session_state["map_last_click"] = click[1]
    st.session_state["map_zone"] = click[0]
    st.session_state["map_zone_src"] = "map"

unlocated = mapping.zones_without_location(zones)
if len(unlocated):
    with st.expander(t("not_on_map", lang).format(n=len(unlocated))):
        st.write(md_escape(", ".join(str(n) for n in unlocated["name"])))

table = zone_table(zones, lang=lang)
event = st.dataframe(table.styled(highlight=st.session_state.get("map_zone")), hide_index=True,
                     key="map_table", on_select="rerun", selection_mode="single-row",
                     height=320)
rows = tuple(event.selection.rows) if event is not None else ()
if rows and rows != st.session_state.get("map_table_rows"):
    st.session_state["map_zone"] = ids[rows[0]]
    st.session_state["map_zone_src"] = "table"
st.session_state["map_table_rows"] = rows


def _picked() -> None:
    st.session_state["map_zone_src"] = "select"


with card_col:
    st.selectbox(t("select_zone", lang), [None, *ids], key="map_zone", on_change=_picked,
                 format_func=lambda z: t("no_zone", lang) if z is None else str(names.get(z, z)),
                 placeholder=t("no_zone", lang), help=t("click_hint", lang))
selected = st.session_state.get("map_zone")
set_page_param("zone", selected)

with card_col:
    if selected is None:
        st.caption(t("click_hint", lang))
    else:
        row = zones.loc[zones["zone_id"] == selected].iloc[0]
        parent = row.get("parent_zone_id")
        card = zone_card(row.to_dict(), lang=lang, parent_name=all_names.get(parent))
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
            url = mapping.safe_url(row.get("source_url"))
            if url:
                st.link_button(t("source", lang), url)
