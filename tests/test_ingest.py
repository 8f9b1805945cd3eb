"""Reading uploads: formats, VN-2000 without .prj, legacy encodings, mapping, bad input.

Every fixture is made here, in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
import zipfile
from pathlib import Path

import ezdxf
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from pyproj import Transformer
from shapely.geometry import Polygon, box

from geo.core.crs import geodesic_distance_m
from geo.errors import AtlasError, CRSError, FilterError, ImportRefused, ParameterError
from geo.imports.archive import safe_extract, sniff_format
from geo.imports.encoding import encode_text
from geo.imports.options import check_options
from geo.imports.pipeline import list_layers, read_upload

# ~2 km x 2.2 km around KCN Yên Phong, Bắc Ninh (lon/lat); and in VN-2000 TM-3 105°30' (EPSG:9209)
LONLAT = [(105.94, 21.19), (105.96, 21.19), (105.96, 21.21), (105.94, 21.21)]
TO_TM3 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
FROM_TM3 = Transformer.from_crs("EPSG:9209", "EPSG:4326", always_xy=True)  # the PROJ reference
TM3 = [TO_TM3.transform(x, y) for x, y in LONLAT]
NAMES = ["Khu công nghiệp Yên Phong", "Đình Vũ", "Hải Dương", "Quế Võ"]


def _legacy_shapefile(folder: Path, names: list[str], encoding: str, *, cpg: str | None = None,
                      prj: str | None = None, crs_epsg: int = 9209) -> Path:
    """A zipped shapefile (no .prj unless given) whose DBF names are in ``encoding`` bytes."""
    tr = Transformer.from_crs("EPSG:9209", f"EPSG:{crs_epsg}", always_xy=True)
    polys = []
    for i in range(len(names)):
        ring = [tr.transform(x + i * 3000.0, y) for x, y in TM3]
        polys.append(Polygon(ring))
    raw = [encode_text(n, encoding).decode("latin1") for n in names]
    gdf = gpd.GeoDataFrame({"TEN_KCN": raw, "DT_QH": [float("nan")] * len(names)},
                           geometry=polys, crs=None)
    shp = folder / "ranh_gioi.shp"
    gdf.to_file(shp, encoding="latin1")
    shp.with_suffix(".cpg").unlink(missing_ok=True)
    if cpg is not None:
        shp.with_suffix(".cpg").write_text(cpg)
    if prj is not None:
        shp.with_suffix(".prj").write_text(prj)
    archive = folder / "ranh_gioi.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for side in folder.glob("ranh_gioi.*"):
            if side.suffix != ".zip":
                zf.write(side, side.name)
    return archive


def _max_error_m(got: Polygon, source_ring: list[tuple[float, float]]) -> float:
    ref = np.array([FROM_TM3.transform(x, y) for x, y in source_ring])
    pts = np.array(got.exterior.coords)
    # compare each reference vertex with the nearest result vertex (ring order may change)
    errs = [geodesic_distance_m(np.full(len(pts), rx), np.full(len(pts), ry), pts[:, 0],
                                pts[:, 1]).min() for rx, ry in ref]
    return float(max(errs))


def test_vn2000_without_prj_tcvn3_lands_within_a_metre(tmp_path: Path) -> None:
    archive = _legacy_shapefile(tmp_path, NAMES[:2], "tcvn3")
    with pytest.raises(ImportRefused, match="--province") as exc:
        read_upload(archive)
    assert exc.value.report.errors and "ranh_gioi.zip" in str(exc.value)
    result = read_upload(archive, province="Bắc Ninh")
    assert result.detected.crs == "EPSG:9209"
    assert result.detected.crs_source.startswith("user")
    assert (result.detected.encoding, result.detected.encoding_source) == ("tcvn3", "detected")
    assert list(result.frame["name"]) == NAMES[:2]
    assert result.frame.crs.to_epsg() == 4326
    assert _max_error_m(result.frame.geometry.iloc[0], TM3) < 1.0
    assert result.report.ok, result.report.text()
    # the wrong province's meridian (105°00') would put it hundreds of metres off
    wrong = read_upload(archive, province="Hà Nội")
    assert _max_error_m(wrong.frame.geometry.iloc[0], TM3) > 100.0


def test_vni_dbf_with_wrong_cpg(tmp_path: Path) -> None:
    archive = _legacy_shapefile(tmp_path, NAMES, "vni", cpg="UTF-8")
    result = read_upload(archive, province="Bac Ninh")
    assert list(result.frame["name"]) == NAMES
    assert result.detected.encoding == "vni"
    assert any(".cpg" in f.message_en or "UTF-8" in str(f.value) for f in
               result.report.warnings)
    forced = read_upload(archive, province="Bac Ninh", encoding="tcvn3")
    assert forced.detected.encoding_source == "user"
    assert list(forced.frame["name"]) != NAMES


def test_cp1258_with_cpg(tmp_path: Path) -> None:
    archive = _legacy_shapefile(tmp_path, NAMES, "cp1258", cpg="1258")
    result = read_upload(archive, province="Bắc Ninh")
    assert list(result.frame["name"]) == NAMES
    assert (result.detected.encoding, result.detected.encoding_source) == ("cp1258",
                                                                           "file (.cpg)")


@pytest.mark.parametrize("towgs", ["", ",TOWGS84[-191.90441429,-39.30318279,-111.45032835,"
                                   "-0.00928836,0.01975479,-0.00427372,0.252906278]"])
def test_esri_prj_with_and_without_towgs84(tmp_path: Path, towgs: str) -> None:
    prj = ('PROJCS["VN_2000_KT105-30_3deg",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",'
           f'SPHEROID["WGS_1984",6378137.0,298.257223563]{towgs}],PRIMEM["Greenwich",0.0],'
           'UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
           'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
           'PARAMETER["Central_Meridian",105.5],PARAMETER["Scale_Factor",0.9999],'
           'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
    result = read_upload(_legacy_shapefile(tmp_path, NAMES[:1], "utf-8", prj=prj))
    assert (result.detected.crs, result.detected.crs_source) == ("EPSG:9209", "file")
    assert _max_error_m(result.frame.geometry.iloc[0], TM3) < 1.0


def test_utm_48n(tmp_path: Path) -> None:
    archive = _legacy_shapefile(tmp_path, NAMES[:1], "utf-8", crs_epsg=3405)
    result = read_upload(archive, utm=48)
    assert result.detected.crs == "EPSG:3405"
    assert _max_error_m(result.frame.geometry.iloc[0], TM3) < 1.0


def _geojson(path: Path, coords: list[tuple[float, float]], props: dict[str, object]) -> Path:
    feature = {"type": "Feature", "properties": props,
               "geometry": {"type": "Polygon", "coordinates": [[*coords, coords[0]]]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]},
                               ensure_ascii=False), encoding="utf-8")
    return path


def test_geojson_swapped_lat_lon_fixed(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "kcn.geojson", [(y, x) for x, y in LONLAT],
                    {"Tên KCN": "KCN Yên Phong", "Diện tích (ha)": "460,5", "Tỉnh": "Bac Ninh"})
    result = read_upload(path)
    assert result.detected.crs_source == "swapped lat/lon fixed"
    assert any(f.field == "geometry" for f in result.report.warnings)
    minx, miny, _, _ = result.frame.total_bounds
    assert minx == pytest.approx(105.94) and miny == pytest.approx(21.19)
    row = result.frame.iloc[0]
    assert (row["name"], row["kind"], row["province"]) == ("KCN Yên Phong", "KCN", "Bắc Ninh")
    assert row["planned_area_ha"] == pytest.approx(460.5)


def test_kml_and_kmz(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame({"Name": ["KCN Quế Võ"], "Description": ["đã đi vào hoạt động"]},
                           geometry=[Polygon(LONLAT)], crs=4326)
    kml = tmp_path / "que_vo.kml"
    pyogrio.write_dataframe(gdf, kml, driver="KML")
    result = read_upload(kml)
    assert result.detected.format == "kml" and result.frame["name"].iloc[0] == "KCN Quế Võ"
    kmz = tmp_path / "que_vo.kmz"
    with zipfile.ZipFile(kmz, "w") as zf:
        zf.write(kml, "doc.kml")
    again = read_upload(kmz)
    assert again.detected.format == "kmz"
    assert again.frame.geometry.iloc[0].equals_exact(result.frame.geometry.iloc[0], 1e-9)


def test_dxf_closed_polylines_in_vn2000(tmp_path: Path) -> None:
    doc = ezdxf.new()
    msp = doc.modelspace()
    msp.add_lwpolyline(TM3, close=True, dxfattribs={"layer": "RANH_GIOI"})
    msp.add_lwpolyline([(TM3[0][0] + 5000, TM3[0][1]), (TM3[1][0] + 5000, TM3[1][1])])
    cx, cy = np.mean(TM3, axis=0)
    msp.add_text("KCN Yên Phong").set_placement((cx, cy))
    path = tmp_path / "quy_hoach.dxf"
    doc.saveas(path)
    with pytest.raises(ImportRefused, match="province"):
        read_upload(path)
    result = read_upload(path, province="Bắc Ninh")
    assert len(result.frame) == 1 and result.frame["name"].iloc[0] == "KCN Yên Phong"
    assert _max_error_m(result.frame.geometry.iloc[0], TM3) < 1.0
    assert any("open line" in n for n in result.detected.notes)


def test_csv_survey_vertices_x_northing(tmp_path: Path) -> None:
    rows = ["Ten_KCN;X;Y"] + [f"KCN Yên Phong;{y:.3f};{x:.3f}".replace(".", ",")
                              for x, y in TM3]
    path = tmp_path / "moc_ranh_gioi.csv"
    path.write_bytes(encode_text("\n".join(rows), "tcvn3"))
    result = read_upload(path, province="Bắc Ninh")
    assert result.detected.encoding == "tcvn3"
    assert result.frame["name"].tolist() == ["KCN Yên Phong"]
    assert _max_error_m(result.frame.geometry.iloc[0], TM3) < 1.0
    assert any("northing" in n for n in result.detected.notes)


def test_xlsx_figures_unaccented_renamed_columns(tmp_path: Path) -> None:
    table = pd.DataFrame({"Ten KCN": ["KCN Yen Phong", "KCN Que Vo"], "Tinh": ["Bac Ninh"] * 2,
                          "Ky": ["2024-H2"] * 2, "DT_CN": [458.0, 400.0],
                          "Dien tich da cho thue": [420.0, 390.5], "TLLD (%)": [91.7, 97.6]})
    path = tmp_path / "so_lieu.xlsx"
    table.to_excel(path, index=False)
    result = read_upload(path, kind="figures")
    assert isinstance(result.frame, pd.DataFrame) and "geometry" not in result.frame.columns
    assert result.detected.mapping == {"Ten KCN": "name", "Tinh": "province", "Ky": "period",
                                       "DT_CN": "industrial_land_ha",
                                       "Dien tich da cho thue": "leased_land_ha",
                                       "TLLD (%)": "occupancy_pct"}
    assert result.frame["province"].tolist() == ["Bắc Ninh", "Bắc Ninh"]
    assert result.report.ok


def test_legacy_font_detected_behind_thousands_of_ascii_cells(tmp_path: Path) -> None:
    """A sheet whose first column holds 6,000 ASCII codes and whose names were typed in a
    .VnTime (TCVN3) font: the detection is judged by the names, not by the first cells."""
    vn_time = [encode_text(n, "tcvn3").decode("cp1252", errors="ignore") for n in NAMES]
    table = pd.DataFrame({"Ma": [f"Z{i:05d}" for i in range(6000)],
                          "Ten KCN": [vn_time[i % len(NAMES)] for i in range(6000)],
                          "Tinh": ["Bac Ninh"] * 6000, "Ky": ["2024-H2"] * 6000,
                          "DT_CN": [float(100 + i % 7) for i in range(6000)]})
    path = tmp_path / "so_lieu_vntime.xlsx"
    table.to_excel(path, index=False)
    result = read_upload(path, kind="figures")
    assert (result.detected.encoding, result.detected.encoding_source) == ("tcvn3", "detected")
    assert result.frame["name"].head(4).tolist() == NAMES


def test_geopackage_layers(tmp_path: Path) -> None:
    path = tmp_path / "atlas.gpkg"
    zones = gpd.GeoDataFrame({"name": ["KCN Yên Phong"]}, geometry=[Polygon(LONLAT)], crs=4326)
    roads = gpd.GeoDataFrame({"ten": ["QL18"]}, geometry=[box(105.9, 21.1, 106.0, 21.2)],
                             crs=4326)
    zones.to_crs(9209).to_file(path, layer="khu_cn")
    roads.to_file(path, layer="duong")
    assert set(list_layers(path)) == {"khu_cn", "duong"}
    result = read_upload(path, layer="khu_cn")
    assert result.detected.crs == "EPSG:9209"
    assert _max_error_m(result.frame.geometry.iloc[0], TM3) < 1.0
    with pytest.raises(FilterError, match=r"atlas\.gpkg has no layer 'nope'; valid: ") as exc:
        read_upload(path, layer="nope")  # an unknown layer is a bad option: one line
    assert set(exc.value.valid) == {"khu_cn", "duong"}


def test_mapping_refused_and_overridden(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "a.geojson", LONLAT, {"TEN": "KCN A", "Ten": "KCN B",
                                                     "dien_tich_m2": 4_600_000})
    with pytest.raises(ImportRefused, match=r"ambiguous.*TEN, Ten"):
        read_upload(path)
    result = read_upload(path, mapping={"Ten": "name", "TEN": "-"})
    assert result.frame["name"].iloc[0] == "KCN B"
    assert result.frame["planned_area_ha"].iloc[0] == pytest.approx(460.0)
    with pytest.raises(ImportRefused, match="no column 'TENN'"):
        read_upload(path, mapping={"TENN": "name"})
    with pytest.raises(ImportRefused, match="required field 'name'"):
        read_upload(_geojson(tmp_path / "b.geojson", LONLAT, {"DT_QH": 5}))


def test_area_in_m2_detected_from_values(tmp_path: Path) -> None:
    from geo.core.crs import geodesic_area_ha
    area = geodesic_area_ha(Polygon(LONLAT))
    path = _geojson(tmp_path / "a.geojson", LONLAT, {"name": "KCN A", "DT_QH": area * 1e4})
    result = read_upload(path)
    assert result.frame["planned_area_ha"].iloc[0] == pytest.approx(area)
    assert any(f.field == "planned_area_ha" for f in result.report.warnings)


# --- bad input: a clear refusal or report, never a traceback -----------------------------------
def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02junk\xff" * 50, b"PK\x03\x04broken",
                                     b'{"type": "FeatureCollection", "features": [{"type"'])
def test_junk_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "upload.geojson"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as exc:
        read_upload(path)
    assert "upload.geojson" in str(exc.value) and exc.value.report.errors


def test_truncated_shapefile(tmp_path: Path) -> None:
    archive = _legacy_shapefile(tmp_path, NAMES, "utf-8")
    with zipfile.ZipFile(archive) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["ranh_gioi.shp"] = members["ranh_gioi.shp"][:150]
    with pytest.raises(ImportRefused):
        read_upload(_zip(tmp_path / "cut.zip", members), province="Bắc Ninh")


def test_wrong_extension_still_read(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "kcn.geojson", LONLAT, {"name": "KCN A"})
    renamed = path.rename(tmp_path / "kcn.csv")
    assert sniff_format(renamed) == "geojson"
    assert read_upload(renamed).frame["name"].iloc[0] == "KCN A"


def test_unsafe_zips(tmp_path: Path) -> None:
    for name in ("../evil.shp", "/abs/evil.shp", "a/../../evil.shp"):
        with pytest.raises(ImportRefused, match="unsafe"):
            read_upload(_zip(tmp_path / "slip.zip", {name: b"x"}))
    link = tmp_path / "link.zip"
    with zipfile.ZipFile(link, "w") as zf:
        info = zipfile.ZipInfo("ranh_gioi.shp")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ImportRefused, match="link"):
        read_upload(link)
    bomb = _zip(tmp_path / "bomb.zip", {"a.shp": b"\0" * 2_000_000})
    with pytest.raises(ImportRefused, match="unpacks to"):
        read_upload(bomb, max_bytes=1_000_000)
    many = _zip(tmp_path / "many.zip", {f"f{i}.csv": b"a,b\n" for i in range(1001)})
    with pytest.raises(ImportRefused, match="members"):
        safe_extract(many, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert not (tmp_path.parent / "evil.shp").exists()


def test_size_limit(tmp_path: Path) -> None:
    path = _geojson(tmp_path / "a.geojson", LONLAT, {"name": "KCN A"})
    with pytest.raises(ImportRefused, match="above the limit"):
        read_upload(path, max_bytes=10)


def test_huge_and_nan_coordinates_reported(tmp_path: Path) -> None:
    text = ("name,lon,lat\nKCN A,105.95,21.2\nKCN B,1e300,21.2\nKCN C,abc,21.2\n"
            "KCN D,105.9,21.1\n")
    path = tmp_path / "pts.csv"
    path.write_text(text, encoding="utf-8")
    result = read_upload(path)
    assert not result.report.ok
    assert {(f.feature, f.field) for f in result.report.errors} == {(1, "geometry"),
                                                                     (2, "lon/lat")}
    assert result.frame.geometry.iloc[0].x == pytest.approx(105.95)


def test_temp_files_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    archive = _legacy_shapefile(tmp_path, NAMES[:1], "tcvn3")
    read_upload(archive, province="Bắc Ninh")
    with pytest.raises(ImportRefused):
        read_upload(archive)
    assert os.listdir(scratch) == []


def test_input_file_untouched(tmp_path: Path) -> None:
    archive = _legacy_shapefile(tmp_path, NAMES, "vni")
    before = archive.read_bytes()
    read_upload(archive, province="Bắc Ninh")
    assert archive.read_bytes() == before


# --- options checked before reading; messages that say what is wrong (issue 5 QA) -----------
BAD_OPTIONS = [
    ({"province": "Hà Giang"}, FilterError, r"unknown province 'Hà Giang'; valid: Hà Nội, "),
    ({"utm": 47}, FilterError, r"UTM zone 47; valid: 48, 49"),
    ({"crs": "EPSG:abc"}, CRSError, r"invalid CRS 'EPSG:abc'"),
    ({"encoding": "foo"}, FilterError, r"unknown text encoding 'foo'; valid: utf-8, cp1258"),
    ({"period": "2024"}, FilterError, r"period '2024' is not a half-year"),
    ({"mapping": {"TEN": "ten_khu"}}, FilterError, r"unknown field 'ten_khu' .*valid: zone_id"),
    ({"kind": "roads"}, FilterError, r"unknown kind of data 'roads'; valid: zones"),
    ({"max_bytes": -1}, ParameterError, r"upload size limit -1 bytes: must be more than 0"),
    ({"max_bytes": 0}, ParameterError, r"must be more than 0"),
]


@pytest.mark.parametrize(("options", "error", "match"), BAD_OPTIONS)
def test_check_options_refuses_bad_values(options: dict[str, object], error: type[Exception],
                                          match: str) -> None:
    with pytest.raises(error, match=match) as exc:
        check_options(**options)  # type: ignore[arg-type]
    assert "\n" not in str(exc.value)
    if error is FilterError:
        assert exc.value.valid  # type: ignore[attr-defined]


def test_check_options_accepts_good_values() -> None:
    check_options(kind="figures", province="bac ninh", utm=48, crs="EPSG:9209",
                  encoding="TCVN3", period="2024-h2", mapping={"Ten KCN": "name", "X": "-"},
                  max_bytes=1)
    check_options(encoding="latin1")  # a Python codec is accepted too


@pytest.mark.parametrize(("options", "error", "match"),
                         [o for o in BAD_OPTIONS if "period" not in o[0]])
def test_read_upload_checks_options_before_reading(tmp_path: Path, options: dict[str, object],
                                                   error: type[Exception], match: str) -> None:
    # a valid GeoJSON in degrees: --province used to be checked only for metre coordinates,
    # and a bad --crs came out as "cannot read the file (truncated or damaged?)"
    path = _geojson(tmp_path / "deg.geojson", LONLAT, {"name": "KCN Thử", "province": "Bắc Ninh"})
    kwargs: dict[str, object] = dict(options)
    if "max_bytes" not in kwargs and "kind" not in kwargs:
        assert read_upload(path).report.ok  # the file itself is fine
    with pytest.raises(error, match=match):
        read_upload(path, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(error, match=match):  # before the file is even looked at
        read_upload(tmp_path / "missing.geojson", **kwargs)  # type: ignore[arg-type]


def test_binary_junk_with_a_csv_name_blames_the_content(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportRefused) as exc:
        read_upload(path)
    message = str(exc.value)
    assert message == ("garbage.csv: the content is not a GeoJSON, zipped Shapefile, GeoPackage, "
                       "KML/KMZ, DXF, CSV or XLSX file (binary data)")
    finding = exc.value.report.findings[0]  # type: ignore[attr-defined]
    assert finding.message_vi.startswith("nội dung tệp không phải") and "nhị phân" in \
        finding.message_vi
    text = tmp_path / "notes.csv"
    text.write_text("just a line of prose\nand another one\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"notes\.csv: the content is not .*\(text that is "
                       r"not JSON, KML, DXF or a table"):
        sniff_format(text)


def test_folder_and_missing_file_say_what_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "somefolder"
    folder.mkdir()
    with pytest.raises(ImportRefused, match=r"somefolder: this is a folder, not a file"):
        read_upload(folder)
    with pytest.raises(ImportRefused, match=r"somefolder: this is a folder, not a file"):
        list_layers(folder)
    with pytest.raises(ImportRefused, match=r"nope\.geojson: no such file"):
        read_upload(tmp_path / "nope.geojson")


def test_option_errors_carry_a_vietnamese_message() -> None:
    from geo.errors import user_message
    from geo.imports.options import check_options

    for options, needle in (({"crs": "EPSG:abc"}, "hệ tọa độ"), ({"province": "Hà Giang"},
                            "không có tỉnh 'Hà Giang'"), ({"period": "2024-Q3"}, "kỳ báo cáo"),
                            ({"max_bytes": -1}, "giới hạn dung lượng")):
        with pytest.raises(AtlasError) as err:
            check_options(**options)
        assert needle in user_message(err.value, "vi")
        assert user_message(err.value, "en") == str(err.value)
