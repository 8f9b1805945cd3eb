"""Display-ready tables and texts of the app and the CLI (labels are :mod:`geo.core.i18n`).

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "coords",
    "figures",
    "imports",
    "indicators",
    "landuse",
    "lots",
    "numbers",
    "palette",
    "report",
    "search",
    "tables",
]
