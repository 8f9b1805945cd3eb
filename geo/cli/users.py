"""``python -m geo user add|list|remove|passwd``: the users of the configured store (issue 12).

``user add NAME --role viewer|editor|admin [--province P ...]`` reads the new password from the
terminal (twice) or from the first line of standard input. Once a store has users, adding or
removing one needs an administrator (``--user``/``KCN_ATLAS_USER`` + ``KCN_ATLAS_PASSWORD``);
the first user must be an administrator, and the last administrator cannot be removed.

``user passwd NAME`` changes a password: a user their own (acting as NAME by default; the current
password from ``KCN_ATLAS_PASSWORD`` or a prompt), an administrator anyone's (``--user ADMIN``).
The new password is read from the terminal (twice, hidden) or the first line of standard input,
never from the command line; it needs at least ``geo.store.users.MIN_PASSWORD`` characters.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from geo.cli.access import acting_user, add_user_arg, read_secret
from geo.cli.common import dumps, text_table
from geo.errors import AccessDenied, ParameterError
from geo.store.base import Store
from geo.store.factory import get_store
from geo.store.users import ROLES, USER_ENV, new_user, with_password


def register(sub: Any) -> None:
    """Add ``user`` to the subparsers."""
    p = sub.add_parser("user", help="users and roles of the store (viewer, editor, admin)")
    acts = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    a = acts.add_parser("add", help="add (or replace) a user; password from the terminal or "
                        "standard input")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--province", nargs="+", action="extend", default=[], metavar="P",
                   help="editor: the 2024 province(s) whose zones they may change")
    add_user_arg(a)
    ls = acts.add_parser("list", help="the users")
    ls.add_argument("--format", default="text", choices=("text", "json"))
    r = acts.add_parser("remove", help="remove a user")
    r.add_argument("name")
    add_user_arg(r)
    pw = acts.add_parser("passwd", help="change a password (yours; an administrator: anyone's); "
                         "the new one from the terminal or standard input")
    pw.add_argument("name")
    add_user_arg(pw)
    p.set_defaults(func=run_user)


def _need_admin(store: Store, args: argparse.Namespace) -> None:
    actor = acting_user(store, args)
    if actor is not None and actor.role != "admin":
        raise AccessDenied(f"user {args.action}: {actor.name!r} is not an administrator",
                           message_vi="chỉ quản trị viên được quản lý người dùng")


def run_user(args: argparse.Namespace) -> int:
    """Add, list or remove users; exit 0 (2 when refused)."""
    store = get_store()
    if args.action == "list":
        users = store.list_users()
        rows = [{"name": u.name, "role": u.role, "provinces": list(u.provinces)} for u in users]
        if args.format == "json":
            print(dumps(rows))
        elif not users:
            print(f"no users in {store.describe()}: open mode (anyone may import)")
        else:
            print(text_table(["name", "role", "provinces"],
                             [[u.name, u.role, ", ".join(u.provinces) or "(all)"
                               if u.role == "admin" else ", ".join(u.provinces) or "—"]
                              for u in users]))
        return 0
    if args.action == "passwd":
        return _passwd(store, args)
    existing = store.list_users()
    _need_admin(store, args)
    if args.action == "add":
        if not existing and args.role != "admin":
            raise ParameterError("the first user must be an administrator (--role admin)")
        record = new_user(args.name, role=args.role, provinces=args.province,
                          password=read_secret(f"new password for {args.name}: ", confirm=True))
        store.add_user(record)
        print(f"user {record.name} ({record.role}"
              + (f": {', '.join(record.provinces)}" if record.provinces else "")
              + f") saved in {store.describe()}")
        return 0
    admins = [u for u in existing if u.role == "admin"]
    if [u.name for u in admins] == [args.name] and len(existing) > 1:
        raise ParameterError(f"{args.name!r} is the last administrator; add another first")
    if not store.remove_user(args.name):
        raise ParameterError(f"no user {args.name!r}")
    print(f"user {args.name} removed")
    return 0


def _passwd(store: Store, args: argparse.Namespace) -> int:
    """Set the password of ``args.name``: the user themself (signed in with the current one) or
    an administrator."""
    existing = store.list_users()
    if not any(u.name == args.name for u in existing):
        raise ParameterError(f"no user {args.name!r} in {store.describe()}",
                             message_vi=f"không có người dùng {args.name!r}")
    if not args.user and not os.environ.get(USER_ENV, "").strip():
        args.user = args.name  # changing one's own password: sign in as that user
    actor = acting_user(store, args)
    if actor is None or (actor.name != args.name and actor.role != "admin"):
        raise AccessDenied(f"user passwd: {actor.name if actor else '?'!r} may change only their "
                           "own password (an administrator: anyone's)",
                           message_vi="chỉ được đổi mật khẩu của chính mình (quản trị viên: mọi "
                                      "người)")
    record = with_password(existing, args.name,
                           read_secret(f"new password for {args.name}: ", confirm=True))
    store.add_user(record)
    print(f"password of {record.name} changed in {store.describe()}")
    return 0
