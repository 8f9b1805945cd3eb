"""A lot plan replacing a zone's lots (``--replace-lots``, the import page's option): planning
with and without it, the ``removed`` status in the diff, the warning about leased lots, the
lease register refusing it, the CLI and the import page. Commit and undo on both stores:
tests/test_store_backends.py."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.core.findings import Report
from geo.core.i18n import t
from geo.errors import ImportRefused
from geo.exports.lots import write_lots_file
from geo.imports.lots_plan import plan_lots
from geo.imports.plan import plan_import
from geo.imports.run import import_file
from geo.present.imports import diff_summary, diff_table
from geo.store.audit import audit_log
from geo.store.bundled import load_zones
from geo.store.lots import coerce_lots, load_lots
from geo.store.synthetic_lots import synthetic_lots
from geo.store.workspace import import_log, undo

APP = str(Path(__file__).resolve().parent.parent / "app.py")
VN2000 = "EPSG:9209"  # VN-2000 TM-3 105°30′ (Bắc Ninh), metres
X0, Y0 = 560_000.0, 2_340_000.0
ZONE = "bn-que-vo"


def _zones() -> gpd.GeoDataFrame:
    """Two zones of 400 m × 400 m (16 ha) in VN-2000 metres, 600 m apart, as EPSG:4326."""
    return gpd.GeoDataFrame({"zone_id": ["za", "zb"], "name": ["KCN A", "KCN B"],
                             "province": ["Bắc Ninh", "Hưng Yên"],
                             "planned_area_ha": [16.0, 16.0]},
                            geometry=[shapely.box(X0, Y0, X0 + 400, Y0 + 400),
                                      shapely.box(X0 + 1000, Y0, X0 + 1400, Y0 + 400)],
                            crs=VN2000).to_crs("EPSG:4326")


def _stored() -> gpd.GeoDataFrame:
    """Six lots in each zone; za's first lot leased, the others vacant."""
    zones = _zones()
    lots = pd.concat([synthetic_lots(zones[zones["zone_id"] == z], 6, seed=3)
                      for z in ("za", "zb")], ignore_index=True)
    lots["lease_status"] = "vacant"
    lots.loc[0, "lease_status"] = "leased"
    return coerce_lots(lots)  # as stored: object text columns


def _keys(lots: pd.DataFrame) -> set[str]:
    return {f"{z}/{lot}" for z, lot in zip(lots["zone_id"], lots["lot_id"], strict=True)}


def test_without_the_option_lots_not_in_the_file_are_kept() -> None:
    current = _stored()
    revised = current[current["zone_id"] == "za"].iloc[2:]  # za's first two lots left out
    report = Report()
    out, diffs = plan_lots(current, revised, _zones(), source="f", report=report)
    assert report.ok and len(out) == len(current) and _keys(out) == _keys(current)
    assert {d.status for d in diffs} == {"unchanged"} and len(diffs) == len(revised)


def test_with_the_option_the_zones_lots_not_in_the_file_are_removed() -> None:
    current = _stored()
    za = current[current["zone_id"] == "za"]
    revised = za.iloc[2:].copy()
    report = Report()
    out, diffs = plan_lots(current, revised, _zones(), source="f", report=report, replace=True)
    gone = _keys(za.iloc[:2])
    assert _keys(out) == _keys(current) - gone  # zb's lots (not in the file) untouched
    assert_geodataframe_equal(out[out["zone_id"] == "zb"].reset_index(drop=True),
                              current[current["zone_id"] == "zb"].reset_index(drop=True))
    removed = [d for d in diffs if d.status == "removed"]
    assert {d.zone_id for d in removed} == gone
    first = removed[0]
    assert first.name == za["lot_id"].iloc[0]  # the lot id, its use and area, going
    shown = {c.field: (c.old, c.new) for c in first.changes}
    assert shown["use_class"] == (za["use_class"].iloc[0], None)
    assert shown["planned_area_ha"] == (za["planned_area_ha"].iloc[0], None)
    assert first.to_dict()["status"] == "removed"
    # the leased lot is named in a warning (allowed: a warning, not an error)
    warnings = [f for f in report.warnings if f.field == "lease_status"]
    assert report.ok and len(warnings) == 1
    assert f"za/{za['lot_id'].iloc[0]}" in warnings[0].message_en
    assert f"za/{za['lot_id'].iloc[1]}" not in warnings[0].message_en  # vacant: not named
    assert "bị xoá" in warnings[0].message_vi


