"""Sign-in for a deployment with users (issue 12); open mode otherwise.

The store decides (:func:`geo.store.get_store`): with no user configured the app runs open, as
before, and says so in the sidebar; with users, every page waits for a sign-in (argon2-checked
by the store). The signed-in :class:`geo.store.users.User` is kept in ``st.session_state`` and
passed to the store's ``commit`` and ``undo``, which enforce the role and provinces themselves.
"""

from __future__ import annotations

import streamlit as st

from geo.core.i18n import t
from geo.core.text import md_escape
from geo.errors import AtlasError, user_message
from geo.store.factory import get_store
from geo.store.users import User

KEY_USER = "auth_user"


def current_user() -> User | None:
    """The signed-in user (None in open mode or before sign-in)."""
    user = st.session_state.get(KEY_USER)
    return user if isinstance(user, User) else None


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
            return True
    _sign_in_form(lang)
    return False


def _sign_in_form(lang: str) -> None:
    st.title(t("auth_title", lang))
    with st.form("auth_form"):
        name = st.text_input(t("auth_user", lang), key="auth_name")
        password = st.text_input(t("auth_password", lang), type="password", key="auth_pw")
        if st.form_submit_button(t("auth_submit", lang)):
            try:
                st.session_state[KEY_USER] = get_store().authenticate(name.strip(), password)
                st.rerun()
            except AtlasError as exc:
                st.error(md_escape(user_message(exc, lang)))
