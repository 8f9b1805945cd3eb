"""Đất công nghiệp còn trống / Vacant industrial land: the lots an investor can lease now, across
the region, filtered by province and minimum lot size, with a download."""

from __future__ import annotations

import streamlit as st

from geo.core.i18n import fmt_ha, t
from geo.errors import AtlasError, user_message
from geo.exports.lots import export_lots
from geo.present.lots import has_synthetic, vacant_land, vacant_table
from geo.settings import PROVINCES_2024
from ui import data
from ui.state import get_filters, get_lang

lang = get_lang()
st.title(t("lots_title", lang))
st.caption(t("lots_intro", lang))

lots = data.lots()
if not len(lots):
    st.info(t("lots_none", lang))
    st.stop()
if has_synthetic(lots):
    st.warning(t("lots_synthetic_warning", lang), icon="⚠️")

left, right = st.columns([3, 1])
sidebar_provinces = [p for p in get_filters().provinces if p in {q.name for q in PROVINCES_2024}]
chosen = left.multiselect(t("filter_province", lang), [p.name for p in PROVINCES_2024],
                          default=sidebar_provinces, key="lots_provinces",
                          placeholder=t("filter_all", lang))
min_area = right.number_input(t("lots_min_area", lang), min_value=0.0, value=0.0, step=0.5,
                              key="lots_min_area")

vacant = vacant_land(lots, data.zones(), provinces=chosen, min_area_ha=float(min_area))
st.subheader(t("lots_found", lang).format(n=len(vacant),
                                          ha=fmt_ha(float(vacant["area_ha"].sum()), lang)))
st.dataframe(vacant_table(vacant, lang=lang), hide_index=True, key="lots_table")

if len(vacant):
    chosen_lots = lots[lots["lot_id"].isin(set(vacant["lot_id"]))
                       & lots["zone_id"].isin(set(vacant["zone_id"]))]
    cols = st.columns(3)
    for col, fmt, name in zip(cols, ("xlsx", "csv", "geojson"),
                              ("Excel", "CSV", "GeoJSON"), strict=True):
        try:
            payload = export_lots(chosen_lots, fmt=fmt)
        except AtlasError as exc:
            col.error(user_message(exc, lang))
            continue
        col.download_button(t("lots_download", lang).format(fmt=name), data=payload,
                            file_name=f"dat-cong-nghiep-con-trong.{fmt}", key=f"lots_dl_{fmt}")
