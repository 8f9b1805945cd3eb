"""Shared plumbing of the ``build_*`` scripts: paths, the build error, CSV reading, exit codes.

The scripts turn the fact tables in ``data/sources/`` into the bundled data in ``data/``. They
read nothing else (``build_boundaries.py`` also reads the npm package it is given).
"""

from __future__ import annotations

import csv
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # let the scripts import the ``geo`` package
    sys.path.insert(0, str(REPO_ROOT))

SOURCES_DIR = REPO_ROOT / "data" / "sources"
DATA_DIR = REPO_ROOT / "data"


class BuildError(Exception):
    """A source file cannot be turned into data; the message names file, row, field and value."""


def read_rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """Read a UTF-8 CSV fact table as a list of dicts of stripped strings.

    Parameters
    ----------
    path : the CSV file.
    columns : columns that must be present (others are allowed and ignored by the callers).

    Raises
    ------
    BuildError
        If the file is missing or unreadable, or a required column is absent.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise BuildError(f"{path}: missing column(s) {', '.join(missing)}")
            return [{k: (v or "").strip() for k, v in row.items() if k is not None}
                    for row in reader]
    except OSError as exc:
        raise BuildError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise BuildError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc


def text_or_none(value: str) -> str | None:
    """A stripped text value, or ``None`` for an empty cell (a missing value is never ``""``)."""
    value = value.strip()
    return value or None


def number_or_none(value: str, *, where: str, field: str) -> float | None:
    """Parse a non-negative decimal figure; an empty cell is ``None`` (never 0).

    Parameters
    ----------
    value : the cell text, a plain decimal with ``.`` as decimal separator.
    where : ``"<file>: row <id>"`` for the error message.
    field : the column name, for the error message.

    Raises
    ------
    BuildError
        If the text is not a finite non-negative number.
    """
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BuildError(f"{where}: field {field!r}: not a number: {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise BuildError(f"{where}: field {field!r}: not a finite non-negative number: {value!r}")
    return number


def run(main: Callable[[Sequence[str] | None], int], argv: Sequence[str] | None = None) -> int:
    """Run a script's ``main``; a :class:`BuildError` becomes a one-line message and exit 2."""
    try:
        return main(argv)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
