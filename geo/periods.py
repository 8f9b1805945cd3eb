"""Zone figures by reporting period (half-years) and the comparison of two periods.

Periods
-------
A period is a half-year written ``YYYY-H1`` / ``YYYY-H2`` (``2024-H2``). The workspace keeps the
zone figures of each imported half-year spreadsheet keyed by (``zone_id``, ``period``) — the
``zone_figures`` layer (:func:`geo.io.load_zone_figures`).

The bundled figures are *not* relabelled as a period: they come from sources of mixed dates,
each zone's own ``as_of`` (2020-10, c.2022, 2025-07 ...), so calling them "2024-H1" would be
false. They are the ``"current"`` state (:data:`CURRENT`): the zones layer as bundled, updated
by zone imports. The periods a user can choose are therefore ``["current", *imported periods]``
(:func:`list_periods`); comparing ``"current"`` with ``"2024-H2"`` is allowed and the
comparison says per figure how many zones have it in both.

Zones for a period (:func:`zones_for_period`): every zone keeps its row (geometry, name, kind,
status...); the figures are that period's where the spreadsheet gave them and NaN where it did
not — a figure of another date is never shown as the period's — except ``planned_area_ha``, a
planning attribute rather than a half-year measurement, which falls back to the current value.
``as_of`` is set to the period for the zones the period covers and emptied for the others.

Units: areas in hectares, ``occupancy_pct`` in percent (0-100), ``workers`` in persons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, Final, Literal

import geopandas as gpd
import pandas as pd

from geo.admin import province_2024
from geo.errors import FilterError
from geo.settings import ZONE_FIGURES

CURRENT: Final = "current"
"""The label of the current (bundled + imported zones) figures, which are not a period."""

FIGURE_TABLE_COLUMNS: Final = ("zone_id", "period", *ZONE_FIGURES, "as_of", "source")
"""Columns of the workspace's ``zone_figures`` layer."""

PERIOD_RE: Final = re.compile(r"^(\d{4})-H([12])$")
SUM_FIGURES: Final = tuple(f for f in ZONE_FIGURES if f != "occupancy_pct")
FALLBACK_FIGURES: Final = ("planned_area_ha",)
Grouping = Literal["zone", "province", "region"]
REGION_KEY: Final = "Đồng bằng sông Hồng"


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
    for name in ZONE_FIGURES:
        values = out["zone_id"].map(rows[name]).astype("float64")
        if name in FALLBACK_FIGURES:
            values = values.where(values.notna(), out[name])
        out[name] = values
    out["as_of"] = pd.Series([period if c else None for c in covered], index=out.index,
                             dtype=object)
    return out


def _as_zones(value: str | pd.DataFrame) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        return value
    from geo.io import load_zones  # a period name: read it from the store

    return load_zones(period=value)


def _group_keys(zones: pd.DataFrame, by: Grouping) -> pd.Series:
    if by == "zone":
        return zones["zone_id"].astype(str)
    if by == "province":
        return zones["province"].astype(str)
    in_delta = [bool(p) and province_2024(str(p)).in_delta for p in zones["province"]]
    return pd.Series([REGION_KEY if d else "ngoài vùng / outside" for d in in_delta],
                     index=zones.index)


def _pct(a: float, b: float) -> float:
    return 100.0 * (b - a) / a if a and not math.isnan(a) and not math.isnan(b) else math.nan


def compare_periods(a: str | pd.DataFrame, b: str | pd.DataFrame, *, by: Grouping = "zone",
                    figures: Sequence[str] = ZONE_FIGURES) -> pd.DataFrame:
    """Change of each figure from period ``a`` to period ``b`` ("so với cùng kỳ").

    Parameters
    ----------
    a, b : period names (``"current"``, ``"2024-H2"``; read with :func:`geo.io.load_zones`)
        or zones frames already holding each period's figures.
    by : ``"zone"``, ``"province"`` (2024 provinces) or ``"region"`` (the delta).
    figures : which figures to compare (default: all of ``ZONE_FIGURES``).

    Returns
    -------
    DataFrame
        One row per group and figure: ``key``, ``figure``, ``value_a``, ``value_b``,
        ``change`` (b − a, same unit), ``change_pct`` (% of a; NaN when a is 0 or missing),
        ``zones_both`` (zones with the figure in both periods — the sums use only these, so the
        change is like for like) and ``zones`` (zones in the group). Areas in ha, occupancy in
        % (a group's occupancy is Σ leased / Σ leasable × 100 over zones with both figures in
        both periods; its change is in percentage points), workers in persons.

    Raises
    ------
    FilterError
        For an unknown grouping or figure, or a period with no figures.
    """
    if by not in ("zone", "province", "region"):
        raise FilterError(f"unknown grouping {by!r}", valid=["zone", "province", "region"])
    for name in figures:
        if name not in ZONE_FIGURES:
            raise FilterError(f"unknown figure {name!r}", valid=list(ZONE_FIGURES))
    za, zb = _as_zones(a), _as_zones(b)
    cols = ["zone_id", "province", *ZONE_FIGURES]
    both = za[cols].merge(zb[["zone_id", *ZONE_FIGURES]], on="zone_id", how="outer",
                          suffixes=("_a", "_b"))
    missing = both["province"].isna()
    if missing.any():  # zone only in b: take its province from b
        both.loc[missing, "province"] = both.loc[missing, "zone_id"].map(
            zb.set_index("zone_id")["province"])
    both["key"] = _group_keys(both, by).to_numpy()
    rows: list[dict[str, Any]] = []
    for key, group in both.groupby("key", sort=True):
        for name in figures:
            rows.append(_compare_figure(str(key), name, group))
    return pd.DataFrame(rows, columns=["key", "figure", "value_a", "value_b", "change",
                                       "change_pct", "zones_both", "zones"])


def _compare_figure(key: str, name: str, group: pd.DataFrame) -> dict[str, Any]:
    if name == "occupancy_pct" and len(group) > 1:
        cols = [f"{f}_{s}" for f in ("leased_land_ha", "industrial_land_ha") for s in "ab"]
        ok = group[cols].notna().all(axis=1) & (group["industrial_land_ha_a"] > 0) & (
            group["industrial_land_ha_b"] > 0)
        sel = group[ok]
        va = 100 * sel["leased_land_ha_a"].sum() / sel["industrial_land_ha_a"].sum() \
            if ok.any() else math.nan
        vb = 100 * sel["leased_land_ha_b"].sum() / sel["industrial_land_ha_b"].sum() \
            if ok.any() else math.nan
    else:
        ok = group[f"{name}_a"].notna() & group[f"{name}_b"].notna()
        va = float(group.loc[ok, f"{name}_a"].sum()) if ok.any() else math.nan
        vb = float(group.loc[ok, f"{name}_b"].sum()) if ok.any() else math.nan
    return {"key": key, "figure": name, "value_a": va, "value_b": vb, "change": vb - va,
            "change_pct": _pct(va, vb), "zones_both": int(ok.sum()), "zones": len(group)}
