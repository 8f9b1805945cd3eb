"""Land-use accounts (design §4.2) and reconciliation with reported totals (design §4.3).

All areas are hectares from the sources (the figures of record), never computed from the
approximate footprints. Every aggregate carries its coverage (zones with the figure / zones it
applies to). Rules, in short:

- planned area = Σ ``planned_area_ha``; in a view with every kind, a KCN nested in a KKT of the
  same group is not added again (the KKT's area already holds it).
- area in use = ``used_area_ha`` where a source gives it, else the planned area of operating
  KCN/KCX (nested ones included). A KKT's own area is never in use.
- area under construction = Σ planned area of KCN/KCX under construction; KKTs being built are
  reported apart (``kkt_under_construction_area_ha``).
- occupancy = Σ leased / Σ leasable industrial land over the zones that give both (leased =
  stated rate × leasable where only a rate is given); a rate without leasable land is "rate
  only", never averaged in. Bases of figures and views: :mod:`geo.accounts.figure_basis`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.accounts._codes import as_category, labels
from geo.accounts.figure_basis import (
    OCCUPANCY_RULE,
    RATE_ONLY,
    basis_note,
    view_basis,
)
from geo.accounts.landuse_groups import (
    account_columns,
    account_groups,
    empty_group_row,
    one_key,
)
from geo.accounts.lots import apply_lot_figures
from geo.accounts.zone_figures import (
    IN_USE_BASES,
    LAND_KINDS,
    OCCUPANCY_BASES,
    figures_of,
    zone_figures,
)
from geo.core.admin import (
    REGION_NAME,
    Edition,
    canonical_province,
    check_edition,
    data_provinces_2024,
    incomplete_2025_provinces,
    province_names,
)
from geo.core.i18n import Lang, t
from geo.core.schema import KINDS, ZONE_STATUSES
from geo.errors import AtlasError, FilterError
from geo.settings import PROVINCES_2025

GroupBy = Literal["region", "province", "province_2025", "kind", "status", "zone"]
GROUPINGS: tuple[str, ...] = ("region", "province", "province_2025", "kind", "status", "zone")
OUTSIDE_REGION_2025 = "Ngoài vùng ĐBSH từ 2025 (Phú Thọ)"
SELECTION_KEY = "selection"  # the region row's key when a filter is set (not the region)
FILTER_KEYS = ("provinces", "kinds", "statuses")

ACCOUNT_INPUTS = ("zone_id", "kind", "status", "parent_zone_id", "province", "province_2025",
                  "planned_area_ha", "used_area_ha", "under_construction_area_ha",
                  "industrial_land_ha", "leased_land_ha", "occupancy_pct")
"""The zone columns :func:`summarize` reads (the others are not copied)."""
METRICS = ("planned_area_ha", "in_use_area_ha", "under_construction_area_ha", "occupancy_pct")


# ---------------------------------------------------------------------------------------------
# Filters
def _check_values(values: Sequence[str] | None, allowed: Sequence[str], what: str) -> list[str]:
    if not values:
        return list(allowed)
    for value in values:
        if value not in allowed:
            raise FilterError(f"unknown {what} {value!r}; valid: {', '.join(allowed)}",
                              valid=list(allowed))
    return list(values)


def filter_zones(zones: gpd.GeoDataFrame, *, provinces: Sequence[str] | None = None,
                 kinds: Sequence[str] | None = None, statuses: Sequence[str] | None = None,
                 edition: Edition = 2024) -> gpd.GeoDataFrame:
    """The zones matching every given filter (None or empty = no filter); a new frame.

    Parameters
    ----------
    zones : the zones layer (EPSG:4326).
    provinces : province names of ``edition`` (Vietnamese or English spelling).
    kinds : any of ``KCN``, ``KCX``, ``KKT``.
    statuses : any of ``operating``, ``under_construction``, ``planned``, ``unknown``.
    edition : which province names ``provinces`` are: 2024 or 2025 (after the mergers).

    Raises
    ------
    FilterError
        On an unknown value; the message lists the valid ones.
    """
    edition = check_edition(edition)
    mask = pd.Series(True, index=zones.index)
    if provinces:
        names = [canonical_province(p, edition=edition) for p in provinces]
        column = "province" if edition == 2024 else "province_2025"
        mask &= zones[column].isin(names)
    mask &= zones["kind"].isin(_check_values(kinds, KINDS, "kind"))
    mask &= zones["status"].isin(_check_values(statuses, ZONE_STATUSES, "status"))
    return zones.loc[mask].copy()


# ---------------------------------------------------------------------------------------------
# Per-zone accounts
def add_accounts(zones: pd.DataFrame, *, lots: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a copy of ``zones`` with the per-zone account columns (hectares, %).

    ``lots`` (the lot register, :func:`geo.store.lots.load_lots`): where a zone has lots with
    leasable land, its leased / leasable land and occupancy come from them and
    ``occupancy_basis`` is ``lots`` (:func:`geo.accounts.lots.apply_lot_figures`).

    Added columns: ``in_use_area_ha`` and ``in_use_basis`` (``used_area_ha`` | ``operating_area``
    | ``kkt_excluded`` | ``not_operating`` | ``status_unknown`` | ``missing`` — an operating
    KCN/KCX whose area no source gives); ``building_area_ha`` (planned area of a
    KCN/KCX under construction, or its reported ``under_construction_area_ha``);
    ``leased_ha``/``leasable_ha``/``occupancy_calc_pct``, ``occupancy_basis`` (``leased_land`` |
    ``stated_rate`` | ``lots`` | ``rate_only`` | ``missing``) and ``occupancy_zone_pct`` (what
    a zone view shows: computed, else the stated rate of a ``rate_only`` zone).
    """
    return _add_accounts(zones, lots=lots, categorical=False)


