"""The land-use accounts of every group at once (no per-group or per-row loop).

:func:`account_groups` gives, for each group key, exactly the row dict that
:func:`geo.accounts.landuse.account_group` gives for that group alone (design §4.2): the same
rules, sums, rounding and coverage — but in time linear in the zones, where selecting each group
with a boolean mask is quadratic when the groups are many (``by="zone"``: 100,000 groups).
The keys are factorised once; the areas are summed by one pandas groupby of the float columns
(its compensated sums, as ever; one group: numpy's pairwise sum, as ``DataFrame.sum``), the
zone counts by ``np.bincount`` of the group codes (issue 14: within 3× of a plain groupby at
100,000 zones). Areas in hectares, ratios as fractions, occupancy in percent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.accounts._arrays import keep
from geo.accounts.figure_basis import (
    DERIVED_IN_USE,
    DERIVED_OCCUPANCY,
    PAIR_OCCUPANCY,
    RATE_ONLY,
    REPORTED_IN_USE,
    REPORTED_OCCUPANCY,
)
from geo.accounts.zone_figures import IN_USE_BASES, OCCUPANCY_BASES, ZoneFigures, figures_of
from geo.core.schema import ZONE_STATUSES


def parents_in(frame: pd.DataFrame) -> np.ndarray:
    """True for a zone whose ``parent_zone_id`` is a zone of ``frame`` (any group)."""
    parent = frame["parent_zone_id"]
    has_parent = parent.notna().to_numpy(copy=True)
    if has_parent.any():
        has_parent[has_parent] = parent[has_parent].isin(frame["zone_id"]).to_numpy()
    return has_parent


def nested_within(frame: pd.DataFrame, keys: pd.Series, *,
                  parent_in_frame: np.ndarray | None = None) -> np.ndarray:
    """True for a zone whose ``parent_zone_id`` is a zone of the same group (same key).

    ``parent_in_frame``: :func:`parents_in` of ``frame`` when already computed.
    """
    is_text = parents_in(frame) if parent_in_frame is None else parent_in_frame
    if not is_text.any():  # no parent in the frame at all: nothing nested
        return np.zeros(len(frame), dtype=bool)
    own = pd.MultiIndex.from_arrays([keys.to_numpy(dtype=object),
                                     frame["zone_id"].to_numpy(dtype=object)])
    wanted = pd.MultiIndex.from_arrays([keys.to_numpy(dtype=object),
                                        frame["parent_zone_id"].to_numpy(dtype=object)])
    return np.asarray(wanted.isin(own)) & is_text


def one_key(key: Hashable, index: pd.Index) -> pd.Series:
    """The key of a single group for every zone of ``index`` (a categorical: nothing to hash)."""
    return pd.Series(pd.Categorical.from_codes(np.zeros(len(index), dtype=np.int8),
                                               categories=pd.Index([key], dtype=object)),
                     index=index)


def _round_sum(total: float, count: int) -> float | None:
    return round(float(total), 2) if count else None


def ratio(part: float | None, whole: float | None) -> float | None:
    """The ratio rule, defined once: ``part / whole`` rounded to 4 decimals (a fraction 0-1 for
    the land-use and housing ratios); None (no figure, never 0) when either is missing or
    ``whole`` is not positive."""
    if part is None or whole is None or whole <= 0:
        return None
    return round(part / whole, 4)


def _part(values: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values where mask and known, else 0; True where mask and known)."""
    known = mask & ~np.isnan(values)
    return keep(values, known), known


def _positions(names: tuple[str, ...], wanted: tuple[str, ...]) -> list[int]:
    return [names.index(w) for w in wanted]


def _member(codes: np.ndarray, names: tuple[str, ...], wanted: tuple[str, ...]) -> np.ndarray:
    """True where ``codes`` (positions in ``names``, -1 none) is one of ``wanted``."""
    table = np.zeros(len(names) + 1, dtype=bool)
    table[np.asarray(_positions(names, wanted)) + 1] = True
    return table[codes + 1]


_APPLIES: Final = ("used_area_ha", "operating_area", "missing")
"""In-use bases of the zones the land-in-use figure applies to."""
_IN_USE_APPLIES = _positions(IN_USE_BASES, _APPLIES)
_CODES = {"status": len(ZONE_STATUSES), "in_use_basis": len(IN_USE_BASES),
          "occupancy_basis": len(OCCUPANCY_BASES)}
"""The per-zone code columns counted per group, and how many values each has."""


