"""``python -m benchmarks``: run every benchmark, print a table, write results/latest.txt."""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import import_scale, lots, map_html, scale, store_backends

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    lines = [f"KCN Atlas benchmarks — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
             f"Python {platform.python_version()}, {platform.machine()}", ""]
    lines += map_html.run()
    lines += ["", *import_scale.run()]
    lines += lots.run()
    lines += lots.import_plan()
    lines += ["", *scale.run(full="--full" in sys.argv)]
    lines += ["", *store_backends.run()]
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.txt").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
