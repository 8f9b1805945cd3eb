"""Accounts from the lot register: land by use class, leasable / leased / vacant land, occupancy
and the land-use structure checks of a zone's plan.

Pure and vectorised (one ``groupby`` over all lots; no per-lot Python loop), so it holds for
100,000 lots. Lots as :func:`geo.store.lots.load_lots` returns them (EPSG:4326; only attributes
are used here). Areas in hectares: a lot's stated ``planned_area_ha``, else its geodesic area
(WGS 84 ellipsoid). Shares in percent of the lots' total area. A figure no lot gives stays empty
(NaN / None), never 0.

Legal basis of the checks (``data/sources/regulations.md``):

* service land ≤ 10 % of the zone — Decree 35/2022/NĐ-CP Art. 7 (worker accommodation, "cơ sở
  lưu trú", sits on the service land — Art. 2 cl. 23 and Art. 25 — so it counts here);
* green land and water ≥ 10 %, roads and parking > 10 %, other technical infrastructure ≥ 1 %
  — QCVN 01:2021/BXD as approved 2025 delta KCN plans apply it (the regulation's own table was
  not found; QCVN 01:2026 is said to replace it from 2027 [unverified]);
* worker-housing land: shown where the plan holds it (Decree 35 Art. 9 cl. 7 asks for a plan of
  worker housing, which may lie outside the zone) — never a failure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.accounts._codes import codes_in
from geo.core.crs import geodesic_area_ha
from geo.core.lots_schema import LEASABLE_CLASSES, USE_CLASSES

COVERAGE_MIN: Final = 0.9
"""Lots must cover at least this share of the zone's planned area for the structure checks to
pass or fail; below it they say ``not_enough_data`` (a partial register)."""

STRUCTURE_RULES: Final[tuple[dict[str, Any], ...]] = (
    {"rule": "service land (incl. worker accommodation) ≤ 10 % of the zone",
     "basis": "Decree 35/2022/NĐ-CP Art. 7 (and Art. 2 cl. 23, Art. 25)",
     "classes": ("service", "worker_housing"), "op": "<=", "threshold": 10.0},
    {"rule": "green land and water ≥ 10 % of the zone",
     "basis": "QCVN 01:2021/BXD as applied by approved 2025 KCN plans (regulation table not "
              "found; QCVN 01:2026 may replace it from 2027)",
     "classes": ("green_water",), "op": ">=", "threshold": 10.0},
    {"rule": "roads and parking > 10 % of the zone",
     "basis": "QCVN 01:2021/BXD as applied by approved 2025 KCN plans (regulation table not "
              "found)",
     "classes": ("roads_parking",), "op": ">", "threshold": 10.0},
    {"rule": "technical infrastructure ≥ 1 % of the zone",
     "basis": "QCVN 01:2021/BXD as applied by approved 2025 KCN plans (regulation table not "
              "found)",
     "classes": ("technical_infrastructure",), "op": ">=", "threshold": 1.0},
)
HOUSING_RULE: Final = {"rule": "worker-housing land held in the zone's plan",
                       "basis": "Decree 35/2022/NĐ-CP Art. 9 cl. 7 (a worker-housing plan; it "
                                "may lie outside the zone)", "threshold": "> 0 ha"}

ACCOUNT_COLUMNS: Final = ("zone_id", "lots", "total_ha", *(f"area_{c}_ha" for c in USE_CLASSES),
                          "leasable_ha", "leased_ha", "vacant_ha", "reserved_ha",
                          "occupancy_pct")


def lot_area_ha(lots: pd.DataFrame) -> pd.Series:
    """Area of each lot (ha): the stated ``planned_area_ha``, else the geodesic area of its
    lon/lat (EPSG:4326) geometry; NaN when neither is known."""
    stated = pd.to_numeric(lots["planned_area_ha"], errors="coerce") \
        if "planned_area_ha" in lots.columns else pd.Series(np.nan, index=lots.index)
    missing = stated.isna()
    if missing.any() and "geometry" in lots.columns:
        stated = stated.copy()
        stated[missing] = [geodesic_area_ha(g) for g in lots.loc[missing, "geometry"]]
    return stated.astype("float64")


_STATUSES: Final = ("leased", "vacant", "reserved", "not_leasable")


def lot_accounts(lots: pd.DataFrame) -> pd.DataFrame:
    """One row per zone with lots (sorted by ``zone_id``): columns :data:`ACCOUNT_COLUMNS`.

    ``area_<class>_ha`` is the land of each use class (0 where the plan has none: a complete
    register's absence is a figure; empty for a zone none of whose lots has a use class);
    ``leasable_ha`` = industrial + warehouse/logistics lots whose ``lease_status`` is not
    ``not_leasable``; ``leased_ha`` / ``vacant_ha`` / ``reserved_ha`` the leasable land by
    status; ``occupancy_pct`` = leased / leasable × 100 (NaN when nothing is leasable, or no
    leasable lot has a known status). A figure whose lots (some lots of the zone are of its
    kind) all lack an area stays empty, never 0.

    One pass, no per-lot Python: zones, uses and statuses are coded once and every figure is
    a ``bincount`` over the zone codes (by use: over zone × use).
    """
    if not len(lots):
        return pd.DataFrame({c: pd.Series(dtype="object" if c == "zone_id" else "float64")
                             for c in ACCOUNT_COLUMNS})
    area = lot_area_ha(lots).to_numpy(dtype="float64")
    zone, zone_ids = pd.factorize(lots["zone_id"], sort=True)
    use = codes_in(lots["use_class"], USE_CLASSES)
    use_given = lots["use_class"].notna().to_numpy()
    has_status = "lease_status" in lots.columns
    status = codes_in(lots["lease_status"], _STATUSES) if has_status \
        else np.full(len(lots), -1)
    status_given = lots["lease_status"].notna().to_numpy() if has_status \
        else np.zeros(len(lots), dtype=bool)
    leasable = np.isin(use, [USE_CLASSES.index(c) for c in LEASABLE_CLASSES]) & (
        status != _STATUSES.index("not_leasable"))
    inside = zone >= 0
    zone, area, use, use_given = zone[inside], area[inside], use[inside], use_given[inside]
    leasable, status, status_given = leasable[inside], status[inside], status_given[inside]
    count = len(zone_ids)
    known = ~np.isnan(area)
    value = np.where(known, area, 0.0)

    def total(mask: np.ndarray) -> np.ndarray:  # empty where no lot of the mask has an area
        given = np.bincount(zone, weights=mask & known, minlength=count)
        summed = np.bincount(zone, weights=np.where(mask, value, 0.0), minlength=count)
        return np.where(given > 0, summed, np.nan)

    out = pd.DataFrame({"zone_id": np.asarray(zone_ids, dtype=object),
                        "lots": np.bincount(zone, minlength=count)})
    out["total_ha"] = total(np.ones(len(zone), dtype=bool))
    for name, mask in (("leasable_ha", leasable),
                       ("leased_ha", leasable & (status == _STATUSES.index("leased"))),
                       ("vacant_ha", leasable & (status == _STATUSES.index("vacant"))),
                       ("reserved_ha", leasable & (status == _STATUSES.index("reserved")))):
        out[name] = np.where(np.bincount(zone, weights=mask, minlength=count) > 0, total(mask),
                             0.0)  # a zone without such lots has 0 ha of them
    classes = len(USE_CLASSES)
    has_use = use >= 0
    by_use = np.bincount(zone[has_use] * classes + use[has_use], weights=value[has_use],
                         minlength=count * classes).reshape(count, classes)
    with_use = np.bincount(zone, weights=use_given, minlength=count) > 0
    for k, cls in enumerate(USE_CLASSES):
        out[f"area_{cls}_ha"] = np.where(with_use, by_use[:, k], np.nan)
    with_status = np.bincount(zone, weights=np.where(leasable & status_given, value, 0.0),
                              minlength=count) > 0
    ok = (out["leasable_ha"] > 0).to_numpy() & with_status
    out["occupancy_pct"] = (100.0 * out["leased_ha"] / out["leasable_ha"]).where(ok).round(2)
    return out[list(ACCOUNT_COLUMNS)]


def _status(value: float, op: str, threshold: float) -> str:
    passed = {"<=": value <= threshold, ">=": value >= threshold, ">": value > threshold}[op]
    return "pass" if passed else "fail"


def structure_checks(account: Mapping[Any, Any], *, zone_area_ha: float | None = None
                     ) -> list[dict[str, Any]]:
    """The land-use structure checks of one zone's lots (a row of :func:`lot_accounts`).

    Each check: ``rule``, ``basis``, ``value`` (share in %, or ha for housing), ``threshold``,
    ``status`` (``pass`` | ``fail`` | ``not_enough_data``). ``not_enough_data`` when the lots'
    total area is unknown, or covers less than :data:`COVERAGE_MIN` of ``zone_area_ha`` (the
    zone's planned area, ha) — a partial register says nothing of the plan's structure.
    """
    raw = account.get("total_ha")
    total = math.nan if raw is None else float(raw)
    usable = not math.isnan(total) and total > 0
    if usable and zone_area_ha is not None and not math.isnan(zone_area_ha) and zone_area_ha > 0:
        usable = total / zone_area_ha >= COVERAGE_MIN
    checks = []
    for rule in STRUCTURE_RULES:
        share = None
        if usable:
            part = sum(float(account.get(f"area_{c}_ha") or 0.0) for c in rule["classes"])
            share = round(100.0 * part / total, 2)
        checks.append({"rule": rule["rule"], "basis": rule["basis"], "value": share,
                       "threshold": f"{rule['op']} {rule['threshold']:g} %",
                       "status": "not_enough_data" if share is None
                       else _status(share, rule["op"], rule["threshold"])})
    housing = float(account.get("area_worker_housing_ha") or 0.0)
    checks.append({**HOUSING_RULE, "value": round(housing, 2),
                   "status": "pass" if housing > 0 else "not_enough_data"})
    return checks


def zone_lot_summary(lots: pd.DataFrame, zone_id: str, *, zone_area_ha: float | None = None
                     ) -> dict[str, Any]:
    """The lot accounts of one zone as plain JSON (the ``python -m geo lots`` output).

    Keys: ``zone_id``, ``lots``, ``area_ha_by_use``, ``share_by_use`` (%), ``leasable_ha``,
    ``leased_ha``, ``vacant_ha``, ``occupancy_pct``, ``occupancy_basis`` (``"lots"``),
    ``checks`` (:func:`structure_checks`). A zone with no lot: ``lots`` 0, figures None.
    """
    acc = lot_accounts(lots[lots["zone_id"] == zone_id])
    if not len(acc):
        return {"zone_id": zone_id, "lots": 0, "area_ha_by_use": {}, "share_by_use": {},
                "leasable_ha": None, "leased_ha": None, "vacant_ha": None,
                "occupancy_pct": None, "occupancy_basis": None, "checks": []}
    row = acc.iloc[0].to_dict()
    total = float(row["total_ha"])

    def num(value: Any) -> float | None:
        return None if value is None or pd.isna(value) else round(float(value), 4)

    by_use = {c: num(row[f"area_{c}_ha"]) for c in USE_CLASSES}
    return {"zone_id": zone_id, "lots": int(row["lots"]), "area_ha_by_use": by_use,
            "share_by_use": {c: (None if v is None or not total else round(100 * v / total, 2))
                             for c, v in by_use.items()},
            "leasable_ha": num(row["leasable_ha"]), "leased_ha": num(row["leased_ha"]),
            "vacant_ha": num(row["vacant_ha"]), "occupancy_pct": num(row["occupancy_pct"]),
            "occupancy_basis": "lots",
            "checks": structure_checks(row, zone_area_ha=zone_area_ha)}


def apply_lot_figures(accounts: pd.DataFrame, lots: pd.DataFrame) -> pd.DataFrame:
    """Overlay lot-based occupancy on zones already passed through
    :func:`geo.accounts.landuse.add_accounts`: where a zone has lots with leasable land,
    ``leased_ha``, ``leasable_ha`` and ``occupancy_calc_pct`` come from its lots and
    ``occupancy_basis`` is ``"lots"``; other zones keep the reported figures. Returns a copy.
    """
    out = accounts.copy()
    acc = lot_accounts(lots).set_index("zone_id")
    acc = acc[acc["occupancy_pct"].notna()]
    if not len(acc) or "zone_id" not in out.columns:
        return out
    has = out["zone_id"].isin(acc.index)
    ids = out.loc[has, "zone_id"]
    out.loc[has, "leased_ha"] = acc.loc[ids, "leased_ha"].to_numpy()
    out.loc[has, "leasable_ha"] = acc.loc[ids, "leasable_ha"].to_numpy()
    out.loc[has, "occupancy_calc_pct"] = acc.loc[ids, "occupancy_pct"].to_numpy()
    out.loc[has, "occupancy_basis"] = "lots"
    return out


def vacant_industrial_land(lots: pd.DataFrame, *, zones: pd.DataFrame | None = None,
                           provinces: list[str] | None = None, min_area_ha: float = 0.0
                           ) -> pd.DataFrame:
    """The lots an investor can lease now: industrial or warehouse/logistics, ``vacant``.

    Columns ``lot_id``, ``zone_id``, ``zone_name``, ``province``, ``use_class``, ``area_ha``,
    ``building_density_pct``, ``height_limit_m``, ``source``, ``as_of``; largest first.
    ``zones`` supplies the names and provinces (2024); ``provinces`` keeps those provinces;
    ``min_area_ha`` drops smaller lots.
    """
    mask = lots["use_class"].isin(LEASABLE_CLASSES) & (lots["lease_status"] == "vacant")
    chosen = lots.loc[mask]
    out = pd.DataFrame({"lot_id": chosen["lot_id"], "zone_id": chosen["zone_id"],
                        "use_class": chosen["use_class"], "area_ha": lot_area_ha(chosen)})
    for col in ("building_density_pct", "height_limit_m", "source", "as_of"):
        out[col] = chosen[col] if col in chosen.columns else None
    names = provinces_of = None
    if zones is not None and len(zones):
        lookup = zones.drop_duplicates("zone_id").set_index("zone_id")
        names, provinces_of = out["zone_id"].map(lookup["name"]), out["zone_id"].map(
            lookup["province"])
    out.insert(2, "zone_name", names)
    out.insert(3, "province", provinces_of)
    if provinces:
        out = out[out["province"].isin(provinces)]
    out = out[out["area_ha"].fillna(0.0) >= min_area_ha]
    return out.sort_values(["area_ha", "lot_id"], ascending=[False, True]).reset_index(drop=True)