def account_columns(figures: ZoneFigures, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The per-zone columns :func:`account_groups` sums that do not depend on the grouping
    (computed once when the same zones are grouped twice, e.g. by province and in total).

    ``*_sum`` columns are hectares (0 where the zone gives no figure, or the figure does not
    apply), ``*_n`` and the other boolean columns count zones; ``status``, ``in_use_basis``,
    ``occupancy_basis`` are codes (positions in ``ZONE_STATUSES``, :data:`IN_USE_BASES`,
    :data:`OCCUPANCY_BASES`; -1 none), counted per value; ``parent_in_frame``:
    :func:`parents_in` of ``frame`` (zones with ``zone_id`` and ``parent_zone_id``).
    """
    building_now = figures.status == ZONE_STATUSES.index("under_construction")
    planned_now = figures.status == ZONE_STATUSES.index("planned")
    in_use_applies = _member(figures.in_use_basis, IN_USE_BASES, _APPLIES)
    building_applies = (figures.land & building_now) | ~np.isnan(figures.under_construction)
    pairs = _member(figures.occupancy_basis, OCCUPANCY_BASES, PAIR_OCCUPANCY)
    cols: dict[str, np.ndarray] = {}
    for name, values, mask in (
            ("in_use", figures.in_use, in_use_applies),
            ("building", figures.building, building_applies),
            ("kkt_building", figures.planned, figures.kkt & building_now),
            ("leased", figures.leased, pairs),
            ("leasable", figures.leasable, pairs),
            # planned and not started as if nothing were nested (account_groups redoes them
            # for groups with nested zones)
            ("planned", figures.planned, np.ones(len(pairs), dtype=bool)),
            ("not_started", figures.planned, planned_now)):
        cols[f"{name}_sum"], cols[f"{name}_n"] = _part(values, mask)
    del cols["leased_n"], cols["leasable_n"]  # occupancy counts its zones by basis (pairs)
    cols["planned"], cols["planned_now"] = figures.planned, planned_now
    cols["planned_known"] = ~np.isnan(figures.planned)
    cols["building_applies"] = building_applies
    cols["status"] = figures.status
    cols["in_use_basis"] = figures.in_use_basis
    cols["occupancy_basis"] = figures.occupancy_basis
    cols["parent_in_frame"] = parents_in(frame)
    return cols


def account_groups(frame: pd.DataFrame, keys: pd.Series, *,
                   columns: dict[str, np.ndarray] | None = None
                   ) -> dict[Hashable, dict[str, Any]]:
    """Account rows of each group of ``frame`` (already through ``add_accounts``).

    Parameters
    ----------
    frame : zones with the per-zone account columns (with ``columns`` given, only
        ``zone_id`` and ``parent_zone_id`` are read).
    keys : the group key of each zone (same index); zones with a missing key are left out.
    columns : :func:`account_columns` of ``frame`` when already computed.

    Returns
    -------
    dict
        Key → row dict (as ``account_group``: ``key``, ``zones``, ``zones_by_status``, areas
        in hectares, ratios as fractions, ``occupancy_pct`` in percent, ``coverage``,
        ``kkt_under_construction_area_ha``, ``nested_in_kkt``) for every key that has zones.
    """
    cols = account_columns(figures_of(frame), frame) if columns is None else columns
    nested = nested_within(frame, keys, parent_in_frame=cols["parent_in_frame"])
    sums = {name: cols[name] for name in cols if name.endswith("_sum")}
    counts = {name: cols[name] for name in ("in_use_n", "building_n", "kkt_building_n",
                                            "planned_known", "building_applies", "planned_n",
                                            "not_started_n")}
    if nested.any():  # a nested zone's land is in its KKT's planned area: not added again
        planned, not_nested = cols["planned"], ~nested
        sums["planned_sum"], counts["planned_n"] = _part(planned, not_nested)
        sums["not_started_sum"], counts["not_started_n"] = _part(
            planned, not_nested & cols["planned_now"])
    counts["nested"] = nested
    group, uniques = pd.factorize(keys, sort=False, use_na_sentinel=True)
    group_keys: list[Hashable] = list(uniques)
    if len(group_keys) == 1 and bool((group == 0).all()):  # one group: no groupby
        # Σ as DataFrame.sum (pairwise), as the one-group accounts always were.
        totals = {name: [float(np.sum(values))] for name, values in sums.items()}
    else:
        # Σ per group as a pandas groupby (compensated summation), in the order of the keys.
        summed = pd.DataFrame(sums).groupby(group, sort=False).sum()
        code = summed.index.to_numpy()
        known = code >= 0  # -1: zones without a key
        totals = {}
        for name in sums:
            in_order = np.empty(len(group_keys))
            in_order[code[known]] = summed[name].to_numpy()[known]
            totals[name] = in_order.tolist()
    per_group = _counts(group, len(group_keys), counts, cols)
    figures = {**totals, **per_group}  # name → one value per group
    names = list(figures)
    return {key: _row(key, dict(zip(names, values, strict=True)))
            for key, values in zip(group_keys, zip(*figures.values(), strict=True),
                                   strict=True)}


def _flag_counts(group: np.ndarray | None, k: int, flags: list[np.ndarray]) -> np.ndarray:
    """(k, len(flags)) zones per group with each flag (``group`` None: one group, all zones).

    With few groups, the flags of a zone are one byte and one bincount counts every pattern
    per group; with many (one group per zone), one weighted bincount per flag.
    """
    if group is None:
        return np.array([[np.count_nonzero(flag) for flag in flags]], dtype=np.int64)
    if len(flags) > 8 or k * 256 > 1 << 20:
        return np.column_stack([np.bincount(group, weights=flag, minlength=k)
                                for flag in flags]).astype(np.int64).reshape(k, len(flags))
    pattern = np.zeros(len(group), dtype=np.uint8)
    for bit, flag in enumerate(flags):
        pattern |= flag.view(np.uint8) << np.uint8(bit)
    per_pattern = np.bincount(group * 256 + pattern, minlength=k * 256).reshape(k, 256)
    bits = (np.arange(256)[:, None] >> np.arange(len(flags))) & 1
    return per_pattern @ bits


def _counts(group: np.ndarray, k: int, flags: dict[str, np.ndarray],
            cols: dict[str, np.ndarray]) -> dict[str, list[int]]:
    """Zones per group (``group``: 0..k-1, -1 none): in all (``n``), with each flag, and with
    each value of the code columns (``status_<s>``, in-use and occupancy bases)."""
    keep = group >= 0
    everyone = bool(keep.all())
    own: np.ndarray | None = group if everyone else group[keep]
    if k == 1 and everyone:
        own = None  # one group: plain counts
    n = np.array([len(group)]) if own is None else np.bincount(own, minlength=k)
    by_flag = _flag_counts(own, k, [flag if everyone else flag[keep]
                                    for flag in flags.values()])
    out = {"n": n, **{name: by_flag[:, j] for j, name in enumerate(flags)}}
    by_code = {}
    for name, m in _CODES.items():  # code -1 (none) counted in column 0, then dropped
        code = cols[name] if everyone else cols[name][keep]
        cells = code + 1 if own is None else own * (m + 1) + (code + 1)
        by_code[name] = np.bincount(cells, minlength=k * (m + 1)).reshape(k, m + 1)[:, 1:]
    for i, s in enumerate(ZONE_STATUSES):
        out[f"status_{s}"] = by_code["status"][:, i]
    in_use, occupancy = by_code["in_use_basis"], by_code["occupancy_basis"]
    out["in_use_applies"] = in_use[:, _IN_USE_APPLIES].sum(axis=1)
    out["in_use_reported"] = in_use[:, _positions(IN_USE_BASES, REPORTED_IN_USE)].sum(axis=1)
    out["in_use_derived"] = in_use[:, _positions(IN_USE_BASES, DERIVED_IN_USE)].sum(axis=1)
    for name, wanted in (("pairs", PAIR_OCCUPANCY), ("occ_reported", REPORTED_OCCUPANCY),
                         ("occ_derived", DERIVED_OCCUPANCY), ("occ_rate_only", (RATE_ONLY,))):
        out[name] = occupancy[:, _positions(OCCUPANCY_BASES, wanted)].sum(axis=1)
    return {name: values.tolist() for name, values in out.items()}


def _row(key: Hashable, g: Mapping[Hashable, Any]) -> dict[str, Any]:
    planned = _round_sum(g["planned_sum"], g["planned_n"])
    in_use = _round_sum(g["in_use_sum"], g["in_use_n"])
    building = _round_sum(g["building_sum"], g["building_n"])
    not_started = _round_sum(g["not_started_sum"], g["not_started_n"])
    parts = [v for v in (in_use, building, not_started) if v is not None]
    pairs = int(g["pairs"])
    return {
        "key": key,
        "zones": int(g["n"]),
        "zones_by_status": {s: int(g[f"status_{s}"]) for s in ZONE_STATUSES},
        "planned_area_ha": planned,
        "in_use_area_ha": in_use,
        "under_construction_area_ha": building,
        "in_use_ratio": ratio(in_use, planned),
        "under_construction_ratio": ratio(building, planned),
        "not_started_ratio": ratio(not_started, planned),
        "not_started_area_ha": not_started,
        "other_area_ha": None if planned is None else round(max(planned - sum(parts), 0.0), 2),
        "occupancy_pct": round(100.0 * g["leased_sum"] / g["leasable_sum"], 2) if pairs
        else None,
        "coverage": {
            "planned_area_ha": [int(g["planned_known"]), int(g["n"])],
            "in_use_area_ha": [int(g["in_use_n"]), int(g["in_use_applies"])],
            "under_construction_area_ha": [int(g["building_n"]), int(g["building_applies"])],
            "occupancy_pct": [pairs, int(g["n"])],
        },
        "kkt_under_construction_area_ha": _round_sum(g["kkt_building_sum"],
                                                     g["kkt_building_n"]),
        "nested_in_kkt": int(g["nested"]),
        "basis_counts": {
            "in_use_area_ha": {"reported": int(g["in_use_reported"]),
                               "derived": int(g["in_use_derived"])},
            "occupancy_pct": {"reported": int(g["occ_reported"]),
                              "derived": int(g["occ_derived"]),
                              "rate_only": int(g["occ_rate_only"])},
        },
    }


def empty_group_row(key: Hashable) -> dict[str, Any]:
    """The row of a group without zones: no figure (None), zero counts and coverage."""
    return _row(key, defaultdict(int))


