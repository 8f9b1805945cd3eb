"""geo.accounts.landuse: the accounts of design §4.2 and the reconciliation of §4.3."""

import math

import geopandas as gpd
import pandas as pd
import pytest

from geo.accounts import landuse
from geo.core.admin import REGION_NAME
from geo.core.i18n import t
from geo.errors import FilterError
from geo.store.bundled import load_reported, load_zones

NAN = math.nan


def _zones() -> gpd.GeoDataFrame:
    rows = [
        # zone_id, kind, status, province, parent, planned, industrial, leased, occupancy, used
        ("kkt", "KKT", "operating", "Thái Bình", None, 30_000.0, NAN, NAN, NAN, NAN),
        ("in-kkt", "KCN", "operating", "Thái Bình", "kkt", 200.0, 150.0, 75.0, NAN, NAN),
        ("op", "KCN", "operating", "Hưng Yên", None, 100.0, 80.0, NAN, 50.0, NAN),
        ("op-used", "KCN", "operating", "Hưng Yên", None, 300.0, NAN, NAN, NAN, 120.0),
        ("op-noarea", "KCN", "operating", "Hưng Yên", None, NAN, NAN, NAN, NAN, NAN),
        ("build", "KCN", "under_construction", "Hưng Yên", None, 50.0, NAN, NAN, NAN, NAN),
        ("plan", "KCN", "planned", "Hà Nam", None, 400.0, NAN, NAN, NAN, NAN),
        ("unk", "KCN", "unknown", "Hà Nam", None, 10.0, NAN, NAN, NAN, NAN),
        ("kkt-build", "KKT", "under_construction", "Nam Định", None, 5_000.0, NAN, NAN, NAN,
         NAN),
    ]
    cols = ["zone_id", "kind", "status", "province", "parent_zone_id", "planned_area_ha",
            "industrial_land_ha", "leased_land_ha", "occupancy_pct", "used_area_ha"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["parent_zone_id"] = frame["parent_zone_id"].astype(object)
    frame.loc[frame["parent_zone_id"].isna(), "parent_zone_id"] = None
    frame["under_construction_area_ha"] = NAN
    frame["province_2025"] = frame["province"].map(
        {"Thái Bình": "Hưng Yên", "Hưng Yên": "Hưng Yên", "Hà Nam": "Ninh Bình",
         "Nam Định": "Ninh Bình"})
    return gpd.GeoDataFrame(frame, geometry=[None] * len(frame), crs=4326)


def test_per_zone_in_use_basis() -> None:
    acc = landuse.add_accounts(_zones()).set_index("zone_id")
    assert acc.loc["op", "in_use_area_ha"] == 100.0
    assert acc.loc["op-used", "in_use_area_ha"] == 120.0  # a reported used figure wins
    assert acc.loc["in-kkt", "in_use_area_ha"] == 200.0  # nested KCN is the KKT's used land
    assert math.isnan(acc.loc["kkt", "in_use_area_ha"])  # a KKT's own area is never in use
    assert math.isnan(acc.loc["op-noarea", "in_use_area_ha"])  # no figure → NaN, not 0
    assert acc.loc["op-noarea", "in_use_basis"] == "missing"
    assert acc.loc["build", "building_area_ha"] == 50.0
    assert acc.loc["op", "leased_ha"] == 40.0 and acc.loc["op", "occupancy_basis"] == "stated_rate"
    assert acc.loc["in-kkt", "occupancy_basis"] == "leased_land"


def test_region_total_counts_nested_land_once() -> None:
    total = landuse.summarize(_zones()).total
    # all kinds: the KKT's 30,000 ha holds its KCN's 200 ha; every other area is added once
    assert total["planned_area_ha"] == 30_000 + 100 + 300 + 50 + 400 + 10 + 5_000
    assert total["nested_in_kkt"] == 1
    assert total["in_use_area_ha"] == 200 + 100 + 120
    assert total["coverage"]["in_use_area_ha"] == [3, 4]  # op-noarea lacks its area
    assert total["under_construction_area_ha"] == 50  # KKT being built shown apart
    assert total["kkt_under_construction_area_ha"] == 5_000
    assert total["zones"] == 9


def test_kcn_only_view_counts_the_kcns() -> None:
    total = landuse.summarize(_zones(), kcn_only=True).total
    assert total["planned_area_ha"] == 200 + 100 + 300 + 50 + 400 + 10
    assert total["zones"] == 7
    assert total["in_use_ratio"] == pytest.approx(420 / 1060, abs=1e-4)


def test_occupancy_is_sum_leased_over_sum_leasable_not_mean_of_rates() -> None:
    total = landuse.summarize(_zones()).total
    # (75 + 0.5 × 80) / (150 + 80) = 50 %, whereas the mean of the rates would be 50 % too, so
    # check against a case where they differ:
    assert total["occupancy_pct"] == pytest.approx(100 * 115 / 230)
    zones = _zones()
    zones.loc[zones["zone_id"] == "op", "industrial_land_ha"] = 20.0  # rate 50 % on 20 ha
    occ = landuse.summarize(zones).total["occupancy_pct"]
    assert occ == pytest.approx(100 * (75 + 10) / (150 + 20))  # 50 % and 50 % → not 50 %
    assert landuse.summarize(zones).total["coverage"]["occupancy_pct"] == [2, 9]


def test_no_figure_gives_none_not_zero() -> None:
    only = _zones()[lambda z: z["zone_id"] == "op-noarea"]
    row = landuse.summarize(only).total
    assert row["planned_area_ha"] is None and row["in_use_area_ha"] is None
    assert row["occupancy_pct"] is None and row["in_use_ratio"] is None


def test_group_by_province_and_2025_edition() -> None:
    by_2024 = landuse.summarize(_zones(), by="province")
    assert [r["key"] for r in by_2024.rows] == ["Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định"]
    by_2025 = landuse.summarize(_zones(), by="province_2025")
    hung_yen = next(r for r in by_2025.rows if r["key"] == "Hưng Yên")
    assert hung_yen["zones"] == 6  # Hưng Yên + Thái Bình
    assert hung_yen["in_delta"] is True


def test_region_2025_puts_vinh_phuc_outside() -> None:
    zones = _zones()
    zones.loc[zones["zone_id"] == "plan", ["province", "province_2025"]] = ["Vĩnh Phúc", "Phú Thọ"]
    rows = landuse.summarize(zones, by="region", edition=2025).rows
    assert [r["key"] for r in rows] == [REGION_NAME, landuse.OUTSIDE_REGION_2025]
    assert rows[1]["zones"] == 1 and rows[1]["in_delta"] is False


def test_filters_and_bad_values() -> None:
    zones = _zones()
    assert set(landuse.filter_zones(zones, provinces=["hung yen"])["zone_id"]) == {
        "op", "op-used", "op-noarea", "build"}
    assert len(landuse.filter_zones(zones, provinces=["Hưng Yên"], edition=2025)) == 6
    assert set(landuse.filter_zones(zones, kinds=["KKT"], statuses=["operating"])["zone_id"]) \
        == {"kkt"}
    with pytest.raises(FilterError, match="unknown status 'open'") as err:
        landuse.filter_zones(zones, statuses=["open"])
    assert "operating" in err.value.valid
    with pytest.raises(FilterError, match="unknown grouping"):
        landuse.summarize(zones, by="district")


def test_bundled_data_matches_the_design_check() -> None:
    # design §4.2: the facts give 87 operating KCN with 22,219 ha (74 with an area) and 44 KCN
    # under construction on 10,343 ha.
    total = landuse.summarize(load_zones(), kcn_only=True).total
    assert total["coverage"]["in_use_area_ha"] == [74, 87]
    assert total["in_use_area_ha"] == pytest.approx(22_219, abs=1)
    assert total["coverage"]["under_construction_area_ha"][1] == 44
    assert total["under_construction_area_ha"] == pytest.approx(10_343, abs=1)


def test_provinces_sum_to_the_region() -> None:
    zones = load_zones()
    region = landuse.summarize(zones).total
    provinces = landuse.summarize(zones, by="province").rows
    assert len(provinces) == 11
    assert sum(r["zones"] for r in provinces) == region["zones"]
    for metric in ("planned_area_ha", "in_use_area_ha", "under_construction_area_ha"):
        assert sum(r[metric] or 0 for r in provinces) == pytest.approx(region[metric], abs=0.1)


def test_reconcile_against_2024_h1() -> None:
    table = landuse.reconcile(load_zones(), load_reported()).set_index("status")
    assert list(table.index) == ["all", "operating", "under_construction"]
    assert table.loc["all", "reported_zones"] == 236
    assert table.loc["operating", "reported_area_ha"] == 23_145
    assert table.loc["all", "zones_diff"] == len(load_zones()) - 236
    ops = table.loc["operating"]
    assert ops["area_diff_ha"] == pytest.approx(ops["computed_area_ha"] - 23_145, abs=0.01)
    assert ops["zones_lacking_figure"] == len(ops["lacking_ids"].split(";"))
    with pytest.raises(FilterError, match="2024-H1"):
        landuse.reconcile(load_zones(), load_reported(), period="2023-H2")


def test_reconcile_says_why_counts_and_areas_differ() -> None:
    zones = load_zones()
    table = landuse.reconcile(zones, load_reported()).set_index("status")
    for status, row in table.iterrows():
        gap = row["reported_zones"] - row["computed_zones"]
        assert row["zones_not_in_data"] == max(gap, 0), status
        assert row["zones_extra_in_data"] == max(-gap, 0), status
        ids = [i for i in row["counted_differently_ids"].split(";") if i]
        assert row["zones_counted_differently"] == len(ids), status
    by_id = zones.set_index("zone_id")
    ops_apart = table.loc["operating", "counted_differently_ids"].split(";")
    assert set(by_id.loc[ops_apart, "kind"]) == {"KKT"}
    assert set(by_id.loc[ops_apart, "status"]) == {"operating"}
    operating_kkt = (zones["kind"] == "KKT") & (zones["status"] == "operating")
    assert len(ops_apart) == int(operating_kkt.sum())
    nested = table.loc["all", "counted_differently_ids"].split(";")
    assert set(by_id.loc[nested, "parent_zone_id"]) <= set(zones.loc[zones["kind"] == "KKT",
                                                                      "zone_id"])
    # A nested KCN whose KKT is not in the frame is counted with its own area.
    alone = zones[zones["zone_id"].isin(nested[:1])]
    assert landuse.reconcile(alone, load_reported()).set_index("status").loc[
        "all", "zones_counted_differently"] == 0


def test_filtered_region_row_is_the_selection_not_the_region() -> None:
    zones = _zones()
    hung_yen = landuse.filter_zones(zones, provinces=["hung yen"])
    whole = landuse.summarize(zones)
    assert [r["key"] for r in whole.rows] == [REGION_NAME]  # no filter: the region
    assert whole.filters == {} and whole.selection is None

    picked = landuse.summarize(hung_yen, filters={"provinces": ["hung yen"], "kinds": [],
                                                  "statuses": None})
    assert [r["key"] for r in picked.rows] == [landuse.SELECTION_KEY]
    assert picked.rows[0]["label"] == "Lựa chọn: Hưng Yên"  # canonical spelling
    assert picked.filters == {"provinces": ["Hưng Yên"]}
    doc = picked.to_dict()
    assert doc["filters"] == {"provinces": ["Hưng Yên"], "kinds": [], "statuses": []}
    assert doc["selection"] == "Lựa chọn: Hưng Yên"
    assert any("not the whole Red River Delta" in n for n in picked.notes)
    assert picked.total["zones"] == len(hung_yen)

    statuses = landuse.summarize(zones, filters={"kinds": ["KCN"], "statuses": ["operating"]})
    assert statuses.rows[0]["label"] == (
        f"Lựa chọn: KCN · {t('status_operating', 'vi')}")
    assert landuse.selection_label(statuses.filters, lang="en") == "Selection: KCN · Operating"
    # other groupings keep their keys; a bad filter key is refused
    by_province = landuse.summarize(hung_yen, by="province", filters={"provinces": ["Hưng Yên"]})
    assert [r["key"] for r in by_province.rows] == ["Hưng Yên"]
    with pytest.raises(FilterError, match="unknown filter 'district'"):
        landuse.summarize(zones, filters={"district": ["x"]})


def test_filtered_region_2025_keeps_the_outside_row() -> None:
    zones = _zones()
    zones.loc[zones["zone_id"] == "plan", ["province", "province_2025"]] = ["Vĩnh Phúc", "Phú Thọ"]
    rows = landuse.summarize(zones, by="region", edition=2025,
                             filters={"kinds": ["KCN"]}).rows
    assert [r["key"] for r in rows] == [landuse.SELECTION_KEY, landuse.OUTSIDE_REGION_2025]
    assert rows[0]["in_delta"] is True and rows[1]["in_delta"] is False
