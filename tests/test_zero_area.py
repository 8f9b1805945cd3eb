"""A zero-area polygon is refused as an error naming the feature (make_valid cannot repair it),
not reported "repaired" and stored invalid."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import geojson_bytes, tree_hashes, use_store
from shapely.geometry import Polygon

from geo.cli import main
from geo.core.findings import Report
from geo.imports.checks import repair_geometry

FLAT = Polygon([(106.12, 21.15), (106.13, 21.15), (106.14, 21.15), (106.12, 21.15)])
POINTLIKE = Polygon([(106.12, 21.15)] * 4)
BOWTIE = Polygon([(106.12, 21.15), (106.13, 21.16), (106.13, 21.15), (106.12, 21.16)])


@pytest.mark.parametrize("geom", [FLAT, POINTLIKE], ids=["collinear", "one-point"])
def test_zero_area_polygon_is_an_error(geom: Polygon) -> None:
    report = Report()
    assert repair_geometry(geom, label="bn-x", report=report) is None
    [finding] = report.findings
    assert finding.level == "error" and finding.feature == "bn-x"
    assert finding.field == "geometry" and "zero-area" in finding.message_en


def test_a_repairable_polygon_is_still_repaired() -> None:
    report = Report()
    fixed = repair_geometry(BOWTIE, label="bn-y", report=report)
    assert fixed is not None and fixed.is_valid and fixed.area > 0
    assert [f.level for f in report.findings] == ["warning"]


@pytest.mark.parametrize("command", ["validate", "import"])
def test_cli_refuses_a_zero_area_zone(command: str, monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    store = use_store(monkeypatch, tmp_path)
    path = tmp_path / "flat.geojson"
    path.write_bytes(geojson_bytes([{"zone_id": "bn-flat", "name": "KCN Phẳng",
                                     "province": "Bắc Ninh", "geometry": FLAT}]))
    before = tree_hashes(store)
    assert main([command, str(path)]) == 2
    captured = capsys.readouterr()
    assert "bn-flat" in captured.out and "zero-area polygon" in captured.out
    assert "geometry repaired" not in captured.out
    assert len(captured.err.strip().splitlines()) == 1 and "flat.geojson" in captured.err
    assert tree_hashes(store) == before
