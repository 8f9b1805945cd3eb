"""The lot register (issue 14): schema words, accounts from lots, checks, synthetic plans,
import → preview → commit → undo, the lease register, the CLI and the vacant-land page."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from geo.accounts.landuse import add_accounts, summarize
from geo.accounts.lots import (
    lot_accounts,
    lot_area_ha,
    structure_checks,
    vacant_industrial_land,
    zone_lot_summary,
)
from geo.cli import main
from geo.core.findings import Report
from geo.core.lots_schema import SYNTHETIC_SOURCE, lease_status_from_text, use_class_from_label
from geo.exports.lots import export_lots, write_lots_file
from geo.imports.lots import check_lots
from geo.imports.run import import_file
from geo.store.audit import audit_log
from geo.store.bundled import load_zones
from geo.store.lots import load_lots
from geo.store.synthetic_lots import synthetic_lots, synthetic_name
from geo.store.workspace import undo

APP = str(Path(__file__).resolve().parent.parent / "app.py")
VN2000 = "EPSG:9209"  # VN-2000 TM-3 105°30′ (Bắc Ninh), metres
X0, Y0 = 560_000.0, 2_340_000.0
ZONE = "bn-que-vo"


def _square(x: float, y: float, side: float) -> shapely.Polygon:
    return shapely.box(X0 + x, Y0 + y, X0 + x + side, Y0 + y + side)


def _zones() -> gpd.GeoDataFrame:
    """Two tiny zones in VN-2000 metres: A (400 m × 400 m = 16 ha) and B beside it."""
    return gpd.GeoDataFrame({"zone_id": ["za", "zb"], "name": ["KCN A", "KCN B"],
                             "province": ["Bắc Ninh", "Hưng Yên"],
                             "planned_area_ha": [16.0, 16.0]},
                            geometry=[_square(0, 0, 400), _square(1000, 0, 400)],
                            crs=VN2000).to_crs("EPSG:4326")


LOTS = [  # (lot, zone, use, area ha, status)
    ("A1", "za", "industrial", 6.0, "leased"), ("A2", "za", "industrial", 2.0, "vacant"),
    ("A3", "za", "warehouse_logistics", 1.0, "reserved"),
    ("A4", "za", "industrial", 1.0, "not_leasable"), ("A5", "za", "service", 0.5, None),
    ("A6", "za", "green_water", 1.2, None), ("A7", "za", "roads_parking", 1.0, None),
    ("A8", "za", "technical_infrastructure", 0.1, None),
    ("A9", "za", "worker_housing", 0.2, None),
    ("B1", "zb", "industrial", 3.0, "leased"), ("B2", "zb", "green_water", 1.0, None),
]


def _lots() -> pd.DataFrame:
    return pd.DataFrame([{"lot_id": a, "zone_id": z, "use_class": u, "planned_area_ha": ha,
                          "lease_status": s or "not_leasable"} for a, z, u, ha, s in LOTS])


# --- vocabulary ------------------------------------------------------------------------------
@pytest.mark.parametrize(("label", "cls"), [
    ("Đất xây dựng nhà máy, kho tàng", "industrial"), ("DAT XAY DUNG NHA MAY, KHO TANG",
                                                      "industrial"),
    ("Đất kho bãi/logistics", "warehouse_logistics"), ("Đất cây xanh", "green_water"),
    ("mặt nước", "green_water"), ("Đất giao thông", "roads_parking"),
    ("bãi đỗ xe", "roads_parking"), ("Đất hạ tầng kỹ thuật", "technical_infrastructure"),
    ("Đất dịch vụ", "service"), ("Đất nhà ở công nhân / lưu trú", "worker_housing"),
    ("SYNTHETIC_DAT_CAY_XANH_MAT_NUOC", "green_water"), ("HTKT", "technical_infrastructure"),
    ("Đất quốc phòng ???", None)])
def test_legend_names_map_to_use_classes(label: str, cls: str | None) -> None:
    assert use_class_from_label(label) == cls


def test_lease_words() -> None:
    assert [lease_status_from_text(w) for w in ("Đã cho thuê", "còn trống", "Không cho thuê",
                                                "Giữ chỗ", "?")] == \
        ["leased", "vacant", "not_leasable", "reserved", None]


# --- accounts ---------------------------------------------------------------------------------
def test_accounts_from_lots_match_a_hand_computation() -> None:
    acc = lot_accounts(_lots()).set_index("zone_id")
    a = [r for r in LOTS if r[1] == "za"]
    total = sum(r[3] for r in a)
    leasable = sum(r[3] for r in a if r[2] in ("industrial", "warehouse_logistics")
                   and r[4] != "not_leasable")
    leased = sum(r[3] for r in a if r[4] == "leased")
    assert acc.at["za", "lots"] == len(a)
    assert acc.at["za", "total_ha"] == pytest.approx(total)
    assert acc.at["za", "leasable_ha"] == pytest.approx(leasable)  # 9 ha, not the 1 ha lot
    assert acc.at["za", "leased_ha"] == pytest.approx(leased)
    assert acc.at["za", "vacant_ha"] == pytest.approx(2.0)
    assert acc.at["za", "occupancy_pct"] == pytest.approx(round(100 * leased / leasable, 2))
    assert acc.at["zb", "occupancy_pct"] == pytest.approx(100.0)
    summary = zone_lot_summary(_lots(), "za")
    assert summary["share_by_use"]["green_water"] == pytest.approx(round(100 * 1.2 / total, 2))
    assert summary["occupancy_basis"] == "lots"


def test_accounts_of_many_zones_match_a_plain_groupby() -> None:
    """Synthetic lots over every bundled zone (some without a zone, a use, a status or an
    area): each zone's figures equal a plain pandas groupby of the same lots."""
    import numpy as np

    lots = synthetic_lots(load_zones(), 5000, seed=7)
    rng = np.random.default_rng(7)
    pick = rng.choice(len(lots), 800, replace=False)
    lots.loc[pick[:200], "zone_id"] = None
    lots.loc[pick[200:400], "use_class"] = None
    lots.loc[pick[400:600], "lease_status"] = None
    lots.loc[pick[600:], "planned_area_ha"] = float("nan")  # the geodesic area is used
    acc = lot_accounts(lots).set_index("zone_id")
    frame = lots[lots["zone_id"].notna()].assign(area=lot_area_ha(lots))
    leasable = frame["use_class"].isin(["industrial", "warehouse_logistics"]) & (
        frame["lease_status"] != "not_leasable")
    by_zone = frame.groupby("zone_id")
    assert list(acc.index) == sorted(by_zone.groups)
    assert (acc["lots"] == by_zone.size()).all()
    assert np.allclose(acc["total_ha"], by_zone["area"].sum(), rtol=1e-12)
    assert np.allclose(acc["leasable_ha"], frame[leasable].groupby("zone_id")["area"].sum()
                       .reindex(acc.index, fill_value=0.0), rtol=1e-12)
    leased = frame[leasable & (frame["lease_status"] == "leased")]
    assert np.allclose(acc["leased_ha"], leased.groupby("zone_id")["area"].sum()
                       .reindex(acc.index, fill_value=0.0), rtol=1e-12)
    by_use = frame.pivot_table(index="zone_id", columns="use_class", values="area",
                               aggfunc="sum", fill_value=0.0)
    assert np.allclose(acc["area_industrial_ha"], by_use["industrial"].reindex(acc.index),
                       rtol=1e-12)


