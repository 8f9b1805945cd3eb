"""Where data lives: bundled files (read-only), the GeoPackage workspace, or a PostGIS database.

:func:`geo.store.factory.get_store` picks the backend; :mod:`geo.store.base` is the interface
(the package does not import the factory: reading bundled data never loads the database
driver). The store only persists; planning an import is :mod:`geo.imports.plan`. Public
modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "atomic",
    "audit",
    "base",
    "bundled",
    "factory",
    "gpkg",
    "indicators",
    "lots",
    "postgis",
    "signin",
    "synthetic_lots",
    "touched",
    "users",
    "workspace",
]
