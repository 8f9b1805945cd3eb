"""The per-format readers of an upload: GeoJSON, zipped Shapefile, GeoPackage, KML/KMZ, DXF,
CSV and XLSX (geometries from WKT, lon/lat or VN-2000 x/y columns, or polygon vertex rows).

A reader returns a :class:`RawLayer`: the frame as read, text still in its source bytes where
the format keeps them (DBF, CSV, DXF), coordinates in the source CRS. Decoding, the CRS and the
field mapping are :mod:`geo.imports.pipeline`'s job.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
import shapely.errors
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pyproj.exceptions import ProjError

from geo.core.findings import Numbering, Report, refused
from geo.core.schema import ImportKind as Kind
from geo.core.text import fold, is_blank
from geo.errors import ImportRefused
from geo.imports.fieldmap import (
    suggest_mapping,
)
from geo.imports.numbers import to_numbers

READ_ERRORS: tuple[type[BaseException], ...] = (
    pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError, pyogrio.errors.CRSError, zipfile.BadZipFile, UnicodeError,
    pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError, KeyError,
    shapely.errors.GEOSException, InvalidFileException, ProjError, EOFError, TypeError,
    ElementTree.ParseError)
"""What a reader raises on a malformed file (turned into ImportRefused, never a traceback)."""

def layer_names(path: Path, fmt: str) -> list[str]:
    """The layers (sheets) of an unpacked file of format ``fmt``, first one first."""
    if fmt == "xlsx":
        wb = load_workbook(path, read_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    if fmt == "csv":
        return [path.stem]
    return [str(row[0]) for row in pyogrio.list_layers(path)]

_SOURCE_LOCATION: Final = re.compile(r"\S+\.(?:cpp|cc|cxx|c|h|hpp|pyx?)(?:, |:| line )\d+:?\s*")

_ABSOLUTE_PATH: Final = re.compile(r"(?<![\w:/.])(?:[A-Za-z]:)?[/\\](?:[^\s/\\'\"]+[/\\])+"
                                   r"[^\s/\\'\",:;]*")

def clean_detail(text: str, name: str) -> str:
    """A library's message for a user: one line, without source locations (``foo.cpp, 855:``),
    and every absolute path (a temporary copy, site-packages) replaced by the file's ``name``."""
    text = _SOURCE_LOCATION.sub("", " ".join(text.split()))
    return _ABSOLUTE_PATH.sub(name, text).strip(" :")

def unreadable(path: Path, exc: BaseException) -> ImportRefused:
    detail = clean_detail(str(exc), path.name)[:200] or type(exc).__name__
    return refused(f"cannot read the file (truncated or damaged?): {detail}",
                   f"không đọc được tệp (bị cắt cụt hoặc hỏng?): {detail}", source=path.name)

def layer_info(path: Path, layer: str | None) -> dict[str, Any]:
    """``pyogrio.read_info`` of a layer, read once per file version (the limit check and the
    reader share one opening)."""
    stat = path.stat()
    return dict(_layer_info(str(path), layer, stat.st_ino, stat.st_size, stat.st_mtime_ns))

@lru_cache(maxsize=4)
def _layer_info(path: str, layer: str | None, inode: int, size: int, mtime_ns: int
                ) -> dict[str, Any]:
    return dict(pyogrio.read_info(path, layer=layer))

@dataclass
class RawLayer:
    """A file as read, before decoding, CRS and mapping."""

    frame: pd.DataFrame
    crs_text: str | None = None
    legacy_bytes: bool = False  # text columns hold bytes as Latin-1 characters (DBF, CSV)
    cp1252_bytes: bool = False  # text read by GDAL as Windows-1252 (DXF's usual code page)
    declared_encoding: str | None = None
    xy: tuple[str, str] | None = None  # table columns the coordinates came from
    notes: list[str] = field(default_factory=list)
    row_numbers: tuple[int, ...] | None = None  # a table: spreadsheet row of each frame row

