"""Bar charts of the indicators as PNG images for the report (matplotlib Agg, offline).

One chart per (indicator, unit): USD and VND never share an axis. Values in the row's unit;
labels and tick numbers in the report's language (Vietnamese number format by default).
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from geo.core.i18n import Lang
from geo.present.indicators import fmt_figure


def bar_chart_png(frame: pd.DataFrame, *, title: str, lang: Lang = "vi", dpi: int = 110
                  ) -> bytes:
    """PNG bytes of grouped horizontal bars: rows of ``frame`` = categories, columns = series.

    Missing values (NaN) draw no bar (unknown, not 0); each bar is labelled with its value.
    """
    figure = Figure(figsize=(7.0, 0.9 + 0.45 * max(len(frame.index) * len(frame.columns), 2)),
                    dpi=dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    n = max(len(frame.columns), 1)
    height = 0.8 / n
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
    for i, column in enumerate(frame.columns):
        values = frame[column]
        ys = [j + i * height for j in range(len(frame.index))]
        known = [(y, float(v)) for y, v in zip(ys, values, strict=True) if pd.notna(v)]
        if not known:
            continue
        bars = ax.barh([y for y, _ in known], [v for _, v in known], height=height,
                       color=colors[i % len(colors)], label=str(column))
        ax.bar_label(bars, labels=[fmt_figure(v, lang) for _, v in known], fontsize=7,
                     padding=2)
    ax.set_yticks([j + 0.4 - height / 2 for j in range(len(frame.index))])
    ax.set_yticklabels([str(k) for k in frame.index], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_figure(float(v), lang)))
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(title, fontsize=9)
    ax.margins(x=0.18)
    if len(frame.columns) > 1:
        ax.legend(fontsize=7, loc="lower right")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
