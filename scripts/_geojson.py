"""Deterministic RFC 7946 GeoJSON writer shared by the ``build_*`` scripts.

Coordinates are WGS 84 longitude/latitude in decimal degrees (EPSG:4326, lon first), rounded to
6 decimals (about 0.1 m); polygon exterior rings are counter-clockwise, holes clockwise. The
output has only the ``type`` and ``features`` members (no ``crs``), one feature per line, so that
rerunning a build reproduces the file byte for byte and diffs stay readable.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo.store import atomic

DECIMALS = 6


def _round_coords(coords: Any) -> Any:
    """Round a (nested) coordinate sequence to :data:`DECIMALS` decimals, as lists."""
    if coords and isinstance(coords[0], int | float):
        return [round(float(c), DECIMALS) for c in coords[:2]]
    return [_round_coords(c) for c in coords]


def geometry_to_json(geom: BaseGeometry | None) -> dict[str, Any] | None:
    """A shapely geometry (lon/lat degrees, EPSG:4326) as an RFC 7946 geometry object.

    Polygons are oriented first (exterior counter-clockwise), then every coordinate is rounded
    to 6 decimals. ``None`` or an empty geometry gives ``None`` (JSON ``null``).
    """
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)
    mapped = shapely.geometry.mapping(geom)
    return {"type": mapped["type"], "coordinates": _round_coords(mapped["coordinates"])}


def feature(properties: Mapping[str, Any], geom: BaseGeometry | None) -> dict[str, Any]:
    """A GeoJSON Feature with the given properties (order kept) and geometry."""
    return {"type": "Feature", "properties": dict(properties), "geometry": geometry_to_json(geom)}


def dumps_collection(features: Iterable[Mapping[str, Any]]) -> str:
    """Serialise features as a FeatureCollection text: one feature per line, trailing newline.

    Raises
    ------
    ValueError
        If a property is NaN or infinite (missing figures must be ``None``).
    """
    lines = [json.dumps(f, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
             for f in features]
    body = ",\n".join(lines)
    return '{"type":"FeatureCollection","features":[\n' + body + ("\n" if lines else "") + "]}\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` (folders created) with
    :func:`geo.store.atomic.write_text_atomic`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text_atomic(path, text)


def write_collection(path: Path, features: Iterable[Mapping[str, Any]]) -> None:
    """Write features to ``path`` as deterministic GeoJSON (see :func:`dumps_collection`)."""
    write_text_atomic(path, dumps_collection(features))
