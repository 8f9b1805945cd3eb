"""Placeholder page (importer): replaced by the feature's own page when it lands."""

import streamlit as st

from geo.i18n import t
from ui.state import get_lang

lang = get_lang()
st.title(t("page_importer", lang))
st.info("Tính năng này đang được xây dựng và sẽ có trong phiên bản tới. "
        "This feature is being built and is coming in a next version.")
