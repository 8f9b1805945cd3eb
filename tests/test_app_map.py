"""The map page under AppTest: 2025 incomplete-province warning, KKT ratio caption, options in
the link (?basemap=0, ?shade=<metric>)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.core.i18n import t
from geo.maps.zone_map import CHOROPLETH_METRICS

APP = str(Path(__file__).resolve().parent.parent / "app.py")
BAC_NINH = t("note_incomplete", "vi").format(name="Bắc Ninh", parts="Bắc Giang")


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_2025_edition_warns_of_incomplete_provinces() -> None:
    at = _app(edition="2025")
    text = _warnings(at)
    assert BAC_NINH in text
    assert t("note_incomplete", "vi").format(name="Phú Thọ", parts="Phú Thọ, Hòa Bình") in text
    # a province filter keeps only the notes of the provinces chosen
    only = _app(edition="2025", province="bac-ninh", lang="en")
    assert t("note_incomplete", "en").format(name="Bắc Ninh", parts="Bắc Giang") in _warnings(
        only)
    assert "Phú Thọ (2025)" not in _warnings(only)
    other = _app(edition="2025", province="hai-phong")
    assert "(2025)" not in _warnings(other)
    assert "(2025)" not in _warnings(_app(edition="2024"))


def test_all_kinds_headline_says_the_basis_of_each_figure() -> None:
    # issue 10: the ratios rest on KCN/KCX, the areas on all zones with each KKT once
    for lang in ("vi", "en"):
        at = _app(lang=lang)
        [table] = [d.value for d in at.dataframe if t("figure", lang) in d.value.columns]
        basis = dict(zip(table[t("figure", lang)], table[t("view_basis", lang)], strict=True))
        assert basis[t("in_use_ratio", lang)] == t("basis_kcn_kcx", lang)
        assert basis[t("planned_area_ha", lang)] == t("basis_all_kinds_kkt_once", lang)
        assert t("basis_legend", lang) in _captions(at)
        assert t("occupancy_rule", lang) in _captions(at)


def test_map_options_are_read_from_the_link() -> None:
    at = _app(basemap="0", shade="occupancy_pct")
    assert at.toggle(key="map_basemap").value is False
    assert at.selectbox(key="map_choropleth").value == "occupancy_pct"
    assert at.query_params["basemap"] in ("0", ["0"])
    assert at.query_params["shade"] in ("occupancy_pct", ["occupancy_pct"])


@pytest.mark.parametrize(("key", "value"), [("basemap", "maybe"), ("shade", "rainbow")])
def test_invalid_map_options_are_ignored_with_a_warning(key: str, value: str) -> None:
    at = _app(**{key: value})
    assert value in _warnings(at)
    assert at.toggle(key="map_basemap").value is True
    assert at.selectbox(key="map_choropleth").value is None
    assert key not in at.query_params


def test_map_options_are_written_to_the_link() -> None:
    at = _app()
    assert "basemap" not in at.query_params and "shade" not in at.query_params
    at.toggle(key="map_basemap").set_value(False).run()
    metric = CHOROPLETH_METRICS[0]
    at.selectbox(key="map_choropleth").set_value(metric).run()
    assert at.query_params["basemap"] in ("0", ["0"])
    assert at.query_params["shade"] in (metric, [metric])
    at.toggle(key="map_basemap").set_value(True).run()
    at.selectbox(key="map_choropleth").set_value(None).run()
    assert "basemap" not in at.query_params and "shade" not in at.query_params


def test_filtered_headline_names_the_selection_and_the_reported_scope() -> None:
    whole = _app()
    assert t("headline", "vi") in [e.label for e in whole.expander]
    at = _app(province="hung-yen")
    labels = [e.label for e in at.expander]
    assert t("headline_selection", "vi").format(selection="Hưng Yên") in labels
    assert t("headline", "vi") not in labels  # a filtered selection is not the region
    [table] = [d.value for d in at.dataframe if t("figure", "vi") in d.value.columns]
    # issue 10: the whole region's report is not set beside a province as if comparable
    assert not [c for c in table.columns if c.startswith("Báo cáo ")]
    assert t("headline_region_report_hidden", "vi").format(selection="Hưng Yên") in _captions(at)
    [table] = [d.value for d in whole.dataframe if t("figure", "vi") in d.value.columns]
    reported = [c for c in table.columns if c.startswith("Báo cáo ")]
    assert len(reported) == 1 and reported[0].endswith("(toàn vùng)")
    english = _app(province="hung-yen", kind="KCN", lang="en")
    assert "Overview: Hưng Yên · KCN" in [e.label for e in english.expander]
    [table] = [d.value for d in english.dataframe if "Figure" in d.value.columns]
    assert not any(c.startswith("Reported ") for c in table.columns)
