"""``python -m geo db init|upgrade|load|status``: the shared PostGIS store (issue 12).

Needs ``KCN_ATLAS_DB=postgresql://...``. ``init`` and ``upgrade`` create or migrate the schema
(ordered migrations, recorded in ``schema_version``); ``load`` copies the bundled data — or a
GeoPackage workspace (``--workspace DIR``) — into it in one transaction; ``status`` prints the
schema version, the data version and the users' count (or, on an older schema, the migrations
``upgrade`` would apply).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geo.cli.access import acting_user, add_user_arg
from geo.errors import AccessDenied, ParameterError
from geo.store.factory import DB_ENV, database_url


def register(sub: Any) -> None:
    """Add ``db`` to the subparsers."""
    p = sub.add_parser("db", help="the shared PostGIS store: init, upgrade, load, status")
    p.add_argument("action", choices=("init", "upgrade", "load", "status"))
    p.add_argument("--workspace", type=Path, default=None, metavar="DIR",
                   help="load: a GeoPackage workspace folder to copy (default: the bundled "
                        "data)")
    p.add_argument("--replace", action="store_true", help="load: replace loaded data")
    add_user_arg(p)
    p.set_defaults(func=run_db)


def run_db(args: argparse.Namespace) -> int:
    """Run a ``db`` action; exit 0 (2 when refused)."""
    from geo.store import _pg_schema as schema
    from geo.store.factory import bundled_state
    from geo.store.gpkg import GpkgStore
    from geo.store.postgis import PostgisStore

    url = database_url()
    if url is None:
        raise ParameterError(f"db {args.action}: set {DB_ENV}=postgresql://USER@HOST/DATABASE "
                             "(the embedded GeoPackage workspace needs no set-up)")
    store = PostgisStore(url)
    if args.action in ("init", "upgrade"):
        done = store.upgrade()
        print(f"{store.describe()}: schema version {schema.LATEST}"
              + (f"; applied {'; '.join(done)}" if done else "; up to date"))
        return 0
    if args.action == "status":
        with store.connect(check=False) as conn:
            have = schema.current_version(conn)
            missing = schema.pending(conn)
        text = f"{store.describe()}: schema version {have} (tool: {schema.LATEST})"
        if have == schema.LATEST:
            text += f", data version {store.version()}, {len(store.list_users())} user(s)"
        elif missing:
            text += f"; `python -m geo db upgrade` applies {'; '.join(missing)}"
        print(text)
        return 0
    actor = acting_user(store, args)
    if actor is not None and actor.role != "admin":
        raise AccessDenied(f"db load: {actor.name!r} is not an administrator")
    folder = args.workspace
    if folder is not None and not (folder / "atlas.gpkg").is_file():
        raise ParameterError(f"--workspace {folder}: no atlas.gpkg there")
    state = GpkgStore(folder).load_state() if folder is not None else bundled_state()
    source = str(folder / "atlas.gpkg") if folder is not None else "bundled data"
    print(f"{store.describe()}: {store.load(state, source=source, replace=args.replace)}")
    return 0

