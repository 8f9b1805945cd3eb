"""Zone figures by reporting period (half-years) and the comparison of two periods.

Periods
-------
A period is a half-year written ``YYYY-H1`` / ``YYYY-H2`` (``2024-H2``). The workspace keeps the
zone figures of each imported half-year spreadsheet keyed by (``zone_id``, ``period``) — the
``zone_figures`` layer of the store (:func:`geo.store.factory.load_zone_figures`: the
workspace, or the PostGIS database).

The bundled figures are *not* relabelled as a period: they come from sources of mixed dates,
each zone's own ``as_of`` (2020-10, c.2022, 2025-07 ...), so calling them "2024-H1" would be
false. They are the ``"current"`` state (:data:`CURRENT`): the zones layer as bundled, updated
by zone imports. The periods a user can choose are therefore ``["current", *imported periods]``
(:func:`list_periods`); comparing ``"current"`` with ``"2024-H2"`` is allowed and the
comparison says per figure how many zones have it in both.

Zones for a period (:func:`zones_for_period`): every zone keeps its row (geometry, name, kind,
status...); the figures are that period's where the spreadsheet gave them. Two kinds of figure:

- *structural* figures describe the zone rather than the half-year — ``planned_area_ha`` and
  ``industrial_land_ha`` (the leasable industrial land, the occupancy denominator). Where the
  period's file does not give them they fall back to the current value (:data:`FALLBACK_FIGURES`),
  so a file giving only leased land still yields an occupancy (leased ÷ leasable).
- *flow* figures measure the half-year — ``leased_land_ha``, ``occupancy_pct``,
  ``used_area_ha``, ``under_construction_area_ha``, ``worker_housing_area_ha``, ``workers``.
  They never fall back: a figure of another date is never shown as the period's; NaN instead.
  Where a period gives ``occupancy_pct`` but no leased land,
  :func:`geo.accounts.landuse.add_accounts`
  derives leased = rate × leasable from the (possibly fallen-back) leasable land.

A fallback value is not a figure *of the period*: the column :data:`FROM_CURRENT` lists, per
zone, the figures whose value was taken from the current figures (comma-separated, "" for none),
so that :func:`compare_periods` counts only the period's own figures.
``as_of`` is set to the period for the zones the period covers and emptied for the others.

Comparison (:func:`compare_periods`): each period's value of a figure is the sum over the zones
that have that figure *in that period* (its own coverage ``zones_a`` / ``zones_b``); the change
and % change are like for like, over the ``zones_both`` zones that have the figure in both
periods. A zone row shows its own values even when the other period lacks the figure (the change
is then empty, never 0).

Units: areas in hectares, ``occupancy_pct`` in percent (0-100), ``workers`` in persons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, Final, Literal

import geopandas as gpd
import pandas as pd

from geo.core.admin import REGION_NAME, province_2024
from geo.core.schema import ZONE_FIGURES
from geo.errors import FilterError

CURRENT: Final = "current"
"""The label of the current (bundled + imported zones) figures, which are not a period."""

FIGURE_TABLE_COLUMNS: Final = ("zone_id", "period", *ZONE_FIGURES, "as_of", "source")
"""Columns of the workspace's ``zone_figures`` layer."""

PERIOD_RE: Final = re.compile(r"^(\d{4})-H([12])$")
SUM_FIGURES: Final = tuple(f for f in ZONE_FIGURES if f != "occupancy_pct")
FALLBACK_FIGURES: Final = ("planned_area_ha", "industrial_land_ha")
"""Structural figures: a period without them takes the current value (module docstring)."""
FROM_CURRENT: Final = "from_current"
"""Column of a period's zones: the figures whose value is the current one (comma-separated)."""
Grouping = Literal["zone", "province", "region"]


def is_period(text: object) -> bool:
    """True for a half-year label ``YYYY-H1`` / ``YYYY-H2``."""
    return isinstance(text, str) and PERIOD_RE.match(text) is not None


def check_period(text: str) -> str:
    """``text`` stripped and upper-cased (``2024-h2`` → ``2024-H2``) if it is a half-year.

    Raises
    ------
    FilterError
        If it is not of the form ``YYYY-H1``/``YYYY-H2``.
    """
    value = str(text).strip().upper()
    if not is_period(value):
        raise FilterError(f"period {text!r} is not a half-year like 2024-H1 or 2024-H2",
                          valid=["YYYY-H1", "YYYY-H2"],
                          message_vi=f"kỳ báo cáo {text!r} không hợp lệ: viết dạng NĂM-H1 hoặc "
                                     "NĂM-H2, ví dụ 2024-H2")
    return value