def test_no_leased_lot_removed_no_warning_and_a_file_of_all_lots_removes_nothing() -> None:
    current = _stored()
    za = current[current["zone_id"] == "za"]
    report = Report()
    _, diffs = plan_lots(current, za.iloc[[0, 2, 3, 4, 5]], _zones(), source="f",
                         report=report, replace=True)
    assert [d.zone_id for d in diffs if d.status == "removed"] == [
        f"za/{za['lot_id'].iloc[1]}"]
    assert not report.warnings
    report = Report()
    out, diffs = plan_lots(current, current, _zones(), source="f", report=report, replace=True)
    assert len(out) == len(current) and not any(d.status == "removed" for d in diffs)


def test_removed_status_in_the_plan_counts_and_tables(tmp_path: Path) -> None:
    zones = load_zones()
    lots = synthetic_lots(zones[zones["zone_id"] == ZONE], 10, seed=2)
    import_file(_write(lots, tmp_path / "plan-1.gpkg"), kind="lots")
    plan = plan_import(lots.iloc[3:], kind="lots", file_name="plan-2.gpkg", sha256="7" * 64,
                       replace_lots=True)
    assert plan.counts == {"new": 0, "changed": 0, "unchanged": 7, "removed": 3,
                           "unmatched": 0}
    assert plan.changes_anything
    assert [d["status"] for d in plan.to_dict()["diffs"]].count("removed") == 3
    vi, en = diff_table(plan, "vi"), diff_table(plan, "en")
    assert (vi["Kết quả"] == "bị xoá").sum() == 3 * 4  # use, area, lease status, geometry
    assert set(en.loc[en["Result"] == "removed", "Name"]) == set(lots["lot_id"].iloc[:3])
    assert "3 bị xoá" in diff_summary(plan, "vi") and "3 removed" in diff_summary(plan, "en")


def test_a_lease_register_refuses_the_option(tmp_path: Path) -> None:
    current = _stored()
    register = pd.DataFrame({"lot_id": [current["lot_id"].iloc[0]], "zone_id": ["za"],
                             "lease_status": ["vacant"]})
    report = Report()
    out, _ = plan_lots(current, register, _zones(), source="f", report=report, replace=True)
    assert not report.ok and "lease register" in report.errors[0].message_en
    assert len(out) == len(current)  # nothing removed
    zones = load_zones()
    lots = synthetic_lots(zones[zones["zone_id"] == ZONE], 5, seed=2)
    import_file(_write(lots, tmp_path / "plan.gpkg"), kind="lots")
    xlsx = tmp_path / "so_cho_thue.xlsx"
    pd.DataFrame({"Số hiệu lô": [lots["lot_id"].iloc[0]], "Mã khu": [ZONE],
                  "Tình trạng": ["Đã cho thuê"]}).to_excel(xlsx, index=False)
    refused = import_file(xlsx, kind="lots", replace_lots=True)
    assert not refused.ok and refused.entry is None
    assert any("never removes lots" in f.message_en for f in refused.report.errors)
    assert len(load_lots()) == 5
    done = import_file(xlsx, kind="lots")  # without the option the register is imported
    assert done.ok and done.entry is not None and len(load_lots()) == 5
    with pytest.raises(ImportRefused, match="lot plan"):
        plan_import(register, kind="zones", file_name="z.xlsx", sha256="0" * 64,
                    replace_lots=True)


def _write(lots: gpd.GeoDataFrame, path: Path) -> Path:
    write_lots_file(lots, path)
    return path


