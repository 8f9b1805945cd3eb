"""Display tables of the import page (geo.importview): localized headers and values, '—'."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from import_fixtures import square, use_store
from shapely.geometry import Point

from geo import importview as view
from geo import workspace as ws
from geo.i18n import Lang, t
from geo.validate import Report


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def _plan() -> ws.ImportPlan:
    frame = gpd.GeoDataFrame([
        {"name": "Khu cong nghiep Que Vo", "province": "Bac Ninh", "planned_area_ha": 615.5,
         "geometry": square(106.121, 21.151, 0.006)},          # changed (matched by name)
        {"name": "KCN Mới Tinh", "province": "Bắc Ninh", "planned_area_ha": 1234.25,
         "status": "planned", "geometry": Point(106.3, 21.1)},  # new
        {"zone_id": "hy-pho-noi-a", "name": "Khu công nghiệp Phố Nối A",
         "province": "Hưng Yên", "planned_area_ha": 596.0, "geometry": None},  # unchanged
    ], crs="EPSG:4326")
    return ws.plan_import(frame, kind="zones", file_name="f.geojson", sha256="ab" * 32)


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
    assert list(vi.columns) == ["Mức", "Đối tượng", "Trường", "Giá trị", "Nội dung"]
    assert list(en.columns) == ["Level", "Feature", "Field", "Value", "Message"]
    assert vi.iloc[0].tolist() == ["lỗi", "3", "Diện tích quy hoạch", "-5.0", "số âm"]
    assert en.iloc[1].tolist() == ["warning", "—", "—", "—", "general warning"]


def test_log_table_localized_newest_first(store: Path) -> None:
    ws.commit_import(_plan(), note="QĐ 12")
    figures = pd.DataFrame([{"name": "Que Vo", "province": "Bac Ninh", "leased_land_ha": 410.0}])
    ws.commit_import(ws.plan_import(figures, kind="figures", file_name="h2.csv", sha256="c" * 64,
                                    period="2024-H2"))
    log = ws.import_log()
    vi, en = view.log_table(log, "vi"), view.log_table(log, "en")
    assert list(vi.columns) == [t(k, "vi") for k in view.LOG_COLUMNS.values()]
    assert list(en.columns)[:3] == ["Import #", "Time (UTC)", "File"]
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
    from geo.ingest import read_upload

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
