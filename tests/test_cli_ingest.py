"""``python -m geo validate / import / undo / periods``: exit codes, reports, no half writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from import_fixtures import geojson_bytes, square, tree_hashes, use_store
from shapely.geometry import GeometryCollection, Point, Polygon

from geo import io
from geo.cli import main

SURVEYED = [{"Ten_KCN": "Khu công nghiệp Quế Võ", "Tinh": "Bắc Ninh", "DT_QH": 615.5,
             "geometry": square(106.121, 21.151, 0.006)}]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_import_then_undo(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                          ) -> None:
    path = write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED))
    assert main(["validate", str(path)]) == 0
    assert not store.exists()  # validate writes nothing
    assert main(["import", str(path), "--dry-run"]) == 0
    assert not store.exists()
    capsys.readouterr()
    assert main(["import", str(path), "--note", "QĐ 123"]) == 0
    out = capsys.readouterr().out
    assert "changed bn-que-vo" in out and "planned_area_ha: 611.00 → 615.50" in out
    assert "imported as #1" in out
    assert io.load_zones().set_index("zone_id").at["bn-que-vo", "geometry_quality"] == "surveyed"
    assert main(["undo"]) == 0
    assert "undid import #1" in capsys.readouterr().out
    assert main(["undo"]) == 2
    assert "nothing to undo" in capsys.readouterr().err


def test_json_output_has_report_detected_and_diff(store: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED))
    assert main(["import", str(path), "--dry-run", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["detected"]["mapping"]["Ten_KCN"] == "name"
    assert payload["diff"]["counts"]["changed"] == 1
    change = {c["field"]: c for c in payload["diff"]["diffs"][0]["changes"]}
    assert change["planned_area_ha"]["old"] == 611.0 and change["planned_area_ha"]["new"] == 615.5
    assert payload["report"]["ok"] is True


BAD_INPUTS = {
    "empty.geojson": b"",
    "truncated.geojson": geojson_bytes(SURVEYED)[:150],
    "junk.geojson": bytes(range(256)) * 40,
    "image.geojson": b"\x89PNG\r\n\x1a\n" + b"\0" * 200,
    "nan.geojson": b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
                   b'{"name":"KCN NaN","province":"B\xe1\xba\xaft Ninh"},"geometry":{"type":'
                   b'"Point","coordinates":[NaN, 21.1]}}]}',
    "huge.geojson": geojson_bytes([{"name": "KCN Xa", "province": "Bắc Ninh",
                                    "geometry": Point(1e20, 21.0)}]),
    "outside.geojson": geojson_bytes([{"name": "KCN Paris", "province": "Bắc Ninh",
                                       "geometry": Point(2.35, 48.85)}]),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exit_2_and_workspace_unchanged(name: str, store: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED)))]) == 0
    before = tree_hashes(store)
    capsys.readouterr()
    assert main(["import", str(write(tmp_path / name, BAD_INPUTS[name]))]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "error" in captured.out and name in captured.out
    assert tree_hashes(store) == before
    assert not list(store.glob(".tmp-*"))


def test_odd_geometries_never_half_write(store: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    odd = [{"name": "KCN Ba Chiều", "province": "Bắc Ninh",
            "geometry": Polygon([(106.3, 21.1, 5), (106.31, 21.1, 5), (106.31, 21.11, 5)])},
           {"name": "KCN Tập Hợp", "province": "Bắc Ninh",
            "geometry": GeometryCollection([Point(106.4, 21.0), square(106.4, 21.0, 0.002)])}]
    path = write(tmp_path / "odd.geojson", geojson_bytes(odd))
    code = main(["import", str(path), "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == (0 if payload["report"]["ok"] else 2)
    assert store.exists() == (code == 0)
    if code == 0:  # the collection's polygon is kept; Z dropped
        zones = io.load_zones()
        assert not zones.geometry.has_z.any()


def test_metres_without_crs_refused_without_province(store: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    csv = "ten,x,y,dien_tich\nKCN Mét,2340000,570000,10\n".encode()
    path = write(tmp_path / "vn2000.csv", csv)
    assert main(["import", str(path)]) == 2
    assert "province" in capsys.readouterr().out.lower()
    assert not store.exists()


def test_figures_xlsx_renamed_columns_unaccented_names(store: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["Ten KCN", "Tinh", "Dien tich da cho thue (ha)", "Dien tich dat cong nghiep",
                  "So lao dong"])
    sheet.append(["Que Vo", "Bac Ninh", 410, 420, 52000])
    sheet.append(["Yen Phong", "Bac Ninh", 330, 460, None])
    sheet.append(["KCN Khong Co", "Ha Nam", 1, 2, 3])
    path = tmp_path / "bao_cao_2024H2.xlsx"
    wb.save(path)
    args = ["import", str(path), "--layer", "figures", "--period", "2024-H2"]
    assert main(args) == 2  # one row matches no zone: refused without --allow-unmatched
    out = capsys.readouterr().out
    assert "Khong Co" in out and not store.exists()
    assert main([*args, "--allow-unmatched"]) == 0
    h2 = io.load_zones(period="2024-H2").set_index("zone_id")
    assert h2.at["bn-que-vo", "leased_land_ha"] == 410.0
    assert h2.at["bn-yen-phong", "industrial_land_ha"] == 460.0
    capsys.readouterr()
    assert main(["periods", "--compare", "current", "2024-H2", "--by", "zone",
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    leased = next(r for r in rows if r["key"] == "bn-que-vo" and r["figure"] == "leased_land_ha")
    assert (leased["value_a"], leased["value_b"], leased["change"]) == (400.0, 410.0, 10.0)


def test_python_m_geo_undo_runs_as_a_process(store: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "geo", "undo"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, check=False)
    assert proc.returncode == 2 and "nothing to undo" in proc.stderr
