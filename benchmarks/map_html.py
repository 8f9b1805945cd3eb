"""The region map as the app builds it vs ``GeoDataFrame.explore()`` on the same zones.

Both are built and rendered to HTML in this process, on the bundled data: our map (province
boundaries + every zone with tooltip, popup, legend, layer control, Leaflet from
``/app/static``) against explore() (zones only, a tooltip with every column, Leaflet and
friends from CDNs). Bytes are UTF-8 bytes of the rendered HTML; times are the median of
several warm runs (build + render). Then the warm rerun of the map page under AppTest
(cached data, unchanged filters): median seconds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from geo.maps.zone_map import build_zone_map
from geo.store.bundled import load_provinces, load_zones

RUNS = 7
REPO = Path(__file__).resolve().parent.parent


def _timed(fn: Callable[[], str], runs: int = RUNS) -> tuple[float, int]:
    """(median seconds, UTF-8 bytes) of ``fn`` after one warm-up call."""
    size = len(fn().encode("utf-8"))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def _apptest_rerun(runs: int = RUNS) -> float | None:
    """Median seconds of a warm rerun of the map page under AppTest, or None without the app."""
    if not (REPO / "app.py").is_file():
        return None
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    if at.exception:
        raise RuntimeError(f"app.py raised: {at.exception[0].message}")
    at.run()  # second run: caches warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[str]:
    """Run the map benchmark; returns the lines of its report."""
    zones = load_zones()
    provinces = load_provinces(2024)
    located = zones[zones.geometry.notna()]
    ours_s, ours_b = _timed(lambda: build_zone_map(zones, provinces).get_root().render())
    inline_s, inline_b = _timed(
        lambda: build_zone_map(zones, provinces, offline="inline").get_root().render())
    base_s, base_b = _timed(lambda: gpd.GeoDataFrame(located).explore().get_root().render())
    rerun = _apptest_rerun()
    rows = [
        ("map (ours, static assets)", ours_b, ours_s),
        ("map (ours, inline Leaflet)", inline_b, inline_s),
        ("GeoDataFrame.explore()", base_b, base_s),
    ]
    lines = [f"map of {len(zones)} zones ({len(located)} located) + {len(provinces)} "
             f"provinces; median of {RUNS} warm runs (build + render)", "",
             f"{'':30} {'HTML bytes':>12} {'build s':>9}"]
    lines += [f"{name:30} {size:>12,} {secs:>9.3f}" for name, size, secs in rows]
    lines += ["",
              f"ratio ours/explore: bytes {ours_b / base_b:.2f} (target <= 0.50), "
              f"build time {ours_s / base_s:.2f} (target <= 1.00)",
              f"ratio inline/explore: bytes {inline_b / base_b:.2f} (Leaflet itself inlined)"]
    if rerun is None:
        lines.append("warm rerun of the map page (AppTest): app.py not found, skipped")
    else:
        lines.append(f"warm rerun of the map page (AppTest): median {rerun:.3f} s "
                     f"(target < 0.3 s)")
    return lines
