"""Display tables of the land-use accounts: localized column names, formatted numbers.

Each builder returns a :class:`DisplayTable`: the raw values (numbers stay numbers, so a table
sorts numerically) with localized column names, plus one formatter per column that renders a
value in the UI's number format (``1.234,5 ha`` in Vietnamese; '—' for a missing figure, never 0).
Areas are hectares from the sources, ratios fractions (0-1) shown as percentages, occupancy in
percent. Only attributes are used: any CRS is fine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd

from geo.accounts.figure_basis import (
    BASIS_ALL_ONCE,
    BASIS_KCN_KCX,
    in_use_basis_text,
    occupancy_basis_text,
)
from geo.accounts.landuse import (
    OUTSIDE_REGION_2025,
    SELECTION_KEY,
    Summary,
    add_accounts,
    selection_label,
)
from geo.core.admin import (
    REGION_NAME,
    canonical_province,
    data_provinces_2024,
    incomplete_2025_provinces,
)
from geo.core.i18n import NO_DATA, Lang, fmt_coverage, fmt_ha, fmt_number, fmt_pct, fmt_ratio, t
from geo.core.text import is_blank
from geo.errors import AtlasError
from geo.present.figures import (
    aggregate_basis_text,
    basis_label,
    is_aggregate_derived,
    marked,
    occupancy_coverage_text,
    zone_in_use_text,
    zone_occupancy_text,
)
from geo.present.tables import DisplayTable, Formatter, cell_text


def _cov(pair: Sequence[int], lang: Lang) -> str:
    """Coverage text of a [with the figure, applies to] pair."""
    return fmt_coverage(int(pair[0]), int(pair[1]), lang)


def _label_value(prefix: str, lang: Lang) -> Formatter:
    def render(value: object) -> str:
        return NO_DATA if is_blank(value) else t(f"{prefix}{value}", lang)
    return render


# ---------------------------------------------------------------------------------------------
# Per zone
ZONE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "name"), ("kind", "kind"), ("status", "status"), ("province", "province"),
    ("province_2025", "province_2025"), ("planned_area_ha", "planned_area_ha"),
    ("in_use_area_ha", "in_use_area_ha"), ("building_area_ha", "under_construction_area_ha"),
    ("industrial_land_ha", "industrial_land_ha"), ("leased_ha", "leased_land_ha"),
    ("occupancy_zone_pct", "occupancy_pct"), ("developer", "developer"), ("as_of", "as_of"),
)


def zone_table(zones: pd.DataFrame, *, lang: Lang = "vi",
               lots: pd.DataFrame | None = None) -> DisplayTable:
    """One row per zone with its accounts (design §4.2), in the order of ``zones``.

    Columns: name, kind, status, province (2024 and 2025), planned area, land in use, area under
    construction, leasable and leased industrial land (ha), occupancy (%, Σ leased / Σ leasable
    basis of :func:`geo.accounts.landuse.add_accounts`; a rate-only zone shows its stated rate),
    developer, figures as of; and where land in use and occupancy come from (reported, derived
    "≈ …", rate only, from the lot register), beside each figure. ``lots``: the store's lot
    register (a zone with lots has its leased land and occupancy from them).
    """
    accounts = add_accounts(pd.DataFrame(zones), lots=lots)
    frame = pd.DataFrame({t(label, lang): accounts[column].to_numpy()
                          for column, label in ZONE_COLUMNS})
    position = list(frame.columns).index(t("in_use_area_ha", lang)) + 1
    frame.insert(position, f"{t('in_use_area_ha', lang)} · {t('figure_basis', lang)}",
                 [in_use_basis_text(b, lang) for b in accounts["in_use_basis"]])
    position = list(frame.columns).index(t("occupancy_pct", lang)) + 1
    frame.insert(position, t("occupancy_basis", lang),
                 [occupancy_basis_text(b, lang) for b in accounts["occupancy_basis"]])
    ha = partial(fmt_ha, lang=lang)
    formats: dict[str, Formatter] = {t(k, lang): ha for k in (
        "planned_area_ha", "in_use_area_ha", "under_construction_area_ha",
        "industrial_land_ha", "leased_land_ha")}
    formats[t("occupancy_pct", lang)] = partial(fmt_pct, lang=lang)
    formats[t("kind", lang)] = cell_text
    formats[t("status", lang)] = _label_value("status_", lang)
    return DisplayTable(frame, formats, tuple(accounts["zone_id"]))


# ---------------------------------------------------------------------------------------------
# Per group
def _group_name(key: str, by: str, lang: Lang,
                filters: Mapping[str, Sequence[str]] | None = None) -> str:
    if key == "total":
        return t("total", lang)
    if key == SELECTION_KEY:  # the region row of a filtered selection is not the region
        return selection_label(filters, lang=lang) or t("region", lang)
    if by == "status":
        return t(f"status_{key}", lang)
    if by == "kind":
        return t(f"kind_{key}", lang)
    if key == REGION_NAME:
        return t("region", lang)
    if key == OUTSIDE_REGION_2025:
        return f"Phú Thọ ({t('outside_delta_2025', lang)})"
    return key


def group_table(summary: Summary, *, lang: Lang = "vi", with_total: bool = True
                ) -> DisplayTable:
    """One row per group of a :class:`geo.accounts.landuse.Summary` (and the total), with coverage.

    Columns: group, zones, planned area, land in use (+ coverage), area under construction
    (+ coverage), the three ratios of the planned area, occupancy (+ coverage), KKT area under
    construction (shown apart), KCNs inside a KKT of the group.
    """
    rows = [*summary.rows, summary.total] if with_total else list(summary.rows)
    cov = t("coverage", lang)
    data: dict[str, list[Any]] = {t("group", lang): [], t("zones", lang): []}
    specs = (("planned_area_ha", True), ("in_use_area_ha", True),
             ("under_construction_area_ha", True), ("in_use_ratio", False),
             ("under_construction_ratio", False), ("not_started_ratio", False),
             ("occupancy_pct", True))
    for row in rows:
        name = _group_name(str(row["key"]), summary.group_by, lang, summary.filters)
        if row.get("in_delta") is False and row["key"] != OUTSIDE_REGION_2025:
            name += f" ({t('outside_delta_2025', lang)})"
        if row.get("incomplete"):
            name += f" ({t('incomplete', lang).format(parts=', '.join(row['incomplete']))})"
        data[t("group", lang)].append(name)
        data[t("zones", lang)].append(row["zones"])
        for metric, with_cov in specs:
            data.setdefault(t(metric, lang), []).append(row[metric])
            if with_cov:
                have, of = row["coverage"][metric]
                data.setdefault(f"{t(metric, lang)} · {cov}", []).append(
                    occupancy_coverage_text(row, lang) if metric == "occupancy_pct"
                    else fmt_coverage(have, of, lang))
            if metric in ("in_use_area_ha", "occupancy_pct"):
                data.setdefault(f"{t(metric, lang)} · {t('figure_basis', lang)}", []).append(
                    aggregate_basis_text(row, metric, lang))
        data.setdefault(t("kkt_uc_area", lang), []).append(row["kkt_under_construction_area_ha"])
        data.setdefault(t("nested", lang), []).append(row["nested_in_kkt"])
    frame = pd.DataFrame(data)
    formats: dict[str, Formatter] = {t(m, lang): partial(fmt_ha, lang=lang) for m in (
        "planned_area_ha", "in_use_area_ha", "under_construction_area_ha", "kkt_uc_area")}
    for metric in ("in_use_ratio", "under_construction_ratio", "not_started_ratio"):
        formats[t(metric, lang)] = partial(fmt_ratio, lang=lang)
    formats[t("occupancy_pct", lang)] = partial(fmt_pct, lang=lang)
    formats[t("zones", lang)] = partial(fmt_number, lang=lang, digits=0)
    formats[t("nested", lang)] = partial(fmt_number, lang=lang, digits=0)
    return DisplayTable(frame, formats, tuple(str(r["key"]) for r in rows))


LOW_COVERAGE = 0.5
"""A chart bar resting on fewer than this share of its group's zones is drawn faded."""


