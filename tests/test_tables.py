"""geo.present.landuse: display tables of the accounts (localized names, Vietnamese number
format)."""

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.accounts.landuse import summarize
from geo.core.i18n import NO_DATA, t
from geo.present import landuse as tables

NAN = math.nan


def _zones() -> gpd.GeoDataFrame:
    rows = [
        # zone_id, name, kind, status, province, province_2025, parent, planned, industrial,
        # leased, occupancy, used
        ("kkt", "KKT Thái Bình", "KKT", "operating", "Thái Bình", "Hưng Yên", None, 30_000.0,
         NAN, NAN, NAN, NAN),
        ("in-kkt", "KCN Gia Lễ", "KCN", "operating", "Thái Bình", "Hưng Yên", "kkt", 200.0,
         150.0, 75.0, NAN, NAN),
        ("op", "KCN Phố Nối A", "KCN", "operating", "Hưng Yên", "Hưng Yên", None, 1234.5, 80.0,
         NAN, 50.0, NAN),
        ("build", "KCN <b>Số 5</b>", "KCN", "under_construction", "Hưng Yên", "Hưng Yên", None,
         50.0, NAN, NAN, NAN, NAN),
        ("plan", "KCN Kim Bảng", "KCN", "planned", "Hà Nam", "Ninh Bình", None, 400.0, NAN, NAN,
         NAN, NAN),
    ]
    cols = ["zone_id", "name", "kind", "status", "province", "province_2025", "parent_zone_id",
            "planned_area_ha", "industrial_land_ha", "leased_land_ha", "occupancy_pct",
            "used_area_ha"]
    frame = pd.DataFrame(rows, columns=cols).astype({"parent_zone_id": object})
    frame.loc[frame["parent_zone_id"].isna(), "parent_zone_id"] = None
    for name in ("under_construction_area_ha", "worker_housing_area_ha", "workers"):
        frame[name] = NAN
    frame["developer"] = ["Tổng công ty A", None, "Cty B", None, None]
    frame["as_of"] = "2024-06"
    frame["source_url"] = "https://example.org/kcn"
    frame["geometry_quality"] = ["approximate", "approximate", None, None, None]
    frame["location_precision"] = ["district", "commune", "zone", None, None]
    geoms = [Point(106.4, 20.5), Point(106.5, 20.4), Point(106.0, 20.9), None, None]
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)


def test_zone_table_keeps_numbers_and_formats_them_in_vietnamese() -> None:
    zones = _zones()
    table = tables.zone_table(zones, lang="vi")
    planned = t("planned_area_ha", "vi")
    assert table.ids == tuple(zones["zone_id"])
    assert table.frame[planned].dtype.kind == "f"  # sortable as numbers
    text = table.text()
    assert text.loc[2, planned] == "1.234,5 ha"
    assert text.loc[2, t("occupancy_pct", "vi")] == "50,0 %"  # 40 leased of 80 leasable
    assert text.loc[3, t("in_use_area_ha", "vi")] == NO_DATA  # never 0 for a missing figure
    assert text.loc[3, t("status", "vi")] == t("status_under_construction", "vi")
    assert text.loc[3, t("name", "vi")] == "KCN <b>Số 5</b>"  # text is data, not markup


def test_zone_table_english_uses_english_format_and_names() -> None:
    text = tables.zone_table(_zones(), lang="en").text()
    assert text.loc[2, "Planned area"] == "1,234.5 ha"
    assert "Tên khu" not in text.columns


def test_styled_highlights_only_the_selected_row() -> None:
    table = tables.zone_table(_zones(), lang="vi")
    styled = table.styled(highlight="op")
    styled_cells = {cell for cell, props in styled._compute().ctx.items() if props}
    assert styled_cells == {(2, col) for col in range(len(table.frame.columns))}
    assert "1.234,5 ha" in styled.to_html()
    plain = table.styled(highlight="no-such-zone").to_html()
    assert "#fff3b0" not in plain


def test_group_table_rows_total_and_coverage() -> None:
    zones = _zones()
    summary = summarize(zones, by="province", edition=2024)
    table = tables.group_table(summary, lang="vi")
    group, count = t("group", "vi"), t("zones", "vi")
    assert list(table.frame[group]) == ["Hưng Yên", "Thái Bình", "Hà Nam", t("total", "vi")]
    assert table.frame[count].iloc[-1] == len(zones)
    coverage = f"{t('planned_area_ha', 'vi')} · {t('coverage', 'vi')}"
    assert table.frame[coverage].iloc[-1] == f"{len(zones)}/{len(zones)} khu"
    text = table.text()
    # All kinds: the KCN inside the KKT is not added again to the planned area.
    assert text[t("planned_area_ha", "vi")].iloc[1] == "30.000,0 ha"
    assert text[t("nested", "vi")].iloc[1] == "1"


