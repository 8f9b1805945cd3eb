"""The per-zone land-use figures (design §4.2) as numpy arrays, one entry per zone.

The rules of a zone's land in use, land under construction and occupancy live here, once:
:func:`geo.accounts.landuse.add_accounts` writes them as columns of the zones, and
:func:`geo.accounts.landuse.summarize` sums them straight from the arrays (no frame of per-zone
columns built only to be summed; issue 14). Areas in hectares, occupancy in percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.accounts._arrays import first_true, pick
from geo.accounts._codes import codes_in
from geo.accounts.figure_basis import RATE_ONLY
from geo.core.schema import ZONE_STATUSES

LAND_KINDS = ("KCN", "KCX")
IN_USE_BASES = ("used_area_ha", "kkt_excluded", "operating_area", "missing", "status_unknown",
                "not_operating")
OCCUPANCY_BASES = ("leased_land", "stated_rate", RATE_ONLY, "missing", "lots")
_KINDS = (*LAND_KINDS, "KKT")
Columns = pd.DataFrame | Mapping[str, pd.Series]
"""Zones, or some of their columns by name (no frame built only to be read)."""


@dataclass(frozen=True)
class ZoneFigures:
    """The figures of each zone the aggregates read (arrays of the same length, zone order).

    Attributes
    ----------
    land, kkt : bool; the zone is a KCN/KCX, a KKT.
    status : int; position of the zone's status in ``ZONE_STATUSES``, -1 for any other.
    planned, in_use, building, under_construction : float, hectares, NaN = no figure;
        planned area, land in use, land under construction (planned area of a KCN/KCX being
        built, or the reported area) and the reported ``under_construction_area_ha``.
    leased, leasable : float, hectares, NaN = no figure; leased and leasable industrial land
        of the zones that give both (leasable > 0).
    in_use_basis, occupancy_basis : int; position in :data:`IN_USE_BASES`,
        :data:`OCCUPANCY_BASES`, -1 for any other.
    """

    land: np.ndarray
    kkt: np.ndarray
    status: np.ndarray
    planned: np.ndarray
    in_use: np.ndarray
    building: np.ndarray
    under_construction: np.ndarray
    leased: np.ndarray
    leasable: np.ndarray
    in_use_basis: np.ndarray
    occupancy_basis: np.ndarray

    @property
    def occupancy_calc(self) -> np.ndarray:
        """Occupancy of each zone, percent (2 decimals; NaN = no figure): 100 × leased /
        leasable (only the zone columns show it; the aggregates sum the land)."""
        return np.round(100.0 * self.leased / self.leasable, 2)


def _floats(values: pd.Series) -> np.ndarray:
    """A column as float64 (missing → NaN; a float64 column as it is, without a copy)."""
    if values.dtype == np.float64:
        return values.to_numpy()
    return values.to_numpy(dtype="float64", na_value=np.nan)


def _kinds(zones: Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    kind = codes_in(zones["kind"], _KINDS)
    return (kind == 0) | (kind == 1), kind == 2, codes_in(zones["status"], ZONE_STATUSES)


def zone_figures(zones: Columns) -> ZoneFigures:
    """The figures of each zone from its source fields (the rules of design §4.2).

    Parameters
    ----------
    zones : zones (or their columns by name) with ``kind``, ``status``, ``planned_area_ha``,
        ``used_area_ha``, ``under_construction_area_ha``, ``industrial_land_ha``,
        ``leased_land_ha`` (hectares) and ``occupancy_pct`` (percent).

    Returns
    -------
    ZoneFigures
        In use: ``used_area_ha`` where given (basis ``used_area_ha``), else the planned area of
        an operating KCN/KCX (``operating_area``); none for a KKT (``kkt_excluded``), an
        operating KCN/KCX without planned area (``missing``), an unknown status
        (``status_unknown``) or a zone not operating (``not_operating``). Occupancy: leased
        land, else stated rate × leasable land, over zones with leasable land > 0
        (``leased_land`` | ``stated_rate``); a rate without leasable land is ``rate_only``.
    """
    land, kkt, status = _kinds(zones)
    operating = status == ZONE_STATUSES.index("operating")
    used, planned = _floats(zones["used_area_ha"]), _floats(zones["planned_area_ha"])
    has_used, has_planned = ~np.isnan(used), ~np.isnan(planned)
    in_use_basis = first_true(
        [has_used, kkt, land & operating & has_planned, land & operating,
         status == ZONE_STATUSES.index("unknown")], default=5)
    in_use = pick(has_used, used, pick(in_use_basis == 2, planned, np.nan))

    building_now = land & (status == ZONE_STATUSES.index("under_construction"))
    reported_uc = _floats(zones["under_construction_area_ha"])
    building = pick(~np.isnan(reported_uc), reported_uc, pick(building_now, planned, np.nan))

    leasable = _floats(zones["industrial_land_ha"])
    leased_land, rate = _floats(zones["leased_land_ha"]), _floats(zones["occupancy_pct"])
    has_leased_land = ~np.isnan(leased_land)
    leased = pick(has_leased_land, leased_land, rate / 100.0 * leasable)
    with np.errstate(invalid="ignore"):
        pair = ~np.isnan(leased) & ~np.isnan(leasable) & (leasable > 0)
    leased, leasable = pick(pair, leased, np.nan), pick(pair, leasable, np.nan)
    occupancy_basis = first_true([pair & has_leased_land, pair, ~np.isnan(rate)], default=3)
    return ZoneFigures(
        land=land, kkt=kkt, status=status, planned=planned, in_use=in_use, building=building,
        under_construction=reported_uc, leased=leased, leasable=leasable,
        in_use_basis=in_use_basis, occupancy_basis=occupancy_basis)


def figures_of(accounts: pd.DataFrame) -> ZoneFigures:
    """The figures of zones already through :func:`geo.accounts.landuse.add_accounts` (read
    from its columns, so lot-based occupancy is kept)."""
    land, kkt, status = _kinds(accounts)
    return ZoneFigures(
        land=land, kkt=kkt, status=status, planned=_floats(accounts["planned_area_ha"]),
        in_use=_floats(accounts["in_use_area_ha"]),
        building=_floats(accounts["building_area_ha"]),
        under_construction=_floats(accounts["under_construction_area_ha"]),
        leased=_floats(accounts["leased_ha"]), leasable=_floats(accounts["leasable_ha"]),
        in_use_basis=codes_in(accounts["in_use_basis"], IN_USE_BASES),
        occupancy_basis=codes_in(accounts["occupancy_basis"], OCCUPANCY_BASES))
