"""The store interface (issue 12): what the CLI, ``ui/`` and the pages need from where data lives.

Two backends implement it: :class:`geo.store.gpkg.GpkgStore` (the embedded GeoPackage
workspace, the default: no set-up) and :class:`geo.store.postgis.PostgisStore` (a board's
shared PostgreSQL + PostGIS database, when ``KCN_ATLAS_DB`` names one).
:func:`geo.store.factory.get_store` picks one. A third backend is one new module.

Semantics every backend keeps:

* layers are EPSG:4326 (lon/lat degrees); areas stay the sources' hectares (geometry areas are
  computed geodesically by :mod:`geo.accounts`, never by the database);
* the store only persists: planning is an import concern (:func:`geo.imports.plan.plan_import`
  plans from the :class:`State` and version of :meth:`Store.snapshot` and writes nothing); what
  a commit consumes is a :class:`Change` (the new state and the fields of its log and audit
  entries; :class:`geo.imports.plan.ImportPlan` is one), made on version ``change.base``;
* :meth:`Store.commit` writes one import and its audit record as one unit and refuses
  (:class:`geo.errors.StaleVersion`) when the store's version is no longer the one the plan
  was made on: a stale commit never overwrites another one (optimistic concurrency);
* every write is checked against the acting user's role and provinces
  (:func:`geo.store.users.check_write`, :class:`geo.errors.AccessDenied`);
* :meth:`Store.undo` takes back the last import; the audit trail keeps both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo.core.findings import Report
from geo.core.schema import ImportKind as Kind

if TYPE_CHECKING:
    from geo.store.users import User, UserRecord

Method = Literal["id", "name", "location"]
"""How an imported row was matched to a stored one."""
Status = Literal["new", "changed", "unchanged", "removed"]
"""What an import does to one row (``removed``: a stored lot a lot plan replacing its zones'
lots no longer holds, :func:`geo.imports.lots_plan.plan_lots`)."""


@dataclass
class State:
    """Everything the workspace holds (or would hold): the layers, EPSG:4326 (``lots``: the
    lot register, :mod:`geo.store.lots`; ``indicators``: imported indicator figures,
    :mod:`geo.store.indicators`; None = none)."""

    zones: gpd.GeoDataFrame
    figures: pd.DataFrame
    housing: gpd.GeoDataFrame
    log: pd.DataFrame
    lots: gpd.GeoDataFrame | None = None
    indicators: pd.DataFrame | None = None



@dataclass(frozen=True)
class FieldChange:
    """One field of one row: stored value → imported value (``geometry`` shown as its type)."""

    field: str
    old: Any
    new: Any


@dataclass
class ZoneDiff:
    """What an import does to one zone (housing site; lot, keyed ``zone_id/lot_id``)."""

    zone_id: str
    name: str
    status: Status
    method: Method | None
    changes: list[FieldChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {"zone_id": self.zone_id, "name": self.name, "status": self.status,
                "method": self.method,
                "changes": [{"field": c.field, "old": show_value(c.old), "new": show_value(c.new)}
                            for c in self.changes]}


def show_value(value: Any) -> Any:
    """``value`` as a diff shows it: a geometry as its type, NaN as None."""
    if isinstance(value, BaseGeometry):
        return value.geom_type
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass
class Change:
    """What a commit writes: the store after an import, and the fields of its log and audit
    entries (:class:`geo.imports.plan.ImportPlan` is one; nothing is written until
    :meth:`Store.commit`).

    Attributes
    ----------
    kind, file_name, sha256, period : what is imported (period only for figures).
    diffs : per matched or new row, the field-by-field changes.
    figure_rows : figures only: rows of ``zone_figures`` the import adds or changes (a zone's
        first figures for the period count even when they equal its current figures).
    unmatched : rows of a figures table that match no zone (0-based position, as the user
        knows it: ``report.where(pos)`` — "row 10" of the spreadsheet), with their name.
    report : the reader's findings followed by those of matching and the final schema check.
    base : :meth:`Store.version` of the store the plan was made on.
    state : the store after the import (without its log entry).
    """

    kind: Kind
    file_name: str
    sha256: str
    period: str | None
    diffs: list[ZoneDiff]
    unmatched: list[tuple[int, str]]
    report: Report
    base: str
    state: State = field(repr=False)
    figure_rows: int = 0

    @property
    def changes_anything(self) -> bool:
        """Whether committing would change the workspace: a new, changed or removed zone (site,
        lot), or a figures row added or changed for the period. False: nothing to write."""
        c = self.counts
        return bool(c["new"] or c["changed"] or c["removed"] or self.figure_rows)

    @property
    def counts(self) -> dict[str, int]:
        """Numbers of new, changed, unchanged and removed zones (sites, lots) and unmatched
        rows."""
        out = {s: sum(d.status == s for d in self.diffs)
               for s in ("new", "changed", "unchanged", "removed")}
        out["unmatched"] = len(self.unmatched)
        return out

    @property
    def ok(self) -> bool:
        """No error in the report (warnings and unmatched rows do not block by themselves)."""
        return self.report.ok


@dataclass(frozen=True)
class UndoResult:
    """The import an undo took back (from its log entry)."""

    seq: int
    file_name: str
    time_utc: str
    kind: str
    period: str
    removed_workspace: bool


@runtime_checkable
class Store(Protocol):
    """Where a board's zones, housing sites, figures by period and lots live."""

    name: str
    """``"gpkg"`` or ``"postgis"``."""

    def describe(self) -> str:
        """Where the data is, in one line, without a password."""
        ...

    def version(self) -> str:
        """An opaque token that changes on every commit and undo (cache key, concurrency)."""
        ...

    def load_state(self) -> State:
        """Zones, figures, housing, import log and lots (EPSG:4326)."""
        ...

    def load_zones(self, *, period: str | None = None) -> gpd.GeoDataFrame:
        """The zones (validated; with the figures of ``period`` when given), EPSG:4326."""
        ...

    def load_housing_sites(self) -> gpd.GeoDataFrame:
        """The worker-housing sites, EPSG:4326."""
        ...

    def load_zone_figures(self) -> pd.DataFrame:
        """Zone figures by period (``geo.core.periods.FIGURE_TABLE_COLUMNS``)."""
        ...

    def load_lots(self) -> gpd.GeoDataFrame:
        """The lot register, EPSG:4326 (empty when none)."""
        ...

    def load_imported_indicators(self) -> pd.DataFrame | None:
        """The imported indicator figures (``geo.core.schema.INDICATOR_FIELDS``, validated), or
        None when there are none; the bundled ones are not among them
        (:func:`geo.store.factory.load_indicators` lays these over those)."""
        ...

    def periods(self) -> list[str]:
        """Periods with imported zone figures, sorted."""
        ...

    def snapshot(self) -> tuple[State, str]:
        """The state and the version it has, read together (what an import is planned on)."""
        ...

    def commit(self, plan: Change, *, expected_version: str | None = None,
               user: User | None = None, note: str = "",
               allow_unmatched: bool = False) -> dict[str, Any]:
        """Write ``plan`` with its audit record; returns the log entry.

        ``expected_version`` defaults to ``plan.base``. Raises StaleVersion, AccessDenied or
        ImportRefused; nothing is written then.
        """
        ...

    def undo(self, *, user: User | None = None) -> UndoResult:
        """Take back the last import (refused for a user outside its provinces)."""
        ...

    def recover(self) -> list[str]:
        """Settle what a writer killed mid-commit left; the state and the audit then agree."""
        ...

    def import_log(self) -> pd.DataFrame:
        """The imports in effect, oldest first (``geo.store.workspace.LOG_COLUMNS``)."""
        ...

    def audit_log(self) -> pd.DataFrame:
        """Every import and undo, oldest first; ``geo.store.audit.AUDIT_COLUMNS`` + ``user``."""
        ...

    # users
    def list_users(self) -> list[UserRecord]:
        """The users (empty: open mode)."""
        ...

    def add_user(self, record: UserRecord) -> None:
        """Add or replace a user."""
        ...

    def remove_user(self, name: str) -> bool:
        """Remove a user; False if there was none."""
        ...

    def authenticate(self, name: str, password: str) -> User:
        """The user if the password matches; else AccessDenied."""
        ...
