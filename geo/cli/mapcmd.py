"""``map``: write the zones map as one self-contained HTML file (assets inlined, no CDN)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.accounts.landuse import filter_zones
from geo.cli.common import add_filter_args
from geo.errors import ExportError
from geo.maps.zone_map import build_zone_map, located_zones, zones_without_location
from geo.store.atomic import write_text_atomic
from geo.store.bundled import load_provinces
from geo.store.factory import load_lots, load_zones


def register(sub: Any) -> None:
    """Add ``map`` to the subparsers ``sub``."""
    p = sub.add_parser("map", help="write the zones map as one self-contained HTML file",
                       description="Write the map of the selected zones as one HTML file with "
                                   "Leaflet inlined: it opens offline (only the optional "
                                   "basemap tiles need the internet).")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html",
                   help="output file (.html or .htm)")
    add_filter_args(p)
    p.add_argument("--no-basemap", action="store_true",
                   help="no OpenStreetMap tiles (boundaries and zones only; fully offline)")
    p.add_argument("--lang", default="vi", choices=("vi", "en"), help="labels (default vi)")
    p.add_argument("--zone", metavar="ZONE_ID",
                   help="also draw every lot of this zone (at most 25,000 lots / 3 MB; the "
                        "map of the whole region never carries lots); from --lots FILE, else "
                        "the lot register of the active store (imported with --layer lots)")
    p.add_argument("--lots", metavar="FILE",
                   help="lots layer (lot_id, zone_id, use_class, lease_status, polygons); "
                        "default: the store's lots; needs --zone")
    p.set_defaults(func=run_map)


def run_map(args: argparse.Namespace) -> int:
    """Build the map of the filtered zones (inline assets) and write it to ``args.output``."""
    path = Path(args.output)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ExportError(f"{path}: the output must be an .html file")
    zones = filter_zones(load_zones(), provinces=args.province, kinds=args.kind,
                         statuses=args.status, edition=args.edition)
    provinces = load_provinces(args.edition)
    stored = load_lots()  # the store's lot register: popups' occupancy, and --zone's lots
    m = build_zone_map(zones, provinces, lang=args.lang, basemap=not args.no_basemap,
                       offline="inline", lots=stored)
    lots_note = _add_zone_lots(m, args, stored) if args.zone or args.lots else ""
    write_text_atomic(path, m.get_root().render(), error=ExportError)
    drawn, missing = len(located_zones(zones)), len(zones_without_location(zones))
    print(f"wrote {path}: {len(zones)} zones ({drawn} on the map, {missing} without location), "
          f"{args.edition} provinces{lots_note}")
    return 0


def _add_zone_lots(m: Any, args: argparse.Namespace, stored: gpd.GeoDataFrame) -> str:
    """Add the lots of ``args.zone`` to the map: from the file ``args.lots``, else ``stored``
    (the lot register of the active store, :func:`geo.store.factory.load_lots`); a note for the
    summary.
    """
    from geo.maps.lots_layer import zone_lots
    from geo.maps.lots_map import lots_feature_group

    if not args.zone:
        raise ExportError("--lots needs --zone: the map of the whole region never carries lots")
    if args.lots:
        try:
            lots = gpd.read_file(args.lots)
        except Exception as exc:  # pyogrio/GDAL errors: one line, naming the file
            raise ExportError(f"{args.lots}: cannot read the lots layer ({exc})") from exc
        origin = args.lots
    else:
        lots, origin = stored, "the store"
        if not (lots["zone_id"] == args.zone).any():
            raise ExportError(f"zone {args.zone!r} has no lots in the store; import them with "
                              "'python -m geo import FILE --layer lots' or give --lots FILE")
    features, stats = zone_lots(lots, args.zone)
    lots_feature_group(features, stats, lang=args.lang).add_to(m)
    return (f", {stats.features} lots of zone {args.zone} from {origin} "
            f"({stats.bytes / 1e6:.2f} MB)")
