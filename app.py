"""KCN Atlas — Streamlit entry point: page config, shared sidebar, navigation.

Run with ``make run`` (``streamlit run app.py``). The sidebar (language, province edition,
filters) is shared by every page through ``st.session_state`` (``ui.state``) and mirrored in the
URL query string, so a link opens the same view.
"""

from __future__ import annotations

import streamlit as st

from geo.core.i18n import t
from geo.core.schema import KINDS, ZONE_STATUSES
from geo.core.text import md_escape
from geo.errors import AtlasError, user_message
from ui import auth, data, nav, state

st.set_page_config(page_title="KCN Atlas", page_icon="🏭", layout="wide")

warnings = state.init_state(periods=data.safe_zone_periods)
lang = state.get_lang()

# (file, label key, icon, URL path). The pages live in app_pages/, not pages/, so Streamlit's
# legacy multipage mode never runs a page without app.py; the URL paths are Vietnamese slugs.
PAGE_SPECS = (
    ("app_pages/map.py", "page_map", ":material/map:", "ban-do"),
    ("app_pages/landuse.py", "page_landuse", ":material/bar_chart:", "su-dung-dat"),
    ("app_pages/housing.py", "page_housing", ":material/apartment:", "nha-o-cong-nhan"),
    ("app_pages/indicators.py", "page_indicators", ":material/trending_up:", "dau-tu-sxkd"),
    ("app_pages/lots.py", "page_lots", ":material/factory:", "dat-con-trong"),
    ("app_pages/importer.py", "page_importer", ":material/upload_file:", "nhap-du-lieu"),
    ("app_pages/export.py", "page_export", ":material/download:", "xuat-du-lieu"),
    ("app_pages/about.py", "page_about", ":material/info:", "gioi-thieu"),
)
PAGES = [st.Page(path, title=t(label, lang), icon=icon, url_path=url)
         for path, label, icon, url in PAGE_SPECS]
# The map lives at its own slug "/ban-do"; "/" (the default page, hidden) and unknown paths
# switch to it keeping the query string: no "Page not found" dialog (ui/nav.py).
page = st.navigation([nav.home_page(PAGES[0]), *PAGES, *nav.alias_pages(PAGES, PAGES[0])])


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
                     placeholder=t("period_latest", lang),
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


if not auth.gate(lang):  # a deployment with users: sign in first (issue 12)
    st.stop()
_sidebar()
state.sync_query()
# The link's warnings wait for the page that is shown (not "/" or an alias, which switch).
pending = st.session_state.setdefault("app_pending_warnings", [])
pending.extend(warnings)
if any(page is p for p in PAGES):
    for message in pending:
        st.warning(message, icon="⚠️")
    pending.clear()
try:
    page.run()
except AtlasError as exc:
    st.error(f"{t('data_error', lang)}: {md_escape(user_message(exc, lang))}")
