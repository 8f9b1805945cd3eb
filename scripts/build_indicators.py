"""Build ``data/reports/indicators.csv`` from ``data/sources/indicators_facts.csv``.

Usage (from the repository root)::

    .venv/bin/python scripts/build_indicators.py [--sources data/sources] [--out data/reports]

The fact table holds the investment and business indicators of the zones (KCN/KKT, the scope of
the zone management boards) of the Red River Delta: the region's 2024-H1 figures from the seed
report and what public sources give per province for 2023-H1, 2023, 2024-H1 and 2024. Every row
is one figure copied as written (see ``data/sources/indicators_notes.md``): period, scope,
province, indicator, segment, value, unit, reported change on the same period, capital basis,
``as_of``, one source and the Vietnamese phrase the figure comes from.

The build validates every row and writes the same columns, sorted, to ``indicators.csv`` (UTF-8,
``\\n`` line ends, byte-for-byte reproducible). A bad row stops the build with exit 2 and a
one-line message naming file, row, field and value:

* vocabulary: ``period``, ``scope``, ``indicator``, ``segment``, ``unit`` and ``capital_basis``
  from the fixed lists below; the unit must fit the indicator; ``capital_basis`` is required for
  ``registered_capital`` and empty otherwise;
* ``province``: empty for the region, else one of the 11 delta provinces of 2024 (NFC);
* ``value`` a plain non-negative decimal (``.`` as decimal mark, no grouping), ``change_pct`` an
  optional signed decimal, ``as_of`` empty or ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
* ``source_url`` an ``http(s)://`` address or a file under ``data/sources/`` whose text contains
  the row's ``quote``; ``quote`` non-empty, at most 200 characters;
* every text cell in Unicode NFC; no two rows with the same period, scope, province, indicator,
  segment, unit and capital basis.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from _build import DATA_DIR, SOURCES_DIR, BuildError, read_rows, run
from _geojson import write_text_atomic
from build_reports import _csv_text

from geo.core.schema import INDICATOR_FIELDS as COLUMNS
from geo.settings import PROVINCES_2024

FACTS_FILE = "indicators_facts.csv"
OUT_FILE = "indicators.csv"
PERIODS = ("2023-H1", "2023", "2024-H1", "2024")  # also the sort order
SCOPES = ("region", "province")
INDICATORS = ("new_projects", "adjusted_projects", "registered_capital", "revenue",
              "export_value", "state_budget", "workers")
SEGMENTS = ("all", "FDI", "DDI")
UNITS = ("projects", "million_usd", "billion_vnd", "persons")
CAPITAL_BASES = ("new", "adjusted", "new_and_adjusted", "unspecified")
MONEY = ("million_usd", "billion_vnd")
UNITS_OF = {
    "new_projects": ("projects",),
    "adjusted_projects": ("projects",),
    "registered_capital": MONEY,
    "revenue": MONEY,
    "export_value": MONEY,
    "state_budget": MONEY,
    "workers": ("persons",),
}
DELTA_PROVINCES = tuple(p.name for p in PROVINCES_2024 if p.in_delta)
LOCAL_PREFIX = "data/sources/"
MAX_QUOTE = 200
VALUE_RE = re.compile(r"\d+(?:\.\d+)?")
CHANGE_RE = re.compile(r"-?\d+(?:\.\d+)?")
AS_OF_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
URL_RE = re.compile(r"https?://\S+")
KEY = ("period", "scope", "province", "indicator", "segment", "unit", "capital_basis")


def _squash(text: str) -> str:
    """``text`` with every run of white space as one blank (to find a quote in a text file)."""
    return " ".join(text.split())


def _check_as_of(value: str, where: str) -> None:
    """``as_of`` is empty or a real date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if not value:
        return
    if AS_OF_RE.fullmatch(value) is None:
        raise BuildError(f"{where}: field 'as_of': not YYYY, YYYY-MM or YYYY-MM-DD: {value!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise BuildError(f"{where}: field 'as_of': not a date: {value!r}") from None


def _check_source(row: dict[str, str], where: str, sources: Path) -> None:
    """The row names one http(s) source, or a file in ``sources`` that contains its quote."""
    url = row["source_url"]
    if URL_RE.fullmatch(url):
        return
    if not url.startswith(LOCAL_PREFIX) or "/" in url[len(LOCAL_PREFIX):]:
        raise BuildError(f"{where}: field 'source_url': not an http(s) address or a file in "
                         f"{LOCAL_PREFIX}: {url!r}")
    path = sources / url[len(LOCAL_PREFIX):]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"{where}: field 'source_url': cannot read {url!r} "
                         f"({exc.strerror or exc})") from exc
    if _squash(row["quote"]) not in _squash(unicodedata.normalize("NFC", text)):
        raise BuildError(f"{where}: field 'quote': not found in {url}: {row['quote']!r}")


