"""Worker housing per province and region, the legal checks, and reported worker counts.

Built on :func:`geo.accounts.housing.analyse_housing`. A province's supply is the capacity of the
housing
sites *in* the province (by the site's ``province``), by status; the per-zone allocation shows
where it goes. Sums skip missing figures and carry their coverage ([with the figure, of]); a sum
with no known figure is None, never 0. ``deficit_persons`` = demand − known counted supply (the
gap on the supply the data knows of; an upper bound where sites lack a capacity).

Legal checks (``data/sources/regulations.md`` §1), per province:

- ``housing_land_fund``: land held for worker housing (Σ site ``land_area_ha``, all statuses) ≥
  2 % of the listed area of the province's KCN/KCX (Decree 35/2022/NĐ-CP Art. 4, as amended by
  Decree 178/2025/NĐ-CP).
- ``occupancy_for_new_zone``: average occupancy of the province's established KCN/KCX
  (operating or under construction) ≥ 60 % (Decree 35/2022 Art. 9 cl. 6), the condition for
  opening a new zone; occupancy = Σ leased / Σ leasable industrial land
  (:mod:`geo.accounts.landuse`).

Each is ``pass``, ``fail`` or ``not_enough_data``, with the figures it used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.accounts.figure_basis import PAIR_OCCUPANCY
from geo.accounts.housing import PIPELINE_STATUSES, HousingResult, land_per_person_ha
from geo.accounts.landuse import LAND_KINDS, add_accounts
from geo.accounts.landuse_groups import ratio
from geo.core.admin import (
    Edition,
    data_provinces_2024,
    incomplete_2025_provinces,
    province_2025_of,
    province_names,
)
from geo.core.admin import province_2024 as lookup_province
from geo.core.i18n import NO_DATA, Lang, fmt_coverage, fmt_ha, fmt_number, fmt_pct, fmt_ratio, t
from geo.core.schema import HOUSING_STATUSES
from geo.errors import DataFileError, FilterError, SchemaError
from geo.settings import PROVINCES_2025, WORKERS_FILE, data_dir

LAND_FUND_SHARE = 0.02
OCCUPANCY_THRESHOLD_PCT = 60.0
ARTICLES = {
    "housing_land_fund": "Decree 35/2022/NĐ-CP Art. 4, as amended by Decree 178/2025/NĐ-CP",
    "occupancy_for_new_zone": "Decree 35/2022/NĐ-CP Art. 9 cl. 6",
}
HOUSING_GROUPINGS = ("zone", "province", "province_2025")


# ---------------------------------------------------------------------------------------------
# Reported worker counts per province
def load_province_workers(*, root: Path | None = None) -> pd.DataFrame:
    """Reported workers in the zones per 2024 province (``reports/province_workers.csv``).

    Returns
    -------
    DataFrame
        ``province`` (canonical 2024 name), ``as_of`` (date as the source gives it),
        ``workers`` (persons, float), ``qualifier`` (about / over / nearly), ``scope`` and
        ``source_url``; one row per province.

    Raises
    ------
    DataFileError
        The file is missing or unreadable; :class:`SchemaError` for a bad row (named).
    """
    path = (root or data_dir()) / WORKERS_FILE
    if not path.is_file():
        raise DataFileError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read as CSV: {exc}") from exc
    for column in ("province", "as_of", "workers", "source_url"):
        if column not in frame.columns:
            raise SchemaError(f"{path}: required column {column!r} is missing")
    names, workers = [], []
    for position, row in enumerate(frame.itertuples(index=False), start=2):
        try:
            names.append(lookup_province(str(row.province)).name)
        except FilterError as exc:
            raise SchemaError(f"{path}: row {position}: column 'province': {exc}") from exc
        value = pd.to_numeric(str(row.workers), errors="coerce")
        if pd.isna(value) or value < 0:
            raise SchemaError(f"{path}: row {position}: column 'workers': {row.workers!r} is "
                              "not a number ≥ 0")
        if not row.source_url:
            raise SchemaError(f"{path}: row {position}: column 'source_url' is empty")
        workers.append(float(value))
    frame = frame.assign(province=names, workers=workers)
    duplicated = frame["province"][frame["province"].duplicated()]
    if not duplicated.empty:
        raise SchemaError(f"{path}: column 'province': {duplicated.iloc[0]!r} appears twice")
    return frame


def _reported(reported: pd.DataFrame | None, parts: list[str]) -> dict[str, Any]:
    """The reported count of a group of 2024 provinces (None unless every part has one)."""
    empty = {"workers_reported": None, "workers_reported_as_of": None,
             "workers_reported_source_url": None, "workers_reported_scope": None}
    if reported is None:
        return empty
    rows = reported[reported["province"].isin(parts)]
    if len(rows) != len(parts):
        return empty
    return {"workers_reported": float(rows["workers"].sum()),
            "workers_reported_as_of": "; ".join(rows["as_of"]),
            "workers_reported_source_url": " ; ".join(rows["source_url"]),
            "workers_reported_scope": "; ".join(
                f"{p}: {q + ' ' if q else ''}{w:,.0f} ({s})" for p, q, w, s in zip(
                    rows["province"], rows.get("qualifier", [""] * len(rows)), rows["workers"],
                    rows.get("scope", [""] * len(rows)), strict=True))}


# ---------------------------------------------------------------------------------------------
# Aggregation
def _sum(values: pd.Series) -> float | None:
    known = values.dropna()
    return round(float(known.sum()), 2) if not known.empty else None


def _supply(sites: pd.DataFrame, statuses: tuple[str, ...] | list[str]) -> float | None:
    return _sum(sites.loc[sites["status"].isin(statuses), "capacity"])


def aggregate(result: HousingResult, zones: pd.DataFrame, sites: pd.DataFrame, key: str
              ) -> dict[str, Any]:
    """Totals of one group of zones and the housing sites that belong to it (persons, ha)."""
    params = result.params
    demand = _sum(zones["demand_persons"])
    counted = _supply(sites, params.supply_statuses)
    completed, pipeline = _supply(sites, ["completed"]), _supply(sites, PIPELINE_STATUSES)
    pipeline_demand = _sum(zones["pipeline_demand_persons"])
    buildout_supply = _sum(sites["capacity"])
    land = {s: _sum(sites.loc[sites["status"] == s, "land_area_ha"]) for s in HOUSING_STATUSES}
    return {
        "key": key,
        "zones": len(zones),
        "workforce": _sum(zones["workforce"]),
        "workforce_coverage": [int(zones["workforce"].notna().sum()), len(zones)],
        "workforce_sources": {k: int(v) for k, v in zones["workforce_source"]
                              .value_counts().items()},
        "pipeline_workforce": _sum(zones["pipeline_workforce"]),
        "demand_persons": demand,
        "pipeline_demand_persons": pipeline_demand,
        "sites": len(sites),
        "sites_with_capacity": int(sites["capacity"].notna().sum()),
        "supply_completed_persons": completed,
        "supply_pipeline_persons": pipeline,
        "supply_counted_persons": counted,
        "allocated_to_zones_persons": round(float(
            zones["supply_completed_persons"].sum() + zones["supply_pipeline_persons"].sum()), 2),
        "coverage_ratio": ratio(counted, demand),
        "coverage_buildout_ratio": ratio(buildout_supply,
                                          None if demand is None else
                                          demand + (pipeline_demand or 0.0)),
        "deficit_persons": None if demand is None else round(demand - (counted or 0.0), 2),
        "land_needed_ha": None if demand is None else round(
            demand * land_per_person_ha(params), 2),
        "land_allocated_ha": _sum(sites["land_area_ha"]),
        "land_allocated_completed_ha": land["completed"],
        "land_allocated_pipeline_ha": _sum(pd.Series([land[s] for s in PIPELINE_STATUSES],
                                                     dtype="float64")),
        "land_coverage": [int(sites["land_area_ha"].notna().sum()), len(sites)],
        "unlocated_zones": zones.loc[~zones["located"], "zone_id"].tolist(),
        "unlocated_sites": sites.loc[~sites["located"], "site_id"].tolist(),
        "parameters": params.to_dict(),
    }


def _groups(result: HousingResult, by: str) -> tuple[pd.Series, pd.Series, list[str]]:
    zones, sites = result.zones, result.sites
    if by == "province":
        return zones["province"], sites["province"], province_names(2024)
    if by == "province_2025":
        return (zones["province_2025"], sites["province"].map(province_2025_of),
                [p.name for p in PROVINCES_2025])
    raise FilterError(f"unknown grouping {by!r}; valid: {', '.join(HOUSING_GROUPINGS)}",
                      valid=list(HOUSING_GROUPINGS))


def province_rows(result: HousingResult, *, by: str = "province",
                  reported: pd.DataFrame | None = None, keep_empty: bool = False
                  ) -> list[dict[str, Any]]:
    """Per-province totals with reported workers and legal checks, largest deficit first.

    Parameters
    ----------
    result : :func:`geo.accounts.housing.analyse_housing`.
    by : ``province`` (2024 edition) or ``province_2025``.
    reported : :func:`load_province_workers` (None: no comparison).
    keep_empty : keep provinces with no zone and no site in the selection.

    Returns
    -------
    list of dict
        :func:`aggregate` keys plus ``workers_reported`` (+ ``_as_of``, ``_source_url``,
        ``_scope``), ``estimate_vs_reported`` (estimated / reported workforce), ``checks``
        and, for 2025 provinces missing 2024 parts in the data, ``incomplete``.
    """
    zone_keys, site_keys, order = _groups(result, by)
    edition: Edition = 2025 if by == "province_2025" else 2024
    missing = incomplete_2025_provinces(data_provinces_2024()) if edition == 2025 else {}
    rows = []
    for key in order:
        zones = result.zones[zone_keys == key]
        sites = result.sites[site_keys == key]
        if zones.empty and sites.empty and not keep_empty:
            continue
        row = aggregate(result, zones, sites, key)
        parts = ([p for p in data_provinces_2024() if province_2025_of(p) == key]
                 if edition == 2025 else [key])
        row.update(_reported(reported, parts))
        row["estimate_vs_reported"] = ratio(row["workforce"], row["workers_reported"])
        row["checks"] = legal_checks(zones, sites, lots=result.lots)
        if key in missing:
            row["incomplete"] = missing[key]
        rows.append(row)
    rows.sort(key=lambda r: -r["deficit_persons"] if r["deficit_persons"] is not None
              else float("inf"))
    return rows


def region_total(result: HousingResult, *, reported: pd.DataFrame | None = None
                 ) -> dict[str, Any]:
    """Totals over the whole selection (all zones and sites), with the reported sum if complete."""
    row = aggregate(result, result.zones, result.sites, "total")
    parts = sorted(set(result.zones["province"]) | set(result.sites["province"]))
    row.update(_reported(reported, parts))
    row["estimate_vs_reported"] = ratio(row["workforce"], row["workers_reported"])
    return row


# ---------------------------------------------------------------------------------------------
# Legal checks
def _check_land_fund(zones: pd.DataFrame, sites: pd.DataFrame) -> dict[str, Any]:
    listed = zones[zones["kind"].isin(LAND_KINDS)]
    area = _sum(listed["planned_area_ha"])
    land = _sum(sites["land_area_ha"])
    value = ratio(land, area)
    lacking = int(sites["land_area_ha"].isna().sum())
    if value is None or sites.empty:
        status = "not_enough_data"
    elif value >= LAND_FUND_SHARE:
        status = "pass"
    else:
        status = "not_enough_data" if lacking else "fail"
    return {
        "rule": "housing_land_fund",
        "article": ARTICLES["housing_land_fund"],
        "value": value,
        "threshold": LAND_FUND_SHARE,
        "unit": "fraction",
        "status": status,
        "land_held_ha": land,
        "land_by_status_ha": {s: _sum(sites.loc[sites["status"] == s, "land_area_ha"])
                              for s in HOUSING_STATUSES},
        "zones_area_ha": area,
        "coverage": {"sites_with_land": [len(sites) - lacking, len(sites)],
                     "zones_with_area": [int(listed["planned_area_ha"].notna().sum()),
                                         len(listed)]},
        "basis": "Σ land of the worker-housing sites in the data (all statuses) / Σ planned "
                 "area of the province's KCN/KCX; below 2 % with sites lacking land = not "
                 "enough data",
    }


def _check_occupancy(zones: pd.DataFrame, lots: pd.DataFrame | None = None) -> dict[str, Any]:
    established = zones[zones["kind"].isin(LAND_KINDS)
                        & zones["status"].isin(["operating", "under_construction"])]
    accounts = add_accounts(pd.DataFrame(established), lots=lots)
    pairs = accounts["occupancy_basis"].isin(PAIR_OCCUPANCY)  # rate-only zones: not summed
    leased, leasable = accounts.loc[pairs, "leased_ha"].sum(), accounts.loc[pairs,
                                                                            "leasable_ha"].sum()
    value = round(100.0 * leased / leasable, 2) if pairs.any() else None
    enough = pairs.any() and 2 * int(pairs.sum()) >= len(established)
    status = ("not_enough_data" if value is None or not enough
              else "pass" if value >= OCCUPANCY_THRESHOLD_PCT else "fail")
    area = _sum(established["planned_area_ha"])
    note = ("the rule has exceptions, e.g. when the province's established KCNs total ≤ 1,000 "
            "ha" if area is not None and area <= 1000 else None)
    return {
        "rule": "occupancy_for_new_zone",
        "article": ARTICLES["occupancy_for_new_zone"],
        "value": value,
        "threshold": OCCUPANCY_THRESHOLD_PCT,
        "unit": "percent",
        "status": status,
        "coverage": [int(pairs.sum()), len(established)],
        "basis": "Σ leased / Σ leasable industrial land (leased land, or stated rate × leasable "
                 "land) over established KCN/KCX that give both; fewer than half reporting = "
                 "not enough data",
        "occupancy_basis": {k: int(v) for k, v in accounts.loc[pairs, "occupancy_basis"]
                            .value_counts().items()},
        "established_area_ha": area,
        "note": note,
    }


def legal_checks(zones: pd.DataFrame, sites: pd.DataFrame, *,
                 lots: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """The two Decree 35/2022 checks of one province (zones and sites of that province);
    ``lots``: the occupancy of a zone with lots comes from them (%, as ``add_accounts``)."""
    return [_check_land_fund(zones, sites), _check_occupancy(zones, lots)]


def housing_table(result: HousingResult, *, by: str = "zone",
                  reported: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Rows for the CLI and exports: per zone (largest deficit first) or per province."""
    if by == "zone":
        columns = ["zone_id", "name", "kind", "status", "province", "province_2025",
                   *ZONE_RESULT_COLUMNS]
        frame = pd.DataFrame(result.zones)[columns]
        params = result.params.to_dict()
        return [{**{str(k): v for k, v in record.items()}, "parameters": params}
                for record in frame.to_dict(orient="records")]
    return province_rows(result, by=by, reported=reported)


