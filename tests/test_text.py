"""The one accent fold and the one blank test (geo.core.text), and the single definitions."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from geo.core.text import fold, is_blank, strip_accents

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("text", "sep", "folded"), [
    ("KCN Đại Đồng – Hoàn Sơn", " ", "kcn dai dong hoan son"),  # zone names (matching)
    ("Đất cây xanh, mặt nước", " ", "dat cay xanh mat nuoc"),  # plan legends (lots)
    ("Bà Rịa - Vũng Tàu", " ", "ba ria vung tau"),  # province names (admin)
    ("Diện_tích (ha)", "", "dientichha"),  # column names (fieldmap)
    ("VN-2000 / TM-3", "", "vn2000tm3"),  # CRS names (crsdetect)
    ("Hải Dương KCN", "-", "hai-duong-kcn"),  # slugs (exports)
])
def test_fold(text: str, sep: str, folded: str) -> None:
    assert fold(text, sep=sep) == folded


def test_strip_accents_keeps_case() -> None:
    assert strip_accents("Đại Đồng") == "Dai Dong"


@pytest.mark.parametrize("value", [None, math.nan, pd.NA, "", "  ", Polygon()])
def test_blank(value: object) -> None:
    assert is_blank(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", "x", Point(0, 0)])
def test_not_blank(value: object) -> None:
    assert not is_blank(value)


def _geo_sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in (REPO / "geo").rglob("*.py")
            if not p.name.startswith("labels")}  # label texts may name the region


def test_one_accent_fold_one_blank_test() -> None:
    sources = _geo_sources()
    folds = [p.relative_to(REPO) for p, s in sources.items() if "unicodedata.combining" in s]
    assert folds == [Path("geo/core/text.py")]
    blanks = [p.relative_to(REPO) for p, s in sources.items() if "def is_blank" in s]
    assert blanks == [Path("geo/core/text.py")]


def test_region_name_and_vietnam_bbox_defined_once() -> None:
    sources = _geo_sources()
    for literal in ('"Đồng bằng sông Hồng"', "102.1"):
        found = [p.relative_to(REPO) for p, s in sources.items() if literal in s]
        assert found == [Path("geo/core/admin.py")], literal
