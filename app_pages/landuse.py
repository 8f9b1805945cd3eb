"""Sử dụng đất / Land use: accounts per group and per zone, charts, reconciliation (design §4)."""

from __future__ import annotations

import streamlit as st

from geo.accounts.landuse import LAND_KINDS, reconcile, summarize
from geo.core.i18n import t
from geo.core.text import md_escape, md_format
from geo.present.figures import basis_caption
from geo.present.landuse import (
    chart_frame,
    group_table,
    names_of,
    occupancy_frame,
    reconcile_table,
    summary_notes,
    zone_table,
)
from ui import charts, data
from ui.periods import render_comparison
from ui.state import get_edition, get_filters, get_lang, get_period, page_param, set_page_param
from ui.tables import capped_dataframe

lang = get_lang()
edition = get_edition()
st.title(t("page_landuse", lang))

province_by = "province_2025" if edition == 2025 else "province"
groups = ["region", province_by, "kind", "status"]
if "lu_group" not in st.session_state:
    chosen, warning = page_param("group", set(groups))
    if warning:
        st.warning(warning, icon="⚠️")
    st.session_state["lu_group"] = chosen or province_by
    st.session_state["lu_kcn_only"] = st.query_params.get("kcn") != "0"  # KCN/KCX first
if st.session_state["lu_group"] not in groups:  # the edition changed
    st.session_state["lu_group"] = province_by

left, right = st.columns([2, 1])
by = left.segmented_control(t("group_by", lang), groups, key="lu_group",
                            format_func=lambda g: t(f"group_{g}", lang)) or province_by
kcn_only = right.toggle(t("kcn_kcx_default", lang), key="lu_kcn_only")
set_page_param("group", by)
set_page_param("kcn", None if kcn_only else "0")

zones = data.filtered_zones()
shown = zones[zones["kind"].isin(LAND_KINDS)] if kcn_only else zones
summary = summarize(zones, by=by, edition=edition, kcn_only=kcn_only,
                    filters=get_filters().as_kwargs(), lots=data.lots())  # lots: occupancy

tab_group, tab_zone, tab_charts, tab_rec, tab_periods = st.tabs(
    [t("per_group", lang), t("per_zone", lang), t("chart_areas", lang).split(" (")[0],
     t("reconcile", lang).format(period="").strip(), t("ws_compare", lang)])

with tab_group:
    groups = group_table(summary, lang=lang)
    st.dataframe(groups.styled(), hide_index=True, key="lu_groups",  # every row, total in view
                 height=36 * (len(groups.frame) + 1) + 3)
    for note in [basis_caption(summary.basis, lang), *summary_notes(
            shown, by=by, edition=edition, kcn_only=kcn_only, lang=lang)]:
        st.caption(note)
    kkts = zones[zones["kind"] == "KKT"]
    if kcn_only and len(kkts):  # KKTs as their own group, never mixed into the KCN/KCX ratios
        with st.expander(f"{t('kkt_group', lang)} ({len(kkts)})"):
            st.dataframe(group_table(summarize(kkts, by=by, edition=edition, lots=data.lots()),
                                     lang=lang).styled(), hide_index=True, key="lu_kkt")
            st.caption(t("kkt_group_caption", lang))

with tab_zone:
    capped_dataframe(zone_table(shown, lang=lang, lots=data.lots()), lang, hide_index=True,
                     key="lu_zones", height=480)
    st.caption(t("basis_legend", lang))

with tab_charts:
    by_province = summarize(zones, by=province_by, edition=edition, kcn_only=kcn_only,
                            lots=data.lots())  # the same accounts as the tables
    areas = chart_frame(by_province, lang=lang)
    st.subheader(t("chart_areas", lang))
    st.caption(basis_caption(by_province.basis, lang) + " " + t("basis_legend", lang))
    if not areas.empty:
        st.altair_chart(charts.area_chart(areas, lang), width="stretch")
    occupancy = occupancy_frame(by_province, lang=lang)
    st.subheader(t("chart_occupancy", lang))
    if not occupancy.empty:
        st.altair_chart(charts.occupancy_chart(occupancy, lang), width="stretch")
        st.caption(t("chart_low_coverage", lang) + " " + t("occupancy_rule", lang))

with tab_rec:
    periods = data.reported_periods()
    period = get_period() if get_period() in periods else (periods[-1] if periods else None)
    if period is None:
        st.info(t("no_data", lang))
    else:
        everything = data.zones()
        rec = reconcile(everything, data.reported(), period=period)
        st.subheader(md_format(t("reconcile", lang), period=period))
        st.caption(t("reconcile_caption", lang) + " " + t("report_basis_caption", lang))
        st.dataframe(reconcile_table(rec, lang=lang).styled(), hide_index=True, key="lu_rec")
        for _, row in rec.iterrows():
            missing = int(row["reported_zones"]) - int(row["computed_zones"])
            status = t("all_zones", lang) if row["status"] == "all" else t(
                f"status_{row['status']}", lang)
            if missing > 0:
                st.write(f"**{status}** — " + t("not_in_data", lang).format(n=missing))
            elif missing < 0:
                st.write(f"**{status}** — " + t("extra_in_data", lang).format(n=-missing))
            lacking = [i for i in str(row["lacking_ids"]).split(";") if i]
            if lacking:
                label = t("lacking_list", lang).format(status=status, n=len(lacking))
                with st.expander(label):
                    st.write(md_escape(", ".join(names_of(everything, lacking))))

with tab_periods:
    render_comparison(lang, key="lu_cmp")
