"""Read an uploaded file into a layer of the schema, with what was detected and a report.

Formats: GeoJSON, zipped Shapefile (with or without .prj/.cpg), GeoPackage, KML/KMZ, DXF, CSV/XLSX
(lon/lat, WKT or VN-2000 x/y columns). Output geometries are lon/lat degrees (EPSG:4326), text in
Unicode NFC, areas in hectares. Storing the result is :mod:`geo.workspace`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from geo.errors import ImportRefused
from geo.validate import Finding, Report, validate_layer

__all__ = ["Detected", "Finding", "ImportRefused", "IngestResult", "Report", "list_layers",
           "read_upload", "sniff_format", "validate_layer"]

Kind = Literal["zones", "housing", "figures"]
MAX_BYTES = 200 * 2**20


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
    report : findings of reading and :func:`geo.validate.validate_layer`; ``report.ok`` is False
        when an error blocks the import.
    """

    frame: pd.DataFrame
    detected: Detected
    report: Report


def sniff_format(path: Path) -> str:
    """The format of ``path`` from its content (magic bytes), falling back on the extension.

    Raises
    ------
    ImportRefused
        If the file is empty or of no supported format.
    """
    raise NotImplementedError


def list_layers(path: Path) -> list[str]:
    """Names of the layers in a file (GeoPackage, KML, DXF...; one name for single-layer ones)."""
    raise NotImplementedError


def read_upload(path: Path, *, layer: str | None = None, crs: str | int | None = None,
                province: str | None = None, utm: int | None = None,
                encoding: str | None = None, mapping: dict[str, str] | None = None,
                kind: Kind = "zones", max_bytes: int = MAX_BYTES) -> IngestResult:
    """Read an uploaded file into a validated layer of the schema.

    Parameters
    ----------
    path : the uploaded file (any supported format; the extension may be wrong).
    layer : layer to read from a multi-layer file (default: the first with geometries).
    crs : the source CRS ("EPSG:9209", 9209, a WKT) — overrides the file's and any inference.
    province : for metre coordinates with no CRS: VN-2000 TM-3 of this 2024 province.
    utm : for metre coordinates with no CRS: VN-2000 UTM zone 48 or 49 (instead of province).
    encoding : text encoding of the attributes ("utf-8", "cp1258", "tcvn3", "vni") — overrides
        the .cpg and detection.
    mapping : source column → schema field, overriding the suggestions (``{"TEN": "name"}``).
    kind : the schema to map to: zones, housing sites or zone figures (a table).
    max_bytes : upload size limit (file size, and uncompressed size of a zip).

    Returns
    -------
    IngestResult
        Never raises for bad feature content: such problems are findings in ``result.report``.

    Raises
    ------
    ImportRefused
        The file cannot be read at all (size, junk, truncated, unsafe zip), the CRS cannot be
        determined without guessing (metres with no province), or the field mapping is
        ambiguous or lacks a required field; ``exc.report`` holds the findings.
    """
    raise NotImplementedError