def test_cli_replace_lots_json_text_log_and_undo(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    zones = load_zones()
    lots = synthetic_lots(zones[zones["zone_id"] == ZONE], 12, seed=4)
    lots["lease_status"] = "vacant"
    lots.loc[1, "lease_status"] = "leased"
    first = _write(lots, tmp_path / "plan-1.gpkg")
    assert main(["import", str(first), "--layer", "lots"]) == 0
    before = load_lots()
    second = _write(lots.iloc[2:], tmp_path / "plan-2.gpkg")
    capsys.readouterr()
    assert main(["import", str(second), "--layer", "lots", "--dry-run"]) == 0
    assert "0 removed" in capsys.readouterr().out  # off by default
    assert main(["import", str(second), "--layer", "lots", "--replace-lots", "--dry-run",
                 "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["diff"]["counts"]["removed"] == 2
    removed = [d for d in payload["diff"]["diffs"] if d["status"] == "removed"]
    assert {d["name"] for d in removed} == set(lots["lot_id"].iloc[:2])
    assert {c["field"] for c in removed[0]["changes"]} >= {"use_class", "planned_area_ha"}
    leased = f"{ZONE}/{lots['lot_id'].iloc[1]}"
    assert any(leased in f["message_en"] for f in payload["report"]["findings"])
    assert len(load_lots()) == 12  # a dry run writes nothing
    assert main(["import", str(second), "--layer", "lots", "--replace-lots"]) == 0
    out = capsys.readouterr().out
    assert "10 unchanged, 2 removed, 0 unmatched" in out
    assert f"  removed {ZONE}/{lots['lot_id'].iloc[0]} ({lots['lot_id'].iloc[0]})" in out
    assert len(load_lots()) == 10 and int(import_log()["removed"].iloc[-1]) == 2
    assert main(["log"]) == 0
    assert "0/0/10/2/0" in capsys.readouterr().out  # new/changed/unchanged/removed/unmatched
    undo()
    assert_geodataframe_equal(load_lots(), before)
    assert list(audit_log()["removed"]) == [0, 2, 2]
    assert main(["import", str(second), "--layer", "zones", "--replace-lots"]) == 2
    assert "--replace-lots is for --layer lots" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "--replace-lots" in capsys.readouterr().out


def test_import_page_offers_the_option_for_lots(tmp_path: Path) -> None:
    zones = load_zones()
    lots = synthetic_lots(zones[zones["zone_id"] == ZONE], 8, seed=6)
    import_file(_write(lots, tmp_path / "plan-1.gpkg"), kind="lots")
    revised = _write(lots.iloc[3:], tmp_path / "plan-2.gpkg").read_bytes()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/importer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [c for c in at.checkbox if c.key == "ws_replace_lots"]  # zones: not offered
    at.radio(key="ws_kind").set_value("lots").run()
    box = at.checkbox(key="ws_replace_lots")
    assert box.label == t("ws_replace_lots") and box.value is False
    at.file_uploader[0].upload("plan-2.gpkg", revised, "application/geopackage+sqlite3")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    heads = [h.value for h in at.subheader]
    assert any("0 bị xoá" in h for h in heads), heads
    at.checkbox(key="ws_replace_lots").check().run()
    assert not at.exception, [e.value for e in at.exception]
    heads = [h.value for h in at.subheader]
    assert any("5 không đổi, 3 bị xoá" in h for h in heads), heads
    statuses = next(d.value for d in at.dataframe if "Kết quả" in d.value.columns)["Kết quả"]
    assert (statuses == "bị xoá").sum() == 3 * 4
    at.button(key="ws_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _keys(load_lots()) == _keys(lots.iloc[3:])


def test_an_audit_trail_written_before_removed_counts_reads_zero(tmp_path: Path,
                                                                 private_workspace: Path) -> None:
    zones = load_zones()
    import_file(_write(synthetic_lots(zones[zones["zone_id"] == ZONE], 4, seed=1),
                       tmp_path / "plan.gpkg"), kind="lots")
    trail = private_workspace / "history" / "audit.jsonl"
    lines = [json.loads(line) for line in trail.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["removed"] == 0
    trail.write_text("".join(json.dumps({k: v for k, v in rec.items() if k != "removed"}) + "\n"
                             for rec in lines), encoding="utf-8")
    audit = audit_log()
    assert list(audit["removed"]) == [0] and list(audit["new"]) == [4]
