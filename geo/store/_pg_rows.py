"""Rows of the PostGIS store's layer tables (:mod:`geo.store.postgis`): COPY in, read back,
upsert an import's rows keeping what they replace in ``hist_<table>``, remove rows (kept there
too) and undo an import from its history rows.

Geometries go as EWKB with SRID 4326 (lon/lat degrees) and come back as shapely geometries in
EPSG:4326; every value goes through COPY or as a query parameter, identifiers through
:mod:`psycopg.sql` from the schema's field names (:mod:`geo.store._pg_schema`).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
from psycopg import sql

from geo.settings import WGS84
from geo.store import _pg_schema as schema


def ident(names: Any) -> sql.Composed:
    """``"a", "b"``: the identifiers ``names`` joined by commas."""
    return sql.SQL(", ").join(map(sql.Identifier, names))


def _match(table: schema.Table, a: str, b: str) -> sql.Composed:
    """``a.k = b.k AND ...`` over the key (``IS NOT DISTINCT FROM`` when a key may be NULL)."""
    same = sql.SQL("IS NOT DISTINCT FROM" if table.nullable_key else "=")
    return sql.SQL(" AND ").join(sql.SQL("{}.{} {} {}.{}").format(
        sql.Identifier(a), sql.Identifier(k), same, sql.Identifier(b), sql.Identifier(k))
        for k in table.key)


def write_rows(cur: psycopg.Cursor, kind: str, frame: pd.DataFrame, *, seq: int) -> None:
    """Upsert ``frame``'s rows into ``kind``'s table, first keeping in ``hist_<table>`` (as
    import ``seq``) the rows they replace and, with ``ord = -1``, the keys that were new (undo
    removes those). A replaced row keeps its place (``ord``); a new one goes after the last."""
    table = schema.TABLES[kind]
    t, h = sql.Identifier(table.name), sql.Identifier(table.history)
    cur.execute(sql.SQL("CREATE TEMP TABLE stage (LIKE {}) ON COMMIT DROP").format(t))
    _copy(cur, "stage", table, frame)
    match = _match(table, "t", "s")
    cur.execute(sql.SQL("INSERT INTO {} SELECT %s::bigint, t.* FROM {} t JOIN stage s ON {}")
                .format(h, t, match), (seq,))
    keys = ident(table.key)
    cur.execute(sql.SQL("INSERT INTO {} (seq, ord, {}) SELECT %s::bigint, -1, {} FROM stage s "
                        "WHERE NOT EXISTS (SELECT 1 FROM {} t WHERE {})").format(
        h, keys, sql.SQL(", ").join(sql.SQL("s.{}").format(sql.Identifier(k))
                                    for k in table.key), t, match), (seq,))
    cur.execute(sql.SQL("UPDATE stage s SET ord = coalesce((SELECT t.ord FROM {} t WHERE {}), "
                        "(SELECT coalesce(max(ord), -1) + 1 FROM {}) + s.ord)").format(
        t, match, t))
    cur.execute(sql.SQL("DELETE FROM {} t USING stage s WHERE {}").format(t, match))
    cur.execute(sql.SQL("INSERT INTO {} SELECT * FROM stage").format(t))
    cur.execute("DROP TABLE stage")


def restore_rows(cur: psycopg.Cursor, kind: str, seq: int) -> None:
    """Undo import ``seq`` on ``kind``'s table: remove the rows it wrote, put back the ones it
    replaced (from ``hist_<table>``)."""
    table = schema.TABLES[kind]
    t, h = sql.Identifier(table.name), sql.Identifier(table.history)
    names = ident(["ord", *table.columns, *(["geom"] if table.geometry else [])])
    cur.execute(sql.SQL("DELETE FROM {} t USING {} h WHERE h.seq = %s AND {}").format(
        t, h, _match(table, "t", "h")), (seq,))
    cur.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} WHERE seq = %s AND ord >= 0")
                .format(t, names, names, h), (seq,))


def remove_rows(cur: psycopg.Cursor, kind: str, keys: list[tuple[str, ...]], *, seq: int
                ) -> None:
    """Delete the rows of ``kind``'s table with these keys (tuples in the order of the table's
    key), first keeping them whole (``ord``, fields, geometry) in ``hist_<table>`` as import
    ``seq``: :func:`restore_rows` puts them back where they were."""
    if not keys:
        return
    table = schema.TABLES[kind]
    t, h = sql.Identifier(table.name), sql.Identifier(table.history)
    cur.execute(sql.SQL("CREATE TEMP TABLE gone ON COMMIT DROP AS SELECT {} FROM {} WITH NO "
                        "DATA").format(ident(table.key), t))
    with cur.copy(sql.SQL("COPY gone ({}) FROM STDIN").format(ident(table.key))) as copy:
        for key in keys:
            copy.write_row(key)
    match = _match(table, "t", "gone")
    cur.execute(sql.SQL("INSERT INTO {} SELECT %s::bigint, t.* FROM {} t JOIN gone ON {}")
                .format(h, t, match), (seq,))
    cur.execute(sql.SQL("DELETE FROM {} t USING gone WHERE {}").format(t, match))
    cur.execute("DROP TABLE gone")


def write_table(cur: psycopg.Cursor, kind: str, frame: pd.DataFrame | None) -> None:
    """Replace the rows of ``kind``'s table by ``frame`` (COPY; geometry as EWKB, SRID 4326)."""
    table = schema.TABLES[kind]
    cur.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table.name)))
    if frame is not None and len(frame):
        _copy(cur, table.name, table, frame)


