"""The land-use accounts of every group at once (one pandas groupby, no per-group or per-row loop).

:func:`account_groups` gives, for each group key, exactly the row dict that
:func:`geo.accounts.landuse.account_group` gives for that group alone (design §4.2): the same
rules, sums, rounding and coverage — but in time linear in the zones, where selecting each group
with a boolean mask is quadratic when the groups are many (``by="zone"``: 100,000 groups).
Areas in hectares, ratios as fractions, occupancy in percent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from geo.accounts._codes import masks
from geo.accounts.figure_basis import (
    DERIVED_IN_USE,
    DERIVED_OCCUPANCY,
    PAIR_OCCUPANCY,
    RATE_ONLY,
    REPORTED_IN_USE,
    REPORTED_OCCUPANCY,
)
from geo.core.schema import ZONE_STATUSES

LAND_KINDS = ("KCN", "KCX")


def nested_within(frame: pd.DataFrame, keys: pd.Series) -> np.ndarray:
    """True for a zone whose ``parent_zone_id`` is a zone of the same group (same key)."""
    parent = frame["parent_zone_id"]
    has_parent = parent.notna().to_numpy()
    if not has_parent.any():  # no zone names a parent: nothing nested
        return np.zeros(len(frame), dtype=bool)
    is_text = has_parent.copy()
    is_text[has_parent] = parent[has_parent].isin(frame["zone_id"]).to_numpy()
    if not is_text.any():  # no parent in the frame at all: nothing nested
        return is_text
    own = pd.MultiIndex.from_arrays([keys.to_numpy(dtype=object),
                                     frame["zone_id"].to_numpy(dtype=object)])
    wanted = pd.MultiIndex.from_arrays([keys.to_numpy(dtype=object),
                                        parent.to_numpy(dtype=object)])
    return np.asarray(wanted.isin(own)) & is_text


def _round_sum(total: float, count: int) -> float | None:
    return round(float(total), 2) if count else None


def ratio(part: float | None, whole: float | None) -> float | None:
    """The ratio rule, defined once: ``part / whole`` rounded to 4 decimals (a fraction 0-1 for
    the land-use and housing ratios); None (no figure, never 0) when either is missing or
    ``whole`` is not positive."""
    if part is None or whole is None or whole <= 0:
        return None
    return round(part / whole, 4)


def _part(values: pd.Series, mask: Any) -> tuple[np.ndarray, np.ndarray]:
    """(values where mask and known, else 0; 1 where mask and known)."""
    known = np.asarray(mask, dtype=bool) & values.notna().to_numpy()
    return np.where(known, values.to_numpy(dtype="float64", na_value=np.nan), 0.0), known


def account_columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The per-zone columns :func:`account_groups` sums that do not depend on the grouping
    (computed once when the same zones are grouped twice, e.g. by province and in total)."""
    kinds = masks(frame["kind"], {"land": LAND_KINDS, "kkt": ("KKT",)})
    statuses = masks(frame["status"], {s: (s,) for s in ZONE_STATUSES})
    in_use_basis = masks(frame["in_use_basis"], {
        "applies": ("used_area_ha", "operating_area", "missing"), "reported": REPORTED_IN_USE,
        "derived": DERIVED_IN_USE})
    occupancy = masks(frame["occupancy_basis"], {
        "pairs": PAIR_OCCUPANCY, "reported": REPORTED_OCCUPANCY, "derived": DERIVED_OCCUPANCY,
        "rate_only": (RATE_ONLY,)})
    planned = frame["planned_area_ha"]
    in_use_applies = in_use_basis["applies"]
    building_applies = (kinds["land"] & statuses["under_construction"]) | frame[
        "under_construction_area_ha"].notna().to_numpy()
    pairs = occupancy["pairs"]
    kkt_building = kinds["kkt"] & statuses["under_construction"]

    cols: dict[str, Any] = {}
    for name, values, mask in (
            ("in_use", frame["in_use_area_ha"], in_use_applies),
            ("building", frame["building_area_ha"], building_applies),
            ("kkt_building", planned, kkt_building),
            ("leased", frame["leased_ha"], pairs),
            ("leasable", frame["leasable_ha"], pairs)):
        cols[f"{name}_sum"], cols[f"{name}_n"] = _part(values, mask)
    cols["n"] = np.ones(len(frame), dtype=np.int64)
    cols["planned_known"] = planned.notna().to_numpy()
    cols["in_use_applies"] = in_use_applies
    cols["building_applies"] = building_applies
    cols["pairs"] = pairs
    for s in ZONE_STATUSES:
        cols[f"status_{s}"] = statuses[s]
    cols["in_use_reported"] = in_use_basis["reported"]
    cols["in_use_derived"] = in_use_basis["derived"]
    cols["occ_reported"] = occupancy["reported"]
    cols["occ_derived"] = occupancy["derived"]
    cols["occ_rate_only"] = occupancy["rate_only"]
    return cols


def account_groups(frame: pd.DataFrame, keys: pd.Series, *,
                   columns: dict[str, np.ndarray] | None = None
                   ) -> dict[Hashable, dict[str, Any]]:
    """Account rows of each group of ``frame`` (already through ``add_accounts``).

    Parameters
    ----------
    frame : zones with the per-zone account columns.
    keys : the group key of each zone (same index); zones with a missing key are left out.
    columns : :func:`account_columns` of ``frame`` when already computed.

    Returns
    -------
    dict
        Key → row dict (as ``account_group``: ``key``, ``zones``, ``zones_by_status``, areas,
        ratios, ``occupancy_pct``, ``coverage``, ``kkt_under_construction_area_ha``,
        ``nested_in_kkt``) for every key that has zones.
    """
    nested = nested_within(frame, keys)
    cols = dict(account_columns(frame) if columns is None else columns)
    planned = frame["planned_area_ha"]
    cols["planned_sum"], cols["planned_n"] = _part(planned, ~nested)
    cols["not_started_sum"], cols["not_started_n"] = _part(planned,
                                                           ~nested & cols["status_planned"])
    cols["nested"] = nested
    table = pd.DataFrame(cols, index=frame.index)
    if keys.nunique(dropna=False) == 1 and keys.notna().all():  # one group: no groupby
        sums = table.sum().to_frame(keys.iloc[0]).T
    else:
        sums = table.groupby(keys, sort=False, dropna=True).sum()
    return {key: _row(key, rec) for key, rec in zip(sums.index, sums.to_dict("records"),
                                                   strict=True)}


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


