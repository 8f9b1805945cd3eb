"""Xuất dữ liệu / Export: the selection as GeoJSON, GeoPackage, Shapefile, KML, CSV, Excel."""

from __future__ import annotations

import streamlit as st

from geo.core.crs import vn2000_crs_choices
from geo.core.i18n import fmt_number, t
from geo.core.text import md_escape
from geo.errors import AtlasError, user_message
from geo.exports import formats
from geo.exports import writers as export
from geo.exports.crs import VN2000_AUTO
from geo.exports.lots import export_lots
from geo.present.landuse import export_notes
from geo.settings import WGS84
from ui import data
from ui.state import get_edition, get_filters, get_lang, get_period, page_param, set_page_param

lang = get_lang()
st.title(t("page_export", lang))


@st.cache_data(show_spinner=False, max_entries=16)
def _export_bytes(version: object, period: str | None, edition: int, filters: tuple[object, ...],
                  fmt: str, crs: str | None, lang: str) -> bytes:
    """The file of the current selection (cached per view, format and CRS), with the caveats of
    the selection (2025 provinces the data covers only in part) where the format has room."""
    notes = export_notes(get_filters().provinces, edition=edition)
    return export.export_zones(data.filtered_zones(), fmt=fmt, crs=crs, layer="zones",
                               notes=notes, lang=lang, lots=data.lots())  # + the accounts


zones = data.filtered_zones()
filters = get_filters()
edition = get_edition()
st.write(t("export_what", lang).format(n=len(zones)))
caveats = export_notes(filters.provinces, edition=edition, langs=(lang,))
if caveats:  # as on the map page: 2025 provinces the data covers only in part
    st.warning("  \n".join([t("export_incomplete", lang), *caveats]), icon="⚠️")

if "ex_fmt" not in st.session_state:
    chosen, warning = page_param("format", set(formats.FORMATS))
    if warning:
        st.warning(warning, icon="⚠️")
    st.session_state["ex_fmt"] = chosen or "geojson"
fmt = st.radio(t("export_format", lang), list(formats.FORMATS), key="ex_fmt", horizontal=True,
               format_func=lambda f: formats.FORMAT_NAMES[f])
set_page_param("format", fmt)

crs_choices: dict[str, str] = {WGS84: t("crs_wgs84", lang),
                               VN2000_AUTO: t("crs_vn2000_province", lang),
                               "EPSG:3405": t("crs_utm48", lang)}
for label, code in vn2000_crs_choices().items():
    if "TM-3" in label and f"EPSG:{code}" not in crs_choices:
        crs_choices[f"EPSG:{code}"] = f"{label.split(' (')[0]} — EPSG:{code}"
if fmt in formats.WGS84_ONLY:
    st.caption(t("crs_only_some", lang))
    crs = None
else:
    crs = st.selectbox(t("export_crs", lang), list(crs_choices), key="ex_crs",
                       format_func=lambda c: crs_choices[c],
                       placeholder=t("select_placeholder", lang))

if zones.empty:
    st.info(t("no_zones_selected", lang))
    st.stop()

name = formats.export_filename(layer="kcn", provinces=filters.provinces, kinds=filters.kinds,
                              statuses=filters.statuses, edition=edition, fmt=fmt)
try:
    payload = _export_bytes(data.version(), get_period(), int(edition),
                            (tuple(filters.provinces), tuple(filters.kinds),
                             tuple(filters.statuses)), fmt, crs, lang)
    summary = export.summarize_export(zones, fmt=fmt, crs=crs)
except AtlasError as exc:
    st.error(f"{t('export_error', lang)}: {md_escape(user_message(exc, lang))}")
else:
    st.download_button(t("export_download", lang).format(name=name), data=payload,
                       file_name=name, mime=formats.MEDIA_TYPES[fmt], type="primary",
                       key="ex_download")
    st.caption(t("export_summary", lang).format(
        n=summary.features, unlocated=summary.unlocated, crs=summary.crs,
        sizes=fmt_number(len(payload) / 1024, lang, digits=1)))

lots = data.lots()  # the lot register, when one was imported (same format and CRS)
if len(lots):
    st.subheader(t("lots_export", lang).format(n=len(lots)))
    try:
        lot_bytes = export_lots(lots, fmt=fmt, crs=crs)
    except AtlasError as exc:
        st.error(f"{t('export_error', lang)}: {user_message(exc, lang)}")
    else:
        lot_name = formats.export_filename(layer="lo-dat", fmt=fmt)
        st.download_button(t("export_download", lang).format(name=lot_name), data=lot_bytes,
                           file_name=lot_name, mime=formats.MEDIA_TYPES[fmt], key="ex_lots")