def _copy(cur: psycopg.Cursor, target: str, table: schema.Table, frame: pd.DataFrame) -> None:
    """COPY ``frame``'s rows into ``target`` (columns of ``table``; ``ord`` = position)."""
    if not len(frame):
        return
    columns: list[list[Any]] = [list(range(len(frame)))]
    for name, pgtype in table.columns.items():
        series = frame[name] if name in frame.columns else pd.Series([None] * len(frame))
        if pgtype == "double precision":
            values = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
            columns.append([None if np.isnan(v) else float(v) for v in values])
        else:
            columns.append([None if v is None or (isinstance(v, float) and v != v) else str(v)
                            for v in series.to_numpy(dtype=object)])
    names = ["ord", *table.columns]
    if table.geometry:
        geoms = np.asarray(frame.geometry.to_numpy(dtype=object) if "geometry" in frame.columns
                           else [None] * len(frame), dtype=object)
        blank = shapely.is_empty(geoms) | pd.isna(geoms)
        geoms = np.array([None if b else g for g, b in zip(geoms, blank, strict=True)],
                         dtype=object)
        columns.append(list(shapely.to_wkb(shapely.set_srid(geoms, 4326), hex=True,
                                           include_srid=True)))
        names.append("geom")
    with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(target),
                                                            ident(names))) as copy:
        for row in zip(*columns, strict=True):
            copy.write_row(row)


def read_table(conn: psycopg.Connection, kind: str) -> pd.DataFrame:
    """The rows of ``kind``'s table in their order; ``geometry`` (shapely, EPSG:4326)."""
    table = schema.TABLES[kind]
    select = ident(table.columns)
    if table.geometry:
        select = sql.SQL("{}, ST_AsBinary(geom)").format(select)
    order = ident(["period", "zone_id"] if kind == "figures" else ["ord"])
    rows = conn.execute(sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
        select, sql.Identifier(table.name), order)).fetchall()
    names = list(table.columns) + (["geometry"] if table.geometry else [])
    frame = pd.DataFrame(rows, columns=names)
    for name, pgtype in table.columns.items():
        frame[name] = frame[name].astype("float64") if pgtype == "double precision" else \
            frame[name].astype(object)
    if table.geometry:
        wkb = [bytes(v) if v is not None else None for v in frame["geometry"]]
        return gpd.GeoDataFrame(frame.drop(columns="geometry"),
                                geometry=gpd.GeoSeries(shapely.from_wkb(wkb), crs=WGS84),
                                crs=WGS84)
    return frame
