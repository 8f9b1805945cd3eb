"""Read an uploaded file into a layer of the schema, with what was detected and a report.

Formats: GeoJSON, zipped Shapefile (with or without .prj/.cpg), GeoPackage, KML/KMZ, DXF, CSV/XLSX
(lon/lat, WKT or VN-2000 x/y columns). Output geometries are lon/lat degrees (EPSG:4326), text in
Unicode NFC, areas in hectares. Storing the result is :mod:`geo.store.workspace`'s job.
"""

from __future__ import annotations

import math
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.errors

from geo.core._gcpause import bulk_build
from geo.core.admin import VIETNAM_BBOX, province_2024
from geo.core.crs import equal_area_ha
from geo.core.findings import Numbering, Report, refused
from geo.core.schema import HOUSING_FIELDS, ZONE_FIELDS
from geo.core.schema import ImportKind as Kind
from geo.core.text import map_distinct
from geo.errors import FilterError, ImportRefused, LimitExceeded
from geo.imports.archive import MAX_BYTES, sniff_format, unpack
from geo.imports.checks import check_layer
from geo.imports.crsdetect import crs_from_user, crs_from_wkt, infer_crs
from geo.imports.encoding import (
    EncodingGuess,
    canonical_encoding,
    decode_bytes,
    detect_encoding,
    detect_text_encoding,
    redecode_text,
    sample_texts,
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
from geo.imports.lots import apply_lot_mapping, lot_mapping
from geo.imports.numbers import to_numbers
from geo.imports.options import (
    ReadOptions,
    check_file,
    check_limits,
    check_options,
    check_size,
    feature_cap,
)
from geo.imports.readers import (
    READ_ERRORS,
    RawLayer,
    layer_names,
    read_raw,
    reader_warnings,
    refuse_no_features,
    table_geometry,
    unreadable,
)
from geo.imports.textcheck import check_text, report_json_nul
from geo.imports.xmlsafe import check_xml_file
from geo.settings import WGS84

__all__ = ["Detected", "IngestResult", "apply_mapping", "list_layers", "read_upload"]


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
            return layer_names(inner, fmt)
        except ImportRefused:
            raise
        except READ_ERRORS as exc:
            raise unreadable(path, exc) from exc


# --- reading ---------------------------------------------------------------------------------
@bulk_build
def read_upload(path: Path, *, layer: str | None = None, crs: str | int | None = None,
                province: str | None = None, utm: int | None = None,
                encoding: str | None = None, mapping: dict[str, str] | None = None,
                kind: Kind = "zones", max_bytes: int = MAX_BYTES,
                options: ReadOptions | None = None) -> IngestResult:
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
    options : the options already checked (:func:`geo.imports.options.check_options`, by
        :func:`geo.imports.run.import_file`); they replace ``province`` to ``max_bytes``.

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
    opts = options or check_options(kind=kind, province=province, utm=utm, crs=crs,
                                    encoding=encoding, mapping=mapping,
                                    max_bytes=max_bytes)  # the one check
    kind, province, utm, crs, encoding = opts.kind, opts.province, opts.utm, opts.crs, \
        opts.encoding
    if kind == "indicators":  # every half-year sheet: geo.imports.indicators_sheet
        raise refused("indicators are read by geo.imports.indicators_sheet.read_indicator_sheets",
                      "chỉ tiêu được đọc bằng mẫu XLSX chỉ tiêu", source=path.name)
    mapping = dict(opts.mapping) if opts.mapping else None
    check_file(path)
    check_size(path, max_bytes=opts.max_bytes)
    report = Report(source=path.name)
    det = Detected(format=sniff_format(path))
    with reader_warnings(report, path.name):  # no library path on stderr or the page
        try:
            with tempfile.TemporaryDirectory(prefix="kcn-ingest-") as tmp:
                inner = unpack(path, det.format, Path(tmp), max_bytes)
                check_xml_file(inner, fmt=det.format, source=path.name)
                cap = feature_cap(det.format)  # a GeoJSON: one opening, counted as read
                det.layers = layer_names(inner, det.format) if cap is None or layer else []
                if layer is not None and layer not in det.layers:
                    raise FilterError(f"{path.name} has no layer {layer!r}; valid: "
                                      f"{', '.join(det.layers)}", valid=det.layers)
                det.layer = layer or (det.layers[0] if det.layers else None)
                if cap is None:
                    check_limits(inner, det.format, name=path.name, layer=det.layer)
                raw = read_raw(inner, det.format, layer=det.layer, max_features=cap)
                check_limits(inner, det.format, name=path.name, frame=raw.frame,
                             capped=cap is not None)
                refuse_no_features(raw, inner, det.format, det.layer)
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
        except READ_ERRORS as exc:
            raise unreadable(path, exc) from exc
        det.notes.extend(raw.notes)
        if kind != "lots":  # lots are checked against the zones when planned
            frame, checks = check_layer(frame, kind=kind)
            report.extend(checks)
    return IngestResult(frame=frame, detected=det, report=report)


def _lots_frame(frame: gpd.GeoDataFrame, det: Detected, report: Report, *,
                mapping: dict[str, str] | None) -> gpd.GeoDataFrame:
    """A lot plan or lease register mapped to the lot fields (:mod:`geo.imports.lots`)."""
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


# --- text ------------------------------------------------------------------------------------
def _text_columns(frame: pd.DataFrame) -> list[str]:
    geom = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    return [c for c in frame.columns if c != geom and frame[c].dtype.kind not in "biufc"
            and any(isinstance(v, str) for v in frame[c])]  # a numeric column holds no text


def _decode_text(raw: RawLayer, det: Detected, report: Report, *, user: str | None) -> pd.DataFrame:
    """Text values (and column names) decoded to NFC; the encoding recorded in ``det``."""
    frame = raw.frame.copy()
    cols = _text_columns(frame)
    values = sample_texts(frame[c].to_numpy(dtype=object) for c in cols)
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
    # once per distinct text of a column: decoded, trimmed, then NUL and U+FFFD are errors,
    # bidi and zero-width characters are removed with a warning
    frame = check_text(frame, report, columns=cols, convert=lambda v: convert(v).strip())
    frame.columns = [convert(str(c)) if not str(c).isascii() else c for c in frame.columns]
    det.sample = {str(c): [str(v) for v in frame[c].dropna().head(5)] for c in
                  _text_columns(frame)[:6]}
    return frame


# --- geometry and CRS ------------------------------------------------------------------------
def _locate(frame: pd.DataFrame, raw: RawLayer, det: Detected, report: Report, *,
            crs: str | int | None, province: str | None, utm: int | None,
            kind: Kind) -> gpd.GeoDataFrame:
    """``frame`` with geometries in EPSG:4326 (built from table columns where needed)."""
    gdf: gpd.GeoDataFrame = (frame if isinstance(frame, gpd.GeoDataFrame)
                             else table_geometry(frame, raw, report, kind=kind))
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


# --- field mapping ---------------------------------------------------------------------------
def _field_types(kind: Kind) -> dict[str, str]:
    return dict(HOUSING_FIELDS) if kind == "housing" else {**ZONE_FIELDS, "period": "str"}


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
            out[dst] = map_distinct(out[dst], _text_value)
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
        out["kind"] = map_distinct(out["kind"], lambda v: normalize_kind(v) or v)
    if kind == "zones" and "name" in out.columns:
        inferred = map_distinct(out["name"], kind_from_name)
        if "kind" not in out.columns:
            out["kind"] = inferred
        else:
            out["kind"] = out["kind"].where(out["kind"].notna(), inferred)
        if inferred.notna().any():
            det.notes.append("kind taken from the name prefix (KCN/KCX/KKT) where not given")
    if "status" in out.columns:
        status_kind: Kind = "housing" if kind == "housing" else "zones"
        out["status"] = map_distinct(
            out["status"], lambda v: normalize_status(v, kind=status_kind) or v)
    if "province" in out.columns:
        out["province"] = map_distinct(out["province"], _canonical_province)


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
    polys = pd.Series(np.isin(shapely.get_type_id(out.geometry.to_numpy()), (3, 6)),
                      index=out.index)  # Polygon, MultiPolygon
    if not polys.any():
        return
    computed = list(equal_area_ha(out.geometry[polys].to_numpy()))  # the median ratio: a screen
    factor = area_unit_factor(list(out.loc[polys, "planned_area_ha"]), computed)
    if factor is not None:
        out["planned_area_ha"] = out["planned_area_ha"] * factor
        report.add("warning", None, "planned_area_ha", src,
                   f"cột {src} có giá trị cỡ m² so với diện tích hình: đã đổi sang ha",
                   f"values of {src} look like m² against the geometry's area: converted to ha")
