"""Deep links: every page's own path opens it; ``/`` and unknown paths land on the map.

With the map as ``st.navigation``'s default page, Streamlit 1.67 serves it at ``/`` and its
own slug ``/ban-do`` (reserved by the default page) and any unknown path show a "Page not found"
dialog (in English, whatever the app's language) before falling back to the map. So:

- the map page is an ordinary page at ``/ban-do``; the default page (at ``/``, hidden from the
  navigation) switches to it, keeping the query string (:func:`home_page`);
- before ``st.navigation``, the path the browser asked for is read (the page name Streamlit
  resolves against the pages' URL paths); when it names no page, one hidden page is added at
  that path, which switches to the map the same way (:func:`alias_pages`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_SLUG = re.compile(r"^[A-Za-z0-9_.~%-]{1,100}$")


def requested_path() -> str | None:
    """The page path the browser asked for on this run (``"su-dung-dat"``), or None.

    None when the run was asked for by page (a click in the navigation: Streamlit then
    resolves the page by its hash, never by path) or for the root ``/``.
    """
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None) if ctx is not None else None
    if manager is None or getattr(manager, "intended_page_script_hash", None):
        return None
    name = getattr(manager, "intended_page_name", None)
    return str(name).strip("/") or None if name else None


def _switcher(target: st.Page) -> Callable[[], None]:
    def _switch() -> None:
        st.switch_page(target, query_params=st.query_params.to_dict())

    return _switch


def home_page(target: st.Page) -> st.Page:
    """The default page at ``/`` (hidden): switches to ``target`` with the query string."""
    return st.Page(_switcher(target), title=target.title, url_path="kcn-atlas",
                   default=True, visibility="hidden")


def alias_pages(pages: Sequence[st.Page], default: st.Page) -> list[st.Page]:
    """The hidden page to add for this run's path when it names none of ``pages``.

    The page switches to ``default`` (the map) keeping the query string (``?zone=...``).
    A path that is not one plain segment (e.g. ``/a/b``) gets none: Streamlit shows its
    dialog and the map, as before.
    """
    path = requested_path()
    taken = {p.url_path for p in pages} | {"kcn-atlas"}
    if path is None or path in taken or not _SLUG.match(path):
        return []
    return [st.Page(_switcher(default), title=default.title, url_path=path,
                    visibility="hidden")]