def _covered_label(name: str, pair: Sequence[int], lang: Lang) -> str:
    """``Hải Phòng (1/27 khu)``: a group name with the zones its figure rests on."""
    return f"{name} ({_cov(pair, lang)})"


def chart_frame(summary: Summary, *, lang: Lang = "vi") -> pd.DataFrame:
    """Long table for a stacked bar chart of the planned area of each group (hectares).

    The planned area splits into the parts of the table's ratios — land in use, under
    construction, not started (``not_started_area_ha``: the planned area of zones not started,
    the same figure as ``not_started_ratio`` × planned) — and the rest (``other_area_ha``: a
    KKT's own land, zones of unknown status); groups without a planned area are left out.
    Columns: group, label (the group with the coverage of its planned area, ``Hải Phòng (20/27
    khu)``), part, area_ha, order, coverage (text: zones with the part's figure / zones it
    applies to), basis (where the part's figure comes from: reported or ``≈`` derived).
    """
    parts = (("in_use_area_ha", 0), ("under_construction_area_ha", 1), ("not_started_area", 2),
             ("other_area", 3))
    rows = []
    for row in summary.rows:
        planned = row["planned_area_ha"]
        if planned is None:
            continue
        values = (row["in_use_area_ha"] or 0.0, row["under_construction_area_ha"] or 0.0,
                  row.get("not_started_area_ha") or 0.0, row.get("other_area_ha") or 0.0)
        name = _group_name(str(row["key"]), summary.group_by, lang, summary.filters)
        covers = row["coverage"]
        for (part, order), value in zip(parts, values, strict=True):
            if part == "other_area" and not value:
                continue
            pair = covers.get(part, covers["planned_area_ha"])
            basis = aggregate_basis_text(row, part, lang) if part == "in_use_area_ha" else (
                basis_label(summary.basis, lang))
            rows.append({"group": name,
                         "label": _covered_label(name, covers["planned_area_ha"], lang),
                         "part": t(part, lang), "area_ha": round(value, 2), "order": order,
                         "coverage": _cov(pair, lang), "basis": basis})
    return pd.DataFrame(rows, columns=["group", "label", "part", "area_ha", "order", "coverage",
                                       "basis"])


