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


# --- Write access on the import page, sign-in throttle, password change ----------------------
IMPORTER = "app_pages/importer.py"


def _users() -> GpkgStore:
    store = GpkgStore()
    for name, role, provinces in (("boss", "admin", []), ("bn", "editor", ["Bắc Ninh"]),
                                  ("xem", "viewer", [])):
        store.add_user(new_user(name, role=role, provinces=provinces, password=f"pw-{name}"))
    return store


def _signed_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_pw").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(c.startswith(f"Đăng nhập: {name}") for c in captions(at)), captions(at)
    return at


def _import_as_admin(store: GpkgStore) -> None:
    import geopandas as gpd
    from import_fixtures import square

    from geo.imports.plan import plan_import

    frame = gpd.GeoDataFrame([{"zone_id": None, "name": "Khu cong nghiep Que Vo",
                               "province": "Bac Ninh", "planned_area_ha": 615.5,
                               "geometry": square(106.121, 21.151, 0.006)}], crs="EPSG:4326")
    plan = plan_import(frame, kind="zones", file_name="qv.geojson", sha256="0" * 64,
                       store=store)
    store.commit(plan, user=store.authenticate("boss", "pw-boss"))
    assert len(store.import_log()) == 1


def _button_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_viewer_sees_a_note_and_no_write_control() -> None:
    store = _users()
    _import_as_admin(store)  # an import in the log: an undo button would show for writers
    at = _signed_in("xem", "pw-xem")
    at.switch_page(IMPORTER).run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [w.value for w in at.warning]
    assert t("auth_viewer_note", "vi").format(name="xem") in notes
    assert any("Tài khoản xem (xem): không được nhập dữ liệu" in n for n in notes)
    assert len(at.file_uploader) == 0  # no upload, no kind choice, no commit, no undo
    assert not [r for r in at.radio if r.key == "ws_kind"]
    assert not {"ws_confirm", "ws_undo"} & _button_keys(at)
    assert not [c for c in at.checkbox if str(c.key).startswith("ws_undo_ok")]
    # the import log (the file imported) and the audit trail are still shown, read-only
    assert sum("qv.geojson" in d.value.astype(str).to_numpy().ravel() for d in at.dataframe) \
        == 2


def test_editor_is_told_their_provinces_and_keeps_the_controls() -> None:
    store = _users()
    _import_as_admin(store)
    at = _signed_in("bn", "pw-bn")
    at.switch_page(IMPORTER).run()
    assert not at.exception, [e.value for e in at.exception]
    infos = [i.value for i in at.info]
    assert t("auth_editor_note", "vi").format(name="bn", provinces="Bắc Ninh") in infos
    assert any("chỉ được nhập và hoàn tác" in i and "Bắc Ninh" in i for i in infos)
    assert len(at.file_uploader) == 1 and "ws_undo" in _button_keys(at)
    assert not at.warning


def test_admin_gets_no_note() -> None:
    _users()
    at = _signed_in("boss", "pw-boss")
    at.switch_page(IMPORTER).run()
    assert not at.exception and not at.warning and not at.info
    assert len(at.file_uploader) == 1


def _try(at: AppTest, name: str, password: str) -> None:
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_pw").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_sign_in_locks_after_five_failures_and_stays_locked() -> None:
    from geo.store.signin import MAX_FAILURES

    _users()
    at = AppTest.from_file(APP, default_timeout=60).run()
    for n in range(MAX_FAILURES - 1):
        _try(at, "bn", f"guess-{n}")
        assert "sai tên hoặc mật khẩu" in at.error[0].value
    _try(at, "bn", "guess-last")
    locked = at.error[0].value
    assert "tạm khóa đăng nhập" in locked and "thử lại sau" in locked and "giây" in locked
    at.run()  # a rerun does not reset it: the lock is still shown
    assert at.error and "tạm khóa" in at.error[0].value
    _try(at, "bn", "pw-bn")  # the right password is refused while locked
    assert "tạm khóa" in at.error[0].value and at.title[0].value == t("auth_title", "vi")
    fresh = AppTest.from_file(APP, default_timeout=60).run()  # a new session, the same name
    assert not fresh.error
    _try(fresh, "bn", "pw-bn")
    assert "tạm khóa" in fresh.error[0].value
    assert not any(c.startswith("Đăng nhập: bn") for c in captions(fresh))


def _pw_submit(at: AppTest, old: str, new: str, again: str) -> None:
    at.text_input(key="pw_old").input(old)
    at.text_input(key="pw_new").input(new)
    at.text_input(key="pw_new2").input(again)
    next(b for b in at.sidebar.button if b.label == t("pw_submit", "vi")).click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_password_change_in_the_sidebar() -> None:
    from geo.store.users import MIN_PASSWORD

    store = _users()
    at = _signed_in("bn", "pw-bn")
    assert at.text_input(key="pw_new").label == t("pw_new", "vi").format(n=MIN_PASSWORD)
    _pw_submit(at, "pw-bn", "short", "short")
    assert f"ít nhất {MIN_PASSWORD} ký tự" in at.sidebar.error[0].value
    _pw_submit(at, "wrong", "mat-khau-moi-bn", "mat-khau-moi-bn")
    assert "mật khẩu hiện tại không đúng" in at.sidebar.error[0].value
    store.authenticate("bn", "pw-bn")  # unchanged so far
    _pw_submit(at, "pw-bn", "mat-khau-moi-bn", "mat-khau-moi-bn")
    assert at.sidebar.success[0].value == t("pw_done", "vi").format(name="bn")
    assert store.authenticate("bn", "mat-khau-moi-bn").role == "editor"
    fresh = AppTest.from_file(APP, default_timeout=60).run()
    _try(fresh, "bn", "pw-bn")
    assert "sai tên hoặc mật khẩu" in fresh.error[0].value
    _try(fresh, "bn", "mat-khau-moi-bn")
    assert any(c.startswith("Đăng nhập: bn") for c in captions(fresh))
