"""``validate``, ``import``, ``undo``, ``log`` and ``periods``: bringing planners' files in.

``python -m geo validate FILE`` reads and checks a file and prints the report (nothing written);
``python -m geo import FILE`` also matches it to the stored zones, prints the diff and writes it
to the workspace (``$KCN_ATLAS_WORKSPACE``, default ``workspace/``) unless ``--dry-run``;
``python -m geo undo`` restores the workspace as it was before the last import;
``python -m geo log [--format text|json]`` prints the audit trail: every import and every undo,
oldest first, undone imports marked (it survives undo);
``python -m geo workspace repair`` replaces a damaged ``atlas.gpkg`` by the newest intact
snapshot (the damaged file kept aside); ``python -m geo workspace reset --yes`` moves the
workspace aside so the bundled data is used again (both audited);
``python -m geo periods [--compare A B --by zone|province|region]`` lists the periods with
figures and compares two of them.

Exit status: 0 when imported (validate / dry-run: when the file could be imported; import:
also when there is nothing to write), 2 when refused. A refused file prints its report on stdout
(one line per finding naming the feature, field and value) and one line ``python -m geo CMD:
refused: ...`` on stderr. A bad option (unknown province, CRS, encoding, period, mapped field,
layer; a size limit ≤ 0; FILE missing or a folder) is refused before anything is read: one line
on stderr naming the valid values, nothing on stdout.
``--layer`` is the kind of data (zones, figures, housing); ``--source-layer`` picks the layer
inside a multi-layer file (GeoPackage, KML, DXF). ``--replace-lots`` (``--layer lots``, a lot
plan): the file replaces the lots of the zones it has lots of; the lots of those zones it does
not hold are listed as ``removed`` and removed (refused for a lease register and other layers).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from geo.cli.access import acting_user, add_user_arg
from geo.cli.common import dumps, fmt_number, text_table
from geo.core.findings import Report
from geo.core.periods import compare_periods, list_periods
from geo.core.schema import GEOMETRY_QUALITIES
from geo.errors import AtlasError, FilterError, ImportRefused, ParameterError
from geo.imports.options import check_file, check_options
from geo.imports.run import ImportOutcome, import_file
from geo.store.factory import get_store
from geo.store.workspace import repair as workspace_repair
from geo.store.workspace import reset as workspace_reset

MB = 2**20
MAX_DIFF_LINES = 200


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
    p.add_argument("--layer", default="zones",
                   choices=("zones", "figures", "housing", "lots", "indicators"),
                   help="what the file holds (default zones; lots: a lot plan, or a lease "
                        "register joined by lot id; indicators: a board's XLSX of "
                        "`indicators-template`)")
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
    """Add ``validate``, ``import``, ``undo``, ``log`` and ``periods`` to the subparsers."""
    v = sub.add_parser("validate", help="read and check a file; print the report (no write)")
    _add_read_args(v)
    v.set_defaults(func=run_validate)
    i = sub.add_parser("import", help="import a file into the workspace (see --dry-run)")
    _add_read_args(i)
    i.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    i.add_argument("--allow-unmatched", action="store_true",
                   help="figures: import the matched rows even if some rows match no zone")
    i.add_argument("--replace-lots", action="store_true",
                   help="--layer lots with a lot plan (geometries): the file replaces the lots "
                        "of every zone it has lots of; stored lots of those zones it does not "
                        "hold (merged, split, renumbered) are removed, listed as 'removed' in "
                        "the diff (removing a leased lot is warned about). Other zones are "
                        "never touched; undo restores the removed lots. Off by default (lots "
                        "not in the file are kept); refused for a lease register")
    i.add_argument("--note", default="", help="a note for the import log")
    add_user_arg(i)
    i.add_argument("--geometry-quality", choices=GEOMETRY_QUALITIES, default=None,
                   help="what the file's boundaries are (default: surveyed for Shapefile, "
                        "GeoPackage, GeoJSON and DXF; digitized for KML/KMZ and CSV/XLSX)")
    i.set_defaults(func=run_import)
    u = sub.add_parser("undo", help="restore the workspace as it was before the last import")
    u.add_argument("--format", default="text", choices=("text", "json"))
    add_user_arg(u)
    u.set_defaults(func=run_undo)
    lg = sub.add_parser("log", help="the audit trail: every import and undo (survives undo)")
    lg.add_argument("--format", default="text", choices=("text", "json"))
    lg.set_defaults(func=run_log)
    w = sub.add_parser("workspace", help="repair a damaged workspace, or reset it to the "
                       "bundled data")
    w.add_argument("action", choices=("repair", "reset"),
                   help="repair: restore the newest intact snapshot (the damaged file is kept "
                        "aside); reset: move the workspace aside and use the bundled data")
    w.add_argument("--yes", action="store_true", help="reset: confirm")
    w.set_defaults(func=run_workspace)
    p = sub.add_parser("periods", help="list periods with zone figures, or compare two")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"), default=None)
    p.add_argument("--by", default="province", choices=("zone", "province", "region"))
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.set_defaults(func=run_periods)


def _check_args(args: argparse.Namespace) -> dict[str, str]:
    """Refuse bad options and a FILE that is no file before anything is read (the error
    reaches :func:`geo.cli.main`: one line on stderr naming the option and the valid values,
    exit 2). Returns the ``--map`` mapping."""
    if not (math.isfinite(args.max_mb) and args.max_mb > 0):
        raise ParameterError(f"--max-mb {args.max_mb:g}: the upload limit must be more than "
                             "0 MB")
    mapping = _mapping(args.map)
    checks: list[tuple[str, dict[str, Any]]] = [
        ("--province", {"province": args.province}), ("--utm", {"utm": args.utm}),
        ("--crs", {"crs": args.crs}), ("--encoding", {"encoding": args.encoding}),
        ("--period", {"period": args.period}), ("--map", {"mapping": mapping,
                                                          "kind": args.layer})]
    for flag, options in checks:
        try:
            check_options(**options)
        except FilterError as exc:
            raise FilterError(f"{flag}: {exc}", valid=exc.valid) from None
        except AtlasError as exc:
            raise type(exc)(f"{flag}: {exc}") from None
    if args.layer == "figures" and args.period is None:
        raise ParameterError("--layer figures needs --period, e.g. --period 2024-H2")
    if getattr(args, "replace_lots", False) and args.layer != "lots":
        raise ParameterError(f"--replace-lots is for --layer lots (a lot plan), not "
                             f"--layer {args.layer}")
    try:
        check_file(args.file)
    except ImportRefused as exc:
        raise ParameterError(str(exc)) from None
    return mapping


def _plan(args: argparse.Namespace) -> ImportOutcome:
    mapping = _check_args(args)
    return import_file(args.file, kind=args.layer, period=args.period, dry_run=True,
                       max_bytes=int(args.max_mb * MB), layer=args.source_layer, crs=args.crs,
                       province=args.province, utm=args.utm, encoding=args.encoding,
                       mapping=mapping or None, store=get_store(),
                       geometry_quality=getattr(args, "geometry_quality", None),
                       replace_lots=getattr(args, "replace_lots", False))


def _show(value: Any) -> str:
    if isinstance(value, float):
        return fmt_number(value, 2) if not math.isnan(value) else "—"
    return "—" if value is None else str(value)


def _print_text(outcome: ImportOutcome | None, report: Report) -> None:
    if outcome is not None:
        det = outcome.detected
        print(f"detected: format={det.get('format')} crs={det.get('crs')} "
              f"({det.get('crs_source')}) encoding={det.get('encoding')} "
              f"({det.get('encoding_source')})")
        if det.get("mapping"):
            print("mapping: " + ", ".join(f"{k}→{v}" for k, v in det["mapping"].items()))
    if report.findings or outcome is not None:
        print(report.text("en"))
    plan = outcome.plan if outcome is not None else None
    if plan is not None:
        c = plan.counts
        removed = f"{c['removed']} removed, " if c["removed"] or plan.kind == "lots" else ""
        print(f"{c['new']} new, {c['changed']} changed, {c['unchanged']} unchanged, "
              f"{removed}{c['unmatched']} unmatched")
        shown = [d for d in plan.diffs if d.status != "unchanged"]
        if len(shown) > MAX_DIFF_LINES:  # a lot plan may hold 100,000 lots
            print(f"  (first {MAX_DIFF_LINES} of {len(shown)} new, changed or removed; "
                  "--format json lists all)")
        for d in shown[:MAX_DIFF_LINES]:
            print(f"  {d.status} {d.zone_id} ({d.name})" +
                  (f" [matched by {d.method}]" if d.method else ""))
            for ch in d.changes:
                old, new = ch.old, ch.new
                if ch.field == "geometry":
                    old, new = getattr(old, "geom_type", old), getattr(new, "geom_type", new)
                print(f"    {ch.field}: {_show(old)} → {_show(new)}")


def _emit(args: argparse.Namespace, outcome: ImportOutcome | None, report: Report,
          status: str, *, refusal: str | None = None) -> int:
    """Print the outcome on stdout; a refusal also as one line on stderr (exit 2), else 0.

    Text: detected format/CRS/encoding, the report (one line per finding), the diff, then the
    status line (only when not refused). JSON: one object with ``status`` and ``reason``.
    """
    if args.format == "json":
        print(dumps({"status": "refused" if refusal else status, "reason": refusal,
                     "exit": 2 if refusal else 0, "report": report.to_dict(),
                     "detected": outcome.detected if outcome else None,
                     "diff": outcome.plan.to_dict() if outcome and outcome.plan else None,
                     "log_entry": outcome.entry if outcome else None}))
    else:
        _print_text(outcome, report)
        if refusal is None:
            print(status)
    if refusal is None:
        return 0
    print(f"python -m geo {args.command}: refused: {refusal}", file=sys.stderr)
    return 2


def _reason(args: argparse.Namespace, report: Report, message: str) -> str:
    """The one-line refusal: the count of errors when the report lists them (the message is
    then one of the report's lines, not repeated), else ``message``."""
    tail = "; nothing written" if args.command == "import" else ""
    n = len(report.errors)
    if n:
        return f"{report.source or args.file.name}: {n} error{'s' if n > 1 else ''}{tail}"
    return " ".join(message.split()) + tail


def _refused(args: argparse.Namespace, exc: ImportRefused,
             outcome: ImportOutcome | None = None) -> int:
    if isinstance(exc.report, Report):
        report = exc.report
    else:
        report = outcome.report if outcome is not None else Report(source=args.file.name)
    return _emit(args, outcome, report, "", refusal=_reason(args, report, str(exc)))


def run_validate(args: argparse.Namespace) -> int:
    """Read and check the file; exit 0 if it could be imported, else 2."""
    try:
        outcome = _plan(args)
    except ImportRefused as exc:
        return _refused(args, exc)
    if not outcome.ok:
        return _emit(args, outcome, outcome.report, "",
                     refusal=_reason(args, outcome.report, "errors found"))
    return _emit(args, outcome, outcome.report, "valid")


def run_import(args: argparse.Namespace) -> int:
    """Import (or with --dry-run preview) the file; exit 0 when written / importable or when
    there is nothing to write, else 2."""
    try:
        outcome = _plan(args)
    except ImportRefused as exc:
        return _refused(args, exc)
    report = outcome.report
    if not outcome.ok or outcome.plan is None:
        return _emit(args, outcome, report, "",
                     refusal=_reason(args, report, "errors found"))
    if not outcome.plan.changes_anything:
        return _emit(args, outcome, report, "nothing to import: no new or changed zone, site or "
                     "figure; nothing written")
    if args.dry_run:
        return _emit(args, outcome, report, "dry run: nothing written")
    store = get_store()
    try:
        outcome.entry = store.commit(outcome.plan, user=acting_user(store, args),
                                     note=args.note, allow_unmatched=args.allow_unmatched)
    except ImportRefused as exc:
        exc.report = None  # the plan's report is printed; the reason is the message
        return _refused(args, exc, outcome)
    return _emit(args, outcome, report, f"imported as #{outcome.entry.get('seq')} into the "
                 + ("workspace" if store.name == "gpkg" else store.describe()))


def run_undo(args: argparse.Namespace) -> int:
    """Undo the last import (exit 2 with a message when there is nothing to undo)."""
    store = get_store()
    done = store.undo(user=acting_user(store, args))
    text = (f"undid import #{done.seq} ({done.kind}, {done.file_name}, {done.time_utc})"
            + (" — the workspace is removed; the bundled data is used again"
               if done.removed_workspace else ""))
    print(dumps({"undone": done.__dict__}) if args.format == "json" else text)
    return 0


def run_workspace(args: argparse.Namespace) -> int:
    """``workspace repair`` / ``workspace reset --yes``: one line on stdout; exit 0 (2 when
    refused: reset without --yes, nothing to restore, folder not writable)."""
    if get_store().name != "gpkg":
        raise ParameterError("workspace repair/reset are for the GeoPackage workspace; a "
                             "PostGIS store is repaired by its own transactions")
    if args.action == "reset":
        if not args.yes:
            raise ParameterError("workspace reset moves atlas.gpkg aside and goes back to the "
                                 "bundled data; confirm with --yes")
        print(workspace_reset())
    else:
        print(workspace_repair())
    return 0


def run_log(args: argparse.Namespace) -> int:
    """Print the audit trail (every import and undo, undone imports marked); exit 0."""
    audit = get_store().audit_log()
    if args.format == "json":
        print(dumps(audit.to_dict(orient="records")))
        return 0
    if not len(audit):
        print("no import has been made (the audit trail is empty)")
        return 0
    rows = [[str(r.time_utc), str(r.action) + (" (undone)" if r.undone else ""), f"#{r.seq}",
             str(r.file_name), str(r.sha256)[:12], str(r.kind), str(r.period or "—"),
             f"{r.new}/{r.changed}/{r.unchanged}/{r.removed}/{r.unmatched}",
             str(r.user or ""), str(r.note or "")] for r in audit.itertuples()]
    print(text_table(["time (UTC)", "action", "import", "file", "sha256", "kind", "period",
                      "new/changed/unchanged/removed/unmatched", "user", "note"], rows))
    return 0


def run_periods(args: argparse.Namespace) -> int:
    """List the periods, or compare two of them."""
    store = get_store()
    periods = list_periods(store.load_zone_figures())
    if args.compare is None:
        print(dumps(periods) if args.format == "json" else "\n".join(periods))
        return 0
    a, b = args.compare
    table = compare_periods(store.load_zones(period=a), store.load_zones(period=b), by=args.by)
    if args.format == "json":
        print(dumps({"a": a, "b": b, "by": args.by, "note": COMPARE_NOTE,
                     "rows": table.to_dict(orient="records")}))
        return 0
    rows = [[str(r.key), str(r.figure), fmt_number(r.value_a), f"{r.zones_a}/{r.zones}",
             fmt_number(r.value_b), f"{r.zones_b}/{r.zones}", fmt_number(r.change),
             fmt_number(r.change_pct), f"{r.zones_both}/{r.zones}"]
            for r in table.itertuples()]
    print(text_table([args.by, "figure", a, f"zones {a}", b, f"zones {b}", "change",
                      "change %", "zones both"], rows,
                     [False, False, True, True, True, True, True, True, True]))
    print(COMPARE_NOTE)
    return 0



COMPARE_NOTE = ("Each period's value sums the zones with the figure in that period (zones A / "
                "zones B; a value carried over from the current figures does not count); "
                "change and change % are like for like over the zones with the figure in both "
                "periods (zones both); occupancy change in percentage points; — = no figure.")
