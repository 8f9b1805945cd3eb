"""Issue 8 (security) for imports: limits, crash-safe audit, orphan temps, one-line refusals,
devices and system folders, damaged workspace repair/reset. Tiny in-code fixtures, EPSG:4326."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from import_fixtures import geojson_bytes, square, tree_hashes, use_store

from geo import settings
from geo.cli import main
from geo.errors import DataFileError, LimitExceeded
from geo.imports.options import check_limits
from geo.imports.pipeline import read_upload
from geo.imports.plan import plan_import
from geo.store import atomic
from geo.store import audit as audit_trail
from geo.store import bundled as io
from geo.store import workspace as ws
from geo.store.audit import audit_log

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def que_vo(area: float = 615.5) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame([{"zone_id": None, "name": "Khu cong nghiep Que Vo",
                              "province": "Bac Ninh", "planned_area_ha": area,
                              "geometry": square(106.121, 21.151, 0.006)}], crs="EPSG:4326")


def commit(frame: pd.DataFrame, name: str = "f.geojson") -> dict[str, object]:
    plan = plan_import(frame, kind="zones", file_name=name, sha256="0" * 64)
    return ws.commit_import(plan)


def audit_lines(store: Path) -> list[dict[str, object]]:
    path = store / "history" / "audit.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


# --- 2. limits -------------------------------------------------------------------------------
def test_limits_admit_100k_features_and_are_stated() -> None:
    assert settings.MAX_FEATURES >= 100_000 and settings.MAX_TABLE_ROWS >= 100_000
    assert settings.MAX_VERTICES >= 100_000 * 100 and settings.MAX_UPLOAD_BYTES >= 100 * 2**20
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("MAX_FEATURES", "MAX_TABLE_ROWS", "MAX_VERTICES", "MAX_UPLOAD_BYTES"):
        assert name in readme


def test_csv_over_the_row_limit_is_one_line_refusal(store: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("geo.imports.options.MAX_TABLE_ROWS", 3)
    path = tmp_path / "many.csv"
    path.write_text("name,lon,lat\n" + "".join(f"KCN A{i},106.1,21.{i}\n" for i in range(5)),
                    encoding="utf-8")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "many.csv" in err[0] and "5 rows" in err[0] and "limit of 3" in err[0]
    assert not store.exists() or tree_hashes(store) == {}


def test_feature_and_vertex_limits_one_error_type(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "z.geojson"
    path.write_bytes(geojson_bytes([{"name": f"KCN {i}", "geometry": square(106, 21)}
                                    for i in range(3)]))
    monkeypatch.setattr("geo.imports.options.MAX_FEATURES", 2)
    with pytest.raises(LimitExceeded, match=r"z\.geojson: 3 features .*limit of 2") as info:
        check_limits(path, "geojson", name="z.geojson")
    assert info.value.limit == 2 and info.value.value == 3 and "vượt" in info.value.message_vi
    monkeypatch.setattr("geo.imports.options.MAX_FEATURES", 10)
    monkeypatch.setattr("geo.imports.options.MAX_VERTICES", 10)
    frame = gpd.read_file(path)
    with pytest.raises(LimitExceeded, match="15 vertices"):
        check_limits(path, "geojson", name="z.geojson", frame=frame)


def test_geojson_counted_as_read_in_one_opening(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A GeoJSON is not opened a second time to count it: it is read with the feature limit
    + 1 at most, and refused as "more than" the limit, in one line naming the file."""
    path = tmp_path / "nhieu_khu.geojson"
    path.write_bytes(geojson_bytes([{"name": f"KCN {i}", "geometry": square(106, 21)}
                                    for i in range(7)]))
    opened = []
    real_info = pyogrio.read_info
    monkeypatch.setattr(pyogrio, "read_info", lambda *a, **k: opened.append(a) or real_info(
        *a, **k))
    monkeypatch.setattr("geo.imports.options.MAX_FEATURES", 3)
    with pytest.raises(LimitExceeded, match=r"nhieu_khu\.geojson: more than 3 features .*"
                                            r"limit of 3") as info:
        read_upload(path)
    assert info.value.value == 4 and "hơn 3" in info.value.message_vi
    monkeypatch.setattr("geo.imports.options.MAX_FEATURES", 7)
    assert len(read_upload(path).frame) == 7
    assert opened == []  # no read_info: the read is the only opening


