"""The half-year report, generated from the data (issue 11): content assembly.

Sections as in the seed review: 1. investment attraction, 2. production and business results
(indicators of :mod:`geo.accounts.indicators`), 3. planning and infrastructure (the reported
figures and the accounts computed from the zone data side by side:
:func:`geo.accounts.landuse.reconcile` / ``summarize`` with the store's lot register, as the
land-use page and ``python -m geo summary``: a zone with lots has its occupancy from them, listed
in a table "from the lot register"), 4. worker housing (demand, places,
land, the Decree 35 checks: :mod:`geo.accounts.housing_report`), 5. sources and method. A static
map and the charts are PNG images.

Zone figures: those of the report's period where the store holds imported zone figures for it
(:func:`geo.core.periods.zone_period_for`), else the current figures; the subtitle and the
planning section say which (``ReportData.zone_period``). The CLI (``report --zone-period``) and
the app's indicators page pick them by the same rule, so the same choice gives the same report.
Every figure names its source or says it is computed, every aggregate its coverage; numbers
in the report's language (Vietnamese format by default).

:func:`build_report` returns a :class:`geo.exports.report_docx.Report`; the writers are there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.accounts.figure_basis import occupancy_basis_text
from geo.accounts.housing import analyse_housing, filter_sites
from geo.accounts.housing_params import make_params
from geo.accounts.housing_report import load_province_workers, province_rows, region_total
from geo.accounts.indicators import (
    BUSINESS,
    INVESTMENT,
    indicator_rows,
    rank_provinces,
)
from geo.accounts.landuse import add_accounts, filter_zones, reconcile, summarize
from geo.core.admin import Edition
from geo.core.i18n import NO_DATA, Lang, fmt_coverage, fmt_pct, t
from geo.core.periods import CURRENT, check_zone_period, list_periods, zone_period_for
from geo.exports.report_docx import Heading, Image, Paragraph, Report, Table
from geo.maps.static_map import zone_status_png
from geo.present._report_charts import bar_chart_png
from geo.present.indicators import (
    chart_series,
    coverage_label,
    fmt_change,
    fmt_figure,
    indicator_table,
    period_words,
    ranking_table,
    source_label,
    unit_label,
)
from geo.present.tables import DisplayTable
from geo.store.base import Store
from geo.store.bundled import load_provinces, load_reported
from geo.store.factory import get_store, load_indicators

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ReportData:
    """Everything the report reads (loaded once; the page caches it).

    ``facts`` indicator facts (bundled, overlaid with the store's imported figures);
    ``zones`` the whole zones layer of the store (EPSG:4326) with the figures of
    ``zone_period`` (:data:`geo.core.periods.CURRENT` or an imported half-year); ``reported``
    the reported land figures; ``sites`` the store's housing sites; ``provinces`` the outlines
    of the edition; ``workers`` the reported workers per province (the last three: bundled
    reference files); ``lots`` the store's lot register (None or empty: no lots).
    """

    facts: pd.DataFrame
    zones: gpd.GeoDataFrame
    reported: pd.DataFrame
    sites: gpd.GeoDataFrame
    provinces: gpd.GeoDataFrame
    workers: pd.DataFrame
    lots: pd.DataFrame | None = None
    zone_period: str = CURRENT
    lots_skipped: bool = False
    """The store has lots, but the zone figures are a past period's (:func:`report_lots`)."""


def report_lots(lots: pd.DataFrame | None, zone_period: str
                ) -> tuple[pd.DataFrame | None, bool]:
    """(the lot register a report applies, whether the store's lots were left out).

    Lots apply with the current zone figures only: the register holds today's leases, so a
    report on a past period's imported figures keeps that period's occupancy (and says the
    register was left out, :func:`zone_basis_text`)."""
    if zone_period == CURRENT:
        return lots, False
    return None, lots is not None and len(lots) > 0


def load_report_data(edition: Edition = 2024, *, store: Store | None = None,
                     period: str | None = None, zone_period: str | None = None) -> ReportData:
    """Load the data the report needs.

    Parameters
    ----------
    edition : province edition of the outlines (2024 or 2025).
    period : the report's period; the zone figures are that period's when the store has them
        (:func:`geo.core.periods.zone_period_for`), else the current ones. None: current.
    zone_period : the zone figures to use instead (``current`` or an imported half-year),
        as ``python -m geo report --zone-period``.
    store : where the zones, housing sites and imported indicator figures are read; default
        the configured store (:func:`geo.store.factory.get_store`: the GeoPackage workspace,
        else the bundled data; or the PostGIS database of ``KCN_ATLAS_DB``). The reported
        figures, province outlines and workers are the bundled reference files.

    Raises
    ------
    DataFileError
        A file or the database cannot be read; :class:`geo.errors.SchemaError` for bad data.
    FilterError
        ``zone_period`` has no zone figures in the store.
    """
    chosen = store or get_store()
    available = list_periods(chosen.load_zone_figures())
    if zone_period is not None:
        used = check_zone_period(zone_period, available)
    else:
        used = CURRENT if period is None else zone_period_for(period, available)
    zones = chosen.load_zones(period=None if used == CURRENT else used)
    lots, skipped = report_lots(chosen.load_lots(), used)
    return ReportData(facts=load_indicators(store=chosen), zones=zones,
                      reported=load_reported(), sites=chosen.load_housing_sites(),
                      provinces=load_provinces(edition), workers=load_province_workers(),
                      lots=lots, zone_period=used, lots_skipped=skipped)


def zone_basis_text(zone_period: str, lang: Lang, *, lot_zones: int = 0,
                    lots_skipped: bool = False) -> str:
    """Which zone figures a report uses, in words: ``Số liệu khu: kỳ 2024-H2; lấp đầy của 1 khu
    tính từ sổ lô đất.`` (``lot_zones``: zones whose occupancy comes from their lots;
    ``lots_skipped``: the store's lots were left out, the figures being a past period's)."""
    basis = (t("rep_zones_current", lang) if zone_period == CURRENT
             else t("rep_zones_period", lang).format(period=zone_period))
    if lot_zones:
        basis += t("rep_zones_lots", lang).format(n=lot_zones)
    if lots_skipped:
        basis += t("rep_zones_lots_skipped", lang)
    return t("rep_zones_of", lang).format(basis=basis)


def _ha(value: object, lang: Lang) -> str:
    """Hectares with the figure's own decimals (at most 1): ``525.408,5 ha``, ``23.145 ha``."""
    if value is None or (isinstance(value, float) and value != value):
        return NO_DATA
    return f"{fmt_figure(round(float(value), 1), lang)} ha"  # type: ignore[arg-type]


def _persons(value: object, lang: Lang) -> str:
    """Persons, whole: ``750.046``; '—' when unknown."""
    if value is None or (isinstance(value, float) and value != value):
        return NO_DATA
    return fmt_figure(round(float(value)), lang)  # type: ignore[arg-type]


def _table(display: DisplayTable, title: str, sheet: str) -> Table:
    text = display.text()
    values = [[None if isinstance(v, float) and v != v else v for v in row]
              for row in display.frame.itertuples(index=False)]
    return Table(title=title, headers=[str(c) for c in text.columns],
                 text=[[str(v) for v in row] for row in text.itertuples(index=False)],
                 values=values, sheet=sheet)


def _line(row: Mapping[str, Any], lang: Lang) -> str:
    change = ""
    if row.get("change_pct") is not None:
        value = fmt_change(row["change_pct"], lang).replace(" %", "")
        change = t("rep_change", lang).format(sign="", value=value,
                                              basis=t(f"change_{row['change_basis']}", lang))
    basis = f", {t('cap_' + row['capital_basis'], lang)}" if row.get("capital_basis") else ""
    return t("rep_line", lang).format(
        indicator=t("ind_" + row["indicator"], lang), segment=t("seg_" + row["segment"], lang),
        basis=basis, value=fmt_figure(row["value"], lang), unit=unit_label(row["unit"], lang),
        change=change, source=source_label(row["source"], lang),
        coverage=coverage_label(row, lang))


def _indicator_section(report: Report, names: Sequence[str], heading: str, *, period: str,
                       edition: Edition, provinces: Sequence[str] | None, lang: Lang,
                       facts: pd.DataFrame, figure_no: int) -> int:
    report.blocks.append(Heading(t(heading, lang), 1))
    region = [r for r in indicator_rows(facts, period=period, by="region", edition=edition,
                                        provinces=provinces) if r["indicator"] in names]
    by = "province_2025" if edition == 2025 else "province"
    by_province = [r for r in indicator_rows(facts, period=period, by=by, edition=edition,
                                             provinces=provinces) if r["indicator"] in names]
    if not region and not by_province:
        report.blocks.append(Paragraph(t("rep_none", lang)))
        return figure_no
    sheet_region, sheet_prov = t("rep_sheet_region", lang), t("rep_sheet_provinces", lang)
    if region:
        report.blocks.append(Heading(t("rep_sub_region", lang), 2))
        report.blocks.extend(Paragraph(_line(r, lang)) for r in region if r["value"] is not None)
        report.blocks.append(_table(indicator_table(region, lang=lang), t(heading, lang),
                                    sheet_region))
    if by_province:
        report.blocks.append(Heading(t("rep_sub_provinces", lang), 2))
        report.blocks.append(_table(indicator_table(by_province, lang=lang),
                                    f"{t(heading, lang)} — {t('rep_sub_provinces', lang)}",
                                    sheet_prov))
        if edition == 2025:
            report.blocks.append(Paragraph(t("ind_caption_2025", lang), note=True))
        ranking = [s for s in rank_provinces(facts, period=period, edition=edition,
                                             provinces=provinces) if s["indicator"] in names]
        if ranking:
            report.blocks.append(Heading(t("rep_sub_ranking", lang), 2))
            report.blocks.append(_table(ranking_table(ranking, lang=lang),
                                        f"{t(heading, lang)} — {t('rep_sub_ranking', lang)}",
                                        sheet_prov))
    charted = by_province if len({r["key"] for r in by_province if r["value"]}) > 1 else region
    for title, frame in list(chart_series(charted, lang=lang).items())[:2]:
        sources = "; ".join(dict.fromkeys(source_label(r["source"], lang) for r in charted
                                          if r["value"] is not None))
        report.blocks.append(Image(bar_chart_png(frame, title=title, lang=lang),
                                   t("rep_chart_caption", lang).format(
                                       n=figure_no, title=title, source=sources[:300]),
                                   width_cm=15.0))
        figure_no += 1
    report.blocks.append(Paragraph(t("ind_caption", lang), note=True))
    return figure_no


def _planning_section(report: Report, data: ReportData, zones: gpd.GeoDataFrame, *,
                      period: str, edition: Edition, provinces: Sequence[str] | None,
                      lang: Lang, figure_no: int) -> int:
    report.blocks.append(Heading(t("rep_sec_planning", lang), 1))
    periods = set(data.reported["period"].astype(str))
    sheet = t("rep_sheet_planning", lang)
    if not provinces and period in periods:
        report.blocks.append(Paragraph(t("rep_planning_intro", lang)))
        rec = reconcile(data.zones, data.reported, period=period)
        rows_text, rows_values = [], []
        for r in rec.to_dict(orient="records"):
            reported = t("rep_zones_area", lang).format(zones=r["reported_zones"],
                                                        area=_ha(r["reported_area_ha"], lang))
            computed = t("rep_zones_area", lang).format(zones=r["computed_zones"],
                                                        area=_ha(r["computed_area_ha"], lang))
            diff = f"{r['zones_diff']:+d}; {_ha(r['area_diff_ha'], lang)} " \
                   f"({fmt_pct(r['area_diff_pct'], lang)})"
            lacking = str(r["zones_lacking_figure"])
            item = t(f"rep_item_{r['status']}", lang)
            source = f"{t('rep_src_report', lang)} / {t('rep_src_computed', lang)}"
            rows_text.append([item, reported, computed, diff, lacking, source])
            rows_values.append([item, r["reported_zones"], r["reported_area_ha"],
                                r["computed_zones"], r["computed_area_ha"], r["area_diff_ha"],
                                r["zones_lacking_figure"], r["area_basis"]])
        headers = [t(k, lang) for k in ("rep_col_item", "rep_col_reported", "rep_col_computed",
                                        "rep_col_diff", "rep_col_lacking", "ind_col_source")]
        title = t("reconcile", lang).format(period=period)
        report.blocks.append(Table(title=title, headers=headers, text=rows_text,
                                   values=rows_values, sheet=sheet))
    elif provinces:
        report.blocks.append(Paragraph(t("rep_planning_filtered", lang), note=True))
    else:
        report.blocks.append(Paragraph(t("rep_planning_no_report", lang).format(period=period),
                                       note=True))
    total = summarize(zones, by="region", edition=edition,
                      filters={"provinces": list(provinces or [])}, lots=data.lots).total
    cov = {k: fmt_coverage(int(v[0]), int(v[1]), lang) for k, v in total["coverage"].items()}
    report.blocks.append(Paragraph(t("rep_accounts", lang).format(
        zones=total["zones"], planned=_ha(total["planned_area_ha"], lang),
        used=_ha(total["in_use_area_ha"], lang),
        building=_ha(total["under_construction_area_ha"], lang),
        occ=fmt_pct(total["occupancy_pct"], lang), cov_p=cov["planned_area_ha"],
        cov_u=cov["in_use_area_ha"], cov_b=cov["under_construction_area_ha"],
        cov_o=cov["occupancy_pct"])))
    dates = (t("rep_zone_dates", lang) if data.zone_period == CURRENT
             else t("rep_zone_period_dates", lang).format(period=data.zone_period))
    report.blocks.append(Paragraph(t("rep_source_line", lang).format(
        source=t("rep_src_computed", lang)) + ". " + dates, note=True))
    _lots_table(report, data, zones, lang=lang)
    title = t("rep_map_title", lang).format(edition=edition)
    report.blocks.append(Image(zone_status_png(zones, data.provinces, lang=lang),
                               t("rep_chart_caption", lang).format(
                                   n=figure_no, title=title, source=t("rep_map_source", lang))))
    return figure_no + 1


def lot_zone_accounts(zones: pd.DataFrame, lots: pd.DataFrame | None) -> pd.DataFrame:
    """The per-zone accounts (:func:`geo.accounts.landuse.add_accounts` with ``lots``; ha, %)
    of the ``zones`` whose occupancy comes from their lots; empty without lots."""
    if lots is None or not len(lots) or not len(zones):
        return pd.DataFrame()
    accounts = add_accounts(pd.DataFrame(zones), lots=lots)
    return accounts[accounts["occupancy_basis"] == "lots"]


def _lots_table(report: Report, data: ReportData, zones: pd.DataFrame, *, lang: Lang) -> None:
    """The zones whose occupancy comes from the lot register: leasable and leased land (ha),
    occupancy from the lots and the zone's reported rate (%), side by side."""
    lot_zones = lot_zone_accounts(zones, data.lots)
    if not len(lot_zones):
        return
    report.blocks.append(Paragraph(t("rep_lots_intro", lang).format(n=len(lot_zones))))
    headers = [t(k, lang) for k in ("rep_col_zone", "industrial_land_ha", "leased_land_ha",
                                    "rep_col_occ_lots", "rep_col_occ_reported",
                                    "occupancy_basis")]
    text, values = [], []
    for r in lot_zones.to_dict(orient="records"):
        basis = occupancy_basis_text("lots", lang)
        cells = [f"{r['name']} ({r['zone_id']})", r["leasable_ha"], r["leased_ha"],
                 r["occupancy_calc_pct"], r["occupancy_pct"], basis]
        values.append([None if isinstance(v, float) and v != v else v for v in cells])
        text.append([cells[0], _ha(cells[1], lang), _ha(cells[2], lang),
                     fmt_pct(cells[3], lang), fmt_pct(cells[4], lang), basis])
    report.blocks.append(Table(title=t("rep_lots_title", lang), headers=headers, text=text,
                               values=values, sheet=t("rep_sheet_planning", lang)))


def _housing_section(report: Report, data: ReportData, zones: gpd.GeoDataFrame, *,
                     edition: Edition, provinces: Sequence[str] | None, lang: Lang) -> None:
    report.blocks.append(Heading(t("rep_sec_housing", lang), 1))
    params = make_params()
    sites = filter_sites(data.sites, provinces=list(provinces or []), edition=edition)
    result = analyse_housing(zones, sites, params, lots=data.lots)
    p = params.to_dict()
    assumptions = (f"{fmt_figure(p['density_leased_per_ha'], lang)} {t('unit_persons', lang)}/ha; "
                   f"{fmt_figure(p['floor_m2_per_person'], lang)} m²/{t('unit_persons', lang)}; "
                   f"{fmt_figure(p['share_default'], lang)}")
    report.blocks.append(Paragraph(t("rep_housing_intro", lang).format(params=assumptions)))
    total = region_total(result, reported=data.workers)
    report.blocks.append(Paragraph(t("rep_housing_total", lang).format(
        workforce=_persons(total["workforce"], lang),
        demand=_persons(total["demand_persons"], lang),
        beds=_persons(total["supply_completed_persons"], lang),
        pipeline=_persons(total["supply_pipeline_persons"], lang),
        deficit=_persons(total["deficit_persons"], lang),
        need=_ha(total["land_needed_ha"], lang), held=_ha(total.get("land_allocated_ha"),
                                                                lang))))
    by = "province_2025" if edition == 2025 else "province"
    rows = province_rows(result, by=by, reported=data.workers)
    headers = [t(k, lang) for k in ("ind_col_province", "rep_col_demand", "rep_col_beds",
                                    "rep_col_deficit", "rep_col_land_need", "rep_col_land_held",
                                    "rep_col_check_land", "rep_col_check_occ")]
    text, values = [], []
    for r in rows:
        checks = {c["rule"]: t(f"check_{c['status']}", lang) for c in r["checks"]}
        cells = [r["key"], r["demand_persons"], r["supply_completed_persons"],
                 r["deficit_persons"], r["land_needed_ha"], r.get("land_allocated_ha"),
                 checks.get("housing_land_fund", NO_DATA),
                 checks.get("occupancy_for_new_zone", NO_DATA)]
        values.append(cells)
        text.append([cells[0], *(_persons(v, lang) for v in cells[1:4]),
                     *(_ha(v, lang) for v in cells[4:6]), cells[6], cells[7]])
    report.blocks.append(Table(title=t("rep_sec_housing", lang), headers=headers, text=text,
                               values=values, sheet=t("rep_sheet_housing", lang)))
    report.blocks.append(Paragraph(t("rep_source_line", lang).format(
        source=t("rep_src_computed", lang)), note=True))


def _sources_section(report: Report, facts: pd.DataFrame, *, period: str, lang: Lang) -> None:
    report.blocks.append(Heading(t("rep_sec_sources", lang), 1))
    report.blocks.append(Paragraph(t("rep_sources_intro", lang)))
    report.blocks.append(Paragraph(t("rep_sources_list", lang)))
    frame = facts[facts["period"] == period]
    for source in dict.fromkeys(frame["source_url"]):
        report.blocks.append(Paragraph(f"• {source_label(source, lang)} ({source})", note=True))


def build_report(data: ReportData, *, period: str, lang: Lang = "vi", edition: Edition = 2024,
                 provinces: Sequence[str] | None = None,
                 progress: Progress | None = None) -> Report:
    """The report of ``period`` for the selection (``provinces`` of ``edition``; None: region).

    The zone figures are ``data.zones`` (of ``data.zone_period``, which the subtitle and the
    planning section name); the accounts use ``data.lots`` as the land-use page does.

    ``progress(fraction, step)`` is called as sections are built (0-1).

    Raises
    ------
    FilterError
        Unknown period (no indicator figure), edition or province.
    """
    step = progress or (lambda fraction, name: None)
    chosen = list(provinces or [])
    zones = filter_zones(data.zones, provinces=chosen, edition=edition)
    scope = ", ".join(chosen) if chosen else t("rep_scope_region", lang)
    report = Report(title=t("rep_title", lang).format(period_words=period_words(period, lang),
                                                       scope=scope))
    report.subtitle = t("rep_generated", lang).format(
        date=dt.date.today().isoformat(), filters=scope if chosen else t("rep_no_filter", lang)
    ) + " " + zone_basis_text(data.zone_period, lang,
                              lot_zones=len(lot_zone_accounts(zones, data.lots)),
                              lots_skipped=data.lots_skipped)
    step(0.1, "investment")
    fig = _indicator_section(report, INVESTMENT, "rep_sec_investment", period=period,
                             edition=edition, provinces=chosen, lang=lang, facts=data.facts,
                             figure_no=1)
    step(0.3, "business")
    fig = _indicator_section(report, BUSINESS, "rep_sec_business", period=period,
                             edition=edition, provinces=chosen, lang=lang, facts=data.facts,
                             figure_no=fig)
    step(0.5, "planning")
    _planning_section(report, data, zones, period=period, edition=edition, provinces=chosen,
                      lang=lang, figure_no=fig)
    step(0.7, "housing")
    _housing_section(report, data, zones, edition=edition, provinces=chosen, lang=lang)
    _sources_section(report, data.facts, period=period, lang=lang)
    step(1.0, "done")
    return report

