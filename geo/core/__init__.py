"""Pure vocabulary: the schema (layer kinds and fields, once), text rules (fold, blank,
escape, once), provinces and the region, CRS, periods, findings, labels and number formats.

Imports nothing from the layers above it (a test reads the imports). A feature's label
table is a ``labels_<feature>`` module merged into :data:`geo.core.labels.LABELS` by one line.

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "admin",
    "crs",
    "findings",
    "i18n",
    "labels",
    "labels_auth",
    "labels_figures",
    "labels_imports",
    "labels_indicators",
    "labels_lots",
    "labels_mapux",
    "lots_schema",
    "periods",
    "schema",
    "schema_check",
    "text",
]
