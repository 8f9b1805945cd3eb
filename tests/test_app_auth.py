"""The app's sign-in (issue 12): open mode says so; with users, pages wait for a sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_fixtures import use_store
from streamlit.testing.v1 import AppTest

from geo.core.i18n import t
from geo.store.gpkg import GpkgStore
from geo.store.users import new_user

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(autouse=True)
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
    return use_store(monkeypatch, tmp_path)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_open_mode_says_so() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert t("auth_open", "vi") in captions(at)


def test_users_configured_ask_for_a_sign_in() -> None:
    GpkgStore().add_user(new_user("bn", role="editor", provinces=["Bắc Ninh"], password="pw"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and at.title[0].value == t("auth_title", "vi")
    at.text_input(key="auth_name").input("bn")
    at.text_input(key="auth_pw").input("wrong")
    at.button[0].click().run()
    assert at.error and "bn" in at.error[0].value
    at.text_input(key="auth_pw").input("pw")
    at.button[0].click().run()
    assert not at.exception
    assert any(c.startswith("Đăng nhập: bn") for c in captions(at))


def test_app_runs_on_a_postgis_store(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.store.factory import bundled_state
    from geo.store.postgis import PostgisStore

    PostgisStore(pg_url).load(bundled_state(), source="test data")
    monkeypatch.setenv("KCN_ATLAS_DB", pg_url)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("PostGIS database" in c for c in captions(at))
    for page in ("app_pages/landuse.py", "app_pages/importer.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
