"""``indicators``: the zones' investment and business indicators of a period (issue 11);
``indicators-template``: the XLSX a board fills and imports (``import FILE --layer indicators``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geo.accounts.indicators import GROUPINGS, indicator_rows, latest_half_year
from geo.cli.common import csv_text, dumps, text_table
from geo.exports.indicators_template import indicators_template_bytes
from geo.present.indicators import fmt_change, fmt_figure, source_label
from geo.store.atomic import write_bytes_atomic
from geo.store.factory import load_indicators

JSON_FIELDS = ("key", "scope", "indicator", "segment", "capital_basis", "unit", "value",
               "value_basis", "previous_value", "change_pct", "change_basis", "coverage",
               "coverage_n", "coverage_of", "missing", "source", "as_of", "period", "compare")


def register(sub: Any) -> None:
    """Add ``indicators`` to the subparsers ``sub``."""
    p = sub.add_parser("indicators", help="investment & business indicators of a period")
    p.add_argument("--period", required=True, help="period: YYYY-H1, YYYY-H2 or YYYY")
    p.add_argument("--compare", default=None, metavar="PERIOD",
                   help="period to compare with (default: the same period a year before)")
    p.add_argument("--by", default="region", choices=GROUPINGS,
                   help="rows for the region, each 2024 province or each 2025 province")
    p.add_argument("--province", nargs="+", action="extend", default=[], metavar="NAME",
                   help="province name(s) of the edition")
    p.add_argument("--edition", type=int, default=2024, choices=(2024, 2025),
                   help="province edition of --province (2024 or 2025)")
    p.add_argument("--format", default="table", choices=("table", "json", "csv"))
    p.set_defaults(func=run_indicators)
    t = sub.add_parser("indicators-template",
                       help="write the XLSX template a board fills with its indicators "
                            "(import it with `import FILE --layer indicators`)")
    t.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")
    t.add_argument("--periods", nargs="+", default=None, metavar="YYYY-HN",
                   help="half-years, one sheet each (default: the half-year after the latest "
                        "with figures)")
    t.add_argument("--province", nargs="+", action="extend", default=[], metavar="NAME",
                   help="2024 province(s) to pre-fill (default: the 11)")
    t.set_defaults(func=run_template)


def next_half_year(facts: Any) -> str:
    """The half-year after the latest one with figures (``2024-H2`` → ``2025-H1``)."""
    latest = latest_half_year(facts) or "2024-H1"
    year, half = int(latest[:4]), latest[-1]
    return f"{year}-H2" if half == "1" else f"{year + 1}-H1"


def run_template(args: argparse.Namespace) -> int:
    """Write the indicators template (one sheet per half-year, Vietnamese headers)."""
    periods = args.periods or [next_half_year(load_indicators())]
    data = indicators_template_bytes(periods=periods, provinces=args.province or None)
    write_bytes_atomic(args.output, data)
    print(f"wrote {args.output} ({', '.join(periods)}; fill «Giá trị», then "
          f"`python -m geo import {args.output} --layer indicators --dry-run`)")
    return 0


def run_indicators(args: argparse.Namespace) -> int:
    """Print the indicator rows as an aligned table, JSON or CSV (units in each row)."""
    rows = indicator_rows(load_indicators(), period=args.period, by=args.by,
                          edition=args.edition, provinces=args.province or None,
                          compare=args.compare)
    records: list[dict[str, Any]] = [{k: r.get(k) for k in JSON_FIELDS} for r in rows]
    if args.format == "json":
        print(dumps({"period": args.period, "by": args.by, "rows": records}))
        return 0
    if args.format == "csv":
        print(csv_text(JSON_FIELDS, [[r[k] if not isinstance(r[k], list) else ";".join(r[k])
                                      for k in JSON_FIELDS] for r in records]), end="")
        return 0
    headers = ["key", "indicator", "segment", "basis", "value", "unit", "change", "change basis",
               "coverage", "source"]
    table = [[str(r["key"]), r["indicator"], r["segment"], r["capital_basis"] or "",
              fmt_figure(r["value"], "en"), r["unit"], fmt_change(r["change_pct"], "en"),
              r["change_basis"] or "", str(r["coverage"]), source_label(r["source"], "en")[:60]]
             for r in records]
    print(text_table(headers, table, right=[False] * 4 + [True, False, True, False, False,
                                                          False]))
    if not records:
        print("note: no figures for this period and selection")
    return 0
