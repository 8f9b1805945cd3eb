"""The Store interface on both backends (issue 12): the same suite runs on the GeoPackage
workspace and on a real PostGIS database (tests/pg.py starts a private server).

Covers: loading, import → audit → undo, figures by period, stale commits (optimistic
concurrency), two editors committing at once, roles per province (refused, nothing written),
a writer killed with SIGKILL in the middle of a commit; imported indicator figures (a board's
XLSX: read back through the app's loader and the CLI, undo, audit, roles, stale commits) and
the PostGIS migration of a database made at schema version 1; a lot plan replacing its zones'
lots (removed lots: roles, audit counts, undo restoring them exactly).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from import_fixtures import square, store_on, use_store

from geo.errors import AccessDenied, AtlasError, StaleVersion
from geo.imports.plan import plan_import
from geo.imports.run import import_file
from geo.settings import INDICATORS_FILE
from geo.store.base import Store
from geo.store.factory import bundled_state, get_store, load_indicators
from geo.store.gpkg import GpkgStore
from geo.store.users import User, new_user

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["gpkg", "postgis"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Store:
    """A store holding the tiny bundled data of import_fixtures, on each backend."""
    return store_on(request.param, request, monkeypatch, tmp_path)  # type: ignore[no-any-return]


def zones_frame(*rows: tuple[str, str, float, Any]) -> gpd.GeoDataFrame:
    """An import frame: (name, province, planned area ha, geometry) per row, EPSG:4326."""
    return gpd.GeoDataFrame([{"zone_id": None, "name": n, "province": p, "planned_area_ha": a,
                              "geometry": g} for n, p, a, g in rows], crs="EPSG:4326")


QUE_VO = ("Khu cong nghiep Que Vo", "Bac Ninh", 615.5, square(106.121, 21.151, 0.006))
DINH_VU = ("Khu kinh tế Đình Vũ - Cát Hải", "Hải Phòng", 22600.0, square(106.78, 20.83, 0.05))


def plan(store: Store, *rows: tuple[str, str, float, Any], name: str = "f.geojson") -> Any:
    return plan_import(zones_frame(*rows), kind="zones", file_name=name, sha256="0" * 64,
                       store=store)


def area(store: Store, zone_id: str) -> float:
    return float(store.load_zones().set_index("zone_id").at[zone_id, "planned_area_ha"])


def imports(store: Store) -> pd.DataFrame:
    audit = store.audit_log()
    return audit[audit["action"] == "import"] if len(audit) else audit


def test_get_store_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    assert get_store().name == "gpkg"
    monkeypatch.setenv("KCN_ATLAS_DB", "postgresql://u@/atlas?host=/tmp")
    assert get_store().name == "postgis" and "password" not in get_store().describe()
    monkeypatch.setenv("KCN_ATLAS_DB", "mysql://x")
    with pytest.raises(AtlasError, match="postgresql://"):
        get_store()


def test_load_state_is_the_bundled_data(backend: Store) -> None:
    state = backend.load_state()
    ref = bundled_state().zones.set_index("zone_id")
    zones = state.zones.set_index("zone_id")
    assert list(zones.index) == list(ref.index) and state.zones.crs.to_epsg() == 4326
    assert zones["planned_area_ha"].equals(ref["planned_area_ha"])
    assert zones.geometry.geom_equals_exact(ref.geometry, 1e-9).sum() == ref.geometry.notna().sum()
    assert zones.at["hn-thang-long", "geometry"] is None  # no location stays empty
    assert len(state.housing) == 1 and not len(state.log) and backend.periods() == []


def test_import_audit_undo(backend: Store) -> None:
    v0 = backend.version()
    entry = backend.commit(plan(backend, QUE_VO), note="QĐ 123")
    assert entry["changed"] == 1 and backend.version() != v0
    assert area(backend, "bn-que-vo") == 615.5
    assert list(backend.import_log()["seq"]) == [entry["seq"]]
    done = backend.undo()
    assert done.seq == entry["seq"] and area(backend, "bn-que-vo") == 611.0
    audit = backend.audit_log()
    rows = audit[audit["action"].isin(["import", "undo"])]
    assert list(rows["action"]) == ["import", "undo"] and bool(rows["undone"].iloc[0])
    assert set(rows["user"]) == {"(open)"} and not len(backend.import_log())
    with pytest.raises(AtlasError, match="nothing to undo"):
        backend.undo()


def test_figures_by_period(backend: Store) -> None:
    frame = pd.DataFrame([{"zone_id": "bn-que-vo", "leased_land_ha": 410.0},
                          {"zone_id": "hy-pho-noi-a", "used_area_ha": 520.0}])
    p = plan_import(frame, kind="figures", file_name="h2.xlsx", sha256="1" * 64,
                    period="2024-H2", store=backend)
    backend.commit(p)
    assert backend.periods() == ["2024-H2"]
    zones = backend.load_zones(period="2024-H2").set_index("zone_id")
    assert zones.at["bn-que-vo", "leased_land_ha"] == 410.0
    assert len(backend.load_zone_figures()) == 2


def test_stale_commit_is_refused_never_lost(backend: Store) -> None:
    first = plan(backend, QUE_VO)
    second = plan(backend, ("Khu cong nghiep Que Vo", "Bac Ninh", 650.0,
                            square(106.121, 21.151, 0.006)))
    backend.commit(first)
    version = backend.version()
    with pytest.raises(StaleVersion, match="preview"):
        backend.commit(second)
    assert backend.version() == version and area(backend, "bn-que-vo") == 615.5
    assert len(imports(backend)) == 1


def test_two_editors_commit_at_once(backend: Store) -> None:
    """Two plans made on the same version, committed from two threads at the same moment:
    exactly one is written, the other refused as stale (no lost update)."""
    plans = [plan(backend, QUE_VO), plan(backend, DINH_VU)]
    results: list[Any] = [None, None]
    start = threading.Barrier(2)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = backend.commit(plans[i])
        except Exception as exc:  # any error but StaleVersion fails the asserts below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = 0 if isinstance(results[1], StaleVersion) else 1
    assert isinstance(results[1 - won], StaleVersion), results
    assert isinstance(results[won], dict), results  # the winner's commit entry, no error
    assert len(imports(backend)) == 1 and len(backend.import_log()) == 1
    assert (area(backend, "bn-que-vo") == 615.5) == (won == 0)
    assert (area(backend, "hp-dinh-vu-cat-hai") == 22600.0) == (won == 1)


@pytest.fixture
def users(backend: Store) -> dict[str, User]:
    out = {}
    for name, role, provinces in (("admin", "admin", []), ("bn", "editor", ["Bắc Ninh"]),
                                  ("hp", "editor", ["hai-phong"]), ("view", "viewer", [])):
        backend.add_user(new_user(name, role=role, provinces=provinces, password=f"pw-{name}"))
        out[name] = backend.authenticate(name, f"pw-{name}")
    return out


def test_roles_per_province(backend: Store, users: dict[str, User]) -> None:
    v0 = backend.version()
    with pytest.raises(AccessDenied, match="Hải Phòng"):
        backend.commit(plan(backend, DINH_VU), user=users["bn"])
    with pytest.raises(AccessDenied, match="Hải Phòng"):  # a file mixing provinces
        backend.commit(plan(backend, QUE_VO, DINH_VU), user=users["bn"])
    with pytest.raises(AccessDenied, match="viewer"):
        backend.commit(plan(backend, QUE_VO), user=users["view"])
    with pytest.raises(AccessDenied, match="sign in"):
        backend.commit(plan(backend, QUE_VO))
    assert backend.version() == v0 and not len(imports(backend))  # nothing written
    assert area(backend, "hp-dinh-vu-cat-hai") == 22540.0
    backend.commit(plan(backend, QUE_VO), user=users["bn"])
    with pytest.raises(AccessDenied):  # Hải Phòng's editor cannot undo Bắc Ninh's import
        backend.undo(user=users["hp"])
    backend.commit(plan(backend, DINH_VU), user=users["admin"])
    assert list(imports(backend)["user"]) == ["bn", "admin"]
    backend.undo(user=users["admin"])
    backend.undo(user=users["bn"])
    assert area(backend, "bn-que-vo") == 611.0
    audit = backend.audit_log()
    assert list(audit.loc[audit["action"] == "undo", "user"]) == ["admin", "bn"]


def test_authentication(backend: Store, users: dict[str, User]) -> None:
    assert users["hp"].provinces == ("Hải Phòng",)
    with pytest.raises(AccessDenied, match="wrong password"):
        backend.authenticate("bn", "nope")
    assert all("pw-" not in u.password_hash for u in backend.list_users())
    assert backend.remove_user("view") and not backend.remove_user("view")


KILLED_CHILD = """
import sys, time
import geopandas as gpd
from shapely.geometry import box
from geo.imports.plan import plan_import
from geo.store import audit, postgis
from geo.store.factory import get_store