def test_group_table_marks_incomplete_and_outside_2025_provinces() -> None:
    zones = _zones()
    summary = summarize(zones, by="province_2025", edition=2025)
    names = list(tables.group_table(summary, lang="en").frame["Group"])
    assert "Hưng Yên" in names and any(n.startswith("Ninh Bình") for n in names)
    outside = summarize(_zones().assign(province_2025="Phú Thọ"), by="province_2025",
                        edition=2025)
    assert tables.group_table(outside, lang="vi").frame[t("group", "vi")].iloc[0].startswith(
        f"Phú Thọ ({t('outside_delta_2025', 'vi')})")
    by_region = summarize(zones.assign(province_2025="Phú Thọ"), by="region", edition=2025)
    regions = list(tables.group_table(by_region, lang="en", with_total=False).frame["Group"])
    assert regions == [f"Phú Thọ ({t('outside_delta_2025', 'en')})"]


def test_chart_frame_splits_the_planned_area() -> None:
    summary = summarize(_zones(), by="province", edition=2024, kcn_only=True)
    frame = tables.chart_frame(summary, lang="en")
    for row in summary.rows:
        parts = frame[frame["group"] == row["key"]]
        assert len(parts) == 3
        assert parts["area_ha"].sum() == pytest.approx(row["planned_area_ha"], abs=0.02)
    hy = frame[(frame["group"] == "Hưng Yên") & (frame["part"] == "Area under construction")]
    assert hy["area_ha"].iloc[0] == 50.0


def test_occupancy_frame_leaves_out_groups_without_the_figure() -> None:
    summary = summarize(_zones(), by="province", edition=2024)
    frame = tables.occupancy_frame(summary, lang="vi")
    assert set(frame["group"]) == {"Hưng Yên", "Thái Bình"}  # Hà Nam has no leased figures
    assert frame.set_index("group").loc["Thái Bình", "occupancy_pct"] == 50.0


def test_headline_table_puts_reported_figures_beside_computed() -> None:
    reported = pd.DataFrame({
        "period": ["2024-H1"] * 3, "scope": ["region"] * 3,
        "status": ["all", "operating", "under_construction"],
        "zones": [236.0, 98.0, 44.0], "area_ha": [525408.5, 23145.0, 12990.0]})
    total = summarize(_zones(), by="region").total
    table = tables.headline_table(total, reported, period="2024-H1", lang="vi")
    reported_col = t("headline_reported", "vi").format(period="2024-H1")
    by_figure = table.set_index(t("figure", "vi"))
    assert by_figure.loc[t("planned_area_ha", "vi"), reported_col] == "525.408,5 ha"
    assert by_figure.loc[t("zones", "vi"), reported_col] == "236"
    assert by_figure.loc[t("zones", "vi"), t("headline_computed", "vi")] == "5"
    assert by_figure.loc[t("in_use_area_ha", "vi"), t("coverage", "vi")] == "2/2 khu"
    operating = int((_zones()["status"] == "operating").sum())
    assert by_figure.loc[t("operating_zones", "vi"), t("headline_computed", "vi")] == str(operating)
    assert by_figure.loc[t("operating_zones", "vi"), reported_col] == "98"
    empty = tables.headline_table(total, reported.iloc[0:0], period="2030-H1", lang="vi")
    assert empty.set_index(t("figure", "vi")).loc[t("zones", "vi"), reported_col.replace(
        "2024-H1", "2030-H1")] == NO_DATA


def test_reconcile_table_signs_differences() -> None:
    rec = pd.DataFrame([{"status": "operating", "reported_zones": 98, "computed_zones": 93,
                         "zones_diff": -5, "reported_area_ha": 23145.0,
                         "computed_area_ha": 24000.25, "area_diff_ha": 855.25,
                         "area_diff_pct": 3.7, "zones_lacking_figure": 2, "area_basis": "x",
                         "zones_not_in_data": 5, "zones_counted_differently": 7}])
    text = tables.reconcile_table(rec, lang="vi").text()
    assert text[t("zones_diff", "vi")].iloc[0] == "-5"
    assert text[t("area_diff_ha", "vi")].iloc[0] == "+855,2 ha"
    assert text[t("status", "vi")].iloc[0] == t("status_operating", "vi")
    assert text[t("zones_not_in_data", "vi")].iloc[0] == "5"
    assert text[t("zones_counted_differently", "vi")].iloc[0] == "7"


def test_zone_card_lists_every_figure_with_units() -> None:
    zones = _zones()
    card = dict(tables.zone_card(zones.iloc[2].to_dict(), lang="vi"))
    assert card[t("planned_area_ha", "vi")] == "1.234,5 ha"
    assert card[t("occupancy_pct", "vi")] == "≈ 50,0 %"  # leased = stated rate × leasable
    assert card[t("workers", "vi")] == NO_DATA
    assert card[t("developer", "vi")] == "Cty B"
    assert card[t("province_2025", "vi")] == "Hưng Yên"
    assert card[t("source", "vi")] == "https://example.org/kcn"
    assert card[t("in_use_basis", "vi")] == t("basis_operating_area_derived", "vi")  # ≈
    unlocated = dict(tables.zone_card(zones.iloc[4].to_dict(), lang="en"))
    assert unlocated[t("geometry_quality", "en")] == t("quality_none", "en")
    nested = dict(tables.zone_card(zones.iloc[1].to_dict(), lang="vi", parent_name="KKT TB"))
    assert nested[t("parent_zone", "vi")] == "KKT TB"
    with_workers = dict(tables.zone_card({**zones.iloc[2].to_dict(), "workers": 12500.0},
                                         lang="vi"))
    assert with_workers[t("workers", "vi")] == "12.500 người"