def test_lots_without_any_area_give_an_empty_figure_not_zero() -> None:
    lots = pd.DataFrame({"lot_id": ["R1", "I1", "I2"], "zone_id": ["za"] * 3,
                         "use_class": ["roads_parking", "industrial", "industrial"],
                         "planned_area_ha": [2.0, None, None],
                         "lease_status": ["not_leasable", "leased", "vacant"]})
    row = lot_accounts(lots).set_index("zone_id").loc["za"]
    assert row["total_ha"] == 2.0 and row["area_roads_parking_ha"] == 2.0
    assert math.isnan(row["leasable_ha"]) and math.isnan(row["leased_ha"])
    assert math.isnan(row["vacant_ha"]) and math.isnan(row["occupancy_pct"])
    assert row["reserved_ha"] == 0.0  # no reserved lot at all: none, a figure


def test_structure_checks_pass_fail_and_not_enough_data() -> None:
    row = lot_accounts(_lots()).set_index("zone_id").loc["za"].to_dict()
    checks = {c["rule"].split()[0]: c for c in structure_checks(row)}
    assert checks["service"]["status"] == "pass"  # (0.5 + 0.2) / 13 = 5.4 % ≤ 10 %
    assert checks["service"]["value"] == pytest.approx(round(100 * 0.7 / 13.0, 2))
    assert "Decree 35/2022" in checks["service"]["basis"]
    assert checks["green"]["status"] == "fail"  # 1.2 / 13 = 9.2 % < 10 %
    assert "QCVN 01:2021" in checks["green"]["basis"]
    assert checks["roads"]["status"] == "fail" and checks["technical"]["status"] == "fail"
    assert checks["worker-housing"]["status"] == "pass"
    partial = structure_checks(row, zone_area_ha=100.0)  # 13 ha of lots in a 100 ha zone
    assert {c["status"] for c in partial[:4]} == {"not_enough_data"}
    assert all(c["value"] is None for c in partial[:4])


