"""summarize on synthetic zones (issue 14 scale data) equals an independent plain-pandas account
and the per-group accounts of add_accounts — the array path changes no figure."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from benchmarks._synthetic import synthetic_zones
from geo.accounts import landuse as L


@pytest.fixture(scope="module")
def zones() -> pd.DataFrame:
    """3,000 synthetic zones, with KCNs nested in KKTs of the same and other provinces, zones
    without a province or status, and a few leased-land figures cleared (rate only)."""
    out = pd.DataFrame(synthetic_zones(3_000, seed=3)).drop(columns="geometry")
    kkts = out.index[out["kind"] == "KKT"]
    kcns = out.index[out["kind"] == "KCN"][::5]
    rng = np.random.default_rng(3)
    out.loc[kcns, "parent_zone_id"] = out.loc[rng.choice(kkts, len(kcns)), "zone_id"].to_numpy()
    out.loc[out.index[::17], "province"] = None
    out.loc[out.index[::23], "status"] = None
    out.loc[out.index[::7], "leased_land_ha"] = np.nan
    out.loc[out.index[::11], "industrial_land_ha"] = np.nan
    return out


def _plain(zones: pd.DataFrame, by: str) -> pd.DataFrame:
    """The accounts of design §4.2, written directly in pandas (one groupby), per ``by``."""
    z = zones.copy()
    land, kkt = z["kind"].isin(["KCN", "KCX"]), z["kind"] == "KKT"
    operating, building = z["status"] == "operating", z["status"] == "under_construction"
    used, planned = z["used_area_ha"], z["planned_area_ha"]
    z["in_use"] = used.where(used.notna(), planned.where(land & operating))
    z["in_use_known"] = used.notna() | (land & operating & planned.notna())
    z["in_use_applies"] = used.notna() | (land & operating)
    reported_uc = z["under_construction_area_ha"]
    z["building"] = reported_uc.where(reported_uc.notna(), planned.where(land & building))
    z["building_applies"] = (land & building) | reported_uc.notna()
    key = z[by].astype(object).where(z[by].notna(), "<no key>").tolist()
    own = set(zip(key, z["zone_id"], strict=True))
    nested = pd.Series([(k, p) in own for k, p in zip(key, z["parent_zone_id"], strict=True)],
                       index=z.index)
    z["planned_counted"] = planned.where(~nested)
    z["nested"] = nested
    leasable = z["industrial_land_ha"]
    leased = z["leased_land_ha"].fillna(z["occupancy_pct"] / 100.0 * leasable)
    pair = leased.notna() & (leasable > 0)
    z["leased"], z["leasable"], z["pair"] = leased.where(pair), leasable.where(pair), pair
    z["kkt_building"] = planned.where(kkt & building)
    return z.groupby(by).agg(
        zones=("zone_id", "size"), planned=("planned_counted", "sum"),
        planned_n=("planned_counted", "count"), kkt_building_n=("kkt_building", "count"),
        planned_known=("planned_area_ha", "count"), in_use=("in_use", "sum"),
        in_use_known=("in_use_known", "sum"), in_use_applies=("in_use_applies", "sum"),
        building=("building", "sum"), building_known=("building", "count"),
        building_applies=("building_applies", "sum"), leased=("leased", "sum"),
        leasable=("leasable", "sum"), pairs=("pair", "sum"), nested=("nested", "sum"),
        kkt_building=("kkt_building", "sum"), operating=("status", lambda s: (
            s == "operating").sum()))


def _same(ours: float | None, total: float, count: int) -> None:
    """``ours`` is ``total`` rounded to 2 decimals, or None (no figure, never 0) for no zone."""
    if not count:
        assert ours is None
    else:
        assert ours == pytest.approx(round(total, 2), abs=1e-9)


@pytest.mark.parametrize("by", ["province", "status", "kind"])
def test_summarize_equals_a_plain_pandas_account(zones: pd.DataFrame, by: str) -> None:
    rows = {r["key"]: r for r in L.summarize(zones, by=by).rows}
    plain = _plain(zones, by)
    assert sorted(rows) == sorted(plain.index)
    assert by == "kind" or plain["nested"].sum() > 0  # exercises "not added again"
    for key, p in plain.iterrows():
        row = rows[key]
        assert row["zones"] == p["zones"]
        assert row["zones_by_status"]["operating"] == p["operating"]
        assert row["nested_in_kkt"] == p["nested"]
        _same(row["planned_area_ha"], p["planned"], p["planned_n"])
        _same(row["in_use_area_ha"], p["in_use"], p["in_use_known"])
        _same(row["under_construction_area_ha"], p["building"], p["building_known"])
        _same(row["kkt_under_construction_area_ha"], p["kkt_building"], p["kkt_building_n"])
        assert row["coverage"] == {
            "planned_area_ha": [p["planned_known"], p["zones"]],
            "in_use_area_ha": [p["in_use_known"], p["in_use_applies"]],
            "under_construction_area_ha": [p["building_known"], p["building_applies"]],
            "occupancy_pct": [p["pairs"], p["zones"]]}
        _same(row["occupancy_pct"], 100.0 * p["leased"] / p["leasable"] if p["pairs"] else 0.0,
              p["pairs"])


@pytest.mark.parametrize("by", ["province", "status", "region", "zone"])
@pytest.mark.parametrize("kcn_only", [False, True])
def test_summarize_equals_the_per_group_accounts_of_add_accounts(zones: pd.DataFrame, by: str,
                                                                 kcn_only: bool) -> None:
    if by == "zone":  # the per-group reference costs a selection per zone
        zones = zones.iloc[:400]
    summary = L.summarize(zones, by=by, kcn_only=kcn_only)
    frame = zones[zones["kind"].isin(L.LAND_KINDS)] if kcn_only else zones
    frame = L.add_accounts(frame)
    keys, order = L._group_keys(frame, by, 2024)
    rows = [L.account_group(frame[keys == k], k) for k in order if (keys == k).any()]
    assert json.dumps([*summary.rows, summary.total], sort_keys=True) == json.dumps(
        [*rows, L.account_group(frame, "total")], sort_keys=True)
