"""The store interface (issue 12): what the CLI, ``ui/`` and the pages need from where data lives.

Two backends implement it: :class:`geo.store.gpkg.GpkgStore` (the embedded GeoPackage
workspace, the default: no set-up) and :class:`geo.store.postgis.PostgisStore` (a board's
shared PostgreSQL + PostGIS database, when ``KCN_ATLAS_DB`` names one).
:func:`geo.store.factory.get_store` picks one. A third backend is one new module.

Semantics every backend keeps:

* layers are EPSG:4326 (lon/lat degrees); areas stay the sources' hectares (geometry areas are
  computed geodesically by :mod:`geo.accounts`, never by the database);
* planning is pure: :func:`geo.store.workspace.plan_import` plans from a
  :class:`~geo.store.workspace.State` (:meth:`Store.load_state`) and writes nothing; the plan
  carries the :meth:`Store.version` it was made on (``plan.base``);
* :meth:`Store.commit` writes one import and its audit record as one unit and refuses
  (:class:`geo.errors.StaleVersion`) when the store's version is no longer the one the plan
  was made on: a stale commit never overwrites another one (optimistic concurrency);
* every write is checked against the acting user's role and provinces
  (:func:`geo.store.users.check_write`, :class:`geo.errors.AccessDenied`);
* :meth:`Store.undo` takes back the last import; the audit trail keeps both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from geo.core.findings import Report
    from geo.store.users import User, UserRecord
    from geo.store.workspace import ImportPlan, Kind, State, UndoResult


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

    def periods(self) -> list[str]:
        """Periods with imported zone figures, sorted."""
        ...

    def plan(self, frame: pd.DataFrame, *, kind: Kind, file_name: str, sha256: str,
             period: str | None = None, report: Report | None = None,
             source_format: str = "", geometry_quality: str | None = None) -> ImportPlan:
        """Plan an import from the current state (pure; ``plan.base`` = :meth:`version`)."""
        ...

    def commit(self, plan: ImportPlan, *, expected_version: str | None = None,
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
        """The imports in effect, oldest first (``workspace.LOG_COLUMNS``)."""
        ...

    def audit_log(self) -> pd.DataFrame:
        """Every import and undo, oldest first; ``workspace.AUDIT_COLUMNS`` + ``user``."""
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