def occupancy_frame(summary: Summary, *, lang: Lang = "vi") -> pd.DataFrame:
    """Occupancy (%) per group with its coverage; groups without the figure left out.

    Columns: group, label (``Hải Phòng (1/27 khu)``: the bar's axis label), occupancy_pct,
    coverage (text), zones_with (zones giving leased and leasable land), zones (in the group),
    coverage_share (0-1) and low_coverage (True below :data:`LOW_COVERAGE`: the figure rests on
    few of the group's zones, and the chart draws the bar faded).
    """
    rows = []
    for r in summary.rows:
        if r["occupancy_pct"] is None:
            continue
        have, of = (int(v) for v in r["coverage"]["occupancy_pct"])
        name = _group_name(str(r["key"]), summary.group_by, lang, summary.filters)
        share = have / of if of else 0.0
        rows.append({"group": name, "label": _covered_label(name, (have, of), lang),
                     "occupancy_pct": r["occupancy_pct"],
                     "coverage": occupancy_coverage_text(r, lang),
                     "zones_with": have, "zones": of, "coverage_share": round(share, 4),
                     "low_coverage": share < LOW_COVERAGE})
    return pd.DataFrame(rows, columns=["group", "label", "occupancy_pct", "coverage",
                                       "zones_with", "zones", "coverage_share", "low_coverage"])


