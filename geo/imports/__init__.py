"""Reading uploads: options checked once, formats, CRS, encodings, field mapping, checks,
matching.

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "archive",
    "boundary_checks",
    "checks",
    "crsdetect",
    "encoding",
    "fieldmap",
    "lots",
    "matching",
    "numbers",
    "options",
    "pipeline",
    "readers",
    "textcheck",
    "xmlsafe",
]
