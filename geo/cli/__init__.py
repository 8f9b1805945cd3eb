"""``python -m geo``: the command line over the same functions as the app.

Each subcommand lives in a module of this package with a ``register(subparsers)`` function;
the module is imported only when its subcommand runs (start-up time), so geo/cli is the one
place where a geo module is imported inside a function.
Bad input (unknown province, kind, status, period, file...) exits with status 2 and one line on
stderr naming the bad value and the valid ones; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Sequence
from functools import partial
from typing import NoReturn, TextIO

from geo.errors import AtlasError

__all__ = [
    "COMMANDS",
    "MODULES",
    "OneLineParser",
    "access",
    "build_parser",
    "common",
    "db",
    "export",
    "housing",
    "indicators",
    "ingest",
    "landuse",
    "lots",
    "main",
    "mapcmd",
    "report",
    "users",
]


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are a single line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


COMMANDS: dict[str, str] = {
    "summary": "geo.cli.landuse", "reconcile": "geo.cli.landuse",
    "validate": "geo.cli.ingest", "import": "geo.cli.ingest", "undo": "geo.cli.ingest",
    "log": "geo.cli.ingest", "periods": "geo.cli.ingest", "workspace": "geo.cli.ingest",
    "map": "geo.cli.mapcmd", "housing": "geo.cli.housing", "export": "geo.cli.export",
    "indicators": "geo.cli.indicators", "report": "geo.cli.report",
    "indicators-template": "geo.cli.indicators",
    "lots": "geo.cli.lots", "sample-lots": "geo.cli.lots",
    "db": "geo.cli.db", "user": "geo.cli.users",
}
"""Subcommand → the module that registers it: only the module of the command run is imported
(``summary`` never loads folium or openpyxl). A module missing here is loaded for every run."""
MODULES = ("geo.cli.landuse", "geo.cli.ingest", "geo.cli.mapcmd", "geo.cli.housing",
           "geo.cli.export", "geo.cli.indicators", "geo.cli.report", "geo.cli.lots",
           "geo.cli.db", "geo.cli.users")
"""Every subcommand module, in the order of ``--help``."""


def _command_of(argv: Sequence[str] | None) -> str | None:
    """The subcommand named in ``argv`` (the first word not starting with '-'), if any."""
    words = list(sys.argv[1:] if argv is None else argv)
    return next((w for w in words if not w.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a known subcommand, only that subcommand's module is
    imported and registered (fast start); else every subcommand (help, errors)."""
    command = _command_of(argv)
    known = COMMANDS.get(command or "")
    modules = [m for m in MODULES if m not in COMMANDS.values()]
    modules = [known, *modules] if known else list(MODULES)
    parser = OneLineParser(prog="python -m geo",
                           description="KCN Atlas: zones of the Red River Delta, land-use "
                                       "accounts, maps and files.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _one_line_warning(message: Warning | str, category: type[Warning], filename: str,
                      lineno: int, file: TextIO | None = None, line: str | None = None, *,
                      command: str) -> None:
    """A warning as one line on stderr, without the library's file path and source line."""
    text = " ".join(str(message).split())
    print(f"python -m geo {command}: warning: {category.__name__}: {text}",
          file=file or sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 refused input)."""
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = partial(_one_line_warning, command=args.command)
            return int(args.func(args) or 0)
    except AtlasError as exc:
        message = " ".join(str(exc).split())
        print(f"python -m geo {args.command}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
