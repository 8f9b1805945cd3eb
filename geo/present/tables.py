"""A table for display: raw values under localized column names, one formatter per column.

Numbers stay numbers (a table sorts numerically); each column's formatter renders a value in
the UI's number format ('—' for a missing figure, never 0). :meth:`DisplayTable.styled` hands
the table to Streamlit as a pandas Styler; :meth:`DisplayTable.head` keeps a page's table to
:data:`MAX_ROWS` rows (a region of 20,000 zones would otherwise send 300,000 styled cells, over
pandas' Styler limit, and take seconds to draw). Only attributes: any CRS is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd
from pandas.io.formats.style import Styler

from geo.core.i18n import NO_DATA
from geo.core.text import is_blank

__all__ = ["HIGHLIGHT", "MAX_ROWS", "DisplayTable", "Formatter", "cell_text"]

Formatter = Callable[[Any], str]
HIGHLIGHT: Final = "background-color: #fff3b0; font-weight: 600"
MAX_ROWS: Final = 1_000
"""The most rows of a table a page shows at once (× ~15 columns: far below pandas' Styler
limit of 262,144 cells); the rest is reached by filtering, searching or exporting."""


def cell_text(value: object) -> str:
    """A value as a cell shows it: its text, or "—" when blank."""
    return NO_DATA if is_blank(value) or value == "" else str(value)


@dataclass(frozen=True)
class DisplayTable:
    """A table for display: raw values under localized column names, and their formatters.

    ``frame`` keeps numbers numeric (sortable); ``formats`` maps a column name to the function
    that renders its values; ``ids`` holds the row keys (e.g. zone ids), in row order.
    """

    frame: pd.DataFrame
    formats: Mapping[str, Formatter]
    ids: tuple[str, ...] = ()

    def text(self) -> pd.DataFrame:
        """Every cell rendered as text (what the UI shows)."""
        out = self.frame.copy()
        for column in out.columns:
            render = self.formats.get(column, cell_text)
            out[column] = [render(v) for v in self.frame[column]]
        return out

    def head(self, rows: int | None = None, *, keep: str | None = None) -> DisplayTable:
        """The first ``rows`` rows (default :data:`MAX_ROWS`; the table itself when it has no
        more); the row of id ``keep`` (a selected zone) comes first when it lies beyond them."""
        rows = MAX_ROWS if rows is None else rows
        if len(self.frame) <= rows:
            return self
        positions = list(range(rows))
        if keep is not None and keep in self.ids and self.ids.index(keep) >= rows:
            positions = [self.ids.index(keep), *positions[:-1]]
        return replace(self, frame=self.frame.iloc[positions],
                       ids=tuple(self.ids[i] for i in positions) if self.ids else ())

    def styled(self, *, highlight: str | None = None) -> Styler:
        """A pandas Styler rendering the formats; the row of id ``highlight`` is highlighted.

        A column holding a missing value is handed over as its rendered text ('—' where the
        figure is missing): Streamlit's dataframe draws a missing number (null) as a faded
        "None" whatever the Styler says. Such a column sorts as text; the others stay numeric.
        """
        frame = self.frame.copy()
        formats: dict[Any, str | Callable[[object], str] | None] = {}
        for column in frame.columns:
            render = self.formats.get(column, cell_text)
            if frame[column].isna().any():
                frame[column] = pd.Series([render(v) for v in self.frame[column]],
                                          index=frame.index, dtype=object)
                formats[column] = cell_text
            else:
                formats[column] = render
        styler = frame.style.format(formats)
        if highlight is not None and highlight in self.ids:
            position = self.ids.index(highlight)
            styler = styler.apply(
                lambda row: [HIGHLIGHT if row.name == frame.index[position] else ""
                             for _ in row], axis=1)
        return styler

    def position(self, row_id: str) -> int | None:
        """Row position of ``row_id``, or None."""
        return self.ids.index(row_id) if row_id in self.ids else None
