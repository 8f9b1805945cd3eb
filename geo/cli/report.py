"""``report``: the half-year report generated from the data, as DOCX or XLSX (issue 11).

The zone figures are those of ``--period`` where the store has imported them, else the current
ones (``--zone-period`` chooses); the accounts use the store's lot register. The app's
indicators page builds the same report by the same rule (:mod:`geo.present.report`).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from geo.exports.report_docx import report_format, write_report
from geo.present.report import build_report, load_report_data


def register(sub: Any) -> None:
    """Add ``report`` to the subparsers ``sub``."""
    p = sub.add_parser("report", help="the half-year report (DOCX, or XLSX for the tables)")
    p.add_argument("--period", required=True, help="period: YYYY-H1, YYYY-H2 or YYYY")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="output file: .docx (the report) or .xlsx (its tables)")
    p.add_argument("--lang", default="vi", choices=("vi", "en"),
                   help="language (default vi: Vietnamese, Vietnamese number format)")
    p.add_argument("--province", nargs="+", action="extend", default=[], metavar="NAME",
                   help="province name(s) of the edition (default: the whole region)")
    p.add_argument("--edition", type=int, default=2024, choices=(2024, 2025),
                   help="province edition: 2024 (11 provinces) or 2025 (after the mergers)")
    p.add_argument("--zone-period", default=None, metavar="PERIOD",
                   help="zone figures: 'current' or an imported half-year (python -m geo "
                        "periods); default: those of --period when imported, else current "
                        "(the app's report uses the same rule); the report names them")
    p.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    """Build and write the report atomically; progress on stderr when it is a terminal."""
    report_format(args.output)  # refuse a bad suffix before the work
    start = time.perf_counter()
    tty = sys.stderr.isatty()

    def progress(fraction: float, step: str) -> None:
        if tty:
            print(f"\rreport: {100 * fraction:3.0f} % {step:<12}", end="", file=sys.stderr,
                  flush=True)

    data = load_report_data(args.edition, period=args.period, zone_period=args.zone_period)
    report = build_report(data, period=args.period, lang=args.lang, edition=args.edition,
                          provinces=args.province or None, progress=progress)
    path = write_report(report, args.output)
    if tty:
        print(file=sys.stderr)
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {time.perf_counter() - start:.1f} s); "
          f"zone figures: {data.zone_period}")
    return 0