def _add_accounts(zones: pd.DataFrame, *, lots: pd.DataFrame | None,
                  categorical: bool) -> pd.DataFrame:
    """:func:`add_accounts`; with ``categorical`` the basis columns are categoricals (the
    aggregates read them by code)."""
    out = zones.copy()
    fig = zone_figures(out)  # the rules, on arrays (geo.accounts.zone_figures)
    out["in_use_area_ha"] = fig.in_use
    out["in_use_basis"] = labels(fig.in_use_basis, IN_USE_BASES, out.index,
                                 categorical=categorical)
    out["building_area_ha"] = fig.building
    out["leased_ha"] = fig.leased
    out["leasable_ha"] = fig.leasable
    out["occupancy_calc_pct"] = fig.occupancy_calc
    out["occupancy_basis"] = labels(fig.occupancy_basis, OCCUPANCY_BASES, out.index,
                                    categorical=categorical)
    if lots is not None and len(lots):
        out = apply_lot_figures(out, lots)
    out["occupancy_zone_pct"] = out["occupancy_calc_pct"].where(
        out["occupancy_basis"] != RATE_ONLY, out["occupancy_pct"])
    return out


def nested_in_group(zones: pd.DataFrame) -> pd.Series:
    """True for a zone whose parent KKT is in the same frame (its land is counted in the KKT)."""
    ids = set(zones["zone_id"])
    return zones["parent_zone_id"].map(lambda p: isinstance(p, str) and p in ids).astype(bool)


