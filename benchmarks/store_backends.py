"""The two stores side by side (issue 12): GeoPackage workspace vs PostGIS, 2k and 20k zones.

For each size, the same synthetic zones (the bundled ones repeated and moved,
:func:`benchmarks._synthetic.synthetic_zones`) are put in a fresh GeoPackage workspace and in a
fresh PostGIS database (a private server started like the tests' one, tests/pg.py: initdb into
a temporary folder, a unix socket only). Timed, in this process:

* ``import`` — plan (load the state, match, diff) + commit (write, audit, history for undo) of
  a file changing 1 % of the zones (at least 20);
* ``summary`` — load the zones and compute the land-use summary by province (what
  ``python -m geo summary --by province`` does);
* ``undo`` — take that import back.

Each is the best of two rounds (the first also pays for importing modules).

The ratio is PostGIS / GeoPackage (below 1: PostGIS faster). PostgreSQL runs with fsync off
here (as in the tests), so the database's write figures are a lower bound.

Environment: ``BENCH_STORE_SIZES`` (comma-separated counts, default ``2000,20000``).
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

SIZES = (2_000, 20_000)
REPEAT = 2
TESTS = Path(__file__).resolve().parent.parent / "tests"


def _pg_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kcn_tests_pg", TESTS / "pg.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _change(zones: pd.DataFrame) -> pd.DataFrame:
    n = max(20, len(zones) // 100)
    rows = zones.iloc[:: max(1, len(zones) // n)].head(n)
    return pd.DataFrame({"zone_id": rows["zone_id"].to_numpy(),
                         "planned_area_ha": rows["planned_area_ha"].fillna(10.0).to_numpy() + 1})


def _measure(store: Any, change: pd.DataFrame) -> dict[str, float]:
    from geo.accounts.landuse import summarize
    from geo.imports.plan import plan_import

    def do_import() -> Any:
        plan = plan_import(change, kind="zones", file_name="bench.csv", sha256="b" * 64,
                           store=store)
        return store.commit(plan)

    out: dict[str, float] = {}
    for _ in range(REPEAT):  # import + undo leave the store as it was: best of REPEAT
        for step, fn in (("import", do_import),
                         ("summary", lambda: summarize(store.load_zones(), by="province")),
                         ("undo", store.undo)):
            seconds, _ = _seconds(fn)
            out[step] = min(out.get(step, seconds), seconds)
    return out


def _state(n: int) -> Any:
    from benchmarks._synthetic import synthetic_zones
    from geo.core.periods import empty_figures
    from geo.store.base import State
    from geo.store.bundled import load_housing_sites
    from geo.store.workspace import empty_log

    return State(synthetic_zones(n, seed=3), empty_figures(), load_housing_sites(), empty_log())


def run(sizes: tuple[int, ...] | None = None) -> list[str]:
    """Lines of the store benchmark table."""
    from geo.store import workspace as ws
    from geo.store.gpkg import GpkgStore
    from geo.store.postgis import PostgisStore

    env = os.environ.get("BENCH_STORE_SIZES")
    sizes = sizes or (tuple(int(s) for s in env.split(",")) if env else SIZES)
    lines = ["stores: GeoPackage workspace vs PostGIS (seconds; ratio = PostGIS / GeoPackage)",
             f"{'zones':>8}  {'step':<8}  {'gpkg s':>8}  {'postgis s':>9}  {'ratio':>6}"]
    pg = _pg_module()
    reason = pg._why_missing()
    if reason:
        return [*lines, f"  PostGIS skipped: {reason}", ""]
    server = pg._start()
    try:
        for i, n in enumerate(sizes):
            state = _state(n)
            change = _change(state.zones)
            with tempfile.TemporaryDirectory(prefix="kcn-bench-ws-") as folder:
                ws._write_gpkg(state, Path(folder) / "atlas.gpkg")
                gpkg = _measure(GpkgStore(Path(folder)), change)
            name = f"bench_{i}"
            server.admin(f"CREATE DATABASE {name}")
            store = PostgisStore(server.url(name))
            store.upgrade()
            load_s, _ = _seconds(lambda s=store, st=state: s.load(st, source="benchmark"))
            pgis = _measure(store, change)
            for step in ("import", "summary", "undo"):
                ratio = pgis[step] / gpkg[step] if gpkg[step] else float("nan")
                lines.append(f"{n:>8,}  {step:<8}  {gpkg[step]:>8.2f}  {pgis[step]:>9.2f}  "
                             f"{ratio:>6.2f}")
            lines.append(f"{n:>8,}  {'db load':<8}  {'':>8}  {load_s:>9.2f}")
    finally:
        pg._stop(server)
    return [*lines, ""]


if __name__ == "__main__":
    print("\n".join(run()))
