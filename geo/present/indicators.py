"""Display of the investment & business indicators: labels, number formats, tables, charts.

Rows come from :func:`geo.accounts.indicators.indicator_rows` / ``rank_provinces``. Values are
in the row's unit (projects, million USD, billion VND, persons) and shown in the UI's number
format with the decimals the source gives (``5.671``, ``9.492,2``, ``1.007,11`` in Vietnamese);
a missing figure is '—', never 0. Every row carries its source and coverage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from geo.accounts.indicators import is_half_year
from geo.core.admin import province_2024, province_2025_record
from geo.core.i18n import NO_DATA, Lang, fmt_number, t
from geo.present.tables import DisplayTable

SEED_SOURCE = "data/sources/seed_report_2024H1.txt"


def decimals(value: float) -> int:
    """Decimals to show: as many as the figure has, at most 2 (``9492.2`` → 1)."""
    for digits in range(3):
        if abs(round(value, digits) - value) < 1e-9:
            return digits
    return 2


def fmt_figure(value: object, lang: Lang = "vi") -> str:
    """A figure with its own decimals: ``5.671``, ``9.492,2``, ``525.408,5`` (vi); '—' if none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    number = float(value)  # type: ignore[arg-type]
    return fmt_number(number, lang, digits=decimals(number))


def fmt_change(value: object, lang: Lang = "vi") -> str:
    """A signed change in percent, one decimal at most: ``+43 %``, ``-15,3 %``; '—' if none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    number = float(value)  # type: ignore[arg-type]
    sign = "+" if number > 0 else ""
    return f"{sign}{fmt_number(number, lang, digits=decimals(round(number, 1)))} %"


def period_words(period: str, lang: Lang = "vi") -> str:
    """``2024-H1`` → ``6 tháng đầu năm 2024`` / ``the first half of 2024``; ``2024`` → year."""
    year = period[:4]
    if is_half_year(period):
        return t("rep_h1" if period.endswith("H1") else "rep_h2", lang).format(year=year)
    return t("rep_year", lang).format(year=year)


def key_label(key: str, lang: Lang = "vi") -> str:
    """The display name of a row key: the region, the selection or the province's name."""
    if key == "region":
        return t("ind_region", lang)
    if key == "selection":
        return t("ind_selection", lang)
    return key