store = get_store()
frame = gpd.GeoDataFrame([{"zone_id": None, "name": "Khu cong nghiep Que Vo",
                           "province": "Bac Ninh", "planned_area_ha": 700.0,
                           "geometry": box(106.115, 21.145, 106.127, 21.157)}], crs="EPSG:4326")
plan = plan_import(frame, kind="zones", file_name="killed.geojson", sha256="9" * 64,
                   store=store)
module = postgis if store.name == "postgis" else audit
name = "_audit" if store.name == "postgis" else "append"
original = getattr(module, name)

def paused(*args, **kwargs):
    out = original(*args, **kwargs)  # the layer and the (pending) audit record are written
    open(sys.argv[1], "w").close()
    time.sleep(120)
    return out

setattr(module, name, paused)
store.commit(plan)
"""


def test_kill_during_commit_leaves_state_and_audit_agreeing(backend: Store,
                                                            tmp_path: Path) -> None:
    backend.commit(plan(backend, DINH_VU))  # a workspace file exists (gpkg) before the kill
    before, version = backend.load_state().zones, backend.version()
    flag = tmp_path / "in-commit"
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(KILLED_CHILD), str(flag)],
                             cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 90
    while not flag.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the child never reached the middle of its commit"
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    backend.recover()
    after = backend.load_state()
    assert backend.version() == version
    assert after.zones["planned_area_ha"].equals(before["planned_area_ha"])
    assert list(imports(backend)["file_name"]) == ["f.geojson"]  # no record of the killed one
    assert list(backend.import_log()["file_name"]) == ["f.geojson"]
    backend.commit(plan(backend, QUE_VO))  # the lock was released: the next commit works
    assert area(backend, "bn-que-vo") == 615.5


def test_new_rows_and_repeated_period_undo_exactly(backend: Store) -> None:
    before = backend.load_state()
    new_zone = ("KCN Mới Thuận Thành", "Bắc Ninh", 250.0, square(106.3, 21.05))
    backend.commit(plan(backend, new_zone, QUE_VO))
    zones = backend.load_zones()
    assert len(zones) == len(before.zones) + 1 and zones["zone_id"].iloc[-1].startswith("bn-")
    for value in (410.0, 420.0):  # the same period twice: the second replaces the first
        backend.commit(plan_import(pd.DataFrame([{"zone_id": "bn-que-vo",
                                                  "leased_land_ha": value}]),
                                   kind="figures", file_name=f"{value}.csv",
                                   sha256="2" * 64, period="2024-H2", store=backend))
    figures = backend.load_zone_figures()
    assert list(figures["leased_land_ha"]) == [420.0]
    backend.undo()
    assert list(backend.load_zone_figures()["leased_land_ha"]) == [410.0]
    backend.undo()
    assert not len(backend.load_zone_figures())
    backend.undo()  # the new zone goes, Quế Võ's area comes back; order as before
    after = backend.load_state().zones
    assert list(after["zone_id"]) == list(before.zones["zone_id"])
    assert after["planned_area_ha"].equals(before.zones["planned_area_ha"])


def test_lots_import_and_undo(backend: Store) -> None:
    from shapely.geometry import box

    lots = gpd.GeoDataFrame({"lot_id": ["CN-01", "CN-02"], "zone_id": ["bn-que-vo"] * 2,
                             "use_class": ["industrial"] * 2,
                             "lease_status": ["available", "leased"]},
                            geometry=[box(106.116, 21.146, 106.118, 21.148),
                                      box(106.119, 21.146, 106.121, 21.148)], crs="EPSG:4326")
    p = plan_import(lots, kind="lots", file_name="lots.gpkg", sha256="3" * 64, store=backend)
    assert p.ok, p.report.text()
    backend.commit(p)
    stored = backend.load_lots()
    assert list(stored["lot_id"]) == ["CN-01", "CN-02"] and stored.crs.to_epsg() == 4326
    lease = pd.DataFrame({"lot_id": ["CN-01"], "lease_status": ["leased"]})
    backend.commit(plan_import(lease, kind="lots", file_name="lease.xlsx", sha256="4" * 64,
                               store=backend))
    assert list(backend.load_lots()["lease_status"]) == ["leased", "leased"]
    backend.undo()
    assert list(backend.load_lots()["lease_status"]) == ["available", "leased"]
    backend.undo()
    assert not len(backend.load_lots())


# ---------------------------------------------------------------------------------------------
# Imported indicator figures (issue 11 on both backends): a board's XLSX, read back through the
# loader the app and the CLI use (geo.store.factory.load_indicators), undo, audit and roles.
PERIOD = "2030-H1"  # no bundled figure has it
REVENUE = ("Doanh thu", "FDI", "triệu USD")
WORKERS = ("Lao động", "Tổng", "người")


@pytest.fixture
def facts(backend: Store) -> Store:
    """``backend`` with the bundled indicator facts in its tiny data folder."""
    with_facts()
    return backend


def submission(folder: Path, name: str,
               rows: list[tuple[str, tuple[str, str, str], object]]) -> Path:
    """A board's XLSX (English headers) of ``PERIOD``: (province or "" for the region,
    (indicator, segment, unit), value) per row."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PERIOD
    sheet.append(["Province", "Indicator", "Segment", "Value", "Unit", "Capital basis"])
    for province, (indicator, segment, unit), value in rows:
        sheet.append([province or None, indicator, segment, value, unit, None])
    path = folder / name
    book.save(path)
    return path


