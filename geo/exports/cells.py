"""Spreadsheet cells that are never run as formulas (OWASP "CSV injection").

A spreadsheet reads a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula; zone names, developers and sources come from uploaded files. Every CSV and
XLSX this tool writes (exports, lot registers, report tables, the CLI's CSV output) passes its
text through :func:`neutralise_formula` / :func:`neutralise_frame`: such a text gets a leading
``'`` and is shown as text. Numbers are never touched, so numeric columns stay numeric.

Kept light (pandas only): the CLI's ``--format csv`` imports it without the export writers.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text cell as a formula (OWASP)."""


def neutralise_formula(value: object) -> object:
    """``value`` made safe for a spreadsheet cell: text starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'`` (shown as text, never run as a formula).

    Only ``str`` values change: numbers (a float ``-5.2``), None and NaN are returned as they
    are, so numeric columns stay numeric; the *text* ``"-5"`` or ``"=1+1"`` is neutralised.

    Examples
    --------
    >>> neutralise_formula("=1+1"), neutralise_formula(-5.2), neutralise_formula("KCN A")
    ("'=1+1", -5.2, 'KCN A')
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def is_text(series: pd.Series) -> bool:
    """Whether ``series`` may hold text (object or string dtype)."""
    return bool(pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series))


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`neutralise_formula` applied to every text cell and column
    name (number and geometry columns untouched, so they keep their dtype)."""
    out = frame.copy()
    geometry = getattr(frame, "_geometry_column_name", None)
    for column in out.columns:
        if column != geometry and is_text(out[column]):
            out[column] = out[column].map(neutralise_formula)
    out.columns = [neutralise_formula(c) for c in out.columns]
    return out
