"""Giới thiệu & nguồn / About & sources: what the tool is, data sources, caveats, licences."""

from __future__ import annotations

import streamlit as st

from geo.core.i18n import fmt_number, t
from ui import data
from ui.state import get_lang

lang = get_lang()
st.title(t("page_about", lang))
st.write(t("about_intro", lang))

zones = data.zones()
st.caption(f"{t('zones', lang)}: {fmt_number(len(zones), lang, digits=0)} · "
           f"{t('not_on_map', lang).format(n=int(zones.geometry.isna().sum()))}")

st.subheader(t("about_caveats", lang))
st.markdown(t("about_caveats_text", lang))

st.subheader(t("about_sources", lang))
st.markdown(t("about_sources_text", lang).format(n=fmt_number(len(zones), lang, digits=0)))
for relative, text in data.source_notes().items():
    with st.expander(t("about_details", lang).format(file=f"data/{relative}")):
        st.markdown(text)

st.subheader(t("about_licences", lang))
st.markdown(t("about_licences_text", lang))

st.subheader(t("about_licence", lang))
st.markdown(t("about_licence_text", lang))
