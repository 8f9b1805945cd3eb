"""geo.accounts.housing_report: province totals, reported workers, the Decree 35/2022 checks."""

import math
from pathlib import Path

import pytest
from shapely.geometry import Point
from test_housing import LAT, sites_frame, zones_frame

from geo.accounts.housing import analyse_housing
from geo.accounts.housing_params import make_params
from geo.accounts.housing_report import (
    checks_display,
    export_frame,
    housing_table,
    load_province_workers,
    province_display,
    province_rows,
    region_total,
    zone_display,
)
from geo.errors import DataFileError, SchemaError
from geo.store.bundled import load_housing_sites, load_zones


def _checks(row: dict) -> dict:
    return {c["rule"]: c for c in row["checks"]}


def _result(site_rows: list[dict], zone_rows: list[dict] | None = None):
    zones = zones_frame(zone_rows or [
        {"zone_id": "a", "planned_area_ha": 100.0, "industrial_land_ha": 70.0,
         "leased_land_ha": 49.0, "geometry": Point(106.0, LAT)},
        {"zone_id": "b", "planned_area_ha": 50.0, "status": "under_construction",
         "geometry": Point(106.02, LAT)},
    ])
    return analyse_housing(zones, sites_frame(site_rows), make_params(density_leased_per_ha=100))


def test_province_totals_and_deficit() -> None:
    result = _result([{"site_id": "s1", "capacity_persons": 1000.0, "land_area_ha": 1.0},
                      {"site_id": "s2", "status": "planned", "units": 100.0,
                       "land_area_ha": 2.0}])
    (row,) = province_rows(result)
    assert row["key"] == "Hà Nam" and row["zones"] == 2
    assert row["workforce"] == pytest.approx(4900.0)  # 49 ha leased × 100
    assert row["demand_persons"] == pytest.approx(4900 * 0.75)
    assert row["supply_completed_persons"] == 1000.0
    assert row["supply_pipeline_persons"] == pytest.approx(350.0)  # 100 units × 3.5
    assert row["coverage_ratio"] == pytest.approx(round(1000 / 3675, 4))
    assert row["deficit_persons"] == pytest.approx(3675 - 1000)
    assert row["land_allocated_ha"] == 3.0
    assert row["land_needed_ha"] == pytest.approx(3675 * 8 / 1.3 / 10_000, abs=0.01)
    assert row["workforce_coverage"] == [2, 2]
    assert row["workers_reported"] is None  # no table passed


def test_land_fund_check_pass_fail_and_not_enough_data() -> None:
    # listed KCN area 150 ha → 2 % = 3 ha
    ok = _checks(province_rows(_result([{"site_id": "s", "land_area_ha": 3.0}]))[0])
    assert ok["housing_land_fund"]["status"] == "pass"
    assert ok["housing_land_fund"]["value"] == 0.02
    assert ok["housing_land_fund"]["zones_area_ha"] == 150.0
    assert "Decree 35/2022" in ok["housing_land_fund"]["article"]
    assert "Art. 4" in ok["housing_land_fund"]["article"]
    short = _checks(province_rows(_result([{"site_id": "s", "land_area_ha": 2.0}]))[0])
    assert short["housing_land_fund"]["status"] == "fail"
    unsure = _checks(province_rows(_result([{"site_id": "s", "land_area_ha": 2.0},
                                            {"site_id": "t", "units": 5.0}]))[0])
    assert unsure["housing_land_fund"]["status"] == "not_enough_data"
    assert unsure["housing_land_fund"]["coverage"]["sites_with_land"] == [1, 2]