def empty_figures() -> pd.DataFrame:
    """An empty ``zone_figures`` table with the right columns and dtypes."""
    data: dict[str, pd.Series] = {}
    for name in FIGURE_TABLE_COLUMNS:
        dtype = "float64" if name in ZONE_FIGURES else object
        data[name] = pd.Series([], dtype=dtype)
    return pd.DataFrame(data)


def list_periods(figures: pd.DataFrame) -> list[str]:
    """``["current", *periods of figures]`` (periods sorted oldest first)."""
    return [CURRENT, *sorted(set(figures["period"].astype(str)))]


def zone_period_for(period: str, available: Sequence[str]) -> str:
    """The zone figures a report of ``period`` uses: that half-year's imported figures when
    ``available`` holds them (a year ``YYYY``: its ``YYYY-H2``, the state at the year's end),
    else :data:`CURRENT` (the current figures, each zone as of its source).

    Parameters
    ----------
    period : the report's period, ``YYYY-H1``, ``YYYY-H2`` or ``YYYY``.
    available : the periods with imported zone figures (:func:`list_periods`; ``current`` may
        be among them).
    """
    wanted = f"{period}-H2" if re.fullmatch(r"\d{4}", period) else period
    return wanted if wanted != CURRENT and wanted in set(available) else CURRENT


def check_zone_period(period: str, available: Sequence[str]) -> str:
    """``period`` if it is :data:`CURRENT` or one of ``available`` (periods with imported zone
    figures).

    Raises
    ------
    FilterError
        Any other value; the message lists the valid ones.
    """
    valid = [CURRENT, *[p for p in available if p != CURRENT]]
    if period not in valid:
        raise FilterError(f"no zone figures for period {period!r}; valid: {', '.join(valid)}",
                          valid=valid)
    return period


def zones_for_period(zones: gpd.GeoDataFrame, figures: pd.DataFrame, period: str
                     ) -> gpd.GeoDataFrame:
    """The zones with the figures of ``period`` (see the module docstring for the rules).

    Parameters
    ----------
    zones : the zones layer (EPSG:4326), current figures.
    figures : the ``zone_figures`` table (:data:`FIGURE_TABLE_COLUMNS`).
    period : ``"current"`` (returns a copy of ``zones``) or a period present in ``figures``.

    Raises
    ------
    FilterError
        If ``period`` has no figures; ``valid`` lists the periods that do.
    """
    if period == CURRENT:
        return zones.copy()
    available = list_periods(figures)
    if period not in available:
        raise FilterError(f"period {period!r} has no imported zone figures; available: "
                          f"{', '.join(available)}", valid=available)
    rows = figures[figures["period"] == period].set_index("zone_id")
    out = zones.copy()
    covered = out["zone_id"].isin(rows.index)
    fallen: list[list[str]] = [[] for _ in range(len(out))]
    for name in ZONE_FIGURES:
        values = out["zone_id"].map(rows[name]).astype("float64")
        if name in FALLBACK_FIGURES:
            current = out[name].astype("float64")
            took = (values.isna() & current.notna()).to_numpy()
            for i in took.nonzero()[0]:
                fallen[i].append(name)
            values = values.where(values.notna(), current)
        out[name] = values
    out["as_of"] = pd.Series([period if c else None for c in covered], index=out.index,
                             dtype=object)
    out[FROM_CURRENT] = pd.Series([",".join(f) for f in fallen], index=out.index, dtype=object)
    return out


def own_figures(zones: pd.DataFrame, name: str) -> pd.Series:
    """True where a zone has figure ``name`` of its own period (not NaN, not a fallback).

    ``zones`` holds one period's figures (:func:`zones_for_period`); the current figures (no
    :data:`FROM_CURRENT` column) are all their own.
    """
    has = zones[name].notna()
    if FROM_CURRENT not in zones.columns:
        return has
    fallen = zones[FROM_CURRENT].map(lambda v: isinstance(v, str) and name in v.split(","))
    return has & ~fallen.astype(bool)


def _group_keys(zones: pd.DataFrame, by: Grouping) -> pd.Series:
    if by == "zone":
        return zones["zone_id"].astype(str)
    if by == "province":
        return zones["province"].astype(str)
    in_delta = [bool(p) and province_2024(str(p)).in_delta for p in zones["province"]]
    return pd.Series([REGION_NAME if d else "ngoài vùng / outside" for d in in_delta],
                     index=zones.index)


def _pct(a: float, b: float) -> float:
    return 100.0 * (b - a) / a if a and not math.isnan(a) and not math.isnan(b) else math.nan


COMPARE_COLUMNS: Final = ("key", "figure", "value_a", "zones_a", "value_b", "zones_b",
                          "change", "change_pct", "zones_both", "zones")
"""Columns of :func:`compare_periods`."""


