"""The cached province lookup answers exactly as the old per-call fold-and-scan did."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.core import admin
from geo.core.text import fold
from geo.errors import FilterError
from geo.settings import PROVINCES_2024, PROVINCES_2025


def _scan(name: str, provinces: tuple) -> object:  # the previous implementation
    key = fold(name)
    for p in provinces:
        if key in (fold(p.name), fold(p.name_en), p.slug.replace("-", " "),
                   p.gso_code):
            return p
    return None


def _spellings(provinces: tuple) -> list[str]:
    out = []
    for p in provinces:
        out += [p.name, p.name_en, p.slug, p.gso_code, p.name.upper(), f"  {p.name_en.lower()} ",
                p.name.replace(" ", "-")]
    return [*out, "Atlantis", "", "  "]


@pytest.mark.parametrize("provinces, lookup", [(PROVINCES_2024, admin.province_2024),
                                               (PROVINCES_2025, admin.province_2025_record)])
def test_cached_lookup_matches_the_scan(provinces: tuple, lookup) -> None:
    for name in _spellings(provinces):
        expected = _scan(name, provinces)
        if expected is None:
            with pytest.raises(FilterError, match="unknown"):
                lookup(name)
        else:
            assert lookup(name) is expected
            assert lookup(name) is expected  # second call: from the cache


def test_add_province_2025_vectorised_same_values_and_error() -> None:
    names = [p.name for p in PROVINCES_2024] * 3 + ["bac-ninh", "Ha Noi"]
    frame = pd.DataFrame({"province": names}, index=range(10, 10 + len(names)))
    out = admin.add_province_2025(frame)
    assert out["province_2025"].tolist() == [admin.province_2025_of(n) for n in names]
    assert "province_2025" not in frame.columns  # input not mutated
    bad = pd.DataFrame({"province": ["Hà Nội", "Atlantis"]}, index=[5, 7])
    with pytest.raises(FilterError, match=r"row 7: field 'province'"):
        admin.add_province_2025(bad)
