"""``python -m geo map``: a self-contained offline HTML map; bad arguments exit 2 with one line."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.accounts.landuse import filter_zones
from geo.cli import main
from geo.store.bundled import load_zones

REPO = Path(__file__).resolve().parent.parent
EXTERNAL = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref)\s*=\s*["']?(?:https?:)?//""",
                      re.IGNORECASE)


def test_map_writes_inline_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bac-ninh.html"
    assert main(["map", "-o", str(out), "--province", "Bắc Ninh", "--no-basemap"]) == 0
    text = out.read_text(encoding="utf-8")
    assert not EXTERNAL.findall(text)
    assert "<script src=" not in text and "/app/static" not in text
    assert "openstreetmap" not in text  # --no-basemap: nothing to fetch at all
    expected = filter_zones(load_zones(), provinces=["Bắc Ninh"])
    located = expected[expected.geometry.notna()]
    for name in located["name"]:
        assert html.escape(name) in text
    others = filter_zones(load_zones(), provinces=["Quảng Ninh"])
    assert not any(f'"zone_id":"{z}"' in text for z in others["zone_id"])
    assert text.count('"zone_id":') == len(located)
    assert f"{len(expected)} zones" in capsys.readouterr().out


def test_map_with_basemap_and_2025(tmp_path: Path) -> None:
    out = tmp_path / "region.html"
    assert main(["map", "-o", str(out), "--edition", "2025", "--status", "operating",
                 "--lang", "en"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in text and not EXTERNAL.findall(text)
    assert "Operating" in text and "Đã đi vào hoạt động" not in text


@pytest.mark.parametrize(("args", "message"), [
    (["--province", "Atlantis"], "unknown province 'Atlantis'"),
    (["--kind", "XYZ"], "unknown kind 'XYZ'"),
    (["--edition", "2023"], "invalid choice"),
    (["--status", "closed"], "unknown status 'closed'"),
])
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "m.html"
    proc = subprocess.run([sys.executable, "-m", "geo", "map", "-o", str(out), *args],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in proc.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_bad_output_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "-o", str(tmp_path / "m.txt")]) == 2
    assert "must be an .html file" in capsys.readouterr().err
    assert main(["map", "-o", str(tmp_path / "missing" / "m.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