def check_row(row: dict[str, str], where: str, sources: Path) -> dict[str, str]:
    """Validate one fact row; return it restricted to :data:`COLUMNS` (BuildError if bad)."""
    out = {c: row[c] for c in COLUMNS}
    for column, value in out.items():
        if not unicodedata.is_normalized("NFC", value):
            raise BuildError(f"{where}: field {column!r}: not Unicode NFC: {value!r}")
    for column, allowed in (("period", PERIODS), ("scope", SCOPES), ("indicator", INDICATORS),
                            ("segment", SEGMENTS), ("unit", UNITS)):
        if out[column] not in allowed:
            raise BuildError(f"{where}: field {column!r}: {out[column]!r} is not one of "
                             f"{', '.join(allowed)}")
    if out["scope"] == "region" and out["province"]:
        raise BuildError(f"{where}: field 'province': must be empty for scope 'region': "
                         f"{out['province']!r}")
    if out["scope"] == "province" and out["province"] not in DELTA_PROVINCES:
        raise BuildError(f"{where}: field 'province': not one of the 11 delta provinces of 2024: "
                         f"{out['province']!r}")
    if out["unit"] not in UNITS_OF[out["indicator"]]:
        raise BuildError(f"{where}: field 'unit': {out['unit']!r} does not fit indicator "
                         f"{out['indicator']!r} ({', '.join(UNITS_OF[out['indicator']])})")
    basis = out["capital_basis"]
    if out["indicator"] == "registered_capital":
        if basis not in CAPITAL_BASES:
            raise BuildError(f"{where}: field 'capital_basis': {basis!r} is not one of "
                             f"{', '.join(CAPITAL_BASES)}")
    elif basis:
        raise BuildError(f"{where}: field 'capital_basis': must be empty for indicator "
                         f"{out['indicator']!r}: {basis!r}")
    if VALUE_RE.fullmatch(out["value"]) is None:
        raise BuildError(f"{where}: field 'value': not a plain non-negative decimal: "
                         f"{out['value']!r}")
    if out["change_pct"] and CHANGE_RE.fullmatch(out["change_pct"]) is None:
        raise BuildError(f"{where}: field 'change_pct': not a decimal: {out['change_pct']!r}")
    _check_as_of(out["as_of"], where)
    if not out["quote"]:
        raise BuildError(f"{where}: field 'quote': empty")
    if len(out["quote"]) > MAX_QUOTE:
        raise BuildError(f"{where}: field 'quote': longer than {MAX_QUOTE} characters "
                         f"({len(out['quote'])})")
    if not out["source_url"]:
        raise BuildError(f"{where}: field 'source_url': empty")
    _check_source(out, where, sources)
    return out


def _sort_key(row: dict[str, str]) -> tuple[object, ...]:
    """Region first, then provinces in the 2024 order; periods, indicators, segments in order."""
    province = DELTA_PROVINCES.index(row["province"]) if row["province"] else -1
    basis = CAPITAL_BASES.index(row["capital_basis"]) if row["capital_basis"] else -1
    return (SCOPES.index(row["scope"]), province, PERIODS.index(row["period"]),
            INDICATORS.index(row["indicator"]), SEGMENTS.index(row["segment"]),
            UNITS.index(row["unit"]), basis)


def indicator_rows(sources: Path) -> list[dict[str, str]]:
    """The validated, sorted rows of ``sources/indicators_facts.csv``."""
    path = sources / FACTS_FILE
    rows = read_rows(path, COLUMNS)
    if not rows:
        raise BuildError(f"{path}: no rows")
    seen: dict[tuple[str, ...], int] = {}
    checked = []
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"{path}: row {number}"
        out = check_row(row, where, sources)
        key = tuple(out[k] for k in KEY)
        if key in seen:
            raise BuildError(f"{where}: duplicate of row {seen[key]} "
                             f"({', '.join(f'{k}={v!r}' for k, v in zip(KEY, key, strict=True))})")
        seen[key] = number
        checked.append(out)
    return sorted(checked, key=_sort_key)


def build_indicators(sources: Path, out: Path) -> list[dict[str, str]]:
    """Write ``out/indicators.csv`` from ``sources/indicators_facts.csv``; return its rows."""
    rows = indicator_rows(sources)
    write_text_atomic(out / OUT_FILE, _csv_text(COLUMNS, rows))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR,
                        help=f"folder with {FACTS_FILE} (default: data/sources)")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "reports",
                        help="output folder (default: data/reports)")
    args = parser.parse_args(argv)
    rows = build_indicators(args.sources, args.out)
    provinces = sorted({r["province"] for r in rows if r["province"]},
                       key=DELTA_PROVINCES.index)
    print(f"{args.out / OUT_FILE}: {len(rows)} rows "
          f"({sum(r['scope'] == 'region' for r in rows)} region; provinces: "
          f"{', '.join(provinces) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
