"""Every page under AppTest: runs in both languages and editions; filters reach tables and map."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.accounts.landuse import filter_zones, reconcile
from geo.core.i18n import t
from geo.maps.zone_map import zones_without_location
from geo.store.bundled import load_reported, load_zones

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = {"app_pages/map.py": "page_map", "app_pages/landuse.py": "page_landuse",
         "app_pages/housing.py": "page_housing", "app_pages/indicators.py": "page_indicators",
         "app_pages/importer.py": "page_importer",
         "app_pages/export.py": "page_export", "app_pages/about.py": "page_about"}



@pytest.fixture(scope="module")
def zones():  # type: ignore[no-untyped-def]
    return load_zones()


def _app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame_with(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    """The one dataframe shown that has ``column`` (AppTest keeps no key of a plain table)."""
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(frames) == 1, column
    return frames[0]


def _map_args(at: AppTest) -> dict:  # type: ignore[type-arg]
    """The arguments streamlit-folium's component received (its HTML/JS and options)."""
    components = []
    stack = [at.main]
    while stack:
        node = stack.pop()
        if type(node).__name__ == "UnknownElement" and hasattr(node.proto, "json_args"):
            components.append(node)
        stack.extend(getattr(node, "children", {}).values())
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("edition", ["2024", "2025"])
def test_every_page_runs(lang: str, edition: str) -> None:
    at = _app(lang=lang, edition=edition)
    for page, title in PAGES.items():
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title[0].value == t(title, lang)


