"""Writing a selection of zones (or any layer) to the files GIS tools and spreadsheets read.

Formats (``FORMATS``) and what each holds:

``geojson``
    RFC 7946: WGS 84 lon/lat (EPSG:4326), counter-clockwise exterior rings and clockwise holes,
    no ``crs`` member, coordinates to 6 decimals (about 0.1 m), NaN figures as ``null``, UTF-8
    text unescaped. Written by GDAL's GeoJSON driver (``RFC7946=YES``), which adds the foreign
    member ``"xy_coordinate_resolution": 1e-06`` (allowed by RFC 7946 §6.1). A feature without a
    known location is kept with ``"geometry": null``.
``gpkg``
    One GeoPackage layer (name ``layer``) in the chosen CRS; mixed polygons and points share the
    layer (geometry type GEOMETRY); features without location are kept with an empty geometry.
``shp``
    A zip of ESRI Shapefiles, UTF-8 (``.cpg``), ``.prj`` of the chosen CRS. A shapefile holds one
    geometry type, so the zip has one shapefile per type present: ``<layer>_polygons.shp``
    (Polygon and MultiPolygon), ``<layer>_points.shp``, ``<layer>_multipoints.shp``,
    ``<layer>_lines.shp``. Features without location go to ``<layer>_unlocated.csv`` (same
    field names, UTF-8 with BOM). DBF field names are at most 10 characters: the fixed table
    :data:`SHAPEFILE_NAMES` (``planned_area_ha`` → ``plan_ha``...) maps them, written to
    ``fields.csv`` and ``README.txt`` in the zip. DBF text fields hold 254 bytes: a longer value is
    cut at a character boundary and its full text is in ``truncated_values.csv``.
``kml``
    KML 2.2 (GDAL's KML driver), always WGS 84: one Placemark per feature, ``<name>`` from the
    ``name`` field, every other field in ``ExtendedData``; a feature without location is a
    Placemark without geometry.
``csv``
    One row per feature, UTF-8 with BOM (Excel opens Vietnamese text right): every field, then
    ``lon``/``lat`` (WGS 84 degrees, 6 decimals; the point itself, or the centroid of a polygon
    computed in WGS 84 / UTM 48N), ``xy_basis`` (``point`` | ``centroid`` | empty) and ``wkt``
    (the WGS 84 geometry, 6 decimals; empty without location).
``xlsx``
    Excel workbook: the data sheet (``layer``; fields, lon/lat as in CSV, no WKT), a ``fields``
    sheet (Vietnamese and English descriptions, units, shapefile names) and a ``sources`` sheet
    (each feature's source URLs, then the sources of the dataset). Numbers keep full precision
    with a display format (``#,##0.0`` ha, ``0.0`` %); Excel groups digits per the user's locale.

Spreadsheet safety (CSV and XLSX, including the CSV files inside the shapefile zip): a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so
that Excel or LibreOffice shows it as text instead of running it as a formula (OWASP "CSV
injection"); numbers stay numbers (:func:`geo.exports.cells.neutralise_formula`). XLSX text cells
are always
written as strings, never as formulas.

CRS: ``geojson``, ``kml``, ``csv`` and ``xlsx`` are always WGS 84 (asking for another CRS raises
:class:`ExportError`). ``gpkg`` and ``shp`` take ``crs``: ``EPSG:4326`` (default), any VN-2000
CRS (TM-3 provincial, e.g. EPSG:9209; UTM 48N/49N EPSG:3405/3406; geographic EPSG:4756), WGS 84
UTM 48N/49N (EPSG:32648/32649), or ``"vn2000"``: the TM-3 CRS of the features' 2024 province.
When a selection spans provinces whose TM-3 meridians differ, ``"vn2000"`` is refused (a TM-3
zone is only 3° wide and a drawing has one meridian) with a message suggesting UTM 48N
(EPSG:3405) or one of the meridians; we never pick one silently.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError as ProjCRSError

from geo.core.admin import Edition, check_edition, province_2024, province_names
from geo.core.crs import central_meridian, require_crs
from geo.core.schema import KINDS, ZONE_STATUSES
from geo.core.text import fold
from geo.errors import AtlasError, ExportError
from geo.exports.cells import is_text, neutralise_frame
from geo.exports.xlsx_fast import Sheet, workbook_bytes
from geo.settings import PROVINCES_2024, UTM_48N, UTM_49N, WGS84
from geo.store.bundled import write_bytes_atomic

FORMATS: Final = ("geojson", "gpkg", "shp", "kml", "csv", "xlsx")
"""Export formats, in the order a page offers them."""

MEDIA_TYPES: Final[dict[str, str]] = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "shp": "application/zip",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
"""IANA media type of each format (for ``st.download_button(mime=...)``)."""

EXTENSIONS: Final[dict[str, str]] = {
    "geojson": ".geojson", "gpkg": ".gpkg", "shp": ".shp.zip", "kml": ".kml", "csv": ".csv",
    "xlsx": ".xlsx",
}
"""File-name extension of each format (a zipped shapefile is ``.shp.zip``)."""

FORMAT_NAMES: Final[dict[str, str]] = {
    "geojson": "GeoJSON (RFC 7946)", "gpkg": "GeoPackage", "shp": "Shapefile (zip)",
    "kml": "KML", "csv": "CSV (UTF-8)", "xlsx": "Excel (.xlsx)",
}
"""Human name of each format."""

WGS84_ONLY: Final = frozenset({"geojson", "kml", "csv", "xlsx"})
"""Formats that are always WGS 84 lon/lat."""

VN2000_AUTO: Final = "vn2000"
"""``crs`` value meaning: the VN-2000 TM-3 provincial CRS of the features' 2024 province."""

