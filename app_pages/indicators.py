"""Đầu tư & SXKD / Investment & business: indicators of a period, changes, ranking, report."""

from __future__ import annotations

import streamlit as st

from geo.accounts.indicators import (
    indicator_periods,
    indicator_rows,
    latest_half_year,
    rank_provinces,
    year_before,
)
from geo.accounts.landuse import filter_zones
from geo.core.i18n import t
from geo.core.periods import zone_period_for
from geo.exports.indicators_template import indicators_template_bytes
from geo.exports.report_docx import report_docx_bytes, report_xlsx_bytes
from geo.present.indicators import (
    chart_series,
    indicator_table,
    period_words,
    ranking_table,
    report_file_stem,
)
from geo.present.report import (
    ReportData,
    build_report,
    lot_zone_accounts,
    report_lots,
    zone_basis_text,
)
from ui import data
from ui.state import get_edition, get_filters, get_lang, get_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
lang = get_lang()
edition = get_edition()
provinces = get_filters().provinces
st.title(t("page_indicators", lang))

facts = data.indicators()
periods = indicator_periods(facts)
sidebar = get_period()
default = sidebar if sidebar in periods else latest_half_year(facts)
if st.session_state.get("ind_period") not in periods:
    st.session_state["ind_period"] = default
if sidebar and sidebar not in periods:
    st.caption(t("ind_period_note", lang).format(period=default))
period = st.selectbox(t("ind_period", lang), periods, key="ind_period",
                      format_func=lambda p: f"{p} — {period_words(p, lang)}") or default
compare = year_before(period)
st.caption(f"{t('ind_compare', lang)}: {compare} — {period_words(compare, lang)}")

by = "province_2025" if edition == 2025 else "province"
region = indicator_rows(facts, period=period, by="region", edition=edition,
                        provinces=provinces or None)
by_province = indicator_rows(facts, period=period, by=by, edition=edition,
                             provinces=provinces or None)
ranking = rank_provinces(facts, period=period, edition=edition, provinces=provinces or None)

tab_region, tab_prov, tab_rank, tab_report = st.tabs(
    [t("ind_tab_region", lang), t("ind_tab_provinces", lang), t("ind_tab_ranking", lang),
     t("ind_tab_report", lang)])

with tab_region:
    if region:
        st.dataframe(indicator_table(region, lang=lang).styled(), hide_index=True,
                     key="ind_region_table")
    else:
        st.info(t("ind_no_data", lang))
    st.caption(t("ind_caption", lang))

with tab_prov:
    if by_province:
        st.dataframe(indicator_table(by_province, lang=lang).styled(), hide_index=True,
                     key="ind_province_table")
        charts = chart_series(by_province, lang=lang)
        if charts:
            title = st.selectbox(t("ind_chart_pick", lang), list(charts), key="ind_chart")
            st.bar_chart(charts[title or next(iter(charts))], horizontal=True, stack=False)
    else:
        st.info(t("ind_no_data", lang))
    st.caption(t("ind_caption", lang))
    if edition == 2025:
        st.caption(t("ind_caption_2025", lang))

with tab_rank:
    if ranking:
        st.dataframe(ranking_table(ranking, lang=lang).styled(), hide_index=True,
                     key="ind_ranking_table")
        for series in ranking[:1]:
            st.caption(t("ind_rank_caption", lang).format(n=series["coverage_n"],
                                                          of=series["coverage_of"]))
    else:
        st.info(t("ind_no_data", lang))

with tab_report:
    # The report's zone figures follow the report's period (imported, else current), not the
    # sidebar's: the rule of ``python -m geo report`` (geo.core.periods.zone_period_for).
    zone_period = zone_period_for(period, data.safe_zone_periods())
    lots, skipped = report_lots(data.lots(), zone_period)  # today's leases: current only
    chosen = filter_zones(data.zones_of(zone_period), provinces=provinces, edition=edition)
    st.caption(zone_basis_text(zone_period, lang,
                               lot_zones=len(lot_zone_accounts(chosen, lots)),
                               lots_skipped=skipped))
    wanted = (period, lang, edition, tuple(provinces), zone_period)
    if st.button(t("report_build", lang), key="ind_build_report"):
        bar = st.progress(0.0)
        with st.spinner(t("report_building", lang)):
            source = ReportData(facts=facts, zones=data.zones_of(zone_period),
                                reported=data.reported(), sites=data.housing_sites(),
                                provinces=data.provinces(edition),
                                workers=data.province_workers(), lots=lots,
                                zone_period=zone_period, lots_skipped=skipped)
            report = build_report(source, period=period, lang=lang, edition=edition,
                                  provinces=provinces or None,
                                  progress=lambda f, _step: bar.progress(min(f, 1.0)))
            st.session_state["ind_report"] = (wanted, report_docx_bytes(report),
                                              report_xlsx_bytes(report))
        st.success(t("report_done", lang))
    built = st.session_state.get("ind_report")
    halves = [period] if "-H" in period else [f"{period}-H1", f"{period}-H2"]
    template = indicators_template_bytes(  # 2025 names: the template of the 11 (2024)
        periods=halves, provinces=(provinces or None) if edition == 2024 else None)
    st.download_button(t("ind_template", lang), template, mime=XLSX, key="ind_dl_template",
                       file_name=f"mau-chi-tieu-{period}.xlsx", help=t("ind_template_help", lang))
    if built and built[0] == wanted:
        name = report_file_stem(period, provinces, edition=edition)
        left, right = st.columns(2)
        left.download_button(t("report_download_docx", lang), built[1], file_name=f"{name}.docx",
                             mime="application/vnd.openxmlformats-officedocument."
                                  "wordprocessingml.document", key="ind_dl_docx")
        right.download_button(t("report_download_xlsx", lang), built[2],
                              file_name=f"{name}.xlsx", mime=XLSX, key="ind_dl_xlsx")
