"""The lot register at 1k, 10k and 100k synthetic lots: generating the plan, the import checks
(zone matching by sjoin, overlaps by STRtree, areas) and the accounts (one groupby).

Synthetic lots (:func:`geo.store.synthetic_lots.synthetic_lots`) over the bundled zones'
footprints; seconds of one run each (the 100k run takes a while on a shared machine).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

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
    lines = ["lot register (synthetic lots over the bundled zones)",
             f"{'lots':>8}  {'generate s':>10}  {'checks s':>9}  {'accounts s':>10}"]
    for n in sizes:
        gen, lots = _seconds(lambda n=n: synthetic_lots(zones, n, seed=1))
        fresh = lots.assign(zone_id=None)
        checks, _ = _seconds(lambda f=fresh: check_lots(f, zones, Report()))
        accounts, _ = _seconds(lambda f=lots: lot_accounts(f))
        lines.append(f"{len(lots):>8,}  {gen:>10.2f}  {checks:>9.2f}  {accounts:>10.2f}")
    return [*lines, ""]
