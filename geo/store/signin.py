"""Sign-in throttle and password change (issue 12 follow-up).

Repeated wrong passwords lock the sign-in: after :data:`MAX_FAILURES` failures in a row for a
user name — or from one browser session, whatever names it tries — further attempts are refused
*without checking the password* for a delay that doubles with every further failure
(:data:`BASE_DELAY_S` seconds, then twice that, ... at most :data:`MAX_DELAY_S`). A successful
sign-in clears the counts of its name and session.

The counts live in this server process (:data:`THROTTLE`, shared by every browser session and
page run of the app; a rerun or a new browser tab does not reset them), not in the browser.
Failures and lockouts are written to the ``geo.signin`` logger (user name and a shortened
session id, never a password); the store's audit trail is the record of imports and undos
only (:mod:`geo.store.audit` has no place for sign-in events).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.errors import AccessDenied, ParameterError, SignInLocked
from geo.store.users import User, check_new_password, verify_password, with_password

if TYPE_CHECKING:
    from geo.store.base import Store

MAX_FAILURES = 5
"""Failures in a row (per user name, per session) before sign-in is locked."""
BASE_DELAY_S = 30.0
"""The first lock, in seconds; each further failure doubles it."""
MAX_DELAY_S = 15 * 60.0
"""The longest lock, in seconds."""
FORGET_AFTER_S = 24 * 3600.0
"""A name or session with no failure for this long is forgotten."""
MAX_ENTRIES = 10_000
"""At most this many names and sessions are remembered (the oldest are dropped)."""

LOG = logging.getLogger("geo.signin")

Key = tuple[str, str]


@dataclass
class _Entry:
    failures: int = 0
    locked_until: float = 0.0
    last: float = 0.0


class Throttle:
    """Failure counts and locks per key (``("user", name)``, ``("session", id)``), thread-safe.

    Parameters
    ----------
    max_failures : failures in a row before a lock.
    base_delay, max_delay : the first and the longest lock, in seconds.
    clock : seconds, monotonic (tests pass a fake one).
    """

    def __init__(self, *, max_failures: int = MAX_FAILURES, base_delay: float = BASE_DELAY_S,
                 max_delay: float = MAX_DELAY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock
        self._entries: dict[Key, _Entry] = {}
        self._lock = threading.Lock()

    def delay(self, failures: int) -> float:
        """The lock, in seconds, after ``failures`` failures in a row (0 below the limit)."""
        if failures < self.max_failures:
            return 0.0
        return min(self.base_delay * 2.0 ** (failures - self.max_failures), self.max_delay)

    def wait(self, keys: Iterable[Key]) -> float:
        """Seconds until every one of ``keys`` may try again (0: not locked)."""
        now = self.clock()
        with self._lock:
            return max([0.0, *(e.locked_until - now for k in keys
                               if (e := self._entries.get(k)) is not None)])

    def failures(self, key: Key) -> int:
        """Failures in a row of ``key``."""
        with self._lock:
            entry = self._entries.get(key)
            return entry.failures if entry is not None else 0

    def failure(self, keys: Iterable[Key]) -> float:
        """Count one failure for each of ``keys``; the lock that follows, in seconds."""
        now = self.clock()
        locked = 0.0
        with self._lock:
            self._prune(now)
            for key in keys:
                entry = self._entries.setdefault(key, _Entry())
                entry.failures += 1
                entry.last = now
                if (d := self.delay(entry.failures)) > 0:
                    entry.locked_until = now + d
                    locked = max(locked, d)
        return locked

    def success(self, keys: Iterable[Key]) -> None:
        """Forget the failures of ``keys`` (a correct password)."""
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def _prune(self, now: float) -> None:
        old = [k for k, e in self._entries.items()
               if e.locked_until <= now and now - e.last > FORGET_AFTER_S]
        for k in old:
            del self._entries[k]
        if len(self._entries) >= MAX_ENTRIES:
            for k in sorted(self._entries, key=lambda k: self._entries[k].last)[
                    :len(self._entries) - MAX_ENTRIES + 1]:
                del self._entries[k]


THROTTLE = Throttle()
"""The process's throttle: every session of the app shares it."""


