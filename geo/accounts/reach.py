"""Which housing site reaches which zone, as sparse pairs (design §4.4), and 2SFCA over them.

The dense form (:func:`geo.accounts.housing.reach_matrix`) holds sites × zones booleans and
distances: 20,000 zones × 5,000 sites is 10⁸ cells and as many geodesic computations. Here only
the pairs that reach are kept:

- a site that names zones (``serves_zone_ids``) reaches exactly those (located or not);
- an unlinked located site reaches the located zones whose representative point lies within the
  commuting radius (geodesic, WGS 84). Candidates come from an STRtree of the zone points queried
  with a lon/lat box that contains the geodesic circle of the radius (a safe superset:
  1 % wider than a degree's shortest length at the box's poleward edge); the geodesic distance
  is then computed for the candidates only.

Pairs are integer positions (``site``, ``zone``) into the frames as given, sorted by site then
zone, each pair once. Units: metres, persons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from geo.accounts.catchment import _as_vector
from geo.core.crs import geodesic_distance_m
from geo.errors import ParameterError

M_PER_DEG_LAT_MIN = 110_574.0
"""Shortest length of a degree of latitude on WGS 84 (m, at the equator)."""
M_PER_DEG_LON_EQUATOR = 111_319.5
"""Length of a degree of longitude at the equator on WGS 84 (m)."""


@dataclass(frozen=True)
class ReachPairs:
    """Sparse reach: the (site, zone) pairs where a site serves a zone.

    Attributes
    ----------
    site, zone : int64 positions into the sites and zones frames (sorted, unique pairs).
    distance_m : geodesic distance (m) of each pair's representative points; NaN when either is
        unlocated (a link to an unlocated zone).
    n_sites, n_zones : sizes of the frames.
    """

    site: np.ndarray
    zone: np.ndarray
    distance_m: np.ndarray
    n_sites: int
    n_zones: int

    def to_dense(self) -> np.ndarray:
        """(n_sites, n_zones) booleans, as :func:`geo.accounts.housing.reach_matrix`."""
        out = np.zeros((self.n_sites, self.n_zones), dtype=bool)
        out[self.site, self.zone] = True
        return out

    def per_zone(self) -> np.ndarray:
        """Number of sites reaching each zone."""
        return np.bincount(self.zone, minlength=self.n_zones)

    def per_site(self) -> np.ndarray:
        """Number of zones each site reaches."""
        return np.bincount(self.site, minlength=self.n_sites)

    def sites_of(self, zone: int) -> np.ndarray:
        """Positions of the sites reaching zone position ``zone`` (ascending)."""
        return self.site[self.zone == zone]

    def joined(self, ids: np.ndarray, *, by: str) -> list[str]:
        """For each zone (``by="zone"``: the site ids that reach it) or site (``by="site"``:
        the zone ids it reaches), the ids ';'-joined in position order."""
        keys, values, n = ((self.zone, self.site, self.n_zones) if by == "zone"
                           else (self.site, self.zone, self.n_sites))
        order = np.lexsort((values, keys))
        keys, names = keys[order], np.asarray(ids, dtype=object)[values[order]]
        bounds = np.searchsorted(keys, np.arange(n + 1))
        return [";".join(names[bounds[i]:bounds[i + 1]]) for i in range(n)]


def _search_boxes(lon: np.ndarray, lat: np.ndarray, radius_m: float) -> np.ndarray:
    """Lon/lat boxes around each point holding every point within ``radius_m`` (geodesic)."""
    dlat = radius_m / M_PER_DEG_LAT_MIN * 1.01
    edge = np.minimum(np.abs(lat) + dlat, 89.0)
    dlon = np.minimum(radius_m / (M_PER_DEG_LON_EQUATOR * np.cos(np.radians(edge))) * 1.01,
                      180.0)
    return shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def reach_pairs(site_lonlat: tuple[np.ndarray, np.ndarray],
                zone_lonlat: tuple[np.ndarray, np.ndarray], links: list[list[int] | None], *,
                radius_km: float) -> ReachPairs:
    """The sparse reach of sites over zones.

    Parameters
    ----------
    site_lonlat, zone_lonlat : representative points (lon, lat degrees WGS 84; NaN unlocated).
    links : per site, the zone positions it names (a linked site reaches exactly these, maybe
        none), or None: an unlinked site, reaching the located zones within the radius.
    radius_km : commuting radius (km) of unlinked sites.

    Returns
    -------
    ReachPairs
    """
    if not math.isfinite(radius_km) or radius_km < 0:
        raise ParameterError(f"radius_km: {radius_km!r} must be a number ≥ 0")
    slon, slat = (np.asarray(a, dtype="float64") for a in site_lonlat)
    zlon, zlat = (np.asarray(a, dtype="float64") for a in zone_lonlat)
    n_sites, n_zones = len(slon), len(zlon)
    linked = np.array([z is not None for z in links], dtype=bool)
    named = [sorted(set(z)) if z is not None else [] for z in links]
    counts = np.array([len(z) for z in named], dtype=np.int64)
    link_site = np.repeat(np.arange(n_sites), counts)
    link_zone = np.fromiter((z for zs in named for z in zs), dtype=np.int64,
                            count=int(counts.sum()))
    radius_m = radius_km * 1000.0
    zone_ok = np.flatnonzero(np.isfinite(zlon) & np.isfinite(zlat))
    site_ok = np.flatnonzero(~linked & np.isfinite(slon) & np.isfinite(slat))
    near_site = near_zone = np.zeros(0, dtype=np.int64)
    near_dist = np.zeros(0)
    if len(zone_ok) and len(site_ok):
        tree = shapely.STRtree(shapely.points(zlon[zone_ok], zlat[zone_ok]))
        q_site, q_zone = tree.query(_search_boxes(slon[site_ok], slat[site_ok], radius_m),
                                    predicate="intersects")
        cand_site, cand_zone = site_ok[q_site], zone_ok[q_zone]
        dist = geodesic_distance_m(slon[cand_site], slat[cand_site], zlon[cand_zone],
                                   zlat[cand_zone])
        keep = dist <= radius_m
        near_site, near_zone, near_dist = cand_site[keep], cand_zone[keep], dist[keep]
    link_dist = np.full(len(link_site), np.nan)
    both = np.isfinite(slon[link_site]) & np.isfinite(zlon[link_zone])
    if both.any():
        link_dist[both] = geodesic_distance_m(slon[link_site[both]], slat[link_site[both]],
                                              zlon[link_zone[both]], zlat[link_zone[both]])
    site = np.concatenate([link_site, near_site]).astype(np.int64)
    zone = np.concatenate([link_zone, near_zone]).astype(np.int64)
    order = np.lexsort((zone, site))
    site, zone = site[order], zone[order]
    distance = np.concatenate([link_dist, near_dist])[order]
    return ReachPairs(site=site, zone=zone, distance_m=distance, n_sites=n_sites,
                      n_zones=n_zones)


@dataclass(frozen=True)
class PairAllocation:
    """The result of :func:`two_step_fca_pairs` (the sparse form of ``catchment.Allocation``).

    ``weights`` is the share of each pair's site given to its zone (per pair); ``ratio``,
    ``per_zone`` and ``per_site_allocated`` as in the dense form.
    """

    weights: np.ndarray
    ratio: np.ndarray
    per_zone: np.ndarray
    per_site_allocated: np.ndarray
    pairs: ReachPairs

    def share(self, values: object) -> np.ndarray:
        """Allocate another per-site quantity (e.g. land, ha) with the same weights."""
        v = np.asarray(values, dtype="float64")
        return np.bincount(self.pairs.zone, weights=self.weights * v[self.pairs.site],
                           minlength=self.pairs.n_zones)


def two_step_fca_pairs(supply: object, demand: object, pairs: ReachPairs,
                       site_mask: np.ndarray | None = None) -> PairAllocation:
    """2SFCA (:func:`geo.accounts.catchment.two_step_fca`) over sparse pairs.

    Parameters
    ----------
    supply : (n_sites,) capacity (≥ 0).
    demand : (n_zones,) demand (≥ 0).
    pairs : the reach.
    site_mask : (n_sites,) booleans: only these sites take part (the others reach nothing).

    Returns
    -------
    PairAllocation
        Same per-zone, per-site and ratio values as the dense form on ``pairs.to_dense()``.
    """
    s = _as_vector(supply, "supply")
    d = _as_vector(demand, "demand")
    if s.size != pairs.n_sites or d.size != pairs.n_zones:
        raise ParameterError(f"reach: shape ({pairs.n_sites}, {pairs.n_zones}) does not match "
                             f"(sites, zones) = ({s.size}, {d.size})")
    active = np.ones(len(pairs.site), dtype=bool) if site_mask is None else np.asarray(
        site_mask, dtype=bool)[pairs.site]
    reached = np.where(active, d[pairs.zone], 0.0)
    total = np.bincount(pairs.site, weights=reached, minlength=s.size)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        weights = np.where(total[pairs.site] > 0, reached / total[pairs.site], 0.0)
        ratio = np.where(total > 0, s / total, np.nan)
    per_zone = np.bincount(pairs.zone, weights=weights * s[pairs.site], minlength=d.size)
    return PairAllocation(weights=weights, ratio=ratio, per_zone=per_zone,
                          per_site_allocated=np.where(total > 0, s, 0.0), pairs=pairs)
