"""``validate``, ``import``, ``undo`` and ``periods``: bringing planners' files in.

``python -m geo validate FILE`` reads and checks a file and prints the report (nothing written);
``python -m geo import FILE`` also matches it to the stored zones, prints the diff and writes it
to the workspace (``$KCN_ATLAS_WORKSPACE``, default ``workspace/``) unless ``--dry-run``;
``python -m geo undo`` restores the workspace as it was before the last import;
``python -m geo periods [--compare A B --by zone|province|region]`` lists the periods with
figures and compares two of them.

Exit status: 0 when imported (validate / dry-run: when the file could be imported), 2 when
refused — the report then says why, one line per finding naming the feature, field and value.
``--layer`` is the kind of data (zones, figures, housing); ``--source-layer`` picks the layer
inside a multi-layer file (GeoPackage, KML, DXF).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from geo.cli.common import dumps, fmt_number, text_table
from geo.errors import AtlasError, ImportRefused
from geo.io import load_zone_figures
from geo.periods import compare_periods, list_periods
from geo.validate import Report
from geo.workspace import ImportOutcome, import_file, undo

MB = 2**20


def _mapping(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        src, sep, dst = pair.partition("=")
        if not sep or not src.strip() or not dst.strip():
            raise AtlasError(f"--map {pair!r}: expected SOURCE_COLUMN=FIELD, e.g. TEN=name")
        out[src.strip()] = dst.strip()
    return out


def _add_read_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the file to read (GeoJSON, zipped Shapefile, "
                   "GeoPackage, KML/KMZ, DXF, CSV/XLSX)")
    p.add_argument("--layer", default="zones", choices=("zones", "figures", "housing"),
                   help="what the file holds (default zones)")
    p.add_argument("--source-layer", default=None, metavar="NAME",
                   help="layer to read in a multi-layer file (GeoPackage, KML, DXF)")
    p.add_argument("--crs", default=None, metavar="EPSG:n", help="CRS of the coordinates")
    p.add_argument("--province", default=None, metavar="NAME",
                   help="for metre coordinates with no CRS: VN-2000 TM-3 of this province")
    p.add_argument("--utm", type=int, default=None, choices=(48, 49),
                   help="for metre coordinates with no CRS: VN-2000 UTM zone 48N or 49N")
    p.add_argument("--period", default=None, metavar="YYYY-H1|H2",
                   help="reporting period of a figures table (e.g. 2024-H2)")
    p.add_argument("--encoding", default=None, metavar="E",
                   help="text encoding: utf-8, cp1258, tcvn3, vni (default: detected)")
    p.add_argument("--map", nargs="+", action="extend", default=[], metavar="SRC=DST",
                   help="map a column of the file to a field, e.g. TEN=name DT_QH=planned_area_ha")
    p.add_argument("--max-mb", type=float, default=200.0, help="upload size limit (MB)")
    p.add_argument("--format", default="text", choices=("text", "json"))


def register(sub: Any) -> None:
    """Add ``validate``, ``import``, ``undo`` and ``periods`` to the subparsers ``sub``."""
    v = sub.add_parser("validate", help="read and check a file; print the report (no write)")
    _add_read_args(v)
    v.set_defaults(func=run_validate)
    i = sub.add_parser("import", help="import a file into the workspace (see --dry-run)")
    _add_read_args(i)
    i.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    i.add_argument("--allow-unmatched", action="store_true",
                   help="figures: import the matched rows even if some rows match no zone")
    i.add_argument("--note", default="", help="a note for the import log")
    i.set_defaults(func=run_import)
    u = sub.add_parser("undo", help="restore the workspace as it was before the last import")
    u.add_argument("--format", default="text", choices=("text", "json"))
    u.set_defaults(func=run_undo)
    p = sub.add_parser("periods", help="list periods with zone figures, or compare two")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None)
    p.add_argument("--by", default="province", choices=("zone", "province", "region"))
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.set_defaults(func=run_periods)


def _run(args: argparse.Namespace, *, dry_run: bool) -> ImportOutcome:
    return import_file(args.file, kind=args.layer, period=args.period, dry_run=dry_run,
                       note=getattr(args, "note", ""),
                       allow_unmatched=getattr(args, "allow_unmatched", False),
                       max_bytes=int(args.max_mb * MB), layer=args.source_layer, crs=args.crs,
                       province=args.province, utm=args.utm, encoding=args.encoding,
                       mapping=_mapping(args.map) or None)


def _show(value: Any) -> str:
    if isinstance(value, float):
        return fmt_number(value, 2) if not math.isnan(value) else "—"
    return "—" if value is None else str(value)


def _print_text(outcome: ImportOutcome | None, report: Report, *, status: str) -> None:
    if outcome is not None:
        det = outcome.detected
        print(f"detected: format={det.get('format')} crs={det.get('crs')} "
              f"({det.get('crs_source')}) encoding={det.get('encoding')} "
              f"({det.get('encoding_source')})")
        if det.get("mapping"):
            print("mapping: " + ", ".join(f"{k}→{v}" for k, v in det["mapping"].items()))
    print(report.text("en"))
    plan = outcome.plan if outcome is not None else None
    if plan is not None:
        c = plan.counts
        print(f"{c['new']} new, {c['changed']} changed, {c['unchanged']} unchanged, "
              f"{c['unmatched']} unmatched")
        for d in plan.diffs:
            if d.status == "unchanged":
                continue
            print(f"  {d.status} {d.zone_id} ({d.name})" +
                  (f" [matched by {d.method}]" if d.method else ""))
            for ch in d.changes:
                old, new = ch.old, ch.new
                if ch.field == "geometry":
                    old, new = getattr(old, "geom_type", old), getattr(new, "geom_type", new)
                print(f"    {ch.field}: {_show(old)} → {_show(new)}")
    print(status)


def _emit(args: argparse.Namespace, outcome: ImportOutcome | None, report: Report,
          status: str, code: int) -> int:
    if args.format == "json":
        print(dumps({"status": status, "exit": code, "report": report.to_dict(),
                     "detected": outcome.detected if outcome else None,
                     "diff": outcome.plan.to_dict() if outcome and outcome.plan else None,
                     "log_entry": outcome.entry if outcome else None}))
    else:
        _print_text(outcome, report, status=status)
    return code


def _refused(args: argparse.Namespace, exc: ImportRefused) -> int:
    report = exc.report if isinstance(exc.report, Report) else Report(source=args.file.name)
    if not report.errors:
        report.add("error", None, None, None, str(exc), str(exc))
    return _emit(args, None, report, f"refused: {exc}", 2)


def run_validate(args: argparse.Namespace) -> int:
    """Read and check the file; exit 0 if it could be imported, else 2."""
    try:
        outcome = _run(args, dry_run=True)
    except ImportRefused as exc:
        return _refused(args, exc)
    ok = outcome.ok
    return _emit(args, outcome, outcome.report, "valid" if ok else "refused: errors found",
                 0 if ok else 2)


def run_import(args: argparse.Namespace) -> int:
    """Import (or with --dry-run preview) the file; exit 0 when written / importable, else 2."""
    try:
        outcome = _run(args, dry_run=args.dry_run)
    except ImportRefused as exc:
        return _refused(args, exc)
    if not outcome.ok:
        return _emit(args, outcome, outcome.report, "refused: errors found; nothing written", 2)
    if args.dry_run:
        return _emit(args, outcome, outcome.report, "dry run: nothing written", 0)
    entry = outcome.entry or {}
    return _emit(args, outcome, outcome.report,
                 f"imported as #{entry.get('seq')} into the workspace", 0)


def run_undo(args: argparse.Namespace) -> int:
    """Undo the last import (exit 2 with a message when there is nothing to undo)."""
    done = undo()
    text = (f"undid import #{done.seq} ({done.kind}, {done.file_name}, {done.time_utc})"
            + (" — the workspace is removed; the bundled data is used again"
               if done.removed_workspace else ""))
    print(dumps({"undone": done.__dict__}) if args.format == "json" else text)
    return 0


def run_periods(args: argparse.Namespace) -> int:
    """List the periods, or compare two of them."""
    periods = list_periods(load_zone_figures())
    if args.compare is None:
        print(dumps(periods) if args.format == "json" else "\n".join(periods))
        return 0
    table = compare_periods(args.compare[0], args.compare[1], by=args.by)
    if args.format == "json":
        print(dumps(table.to_dict(orient="records")))
        return 0
    rows = [[str(r.key), str(r.figure), fmt_number(r.value_a), fmt_number(r.value_b),
             fmt_number(r.change), fmt_number(r.change_pct), f"{r.zones_both}/{r.zones}"]
            for r in table.itertuples()]
    a, b = args.compare
    print(text_table([args.by, "figure", a, b, "change", "change %", "zones"], rows,
                     [False, False, True, True, True, True, True]))
    return 0
