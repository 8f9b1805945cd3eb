"""Half-year figures: stored by (zone, period), read back by period, and compared."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from import_fixtures import tree_hashes, use_store

from geo.core.periods import CURRENT, check_period, compare_periods, list_periods
from geo.errors import FilterError, ImportRefused
from geo.imports.plan import plan_import
from geo.store import bundled as io
from geo.store import workspace as ws

H2 = pd.DataFrame([  # what ingest gives for a spreadsheet with unaccented names
    {"name": "Que Vo", "province": "Bac Ninh", "leased_land_ha": 410.0,
     "industrial_land_ha": 420.0, "workers": 52000.0},
    {"name": "KHU CONG NGHIEP YEN PHONG", "province": "bac ninh", "leased_land_ha": 330.0,
     "industrial_land_ha": 460.0, "workers": math.nan},
    {"name": "Thang Long", "province": "Ha Noi", "leased_land_ha": 205.0,
     "industrial_land_ha": 210.0, "workers": 61000.0},
    {"name": "KCN Không Có", "province": "Hà Nam", "leased_land_ha": 10.0,
     "industrial_land_ha": 20.0, "workers": 5.0},
])


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def test_check_period() -> None:
    assert check_period(" 2024-h2 ") == "2024-H2"
    with pytest.raises(FilterError):
        check_period("2024-Q3")


def test_unmatched_rows_refused_unless_confirmed(store: Path) -> None:
    plan = plan_import(H2, kind="figures", file_name="h2.xlsx", sha256="a" * 64,
                          period="2024-H2")
    assert plan.unmatched == [(3, "KCN Không Có")]
    assert plan.counts["changed"] == 3 and plan.ok
    with pytest.raises(ImportRefused, match="match no zone"):
        ws.commit_import(plan)
    assert tree_hashes(store) == {}
    entry = ws.commit_import(plan, allow_unmatched=True)
    assert entry["period"] == "2024-H2" and entry["unmatched"] == 1


def test_figures_by_period_and_current_untouched(store: Path) -> None:
    ws.commit_import(plan_import(H2, kind="figures", file_name="h2.xlsx", sha256="a" * 64,
                                    period="2024-H2"), allow_unmatched=True)
    assert list_periods(io.load_zone_figures()) == [CURRENT, "2024-H2"]
    assert io.zone_periods() == ["2024-H2"]
    current = io.load_zones().set_index("zone_id")
    h2 = io.load_zones(period="2024-H2").set_index("zone_id")
    assert current.at["bn-que-vo", "leased_land_ha"] == 400.0  # current figures unchanged
    assert h2.at["bn-que-vo", "leased_land_ha"] == 410.0
    assert h2.at["bn-que-vo", "as_of"] == "2024-H2"
    assert math.isnan(h2.at["bn-que-vo", "occupancy_pct"])  # not in the file: no figure
    assert h2.at["bn-que-vo", "planned_area_ha"] == 611.0  # plan attribute falls back
    assert math.isnan(h2.at["hy-pho-noi-a", "used_area_ha"]) and h2.at[
        "hy-pho-noi-a", "as_of"] is None
    with pytest.raises(FilterError) as exc:
        io.load_zones(period="2023-H1")
    assert exc.value.valid == [CURRENT, "2024-H2"]


def test_reimport_of_a_period_keeps_figures_of_empty_cells(store: Path) -> None:
    ws.commit_import(plan_import(H2.iloc[:3], kind="figures", file_name="h2.xlsx",
                                    sha256="a" * 64, period="2024-H2"))
    again = pd.DataFrame([{"zone_id": "bn-que-vo", "leased_land_ha": math.nan,
                           "industrial_land_ha": 425.0},
                          {"zone_id": "hn-thang-long", "leased_land_ha": 205.0,
                           "industrial_land_ha": 210.0}])
    plan = plan_import(again, kind="figures", file_name="h2b.xlsx", sha256="b" * 64,
                          period="2024-H2")
    assert [(f.feature, f.field) for f in plan.report.warnings] == [
        ("bn-que-vo", "leased_land_ha")]
    assert [(c.field, c.old, c.new) for c in plan.diffs[0].changes] == [
        ("industrial_land_ha", 420.0, 425.0)]
    ws.commit_import(plan)
    h2 = io.load_zones(period="2024-H2").set_index("zone_id")
    assert h2.at["bn-que-vo", "leased_land_ha"] == 410.0
    assert h2.at["bn-que-vo", "industrial_land_ha"] == 425.0
    assert h2.at["hn-thang-long", "leased_land_ha"] == 205.0  # other zones kept


def test_compare_periods_by_zone_province_region(store: Path) -> None:
    h1 = pd.DataFrame([{"zone_id": "bn-que-vo", "leased_land_ha": 380.0,
                        "industrial_land_ha": 400.0},
                       {"zone_id": "bn-yen-phong", "leased_land_ha": 300.0},
                       {"zone_id": "hn-thang-long", "leased_land_ha": 200.0,
                        "industrial_land_ha": 210.0}])
    for frame, period in ((h1, "2024-H1"), (H2.iloc[:3], "2024-H2")):
        ws.commit_import(plan_import(frame, kind="figures", file_name=f"{period}.csv",
                                        sha256="c" * 64, period=period))
    by_zone = compare_periods(_period("2024-H1"), _period("2024-H2"),
                              by="zone").set_index(["key", "figure"])
    row = by_zone.loc[("bn-que-vo", "leased_land_ha")]
    assert (row.value_a, row.value_b, row.change) == (380.0, 410.0, 30.0)
    assert row.change_pct == pytest.approx(100 * 30 / 380)
    assert by_zone.loc[("hy-pho-noi-a", "leased_land_ha")].zones_both == 0
    prov = compare_periods(_period("2024-H1"), _period("2024-H2"),
                           by="province").set_index(["key", "figure"])
    bn = prov.loc[("Bắc Ninh", "leased_land_ha")]
    assert (bn.value_a, bn.value_b, bn.zones_both, bn.zones) == (680.0, 740.0, 2, 2)
    occ = prov.loc[("Bắc Ninh", "occupancy_pct")]  # Σ leased / Σ leasable
    # Yên Phong's H1 leasable land is not in the H1 file: the structural figure falls back to
    # the current 460 ha, so its H1 leased land gives an H1 occupancy too
    assert (occ.zones_a, occ.zones_b, occ.zones_both) == (2, 2, 2)
    assert occ.value_a == pytest.approx(100 * 680 / 860)
    assert occ.value_b == pytest.approx(100 * 740 / 880)
    leasable = prov.loc[("Bắc Ninh", "industrial_land_ha")]  # own figures only
    assert (leasable.value_a, leasable.zones_a) == (400.0, 1)  # the fallback is not H1's
    assert (leasable.value_b, leasable.zones_b) == (880.0, 2)
    assert (leasable.change, leasable.zones_both) == (20.0, 1)  # like for like: Quế Võ
    assert leasable.change_pct == pytest.approx(5.0)
    region = compare_periods(_period("2024-H1"), _period("2024-H2"),
                             by="region").set_index(["key", "figure"])
    all_ = region.loc[("Đồng bằng sông Hồng", "leased_land_ha")]
    assert (all_.value_a, all_.value_b, all_.zones_both, all_.zones) == (880.0, 945.0, 3, 5)
    assert all_.change_pct == pytest.approx(100 * 65 / 880)
    vs_current = compare_periods(_period(CURRENT), _period("2024-H2"),
                                 by="zone").set_index(["key", "figure"])
    assert vs_current.loc[("hn-thang-long", "workers")].change == 1000.0
    with pytest.raises(FilterError):
        compare_periods(_period("2024-H1"), _period("2024-H2"),
                        by="district")  # type: ignore[arg-type]


def _import(frame: pd.DataFrame, period: str = "2024-H2") -> None:
    ws.commit_import(plan_import(frame, kind="figures", file_name=f"{period}.xlsx",
                                    sha256="d" * 64, period=period))


def test_structural_figures_fall_back_flow_figures_do_not(store: Path) -> None:
    """A half-year file with leased land or occupancy only: leasable land (structural) comes
    from the current figures, so the period has an occupancy; flow figures stay empty."""
    from geo.accounts.landuse import add_accounts

    _import(pd.DataFrame([{"zone_id": "bn-que-vo", "leased_land_ha": 410.0},
                          {"zone_id": "bn-yen-phong", "occupancy_pct": 70.0}]))
    h2 = io.load_zones(period="2024-H2").set_index("zone_id")
    assert h2.at["bn-que-vo", "industrial_land_ha"] == 420.0
    assert h2.at["bn-yen-phong", "industrial_land_ha"] == 460.0
    assert h2.at["bn-que-vo", "from_current"] == "planned_area_ha,industrial_land_ha"
    for flow in ("occupancy_pct", "used_area_ha", "workers"):
        assert math.isnan(h2.at["bn-que-vo", flow])
    assert math.isnan(h2.at["bn-yen-phong", "leased_land_ha"])  # flow: no fallback
    acc = add_accounts(h2.reset_index()).set_index("zone_id")
    assert acc.at["bn-que-vo", "occupancy_calc_pct"] == pytest.approx(100 * 410 / 420, 0.001)
    assert acc.at["bn-yen-phong", "leased_ha"] == pytest.approx(0.7 * 460)
    assert acc.at["bn-yen-phong", "occupancy_basis"] == "stated_rate"
    assert acc.at["hn-thang-long", "occupancy_basis"] == "missing"  # not in the file


def test_compare_counts_each_periods_own_figures(store: Path) -> None:
    """Imported figures show with their own coverage; fallbacks are not a period's figures."""
    _import(pd.DataFrame([{"zone_id": "hy-pho-noi-a", "leased_land_ha": 420.5}]))
    zone = compare_periods(_period(CURRENT), _period("2024-H2"),
                           by="zone").set_index(["key", "figure"])
    pna = zone.loc[("hy-pho-noi-a", "leased_land_ha")]
    assert math.isnan(pna.value_a) and pna.zones_a == 0  # no current leased land
    assert (pna.value_b, pna.zones_b, pna.zones_both) == (420.5, 1, 0)
    assert math.isnan(pna.change) and math.isnan(pna.change_pct)  # empty, never 0
    qv = zone.loc[("bn-que-vo", "leased_land_ha")]  # only in the current figures
    assert (qv.value_a, qv.zones_a, qv.zones_b) == (400.0, 1, 0)
    assert math.isnan(qv.value_b) and math.isnan(qv.change)
    prov = compare_periods(_period(CURRENT), _period("2024-H2"),
                           by="province").set_index(["key", "figure"])
    bn = prov.loc[("Bắc Ninh", "planned_area_ha")]  # no 2024-H2 figures for Bắc Ninh
    assert (bn.value_a, bn.zones_a, bn.zones_b, bn.zones_both) == (1269.0, 2, 0, 0)
    assert math.isnan(bn.value_b) and math.isnan(bn.change)
    hy = prov.loc[("Hưng Yên", "leased_land_ha")]
    assert (hy.value_b, hy.zones_b, hy.zones) == (420.5, 1, 1)


def test_compare_frames_keep_fallback_provenance(store: Path) -> None:
    """Frames from zones_for_period (what the page passes, after filters) compare the same."""
    _import(pd.DataFrame([{"zone_id": "bn-que-vo", "leased_land_ha": 410.0}]))
    a = io.load_zones()
    b = io.load_zones(period="2024-H2")
    by_frames = compare_periods(a[a["province"] == "Bắc Ninh"], b[b["province"] == "Bắc Ninh"],
                                by="province").set_index(["key", "figure"])
    leasable = by_frames.loc[("Bắc Ninh", "industrial_land_ha")]
    assert (leasable.zones_a, leasable.zones_b) == (2, 0)
    occ = by_frames.loc[("Bắc Ninh", "occupancy_pct")]  # 2024-H2: leased 410 / current 420
    assert (occ.zones_b, occ.zones_both) == (1, 1)
    assert occ.value_b == pytest.approx(100 * 410 / 420)


def _period(name: str) -> pd.DataFrame:
    """The zones with the figures of period ``name`` (compare_periods takes tables, never loads)."""
    return io.load_zones(period=name)
