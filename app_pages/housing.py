"""Nhà ở công nhân — worker housing: demand vs beds and land per zone and province (UI only)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo.accounts.housing import analyse_housing, filter_sites
from geo.accounts.housing_params import HousingParams, describe_params, make_params, param_source
from geo.accounts.housing_report import (
    checks_display,
    export_frame,
    province_display,
    province_rows,
    region_total,
    zone_display,
)
from geo.core.i18n import fmt_number, fmt_ratio, t
from geo.core.schema import HOUSING_STATUSES
from geo.core.text import md_escape
from geo.errors import AtlasError, user_message
from geo.exports.writers import export_layer
from geo.maps.housing_map import build_housing_map
from geo.present.numbers import fmt_input, parse_number
from ui import data, mapview
from ui.state import get_edition, get_filters, get_lang

KEY = "housing_params"
# Parameters typed as text in the UI's number format (0,75), range-checked: (low, high).
NUMBERS = {"density_leased_per_ha": (1.0, 1000.0), "density_total_per_ha": (1.0, 1000.0),
           "share_default": (0.0, 1.0), "floor_m2_per_person": (1.0, 100.0),
           "persons_per_unit": (0.5, 50.0), "floor_area_ratio": (0.1, 10.0),
           "radius_km": (0.1, 100.0)}

lang = get_lang()
edition = get_edition()
st.title(t("page_housing", lang))
st.caption(t("housing_intro", lang))
params: HousingParams = st.session_state.get(KEY, HousingParams())
results = st.container()  # the results come first; the parameters are in a panel below them

with st.expander(t("housing_show_params", lang)), st.form("housing_form"):
    texts: dict[str, str] = {}
    values: dict[str, object] = {}
    columns = st.columns(2)
    for i, (name, (low, high)) in enumerate(NUMBERS.items()):
        with columns[i % 2]:
            label = t(f"housing_p_{name}", lang)
            texts[name] = st.text_input(
                f"{label} ({fmt_number(low, lang, digits=2)} – {fmt_number(high, lang, digits=2)})",
                value=fmt_input(float(getattr(params, name)), lang), key=f"hp_{name}")
            st.caption(param_source(name, lang))
    with columns[1]:
        values["use_province_shares"] = st.checkbox(t("housing_p_use_province_shares", lang),
                                                    value=params.use_province_shares,
                                                    key="hp_use_province_shares")
        st.caption(param_source("province_shares", lang))
        values["supply_statuses"] = tuple(st.multiselect(
            t("housing_p_supply_statuses", lang), list(HOUSING_STATUSES), key="hp_supply",
            default=list(params.supply_statuses), placeholder=t("select_placeholder", lang),
            format_func=lambda s: t(f"housing_status_{s}", lang)))
        st.caption(param_source("supply_statuses", lang))
    submitted = st.form_submit_button(t("housing_apply", lang), type="primary")
if submitted:
    errors = []
    for name, (low, high) in NUMBERS.items():
        try:
            values[name] = parse_number(texts[name], field=t(f"housing_p_{name}", lang),
                                        low=low, high=high, lang=lang)
        except AtlasError as exc:
            errors.append(user_message(exc, lang))
    try:
        if not errors:
            params = make_params(**values)
            st.session_state[KEY] = params
    except AtlasError as exc:
        errors.append(user_message(exc, lang))
    for error in errors:
        st.error(f"{t('housing_bad_param', lang)}: {md_escape(error)}")

filters = get_filters()
sites = filter_sites(data.housing_sites(), provinces=filters.provinces, edition=edition)
result = analyse_housing(data.filtered_zones(), sites, params, lots=data.lots())  # as land use
reported = data.province_workers()
total = region_total(result, reported=reported)
rows = province_rows(result, by="province_2025" if edition == 2025 else "province",
                     reported=reported)

with results:
    metrics = st.columns(5)
    for col, (label, value) in zip(metrics, [
            ("housing_workforce", fmt_number(total["workforce"], lang, digits=0)),
            ("housing_demand", fmt_number(total["demand_persons"], lang, digits=0)),
            ("housing_supply_completed",
             fmt_number(total["supply_completed_persons"], lang, digits=0)),
            ("housing_supply_pipeline",
             fmt_number(total["supply_pipeline_persons"], lang, digits=0)),
            ("housing_coverage", fmt_ratio(total["coverage_ratio"], lang))], strict=True):
        col.metric(t(label, lang), value)
    st.caption(t("housing_totals_note", lang).format(
        n=total["workforce_coverage"][0], of=total["workforce_coverage"][1],
        s=total["sites_with_capacity"], sites=total["sites"],
        params=describe_params(params, lang)))

st.subheader(t("housing_map", lang))
names = dict(zip(result.zones["zone_id"], result.zones["name"], strict=True))
selected = st.selectbox(t("housing_select_zone", lang), [None, *names], key="housing_zone",
                        placeholder=t("housing_no_zone", lang),
                        format_func=lambda z: t("housing_no_zone", lang) if z is None
                        else names[z])
# a new map on every run: streamlit-folium renames its element ids while rendering it
mapview.render(build_housing_map(result, lang=lang, selected_zone_id=selected),
               key="housing_map", height=520, returned=[])
if selected is not None:
    reach = result.sites_reaching(selected)
    st.caption(t("housing_reach_caption", lang).format(
        n=len(reach), km=fmt_number(params.radius_km, lang),
        sites=md_escape(", ".join(reach["name"]) or "—")))

st.subheader(t("housing_by_province", lang))
st.dataframe(province_display(rows, lang), hide_index=True, width="stretch")
if any(r.get("incomplete") for r in rows):
    st.caption(t("housing_incomplete_2025", lang))
st.subheader(t("housing_checks", lang))
st.dataframe(checks_display(rows, lang), hide_index=True, width="stretch")
st.caption(t("housing_checks_note", lang))
st.subheader(t("housing_by_zone", lang))
st.dataframe(zone_display(result, lang), hide_index=True, width="stretch", height=420)

with st.expander(t("housing_unlisted", lang)):
    st.write(t("housing_unlocated_zones", lang) + ": "
             + md_escape(", ".join(total["unlocated_zones"]) or "—"))
    idle = result.sites[result.sites["allocation"] != "allocated"]
    st.write(t("housing_unallocated_sites", lang) + ": " + (", ".join(
        f"{md_escape(n)} ({t('housing_alloc_' + a, lang)})" for n, a in zip(
            idle["name"], idle["allocation"], strict=True)) or "—"))
    for note in result.notes:
        st.caption(md_escape(note))  # names ids from the data

st.subheader(t("housing_export", lang))
layer = export_frame(result)
buttons = st.columns(3)
for col, (fmt, mime) in zip(buttons, [("csv", "text/csv"), ("xlsx", "application/vnd.openxml"
                                      "formats-officedocument.spreadsheetml.sheet"),
                                      ("geojson", "application/geo+json")], strict=True):
    # the file is built only when the button is clicked, not on every rerun of the page
    col.download_button(f"{t('housing_download', lang)} {fmt.upper()}",
                        partial(export_layer, layer, fmt=fmt, layer="nha_o_cong_nhan"),
                        file_name=f"nha-o-cong-nhan.{fmt}", mime=mime, key=f"dl_{fmt}")
