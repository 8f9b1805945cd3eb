"""Reading uploads and planning imports: options checked once, formats, CRS, encodings, field
mapping, checks, matching, the plan (:mod:`geo.imports.plan`, :mod:`geo.imports.lots_plan`)
and the one call that reads, plans and has the store commit (:mod:`geo.imports.run`).

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "archive",
    "boundary_checks",
    "checks",
    "crsdetect",
    "encoding",
    "fieldmap",
    "indicators_plan",
    "indicators_sheet",
    "lots",
    "lots_plan",
    "matching",
    "newrows",
    "numbers",
    "options",
    "pipeline",
    "plan",
    "readers",
    "run",
    "textcheck",
    "xmlsafe",
]
