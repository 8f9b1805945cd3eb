"""The export formats: their names, media types and file-name extensions, and file names.

:data:`FORMATS` lists the formats a page offers; :func:`check_format` refuses any other with
:class:`~geo.errors.ExportError`; :func:`format_from_path` reads the format from a file name;
:func:`export_filename` builds an ASCII file name that says what an export holds. What each
format holds is described in :mod:`geo.exports.writers`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from geo.core.admin import Edition, check_edition, province_2024, province_names
from geo.core.schema import KINDS, ZONE_STATUSES
from geo.core.text import fold
from geo.errors import AtlasError, ExportError

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
