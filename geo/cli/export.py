"""``export``: write the filtered zones to GeoJSON, GeoPackage, Shapefile, KML, CSV or Excel.

The same filters (:func:`geo.accounts.landuse.filter_zones`), writer
(:func:`geo.exports.writers.write_export`) and lot register (the store's: a zone with lots has
its occupancy and leased land from them, basis "from the lot register") as the app's export page.
Bad arguments exit with status 2 and one line (see :mod:`geo.cli`).
"""

from __future__ import annotations

import argparse
from typing import Any

from geo.accounts.landuse import filter_zones
from geo.cli.common import add_filter_args
from geo.exports.crs import VN2000_AUTO
from geo.exports.formats import FORMATS, check_format, format_from_path
from geo.exports.writers import write_export
from geo.present.landuse import export_notes
from geo.store.factory import load_lots, load_zones


def register(sub: Any) -> None:
    """Add ``export`` to the subparsers ``sub``."""
    p = sub.add_parser("export", help="write the (filtered) zones to a GIS file or spreadsheet")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="output file; the format follows the extension (.geojson/.json, .gpkg, "
                        ".shp.zip/.zip, .kml, .csv, .xlsx) unless --format is given")
    p.add_argument("--format", dest="fmt", type=str.lower, choices=FORMATS, default=None,
                   help="output format (default: from the extension of FILE)")
    p.add_argument("--crs", default=None, metavar="CRS",
                   help="CRS for gpkg/shp: EPSG:4326 (default), a VN-2000 code such as EPSG:9209 "
                        f"or EPSG:3405, or {VN2000_AUTO!r} for the zones' provincial TM-3 CRS; "
                        "geojson/kml/csv/xlsx are always EPSG:4326")
    p.add_argument("--lang", default="vi", choices=("vi", "en"),
                   help="language of the computed accounts' basis values and of the data "
                        "dictionary (xlsx sheet, <layer>_fields.csv in a shapefile zip); "
                        "default vi")
    add_filter_args(p)
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Filter the zones, write the file atomically (with the computed accounts and their basis
    in ``--lang``) and print what was written.

    In the 2025 edition the provinces the data covers only in part are printed as ``note:``
    lines and recorded in the file where the format has room (see
    :func:`geo.exports.writers.export_layer`)."""
    fmt = check_format(args.fmt) if args.fmt else format_from_path(args.output)
    zones = filter_zones(load_zones(), provinces=args.province, kinds=args.kind,
                         statuses=args.status, edition=args.edition)
    notes = export_notes(args.province, edition=args.edition)
    summary = write_export(zones, args.output, fmt=fmt, crs=args.crs, layer="zones",
                           notes=notes, lang=args.lang,
                           lots=load_lots())  # the computed accounts, from lots where imported
    print(summary.describe())
    for note in export_notes(args.province, edition=args.edition, langs=("en",)):
        print(f"note: {note}")
    return 0
