"""The PostGIS store's schema: tables, ordered migrations and the ``schema_version`` table.

Every statement is a constant of this module or composed with :mod:`psycopg.sql` from
identifiers of the project's schema (field names of :mod:`geo.settings`); no user value is ever
put into SQL text (values go as parameters or through COPY).

Tables (``{t}`` for each layer; geometries ``geometry(Geometry, 4326)`` with a GiST index):

* ``zones``, ``housing_sites``, ``zone_figures``, ``lots`` — the layers, one column per
  schema field (text or double precision), ``ord`` (the row order) and ``geom``;
* ``indicators`` (migration 2) — the imported indicator figures only (no geometry; the bundled
  ones stay in ``data/reports/indicators.csv`` and the loader lays these over them), keyed by
  :data:`geo.store.indicators.KEY_FIELDS`. ``province`` (region rows) and ``capital_basis``
  may be NULL, so the key is a unique index over ``coalesce(column, '')`` rather than a
  primary key, and rows are matched with ``IS NOT DISTINCT FROM``;
* ``hist_{t}`` — per import ``seq``, the rows of ``{t}`` it replaced and, with ``ord = -1``,
  the keys it added (undo deletes the import's rows and puts those back);
* ``import_log`` — the imports in effect (as the GeoPackage's layer) + ``user_name``,
  ``provinces``; ``audit`` — every import, undo and load, never cut (both count ``removed``
  lots from migration 3);
* ``store_version`` — one row: the version (bumped by every commit and undo; a commit locks the
  row ``FOR UPDATE`` and compares it with the version its plan was made on) and ``loaded``;
* ``users`` — name, role, provinces, argon2 hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from geo.core.lots_schema import LOT_FIELDS
from geo.core.periods import FIGURE_TABLE_COLUMNS
from geo.core.schema import HOUSING_FIELDS, INDICATOR_FIELDS, ZONE_FIELDS, ZONE_FIGURES
from geo.store.indicators import KEY_FIELDS as INDICATOR_KEY


@dataclass(frozen=True)
class Table:
    """A layer table: its name, key columns, typed columns (name → ``text`` | ``double
    precision`` | ``bigint``), whether it has a geometry, and whether a key column may be NULL
    (then the key is a unique index over ``coalesce(column, '')`` and rows are matched with
    ``IS NOT DISTINCT FROM``; else it is the primary key, matched with ``=``)."""

    name: str
    key: tuple[str, ...]
    columns: dict[str, str]
    geometry: bool
    nullable_key: bool = False

    @property
    def history(self) -> str:
        """The name of its history table."""
        return f"hist_{self.name}"


def _typed(fields: dict[str, str]) -> dict[str, str]:
    return {k: "double precision" if v == "float" else "text" for k, v in fields.items()}


FIGURE_TYPES = {c: "double precision" if c in ZONE_FIGURES else "text"
                for c in FIGURE_TABLE_COLUMNS}
TABLES: dict[str, Table] = {
    "zones": Table("zones", ("zone_id",), _typed(ZONE_FIELDS), True),
    "housing": Table("housing_sites", ("site_id",), _typed(HOUSING_FIELDS), True),
    "figures": Table("zone_figures", ("zone_id", "period"), FIGURE_TYPES, False),
    "lots": Table("lots", ("zone_id", "lot_id"), _typed(LOT_FIELDS), True),
    "indicators": Table("indicators", INDICATOR_KEY,
                        {c: "double precision" if c in ("value", "change_pct") else "text"
                         for c in INDICATOR_FIELDS}, False, nullable_key=True),
}
"""Import kind → its table."""

_LOG_TYPES_1 = {"seq": "bigint", "time_utc": "text", "file_name": "text", "sha256": "text",
             "kind": "text", "period": "text", "new": "bigint", "changed": "bigint",
             "unchanged": "bigint", "unmatched": "bigint", "note": "text", "snapshot": "text",
             "changes": "text", "user_name": "text", "provinces": "text[]"}
_AUDIT_TYPES_1 = {"time_utc": "text", "action": "text", "seq": "bigint", "file_name": "text",
               "sha256": "text", "kind": "text", "period": "text", "new": "bigint",
               "changed": "bigint", "unchanged": "bigint", "unmatched": "bigint",
               "note": "text", "user_name": "text", "provinces": "text[]"}
"""The columns of ``import_log`` and ``audit`` as migration 1 made them."""
LOG_TYPES = {**_LOG_TYPES_1, "removed": "bigint"}
AUDIT_TYPES = {**_AUDIT_TYPES_1, "removed": "bigint"}
"""The columns of ``import_log`` and ``audit`` now (migration 3 added ``removed``: the lots a
lot plan replacing its zones' lots removed)."""


def _create_table(name: str, columns: dict[str, str], *, extra: str = "") -> sql.Composed:
    cols = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t))
                              for c, t in columns.items())
    return sql.SQL("CREATE TABLE {} ({}{})").format(sql.Identifier(name), cols, sql.SQL(extra))


