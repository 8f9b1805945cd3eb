"""AppTest of the Đầu tư & SXKD / Investment & business page, both languages and editions."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.accounts.indicators import indicator_rows
from geo.core.i18n import t
from geo.store.indicators import load_indicators

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/indicators.py"


def _page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


@pytest.mark.parametrize(("lang", "edition"), [("vi", "2024"), ("en", "2025")])
def test_page_runs_shows_tables_and_builds_the_report(lang: str, edition: str) -> None:
    at = _page(lang=lang, edition=edition)
    assert at.title[0].value == t("page_indicators", lang)
    facts = load_indicators()
    region = indicator_rows(facts, period="2024-H1", edition=int(edition))  # type: ignore[arg-type]
    table = at.dataframe[0].value  # tabs in order: region, provinces, ranking
    assert len(table) == len(region)
    assert t("ind_col_coverage", lang) in table.columns
    at.button(key="ind_build_report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("download_button")) == 3  # the submission template, DOCX, XLSX


def test_page_follows_the_province_filter() -> None:
    at = _page(province="hai-duong")
    facts = load_indicators()
    expected = indicator_rows(facts, period="2024-H1", by="province", provinces=["Hải Dương"])
    table = at.dataframe[1].value
    assert len(table) == len(expected)
    assert set(table[t("ind_col_key", "vi")]) == {"Hải Dương"}