COORDINATE_DECIMALS: Final = 6
"""Decimals of lon/lat degrees in GeoJSON, KML, CSV and XLSX (1e-6° ≈ 0.11 m)."""

DBF_TEXT_BYTES: Final = 254
UTM_48N_WGS84: Final = 32648


@dataclass(frozen=True)
class FieldInfo:
    """What a field holds: Vietnamese and English description, unit, shapefile name (≤ 10)."""

    vi: str
    en: str
    unit: str = ""
    short: str = ""


FIELD_INFO: Final[dict[str, FieldInfo]] = {
    # zones (design §3)
    "zone_id": FieldInfo("Mã khu (ổn định)", "Zone id (stable slug)", "", "zone_id"),
    "name": FieldInfo("Tên", "Name (official Vietnamese)", "", "name"),
    "kind": FieldInfo("Loại khu: KCN, KCX, KKT", "Kind: KCN, KCX, KKT", "", "kind"),
    "status": FieldInfo("Tình trạng", "Status", "", "status"),
    "parent_zone_id": FieldInfo("Mã KKT chứa khu này", "Id of the KKT the zone lies in", "",
                                "parent_id"),
    "province": FieldInfo("Tỉnh/thành phố (2024)", "Province (2024 edition)", "", "province"),
    "province_2025": FieldInfo("Tỉnh/thành phố từ 1/7/2025", "Province since 1 July 2025", "",
                               "prov_2025"),
    "developer": FieldInfo("Chủ đầu tư hạ tầng", "Infrastructure developer", "", "developer"),
    "planned_area_ha": FieldInfo("Diện tích quy hoạch", "Planned area", "ha", "plan_ha"),
    "industrial_land_ha": FieldInfo("Đất công nghiệp có thể cho thuê", "Leasable industrial land",
                                    "ha", "indust_ha"),
    "leased_land_ha": FieldInfo("Diện tích đã cho thuê", "Leased land", "ha", "leased_ha"),
    "occupancy_pct": FieldInfo("Tỷ lệ lấp đầy (theo nguồn)",
                               "Occupancy rate (as the source states)", "%", "occup_pct"),
    "used_area_ha": FieldInfo("Đất đã sử dụng", "Land in use", "ha", "used_ha"),
    "under_construction_area_ha": FieldInfo("Diện tích đang xây dựng hạ tầng",
                                            "Area under construction", "ha", "build_ha"),
    "worker_housing_area_ha": FieldInfo("Đất nhà ở công nhân", "Worker housing land", "ha",
                                        "housing_ha"),
    "workers": FieldInfo("Số lao động", "Workers", "người / persons", "workers"),
    "as_of": FieldInfo("Thời điểm số liệu", "Figures as of", "", "as_of"),
    "source_url": FieldInfo("Nguồn số liệu", "Source of the figures", "URL", "source_url"),
    "geometry_quality": FieldInfo("Chất lượng hình học (approximate = hình ước lượng)",
                                  "Geometry quality (approximate = estimated footprint)", "",
                                  "geom_qual"),
    "location_precision": FieldInfo("Độ chính xác vị trí: zone, commune (xã), district (huyện)",
                                    "Location precision: zone, commune, district", "",
                                    "loc_prec"),
    "location_place": FieldInfo("Địa điểm", "Place", "", "loc_place"),
    "location_source_url": FieldInfo("Nguồn vị trí", "Source of the location", "URL", "loc_src"),
    "parent_source_url": FieldInfo("Nguồn về KKT chứa khu", "Source of the KKT nesting", "URL",
                                   "parent_src"),
    # per-zone accounts (geo.accounts.landuse.add_accounts)
    "in_use_area_ha": FieldInfo("Diện tích đất đã sử dụng (tính)", "Land in use (computed)", "ha",
                                "in_use_ha"),
    "in_use_basis": FieldInfo("Cơ sở tính đất đã sử dụng", "Basis of land in use", "",
                              "in_use_bas"),
    "building_area_ha": FieldInfo("Diện tích đang xây dựng (tính)",
                                  "Area under construction (computed)", "ha", "bldg_ha"),
    "leased_ha": FieldInfo("Đã cho thuê (tính)", "Leased (computed)", "ha", "lsd_ha"),
    "leasable_ha": FieldInfo("Có thể cho thuê (tính)", "Leasable (computed)", "ha", "lsbl_ha"),
    "occupancy_calc_pct": FieldInfo("Tỷ lệ lấp đầy (tính)", "Occupancy (computed)", "%",
                                    "occ_calc"),
    "occupancy_basis": FieldInfo("Cơ sở tính tỷ lệ lấp đầy", "Basis of occupancy", "", "occ_basis"),
    # housing sites (design §3)
    "site_id": FieldInfo("Mã điểm nhà ở", "Housing site id", "", "site_id"),
    "land_area_ha": FieldInfo("Diện tích đất", "Land area", "ha", "land_ha"),
    "units": FieldInfo("Số căn hộ", "Dwelling units", "căn / units", "units"),
    "capacity_persons": FieldInfo("Sức chứa", "Capacity", "người / persons", "capacity"),
    "floor_area_m2": FieldInfo("Diện tích sàn", "Floor area", "m²", "floor_m2"),
    "serves_zone_ids": FieldInfo("Các khu được phục vụ (mã, cách nhau bởi ;)",
                                 "Zones served (ids, ';'-joined)", "", "serves_ids"),
}
"""Descriptions of the known fields; other fields get an empty description and a derived name."""

