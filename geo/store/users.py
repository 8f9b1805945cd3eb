"""Users and roles of a board's store (issue 12): who may read, import and undo what.

Three roles:

* ``viewer`` — reads everything, writes nothing;
* ``editor`` — a board editor: imports and undo for the zones of their own province(s) only
  (2024 provinces, as the zones' ``province`` field holds them);
* ``admin`` — every province, and the users.

The rules are enforced here, at the store (:func:`check_write`, called by every backend's
``commit`` and ``undo``), not only by hiding buttons. While a store has no user at all it runs
open (the embedded default on one machine): anyone may write, and the audit says ``(open)``.

Passwords are stored as argon2id hashes (argon2-cffi), never in clear. The GeoPackage
workspace keeps its users in ``users.json`` in the workspace folder (:class:`FileUsers`); the
PostGIS store in its ``users`` table (:mod:`geo.store.postgis`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from geo.errors import AccessDenied, DataFileError, FilterError, ParameterError
from geo.settings import PROVINCES_2024
from geo.store.atomic import write_text_atomic
from geo.store.audit import locked

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
USER_ENV = "KCN_ATLAS_USER"
PASSWORD_ENV = "KCN_ATLAS_PASSWORD"
OPEN_USER = "(open)"
"""What the audit records as the actor while a store has no users (open mode)."""
USERS_FILE = "users.json"
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 10
"""Fewest characters of a new password set by ``user passwd`` or the app's password change."""


@dataclass(frozen=True)
class User:
    """An authenticated user: ``name``, ``role`` and, for an editor, the 2024 provinces
    (official Vietnamese names) whose zones they may change."""

    name: str
    role: Role
    provinces: tuple[str, ...] = ()

    def may_write(self, provinces: Iterable[str]) -> bool:
        """Whether this user may change rows of all of ``provinces``."""
        if self.role == "admin":
            return True
        return self.role == "editor" and set(provinces) <= set(self.provinces)


