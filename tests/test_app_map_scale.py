"""The map page at scale: the zone map is cached (a rerun rebuilds nothing) and lots are shown
only as the view needs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.maps import zone_map
from geo.store.bundled import load_zones

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def build_counter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = zone_map.build_zone_map

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(zone_map, "build_zone_map", counting)
    st.cache_data.clear()
    return calls


def _lots() -> gpd.GeoDataFrame:
    """A 10 × 10 grid of lots inside the first located zone footprint's bounds."""
    zones = load_zones()
    zone = zones[zones.geometry.geom_type == "Polygon"].iloc[0]
    minx, miny, maxx, maxy = zone.geometry.bounds
    step = min(maxx - minx, maxy - miny) / 10
    geoms = [shapely.box(minx + i * step, miny + j * step, minx + (i + 0.9) * step,
                         miny + (j + 0.9) * step) for i in range(10) for j in range(10)]
    return gpd.GeoDataFrame({"lot_id": [f"L{i}" for i in range(100)],
                             "zone_id": zone["zone_id"], "use_class": "industrial",
                             "lease_status": "leased"}, geometry=geoms, crs="EPSG:4326")


def test_rerun_does_not_rebuild_the_map(build_counter: list[int]) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(build_counter) == 1
    at.run()
    at.run()
    assert not at.exception
    assert len(build_counter) == 1  # cached: same data version and options
    at.toggle(key="map_basemap").set_value(False).run()
    assert len(build_counter) == 2  # another option: another map
    second = AppTest.from_file(APP, default_timeout=90)  # a new session: same cache
    second.run()
    assert len(build_counter) == 2


def test_lots_shown_per_zone_at_region_zoom(build_counter: list[int],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import lotsview

    lots = _lots()
    monkeypatch.setattr(lotsview.data, "lots", lambda: lots)
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any("100 lô trong khung nhìn" in c for c in captions), captions
    at.run()
    assert len(build_counter) == 1


def test_lots_of_a_zoomed_view(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import lotsview

    lots = _lots()
    monkeypatch.setattr(lotsview.data, "lots", lambda: lots)
    st.cache_resource.clear()
    minx, miny, maxx, maxy = lots.total_bounds
    view = {"bounds": {"_southWest": {"lat": miny, "lng": minx},
                       "_northEast": {"lat": (miny + maxy) / 2, "lng": (minx + maxx) / 2}},
            "zoom": 16}
    monkeypatch.setattr(lotsview.st, "session_state", {lotsview.MAP_KEY: view})
    monkeypatch.setattr(lotsview, "_lots_of_filter", lambda: lots)
    group, note = lotsview.view_layer("en")
    assert group is not None and note is not None and note.startswith("Showing")
    n = int(note.split()[1])
    assert 16 <= n <= 36  # about a quarter of the 100 lots
    assert lotsview.returned() == lotsview.VIEW_RETURNED
