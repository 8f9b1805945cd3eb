"""Where data lives: bundled files (read-only), the GeoPackage workspace, or a PostGIS database.

:func:`get_store` (:mod:`geo.store.factory`) picks the backend; :mod:`geo.store.base` is the
interface.
"""

from geo.store.factory import get_store

__all__ = ["get_store"]
