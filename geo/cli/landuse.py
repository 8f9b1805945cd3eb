"""``summary`` and ``reconcile``: the land-use accounts on the command line."""

from __future__ import annotations

import argparse
from collections.abc import Hashable, Mapping
from typing import Any

from geo.accounts.figure_basis import DERIVED_MARK
from geo.accounts.landuse import GROUPINGS, Summary, filter_zones, reconcile, summarize
from geo.cli.common import add_filter_args, csv_text, dumps, fmt_number, text_table
from geo.store.bundled import load_reported
from geo.store.factory import load_lots, load_zones

SUMMARY_COLUMNS = ("zones", "planned_area_ha", "in_use_area_ha", "under_construction_area_ha",
                   "in_use_ratio", "under_construction_ratio", "occupancy_pct")


def register(sub: Any) -> None:
    """Add ``summary`` and ``reconcile`` to the subparsers ``sub``."""
    p = sub.add_parser("summary", help="land-use accounts by region, province, kind or status")
    p.add_argument("--by", default="region", choices=[g for g in GROUPINGS if g != "zone"],
                   help="grouping (default: region)")
    add_filter_args(p)
    p.add_argument("--kcn-only", action="store_true",
                   help="only KCN and KCX (KKT areas left out of the sums)")
    p.add_argument("--format", default="table", choices=("table", "json", "csv"))
    p.set_defaults(func=run_summary)

    r = sub.add_parser("reconcile", help="computed vs reported region totals for a period")
    r.add_argument("--period", default="2024-H1", help="reported period (default 2024-H1)")
    r.add_argument("--format", default="table", choices=("table", "json"))
    r.set_defaults(func=run_reconcile)


def _summary(args: argparse.Namespace) -> Summary:
    zones = filter_zones(load_zones(), provinces=args.province, kinds=args.kind,
                         statuses=args.status, edition=args.edition)
    return summarize(zones, by=args.by, edition=args.edition, kcn_only=args.kcn_only,
                     filters={"provinces": args.province, "kinds": args.kind,
                              "statuses": args.status}, lots=load_lots())


def _cov(row: dict[str, Any], metric: str) -> str:
    have, of = row["coverage"][metric]
    counts = row.get("basis_counts", {}).get(metric, {})
    extra = f"; {counts['derived']} derived" if counts.get("derived") else ""
    extra += f"; {counts['rate_only']} rate only" if counts.get("rate_only") else ""
    return f"{have}/{of}{extra}"


def _mark(row: dict[str, Any], metric: str) -> str:
    """``≈ `` when a zone's figure in the aggregate is derived (see the notes)."""
    return "≈ " if row.get("basis_counts", {}).get(metric, {}).get("derived") else ""


def _table_row(row: dict[str, Any]) -> list[str]:
    key = str(row.get("label") or row["key"]) + (" *" if row.get("incomplete") else "")
    return [
        key, str(row["zones"]),
        f"{fmt_number(row['planned_area_ha'])} ({_cov(row, 'planned_area_ha')})",
        f"{_mark(row, 'in_use_area_ha')}{fmt_number(row['in_use_area_ha'])} "
        f"({_cov(row, 'in_use_area_ha')})",
        f"{fmt_number(row['under_construction_area_ha'])} "
        f"({_cov(row, 'under_construction_area_ha')})",
        fmt_number(None if row["in_use_ratio"] is None else 100 * row["in_use_ratio"]),
        fmt_number(None if row["under_construction_ratio"] is None
                   else 100 * row["under_construction_ratio"]),
        f"{_mark(row, 'occupancy_pct')}{fmt_number(row['occupancy_pct'])} "
        f"({_cov(row, 'occupancy_pct')})",
    ]


def run_summary(args: argparse.Namespace) -> int:
    """Print the accounts as an aligned table, JSON or CSV."""
    summary = _summary(args)
    if args.format == "json":
        print(dumps(summary.to_dict()))
        return 0
    if args.format == "csv":
        headers = ["key", *SUMMARY_COLUMNS, *(f"coverage_{m}" for m in summary.total["coverage"])]
        rows = [[r.get("label") or r["key"], *(r[c] for c in SUMMARY_COLUMNS),
                 *(_cov(r, m) for m in r["coverage"])] for r in [*summary.rows, summary.total]]
        print(csv_text(headers, rows), end="")
        return 0
    headers = [args.by, "zones", "planned ha (cov.)", "in use ha (cov.)",
               "building ha (cov.)", "in use %", "building %", "occupancy % (cov.)"]
    rows = [_table_row(r) for r in [*summary.rows, summary.total]]
    print(text_table(headers, rows, right=[False, *[True] * 7]))
    for note in summary.notes:
        print(f"note: {note}")
    print(f"note: {DERIVED_MARK} = includes derived figures (coverage says how many zones)")
    for row in summary.rows:
        if row.get("incomplete"):
            print(f"* {row['key']}: incomplete, the data lacks {', '.join(row['incomplete'])}")
    return 0


def run_reconcile(args: argparse.Namespace) -> int:
    """Print reported vs computed counts and areas for the period."""
    table = reconcile(load_zones(), load_reported(), period=args.period)
    if args.format == "json":
        print(dumps({"period": args.period, "rows": table.to_dict(orient="records")}))
        return 0
    headers = ["status", "reported zones", "computed", "diff", "reported ha", "computed ha",
               "diff ha", "diff %", "lacking figure"]
    rows = [[r["status"], str(r["reported_zones"]), str(r["computed_zones"]),
             f"{r['zones_diff']:+d}", fmt_number(r["reported_area_ha"]),
             fmt_number(r["computed_area_ha"]), fmt_number(r["area_diff_ha"]),
             fmt_number(r["area_diff_pct"]), str(r["zones_lacking_figure"])]
            for r in table.to_dict(orient="records")]
    print(f"period {args.period}: reported (seed report) vs computed from the zone data")
    print(text_table(headers, rows, right=[False, *[True] * 8]))
    for r in table.to_dict(orient="records"):
        print(f"note: {r['status']}: {r['area_basis']}")
    for r in table.to_dict(orient="records"):
        print(f"why {r['status']}: {_why(r)}")
    return 0


def _why(row: Mapping[Hashable, Any]) -> str:
    """The reasons the counts and areas of a reconciliation row differ, as one line."""
    parts = []
    if row["zones_not_in_data"]:
        parts.append(f"{row['zones_not_in_data']} zones the report counts are not yet in the data")
    if row["zones_extra_in_data"]:
        parts.append(f"{row['zones_extra_in_data']} more zones in the data than the report counts")
    if row["zones_counted_differently"]:
        what = ("KCNs inside a KKT whose land the KKT's area holds" if row["status"] == "all"
                else "KKTs counted as zones, their own area never in this figure")
        parts.append(f"{row['zones_counted_differently']} {what}")
    if row["zones_lacking_figure"]:
        parts.append(f"{row['zones_lacking_figure']} zones without the area figure "
                     f"({row['lacking_ids'].replace(';', ', ')})")
    return "; ".join(parts) or "counts and figures complete"
