"""Import planning at scale: validate + plan a large zones GeoJSON vs just reading it.

For 2k / 20k / 100k synthetic zones (small polygons of 17 vertices in the delta,
~105-107.5°E, 20-21.5°N; unique ids and names; written to a temporary folder), this process
times :func:`geo.store.workspace.import_file` with ``dry_run=True`` (read, check, match, diff, plan
— no UI, nothing written; an empty temporary workspace over the bundled data) against
``pyogrio.read_dataframe`` of the same file. The ratio plan / read is the figure of merit
(target <= 5 at 100k). A plan that runs past ``BENCH_IMPORT_TIMEOUT`` seconds (default 600)
is stopped and reported as "> N s".

Environment: ``BENCH_IMPORT_SIZES`` (comma-separated counts, default ``2000,20000,100000``).
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from geo.settings import UTM_48N, WGS84
from geo.store.bundled import load_provinces

SIZES = (2_000, 20_000, 100_000)
TIMEOUT_S = 600


class _Timeout(Exception):
    pass


def synthetic_zones(n: int, *, seed: int = 8) -> gpd.GeoDataFrame:
    """``n`` zones with unique ids and names: small 16-gons (~200 m across) in the delta."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(105.0, 107.5, n)
    lat = rng.uniform(20.0, 21.5, n)
    polys = shapely.buffer(shapely.points(lon, lat), 0.001, quad_segs=4)
    gdf = gpd.GeoDataFrame({
        "zone_id": [f"bm-zone-{i:06d}" for i in range(n)],
        "name": [f"KCN Benchmark {i:06d}" for i in range(n)],
        "kind": "KCN", "status": "operating",
        "source_url": "https://example.org/benchmark",
    }, geometry=polys, crs=WGS84)
    metric = gdf.to_crs(UTM_48N)
    gdf["planned_area_ha"] = (metric.area / 1e4).round(2).to_numpy()
    provinces = load_provinces(2024).to_crs(UTM_48N)[["name", "geometry"]].rename(
        columns={"name": "prov"})
    nearest = gpd.sjoin_nearest(metric.set_geometry(metric.centroid), provinces, how="left")
    gdf["province"] = nearest.groupby(level=0)["prov"].first().reindex(gdf.index).to_numpy()
    return gdf


def _with_timeout(seconds: int, fn: object) -> float | None:
    """Seconds ``fn()`` took, or None when it ran past ``seconds`` (SIGALRM stops it)."""
    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    start = time.perf_counter()
    try:
        fn()  # type: ignore[operator]
    except _Timeout:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    return time.perf_counter() - start


def run() -> list[str]:
    """Run the import benchmark; returns the lines of its report."""
    from geo.imports.run import import_file

    sizes = tuple(int(s) for s in os.environ.get("BENCH_IMPORT_SIZES", "").split(",") if s) \
        or SIZES
    timeout = int(os.environ.get("BENCH_IMPORT_TIMEOUT", TIMEOUT_S))
    rows = []
    with tempfile.TemporaryDirectory(prefix="kcn-bench-import-") as folder:
        root = Path(folder)
        for run_no, n in enumerate(sizes):
            path = root / f"zones-{n}-{run_no}.geojson"
            synthetic_zones(n).to_file(path, driver="GeoJSON")
            mb = path.stat().st_size / 2**20
            start = time.perf_counter()
            pyogrio.read_dataframe(path)
            read_s = time.perf_counter() - start
            workspace = Path(tempfile.mkdtemp(prefix=f"ws-{n}-", dir=root))

            def plan(path: Path = path, workspace: Path = workspace, n: int = n) -> None:
                outcome = import_file(path, kind="zones", dry_run=True, workspace=workspace,
                                      max_bytes=2**31)
                if outcome.plan is None or len(outcome.plan.diffs) < n * 0.99:
                    raise RuntimeError(f"benchmark plan of {n} zones is wrong: "
                                       f"{outcome.report.text('en')[:500]}")

            plan_s = _with_timeout(timeout, plan)
            rows.append((n, mb, read_s, plan_s))
            path.unlink()
    lines = [f"import planning (validate + match + diff, dry run) vs pyogrio.read_dataframe; "
             f"one run each, timeout {timeout} s", "",
             f"{'features':>9} {'MB':>7} {'read s':>8} {'plan s':>9} {'plan/read':>10}"]
    for n, mb, read_s, plan_s in rows:
        plan_txt = f"> {timeout}" if plan_s is None else f"{plan_s:.2f}"
        ratio = f"> {timeout / read_s:.0f}" if plan_s is None else f"{plan_s / read_s:.1f}"
        lines.append(f"{n:>9,} {mb:>7.1f} {read_s:>8.2f} {plan_txt:>9} {ratio:>10}")
    lines += ["", "target: plan/read <= 5 at 100,000 features"]
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
