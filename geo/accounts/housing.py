"""Worker housing per zone (design §4.4): workforce, demand, supply and its 2SFCA allocation.

Method, in short (every parameter in :class:`geo.accounts.housing_params.HousingParams`, with its
source):

- workforce of a zone today = reported ``workers`` where a source gives it; else, for an
  *operating* KCN/KCX, leased land (``leased_land_ha``, or the stated occupancy × leasable land)
  × workers per leased ha; else leasable industrial land × the same density (full occupancy);
  else planned area × workers per ha of total area. ``workforce_source`` says which. A zone under
  construction or planned has no workforce today (0, ``not_operating``): its estimate at full
  build-out is ``pipeline_workforce``. A KKT's own area (often sea) is never used: its KCNs carry
  its workers (``kkt_excluded``). A zone of unknown status gets no figure (``status_unknown``).
- demand (persons) = workforce × share needing housing (province-specific where a source gives
  it); land needed (ha) = demand × m² floor per person / floor-area ratio / 10 000.
- capacity of a site (persons) = ``capacity_persons``, else ``units`` × persons per unit, else
  ``floor_area_m2`` / m² per person, else ``land_area_ha`` × floor-area ratio / m² per person
  (``capacity_source``).
- allocation: a site reaches the zones its ``serves_zone_ids`` names; a site that names none
  reaches every located zone whose representative point lies within the commuting radius
  (geodesic, WGS 84). Completed sites are shared by 2SFCA (:mod:`geo.accounts.catchment`) in
  proportion to
  today's demand; sites under construction or planned in proportion to the demand at build-out
  (today's + pipeline). Σ allocated ≤ Σ capacity always.

Geometries are EPSG:4326; representative points are centroids computed in the zone's (site's)
VN-2000 TM-3 provincial CRS. Province totals and legal checks: :mod:`geo.accounts.housing_report`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.accounts.housing_params import HousingParams
from geo.accounts.landuse import LAND_KINDS, add_accounts
from geo.accounts.reach import ReachPairs, reach_pairs, two_step_fca_pairs
from geo.core.admin import Edition, canonical_province, parts_of_2025
from geo.core.crs import M2_PER_HA, geodesic_distance_m, require_crs, vn2000_epsg
from geo.core.schema import HOUSING_STATUSES
from geo.settings import UTM_48N, WGS84

PIPELINE_STATUSES = ("under_construction", "planned")
WORKFORCE_SOURCES = ("reported", "lots", "leased_land", "industrial_land", "planned_area",
                     "not_operating", "kkt_excluded", "status_unknown", "missing")
CAPACITY_SOURCES = ("capacity_persons", "units", "floor_area", "land_area", "missing")


# ---------------------------------------------------------------------------------------------
# Demand
def _leased(zones: pd.DataFrame, lots: pd.DataFrame | None) -> tuple[pd.Series, pd.Series]:
    """Leased land per zone (ha): from its lots where it has them (``lots``: the lot register,
    as :func:`geo.accounts.landuse.add_accounts`), else the reported leased land, else rate ×
    leasable; and whether it came from the lots."""
    accounts = add_accounts(zones, lots=lots)
    from_lots = (accounts["occupancy_basis"] == "lots").to_numpy()
    leased = zones["leased_land_ha"].where(zones["leased_land_ha"].notna(),
                                           accounts["leased_ha"])
    return (leased.where(~from_lots, accounts["leased_ha"]),
            pd.Series(from_lots, index=zones.index))


def _estimate(zones: pd.DataFrame, params: HousingParams, lots: pd.DataFrame | None = None
              ) -> tuple[pd.Series, pd.Series]:
    """Estimated workforce at the zone's current occupancy (persons) and its basis."""
    leased, from_lots = _leased(zones, lots)
    industrial = zones["industrial_land_ha"]
    planned = zones["planned_area_ha"]
    is_land = zones["kind"].isin(LAND_KINDS)
    conditions = [~is_land, leased.notna(), industrial.notna(), planned.notna()]
    basis = np.select(conditions, ["kkt_excluded", "leased_land", "industrial_land",
                                   "planned_area"], default="missing")
    value = np.select(conditions[1:], [leased * params.density_leased_per_ha,
                                       industrial * params.density_leased_per_ha,
                                       planned * params.density_total_per_ha], default=np.nan)
    value = np.where(basis == "kkt_excluded", np.nan, value)
    basis = np.where((basis == "leased_land") & from_lots.to_numpy(), "lots", basis)
    return (pd.Series(value, index=zones.index, dtype="float64"),
            pd.Series(basis, index=zones.index, dtype="object"))


