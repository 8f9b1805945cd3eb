"""The sign-in throttle and password change (geo.store.signin) on both store backends, and
``python -m geo user passwd`` (the new password from stdin or a prompt, never from argv)."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest
from import_fixtures import store_on

from geo.cli import main
from geo.errors import AccessDenied, ParameterError, SignInLocked
from geo.store import signin
from geo.store.base import Store
from geo.store.users import MIN_PASSWORD, new_user


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock: Clock) -> signin.Throttle:
    return signin.Throttle(max_failures=5, base_delay=30, max_delay=300, clock=clock)


@pytest.fixture(params=["gpkg", "postgis"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Store:
    store: Store = store_on(request.param, request, monkeypatch, tmp_path)
    store.add_user(new_user("boss", role="admin", provinces=[], password="pw-boss"))
    store.add_user(new_user("bn", role="editor", provinces=["Bắc Ninh"], password="pw-bn"))
    return store


def test_delay_grows_and_is_capped(throttle: signin.Throttle) -> None:
    assert [throttle.delay(n) for n in (1, 4, 5, 6, 7, 8, 9)] == [0, 0, 30, 60, 120, 240, 300]


def test_lock_after_five_failures_then_expires(throttle: signin.Throttle, clock: Clock) -> None:
    keys = [("user", "bn")]
    for _ in range(4):
        assert throttle.failure(keys) == 0
    assert throttle.wait(keys) == 0
    assert throttle.failure(keys) == 30
    clock.now += 10
    assert throttle.wait(keys) == pytest.approx(20)
    clock.now += 21
    assert throttle.wait(keys) == 0
    assert throttle.failure(keys) == 60  # the 6th in a row: twice as long
    throttle.success(keys)
    assert throttle.wait(keys) == 0 and throttle.failures(("user", "bn")) == 0


def test_wait_text_in_both_languages() -> None:
    assert signin.wait_text(150, "vi") == "2 phút 30 giây"
    assert signin.wait_text(29.2, "vi") == "30 giây"
    assert signin.wait_text(120, "en") == "2 min"


def test_sign_in_is_locked_per_name_and_per_session(backend: Store, throttle: signin.Throttle,
                                                    clock: Clock,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "geo.signin")
    for n in range(4):
        with pytest.raises(AccessDenied, match="wrong password") as err:
            signin.sign_in(backend, "bn", f"guess-{n}", session="s1", throttle=throttle)
        assert not isinstance(err.value, SignInLocked)
    with pytest.raises(SignInLocked) as locked:
        signin.sign_in(backend, "bn", "guess-4", session="s1", throttle=throttle)
    assert locked.value.wait_s == 30
    assert "30 giây" in str(locked.value.message_vi) and "5 lần" in str(locked.value.message_vi)
    # locked: the right password is refused too, from another session as well (per name)
    with pytest.raises(SignInLocked):
        signin.sign_in(backend, "bn", "pw-bn", session="s2", throttle=throttle)
    # the session is locked whatever name it tries next
    with pytest.raises(SignInLocked):
        signin.sign_in(backend, "boss", "pw-boss", session="s1", throttle=throttle)
    with pytest.raises(SignInLocked):
        signin.check_session("s1", throttle=throttle)
    signin.check_session("s2", throttle=throttle)  # another session may try other names
    assert signin.sign_in(backend, "boss", "pw-boss", session="s2", throttle=throttle).role \
        == "admin"
    clock.now += 31
    assert signin.sign_in(backend, "bn", "pw-bn", session="s1", throttle=throttle).name == "bn"
    assert throttle.failures(("user", "bn")) == 0 and throttle.wait([("session", "s1")]) == 0
    logged = caplog.text
    assert "sign-in failed" in logged and "sign-in locked" in logged and "'bn'" in logged
    assert "guess-" not in logged and "pw-bn" not in logged  # never a password


def test_change_password(backend: Store, throttle: signin.Throttle) -> None:
    new = "mat-khau-moi-2026"
    with pytest.raises(ParameterError, match=f"at least {MIN_PASSWORD}") as err:
        signin.change_password(backend, "bn", "pw-bn", "short", "short", throttle=throttle)
    assert f"ít nhất {MIN_PASSWORD} ký tự" in str(err.value.message_vi)
    with pytest.raises(ParameterError, match="differ"):
        signin.change_password(backend, "bn", "pw-bn", new, new + "x", throttle=throttle)
    with pytest.raises(AccessDenied, match="current password is wrong"):
        signin.change_password(backend, "bn", "wrong", new, new, throttle=throttle)
    assert throttle.failures(("user", "bn")) == 1  # a wrong current password counts
    backend.authenticate("bn", "pw-bn")  # nothing changed so far
    signin.change_password(backend, "bn", "pw-bn", new, new, throttle=throttle)
    with pytest.raises(AccessDenied):
        backend.authenticate("bn", "pw-bn")
    user = backend.authenticate("bn", new)
    assert (user.role, user.provinces) == ("editor", ("Bắc Ninh",))  # role kept


def _passwd(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["user", "passwd", *args])


def test_cli_user_passwd(backend: Store, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    for var in ("KCN_ATLAS_USER", "KCN_ATLAS_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "pw-bn")  # bn's current password
    assert _passwd(monkeypatch, "bn", stdin="short\n") == 2
    assert f"at least {MIN_PASSWORD}" in capsys.readouterr().err
    assert _passwd(monkeypatch, "bn", stdin="bn-new-password\n") == 0  # acts as bn
    assert "password of bn changed" in capsys.readouterr().out
    assert backend.authenticate("bn", "bn-new-password").name == "bn"
    # bn may not change boss's password
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "bn-new-password")
    assert _passwd(monkeypatch, "boss", "--user", "bn", stdin="boss-new-password\n") == 2
    assert "only their own password" in capsys.readouterr().err
    backend.authenticate("boss", "pw-boss")
    # a wrong current password: refused, nothing changed
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "wrong")
    assert _passwd(monkeypatch, "bn", stdin="another-password\n") == 2
    backend.authenticate("bn", "bn-new-password")
    # an administrator resets another user's password
    monkeypatch.setenv("KCN_ATLAS_PASSWORD", "pw-boss")
    assert _passwd(monkeypatch, "bn", "--user", "boss", stdin="reset-by-admin-1\n") == 0
    assert backend.authenticate("bn", "reset-by-admin-1").role == "editor"
    assert _passwd(monkeypatch, "nobody", "--user", "boss", stdin="whatever-12345\n") == 2
    assert "no user 'nobody'" in capsys.readouterr().err


def test_cli_passwd_has_no_password_argument() -> None:
    with pytest.raises(SystemExit):
        main(["user", "passwd", "bn", "--password", "x"])


def test_cli_passwd_prompts_on_a_terminal(backend: Store, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["pw-bn", "typed-on-terminal", "typed-on-terminal"])  # current, new twice
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    for var in ("KCN_ATLAS_USER", "KCN_ATLAS_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "stdin", Tty(""))
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert main(["user", "passwd", "bn"]) == 0
    assert prompts == ["password for bn: ", "new password for bn: ", "again: "]
    assert backend.authenticate("bn", "typed-on-terminal").name == "bn"
