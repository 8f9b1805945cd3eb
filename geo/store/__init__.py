"""Where data lives: bundled files (read-only), the GeoPackage workspace, or a PostGIS database.

:func:`get_store` (:mod:`geo.store.factory`) picks the backend; :mod:`geo.store.base` is the
interface. Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

from geo.store.factory import get_store

__all__ = [
    "atomic",
    "base",
    "bundled",
    "factory",
    "get_store",
    "gpkg",
    "indicators",
    "lots",
    "postgis",
    "synthetic_lots",
    "users",
    "workspace",
]
