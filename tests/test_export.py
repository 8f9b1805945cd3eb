"""Tests of geo.exports.writers: round-trips per format, RFC 7946, CRS choices, names, atomic
writes."""

from __future__ import annotations

import io
import json
import math
import os
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geojson_validator
import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import CRS
from shapely.geometry import MultiPolygon, Point, Polygon

from geo.accounts.landuse import add_accounts
from geo.core.crs import vn2000_crs_choices
from geo.core.schema import ZONE_FIELDS
from geo.errors import CRSError, ExportError
from geo.exports.crs import VN2000_AUTO, resolve_crs
from geo.exports.fields import DBF_TEXT_BYTES, SHAPEFILE_NAMES
from geo.exports.formats import EXTENSIONS, FORMATS, MEDIA_TYPES, export_filename, format_from_path
from geo.exports.writers import export_layer, export_zones, write_export
from geo.store.bundled import load_zones

geojson_validator.configure_logging(enabled=False)

NAME_HP = "KCN Đình Vũ – Hải Phòng"
NAME_BN = "KCN Yên Phong (mở rộng)"
LONG_TEXT = "Công ty cổ phần phát triển hạ tầng khu công nghiệp Việt Nam; " * 8  # > 254 bytes
KML_NS = "{http://www.opengis.net/kml/2.2}"


def _zones() -> gpd.GeoDataFrame:
    """Four zones: clockwise polygon with a counter-clockwise hole, multipolygon, point, none."""
    cw_with_hole = Polygon(
        [(106.7000001234, 20.8000009876), (106.7, 20.85), (106.75, 20.85), (106.75, 20.8)],
        holes=[[(106.71, 20.81), (106.74, 20.81), (106.74, 20.84), (106.71, 20.84)]],
    )
    assert not cw_with_hole.exterior.is_ccw and cw_with_hole.interiors[0].is_ccw
    multi = MultiPolygon([Polygon([(106.0, 21.2), (106.02, 21.2), (106.02, 21.22)]),
                          Polygon([(106.05, 21.2), (106.07, 21.2), (106.07, 21.23)])])
    frame = pd.DataFrame({
        "zone_id": ["hp-dinh-vu", "bn-yen-phong", "bn-que-vo", "bn-unknown"],
        # the Bắc Ninh name arrives decomposed (NFD): exports must carry it as NFC
        "name": [NAME_HP, unicodedata.normalize("NFD", NAME_BN), "KCN Quế Võ", "KCN Chưa rõ"],
        "kind": ["KCN"] * 4,
        "status": ["operating", "operating", "planned", "unknown"],
        "province": ["Hải Phòng", "Bắc Ninh", "Bắc Ninh", "Bắc Ninh"],
        "developer": [LONG_TEXT, None, "Viglacera", None],
        "planned_area_ha": [1329.0, 657.5, math.nan, 300.25],
        "occupancy_pct": [85.5, math.nan, math.nan, 12.0],
        "source_url": ["https://example.org/dinh-vu", "https://example.org/yen-phong",
                       "https://example.org/que-vo", "https://example.org/unknown"],
    })
    geoms = [cw_with_hole, multi, Point(106.123456789, 21.1), None]
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")


def _same_value(a: object, b: object) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b)) or b == ""
    if isinstance(a, float):
        return math.isclose(a, float(b), rel_tol=1e-12)  # type: ignore[arg-type]
    return str(a) == str(b)


def _check_fields(expected: pd.DataFrame, got: pd.DataFrame, fields: list[str]) -> None:
    got = got.set_index("zone_id")
    for _, row in expected.iterrows():
        for field in fields:
            want = row[field]
            if isinstance(want, str):
                want = unicodedata.normalize("NFC", want)
            value = got.at[row["zone_id"], field]
            assert _same_value(want, value), (row["zone_id"], field, want, value)


def _close(a: shapely.Geometry, b: shapely.Geometry, tol: float) -> bool:
    return bool(a.symmetric_difference(b).area <= tol * max(a.length, 1e-9) or a.equals_exact(
        b, tol))


FIELDS = ["name", "kind", "status", "province", "planned_area_ha", "occupancy_pct", "source_url"]


