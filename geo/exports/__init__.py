"""Writing GIS and office files: formats, fields, the export CRS, the writers, reports.

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "accounts",
    "cells",
    "crs",
    "fields",
    "formats",
    "indicators_template",
    "lots",
    "report_docx",
    "writers",
    "xlsx_fast",
]
