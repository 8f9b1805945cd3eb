"""The worker-housing page under AppTest: form, results moving with a parameter, filters."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.core.i18n import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/housing.py"



def _page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metric(at: AppTest, key: str, lang: str = "vi") -> str:
    return next(m.value for m in at.metric if m.label == t(key, lang))


def _submit(at: AppTest) -> None:
    button = next(b for b in at.button if b.label == t("housing_apply", "vi"))
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_changing_a_parameter_moves_the_result() -> None:
    at = _page()
    assert at.title[0].value == t("page_housing", "vi")
    before = _number(_metric(at, "housing_demand"))
    at.checkbox(key="hp_use_province_shares").uncheck()
    at.text_input(key="hp_share_default").input("0,5")  # Vietnamese decimal comma
    _submit(at)
    after = _number(_metric(at, "housing_demand"))
    workforce = _number(_metric(at, "housing_workforce"))
    assert after != before
    assert after == pytest.approx(0.5 * workforce, rel=1e-4)
    assert any(c.value.startswith("[") and "2016" in c.value for c in at.caption)  # sources


def test_bad_parameter_shows_a_message_not_a_traceback() -> None:
    at = _page()
    demand = _metric(at, "housing_demand")
    at.text_input(key="hp_share_default").input("1,5")
    _submit(at)
    field = t("housing_p_share_default", "vi")
    # a Vietnamese message naming the field and the allowed range
    assert any(field in e.value and "0,00 – 1,00" in e.value for e in at.error)
    assert _metric(at, "housing_demand") == demand  # the last valid parameters stay


def test_tables_follow_the_province_filter_and_language() -> None:
    at = _page(province="ha-nam", lang="en")
    province_table = next(d.value for d in at.dataframe
                          if "Reported workers (date)" in d.value.columns)
    assert list(province_table["Province"]) == ["Hà Nam"]
    checks = next(d.value for d in at.dataframe if "Article" in d.value.columns)
    assert set(checks["Rule"]) == {t("housing_rule_housing_land_fund", "en"),
                                   t("housing_rule_occupancy_for_new_zone", "en")}
    zones = next(d.value for d in at.dataframe if "Zone" in d.value.columns)
    assert set(zones["Province"]) == {"Hà Nam"}
    labels = [b.label for b in at.get("download_button")]
    assert len(labels) == 3


def test_selecting_a_zone_draws_its_radius() -> None:
    at = _page()
    box = at.selectbox(key="housing_zone")
    box.set_value("hn-dong-van-ii").run()
    assert not at.exception
    assert any("km" in c.value and "Đồng Văn" in c.value for c in at.caption)


def test_results_come_before_the_parameters() -> None:
    """The metrics are the first thing under the title; the parameters are in a panel."""
    at = _page()
    assert at.metric, "no results"
    assert at.expander[0].label == t("housing_show_params", "vi")
    at.text_input(key="hp_radius_km").input("abc")
    _submit(at)
    assert any("abc" in e.value and "không phải là số" in e.value for e in at.error)
