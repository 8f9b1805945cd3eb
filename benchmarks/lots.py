"""The lot register at 1k, 10k and 100k synthetic lots: generating the plan, the import checks
(zone matching by sjoin, overlaps by STRtree, areas) and the accounts (one groupby); and the
import plan of a lot register written as a GeoPackage (read + checks + match + plan, dry run)
against ``pyogrio.read_dataframe`` of the same file (:func:`import_plan`; target ≤ 5×).

Synthetic lots (:func:`geo.store.synthetic_lots.synthetic_lots`) over the bundled zones'
footprints; seconds of one run each (the 100k run takes a while on a shared machine).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyogrio

from geo.accounts.lots import lot_accounts
from geo.core.findings import Report
from geo.imports.lots import check_lots
from geo.store.bundled import load_zones
from geo.store.synthetic_lots import synthetic_lots

SIZES = (1_000, 10_000, 100_000)


def _seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run(sizes: tuple[int, ...] = SIZES) -> list[str]:
    """Lines of the lots benchmark table."""
    zones = load_zones()
    lines = ["lot register (synthetic lots over the bundled zones); accounts: best of 5 warm "
             "runs against a plain pandas groupby (sum + count of the area by zone, use and "
             "lease status) of the same lots",
             f"{'lots':>8}  {'generate s':>10}  {'checks s':>9}  {'accounts s':>10}  "
             f"{'groupby s':>9}  {'ratio':>5}"]
    for n in sizes:
        gen, lots = _seconds(lambda n=n: synthetic_lots(zones, n, seed=1))
        fresh = lots.assign(zone_id=None)
        checks, _ = _seconds(lambda f=fresh: check_lots(f, zones, Report()))
        accounts = _best(lambda f=lots: lot_accounts(f))
        base = _best(lambda f=lots: f.groupby(["zone_id", "use_class", "lease_status"],
                                              dropna=False)["planned_area_ha"].agg(
                                                  ["sum", "count"]))
        lines.append(f"{len(lots):>8,}  {gen:>10.2f}  {checks:>9.2f}  {accounts:>10.4f}  "
                     f"{base:>9.4f}  {accounts / base:>5.1f}")
    return [*lines, "target: accounts/groupby <= 5", ""]


def _best(fn: Callable[[], Any], runs: int = 5) -> float:
    """Seconds of the fastest of ``runs`` calls of ``fn`` after one warm-up call."""
    fn()
    return min(_seconds(fn)[0] for _ in range(runs))


def import_plan(sizes: tuple[int, ...] = SIZES) -> list[str]:
    """Lines of the lots import table: plan (dry run) vs read of the same GeoPackage.

    ``BENCH_LOTS_IMPORT_SIZES`` (comma-separated counts) overrides ``sizes``.
    """
    from geo.imports.run import import_file

    sizes = tuple(int(v) for v in os.environ.get("BENCH_LOTS_IMPORT_SIZES", "").split(",")
                  if v) or sizes
    zones = load_zones()
    lines = ["lots import planning (read + checks + zone matching + plan, dry run) vs "
             "pyogrio.read_dataframe of the GeoPackage; one run each",
             f"{'lots':>8}  {'MB':>6}  {'read s':>7}  {'plan s':>7}  {'plan/read':>9}"]
    with tempfile.TemporaryDirectory(prefix="kcn-bench-lots-") as folder:
        for run_no, n in enumerate(sizes):
            lots = synthetic_lots(zones, n, seed=1).assign(zone_id=None)
            path = Path(folder) / f"lots-{n}-{run_no}.gpkg"
            pyogrio.write_dataframe(lots, path, driver="GPKG")
            read, _ = _seconds(lambda p=path: pyogrio.read_dataframe(p))
            workspace = Path(tempfile.mkdtemp(prefix=f"ws-{n}-", dir=folder))
            plan, outcome = _seconds(lambda p=path, w=workspace: import_file(
                p, kind="lots", dry_run=True, workspace=w, max_bytes=2**31))
            if outcome.plan is None:
                raise RuntimeError(f"lots plan of {n} failed: {outcome.report.text('en')[:500]}")
            mb = path.stat().st_size / 2**20
            lines.append(f"{len(lots):>8,}  {mb:>6.1f}  {read:>7.2f}  {plan:>7.2f}  "
                         f"{plan / read:>9.1f}")
    return [*lines, "target: plan/read <= 5 at 100,000 lots", ""]


if __name__ == "__main__":
    print("\n".join(import_plan()))
