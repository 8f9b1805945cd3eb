"""The workspace: where imports are stored, logged and undone; the bundled data stays read-only.

Layout (``geo.settings.workspace_dir()``: ``$KCN_ATLAS_WORKSPACE`` or ``workspace/``)::

    atlas.gpkg            layers zones, zone_figures, housing_sites (EPSG:4326) and import_log
    history/before-NNNN.gpkg   the workspace as it was before import NNNN (for undo)
    history/undone-NNNN.gpkg   the workspace an undo took away (kept: nothing is ever lost)
    history/audit.jsonl   the audit trail: one JSON line per import and per undo, never cut
    .lock                 taken (flock) while an import or an undo writes

The ``import_log`` layer lives inside ``atlas.gpkg``, so an undo takes its last entry away with
the rest of the state (undo restores the earlier file byte for byte). The audit trail
(:mod:`geo.store.audit`, ``python -m geo log``) lives outside it and is append-only;
it gets one more line under the lock, after the GeoPackage is in place.

The first import creates the workspace from the bundled data, so imports change a copy; undoing
that import removes ``atlas.gpkg`` again and the app reads the bundled data. Every write is
atomic: the new GeoPackage is built in a temporary file of the same folder, fsynced, then
``os.replace``d over ``atlas.gpkg``; a failed or refused import never touches the folder.

An import goes in two steps: :func:`geo.imports.plan.plan_import` (match, diff, validate —
nothing written; the page and ``--dry-run`` show the plan) and :func:`commit_import` (write +
log; the store only persists a :class:`geo.store.base.Change`). Half-year figures
with rows that match no zone are refused unless ``allow_unmatched=True`` (the page asks the user
to confirm; the CLI needs ``--allow-unmatched``): only the matched rows are then stored, and the
unmatched ones stay listed in the plan's report. :func:`undo` restores the state before the last
import.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio

from geo.core.periods import empty_figures
from geo.errors import AtlasError, DataFileError, ImportRefused, StaleVersion
from geo.settings import data_dir
from geo.store import atomic, audit
from geo.store import bundled as io
from geo.store.base import Change, State, UndoResult
from geo.store.indicators import LAYER as INDICATORS_LAYER
from geo.store.indicators import load_imported_indicators
from geo.store.lots import LAYER as LOTS_LAYER
from geo.store.lots import load_lots

LOG_COLUMNS = ("seq", "time_utc", "file_name", "sha256", "kind", "period", "new", "changed",
               "unchanged", "removed", "unmatched", "note", "snapshot", "changes")
LOG_COUNTS = ("seq", "new", "changed", "unchanged", "removed", "unmatched")


def fingerprint(*, workspace: Path | None = None) -> str:
    """SHA-256 of ``atlas.gpkg``, or ``"none"`` while there is no workspace."""
    path = io.workspace_file(workspace=workspace)
    return audit.sha256_file(path) if path.is_file() else audit.NO_WORKSPACE


def empty_log() -> pd.DataFrame:
    """An empty import log."""
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c in LOG_COUNTS else object)
                         for c in LOG_COLUMNS})


def _logged(log: pd.DataFrame) -> pd.DataFrame:
    """The ``import_log`` layer as read, in :data:`LOG_COLUMNS` (a log written before
    ``removed`` existed: 0 removed)."""
    if not len(log.columns):
        return empty_log()
    if "removed" not in log.columns:
        log = log.assign(removed=0)
    return log[list(LOG_COLUMNS)]


def load_state(*, workspace: Path | None = None) -> State:
    """The workspace's layers, or the bundled data (empty figures and log) if there is none."""
    path = io.workspace_file(workspace=workspace)
    if not path.is_file():
        root = data_dir()
        return State(io.load_zones(root=root), empty_figures(), io.load_housing_sites(root=root),
                     empty_log(), load_lots(workspace=workspace))
    zones = io.load_zones(workspace=workspace)
    housing = io.load_housing_sites(workspace=workspace)
    log = io.read_workspace_layer("import_log", workspace=workspace)
    return State(zones, io.load_zone_figures(workspace=workspace), housing, _logged(log),
                 load_lots(workspace=workspace), load_imported_indicators(workspace=workspace))


