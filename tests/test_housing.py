"""geo.accounts.housing, geo.accounts.catchment, geo.accounts.housing_params: demand, supply, 2SFCA
(design §4.4)."""

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point

from geo.accounts.catchment import two_step_fca
from geo.accounts.housing import (
    add_capacity,
    add_workforce,
    analyse_housing,
    filter_sites,
    reach_matrix,
)
from geo.accounts.housing_params import HousingParams, make_params, param_source
from geo.core.schema import HOUSING_FIELDS
from geo.errors import ParameterError
from geo.store.bundled import load_housing_sites, load_zones, validate_housing_sites, validate_zones

NAN = math.nan
LAT = 20.5  # Hà Nam latitude; 0.1° of longitude ≈ 10.4 km here


def zones_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """Zones from partial rows (kind KCN, status operating, Hà Nam unless given)."""
    full = [{"name": r["zone_id"], "kind": "KCN", "status": "operating", "province": "Hà Nam",
             "source_url": "https://example.org", **r} for r in rows]
    geoms = [r.pop("geometry", None) for r in full]
    return validate_zones(gpd.GeoDataFrame(full, geometry=geoms, crs=4326), source="test")


def sites_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    full = [{"name": r["site_id"], "province": "Hà Nam", "status": "completed",
             "source_url": "https://example.org", **r} for r in rows]
    geoms = [r.pop("geometry", None) for r in full]
    frame = pd.DataFrame(full, columns=list(HOUSING_FIELDS)) if not full else pd.DataFrame(full)
    return validate_housing_sites(gpd.GeoDataFrame(frame, geometry=geoms, crs=4326),
                                  source="test")


def by_id(result, zone_id: str) -> pd.Series:
    return result.zones.set_index("zone_id").loc[zone_id]


# ---------------------------------------------------------------------------------------------
# Parameters
@pytest.mark.parametrize(("change", "name"), [
    ({"density_leased_per_ha": -5.0}, "density_leased_per_ha"),
    ({"density_total_per_ha": 0.0}, "density_total_per_ha"),
    ({"share_default": 1.2}, "share_default"),
    ({"share_default": -0.1}, "share_default"),
    ({"radius_km": 0.0}, "radius_km"),
    ({"floor_m2_per_person": NAN}, "floor_m2_per_person"),
    ({"province_shares": (("Hà Nội", 1.5),)}, "Hà Nội"),
    ({"province_shares": (("Atlantis", 0.5),)}, "Atlantis"),
    ({"supply_statuses": ("demolished",)}, "demolished"),
    ({"supply_statuses": ()}, "supply_statuses"),
    ({"beds": 3}, "beds"),
])
def test_bad_parameters_are_refused_by_name(change: dict, name: str) -> None:
    with pytest.raises(ParameterError, match=name):
        make_params(**change)


def test_bad_value_is_named_in_the_message() -> None:
    with pytest.raises(ParameterError) as err:
        make_params(density_leased_per_ha=-5.0)
    assert "-5.0" in str(err.value)


def test_every_parameter_has_a_source_in_both_languages() -> None:
    for name in ("density_leased_per_ha", "density_total_per_ha", "share_default",
                 "province_shares", "floor_m2_per_person", "persons_per_unit",
                 "floor_area_ratio", "radius_km", "supply_statuses"):
        assert param_source(name, "vi").startswith("[")
        assert param_source(name, "en") != param_source(name, "vi")
    assert "assumption" in param_source("persons_per_unit", "en")
    assert "Decree 100/2024 Art. 27" in param_source("persons_per_unit", "en")
    assert "8 m²" in param_source("floor_m2_per_person", "en")


def test_province_shares_apply_only_when_enabled() -> None:
    params = make_params(province_shares=(("ha noi", 0.9),), share_default=0.5)
    assert params.share_for("Hà Nội") == 0.9  # name made canonical
    assert params.share_for("Hà Nam") == 0.5
    assert make_params(use_province_shares=False).share_for("Hải Phòng") == 0.75
    assert HousingParams().share_for("Hải Phòng") == 0.3


