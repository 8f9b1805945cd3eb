"""Pure calculations: land-use accounts, lots, worker housing (2SFCA), indicators.

Never loads data or imports streamlit; imports only :mod:`geo.core`, :mod:`geo.errors` and
:mod:`geo.settings` from the project (a test reads the imports).

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "catchment",
    "figure_basis",
    "housing",
    "housing_params",
    "housing_report",
    "indicator_sheet",
    "indicators",
    "landuse",
    "landuse_groups",
    "lots",
    "reach",
    "zone_figures",
]