# ---------------------------------------------------------------------------------------------
# Aggregates
@dataclass(frozen=True)
class Summary:
    """Land-use accounts of a selection, grouped.

    ``rows`` and ``total`` are dicts with the keys of the CLI JSON: ``key``, ``zones``,
    ``planned_area_ha``, ``in_use_area_ha``, ``under_construction_area_ha``, ``in_use_ratio``,
    ``under_construction_ratio``, ``not_started_ratio``, ``occupancy_pct`` (None where no zone
    gives the figures), ``coverage`` ({metric: [zones with the figure, zones it applies to]}),
    ``kkt_under_construction_area_ha``, ``nested_in_kkt``, ``zones_by_status`` (count per
    status), ``not_started_area_ha``, ``other_area_ha`` (planned − the three parts, ≥ 0),
    ``basis_counts`` (:func:`geo.accounts.figure_basis.basis_counts`) and ``notes``; ``basis``:
    ``kcn_kcx`` or ``all_kinds_kkt_once``.

    ``filters`` holds the filters the zones were selected by (only those set: ``provinces``,
    ``kinds``, ``statuses``); with any, the ``region`` grouping's row is keyed
    :data:`SELECTION_KEY` and labelled by :func:`selection_label` (``Lựa chọn: Hưng Yên``):
    a filtered selection is not the region.
    """

    group_by: str
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    edition: int = 2024
    notes: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    basis: str = "all_kinds_kkt_once"

    @property
    def selection(self) -> str | None:
        """``Lựa chọn: Hưng Yên`` when a filter is set, else None (the whole data)."""
        return selection_label(self.filters)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``python -m geo summary --format json``)."""
        return {"group_by": self.group_by, "edition": self.edition,
                "filters": {k: list(self.filters.get(k, [])) for k in FILTER_KEYS},
                "selection": self.selection, "basis": self.basis, "rows": self.rows,
                "total": self.total,
                "notes": self.notes}


def active_filters(filters: Mapping[str, Sequence[str] | None] | None, *,
                   edition: Edition = 2024) -> dict[str, list[str]]:
    """The filters that are set, as ``{"provinces": [...], ...}`` (canonical province names).

    Raises
    ------
    FilterError
        On a key other than ``provinces``, ``kinds``, ``statuses``.
    """
    out: dict[str, list[str]] = {}
    for key, values in (filters or {}).items():
        if key not in FILTER_KEYS:
            raise FilterError(f"unknown filter {key!r}; valid: {', '.join(FILTER_KEYS)}",
                              valid=list(FILTER_KEYS))
        if not values:
            continue
        if key == "provinces":
            names = []
            for value in values:
                try:
                    names.append(canonical_province(value, edition=edition))
                except AtlasError:
                    names.append(str(value))
            values = names
        out[key] = list(dict.fromkeys(str(v) for v in values))
    return out


def describe_filters(filters: Mapping[str, Sequence[str]] | None, *, lang: Lang = "vi") -> str:
    """The filters set, in words: ``Hưng Yên · KCN · Đã đi vào hoạt động`` ('' for none)."""
    chosen = filters or {}
    parts = [", ".join(chosen.get("provinces") or ()),
             ", ".join(chosen.get("kinds") or ()),
             ", ".join(t(f"status_{s}", lang) for s in chosen.get("statuses") or ())]
    return " · ".join(p for p in parts if p)


def selection_label(filters: Mapping[str, Sequence[str]] | None, *, lang: Lang = "vi"
                    ) -> str | None:
    """``Lựa chọn: Hưng Yên`` / ``Selection: Hưng Yên`` — None when no filter is set."""
    words = describe_filters(filters, lang=lang)
    return t("selection_label", lang).format(selection=words) if words else None


def _sum(values: pd.Series) -> float | None:
    """Σ of the known values, or None when none is known (never 0 for 'no figure')."""
    known = values.dropna()
    return round(float(known.sum()), 2) if not known.empty else None


def account_group(group: pd.DataFrame, key: str) -> dict[str, Any]:
    """The accounts of one group of zones (a frame already passed through :func:`add_accounts`).

    Returns the row dict described in :class:`Summary`; the rules live in one place,
    :func:`geo.accounts.landuse_groups.account_groups` (every group in one groupby).
    """
    row = account_groups(group, one_key(key, group.index)).get(key)
    return row if row is not None else empty_group_row(key)


def _group_keys(zones: pd.DataFrame, by: str, edition: Edition) -> tuple[pd.Series, list[str]]:
    """The group key of each zone and the keys in display order."""
    if by == "region":
        if edition == 2024:
            return pd.Series(REGION_NAME, index=zones.index), [REGION_NAME]
        delta = set(province_names(2025))
        keys = pd.Series(np.where(zones["province_2025"].isin(delta), REGION_NAME,
                                  OUTSIDE_REGION_2025), index=zones.index, dtype=object)
        return keys, [REGION_NAME, OUTSIDE_REGION_2025]
    if by == "province":
        return zones["province"], province_names(2024)
    if by == "province_2025":
        return zones["province_2025"], [p.name for p in PROVINCES_2025]
    if by == "kind":
        return zones["kind"], list(KINDS)
    if by == "status":
        return zones["status"], list(ZONE_STATUSES)
    if by == "zone":
        return zones["zone_id"], list(zones["zone_id"])
    raise FilterError(f"unknown grouping {by!r}; valid: {', '.join(GROUPINGS)}",
                      valid=list(GROUPINGS))


def summarize(zones: pd.DataFrame, *, by: str = "region", edition: Edition = 2024,
              kcn_only: bool = False, keep_empty: bool = False,
              filters: Mapping[str, Sequence[str] | None] | None = None,
              lots: pd.DataFrame | None = None) -> Summary:
    """Land-use accounts of ``zones`` grouped by region, province, 2025 province, kind or status.

    Parameters
    ----------
    zones : zones layer (any CRS; only attributes are used), already filtered.
    by : ``region`` | ``province`` | ``province_2025`` | ``kind`` | ``status`` | ``zone``.
    edition : province edition of the ``region`` grouping (2025: six provinces; zones of former
        Vĩnh Phúc, now Phú Thọ, fall outside the region).
    kcn_only : keep only KCN and KCX (the view that KKT areas do not dominate).
    keep_empty : keep groups with no zone (e.g. a province with nothing after filtering).
    filters : the filters ``zones`` were selected by (keys ``provinces``, ``kinds``,
        ``statuses``, as :func:`filter_zones`; None or empty: no filter). With any set, the
        ``region`` row is the selection (key :data:`SELECTION_KEY`, ``label`` ``Lựa chọn: …``).
    lots : the lot register; zones with lots take their occupancy from them (basis ``lots``,
        said in a note).

    Returns
    -------
    Summary
        Rows in display order and the total over the whole selection. Areas in hectares,
        ratios as fractions (0-1), occupancy in percent.
    """
    edition = check_edition(edition)
    chosen = active_filters(filters, edition=edition)
    frame = zones[zones["kind"].isin(LAND_KINDS)] if kcn_only else zones
    # Kind and status as categories: one factorisation each, then integer comparisons.
    coded = {"kind": as_category(frame["kind"]), "status": as_category(frame["status"])}
    if lots is not None and len(lots):  # the figures from the accounts the lots overlay
        inputs = pd.DataFrame(frame)[[c for c in ACCOUNT_INPUTS if c in frame.columns]]
        figures = figures_of(_add_accounts(inputs.assign(**coded), lots=lots,
                                           categorical=True))
    else:  # the per-zone figures as arrays, straight from the columns (no copy of the zones)
        figures = zone_figures({**{c: frame[c] for c in ACCOUNT_INPUTS if c in frame.columns},
                                **coded})
    keys, order = _group_keys(frame, by, edition)
    if by in coded:
        keys = coded[by]  # the same keys, already factorised
    columns = account_columns(figures, frame)  # shared by the groups and the total
    groups = account_groups(frame, keys, columns=columns)  # every group in one groupby
    rows = []
    for key in order:
        if key not in groups and not keep_empty:
            continue
        row = groups.get(key) or empty_group_row(key)
        if by == "province_2025" or (by == "region" and edition == 2025):
            row["in_delta"] = key in set(province_names(2025)) or key == REGION_NAME
        if key == REGION_NAME and chosen:  # a filtered selection is not the region
            row["key"], row["label"] = SELECTION_KEY, selection_label(chosen)
        rows.append(row)
    notes = _notes(coded["kind"], by, edition, kcn_only)
    from_lots = int(np.count_nonzero(figures.occupancy_basis == OCCUPANCY_BASES.index("lots")))
    if from_lots:
        notes.append(f"occupancy of {from_lots} zone(s) "
                     "from their lots (lot register: leased / leasable industrial land)")
    if chosen and by == "region":
        notes.insert(1, f"filtered selection ({describe_filters(chosen, lang='en')}): the "
                        f"'{SELECTION_KEY}' row holds only the selected zones, not the whole "
                        "Red River Delta")
    if by == "province_2025":
        missing = incomplete_2025_provinces(data_provinces_2024())
        for row in rows:
            if row["key"] in missing:
                row["incomplete"] = missing[row["key"]]
    total = account_groups(frame, one_key("total", frame.index),
                           columns=columns).get("total") or empty_group_row("total")
    return Summary(group_by=by, rows=rows, total=total,
                   edition=edition, notes=notes, filters=chosen, basis=view_basis(kcn_only))


def _notes(kind: pd.Series, by: str, edition: Edition, kcn_only: bool) -> list[str]:
    notes = [basis_note(view_basis(kcn_only)), "areas in ha from the sources; coverage = [zones "
             "with the figure, zones it applies to]; land in use = used area where a source "
             "gives it, else (derived) the planned area of operating KCN/KCX", OCCUPANCY_RULE]
    if kind.empty:
        notes.append("no zone matches the filters (the zone data covers the 11 Red River Delta "
                     "provinces of 2024; Bắc Giang, Phú Thọ and Hòa Bình have no zones in it)")
    if not kcn_only and (kind == "KKT").any():
        notes.append("all kinds: KCNs inside a KKT of the same group are not added again to the "
                     "planned area; KKT areas are never counted as in use")
    if by == "province_2025":
        for name, parts in incomplete_2025_provinces(data_provinces_2024()).items():
            notes.append(f"{name} (2025) is incomplete: the data lacks {', '.join(parts)}")
    if by == "province_2025" or (by == "region" and edition == 2025):
        notes.append("since 2025 the Red River Delta is 6 provinces; Phú Thọ (with former Vĩnh "
                     "Phúc) is in the northern midlands region")
    return notes


# ---------------------------------------------------------------------------------------------
# Reconciliation (design §4.3)
RECONCILE_STATUSES = ("all", "operating", "under_construction")


def reconcile(zones: pd.DataFrame, reported: pd.DataFrame, *, period: str = "2024-H1"
              ) -> pd.DataFrame:
    """Reported vs computed count and area, for all zones, operating and under construction.

    Parameters
    ----------
    zones : the whole zones layer of the region (2024 edition).
    reported : :func:`geo.store.bundled.load_reported`.
    period : a period with reported figures, e.g. ``2024-H1``.

    Returns
    -------
    DataFrame
        One row per status: ``reported_zones``, ``computed_zones``, ``zones_diff``,
        ``reported_area_ha``, ``computed_area_ha``, ``area_diff_ha``, ``area_diff_pct``,
        ``area_basis``, ``zones_lacking_figure`` (zones counted but without the area figure)
        and ``lacking_ids`` (their ids, ';'-joined), and why the counts and areas differ:
        ``zones_not_in_data`` (zones the report counts that the data lacks: reported − computed
        when positive), ``zones_extra_in_data`` (computed − reported when positive),
        ``zones_counted_differently`` (zones counted in the group whose area the rule of the
        row leaves out: KKTs in the operating and building rows — their own area is never in
        use or under construction — and KCNs nested in a KKT in the ``all`` row, whose land the
        KKT's area already holds) with ``counted_differently_ids``.

    Raises
    ------
    FilterError
        If ``period`` has no reported figures (the message lists the periods that do).
    """
    periods = sorted(set(reported["period"].astype(str)))
    if period not in periods:
        raise FilterError(f"unknown period {period!r}; valid: {', '.join(periods)}",
                          valid=periods)
    rep = reported[(reported["period"] == period) & (reported["scope"] == "region")]
    frame = add_accounts(pd.DataFrame(zones))
    total = account_group(frame, "all")
    rows = []
    for status in RECONCILE_STATUSES:
        match = rep[rep["status"] == status]
        if match.empty:
            continue
        if status == "all":
            group, area, metric = frame, total["planned_area_ha"], "planned_area_ha"
            lacking = frame[frame["planned_area_ha"].isna()]
            basis = "planned area (KCNs inside a KKT not added again)"
        elif status == "operating":
            group = frame[frame["status"] == "operating"]
            area, metric = total["in_use_area_ha"], "in_use_area_ha"
            lacking = group[group["in_use_basis"] == "missing"]
            basis = "land in use: used area, else planned area of operating KCN/KCX"
        else:
            group = frame[frame["status"] == "under_construction"]
            area, metric = total["under_construction_area_ha"], "under_construction_area_ha"
            lacking = group[group["kind"].isin(LAND_KINDS) & group["building_area_ha"].isna()]
            basis = "planned area of KCN/KCX under construction (KKTs apart)"
        reported_area = float(match["area_ha"].iloc[0])
        apart = _counted_differently(group, status)
        reported_n = int(match["zones"].iloc[0])
        rows.append({
            "status": status,
            "reported_zones": int(match["zones"].iloc[0]),
            "computed_zones": len(group),
            "zones_diff": len(group) - int(match["zones"].iloc[0]),
            "reported_area_ha": reported_area,
            "computed_area_ha": area,
            "area_diff_ha": None if area is None else round(area - reported_area, 2),
            "area_diff_pct": None if area is None else round(100 * (area / reported_area - 1), 1),
            "area_basis": basis,
            "metric": metric,
            "zones_lacking_figure": len(lacking),
            "lacking_ids": ";".join(lacking["zone_id"]),
            "zones_not_in_data": max(reported_n - len(group), 0),
            "zones_extra_in_data": max(len(group) - reported_n, 0),
            "zones_counted_differently": len(apart),
            "counted_differently_ids": ";".join(apart["zone_id"]),
        })
    return pd.DataFrame(rows)


def _counted_differently(group: pd.DataFrame, status: str) -> pd.DataFrame:
    """Zones of a reconciliation row that count as zones but whose area the row's rule leaves out.

    ``all``: KCN/KCX nested in a KKT of the data (the KKT's planned area holds their land);
    ``operating`` / ``under_construction``: KKTs (their own area is never in use or being built).
    """
    if status == "all":
        return group[nested_in_group(group)]
    return group[group["kind"] == "KKT"]