def test_summary_notes_are_localized() -> None:
    zones = _zones()
    vi = tables.summary_notes(zones, by="province_2025", edition=2025, kcn_only=False, lang="vi")
    assert t("note_kkt", "vi") in vi and t("note_2025", "vi") in vi
    assert any("Bắc Giang" in n for n in vi)
    kcn = tables.summary_notes(zones, by="province", edition=2024, kcn_only=True, lang="en")
    assert kcn == [t("note_areas", "en")]


def test_names_of_keeps_order_and_unknown_ids() -> None:
    assert tables.names_of(_zones(), ["plan", "x", "op"]) == ["KCN Kim Bảng", "x",
                                                                "KCN Phố Nối A"]


@pytest.mark.parametrize("builder", ["group", "zone"])
def test_styled_hands_no_missing_value_to_streamlit(builder: str) -> None:
    """Streamlit draws a null cell as "None" whatever the Styler says: every missing figure of
    a styled table must reach it as '—' (here: the KCN/KCX-only province rows, 0/0 coverage)."""
    zones = _zones()
    table = (tables.group_table(summarize(zones, by="province", edition=2024, kcn_only=True),
                                lang="en") if builder == "group"
             else tables.zone_table(zones, lang="en"))
    uc = t("under_construction_area_ha", "en")
    assert table.frame[uc].isna().any()  # the case of the bug: a figure nobody gives
    styled = table.styled()
    assert not styled.data.isna().any().any()
    assert NO_DATA in set(styled.data[uc])
    html = styled.to_html()
    assert ">None<" not in html and ">nan<" not in html
    # columns without a missing value stay numbers (sortable)
    assert styled.data[t("planned_area_ha", "en")].dtype.kind == "f"


def test_occupancy_frame_says_the_coverage_and_flags_thin_groups() -> None:
    summary = summarize(_zones(), by="province", edition=2024)
    frame = tables.occupancy_frame(summary, lang="vi").set_index("group")
    # Hưng Yên: 1 of its 3 zones gives leasable and leased land (or a stated rate)
    hy = next(r for r in summary.rows if r["key"] == "Hưng Yên")
    have, of = hy["coverage"]["occupancy_pct"]
    assert frame.loc["Hưng Yên", "label"] == f"Hưng Yên ({have}/{of} khu)"
    assert (frame.loc["Hưng Yên", "zones_with"], frame.loc["Hưng Yên", "zones"]) == (have, of)
    assert bool(frame.loc["Hưng Yên", "low_coverage"]) is (have / of < tables.LOW_COVERAGE)
    tb = next(r for r in summary.rows if r["key"] == "Thái Bình")
    assert tb["coverage"]["occupancy_pct"] == [1, 2]
    assert not frame.loc["Thái Bình", "low_coverage"]  # exactly half: not faded
    english = tables.occupancy_frame(summary, lang="en").set_index("group")
    assert english.loc["Thái Bình", "label"] == "Thái Bình (1/2 zones)"


def test_group_table_names_a_filtered_selection_not_the_region() -> None:
    zones = _zones()
    hy = zones[zones["province"] == "Hưng Yên"]
    summary = summarize(hy, by="region", filters={"provinces": ["Hưng Yên"]})
    names = list(tables.group_table(summary, lang="vi").frame[t("group", "vi")])
    assert names == ["Lựa chọn: Hưng Yên", t("total", "vi")]
    assert t("region", "vi") not in names
    english = list(tables.group_table(summary, lang="en").frame["Group"])
    assert english[0] == "Selection: Hưng Yên"
    unfiltered = summarize(zones, by="region")
    assert tables.group_table(unfiltered, lang="vi").frame[t("group", "vi")].iloc[0] == t(
        "region", "vi")


def test_export_notes_name_the_incomplete_2025_provinces() -> None:
    bac_ninh = tables.export_notes(["bac-ninh"], edition=2025)
    assert bac_ninh == [t("note_incomplete", "vi").format(name="Bắc Ninh", parts="Bắc Giang"),
                        t("note_incomplete", "en").format(name="Bắc Ninh", parts="Bắc Giang")]
    assert tables.export_notes(["Bắc Ninh"], edition=2024) == []
    assert tables.export_notes(["Hà Nội"], edition=2025) == []
    every = tables.export_notes(None, edition=2025, langs=("en",))
    assert len(every) == 2 and any(n.startswith("Phú Thọ (2025)") for n in every)
