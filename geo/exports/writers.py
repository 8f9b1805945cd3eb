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

from geo.core.crs import require_crs
from geo.core.i18n import t
from geo.errors import ExportError
from geo.exports.accounts import ACCOUNT_INFO, data_dictionary, zones_with_accounts
from geo.exports.cells import is_text, neutralise_frame
from geo.exports.crs import UTM_48N_WGS84, resolve_crs
from geo.exports.fields import DBF_TEXT_BYTES, FieldInfo, field_info_for
from geo.exports.formats import FORMAT_NAMES, check_format, format_from_path, slugify
from geo.exports.xlsx_fast import Sheet, workbook_bytes
from geo.settings import WGS84
from geo.store.atomic import write_bytes_atomic

COORDINATE_DECIMALS: Final = 6
"""Decimals of lon/lat degrees in GeoJSON, KML, CSV and XLSX (1e-6° ≈ 0.11 m)."""


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

_GEOM_FAMILIES: Final[dict[str, str]] = {
    "Polygon": "polygons", "MultiPolygon": "polygons", "Point": "points",
    "MultiPoint": "multipoints", "LineString": "lines", "MultiLineString": "lines",
}
_NUMBER_FORMATS: Final[dict[str, str]] = {"ha": "#,##0.0", "%": "0.0", "m²": "#,##0"}


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------


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
    info = field_info_for(_data_columns(frame), field_descriptions)
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

    ``zones``: the store's zones (:func:`geo.store.factory.load_zones`) after
    :func:`geo.accounts.landuse.filter_zones` (EPSG:4326; footprints, points or None — kept,
    see the module notes). Areas in hectares. ``notes`` as :func:`export_layer`. ``lang``
    (``vi``/``en``, as the app and ``export --lang`` do): the computed accounts are added
    (:func:`geo.exports.accounts.zones_with_accounts`: land in use, occupancy and their basis in
    that language; ``lots`` as ``add_accounts``) with a data dictionary; None: the fields as is.
    """
    if lang is None:
        return export_layer(zones, fmt=fmt, crs=crs, layer=layer, notes=notes)
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
                 notes: Sequence[str] = (), lang: str | None = None,
                 lots: pd.DataFrame | None = None) -> ExportSummary:
    """Export ``gdf`` to the file ``path`` atomically; returns what was written.

    ``fmt`` defaults to the format of the extension (:func:`format_from_path`); ``lang`` and
    ``lots`` (the store's lot register) as :func:`export_zones`; other parameters as
    :func:`export_layer`. Nothing is written when the export fails.
    """
    fmt = check_format(fmt) if fmt else format_from_path(path)
    summary = summarize_export(gdf, fmt=fmt, crs=crs, path=path)
    if lang is not None:  # zones with their computed accounts and a dictionary in ``lang``
        data = export_zones(gdf, fmt=fmt, crs=crs, layer=layer, notes=notes, lang=lang,
                            lots=lots)
    else:
        data = export_layer(gdf, fmt=fmt, crs=crs, layer=layer,
                            field_descriptions=field_descriptions, notes=notes)
    write_bytes_atomic(path, data, error=ExportError)
    return summary