# ---------------------------------------------------------------------------------------------
# Headline and reconciliation
def headline_table(total: Mapping[str, Any], reported: pd.DataFrame, *, period: str,
                   lang: Lang = "vi", kcn_total: Mapping[str, Any] | None = None,
                   show_reported: bool = True) -> pd.DataFrame:
    """The headline as text: figure | basis | computed | coverage | reported (``period``).

    ``total`` is a :class:`~geo.accounts.landuse.Summary` total over every kind (the report's
    basis: each KKT once) — zone counts and areas come from it, beside the report's figures;
    ``kcn_total`` (the same selection, KCN/KCX only) gives the three ratios and the occupancy
    (KCN/KCX first: a KKT's area flattens every ratio); without it ``total`` does. Each row says
    its basis; a derived figure is marked ``≈``. ``reported`` is
    :func:`geo.store.bundled.load_reported` (region rows of ``period``); ``show_reported=False``
    (a filtered selection: not comparable with the whole region) leaves that column out.
    """
    rep = reported[(reported["period"].astype(str) == period)
                   & (reported["scope"] == "region")] if len(reported) else reported

    def rep_value(status: str, column: str) -> float | None:
        match = rep[rep["status"] == status] if len(rep) else rep
        return None if match.empty else float(match[column].iloc[0])

    ratios = kcn_total if kcn_total is not None else total
    all_basis = basis_label(BASIS_ALL_ONCE, lang)
    ratio_basis = basis_label(BASIS_KCN_KCX if kcn_total is not None else BASIS_ALL_ONCE, lang)
    cov = total["coverage"]
    zones_n = partial(fmt_number, lang=lang, digits=0)
    in_use = marked(fmt_ha(total["in_use_area_ha"], lang),
                    is_aggregate_derived(total, "in_use_area_ha"))
    occupancy = marked(fmt_pct(ratios["occupancy_pct"], lang),
                       is_aggregate_derived(ratios, "occupancy_pct"))
    rows = [
        (t("zones", lang), all_basis, zones_n(total["zones"]), "",
         zones_n(rep_value("all", "zones"))),
        (t("planned_area_ha", lang), all_basis, fmt_ha(total["planned_area_ha"], lang),
         _cov(cov["planned_area_ha"], lang), fmt_ha(rep_value("all", "area_ha"), lang)),
        (t("in_use_area_ha", lang), all_basis, in_use, _cov(cov["in_use_area_ha"], lang),
         fmt_ha(rep_value("operating", "area_ha"), lang)),
        (t("under_construction_area_ha", lang), all_basis,
         fmt_ha(total["under_construction_area_ha"], lang),
         _cov(cov["under_construction_area_ha"], lang),
         fmt_ha(rep_value("under_construction", "area_ha"), lang)),
        (t("operating_zones", lang), all_basis, zones_n(total["zones_by_status"]["operating"]),
         "", zones_n(rep_value("operating", "zones"))),
        (t("uc_zones", lang), all_basis,
         zones_n(total["zones_by_status"]["under_construction"]), "",
         zones_n(rep_value("under_construction", "zones"))),
        (t("in_use_ratio", lang), ratio_basis, marked(
            fmt_ratio(ratios["in_use_ratio"], lang),
            is_aggregate_derived(ratios, "in_use_area_ha")), "", ""),
        (t("under_construction_ratio", lang), ratio_basis,
         fmt_ratio(ratios["under_construction_ratio"], lang), "", ""),
        (t("not_started_ratio", lang), ratio_basis, fmt_ratio(ratios["not_started_ratio"], lang),
         "", ""),
        (t("occupancy_pct", lang), ratio_basis, occupancy, occupancy_coverage_text(ratios, lang),
         ""),
    ]
    columns = [t("figure", lang), t("view_basis", lang), t("headline_computed", lang),
               t("coverage", lang), t("headline_reported", lang).format(period=period)]
    frame = pd.DataFrame(rows, columns=columns)
    return frame if show_reported else frame.drop(columns=columns[-1])