# ---------------------------------------------------------------------------------------------
# Workforce and capacity
def test_workforce_basis_per_zone() -> None:
    zones = zones_frame([
        {"zone_id": "rep", "workers": 1234.0, "planned_area_ha": 100.0},
        {"zone_id": "leased", "planned_area_ha": 100.0, "industrial_land_ha": 70.0,
         "leased_land_ha": 35.0},
        {"zone_id": "rate", "planned_area_ha": 100.0, "industrial_land_ha": 60.0,
         "occupancy_pct": 50.0},
        {"zone_id": "indus", "planned_area_ha": 100.0, "industrial_land_ha": 70.0},
        {"zone_id": "area", "planned_area_ha": 100.0},
        {"zone_id": "none"},
        {"zone_id": "build", "status": "under_construction", "planned_area_ha": 100.0},
        {"zone_id": "unk", "status": "unknown", "planned_area_ha": 100.0},
        {"zone_id": "kkt", "kind": "KKT", "planned_area_ha": 50_000.0},
    ])
    params = make_params(density_leased_per_ha=100.0, density_total_per_ha=50.0,
                         use_province_shares=False, share_default=0.5)
    out = add_workforce(zones, params).set_index("zone_id")
    expected = {"rep": (1234.0, "reported"), "leased": (3500.0, "leased_land"),
                "rate": (3000.0, "leased_land"), "indus": (7000.0, "industrial_land"),
                "area": (5000.0, "planned_area"), "none": (NAN, "missing"),
                "build": (0.0, "not_operating"), "unk": (NAN, "status_unknown"),
                "kkt": (NAN, "kkt_excluded")}
    for zid, (workforce, source) in expected.items():
        assert out.at[zid, "workforce_source"] == source, zid
        np.testing.assert_allclose(out.at[zid, "workforce"], workforce, err_msg=zid)
    assert out.at["build", "pipeline_workforce"] == 5000.0  # build-out estimate
    assert out.at["leased", "pipeline_workforce"] == 3500.0  # the unleased 35 ha
    assert out.at["leased", "demand_persons"] == 1750.0
    # 1750 persons × 8 m² / 1.3 / 10 000 m²/ha
    assert out.at["leased", "land_needed_ha"] == pytest.approx(1750 * 8 / 1.3 / 10_000)
    assert zones["workers"].notna().sum() == 1  # input not mutated
    assert "workforce" not in zones.columns


def test_capacity_sources_in_order() -> None:
    sites = sites_frame([
        {"site_id": "cap", "capacity_persons": 900.0, "units": 100.0},
        {"site_id": "units", "units": 100.0, "floor_area_m2": 5000.0},
        {"site_id": "floor", "floor_area_m2": 800.0, "land_area_ha": 1.0},
        {"site_id": "land", "land_area_ha": 0.5},
        {"site_id": "none"},
    ])
    params = make_params(persons_per_unit=4.0, floor_m2_per_person=10.0, floor_area_ratio=2.0)
    out = add_capacity(sites, params).set_index("site_id")
    assert out["capacity_source"].to_dict() == {
        "cap": "capacity_persons", "units": "units", "floor": "floor_area", "land": "land_area",
        "none": "missing"}
    np.testing.assert_allclose(out["capacity"].to_numpy(),
                               [900.0, 400.0, 80.0, 0.5 * 10_000 * 2 / 10, NAN])


# ---------------------------------------------------------------------------------------------
# 2SFCA on hand-checked fixtures
def test_two_zones_share_a_linked_site() -> None:
    zones = zones_frame([
        {"zone_id": "a", "planned_area_ha": 100.0, "geometry": Point(105.90, LAT)},
        {"zone_id": "b", "planned_area_ha": 50.0, "geometry": Point(106.50, LAT)},
    ])
    sites = sites_frame([{"site_id": "s", "capacity_persons": 3000.0, "serves_zone_ids": "a;b",
                          "land_area_ha": 3.0, "geometry": Point(105.95, LAT)}])
    result = analyse_housing(zones, sites, make_params(density_total_per_ha=60.0,
                                                       share_default=0.75))
    a, b = by_id(result, "a"), by_id(result, "b")
    # demand 6000 × 0.75 = 4500 and 2250; R = 3000 / 6750; linked, so b is reached at 60 km
    assert a["demand_persons"] == 4500.0 and b["demand_persons"] == 2250.0
    assert a["supply_completed_persons"] == pytest.approx(2000.0)
    assert b["supply_completed_persons"] == pytest.approx(1000.0)
    assert a["coverage_ratio"] == pytest.approx(2000 / 4500)
    assert a["deficit_persons"] == pytest.approx(2500.0)
    assert a["land_allocated_ha"] == pytest.approx(2.0)
    assert result.sites["allocation"].tolist() == ["allocated"]
    assert list(result.zones["zone_id"]) == ["a", "b"]  # largest deficit first