def stored(period: str = PERIOD) -> dict[tuple[str, str, str], tuple[float, str]]:
    """(province or "region", indicator, segment) → (value, source_url) of ``period``, as the
    app reads them."""
    table = load_indicators()
    rows = table[table["period"] == period]
    return {(p if isinstance(p, str) else "region", i, s): (float(v), str(u))
            for p, i, s, v, u in zip(rows["province"], rows["indicator"], rows["segment"],
                                     rows["value"], rows["source_url"], strict=True)}


def test_indicators_import_read_back_undo(facts: Store, tmp_path: Path) -> None:
    v0 = facts.version()
    first = submission(tmp_path, "nop-1.xlsx", [("Hưng Yên", REVENUE, 1500),
                                                ("Hưng Yên", WORKERS, "12.345"),
                                                ("", REVENUE, 9000)])
    done = import_file(first, kind="indicators", store=facts)
    assert done.entry is not None and done.entry["kind"] == "indicators", done.report.text()
    assert (done.entry["new"], done.entry["changed"]) == (3, 0) and facts.version() != v0
    assert stored() == {("Hưng Yên", "revenue", "FDI"): (1500.0, "nop-1.xlsx"),
                        ("Hưng Yên", "workers", "all"): (12345.0, "nop-1.xlsx"),
                        ("region", "revenue", "FDI"): (9000.0, "nop-1.xlsx")}
    imported = facts.load_imported_indicators()
    assert imported is not None and len(imported) == 3
    assert imported["value"].dtype == "float64" and imported["province"].isna().sum() == 1

    # planned against the store's imported rows: one changed (the region row, whose province
    # is NULL, is matched and replaced, not added twice), one unchanged, one new
    second = submission(tmp_path, "nop-2.xlsx", [("Hưng Yên", REVENUE, "1.600,5"),
                                                 ("Hưng Yên", WORKERS, 12345),
                                                 ("", REVENUE, 9100),
                                                 ("Bắc Ninh", REVENUE, 800)])
    plan2 = import_file(second, kind="indicators", dry_run=True, store=facts).plan
    assert plan2 is not None and plan2.ok
    counts = plan2.counts
    assert (counts["new"], counts["changed"], counts["unchanged"]) == (1, 2, 1)
    changes = {d.zone_id: [(c.field, c.old, c.new) for c in d.changes] for d in plan2.diffs
               if d.status == "changed"}
    assert changes == {f"{PERIOD}/Hưng Yên/revenue/FDI/million_usd": [("value", 1500.0, 1600.5)],
                       f"{PERIOD}/region/revenue/FDI/million_usd": [("value", 9000.0, 9100.0)]}
    facts.commit(plan2, note="lần 2")
    after = stored()
    assert after[("Hưng Yên", "revenue", "FDI")] == (1600.5, "nop-2.xlsx")
    assert after[("region", "revenue", "FDI")] == (9100.0, "nop-2.xlsx")
    assert after[("Bắc Ninh", "revenue", "FDI")] == (800.0, "nop-2.xlsx")
    assert after[("Hưng Yên", "workers", "all")][0] == 12345.0
    imported = facts.load_imported_indicators()
    assert imported is not None and len(imported) == 4  # the region key is held once
    bundled_rows = len(load_indicators())

    undone = facts.undo()
    assert undone.kind == "indicators" and undone.file_name == "nop-2.xlsx"
    assert stored() == {("Hưng Yên", "revenue", "FDI"): (1500.0, "nop-1.xlsx"),
                        ("Hưng Yên", "workers", "all"): (12345.0, "nop-1.xlsx"),
                        ("region", "revenue", "FDI"): (9000.0, "nop-1.xlsx")}
    assert len(load_indicators()) == bundled_rows - 1
    facts.undo()
    assert stored() == {} and facts.load_imported_indicators() is None
    assert not len(facts.import_log())
    trail = facts.audit_log()
    rows = trail[trail["action"].isin(["import", "undo"])]
    assert list(zip(rows["action"], rows["file_name"], strict=True)) == [
        ("import", "nop-1.xlsx"), ("import", "nop-2.xlsx"), ("undo", "nop-2.xlsx"),
        ("undo", "nop-1.xlsx")]
    assert set(rows["kind"]) == {"indicators"} and bool(rows["undone"].iloc[0])
    assert list(rows["new"]) == [3, 1, 1, 3] and list(rows["changed"]) == [0, 2, 2, 0]