def test_zone_tables_stop_at_the_row_limit_and_say_so(zones, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A region of 20,000 zones would send 300,000 styled cells (over pandas' Styler limit:
    the page crashed). The map and land-use tables show the first MAX_ROWS rows, the selected
    zone among them, and say how to reach the rest; 50 rows stand in for 1,000 here."""
    monkeypatch.setattr("geo.present.tables.MAX_ROWS", 50)
    last = str(zones["zone_id"].iloc[-1])
    at = _app(zone=last)
    table = at.dataframe(key="map_table").value
    assert len(table) == 50 and table[t("name", "vi")].iloc[0] == \
        zones.loc[zones["zone_id"] == last, "name"].iloc[0]  # the selected zone first
    limited = t("table_rows_limited", "vi").format(n="50", total=str(len(zones)))
    assert limited in [c.value for c in at.caption]
    at = _app("app_pages/landuse.py")
    named = [d.value for d in at.dataframe if t("name", "vi") in d.value.columns]
    assert [len(v) for v in named] == [50]  # the per-zone tab's table
    head = t("table_rows_limited", "vi").split("{n}")[0] + "50 / "
    assert any(c.value.startswith(head) for c in at.caption)


def test_a_display_table_head_keeps_the_selected_row() -> None:
    from geo.present.tables import DisplayTable

    table = DisplayTable(pd.DataFrame({"a": range(10)}), {}, tuple(f"z{i}" for i in range(10)))
    assert table.head(20) is table
    assert table.head(3).ids == ("z0", "z1", "z2")
    assert table.head(3, keep="z7").ids == ("z7", "z0", "z1")
    assert list(table.head(3, keep="z7").frame["a"]) == [7, 0, 1]
    assert table.head(3, keep="z1").ids == ("z0", "z1", "z2")


def test_map_table_and_component_follow_the_province_filter(zones) -> None:  # type: ignore[no-untyped-def]
    at = _app(province="bac-ninh")
    expected = filter_zones(zones, provinces=["Bắc Ninh"])
    table = at.dataframe(key="map_table").value
    assert len(table) == len(expected) > 0
    assert set(table[t("province", "vi")]) == {"Bắc Ninh"}
    args = _map_args(at)
    drawn = set(re.findall(r'"zone_id":"([^"]+)"', args["script"]))
    located = set(expected["zone_id"]) - set(zones_without_location(expected)["zone_id"])
    assert drawn == located
    # clicks only (a zone, the point for its VN-2000 coordinates), never pans or zooms
    assert args["returned_objects"] == ["last_active_drawing", "last_object_clicked",
                                        "last_clicked"]
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links)  # no CDN


def test_map_lists_zones_without_location(zones) -> None:  # type: ignore[no-untyped-def]
    at = _app()
    missing = zones_without_location(zones)
    assert len(missing) > 0
    label = t("not_on_map", "vi").format(n=len(missing))
    expander = [e for e in at.expander if e.label == label]
    assert expander and str(missing["name"].iloc[0]) in expander[0].markdown[0].value


def test_zone_in_the_url_selects_it_and_shows_its_card(zones) -> None:  # type: ignore[no-untyped-def]
    row = zones[zones["planned_area_ha"].notna()].iloc[0]
    at = _app(zone=str(row["zone_id"]), lang="en")
    assert at.selectbox(key="map_zone").value == row["zone_id"]
    assert any(row["name"] in s.value for s in at.subheader)
    assert at.query_params["zone"] in (row["zone_id"], [row["zone_id"]])
    at.selectbox(key="map_zone").set_value(None).run()
    assert "zone" not in at.query_params
    bad = _app(zone="no-such-zone")
    assert any("no-such-zone" in w.value for w in bad.warning)


def test_landuse_tables_follow_filters(zones) -> None:  # type: ignore[no-untyped-def]
    at = _app("app_pages/landuse.py", status="operating", province="hai-phong")
    expected = filter_zones(zones, provinces=["Hải Phòng"], statuses=["operating"])
    kcn = int((expected["kind"] != "KKT").sum())
    per_zone = _frame_with(at, t("developer", "vi"))  # KCN/KCX by default (issue 10)
    assert len(per_zone) == kcn > 0
    assert "KKT" not in set(per_zone[t("kind", "vi")])
    assert set(per_zone[t("status", "vi")]) == {"operating"}
    groups, kkts = [d.value for d in at.dataframe if t("group", "vi") in d.value.columns]
    assert groups[t("zones", "vi")].iloc[-1] == kcn  # total row
    assert kkts[t("zones", "vi")].iloc[-1] == len(expected) - kcn  # KKTs: their own group
    assert any(t("basis_kcn_kcx", "vi") in c.value for c in at.caption)
    at.toggle(key="lu_kcn_only").set_value(False).run()  # every kind, each KKT once
    per_zone = _frame_with(at, t("developer", "vi"))
    assert len(per_zone) == len(expected)
    assert at.query_params["kcn"] in ("0", ["0"])
    assert any(t("basis_all_kinds_kkt_once", "vi") in c.value for c in at.caption)


def test_landuse_reconciliation_shows_reported_figures(zones) -> None:  # type: ignore[no-untyped-def]
    at = _app("app_pages/landuse.py", lang="en")
    table = _frame_with(at, "Zones (reported)")
    expected = reconcile(zones, load_reported(), period="2024-H1")
    assert list(table["Zones (reported)"]) == list(expected["reported_zones"])
    assert list(table["Zones (data)"]) == list(expected["computed_zones"])


def test_export_offers_the_filtered_selection(zones) -> None:  # type: ignore[no-untyped-def]
    at = _app("app_pages/export.py", province="bac-ninh", status="operating")
    expected = filter_zones(zones, provinces=["Bắc Ninh"], statuses=["operating"])
    button = at.get("download_button")[0]
    assert "kcn_bac-ninh_operating_2024.geojson" in button.label
    assert any(c.value.startswith(f"{len(expected)} khu") for c in at.caption)
    at.radio(key="ex_fmt").set_value("gpkg").run()
    at.selectbox(key="ex_crs").set_value("vn2000").run()
    assert not at.error
    assert any("EPSG:9209" in c.value for c in at.caption)  # Bắc Ninh's TM-3 105°30'
    at.sidebar.multiselect(key="f_provinces").set_value(["Bắc Ninh", "Quảng Ninh"]).run()
    assert at.error and not at.exception  # two meridians: refused with a message, in Vietnamese
    assert "kinh tuyến trục" in at.error[0].value and "EPSG:5899" in at.error[0].value


def test_landuse_page_compares_an_imported_period_within_the_filters(tmp_path: Path) -> None:
    # A statistics officer imports the half-year figures (unaccented names, renamed columns),
    # then the land-use page compares them with the current figures for the filtered province.
    from geo.imports.run import import_file

    csv_path = tmp_path / "bac-ninh-2024-h2.csv"
    csv_path.write_text("Ten KCN,Tinh,Dien tich quy hoach (ha)\nQue Vo,Bac Ninh,700\n",
                        encoding="utf-8")
    import_file(csv_path, kind="figures", period="2024-H2")
    at = _app("app_pages/landuse.py", province="bac-ninh")
    column = t("ws_change", "vi")
    table = _frame_with(at, column)
    # Vietnamese headers, no raw codes (key, figure, zones_both)
    assert not {"key", "figure", "zones_both", "zones"} & set(table.columns)
    assert set(table[t("ws_by_province", "vi")]) == {"Bắc Ninh"}  # the sidebar filter applies
    planned = table[table[t("ws_cmp_figure", "vi")] == t("planned_area_ha", "vi") + " (ha)"]
    current = filter_zones(load_zones(), provinces=["Bắc Ninh"])
    que_vo = current.loc[current["name"] == "KCN Quế Võ", "planned_area_ha"].iloc[0]
    shown = planned[column].iloc[0]  # Vietnamese format: '.' thousands, ',' decimals
    assert re.fullmatch(r"-?[\d.]+,\d ha", shown), shown
    number = shown.removesuffix(" ha").replace(".", "").replace(",", ".")
    assert float(number) == pytest.approx(700 - que_vo, abs=0.051)  # like for like: Quế Võ
    # 2024-H2 has its own planned area for Quế Võ only: coverage 1 zone, not the province's
    assert planned[t("ws_cmp_zones_of", "vi").format(p="2024-H2")].iloc[0].startswith("1/")


def test_landuse_region_row_of_a_filtered_selection_is_labelled_as_such() -> None:
    at = _app("app_pages/landuse.py", province="hung-yen", group="region")
    groups = _frame_with(at, t("group", "vi"))
    assert list(groups[t("group", "vi")]) == ["Lựa chọn: Hưng Yên", t("total", "vi")]


def test_export_page_warns_of_an_incomplete_2025_province() -> None:
    at = _app("app_pages/export.py", edition="2025", province="bac-ninh")
    text = "\n".join(w.value for w in at.warning)
    assert t("note_incomplete", "vi").format(name="Bắc Ninh", parts="Bắc Giang") in text
    assert t("export_incomplete", "vi") in text
    english = _app("app_pages/export.py", edition="2025", province="bac-ninh", lang="en")
    assert any(t("note_incomplete", "en").format(name="Bắc Ninh", parts="Bắc Giang") in w.value
               for w in english.warning)
    for query in ({"edition": "2025", "province": "ha-noi"},
                  {"edition": "2024", "province": "bac-ninh"}):
        assert not [w for w in _app("app_pages/export.py", **query).warning
                    if "(2025)" in w.value]


# selectboxes of the other pages' helpers (ui/mapview.py, ui/periods.py) are checked there
OWN_SELECTS = {"ex_crs", "map_zone", "period", "f_provinces", "f_kinds", "f_statuses"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_english_default_placeholder_on_our_selectboxes(lang: str) -> None:
    seen: set[str] = set()
    for page in ("app_pages/map.py", "app_pages/landuse.py", "app_pages/export.py"):
        at = _app(page, lang=lang, format="gpkg")
        widgets = [*at.selectbox, *at.multiselect]
        for widget in widgets:
            if widget.key not in OWN_SELECTS:
                continue
            seen.add(str(widget.key))
            placeholder = widget.proto.placeholder
            assert placeholder, (page, widget.key)  # empty: Streamlit's "Choose an option"
            assert placeholder not in ("Choose an option", "Choose options")
        if page == "app_pages/export.py":
            crs = at.selectbox(key="ex_crs")
            assert crs.value == "EPSG:4326"  # a real choice, shown as chosen, not a placeholder
    assert seen == OWN_SELECTS


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_about_page_counts_the_zones_of_the_data(zones, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The sources section says how many zones the data holds (never a number written in)."""
    at = _app("app_pages/about.py", lang=lang)
    n = f"{len(zones):,}".replace(",", "." if lang == "vi" else ",")
    sources = [m.value for m in at.markdown if "OpenStreetMap" in m.value]
    assert sources and f"{n} " in sources[0], sources
