"""``lots`` and ``sample-lots``: the lot register on the command line.

``python -m geo lots --zone ID [--format table|json]`` prints a zone's accounts from its lots:
land by use class, leasable / leased / vacant industrial land, occupancy (basis: lots) and the
land-use structure checks with their legal basis (:mod:`geo.accounts.lots`).

``python -m geo sample-lots --zone ID -o FILE [--lots N] [--seed S]`` writes a SYNTHETIC lot
plan inside the zone's footprint (:mod:`geo.store.synthetic_lots`) as .geojson, .gpkg,
.zip (shapefile) or .dxf; the file name must say it is synthetic (``synthetic`` or ``mau``),
else ``-synthetic`` is added. No real lot data ships with KCN Atlas.

Bad arguments (unknown zone, a zone without lots or footprint, a bad extension) exit 2 with one
line on stderr.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from geo.accounts.lots import zone_lot_summary
from geo.cli.common import dumps, fmt_number, text_table
from geo.core.lots_schema import USE_CLASSES
from geo.errors import FilterError, ParameterError
from geo.store.factory import load_lots, load_zones

SAMPLE_SUFFIXES = (".geojson", ".gpkg", ".zip", ".dxf")


def register(sub: Any) -> None:
    """Add ``lots`` and ``sample-lots`` to the subparsers ``sub``."""
    p = sub.add_parser("lots", help="a zone's accounts from its lots (use, lease, checks)")
    p.add_argument("--zone", required=True, metavar="ID", help="zone id, e.g. bn-que-vo")
    p.add_argument("--format", default="table", choices=("table", "json"))
    p.set_defaults(func=run_lots)
    s = sub.add_parser("sample-lots", help="write a SYNTHETIC lot plan inside a zone")
    s.add_argument("--zone", required=True, metavar="ID", help="zone id, e.g. bn-que-vo")
    s.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                   help="output .geojson, .gpkg, .zip (shapefile) or .dxf")
    s.add_argument("--lots", type=int, default=200, metavar="N", help="number of lots (200)")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    s.set_defaults(func=run_sample)


def _zone(zone_id: str) -> Any:
    zones = load_zones()
    found = zones[zones["zone_id"] == zone_id]
    if not len(found):
        raise FilterError(f"--zone {zone_id!r}: no such zone (see `python -m geo summary --by "
                          "zone` or the zones layer for ids)", valid=[])
    return zones, found


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def run_lots(args: argparse.Namespace) -> int:
    """Print the zone's lot accounts; exit 2 when the zone is unknown."""
    _, found = _zone(args.zone)
    area = _float(found.iloc[0].get("planned_area_ha"))
    summary = zone_lot_summary(load_lots(), args.zone, zone_area_ha=area)
    if args.format == "json":
        print(dumps(summary))
        return 0
    if not summary["lots"]:
        print(f"{args.zone}: no lots in the register (import a plan: python -m geo import FILE "
              "--layer lots)")
        return 0
    rows = [[c, fmt_number(summary["area_ha_by_use"][c], 2),
             fmt_number(summary["share_by_use"][c], 1)] for c in USE_CLASSES]
    print(f"{args.zone}: {summary['lots']} lots")
    print(text_table(["use class", "ha", "%"], rows, right=[False, True, True]))
    print(f"leasable {fmt_number(summary['leasable_ha'], 2)} ha, leased "
          f"{fmt_number(summary['leased_ha'], 2)} ha, vacant {fmt_number(summary['vacant_ha'], 2)}"
          f" ha; occupancy {fmt_number(summary['occupancy_pct'], 1)} % (basis: from lots)")
    checks = [[c["rule"], fmt_number(c["value"], 2), str(c["threshold"]), c["status"],
               c["basis"]] for c in summary["checks"]]
    print(text_table(["check", "value", "threshold", "status", "basis"], checks))
    return 0


def sample_path(path: Path) -> Path:
    """``path`` with a name that says it is synthetic (see
    :func:`geo.store.synthetic_lots.synthetic_name`).

    Raises
    ------
    ParameterError
        The extension is not one of .geojson, .gpkg, .zip, .dxf.
    """
    from geo.store.synthetic_lots import synthetic_name

    if not path.name.lower().endswith(SAMPLE_SUFFIXES):
        raise ParameterError(f"-o {path}: use a .geojson, .gpkg, .zip (shapefile) or .dxf name")
    return path.with_name(synthetic_name(path.name))


def run_sample(args: argparse.Namespace) -> int:
    """Write the synthetic plan; print where, how many lots, and that it is synthetic."""
    from geo.exports.lots import write_lots_file
    from geo.store.synthetic_lots import synthetic_lots

    _, found = _zone(args.zone)
    target = sample_path(args.output)
    lots = synthetic_lots(found, args.lots, seed=args.seed)
    fmt = write_lots_file(lots, target)
    print(f"wrote {len(lots)} SYNTHETIC lots (not real data) of {args.zone} to {target} ({fmt})")
    return 0
