"""Read an uploaded file into a layer of the schema, with what was detected and a report.

Formats: GeoJSON, zipped Shapefile (with or without .prj/.cpg), GeoPackage, KML/KMZ, DXF, CSV/XLSX
(lon/lat, WKT or VN-2000 x/y columns). Output geometries are lon/lat degrees (EPSG:4326), text in
Unicode NFC, areas in hectares. Storing the result is :mod:`geo.store.workspace`'s job.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import math
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, cast
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

from geo.core.admin import VIETNAM_BBOX, province_2024
from geo.core.crs import geodesic_area_ha
from geo.core.periods import check_period
from geo.core.schema import HOUSING_FIELDS, IMPORT_KINDS, ZONE_FIELDS, target_fields
from geo.core.schema import ImportKind as Kind
from geo.core.text import fold
from geo.errors import CRSError, FilterError, ImportRefused, LimitExceeded, ParameterError
from geo.imports.archive import MAX_BYTES, ZIP_MAX_MEMBERS, safe_extract, sniff_format, unpack
from geo.imports.checks import Finding, Numbering, Report, check_layer, refused, validate_layer
from geo.imports.crsdetect import crs_from_user, crs_from_wkt, infer_crs
from geo.imports.encoding import (
    ENCODINGS,
    EncodingGuess,
    canonical_encoding,
    decode_bytes,
    detect_encoding,
    detect_text_encoding,
    redecode_text,
    text_to_bytes,
)
from geo.imports.fieldmap import (
    FieldMapping,
    area_unit_factor,
    check_user_mapping,
    kind_from_name,
    normalize_kind,
    normalize_status,
    suggest_mapping,
)
from geo.imports.textcheck import check_text, report_json_nul
from geo.imports.xmlsafe import check_xml_file
from geo.settings import MAX_FEATURES, MAX_TABLE_ROWS, MAX_VERTICES, WGS84

__all__ = ["MAX_BYTES", "ZIP_MAX_MEMBERS", "Detected", "Finding", "ImportRefused", "IngestResult",
           "Report", "check_options", "list_layers", "read_upload", "safe_extract",
           "sniff_format", "validate_layer"]

UTM_ZONES: Final = (48, 49)


def check_options(*, kind: str = "zones", province: str | None = None, utm: int | None = None,
                  crs: str | int | None = None, encoding: str | None = None,
                  period: str | None = None, mapping: dict[str, str] | None = None,
                  max_bytes: int | None = None) -> None:
    """Refuse bad reading options before any file is read (the same options as
    :func:`read_upload`, plus the ``period`` of a figures table).

    Raises
    ------
    FilterError
        Unknown kind, province (2024), UTM zone, text encoding, period or mapped field;
        ``exc.valid`` lists the accepted values and the message names them on one line.
    CRSError
        ``crs`` is not a CRS PROJ knows (EPSG code, PROJ string or WKT).
    ParameterError
        ``max_bytes`` (the upload size limit) is not a positive number.
    """
    if kind not in IMPORT_KINDS:
        kinds = ", ".join(IMPORT_KINDS)
        raise FilterError(f"unknown kind of data {kind!r}; valid: {kinds}",
                          valid=list(IMPORT_KINDS),
                          message_vi=f"loại dữ liệu {kind!r} không có; chọn: {kinds}")
    if max_bytes is not None and not (isinstance(max_bytes, int | float) and max_bytes > 0
                                      and math.isfinite(max_bytes)):
        raise ParameterError(f"upload size limit {max_bytes!r} bytes: must be more than 0",
                             message_vi=f"giới hạn dung lượng {max_bytes!r} byte: phải lớn hơn 0")
    if province is not None:
        try:
            province_2024(province)
        except FilterError as exc:
            raise FilterError(str(exc), valid=exc.valid,
                              message_vi=f"không có tỉnh {province!r}; chọn: "
                                         f"{', '.join(exc.valid)}") from None
    if utm is not None and utm not in UTM_ZONES:
        raise FilterError(f"unknown VN-2000 UTM zone {utm!r}; valid: 48, 49",
                          valid=[str(z) for z in UTM_ZONES],
                          message_vi=f"múi UTM {utm!r} không có; chọn 48 hoặc 49")
    if crs is not None:
        try:
            crs_from_user(crs)
        except CRSError as exc:
            raise CRSError(f"invalid CRS {str(crs)!r}: not an EPSG code, PROJ string or WKT "
                           "that PROJ knows; give e.g. EPSG:9209 (VN-2000 TM-3 105°30′) or "
                           "EPSG:4326 (WGS 84 degrees)",
                           message_vi=f"hệ tọa độ {str(crs)!r} không hợp lệ: nhập mã EPSG, "
                                      "chuỗi PROJ hoặc WKT, ví dụ EPSG:9209 (VN-2000 TM-3 "
                                      "105°30′) hoặc EPSG:4326 (WGS 84, độ)") from exc
    if encoding is not None:
        _check_encoding(encoding)
    if period is not None:
        check_period(period)  # FilterError (with its Vietnamese message): not YYYY-H1/H2
    fields = target_fields(cast(Kind, kind))
    for src, dst in (mapping or {}).items():
        if dst not in ("", "-") and dst not in fields:
            raise FilterError(f"unknown field {dst!r} in the mapping {src}={dst}; valid: "
                              f"{', '.join(fields)}", valid=list(fields))


def _check_encoding(name: str) -> None:
    enc = canonical_encoding(name)
    if enc in ENCODINGS:
        return
    try:
        codecs.lookup(enc)
    except LookupError:
        raise FilterError(f"unknown text encoding {name!r}; valid: {', '.join(ENCODINGS)} "
                          "(or a Python codec name such as latin1)",
                          valid=list(ENCODINGS)) from None


@dataclass
class Detected:
    """What the reader found out about a file (shown to the user, logged with the import).

    Attributes
    ----------
    format : "geojson" | "shapefile" | "gpkg" | "kml" | "kmz" | "dxf" | "csv" | "xlsx".
    layers : the layers of a multi-layer file (GeoPackage, KML, DXF); else [the one layer].
    layer : the layer read.
    crs : "EPSG:n" of the source coordinates, or a description when there is no EPSG code;
        None for a table with no geometry (figures).
    crs_source : "file" | "user" | "inferred: degrees" | "swapped lat/lon fixed" | "".
    encoding : the text encoding of the attributes ("utf-8", "cp1258", "tcvn3", "vni", ...).
    encoding_source : "file (.cpg)" | "user" | "detected" | "default".
    mapping : source column → schema field, as applied.
    unmapped : source columns not mapped (kept out of the layer).
    sample : a few decoded text values (column → values) for the UI to show.
    notes : other things worth saying (unit conversions, geometry column used...).
    """

    format: str = ""
    layers: list[str] = field(default_factory=list)
    layer: str | None = None
    crs: str | None = None
    crs_source: str = ""
    encoding: str = ""
    encoding_source: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    sample: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class IngestResult:
    """A read upload: the layer, what was detected, and the validation report.

    Attributes
    ----------
    frame : GeoDataFrame in EPSG:4326 (zones, housing) or DataFrame (figures); columns renamed to
        the schema as mapped (unmapped columns dropped), figures in ha / %, text NFC. Geometries
        are repaired (make_valid, Z/M dropped, polygons extracted from collections).
    detected : see :class:`Detected`.
    report : findings of reading and :func:`geo.imports.checks.validate_layer`; ``report.ok`` is
        False
        when an error blocks the import.
    """

    frame: pd.DataFrame
    detected: Detected
    report: Report



_READ_ERRORS: tuple[type[BaseException], ...] = (
    pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError, pyogrio.errors.CRSError, zipfile.BadZipFile, UnicodeError,
    pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError, KeyError,
    shapely.errors.GEOSException, InvalidFileException, ProjError, EOFError, TypeError,
    ElementTree.ParseError)
"""What a reader raises on a malformed file (turned into ImportRefused, never a traceback)."""


def list_layers(path: Path, *, max_bytes: int = MAX_BYTES) -> list[str]:
    """Names of the layers in a file (GeoPackage/KML layers, spreadsheet sheets; one name for
    single-layer formats).

    Raises
    ------
    ImportRefused
        If the file cannot be read.
    """
    path = Path(path)
    check_file(path)
    fmt = sniff_format(path)
    with tempfile.TemporaryDirectory(prefix="kcn-ingest-") as tmp:
        try:
            inner = unpack(path, fmt, Path(tmp), max_bytes)
            check_xml_file(inner, fmt=fmt, source=path.name)
            return _layers(inner, fmt)
        except ImportRefused:
            raise
        except _READ_ERRORS as exc:
            raise _unreadable(path, exc) from exc


def check_file(path: Path) -> None:
    """Refuse a path that is not a readable file (missing, a folder, ...).

    Raises
    ------
    ImportRefused
        The message names the path and says what it is.
    """
    if path.is_dir():
        raise refused("this is a folder, not a file: give the file itself (for a Shapefile, "
                      "zip its .shp, .shx, .dbf, .prj and .cpg)",
                      "đây là thư mục, không phải tệp: hãy chọn chính tệp dữ liệu (Shapefile: "
                      "nén .shp, .shx, .dbf, .prj, .cpg thành .zip)", source=str(path))
    if not path.exists():
        raise refused("no such file", "không có tệp này", source=str(path))
    if not path.is_file():
        raise refused("not a regular file", "không phải tệp thường", source=str(path))


def _layers(path: Path, fmt: str) -> list[str]:
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


def _unreadable(path: Path, exc: BaseException) -> ImportRefused:
    detail = clean_detail(str(exc), path.name)[:200] or type(exc).__name__
    return refused(f"cannot read the file (truncated or damaged?): {detail}",
                   f"không đọc được tệp (bị cắt cụt hoặc hỏng?): {detail}", source=path.name)


# --- reading ---------------------------------------------------------------------------------
@dataclass
class _Raw:
    """A file as read, before decoding, CRS and mapping."""

    frame: pd.DataFrame
    crs_text: str | None = None
    legacy_bytes: bool = False  # text columns hold bytes as Latin-1 characters (DBF, CSV)
    cp1252_bytes: bool = False  # text read by GDAL as Windows-1252 (DXF's usual code page)
    declared_encoding: str | None = None
    xy: tuple[str, str] | None = None  # table columns the coordinates came from
    notes: list[str] = field(default_factory=list)
    row_numbers: tuple[int, ...] | None = None  # a table: spreadsheet row of each frame row


def read_upload(path: Path, *, layer: str | None = None, crs: str | int | None = None,
                province: str | None = None, utm: int | None = None,
                encoding: str | None = None, mapping: dict[str, str] | None = None,
                kind: Kind = "zones", max_bytes: int = MAX_BYTES) -> IngestResult:
    """Read an uploaded file into a validated layer of the schema.

    Parameters
    ----------
    path : the uploaded file (any supported format; the extension may be wrong).
    layer : layer (or spreadsheet sheet) to read from a multi-layer file (default: the first).
    crs : the source CRS ("EPSG:9209", 9209, a WKT) — overrides the file's and any inference.
    province : for metre coordinates with no CRS: VN-2000 TM-3 of this 2024 province.
    utm : for metre coordinates with no CRS: VN-2000 UTM zone 48 or 49 (instead of province).
    encoding : text encoding of the attributes ("utf-8", "cp1258", "tcvn3", "vni") — overrides
        the .cpg and detection.
    mapping : source column → schema field, overriding the suggestions (``{"TEN": "name"}``;
        a field of "" or "-" drops the column).
    kind : the schema to map to: zones, housing sites or zone figures (a table).
    max_bytes : upload size limit (file size, and uncompressed size of a zip).

    Returns
    -------
    IngestResult
        Geometries in EPSG:4326 (lon/lat degrees), figures in ha / %, text NFC. Never raises for
        bad feature content: such problems are findings in ``result.report``.

    Raises
    ------
    ImportRefused
        The file cannot be read at all (size, junk, truncated, unsafe zip), the CRS cannot be
        determined without guessing (metres with no province), or the field mapping is
        ambiguous or lacks a required field; ``exc.report`` holds the findings.
    """
    path = Path(path)
    check_options(kind=kind, province=province, utm=utm, crs=crs, encoding=encoding,
                  mapping=mapping, max_bytes=max_bytes)
    check_file(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise refused(f"the file is {size:,} bytes, above the limit of {max_bytes:,}",
                      f"tệp {size:,} byte, vượt giới hạn {max_bytes:,}", source=path.name)
    report = Report(source=path.name)
    det = Detected(format=sniff_format(path))
    with _reader_warnings(report, path.name):  # no library path on stderr or the page
        try:
            with tempfile.TemporaryDirectory(prefix="kcn-ingest-") as tmp:
                inner = unpack(path, det.format, Path(tmp), max_bytes)
                check_xml_file(inner, fmt=det.format, source=path.name)
                det.layers = _layers(inner, det.format)
                if layer is not None and layer not in det.layers:
                    raise FilterError(f"{path.name} has no layer {layer!r}; valid: "
                                      f"{', '.join(det.layers)}", valid=det.layers)
                check_limits(inner, det.format, name=path.name, layer=layer)
                raw = _read_raw(inner, det, layer=layer, kind=kind)
                check_limits(inner, det.format, name=path.name, frame=raw.frame)
                _refuse_no_features(raw, inner, det)
                if det.format == "geojson":  # GDAL cuts a text at a NUL: look at the file itself
                    report_json_nul(inner.read_bytes(), report)
            if raw.row_numbers is not None:
                report.numbering = Numbering.table(raw.row_numbers)
            frame = _decode_text(raw, det, report, user=encoding)
            frame = _locate(frame, raw, det, report, crs=crs, province=province, utm=utm,
                            kind=kind)
            if kind == "lots":  # the lot register: its own fields (geo.imports.lots)
                frame = _lots_frame(frame, det, report, mapping=mapping)
            else:
                frame = apply_mapping(frame, det, report, mapping=mapping, kind=kind)
        except LimitExceeded:
            raise
        except ImportRefused as exc:
            if isinstance(exc.report, Report):
                exc.report.source = exc.report.source or path.name
            if not str(exc).startswith(path.name):
                raise ImportRefused(f"{path.name}: {exc}", report=exc.report) from exc
            raise
        except FilterError:  # an unknown --source-layer: one line listing the layers
            raise
        except _READ_ERRORS as exc:
            raise _unreadable(path, exc) from exc
        det.notes.extend(raw.notes)
        if kind != "lots":  # lots are checked against the zones when planned
            frame, checks = check_layer(frame, kind=kind)
            report.extend(checks)
    return IngestResult(frame=frame, detected=det, report=report)


def _over(name: str, what_en: str, what_vi: str, value: int, limit: int,
          setting: str) -> LimitExceeded:
    return LimitExceeded(
        f"{name}: {value:,} {what_en} is over the import limit of {limit:,} ({setting})",
        limit=limit, value=value,
        message_vi=f"{name}: {value:,} {what_vi}, vượt giới hạn nhập {limit:,}")


def check_limits(path: Path, fmt: str, *, name: str, layer: str | None = None,
                 frame: pd.DataFrame | None = None) -> None:
    """Refuse a file over the import limits of :mod:`geo.settings` (one error type).

    Without ``frame`` (before reading): the table rows of a CSV (its line count) and the
    features a vector layer declares. With ``frame`` (just read, before any processing): its
    rows / features and the total vertex count of its geometries. ``name`` is the file name
    the message gives.

    Raises
    ------
    LimitExceeded
        ``name``: the value, the limit and the setting, in English (``message_vi``: Vietnamese).
    """
    table = fmt in ("csv", "xlsx")
    limit, setting = ((MAX_TABLE_ROWS, "MAX_TABLE_ROWS") if table
                      else (MAX_FEATURES, "MAX_FEATURES"))
    what_en, what_vi = ("rows", "dòng") if table else ("features", "đối tượng")
    if frame is None:
        count = -1
        if fmt == "csv":
            with open(path, "rb") as fh:
                count = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
            count = max(count - 1, 0)  # the header line
        elif not table:
            with contextlib.suppress(*_READ_ERRORS):
                count = int(pyogrio.read_info(path, layer=layer).get("features", -1))
        if count > limit:
            raise _over(name, what_en, what_vi, count, limit, setting)
        return
    if len(frame) > limit:
        raise _over(name, what_en, what_vi, len(frame), limit, setting)
    if isinstance(frame, gpd.GeoDataFrame):
        vertices = int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())
        if vertices > MAX_VERTICES:
            raise _over(name, "vertices", "đỉnh", vertices, MAX_VERTICES, "MAX_VERTICES")


def _lots_frame(frame: gpd.GeoDataFrame, det: Detected, report: Report, *,
                mapping: dict[str, str] | None) -> gpd.GeoDataFrame:
    """A lot plan or lease register mapped to the lot fields (:mod:`geo.imports.lots`)."""
    from geo.imports.lots import apply_lot_mapping, lot_mapping

    if det.format == "dxf":  # a polygon's text is its lot number; its layer, its use class
        frame = frame.assign(name=frame["name"].where(frame["name"] != frame["layer"]))
        mapping = {"name": "lot_id", "layer": "use_label", **(mapping or {})}
    synthetic = det.format == "dxf" and frame["layer"].map(
        lambda v: isinstance(v, str) and v.upper().startswith("SYNTHETIC")).any()
    frame = gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=WGS84)
    frame = frame.set_geometry(shapely.make_valid(frame.geometry.to_numpy()))
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    det.mapping = lot_mapping(columns, user=mapping)[0]  # shown and changeable on the page
    det.unmapped = [c for c in columns if c not in det.mapping]
    return apply_lot_mapping(frame, det.notes, report, mapping=mapping,
                             synthetic_hint=bool(synthetic))


def _read_raw(path: Path, det: Detected, *, layer: str | None, kind: Kind) -> _Raw:
    det.layer = layer or (det.layers[0] if det.layers else None)
    if det.format == "csv":
        return _table_raw(_read_csv_bytes(path.read_bytes()), legacy_bytes=True)
    if det.format == "xlsx":
        return _table_raw(pd.read_excel(path, sheet_name=det.layer or 0, engine="openpyxl"))
    if det.format == "dxf":
        return _read_dxf(path)
    if det.format == "shapefile":
        return _read_shapefile(path)
    gdf = pyogrio.read_dataframe(path, layer=det.layer)
    info_crs = pyogrio.read_info(path, layer=det.layer).get("crs")
    if det.format in ("kml", "kmz"):
        info_crs = "EPSG:4326"
    return _Raw(gdf, crs_text=info_crs)


@contextmanager
def _reader_warnings(report: Report, name: str) -> Iterator[None]:
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


def _refuse_no_features(raw: _Raw, inner: Path, det: Detected) -> None:
    """Refuse a vector layer without features (a KML/KMZ of network links only: they point to
    files on the web, which are never fetched)."""
    if len(raw.frame) or det.format in ("csv", "xlsx"):
        return
    if det.format in ("kml", "kmz") and b"<NetworkLink" in inner.read_bytes():
        raise refused("the file holds only network links (links to KML files on the web, "
                      "which are not fetched) and no placemarks: open it in Google Earth and "
                      "save the loaded places as KML/KMZ",
                      "tệp chỉ có liên kết mạng (NetworkLink tới tệp KML trên web, không được "
                      "tải về), không có địa điểm nào: hãy mở bằng Google Earth rồi lưu các "
                      "địa điểm đã tải thành KML/KMZ", fld="geometry")
    where = f"the layer {det.layer!r}" if det.layer else "the file"
    raise refused(f"{where} has no features", f"lớp dữ liệu {det.layer or ''} không có đối "
                  "tượng nào", fld="geometry")


def _table_raw(frame: pd.DataFrame, *, legacy_bytes: bool = False) -> _Raw:
    """A table without its empty rows, remembering each kept row's spreadsheet row number
    (header = row 1, first data row = row 2) so that messages name the row the user sees."""
    blank = frame.apply(lambda col: col.map(lambda v: v is None or (isinstance(v, float) and
                                                                    math.isnan(v)) or
                                            (isinstance(v, str) and not v.strip()))).all(axis=1)
    numbers = tuple(int(i) + 2 for i in np.flatnonzero(~blank.to_numpy()))
    notes = [f"{int(blank.sum())} empty row(s) skipped"] if blank.any() else []
    kept = frame[~blank.to_numpy()].reset_index(drop=True)
    return _Raw(kept, legacy_bytes=legacy_bytes, notes=notes, row_numbers=numbers)


def _read_shapefile(path: Path) -> _Raw:
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
    return _Raw(gdf, crs_text=crs_text or None, legacy_bytes=True,
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


def _read_dxf(path: Path) -> _Raw:
    """Closed polylines of a CAD drawing as polygons; a text inside one names it, else its layer.

    DXF has no CRS (coordinates are usually VN-2000 metres; the user names the province).
    """
    gdf = pyogrio.read_dataframe(path)
    geoms = shapely.force_2d(gdf.geometry.to_numpy())
    texts = gdf["Text"] if "Text" in gdf.columns else pd.Series([None] * len(gdf))
    layers = gdf["Layer"] if "Layer" in gdf.columns else pd.Series([""] * len(gdf))
    polys, names, layer_names, skipped = [], [], [], 0
    labels = [(g, str(t)) for g, t in zip(geoms, texts, strict=True)
              if g is not None and g.geom_type == "Point" and isinstance(t, str) and t.strip()]
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
        inside = [t for p, t in labels if poly.contains(p)]
        polys.append(poly)
        names.append(inside[0] if inside else (str(lay) if lay not in (None, "", "0") else None))
        layer_names.append(str(lay))
    if not polys:
        raise refused("the drawing has no closed polyline (zone boundary)",
                      "bản vẽ không có đường bao khép kín (ranh giới khu)", fld="geometry")
    frame = gpd.GeoDataFrame({"name": names, "layer": layer_names}, geometry=polys, crs=None)
    notes = [f"DXF: {len(polys)} closed polyline(s) read as zones"]
    if skipped:
        notes.append(f"DXF: {skipped} open line(s) ignored")
    return _Raw(frame, notes=notes, cp1252_bytes=True)


# --- text ------------------------------------------------------------------------------------
def _text_columns(frame: pd.DataFrame) -> list[str]:
    geom = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    return [c for c in frame.columns if c != geom and any(isinstance(v, str) for v in frame[c])]


def _decode_text(raw: _Raw, det: Detected, report: Report, *, user: str | None) -> pd.DataFrame:
    """Text values (and column names) decoded to NFC; the encoding recorded in ``det``."""
    frame = raw.frame.copy()
    cols = _text_columns(frame)
    values = [v for c in cols for v in frame[c] if isinstance(v, str) and v][:5000]
    values += [str(c) for c in frame.columns if not str(c).isascii()]
    if raw.legacy_bytes or raw.cp1252_bytes:
        to_bytes = text_to_bytes if raw.cp1252_bytes else (lambda t: t.encode("latin1"))
        guess = detect_encoding([to_bytes(v) for v in values],
                                declared=raw.declared_encoding, user=user)

        def convert(text: str) -> str:
            try:
                return decode_bytes(to_bytes(text), guess.encoding)
            except (UnicodeDecodeError, LookupError):
                return unicodedata.normalize(
                    "NFC", to_bytes(text).decode(guess.encoding, errors="replace"))
    else:
        guess = (EncodingGuess(canonical_encoding(user), "user", {}) if user
                 else detect_text_encoding(values))

        def convert(text: str) -> str:
            if guess.encoding in ("tcvn3", "vni"):
                return redecode_text(text, guess.encoding)
            return unicodedata.normalize("NFC", text)
    det.encoding, det.encoding_source = guess.encoding, guess.source
    if guess.note and guess.source == "detected":
        report.add("warning", None, None, raw.declared_encoding or guess.encoding,
                   f"bảng mã phát hiện được: {guess.encoding.upper()}"
                   + (f" (tệp .cpg ghi {raw.declared_encoding})" if raw.declared_encoding
                      else ""), f"text encoding detected: {guess.encoding} ({guess.note})")
    for col in cols:
        frame[col] = frame[col].map(lambda v: convert(v).strip() if isinstance(v, str) else v)
    frame = check_text(frame, report, columns=cols)  # NUL, U+FFFD: errors; bidi, zero-width
    frame.columns = [convert(str(c)) if not str(c).isascii() else c for c in frame.columns]
    det.sample = {str(c): [str(v) for v in frame[c].dropna().head(5)] for c in
                  _text_columns(frame)[:6]}
    return frame


# --- geometry and CRS ------------------------------------------------------------------------
_LON: Final = ("lon", "lng", "long", "longitude", "kinhdo", "kd")
_LAT: Final = ("lat", "latitude", "vido", "vd")
_X: Final = ("x", "toadox", "xm", "toadoxm", "easting", "east")
_Y: Final = ("y", "toadoy", "ym", "toadoym", "northing", "north")
_WKT: Final = ("wkt", "geometry", "geom", "thegeom", "wktgeom", "hinh", "shape")


def _find(columns: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((columns[n] for n in names if n in columns), None)


def _locate(frame: pd.DataFrame, raw: _Raw, det: Detected, report: Report, *,
            crs: str | int | None, province: str | None, utm: int | None,
            kind: Kind) -> gpd.GeoDataFrame:
    """``frame`` with geometries in EPSG:4326 (built from table columns where needed)."""
    gdf: gpd.GeoDataFrame = (frame if isinstance(frame, gpd.GeoDataFrame)
                             else _table_geometry(frame, raw, report, kind=kind))
    geoms = gdf.geometry.to_numpy()
    coords = shapely.get_coordinates(geoms[~shapely.is_missing(geoms)])
    sane = coords[np.all(np.isfinite(coords) & (np.abs(coords) < 1e7), axis=1)]
    if sane.size == 0:
        det.crs, det.crs_source = None, ""
        return gdf.set_crs(WGS84, allow_override=True)
    xs, ys = sane[:, 0], sane[:, 1]
    if crs is not None:
        guess = crs_from_user(crs)
    elif raw.crs_text:
        guess = crs_from_wkt(raw.crs_text)
        if guess.crs.is_geographic and not _in_vietnam(xs, ys):
            guess = infer_crs(xs, ys, province=province, utm=utm)
            report.add("warning", None, "geometry", None,
                       "toạ độ không khớp hệ toạ độ ghi trong tệp: " + guess.note_vi,
                       "coordinates do not fit the file's own CRS: " + guess.note)
    else:
        guess = infer_crs(xs, ys, province=province, utm=utm)
    if guess.swap:
        gdf = gdf.set_geometry(shapely.transform(geoms, lambda c: c[:, ::-1]))
        report.add("warning", None, "geometry", None, guess.note_vi, guess.note)
    det.crs, det.crs_source = guess.label, guess.source
    if guess.note:
        det.notes.append(guess.note)
    return gdf.set_crs(guess.crs, allow_override=True).to_crs(WGS84)


def _in_vietnam(xs: np.ndarray, ys: np.ndarray) -> bool:
    x0, y0, x1, y1 = VIETNAM_BBOX
    return bool(np.all((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)))


def _table_geometry(frame: pd.DataFrame, raw: _Raw, report: Report, *,
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


def to_numbers(values: pd.Series) -> pd.Series:
    """Floats from numbers or text in Vietnamese (``1.234,5``) or English (``1,234.5``) format.

    Blank → NaN; unparseable text → NaN (callers report it). In a column where some value uses a
    decimal comma, '.' is read as a thousands separator.
    """
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    texts = values.map(lambda v: v.strip().replace("\u00a0", "").replace(" ", "")
                       if isinstance(v, str) else v)
    comma_decimal = texts.map(lambda v: isinstance(v, str) and "," in v and "." not in v and
                              not re.fullmatch(r"-?\d{1,3}(,\d{3})+", v)).any()

    def parse(v: object) -> float:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return math.nan
        if not isinstance(v, str):
            return float(v)  # type: ignore[arg-type]
        text = v.removesuffix("%").removesuffix("ha").strip()
        if not text:
            return math.nan
        if "," in text and "." in text:
            dec = "," if text.rfind(",") > text.rfind(".") else "."
            text = text.replace("." if dec == "," else ",", "").replace(",", ".")
        elif "," in text:
            text = text.replace(",", "." if comma_decimal else "")
        elif comma_decimal:
            text = text.replace(".", "")
        try:
            return float(text)
        except ValueError:
            return math.nan
    return texts.map(parse).astype("float64")


# --- field mapping ---------------------------------------------------------------------------
def _field_types(kind: Kind) -> dict[str, str]:
    if kind == "housing":
        return dict(HOUSING_FIELDS)
    types = dict(ZONE_FIELDS)
    types["period"] = "str"
    return types


def apply_mapping(frame: gpd.GeoDataFrame, det: Detected, report: Report, *,
                  mapping: dict[str, str] | None,
                  kind: Literal["zones", "housing", "figures"]) -> pd.DataFrame:
    """``frame`` with its columns renamed to the schema (unmapped ones dropped), numbers parsed,
    m² converted to ha, ``kind``/``status``/``province`` values normalised.

    Raises
    ------
    ImportRefused
        The user mapping names unknown columns/fields, or the suggestion is ambiguous or lacks a
        required field (the message lists the candidates).
    """
    geom = frame.geometry.name
    columns = [str(c) for c in frame.columns if c != geom]
    problems = check_user_mapping(mapping or {}, columns, kind=kind)
    if problems:
        raise refused("; ".join(problems), "; ".join(problems), fld="mapping")
    fm = suggest_mapping(columns, kind=kind, user=mapping)
    if not fm.ok:
        raise _mapping_refused(fm, columns)
    det.mapping = dict(fm.mapping)
    det.unmapped = fm.unmapped(columns)
    det.notes.extend(fm.notes)
    out = frame[[*fm.mapping, geom]].rename(columns=fm.mapping)
    types = _field_types(kind)
    for src, dst in fm.mapping.items():
        if types.get(dst) == "float":
            numbers = to_numbers(out[dst])
            _report_non_numbers(out[dst], numbers, dst, report)
            out[dst] = numbers * fm.factors.get(src, 1.0)
            if fm.factors.get(src, 1.0) != 1.0:
                report.add("warning", None, dst, src, f"cột {src} tính bằng m²: đã đổi sang ha",
                           f"column {src} is in m²: converted to ha")
        else:
            out[dst] = out[dst].map(_text_value)
    _normalise_values(out, det, kind)
    _check_area_unit(out, fm, report)
    if kind == "figures":
        return pd.DataFrame(out.drop(columns=[geom]))
    return out


def _mapping_refused(fm: FieldMapping, columns: list[str]) -> ImportRefused:
    parts_en, parts_vi = [], []
    for target in fm.ambiguous:
        cands = ", ".join(fm.candidates.get(target, []))
        parts_en.append(f"field {target!r} is ambiguous: candidates {cands} (choose with "
                        f"--map COLUMN={target})")
        parts_vi.append(f"trường {target!r} có nhiều cột phù hợp: {cands}")
    for target in fm.missing:
        parts_en.append(f"required field {target!r} not found among the columns "
                        f"{', '.join(columns)} (give it with --map COLUMN={target})")
        parts_vi.append(f"thiếu trường bắt buộc {target!r}; các cột: {', '.join(columns)}")
    return refused("; ".join(parts_en), "; ".join(parts_vi), fld="mapping")


def _text_value(value: object) -> object:
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value.strip())
        return text or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _report_non_numbers(raw: pd.Series, numbers: pd.Series, fld: str, report: Report) -> None:
    for pos, (value, number) in enumerate(zip(raw, numbers, strict=True)):
        if math.isnan(number) and isinstance(value, str) and value.strip() not in ("", "-", "—"):
            report.add("error", pos, fld, value, "không phải số", "not a number")


def _normalise_values(out: pd.DataFrame, det: Detected, kind: Kind) -> None:
    if "kind" in out.columns:
        out["kind"] = out["kind"].map(lambda v: normalize_kind(v) or v)
    if kind == "zones" and "name" in out.columns:
        inferred = out["name"].map(kind_from_name)
        if "kind" not in out.columns:
            out["kind"] = inferred
        else:
            out["kind"] = out["kind"].where(out["kind"].notna(), inferred)
        if inferred.notna().any():
            det.notes.append("kind taken from the name prefix (KCN/KCX/KKT) where not given")
    if "status" in out.columns:
        out["status"] = out["status"].map(
            lambda v: normalize_status(v, kind="housing" if kind == "housing" else "zones") or v)
    if "province" in out.columns:
        out["province"] = out["province"].map(_canonical_province)


def _canonical_province(value: object) -> object:
    if not isinstance(value, str):
        return value
    try:
        return province_2024(value).name
    except FilterError:
        return value


def _check_area_unit(out: pd.DataFrame, fm: FieldMapping, report: Report) -> None:
    src = next((c for c, t in fm.mapping.items() if t == "planned_area_ha"), None)
    if src is None or fm.factors.get(src, 1.0) != 1.0 or not isinstance(out, gpd.GeoDataFrame):
        return
    polys = out.geometry.map(lambda g: g is not None and g.geom_type in ("Polygon",
                                                                         "MultiPolygon"))
    if not polys.any():
        return
    computed = [geodesic_area_ha(g) for g in out.geometry[polys]]
    factor = area_unit_factor(list(out.loc[polys, "planned_area_ha"]), computed)
    if factor is not None:
        out["planned_area_ha"] = out["planned_area_ha"] * factor
        report.add("warning", None, "planned_area_ha", src,
                   f"cột {src} có giá trị cỡ m² so với diện tích hình: đã đổi sang ha",
                   f"values of {src} look like m² against the geometry's area: converted to ha")