# --- 3. audit trail and crashes --------------------------------------------------------------
@pytest.mark.parametrize("point", ["before_audit", "before_replace", "after_replace"])
def test_crash_at_any_point_leaves_audit_and_workspace_agreeing(
        point: str, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit(que_vo(600.0), name="first.geojson")
    plan = plan_import(que_vo(700.0), kind="zones", file_name="second.geojson",
                          sha256="1" * 64)

    class Killed(BaseException):
        pass

    def boom(*args: object, **kwargs: object) -> None:
        raise Killed

    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith("atlas.gpkg"):
            raise Killed
        real_replace(src, dst)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        if point == "before_audit":
            m.setattr(audit_trail, "append", boom)
        elif point == "before_replace":
            m.setattr(os, "replace", replace)
        else:
            m.setattr(audit_trail, "finish", boom)
            m.setattr(audit_trail, "recover", lambda folder: [])  # a kill: no clean-up at all
        with pytest.raises(Killed):
            ws.commit_import(plan)
    applied = io.load_zones().set_index("zone_id").at["bn-que-vo", "planned_area_ha"] == 700.0
    third = commit(que_vo(800.0), name="third.geojson")  # the next start recovers first
    audit = audit_log()
    imports = audit[audit["action"] == "import"]
    assert not any("state" in line for line in audit_lines(store))
    if applied:  # the file was replaced: the import is on record as #2
        assert list(imports["file_name"]) == ["first.geojson", "second.geojson",
                                              "third.geojson"]
        assert third["seq"] == 3
    else:  # it was not: on record as aborted (if at all), and the next import is #2
        assert list(imports["file_name"]) == ["first.geojson", "third.geojson"]
        assert third["seq"] == 2
        assert set(audit["action"]) <= {"import", "aborted import"}
    assert point != "after_replace" or applied


def test_kill_9_after_replace_is_recorded_on_next_start(store: Path, tmp_path: Path) -> None:
    commit(que_vo(600.0), name="first.geojson")
    script = tmp_path / "killme.py"
    script.write_text(
        "import os, signal, sys\n"
        f"sys.path[:0] = [{str(REPO)!r}, {str(REPO / 'tests')!r}]\n"
        "from geo.imports.plan import plan_import\n"
        "from geo.store import audit\n"
        "from geo.store import workspace as ws\n"
        "from test_import_safety import que_vo\n"
        "def die(*a, **k):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        "audit.finish = die\n"
        "plan = plan_import(que_vo(700.0), kind='zones', file_name='second.geojson',"
        " sha256='2' * 64)\n"
        "ws.commit_import(plan)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], env=os.environ.copy(), timeout=120,
                          check=False)
    assert done.returncode == -signal.SIGKILL
    assert any(line.get("state") == "pending" for line in audit_lines(store))
    third = commit(que_vo(800.0), name="third.geojson")
    assert third["seq"] == 3
    assert list(audit_log()["file_name"]) == ["first.geojson", "second.geojson",
                                                 "third.geojson"]


# --- 4. orphan temporary files ---------------------------------------------------------------
def test_orphan_part_files_are_removed_on_next_start(store: Path) -> None:
    commit(que_vo(600.0))
    orphan = store / ".0123abcd.part.gpkg"
    orphan.write_bytes(b"half")
    (store / ".0123abcd.part.gpkg-journal").write_bytes(b"j")
    (store / "history" / ".deadbeef.part.jsonl").write_bytes(b"x")
    mine = store / "notes.part.txt"  # not one of our temporary names: kept
    mine.write_text("keep", encoding="utf-8")
    commit(que_vo(650.0))
    names = {p.name for p in store.rglob("*")}
    assert not any(atomic.TEMP_PATTERN.match(n) for n in names)
    assert mine.is_file()


# --- 5. one-line refusals --------------------------------------------------------------------
def test_unwritable_workspace_is_one_line(store: Path, monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "qv.geojson"
    path.write_bytes(geojson_bytes([{"name": "KCN Quế Võ", "province": "Bắc Ninh",
                                     "geometry": square(106.121, 21.151, 0.006)}]))
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == ".lock":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Permission denied" in err[0] and "Traceback" not in err[0]
    assert not (store / "atlas.gpkg").exists()


def test_undo_on_read_only_workspace_leaves_nothing(store: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    commit(que_vo(600.0))
    commit(que_vo(700.0))
    before = tree_hashes(store)
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith("atlas.gpkg"):
            raise PermissionError(errno.EACCES, "Permission denied")
        real_replace(src, dst)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        m.setattr(os, "replace", replace)
        assert main(["undo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot undo" in err[0] and "Permission denied" in err[0]
    after = tree_hashes(store)
    assert not (store / "history" / "undone-0002.gpkg").exists()
    assert after["atlas.gpkg"] == before["atlas.gpkg"]
    assert audit_log()["action"].tolist() == ["import", "import", "aborted undo"]


def test_import_onto_full_disk_is_one_line(store: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import pyogrio

    commit(que_vo(600.0))
    before = tree_hashes(store)

    def full(*args: object, **kwargs: object) -> None:
        raise pyogrio.errors.DataSourceError("sqlite3_exec failed: database or disk is full")

    monkeypatch.setattr(ws.pyogrio, "write_dataframe", full)
    path = tmp_path / "qv.geojson"
    path.write_bytes(geojson_bytes([{"name": "KCN Quế Võ", "province": "Bắc Ninh",
                                     "planned_area_ha": 777.0,
                                     "geometry": square(106.121, 21.151, 0.006)}]))
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "disk is full" in err[0]
    assert tree_hashes(store) == before


def test_enospc_from_the_os_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(DataFileError, match="disk full"):
        atomic.write_text_atomic(tmp_path / "a.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_long_names(tmp_path: Path, store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    too_long = tmp_path / ("x" * 296 + ".csv")
    assert main(["export", "-o", str(too_long)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "file name" in err[0]
    fits = tmp_path / ("y" * 245 + ".csv")  # 249 bytes: fits; its temporary must fit too
    assert main(["export", "-o", str(fits)]) == 0
    assert fits.is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- 6. devices and system folders -----------------------------------------------------------
@pytest.mark.parametrize("target", ["/dev/full", "/dev/null", "/etc/kcn-atlas-test.csv",
                                    "/proc/kcn.csv", "/usr/kcn.csv"])
def test_system_paths_are_refused(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    existed = os.path.exists(target)
    assert main(["export", "-o", target]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert os.path.exists(target) == existed
    if target.startswith("/dev/"):
        assert not Path(target).is_file()  # still the device


def test_fifo_and_socket_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataFileError, match="not a regular file"):
        atomic.write_text_atomic(fifo, "x")
    with pytest.raises(DataFileError, match="is a folder"):
        atomic.write_text_atomic(tmp_path, "x")


# --- 7. damaged workspace --------------------------------------------------------------------
def damage(store: Path) -> None:
    data = bytearray((store / "atlas.gpkg").read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    data[-8192:] = b"\x00" * 8192
    (store / "atlas.gpkg").write_bytes(bytes(data))


def test_damaged_workspace_refusal_names_repair_and_repair_restores(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(que_vo(600.0), name="first.geojson")
    good = (store / "atlas.gpkg").read_bytes()
    commit(que_vo(700.0), name="second.geojson")
    damage(store)
    assert not ws.is_intact(store / "atlas.gpkg")
    assert main(["undo"]) == 2
    err = capsys.readouterr().err
    assert "workspace repair" in err and "workspace reset" in err
    assert main(["workspace", "repair"]) == 0
    assert "before-0002.gpkg" in capsys.readouterr().out
    assert (store / "atlas.gpkg").read_bytes() == good
    assert len(list(store.glob("atlas.corrupt-*.gpkg"))) == 1
    assert audit_log()["action"].tolist()[-1] == "repair"
    assert main(["workspace", "repair"]) == 0
    assert "nothing to repair" in capsys.readouterr().out


def test_reset_needs_yes_and_goes_back_to_bundled(store: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bundled = len(io.load_zones())
    commit(que_vo(600.0))
    damage(store)
    assert main(["workspace", "reset"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert (store / "atlas.gpkg").exists()
    assert main(["workspace", "reset", "--yes"]) == 0
    assert not (store / "atlas.gpkg").exists() and len(list(store.glob("atlas.reset-*")))
    assert len(io.load_zones()) == bundled
    assert audit_log()["action"].tolist()[-1] == "reset"