def import_log(*, workspace: Path | None = None) -> pd.DataFrame:
    """The import log, oldest first (empty when there is no workspace). Times are UTC."""
    if not io.workspace_file(workspace=workspace).is_file():
        return empty_log()
    return _logged(io.read_workspace_layer("import_log", workspace=workspace))



# ---------------------------------------------------------------------------------------------
# Writing
def _write_gpkg(state: State, path: Path) -> None:
    """Write the four layers to a new GeoPackage ``path`` and fsync it."""
    pyogrio.write_dataframe(state.zones, path, layer="zones", driver="GPKG",
                            geometry_type="Unknown")
    pyogrio.write_dataframe(state.housing, path, layer="housing_sites", driver="GPKG",
                            geometry_type="Unknown")
    pyogrio.write_dataframe(state.figures, path, layer="zone_figures", driver="GPKG")
    pyogrio.write_dataframe(state.log, path, layer="import_log", driver="GPKG")
    if state.lots is not None and len(state.lots):
        pyogrio.write_dataframe(state.lots, path, layer=LOTS_LAYER, driver="GPKG",
                                geometry_type="Unknown")
    if state.indicators is not None and len(state.indicators):
        pyogrio.write_dataframe(state.indicators, path, layer=INDICATORS_LAYER, driver="GPKG")


def _next_number(history: Path) -> int:
    numbers = [int(m.group(1)) for p in history.glob("*.gpkg")
               if (m := re.search(r"-(\d+)\.gpkg$", p.name))]
    return max(numbers, default=0) + 1


def check_committable(plan: Change, *, allow_unmatched: bool = False) -> None:
    """Refuse (:class:`ImportRefused`) a plan with errors, one that changes nothing, or one with
    unmatched figures rows unless ``allow_unmatched``: the checks every backend makes first."""
    if not plan.ok:
        raise ImportRefused(f"{plan.file_name}: {len(plan.report.errors)} error(s); nothing "
                            "was written", report=plan.report)
    if not plan.changes_anything:
        raise ImportRefused(f"{plan.file_name}: nothing to write (no new or changed "
                            f"{_row_word(plan.kind)} or figure)",
                            report=plan.report)
    if plan.unmatched and not allow_unmatched:
        rows = ", ".join(f"{plan.report.where(r)} {n!r}" for r, n in plan.unmatched[:10])
        raise ImportRefused(f"{plan.file_name}: {len(plan.unmatched)} row(s) match no zone "
                            f"({rows}); confirm to import the matched rows only "
                            "(--allow-unmatched)", report=plan.report)


def _row_word(kind: str) -> str:
    return {"housing": "site", "indicators": "indicator"}.get(kind, "zone")