SHAPEFILE_NAMES: Final[dict[str, str]] = {k: v.short for k, v in FIELD_INFO.items()}
"""Fixed field name → DBF name (≤ 10 characters) table of the zipped shapefile."""

DATA_SOURCES: Final[tuple[tuple[str, str], ...]] = (
    ("KCN Atlas zones: data/zones/zones.geojson, built from data/sources/zones_facts.csv "
     "(one source URL per zone; compilation notes in data/sources/zones_sources.md)", ""),
    ("Footprints are approximate: a circle of the planned area around the published centre "
     "point (data/zones/SOURCES.md)", ""),
    ("Province mergers of 2025: Resolution 202/2025/QH15 (as reported by the Government portal; "
     "data/sources/regulations.md §4)",
     "https://xaydungchinhsach.chinhphu.vn/quoc-hoi-thong-qua-nghi-quyet-sap-xep-don-vi-hanh-"
     "chinh-cap-tinh-119250612101356465.htm"),
    ("VN-2000 provincial central meridians: Circular 973/2001/TT-TCĐC; EPSG dataset",
     "https://epsg.org"),
)
"""Dataset-level sources listed in the ``sources`` sheet of an Excel export."""

_PROJECTED_LONLAT_DATUMS: Final = ("Vietnam 2000",)
_GEOM_FAMILIES: Final[dict[str, str]] = {
    "Polygon": "polygons", "MultiPolygon": "polygons", "Point": "points",
    "MultiPoint": "multipoints", "LineString": "lines", "MultiLineString": "lines",
}
_NUMBER_FORMATS: Final[dict[str, str]] = {"ha": "#,##0.0", "%": "0.0", "m²": "#,##0"}


# ---------------------------------------------------------------------------------------------
# Names
def check_format(fmt: str) -> str:
    """Return ``fmt`` lower-cased if it is one of :data:`FORMATS`, else raise ExportError."""
    key = str(fmt).lower().lstrip(".")
    if key not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
    return key


