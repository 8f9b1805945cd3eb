"""The options of an import, checked once at the entry, and the import limits.

:func:`check_options` (used by :func:`geo.imports.pipeline.read_upload`, the CLI and the
workspace) refuses a bad option before any file is read and returns the options as a frozen
:class:`ReadOptions`; :func:`check_file`, :func:`check_size` and :func:`check_limits` refuse a
path that is no file and a file over a limit of :mod:`geo.settings`. One error type for each
refusal: :class:`~geo.errors.FilterError` (unknown value, ``exc.valid`` lists the accepted ones),
:class:`~geo.errors.CRSError` (a CRS PROJ does not know), :class:`~geo.errors.ParameterError`
(a size limit that is not a positive number), :class:`~geo.errors.LimitExceeded` (a file over a
limit) and :class:`~geo.errors.ImportRefused` (not a file).
"""

from __future__ import annotations

import codecs
import contextlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

import geopandas as gpd
import pandas as pd
import shapely
import shapely.errors

from geo.core.admin import province_2024
from geo.core.findings import refused
from geo.core.periods import check_period
from geo.core.schema import IMPORT_KINDS, target_fields
from geo.core.schema import ImportKind as Kind
from geo.errors import CRSError, FilterError, LimitExceeded, ParameterError
from geo.imports.archive import MAX_BYTES
from geo.imports.crsdetect import crs_from_user
from geo.imports.encoding import (
    ENCODINGS,
    canonical_encoding,
)
from geo.imports.readers import READ_ERRORS, layer_info
from geo.settings import MAX_FEATURES, MAX_TABLE_ROWS, MAX_VERTICES


@dataclass(frozen=True)
class ReadOptions:
    """The options of one import, as checked by :func:`check_options`.

    Attributes
    ----------
    kind : the layer kind to map to (:data:`geo.core.schema.IMPORT_KINDS`).
    province : for metre coordinates with no CRS: VN-2000 TM-3 of this 2024 province.
    utm : for metre coordinates with no CRS: VN-2000 UTM zone 48 or 49.
    crs : the source CRS (EPSG code, PROJ string or WKT) overriding the file's.
    encoding : text encoding of the attributes, overriding the .cpg and detection.
    period : the half-year of a figures table (``YYYY-H1``/``YYYY-H2``).
    mapping : source column → schema field (a field of "" or "-" drops the column).
    max_bytes : upload size limit in bytes (file size, and uncompressed size of a zip).
    """

    kind: Kind = "zones"
    province: str | None = None
    utm: int | None = None
    crs: str | int | None = None
    encoding: str | None = None
    period: str | None = None
    mapping: Mapping[str, str] | None = None
    max_bytes: int = MAX_BYTES


def check_size(path: Path, *, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a file larger than ``max_bytes`` (bytes).

    Raises
    ------
    LimitExceeded
        The message names the file, its size and the limit.
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise LimitExceeded(f"{path.name}: the file is {size:,} bytes, above the limit of "
                            f"{max_bytes:,}", limit=max_bytes, value=size,
                            message_vi=f"{path.name}: tệp {size:,} byte, vượt giới hạn "
                                       f"{max_bytes:,}")


UTM_ZONES: Final = (48, 49)

def check_options(*, kind: str = "zones", province: str | None = None, utm: int | None = None,
                  crs: str | int | None = None, encoding: str | None = None,
                  period: str | None = None, mapping: dict[str, str] | None = None,
                  max_bytes: int | None = None) -> ReadOptions:
    """Refuse bad reading options before any file is read (the same options as
    :func:`geo.imports.pipeline.read_upload`, plus the ``period`` of a figures table).

    Returns
    -------
    ReadOptions
        The options (``period`` in its canonical form).

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
        period = check_period(period)  # FilterError (Vietnamese message too): not YYYY-H1/H2
    fields = target_fields(cast(Kind, kind))
    for src, dst in (mapping or {}).items():
        if dst not in ("", "-") and dst not in fields:
            raise FilterError(f"unknown field {dst!r} in the mapping {src}={dst}; valid: "
                              f"{', '.join(fields)}", valid=list(fields))
    return ReadOptions(kind=cast(Kind, kind), province=province, utm=utm, crs=crs,
                       encoding=encoding, period=period,
                       mapping=dict(mapping) if mapping else None,
                       max_bytes=int(max_bytes) if max_bytes is not None else MAX_BYTES)

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

def _over(name: str, what_en: str, what_vi: str, value: int, limit: int,
          setting: str, *, capped: bool = False) -> LimitExceeded:
    count_en, count_vi = (f"more than {limit:,}", f"hơn {limit:,}") if capped else (
        f"{value:,}", f"{value:,}")
    return LimitExceeded(
        f"{name}: {count_en} {what_en} is over the import limit of {limit:,} ({setting})",
        limit=limit, value=value,
        message_vi=f"{name}: {count_vi} {what_vi}, vượt giới hạn nhập {limit:,}")


def feature_cap(fmt: str) -> int | None:
    """The most features to read of a file of format ``fmt`` whose features are not counted
    before reading (the feature limit + 1, so that going over it shows), else None.

    GDAL parses a whole GeoJSON to open it: counting its features first would parse it twice.
    It is read with this cap instead, and :func:`check_limits` (``capped=True``) refuses it
    after reading when the cap is reached.
    """
    return MAX_FEATURES + 1 if fmt == "geojson" else None

def check_limits(path: Path, fmt: str, *, name: str, layer: str | None = None,
                 frame: pd.DataFrame | None = None, capped: bool = False) -> None:
    """Refuse a file over the import limits of :mod:`geo.settings` (one error type).

    Without ``frame`` (before reading): the table rows of a CSV (its line count) and the
    features a vector layer declares. With ``frame`` (just read, before any processing): its
    rows / features and the total vertex count of its geometries. ``name`` is the file name
    the message gives; ``capped``: the frame was read with :func:`feature_cap` features at
    most, so a frame over the limit is "more than" it.

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
            with contextlib.suppress(*READ_ERRORS):
                count = int(layer_info(path, layer).get("features", -1))
        if count > limit:
            raise _over(name, what_en, what_vi, count, limit, setting)
        return
    if len(frame) > limit:  # capped: read with feature_cap, so "more than the limit"
        raise _over(name, what_en, what_vi, len(frame), limit, setting, capped=capped)
    if isinstance(frame, gpd.GeoDataFrame):
        vertices = int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())
        if vertices > MAX_VERTICES:
            raise _over(name, "vertices", "đỉnh", vertices, MAX_VERTICES, "MAX_VERTICES")
