"""``python -m geo map --zone ID --lots FILE``: the lots of one zone, within a clear limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.cli import main
from tests.test_lots_layer import grid_lots


def test_map_with_the_lots_of_one_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    lots_file = tmp_path / "lots.geojson"
    grid_lots().to_file(lots_file)
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--no-basemap", "--zone", "A", "--lots",
                 str(lots_file)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "L.canvas(" in html and '"lot_id":"L0-0"' in html and '"zone_id":"B"' not in html
    assert "50 lots of zone A" in capsys.readouterr().out


def test_map_zone_refused_without_lots_or_unknown(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--zone", "A"]) == 2
    assert "--lots" in capsys.readouterr().err
    lots_file = tmp_path / "lots.geojson"
    grid_lots().to_file(lots_file)
    assert main(["map", "-o", str(out), "--zone", "nope", "--lots", str(lots_file)]) == 2
    assert "no lot" in capsys.readouterr().err
    assert not out.exists()