def wait_text(seconds: float, lang: str = "vi") -> str:
    """``seconds`` (rounded up) as ``2 phút 5 giây`` / ``2 min 5 s``."""
    total = max(1, int(-(-seconds // 1)))
    minutes, secs = divmod(total, 60)
    if lang == "vi":
        parts = [f"{minutes} phút"] * bool(minutes) + [f"{secs} giây"] * bool(secs)
    else:
        parts = [f"{minutes} min"] * bool(minutes) + [f"{secs} s"] * bool(secs)
    return " ".join(parts)


def _keys(name: str, session: str | None) -> list[Key]:
    keys: list[Key] = [("user", name.strip().casefold())]
    if session:
        keys.append(("session", session))
    return keys


def locked_error(seconds: float) -> SignInLocked:
    """The refusal while sign-in is locked for ``seconds`` more."""
    return SignInLocked(
        f"{MAX_FAILURES} or more failed sign-ins in a row: sign-in is locked; try again in "
        f"{wait_text(seconds, 'en')}",
        wait_s=max(1, int(-(-seconds // 1))),
        message_vi=f"đăng nhập sai từ {MAX_FAILURES} lần liên tiếp: tạm khóa đăng nhập; hãy "
                   f"thử lại sau {wait_text(seconds, 'vi')}")


def check_session(session: str | None, *, throttle: Throttle | None = None) -> None:
    """Raise :class:`SignInLocked` while ``session`` is locked (shown before any attempt)."""
    th = throttle or THROTTLE
    if session and (w := th.wait([("session", session)])) > 0:
        raise locked_error(w)


def _failed(name: str, session: str | None, th: Throttle, what: str) -> None:
    keys = _keys(name, session)
    locked = th.failure(keys)
    who = f"user={name[:64]!r} session={(session or '-')[:8]}"
    LOG.warning("%s failed (%d in a row): %s", what, th.failures(keys[0]), who)
    if locked:
        LOG.warning("sign-in locked for %.0f s: %s", locked, who)


def sign_in(store: Store, name: str, password: str, *, session: str | None = None,
            throttle: Throttle | None = None) -> User:
    """``store.authenticate(name, password)`` under the throttle.

    Parameters
    ----------
    store : the configured store.
    name, password : what was typed.
    session : the browser session's id (also throttled as a whole); None from the CLI.
    throttle : default :data:`THROTTLE`.

    Raises
    ------
    SignInLocked
        The name or the session is locked (the password is not checked then).
    AccessDenied
        Unknown name or wrong password (counted as a failure).
    """
    th = throttle or THROTTLE
    keys = _keys(name, session)
    if (w := th.wait(keys)) > 0:
        raise locked_error(w)
    try:
        user = store.authenticate(name, password)
    except AccessDenied:
        _failed(name, session, th, "sign-in")
        if (w := th.wait(keys)) > 0:
            raise locked_error(w) from None
        raise
    th.success(keys)
    return user


def change_password(store: Store, name: str, old: str, new: str, again: str, *,
                    session: str | None = None, throttle: Throttle | None = None) -> None:
    """Set the password of the signed-in user ``name`` after checking ``old`` (throttled like a
    sign-in: a wrong old password counts as a failure) and the rule on ``new`` (typed twice,
    :func:`geo.store.users.check_new_password`).

    Raises
    ------
    SignInLocked, AccessDenied
        Locked, or ``old`` is wrong; nothing changed.
    ParameterError
        ``new`` breaks the rule or differs from ``again``; nothing changed.
    """
    th = throttle or THROTTLE
    keys = _keys(name, session)
    if (w := th.wait(keys)) > 0:
        raise locked_error(w)
    records = store.list_users()
    record = next((u for u in records if u.name == name), None)
    if record is None or not verify_password(record.password_hash, old):
        _failed(name, session, th, "password change")
        if (w := th.wait(keys)) > 0:
            raise locked_error(w)
        raise AccessDenied(f"password of {name!r} not changed: the current password is wrong",
                           message_vi="không đổi được mật khẩu: mật khẩu hiện tại không đúng")
    check_new_password(new, again)
    if new == old:
        raise ParameterError("the new password is the current one; choose another",
                             message_vi="mật khẩu mới trùng mật khẩu hiện tại; hãy chọn mật "
                                        "khẩu khác")
    store.add_user(with_password(records, name, new))
    th.success(keys)
    LOG.info("password changed: user=%r", name[:64])
