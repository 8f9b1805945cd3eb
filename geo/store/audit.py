"""The audit trail and the lock of the GeoPackage workspace (:mod:`geo.store.workspace`).

``history/audit.jsonl`` holds one JSON line per import, undo, repair and reset, never cut:
``time_utc``, ``action``, ``seq`` (the import's number), ``file_name``, ``sha256``, ``kind``,
``period``, the counts (``new``, ``changed``, ``unchanged``, ``removed``, ``unmatched``; a line
written before ``removed`` existed reads 0) and ``note``. It is
rewritten atomically (:func:`geo.store.atomic.write_text_atomic`) with one more line under the
lock (:func:`locked`, ``.lock``, flock). A writer first appends a ``pending`` line holding the
hash the workspace file will have, replaces the file, then marks the line done
(:func:`finish`); :func:`recover` settles a line a killed writer left.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import DataFileError
from geo.store import atomic
from geo.store import bundled as io

HISTORY = "history"
AUDIT_FILE = "audit.jsonl"
AUDIT_COLUMNS = ("time_utc", "action", "seq", "file_name", "sha256", "kind", "period", "new",
                 "changed", "unchanged", "removed", "unmatched", "note", "undone")
COUNTS = ("new", "changed", "unchanged", "removed", "unmatched")
NO_WORKSPACE = "none"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()



def unwritable(folder: Path, exc: OSError) -> DataFileError:
    reason = atomic.os_reason(exc)
    return DataFileError(f"{folder}: cannot write the workspace: {reason}",
                         message_vi=f"{folder}: không ghi được vào thư mục làm việc: {reason}")



@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the workspace's lock; on taking it, finish what a killed writer left (a pending
    audit record, orphan temporary files)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = (folder / ".lock").open("a")
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            recover(folder)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(folder: Path) -> list[str]:
    """Make the audit trail agree with ``atlas.gpkg`` after a crash (call under the lock).

    A writer first appends a ``pending`` audit line holding the hash the workspace file will
    have, then replaces the file, then marks the line done. A pending line found here is
    marked done when the workspace file has that hash (the replace happened), else aborted (it
    did not; the workspace is as before). Orphan temporary files (``.<hex>.part*``) of the
    workspace and ``history/`` are removed. Returns what was done, one phrase per action.
    """
    done: list[str] = []
    for removed in (*atomic.remove_orphan_temps(folder),
                    *atomic.remove_orphan_temps(folder / HISTORY)):
        done.append(f"removed orphan {removed.name}")
    path = folder / HISTORY / AUDIT_FILE
    if not path.is_file():
        return done
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = False
    for n, line in enumerate(lines):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if not isinstance(rec, dict) or rec.get("state") != "pending":
            continue
        target = folder / io.WORKSPACE_FILE
        now = sha256_file(target) if target.is_file() else NO_WORKSPACE
        committed = now == rec.get("workspace_sha256")
        rec.pop("state", None)
        rec.pop("workspace_sha256", None)
        if not committed:
            rec["action"] = f"aborted {rec.get('action')}"
            rec["note"] = (str(rec.get("note") or "") + " [interrupted; not applied]").strip()
        lines[n] = json.dumps(rec, ensure_ascii=False)
        done.append(f"{'completed' if committed else 'aborted'} {rec.get('action')} "
                    f"#{rec.get('seq')}")
        changed = True
    if changed:
        atomic.write_text_atomic(path, "".join(line + "\n" for line in lines))
    return done



def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def audit_line(action: str, entry: Any) -> str:
    def get(key: str) -> Any:
        value = entry.get(key)
        return None if value is None or (isinstance(value, float) and value != value) else value

    line = {"time_utc": str(get("time_utc") or ""), "action": action, "seq": int(entry["seq"]),
            "file_name": str(get("file_name") or ""), "sha256": str(get("sha256") or ""),
            "kind": str(get("kind") or ""), "period": str(get("period") or ""),
            **{k: int(get(k) or 0) for k in COUNTS}, "note": str(get("note") or "")}
    return json.dumps(line, ensure_ascii=False, sort_keys=False)


def append(history: Path, action: str, entry: Any, *, seed: pd.DataFrame,
                  pending: str | None = None) -> int:
    """Add one line to ``history/audit.jsonl`` (under the lock); returns its index. A workspace
    made before the audit trail existed first gets a line per import of its log (``seed``).

    ``pending``: the SHA-256 the workspace file will have (``"none"``: no file) once the
    action is done; the line is written ``pending`` and :func:`finish` (or, after a
    crash, :func:`recover`) settles it.
    """
    path = history / AUDIT_FILE
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = "".join(audit_line("import", r) + "\n" for r in seed.to_dict("records"))
    if text and not text.endswith("\n"):
        text += "\n"
    line = audit_line(action, entry)
    if pending is not None:
        rec = json.loads(line)
        rec.update(state="pending", workspace_sha256=pending)
        line = json.dumps(rec, ensure_ascii=False)
    atomic.write_text_atomic(path, text + line + "\n")
    return len(text.splitlines())


def finish(history: Path, index: int) -> None:
    """Mark the pending line ``index`` of the audit trail done (the file is in place)."""
    path = history / AUDIT_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[index])
    rec.pop("state", None)
    rec.pop("workspace_sha256", None)
    lines[index] = json.dumps(rec, ensure_ascii=False)
    atomic.write_text_atomic(path, "".join(line + "\n" for line in lines))


def audit_log(*, workspace: Path | None = None) -> pd.DataFrame:
    """The audit trail, oldest first: every import and every undo, including undone imports.

    Columns :data:`AUDIT_COLUMNS`; ``undone`` is True on an import a later undo took back.
    Times are UTC. Empty when nothing was ever imported. It survives undo (it is not in
    ``atlas.gpkg``), so undoing never erases the record of an import.

    Raises
    ------
    DataFileError
        A line of ``history/audit.jsonl`` is not a JSON object (the file was edited by hand).
    """
    path = io.workspace_file(workspace=workspace).parent / HISTORY / AUDIT_FILE
    records: list[dict[str, Any]] = []
    if path.is_file():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise DataFileError(f"{path}: line {n} is not JSON ({exc})") from None
            if not isinstance(rec, dict):
                raise DataFileError(f"{path}: line {n} is not a JSON object")
            records.append(rec)
    undone = {int(r["seq"]) for r in records if r.get("action") == "undo"}
    for r in records:
        r["undone"] = r.get("action") == "import" and int(r["seq"]) in undone
    frame = pd.DataFrame(records, columns=list(AUDIT_COLUMNS))
    if not len(frame):
        return frame
    counts = {k: frame[k].fillna(0).astype("int64") for k in COUNTS}  # older lines: no removed
    return frame.assign(**counts).astype({"seq": "int64"})

