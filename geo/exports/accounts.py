"""Exports that carry the computed accounts (issue 10): the same per-zone figures as the app.

:func:`zones_with_accounts` adds to the zones the columns of
:func:`geo.accounts.landuse.add_accounts` that a planner reads — land in use and its basis, area
under construction, leased / leasable land, the zone's occupancy and its basis — so an export
says, per derived figure, where it comes from. In Vietnamese the basis values are Vietnamese
text (``≈ diện tích quy hoạch của khu đang hoạt động``); the source fields keep their codes, so
the file still imports back. :func:`data_dictionary` describes every column in one language (the
``dictionary`` sheet of an Excel export, ``<layer>_fields_<lang>.csv`` in a shapefile zip).
Areas in hectares, occupancy in percent; geometries untouched (any CRS).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import geopandas as gpd
import pandas as pd

from geo.accounts.figure_basis import (
    DERIVED_MARK,
    OCCUPANCY_RULE,
    in_use_basis_text,
    occupancy_basis_text,
)
from geo.accounts.landuse import add_accounts
from geo.core.i18n import Lang, t
from geo.exports.fields import FIELD_INFO, FieldInfo

ACCOUNT_COLUMNS: Final = ("in_use_area_ha", "in_use_basis", "building_area_ha", "leased_ha",
                          "leasable_ha", "occupancy_zone_pct", "occupancy_basis")
"""The account columns an export carries (after the source fields)."""

ACCOUNT_INFO: Final[dict[str, FieldInfo]] = {
    "occupancy_zone_pct": FieldInfo(
        "Tỷ lệ lấp đầy của khu (tính: đã cho thuê / đất cho thuê; hoặc tỷ lệ công bố nếu chỉ "
        "có tỷ lệ)", "Zone occupancy (computed leased / leasable; the stated rate where only a "
        "rate is given)", "%", "occ_zone"),
}
"""FieldInfo of account columns :data:`geo.exports.fields.FIELD_INFO` lacks."""

BASIS_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "in_use_basis": ("used_area_ha", "operating_area", "kkt_excluded", "not_operating",
                     "status_unknown", "missing"),
    "occupancy_basis": ("leased_land", "stated_rate", "lots", "rate_only", "missing"),
}


def zones_with_accounts(zones: gpd.GeoDataFrame, *, lang: Lang | None = None,
                        lots: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """The zones with the account columns :data:`ACCOUNT_COLUMNS`; a new frame.

    ``lang`` ``vi``/``en``: the basis columns hold text in that language (derived figures
    start with ``≈``); None: their codes (``operating_area``, ``stated_rate`` …).
    """
    accounts = add_accounts(pd.DataFrame(zones), lots=lots)
    out = zones.copy()
    for column in ACCOUNT_COLUMNS:
        out[column] = accounts[column].to_numpy()
    if lang is not None:
        out["in_use_basis"] = [in_use_basis_text(b, lang) for b in accounts["in_use_basis"]]
        out["occupancy_basis"] = [occupancy_basis_text(b, lang)
                                  for b in accounts["occupancy_basis"]]
    return out


def data_dictionary(columns: Sequence[str], *, lang: Lang,
                    extra: Mapping[str, FieldInfo] | None = None) -> pd.DataFrame:
    """One row per column: field, label and unit in ``lang``, and what the basis values mean.

    Columns (in ``lang``): field, label, unit, values. The basis columns list their values
    (``≈`` = derived) and the occupancy rule is stated on ``occupancy_zone_pct``.
    """
    known = {**FIELD_INFO, **ACCOUNT_INFO, **(extra or {})}
    rows = []
    for column in columns:
        info = known.get(column, FieldInfo("", ""))
        values = ""
        if column == "in_use_basis":
            values = "; ".join(in_use_basis_text(v, lang) for v in BASIS_VALUES[column])
        elif column == "occupancy_basis":
            values = "; ".join(occupancy_basis_text(v, lang) for v in BASIS_VALUES[column])
        elif column == "occupancy_zone_pct":
            values = t("occupancy_rule", lang) if lang == "vi" else OCCUPANCY_RULE
        rows.append({t("export_field", lang): column,
                     t("export_label", lang): info.vi if lang == "vi" else info.en,
                     t("export_unit", lang): info.unit, t("export_description", lang): values})
    legend = {t("export_field", lang): DERIVED_MARK,
              t("export_label", lang): t("basis_legend", lang),
              t("export_unit", lang): "", t("export_description", lang): ""}
    return pd.DataFrame([*rows, legend])
