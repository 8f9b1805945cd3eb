"""Sign-in for a deployment with users (issue 12); open mode otherwise.

The store decides (:func:`geo.store.get_store`): with no user configured the app runs open, as
before, and says so in the sidebar; with users, every page waits for a sign-in (argon2-checked
by the store). The signed-in :class:`geo.store.users.User` is kept in ``st.session_state`` and
passed to the store's ``commit`` and ``undo``, which enforce the role and provinces themselves;
:func:`write_note` tells the import page what the user may write (a viewer gets no write
controls). Failed sign-ins are throttled server-side (:mod:`geo.store.signin`, per user name and
per browser session); a signed-in user can change their password in the sidebar.
"""

from __future__ import annotations

import uuid

import streamlit as st

from geo.core.i18n import t
from geo.core.text import md_escape
from geo.errors import AtlasError, user_message
from geo.store import signin
from geo.store.base import Store
from geo.store.factory import get_store
from geo.store.users import MIN_PASSWORD, User, current_role

KEY_USER = "auth_user"
KEY_SESSION = "auth_session"


def current_user() -> User | None:
    """The signed-in user (None in open mode or before sign-in)."""
    user = st.session_state.get(KEY_USER)
    return user if isinstance(user, User) else None


def session_id() -> str:
    """This browser session's id for the sign-in throttle (random, made once per session)."""
    value = st.session_state.get(KEY_SESSION)
    if not isinstance(value, str):
        value = st.session_state[KEY_SESSION] = uuid.uuid4().hex
    return value


def role_text(user: User, lang: str) -> str:
    """The role of ``user`` in ``lang`` (an editor's provinces included)."""
    text = t(f"role_{user.role}", lang)
    return text.format(provinces=", ".join(user.provinces)) if user.role == "editor" else text


def gate(lang: str) -> bool:
    """Show the sign-in state in the sidebar; False (after drawing the sign-in form) while a
    deployment with users has nobody signed in: the caller then stops the page."""
    store = get_store()
    try:
        configured = bool(store.list_users())
    except AtlasError as exc:
        st.error(md_escape(user_message(exc, lang)))
        return False
    with st.sidebar:
        st.caption(t("auth_store", lang).format(where=md_escape(store.describe())))
        if not configured:
            st.caption(t("auth_open", lang))
            return True
        user = current_user()
        if user is not None:
            st.caption(t("auth_signed_in", lang).format(name=md_escape(user.name),
                                                        role=md_escape(role_text(user, lang))))
            if st.button(t("auth_sign_out", lang), key="auth_sign_out"):
                st.session_state.pop(KEY_USER, None)
                st.rerun()
            _password_form(user, lang)
            return True
    _sign_in_form(lang)
    return False


def _sign_in_form(lang: str) -> None:
    st.title(t("auth_title", lang))
    session = session_id()
    with st.form("auth_form"):
        name = st.text_input(t("auth_user", lang), key="auth_name")
        password = st.text_input(t("auth_password", lang), type="password", key="auth_pw")
        submitted = st.form_submit_button(t("auth_submit", lang))
    try:
        if submitted:
            user = signin.sign_in(get_store(), name.strip(), password, session=session)
            st.session_state[KEY_USER] = user
            st.rerun()
        signin.check_session(session)  # a rerun still shows the lock and how long it lasts
    except AtlasError as exc:
        st.error(md_escape(user_message(exc, lang)))


def _password_form(user: User, lang: str) -> None:
    """"Đổi mật khẩu": the current password, the new one twice (the rule in the label)."""
    with st.expander(t("pw_title", lang)), st.form("pw_form", clear_on_submit=True):
        old = st.text_input(t("pw_old", lang), type="password", key="pw_old")
        new = st.text_input(t("pw_new", lang).format(n=MIN_PASSWORD), type="password",
                            key="pw_new")
        again = st.text_input(t("pw_new2", lang), type="password", key="pw_new2")
        if st.form_submit_button(t("pw_submit", lang)):
            try:
                signin.change_password(get_store(), user.name, old, new, again,
                                       session=session_id())
                st.success(t("pw_done", lang).format(name=md_escape(user.name)))
            except AtlasError as exc:
                st.error(md_escape(user_message(exc, lang)))


def write_note(store: Store, lang: str) -> bool:
    """On a page that writes: say what the signed-in user may write. False (after a note) for
    a viewer, or a user no longer in the store: the page then shows no write control. Open
    mode and administrators: True, no note; editors: a note naming their provinces."""
    records = store.list_users()
    if not records:
        return True
    signed = current_user()
    user = current_role(records, signed)  # the role as the store holds it now
    if user is None:
        name = signed.name if signed is not None else "—"
        st.warning(t("auth_gone_note", lang).format(name=md_escape(name)))
        return False
    if user.role == "viewer":
        st.warning(t("auth_viewer_note", lang).format(name=md_escape(user.name)))
        return False
    if user.role == "editor":
        st.info(t("auth_editor_note", lang).format(
            name=md_escape(user.name), provinces=md_escape(", ".join(user.provinces))))
    return True