# ---------------------------------------------------------------------------------------------
# GeoJSON
def test_geojson_follows_rfc7946_by_the_validator_and_our_checks() -> None:
    zones = _zones()
    # the validator does flag the clockwise input, so its verdict on our output means something
    flagged = geojson_validator.validate_geometries(json.loads(zones.to_json()))
    assert flagged["invalid"].get("exterior_not_ccw") == [0]
    assert flagged["invalid"].get("interior_not_cw") == [0]

    data = export_zones(zones, fmt="geojson")
    doc = json.loads(data.decode("utf-8"))
    assert geojson_validator.validate_structure(doc, check_crs=True) == {}
    result = geojson_validator.validate_geometries(doc)
    assert result["invalid"] == {}
    assert "crs" not in doc
    assert NAME_HP.encode("utf-8") in data and b"\\u" not in data  # UTF-8 unescaped

    def numbers(coords: object) -> list[float]:
        if isinstance(coords, list):
            return [x for c in coords for x in numbers(c)]
        return [float(coords)]  # type: ignore[arg-type]

    coords = [x for f in doc["features"] if f["geometry"]
              for x in numbers(f["geometry"]["coordinates"])]
    assert coords and all(round(x, 6) == x for x in coords)
    assert 106.123457 in coords and 106.7 in coords  # 106.123456789 and 106.7000001234 rounded
    by_id = {f["properties"]["zone_id"]: f for f in doc["features"]}
    assert by_id["bn-unknown"]["geometry"] is None  # kept, not dropped
    assert by_id["bn-que-vo"]["properties"]["planned_area_ha"] is None  # NaN → null
    assert by_id["bn-yen-phong"]["properties"]["name"] == NAME_BN  # NFC


def test_geojson_round_trip() -> None:
    zones = _zones()
    back = gpd.read_file(io.BytesIO(export_zones(zones, fmt="geojson")), engine="pyogrio")
    assert len(back) == len(zones)
    assert CRS.from_user_input(back.crs) == CRS.from_epsg(4326)
    _check_fields(zones, back, [*FIELDS, "developer"])
    for zone_id, geom in zip(zones["zone_id"], zones.geometry, strict=True):
        got = back.set_index("zone_id").geometry[zone_id]
        if geom is None:
            assert got is None or got.is_empty
        else:
            assert _close(geom, got, 1e-6)


# ---------------------------------------------------------------------------------------------
# GeoPackage
@pytest.mark.parametrize("crs, epsg", [(None, 4326), ("EPSG:9209", 9209), (3405, 3405)])
def test_gpkg_round_trip_in_crs(tmp_path: Path, crs: object, epsg: int) -> None:
    zones = _zones()
    path = tmp_path / "zones.gpkg"
    path.write_bytes(export_zones(zones, fmt="gpkg", crs=crs))  # type: ignore[arg-type]
    assert pyogrio.list_layers(path)[:, 0].tolist() == ["zones"]
    back = gpd.read_file(path, layer="zones", engine="pyogrio")
    assert CRS.from_user_input(back.crs) == CRS.from_epsg(epsg)
    assert len(back) == 4
    _check_fields(zones, back, [*FIELDS, "developer"])
    expected = zones.to_crs(epsg).set_index("zone_id").geometry
    tol = 1e-6 if epsg == 4326 else 1e-3
    for zone_id, geom in back.set_index("zone_id").geometry.items():
        if expected[zone_id] is None:
            assert geom is None or geom.is_empty
        else:
            assert _close(expected[zone_id], geom, tol)


