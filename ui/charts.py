"""Altair charts of the land-use page, with numbers in the UI's format (1.234,5 in Vietnamese).

Vega-Lite formats axis labels with d3 (``1,234.5``); Streamlit's ``st.altair_chart`` takes no
Vega format locale, so in Vietnamese every quantitative axis gets a ``labelExpr`` that swaps the
separators, and tooltips show text already formatted by :mod:`geo.core.i18n`.
"""

from __future__ import annotations

from functools import partial
from typing import Final

import altair as alt
import pandas as pd

from geo.core.i18n import Lang, fmt_ha, fmt_pct, t
from geo.present.palette import LANDUSE_PART_COLORS

VI_LABEL_EXPR: Final = ("replace(replace(replace(format(datum.value, ',~f'), regexp(',', 'g'),"
                        " ' '), regexp('\\\\.', 'g'), ','), regexp(' ', 'g'), '.')")
"""Vega expression: d3's ``40,000.5`` → ``40.000,5`` (a space is the temporary separator)."""


def number_axis(lang: Lang, **kwargs: object) -> alt.Axis:
    """A quantitative axis whose labels follow the number format of ``lang``."""
    if lang == "vi":
        return alt.Axis(labelExpr=VI_LABEL_EXPR, **kwargs)
    return alt.Axis(format=",~f", **kwargs)


def area_chart(areas: pd.DataFrame, lang: Lang) -> alt.Chart:
    """Stacked bars of the planned area per group (``geo.present.landuse.chart_frame``, hectares).

    Each bar's label carries the coverage of the planned area (``Hải Phòng (20/27 khu)``); the
    tooltip gives the coverage of the part pointed at."""
    frame = areas.assign(area_text=areas["area_ha"].map(partial(fmt_ha, lang=lang)))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("area_ha:Q", title=t("area_ha", lang), stack="zero", axis=number_axis(lang)),
        y=alt.Y("label:N", title=None, sort=None),
        # the parts in the statuses' colours (geo.present.palette): one meaning per colour
        color=alt.Color("part:N", title=None, sort=None, scale=alt.Scale(
            domain=[t(part, lang) for part in LANDUSE_PART_COLORS],
            range=list(LANDUSE_PART_COLORS.values()))),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("group:N", title=t("group", lang)),
                 alt.Tooltip("part:N", title=" "),
                 alt.Tooltip("area_text:N", title=t("area_ha", lang)),
                 alt.Tooltip("coverage:N", title=t("coverage", lang)),
                 *([alt.Tooltip("basis:N", title=t("figure_basis", lang))]
                   if "basis" in frame.columns else [])],
    )


LOW_COVERAGE_OPACITY: Final = 0.35
"""Opacity of a bar whose figure rests on few of its group's zones (``low_coverage``)."""


def occupancy_chart(occupancy: pd.DataFrame, lang: Lang) -> alt.Chart:
    """Bars of the occupancy (percent) per group (``geo.present.landuse.occupancy_frame``).

    Every bar says how many zones it rests on: the axis label is ``Hải Phòng (1/27 khu)``, the
    tooltip repeats the coverage, and a bar resting on fewer than half of its group's zones is
    faded (opacity legend; the page adds a caption)."""
    ok, low = t("chart_cov_ok", lang), t("chart_cov_low", lang)
    frame = occupancy.assign(
        occupancy_text=occupancy["occupancy_pct"].map(partial(fmt_pct, lang=lang)),
        coverage_class=[low if flag else ok for flag in occupancy["low_coverage"]])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("occupancy_pct:Q", title="%", scale=alt.Scale(domain=[0, 100]),
                axis=number_axis(lang)),
        y=alt.Y("label:N", title=None, sort=None),
        opacity=alt.Opacity("coverage_class:N", title=t("coverage", lang),
                            scale=alt.Scale(domain=[ok, low], range=[1.0, LOW_COVERAGE_OPACITY]),
                            legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("group:N", title=t("group", lang)),
                 alt.Tooltip("occupancy_text:N", title=t("occupancy_pct", lang)),
                 alt.Tooltip("coverage:N", title=t("coverage", lang)),
                 alt.Tooltip("coverage_class:N", title=" ")],
    )