def test_indicators_cli_import_and_show(facts: Store, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from geo.cli import main

    path = submission(tmp_path, "nop.xlsx", [("Hưng Yên", REVENUE, 1500)])
    assert main(["import", str(path), "--layer", "indicators"]) == 0
    assert "nop.xlsx" in capsys.readouterr().out
    assert main(["indicators", "--period", PERIOD, "--by", "province", "--province",
                 "Hưng Yên", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {(r["indicator"], r["segment"]): r["value"] for r in rows} == {("revenue", "FDI"):
                                                                           1500.0}
    assert list(facts.import_log()["kind"]) == ["indicators"]
    assert main(["undo"]) == 0
    assert "nop.xlsx" in capsys.readouterr().out
    assert main(["indicators", "--period", PERIOD, "--by", "province", "--format", "json"]) == 2
    assert f"unknown period '{PERIOD}'" in capsys.readouterr().err  # its figures are gone


def test_indicators_roles_per_province(facts: Store, users: dict[str, User],
                                       tmp_path: Path) -> None:
    """An editor imports and undoes the figures of their provinces only; a region figure (no
    province) is the administrators' (as the zones' rule: a row with no province is outside
    every editor's provinces)."""
    def plan_of(name: str, *rows: tuple[str, tuple[str, str, str], object]) -> Any:
        out = import_file(submission(tmp_path, name, list(rows)), kind="indicators",
                          dry_run=True, store=facts).plan
        assert out is not None and out.ok, out and out.report.text()
        return out

    v0 = facts.version()
    with pytest.raises(AccessDenied, match="Hưng Yên"):
        facts.commit(plan_of("hy.xlsx", ("Hưng Yên", REVENUE, 1)), user=users["bn"])
    with pytest.raises(AccessDenied, match="Hưng Yên"):  # a file mixing provinces
        facts.commit(plan_of("mix.xlsx", ("Bắc Ninh", REVENUE, 1), ("Hưng Yên", REVENUE, 2)),
                     user=users["bn"])
    with pytest.raises(AccessDenied, match="no province"):
        facts.commit(plan_of("vung.xlsx", ("", REVENUE, 3)), user=users["bn"])
    with pytest.raises(AccessDenied, match="viewer"):
        facts.commit(plan_of("bn.xlsx", ("Bắc Ninh", REVENUE, 4)), user=users["view"])
    with pytest.raises(AccessDenied, match="sign in"):
        facts.commit(plan_of("bn.xlsx", ("Bắc Ninh", REVENUE, 4)))
    assert facts.version() == v0 and not len(imports(facts)) and stored() == {}  # nothing

    facts.commit(plan_of("bn.xlsx", ("Bắc Ninh", REVENUE, 4)), user=users["bn"])
    with pytest.raises(AccessDenied):  # Hải Phòng's editor cannot undo Bắc Ninh's figures
        facts.undo(user=users["hp"])
    facts.commit(plan_of("vung.xlsx", ("", REVENUE, 3)), user=users["admin"])
    assert stored() == {("Bắc Ninh", "revenue", "FDI"): (4.0, "bn.xlsx"),
                        ("region", "revenue", "FDI"): (3.0, "vung.xlsx")}
    with pytest.raises(AccessDenied, match="no province"):  # nor a region import
        facts.undo(user=users["bn"])
    facts.undo(user=users["admin"])
    facts.undo(user=users["bn"])
    assert stored() == {}
    assert list(imports(facts)["user"]) == ["bn", "admin"]
    audit = facts.audit_log()
    assert list(audit.loc[audit["action"] == "undo", "user"]) == ["admin", "bn"]


def test_indicators_stale_commit_is_refused(facts: Store, tmp_path: Path) -> None:
    plans = [import_file(submission(tmp_path, f"{n}.xlsx", [("Hưng Yên", REVENUE, n)]),
                         kind="indicators", dry_run=True, store=facts).plan for n in (1, 2)]
    assert plans[0] is not None and plans[1] is not None
    facts.commit(plans[0])
    version = facts.version()
    with pytest.raises(StaleVersion, match="preview"):
        facts.commit(plans[1])
    assert facts.version() == version and stored() == {("Hưng Yên", "revenue", "FDI"):
                                                       (1.0, "1.xlsx")}


def with_facts() -> None:
    """Copy the bundled indicator facts into the tiny data folder of ``use_store``."""
    target = Path(os.environ["KCN_ATLAS_DATA"]) / INDICATORS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "data" / INDICATORS_FILE, target)


def test_db_load_copies_imported_indicators(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    """``db load --workspace`` takes a GeoPackage workspace's imported figures along."""
    from geo.store.postgis import PostgisStore

    use_store(monkeypatch, tmp_path)
    monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    with_facts()
    workspace = GpkgStore()
    import_file(submission(tmp_path, "nop.xlsx", [("", WORKERS, 500), ("Hà Nội", REVENUE, 7)]),
                kind="indicators", store=workspace)
    database = PostgisStore(pg_url)
    database.load(workspace.load_state(), source="workspace")
    copied, mine = database.load_imported_indicators(), workspace.load_imported_indicators()
    assert copied is not None and mine is not None and len(mine) == 2
    pd.testing.assert_frame_equal(copied, mine)
    monkeypatch.setenv("KCN_ATLAS_DB", pg_url)
    assert stored() == {("region", "workers", "all"): (500.0, "nop.xlsx"),
                        ("Hà Nội", "revenue", "FDI"): (7.0, "nop.xlsx")}


def test_migration_brings_a_version_1_database_forward(
        pg_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A database made by the first release (schema 1, data and an import in it) is refused
    until ``db upgrade``, which adds the indicators tables and keeps everything else."""
    import psycopg

    from geo.cli import main
    from geo.store import _pg_schema as schema
    from geo.store import postgis
    from geo.store.postgis import PostgisStore

    use_store(monkeypatch, tmp_path)
    name = f"atlas_v1_{os.getpid()}"
    pg_server.admin(f"CREATE DATABASE {name}")
    try:
        url = pg_server.url(name)
        monkeypatch.setenv("KCN_ATLAS_DB", url)
        state = bundled_state()
        with psycopg.connect(url) as conn:
            assert schema.upgrade(conn, target=1) == [f"1: {schema.MIGRATIONS[0][1]}"]
            with conn.transaction(), conn.cursor() as cur:  # what release 1's `db load` wrote
                for kind in ("zones", "housing"):
                    postgis.write_table(cur, kind, getattr(state, kind))
                cur.execute("INSERT INTO audit (time_utc, action, seq, file_name, new, "
                            "changed, unchanged, unmatched, note, user_name) VALUES "
                            "(%s, 'load', 0, %s, 5, 0, 0, 0, %s, '(open)')",
                            ("2025-01-01T00:00:00Z", "bundled data", "release 1"))
                cur.execute("UPDATE store_version SET version = 7, loaded = true")
            assert conn.execute("SELECT to_regclass('indicators')").fetchone() == (None,)
        store = PostgisStore(url)
        with pytest.raises(AtlasError, match="schema version 1, this tool needs 3"):
            store.version()
        assert main(["db", "status"]) == 0
        out = capsys.readouterr().out
        assert "schema version 1 (tool: 3)" in out and "2: imported indicator figures" in out
        assert "3: removed lots counted" in out
        assert main(["db", "upgrade"]) == 0
        applied = capsys.readouterr().out
        assert "applied 2: imported indicator figures" in applied
        assert "3: removed lots counted" in applied
        assert main(["db", "upgrade"]) == 0 and "up to date" in capsys.readouterr().out
        assert main(["db", "status"]) == 0
        assert "schema version 3 (tool: 3), data version pg:7" in capsys.readouterr().out

        zones = store.load_zones()
        assert list(zones["zone_id"]) == list(state.zones["zone_id"])
        assert zones["planned_area_ha"].equals(state.zones["planned_area_ha"])
        assert list(store.audit_log()["note"]) == ["release 1"]
        assert list(store.audit_log()["removed"]) == [0]  # migration 3: 0 for older rows
        assert store.load_imported_indicators() is None
        with_facts()
        import_file(submission(tmp_path, "nop.xlsx", [("Hưng Yên", REVENUE, 1500)]),
                    kind="indicators", store=store)
        assert stored() == {("Hưng Yên", "revenue", "FDI"): (1500.0, "nop.xlsx")}
        assert store.version() == "pg:8"
        store.undo()
        assert stored() == {}
    finally:
        pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_lot_plan_replacing_a_zones_lots_commit_audit_undo(backend: Store,
                                                           users: dict[str, User]) -> None:
    """``replace_lots``: the stored lots of the file's zones it no longer holds are removed
    (other zones untouched), only by an editor of that province; counted in the log and the
    audit; undo puts them back exactly (order, fields, geometry)."""
    from geopandas.testing import assert_geodataframe_equal

    from geo.store.synthetic_lots import synthetic_lots

    zones = backend.load_zones()
    lots = pd.concat([synthetic_lots(zones[zones["zone_id"] == z], 8, seed=5)
                      for z in ("bn-que-vo", "hp-dinh-vu-cat-hai")], ignore_index=True)
    lots["lease_status"] = "vacant"
    bn = lots.index[lots["zone_id"] == "bn-que-vo"]
    assert len(bn) >= 5 and (lots["zone_id"] == "hp-dinh-vu-cat-hai").sum() >= 2
    lots.loc[bn[0], "lease_status"], lots.loc[bn[0], "tenant"] = "leased", "Công ty Ví Dụ"
    backend.commit(plan_import(lots, kind="lots", file_name="plan-1.gpkg", sha256="5" * 64,
                               store=backend), user=users["admin"])
    before = backend.load_lots()
    revised = lots.loc[bn[2:]].copy()  # Quế Võ's new plan: its first two lots are gone
    revised.loc[bn[2], "planned_area_ha"] = 1.5

    kept = plan_import(revised, kind="lots", file_name="plan-2.gpkg", sha256="6" * 64,
                       store=backend)
    assert kept.counts["removed"] == 0 and kept.state.lots is not None
    assert len(kept.state.lots) == len(before)  # without the option every lot stays
    p = plan_import(revised, kind="lots", file_name="plan-2.gpkg", sha256="6" * 64,
                    store=backend, replace_lots=True)
    assert p.ok and p.counts["removed"] == 2 and p.counts["changed"] == 1
    gone = {d.zone_id for d in p.diffs if d.status == "removed"}
    assert gone == {f"bn-que-vo/{lots.at[i, 'lot_id']}" for i in bn[:2]}
    assert any(f.level == "warning" and str(lots.at[bn[0], "lot_id"]) in f.message_en
               for f in p.report.findings)  # the leased lot is named
    v0 = backend.version()
    with pytest.raises(AccessDenied, match="Bắc Ninh"):  # Hải Phòng's editor: not their lots
        backend.commit(p, user=users["hp"])
    assert backend.version() == v0 and len(backend.load_lots()) == len(before)
    entry = backend.commit(p, user=users["bn"])
    assert entry["removed"] == 2
    after = backend.load_lots()
    assert len(after) == len(before) - 2
    assert not ({f"{z}/{lot}" for z, lot in zip(after["zone_id"], after["lot_id"], strict=True)}
                & gone)
    hp_before = before[before["zone_id"] == "hp-dinh-vu-cat-hai"].reset_index(drop=True)
    assert_geodataframe_equal(after[after["zone_id"] == "hp-dinh-vu-cat-hai"]
                              .reset_index(drop=True), hp_before)
    assert int(backend.import_log()["removed"].iloc[-1]) == 2
    with pytest.raises(AccessDenied):
        backend.undo(user=users["hp"])
    backend.undo(user=users["bn"])
    assert_geodataframe_equal(backend.load_lots(), before)  # the removed lots back, exactly
    audit = backend.audit_log()
    rows = audit[audit["action"].isin(["import", "undo"])]
    assert list(rows["action"]) == ["import", "import", "undo"]
    assert list(rows["removed"]) == [0, 2, 2]