def reconcile_table(rec: pd.DataFrame, *, lang: Lang = "vi") -> DisplayTable:
    """The reconciliation of :func:`geo.accounts.landuse.reconcile` with localized names and
    formats."""
    columns = ("reported_zones", "computed_zones", "zones_diff", "reported_area_ha",
               "computed_area_ha", "area_diff_ha", "area_diff_pct", "zones_not_in_data",
               "zones_counted_differently", "zones_lacking_figure", "area_basis")
    status_names = {"all": t("all_zones", lang), "operating": t("status_operating", lang),
                    "under_construction": t("status_under_construction", lang)}
    frame = pd.DataFrame({t("status", lang): [status_names.get(s, s) for s in rec["status"]]})
    for column in columns:
        frame[t(column, lang)] = rec[column].to_numpy()
    count = partial(fmt_number, lang=lang, digits=0)
    formats: dict[str, Formatter] = {t(c, lang): count for c in (
        "reported_zones", "computed_zones", "zones_not_in_data", "zones_counted_differently",
        "zones_lacking_figure")}
    formats[t("zones_diff", lang)] = partial(_signed, lang=lang, digits=0, unit="")
    formats[t("area_diff_ha", lang)] = partial(_signed, lang=lang, digits=1, unit=" ha")
    formats[t("area_diff_pct", lang)] = partial(_signed, lang=lang, digits=1, unit=" %")
    for column in ("reported_area_ha", "computed_area_ha"):
        formats[t(column, lang)] = partial(fmt_ha, lang=lang)
    return DisplayTable(frame, formats, tuple(str(s) for s in rec["status"]))


def _signed(value: object, *, lang: Lang, digits: int, unit: str) -> str:
    if is_blank(value):
        return NO_DATA
    number = float(value)  # type: ignore[arg-type]
    sign = "+" if number > 0 else ""
    return f"{sign}{fmt_number(number, lang, digits=digits)}{unit}"


def names_of(zones: pd.DataFrame, ids: Sequence[str]) -> list[str]:
    """Names of the zones with ``ids`` (in that order; unknown ids kept as they are)."""
    lookup = dict(zip(zones["zone_id"], zones["name"], strict=True))
    return [str(lookup.get(i, i)) for i in ids]


