"""The data schema, defined once: layer kinds, the fields of each layer, their domains.

Every layer is stored in EPSG:4326 (lon/lat degrees, WGS 84). Numeric figures are float
hectares (``*_ha``), a percentage (``occupancy_pct``, 0-100), square metres (``floor_area_m2``)
or persons (``workers``, ``capacity_persons``); a missing figure is NaN, never 0. Field tables
map a field name to a type tag (``"str"``, ``"float"``, ``"int"``).

:func:`target_fields` is the one list of fields a file of a layer kind may map its columns to:
the import page offers it, the reader checks a user mapping against it and the field matcher
suggests from it. Pure vocabulary: no I/O.
"""

from __future__ import annotations

from typing import Final, Literal

from geo.core.lots_schema import LOT_FIELDS

LayerKind = Literal["zones", "housing", "figures", "lots", "indicators"]
"""The kinds of layer (table) the atlas keeps."""
ImportKind = Literal["zones", "figures", "housing", "lots", "indicators"]
"""The layer kinds a user may import (the import page, ``python -m geo ingest``)."""
LAYER_KINDS: Final[tuple[LayerKind, ...]] = ("zones", "housing", "figures", "lots", "indicators")
IMPORT_KINDS: Final[tuple[ImportKind, ...]] = ("zones", "figures", "housing", "lots",
                                               "indicators")

# Domains of the categorical fields (design §2-§3).
KINDS: Final = ("KCN", "KCX", "KKT")
ZONE_STATUSES: Final = ("operating", "under_construction", "planned", "unknown")
HOUSING_STATUSES: Final = ("completed", "under_construction", "planned")
GEOMETRY_QUALITIES: Final = ("surveyed", "digitized", "approximate")
LOCATION_PRECISIONS: Final = ("zone", "commune", "district")

# Zone fields: name -> type tag ("str", "float", "int"). Numeric figures are float hectares
# (``*_ha``), a percentage (``occupancy_pct``, 0-100) or persons (``workers``); missing = NaN.
ZONE_FIELDS: Final[dict[str, str]] = {
    "zone_id": "str",
    "name": "str",
    "kind": "str",
    "status": "str",
    "parent_zone_id": "str",
    "province": "str",
    "province_2025": "str",
    "developer": "str",
    "planned_area_ha": "float",
    "industrial_land_ha": "float",
    "leased_land_ha": "float",
    "occupancy_pct": "float",
    "used_area_ha": "float",
    "under_construction_area_ha": "float",
    "worker_housing_area_ha": "float",
    "workers": "float",
    "as_of": "str",
    "source_url": "str",
    "geometry_quality": "str",
    "location_precision": "str",
    "location_place": "str",
    "location_source_url": "str",
    "parent_source_url": "str",
}
ZONE_REQUIRED: Final = ("zone_id", "name", "kind", "status", "province", "source_url")
ZONE_FIGURES: Final = (
    "planned_area_ha", "industrial_land_ha", "leased_land_ha", "occupancy_pct",
    "used_area_ha", "under_construction_area_ha", "worker_housing_area_ha", "workers",
)

HOUSING_FIELDS: Final[dict[str, str]] = {
    "site_id": "str",
    "name": "str",
    "province": "str",
    "status": "str",
    "land_area_ha": "float",
    "units": "float",
    "capacity_persons": "float",
    "floor_area_m2": "float",
    "serves_zone_ids": "str",
    "as_of": "str",
    "source_url": "str",
    "location_precision": "str",
}
HOUSING_REQUIRED: Final = ("site_id", "name", "province", "status", "source_url")

FIGURE_FIELDS: Final = ("zone_id", "name", "province", "period", "status", *ZONE_FIGURES,
                        "as_of")
"""Fields of a zone-figures table (one row per zone and half-year period): ``zone_id`` /
``name`` / ``province`` match the row to a zone; ``period`` and ``status`` are read and checked
(the period written is the one the user chooses); ``as_of`` is the date the figures describe
(default: the period)."""

INDICATOR_FIELDS: Final = ("period", "scope", "province", "indicator", "segment", "value", "unit",
                           "change_pct", "capital_basis", "as_of", "source_url", "quote")
"""Columns of the indicator facts (``data/reports/indicators.csv``)."""
INDICATOR_REQUIRED: Final = ("period", "scope", "indicator", "segment", "value", "unit",
                             "source_url")


def target_fields(kind: LayerKind) -> tuple[str, ...]:
    """The fields a table of layer ``kind`` may map its columns to, in display order."""
    if kind == "housing":
        return tuple(HOUSING_FIELDS)
    if kind == "figures":
        return FIGURE_FIELDS
    if kind == "lots":
        return tuple(LOT_FIELDS)
    if kind == "indicators":
        return INDICATOR_FIELDS
    return tuple(ZONE_FIELDS)