# ---------------------------------------------------------------------------------------------
# Shapefile (zip)
def test_shapefile_zip_round_trip_in_vn2000(tmp_path: Path) -> None:
    zones = _zones()
    path = tmp_path / "zones.shp.zip"
    path.write_bytes(export_zones(zones, fmt="shp", crs="EPSG:9209"))
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"zones_polygons.shp", "zones_polygons.dbf", "zones_polygons.prj",
                "zones_polygons.cpg", "zones_points.shp", "zones_unlocated.csv",
                "fields.csv", "README.txt", "truncated_values.csv"} <= names
        assert archive.read("zones_polygons.cpg").decode().strip().upper() == "UTF-8"
        prj = archive.read("zones_polygons.prj").decode()
        fields = pd.read_csv(io.BytesIO(archive.read("fields.csv")), encoding="utf-8-sig")
        unlocated = pd.read_csv(io.BytesIO(archive.read("zones_unlocated.csv")),
                                encoding="utf-8-sig")
        truncated = pd.read_csv(io.BytesIO(archive.read("truncated_values.csv")),
                                encoding="utf-8-sig")
        readme = archive.read("README.txt").decode("utf-8")
    assert CRS.from_wkt(prj) == CRS.from_epsg(9209)
    assert "EPSG:9209" in readme and "plan_ha" in readme
    short = dict(zip(fields["field"], fields["shapefile_name"], strict=True))
    assert short["planned_area_ha"] == "plan_ha" and all(len(s) <= 10 for s in short.values())
    assert unlocated["zone_id"].tolist() == ["bn-unknown"]

    polygons = gpd.read_file(f"zip://{path}!zones_polygons.shp", engine="pyogrio")
    points = gpd.read_file(f"/vsizip/{path}/zones_points.shp", engine="pyogrio")
    assert CRS.from_user_input(polygons.crs) == CRS.from_epsg(9209)
    assert sorted(polygons["zone_id"]) == ["bn-yen-phong", "hp-dinh-vu"]
    assert points["zone_id"].tolist() == ["bn-que-vo"]
    assert all(len(c) <= 10 for c in polygons.columns)
    back = pd.concat([polygons.drop(columns="geometry"), points.drop(columns="geometry")])
    back = back.rename(columns={v: k for k, v in short.items()})
    combined = pd.concat([back, unlocated], ignore_index=True)
    assert sorted(combined["zone_id"]) == sorted(zones["zone_id"])
    _check_fields(zones, combined, FIELDS)
    # the long text is cut to 254 bytes at a character boundary; its full text is kept apart
    dev = polygons.set_index("zone_id").at["hp-dinh-vu", "developer"]
    assert len(dev.encode("utf-8")) <= DBF_TEXT_BYTES and LONG_TEXT.startswith(dev)
    assert truncated.loc[truncated["id"] == "hp-dinh-vu", "full_value"].tolist() == [LONG_TEXT]
    expected = zones.to_crs(9209).set_index("zone_id").geometry
    for zone_id, geom in polygons.set_index("zone_id").geometry.items():
        assert _close(expected[zone_id], geom, 1e-3)


def test_shapefile_names_are_unique_and_short() -> None:
    assert len(set(SHAPEFILE_NAMES.values())) == len(SHAPEFILE_NAMES)
    assert all(0 < len(v) <= 10 for v in SHAPEFILE_NAMES.values())
    assert set(ZONE_FIELDS) <= set(SHAPEFILE_NAMES)
    # unknown long names get distinct derived names
    zones = _zones().assign(a_very_long_field_one=1.0, a_very_long_field_two=2.0)
    with zipfile.ZipFile(io.BytesIO(export_layer(zones, fmt="shp", layer="x"))) as archive:
        fields = pd.read_csv(io.BytesIO(archive.read("fields.csv")), encoding="utf-8-sig")
    derived = fields.set_index("field")["shapefile_name"]
    assert derived["a_very_long_field_one"] != derived["a_very_long_field_two"]
    assert fields["shapefile_name"].str.len().max() <= 10


# ---------------------------------------------------------------------------------------------
# KML
def test_kml_round_trip_names_and_extended_data(tmp_path: Path) -> None:
    zones = _zones()
    data = export_zones(zones, fmt="kml")
    root = ET.fromstring(data)
    placemarks = root.findall(f".//{KML_NS}Placemark")
    assert [p.findtext(f"{KML_NS}name") for p in placemarks] == [
        NAME_HP, NAME_BN, "KCN Quế Võ", "KCN Chưa rõ"]
    first = {d.get("name"): d.text for d in placemarks[0].iter(f"{KML_NS}SimpleData")}
    assert first["zone_id"] == "hp-dinh-vu" and float(first["planned_area_ha"]) == 1329.0
    outer = placemarks[0].find(f".//{KML_NS}outerBoundaryIs//{KML_NS}coordinates")
    assert outer is not None and outer.text is not None
    ring = [tuple(map(float, c.split(",")[:2])) for c in outer.text.split()]
    assert shapely.LinearRing(ring).is_ccw  # KML wants counter-clockwise outer rings
    path = tmp_path / "zones.kml"
    path.write_bytes(data)
    back = gpd.read_file(path, engine="pyogrio")
    assert len(back) == 4
    assert CRS.from_user_input(back.crs) == CRS.from_epsg(4326)
    back = back.rename(columns={"Name": "name"})
    _check_fields(zones, back, FIELDS)
    assert back.set_index("zone_id").geometry["bn-unknown"] is None


def test_kml_and_csv_refuse_another_crs() -> None:
    for fmt in ("geojson", "kml", "csv", "xlsx"):
        with pytest.raises(ExportError, match="always WGS 84"):
            export_zones(_zones(), fmt=fmt, crs="EPSG:3405")
        with pytest.raises(ExportError, match="always WGS 84"):
            export_zones(_zones(), fmt=fmt, crs="vn2000")
        assert export_zones(_zones(), fmt=fmt, crs="EPSG:4326")


