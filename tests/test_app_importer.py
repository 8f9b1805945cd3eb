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

from geo.core.i18n import t
from geo.store import bundled as io

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SURVEYED = [{"Ten_KCN": "Khu công nghiệp Quế Võ <b>", "Tinh": "Bắc Ninh", "DT_QH": 615.5,
             "geometry": square(106.121, 21.151, 0.006)}]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/importer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _uploader(at: AppTest):  # type: ignore[no-untyped-def]
    """The page's one file uploader (its key changes after each write, to empty it)."""
    assert len(at.file_uploader) == 1
    return at.file_uploader[0]


def _frame_with(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    assert frames, column
    return frames[0]


def test_upload_preview_confirm_undo(store: Path) -> None:
    at = _page()
    assert t("ws_log_empty") in [c.value for c in at.caption]
    assert _uploader(at).label == t("ws_upload").format(mb=200)  # "... tối đa 200 MB)"
    assert "tối đa 200 MB" in _uploader(at).label
    _uploader(at).upload("qv.geojson", geojson_bytes(SURVEYED), "application/geo+json")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("geojson" in i.value for i in at.info)  # detected format shown
    diff = _frame_with(at, t("ws_col_new"))  # Vietnamese headers and values
    assert list(diff.columns) == ["Mã", "Tên", "Kết quả", "Khớp theo", "Trường", "Giá trị cũ",
                                  "Giá trị mới"]
    changed = diff[diff["Mã"] == "bn-que-vo"]
    assert set(changed["Kết quả"]) == {"thay đổi"} and set(changed["Khớp theo"]) == {"vị trí"}
    assert set(changed["Trường"]) >= {"Diện tích quy hoạch", "Hình học", "Ranh giới"}
    assert "615,5" in set(changed["Giá trị mới"]) and "đo đạc" in set(changed["Giá trị mới"])
    assert not {"None", "nan", "new", "changed", "unchanged"} & set(diff.to_numpy().ravel())
    maps = [json.loads(e.proto.json_args) for e in at.main.children.values()
            if type(e).__name__ == "UnknownElement"]  # streamlit-folium's component
    assert len(maps) == 1
    script = maps[0]["script"]
    assert "Võ &lt;b&gt;" in script  # the upload's name, HTML-escaped (JsonLayer JSON)
    assert "Võ <b>" not in script and "V\\u00f5 <b>" not in script
    assert not any(link.startswith("http") for link in maps[0]["js_links"])  # no CDN
    assert not store.exists()  # nothing written before confirming
    at.button(key="ws_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("#1" in s.value for s in at.success)
    assert io.load_zones().set_index("zone_id").at["bn-que-vo", "geometry_quality"] == \
        "surveyed"
    # the uploader is emptied: no diff, no confirm button; the result and the log are shown
    assert _uploader(at).value is None
    assert not [b for b in at.button if b.key == "ws_confirm"]
    assert not [d for d in at.dataframe if t("ws_col_new") in d.value.columns]
    log = _frame_with(at, t("ws_log_file"))
    assert list(log[t("ws_log_file")]) == ["qv.geojson"]
    assert list(log.columns)[:3] == ["Lần nhập", "Thời gian (giờ Việt Nam)", "Tệp"]
    assert list(log[t("ws_log_kind")]) == [t("ws_kind_zones")]
    assert at.button(key="ws_undo").disabled  # undo asks for confirmation first
    at.checkbox(key="ws_undo_ok_1").check().run()
    at.button(key="ws_undo").click().run()
    assert any("#1" in s.value for s in at.success)
    assert not (store / "atlas.gpkg").exists()
    assert t("ws_log_empty") in [c.value for c in at.caption]
    # the audit trail survives the undo: the import, marked undone, and the undo
    audit = _frame_with(at, t("ws_audit_action"))
    assert list(audit[t("ws_audit_action")]) == [t("ws_audit_undo"), t("ws_audit_undone")]
    assert list(audit[t("ws_log_file")]) == ["qv.geojson", "qv.geojson"]


def test_refused_file_shows_message_and_writes_nothing(store: Path) -> None:
    at = _page()
    _uploader(at).upload("junk.geojson", b"\x00\x01garbage" * 50)
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
    _uploader(at).upload("h2.xlsx", path.read_bytes())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="ws_confirm").disabled  # unmatched row: must confirm first
    # the unmatched row is named as the officer sees it in Excel: header row 1, so row 3
    found = _frame_with(at, t("ingest_feature"))
    assert list(found[t("ingest_feature")]) == ["dòng 3"]
    at.checkbox(key="ws_allow").check().run()
    at.button(key="ws_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert io.zone_periods() == ["2024-H2"]
    cmp = _frame_with(at, t("ws_change"))
    assert not {"key", "figure", "zones_both", "zones"} & set(cmp.columns)  # localized
    row = cmp[(cmp[t("ws_by_province")] == "Bắc Ninh") &
              (cmp[t("ws_cmp_figure")] == t("leased_land_ha") + " (ha)")]
    assert list(row[t("ws_change")]) == ["10,0 ha"]  # 400 → 410 ha, Vietnamese format
    assert list(row[t("ws_cmp_both")]) == ["1/2 khu"]  # like for like: Quế Võ only
    audit = _frame_with(at, t("ws_audit_action"))
    assert list(audit[t("ws_log_file")]) == ["h2.xlsx"]


def test_same_file_again_nothing_to_write_confirm_disabled(store: Path) -> None:
    at = _page()
    _uploader(at).upload("qv.geojson", geojson_bytes(SURVEYED), "application/geo+json")
    at.run()
    assert t("ws_nothing") not in [i.value for i in at.info]
    assert not at.button(key="ws_confirm").disabled
    at.button(key="ws_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    written = tree_hashes(store)
    _uploader(at).upload("qv.geojson", geojson_bytes(SURVEYED), "application/geo+json")
    at.run()  # the same file again: 0 new, 0 changed, 1 unchanged
    assert not at.exception, [e.value for e in at.exception]
    assert any(h.value == t("ws_diff").format(new=0, changed=0, unchanged=1, unmatched=0)
               for h in at.subheader)
    assert t("ws_nothing") in [i.value for i in at.info]
    assert at.button(key="ws_confirm").disabled
    assert tree_hashes(store) == written
    assert len(_frame_with(at, t("ws_log_file"))) == 1


def test_english_tables_and_bad_option(store: Path) -> None:
    at = _page()
    at.radio(key="lang").set_value("en").run()
    assert "at most 200 MB" in _uploader(at).label
    at.text_input(key="ws_crs").set_value("EPSG:abc")
    _uploader(at).upload("qv.geojson", geojson_bytes(SURVEYED), "application/geo+json")
    at.run()  # a bad CRS option is a one-line message, not "cannot read the file"
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value.startswith(t("ws_bad_option", "en").format(msg="invalid CRS"))
    at.text_input(key="ws_crs").set_value("").run()
    diff = _frame_with(at, t("ws_col_new", "en"))
    assert list(diff.columns) == ["Id", "Name", "Result", "Matched by", "Field", "Old value",
                                  "New value"]
    assert "615.5" in set(diff["New value"]) and set(diff["Result"]) == {"changed"}


def test_bad_options_are_said_in_vietnamese(store: Path) -> None:
    at = _page()
    at.text_input(key="ws_crs").set_value("EPSG:abc")
    _uploader(at).upload("qv.geojson", geojson_bytes(SURVEYED), "application/geo+json")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    message = at.error[0].value
    assert message.startswith(t("ws_bad_option", "vi").format(msg="hệ tọa độ 'EPSG:abc'"))
    assert "không hợp lệ" in message and "invalid" not in message