def test_unlinked_site_reaches_zones_within_the_geodesic_radius() -> None:
    zones = zones_frame([
        {"zone_id": "near", "planned_area_ha": 100.0, "geometry": Point(106.00, LAT)},
        {"zone_id": "far", "planned_area_ha": 100.0, "geometry": Point(106.10, LAT)},
    ])
    sites = sites_frame([{"site_id": "s", "capacity_persons": 1000.0,
                          "geometry": Point(105.91, LAT)}])
    near_m = Geod(ellps="WGS84").inv(105.91, LAT, 106.00, LAT)[2]
    far_m = Geod(ellps="WGS84").inv(105.91, LAT, 106.10, LAT)[2]
    assert near_m < 10_000 < far_m  # ≈ 9.4 km and ≈ 19.8 km
    reach, distance = reach_matrix(sites, zones, radius_km=10.0)
    assert reach.tolist() == [[True, False]]
    np.testing.assert_allclose(distance[0], [near_m, far_m], rtol=1e-9)
    result = analyse_housing(zones, sites, make_params(radius_km=10.0))
    assert by_id(result, "near")["supply_completed_persons"] == pytest.approx(1000.0)
    assert by_id(result, "far")["supply_completed_persons"] == 0.0
    wide = analyse_housing(zones, sites, make_params(radius_km=25.0))
    assert by_id(wide, "far")["supply_completed_persons"] == pytest.approx(500.0)


def test_site_out_of_reach_allocates_nothing_and_is_reported() -> None:
    zones = zones_frame([{"zone_id": "a", "planned_area_ha": 100.0,
                          "geometry": Point(106.0, LAT)}])
    sites = sites_frame([{"site_id": "lonely", "capacity_persons": 800.0,
                          "geometry": Point(106.5, LAT)}])
    result = analyse_housing(zones, sites, make_params(radius_km=10.0))
    site = result.sites.iloc[0]
    assert site["allocation"] == "no_zone_in_reach"
    assert site["allocated_persons"] == 0.0
    assert by_id(result, "a")["supply_completed_persons"] == 0.0
    assert by_id(result, "a")["coverage_ratio"] == 0.0


def test_zone_without_workers_gets_no_share() -> None:
    zones = zones_frame([
        {"zone_id": "working", "planned_area_ha": 100.0, "geometry": Point(106.00, LAT)},
        {"zone_id": "planned", "status": "planned", "planned_area_ha": 400.0,
         "geometry": Point(106.01, LAT)},
    ])
    sites = sites_frame([
        {"site_id": "done", "capacity_persons": 1000.0, "geometry": Point(106.005, LAT)},
        {"site_id": "only-planned", "capacity_persons": 500.0, "status": "completed",
         "serves_zone_ids": "planned", "geometry": Point(106.01, LAT)},
    ])
    result = analyse_housing(zones, sites)
    assert by_id(result, "working")["supply_completed_persons"] == pytest.approx(1000.0)
    planned = by_id(result, "planned")
    assert planned["workforce"] == 0.0 and planned["workforce_source"] == "not_operating"
    assert planned["supply_completed_persons"] == 0.0
    assert math.isnan(planned["coverage_ratio"])
    assert result.sites.set_index("site_id").at["only-planned", "allocation"] == \
        "no_demand_in_reach"


def test_pipeline_sites_are_shared_by_demand_at_build_out() -> None:
    zones = zones_frame([
        {"zone_id": "op", "planned_area_ha": 100.0, "geometry": Point(106.00, LAT)},
        {"zone_id": "new", "status": "under_construction", "planned_area_ha": 100.0,
         "geometry": Point(106.01, LAT)},
    ])
    sites = sites_frame([{"site_id": "p", "status": "planned", "capacity_persons": 1000.0,
                          "serves_zone_ids": "op;new"}])  # linked, no location
    result = analyse_housing(zones, sites)
    assert by_id(result, "op")["supply_pipeline_persons"] == pytest.approx(500.0)
    assert by_id(result, "new")["supply_pipeline_persons"] == pytest.approx(500.0)
    assert by_id(result, "op")["supply_completed_persons"] == 0.0
    counted = analyse_housing(zones, sites, make_params(supply_statuses=("completed",
                                                                          "planned")))
    assert by_id(counted, "op")["coverage_ratio"] == pytest.approx(500 / 4500)


