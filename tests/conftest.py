"""Test-wide setup: every test runs against an empty, private import workspace.

A developer's real imports live in ``workspace/`` (git-ignored); loaders read it when it exists.
Tests must see the bundled data unless they import something themselves, so each test gets its
own ``KCN_ATLAS_WORKSPACE`` (inherited by subprocesses such as the CLI and ``streamlit run``).
"""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_workspace(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty workspace folder for the test (not created until something imports)."""
    folder = tmp_path_factory.mktemp("workspace") / "ws"
    monkeypatch.setenv("KCN_ATLAS_WORKSPACE", str(folder))
    return folder


@pytest.fixture(autouse=True)
def fresh_sign_in_throttle() -> None:
    """No failed sign-in of another test counts (the throttle lives in the process)."""
    from geo.store.signin import THROTTLE

    THROTTLE.clear()


from pg import pg_server, pg_url  # noqa: E402,F401  (the PostgreSQL fixtures, tests/pg.py)