def test_add_accounts_takes_occupancy_from_lots_where_a_zone_has_them() -> None:
    zones = load_zones()
    lots = _lots().assign(zone_id=lambda f: f["zone_id"].map({"za": ZONE, "zb": "bn-gia-binh"}))
    out = add_accounts(zones, lots=lots).set_index("zone_id")
    assert out.at[ZONE, "occupancy_basis"] == "lots"
    assert out.at[ZONE, "occupancy_calc_pct"] == pytest.approx(round(600 / 9, 2))
    plain = add_accounts(zones).set_index("zone_id")
    other = "bn-yen-phong" if "bn-yen-phong" in plain.index else plain.index[-1]
    assert out.at[other, "occupancy_basis"] == plain.at[other, "occupancy_basis"]
    summary = summarize(zones, by="province", lots=lots)
    assert any("from their lots" in n for n in summary.notes)


def test_vacant_land_filters_by_province_and_size() -> None:
    lots = _lots()
    zones = _zones()
    assert vacant_industrial_land(lots, zones=zones)["lot_id"].tolist() == ["A2"]
    assert vacant_industrial_land(lots, zones=zones, min_area_ha=2.5).empty
    assert vacant_industrial_land(lots, zones=zones, provinces=["Hưng Yên"]).empty


# --- checks of a plan -------------------------------------------------------------------------
def test_checks_outside_overlap_and_area() -> None:
    lots = gpd.GeoDataFrame(
        {"lot_id": ["L1", "L2", "L3", "L4"], "zone_id": [None] * 4,
         "planned_area_ha": [1.0, 1.0, 1.0, 2.0]},
        geometry=[_square(0, 0, 100), _square(50, 0, 100), _square(5000, 0, 100),
                  _square(200, 200, 100)], crs=VN2000).to_crs("EPSG:4326")
    report = Report(source="plan.gpkg")
    out = check_lots(lots, _zones(), report)
    assert out["zone_id"].tolist()[:2] == ["za", "za"]
    errors = {(f.feature, f.field) for f in report.errors}
    assert ("L3", "geometry") in errors  # outside every zone
    assert ("L1", "geometry") in errors  # overlaps L2 by 50 m × 100 m
    warned = [f for f in report.warnings if f.field == "planned_area_ha"]
    assert [f.feature for f in warned] == ["L4"] and "5 %" in warned[0].message_en


def _brute_force_overlaps(lots: gpd.GeoDataFrame) -> set[tuple[int, int]]:
    """Every pair's exact overlap against the tolerances: the rule of check_overlaps, O(n²)."""
    from geo.imports.lots import OVERLAP_TOLERANCE_M2, OVERLAP_TOLERANCE_SHARE

    metric = lots.to_crs(VN2000).geometry.to_numpy()
    out = set()
    for i in range(len(metric)):
        for j in range(i + 1, len(metric)):
            m2 = metric[i].intersection(metric[j]).area
            smaller = min(metric[i].area, metric[j].area)
            if m2 > OVERLAP_TOLERANCE_M2 and m2 > OVERLAP_TOLERANCE_SHARE * smaller:
                out.add((i, j))
    return out