# ---------------------------------------------------------------------------------------------
# One zone
def zone_card(zone: Mapping[str, Any], *, lang: Lang = "vi", parent_name: str | None = None,
              lots: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """Every figure and attribute of one zone as (label, text) pairs, for a detail card.

    ``zone`` is a row of the zones layer (a Series or a dict with the fields of
    ``geo.core.schema.ZONE_FIELDS``; ``geometry`` optional). Areas in hectares, occupancy in
    percent, workers in persons; a figure no source gives shows '—'. The source URL is returned
    as plain text (the caller makes it a link). ``lots`` as :func:`zone_table`.
    """
    row = add_accounts(pd.DataFrame([dict(zone)]), lots=lots).iloc[0]
    accounts: dict[str, Any] = {str(k): v for k, v in row.items()}
    ha = partial(fmt_ha, lang=lang)
    quality = zone.get("geometry_quality")
    geometry = zone.get("geometry")
    if geometry is None or getattr(geometry, "is_empty", False):
        outline = t("quality_none", lang)
    else:
        outline = t(f"quality_{quality}", lang) if quality else NO_DATA
    precision = zone.get("location_precision")
    workers = zone.get("workers")
    pairs = [
        (t("name", lang), cell_text(zone.get("name"))),
        (t("kind", lang), t(f"kind_{zone.get('kind')}", lang)),
        (t("status", lang), t(f"status_{zone.get('status')}", lang)),
        (t("province", lang), cell_text(zone.get("province"))),
        (t("province_2025", lang), cell_text(zone.get("province_2025"))),
        (t("parent_zone", lang), cell_text(parent_name or zone.get("parent_zone_id"))),
        (t("developer", lang), cell_text(zone.get("developer"))),
        (t("planned_area_ha", lang), ha(zone.get("planned_area_ha"))),
        (t("industrial_land_ha", lang), ha(zone.get("industrial_land_ha"))),
        (t("leased_land_ha", lang), ha(zone.get("leased_land_ha"))),
        (t("occupancy_pct", lang), zone_occupancy_text(accounts, lang)),
        (t("occupancy_basis", lang), occupancy_basis_text(accounts["occupancy_basis"], lang)),
        (t("used_area_ha", lang), ha(zone.get("used_area_ha"))),
        (t("in_use_area_ha", lang), zone_in_use_text(accounts, lang)),
        (t("in_use_basis", lang), in_use_basis_text(accounts["in_use_basis"], lang)),
        (t("under_construction_area_ha", lang), ha(accounts["building_area_ha"])),
        (t("worker_housing_area_ha", lang), ha(zone.get("worker_housing_area_ha"))),
        (t("workers", lang), _persons(workers, lang)),
        (t("as_of", lang), cell_text(zone.get("as_of"))),
        (t("geometry_quality", lang), outline),
        (t("location_precision", lang),
         t(f"precision_{precision}", lang) if precision else NO_DATA),
        (t("source", lang), cell_text(zone.get("source_url"))),
    ]
    return pairs


def _persons(value: object, lang: Lang) -> str:
    text = fmt_number(None if is_blank(value) else float(value), lang,  # type: ignore[arg-type]
                      digits=0)
    return text if text == NO_DATA else f"{text} {t('persons', lang)}"


def incomplete_notes(provinces: Sequence[str] | None, *, lang: Lang = "vi") -> list[str]:
    """Notes on the 2025 provinces the data covers only in part ("Bắc Ninh (2025) chưa đủ...").

    Parameters
    ----------
    provinces : the 2025 provinces selected (None or empty: all of them); any spelling
        :func:`geo.core.admin.canonical_province` knows (``bac-ninh``, ``Bac Ninh``).
    lang : language of the notes.
    """
    chosen = {_canonical_2025(p) for p in provinces or ()}
    return [t("note_incomplete", lang).format(name=name, parts=", ".join(parts))
            for name, parts in incomplete_2025_provinces(data_provinces_2024()).items()
            if not chosen or name in chosen]


def _canonical_2025(name: str) -> str:
    try:
        return canonical_province(name, edition=2025)
    except AtlasError:
        return name


def export_notes(provinces: Sequence[str] | None, *, edition: int,
                 langs: Sequence[Lang] = ("vi", "en")) -> list[str]:
    """The caveats an export of the selection must carry, in each of ``langs``.

    In the 2025 edition: the selected 2025 provinces (all when none is selected) that the data
    covers only in part (:func:`incomplete_notes`: Bắc Ninh lacks former Bắc Giang; Phú Thọ holds
    only former Vĩnh Phúc). None in the 2024 edition.
    """
    if edition != 2025:
        return []
    return [note for lang in langs for note in incomplete_notes(provinces, lang=lang)]


def summary_notes(zones: pd.DataFrame, *, by: str, edition: int, kcn_only: bool,
                  lang: Lang = "vi") -> list[str]:
    """The notes of a land-use table (as :func:`geo.accounts.landuse.summarize`'s), in ``lang``."""
    notes = [t("note_areas", lang)]
    if not kcn_only and (zones["kind"] == "KKT").any():
        notes.append(t("note_kkt", lang))
    if by == "province_2025":
        notes += incomplete_notes(None, lang=lang)
    if by == "province_2025" or (by == "region" and edition == 2025):
        notes.append(t("note_2025", lang))
    return notes