def test_occupancy_check_uses_leased_over_leasable() -> None:
    row = province_rows(_result([{"site_id": "s", "land_area_ha": 1.0}]))[0]
    check = _checks(row)["occupancy_for_new_zone"]
    # established: a (49/70 = 70 %) and b (no figures): 1 of 2 report
    assert check["value"] == pytest.approx(70.0)
    assert check["status"] == "pass"
    assert check["coverage"] == [1, 2]
    assert check["threshold"] == 60.0 and "Art. 9" in check["article"]
    low = _result([], [{"zone_id": "a", "planned_area_ha": 100.0, "industrial_land_ha": 70.0,
                        "occupancy_pct": 50.0}])
    assert _checks(province_rows(low)[0])["occupancy_for_new_zone"]["status"] == "fail"
    none = _result([], [{"zone_id": "a", "planned_area_ha": 100.0}])
    assert _checks(province_rows(none)[0])["occupancy_for_new_zone"]["status"] == \
        "not_enough_data"


def test_province_workers_file_loads_with_dates_and_sources() -> None:
    table = load_province_workers()
    assert table["province"].is_unique
    assert table["source_url"].str.startswith("http").all()
    assert table["as_of"].str.len().gt(0).all()
    assert "Quảng Ninh" not in set(table["province"])  # no province-wide count in the notes


def test_province_workers_bad_row_is_named(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "province_workers.csv").write_text(
        "province,as_of,workers,source_url\nHà Nam,2019,71000,https://a\n"
        "Bắc Ninh,2022,many,https://b\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"row 3: column 'workers': 'many'"):
        load_province_workers(root=tmp_path)
    with pytest.raises(DataFileError, match="not found"):
        load_province_workers(root=tmp_path / "nowhere")


def test_real_data_provinces_both_editions() -> None:
    result = analyse_housing(load_zones(), load_housing_sites())
    reported = load_province_workers()
    rows = province_rows(result, reported=reported)
    assert len(rows) == 11
    deficits = [r["deficit_persons"] for r in rows]
    assert deficits == sorted(deficits, reverse=True)
    total = region_total(result, reported=reported)
    assert total["demand_persons"] == pytest.approx(sum(r["demand_persons"] for r in rows))
    assert total["zones"] == sum(r["zones"] for r in rows) == len(result.zones)
    assert total["unlocated_zones"]  # the 9 zones without a location are listed
    hanoi = next(r for r in rows if r["key"] == "Hà Nội")
    assert hanoi["workers_reported"] == 165000.0 and hanoi["workers_reported_as_of"]
    rows_2025 = province_rows(result, by="province_2025", reported=reported)
    hai_phong = next(r for r in rows_2025 if r["key"] == "Hải Phòng")
    parts = [r for r in rows if r["key"] in ("Hải Phòng", "Hải Dương")]
    assert hai_phong["demand_persons"] == pytest.approx(sum(r["demand_persons"] for r in parts))
    assert hai_phong["workers_reported"] == sum(r["workers_reported"] for r in parts)
    assert next(r for r in rows_2025 if r["key"] == "Bắc Ninh")["incomplete"] == ["Bắc Giang"]
    ninh_binh = next(r for r in rows_2025 if r["key"] == "Ninh Bình")
    assert ninh_binh["workers_reported"] is None  # old Ninh Bình has no figure


def test_tables_and_export_frame() -> None:
    result = _result([{"site_id": "s", "capacity_persons": 1000.0, "land_area_ha": 1.0}])
    rows = province_rows(result)
    vi = province_display(rows, "vi")
    assert "Thiếu hụt (người)" in vi.columns
    assert vi.iloc[0]["Thiếu hụt (người)"] == "2.675"
    checks = checks_display(rows, "vi")
    assert len(checks) == 2 and "Điều 4" in checks.iloc[0]["Điều khoản"]
    zones = zone_display(result, "en")
    assert zones.iloc[0]["Coverage"].endswith("%")
    layer = export_frame(result)
    assert layer.crs.to_epsg() == 4326 and "deficit_persons" in layer.columns
    zone_rows = housing_table(result, by="zone")
    assert zone_rows[0]["parameters"]["radius_km"] == 10.0
    assert math.isnan(zone_rows[1]["coverage_ratio"])  # b: no demand today
