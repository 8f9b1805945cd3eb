"""geo.core.admin: the 2024 → 2025 province table (design §3.1)."""

import pandas as pd
import pytest

from geo.core import admin
from geo.errors import FilterError
from geo.settings import PROVINCES_2024, PROVINCES_2025

# Design §3.1, transcribed: 2025 province -> its 2024 parts.
MERGERS = {
    "Hà Nội": {"Hà Nội"},
    "Quảng Ninh": {"Quảng Ninh"},
    "Hải Phòng": {"Hải Phòng", "Hải Dương"},
    "Hưng Yên": {"Hưng Yên", "Thái Bình"},
    "Bắc Ninh": {"Bắc Ninh", "Bắc Giang"},
    "Ninh Bình": {"Ninh Bình", "Hà Nam", "Nam Định"},
    "Phú Thọ": {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"},
}


@pytest.mark.parametrize(("new", "parts"), MERGERS.items())
def test_parts_of_2025_match_design(new: str, parts: set[str]) -> None:
    assert set(admin.parts_of_2025(new)) == parts
    for old in parts:
        assert admin.province_2025_of(old) == new


def test_region_has_11_provinces_in_2024_and_6_in_2025() -> None:
    assert len(admin.province_names(2024)) == 11
    assert set(admin.province_names(2025)) == {
        "Hà Nội", "Hải Phòng", "Quảng Ninh", "Hưng Yên", "Bắc Ninh", "Ninh Bình"}
    assert "Phú Thọ" in admin.province_names(2025, delta_only=False)


def test_merger_table_gso_codes() -> None:
    new = {p.name: p for p in PROVINCES_2025}
    table = pd.DataFrame([{"province": p.name, "gso_code": p.gso_code, "in_delta_2024": p.in_delta,
                           "gso_code_2025": new[p.province_2025].gso_code,
                           "in_delta_2025": new[p.province_2025].in_delta}
                          for p in PROVINCES_2024]).set_index("province")
    assert table.loc["Bắc Ninh", "gso_code"] == "27"
    assert table.loc["Bắc Ninh", "gso_code_2025"] == "24"  # Decision 19/2025/QĐ-TTg
    assert table.loc["Vĩnh Phúc", "gso_code_2025"] == "25"
    assert not table.loc["Vĩnh Phúc", "in_delta_2025"]
    assert table["in_delta_2024"].sum() == 11


@pytest.mark.parametrize("spelling", ["Hưng Yên", "hung yen", "HUNG-YEN", "hung-yen", "33"])
def test_lenient_province_names(spelling: str) -> None:
    assert admin.province_2024(spelling).name == "Hưng Yên"


def test_unknown_province_lists_valid_names() -> None:
    with pytest.raises(FilterError) as err:
        admin.province_2024("Hà Tây")
    assert "Hà Tây" in str(err.value)
    assert "Hà Nội" in err.value.valid


def test_add_province_2025_does_not_mutate_and_names_bad_row() -> None:
    frame = pd.DataFrame({"province": ["Hà Nam", "Thái Bình"]})
    out = admin.add_province_2025(frame)
    assert list(out["province_2025"]) == ["Ninh Bình", "Hưng Yên"]
    assert "province_2025" not in frame.columns
    with pytest.raises(FilterError, match="row 1"):
        admin.add_province_2025(pd.DataFrame({"province": ["Hà Nam", "Atlantis"]}))


def test_incomplete_2025_provinces() -> None:
    missing = admin.incomplete_2025_provinces(admin.data_provinces_2024())
    assert missing == {"Bắc Ninh": ["Bắc Giang"], "Phú Thọ": ["Phú Thọ", "Hòa Bình"]}
