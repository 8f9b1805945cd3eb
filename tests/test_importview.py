"""Display tables of the import page (geo.present.imports): localized headers and values, '—'."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from import_fixtures import square, use_store
from shapely.geometry import Point

from geo.core.findings import Numbering, Report
from geo.core.i18n import Lang, t
from geo.imports.plan import ImportPlan, plan_import
from geo.present import imports as view
from geo.store import bundled as io
from geo.store import workspace as ws


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def _plan() -> ImportPlan:
    frame = gpd.GeoDataFrame([
        {"name": "Khu cong nghiep Que Vo", "province": "Bac Ninh", "planned_area_ha": 615.5,
         "geometry": square(106.121, 21.151, 0.006)},          # changed (matched by name)
        {"name": "KCN Mới Tinh", "province": "Bắc Ninh", "planned_area_ha": 1234.25,
         "status": "planned", "geometry": Point(106.3, 21.1)},  # new
        {"zone_id": "hy-pho-noi-a", "name": "Khu công nghiệp Phố Nối A",
         "province": "Hưng Yên", "planned_area_ha": 596.0, "geometry": None},  # unchanged
    ], crs="EPSG:4326")
    return plan_import(frame, kind="zones", file_name="f.geojson", sha256="ab" * 32)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_diff_table_headers_and_values_localized(store: Path, lang: Lang) -> None:
    table = view.diff_table(_plan(), lang)
    assert list(table.columns) == [t(k, lang) for k in view.DIFF_COLUMNS]
    cols = dict(zip(("id", "name", "status", "method", "field", "old", "new"), table.columns,
                    strict=True))
    cells = table.to_numpy().ravel().tolist()
    assert all(isinstance(c, str) for c in cells)
    assert not {"None", "nan", "NaN", "<NA>", ""} & set(cells)
    assert set(table[cols["status"]]) == {t(f"ws_status_{s}", lang)
                                          for s in ("new", "changed", "unchanged")}
    qv = table[table[cols["id"]] == "bn-que-vo"].set_index(cols["field"])
    assert set(qv[cols["method"]]) == {t("ws_method_name", lang)}
    area = qv.loc[t("planned_area_ha", lang)]
    assert (area[cols["old"]], area[cols["new"]]) == (
        ("611", "615,5") if lang == "vi" else ("611", "615.5"))
    geom = qv.loc[t("ws_field_geometry", lang)]
    assert geom[cols["new"]] == t("ws_geom_Polygon", lang)
    quality = qv.loc[t("geometry_quality", lang)]
    assert quality[cols["old"]] == t("quality_approximate", lang)
    assert quality[cols["new"]] == t("quality_surveyed", lang)
    new = table[table[cols["status"]] == t("ws_status_new", lang)].set_index(cols["field"])
    assert set(new[cols["method"]]) == {"—"} and set(new[cols["old"]]) == {"—"}
    assert new.loc[t("planned_area_ha", lang), cols["new"]] == (
        "1.234,25" if lang == "vi" else "1,234.25")
    assert new.loc[t("status", lang), cols["new"]] == t("status_planned", lang)
    same = table[table[cols["id"]] == "hy-pho-noi-a"]
    assert len(same) == 1 and list(same[cols["field"]]) == ["—"]
    assert list(same[cols["method"]]) == [t("ws_method_id", lang)]


def test_findings_table_localized(store: Path) -> None:
    report = Report(source="f.csv")
    report.add("error", 3, "planned_area_ha", -5.0, "số âm", "negative figure")
    report.add("warning", None, None, None, "cảnh báo chung", "general warning")
    vi, en = view.findings_table(report, "vi"), view.findings_table(report, "en")
    assert list(vi.columns) == ["Mức", "Dòng / đối tượng", "Trường", "Giá trị", "Nội dung"]
    assert list(en.columns) == ["Level", "Row / feature", "Field", "Value", "Message"]
    # position 3 of a vector file is its 4th feature
    assert vi.iloc[0].tolist() == ["lỗi", "đối tượng 4", "Diện tích quy hoạch", "-5.0", "số âm"]
    assert en.iloc[0].tolist()[1] == "feature 4"
    assert en.iloc[1].tolist() == ["warning", "—", "—", "—", "general warning"]
    report.numbering = Numbering.table()  # a spreadsheet: header row 1, position 3 = row 5
    assert view.findings_table(report, "vi").iloc[0].tolist()[1] == "dòng 5"
    assert view.findings_table(report, "en").iloc[0].tolist()[1] == "row 5"
    report.add("error", "bn-que-vo", "name", "x", "trùng", "duplicate")  # an id stays an id
    assert view.findings_table(report, "en").iloc[2].tolist()[1] == "bn-que-vo"


def test_log_table_localized_newest_first(store: Path) -> None:
    ws.commit_import(_plan(), note="QĐ 12")
    figures = pd.DataFrame([{"name": "Que Vo", "province": "Bac Ninh", "leased_land_ha": 410.0}])
    ws.commit_import(plan_import(figures, kind="figures", file_name="h2.csv", sha256="c" * 64,
                                    period="2024-H2"))
    log = ws.import_log()
    vi, en = view.log_table(log, "vi"), view.log_table(log, "en")
    assert list(vi.columns) == [t(k, "vi") for k in view.LOG_COLUMNS.values()]
    assert list(en.columns)[:3] == ["Import #", "Time (Vietnam, UTC+7)", "File"]
    assert "sha256" not in vi.columns and "changes" not in vi.columns
    assert list(vi[t("ws_log_seq")]) == ["2", "1"]  # newest first
    assert list(vi[t("ws_log_kind")]) == [t("ws_kind_figures"), t("ws_kind_zones")]
    assert list(en[t("ws_log_kind", "en")]) == [t("ws_kind_figures", "en"),
                                                t("ws_kind_zones", "en")]
    assert list(vi[t("ws_log_period")]) == ["2024-H2", "—"]
    assert list(vi[t("ws_log_note")]) == ["—", "QĐ 12"]
    assert list(vi[t("ws_log_sha")]) == ["c" * 12 + "…", "ab" * 6 + "…"]
    assert list(vi[t("ws_log_new")]) == ["0", "1"]
    assert not {"None", "nan", ""} & set(vi.to_numpy().ravel().tolist())


def test_cell_formats() -> None:
    assert view.cell(None) == view.cell(math.nan) == view.cell("  ") == "—"
    assert (view.cell(1234.5), view.cell(1234.5, "en")) == ("1.234,5", "1,234.5")
    assert view.cell(12.25) == "12,25" and view.cell(3) == "3" and view.cell(52000.0) == "52.000"


def test_refusal_text_and_field_choice(tmp_path: Path) -> None:
    from geo.errors import ImportRefused
    from geo.imports.pipeline import read_upload

    junk = tmp_path / "garbage.csv"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ImportRefused) as exc:
        read_upload(junk)
    assert view.refusal_text(exc.value, "vi") == (
        "garbage.csv: nội dung tệp không phải GeoJSON, Shapefile (nén zip), GeoPackage, "
        "KML/KMZ, DXF, CSV hay XLSX (dữ liệu nhị phân)")
    assert view.refusal_text(exc.value, "en").endswith("XLSX file (binary data)")
    assert view.refusal_text(ValueError("plain"), "vi") == "plain"
    assert view.field_choice("planned_area_ha") == "Diện tích quy hoạch (planned_area_ha)"
    assert view.field_choice("planned_area_ha", "en") == "Planned area (planned_area_ha)"
    assert view.field_choice("parent_zone_id") == "parent_zone_id"


def test_comparison_table_localized_in_both_languages(store: Path) -> None:
    """Issue 5 QA: no raw English codes (key, figure, zones_both...) in the comparison."""
    from geo.core.periods import CURRENT, compare_periods

    ws.commit_import(plan_import(
        pd.DataFrame([{"zone_id": "hy-pho-noi-a", "leased_land_ha": 1420.5},
                      {"zone_id": "bn-que-vo", "leased_land_ha": 410.0, "workers": 52000.0}]),
        kind="figures", file_name="h2.xlsx", sha256="e" * 64, period="2024-H2"))
    table = compare_periods(_period(CURRENT), _period("2024-H2"), by="province")
    raw = set(table.columns)
    for lang, ha, pct in (("vi", "1.420,5", "2,5 %"), ("en", "1,420.5", "2.5 %")):
        shown = view.comparison_table(table, lang, label_a="A0", label_b="2024-H2",
                                      by="province")
        assert not raw & set(shown.columns)
        assert list(shown.columns)[:2] == [t("ws_by_province", lang), t("ws_cmp_figure", lang)]
        assert t("ws_cmp_both", lang) in shown.columns
        rows = {(r[0], r[1]): list(r) for r in shown.itertuples(index=False)}
        hy = rows[("Hưng Yên", f"{t('leased_land_ha', lang)} (ha)")]
        unit = "khu" if lang == "vi" else "zones"
        assert hy[2:] == ["—", f"0/1 {unit}", ha, f"1/1 {unit}", "—", "—", f"0/1 {unit}"]
        bn = rows[("Bắc Ninh", f"{t('leased_land_ha', lang)} (ha)")]
        assert bn[2:4] == [("700,0" if lang == "vi" else "700.0"), f"2/2 {unit}"]
        assert bn[6:] == [("10,0 ha" if lang == "vi" else "10.0 ha"), pct, f"1/2 {unit}"]
        occ = rows[("Bắc Ninh", f"{t('occupancy_pct', lang)} (%)")]
        assert occ[6].endswith("điểm %" if lang == "vi" else "points")
        assert all(isinstance(v, str) and v not in ("nan", "None")
                   for v in shown.to_numpy().ravel())


def test_source_text_in_both_languages() -> None:
    from geo.present.imports import source_text

    assert source_text("user: province Bắc Ninh", "vi") == "người dùng chọn: tỉnh Bắc Ninh"
    assert source_text("user: UTM 48N", "en") == "chosen by the user: UTM 48N"
    assert source_text("file (.cpg)", "vi") == "theo tệp"
    assert source_text("detected", "vi") == "tự nhận biết"
    assert source_text("inferred: degrees", "en") == "inferred from the coordinates (degrees)"
    assert source_text("", "vi") == "—" and source_text("something new", "vi") == "something new"


def _period(name: str) -> pd.DataFrame:
    """The zones with the figures of period ``name`` (compare_periods takes tables, never loads)."""
    return io.load_zones(period=name)
