"""Who is acting: ``--user NAME`` or ``KCN_ATLAS_USER``, the password from
``KCN_ATLAS_PASSWORD`` or a prompt (issue 12). Only asked for when the store has users; in open
mode (no user configured) every command runs as before."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from geo.errors import AccessDenied
from geo.store.base import Store
from geo.store.users import PASSWORD_ENV, USER_ENV, User


def add_user_arg(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` (default ``$KCN_ATLAS_USER``)."""
    parser.add_argument("--user", default=None, metavar="NAME",
                        help=f"acting user when users are configured (default ${USER_ENV}; the "
                             f"password from ${PASSWORD_ENV} or a prompt)")


def read_secret(prompt: str, *, confirm: bool = False) -> str:
    """A password: asked on the terminal (twice with ``confirm``), else the first line of
    standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("again: ") != first:
            raise AccessDenied("the two passwords differ", message_vi="hai mật khẩu khác nhau")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def acting_user(store: Store, args: argparse.Namespace) -> User | None:
    """The signed-in user, or None in open mode (the store has no users).

    Raises
    ------
    AccessDenied
        Users are configured and no user is named, or the password is wrong.
    """
    if not store.list_users():
        return None
    name = getattr(args, "user", None) or os.environ.get(USER_ENV, "").strip()
    if not name:
        raise AccessDenied(f"users are configured in {store.describe()}: name the acting user "
                           f"with --user NAME or {USER_ENV} (password in {PASSWORD_ENV})",
                           message_vi="đã cấu hình người dùng: cần --user hoặc KCN_ATLAS_USER")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if sys.stdin is None or not sys.stdin.isatty():
            raise AccessDenied(f"user {name!r}: no password ({PASSWORD_ENV} is not set and "
                               "there is no terminal to ask on)")
        password = getpass.getpass(f"password for {name}: ")
    return store.authenticate(name, password)
