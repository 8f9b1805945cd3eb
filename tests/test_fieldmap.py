"""Field-mapping suggestions and value normalisation."""

from __future__ import annotations

import pytest

from geo.imports.fieldmap import (
    area_unit_factor,
    kind_from_name,
    normalize_kind,
    normalize_status,
    suggest_mapping,
)


@pytest.mark.parametrize(("column", "target"), [
    ("Ten_KCN", "name"), ("TEN", "name"), ("Ten", "name"), ("NAME", "name"), ("Tên KCN", "name"),
    ("DT_QH", "planned_area_ha"), ("DIENTICH", "planned_area_ha"),
    ("dien_tich_ha", "planned_area_ha"), ("DT_HA", "planned_area_ha"), ("Area", "planned_area_ha"),
    ("Diện tích quy hoạch", "planned_area_ha"), ("Tinh", "province"), ("TINH", "province"),
    ("province", "province"), ("Loai", "kind"), ("TrangThai", "status"), ("CDT", "developer"),
    ("ChuDauTu", "developer"), ("DT_CN", "industrial_land_ha"), ("DT_THUE", "leased_land_ha"),
    ("DT_DA_THUE", "leased_land_ha"), ("TyLeLapDay", "occupancy_pct"), ("TLLD", "occupancy_pct"),
    ("MA", "zone_id"), ("ID", "zone_id"), ("zone_id", "zone_id"),
])
def test_single_column_suggestions(column: str, target: str) -> None:
    fm = suggest_mapping([column])
    assert fm.mapping.get(column) == target


def test_typical_file() -> None:
    fm = suggest_mapping(["MA", "Ten_KCN", "Tinh", "DT_QH", "DT_CN", "DT_THUE", "TLLD", "GHICHU"])
    assert fm.ok
    assert fm.mapping == {"MA": "zone_id", "Ten_KCN": "name", "Tinh": "province",
                          "DT_QH": "planned_area_ha", "DT_CN": "industrial_land_ha",
                          "DT_THUE": "leased_land_ha", "TLLD": "occupancy_pct"}
    assert fm.unmapped(["MA", "GHICHU"]) == ["GHICHU"]


def test_clearer_name_beats_loose_one() -> None:
    fm = suggest_mapping(["TEN", "Ten_KCN"])
    assert fm.mapping == {"Ten_KCN": "name"}
    assert fm.candidates["name"] == ["Ten_KCN", "TEN"]


def test_m2_columns_are_converted() -> None:
    fm = suggest_mapping(["Ten", "dien_tich_m2"])
    assert fm.mapping["dien_tich_m2"] == "planned_area_ha"
    assert fm.factors["dien_tich_m2"] == pytest.approx(1e-4)


def test_ambiguous_and_missing() -> None:
    fm = suggest_mapping(["TEN", "Ten", "DT_QH"])
    assert not fm.ok and fm.ambiguous == ["name"]
    assert set(fm.candidates["name"]) == {"TEN", "Ten"}
    assert suggest_mapping(["DT_QH"]).missing == ["name"]
    fixed = suggest_mapping(["TEN", "Ten"], user={"Ten": "name", "TEN": "-"})
    assert fixed.ok and fixed.mapping == {"Ten": "name"}


def test_values() -> None:
    assert normalize_kind("Khu công nghiệp") == "KCN"
    assert normalize_kind("kcx") == "KCX"
    assert normalize_kind("Khu kinh tế") == "KKT"
    assert normalize_kind("bãi đỗ xe") is None
    assert kind_from_name("KCN Yên Phong") == "KCN"
    assert kind_from_name("Khu kinh tế Đình Vũ - Cát Hải") == "KKT"
    assert normalize_status("Đã đi vào hoạt động") == "operating"
    assert normalize_status("đang xây dựng hạ tầng") == "under_construction"
    assert normalize_status("Quy hoạch, chưa thành lập") == "planned"
    assert normalize_status("chưa hoạt động") == "unknown"
    assert normalize_status("xyz") is None
    assert normalize_status("Đã hoàn thành", kind="housing") == "completed"


def test_area_unit_factor() -> None:
    assert area_unit_factor([4_600_000.0, 2_000_000.0], [460.0, 199.0]) == pytest.approx(1e-4)
    assert area_unit_factor([470.0, 200.0], [460.0, 199.0]) is None
