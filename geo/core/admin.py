"""Provinces of the 2024 and 2025 editions and the 2025 merger table.

Every 2025 merger joined whole provinces (Resolution 202/2025/QH15), so a zone's 2025 province
follows from its 2024 province by attribute — never by a spatial join with the (coarse) boundary
polygons.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Final, Literal

import geopandas as gpd
import pandas as pd

from geo.core.text import fold
from geo.errors import FilterError
from geo.settings import PROVINCES_2024, PROVINCES_2025, Province, Province2025

Edition = Literal[2024, 2025]
EDITIONS: tuple[Edition, ...] = (2024, 2025)

REGION_NAME: Final = "Đồng bằng sông Hồng"
"""The Red River Delta, the region the atlas covers (the region row's key in every table)."""
VIETNAM_BBOX: Final = (102.1, 8.4, 109.5, 23.4)
"""lon_min, lat_min, lon_max, lat_max (degrees, WGS 84) of Vietnam's mainland and near
islands: a feature outside is an error; coordinates inside are taken for degrees."""


@lru_cache(maxsize=4096)
def province_names(edition: Edition = 2024, *, delta_only: bool = True) -> list[str]:
    """Official names of the provinces of an edition, in the report's order.

    Parameters
    ----------
    edition : 2024 (before the mergers) or 2025 (after).
    delta_only : only the Red River Delta provinces of that edition (11 in 2024, 6 in 2025);
        else also the neighbours the mergers bring in.
    """
    check_edition(edition)
    if edition == 2024:
        return [p.name for p in PROVINCES_2024 if p.in_delta or not delta_only]
    return [p.name for p in PROVINCES_2025 if p.in_delta or not delta_only]


def check_edition(edition: int) -> Edition:
    """Return ``edition`` if it is 2024 or 2025, else raise :class:`FilterError`."""
    if edition not in EDITIONS:
        raise FilterError(f"unknown province edition {edition!r}; valid: 2024, 2025",
                          valid=["2024", "2025"])
    return 2024 if edition == 2024 else 2025


def _keys(p: Province | Province2025) -> tuple[str, ...]:
    return (fold(p.name), fold(p.name_en), p.slug.replace("-", " "), p.gso_code)


@cache
def _lookup_2024() -> dict[str, Province]:
    """Folded name/English name/slug/GSO code → 2024 province; built once (first match wins)."""
    out: dict[str, Province] = {}
    for p in PROVINCES_2024:
        for key in _keys(p):
            out.setdefault(key, p)
    return out


@cache
def _lookup_2025() -> dict[str, Province2025]:
    """As :func:`_lookup_2024`, for the 2025 provinces."""
    out: dict[str, Province2025] = {}
    for p in PROVINCES_2025:
        for key in _keys(p):
            out.setdefault(key, p)
    return out


def province_2024(name: str) -> Province:
    """The 2024 province named ``name`` (Vietnamese or English spelling, slug or GSO code).

    Raises
    ------
    FilterError
        If no province matches; the message lists the valid names.
    """
    found = _lookup_2024().get(fold(name))
    if found is not None:
        return found
    valid = [p.name for p in PROVINCES_2024]
    raise FilterError(f"unknown province {name!r}; valid: {', '.join(valid)}", valid=valid)


def province_2025_record(name: str) -> Province2025:
    """The 2025 province named ``name`` (as :func:`province_2024` matches names)."""
    found = _lookup_2025().get(fold(name))
    if found is not None:
        return found
    valid = [p.name for p in PROVINCES_2025]
    raise FilterError(f"unknown 2025 province {name!r}; valid: {', '.join(valid)}", valid=valid)


def canonical_province(name: str, *, edition: Edition = 2024) -> str:
    """The official name of the province ``name`` refers to in ``edition``."""
    if edition == 2024:
        return province_2024(name).name
    return province_2025_record(name).name


def province_2025_of(name_2024: str) -> str:
    """The 2025 province that the 2024 province ``name_2024`` became part of."""
    return province_2024(name_2024).province_2025


def parts_of_2025(name_2025: str) -> list[str]:
    """The 2024 provinces a 2025 province was formed from (design §3.1)."""
    target = province_2025_record(name_2025).name
    return [p.name for p in PROVINCES_2024 if p.province_2025 == target]


def add_province_2025(zones: gpd.GeoDataFrame | pd.DataFrame) -> gpd.GeoDataFrame | pd.DataFrame:
    """Return a copy of ``zones`` with ``province_2025`` derived from ``province``.

    Raises
    ------
    FilterError
        If a row's ``province`` is not a known 2024 province (the message names the row).
    """
    out = zones.copy()
    names = out["province"].astype(str)
    mapping = {}
    for name in names.unique():  # once per distinct name, not per row
        try:
            mapping[name] = province_2025_of(name)
        except FilterError as exc:
            idx = names.index[names.to_numpy() == name][0]
            raise FilterError(f"row {idx}: field 'province': {exc}", valid=exc.valid) from exc
    out["province_2025"] = names.map(mapping).to_numpy(dtype=object)
    return out


def incomplete_2025_provinces(present_2024: set[str]) -> dict[str, list[str]]:
    """2025 provinces whose 2024 parts are not all covered by the data.

    Parameters
    ----------
    present_2024 : the 2024 provinces the zone data covers (e.g. the 11 delta provinces).

    Returns
    -------
    dict
        2025 province → the 2024 parts missing from the data (e.g. ``"Bắc Ninh": ["Bắc Giang"]``).
    """
    missing: dict[str, list[str]] = {}
    for p in PROVINCES_2025:
        absent = [part for part in parts_of_2025(p.name) if part not in present_2024]
        if absent:
            missing[p.name] = absent
    return missing


def data_provinces_2024() -> set[str]:
    """The 2024 provinces whose zones the bundled data covers: the 11 delta provinces."""
    return {p.name for p in PROVINCES_2024 if p.in_delta}