def read_raw(path: Path, fmt: str, *, layer: str | None,
             max_features: int | None = None) -> RawLayer:
    """The layer ``layer`` (None: the first) of an unpacked file of format ``fmt``; a GeoJSON
    is read in one opening (its CRS from the read), at most ``max_features`` features."""
    if fmt == "csv":
        return _table_raw(_read_csv_bytes(path.read_bytes()), legacy_bytes=True)
    if fmt == "xlsx":
        return _table_raw(pd.read_excel(path, sheet_name=layer or 0, engine="openpyxl"))
    if fmt == "dxf":
        return _read_dxf(path)
    if fmt == "shapefile":
        return _read_shapefile(path)
    if fmt == "geojson":
        gdf = pyogrio.read_dataframe(path, layer=layer, max_features=max_features)
        return RawLayer(gdf, crs_text=gdf.crs.to_string() if gdf.crs is not None else None)
    gdf = pyogrio.read_dataframe(path, layer=layer, max_features=max_features)
    info_crs = layer_info(path, layer).get("crs")
    if fmt in ("kml", "kmz"):
        info_crs = "EPSG:4326"
    return RawLayer(gdf, crs_text=info_crs)

@contextmanager
def reader_warnings(report: Report, name: str) -> Iterator[None]:
    """Library warnings (GDAL, pandas, shapely) raised while reading become report warnings,
    one line each, naming the file instead of a library path; deprecations are dropped."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            seen: set[str] = set()
            for w in caught:
                if not issubclass(w.category, RuntimeWarning | UserWarning):
                    continue
                text = clean_detail(str(w.message), name)
                if text and text not in seen:
                    seen.add(text)
                    report.add("warning", None, None, None, f"cảnh báo khi đọc tệp: {text}",
                               f"reader warning: {text}")

def refuse_no_features(raw: RawLayer, inner: Path, fmt: str, layer: str | None) -> None:
    """Refuse a vector layer without features (a KML/KMZ of network links only: they point to
    files on the web, which are never fetched)."""
    if len(raw.frame) or fmt in ("csv", "xlsx"):
        return
    if fmt in ("kml", "kmz") and b"<NetworkLink" in inner.read_bytes():
        raise refused("the file holds only network links (links to KML files on the web, "
                      "which are not fetched) and no placemarks: open it in Google Earth and "
                      "save the loaded places as KML/KMZ",
                      "tệp chỉ có liên kết mạng (NetworkLink tới tệp KML trên web, không được "
                      "tải về), không có địa điểm nào: hãy mở bằng Google Earth rồi lưu các "
                      "địa điểm đã tải thành KML/KMZ", fld="geometry")
    where = f"the layer {layer!r}" if layer else "the file"
    raise refused(f"{where} has no features", f"lớp dữ liệu {layer or ''} không có đối "
                  "tượng nào", fld="geometry")

def _table_raw(frame: pd.DataFrame, *, legacy_bytes: bool = False) -> RawLayer:
    """A table without its empty rows, remembering each kept row's spreadsheet row number
    (header = row 1, first data row = row 2) so that messages name the row the user sees."""
    blank = frame.apply(lambda col: col.map(is_blank)).all(axis=1)
    numbers = tuple(int(i) + 2 for i in np.flatnonzero(~blank.to_numpy()))
    notes = [f"{int(blank.sum())} empty row(s) skipped"] if blank.any() else []
    kept = frame[~blank.to_numpy()].reset_index(drop=True)
    return RawLayer(kept, legacy_bytes=legacy_bytes, notes=notes, row_numbers=numbers)

def _read_shapefile(path: Path) -> RawLayer:
    _check_shp_length(path)
    gdf = pyogrio.read_dataframe(path, encoding="latin1")
    prj, cpg = path.with_suffix(".prj"), path.with_suffix(".cpg")
    for side in path.parent.iterdir():  # side files may be upper-case (.PRJ, .CPG)
        if side.stem == path.stem and side.suffix.lower() == ".prj":
            prj = side
        if side.stem == path.stem and side.suffix.lower() == ".cpg":
            cpg = side
    crs_text = prj.read_text(encoding="latin1").strip() if prj.exists() else None
    declared = cpg.read_text(encoding="latin1").strip() if cpg.exists() else None
    return RawLayer(gdf, crs_text=crs_text or None, legacy_bytes=True,
                declared_encoding=declared or None)

def _check_shp_length(path: Path) -> None:
    """Refuse a .shp whose header length (16-bit words, bytes 24-27) is not its size."""
    with open(path, "rb") as fh:
        header = fh.read(100)
    size = path.stat().st_size
    if len(header) < 100 or int.from_bytes(header[24:28], "big") * 2 != size:
        declared = int.from_bytes(header[24:28], "big") * 2 if len(header) >= 28 else 0
        raise refused(f"the .shp is truncated or damaged ({size:,} bytes, header says "
                      f"{declared:,})", f"tệp .shp bị cắt cụt hoặc hỏng ({size:,} byte)")

def _read_csv_bytes(data: bytes) -> pd.DataFrame:
    """A CSV as strings, its bytes kept as Latin-1 characters (decoded later); any delimiter."""
    text = data.removeprefix(b"\xef\xbb\xbf").decode("latin1")
    first = text.splitlines()[0] if text.strip() else ""
    sep = max((";", ",", "\t", "|"), key=first.count)
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                       skipinitialspace=True, skip_blank_lines=False)  # rows keep their number

def _read_dxf(path: Path) -> RawLayer:
    """Closed polylines of a CAD drawing as polygons; a text inside one names it, else its layer.

    DXF has no CRS (coordinates are usually VN-2000 metres; the user names the province).
    """
    gdf = pyogrio.read_dataframe(path)
    geoms = shapely.force_2d(gdf.geometry.to_numpy())
    texts = gdf["Text"] if "Text" in gdf.columns else pd.Series([None] * len(gdf))
    layers = gdf["Layer"] if "Layer" in gdf.columns else pd.Series([""] * len(gdf))
    polys, names, layer_names, skipped = [], [], [], 0
    labelled = np.array([g is not None and g.geom_type == "Point" and isinstance(t, str)
                         and bool(t.strip()) for g, t in zip(geoms, texts, strict=True)],
                        dtype=bool)
    label_points = geoms[labelled]
    label_texts = [str(t) for t in texts.to_numpy(dtype=object)[labelled]]
    for geom, lay in zip(geoms, layers, strict=True):
        if geom is None or geom.geom_type == "Point":
            continue
        if geom.geom_type == "LineString" and geom.is_closed and len(geom.coords) >= 4:
            poly = shapely.Polygon(geom.coords)
        elif geom.geom_type in ("Polygon", "MultiPolygon"):
            poly = geom
        else:
            skipped += 1
            continue
        polys.append(poly)
        names.append(str(lay) if lay not in (None, "", "0") else None)
        layer_names.append(str(lay))
    if polys and len(label_points):
        # the first text (in drawing order) inside each polygon names it: one STRtree query
        poly_idx, text_idx = shapely.STRtree(label_points).query(polys, predicate="contains")
        first: dict[int, int] = {}
        for p, t in zip(poly_idx.tolist(), text_idx.tolist(), strict=True):
            first[p] = min(t, first.get(p, t))
        for p, t in first.items():
            names[p] = label_texts[t]
    if not polys:
        raise refused("the drawing has no closed polyline (zone boundary)",
                      "bản vẽ không có đường bao khép kín (ranh giới khu)", fld="geometry")
    frame = gpd.GeoDataFrame({"name": names, "layer": layer_names}, geometry=polys, crs=None)
    notes = [f"DXF: {len(polys)} closed polyline(s) read as zones"]
    if skipped:
        notes.append(f"DXF: {skipped} open line(s) ignored")
    return RawLayer(frame, notes=notes, cp1252_bytes=True)

_LON: Final = ("lon", "lng", "long", "longitude", "kinhdo", "kd")

_LAT: Final = ("lat", "latitude", "vido", "vd")

_X: Final = ("x", "toadox", "xm", "toadoxm", "easting", "east")

_Y: Final = ("y", "toadoy", "ym", "toadoym", "northing", "north")

_WKT: Final = ("wkt", "geometry", "geom", "thegeom", "wktgeom", "hinh", "shape")

def _find(columns: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((columns[n] for n in names if n in columns), None)

def table_geometry(frame: pd.DataFrame, raw: RawLayer, report: Report, *,
                    kind: Kind) -> gpd.GeoDataFrame:
    """Geometries from a table's WKT, lon/lat or x/y columns (none: all geometries missing)."""
    cols = {fold(str(c), sep=""): str(c) for c in frame.columns}
    wkt = _find(cols, _WKT)
    if wkt is not None:
        geoms = []
        for pos, value in enumerate(frame[wkt]):
            geom = shapely.from_wkt(value, on_invalid="ignore") if isinstance(value, str) \
                and value.strip() else None
            if geom is None and isinstance(value, str) and value.strip():
                report.add("error", pos, wkt, value, "WKT không hợp lệ", "invalid WKT")
            geoms.append(geom)
        return gpd.GeoDataFrame(frame.drop(columns=[wkt]), geometry=geoms)
    x = _find(cols, _LON) or _find(cols, _X)
    y = _find(cols, _LAT) or _find(cols, _Y)
    if x is None or y is None:
        return gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
    raw.xy = (x, y)
    xs, ys = to_numbers(frame[x]), to_numbers(frame[y])
    rest = frame.drop(columns=[x, y])
    group = _vertex_group(rest, kind)
    if group is not None:
        return _polygons_from_vertices(rest, xs, ys, group, report)
    points = [shapely.Point(a, b) if not (math.isnan(a) or math.isnan(b)) else None
              for a, b in zip(xs, ys, strict=True)]
    for pos, pt in enumerate(points):
        if pt is None and (str(frame[x].iloc[pos]).strip() or str(frame[y].iloc[pos]).strip()):
            report.add("error", pos, f"{x}/{y}", f"{frame[x].iloc[pos]} {frame[y].iloc[pos]}",
                       "toạ độ không phải số", "coordinate is not a number")
    return gpd.GeoDataFrame(rest, geometry=points)

