"""``python -m geo summary`` imports only what it needs: no folium, openpyxl or exporters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import COMMANDS, MODULES, build_parser

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("folium", "branca", "openpyxl", "ezdxf", "geo.exports.writers", "geo.maps.zone_map",
         "geo.imports.pipeline")

PROBE = """
import io, json, sys, contextlib
from geo.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "heavy": [m for m in %r if m in sys.modules],
                  "out": len(out.getvalue())}))
""".replace("%r", repr(HEAVY))


@pytest.mark.parametrize("args", [["summary"], ["summary", "--by", "province"], ["reconcile"]])
def test_summary_does_not_import_heavy_modules(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0 and result["out"] > 0
    assert result["heavy"] == []


def test_every_command_is_registered_for_help() -> None:
    parser = build_parser([])
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(COMMANDS) <= set(choices)
    assert set(COMMANDS.values()) <= set(MODULES)


def test_a_known_command_registers_only_its_module() -> None:
    parser = build_parser(["summary", "--by", "kind"])
    choices = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"summary", "reconcile"} <= set(choices) and "map" not in choices
