"""The import page's upload, kept for the session: leaving the page and coming back keeps it.

Streamlit forgets a ``st.file_uploader``'s file when its page is left (the widget is gone).
The bytes and name are kept in ``st.session_state`` (this browser session only; never on disk)
until another file is uploaded, the user forgets it, or an import is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from geo.core.i18n import Lang, fmt_number, t
from geo.core.text import md_escape

KEY = "ws_kept_upload"


@dataclass(frozen=True)
class KeptUpload:
    """An uploaded file's name and bytes (the part of Streamlit's UploadedFile the page uses)."""

    name: str
    data: bytes

    def getvalue(self) -> bytes:
        """The file's bytes."""
        return self.data


def current(upload: Any, lang: Lang) -> KeptUpload | None:
    """The file to work on: the one just uploaded (kept), else the one kept this session.

    With a kept file and an empty uploader, a caption names it and a button forgets it.
    """
    if upload is not None:
        kept = KeptUpload(str(upload.name), bytes(upload.getvalue()))
        st.session_state[KEY] = kept
        return kept
    kept = st.session_state.get(KEY)
    if not isinstance(kept, KeptUpload):
        return None
    size = f"{fmt_number(len(kept.data) / 1024, lang)} KB"
    left, right = st.columns([4, 1])
    left.caption(md_escape(t("import_file_kept", lang).format(name=kept.name, size=size)))
    if right.button(t("import_file_forget", lang), key="ws_forget_upload"):
        forget()
        st.rerun()
    return kept


def forget() -> None:
    """Drop the kept file (after an import is written, or on request)."""
    st.session_state.pop(KEY, None)
