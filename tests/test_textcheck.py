"""geo.imports.textcheck: NUL, lone surrogates and U+FFFD refused; bidi controls and zero-width
characters removed with a warning; every finding names the feature and the field."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from geo.core.findings import Report
from geo.imports.pipeline import read_upload
from geo.imports.textcheck import clean_text, json_nul_texts


def _geojson(names: list[str]) -> bytes:
    features = [{"type": "Feature", "properties": {"name": n, "province": "Bắc Ninh"},
                 "geometry": {"type": "Point", "coordinates": [106.1 + i / 100, 21.1]}}
                for i, n in enumerate(names)]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


@pytest.mark.parametrize("value, text, problems", [
    ("KCN Quế Võ", "KCN Quế Võ", []),
    ("KCN A\x00B", "KCN A\x00B", ["nul"]),
    ("KCN \ud800B", "KCN \ud800B", ["surrogate"]),
    ("KCN \ufffdA", "KCN \ufffdA", ["replacement"]),
    ("KCN \u202eAB\u202c", "KCN AB", ["bidi"]),
    ("KCN \u2066A\u2069", "KCN A", ["bidi"]),
    ("KCN\u200bA\u200c\u200d\u2060\ufeff", "KCNA", ["zero_width"]),
    ("\u202eKCN\u200b", "KCN", ["bidi", "zero_width"]),
    (unicodedata.normalize("NFD", "Quế Võ"), "Quế Võ", []),  # NFC
])
def test_clean_text_cases(value: str, text: str, problems: list[str]) -> None:
    assert clean_text(value) == (text, problems)


@pytest.mark.parametrize("name, level, expect_name, words", [
    ("KCN A\u0000B", "error", "KCN A", "NUL"),
    ("KCN \ud800B", "error", None, "U+FFFD"),  # GDAL turns the lone surrogate into U+FFFD
    ("KCN \ufffdB", "error", None, "U+FFFD"),
    ("KCN \u202eAB", "warning", "KCN AB", "U+202E"),
    ("KCN \u2067AB\u2069", "warning", "KCN AB", "U+2067, U+2069"),
    ("KCN\u200bAB", "warning", "KCNAB", "U+200B"),
    ("KCN\ufeffAB", "warning", "KCNAB", "U+FEFF"),
])
def test_geojson_text_damage_is_reported_by_feature_and_field(
        name: str, level: str, expect_name: str | None, words: str, tmp_path: Path) -> None:
    path = tmp_path / "zones.geojson"
    path.write_bytes(_geojson(["KCN Quế Võ", name]))
    result = read_upload(path)
    findings = [f for f in result.report.findings if f.field == "name"]
    assert len(findings) == 1, result.report.text()
    finding = findings[0]
    assert finding.level == level and finding.feature == 1 and words in finding.message_en
    assert "feature 2" in result.report.text("en")  # numbered from 1 for the user
    assert result.report.ok is (level == "warning")
    if expect_name is not None:
        assert result.frame["name"].tolist() == ["KCN Quế Võ", expect_name]


def test_csv_text_damage(tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    path.write_bytes(("name,province,lon,lat\nKCN \u202eAB,Bắc Ninh,106.1,21.1\n"
                      "KCN C\u200b,Bắc Ninh\u2060,106.2,21.1\n").encode("utf-8"))
    result = read_upload(path)
    assert result.report.ok
    warned = {(f.feature, f.field) for f in result.report.warnings if "removed" in f.message_en}
    assert warned == {(0, "name"), (1, "name"), (1, "province")}
    assert result.frame["name"].tolist() == ["KCN AB", "KCN C"]
    assert "row 2" in result.report.text("en")  # the spreadsheet row the user sees
    bad = tmp_path / "bad.csv"
    bad.write_bytes("name,province,lon,lat\nKCN \ufffdA,Bắc Ninh,106.1,21.1\n".encode())
    assert not read_upload(bad).report.ok


def test_json_nul_scan_only_counts_real_escapes() -> None:
    assert json_nul_texts(_geojson(["KCN A"])) == []
    assert json_nul_texts(b'{"features": [{"properties": {"name": "a\\\\u0000"}}]}') == []
    assert json_nul_texts(_geojson(["A", "B\x00"])) == [(1, "name")]
    assert json_nul_texts(b'{"x": "\\u0000"}') == [(-1, "")]


def test_check_text_leaves_numbers_alone() -> None:
    from geo.imports.textcheck import check_text
    frame = pd.DataFrame({"name": ["A\u200b", None], "area": [1.5, 2.0]})
    report = Report()
    out = check_text(frame, report, columns=["name"])
    assert out["name"][0] == "A" and pd.isna(out["name"][1])
    assert out["area"].tolist() == [1.5, 2.0]
    assert frame["name"][0] == "A\u200b"  # input not changed
    assert [f.level for f in report.findings] == ["warning"]