ZONE_RESULT_COLUMNS = (
    "workforce", "workforce_source", "pipeline_workforce", "share_needing_housing",
    "demand_persons", "pipeline_demand_persons", "supply_completed_persons",
    "supply_pipeline_persons", "supply_counted_persons", "coverage_ratio",
    "coverage_buildout_ratio", "deficit_persons", "land_needed_ha", "land_allocated_ha",
    "sites_reaching", "site_ids", "located",
)


# ---------------------------------------------------------------------------------------------
# Display and export frames (labels and numbers in the UI language)
def _fmt(value: Any, lang: Lang, kind: str = "n") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return NO_DATA
    if kind == "ratio":
        return fmt_ratio(float(value), lang)
    if kind == "ha":
        return fmt_ha(float(value), lang)
    return fmt_number(float(value), lang, digits=0)


def zone_display(result: HousingResult, lang: Lang = "vi") -> pd.DataFrame:
    """Per-zone results as text in ``lang``, largest deficit first (the page's zone table)."""
    z = result.zones
    return pd.DataFrame({
        t("housing_zone", lang): z["name"],
        t("province", lang): z["province"],
        t("housing_status", lang): [t(f"status_{s}", lang) for s in z["status"]],
        t("housing_workforce", lang): [_fmt(v, lang) for v in z["workforce"]],
        t("housing_basis", lang): [t(f"housing_src_{s}", lang) for s in z["workforce_source"]],
        t("housing_demand", lang): [_fmt(v, lang) for v in z["demand_persons"]],
        t("housing_supply_completed", lang): [_fmt(v, lang)
                                              for v in z["supply_completed_persons"]],
        t("housing_supply_pipeline", lang): [_fmt(v, lang) for v in z["supply_pipeline_persons"]],
        t("housing_coverage", lang): [_fmt(v, lang, "ratio") for v in z["coverage_ratio"]],
        t("housing_deficit", lang): [_fmt(v, lang) for v in z["deficit_persons"]],
        t("housing_land_needed", lang): [_fmt(v, lang, "ha") for v in z["land_needed_ha"]],
        t("housing_land_allocated", lang): [_fmt(v, lang, "ha") for v in z["land_allocated_ha"]],
        t("housing_pipeline_demand", lang): [_fmt(v, lang)
                                             for v in z["pipeline_demand_persons"]],
    })


