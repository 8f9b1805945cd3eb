"""``python -m geo user|db`` and the acting user of ``import``/``undo`` (issue 12), on both
backends: refusals are exit 2 with one line on stderr, and nothing is written."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from import_fixtures import geojson_bytes, square, tree_hashes, use_store

from geo.cli import main

HP = [{"Ten_KCN": "Khu kinh tế Đình Vũ - Cát Hải", "Tinh": "Hải Phòng", "DT_QH": 22600.0,
       "geometry": square(106.78, 20.83, 0.05)}]
BN = [{"Ten_KCN": "Khu công nghiệp Quế Võ", "Tinh": "Bắc Ninh", "DT_QH": 615.5,
       "geometry": square(106.121, 21.151, 0.006)}]


@pytest.fixture(params=["gpkg", "postgis"])
def setup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
          tmp_path: Path) -> Path:
    """Tiny bundled data; for postgis a fresh database, initialised and loaded by the CLI."""
    workspace = use_store(monkeypatch, tmp_path)
    monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    for var in ("KCN_ATLAS_USER", "KCN_ATLAS_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    if request.param == "postgis":
        monkeypatch.setenv("KCN_ATLAS_DB", request.getfixturevalue("pg_url"))
        assert main(["db", "init"]) == 0
        assert main(["db", "load"]) == 0
    return workspace


def add_user(monkeypatch: pytest.MonkeyPatch, *args: str, password: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["user", "add", *args])


def test_users_roles_and_refusals(setup: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    hp = tmp_path / "hp.geojson"
    hp.write_bytes(geojson_bytes(HP))
    bn = tmp_path / "bn.geojson"
    bn.write_bytes(geojson_bytes(BN))
    assert add_user(monkeypatch, "bn", "--role", "editor", "--province", "Bắc Ninh",
                    password="x") == 2  # the first user must be an administrator
    assert "first user" in capsys.readouterr().err
    assert add_user(monkeypatch, "boss", "--role", "admin", password="pw-boss") == 0
    monkeypatch.setenv("KCN_ATLAS_USER", "boss")
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "pw-boss")
    assert add_user(monkeypatch, "bn", "--role", "editor", "--province", "Bac Ninh",
                    password="pw-bn") == 0
    capsys.readouterr()
    assert main(["user", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(u["name"], u["role"], u["provinces"]) for u in listed] == [
        ("bn", "editor", ["Bắc Ninh"]), ("boss", "admin", [])]
    monkeypatch.delenv("KCN_ATLAS_USER")
    before = tree_hashes(setup)
    assert main(["import", str(bn)]) == 2  # users configured: who is acting?
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--user" in err[0]
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "pw-bn")
    assert main(["import", str(hp), "--user", "bn"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "may not change zones of Hải Phòng" in err[0]
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "wrong")
    assert main(["import", str(bn), "--user", "bn"]) == 2
    assert "wrong password" in capsys.readouterr().err
    assert tree_hashes(setup) == before  # nothing written
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "pw-bn")
    assert main(["import", str(bn), "--user", "bn"]) == 0
    capsys.readouterr()
    assert main(["log", "--format", "json"]) == 0
    audit = [r for r in json.loads(capsys.readouterr().out) if r["action"] == "import"]
    assert [(r["file_name"], r["user"]) for r in audit] == [("bn.geojson", "bn")]
    assert main(["user", "remove", "boss", "--user", "bn"]) == 2  # not an administrator
    assert "not an administrator" in capsys.readouterr().err
    assert main(["undo", "--user", "bn"]) == 0


def test_db_commands_need_a_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    use_store(monkeypatch, tmp_path)
    monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    assert main(["db", "init"]) == 2
    assert "KCN_ATLAS_DB" in capsys.readouterr().err


def test_db_init_status_load(pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    use_store(monkeypatch, tmp_path)
    monkeypatch.setenv("KCN_ATLAS_DB", pg_url)
    assert main(["db", "upgrade"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["summary"]) == 2  # no data yet: says how to load it
    assert "db load" in capsys.readouterr().err
    assert main(["db", "load"]) == 0 and main(["db", "load"]) == 2
    assert "--replace" in capsys.readouterr().err
    assert main(["db", "status"]) == 0
    assert "schema version 3 (tool: 3), data version pg:1" in capsys.readouterr().out
    assert main(["summary", "--format", "json"]) == 0
    import psycopg

    with psycopg.connect(pg_url) as conn:
        indexes = {r[0]: r[1] for r in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'zones'")}
        srid = conn.execute("SELECT Find_SRID('public', 'zones', 'geom')").fetchone()
    assert "USING gist (geom)" in indexes["zones_geom_gist"] and srid == (4326,)


def test_db_load_copies_a_geopackage_workspace(pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    workspace = use_store(monkeypatch, tmp_path)
    monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    bn = tmp_path / "bn.geojson"
    bn.write_bytes(geojson_bytes(BN))
    assert main(["import", str(bn)]) == 0
    monkeypatch.setenv("KCN_ATLAS_DB", pg_url)
    assert main(["db", "init"]) == 0
    assert main(["db", "load", "--workspace", str(workspace)]) == 0
    assert "1 earlier imports" in capsys.readouterr().out
    from geo.store.factory import get_store

    zones = get_store().load_zones().set_index("zone_id")
    assert zones.at["bn-que-vo", "planned_area_ha"] == 615.5
    assert zones.at["bn-que-vo", "geometry_quality"] == "surveyed"
