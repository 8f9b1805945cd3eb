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

from geo.cli import main
from geo.store import bundled as io

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
    payload = json.loads(capsys.readouterr().out)
    assert "like for like" in payload["note"]
    rows = payload["rows"]
    leased = next(r for r in rows if r["key"] == "bn-que-vo" and r["figure"] == "leased_land_ha")
    assert (leased["value_a"], leased["value_b"], leased["change"]) == (400.0, 410.0, 10.0)
    assert (leased["zones_a"], leased["zones_b"], leased["zones_both"]) == (1, 1, 1)
    workers = next(r for r in rows if r["key"] == "bn-yen-phong" and r["figure"] == "workers")
    assert workers["value_b"] is None and workers["change"] is None  # never 0
    assert main(["periods", "--compare", "current", "2024-H2", "--by", "province"]) == 0
    text = capsys.readouterr().out
    planned = next(line for line in text.splitlines()
                   if line.startswith("Bắc Ninh") and "planned_area_ha" in line)
    # the file gives no planned area: 2024-H2 has none of its own (no fallback, no 0.0 change)
    assert planned.split()[-6:] == ["2/2", "—", "0/2", "—", "—", "0/2"]
    assert "zones both" in text and "like for like" in text


def test_python_m_geo_undo_runs_as_a_process(store: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "geo", "undo"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, check=False)
    assert proc.returncode == 2 and "nothing to undo" in proc.stderr


# --- issue 5 QA: options refused up front; the shape of a refusal; no-op imports -------------
BAD_ARGS = [
    (["--province", "Hà Giang"], "--province: unknown province 'Hà Giang'; valid: Hà Nội, "),
    (["--crs", "EPSG:abc"], "--crs: invalid CRS 'EPSG:abc'"),
    (["--encoding", "foo"], "--encoding: unknown text encoding 'foo'; valid: utf-8, cp1258"),
    (["--period", "2024"], "--period: period '2024' is not a half-year like 2024-H1"),
    (["--map", "Ten_KCN=ten_khu"], "--map: unknown field 'ten_khu' in the mapping"),
    (["--max-mb", "-1"], "--max-mb -1: the upload limit must be more than 0 MB"),
    (["--max-mb", "0"], "--max-mb 0: the upload limit must be more than 0 MB"),
    (["--max-mb", "nan"], "--max-mb nan: the upload limit must be more than 0 MB"),
    (["--layer", "figures"], "--layer figures needs --period"),
]