def province_display(rows: list[dict[str, Any]], lang: Lang = "vi") -> pd.DataFrame:
    """Per-province rows as text in ``lang`` (deficits first, as :func:`province_rows`)."""
    def cov(pair: list[int]) -> str:
        return fmt_coverage(pair[0], pair[1], lang)

    return pd.DataFrame({
        t("province", lang): [r["key"] + (" *" if r.get("incomplete") else "") for r in rows],
        t("housing_workforce", lang): [f"{_fmt(r['workforce'], lang)} "
                                       f"({cov(r['workforce_coverage'])})" for r in rows],
        t("housing_reported", lang): [
            NO_DATA if r["workers_reported"] is None else
            f"{_fmt(r['workers_reported'], lang)} ({r['workers_reported_as_of']})"
            for r in rows],
        t("housing_demand", lang): [_fmt(r["demand_persons"], lang) for r in rows],
        t("housing_supply_completed", lang): [_fmt(r["supply_completed_persons"], lang)
                                              for r in rows],
        t("housing_supply_pipeline", lang): [_fmt(r["supply_pipeline_persons"], lang)
                                             for r in rows],
        t("housing_sites", lang): [f"{r['sites_with_capacity']}/{r['sites']}" for r in rows],
        t("housing_coverage", lang): [_fmt(r["coverage_ratio"], lang, "ratio") for r in rows],
        t("housing_deficit", lang): [_fmt(r["deficit_persons"], lang) for r in rows],
        t("housing_land_needed", lang): [_fmt(r["land_needed_ha"], lang, "ha") for r in rows],
        t("housing_land_allocated", lang): [_fmt(r["land_allocated_ha"], lang, "ha")
                                            for r in rows],
    })


