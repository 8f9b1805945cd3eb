"""The app frame: shared sidebar state, the URL query string, navigation (AppTest)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.core.i18n import t
from ui import state
from ui.maptools import latest_click
from ui.mapview import clicked_zone

APP = str(Path(__file__).resolve().parent.parent / "app.py")



def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


# ---------------------------------------------------------------------------------------------
# parse_view / view_query (no app)
def test_parse_view_reads_every_key() -> None:
    view, problems = state.parse_view(
        {"lang": ["en"], "edition": ["2025"], "province": ["hai-phong,Bac Ninh"],
         "kind": ["kcn", "KKT"], "status": ["operating"], "period": ["2024-H2"]},
        periods=["2024-H2"])
    assert problems == []
    assert view == {state.KEY_LANG: "en", state.KEY_EDITION: 2025,
                    state.KEY_PROVINCES: ["Hải Phòng", "Bắc Ninh"],
                    state.KEY_KINDS: ["KCN", "KKT"], state.KEY_STATUSES: ["operating"],
                    state.KEY_PERIOD: "2024-H2"}


def test_parse_view_ignores_bad_values_with_a_message_each() -> None:
    view, problems = state.parse_view(
        {"lang": "fr", "edition": "2023", "province": "hai-duong,atlantis", "kind": "XYZ",
         "period": "1999-H1"}, periods=[])
    # Hải Dương is a 2024 province: valid, because the bad edition falls back to 2024.
    assert view == {state.KEY_PROVINCES: ["Hải Dương"]}
    assert len(problems) == 5
    assert any("'fr'" in p for p in problems) and any("'atlantis'" in p for p in problems)
    assert all(p.startswith("Bỏ qua") for p in problems)  # Vietnamese by default


def test_parse_view_checks_provinces_against_the_edition() -> None:
    view, problems = state.parse_view({"edition": "2025", "province": "hai-duong"})
    assert state.KEY_PROVINCES not in view
    assert len(problems) == 1 and "Hải Phòng" in problems[0]  # lists the valid 2025 names


def test_view_query_round_trips() -> None:
    filters = state.Filters(provinces=["Bắc Ninh", "Hà Nam"], kinds=["KCN"],
                            statuses=["operating", "planned"])
    query = state.view_query(lang="en", edition=2024, filters=filters, period=None)
    assert query == {"lang": "en", "edition": "2024", "province": "bac-ninh,ha-nam",
                     "kind": "KCN", "status": "operating,planned"}
    view, problems = state.parse_view(query)
    assert problems == []
    assert view[state.KEY_PROVINCES] == filters.provinces
    assert view[state.KEY_STATUSES] == filters.statuses


def test_clicked_zone_reads_the_feature_properties() -> None:
    value = {"last_active_drawing": {"type": "Feature", "properties": {"zone_id": "a"}},
             "last_object_clicked": {"lat": 21.0, "lng": 106.0}}
    zone, identity = clicked_zone(value, {"a", "b"}) or ("", "")
    assert zone == "a" and "21.0" in identity
    assert clicked_zone(value, {"b"}) is None  # filtered out
    province = {"last_active_drawing": {"properties": {"name": "Hà Nội"}}}
    assert clicked_zone(province, {"a"}) is None
    assert clicked_zone({}, {"a"}) is None


def test_the_readout_follows_the_newest_click_on_a_zone_or_beside_it() -> None:
    """A click on a zone (``last_object_clicked``) gives a readout too, and whichever click
    changed since the last run is the one shown; a rerun with no new click keeps it."""
    beside, on_zone = {"lat": 20.9, "lng": 106.6}, {"lat": 21.0, "lng": 106.0}
    point, seen = latest_click({"last_clicked": beside}, {})
    assert point == beside
    point, seen = latest_click({"last_clicked": beside, "last_object_clicked": on_zone}, seen)
    assert point == on_zone  # the zone was clicked after the background
    point, seen = latest_click({"last_clicked": beside, "last_object_clicked": on_zone}, seen)
    assert point == on_zone  # a rerun (a filter changed): the same point stays
    later = {"lat": 21.2, "lng": 106.2}
    point, seen = latest_click({"last_clicked": later, "last_object_clicked": on_zone}, seen)
    assert point == later  # then the background again
    assert latest_click({}, {})[0] is None and latest_click({"last_clicked": "x"}, {})[0] is None


# ---------------------------------------------------------------------------------------------
# The running app
def test_defaults_are_vietnamese_2024_and_mirrored_in_the_url() -> None:
    at = _app()
    assert not at.exception
    assert at.session_state[state.KEY_LANG] == "vi"
    assert at.session_state[state.KEY_EDITION] == 2024
    assert at.query_params["lang"] == ["vi"] or at.query_params["lang"] == "vi"
    assert at.title[0].value == t("page_map", "vi")
    labels = [w.label for w in at.sidebar.radio]
    assert t("language", "vi") in labels and t("edition", "vi") in labels


def test_query_string_sets_the_view() -> None:
    at = _app(lang="en", edition="2025", province="bac-ninh", kind="KCN")
    # no warning about the link; only the map page's note that 2025 Bắc Ninh lacks Bắc Giang
    assert not at.exception
    assert [w.value for w in at.warning] == [
        t("note_incomplete", "en").format(name="Bắc Ninh", parts="Bắc Giang")]
    assert at.session_state[state.KEY_LANG] == "en"
    assert at.session_state[state.KEY_EDITION] == 2025
    assert at.session_state[state.KEY_PROVINCES] == ["Bắc Ninh"]
    assert at.session_state[state.KEY_KINDS] == ["KCN"]
    assert at.title[0].value == t("page_map", "en")
    assert at.sidebar.multiselect(key=state.KEY_PROVINCES).value == ["Bắc Ninh"]


def test_invalid_query_values_warn_and_do_not_crash() -> None:
    at = _app(province="atlantis", status="burning", edition="1999")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "atlantis" in warnings and "burning" in warnings and "1999" in warnings
    assert at.session_state[state.KEY_PROVINCES] == []
    assert at.session_state[state.KEY_EDITION] == 2024


def test_widgets_update_the_url_and_survive_page_switches() -> None:
    at = _app()
    at.sidebar.multiselect(key=state.KEY_PROVINCES).set_value(["Hải Dương"]).run()
    at.sidebar.multiselect(key=state.KEY_STATUSES).set_value(["operating"]).run()
    assert dict(at.query_params)["province"] in ("hai-duong", ["hai-duong"])
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    assert at.session_state[state.KEY_PROVINCES] == ["Hải Dương"]
    assert at.sidebar.multiselect(key=state.KEY_STATUSES).value == ["operating"]


def test_switching_edition_carries_the_province_filter_over() -> None:
    at = _app(province="hai-duong")
    at.sidebar.radio(key=state.KEY_EDITION).set_value(2025).run()
    assert not at.exception
    assert at.session_state[state.KEY_PROVINCES] == ["Hải Phòng"]  # Hải Dương merged into it
    at.sidebar.radio(key=state.KEY_EDITION).set_value(2024).run()
    assert at.session_state[state.KEY_PROVINCES] == ["Hải Phòng", "Hải Dương"]


def test_language_switch_relabels_the_sidebar_and_keeps_filters() -> None:
    at = _app(kind="KKT")
    at.sidebar.radio(key=state.KEY_LANG).set_value("en").run()
    assert at.sidebar.multiselect(key=state.KEY_KINDS).label == t("filter_kind", "en")
    assert at.session_state[state.KEY_KINDS] == ["KKT"]