def _vertex_group(frame: pd.DataFrame, kind: Kind) -> str | None:
    """The id/name column when rows are polygon vertices (each value repeated ≥ 3 times)."""
    if kind == "figures":
        return None
    fm = suggest_mapping([str(c) for c in frame.columns],
                         kind="zones" if kind == "lots" else kind)
    for target in ("zone_id", "site_id", "name"):
        col = next((c for c, t in fm.mapping.items() if t == target), None)
        if col is not None:
            counts = frame[col].value_counts()
            if len(counts) and counts.min() >= 3:
                return col
    return None

def _polygons_from_vertices(frame: pd.DataFrame, xs: pd.Series, ys: pd.Series, group: str,
                            report: Report) -> gpd.GeoDataFrame:
    rows: list[pd.Series] = []
    geoms: list[shapely.Polygon | None] = []
    report.numbering = Numbering()  # one feature per polygon, not per vertex row
    for _, idx in frame.groupby(group, sort=False).groups.items():
        pts = [(a, b) for a, b in zip(xs.loc[idx], ys.loc[idx], strict=True)]
        rows.append(frame.loc[idx[0]])
        if any(math.isnan(a) or math.isnan(b) for a, b in pts):
            report.add("error", len(rows) - 1, "x/y", None, "toạ độ đỉnh không phải số",
                       "a vertex coordinate is not a number")
            geoms.append(None)
            continue
        geoms.append(shapely.Polygon(pts))
    out = gpd.GeoDataFrame(pd.DataFrame(rows).reset_index(drop=True), geometry=geoms)
    return out
