"""Issue 14, scale: lots map payloads, accounts, XLSX export, 2SFCA, CLI start-up, page loads.

Every figure is a ratio against a baseline run in this process (or a subprocess of the same
interpreter) on the same synthetic data (:mod:`benchmarks._synthetic`), plus the absolute values.
The 100k cases of the slow baselines (explore() of 100k lots, XLSX of 100k zones) run only with
``--full`` (``python -m benchmarks --full``).
"""

from __future__ import annotations

import gc
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from benchmarks._synthetic import synthetic_lots, synthetic_sites, synthetic_zones
from geo.maps.lots_layer import lots_in_view
from geo.maps.lots_map import lots_feature_group
from geo.maps.zone_map import build_zone_map
from geo.store.bundled import load_provinces, load_zones

REPO = Path(__file__).resolve().parent.parent
VIEW_PX = (1400, 700)  # a desktop map viewport (pixels)


def _time(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """(median seconds, last result)."""
    out, times = None, []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def view_bbox(lon: float, lat: float, zoom: float) -> tuple[float, float, float, float]:
    """The lon/lat box of a VIEW_PX viewport centred on (lon, lat) at ``zoom`` (Web Mercator)."""
    deg_per_px = 360.0 / (256 * 2 ** zoom)
    half_w = VIEW_PX[0] / 2 * deg_per_px
    half_h = VIEW_PX[1] / 2 * deg_per_px * math.cos(math.radians(lat))
    return lon - half_w, lat - half_h, lon + half_w, lat + half_h


def _page(zones: gpd.GeoDataFrame, lots: gpd.GeoDataFrame, bbox: Any, zoom: float,
          offline: str = "static") -> tuple[str, Any]:
    """The page the app sends for a view: the zone map + the lots of the view, and the stats."""
    m = build_zone_map(zones, load_provinces(2024), offline=offline)  # type: ignore[arg-type]
    features, stats = lots_in_view(lots, bbox, zoom)
    lots_feature_group(features, stats).add_to(m)
    if zoom >= 12:
        m.fit_bounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]])
    return m.get_root().render(), stats


def _densest_zone_centre(lots: gpd.GeoDataFrame) -> tuple[float, float]:
    zone = lots["zone_id"].value_counts().index[0]
    minx, miny, maxx, maxy = lots[lots["zone_id"] == zone].total_bounds
    return (minx + maxx) / 2, (miny + maxy) / 2


def lots_map(sizes: tuple[int, ...], explore_sizes: tuple[int, ...]) -> list[str]:
    zones = load_zones()
    lines = ["## Lots map: page bytes and build time (zone map + lots of the view) vs explore()",
             f"{'lots':>8} {'view':>14} {'sent':>8} {'page MB':>8} {'build s':>8} "
             f"{'explore MB':>10} {'explore s':>9} {'bytes ×':>8} {'time ×':>7}"]
    for n in sizes:
        lots = synthetic_lots(n)
        base_mb = base_s = None
        if n in explore_sizes:
            base_s, html = _time(lambda lots=lots: lots.explore().get_root().render(), runs=1)
            base_mb = len(html.encode()) / 1e6
        lon, lat = _densest_zone_centre(lots)
        region = tuple(float(v) for v in lots.total_bounds)
        for label, bbox, zoom in (("region z9", region, 9),
                                  ("zone z15", view_bbox(lon, lat, 15), 15),
                                  ("zone z14", view_bbox(lon, lat, 14), 14)):
            lots.sindex  # noqa: B018 — built once, as the app's cache_resource does
            secs, (html, stats) = _time(lambda b=bbox, z=zoom, lots=lots: _page(zones, lots, b,
                                                                                  z))
            mb = len(html.encode()) / 1e6
            sent = f"{stats.features}{'ag' if stats.aggregated else ''}"
            ratio_b = f"{mb / base_mb:8.3f}" if base_mb else f"{'—':>8}"
            ratio_t = f"{secs / base_s:7.3f}" if base_s else f"{'—':>7}"
            lines.append(f"{n:>8,} {label:>14} {sent:>8} {mb:8.2f} {secs:8.3f} "
                         f"{base_mb or 0:10.1f} {base_s or 0:9.2f} {ratio_b} {ratio_t}")
    lines.append("sent: features of the lots layer (ag = per-zone aggregates); target page ≤ 5 MB")
    return lines


def accounts(n: int) -> list[str]:
    from geo.accounts.landuse import summarize

    zones = pd.DataFrame(synthetic_zones(n)).drop(columns="geometry")
    cols = ["planned_area_ha", "used_area_ha", "under_construction_area_ha", "leased_land_ha",
            "industrial_land_ha"]
    lines = [f"## Accounts at {n:,} zones: summarize vs a plain pandas groupby (sum + count of "
             "the 5 area columns)"]
    for by in ("region", "province", "status"):
        key = "kind" if by == "region" else by
        ours, _ = _time(lambda by=by: summarize(zones, by=by))
        base, _ = _time(lambda key=key: zones.groupby(key)[cols].agg(["sum", "count"]))
        lines.append(f"  by {by:9} ours {ours:.3f} s, groupby {base:.3f} s, ratio "
                     f"{ours / base:.1f}× (target ≤ 5×; before: 79×)")
    return lines