def series_label(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """``Vốn đầu tư đăng ký (FDI, cấp mới)`` — indicator, segment and capital basis."""
    parts = [t(f"seg_{row['segment']}", lang)]
    if row.get("capital_basis"):
        parts.append(t(f"cap_{row['capital_basis']}", lang))
    return f"{t('ind_' + row['indicator'], lang)} ({', '.join(parts)})"


def unit_label(unit: str, lang: Lang = "vi") -> str:
    """``triệu USD`` / ``million USD`` ..."""
    return t(f"unit_{unit}", lang)


def source_label(source: object, lang: Lang = "vi") -> str:
    """The seed report by name, else the source addresses as given; '—' when none."""
    if not isinstance(source, str) or not source:
        return NO_DATA
    return " ; ".join(t("rep_src_report", lang) if s.strip() == SEED_SOURCE else s.strip()
                      for s in source.split(" ; "))


def coverage_label(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """Coverage of a row: reported for the bloc / by the board, or ``n of m provinces``."""
    if row["value_basis"] == "reported":
        return t("ind_cov_region" if row["scope"] == "region" else "ind_cov_province", lang)
    key = "ind_cov_sum" if row["value_basis"] == "sum_of_provinces" else "ind_cov_parts"
    return t(key, lang).format(n=row["coverage_n"], of=row["coverage_of"])


def change_basis_label(basis: object, lang: Lang = "vi") -> str:
    """``tính từ hai kỳ`` (computed) / ``theo nguồn`` (reported); '—' when no change."""
    return t(f"change_{basis}", lang) if basis in ("computed", "reported") else NO_DATA


def indicator_table(rows: Sequence[Mapping[str, Any]], *, lang: Lang = "vi",
                    with_key: bool = True) -> DisplayTable:
    """One line per row: key, indicator, unit, value, same period before, change, coverage, source.

    Numbers stay numeric in ``frame`` (sortable); ``formats`` render them in ``lang``.
    """
    names = {c: t(c, lang) for c in ("ind_col_key", "ind_col_indicator", "ind_col_unit",
                                     "ind_col_value", "ind_col_previous", "ind_col_change",
                                     "ind_col_change_basis", "ind_col_coverage",
                                     "ind_col_source")}
    records = []
    for row in rows:
        record: dict[str, Any] = {names["ind_col_key"]: key_label(row["key"], lang)} \
            if with_key else {}
        record.update({
            names["ind_col_indicator"]: series_label(row, lang),
            names["ind_col_unit"]: unit_label(row["unit"], lang),
            names["ind_col_value"]: math.nan if row["value"] is None else row["value"],
            names["ind_col_previous"]: math.nan if row.get("previous_value") is None
            else row["previous_value"],
            names["ind_col_change"]: math.nan if row.get("change_pct") is None
            else row["change_pct"],
            names["ind_col_change_basis"]: change_basis_label(row.get("change_basis"), lang),
            names["ind_col_coverage"]: coverage_label(row, lang),
            names["ind_col_source"]: source_label(row.get("source"), lang),
        })
        records.append(record)
    columns = [n for k, n in names.items() if with_key or k != "ind_col_key"]
    frame = pd.DataFrame(records, columns=columns)
    formats = {names["ind_col_value"]: lambda v: fmt_figure(v, lang),
               names["ind_col_previous"]: lambda v: fmt_figure(v, lang),
               names["ind_col_change"]: lambda v: fmt_change(v, lang)}
    return DisplayTable(frame=frame, formats=formats)


def ranking_table(ranking: Sequence[Mapping[str, Any]], *, lang: Lang = "vi") -> DisplayTable:
    """Provinces ranked per series: one line per (series, province)."""
    cols = [t(c, lang) for c in ("ind_col_indicator", "ind_col_unit", "ind_col_rank",
                                 "ind_col_province", "ind_col_value", "ind_col_coverage",
                                 "ind_col_source")]
    records = []
    for series in ranking:
        cover = f"{series['coverage_n']}/{series['coverage_of']}"
        for entry in series["ranking"]:
            records.append(dict(zip(cols, [series_label(series, lang),
                                           unit_label(series["unit"], lang), entry["rank"],
                                           entry["province"], entry["value"], cover,
                                           source_label(entry["source"], lang)], strict=True)))
    frame = pd.DataFrame(records, columns=cols)
    return DisplayTable(frame=frame, formats={cols[4]: lambda v: fmt_figure(v, lang),
                                              cols[2]: lambda v: str(v)})


def chart_series(rows: Sequence[Mapping[str, Any]], *, lang: Lang = "vi"
                 ) -> dict[str, pd.DataFrame]:
    """Chartable frames per (indicator, unit) label: index = key, columns = series label.

    Only rows with a value; USD and VND series are in different frames (never one axis).
    """
    out: dict[str, dict[str, dict[str, float]]] = {}
    for row in rows:
        if row["value"] is None:
            continue
        title = f"{t('ind_' + row['indicator'], lang)} ({unit_label(row['unit'], lang)})"
        column = series_label(row, lang)
        out.setdefault(title, {}).setdefault(column, {})[key_label(row["key"], lang)] = float(
            row["value"])
    return {title: pd.DataFrame(data) for title, data in out.items()}



def report_file_stem(period: str, provinces: Sequence[str] = (), *, edition: int = 2024) -> str:
    """``bao-cao-2024-H1`` or ``bao-cao-2024-H1-hai-duong``: ASCII slugs, safe as a file name."""
    slugs = [(province_2025_record(p) if edition == 2025 else province_2024(p)).slug
             for p in provinces]
    return "-".join(["bao-cao", period, *slugs])