# ---------------------------------------------------------------------------------------------
# CSV
def test_csv_round_trip_with_bom_lonlat_and_wkt() -> None:
    zones = _zones()
    data = export_zones(zones, fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(back) == 4
    _check_fields(zones, back, [*FIELDS, "developer"])
    rows = back.set_index("zone_id")
    assert (rows.at["bn-que-vo", "lon"], rows.at["bn-que-vo", "lat"]) == (106.123457, 21.1)
    assert rows.at["bn-que-vo", "xy_basis"] == "point"
    assert rows.at["hp-dinh-vu", "xy_basis"] == "centroid"
    centre = Point(rows.at["hp-dinh-vu", "lon"], rows.at["hp-dinh-vu", "lat"])
    assert centre.distance(zones.geometry[0].centroid) < 1e-4  # (inside the hole, as it should)
    assert math.isnan(rows.at["bn-unknown", "lon"]) and pd.isna(rows.at["bn-unknown", "wkt"])
    multi = shapely.from_wkt(rows.at["bn-yen-phong", "wkt"])
    assert _close(zones.geometry[1], multi, 1e-6)


# ---------------------------------------------------------------------------------------------
# Excel
def test_xlsx_round_trip_fields_and_sources_sheets() -> None:
    zones = _zones()
    data = export_zones(zones, fmt="xlsx")
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["zones", "fields", "sources"]
    _check_fields(zones, sheets["zones"], [*FIELDS, "developer"])
    fields = sheets["fields"].set_index("field")
    assert set(zones.columns.drop("geometry")) <= set(fields.index)
    assert fields.at["planned_area_ha", "unit"] == "ha"
    assert fields.at["planned_area_ha", "description_vi"] == "Diện tích quy hoạch"
    assert fields.at["planned_area_ha", "description_en"] == "Planned area"
    sources = sheets["sources"]
    feature_urls = sources.loc[sources["scope"] == "feature", "url"].tolist()
    assert sorted(feature_urls) == sorted(zones["source_url"])
    assert (sources["scope"] == "dataset").any()
    ws = openpyxl.load_workbook(io.BytesIO(data))["zones"]
    header = [c.value for c in ws[1]]
    col = header.index("planned_area_ha") + 1
    assert ws.cell(row=2, column=col).number_format == "#,##0.0"
    assert ws.cell(row=2, column=col).value == 1329.0  # full value, formatted on display


# ---------------------------------------------------------------------------------------------
# CRS
def test_vn2000_auto_uses_the_province_tm3_or_refuses_mixed_meridians(tmp_path: Path) -> None:
    zones = _zones()
    bac_ninh = zones[zones["province"] == "Bắc Ninh"]
    assert resolve_crs(bac_ninh, fmt="shp", crs="vn2000") == CRS.from_epsg(9209)
    with zipfile.ZipFile(io.BytesIO(export_zones(bac_ninh, fmt="shp", crs="vn2000"))) as zf:
        assert CRS.from_wkt(zf.read("zones_polygons.prj").decode()) == CRS.from_epsg(9209)
    mixed = zones.copy()
    mixed.loc[0, "province"] = "Hà Nội"  # 105°00' (EPSG:5897) vs 105°30' (EPSG:9209)
    with pytest.raises(ExportError, match="EPSG:3405") as info:
        export_zones(mixed, fmt="gpkg", crs="vn2000")
    assert "EPSG:5897" in str(info.value) and "EPSG:9209" in str(info.value)


@pytest.mark.parametrize("crs", ["EPSG:999999", "not a crs", "EPSG:3857"])
def test_unknown_or_unoffered_crs_is_refused(crs: str) -> None:
    with pytest.raises(ExportError, match="CRS"):
        export_zones(_zones(), fmt="gpkg", crs=crs)


def test_input_crs_is_required_and_respected() -> None:
    with pytest.raises(CRSError, match="no CRS"):
        export_zones(_zones().set_crs(None, allow_override=True), fmt="geojson")
    projected = _zones().to_crs(9209)  # a VN-2000 input is written as WGS 84 GeoJSON
    doc = json.loads(export_zones(projected, fmt="geojson"))
    point = next(f for f in doc["features"] if f["properties"]["zone_id"] == "bn-que-vo")
    assert point["geometry"]["coordinates"] == pytest.approx([106.123457, 21.1], abs=2e-6)


# ---------------------------------------------------------------------------------------------
# Names, input frame, atomic writes
def test_export_filename_cases() -> None:
    assert export_filename(provinces=["Bắc Ninh"], statuses=["operating"], fmt="geojson") == (
        "kcn_bac-ninh_operating_2024.geojson")
    assert export_filename(fmt="shp") == "kcn_dbsh_all_2024.shp.zip"
    assert export_filename(provinces=["Hải Dương", "Hà Nội"], statuses=["under_construction",
                           "planned"], kinds=["KCN", "KCX"], fmt="xlsx", edition=2024) == (
        "kcn_hai-duong+ha-noi_kcn+kcx_under-construction+planned_2024.xlsx")
    assert export_filename(provinces=["Hải Phòng"], edition=2025, fmt="kml") == (
        "kcn_hai-phong_all_2025.kml")
    every = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Hưng Yên", "Bắc Ninh", "Ninh Bình"]
    assert export_filename(provinces=every, edition=2025, fmt="csv") == "kcn_dbsh_all_2025.csv"
    assert export_filename(provinces=every[:4], edition=2025, fmt="csv") == (
        "kcn_4-provinces_all_2025.csv")
    assert export_filename(layer="nhà ở", fmt="gpkg") == "nha-o_dbsh_all_2024.gpkg"
    for name in (export_filename(provinces=["Quảng Ninh"], fmt=f) for f in FORMATS):
        assert name.isascii() and " " not in name
    with pytest.raises(ExportError, match="unknown export format"):
        export_filename(fmt="dxf")


def test_formats_tables_and_format_from_path() -> None:
    assert set(MEDIA_TYPES) == set(EXTENSIONS) == set(FORMATS)
    cases = {"a.geojson": "geojson", "a.JSON": "geojson", "b.gpkg": "gpkg", "c.shp.zip": "shp",
             "c.zip": "shp", "d.kml": "kml", "e.csv": "csv", "f.xlsx": "xlsx"}
    for name, fmt in cases.items():
        assert format_from_path(name) == fmt
        assert format_from_path(export_filename(fmt=fmt)) == fmt
    for bad in ("x.shp", "x.txt", "noext"):
        with pytest.raises(ExportError, match="extension"):
            format_from_path(bad)


def test_export_does_not_mutate_the_input() -> None:
    zones = _zones()
    before = zones.copy()
    for fmt in FORMATS:
        export_zones(zones, fmt=fmt, crs="EPSG:9209" if fmt in ("gpkg", "shp") else None)
    pd.testing.assert_frame_equal(pd.DataFrame(zones.drop(columns="geometry")),
                                  pd.DataFrame(before.drop(columns="geometry")))
    assert zones.geometry.equals(before.geometry) and zones.crs == before.crs
    assert zones.at[1, "name"] == unicodedata.normalize("NFD", NAME_BN)


def test_empty_selection_is_refused() -> None:
    with pytest.raises(ExportError, match="empty"):
        export_zones(_zones().iloc[0:0], fmt="geojson")


def test_write_export_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.geojson"
    summary = write_export(_zones(), target)
    assert summary.features == 4 and summary.unlocated == 1
    assert summary.by_geometry == {"polygons": 2, "points": 1}
    assert "4 features" in summary.describe() and "EPSG:4326" in summary.describe()
    good = target.read_bytes()
    assert len(json.loads(good)["features"]) == 4

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left"):
        write_export(_zones().iloc[:1], target)
    monkeypatch.undo()
    assert target.read_bytes() == good  # old file unchanged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]  # no temp left

    with pytest.raises(ExportError, match="always WGS 84"):
        write_export(_zones(), tmp_path / "new.kml", crs="EPSG:3405")
    with pytest.raises(ExportError, match="cannot write"):
        write_export(_zones(), tmp_path / "missing" / "x.gpkg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]


def test_extra_columns_from_accounts_export() -> None:
    zones = _zones()
    for column in set(ZONE_FIELDS) - set(zones.columns):
        zones[column] = np.nan if ZONE_FIELDS[column] == "float" else None
    accounts = gpd.GeoDataFrame(add_accounts(zones), geometry="geometry", crs=zones.crs)
    with zipfile.ZipFile(io.BytesIO(export_zones(accounts, fmt="shp"))) as archive:
        fields = pd.read_csv(io.BytesIO(archive.read("fields.csv")), encoding="utf-8-sig")
    assert "in_use_area_ha" in set(fields["field"])
    assert fields["shapefile_name"].is_unique


# ---------------------------------------------------------------------------------------------
# The bundled data: every zone in every format
def test_bundled_zones_export_to_every_format(tmp_path: Path) -> None:
    zones = load_zones()
    n = len(zones)
    unlocated = int(zones.geometry.isna().sum())
    assert n == 226
    for fmt in FORMATS:
        path = tmp_path / f"all{EXTENSIONS[fmt]}"
        summary = write_export(zones, path, fmt=fmt)
        assert summary.features == n and summary.unlocated == unlocated
        if fmt == "shp":
            with zipfile.ZipFile(path) as archive:
                shps = [x for x in archive.namelist() if x.endswith(".shp")]
                rest = pd.read_csv(io.BytesIO(archive.read("zones_unlocated.csv")),
                                   encoding="utf-8-sig")
            parts = [gpd.read_file(f"/vsizip/{path}/{s}", engine="pyogrio") for s in shps]
            ids = [i for p in parts for i in p["zone_id"]] + rest["zone_id"].tolist()
        elif fmt in ("csv", "xlsx"):
            table = (pd.read_csv(path, encoding="utf-8-sig") if fmt == "csv"
                     else pd.read_excel(path, sheet_name="zones"))
            ids = table["zone_id"].tolist()
        else:
            back = gpd.read_file(path, engine="pyogrio")
            assert CRS.from_user_input(back.crs) == CRS.from_epsg(4326)
            ids = back["zone_id"].tolist()
        assert sorted(ids) == sorted(zones["zone_id"]), fmt
    doc = json.loads((tmp_path / "all.geojson").read_bytes())
    assert geojson_validator.validate_structure(doc, check_crs=True) == {}
    assert geojson_validator.validate_geometries(doc)["invalid"] == {}


def test_every_offered_crs_choice_is_accepted_for_gpkg() -> None:
    # what the export page offers: WGS 84, the province's TM-3, UTM 48N and every TM-3 code
    choices = {"a": "EPSG:4326", "b": VN2000_AUTO, "c": "EPSG:3405",
               **{label: f"EPSG:{code}" for label, code in vn2000_crs_choices().items()}}
    assert "EPSG:3405" in choices.values() and "EPSG:9209" in choices.values()
    bac_ninh = _zones().iloc[1:]
    for value in choices.values():
        assert resolve_crs(bac_ninh, fmt="gpkg", crs=value).is_projected or value == "EPSG:4326"


# ---------------------------------------------------------------------------------------------
# Notes (caveats of the selection) inside the file
NOTES = ["Bắc Ninh (2025) chưa đủ: dữ liệu thiếu Bắc Giang.",
         "Bắc Ninh (2025) is incomplete: the data lacks Bắc Giang."]


def test_notes_are_recorded_where_the_format_has_room(tmp_path: Path) -> None:
    zones = _zones()
    with zipfile.ZipFile(io.BytesIO(export_zones(zones, fmt="shp", notes=NOTES))) as archive:
        readme = archive.read("README.txt").decode("utf-8")
    assert all(note in readme for note in NOTES)
    sources = pd.read_excel(io.BytesIO(export_zones(zones, fmt="xlsx", notes=NOTES)),
                            sheet_name="sources")
    assert sources.loc[sources["scope"] == "note", "name"].tolist() == NOTES
    assert sources["scope"].iloc[0] == "note"  # read first
    doc = json.loads(export_zones(zones, fmt="geojson", notes=NOTES))
    assert doc["description"] == " | ".join(NOTES)
    path = tmp_path / "z.gpkg"
    path.write_bytes(export_zones(zones, fmt="gpkg", notes=NOTES))
    import sqlite3

    with sqlite3.connect(path) as db:
        [(description,)] = db.execute("SELECT description FROM gpkg_contents").fetchall()
    assert description == " | ".join(NOTES)
    # no notes: nothing added
    with zipfile.ZipFile(io.BytesIO(export_zones(zones, fmt="shp"))) as archive:
        assert "NOTES" not in archive.read("README.txt").decode("utf-8")
    plain = pd.read_excel(io.BytesIO(export_zones(zones, fmt="xlsx")), sheet_name="sources")
    assert "note" not in set(plain["scope"])
    assert "description" not in json.loads(export_zones(zones, fmt="geojson"))
    summary = write_export(zones, tmp_path / "z.xlsx", notes=NOTES)
    assert summary.features == len(zones)
    written = pd.read_excel(tmp_path / "z.xlsx", sheet_name="sources")
    assert NOTES[0] in set(written["name"])
