"""The changes a new zone or housing site brings, from facts worked out once per column.

An import of 100,000 new zones would otherwise test every cell for blankness, every geometry
for emptiness and fold every name twice, one row at a time. :class:`RowFacts` computes those
facts per column (:func:`geo.core.text.blank_mask`, shapely's vectorised predicates, one fold
per distinct name); :func:`new_row_changes` reads them to list a new row's changes, in the
order the diff shows them: the file's values, then the geometry and what comes with it, then
the defaults (kind from the name, status "unknown", the import as the source).

Geometries are EPSG:4326; nothing here reads or writes a store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.core.schema import ImportKind as Kind
from geo.core.text import blank_mask, per_distinct
from geo.imports.fieldmap import kind_from_name
from geo.store.base import FieldChange

__all__ = ["RowFacts", "new_row_changes"]

_POLYGON_TYPES = (3, 6)  # shapely type ids of Polygon and MultiPolygon


class RowFacts:
    """Per-row facts of a file (a frame of schema fields, geometries in EPSG:4326), each
    computed for the whole column the first time it is asked for.

    Parameters
    ----------
    frame : the file as read and mapped (one row per feature).
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._blank: dict[str, list[bool]] = {}
        geoms = (frame["geometry"].to_numpy(dtype=object) if "geometry" in frame.columns
                 else np.full(len(frame), None, dtype=object))
        present = ~shapely.is_missing(geoms)
        present[present] = ~shapely.is_empty(geoms[present])
        self.geometry: list[bool] = present.tolist()
        """The row has a non-empty geometry."""
        self.polygon: list[bool] = (present & np.isin(shapely.get_type_id(geoms),
                                                      _POLYGON_TYPES)).tolist()
        """The row's geometry is a (multi)polygon."""
        self._kinds: list[str | None] | None = None

    def blank(self, field: str) -> list[bool]:
        """Whether each row's ``field`` is blank (:func:`geo.core.text.is_blank`); all blank
        where the file has no such column."""
        if field not in self._blank:
            self._blank[field] = (blank_mask(self._frame[field]).tolist()
                                  if field in self._frame.columns else [True] * len(self._frame))
        return self._blank[field]

    def name_kind(self, row: int) -> str | None:
        """The kind the row's name starts with (:func:`geo.imports.fieldmap.kind_from_name`,
        the reader's rule; folded once per distinct name)."""
        if self._kinds is None:
            names = (self._frame["name"] if "name" in self._frame.columns
                     else pd.Series([None] * len(self._frame), dtype=object))
            self._kinds = per_distinct(names, kind_from_name)
        return self._kinds[row]


def new_row_changes(rec: Mapping[str, Any], row: int, facts: RowFacts,
                    fields: Sequence[str], *, kind: Kind, source: str,
                    quality: str) -> list[FieldChange]:
    """What importing row ``row`` (``rec``, its values) as a new zone or site sets.

    Every field of ``fields`` the row gives; a non-empty geometry with its
    ``geometry_quality`` (``quality`` for a polygon whose row says none) and
    ``location_precision`` "zone"; for a zone without a kind, the kind its name starts with,
    and without a status, "unknown"; without a ``source_url``, ``source``.
    """
    changes = [FieldChange(f, None, rec[f]) for f in fields if not facts.blank(f)[row]]
    if facts.geometry[row]:
        changes.append(FieldChange("geometry", None, rec["geometry"]))
        if facts.polygon[row] and facts.blank("geometry_quality")[row]:
            changes.append(FieldChange("geometry_quality", None, quality))
        changes.append(FieldChange("location_precision", None, "zone"))
    if kind == "zones":
        if facts.blank("kind")[row] and (implied := facts.name_kind(row)):
            changes.append(FieldChange("kind", None, implied))
        if facts.blank("status")[row]:
            changes.append(FieldChange("status", None, "unknown"))
    if facts.blank("source_url")[row]:
        changes.append(FieldChange("source_url", None, source))
    return changes
