"""Nhập dữ liệu: upload → detected → mapping → report → preview map → diff → confirm; log, undo.

UI only: reading, planning: :mod:`geo.imports`; writing, undo, log: the configured store
(:func:`geo.store.factory.get_store`, as the signed-in user), through :mod:`ui.importflow`;
preview map: :mod:`geo.maps.preview`.
"""

import streamlit as st

from geo.core.i18n import t
from geo.core.schema import IMPORT_KINDS
from geo.core.text import md_escape, md_format
from geo.errors import AtlasError
from geo.imports.archive import MAX_BYTES
from geo.imports.plan import plan_import
from geo.maps.preview import build_preview_map, replaced_footprints
from geo.present import imports as view
from geo.settings import PROVINCES_2024
from geo.store.factory import get_store
from ui import auth, importflow, mapview, uploads
from ui.periods import render_comparison
from ui.state import get_lang

lang, store = get_lang(), get_store()
st.title(t("page_importer", lang))
if msg := st.session_state.pop("ws_message", None):
    st.success(msg)


def import_steps() -> None:
    """Upload → detected → mapping → report → preview map → diff → confirm (writers only)."""
    kind = st.radio(t("ws_kind", lang), IMPORT_KINDS, key="ws_kind", horizontal=True,
                    format_func=lambda k: t(f"ws_kind_{k}", lang))
    period = st.text_input(t("ws_period", lang), key="ws_period") if kind == "figures" else None
    replace_lots = st.checkbox(t("ws_replace_lots", lang), key="ws_replace_lots", value=False,
                               help=t("ws_replace_lots_help", lang)) if kind == "lots" else False
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
        columns = st.session_state.get("ws_columns", [])
        mapping = {c: st.session_state[f"ws_map_{c}"] for c in columns
                   if st.session_state.get(f"ws_map_{c}")}
        options = {"layer": layer, "crs": crs, "province": province, "utm": utm,
                   "encoding": encoding, "mapping": mapping or None}
        read = importflow.read_upload(upload, kind, options, lang)
        if isinstance(read, AtlasError):
            importflow.show_refusal(read, lang)
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
            if kind != "indicators":  # the template has fixed headers: nothing to map
                importflow.mapping_editor(det, kind, lang)
            try:
                plan = plan_import(result.frame, kind=kind, file_name=upload.name, sha256=sha,
                                   period=period or None, report=result.report,
                                   source_format=det.format, store=store,
                                   replace_lots=replace_lots)  # the version seen:
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
            frame = {"housing": plan.state.housing,
                     "lots": plan.state.lots}.get(kind, plan.state.zones)
            st.caption(t("ws_preview_map", lang))
            mapview.render(build_preview_map(frame, result.frame, lang=lang,
                                             replaced=replaced_footprints(plan.diffs)),
                           key="ws_map", height=420, returned=[])
        st.subheader(view.diff_summary(plan, lang))
        st.dataframe(view.diff_table(plan, lang), hide_index=True)
        if not plan.ok:
            st.error(t("ws_blocked", lang))
        else:
            if not plan.changes_anything:
                st.info(t("ws_nothing", lang))
            allow = st.checkbox(t("ws_allow_unmatched", lang), key="ws_allow") if plan.unmatched \
                else False
            note = st.text_input(t("ws_note", lang), key="ws_note")
            blocked = not plan.changes_anything or (bool(plan.unmatched) and not allow)
            if st.button(t("ws_confirm", lang), type="primary", key="ws_confirm",
                         disabled=blocked):
                importflow.commit(store, plan, seen=seen, note=note, allow=allow, lang=lang)


may_write = auth.write_note(store, lang)  # a viewer: a note and no write control
if may_write:
    import_steps()
importflow.render_log(store, lang, may_undo=may_write)
st.subheader(t("ws_compare", lang))
render_comparison(lang, key="ws_cmp")
