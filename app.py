"""KCN Atlas — Streamlit entry point: page config, shared sidebar, navigation.

Run with ``make run`` (``streamlit run app.py``). The sidebar (language, province edition,
filters) is shared by every page through ``st.session_state`` (``ui.state``) and mirrored in the
URL query string, so a link opens the same view.
"""

from __future__ import annotations

import streamlit as st

from geo.errors import AtlasError
from geo.i18n import t
from geo.settings import KINDS, ZONE_STATUSES
from ui import data, state

st.set_page_config(page_title="KCN Atlas", page_icon="🏭", layout="wide")

warnings = state.init_state(periods=data.safe_zone_periods)
lang = state.get_lang()

PAGES = [  # URL paths differ from the file names (see tests/test_app_frame.py)
    st.Page("pages/map.py", title=t("page_map", lang), icon="🗺️", url_path="ban-do", default=True),
    st.Page("pages/landuse.py", title=t("page_landuse", lang), icon="📊", url_path="su-dung-dat"),
    st.Page("pages/housing.py", title=t("page_housing", lang), icon="🏘️",
            url_path="nha-o-cong-nhan"),
    st.Page("pages/importer.py", title=t("page_importer", lang), icon="📥",
            url_path="nhap-du-lieu"),
    st.Page("pages/export.py", title=t("page_export", lang), icon="📤", url_path="xuat-du-lieu"),
    st.Page("pages/about.py", title=t("page_about", lang), icon="ℹ️", url_path="gioi-thieu"),
]
page = st.navigation(PAGES)


def _sidebar() -> None:
    """The shared sidebar: view (language, edition, period) and filters."""
    with st.sidebar:
        st.subheader(t("sidebar_view", lang))
        st.radio(t("language", lang), ["vi", "en"], key=state.KEY_LANG, horizontal=True,
                 format_func=lambda v: "Tiếng Việt" if v == "vi" else "English")
        st.radio(t("edition", lang), [2024, 2025], key=state.KEY_EDITION,
                 format_func=lambda e: t(f"edition_{e}", lang),
                 on_change=state.on_edition_change)
        periods = data.safe_zone_periods()
        if state.get_period() not in (None, *periods):
            st.session_state[state.KEY_PERIOD] = None
        st.selectbox(t("period", lang), [None, *periods], key=state.KEY_PERIOD,
                     format_func=lambda p: t("period_latest", lang) if p is None else p)
        st.subheader(t("sidebar_filters", lang))
        edition = state.get_edition()
        outside = "" if edition == 2024 else f" ({t('outside_delta_2025', lang)})"
        st.multiselect(t("filter_province", lang), state.province_options(edition),
                       key=state.KEY_PROVINCES, placeholder=t("filter_all", lang),
                       format_func=lambda p: p + outside if p == "Phú Thọ" else p)
        st.multiselect(t("filter_kind", lang), list(KINDS), key=state.KEY_KINDS,
                       placeholder=t("filter_all", lang),
                       format_func=lambda k: t(f"kind_{k}", lang))
        st.multiselect(t("filter_status", lang), list(ZONE_STATUSES), key=state.KEY_STATUSES,
                       placeholder=t("filter_all", lang),
                       format_func=lambda s: t(f"status_{s}", lang))
        try:
            n, total = len(data.filtered_zones()), len(data.zones())
            st.caption(t("selection_count", lang).format(n=n, total=total))
        except AtlasError:
            pass  # the page shows the data error
        st.caption(t("share_link", lang))


_sidebar()
state.sync_query()
for message in warnings:
    st.warning(message, icon="⚠️")
try:
    page.run()
except AtlasError as exc:
    st.error(f"{t('data_error', lang)}: {exc}")