def test_overlap_check_finds_what_every_pair_test_finds() -> None:
    """The shrink-and-query candidate search misses no overlap an all-pairs test reports, and
    reports no pair of neighbours that only share an edge (a plan's usual case)."""
    import numpy as np

    from geo.imports.lots import check_overlaps

    rng = np.random.default_rng(14)
    grid = [_square(100 * i, 100 * j, 100) for i in range(6) for j in range(6)]  # touching
    rotated = [shapely.affinity.rotate(_square(x, y, w), a, origin="centroid") for x, y, w, a in
               zip(rng.uniform(0, 600, 30), rng.uniform(0, 600, 30), rng.uniform(20, 150, 30),
                   rng.uniform(0, 90, 30), strict=True)]
    sliver = [shapely.box(X0 + 800, Y0, X0 + 1800, Y0 + 30),  # 1 km long, 20 cm wide overlap
              shapely.box(X0 + 800, Y0 + 29.8, X0 + 1800, Y0 + 60)]
    inside = [_square(2000, 0, 300), _square(2100, 100, 50), _square(2000, 0, 300)]
    geoms = grid + rotated + sliver + inside
    lots = gpd.GeoDataFrame({"lot_id": [f"L{i}" for i in range(len(geoms))]},
                            geometry=geoms, crs=VN2000).to_crs("EPSG:4326")
    expected = _brute_force_overlaps(lots)
    report = Report()
    count = check_overlaps(lots, report)
    found = {tuple(sorted((int(f.feature[1:]), int(f.value.split(":")[0][1:]))))
             for f in report.errors}
    assert found == expected and count == len(expected)
    assert {(66, 67), (68, 69), (68, 70), (69, 70)} <= expected  # sliver, inside, duplicate
    assert not any(i < 36 and j < 36 for i, j in expected)  # the grid only touches


# --- synthetic plans --------------------------------------------------------------------------
def test_synthetic_lots_lie_in_the_zone_and_say_so() -> None:
    zones = _zones()
    lots = synthetic_lots(zones, 40, seed=3)
    assert 30 <= len(lots) <= 40 and set(lots["zone_id"]) == {"za", "zb"}
    assert (lots["source"] == SYNTHETIC_SOURCE).all()
    assert lots.crs.to_epsg() == 4326
    union = zones.union_all().buffer(1e-7)
    assert lots.geometry.within(union).all()
    assert lots["lot_id"].is_unique
    again = synthetic_lots(zones, 40, seed=3)
    assert again["use_class"].tolist() == lots["use_class"].tolist()
    assert synthetic_name("lots.gpkg") == "lots-synthetic.gpkg"
    assert synthetic_name("lo_mau.dxf") == "lo_mau.dxf"
    assert synthetic_name("plan.shp.zip") == "plan-synthetic.shp.zip"


def test_export_neutralises_formula_cells() -> None:
    lots = synthetic_lots(_zones(), 4, seed=1)
    lots.loc[0, "tenant"] = "=HYPERLINK(\"http://x\")"
    lots.loc[1, "tenant"] = "@SUM(A1)"
    text = export_lots(lots, fmt="csv").decode("utf-8-sig")
    assert "\"'=HYPERLINK" in text and ",'@SUM(A1)," in text
    assert ",=HYPERLINK" not in text and "\"=HYPERLINK" not in text
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export_lots(lots, fmt="xlsx")))["lots"]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'@SUM(A1)" in cells and not any(c.startswith(("=", "@")) for c in cells)


# --- import, preview, commit, undo ------------------------------------------------------------
def _sample(tmp_path: Path, n: int = 30, name: str = "lots-synthetic.gpkg") -> Path:
    zones = load_zones()
    lots = synthetic_lots(zones[zones["zone_id"] == ZONE], n, seed=7)
    path = tmp_path / name
    write_lots_file(lots, path)
    return path


