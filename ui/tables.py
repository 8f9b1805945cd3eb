"""Display tables on a page: at most :data:`geo.present.tables.MAX_ROWS` rows, and a caption
saying how to reach the rest when a selection has more."""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.core.i18n import Lang, fmt_number, t
from geo.present.tables import DisplayTable


def capped_dataframe(table: DisplayTable, lang: Lang, *, highlight: str | None = None,
                     **options: Any) -> tuple[DisplayTable, Any]:
    """Show the first rows of ``table`` (the ``highlight`` row among them, highlighted);
    returns the rows shown (their ``ids`` map a selected row back) and ``st.dataframe``'s
    value. ``options`` go to ``st.dataframe``."""
    shown = table.head(keep=highlight)
    event = st.dataframe(shown.styled(highlight=highlight), **options)
    if len(shown.frame) < len(table.frame):
        st.caption(t("table_rows_limited", lang).format(
            n=fmt_number(len(shown.frame), lang, digits=0),
            total=fmt_number(len(table.frame), lang, digits=0)))
    return shown, event
