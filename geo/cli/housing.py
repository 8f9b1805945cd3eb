"""``housing``: worker-housing demand, supply and coverage per zone or province (design §4.4)."""

from __future__ import annotations

import argparse
from typing import Any

from geo.accounts.housing import analyse_housing, filter_sites
from geo.accounts.housing_params import make_params
from geo.accounts.housing_report import (
    HOUSING_GROUPINGS,
    ZONE_RESULT_COLUMNS,
    housing_table,
    load_province_workers,
    region_total,
)
from geo.accounts.landuse import filter_zones
from geo.cli.common import add_filter_args, csv_text, dumps, fmt_number, text_table
from geo.store.factory import load_housing_sites, load_lots, load_zones

PROVINCE_COLUMNS = (
    "zones", "workforce", "workers_reported", "workers_reported_as_of", "demand_persons",
    "supply_completed_persons", "supply_pipeline_persons", "coverage_ratio", "deficit_persons",
    "land_needed_ha", "land_allocated_ha", "pipeline_demand_persons",
)


def register(sub: Any) -> None:
    """Add ``housing`` to the subparsers ``sub``."""
    p = sub.add_parser("housing", help="worker housing: demand vs supply per zone or province")
    p.add_argument("--by", default="province", choices=HOUSING_GROUPINGS,
                   help="rows per zone, 2024 province or 2025 province (default: province)")
    p.add_argument("--radius-km", type=float, default=None, metavar="KM",
                   help="commuting radius for sites that name no zone (default 10)")
    p.add_argument("--density", type=float, default=None, metavar="N",
                   help="workers per ha of leased/leasable industrial land (default 95)")
    p.add_argument("--density-total", type=float, default=None, metavar="N",
                   help="workers per ha of total zone area (default 60)")
    p.add_argument("--share", type=float, default=None, metavar="P",
                   help="share (0-1) of workers needing housing, applied to every province "
                        "(default: 0.75, with Hà Nội 0.8, Bắc Ninh 0.7, Hải Phòng 0.3, "
                        "Vĩnh Phúc 0.442 from the sources)")
    p.add_argument("--m2-per-person", type=float, default=None, metavar="M2",
                   help="floor m² per person (default 8, Residence Law 2020)")
    p.add_argument("--persons-per-unit", type=float, default=None, metavar="N",
                   help="persons per dwelling (default 3.5, assumption)")
    p.add_argument("--supply", nargs="+", default=None, metavar="STATUS",
                   help="site statuses counted as supply (default: completed)")
    add_filter_args(p)
    p.add_argument("--format", default="table", choices=("table", "json", "csv"))
    p.set_defaults(func=run_housing)


def _params(args: argparse.Namespace) -> Any:
    changes: dict[str, Any] = {}
    for arg, name in (("radius_km", "radius_km"), ("density", "density_leased_per_ha"),
                      ("density_total", "density_total_per_ha"),
                      ("m2_per_person", "floor_m2_per_person"),
                      ("persons_per_unit", "persons_per_unit")):
        if getattr(args, arg) is not None:
            changes[name] = getattr(args, arg)
    if args.share is not None:
        changes.update(share_default=args.share, use_province_shares=False)
    if args.supply:
        changes["supply_statuses"] = tuple(args.supply)
    return make_params(**changes)


def run_housing(args: argparse.Namespace) -> int:
    """Print the housing results as a table, JSON or CSV."""
    params = _params(args)
    zones = filter_zones(load_zones(), provinces=args.province, kinds=args.kind,
                         statuses=args.status, edition=args.edition)
    sites = filter_sites(load_housing_sites(), provinces=args.province, edition=args.edition)
    result = analyse_housing(zones, sites, params, lots=load_lots())
    reported = load_province_workers()
    rows = housing_table(result, by=args.by, reported=reported)
    total = region_total(result, reported=reported)
    if args.format == "json":
        print(dumps({"by": args.by, "parameters": params.to_dict(), "rows": rows,
                     "total": total, "notes": result.notes}))
        return 0
    columns = ZONE_RESULT_COLUMNS if args.by == "zone" else PROVINCE_COLUMNS
    key = "zone_id" if args.by == "zone" else "key"
    if args.format == "csv":
        print(csv_text([key, *columns], [[r[key], *(r.get(c) for c in columns)]
                                         for r in rows]), end="")
        return 0
    _print_table(args.by, rows, total, result.notes)
    return 0


def _print_table(by: str, rows: list[dict[str, Any]], total: dict[str, Any],
                 notes: list[str]) -> None:
    key = "zone_id" if by == "zone" else "key"
    headers = [by, "workforce", "demand", "supply done", "pipeline", "coverage %", "deficit",
               "land need ha", "land held ha"]

    def cells(r: dict[str, Any]) -> list[str]:
        cov = r["coverage_ratio"]
        return [str(r[key]) + (" *" if r.get("incomplete") else ""),
                fmt_number(r["workforce"], 0), fmt_number(r["demand_persons"], 0),
                fmt_number(r["supply_completed_persons"], 0),
                fmt_number(r["supply_pipeline_persons"], 0),
                fmt_number(None if cov is None or cov != cov else 100 * cov),
                fmt_number(r["deficit_persons"], 0), fmt_number(r["land_needed_ha"]),
                fmt_number(r.get("land_allocated_ha"))]

    print(text_table(headers, [*map(cells, rows), cells({**total, key: "total"})],
                     right=[False, *[True] * 8]))
    if by != "zone":
        for r in rows:
            for check in r["checks"]:
                scale = 100.0 if check["unit"] == "fraction" else 1.0
                value = None if check["value"] is None else scale * check["value"]
                shown = "—" if value is None else f"{fmt_number(value, 2)} %"
                print(f"check {r['key']}: {check['rule']} ({check['article']}): {shown} vs "
                      f">= {fmt_number(scale * check['threshold'], 0)} %: {check['status']}")
        for r in rows:
            if r.get("incomplete"):
                print(f"* {r['key']}: incomplete, the data lacks {', '.join(r['incomplete'])}")
    for note in notes:
        print(f"note: {note}")
