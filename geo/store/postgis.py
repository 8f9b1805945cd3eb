"""The shared backend: a board's PostgreSQL + PostGIS database (``KCN_ATLAS_DB``), issue 12.

Same semantics as the GeoPackage workspace (:mod:`geo.store.base`), with many users at once:

* every import is one transaction: lock the one-row ``store_version`` table ``FOR UPDATE``,
  compare its version with the one the plan was made on (a stale commit is refused with
  :class:`geo.errors.StaleVersion`, never applied over the other), check the user's role and
  provinces, keep the rows the import replaces or removes (and the keys it adds) in
  ``hist_<table>``, write only the rows it adds or changes, delete the lots it removes, the
  import log entry and the audit record, bump the version; COMMIT. A killed client leaves
  nothing: the server rolls the open transaction back;
* undo removes the import's rows and puts back the replaced and removed ones from
  ``hist_<table>`` (a removed lot where it was: same ``ord``, fields, geometry), in one
  transaction, audited (the history rows are kept);
* every kind of import is held, indicators too: the ``indicators`` table keeps the imported
  figures only (schema migration 2), and :func:`geo.store.factory.load_indicators` lays them
  over the bundled ones, as on the GeoPackage workspace. An indicator import touches the
  provinces of its new or changed figures; a region figure (no province) counts as ``""``, so
  only an administrator (or anyone in open mode) may import or undo one, as on the workspace;
* geometries are ``geometry(Geometry, 4326)`` with a GiST index (lon/lat degrees); areas stay
  the sources' hectares, and geometry areas are computed geodesically in :mod:`geo.accounts`
  (pyproj), never with PostGIS's planar ``ST_Area`` on degrees.

psycopg 3; every value goes as a query parameter or through COPY, identifiers through
:mod:`psycopg.sql` from the schema's field names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import geopandas as gpd
import pandas as pd
import psycopg
from psycopg import sql

from geo.core.periods import CURRENT, FIGURE_TABLE_COLUMNS, empty_figures, zones_for_period
from geo.errors import AtlasError, DataFileError, ImportRefused, StaleVersion
from geo.settings import WGS84
from geo.store import _pg_schema as schema
from geo.store import audit
from geo.store import touched as touched_rows
from geo.store import users as auth
from geo.store import workspace as ws
from geo.store._pg_rows import ident, read_table, remove_rows, restore_rows, write_rows
from geo.store._pg_rows import write_table as write_table
from geo.store.base import Change, State, UndoResult
from geo.store.bundled import validate_housing_sites, validate_zones
from geo.store.indicators import imported_rows, indicator_key
from geo.store.lots import coerce_lots, empty_lots

DB_ENV = "KCN_ATLAS_DB"
INDICATORS = "database (table indicators)"


_ident = ident


class PostgisStore:
    """A PostGIS database named by a libpq connection string (``postgresql://...``)."""

    name = "postgis"

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def describe(self) -> str:
        """Host, port and database, without the password."""
        info = psycopg.conninfo.conninfo_to_dict(self.dsn)
        return (f"PostGIS database {info.get('dbname', '?')} on {info.get('host', 'localhost')}"
                f":{info.get('port', 5432)}")

    @contextlib.contextmanager
    def connect(self, *, check: bool = True) -> Iterator[psycopg.Connection]:
        """A connection; ``check``: refuse a database whose schema is missing or old."""
        try:
            conn = psycopg.connect(self.dsn, connect_timeout=10)
        except psycopg.OperationalError as exc:
            reason = " ".join(str(exc).split())[:300]
            raise DataFileError(f"{self.describe()}: cannot connect ({reason})",
                                message_vi=f"{self.describe()}: không kết nối được") from None
        with conn:
            if check and schema.current_version(conn) != schema.LATEST:
                raise DataFileError(f"{self.describe()}: schema version "
                                    f"{schema.current_version(conn)}, this tool needs "
                                    f"{schema.LATEST}; run `python -m geo db upgrade`",
                                    message_vi="cơ sở dữ liệu chưa khởi tạo hoặc cũ; chạy "
                                               "`python -m geo db upgrade`")
            conn.rollback()
            yield conn

    def upgrade(self) -> list[str]:
        """Create or migrate the schema (``python -m geo db init|upgrade``)."""
        with self.connect(check=False) as conn:
            return schema.upgrade(conn)

    # -----------------------------------------------------------------------------------------
    # Reading
    def version(self) -> str:
        """``pg:<n>``: the counter every commit and undo bumps."""
        with self.connect() as conn:
            return _version(conn)

    def snapshot(self) -> tuple[State, str]:
        """The state and its version, read in one REPEATABLE READ transaction."""
        with self.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.transaction():
                version = _version(conn, self.describe())
                state = State(_zones(read_table(conn, "zones")),
                              _figures(read_table(conn, "figures")),
                              _housing(read_table(conn, "housing")),
                              _log(conn), _lots(read_table(conn, "lots")),
                              imported_rows(read_table(conn, "indicators"), source=INDICATORS))
        return state, version

    def load_state(self) -> State:
        """Zones, figures, housing, import log, lots (EPSG:4326) and imported indicators."""
        return self.snapshot()[0]

    def load_zones(self, *, period: str | None = None) -> gpd.GeoDataFrame:
        """The zones (with the figures of ``period``), EPSG:4326; the lots are not read."""
        current = period is None or period == CURRENT
        with self.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.transaction():
                _version(conn, self.describe())
                zones = _zones(read_table(conn, "zones"))
                figures = None if current else _figures(read_table(conn, "figures"))
        return zones if figures is None else zones_for_period(zones, figures, str(period))

    def _one(self, kind: str) -> pd.DataFrame:
        with self.connect() as conn:
            return read_table(conn, kind)

    def load_housing_sites(self) -> gpd.GeoDataFrame:
        """The worker-housing sites, EPSG:4326."""
        return _housing(self._one("housing"))

    def load_zone_figures(self) -> pd.DataFrame:
        """Zone figures by period."""
        return _figures(self._one("figures"))

    def load_lots(self) -> gpd.GeoDataFrame:
        """The lot register, EPSG:4326."""
        return _lots(self._one("lots"))

    def load_imported_indicators(self) -> pd.DataFrame | None:
        """The imported indicator figures (table ``indicators``, validated), or None when there
        are none; :func:`geo.store.indicators.overlay_indicators` lays them over the bundled
        ones."""
        return imported_rows(self._one("indicators"), source=INDICATORS)

    def periods(self) -> list[str]:
        """Periods with imported figures, sorted."""
        with self.connect() as conn:
            return [str(r[0]) for r in conn.execute(
                "SELECT DISTINCT period FROM zone_figures ORDER BY period")]

    def import_log(self) -> pd.DataFrame:
        """The imports in effect, oldest first."""
        with self.connect() as conn:
            return _log(conn)

    def audit_log(self) -> pd.DataFrame:
        """Every import, undo and load, oldest first; ``user`` = who did it."""
        cols = [c for c in schema.AUDIT_TYPES if c != "provinces"]
        with self.connect() as conn:
            rows = conn.execute(sql.SQL("SELECT {} FROM audit ORDER BY id").format(
                _ident(cols))).fetchall()
        frame = pd.DataFrame(rows, columns=cols).rename(columns={"user_name": "user"})
        undone = set(frame.loc[frame["action"] == "undo", "seq"])
        frame["undone"] = (frame["action"] == "import") & frame["seq"].isin(undone)
        out = frame[[*audit.AUDIT_COLUMNS, "user"]]
        return out.astype({"seq": "int64", **{k: "int64" for k in audit.COUNTS}}) if len(out) \
            else out

    # -----------------------------------------------------------------------------------------
    # Writing
    def commit(self, plan: Change, *, expected_version: str | None = None,
               user: auth.User | None = None, note: str = "",
               allow_unmatched: bool = False) -> dict[str, Any]:
        """Write ``plan`` in one transaction (see the module docstring); the log entry."""
        ws.check_committable(plan, allow_unmatched=allow_unmatched)
        expected = plan.base if expected_version is None else expected_version
        table = schema.TABLES[plan.kind]
        with self.connect() as conn, conn.transaction(), conn.cursor() as cur:
            row = cur.execute("SELECT version, next_seq, loaded FROM store_version "
                              "WHERE id = 1 FOR UPDATE").fetchone()
            assert row is not None
            if f"pg:{row[0]}" != expected:
                raise StaleVersion(f"{plan.file_name}: the database changed since the preview "
                                   f"(version {expected} → pg:{row[0]}: another import or an "
                                   "undo); preview the import again; nothing written",
                                   message_vi=f"{plan.file_name}: dữ liệu đã thay đổi sau khi "
                                              "xem trước; hãy xem trước lại; không ghi gì")
            if not row[2]:
                raise ImportRefused(f"{self.describe()}: no data yet; run `python -m geo db "
                                    "load` first")
            records = _users(cur)
            touched = touched_rows.provinces_touched(plan, lambda layer, ids: _provinces(cur, layer,
                                                                                ids))
            actor = auth.current_role(records, user)
            auth.check_write(actor if user is not None else None, touched,
                             users_configured=bool(records), action="import")
            seq = int(row[1])
            write_rows(cur, plan.kind, written_rows(plan), seq=seq)
            remove_rows(cur, plan.kind, removed_keys(plan), seq=seq)
            entry = ws.log_entry(plan, n=seq, note=note, snapshot=f"{table.history}#{seq}")
            who = actor.name if actor else auth.OPEN_USER
            _insert(cur, "import_log", {**entry, "user_name": who,
                                        "provinces": sorted(touched)})
            _audit(cur, "import", entry, who, touched)
            cur.execute("UPDATE store_version SET version = version + 1, next_seq = %s "
                        "WHERE id = 1", (seq + 1,))
        return entry

    def undo(self, *, user: auth.User | None = None) -> UndoResult:
        """Restore the layer of the last import from its history rows, in one transaction."""
        cols = ["time_utc", "file_name", "sha256", "kind", "period", *audit.COUNTS, "note",
                "provinces", "seq"]
        with self.connect() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT version FROM store_version WHERE id = 1 FOR UPDATE")
            row = cur.execute(sql.SQL("SELECT {} FROM import_log ORDER BY seq DESC LIMIT 1")
                              .format(_ident(cols))).fetchone()
            if row is None:
                raise AtlasError(f"{self.describe()}: nothing to undo (no import in effect)",
                                 message_vi="không có lần nhập nào để hoàn tác")
            last = dict(zip(cols, row, strict=True))
            records = _users(cur)
            actor = auth.current_role(records, user)
            auth.check_write(actor if user is not None else None, set(last["provinces"] or []),
                             users_configured=bool(records), action="undo")
            restore_rows(cur, str(last["kind"]), int(last["seq"]))
            cur.execute("DELETE FROM import_log WHERE seq = %s", (last["seq"],))
            done = {**last, "time_utc": audit.now_utc()}
            _audit(cur, "undo", done, actor.name if actor else auth.OPEN_USER,
                   set(last["provinces"] or []))
            cur.execute("UPDATE store_version SET version = version + 1 WHERE id = 1")
        return UndoResult(int(last["seq"]), str(last["file_name"]), str(last["time_utc"]),
                             str(last["kind"]), str(last["period"] or ""), False)

    def load(self, state: State, *, source: str, replace: bool = False) -> str:
        """Copy ``state`` (the bundled data, or a GeoPackage workspace) into the database, in
        one transaction (``python -m geo db load``); refused when data is there already
        unless ``replace``. Its import log is kept in the audit only (undo stops here)."""
        with self.connect() as conn, conn.transaction(), conn.cursor() as cur:
            row = cur.execute("SELECT loaded FROM store_version WHERE id = 1 FOR UPDATE"
                              ).fetchone()
            if row and row[0] and not replace:
                raise ImportRefused(f"{self.describe()}: data is loaded already; --replace to "
                                    "load again (the history is kept)")
            for kind in schema.TABLES:
                write_table(cur, kind, _layer_of(state, kind))
            cur.execute("DELETE FROM import_log")
            entry = {"seq": 0, "time_utc": audit.now_utc(), "file_name": source, "sha256": "",
                     "kind": "", "period": "", "new": len(state.zones),
                     "note": f"loaded {len(state.zones)} zones, {len(state.housing)} sites, "
                             f"{len(state.figures)} figures rows, "
                             f"{0 if state.lots is None else len(state.lots)} lots, "
                             f"{0 if state.indicators is None else len(state.indicators)} "
                             "imported indicator figures; "
                             f"{len(state.log)} earlier imports (not undoable here)"}
            _audit(cur, "load", entry, auth.OPEN_USER, set())
            cur.execute("UPDATE store_version SET version = version + 1, loaded = true "
                        "WHERE id = 1")
        return str(entry["note"])

    def recover(self) -> list[str]:
        """Nothing to do: the server rolled back any transaction a killed client left."""
        return []

    # -----------------------------------------------------------------------------------------
    # Users
    def list_users(self) -> list[auth.UserRecord]:
        """The users (empty: open mode)."""
        with self.connect() as conn, conn.cursor() as cur:
            return _users(cur)

    def add_user(self, record: auth.UserRecord) -> None:
        """Add or replace a user."""
        with self.connect() as conn, conn.transaction():
            conn.execute("INSERT INTO users (name, role, provinces, password_hash) VALUES "
                         "(%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET role = "
                         "excluded.role, provinces = excluded.provinces, password_hash = "
                         "excluded.password_hash",
                         (record.name, record.role, list(record.provinces),
                          record.password_hash))

    def remove_user(self, name: str) -> bool:
        """Remove a user; False if there was none."""
        with self.connect() as conn, conn.transaction():
            return conn.execute("DELETE FROM users WHERE name = %s", (name,)).rowcount > 0

    def authenticate(self, name: str, password: str) -> auth.User:
        """The user if the password matches; else AccessDenied."""
        return auth.authenticate(self.list_users(), name, password)


# ---------------------------------------------------------------------------------------------
def _version(conn: psycopg.Connection, where: str = "") -> str:
    """``pg:<n>``; with ``where`` (the store), DataFileError while ``db load`` has not run."""
    row = conn.execute("SELECT version, loaded FROM store_version WHERE id = 1").fetchone()
    assert row is not None
    if where and not row[1]:
        raise DataFileError(f"{where}: no data yet; run `python -m geo db load`", message_vi=
                            "cơ sở dữ liệu chưa có dữ liệu; chạy `python -m geo db load`")
    return f"pg:{row[0]}"


def _users(cur: psycopg.Cursor) -> list[auth.UserRecord]:
    rows = cur.execute("SELECT name, role, provinces, password_hash FROM users ORDER BY name")
    return [auth.UserRecord(n, auth.check_role(r), tuple(p or ()), h) for n, r, p, h in rows]


def _provinces(cur: psycopg.Cursor, layer: str, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    table, key = ("housing_sites", "site_id") if layer == "housing" else ("zones", "zone_id")
    rows = cur.execute(sql.SQL("SELECT DISTINCT coalesce(province, '') FROM {} WHERE {} = "
                               "ANY(%s)").format(sql.Identifier(table), sql.Identifier(key)),
                       (sorted(ids),))
    return {str(r[0]) for r in rows}


def _insert(cur: psycopg.Cursor, table: str, values: dict[str, Any]) -> None:
    types = schema.LOG_TYPES if table == "import_log" else schema.AUDIT_TYPES
    cols = [c for c in types if c in values]
    cur.execute(sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table), _ident(cols), sql.SQL(", ").join(sql.Placeholder() * len(cols))),
        [values[c] for c in cols])