def test_import_preview_commit_undo_of_lots(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    preview = import_file(path, kind="lots", dry_run=True)
    assert preview.ok and preview.entry is None and preview.plan is not None
    assert preview.plan.counts["new"] == 30
    assert load_lots().empty  # nothing written by a preview
    done = import_file(path, kind="lots")
    assert done.entry is not None and done.entry["kind"] == "lots"
    stored = load_lots()
    assert len(stored) == 30 and (stored["source"] == SYNTHETIC_SOURCE).all()
    again = import_file(path, kind="lots", dry_run=True)
    assert again.plan is not None and again.plan.counts["unchanged"] == 30
    assert load_zones()["zone_id"].eq(ZONE).any()  # zones are kept beside the lots
    undo()
    assert load_lots().empty
    assert audit_log()["action"].tolist() == ["import", "undo"]


def test_lease_register_xlsx_updates_lease_fields(tmp_path: Path) -> None:
    import_file(_sample(tmp_path), kind="lots")
    stored = load_lots()
    first, second = stored["lot_id"].iloc[0], stored["lot_id"].iloc[1]
    register = pd.DataFrame({"Số hiệu lô": [first, second], "Mã khu": [ZONE, ZONE],
                             "Tình trạng": ["Đã cho thuê", "Còn trống"],
                             "Nhà đầu tư": ["Công ty TNHH Ví Dụ", None],
                             "Loại nhà đầu tư": ["FDI", None]})
    xlsx = tmp_path / "so_cho_thue.xlsx"
    register.to_excel(xlsx, index=False)
    outcome = import_file(xlsx, kind="lots")
    assert outcome.ok and outcome.entry is not None, outcome.report.text()
    after = load_lots().set_index("lot_id")
    assert after.at[first, "lease_status"] == "leased"
    assert after.at[first, "tenant"] == "Công ty TNHH Ví Dụ"
    assert after.at[second, "lease_status"] == "vacant"
    assert len(after) == len(stored)  # geometry and use classes untouched
    assert after.geometry.notna().all()
    bad = tmp_path / "so_sai.xlsx"
    pd.DataFrame({"Số hiệu lô": ["KHONG-CO"], "Tình trạng": ["Còn trống"]}).to_excel(
        bad, index=False)
    refused = import_file(bad, kind="lots", dry_run=True)
    assert not refused.ok
    assert any(f.value == "KHONG-CO" and f.field == "lot_id" for f in refused.report.errors)


def test_dxf_plan_layers_name_use_classes(tmp_path: Path) -> None:
    path = _sample(tmp_path, n=12, name="plan_mau.dxf")
    outcome = import_file(path, kind="lots", province="Bắc Ninh", dry_run=True)
    assert outcome.ok, outcome.report.text()
    assert outcome.plan is not None and outcome.plan.counts["new"] == 12
    lots = outcome.plan.state.lots
    assert lots is not None and set(lots["zone_id"]) == {ZONE}
    assert (lots["source"] == SYNTHETIC_SOURCE).all()
    assert lots["use_class"].isin(["industrial", "warehouse_logistics", "service",
                                   "green_water", "roads_parking", "technical_infrastructure",
                                   "worker_housing"]).all()


# --- command line -----------------------------------------------------------------------------
def test_cli_lots_json_and_bad_args(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.geojson"
    assert main(["sample-lots", "--zone", ZONE, "-o", str(out), "--lots", "25"]) == 0
    written = tmp_path / "plan-synthetic.geojson"
    assert written.is_file() and not out.exists()
    features = json.loads(written.read_text(encoding="utf-8"))["features"]
    assert all(f["properties"]["source"] == SYNTHETIC_SOURCE for f in features)
    assert main(["import", str(written), "--layer", "lots"]) == 0
    capsys.readouterr()
    assert main(["lots", "--zone", ZONE, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) >= {"zone_id", "lots", "area_ha_by_use", "share_by_use", "leasable_ha",
                            "leased_ha", "vacant_ha", "occupancy_pct", "checks"}
    assert payload["lots"] == len(features)
    assert {tuple(c) for c in payload["checks"]} and all(
        set(c) == {"rule", "basis", "value", "threshold", "status"} for c in payload["checks"])
    assert math.isclose(payload["leasable_ha"], payload["leased_ha"] + payload["vacant_ha"]
                        + sum(f["properties"]["planned_area_ha"] for f in features
                              if f["properties"]["lease_status"] == "reserved"), rel_tol=1e-6)
    assert main(["summary", "--format", "json"]) == 0
    assert "from their lots" in capsys.readouterr().out
    assert main(["lots", "--zone", "khong-co"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "khong-co" in err
    assert main(["sample-lots", "--zone", ZONE, "-o", str(tmp_path / "x.txt")]) == 2


# --- the app ----------------------------------------------------------------------------------
def test_vacant_land_page(tmp_path: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/lots.py").run()
    assert not at.exception
    assert any("python -m geo sample-lots" in i.value for i in at.info)  # no lots yet
    import_file(_sample(tmp_path, n=60), kind="lots")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/lots.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning  # says the lots are synthetic
    table = at.dataframe[0].value
    expected = vacant_industrial_land(load_lots())
    assert len(table) == len(expected) > 0
    at.number_input(key="lots_min_area").set_value(1000.0).run()
    assert len(at.dataframe[0].value) == 0


def test_zone_card_lists_lots_and_export_offers_them(tmp_path: Path) -> None:
    import_file(_sample(tmp_path, n=20), kind="lots")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["zone"] = ZONE
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    frames = [d.value for d in at.dataframe if "Chức năng" in d.value.columns]
    assert len(frames) == 1 and len(frames[0]) >= 3  # lots by use (rows) and lease status
    assert any("tính từ lô đất" in c.value for c in at.caption)
    at.switch_page("app_pages/export.py").run()
    assert not at.exception
    assert any(b.key == "ex_lots" for b in at.get("download_button"))
