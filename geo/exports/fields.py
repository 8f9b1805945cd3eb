"""The fields of an export: descriptions (Vietnamese, English), units, shapefile names.

:data:`FIELD_INFO` describes the known fields; :data:`SHAPEFILE_NAMES` is the fixed table of DBF
names (≤ 10 characters) of a zipped shapefile, and :func:`field_info_for` gives every column of
a layer a description and a unique DBF name. Areas in hectares, occupancy in percent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

DBF_TEXT_BYTES: Final = 254

@dataclass(frozen=True)
class FieldInfo:
    """What a field holds: Vietnamese and English description, unit, shapefile name (≤ 10)."""

    vi: str
    en: str
    unit: str = ""
    short: str = ""

FIELD_INFO: Final[dict[str, FieldInfo]] = {
    # zones (design §3)
    "zone_id": FieldInfo("Mã khu (ổn định)", "Zone id (stable slug)", "", "zone_id"),
    "name": FieldInfo("Tên", "Name (official Vietnamese)", "", "name"),
    "kind": FieldInfo("Loại khu: KCN, KCX, KKT", "Kind: KCN, KCX, KKT", "", "kind"),
    "status": FieldInfo("Tình trạng", "Status", "", "status"),
    "parent_zone_id": FieldInfo("Mã KKT chứa khu này", "Id of the KKT the zone lies in", "",
                                "parent_id"),
    "province": FieldInfo("Tỉnh/thành phố (2024)", "Province (2024 edition)", "", "province"),
    "province_2025": FieldInfo("Tỉnh/thành phố từ 1/7/2025", "Province since 1 July 2025", "",
                               "prov_2025"),
    "developer": FieldInfo("Chủ đầu tư hạ tầng", "Infrastructure developer", "", "developer"),
    "planned_area_ha": FieldInfo("Diện tích quy hoạch", "Planned area", "ha", "plan_ha"),
    "industrial_land_ha": FieldInfo("Đất công nghiệp có thể cho thuê", "Leasable industrial land",
                                    "ha", "indust_ha"),
    "leased_land_ha": FieldInfo("Diện tích đã cho thuê", "Leased land", "ha", "leased_ha"),
    "occupancy_pct": FieldInfo("Tỷ lệ lấp đầy (theo nguồn)",
                               "Occupancy rate (as the source states)", "%", "occup_pct"),
    "used_area_ha": FieldInfo("Đất đã sử dụng", "Land in use", "ha", "used_ha"),
    "under_construction_area_ha": FieldInfo("Diện tích đang xây dựng hạ tầng",
                                            "Area under construction", "ha", "build_ha"),
    "worker_housing_area_ha": FieldInfo("Đất nhà ở công nhân", "Worker housing land", "ha",
                                        "housing_ha"),
    "workers": FieldInfo("Số lao động", "Workers", "người / persons", "workers"),
    "as_of": FieldInfo("Thời điểm số liệu", "Figures as of", "", "as_of"),
    "source_url": FieldInfo("Nguồn số liệu", "Source of the figures", "URL", "source_url"),
    "geometry_quality": FieldInfo("Chất lượng hình học (approximate = hình ước lượng)",
                                  "Geometry quality (approximate = estimated footprint)", "",
                                  "geom_qual"),
    "location_precision": FieldInfo("Độ chính xác vị trí: zone, commune (xã), district (huyện)",
                                    "Location precision: zone, commune, district", "",
                                    "loc_prec"),
    "location_place": FieldInfo("Địa điểm", "Place", "", "loc_place"),
    "location_source_url": FieldInfo("Nguồn vị trí", "Source of the location", "URL", "loc_src"),
    "parent_source_url": FieldInfo("Nguồn về KKT chứa khu", "Source of the KKT nesting", "URL",
                                   "parent_src"),
    # per-zone accounts (geo.accounts.landuse.add_accounts)
    "in_use_area_ha": FieldInfo("Diện tích đất đã sử dụng (tính)", "Land in use (computed)", "ha",
                                "in_use_ha"),
    "in_use_basis": FieldInfo("Cơ sở tính đất đã sử dụng", "Basis of land in use", "",
                              "in_use_bas"),
    "building_area_ha": FieldInfo("Diện tích đang xây dựng (tính)",
                                  "Area under construction (computed)", "ha", "bldg_ha"),
    "leased_ha": FieldInfo("Đã cho thuê (tính)", "Leased (computed)", "ha", "lsd_ha"),
    "leasable_ha": FieldInfo("Có thể cho thuê (tính)", "Leasable (computed)", "ha", "lsbl_ha"),
    "occupancy_calc_pct": FieldInfo("Tỷ lệ lấp đầy (tính)", "Occupancy (computed)", "%",
                                    "occ_calc"),
    "occupancy_basis": FieldInfo("Cơ sở tính tỷ lệ lấp đầy", "Basis of occupancy", "", "occ_basis"),
    # housing sites (design §3)
    "site_id": FieldInfo("Mã điểm nhà ở", "Housing site id", "", "site_id"),
    "land_area_ha": FieldInfo("Diện tích đất", "Land area", "ha", "land_ha"),
    "units": FieldInfo("Số căn hộ", "Dwelling units", "căn / units", "units"),
    "capacity_persons": FieldInfo("Sức chứa", "Capacity", "người / persons", "capacity"),
    "floor_area_m2": FieldInfo("Diện tích sàn", "Floor area", "m²", "floor_m2"),
    "serves_zone_ids": FieldInfo("Các khu được phục vụ (mã, cách nhau bởi ;)",
                                 "Zones served (ids, ';'-joined)", "", "serves_ids"),
}
"""Descriptions of the known fields; other fields get an empty description and a derived name."""

SHAPEFILE_NAMES: Final[dict[str, str]] = {k: v.short for k, v in FIELD_INFO.items()}
"""Fixed field name → DBF name (≤ 10 characters) table of the zipped shapefile."""

def field_info_for(columns: Sequence[str],
                extra: Mapping[str, FieldInfo] | None) -> dict[str, FieldInfo]:
    """FieldInfo for every column, with unique DBF names (≤ 10 characters)."""
    known = {**FIELD_INFO, **(extra or {})}
    out: dict[str, FieldInfo] = {}
    used: set[str] = set()
    for column in columns:
        info = known.get(column, FieldInfo("", ""))
        short = (info.short or column)[:10]
        n = 1
        while short.lower() in used:
            suffix = str(n)
            short = (info.short or column)[: 10 - len(suffix)] + suffix
            n += 1
        used.add(short.lower())
        out[column] = FieldInfo(info.vi, info.en, info.unit, short)
    return out