def _audit(cur: psycopg.Cursor, action: str, entry: dict[str, Any], user: str,
           provinces: set[str]) -> None:
    row = {c: entry.get(c) for c in schema.AUDIT_TYPES if c in entry}
    for k in audit.COUNTS:
        row[k] = int(row.get(k) or 0)
    _insert(cur, "audit", {**row, "action": action, "user_name": user,
                           "provinces": sorted(provinces)})


def _layer_of(state: State, kind: str) -> pd.DataFrame | None:
    layers: dict[str, pd.DataFrame | None] = {"zones": state.zones, "housing": state.housing,
                                              "figures": state.figures, "lots": state.lots,
                                              "indicators": state.indicators}
    return layers[kind]


def removed_keys(plan: Change) -> list[tuple[str, ...]]:
    """The keys (``zone_id``, ``lot_id``) of the lots ``plan`` removes (a lot plan replacing its
    zones' lots; every other import removes nothing)."""
    if plan.kind != "lots":
        return []
    return [tuple(d.zone_id.split("/", 1)) for d in plan.diffs if d.status == "removed"]


def written_rows(plan: Change) -> pd.DataFrame:
    """The rows of the imported layer that ``plan`` adds or changes (removed lots:
    :func:`removed_keys`): zones / sites new or changed; figures: the period's rows of every
    matched zone; lots: the new or changed lots; indicators: the new or changed figures (an
    unchanged one is not written, so the row stored before, with its ``source_url``,
    stays)."""
    frame = _layer_of(plan.state, plan.kind)
    if frame is None:
        return pd.DataFrame()
    ids = {d.zone_id for d in plan.diffs if plan.kind == "figures" or d.status != "unchanged"}
    if plan.kind == "figures":
        pick = (frame["period"] == plan.period) & frame["zone_id"].isin(ids)
    elif plan.kind == "lots":
        pick = (frame["zone_id"].fillna("").astype(str) + "/" +
                frame["lot_id"].fillna("").astype(str)).isin(ids)
    elif plan.kind == "indicators":
        keys = [indicator_key(r) for r in frame[list(schema.TABLES["indicators"].key)]
                .to_dict("records")]
        pick = pd.Series([k in ids for k in keys], index=frame.index, dtype=bool)
    else:
        pick = frame[schema.TABLES[plan.kind].key[0]].isin(ids)
    return frame[pick.to_numpy()]


def _zones(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return validate_zones(gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84),
                          source="database (table zones)")


def _housing(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return validate_housing_sites(gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84),
                                  source="database (table housing_sites)")


def _figures(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[list(FIGURE_TABLE_COLUMNS)] if len(frame) else empty_figures()


def _lots(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return coerce_lots(frame) if len(frame) else empty_lots()


def _log(conn: psycopg.Connection) -> pd.DataFrame:
    rows = conn.execute(sql.SQL("SELECT {} FROM import_log ORDER BY seq").format(
        _ident(ws.LOG_COLUMNS))).fetchall()
    if not rows:
        return ws.empty_log()
    return pd.DataFrame(rows, columns=list(ws.LOG_COLUMNS)).astype(
        {c: "int64" for c in ("seq", *audit.COUNTS)})