def compare_periods(a: pd.DataFrame, b: pd.DataFrame, *, by: Grouping = "zone",
                    figures: Sequence[str] = ZONE_FIGURES) -> pd.DataFrame:
    """Change of each figure from period ``a`` to period ``b`` ("so với cùng kỳ").

    Parameters
    ----------
    a, b : zones frames holding each period's figures (:func:`zones_for_period`, or
        the store's :func:`geo.store.factory.load_zones` with ``period=``; their
        :data:`FROM_CURRENT` column says which values are fallbacks). Tables in, a table out:
        this module never loads.
    by : ``"zone"``, ``"province"`` (2024 provinces) or ``"region"`` (the delta).
    figures : which figures to compare (default: all of ``ZONE_FIGURES``).

    Returns
    -------
    DataFrame
        One row per group and figure (:data:`COMPARE_COLUMNS`): ``key``, ``figure``;
        ``value_a`` / ``value_b``, the sum over the zones of the group that have the figure in
        that period (a fallback value is not the period's; NaN when no zone has it), with their
        counts ``zones_a`` / ``zones_b``; ``change`` (b − a) and ``change_pct`` (% of a), like for
        like over the ``zones_both`` zones that have the figure in both periods (NaN when none,
        or a is 0); ``zones`` (zones in the group). Areas in ha, occupancy in % — a group's
        occupancy is Σ leased / Σ leasable × 100 over its zones with an occupancy in the period
        (leased land, else stated rate × leasable, as :func:`geo.accounts.landuse.add_accounts`);
        its
        change is in percentage points — workers in persons.

    Raises
    ------
    FilterError
        For an unknown grouping or figure.
    """
    if by not in ("zone", "province", "region"):
        raise FilterError(f"unknown grouping {by!r}", valid=["zone", "province", "region"])
    for name in figures:
        if name not in ZONE_FIGURES:
            raise FilterError(f"unknown figure {name!r}", valid=list(ZONE_FIGURES))
    za, zb = _with_own(a), _with_own(b)
    cols = [c for c in za.columns if c != "province"]
    both = za[["province", *cols]].merge(zb[cols], on="zone_id", how="outer",
                                         suffixes=("_a", "_b"))
    missing = both["province"].isna()
    if missing.any():  # zone only in b: take its province from b
        both.loc[missing, "province"] = both.loc[missing, "zone_id"].map(
            zb.set_index("zone_id")["province"])
    for col in [c for c in both.columns if c.startswith("own_")]:
        both[col] = both[col].astype("boolean").fillna(False).astype(bool)
    both["key"] = _group_keys(both, by).to_numpy()
    rows: list[dict[str, Any]] = []
    for key, group in both.groupby("key", sort=True):
        for name in figures:
            rows.append(_compare_figure(str(key), name, group))
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))


def _with_own(zones: pd.DataFrame) -> pd.DataFrame:
    """zone_id, province, the figures, ``own_<figure>`` flags, and the occupancy pair
    (``occ_leased``, ``occ_leasable``: NaN where the zone has no occupancy in the period)."""
    out = pd.DataFrame({"zone_id": zones["zone_id"], "province": zones["province"]})
    for name in ZONE_FIGURES:
        out[name] = zones[name].astype("float64")
        out[f"own_{name}"] = own_figures(zones, name)
    leasable = out["industrial_land_ha"]
    leased = out["leased_land_ha"].where(out["own_leased_land_ha"],
                                         out["occupancy_pct"] / 100.0 * leasable)
    has = (out["own_leased_land_ha"] | out["own_occupancy_pct"]) & leased.notna() & (
        leasable > 0)
    out["own_occupancy_pct"] = has
    out["occ_leased"], out["occ_leasable"] = leased.where(has), leasable.where(has)
    return out


def _sum(group: pd.DataFrame, name: str, side: str, sel: pd.Series) -> float:
    if not sel.any():
        return math.nan
    if name == "occupancy_pct":
        return float(100 * group.loc[sel, f"occ_leased_{side}"].sum()
                     / group.loc[sel, f"occ_leasable_{side}"].sum())
    return float(group.loc[sel, f"{name}_{side}"].sum())


def _compare_figure(key: str, name: str, group: pd.DataFrame) -> dict[str, Any]:
    own_a, own_b = group[f"own_{name}_a"], group[f"own_{name}_b"]
    both = own_a & own_b
    ba, bb = _sum(group, name, "a", both), _sum(group, name, "b", both)
    return {"key": key, "figure": name,
            "value_a": _sum(group, name, "a", own_a), "zones_a": int(own_a.sum()),
            "value_b": _sum(group, name, "b", own_b), "zones_b": int(own_b.sum()),
            "change": bb - ba, "change_pct": _pct(ba, bb), "zones_both": int(both.sum()),
            "zones": len(group)}