def commit_import(plan: Change, *, note: str = "", allow_unmatched: bool = False,
                  workspace: Path | None = None) -> dict[str, Any]:
    """Write a plan to the workspace atomically and log it; returns the log entry.

    Raises
    ------
    ImportRefused
        The plan has errors; figures rows are unmatched and ``allow_unmatched`` is False; the
        plan changes nothing (:attr:`Change.changes_anything`); or the workspace changed
        since the plan was made (plan again). Nothing is written then.
    """
    check_committable(plan, allow_unmatched=allow_unmatched)
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    with audit.locked(folder):
        if fingerprint(workspace=workspace) != plan.base:
            raise StaleVersion(f"{plan.file_name}: the workspace changed since the preview; "
                               "preview the import again",
                               message_vi=f"{plan.file_name}: dữ liệu đã thay đổi sau khi xem "
                                          "trước; hãy xem trước lại")
        history = folder / audit.HISTORY
        history.mkdir(exist_ok=True)
        logged = plan.state.log["seq"]
        n = max(_next_number(history), int(logged.max()) + 1 if len(logged) else 1)
        snapshot = f"before-{n:04d}.gpkg" if target.is_file() else ""
        entry = log_entry(plan, n=n, note=note, snapshot=snapshot)
        log = pd.concat([plan.state.log, pd.DataFrame([entry])], ignore_index=True) \
            if len(plan.state.log) else pd.DataFrame([entry], columns=list(LOG_COLUMNS))
        state = State(plan.state.zones, plan.state.figures, plan.state.housing, log,
                      plan.state.lots, plan.state.indicators)
        try:
            with atomic.atomic_path(target) as tmp:
                _write_gpkg(state, tmp)  # OS and GDAL errors: DataFileError (atomic_path)
                if snapshot:
                    atomic.copy_atomic(target, history / snapshot)
                pending = audit.append(history, "import", entry, seed=plan.state.log,
                                        pending=audit.sha256_file(tmp))
            audit.finish(history, pending)
        except BaseException:
            if snapshot and fingerprint(workspace=workspace) == plan.base:
                (history / snapshot).unlink(missing_ok=True)
            with contextlib.suppress(OSError, AtlasError):
                audit.recover(folder)  # a pending audit line of this attempt: aborted
            raise
    return entry


def log_entry(plan: Change, *, n: int, note: str, snapshot: str) -> dict[str, Any]:
    changes = [{"id": d.zone_id, "status": d.status, "fields": [c.field for c in d.changes]}
               for d in plan.diffs if d.status != "unchanged"]
    return {"seq": n, "time_utc": audit.now_utc(),
            "file_name": plan.file_name, "sha256": plan.sha256, "kind": plan.kind,
            "period": plan.period or "", **{k: int(v) for k, v in plan.counts.items()},
            "note": note, "snapshot": snapshot,
            "changes": json.dumps(changes, ensure_ascii=False)}




def undo(*, workspace: Path | None = None) -> UndoResult:
    """Restore the workspace as it was before the last import; return which import that was.

    The state being undone is kept as ``history/undone-NNNN.gpkg``. Undoing the first import
    removes ``atlas.gpkg`` (the app reads the bundled data again).

    Raises
    ------
    AtlasError
        Nothing to undo (no workspace, or an empty log), or the snapshot is missing.
    """
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    if not target.is_file():
        raise AtlasError(f"{folder}: nothing to undo (no import has been made)")
    with audit.locked(folder):
        log = io.read_workspace_layer("import_log", workspace=workspace)
        if not len(log):
            raise AtlasError(f"{target}: nothing to undo (the import log is empty)")
        last = log.iloc[-1]
        snapshot = str(last["snapshot"] or "")
        history = folder / audit.HISTORY
        if snapshot and not (history / snapshot).is_file():
            raise DataFileError(f"{history / snapshot}: snapshot of import {last['seq']} is "
                                "missing; cannot undo")
        undone = history / f"undone-{int(last['seq']):04d}.gpkg"
        kept = undone.exists()
        record = {str(k): last[k] for k in last.index}
        record["time_utc"] = audit.now_utc()
        try:
            history.mkdir(exist_ok=True)
            after = audit.sha256_file(history / snapshot) if snapshot else audit.NO_WORKSPACE
            atomic.copy_atomic(target, undone)
            pending = audit.append(history, "undo", record, seed=log, pending=after)
            if snapshot:
                atomic.copy_atomic(history / snapshot, target)
            else:
                target.unlink()
            atomic.fsync_dir(folder)
        except (OSError, DataFileError) as exc:
            if not kept and target.is_file():
                with contextlib.suppress(OSError):
                    undone.unlink(missing_ok=True)
            with contextlib.suppress(OSError, AtlasError):
                audit.recover(folder)
            reason = atomic.os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise DataFileError(f"{folder}: cannot undo: {reason}; nothing was changed",
                                message_vi=f"{folder}: không hoàn tác được: {reason}; không "
                                           "có gì thay đổi") from exc
        audit.finish(history, pending)
    return UndoResult(int(last["seq"]), str(last["file_name"]), str(last["time_utc"]),
                      str(last["kind"]), str(last["period"] or ""), not snapshot)