@pytest.mark.parametrize("command", ["validate", "import"])
@pytest.mark.parametrize(("extra", "message"), BAD_ARGS)
def test_bad_option_refused_before_reading(command: str, extra: list[str], message: str,
                                           store: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import geo.imports.pipeline

    path = write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED))  # degrees: a good file

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(geo.imports.pipeline, "read_upload", no_read)
    assert main([command, str(path), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"python -m geo {command}: error: {message}")
    assert not store.exists()


def test_unknown_source_layer_and_folder_are_one_line(store: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED))
    assert main(["validate", str(path), "--source-layer", "zz"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == (
        "python -m geo validate: error: qv.geojson has no layer 'zz'; valid: qv\n")
    folder = tmp_path / "somefolder"
    folder.mkdir()
    assert main(["validate", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(
        f"python -m geo validate: error: {folder}: this is a folder, not a file")
    assert len(captured.err.splitlines()) == 1 and not store.exists()


JUNK_MESSAGE = ("the content is not a GeoJSON, zipped Shapefile, GeoPackage, KML/KMZ, DXF, CSV "
                "or XLSX file (binary data)")


@pytest.mark.parametrize("command", ["validate", "import"])
def test_refusal_shape_report_on_stdout_one_line_on_stderr(
        command: str, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "garbage.csv", bytes(range(256)) * 8)
    assert main([command, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["garbage.csv: 1 error(s), 0 warning(s)",
                                         f"error: {JUNK_MESSAGE}"]
    tail = "; nothing written" if command == "import" else ""
    assert captured.err == f"python -m geo {command}: refused: garbage.csv: 1 error{tail}\n"
    assert not store.exists()


def test_refusal_after_reading_lists_each_finding_once(store: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    bad = [{"name": "KCN Âm", "province": "Bắc Ninh", "planned_area_ha": -5.0,
            "geometry": Point(106.1, 21.1)},
           {"name": "KCN Chữ", "province": "Bắc Ninh", "leased_land_ha": "abc",
            "geometry": Point(106.2, 21.1)}]
    path = write(tmp_path / "bad.geojson", geojson_bytes(bad))
    assert main(["import", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("detected: format=geojson") and lines[1].startswith("mapping: ")
    assert lines[2] == "bad.geojson: 2 error(s), 0 warning(s)"
    # features of a vector file count from 1
    assert sorted(lines[3:5]) == ["error: feature 1, planned_area_ha='-5.0': negative figure",
                                  "error: feature 2, leased_land_ha='abc': not a number"]
    assert len(set(lines)) == len(lines) and "refused" not in captured.out
    assert captured.err == "python -m geo import: refused: bad.geojson: 2 errors; nothing written\n"
    # JSON: the same verdict in the payload, the same one line on stderr
    assert main(["import", str(path), "--format", "json"]) == 2
    captured = capsys.readouterr()
    payload = json.loads(captured.out)
    assert payload["status"] == "refused" and payload["exit"] == 2
    assert payload["reason"] == "bad.geojson: 2 errors; nothing written"
    assert captured.err.count("\n") == 1 and not store.exists()


def test_unmatched_rows_refusal_reason_on_stderr(store: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "h2.csv", b"Ten KCN,Tinh,Dien tich da cho thue (ha)\n"
                 b"Que Vo,Bac Ninh,410\nKCN Khong Co,Ha Nam,1\n")
    assert main(["import", str(path), "--layer", "figures", "--period", "2024-H2"]) == 2
    captured = capsys.readouterr()
    # the spreadsheet row as the user sees it: header = row 1, KCN Khong Co = row 3
    assert "warning: row 3, name='KCN Khong Co': matches no zone" in captured.out
    assert "1 new, 0 changed" not in captured.out and "0 new, 1 changed" in captured.out
    err = captured.err.splitlines()
    assert len(err) == 1 and "1 row(s) match no zone" in err[0] and "--allow-unmatched" in err[0]
    assert "(row 3 'KCN Khong Co')" in err[0]
    assert not store.exists()


def test_reimporting_the_same_file_writes_nothing(store: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED))
    assert main(["import", str(path)]) == 0
    before = tree_hashes(store)
    capsys.readouterr()
    assert main(["import", str(path)]) == 0
    captured = capsys.readouterr()
    assert "0 new, 0 changed, 1 unchanged" in captured.out
    assert captured.out.splitlines()[-1] == ("nothing to import: no new or changed zone, site "
                                             "or figure; nothing written")
    assert captured.err == ""
    assert tree_hashes(store) == before  # no log entry, no snapshot


def test_row_numbers_are_the_spreadsheet_rows(store: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 5 QA: the misspelt name in Excel row 10 is "row 10" (header = row 1), even with
    empty rows above it; never a 0-based data position."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["Ten KCN", "Tinh", "Dien tich da cho thue (ha)"])
    sheet.append(["Que Vo", "Bac Ninh", 410])     # row 2
    sheet.append(["Yen Phong", "Bac Ninh", 330])  # row 3
    sheet.append(["Thang Long", "Ha Noi", 205])   # row 4
    for _ in range(5):
        sheet.append([None, None, None])          # rows 5-9 empty
    sheet.append(["KCN Minh Quangg", "Hung Yen", 120])  # row 10
    path = tmp_path / "h2.xlsx"
    wb.save(path)
    args = ["import", str(path), "--layer", "figures", "--period", "2024-H2"]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "warning: row 10, name='KCN Minh Quangg': matches no zone" in captured.out
    assert "(row 10 'KCN Minh Quangg')" in captured.err
    assert main([*args, "--dry-run", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["diff"]["unmatched"] == [{"row": 10, "where": "row 10",
                                             "name": "KCN Minh Quangg"}]
    finding = next(f for f in payload["report"]["findings"] if f["value"] == "KCN Minh Quangg")
    assert (finding["feature"], finding["where"]) == (10, "row 10")
    assert "5 empty row(s) skipped" in payload["detected"]["notes"]
    # two rows of a CSV (blank line between) claiming one zone: both named by their rows
    csv = write(tmp_path / "dup.csv", b"Ten KCN,Tinh,Dien tich da cho thue (ha)\n"
                b"Que Vo,Bac Ninh,410\n\nQue Vo,Bac Ninh,411\n")
    assert main(["validate", str(csv), "--layer", "figures", "--period", "2024-H2"]) == 2
    assert "row 2 and row 4 both match zone bn-que-vo" in capsys.readouterr().out


def test_log_lists_imports_and_undos(store: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log"]) == 0
    assert "no import has been made" in capsys.readouterr().out
    path = write(tmp_path / "qv.geojson", geojson_bytes(SURVEYED))
    assert main(["import", str(path)]) == 0
    assert main(["undo"]) == 0
    capsys.readouterr()
    assert main(["log"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "import (undone)" in lines[2] and "qv.geojson" in lines[2]
    assert lines[3].split()[1:3] == ["undo", "#1"]
    assert main(["log", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["seq"], r["undone"]) for r in rows] == [("import", 1, True),
                                                                    ("undo", 1, False)]


def test_geometry_quality_follows_the_format_unless_told(store: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    # A polygon drawn in Google Earth (KML) is "digitized", not "surveyed"; the user can say
    # otherwise; altitudes of 0 (KML's ",0") raise no Z warning.
    ring = " ".join(f"{x},{y},0" for x, y in square(106.051, 20.951).exterior.coords)
    kml = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
           "<Document><Placemark><name>KCN Phố Nối A</name><Polygon><outerBoundaryIs>"
           f"<LinearRing><coordinates>{ring}</coordinates></LinearRing></outerBoundaryIs>"
           "</Polygon></Placemark></Document></kml>")
    path = tmp_path / "pho-noi.kml"
    path.write_text(kml, encoding="utf-8")
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Z/M" not in out
    zones = io.load_zones().set_index("zone_id")
    assert zones.at["hy-pho-noi-a", "geometry_quality"] == "digitized"
    assert main(["undo"]) == 0
    assert main(["import", str(path), "--geometry-quality", "surveyed"]) == 0
    assert io.load_zones().set_index("zone_id").at["hy-pho-noi-a",
                                                   "geometry_quality"] == "surveyed"