def _create_layer(cur: psycopg.Cursor, table: Table) -> None:
    """Create ``table`` (``ord``, its columns, ``geom``), its key, its history table and, with a
    geometry, the GiST index."""
    cols = {"ord": "bigint NOT NULL", **table.columns}
    if table.geometry:
        cols["geom"] = "geometry(Geometry, 4326)"
    cur.execute(_create_table(table.name, cols, extra=""))
    if table.nullable_key:
        cur.execute(sql.SQL("CREATE UNIQUE INDEX {} ON {} ({})").format(
            sql.Identifier(f"{table.name}_key"), sql.Identifier(table.name),
            sql.SQL(", ").join(sql.SQL("(coalesce({}, ''))").format(sql.Identifier(k))
                               for k in table.key)))
    else:
        cur.execute(sql.SQL("ALTER TABLE {} ADD PRIMARY KEY ({})").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, table.key))))
    cur.execute(_create_table(table.history, {"seq": "bigint NOT NULL", **cols}))
    cur.execute(sql.SQL("CREATE INDEX ON {} (seq)").format(sql.Identifier(table.history)))
    if table.geometry:
        cur.execute(sql.SQL("CREATE INDEX {} ON {} USING gist (geom)").format(
            sql.Identifier(f"{table.name}_geom_gist"), sql.Identifier(table.name)))


_FIRST_KINDS = ("zones", "housing", "figures", "lots")
"""The layers of migration 1 (a later table comes with its own migration)."""


def _migration_1(cur: psycopg.Cursor) -> None:
    """Layers, history, log, audit, version row, users."""
    cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    for kind in _FIRST_KINDS:
        _create_layer(cur, TABLES[kind])
    cur.execute("CREATE INDEX zones_province ON zones (province)")
    cur.execute(_create_table("import_log", _LOG_TYPES_1, extra=", PRIMARY KEY (seq)"))
    cur.execute(_create_table("audit", {"id": "bigserial PRIMARY KEY", **_AUDIT_TYPES_1}))
    cur.execute("CREATE TABLE store_version (id integer PRIMARY KEY CHECK (id = 1), "
                "version bigint NOT NULL, next_seq bigint NOT NULL, loaded boolean NOT NULL)")
    cur.execute("INSERT INTO store_version VALUES (1, 0, 1, false)")
    cur.execute("CREATE TABLE users (name text PRIMARY KEY, role text NOT NULL CHECK (role IN "
                "('viewer', 'editor', 'admin')), provinces text[] NOT NULL DEFAULT '{}', "
                "password_hash text NOT NULL, created_utc timestamptz NOT NULL DEFAULT now())")


def _migration_2(cur: psycopg.Cursor) -> None:
    """Imported indicator figures: ``indicators`` and ``hist_indicators`` (empty; the rows of
    the other tables, the log and the audit are kept as they are)."""
    _create_layer(cur, TABLES["indicators"])


def _migration_3(cur: psycopg.Cursor) -> None:
    """``removed`` counts in ``import_log`` and ``audit`` (0 for the rows already there): the
    lots an import replacing its zones' lots removed (``hist_lots`` keeps them for undo)."""
    for table in ("import_log", "audit"):
        cur.execute(sql.SQL("ALTER TABLE {} ADD COLUMN removed bigint NOT NULL DEFAULT 0")
                    .format(sql.Identifier(table)))


MIGRATIONS: tuple[tuple[int, str, Callable[[psycopg.Cursor], None]], ...] = (
    (1, "layers, history, import log, audit, store version, users", _migration_1),
    (2, "imported indicator figures (indicators, hist_indicators)", _migration_2),
    (3, "removed lots counted in the import log and audit", _migration_3),
)
"""Ordered migrations: (number, what it does, function). Add new ones at the end; never edit
one that has shipped."""

LATEST = MIGRATIONS[-1][0]


def current_version(conn: psycopg.Connection) -> int:
    """The schema version of the database (0: not initialised)."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    got = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(got[0] or 0) if got else 0


def pending(conn: psycopg.Connection) -> list[str]:
    """The migrations the database lacks (``"2: what it does"``), in order."""
    have = current_version(conn)
    return [f"{n}: {d}" for n, d, _ in MIGRATIONS if n > have]


def upgrade(conn: psycopg.Connection, *, target: int | None = None) -> list[str]:
    """Apply the migrations the database lacks, in order, in one transaction (under an advisory
    lock, so two tools starting at once do not both migrate): all or none.

    Parameters
    ----------
    conn : a connection to the database.
    target : stop after this migration (default: :data:`LATEST`); the tests make a database of
        an earlier schema with it.

    Returns
    -------
    list of str
        What was applied (``"2: what it does"``), empty when up to date.
    """
    done: list[str] = []
    last = LATEST if target is None else target
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(742012)")
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
                     "description text NOT NULL, applied_utc timestamptz NOT NULL DEFAULT now())")
        have = current_version(conn)
        for number, description, apply in MIGRATIONS:
            if number <= have or number > last:
                continue
            with conn.cursor() as cur:
                apply(cur)
                cur.execute("INSERT INTO schema_version (version, description) VALUES (%s, %s)",
                            (number, description))
            done.append(f"{number}: {description}")
    return done