@dataclass(frozen=True)
class UserRecord(User):
    """A stored user: :class:`User` and the argon2 hash of the password."""

    password_hash: str = field(default="", repr=False)

    def public(self) -> User:
        """The user without the hash."""
        return User(self.name, self.role, self.provinces)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (a random salt; the parameters in the hash)."""
    from argon2 import PasswordHasher

    if not password:
        raise ParameterError("the password is empty", message_vi="mật khẩu trống")
    return PasswordHasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches the stored argon2 hash (constant-time)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import Argon2Error, InvalidHashError

    try:
        return bool(PasswordHasher().verify(password_hash, password))
    except (Argon2Error, InvalidHashError):
        return False


def check_new_password(password: str, again: str | None = None) -> str:
    """``password`` if it may be set as a new password: at least :data:`MIN_PASSWORD`
    characters, and equal to ``again`` when given (typed twice).

    Raises
    ------
    ParameterError
        Too short, or the two entries differ (the message states the rule, never the text).
    """
    if again is not None and password != again:
        raise ParameterError("the two new passwords differ",
                             message_vi="hai lần nhập mật khẩu mới không khớp")
    if len(password) < MIN_PASSWORD:
        raise ParameterError(f"the new password is too short: use at least {MIN_PASSWORD} "
                             "characters",
                             message_vi=f"mật khẩu mới quá ngắn: cần ít nhất {MIN_PASSWORD} "
                                        "ký tự")
    return password


def with_password(records: list[UserRecord], name: str, password: str) -> UserRecord:
    """The stored user ``name`` with a new argon2 hash of ``password`` (checked by
    :func:`check_new_password`); save it with the store's ``add_user``.

    Raises
    ------
    ParameterError
        No user ``name``, or the password breaks the rule.
    """
    record = next((u for u in records if u.name == name), None)
    if record is None:
        raise ParameterError(f"no user {name!r}", message_vi=f"không có người dùng {name!r}")
    return UserRecord(record.name, record.role, record.provinces,
                      hash_password(check_new_password(password)))


def check_user_name(name: str) -> str:
    """``name`` if it is a valid user name (letters, digits, ``_.@-``; 1-64 characters)."""
    if not _NAME.match(name or ""):
        raise ParameterError(f"user name {name!r}: use 1-64 letters, digits or _ . @ -",
                             message_vi=f"tên người dùng {name!r}: 1-64 chữ, số hoặc _ . @ -")
    return name


def check_role(role: str) -> Role:
    """``role`` if it is one of :data:`ROLES`."""
    for r in ROLES:
        if role == r:
            return r
    raise FilterError(f"unknown role {role!r}; valid: {', '.join(ROLES)}", valid=list(ROLES))


def province_names(values: Iterable[str]) -> tuple[str, ...]:
    """Official 2024 province names for ``values`` (Vietnamese, English spelling or slug)."""
    out: list[str] = []
    for value in values:
        text = value.strip().casefold()
        hit = next((p.name for p in PROVINCES_2024
                    if text in (p.name.casefold(), p.name_en.casefold(), p.slug)), None)
        if hit is None:
            raise FilterError(f"unknown province {value!r}",
                              valid=[p.name for p in PROVINCES_2024])
        if hit not in out:
            out.append(hit)
    return tuple(out)


def new_user(name: str, *, role: str, provinces: Iterable[str], password: str) -> UserRecord:
    """A checked :class:`UserRecord`: an editor needs at least one province; others none."""
    r = check_role(role)
    provs = province_names(provinces)
    if r == "editor" and not provs:
        raise ParameterError("an editor needs --province (the provinces they may change)",
                             message_vi="biên tập viên cần có tỉnh (--province)")
    if r != "editor" and provs:
        raise ParameterError(f"a {r} has no province (only editors are limited to provinces)")
    return UserRecord(check_user_name(name), r, provs, hash_password(password))


def check_write(user: User | None, provinces: Iterable[str], *, users_configured: bool,
                action: str) -> None:
    """Refuse ``action`` (``"import"``, ``"undo"``) unless ``user`` may change ``provinces``.

    Open mode (``users_configured`` False) allows anyone. Raises :class:`AccessDenied` (with
    ``message_vi``) naming the user, the role and the provinces refused.
    """
    if not users_configured:
        return
    if user is None:
        raise AccessDenied(f"{action}: sign in first (users are configured; --user NAME or "
                           "KCN_ATLAS_USER)",
                           message_vi=f"{action}: cần đăng nhập (đã cấu hình người dùng)")
    if user.role == "viewer":
        raise AccessDenied(f"{action}: user {user.name!r} is a viewer (read-only)",
                           message_vi=f"{action}: người dùng {user.name!r} chỉ được xem")
    wanted = set(provinces)
    if not user.may_write(wanted):
        outside = sorted(wanted - set(user.provinces), key=str)
        shown = ", ".join(p or "(no province)" for p in outside)
        raise AccessDenied(
            f"{action}: user {user.name!r} (editor of {', '.join(user.provinces)}) may not "
            f"change zones of {shown}; nothing written",
            message_vi=f"{action}: người dùng {user.name!r} (biên tập "
                       f"{', '.join(user.provinces)}) không được sửa khu của {shown}; không "
                       "ghi gì")


class FileUsers:
    """Users of a GeoPackage workspace: ``<folder>/users.json`` (written atomically)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / USERS_FILE

    def list_users(self) -> list[UserRecord]:
        """The users, sorted by name (empty: open mode)."""
        if not self.path.is_file():
            return []
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
            return sorted((UserRecord(r["name"], check_role(r["role"]), tuple(r["provinces"]),
                                      r["password_hash"]) for r in rows), key=lambda u: u.name)
        except (ValueError, KeyError, TypeError) as exc:
            raise DataFileError(f"{self.path}: not a users file ({exc})") from None

    def _write(self, users: list[UserRecord]) -> None:

        rows = [{"name": u.name, "role": u.role, "provinces": list(u.provinces),
                 "password_hash": u.password_hash} for u in users]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps(rows, ensure_ascii=False, indent=1))

    def add_user(self, record: UserRecord) -> None:
        """Add (or replace, same name) a user (read and written under the workspace lock)."""
        with locked(self.path.parent):
            self._write([u for u in self.list_users() if u.name != record.name] + [record])

    def remove_user(self, name: str) -> bool:
        """Remove a user; False when there was none of that name."""
        with locked(self.path.parent):
            users = self.list_users()
            kept = [u for u in users if u.name != name]
            if len(kept) != len(users):
                self._write(kept)
        return len(kept) != len(users)


def authenticate(records: list[UserRecord], name: str, password: str) -> User:
    """The user ``name`` if ``password`` is theirs; else :class:`AccessDenied` (the same
    message for an unknown name and a wrong password)."""
    record = next((u for u in records if u.name == name), None)
    if record is None or not verify_password(record.password_hash, password):
        raise AccessDenied(f"sign-in refused for {name!r}: unknown user or wrong password",
                           message_vi=f"đăng nhập bị từ chối ({name!r}): sai tên hoặc mật khẩu")
    return record.public()


def current_role(records: list[UserRecord], user: User | None) -> User | None:
    """``user`` as the store holds it now (role and provinces re-read: a role taken away since
    sign-in counts at once); None if the user was removed."""
    if user is None:
        return None
    record = next((u for u in records if u.name == user.name), None)
    return record.public() if record is not None else None
