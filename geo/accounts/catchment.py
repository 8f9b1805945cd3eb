"""Two-step floating catchment area (2SFCA): sharing supply points among the demand they reach.

Step 1: for each supply site j, R_j = S_j / Σ_{k reached by j} D_k (supply per unit of demand in
its catchment). Step 2: each demand zone i receives A_i = D_i × Σ_{j reaching i} R_j. A site is
thus split between the zones it reaches in proportion to their demand, so Σ_i A_i equals the
supply of the sites that reach some positive demand and never exceeds Σ_j S_j: no site is counted
twice. Sites reaching no positive demand allocate nothing and are reported as such.

Units are the caller's (persons here); the functions are pure NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.errors import ParameterError


@dataclass(frozen=True)
class Allocation:
    """The result of :func:`two_step_fca`.

    Attributes
    ----------
    weights : (sites × zones) share of each site given to each zone; rows sum to 1 for a site
        that reaches positive demand, else 0.
    ratio : R_j per site (supply per unit of demand reached); NaN where no demand is reached.
    per_zone : A_i, the supply allocated to each zone.
    per_site_allocated : the part of each site's supply given to some zone (S_j or 0).
    """

    weights: np.ndarray
    ratio: np.ndarray
    per_zone: np.ndarray
    per_site_allocated: np.ndarray

    def share(self, values: np.ndarray) -> np.ndarray:
        """Allocate another per-site quantity (e.g. land, ha) with the same weights."""
        return np.asarray(self.weights.T @ np.asarray(values, dtype="float64"), dtype="float64")


def _as_vector(values: object, name: str) -> np.ndarray:
    array = np.asarray(values, dtype="float64")
    if array.ndim != 1:
        raise ParameterError(f"{name}: expected a 1-D array, got shape {array.shape}")
    if np.isnan(array).any() or (array < 0).any():
        position = int(np.flatnonzero(np.isnan(array) | (array < 0))[0])
        raise ParameterError(f"{name}[{position}]: {array[position]!r} must be a number ≥ 0")
    return array


def two_step_fca(supply: object, demand: object, reach: object) -> Allocation:
    """Allocate site supply to demand zones by 2SFCA.

    Parameters
    ----------
    supply : (n_sites,) capacity of each site (≥ 0; a site of unknown capacity passes 0).
    demand : (n_zones,) demand of each zone (≥ 0; a zone without a figure passes 0).
    reach : (n_sites, n_zones) booleans: site j can serve zone i.

    Returns
    -------
    Allocation

    Raises
    ------
    ParameterError
        On a negative or NaN value or mismatched shapes.
    """
    s = _as_vector(supply, "supply")
    d = _as_vector(demand, "demand")
    r = np.asarray(reach, dtype=bool)
    if r.shape != (s.size, d.size):
        raise ParameterError(f"reach: shape {r.shape} does not match (sites, zones) = "
                             f"({s.size}, {d.size})")
    reached = r * d[np.newaxis, :]
    total = reached.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        weights = np.where(total[:, np.newaxis] > 0, reached / total[:, np.newaxis], 0.0)
        ratio = np.where(total > 0, s / total, np.nan)
    per_zone = weights.T @ s
    return Allocation(weights=weights, ratio=ratio, per_zone=per_zone,
                      per_site_allocated=np.where(total > 0, s, 0.0))
