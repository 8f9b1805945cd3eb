"""``python -m geo``: the command line over the same functions as the app.

Each subcommand lives in a module of this package with a ``register(subparsers)`` function.
Bad input (unknown province, kind, status, period, file...) exits with status 2 and one line on
stderr naming the bad value and the valid ones; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from functools import partial
from typing import NoReturn, TextIO

from geo.errors import AtlasError


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are a single line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand registered."""
    from geo.cli import export, indicators, ingest, landuse, mapcmd, report
    from geo.cli import housing as housing_cli
    from geo.cli import lots as lots_cli

    parser = OneLineParser(prog="python -m geo",
                           description="KCN Atlas: zones of the Red River Delta, land-use "
                                       "accounts, maps and files.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    landuse.register(sub)
    ingest.register(sub)
    mapcmd.register(sub)
    housing_cli.register(sub)
    export.register(sub)
    indicators.register(sub)
    report.register(sub)
    lots_cli.register(sub)
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
    parser = build_parser()
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