def add_workforce(zones: pd.DataFrame, params: HousingParams, *,
                  lots: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a copy of ``zones`` with workforce and housing demand per zone.

    Parameters
    ----------
    zones : zones layer (columns of ``geo.core.schema.ZONE_FIELDS``; any CRS, only attributes used).
    params : validated parameters.
    lots : the store's lot register: a zone with lots has its leased land (ha) from them
        (workforce source ``lots``), as every account does.

    Returns
    -------
    DataFrame
        Added columns: ``workforce`` (persons today; NaN where no figure can be made),
        ``workforce_source`` (one of ``WORKFORCE_SOURCES``), ``pipeline_workforce`` (persons
        expected at build-out on top of today's), ``share_needing_housing`` (0-1),
        ``demand_persons``, ``pipeline_demand_persons`` and ``land_needed_ha`` (hectares of
        housing land for today's demand).
    """
    out = zones.copy()
    estimate, basis = _estimate(out, params, lots)
    reported = out["workers"]
    operating = out["status"] == "operating"
    unknown = out["status"] == "unknown"
    source = np.select(
        [reported.notna(), unknown, basis == "kkt_excluded", ~operating, basis == "missing"],
        ["reported", "status_unknown", "kkt_excluded", "not_operating", "missing"],
        default=basis)
    workforce = np.select([reported.notna(), pd.Series(source, index=out.index).isin(
        ["status_unknown", "kkt_excluded", "missing"]), ~operating],
        [reported, np.nan, 0.0], default=estimate)
    # Build-out: the rest of the leasable land of an operating zone, or the whole estimate of a
    # zone not yet operating.
    leased, from_lots = _leased(out, lots)
    leasable = out["industrial_land_ha"].where(~from_lots, add_accounts(out, lots=lots)[
        "leasable_ha"])
    rest = (leasable - leased).clip(lower=0) * params.density_leased_per_ha
    pipeline = np.select(
        [reported.notna() | unknown | (basis == "kkt_excluded"),
         ~operating, basis.isin(["leased_land", "lots"]) & rest.notna()],
        [0.0, estimate, rest], default=0.0)
    out["workforce"] = np.asarray(workforce, dtype="float64")
    out["workforce_source"] = source
    out["pipeline_workforce"] = np.where(unknown & reported.isna(), np.nan, pipeline)
    out["share_needing_housing"] = [params.share_for(p) for p in out["province"]]
    out["demand_persons"] = out["workforce"] * out["share_needing_housing"]
    out["pipeline_demand_persons"] = out["pipeline_workforce"] * out["share_needing_housing"]
    out["land_needed_ha"] = out["demand_persons"] * land_per_person_ha(params)
    return out


def land_per_person_ha(params: HousingParams) -> float:
    """Housing land (ha) per person housed: m² floor per person / floor-area ratio / 10 000."""
    return params.floor_m2_per_person / params.floor_area_ratio / M2_PER_HA


# ---------------------------------------------------------------------------------------------
# Supply
def add_capacity(sites: pd.DataFrame, params: HousingParams) -> pd.DataFrame:
    """Return a copy of ``sites`` with ``capacity`` (persons) and ``capacity_source``.

    The capacity comes from ``capacity_persons``, else ``units`` × persons per unit, else
    ``floor_area_m2`` / m² per person, else ``land_area_ha`` (ha) × 10 000 × floor-area ratio /
    m² per person; NaN with ``missing`` where the site gives none of these.
    """
    out = sites.copy()
    per_person = params.floor_m2_per_person
    conditions = [out["capacity_persons"].notna(), out["units"].notna(),
                  out["floor_area_m2"].notna(), out["land_area_ha"].notna()]
    values = [out["capacity_persons"], out["units"] * params.persons_per_unit,
              out["floor_area_m2"] / per_person,
              out["land_area_ha"] * M2_PER_HA * params.floor_area_ratio / per_person]
    out["capacity"] = np.select(conditions, values, default=np.nan).astype("float64")
    out["capacity_source"] = np.select(conditions, list(CAPACITY_SOURCES[:4]), default="missing")
    out["pipeline"] = out["status"].isin(PIPELINE_STATUSES)
    return out


def filter_sites(sites: gpd.GeoDataFrame, *, provinces: Sequence[str] | None = None,
                 edition: Edition = 2024) -> gpd.GeoDataFrame:
    """The sites in the given provinces of ``edition`` (None or empty = all); a new frame."""
    if not provinces:
        return sites.copy()
    if edition == 2024:
        names = {canonical_province(p, edition=2024) for p in provinces}
    else:
        names = {part for p in provinces for part in parts_of_2025(p)}
    return sites[sites["province"].isin(names)].copy()


# ---------------------------------------------------------------------------------------------
# Reach
def representative_lonlat(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat (degrees, WGS 84) of each feature's centroid, computed in a metric CRS.

    The centroid is taken in the feature's 2024 province's VN-2000 TM-3 CRS (UTM 48N where the
    province is unknown), then converted back to EPSG:4326. Missing or empty geometries → NaN.
    """
    require_crs(gdf)
    geoms = gdf.geometry.to_crs(WGS84)
    lon = np.full(len(gdf), np.nan)
    lat = np.full(len(gdf), np.nan)
    located = np.asarray(~(geoms.isna() | geoms.is_empty))

    def epsg_of(province: object) -> int:
        try:
            return vn2000_epsg(str(province))
        except ValueError:
            return UTM_48N

    provinces = gdf["province"] if "province" in gdf.columns else pd.Series(None, gdf.index)
    epsg = np.array([epsg_of(p) for p in provinces])
    for code in sorted(set(epsg[located])):
        mask = located & (epsg == code)
        centres = geoms[mask].to_crs(code).centroid.to_crs(WGS84)
        lon[mask] = centres.x.to_numpy()
        lat[mask] = centres.y.to_numpy()
    return lon, lat


def split_ids(value: object) -> list[str]:
    """The zone ids of a ``serves_zone_ids`` cell (';'-joined; None/blank → [])."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def reach_matrix(sites: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, *, radius_km: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Which site reaches which zone, and the geodesic distances.

    Parameters
    ----------
    sites, zones : layers with a CRS (EPSG:4326 at rest).
    radius_km : commuting radius (km) for sites whose ``serves_zone_ids`` is empty.

    Returns
    -------
    reach : (n_sites, n_zones) bool. A linked site reaches exactly the zones it names (located
        or not); an unlinked located site reaches the located zones within the radius.
    distance_m : (n_sites, n_zones) geodesic distance (m) between representative points; NaN
        where either is unlocated.
    """
    slon, slat = representative_lonlat(sites)
    zlon, zlat = representative_lonlat(zones)
    shape = (len(sites), len(zones))
    distance = np.full(shape, np.nan)
    both = np.isfinite(slon)[:, None] & np.isfinite(zlon)[None, :]
    if both.any():
        rows, cols = np.nonzero(both)
        distance[rows, cols] = geodesic_distance_m(slon[rows], slat[rows], zlon[cols],
                                                   zlat[cols])
    zone_pos = {zid: i for i, zid in enumerate(zones["zone_id"])}
    reach = np.zeros(shape, dtype=bool)
    for j, served in enumerate(sites["serves_zone_ids"]):
        ids = split_ids(served)
        if ids:
            reach[j, [zone_pos[z] for z in ids if z in zone_pos]] = True
        else:
            reach[j] = np.nan_to_num(distance[j], nan=np.inf) <= radius_km * 1000.0
    return reach, distance


def reach_of(sites: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, *, radius_km: float
             ) -> ReachPairs:
    """:func:`reach_matrix` as sparse pairs (:mod:`geo.accounts.reach`): the same reach, with
    distances for the reaching pairs only; memory and time grow with the pairs, not sites × zones.
    """
    zone_pos = {zid: i for i, zid in enumerate(zones["zone_id"])}
    links: list[list[int] | None] = []
    for served in sites["serves_zone_ids"]:
        ids = split_ids(served)
        links.append([zone_pos[z] for z in ids if z in zone_pos] if ids else None)
    return reach_pairs(representative_lonlat(sites), representative_lonlat(zones), links,
                       radius_km=radius_km)


# ---------------------------------------------------------------------------------------------
# Allocation and per-zone results
@dataclass(frozen=True)
class HousingResult:
    """Per-zone and per-site results of :func:`analyse_housing`.

    ``zones``: the input columns plus those of :func:`add_workforce` and, per zone,
    ``supply_completed_persons``, ``supply_pipeline_persons``, ``supply_counted_persons`` (the
    statuses of ``params.supply_statuses``), ``coverage_ratio`` (counted supply / demand; NaN
    without demand), ``coverage_buildout_ratio`` ((completed + pipeline) / (demand + pipeline
    demand)), ``deficit_persons`` (demand − counted supply), ``land_allocated_ha`` (site land
    shared like the capacity), ``sites_reaching``, ``site_ids``, ``located``; sorted largest
    deficit first. ``sites``: the input plus ``capacity``, ``capacity_source``, ``pipeline``,
    ``allocated_persons``, ``zones_reached`` (';'-joined), ``allocation`` (``allocated`` |
    ``no_zone_in_reach`` | ``no_demand_in_reach`` | ``no_capacity``), ``located``.
    ``pairs`` is the sparse reach (positions into ``sites`` × ``zones`` before sorting);
    ``reach``/``distance_m`` are its dense forms, built on demand (small selections only:
    ``distance_m`` is NaN for pairs that do not reach).
    """

    params: HousingParams
    zones: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    pairs: ReachPairs
    zone_order: list[str]
    notes: list[str] = field(default_factory=list)
    lots: pd.DataFrame | None = None

    @property
    def reach(self) -> np.ndarray:
        """(n_sites, n_zones) booleans (dense; memory sites × zones)."""
        return self.pairs.to_dense()

    @property
    def distance_m(self) -> np.ndarray:
        """(n_sites, n_zones) geodesic metres of the reaching pairs, NaN elsewhere (dense)."""
        out = np.full((self.pairs.n_sites, self.pairs.n_zones), np.nan)
        out[self.pairs.site, self.pairs.zone] = self.pairs.distance_m
        return out

    def sites_reaching(self, zone_id: str) -> gpd.GeoDataFrame:
        """The sites that reach the zone ``zone_id`` (linked or within the radius)."""
        position = self.zone_order.index(zone_id)
        return self.sites.iloc[self.pairs.sites_of(position)]


def _allocate(sites: pd.DataFrame, zones: pd.DataFrame, pairs: ReachPairs
              ) -> dict[str, np.ndarray]:
    """2SFCA per status group: per-zone persons and land, per-site allocated persons."""
    today = zones["demand_persons"].fillna(0.0).to_numpy()
    buildout = today + zones["pipeline_demand_persons"].fillna(0.0).to_numpy()
    capacity = sites["capacity"].fillna(0.0).to_numpy()
    land = sites["land_area_ha"].fillna(0.0).to_numpy()
    out = {"per_site": np.zeros(len(sites)), "land": np.zeros(len(zones))}
    for status in HOUSING_STATUSES:
        mask = (sites["status"] == status).to_numpy()
        demand = today if status == "completed" else buildout
        allocation = two_step_fca_pairs(capacity * mask, demand, pairs, mask)
        out[status] = allocation.per_zone
        out["land"] = out["land"] + allocation.share(land * mask)
        out["per_site"] = out["per_site"] + allocation.per_site_allocated
        out[f"demand_reached_{status}"] = np.bincount(
            pairs.site, weights=np.where(mask[pairs.site], demand[pairs.zone], 0.0),
            minlength=len(sites)).astype("float64")
    return out


def analyse_housing(zones: gpd.GeoDataFrame, sites: gpd.GeoDataFrame,
                    params: HousingParams | None = None, *,
                    lots: pd.DataFrame | None = None) -> HousingResult:
    """Workforce, demand, supply and allocation per zone and per site.

    Parameters
    ----------
    zones : zones layer, EPSG:4326 (polygon footprints, points, or None when unlocated).
    sites : housing-sites layer, EPSG:4326.
    params : parameters (default :class:`HousingParams`); validated here.
    lots : the store's lot register (``load_lots``): leased land and the occupancy check of a
        zone with lots come from them (as :func:`geo.accounts.landuse.add_accounts`).

    Returns
    -------
    HousingResult
        Persons, hectares; zones sorted by ``deficit_persons``, largest first (no figure last).

    Raises
    ------
    ParameterError
        A parameter out of range.
    CRSError
        A layer without CRS.
    """
    params = (params or HousingParams()).validated()
    zone_frame = add_workforce(zones.reset_index(drop=True), params, lots=lots)
    site_frame = add_capacity(sites.reset_index(drop=True), params)
    pairs = reach_of(site_frame, zone_frame, radius_km=params.radius_km)
    alloc = _allocate(site_frame, zone_frame, pairs)
    zone_frame["supply_completed_persons"] = alloc["completed"]
    zone_frame["supply_pipeline_persons"] = alloc["under_construction"] + alloc["planned"]
    zone_frame["supply_counted_persons"] = sum(alloc[s] for s in params.supply_statuses)
    demand = zone_frame["demand_persons"]
    zone_frame["coverage_ratio"] = (zone_frame["supply_counted_persons"] / demand).where(
        demand > 0)
    buildout = demand + zone_frame["pipeline_demand_persons"].fillna(0.0)
    zone_frame["coverage_buildout_ratio"] = (
        (zone_frame["supply_completed_persons"] + zone_frame["supply_pipeline_persons"])
        / buildout).where(buildout > 0)
    zone_frame["deficit_persons"] = demand - zone_frame["supply_counted_persons"]
    zone_frame["land_allocated_ha"] = alloc["land"]
    zone_frame["sites_reaching"] = pairs.per_zone()
    zone_frame["site_ids"] = pairs.joined(site_frame["site_id"].to_numpy(), by="zone")
    zone_frame["located"] = ~(zone_frame.geometry.isna() | zone_frame.geometry.is_empty)

    zone_ids = zone_frame["zone_id"].to_numpy()
    site_frame["allocated_persons"] = alloc["per_site"]
    site_frame["zones_reached"] = pairs.joined(zone_ids, by="site")
    reached_demand = np.select(
        [(site_frame["status"] == s).to_numpy() for s in HOUSING_STATUSES],
        [alloc[f"demand_reached_{s}"] for s in HOUSING_STATUSES])
    site_frame["allocation"] = np.select(
        [site_frame["capacity"].isna(), pairs.per_site() == 0, reached_demand <= 0],
        ["no_capacity", "no_zone_in_reach", "no_demand_in_reach"], default="allocated")
    site_frame["located"] = ~(site_frame.geometry.isna() | site_frame.geometry.is_empty)

    order = zone_frame.sort_values("deficit_persons", ascending=False, na_position="last",
                                   kind="stable")
    return HousingResult(params=params, zones=gpd.GeoDataFrame(order, crs=zones.crs),
                         sites=gpd.GeoDataFrame(site_frame, crs=sites.crs), pairs=pairs,
                         zone_order=list(zone_ids),
                         notes=_notes(zone_frame, site_frame, zones), lots=lots)


def _notes(zones: pd.DataFrame, sites: pd.DataFrame, original: pd.DataFrame) -> list[str]:
    notes = []
    known = set(original["zone_id"])
    for site_id, served in zip(sites["site_id"], sites["serves_zone_ids"], strict=True):
        missing = [z for z in split_ids(served) if z not in known]
        if missing:
            notes.append(f"site {site_id}: serves zone(s) not in the selection: "
                         f"{', '.join(missing)}")
    unlocated = zones.loc[~zones["located"], "zone_id"].tolist()
    if unlocated:
        notes.append(f"{len(unlocated)} zone(s) without a location: reached only by sites "
                     f"that name them; counted in the totals: {', '.join(unlocated)}")
    return notes
