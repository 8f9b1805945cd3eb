"""The embedded backend: the GeoPackage workspace of :mod:`geo.store.workspace` behind
:class:`geo.store.base.Store` (the default; nothing to set up).

A thin class: loading, commit (lock, pending audit record, atomic replace, history
snapshot), undo and the audit trail are the workspace's functions. What it adds:

* the role check of :mod:`geo.store.users` before a commit or an undo (users in
  ``<workspace>/users.json``; none = open mode);
* who did it: ``history/actors.jsonl`` (one JSON line per import and undo: action, seq, user,
  provinces), joined to the audit trail as its ``user`` column. The line is written right after
  the workspace's own audit record (a crash between the two leaves the actor unknown, never the
  data wrong).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.errors import AtlasError, StaleVersion
from geo.store import audit
from geo.store import bundled as io
from geo.store import touched as touched_rows
from geo.store import users as auth
from geo.store import workspace as ws
from geo.store.atomic import write_text_atomic
from geo.store.base import Change, State, UndoResult
from geo.store.indicators import load_imported_indicators
from geo.store.lots import load_lots

ACTORS_FILE = "actors.jsonl"
HISTORY = "history"


class GpkgStore:
    """The GeoPackage workspace in ``folder`` (default ``geo.settings.workspace_dir()``)."""

    name = "gpkg"

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder

    @property
    def folder(self) -> Path:
        """The workspace folder (read each time: tests and the CLI set the variable late)."""
        return io.workspace_file(workspace=self._folder).parent

    def describe(self) -> str:
        """The workspace file."""
        return f"GeoPackage workspace {io.workspace_file(workspace=self._folder)}"

    def version(self) -> str:
        """SHA-256 of ``atlas.gpkg`` (``"none"`` while there is none)."""
        return ws.fingerprint(workspace=self._folder)

    def load_state(self) -> State:
        """The workspace's layers, or the bundled data while there is no workspace."""
        return ws.load_state(workspace=self._folder)

    def snapshot(self) -> tuple[State, str]:
        """The state and the version (read under no lock: the commit checks the version again
        under the workspace lock)."""
        version = self.version()
        return self.load_state(), version

    def load_zones(self, *, period: str | None = None) -> gpd.GeoDataFrame:
        """As :func:`geo.store.bundled.load_zones` on this workspace."""
        return io.load_zones(period=period, workspace=self._folder)

    def load_housing_sites(self) -> gpd.GeoDataFrame:
        """As :func:`geo.store.bundled.load_housing_sites` on this workspace."""
        return io.load_housing_sites(workspace=self._folder)

    def load_zone_figures(self) -> pd.DataFrame:
        """As :func:`geo.store.bundled.load_zone_figures` on this workspace."""
        return io.load_zone_figures(workspace=self._folder)

    def load_lots(self) -> gpd.GeoDataFrame:
        """The workspace's lot layer (:func:`geo.store.lots.load_lots`)."""
        return load_lots(workspace=self._folder)

    def load_imported_indicators(self) -> pd.DataFrame | None:
        """The workspace's ``indicators`` layer
        (:func:`geo.store.indicators.load_imported_indicators`), or None."""
        return load_imported_indicators(workspace=self._folder)

    def periods(self) -> list[str]:
        """Periods with imported figures."""
        return io.zone_periods(workspace=self._folder)

    # -----------------------------------------------------------------------------------------
    def _actor(self, user: auth.User | None) -> auth.User | None:
        return auth.current_role(self.list_users(), user)

    def commit(self, plan: Change, *, expected_version: str | None = None,
               user: auth.User | None = None, note: str = "",
               allow_unmatched: bool = False) -> dict[str, Any]:
        """Check the user and the version, then :func:`geo.store.workspace.commit_import`
        (which checks the version again under the workspace lock)."""
        expected = plan.base if expected_version is None else expected_version
        if self.version() != expected:
            raise StaleVersion(f"{plan.file_name}: the workspace changed since the preview "
                               "(another import or an undo); preview the import again",
                               message_vi=f"{plan.file_name}: dữ liệu đã thay đổi sau khi xem "
                                          "trước; hãy xem trước lại")
        records = self.list_users()
        actor = auth.current_role(records, user)
        before = touched_rows.lookup_in(self.load_state()) if records else (lambda _l, _i: set())
        touched = touched_rows.provinces_touched(plan, before)  # open mode: recorded, not checked
        auth.check_write(actor if user is not None else None, touched,
                         users_configured=bool(records), action="import")
        if plan.base != expected:
            plan.base = expected
        entry = ws.commit_import(plan, note=note, allow_unmatched=allow_unmatched,
                                 workspace=self._folder)
        self._record("import", int(entry["seq"]), actor, touched)
        return entry

    def undo(self, *, user: auth.User | None = None) -> UndoResult:
        """Check the user against the provinces of the last import, then undo it."""
        records = self.list_users()
        if records:
            log = self.import_log()
            if not len(log):
                raise AtlasError(f"{self.folder}: nothing to undo (no import has been made)")
            last = log.iloc[-1]
            touched = self._provinces_of(int(last["seq"]))
            if touched is None:
                touched = touched_rows.provinces_of_log_entry(last, self.load_state())
            auth.check_write(auth.current_role(records, user) if user else None, touched,
                             users_configured=True, action="undo")
        done = ws.undo(workspace=self._folder)
        self._record("undo", done.seq, self._actor(user), set())
        return done

    def _actors_path(self) -> Path:
        return self.folder / HISTORY / ACTORS_FILE

    def _actors(self) -> list[dict[str, Any]]:
        path = self._actors_path()
        if not path.is_file():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict):
                out.append(rec)
        return out

    def _provinces_of(self, seq: int) -> set[str] | None:
        for rec in self._actors():
            if rec.get("action") == "import" and rec.get("seq") == seq:
                return set(rec.get("provinces") or [])
        return None

    def _record(self, action: str, seq: int, user: auth.User | None,
                provinces: set[str]) -> None:
        """Append who did import/undo ``seq`` and the provinces it touched, under the
        workspace lock (another writer taking the lock removes temporary files it finds, and
        two appends must not lose a line)."""
        path = self._actors_path()
        line = json.dumps({"action": action, "seq": seq,
                           "user": user.name if user else auth.OPEN_USER,
                           "provinces": sorted(provinces)}, ensure_ascii=False)
        with audit.locked(self.folder):
            old = path.read_text(encoding="utf-8") if path.is_file() else ""
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, old + line + "\n")

    def recover(self) -> list[str]:
        """Settle what a killed writer left (a pending audit line, temporary files), under the
        workspace lock; returns what was done."""
        if not self.folder.is_dir():
            return []
        with audit.locked(self.folder):  # taking the lock runs recover() first
            return audit.recover(self.folder)

    # -----------------------------------------------------------------------------------------
    def import_log(self) -> pd.DataFrame:
        """The workspace's import log."""
        return ws.import_log(workspace=self._folder)

    def audit_log(self) -> pd.DataFrame:
        """The workspace's audit trail with a ``user`` column (``(open)``: no users then)."""
        trail = audit.audit_log(workspace=self._folder)
        who = {(r.get("action"), r.get("seq")): str(r.get("user") or "") for r in self._actors()}
        users = [who.get((a, int(s)), "") for a, s in zip(trail["action"], trail["seq"],
                                                             strict=True)] if len(trail) else []
        return trail.assign(user=pd.Series(users, index=trail.index, dtype=object))

    # -----------------------------------------------------------------------------------------
    def list_users(self) -> list[auth.UserRecord]:
        """Users of ``users.json`` in the workspace folder."""
        return auth.FileUsers(self.folder).list_users()

    def add_user(self, record: auth.UserRecord) -> None:
        """Add or replace a user."""
        auth.FileUsers(self.folder).add_user(record)

    def remove_user(self, name: str) -> bool:
        """Remove a user."""
        return auth.FileUsers(self.folder).remove_user(name)

    def authenticate(self, name: str, password: str) -> auth.User:
        """The user if the password matches."""
        return auth.authenticate(self.list_users(), name, password)
