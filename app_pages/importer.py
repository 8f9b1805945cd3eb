"""Nhập dữ liệu: upload → detected → mapping → report → preview map → diff → confirm; log, undo.

UI only: reading, matching: :mod:`geo.store.workspace`; writing, undo, log: the configured
store (:func:`geo.store.get_store`, as the signed-in user); preview map: :mod:`geo.maps.preview`.
"""

import streamlit as st

from geo.core.findings import Report
from geo.core.i18n import t
from geo.core.text import md_escape, md_format
from geo.errors import AtlasError, ImportRefused
from geo.imports.archive import MAX_BYTES
from geo.maps.preview import build_preview_map, replaced_footprints
from geo.present import imports as view
from geo.settings import PROVINCES_2024
from geo.store import get_store
from geo.store import workspace as ws
from ui import mapview, uploads
from ui.auth import current_user
from ui.periods import render_comparison
from ui.state import get_lang

lang, store = get_lang(), get_store()
st.title(t("page_importer", lang))
if msg := st.session_state.pop("ws_message", None):
    st.success(msg)

kind = st.radio(t("ws_kind", lang), ws.KINDS_OF_IMPORT, key="ws_kind", horizontal=True,
                format_func=lambda k: t(f"ws_kind_{k}", lang))
period = st.text_input(t("ws_period", lang), key="ws_period") if kind == "figures" else None
# a new key after each write empties the uploader (Streamlit cannot clear it otherwise)
uploader = st.file_uploader(t("ws_upload", lang).format(mb=MAX_BYTES // 2**20),
                            key=f"ws_upload_{st.session_state.get('ws_upload_n', 0)}")
upload = uploads.current(uploader, lang)  # kept for the session: leaving the page keeps it
with st.expander(t("ws_options", lang)):
    auto = t("ws_auto", lang)

    def auto_box(key: str, choices: list, show=str):  # None = let the reader decide
        return st.selectbox(t(key, lang), [None, *choices], key=key, placeholder=auto,
                            format_func=lambda v: auto if v is None else show(v))

    province = auto_box("ws_province", [p.name for p in PROVINCES_2024])
    utm = auto_box("ws_utm", [48, 49], "UTM {}N".format)
    encoding = auto_box("ws_encoding", ["utf-8", "cp1258", "tcvn3", "vni"])
    crs = st.text_input(t("ws_crs", lang), key="ws_crs").strip() or None
    layer = st.text_input(t("ws_layer", lang), key="ws_layer").strip() or None

plan = None
if upload is not None:
    data = upload.getvalue()
    columns = st.session_state.get("ws_columns", [])
    mapping = {c: st.session_state[f"ws_map_{c}"] for c in columns
               if st.session_state.get(f"ws_map_{c}")}
    options = {"layer": layer, "crs": crs, "province": province, "utm": utm,
               "encoding": encoding, "mapping": mapping or None}
    key = (upload.name, len(data), kind, repr(sorted(options.items(), key=str)))
    if st.session_state.get("ws_read_key") != key:
        st.session_state.pop("ws_read_seen", None)  # a new file: a new preview
        with st.status(t("ws_reading", lang)) as status:
            try:
                st.session_state["ws_read"] = ws.read_bytes(upload.name, data, kind=kind, **options)
            except AtlasError as exc:  # ImportRefused, or a bad option (CRS, layer)
                st.session_state["ws_read"] = exc
            status.update(label=t("import_status_done", lang), state="complete")
        st.session_state["ws_read_key"] = key
    read = st.session_state["ws_read"]
    if isinstance(read, AtlasError):
        refused = isinstance(read, ImportRefused)
        st.error(md_format(t("ws_refused" if refused else "ws_bad_option", lang),
                           msg=view.refusal_text(read, lang)))
        if refused and isinstance(read.report, Report) and len(read.report.findings) > 1:
            st.dataframe(view.findings_table(read.report, lang), hide_index=True)
    else:
        result, sha = read
        det = result.detected
        st.info(md_format(
            t("ws_detected", lang), fmt=det.format, crs=det.crs or "—",
            crs_src=view.source_text(det.crs_source, lang), enc=det.encoding or "—",
            enc_src=view.source_text(det.encoding_source, lang)))
        if det.sample:
            st.caption(t("ws_sample", lang) + ": " + md_escape("; ".join(
                f"{c}: {', '.join(map(str, v[:3]))}" for c, v in det.sample.items())))
        schema = ws.target_fields(kind)
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
        try:
            plan = store.plan(result.frame, kind=kind, file_name=upload.name, sha256=sha,
                              period=period or None, report=result.report,
                              source_format=det.format)  # the version seen at the preview:
            seen = st.session_state.setdefault("ws_read_seen", plan.base)
        except AtlasError as exc:
            st.error(md_escape(view.refusal_text(exc, lang)))
if plan is not None:
    rep = plan.report
    st.subheader(t("ws_report", lang))
    st.caption(t("ws_counts", lang).format(e=len(rep.errors), w=len(rep.warnings)))
    if rep.findings:
        st.dataframe(view.findings_table(rep, lang), hide_index=True)
    if kind != "figures" and view.has_map_preview(result.frame):
        frame = {"housing": plan.state.housing, "lots": plan.state.lots}.get(kind, plan.state.zones)
        st.caption(t("ws_preview_map", lang))
        mapview.render(build_preview_map(frame, result.frame, lang=lang,
                                         replaced=replaced_footprints(plan.diffs)),
                       key="ws_map", height=420, returned=[])
    st.subheader(t("ws_diff", lang).format(**plan.counts))
    st.dataframe(view.diff_table(plan, lang), hide_index=True)
    if not plan.ok:
        st.error(t("ws_blocked", lang))
    else:
        if not plan.changes_anything:
            st.info(t("ws_nothing", lang))
        allow = st.checkbox(t("ws_allow_unmatched", lang), key="ws_allow") if plan.unmatched \
            else False
        note = st.text_input(t("ws_note", lang), key="ws_note")
        if st.button(t("ws_confirm", lang), type="primary", key="ws_confirm",
                     disabled=not plan.changes_anything or (bool(plan.unmatched) and not allow)):
            try:
                entry = store.commit(plan, expected_version=seen, user=current_user(), note=note,
                                     allow_unmatched=allow)
                st.session_state["ws_message"] = t("ws_written", lang).format(seq=entry["seq"])
                st.session_state["ws_upload_n"] = st.session_state.get("ws_upload_n", 0) + 1
                uploads.forget()
                for k in [k for k in st.session_state if str(k).startswith(("ws_map_", "ws_read"))]:
                    del st.session_state[k]
                st.session_state.pop("ws_columns", None)
                st.rerun()
            except ImportRefused as exc:  # a stale preview is shown again on the next run
                st.session_state.pop("ws_read_seen", None)
                st.error(md_escape(view.refusal_text(exc, lang)))

st.subheader(t("ws_log", lang))
log = store.import_log()
if not len(log):
    st.caption(t("ws_log_empty", lang))
else:
    st.dataframe(view.log_table(log, lang), hide_index=True)
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

st.subheader(t("ws_compare", lang))
render_comparison(lang, key="ws_cmp")
