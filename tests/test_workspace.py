"""The workspace store: atomic writes, the import log, undo, and nothing written on failure."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from import_fixtures import geojson_bytes, square, tree_hashes, use_store
from shapely.geometry import Point

from geo.core.schema import ImportKind
from geo.errors import AtlasError, DataFileError, ImportRefused, ParameterError
from geo.imports.plan import plan_import
from geo.imports.run import import_file, read_bytes
from geo.store import bundled as io
from geo.store import workspace as ws
from geo.store.audit import audit_log
from geo.store.base import State


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def surveyed_que_vo(area: float = 615.5) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame([{"zone_id": None, "name": "Khu cong nghiep Que Vo",
                              "province": "Bac Ninh", "planned_area_ha": area,
                              "geometry": square(106.121, 21.151, 0.006)}], crs="EPSG:4326")


def commit(frame: pd.DataFrame, *, kind: ImportKind = "zones", name: str = "f.geojson",
           period: str | None = None, allow_unmatched: bool = False) -> dict[str, object]:
    plan = plan_import(frame, kind=kind, file_name=name, sha256="0" * 64, period=period)
    return ws.commit_import(plan, allow_unmatched=allow_unmatched)


def test_first_import_copies_bundled_data_and_surveyed_boundary_replaces_footprint(
        store: Path, tmp_path: Path) -> None:
    bundled = tree_hashes(tmp_path / "data")
    before = io.load_zones()
    entry = commit(surveyed_que_vo())
    assert (store / "atlas.gpkg").is_file()
    assert entry["changed"] == 1 and entry["new"] == 0 and entry["snapshot"] == ""
    zones = io.load_zones().set_index("zone_id")
    assert len(zones) == len(before)  # the copy holds every bundled zone
    assert zones.at["bn-que-vo", "planned_area_ha"] == 615.5
    assert zones.at["bn-que-vo", "geometry_quality"] == "surveyed"
    assert zones.at["bn-que-vo", "name"] == "KCN Quế Võ"  # the official name is kept
    assert zones.at["bn-que-vo", "geometry"].equals_exact(square(106.121, 21.151, 0.006), 1e-9)
    assert zones.at["bn-yen-phong", "geometry_quality"] == "approximate"
    assert tree_hashes(tmp_path / "data") == bundled  # bundled data stays read-only
    assert len(io.load_housing_sites()) == 1
    log = ws.import_log()
    assert list(log["file_name"]) == ["f.geojson"] and log["time_utc"].iloc[0].endswith("Z")


def test_data_version_changes_with_import_and_undo(store: Path) -> None:
    v0 = io.data_version()
    commit(surveyed_que_vo())
    v1 = io.data_version()
    assert v1 != v0 and v1[-1][0] == str(store / "atlas.gpkg")
    ws.undo()
    assert io.data_version() != v1


def test_undo_restores_previous_state_byte_for_byte(store: Path) -> None:
    commit(surveyed_que_vo(615.5), name="first.geojson")
    after_first = (store / "atlas.gpkg").read_bytes()
    commit(surveyed_que_vo(700.0), name="second.geojson")
    assert io.load_zones().set_index("zone_id").at["bn-que-vo", "planned_area_ha"] == 700.0
    done = ws.undo()
    assert (done.seq, done.file_name, done.removed_workspace) == (2, "second.geojson", False)
    assert (store / "atlas.gpkg").read_bytes() == after_first
    assert io.load_zones().set_index("zone_id").at["bn-que-vo", "planned_area_ha"] == 615.5
    assert (store / "history" / "undone-0002.gpkg").is_file()  # nothing is lost
    done = ws.undo()
    assert done.file_name == "first.geojson" and done.removed_workspace
    assert not (store / "atlas.gpkg").exists()
    assert io.load_zones().set_index("zone_id").at["bn-que-vo", "planned_area_ha"] == 611.0
    with pytest.raises(AtlasError, match="nothing to undo"):
        ws.undo()


def test_undo_with_nothing_imported_says_so(store: Path) -> None:
    with pytest.raises(AtlasError, match="nothing to undo"):
        ws.undo()
    assert not store.exists()


def test_new_zone_gets_province_slug_id(store: Path) -> None:
    frame = gpd.GeoDataFrame([{"name": "KCN Yên Mỹ II", "province": "Hưng Yên",
                               "planned_area_ha": 314.0, "status": "planned",
                               "geometry": square(106.02, 20.90)}], crs="EPSG:4326")
    plan = plan_import(frame, kind="zones", file_name="new.geojson", sha256="1" * 64)
    assert plan.counts == {"new": 1, "changed": 0, "unchanged": 0, "removed": 0,
                           "unmatched": 0}
    ws.commit_import(plan)
    row = io.load_zones().set_index("zone_id").loc["hy-yen-my-ii"]
    assert row["kind"] == "KCN" and row["geometry_quality"] == "surveyed"
    assert row["source_url"].startswith("import:new.geojson")


def test_empty_cell_never_blanks_a_known_figure(store: Path) -> None:
    frame = pd.DataFrame([{"zone_id": "bn-que-vo", "leased_land_ha": math.nan,
                           "industrial_land_ha": 430.0},
                          {"zone_id": "bn-yen-phong", "leased_land_ha": 310.0,
                           "industrial_land_ha": math.nan}])
    plan = plan_import(gpd.GeoDataFrame(frame, geometry=[None, None], crs="EPSG:4326"),
                          kind="zones", file_name="f.csv", sha256="2" * 64)
    kept = [(f.feature, f.field) for f in plan.report.warnings]
    assert ("bn-que-vo", "leased_land_ha") in kept
    assert ("bn-yen-phong", "industrial_land_ha") in kept
    ws.commit_import(plan)
    zones = io.load_zones().set_index("zone_id")
    assert zones.at["bn-que-vo", "leased_land_ha"] == 400.0
    assert zones.at["bn-que-vo", "industrial_land_ha"] == 430.0
    assert zones.at["bn-yen-phong", "industrial_land_ha"] == 460.0
    assert zones.at["bn-yen-phong", "leased_land_ha"] == 310.0


def test_refused_plans_leave_workspace_unchanged(store: Path) -> None:
    commit(surveyed_que_vo())
    before = tree_hashes(store)
    bad = gpd.GeoDataFrame([{"name": "KCN Lạ", "province": "Bắc Ninh", "kind": "XYZ",
                             "geometry": square(106.4, 21.0)}], crs="EPSG:4326")
    plan = plan_import(bad, kind="zones", file_name="bad.geojson", sha256="3" * 64)
    assert not plan.ok and "XYZ" in plan.report.text()
    with pytest.raises(ImportRefused):
        ws.commit_import(plan)
    stale = plan_import(surveyed_que_vo(650.0), kind="zones", file_name="s.geojson",
                           sha256="4" * 64)
    commit(surveyed_que_vo(640.0))
    middle = tree_hashes(store)
    with pytest.raises(ImportRefused, match="changed since the preview"):
        ws.commit_import(stale)
    assert tree_hashes(store) == middle
    ws.undo()
    assert {k: v for k, v in tree_hashes(store).items() if "history" not in k} == {
        k: v for k, v in before.items() if "history" not in k}


def test_crash_while_writing_leaves_workspace_unchanged(store: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    commit(surveyed_que_vo())
    before = tree_hashes(store)
    plan = plan_import(surveyed_que_vo(999.0), kind="zones", file_name="x.geojson",
                          sha256="5" * 64)
    real = ws._write_gpkg

    def half_write(state: State, path: Path) -> None:
        real(state, path)
        raise OSError("disk full")

    monkeypatch.setattr(ws, "_write_gpkg", half_write)
    # the OS error reaches the user as a DataFileError naming the workspace file
    with pytest.raises(DataFileError, match=r"atlas\.gpkg: cannot write: disk full"):
        ws.commit_import(plan)
    assert tree_hashes(store) == before  # no temp file, no snapshot, same atlas.gpkg


def test_import_file_over_size_limit_is_refused_before_reading(store: Path,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "big.geojson"
    path.write_bytes(geojson_bytes([{"name": "KCN X", "geometry": Point(106, 21)}]) * 50)
    with pytest.raises(ImportRefused, match="over the upload limit"):
        import_file(path, max_bytes=1000)
    assert tree_hashes(store) == {}


def test_housing_sites_import_matches_by_id(store: Path) -> None:
    frame = gpd.GeoDataFrame([{"site_id": "bn-que-vo-dorm", "capacity_persons": 3500.0,
                               "geometry": None}], crs="EPSG:4326")
    plan = plan_import(frame, kind="housing", file_name="h.geojson", sha256="6" * 64)
    assert [d.status for d in plan.diffs] == ["changed"]
    ws.commit_import(plan)
    assert io.load_housing_sites().loc[0, "capacity_persons"] == 3500.0


def test_plan_that_changes_nothing_is_not_written(store: Path) -> None:
    commit(surveyed_que_vo())
    before = tree_hashes(store)
    again = plan_import(surveyed_que_vo(), kind="zones", file_name="f.geojson",
                           sha256="0" * 64)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 1, "removed": 0,
                            "unmatched": 0}
    assert not again.changes_anything
    with pytest.raises(ImportRefused, match="nothing to write"):
        ws.commit_import(again)
    assert tree_hashes(store) == before and len(ws.import_log()) == 1


def test_figures_first_rows_of_a_period_count_as_a_change(store: Path) -> None:
    # Quế Võ's current leased land is 400 ha: the same value for 2024-H2 is "unchanged" in the
    # diff, but storing the period's first row is still a write
    same = pd.DataFrame([{"name": "Que Vo", "province": "Bac Ninh", "leased_land_ha": 400.0}])
    plan = plan_import(same, kind="figures", file_name="h2.csv", sha256="1" * 64,
                          period="2024-H2")
    assert plan.counts["changed"] == 0 and plan.figure_rows == 1 and plan.changes_anything
    ws.commit_import(plan)
    again = plan_import(same, kind="figures", file_name="h2b.csv", sha256="2" * 64,
                           period="2024-H2")
    assert again.figure_rows == 0 and not again.changes_anything
    other = same.assign(leased_land_ha=405.0)
    assert plan_import(other, kind="figures", file_name="h2c.csv", sha256="3" * 64,
                          period="2024-H2").changes_anything


@pytest.mark.parametrize("max_bytes", [0, -1])
def test_size_limit_must_be_positive(store: Path, tmp_path: Path, max_bytes: int) -> None:
    path = tmp_path / "a.geojson"
    path.write_bytes(geojson_bytes([{"name": "KCN X", "geometry": Point(106, 21)}]))
    with pytest.raises(ParameterError, match="must be more than 0"):
        import_file(path, max_bytes=max_bytes)
    with pytest.raises(ParameterError, match="must be more than 0"):
        read_bytes("a.geojson", path.read_bytes(), max_bytes=max_bytes)
    assert tree_hashes(store) == {}


def test_audit_trail_survives_undo(store: Path) -> None:
    """Issue 5 QA: after undoing twice the import log is empty, but the audit trail still lists
    both imports (marked undone) and both undos; atlas.gpkg is still restored byte for byte."""
    commit(surveyed_que_vo(615.5), name="first.geojson")
    after_first = (store / "atlas.gpkg").read_bytes()
    commit(surveyed_que_vo(700.0), name="second.geojson")
    ws.undo()
    assert (store / "atlas.gpkg").read_bytes() == after_first  # the audit file is outside
    ws.undo()
    assert len(ws.import_log()) == 0
    audit = audit_log()
    assert list(audit["action"]) == ["import", "import", "undo", "undo"]
    assert list(audit["seq"]) == [1, 2, 2, 1]
    assert list(audit["file_name"]) == ["first.geojson", "second.geojson", "second.geojson",
                                        "first.geojson"]
    assert list(audit["undone"]) == [True, True, False, False]
    assert set(audit["sha256"]) == {"0" * 64} and list(audit["changed"]) == [1, 1, 1, 1]
    assert all(t.endswith("Z") for t in audit["time_utc"])
    commit(surveyed_que_vo(650.0), name="third.geojson")  # a new number, not a reused one
    audit = audit_log()
    assert audit.iloc[-1]["seq"] == 3 and not audit.iloc[-1]["undone"]
    lines = (store / "history" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["action"] == "import"


def test_audit_trail_seeded_from_an_older_workspace_log(store: Path) -> None:
    commit(surveyed_que_vo(615.5), name="first.geojson")
    (store / "history" / "audit.jsonl").unlink()  # a workspace made before the audit trail
    ws.undo()
    audit = audit_log()
    assert list(audit["action"]) == ["import", "undo"] and list(audit["undone"]) == [True, False]
    assert audit_log(workspace=store / "elsewhere").empty
