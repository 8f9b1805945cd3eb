"""Folium map builders (pure: data passed as data, never as template text).

Public modules: ``__all__``; a module whose name starts with ``_`` is internal.
"""

__all__ = [
    "assets",
    "controls",
    "elements",
    "housing_map",
    "layers",
    "lots_layer",
    "lots_map",
    "preview",
    "static_map",
    "zone_map",
    "zone_popup",
]