def load(n: int) -> list[str]:
    """Loading (read + schema check + province names) a zones file of ``n`` zones against
    ``geopandas.read_file`` of the same file."""
    from geo.settings import ZONES_FILE
    from geo.store.bundled import load_zones as load

    with tempfile.TemporaryDirectory(prefix="kcn-bench-load-") as folder:
        path = Path(folder) / ZONES_FILE
        path.parent.mkdir(parents=True)
        synthetic_zones(n).to_file(path, driver="GeoJSON")
        ours, zones = _time(lambda: load(root=Path(folder)))
        base, _ = _time(lambda: gpd.read_file(path))
    return [f"## Load of {len(zones):,} zones: load_zones {ours:.2f} s vs geopandas.read_file "
            f"{base:.2f} s: ratio {ours / base:.2f}× (before: 1.6×; 21 s at 20k)"]


def export(n: int) -> list[str]:
    import pyogrio

    from geo.exports.writers import export_zones

    zones = synthetic_zones(n)
    ours, data = _time(lambda: export_zones(zones, fmt="xlsx"), runs=1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "zones.xlsx"
        table = pd.DataFrame(zones.drop(columns="geometry"))  # XLSX holds no geometry
        table["lon"], table["lat"] = zones.geometry.centroid.x, zones.geometry.centroid.y
        base, _ = _time(lambda: pyogrio.write_dataframe(table, path, driver="XLSX"), runs=1)
    return [f"## XLSX export at {n:,} zones: ours {ours:.2f} s ({len(data) / 1e6:.1f} MB) vs "
            f"pyogrio XLSX {base:.2f} s: ratio {ours / base:.1f}× (before: 20×)"]


def housing(n_zones: int, n_sites: int) -> list[str]:
    from geo.accounts.housing import analyse_housing

    zones = synthetic_zones(n_zones)
    sites = synthetic_sites(n_sites, zone_ids=list(zones["zone_id"]))
    gc.collect()
    secs, result = _time(lambda: analyse_housing(zones, sites), runs=1)
    tracemalloc.start()
    analyse_housing(zones, sites)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return [f"## Housing 2SFCA at {n_zones:,} zones × {n_sites:,} sites: {secs:.1f} s, peak "
            f"traced memory {peak / 1e6:.0f} MB (target ≤ 1 GB; before: 140 s, 8.4 GB); "
            f"{len(result.pairs.site):,} reaching pairs"]


def _subprocess_s(code: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_startup() -> list[str]:
    base = _subprocess_s("import geopandas")
    ours = _subprocess_s("import sys; from geo.cli import main; "
                         "sys.argv=['geo','summary']; main(['summary'])")
    help_ = _subprocess_s("from geo.cli import build_parser; build_parser([])")
    return [f"## CLI start-up: `summary` {ours:.2f} s vs `import geopandas` {base:.2f} s: "
            f"ratio {ours / base:.2f} (before: 2×); all subcommands registered (help): "
            f"{help_:.2f} s"]


def _first_load_ratio() -> tuple[float, float]:
    """Median first load of a session (server warm, AppTest) of the map page and the about
    page, seconds, on the data the environment points at."""
    from streamlit.testing.v1 import AppTest

    def first_load(page: str | None) -> float:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
        if page:
            at.switch_page(page)
        start = time.perf_counter()
        at.run()
        secs = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        return secs

    first_load(None)
    first_load("app_pages/about.py")  # warm: imports and the server's caches
    about = statistics.median(first_load("app_pages/about.py") for _ in range(3))
    mapp = statistics.median(first_load(None) for _ in range(3))
    return mapp, about


def _apart(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The zones whose footprint overlaps no other zone's (no KCN inside a KKT), so that
    synthetic lots over them import without overlap errors."""
    import shapely

    geoms = zones.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left != right
    inner = shapely.relate_pattern(geoms[left[pairs]], geoms[right[pairs]], "T********")
    clash = set(left[pairs][inner].tolist())
    return zones.iloc[[i for i in range(len(zones)) if i not in clash]]


def _clean_zones(zones: gpd.GeoDataFrame, folder: Path) -> gpd.GeoDataFrame:
    """``zones`` without the rows an import refuses (two random zones within a kilometre of
    the same stored zone both match it), found by dry runs."""
    from geo.imports.run import import_file

    for attempt in range(3):
        path = folder / f"dry-{attempt}.geojson"
        zones.to_file(path, driver="GeoJSON")
        report = import_file(path, kind="zones", dry_run=True, workspace=folder / "dry",
                             max_bytes=2**31).report
        bad = {f.feature for f in report.errors}
        if not bad:
            return zones
        keep = [zid not in bad and i not in bad for i, zid in enumerate(zones["zone_id"])]
        zones = zones[keep].reset_index(drop=True)
    return zones


def page_loads(n_zones: int = 20_000, n_lots: int = 100_000) -> list[str]:
    """First load of the map page against the about page (target ≤ 1.5× at any N): on the
    bundled data, then with ``n_zones`` synthetic zones imported into a fresh workspace, then
    with ``n_lots`` synthetic lots imported over the bundled zones in another."""
    import os

    from benchmarks.import_scale import synthetic_zones as named_zones
    from geo.imports.run import import_file
    from geo.settings import WORKSPACE_ENV
    from geo.store.synthetic_lots import synthetic_lots as lots_over

    def imported(path: Path, kind: str, workspace: Path) -> Path:
        workspace.mkdir()
        outcome = import_file(path, kind=kind, workspace=workspace, max_bytes=2**31)
        if not outcome.report.ok:
            raise RuntimeError(f"{path.name}: {outcome.report.text('en')[:300]}")
        return workspace

    lines = ["## First load of a session (server warm, AppTest): map page vs about page "
             "(target ≤ 1.5 at any N)"]
    old = os.environ.get(WORKSPACE_ENV)
    try:
        with tempfile.TemporaryDirectory(prefix="kcn-bench-pages-") as folder:
            root = Path(folder)
            cases: list[tuple[str, Path | None]] = [("bundled data (226 zones)", None)]
            zones_file = root / "zones.geojson"
            _clean_zones(named_zones(n_zones), root).to_file(zones_file, driver="GeoJSON")
            cases.append((f"+ {n_zones:,} imported zones",
                          imported(zones_file, "zones", root / "zones-ws")))
            lots_file = root / "lots.gpkg"
            lots_over(_apart(load_zones()), n_lots, seed=1).to_file(lots_file, driver="GPKG")
            cases.append((f"+ {n_lots:,} imported lots",
                          imported(lots_file, "lots", root / "lots-ws")))
            for label, workspace in cases:
                if workspace is None:
                    os.environ.pop(WORKSPACE_ENV, None)
                else:
                    os.environ[WORKSPACE_ENV] = str(workspace)
                mapp, about = _first_load_ratio()
                lines.append(f"  {label:<28} map page {mapp:.2f} s, about page {about:.2f} s: "
                             f"ratio {mapp / about:.2f}")
    finally:
        if old is None:
            os.environ.pop(WORKSPACE_ENV, None)
        else:
            os.environ[WORKSPACE_ENV] = old
    return lines


def browser(n: int) -> list[str]:
    """Draw time in Debian's chromium of the region view and a zone view with ``n`` lots."""
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return ["## Browser: playwright not installed, skipped"]
    if not chromium.exists():
        return ["## Browser: /usr/bin/chromium not installed, skipped"]
    zones = load_zones()
    lots = synthetic_lots(n)
    lon, lat = _densest_zone_centre(lots)
    lines = [f"## Browser draw time, {n:,} lots, chromium headless (load → two frames drawn)"]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser_ = p.chromium.launch(executable_path=str(chromium), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser_.new_page(viewport={"width": VIEW_PX[0], "height": VIEW_PX[1]})
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(
            "file:") else route.continue_())
        for label, bbox, zoom in (("region z9", tuple(lots.total_bounds), 9),
                                  ("zone z15", view_bbox(lon, lat, 15), 15)):
            html, stats = _page(zones, lots, bbox, zoom, offline="inline")
            path = Path(tmp) / f"{label.replace(' ', '_')}.html"
            path.write_text(html, encoding="utf-8")
            times = []
            for _ in range(3):
                start = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                              "requestAnimationFrame(r)))")
                times.append(time.perf_counter() - start)
            drawn = page.evaluate("() => document.querySelectorAll('canvas, path').length")
            lines.append(f"  {label}: {statistics.median(times):.2f} s, page "
                         f"{len(html.encode()) / 1e6:.2f} MB, {stats.features} features "
                         f"{'(aggregates)' if stats.aggregated else '(lots)'}, {drawn} "
                         "canvas/path elements (target < 2 s)")
        browser_.close()
    return lines


def run(full: bool = False) -> list[str]:
    """All scale benchmarks; the 100k baselines only with ``full``."""
    lines: list[str] = []
    for section in (
            lambda: lots_map((1_000, 10_000, 100_000),
                             (1_000, 10_000, 100_000) if full else (1_000, 10_000)),
            lambda: load(100_000),
            lambda: accounts(100_000),
            lambda: export(100_000 if full else 10_000),
            lambda: housing(20_000, 5_000),
            cli_startup,
            page_loads,
            lambda: browser(100_000)):
        lines += [*section(), ""]
        print("\n".join(lines[-8:]), flush=True)
    return lines


if __name__ == "__main__":
    print(json.dumps(run("--full" in sys.argv), ensure_ascii=False, indent=1))
