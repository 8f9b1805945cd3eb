"""The import page's steps that hold logic (:mod:`app_pages.importer` stays layout only).

Reading an upload once per file and options (kept in ``st.session_state``), the column mapping
editor, the confirmed commit through the configured store, and the import log with undo and the
audit trail. Reading and planning are :mod:`geo.imports` (:func:`geo.imports.run.read_bytes`,
:func:`geo.imports.plan.plan_import`); writing, undo and the log are the store's
(:class:`geo.store.base.Store`, as the signed-in user).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.core.findings import Report
from geo.core.i18n import Lang, t
from geo.core.schema import ImportKind
from geo.core.text import md_escape, md_format
from geo.errors import AtlasError, ImportRefused
from geo.imports.plan import ImportPlan, target_fields
from geo.imports.run import read_bytes
from geo.present import imports as view
from geo.store.base import Store
from ui import uploads
from ui.auth import current_user


def read_upload(upload: Any, kind: ImportKind, options: dict[str, Any], lang: Lang) -> Any:
    """The upload read with ``options`` — ``(IngestResult, sha256)`` or the refusal
    (:class:`geo.errors.AtlasError`) — read again only when the file, kind or options change."""
    data = upload.getvalue()
    key = (upload.name, len(data), kind, repr(sorted(options.items(), key=str)))
    if st.session_state.get("ws_read_key") != key:
        st.session_state.pop("ws_read_seen", None)  # a new file: a new preview
        with st.status(t("ws_reading", lang)) as status:
            try:
                st.session_state["ws_read"] = read_bytes(upload.name, data, kind=kind, **options)
            except AtlasError as exc:  # ImportRefused, or a bad option (CRS, layer)
                st.session_state["ws_read"] = exc
            status.update(label=t("import_status_done", lang), state="complete")
        st.session_state["ws_read_key"] = key
    return st.session_state["ws_read"]


def show_refusal(read: AtlasError, lang: Lang) -> None:
    """Why the file was not read, and its findings when there are several."""
    refused = isinstance(read, ImportRefused)
    st.error(md_format(t("ws_refused" if refused else "ws_bad_option", lang),
                       msg=view.refusal_text(read, lang)))
    if refused and isinstance(read.report, Report) and len(read.report.findings) > 1:
        st.dataframe(view.findings_table(read.report, lang), hide_index=True)


def mapping_editor(det: Any, kind: ImportKind, lang: Lang) -> None:
    """One choice of schema field per column of the file (``ws_map_<column>``)."""
    schema = target_fields(kind)
    cols = [*det.mapping, *det.unmapped]
    st.session_state["ws_columns"] = cols
    with st.expander(t("ws_mapping", lang), expanded=bool(det.unmapped)):
        grid = st.columns(3)
        for i, col in enumerate(cols):
            if f"ws_map_{col}" not in st.session_state:
                st.session_state[f"ws_map_{col}"] = det.mapping.get(col)
            grid[i % 3].selectbox(md_escape(col), [None, *schema], key=f"ws_map_{col}",
                                  placeholder=t("ws_unused", lang),
                                  format_func=lambda f: t("ws_unused", lang) if f is None
                                  else view.field_choice(f, lang))


def commit(store: Store, plan: ImportPlan, *, seen: str, note: str, allow: bool,
           lang: Lang) -> None:
    """Write ``plan`` (made at version ``seen``) as the signed-in user; on success empty the
    page's upload state and rerun, else show why (a stale preview is planned again)."""
    try:
        entry = store.commit(plan, expected_version=seen, user=current_user(), note=note,
                             allow_unmatched=allow)
    except ImportRefused as exc:  # a stale preview is shown again on the next run
        st.session_state.pop("ws_read_seen", None)
        st.error(md_escape(view.refusal_text(exc, lang)))
        return
    st.session_state["ws_message"] = t("ws_written", lang).format(seq=entry["seq"])
    st.session_state["ws_upload_n"] = st.session_state.get("ws_upload_n", 0) + 1
    uploads.forget()
    for k in [k for k in st.session_state if str(k).startswith(("ws_map_", "ws_read"))]:
        del st.session_state[k]
    st.session_state.pop("ws_columns", None)
    st.rerun()


def render_log(store: Store, lang: Lang, *, may_undo: bool = True) -> None:
    """The imports in effect with undo (asked first; none without ``may_undo``: a viewer),
    then the audit trail."""
    st.subheader(t("ws_log", lang))
    log = store.import_log()
    if not len(log):
        st.caption(t("ws_log_empty", lang))
    else:
        st.dataframe(view.log_table(log, lang), hide_index=True)
    if len(log) and may_undo:
        last = log.iloc[-1]  # undo asks first: tick the box, then the button works
        sure = st.checkbox(md_format(t("ws_undo_confirm", lang), seq=last["seq"],
                                     file=last["file_name"]),
                           key=f"ws_undo_ok_{last['seq']}")
        if st.button(t("ws_undo", lang), key="ws_undo", disabled=not sure):
            try:
                done = store.undo(user=current_user())
                st.session_state["ws_message"] = md_format(t("ws_undone", lang), **done.__dict__)
                st.session_state.pop("ws_read_seen", None)
                st.rerun()
            except AtlasError as exc:
                st.error(md_escape(view.refusal_text(exc, lang)))
    if len(audit := store.audit_log()):  # survives undo: undone imports stay listed, marked
        st.caption(t("ws_audit", lang))
        st.dataframe(view.audit_table(audit, lang), hide_index=True)
