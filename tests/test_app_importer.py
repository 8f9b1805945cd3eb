"""The import page under AppTest: upload → report → preview map → diff → confirm → log → undo.

Streamlit 1.67's AppTest drives ``st.file_uploader`` directly (``FileUploader.upload``).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from import_fixtures import geojson_bytes, square, tree_hashes, use_store
from streamlit.testing.v1 import AppTest

from geo import io
from geo.i18n import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SURVEYED = [{"Ten_KCN": "Khu công nghiệp Quế Võ <b>", "Tinh": "Bắc Ninh", "DT_QH": 615.5,
             "geometry": square(106.121, 21.151, 0.006)}]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/importer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame_with(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, column
    return frames[0]


def test_upload_preview_confirm_undo(store: Path) -> None:
    at = _page()
    assert t("ws_log_empty") in [c.value for c in at.caption]
    at.file_uploader(key="ws_upload").upload("qv.geojson", geojson_bytes(SURVEYED),
                                             "application/geo+json")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("geojson" in i.value for i in at.info)  # detected format shown
    diff = _frame_with(at, "new")
    changed = diff[diff["zone_id"] == "bn-que-vo"]
    assert set(changed["field"]) >= {"planned_area_ha", "geometry", "geometry_quality"}
    assert "615.5" in set(changed["new"])
    maps = [json.loads(e.proto.json_args) for e in at.main.children.values()
            if type(e).__name__ == "UnknownElement"]  # streamlit-folium's component
    assert len(maps) == 1
    script = maps[0]["script"]
    assert "V\\u00f5 \\u0026lt;b\\u0026gt;" in script  # the upload's name, HTML-escaped
    assert "V\\u00f5 <b>" not in script
    assert not any(link.startswith("http") for link in maps[0]["js_links"])  # no CDN
    assert not store.exists()  # nothing written before confirming
    at.button(key="ws_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("#1" in s.value for s in at.success)
    assert io.load_zones().set_index("zone_id").at["bn-que-vo", "geometry_quality"] == \
        "surveyed"
    log = _frame_with(at, "file_name")
    assert list(log["file_name"]) == ["qv.geojson"]
    at.button(key="ws_undo").click().run()
    assert any("#1" in s.value for s in at.success)
    assert not (store / "atlas.gpkg").exists()


def test_refused_file_shows_message_and_writes_nothing(store: Path) -> None:
    at = _page()
    at.file_uploader(key="ws_upload").upload("junk.geojson", b"\x00\x01garbage" * 50)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "junk.geojson" in at.error[0].value
    assert tree_hashes(store) == {}


def test_figures_with_unmatched_rows_need_confirmation_then_compare(store: Path,
                                                                    tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["Ten KCN", "Tinh", "Dien tich da cho thue (ha)"])
    wb.active.append(["Que Vo", "Bac Ninh", 410])
    wb.active.append(["KCN Khong Co", "Ha Nam", 1])
    path = tmp_path / "h2.xlsx"
    wb.save(path)
    at = _page()
    at.radio(key="ws_kind").set_value("figures").run()
    at.text_input(key="ws_period").set_value("2024-H2").run()
    at.file_uploader(key="ws_upload").upload("h2.xlsx", path.read_bytes())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="ws_confirm").disabled  # unmatched row: must confirm first
    at.checkbox(key="ws_allow").check().run()
    at.button(key="ws_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert io.zone_periods() == ["2024-H2"]
    cmp = _frame_with(at, t("ws_change"))
    row = cmp[(cmp["key"] == "Bắc Ninh") & (cmp["figure"] == t("leased_land_ha"))]
    assert list(row[t("ws_change")]) == ["10,0"]  # 400 → 410 ha, Vietnamese format
