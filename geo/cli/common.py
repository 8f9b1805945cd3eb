"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from geo.core.schema import KINDS, ZONE_STATUSES
from geo.exports.cells import neutralise_formula


def add_filter_args(parser: argparse.ArgumentParser) -> None:
    """``--province``, ``--kind``, ``--status`` and ``--edition``, as the app's sidebar filters."""
    parser.add_argument("--province", nargs="+", action="extend", default=[], metavar="NAME",
                        help="province name(s) of the edition (Vietnamese or English spelling)")
    parser.add_argument("--kind", nargs="+", action="extend", default=[], metavar="KIND",
                        help=f"zone kind(s): {', '.join(KINDS)}")
    parser.add_argument("--status", nargs="+", action="extend", default=[], metavar="STATUS",
                        help=f"status(es): {', '.join(ZONE_STATUSES)}")
    parser.add_argument("--edition", type=int, default=2024, choices=(2024, 2025),
                        help="province edition: 2024 (11 provinces) or 2025 (after the mergers)")


def jsonable(value: Any) -> Any:
    """``value`` with NaN → None, numpy scalars → Python, recursively (for json.dumps)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def dumps(payload: Any) -> str:
    """Pretty JSON, UTF-8 text (Vietnamese kept readable), NaN as null."""
    return json.dumps(jsonable(payload), ensure_ascii=False, indent=2)


def fmt_number(value: Any, digits: int = 1) -> str:
    """A number for a text table (thousands with ','), or '—' when there is no figure."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.{digits}f}"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]],
               right: Sequence[bool] | None = None) -> str:
    """An aligned plain-text table (columns padded by display length)."""
    right = right or [False] * len(headers)
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).rjust(w) if r else str(c).ljust(w)
                         for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text with a header row; None → empty cell; text that a spreadsheet would run as a
    formula neutralised (:func:`geo.exports.writers.neutralise_formula`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise_formula(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise_formula(v)
                         for v in jsonable(list(row))])
    return buffer.getvalue()
