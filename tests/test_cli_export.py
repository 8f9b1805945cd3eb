"""Tests of ``python -m geo export``: filters, format from extension, CRS, bad arguments."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import CRS

from geo.accounts.landuse import filter_zones
from geo.cli import main
from geo.settings import REPO_ROOT
from geo.store.bundled import load_zones


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_export_filtered_geojson(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bn.geojson"
    code, out, err = _run(["export", "-o", str(target), "--province", "Bắc Ninh",
                           "--status", "operating"], capsys)
    assert code == 0, err
    expected = filter_zones(load_zones(), provinces=["Bắc Ninh"], statuses=["operating"])
    doc = json.loads(target.read_bytes())
    assert sorted(f["properties"]["zone_id"] for f in doc["features"]) == sorted(
        expected["zone_id"])
    assert {f["properties"]["province"] for f in doc["features"]} == {"Bắc Ninh"}
    assert f"wrote {len(expected)} features" in out and str(target) in out
    assert "EPSG:4326" in out and "GeoJSON" in out


def test_export_format_flag_and_vn2000_shapefile(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "hai-phong.zip"
    code, out, err = _run(["export", "-o", str(target), "--province", "Hai Phong",
                           "--kind", "KCN", "--crs", "vn2000"], capsys)
    assert code == 0, err
    assert "EPSG:9210" in out
    with zipfile.ZipFile(target) as archive:
        prj = archive.read("zones_polygons.prj").decode()
    assert CRS.from_wkt(prj) == CRS.from_epsg(9210)  # Hải Phòng: TM-3 105°45'
    polygons = gpd.read_file(f"/vsizip/{target}/zones_polygons.shp", engine="pyogrio")
    assert set(polygons["province"]) == {"Hải Phòng"} and set(polygons["kind"]) == {"KCN"}

    # --format wins over the extension
    other = tmp_path / "table.dat"
    code, out, err = _run(["export", "-o", str(other), "--format", "csv", "--edition", "2025",
                           "--province", "Hưng Yên"], capsys)
    assert code == 0, err
    table = pd.read_csv(other, encoding="utf-8-sig")
    expected = filter_zones(load_zones(), provinces=["Hưng Yên"], edition=2025)
    assert len(table) == len(expected) and set(table["province"]) == {"Hưng Yên", "Thái Bình"}


def test_export_gpkg_in_utm48n(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "all.gpkg"
    code, out, _ = _run(["export", "-o", str(target), "--crs", "EPSG:3405"], capsys)
    assert code == 0 and "EPSG:3405" in out
    back = gpd.read_file(target, engine="pyogrio")
    assert len(back) == len(load_zones())
    assert CRS.from_user_input(back.crs) == CRS.from_epsg(3405)


@pytest.mark.parametrize("argv, needle", [
    (["-o", "{tmp}/x.txt"], "extension"),
    (["-o", "{tmp}/x.geojson", "--format", "dxf"], "invalid choice"),
    (["-o", "{tmp}/x.geojson", "--province", "Atlantis"], "unknown province 'Atlantis'"),
    (["-o", "{tmp}/x.geojson", "--status", "closed"], "unknown status 'closed'"),
    (["-o", "{tmp}/x.gpkg", "--crs", "EPSG:999999"], "unknown CRS 'EPSG:999999'"),
    (["-o", "{tmp}/x.gpkg", "--crs", "EPSG:3857"], "is not offered"),
    (["-o", "{tmp}/x.kml", "--crs", "EPSG:9209"], "always WGS 84"),
    (["-o", "{tmp}/x.gpkg", "--crs", "vn2000"], "EPSG:3405"),
    (["-o", "{tmp}/no/such/dir/x.gpkg"], "cannot write"),
    (["-o", "{tmp}/x.geojson", "--province", "Bắc Ninh", "--kind", "KCX"], "empty"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            argv: list[str], needle: str) -> None:
    code, out, err = _run(["export", *(a.format(tmp=tmp_path) for a in argv)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and needle in err, err
    assert "Traceback" not in err
    assert list(tmp_path.rglob("*")) == []  # nothing written, no temp file left


def test_python_dash_m_geo_export(tmp_path: Path) -> None:
    target = tmp_path / "kcn.xlsx"
    proc = subprocess.run([sys.executable, "-m", "geo", "export", "-o", str(target),
                           "--province", "Quảng Ninh"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    sheets = pd.read_excel(io.BytesIO(target.read_bytes()), sheet_name=None)
    expected = filter_zones(load_zones(), provinces=["Quảng Ninh"])
    assert sorted(sheets["zones"]["zone_id"]) == sorted(expected["zone_id"])
    assert proc.stdout.startswith(f"wrote {len(expected)} features")


def test_export_2025_incomplete_province_says_so(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from geo.core.i18n import t

    note_en = t("note_incomplete", "en").format(name="Bắc Ninh", parts="Bắc Giang")
    note_vi = t("note_incomplete", "vi").format(name="Bắc Ninh", parts="Bắc Giang")
    target = tmp_path / "bn.shp.zip"
    code, out, err = _run(["export", "--edition", "2025", "--province", "Bắc Ninh",
                           "-o", str(target)], capsys)
    assert code == 0, err
    expected = filter_zones(load_zones(), provinces=["Bắc Ninh"], edition=2025)
    assert f"wrote {len(expected)} features" in out
    assert f"note: {note_en}" in out.splitlines()
    with zipfile.ZipFile(target) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    assert note_vi in readme and note_en in readme
    book = tmp_path / "bn.xlsx"
    code, out, err = _run(["export", "--edition", "2025", "--province", "bac-ninh",
                           "-o", str(book)], capsys)
    assert code == 0, err
    sources = pd.read_excel(book, sheet_name="sources")
    assert {note_vi, note_en} <= set(sources.loc[sources["scope"] == "note", "name"])
    # a complete province, or the 2024 edition: no note
    for argv in (["--edition", "2025", "--province", "Hà Nội"],
                 ["--edition", "2024", "--province", "Bắc Ninh"]):
        code, out, err = _run(["export", *argv, "-o", str(tmp_path / "x.csv")], capsys)
        assert code == 0, err
        assert "note:" not in out
