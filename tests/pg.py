"""A private PostgreSQL + PostGIS server for the test session (issue 12).

``pg_server`` (session scope) runs ``initdb`` into a temporary folder, starts ``postgres`` on a
unix socket in that folder only (no TCP port), creates a template database with the
``postgis`` extension and the store's schema, and stops the server at the end of the session.
As root, the server runs as the ``postgres`` user (``runuser``) with the folder owned by it.
``pg_url`` (per test) gives a fresh database made from the template.

When the binaries or PostGIS are missing the tests that use it skip on a developer's machine,
saying why; in CI (``CI`` set) they fail instead: ``.ci/run`` installs ``postgresql-15`` and
``postgresql-15-postgis-3``, so CI always runs them.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("KCN_ATLAS_PG_BIN", "/usr/lib/postgresql/15/bin"))
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
TEMPLATE = "atlas_template"
_counter = itertools.count(1)


class PgServer:
    """A running test server: its socket folder and how to make databases."""

    def __init__(self, folder: Path, prefix: list[str]) -> None:
        self.folder = folder
        self.prefix = prefix
        self.socket = folder / "sock"
        self.data = folder / "data"

    def url(self, dbname: str) -> str:
        """A libpq URL for ``dbname`` over the socket (trust authentication)."""
        return f"postgresql://postgres@/{dbname}?host={self.socket}&port=5432"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A PostgreSQL binary, as the server's user."""
        return subprocess.run([*self.prefix, str(PG_BIN / args[0]), *args[1:]],
                              capture_output=True, text=True, check=True, timeout=120)

    def admin(self, statement: str) -> None:
        """A statement in the ``postgres`` database (CREATE DATABASE ...)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(statement)


def _why_missing() -> str | None:
    if not (PG_BIN / "initdb").is_file() or not (PG_BIN / "postgres").is_file():
        return (f"PostgreSQL 15 binaries not found in {PG_BIN} (apt-get install postgresql-15 "
                "postgresql-15-postgis-3; .ci/run does)")
    if not POSTGIS_CONTROL.is_file():
        return ("PostGIS for PostgreSQL 15 is not installed (apt-get install "
                "postgresql-15-postgis-3; .ci/run does)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return None


def _start() -> PgServer:
    folder = Path(tempfile.mkdtemp(prefix="kcn-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    server = PgServer(folder, prefix)
    subprocess.run([*prefix, "mkdir", "-m", "700", str(server.socket)], check=True)
    server.run("initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust",
               "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    options = (f"-k {server.socket} -c listen_addresses='' -p 5432 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
    server.run("pg_ctl", "-D", str(server.data), "-l", str(folder / "server.log"),
               "-o", options, "-w", "-t", "60", "start")
    return server


def _stop(server: PgServer) -> None:
    try:
        server.run("pg_ctl", "-D", str(server.data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The session's PostgreSQL + PostGIS server, with a template database holding the schema."""
    reason = _why_missing()
    if reason and os.environ.get("CI"):  # CI installs them (.ci/run): missing is a failure
        pytest.fail(f"PostgreSQL/PostGIS missing in CI: {reason}")
    if reason:
        pytest.skip(reason)
    server = _start()
    try:
        server.admin(f"CREATE DATABASE {TEMPLATE}")
        from geo.store.postgis import PostgisStore

        PostgisStore(server.url(TEMPLATE)).upgrade()
        yield server
    finally:
        _stop(server)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh database (schema, no data) for one test; dropped afterwards."""
    name = f"atlas_t{os.getpid()}_{next(_counter)}_{int(time.time() * 1000) % 100000}"
    pg_server.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield pg_server.url(name)
    pg_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
