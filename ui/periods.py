"""The two-period comparison ("so với cùng kỳ"), shared by the land-use and import pages."""

from __future__ import annotations

import streamlit as st

from geo.core.i18n import Lang, t
from geo.core.periods import CURRENT, compare_periods
from geo.present.imports import comparison_table
from ui import data


def render_comparison(lang: Lang, *, key: str) -> None:
    """Pick two periods and a grouping; show the change of every figure for the filtered zones.

    Needs at least one imported period besides the current figures; says so otherwise.
    """
    periods = [CURRENT, *data.safe_zone_periods()]
    if len(periods) < 2:
        st.caption(t("ws_need_period", lang))
        return
    show = {CURRENT: t("ws_current", lang)}
    col_a, col_b, col_by = st.columns(3)
    pa = col_a.selectbox("A", periods, index=len(periods) - 2, key=f"{key}_a",
                         format_func=lambda p: show.get(p, p))
    pb = col_b.selectbox("B", periods, index=len(periods) - 1, key=f"{key}_b",
                         format_func=lambda p: show.get(p, p))
    grouping = col_by.selectbox(t("ws_by", lang), ["province", "region", "zone"],
                                key=f"{key}_by", format_func=lambda g: t(f"ws_by_{g}", lang))
    table = compare_periods(data.filtered_zones_for(pa), data.filtered_zones_for(pb),
                            by=grouping)
    st.dataframe(comparison_table(table, lang, label_a=show.get(pa, pa),
                                  label_b=show.get(pb, pb), by=grouping), hide_index=True)
    st.caption(t("ws_compare_note", lang))