def format_from_path(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for by its extension.

    ``.geojson``/``.json`` → geojson, ``.gpkg``, ``.zip``/``.shp.zip`` → shp, ``.kml``, ``.csv``,
    ``.xlsx``. Raises :class:`ExportError` for anything else (a bare ``.shp`` cannot hold the
    several files of a shapefile: write ``.shp.zip``).
    """
    name = Path(path).name.lower()
    for suffix, fmt in ((".shp.zip", "shp"), (".zip", "shp"), (".geojson", "geojson"),
                        (".json", "geojson"), (".gpkg", "gpkg"), (".kml", "kml"),
                        (".csv", "csv"), (".xlsx", "xlsx")):
        if name.endswith(suffix):
            return fmt
    raise ExportError(f"{path}: cannot tell the format from the extension; use .geojson, .gpkg, "
                      ".shp.zip, .kml, .csv or .xlsx, or give the format explicitly")


def slugify(text: str) -> str:
    """ASCII slug: Vietnamese diacritics removed (đ → d), lower case, runs of others → ``-``."""
    return fold(text, sep="-")


def _province_slug(name: str, edition: Edition) -> str:
    if edition == 2024:
        try:
            return province_2024(name).slug
        except AtlasError:
            pass
    return slugify(name)


def export_filename(*, layer: str = "kcn", provinces: Sequence[str] = (),
                    statuses: Sequence[str] = (), kinds: Sequence[str] = (),
                    edition: int = 2024, fmt: str) -> str:
    """A file name that says what the export holds, ASCII only.

    ``<layer>_<provinces>[_<kinds>]_<statuses>_<edition><ext>``: provinces as slugs joined by
    ``+`` (``dbsh`` for none or every delta province of the edition, ``<n>-provinces`` above
    three), kinds only when some are left out (``kcn+kcx``), statuses joined by ``+``
    (``all`` for none or every status), e.g. ``kcn_bac-ninh_operating_2024.geojson``,
    ``kcn_dbsh_all_2025.shp.zip``.
    """
    fmt = check_format(fmt)
    ed = check_edition(edition)
    delta = set(province_names(ed, delta_only=True))
    chosen = list(dict.fromkeys(provinces))
    if not chosen or delta <= set(chosen):
        where = "dbsh"
    elif len(chosen) > 3:
        where = f"{len(chosen)}-provinces"
    else:
        where = "+".join(_province_slug(p, ed) for p in chosen)
    parts = [slugify(layer) or "layer", where]
    if kinds and set(kinds) != set(KINDS):
        parts.append("+".join(slugify(k) for k in dict.fromkeys(kinds)))
    if not statuses or set(statuses) >= set(ZONE_STATUSES):
        parts.append("all")
    else:
        parts.append("+".join(slugify(s) for s in dict.fromkeys(statuses)))
    parts.append(str(ed))
    return "_".join(parts) + EXTENSIONS[fmt]


# ---------------------------------------------------------------------------------------------
# CRS
def export_crs_choices() -> dict[str, str]:
    """Labels → ``crs`` values a page offers for gpkg/shp (WGS 84, VN-2000 TM-3 and UTM)."""
    choices = {"WGS 84 — EPSG:4326": WGS84,
               "VN-2000 TM-3 theo tỉnh / of the province (auto)": VN2000_AUTO}
    by_code: dict[int, list[str]] = {}
    for p in PROVINCES_2024:
        by_code.setdefault(p.vn2000_epsg, []).append(p.name)
    for code, names in by_code.items():
        meridian = central_meridian(CRS.from_epsg(code)) or 0.0
        degrees = f"{int(meridian)}°{round((meridian % 1) * 60):02d}'"
        choices[f"VN-2000 TM-3 {degrees} ({', '.join(names)}) — EPSG:{code}"] = f"EPSG:{code}"
    choices[f"VN-2000 UTM 48N — EPSG:{UTM_48N}"] = f"EPSG:{UTM_48N}"
    choices[f"VN-2000 UTM 49N — EPSG:{UTM_49N}"] = f"EPSG:{UTM_49N}"
    return choices


def _parse_crs(crs: str | int) -> CRS:
    try:
        value = CRS.from_user_input(crs)
    except ProjCRSError as exc:
        raise ExportError(f"unknown CRS {crs!r}: give an EPSG code such as EPSG:4326, "
                          "EPSG:9209 (VN-2000 TM-3 105°30') or EPSG:3405 (VN-2000 UTM 48N), "
                          f"or {VN2000_AUTO!r}") from exc
    datum = value.datum.name if value.datum is not None else ""
    ok = (value == CRS.from_epsg(4326) or value.to_epsg() in (UTM_48N_WGS84, UTM_48N_WGS84 + 1)
          or any(d in datum for d in _PROJECTED_LONLAT_DATUMS))
    if not ok:
        raise ExportError(f"CRS {crs!r} ({value.name}) is not offered: use EPSG:4326 (WGS 84), a "
                          "VN-2000 CRS (TM-3 e.g. EPSG:9209, UTM 48N EPSG:3405, 49N EPSG:3406), "
                          f"WGS 84 UTM 48N/49N (EPSG:32648/32649) or {VN2000_AUTO!r}")
    return value


def _auto_vn2000(gdf: gpd.GeoDataFrame) -> CRS:
    if "province" not in gdf.columns or gdf["province"].dropna().empty:
        raise ExportError(f"crs {VN2000_AUTO!r} needs the features' 2024 province (field "
                          "'province'); give an EPSG code instead, e.g. EPSG:3405")
    by_code: dict[int, list[str]] = {}
    for name in sorted(set(gdf["province"].dropna().astype(str))):
        try:
            p = province_2024(name)
        except AtlasError as exc:
            raise ExportError(f"crs {VN2000_AUTO!r}: {exc}") from exc
        by_code.setdefault(p.vn2000_epsg, []).append(p.name)
    if len(by_code) > 1:
        listed = "; ".join(f"EPSG:{code} ({', '.join(names)})" for code, names in by_code.items())
        raise ExportError(f"the selection spans provinces with different VN-2000 TM-3 meridians "
                          f"({listed}): choose VN-2000 UTM 48N (EPSG:3405) or one of these codes",
                          message_vi=f"các tỉnh đang chọn thuộc các kinh tuyến trục VN-2000 "
                                     f"TM-3 khác nhau ({listed}): chọn VN-2000 UTM 48N "
                                     "(EPSG:3405) hoặc một trong các mã này")
    return CRS.from_epsg(next(iter(by_code)))


def resolve_crs(gdf: gpd.GeoDataFrame, *, fmt: str, crs: str | int | None = None) -> CRS:
    """The CRS an export of ``gdf`` in ``fmt`` is written in (see the module notes).

    Raises
    ------
    ExportError
        A CRS other than WGS 84 for geojson/kml/csv/xlsx; an unknown or unsupported CRS;
        ``"vn2000"`` over provinces with different TM-3 meridians.
    """
    fmt = check_format(fmt)
    if crs is None or (isinstance(crs, str) and not crs.strip()):
        return CRS.from_epsg(4326)
    if isinstance(crs, str) and crs.strip().lower() == VN2000_AUTO:
        value = _auto_vn2000(gdf) if fmt not in WGS84_ONLY else None
    else:
        value = _parse_crs(crs)
    if fmt in WGS84_ONLY and (value is None or value != CRS.from_epsg(4326)):
        raise ExportError(f"{FORMAT_NAMES[fmt]} is always WGS 84 lon/lat (EPSG:4326); CRS {crs!r} "
                          "can be used for GeoPackage (gpkg) or Shapefile (shp) only")
    assert value is not None
    return value


# ---------------------------------------------------------------------------------------------
# Helpers shared by the writers
def _prepare(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy with a CRS checked, NFC text, a plain index and the geometry column 'geometry'."""
    require_crs(gdf, what="export layer")
    if len(gdf) == 0:
        raise ExportError("the selection is empty: nothing to export (change the filters)",
                          message_vi="không có khu nào trong lựa chọn: hãy đổi bộ lọc")
    out = gdf.reset_index(drop=True).copy()
    if out.geometry.name != "geometry":
        out = out.rename_geometry("geometry")
    for column in out.columns:
        if column != "geometry" and is_text(out[column]):
            out[column] = out[column].map(
                lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
    empty = out.geometry.notna() & out.geometry.is_empty
    out.loc[empty, "geometry"] = None
    return out


def _round_coords(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    values = shapely.transform(geoms.to_numpy(),
                               lambda xy: np.round(xy, COORDINATE_DECIMALS))
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def _lonlat(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """lon, lat (WGS 84, 6 decimals) and xy_basis of each feature (point or polygon centroid)."""
    wgs = gdf.geometry.to_crs(WGS84)
    is_point = wgs.geom_type == "Point"
    centroids = wgs.copy()
    located = wgs.notna() & ~is_point
    if located.any():
        centroids[located] = wgs[located].to_crs(UTM_48N_WGS84).centroid.to_crs(WGS84)
    xs = centroids.map(lambda g: g.x if g is not None else np.nan)
    ys = centroids.map(lambda g: g.y if g is not None else np.nan)
    basis = pd.Series(None, index=gdf.index, dtype=object)
    basis[is_point] = "point"
    basis[located] = "centroid"
    return pd.DataFrame({"lon": xs.round(COORDINATE_DECIMALS).astype("float64"),
                         "lat": ys.round(COORDINATE_DECIMALS).astype("float64"),
                         "xy_basis": basis}, index=gdf.index)


def _field_info(columns: Sequence[str],
                extra: Mapping[str, FieldInfo] | None) -> dict[str, FieldInfo]:
    """FieldInfo for every column, with unique DBF names (≤ 10 characters)."""
    known = {**FIELD_INFO, **(extra or {})}
    out: dict[str, FieldInfo] = {}
    used: set[str] = set()
    for column in columns:
        info = known.get(column, FieldInfo("", ""))
        short = (info.short or column)[:10]
        n = 1
        while short.lower() in used:
            suffix = str(n)
            short = (info.short or column)[: 10 - len(suffix)] + suffix
            n += 1
        used.add(short.lower())
        out[column] = FieldInfo(info.vi, info.en, info.unit, short)
    return out


def _data_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    return [c for c in gdf.columns if c != "geometry"]


def _write_via_gdal(gdf: gpd.GeoDataFrame, *, driver: str, suffix: str, layer: str,
                    **options: object) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kcn-export-") as tmp:
        path = Path(tmp) / f"{layer}{suffix}"
        pyogrio.write_dataframe(gdf, path, driver=driver, layer=layer, **options)
        return path.read_bytes()


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    text = neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n",
                                          quoting=csv.QUOTE_MINIMAL)
    return ("\ufeff" + text).encode("utf-8")


def _id_field(gdf: pd.DataFrame) -> str | None:
    return next((c for c in ("zone_id", "site_id", "id") if c in gdf.columns), None)


def _safe_layer(layer: str) -> str:
    return "_".join(slugify(layer).split("-")) or "layer"


# ---------------------------------------------------------------------------------------------
# Writers (each returns the file's bytes)
def _description(notes: Sequence[str]) -> dict[str, str]:
    return {"DESCRIPTION": " | ".join(notes)} if notes else {}


def _geojson(gdf: gpd.GeoDataFrame, layer: str, notes: Sequence[str] = ()) -> bytes:
    return _write_via_gdal(
        gdf.to_crs(WGS84), driver="GeoJSON", suffix=".geojson", layer=layer,
        layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": str(COORDINATE_DECIMALS),
                       "WRITE_NAME": "NO", "WRITE_NON_FINITE_VALUES": "NO",
                       **_description(notes)})


def _gpkg(gdf: gpd.GeoDataFrame, layer: str, target: CRS, notes: Sequence[str] = ()) -> bytes:
    return _write_via_gdal(gdf.to_crs(target), driver="GPKG", suffix=".gpkg", layer=layer,
                           layer_options=_description(notes))


def _kml(gdf: gpd.GeoDataFrame, layer: str) -> bytes:
    wgs = gdf.to_crs(WGS84)
    rounded = _round_coords(wgs.geometry)
    wgs["geometry"] = gpd.GeoSeries(shapely.orient_polygons(rounded.to_numpy()),
                                    index=wgs.index, crs=WGS84)  # KML: outer rings CCW
    options = {"NameField": "name"} if "name" in wgs.columns else {}
    return _write_via_gdal(wgs, driver="KML", suffix=".kml", layer=layer,
                           dataset_options=options)


def _csv(gdf: gpd.GeoDataFrame) -> bytes:
    frame = pd.DataFrame(gdf[_data_columns(gdf)]).join(_lonlat(gdf))
    wgs = _round_coords(gdf.geometry.to_crs(WGS84))
    frame["wkt"] = [shapely.to_wkt(g, rounding_precision=COORDINATE_DECIMALS, trim=True)
                    if g is not None else None for g in wgs]
    return _csv_bytes(frame)


def _truncate_utf8(value: str, limit: int = DBF_TEXT_BYTES) -> str:
    return value.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _shp_frame(part: gpd.GeoDataFrame, info: Mapping[str, FieldInfo], id_field: str | None,
               shp_name: str, truncated: list[dict[str, str]]) -> gpd.GeoDataFrame:
    """``part`` with DBF field names and text cut to 254 bytes (cuts recorded in ``truncated``)."""
    out = part.copy()
    for column in _data_columns(part):
        if not is_text(out[column]):
            continue
        for idx, value in out[column].items():
            if isinstance(value, str) and len(value.encode("utf-8")) > DBF_TEXT_BYTES:
                truncated.append({"file": shp_name,
                                  "id": str(out.at[idx, id_field]) if id_field else str(idx),
                                  "field": column, "shapefile_name": info[column].short,
                                  "full_value": value})
                out.at[idx, column] = _truncate_utf8(value)
    return out.rename(columns={c: info[c].short for c in _data_columns(part)})


def _shp_readme(layer: str, target: CRS, counts: Mapping[str, int], n_unlocated: int,
                info: Mapping[str, FieldInfo], n_truncated: int, notes: Sequence[str] = ()
                ) -> str:
    lines = [f"KCN Atlas export: layer {layer!r}, zipped ESRI Shapefile(s), UTF-8 (.cpg).",
             f"CRS: {target.name} (EPSG:{target.to_epsg()}), in each .prj.", ""]
    if notes:
        lines += ["NOTES / GHI CHÚ:", *(f"  - {note}" for note in notes), ""]
    for family, n in counts.items():
        lines.append(f"{layer}_{family}.shp: {n} features ({family})")
    if n_unlocated:
        lines.append(f"{layer}_unlocated.csv: {n_unlocated} features without a known location "
                     "(no geometry; full field names; UTF-8 with BOM)")
    if n_truncated:
        lines.append(f"truncated_values.csv: {n_truncated} text values longer than the DBF limit "
                     "of 254 bytes, cut in the .dbf; their full text is here")
    lines += ["", "A shapefile holds one geometry type, so polygons and points are in separate "
              "files.", "Field names (DBF names are at most 10 characters; also in fields.csv):",
              ""]
    lines += [f"  {i.short:<10}  {name:<28}  {i.en}{f' ({i.unit})' if i.unit else ''}"
              for name, i in info.items()]
    return "\r\n".join(lines) + "\r\n"


def _fields_frame(info: Mapping[str, FieldInfo]) -> pd.DataFrame:
    return pd.DataFrame([{"field": name, "shapefile_name": i.short, "description_vi": i.vi,
                          "description_en": i.en, "unit": i.unit} for name, i in info.items()])


def _shp_zip(gdf: gpd.GeoDataFrame, layer: str, target: CRS,
             info: Mapping[str, FieldInfo], notes: Sequence[str] = (),
             dictionary: pd.DataFrame | None = None) -> bytes:
    projected = gdf.to_crs(target)
    family = projected.geom_type.map(_GEOM_FAMILIES)
    other = projected.geometry.notna() & family.isna()
    if other.any():
        kinds = ", ".join(sorted(set(projected.geom_type[other])))
        raise ExportError(f"a shapefile cannot hold {kinds} geometries: export as GeoPackage")
    id_field = _id_field(projected)
    truncated: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="kcn-shp-") as tmp, \
            zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for fam in dict.fromkeys(f for f in _GEOM_FAMILIES.values() if (family == f).any()):
            name = f"{layer}_{fam}"
            part = _shp_frame(projected[family == fam], info, id_field, f"{name}.shp", truncated)
            counts[fam] = len(part)
            pyogrio.write_dataframe(part, Path(tmp) / f"{name}.shp", driver="ESRI Shapefile",
                                    layer=name, encoding="UTF-8")
            for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                archive.write(Path(tmp) / f"{name}{ext}", f"{name}{ext}")
        unlocated = projected[projected.geometry.isna()]
        if len(unlocated):
            archive.writestr(f"{layer}_unlocated.csv",
                             _csv_bytes(pd.DataFrame(unlocated[_data_columns(unlocated)])))
        if truncated:
            archive.writestr("truncated_values.csv", _csv_bytes(pd.DataFrame(truncated)))
        archive.writestr("fields.csv", _csv_bytes(_fields_frame(info)))
        if dictionary is not None:  # the data dictionary in the export's language
            archive.writestr(f"{layer}_fields.csv", _csv_bytes(neutralise_frame(dictionary)))
        archive.writestr("README.txt", _shp_readme(layer, target, counts, len(unlocated), info,
                                                   len(truncated), notes).encode("utf-8"))
    return buffer.getvalue()


def _sources_frame(gdf: pd.DataFrame, sources: Sequence[tuple[str, str]],
                   notes: Sequence[str] = ()) -> pd.DataFrame:
    id_field = _id_field(gdf)
    url_fields = [c for c in gdf.columns if c.endswith("source_url")]
    rows: list[dict[str, object]] = [
        {"scope": "note", "id": None, "name": note, "field": None, "url": None} for note in notes]
    ids = gdf[id_field] if id_field else pd.Series(gdf.index, index=gdf.index)
    names = gdf["name"] if "name" in gdf.columns else pd.Series(None, index=gdf.index)
    parts = []
    for order, field in enumerate(url_fields):  # vectorised per field, then row by row order
        urls = gdf[field]
        keep = np.fromiter((isinstance(v, str) for v in urls), dtype=bool, count=len(urls))
        keep[keep] = urls[keep].str.strip().ne("").to_numpy()
        parts.append(pd.DataFrame({"pos": np.flatnonzero(keep), "order": order,
                                   "id": ids.to_numpy(dtype=object)[keep],
                                   "name": names.to_numpy(dtype=object)[keep],
                                   "field": field, "url": urls.to_numpy(dtype=object)[keep]}))
    if parts:
        found = pd.concat(parts).sort_values(["pos", "order"], kind="stable")
        rows += [{"scope": "feature", "id": i, "name": n, "field": f, "url": u}
                 for i, n, f, u in zip(found["id"], found["name"], found["field"], found["url"],
                                       strict=True)]
    rows += [{"scope": "dataset", "id": None, "name": title, "field": None, "url": url or None}
             for title, url in sources]
    return pd.DataFrame(rows, columns=["scope", "id", "name", "field", "url"])


def _xlsx(gdf: gpd.GeoDataFrame, layer: str, info: Mapping[str, FieldInfo],
          sources: Sequence[tuple[str, str]], notes: Sequence[str] = (),
          dictionary: pd.DataFrame | None = None, dictionary_name: str = "dictionary"
          ) -> bytes:
    data = pd.DataFrame(gdf[_data_columns(gdf)]).join(_lonlat(gdf))
    lonlat_info = {"lon": FieldInfo("Kinh độ (WGS 84)", "Longitude (WGS 84)", "°"),
                   "lat": FieldInfo("Vĩ độ (WGS 84)", "Latitude (WGS 84)", "°"),
                   "xy_basis": FieldInfo("lon/lat là: point (điểm) hoặc centroid (tâm đa giác)",
                                         "lon/lat is: point, or centroid of the polygon")}
    sheet = "".join(c for c in layer if c not in "[]:*?/\\")[:31] or "data"
    formats = {c: _NUMBER_FORMATS.get(i.unit, "#,##0" if "persons" in i.unit else "")
               for c, i in info.items()}
    formats.update(lon="0.000000", lat="0.000000")
    sheets = [Sheet(sheet, neutralise_frame(data), formats),
              Sheet("fields", neutralise_frame(_fields_frame({**info, **lonlat_info}))),
              Sheet("sources", neutralise_frame(_sources_frame(gdf, sources, notes)))]
    if dictionary is not None:  # the data dictionary in the export's language
        sheets.append(Sheet(dictionary_name[:31], neutralise_frame(dictionary)))
    return workbook_bytes(sheets)  # streamed (openpyxl write-only); every text cell neutralised



# ---------------------------------------------------------------------------------------------
# Public API
@dataclass(frozen=True)
class ExportSummary:
    """What an export holds: ``features`` in all, by geometry family, unlocated, and the CRS."""

    fmt: str
    features: int
    by_geometry: dict[str, int]
    unlocated: int
    crs: str
    path: str | None = None

    def describe(self) -> str:
        """One English line, e.g. ``195 features (162 polygons, 24 points, 9 without ...)``."""
        parts = [f"{n} {fam}" for fam, n in self.by_geometry.items()]
        if self.unlocated:
            parts.append(f"{self.unlocated} without location")
        where = f" to {self.path}" if self.path else ""
        return (f"wrote {self.features} features ({', '.join(parts)}){where} "
                f"[{FORMAT_NAMES[self.fmt]}, {self.crs}]")


def summarize_export(gdf: gpd.GeoDataFrame, *, fmt: str, crs: str | int | None = None,
                     path: str | os.PathLike[str] | None = None) -> ExportSummary:
    """Describe what exporting ``gdf`` as ``fmt`` in ``crs`` writes (counts and CRS name)."""
    fmt = check_format(fmt)
    target = resolve_crs(gdf, fmt=fmt, crs=crs)
    located = gdf.geometry.notna() & ~gdf.geometry.is_empty
    kinds = gdf.geometry.geom_type[located]
    family = kinds.map(lambda k: _GEOM_FAMILIES.get(str(k), str(k).lower()))
    counts = {str(f): int(n) for f, n in family.value_counts(sort=False).items()}
    code = target.to_epsg()
    label = f"{target.name} (EPSG:{code})" if code else target.name
    return ExportSummary(fmt, len(gdf), counts, int((~located).sum()), label,
                         None if path is None else str(path))


def export_layer(gdf: gpd.GeoDataFrame, *, fmt: str, crs: str | int | None = None,
                 layer: str = "layer",
                 field_descriptions: Mapping[str, FieldInfo] | None = None,
                 sources: Sequence[tuple[str, str]] = DATA_SOURCES,
                 notes: Sequence[str] = (), dictionary: pd.DataFrame | None = None,
                 dictionary_name: str = "dictionary") -> bytes:
    """The bytes of a file holding ``gdf`` in format ``fmt`` (see the module notes per format).

    Parameters
    ----------
    gdf : any layer with a CRS (zones, housing sites, housing results); not modified. Features
        with a null or empty geometry are kept (see the module notes per format).
    fmt : one of :data:`FORMATS`.
    crs : output CRS for ``gpkg``/``shp`` (EPSG code, ``"EPSG:n"`` or ``"vn2000"``); default
        and only choice for the other formats: EPSG:4326 (lon/lat degrees).
    layer : layer name (GeoPackage layer, shapefile and KML folder names, Excel sheet).
    field_descriptions : FieldInfo (vi, en, unit, DBF name) of fields :data:`FIELD_INFO` lacks
        or should describe differently; used by shp (DBF names) and xlsx (fields sheet).
    sources : dataset-level (title, url) pairs for the Excel ``sources`` sheet.
    notes : caveats the file must carry (e.g. a 2025 province the data covers only in part,
        :func:`geo.present.landuse.export_notes`): written where the format has room for text —
        ``README.txt`` of the shapefile zip, rows of scope ``note`` at the top of the Excel
        ``sources`` sheet, the layer description of a GeoPackage (``gpkg_contents``) and the
        ``description`` member of a GeoJSON FeatureCollection (notes joined by `` | ``). KML
        and CSV hold data only: the caller shows the notes beside the file.
    dictionary, dictionary_name : a data dictionary in one language
        (:func:`geo.exports.accounts.data_dictionary`): the sheet ``dictionary_name`` of an
        Excel file, ``<layer>_fields.csv`` in a shapefile zip; other formats hold data only.

    Returns
    -------
    bytes
        The file's content, ready for ``st.download_button`` or a file.

    Raises
    ------
    ExportError
        Unknown format, unsupported CRS or CRS for a WGS 84-only format, an empty selection, or
        geometry a format cannot hold.
    CRSError
        ``gdf`` has no CRS.
    """
    fmt = check_format(fmt)
    target = resolve_crs(gdf, fmt=fmt, crs=crs)
    frame = _prepare(gdf)
    name = _safe_layer(layer)
    info = _field_info(_data_columns(frame), field_descriptions)
    if fmt == "geojson":
        return _geojson(frame, name, notes)
    if fmt == "gpkg":
        return _gpkg(frame, name, target, notes)
    if fmt == "shp":
        return _shp_zip(frame, name, target, info, notes, dictionary)
    if fmt == "kml":
        return _kml(frame, name)
    if fmt == "csv":
        return _csv(frame)
    return _xlsx(frame, name, info, sources, notes, dictionary, dictionary_name)


def export_zones(zones: gpd.GeoDataFrame, *, fmt: str, crs: str | int | None = None,
                 layer: str = "zones", notes: Sequence[str] = (), lang: str | None = None,
                 lots: pd.DataFrame | None = None) -> bytes:
    """The bytes of an export of the zones layer (design §3) — :func:`export_layer` for zones.

    ``zones`` as :func:`geo.store.bundled.load_zones` / :func:`geo.accounts.landuse.filter_zones`
    return it
    (EPSG:4326; Polygon footprints, Points, or None for zones without location — kept, see the
    module notes), optionally with :func:`geo.accounts.landuse.add_accounts` columns. Areas in
    hectares.
    ``notes`` as :func:`export_layer`. ``lang`` (``vi``/``en``, as the app and ``export --lang``
    do): the computed accounts are added (:func:`geo.exports.accounts.zones_with_accounts`: land
    in use, occupancy and their basis in that language; ``lots`` as ``add_accounts``) with a
    data dictionary in that language. None: the fields as given.
    """
    if lang is None:
        return export_layer(zones, fmt=fmt, crs=crs, layer=layer, notes=notes)
    from geo.core.i18n import t
    from geo.exports.accounts import ACCOUNT_INFO, data_dictionary, zones_with_accounts

    chosen: Literal["vi", "en"] = "vi" if lang == "vi" else "en"
    frame = zones_with_accounts(zones, lang=chosen, lots=lots)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    return export_layer(frame, fmt=fmt, crs=crs, layer=layer, notes=notes,
                        field_descriptions=ACCOUNT_INFO,
                        dictionary=data_dictionary(columns, lang=chosen),
                        dictionary_name=t("export_dictionary", chosen))


def write_export(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str], *, fmt: str | None = None,
                 crs: str | int | None = None, layer: str = "zones",
                 field_descriptions: Mapping[str, FieldInfo] | None = None,
                 notes: Sequence[str] = (), lang: str | None = None) -> ExportSummary:
    """Export ``gdf`` to the file ``path`` atomically; returns what was written.

    ``fmt`` defaults to the format of the extension (:func:`format_from_path`); other
    parameters as :func:`export_layer`. Nothing is written when the export fails.
    """
    fmt = check_format(fmt) if fmt else format_from_path(path)
    summary = summarize_export(gdf, fmt=fmt, crs=crs, path=path)
    if lang is not None:  # zones with their computed accounts and a dictionary in ``lang``
        data = export_zones(gdf, fmt=fmt, crs=crs, layer=layer, notes=notes, lang=lang)
    else:
        data = export_layer(gdf, fmt=fmt, crs=crs, layer=layer,
                            field_descriptions=field_descriptions, notes=notes)
    write_bytes_atomic(path, data, error=ExportError)
    return summary
