"""Sparse reach and 2SFCA give the dense results: same pairs, same allocations, conserved."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from geo.accounts.catchment import two_step_fca
from geo.accounts.housing import analyse_housing, reach_matrix, reach_of
from geo.accounts.reach import ReachPairs, reach_pairs, two_step_fca_pairs
from geo.errors import ParameterError
from geo.store.bundled import load_housing_sites, load_zones
from tests.test_housing import LAT, sites_frame, zones_frame


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return load_zones(), load_housing_sites()


@pytest.mark.parametrize("radius_km", [0.0, 5.0, 15.0, 60.0])
def test_sparse_reach_equals_dense_on_bundled_data(bundled, radius_km: float) -> None:  # type: ignore[no-untyped-def]
    zones, sites = bundled
    dense, distance = reach_matrix(sites, zones, radius_km=radius_km)
    pairs = reach_of(sites, zones, radius_km=radius_km)
    np.testing.assert_array_equal(pairs.to_dense(), dense)
    np.testing.assert_allclose(pairs.distance_m, distance[pairs.site, pairs.zone],
                               rtol=1e-12, equal_nan=True)


def test_allocation_same_as_dense_on_bundled_data(bundled) -> None:  # type: ignore[no-untyped-def]
    zones, sites = bundled
    result = analyse_housing(zones, sites)
    dense, _ = reach_matrix(result.sites, zones.reset_index(drop=True),
                            radius_km=result.params.radius_km)
    capacity = result.sites["capacity"].fillna(0.0).to_numpy()
    mask = (result.sites["status"] == "completed").to_numpy()
    frame = result.zones.set_index("zone_id").loc[result.zone_order]
    demand = frame["demand_persons"].fillna(0.0).to_numpy()
    expected = two_step_fca(capacity * mask, demand, dense & mask[:, None])
    np.testing.assert_allclose(frame["supply_completed_persons"].to_numpy(), expected.per_zone,
                               rtol=1e-9, atol=1e-6)
    np.testing.assert_array_equal(frame["sites_reaching"].to_numpy(), dense.sum(axis=0))


def test_result_keeps_the_dense_views_and_links() -> None:
    zones = zones_frame([
        {"zone_id": "near", "planned_area_ha": 100.0, "geometry": Point(106.00, LAT)},
        {"zone_id": "far", "planned_area_ha": 100.0, "geometry": Point(106.10, LAT)},
        {"zone_id": "ghost", "planned_area_ha": 10.0},
    ])
    sites = sites_frame([
        {"site_id": "s", "capacity_persons": 1000.0, "geometry": Point(105.91, LAT)},
        {"site_id": "linked", "capacity_persons": 50.0, "serves_zone_ids": "ghost;far;far",
         "geometry": Point(105.91, LAT)},
        {"site_id": "elsewhere", "capacity_persons": 50.0, "serves_zone_ids": "absent",
         "geometry": Point(106.0, LAT)},
    ])
    result = analyse_housing(zones, sites)
    assert result.reach.tolist() == [[True, False, False], [False, True, True],
                                     [False, False, False]]
    assert np.isnan(result.distance_m[1, 2]) and result.distance_m[1, 1] > 19_000
    assert list(result.sites_reaching("far")["site_id"]) == ["linked"]
    assert result.sites.set_index("site_id").at["linked", "zones_reached"] == "far;ghost"
    assert result.sites.set_index("site_id").at["elsewhere", "allocation"] == "no_zone_in_reach"


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 7).flatmap(lambda n: st.integers(1, 7).flatmap(lambda m: st.tuples(
    st.lists(st.tuples(st.floats(105.0, 106.0), st.floats(20.0, 21.0)), min_size=n, max_size=n),
    st.lists(st.tuples(st.floats(105.0, 106.0), st.floats(20.0, 21.0)), min_size=m, max_size=m),
    st.lists(st.one_of(st.none(), st.lists(st.integers(0, m - 1), max_size=3)), min_size=n,
             max_size=n),
    st.lists(st.floats(0, 1e5), min_size=n, max_size=n),
    st.lists(st.one_of(st.just(0.0), st.floats(0, 1e5)), min_size=m, max_size=m),
    st.floats(0.0, 80.0)))))
def test_sparse_2sfca_equals_dense_and_conserves(case) -> None:  # type: ignore[no-untyped-def]
    site_pts, zone_pts, links, supply, demand, radius = case
    slon, slat = (np.array(a) for a in zip(*site_pts, strict=True))
    zlon, zlat = (np.array(a) for a in zip(*zone_pts, strict=True))
    pairs = reach_pairs((slon, slat), (zlon, zlat), links, radius_km=radius)
    from geo.core.crs import geodesic_distance_m

    dense = np.zeros((len(slon), len(zlon)), dtype=bool)
    for j, named in enumerate(links):
        if named is None:
            dense[j] = geodesic_distance_m(np.full(len(zlon), slon[j]), np.full(len(zlon),
                                           slat[j]), zlon, zlat) <= radius * 1000.0
        else:
            dense[j, named] = True
    np.testing.assert_array_equal(pairs.to_dense(), dense)
    s, d = np.array(supply), np.array(demand)
    sparse = two_step_fca_pairs(s, d, pairs)
    full = two_step_fca(s, d, dense)
    np.testing.assert_allclose(sparse.per_zone, full.per_zone, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(sparse.per_site_allocated, full.per_site_allocated)
    np.testing.assert_allclose(sparse.ratio, full.ratio, equal_nan=True)
    reaches_demand = (dense & (d > 0)[None, :]).any(axis=1)
    assert sparse.per_zone.sum() <= s.sum() * (1 + 1e-9) + 1e-6
    np.testing.assert_allclose(sparse.per_zone.sum(), s[reaches_demand].sum(), rtol=1e-9,
                               atol=1e-6)
    np.testing.assert_allclose(sparse.share(s), full.share(s), rtol=1e-9, atol=1e-6)


def test_sparse_rejects_bad_input() -> None:
    pairs = ReachPairs(site=np.array([0]), zone=np.array([0]), distance_m=np.array([1.0]),
                       n_sites=1, n_zones=1)
    with pytest.raises(ParameterError, match=r"supply\[0\]"):
        two_step_fca_pairs([-1.0], [1.0], pairs)
    with pytest.raises(ParameterError, match="shape"):
        two_step_fca_pairs([1.0, 2.0], [1.0], pairs)
    with pytest.raises(ParameterError, match="radius"):
        reach_pairs((np.zeros(1), np.zeros(1)), (np.zeros(1), np.zeros(1)), [None],
                    radius_km=-1.0)