def checks_display(rows: list[dict[str, Any]], lang: Lang = "vi") -> pd.DataFrame:
    """One line per province and legal check: rule, article, value, threshold, status."""
    lines = []
    for r in rows:
        for check in r["checks"]:
            land = check["rule"] == "housing_land_fund"
            value = (_fmt(check["value"], lang, "ratio") if land else
                     NO_DATA if check["value"] is None else fmt_pct(check["value"], lang))
            coverage = check["coverage"]["sites_with_land"] if land else check["coverage"]
            lines.append({
                t("province", lang): r["key"],
                t("housing_rule", lang): t(f"housing_rule_{check['rule']}", lang),
                t("housing_article", lang): (check["article"] if lang == "en" else
                                             t(f"housing_article_{check['rule']}", "vi")),
                t("housing_value", lang): value,
                t("housing_threshold", lang): (fmt_ratio(check["threshold"], lang, digits=0)
                                               if land else fmt_pct(check["threshold"], lang,
                                                                    digits=0)),
                t("housing_check_status", lang): t(f"housing_check_{check['status']}", lang),
                t("coverage", lang): f"{coverage[0]}/{coverage[1]}",
            })
    return pd.DataFrame(lines)


def export_frame(result: HousingResult) -> gpd.GeoDataFrame:
    """Per-zone results as a layer for :func:`geo.exports.writers.export_layer` (EPSG:4326)."""
    columns = ["zone_id", "name", "kind", "status", "province", "province_2025",
               *ZONE_RESULT_COLUMNS, "source_url", "geometry"]
    frame = result.zones[columns].copy()
    frame["located"] = frame["located"].astype(bool)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=result.zones.crs)