# ---------------------------------------------------------------------------------------------
# Repair and reset
WORKSPACE_LAYERS = ("zones", "zone_figures", "housing_sites", "import_log")


def is_intact(path: Path) -> bool:
    """Whether ``path`` is a readable workspace GeoPackage: SQLite integrity check passes and
    the four layers (:data:`WORKSPACE_LAYERS`) are there."""
    if not path.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return False
        layers = {str(row[0]) for row in pyogrio.list_layers(path)}
        for name in WORKSPACE_LAYERS:
            if name not in layers:
                return False
            pyogrio.read_info(path, layer=name)
    except (sqlite3.Error, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            OSError, ValueError):
        return False
    return True


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(action: str, note: str) -> dict[str, Any]:
    return {"seq": 0, "time_utc": audit.now_utc(), "file_name": io.WORKSPACE_FILE, "sha256": "",
            "kind": "", "period": "", "note": note}


def repair(*, workspace: Path | None = None) -> str:
    """Replace a damaged ``atlas.gpkg`` by the newest intact snapshot of ``history/``.

    The damaged file is kept as ``atlas.corrupt-<UTC time>.gpkg``; the repair is written to
    the audit trail. Returns what was done, in one line.

    Raises
    ------
    DataFileError
        No intact snapshot exists (then ``reset`` is the way out), or the folder is not writable.
    """
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    if not target.is_file():
        return f"{folder}: no workspace file; nothing to repair (the bundled data is used)"
    if is_intact(target):
        return f"{target}: intact; nothing to repair"
    with audit.locked(folder):
        history = folder / audit.HISTORY
        snaps = sorted(history.glob("before-*.gpkg"), reverse=True) if history.is_dir() else []
        good = next((p for p in snaps if is_intact(p)), None)
        if good is None:
            raise DataFileError(f"{target}: damaged and no intact snapshot in {history}; run "
                                "`python -m geo workspace reset --yes` to go back to the "
                                "bundled data",
                                message_vi=f"{target}: bị hỏng và không có bản lưu tốt; chạy "
                                           "`python -m geo workspace reset --yes`")
        aside = folder / f"atlas.corrupt-{_stamp()}.gpkg"
        try:
            atomic.copy_atomic(good, aside.with_name(".restoring.gpkg"))
            os.replace(target, aside)
            os.replace(aside.with_name(".restoring.gpkg"), target)
            atomic.fsync_dir(folder)
        except OSError as exc:
            raise audit.unwritable(folder, exc) from exc
        note = f"restored {good.name}; damaged file kept as {aside.name}"
        audit.append(history, "repair", _event("repair", note), seed=empty_log())
    return f"{target}: {note}"


def reset(*, workspace: Path | None = None) -> str:
    """Move ``atlas.gpkg`` aside (``atlas.reset-<UTC time>.gpkg``): the app reads the bundled
    data again. Snapshots and the audit trail stay; the reset is audited. Returns one line."""
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    if not target.exists():
        return f"{folder}: no workspace file; the bundled data is already used"
    with audit.locked(folder):
        aside = folder / f"atlas.reset-{_stamp()}.gpkg"
        try:
            os.replace(target, aside)
            atomic.fsync_dir(folder)
            (folder / audit.HISTORY).mkdir(exist_ok=True)
        except OSError as exc:
            raise audit.unwritable(folder, exc) from exc
        note = f"workspace moved aside as {aside.name}; bundled data in use"
        audit.append(folder / audit.HISTORY, "reset", _event("reset", note), seed=empty_log())
    return f"{target}: {note}"
