"""The one schema validator: every finding of a layer against :mod:`geo.core.schema`, collected.

Both readers of layers use it. The bundled-data loader (:mod:`geo.store.bundled`) raises its
first finding as a :class:`geo.errors.SchemaError` (a data file of the project must be right);
the import checks (:mod:`geo.imports.checks`) add every finding to the report a planner sees.
A finding names the row (its 0-based position), the field and the value; each reader words it
in its own place (the loader in English for a developer, the import report in Vietnamese and
English), from the finding's ``code``.

Findings come in a fixed order — per field in schema order (a number that is not a number, then
a negative one), then empty required fields, duplicate ids, values outside a domain, unknown
provinces, an occupancy above 100 % and a parent that is not a zone of the layer — so "the first
finding" is stable. Pure: no I/O; frames in, findings out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final, Literal

import numpy as np
import pandas as pd

from geo.core.admin import province_2024
from geo.core.schema import (
    FIGURE_FIELDS,
    GEOMETRY_QUALITIES,
    HOUSING_FIELDS,
    HOUSING_REQUIRED,
    HOUSING_STATUSES,
    KINDS,
    LOCATION_PRECISIONS,
    ZONE_FIELDS,
    ZONE_FIGURES,
    ZONE_REQUIRED,
    ZONE_STATUSES,
)
from geo.core.text import blank_mask, is_blank, per_distinct
from geo.errors import FilterError

Code = Literal["missing_field", "not_number", "negative", "empty_required", "duplicate_id",
               "domain", "province", "occupancy_over_100", "unknown_parent"]


@dataclass(frozen=True)
class SchemaFinding:
    """One way a layer breaks the schema.

    ``position`` is the row's 0-based position in the frame (None for a finding about the
    whole file, e.g. a missing column); ``allowed`` lists the valid values of a domain.
    """

    code: Code
    position: int | None
    field: str
    value: object = None
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayerSchema:
    """What a layer must hold: its fields (type tags), required fields, id field, domains."""

    fields: Mapping[str, str]
    required: tuple[str, ...]
    id_field: str
    domains: Mapping[str, tuple[str, ...]]
    blank_allowed: tuple[str, ...]
    """Domain fields that may be empty (the others are required)."""


SCHEMAS: Final[dict[str, LayerSchema]] = {
    "zones": LayerSchema(ZONE_FIELDS, tuple(ZONE_REQUIRED), "zone_id",
                         {"kind": KINDS, "status": ZONE_STATUSES,
                          "geometry_quality": GEOMETRY_QUALITIES,
                          "location_precision": LOCATION_PRECISIONS},
                         ("geometry_quality", "location_precision")),
    "housing": LayerSchema(HOUSING_FIELDS, tuple(HOUSING_REQUIRED), "site_id",
                           {"status": HOUSING_STATUSES, "location_precision": LOCATION_PRECISIONS},
                           ("location_precision",)),
    "figures": LayerSchema({f: "float" if f in ZONE_FIGURES else "str" for f in FIGURE_FIELDS},
                           ("zone_id", "period"), "zone_id", {"status": ZONE_STATUSES},
                           ("status",)),
}
"""The layers whose rows this validator checks (lots have their own checks,
:mod:`geo.imports.lots`)."""


def schema_findings(frame: pd.DataFrame, kind: str, *, complete: bool = True,
                    id_columns: Sequence[str] | None = None) -> list[SchemaFinding]:
    """Every finding of ``frame`` against the schema of layer ``kind``.

    Parameters
    ----------
    frame : the layer's rows, columns named as the schema (extra columns are ignored).
    kind : a key of :data:`SCHEMAS` (``zones``, ``housing``, ``figures``).
    complete : the frame is a whole layer (the bundled files): required columns must exist and
        be filled, and a parent must be a zone of the frame. False for an upload, which may
        hold only some fields and update some zones: only what it holds is checked, and blank
        values are allowed (they mean "no change").
    id_columns : the columns that identify a row for the duplicate check (default: the id
        field; e.g. ``("zone_id", "period")`` for figures by period).

    Returns
    -------
    list of SchemaFinding
        In the order the module docstring gives; empty when the frame is right.
    """
    schema = SCHEMAS[kind]
    found: list[SchemaFinding] = []
    if complete:
        found += [SchemaFinding("missing_field", None, name) for name in schema.required
                  if name not in frame.columns]
        if found:
            return found
    for name, tag in schema.fields.items():
        if tag != "str" and name in frame.columns:
            found += _number_findings(frame[name], name)
    if complete:
        for name in schema.required:
            blank = blank_mask(frame[name])
            found += [SchemaFinding("empty_required", int(p), name) for p in np.flatnonzero(blank)]
    found += _duplicate_ids(frame, list(id_columns or [schema.id_field]))
    for name, allowed in schema.domains.items():
        if name in frame.columns:
            blank_ok = name in schema.blank_allowed or not complete
            bad = per_distinct(frame[name], partial(_out_of_domain, allowed=allowed,
                                                    blank_ok=blank_ok))
            found += [SchemaFinding("domain", pos, name, value, allowed)
                      for pos, value in enumerate(frame[name].to_numpy(dtype=object))
                      if bad[pos]]
    if "province" in frame.columns:
        found += _province_findings(frame["province"])
    if "occupancy_pct" in frame.columns:
        pct = pd.to_numeric(frame["occupancy_pct"], errors="coerce").to_numpy(dtype=float)
        found += [SchemaFinding("occupancy_over_100", int(p), "occupancy_pct", float(pct[p]))
                  for p in np.flatnonzero(pct > 100)]
    if complete and "parent_zone_id" in frame.columns:
        ids = set(frame[schema.id_field])
        found += [SchemaFinding("unknown_parent", pos, "parent_zone_id", parent)
                  for pos, parent in enumerate(frame["parent_zone_id"])
                  if isinstance(parent, str) and parent and parent not in ids]
    return found


def _out_of_domain(value: object, *, allowed: Sequence[str], blank_ok: bool) -> bool:
    return not (is_blank(value) and blank_ok) and value not in allowed


def _number_findings(values: pd.Series, name: str) -> list[SchemaFinding]:
    """A value that is not a number (text), then a negative number, by row."""
    numbers = pd.to_numeric(values, errors="coerce")
    blank = blank_mask(values)
    text = numbers.isna().to_numpy() & ~blank
    negative = (numbers < 0).to_numpy()
    return ([SchemaFinding("not_number", int(p), name, values.iloc[p])
             for p in np.flatnonzero(text)]
            + [SchemaFinding("negative", int(p), name, float(numbers.iloc[p]))
               for p in np.flatnonzero(negative)])


def _duplicate_ids(frame: pd.DataFrame, columns: list[str]) -> list[SchemaFinding]:
    """Rows whose id (and period, for figures) an earlier row already has; blank ids skipped."""
    if columns[0] not in frame.columns or not all(c in frame.columns for c in columns):
        return []
    keys = frame[columns].astype("string").apply(lambda c: c.str.strip())
    present = (keys[columns[0]].notna() & (keys[columns[0]] != "")).to_numpy()
    duplicated = keys.duplicated(keep="first").to_numpy() & present
    return [SchemaFinding("duplicate_id", int(p), columns[0], keys.iloc[p][columns[0]])
            for p in np.flatnonzero(duplicated)]


def _province_findings(values: pd.Series) -> list[SchemaFinding]:
    """Province names that name no 2024 province (each distinct name looked up once)."""
    unknown: dict[str, bool] = {}
    found = []
    for pos, value in enumerate(values.to_numpy(dtype=object)):
        if is_blank(value):
            continue
        name = str(value)
        if name not in unknown:
            try:
                province_2024(name)
                unknown[name] = False
            except FilterError:
                unknown[name] = True
        if unknown[name]:
            found.append(SchemaFinding("province", pos, "province", value))
    return found
