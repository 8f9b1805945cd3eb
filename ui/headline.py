"""The region's headline (home view): computed accounts with coverage beside the reported ones."""

from __future__ import annotations

import streamlit as st

from geo.accounts.landuse import describe_filters, summarize
from geo.core.i18n import Lang, t
from geo.core.text import md_escape, md_format
from geo.errors import AtlasError, user_message
from geo.present.landuse import headline_table, incomplete_notes
from ui import data
from ui.state import get_edition, get_filters


def render(lang: Lang) -> None:
    """Headline of the filtered selection: zones, planned / in use / under construction area
    (all zones, each KKT once: the report's basis), the ratios and occupancy on the KCN/KCX
    basis, each row with its basis and coverage, derived figures marked ≈; the latest reported
    region figures beside them only when no filter is set (a selection is not the region).

    In the 2025 edition a warning names the selected provinces the data covers only in part.
    With a filter set the title names the selection ("Tổng quan: Hưng Yên"), not the region;
    the reported column always says it holds the whole region's figures."""
    zones = data.filtered_zones()
    edition = get_edition()
    summary = summarize(zones, by="region", edition=edition,
                        filters=get_filters().as_kwargs(), lots=data.lots())
    total = summary.total
    kcn_total = summarize(zones, by="region", edition=edition, kcn_only=True,
                          filters=get_filters().as_kwargs(), lots=data.lots()).total
    try:
        reported = data.reported()
        periods = data.reported_periods()
    except AtlasError as exc:
        st.warning(f"{t('data_error', lang)}: {md_escape(user_message(exc, lang))}")
        reported, periods = None, []
    period = periods[-1] if periods else "—"
    words = describe_filters(summary.filters, lang=lang)
    table = headline_table(total, reported if reported is not None else _empty(), period=period,
                           lang=lang, kcn_total=kcn_total, show_reported=not words)
    title = md_format(t("headline_selection", lang), selection=words) if words else t(
        "headline", lang)
    with st.expander(title, expanded=True):
        st.dataframe(table, hide_index=True, width="stretch")
        if words:  # the region's report is not comparable with a selection
            st.caption(md_format(t("headline_region_report_hidden", lang), selection=words))
        else:
            st.caption(md_format(t("headline_caption", lang), period=period))
        st.caption(t("basis_legend", lang))
        st.caption(t("occupancy_rule", lang))
    if edition == 2025:
        notes = incomplete_notes(get_filters().provinces, lang=lang)
        if notes:
            st.warning("  \n".join(notes), icon="⚠️")


def _empty():  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame(columns=["period", "scope", "status", "zones", "area_ha"])