def test_unlocated_zone_reached_only_by_link() -> None:
    zones = zones_frame([{"zone_id": "ghost", "planned_area_ha": 10.0},
                         {"zone_id": "seen", "planned_area_ha": 10.0,
                          "geometry": Point(106.0, LAT)}])
    sites = sites_frame([{"site_id": "link", "capacity_persons": 100.0,
                          "serves_zone_ids": "ghost", "geometry": Point(106.0, LAT)}])
    result = analyse_housing(zones, sites)
    assert by_id(result, "ghost")["supply_completed_persons"] == pytest.approx(100.0)
    assert not by_id(result, "ghost")["located"]
    assert any("ghost" in note for note in result.notes)


def test_filter_sites_by_2025_province() -> None:
    sites = sites_frame([{"site_id": "a", "province": "Hà Nam"},
                         {"site_id": "b", "province": "Hà Nội"}])
    assert filter_sites(sites, provinces=["Ninh Bình"], edition=2025)["site_id"].tolist() == \
        ["a"]
    assert len(filter_sites(sites)) == 2


# ---------------------------------------------------------------------------------------------
# Conservation: Σ allocated ≤ Σ capacity
@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.integers(1, 6).flatmap(lambda m: st.tuples(
    st.lists(st.floats(0, 1e5), min_size=n, max_size=n),
    st.lists(st.one_of(st.just(0.0), st.floats(0, 1e5)), min_size=m, max_size=m),
    st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n)))))
def test_2sfca_never_allocates_more_than_the_supply(case) -> None:
    supply, demand, reach = (np.array(x, dtype=float) for x in case)
    reach = reach.astype(bool)
    alloc = two_step_fca(supply, demand, reach)
    reaches_demand = (reach & (demand > 0)[None, :]).any(axis=1)
    assert alloc.per_zone.sum() <= supply.sum() * (1 + 1e-9) + 1e-6
    np.testing.assert_allclose(alloc.per_zone.sum(), supply[reaches_demand].sum(), rtol=1e-9,
                               atol=1e-6)
    assert (alloc.per_zone >= 0).all()
    assert (alloc.per_zone[demand == 0] == 0).all()
    np.testing.assert_allclose(alloc.weights.sum(axis=1), reaches_demand.astype(float))


def test_2sfca_rejects_negative_and_mismatched_input() -> None:
    with pytest.raises(ParameterError, match=r"supply\[1\]"):
        two_step_fca([1.0, -2.0], [1.0], [[True], [True]])
    with pytest.raises(ParameterError, match="shape"):
        two_step_fca([1.0], [1.0, 2.0], [[True]])


def test_capacity_is_conserved_on_the_bundled_data() -> None:
    zones, sites = load_zones(), load_housing_sites()
    result = analyse_housing(zones, sites)
    capacity = result.sites["capacity"].fillna(0.0)
    allocated = (result.zones["supply_completed_persons"].sum()
                 + result.zones["supply_pipeline_persons"].sum())
    assert allocated <= capacity.sum() + 1e-6
    assert allocated == pytest.approx(result.sites["allocated_persons"].sum())
    done = result.sites["status"] == "completed"
    assert result.zones["supply_completed_persons"].sum() <= capacity[done].sum() + 1e-6
    assert len(result.zones) == len(zones) and len(result.sites) == len(sites)
    # every allocated site gives all of its capacity, the others none
    given_all = result.sites["allocation"] == "allocated"
    np.testing.assert_allclose(result.sites.loc[given_all, "allocated_persons"],
                               capacity[given_all])
    assert (result.sites.loc[~given_all, "allocated_persons"] == 0).all()


def test_describe_params_is_readable_in_both_languages() -> None:
    from geo.accounts.housing_params import HousingParams, describe_params, make_params

    vi = describe_params(make_params(radius_km=12.5), "vi")
    assert "12,50" in vi and "radius_km" not in vi and "Hà Nội 0,80" in vi
    en = describe_params(HousingParams(), "en")
    assert "10" in en and "Hà Nội 0.80" in en
