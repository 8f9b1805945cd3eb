"""geo.accounts.indicators and its loader: validation, region/province/2025 rules, changes.

Expectations are derived from ``data/reports/indicators.csv`` read with the csv module, never
typed in, except the seed's own figures (the report the data reproduces).
"""

import csv
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.accounts.indicators import (
    CAPITAL_BASES,
    indicator_rows,
    latest_half_year,
    rank_provinces,
    validate_indicators,
    year_before,
)
from geo.core.admin import parts_of_2025, province_names
from geo.errors import FilterError, SchemaError
from geo.settings import PROVINCES_2025
from geo.store.indicators import load_indicators

REPO = Path(__file__).resolve().parent.parent
CSV = REPO / "data" / "reports" / "indicators.csv"


def _raw() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _series(row: dict) -> tuple:  # type: ignore[type-arg]
    return (row["indicator"], row["segment"], row["unit"], row["capital_basis"] or "")


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_indicators()


def test_loader_keeps_every_row_typed(facts: pd.DataFrame) -> None:
    raw = _raw()
    assert len(facts) == len(raw)
    assert facts["value"].dtype == "float64"
    assert math.isclose(facts["value"].sum(), sum(float(r["value"]) for r in raw))
    assert facts["change_pct"].notna().sum() == sum(1 for r in raw if r["change_pct"])
    assert set(facts["capital_basis"].dropna()) <= set(CAPITAL_BASES)


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("unit", "USD", "'unit': 'USD'"),
    ("value", "nhiều", "'value': 'nhiều'"),
    ("province", "Atlantis", "'province': 'Atlantis'"),
    ("segment", "foreign", "'segment': 'foreign'"),
    ("period", "2024-Q1", "'period': '2024-Q1'"),
])
def test_bad_row_names_file_row_field_value(tmp_path: Path, field: str, value: str,
                                            needle: str) -> None:
    rows = _raw()
    target = next(i for i, r in enumerate(rows) if r["scope"] == "province")
    rows[target][field] = value
    folder = tmp_path / "reports"
    folder.mkdir()
    with (folder / "indicators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(SchemaError) as info:
        load_indicators(root=tmp_path)
    message = str(info.value)
    assert "indicators.csv" in message and f"row {target + 2}" in message and needle in message
    assert info.value.message_vi


def test_duplicate_key_is_refused() -> None:
    frame = pd.DataFrame(_raw())
    with pytest.raises(SchemaError, match="repeats"):
        validate_indicators(pd.concat([frame, frame.iloc[[0]]]), source="x.csv")


def test_region_rows_are_the_reported_ones_with_their_source(facts: pd.DataFrame) -> None:
    raw = [r for r in _raw() if r["scope"] == "region" and r["period"] == "2024-H1"]
    rows = indicator_rows(facts, period="2024-H1")
    reported = {_series(r): r for r in rows if r["value_basis"] == "reported"}
    assert len(reported) == len(raw)
    for fact in raw:
        row = reported[_series(fact)]
        assert row["value"] == float(fact["value"]) and row["source"] == fact["source_url"]
        assert "11 provinces" in row["coverage"]
    # the seed's figures, as the seed writes them
    values = {(r["indicator"], r["segment"], r["unit"]): r["value"] for r in reported.values()}
    assert values[("registered_capital", "all", "million_usd")] == 5671
    assert values[("state_budget", "DDI", "billion_vnd")] == 9492.2


def test_sums_over_provinces_say_their_coverage_and_never_mix_units(facts: pd.DataFrame
                                                                     ) -> None:
    raw = [r for r in _raw() if r["scope"] == "province" and r["period"] == "2024-H1"]
    region_series = {_series(r) for r in _raw() if r["scope"] == "region"
                     and r["period"] == "2024-H1"}
    sums = [r for r in indicator_rows(facts, period="2024-H1")
            if r["value_basis"] == "sum_of_provinces"]
    assert sums
    for row in sums:
        parts = [r for r in raw if _series(r) == _series(row)]
        assert _series(row) not in region_series
        assert math.isclose(row["value"], sum(float(r["value"]) for r in parts))
        assert row["coverage"] == f"{len(parts)} of 11 provinces"
        assert {r["unit"] for r in parts} == {row["unit"]}


def test_2025_province_sums_only_when_every_part_has_the_figure(facts: pd.DataFrame) -> None:
    raw = _raw()
    for period in ("2024-H1", "2024", "2023-H1"):
        rows = indicator_rows(facts, period=period, by="province_2025")
        for row in rows:
            parts = parts_of_2025(row["key"])
            found = [r for r in raw if r["period"] == period and r["scope"] == "province"
                     and r["province"] in parts and _series(r) == _series(row)]
            assert row["coverage_n"] == len(found) and row["coverage_of"] == len(parts)
            if len(found) == len(parts):
                assert math.isclose(row["value"], sum(float(r["value"]) for r in found))
            else:
                assert row["value"] is None and row["missing"]
    # 2025 Bắc Ninh = Bắc Ninh + Bắc Giang; the data has no Bắc Giang, so never a figure
    bn = indicator_rows(facts, period="2024-H1", by="province_2025", provinces=["Bắc Ninh"],
                        edition=2025)
    assert bn and all(r["value"] is None and r["missing"] == ["Bắc Giang"] for r in bn)
    assert {p.name for p in PROVINCES_2025} >= {r["key"] for r in bn}


def test_change_is_computed_where_both_periods_exist_else_reported(facts: pd.DataFrame
                                                                    ) -> None:
    raw = _raw()
    rows = indicator_rows(facts, period="2024-H1", by="province")
    computed = [r for r in rows if r["change_basis"] == "computed"]
    assert computed
    for row in rows:
        before = [r for r in raw if r["period"] == "2023-H1" and r["province"] == row["key"]
                  and _series(r) == _series(row)]
        if before:
            expected = 100 * (row["value"] / float(before[0]["value"]) - 1)
            assert row["change_basis"] == "computed"
            assert row["change_pct"] == pytest.approx(expected, abs=0.05)
        else:
            assert row["change_basis"] in (None, "reported")
    region = indicator_rows(facts, period="2024-H1")
    for row in region:
        if row["value_basis"] == "reported" and row["reported_change_pct"] is not None:
            assert row["change_basis"] == "reported"
            assert row["change_pct"] == row["reported_change_pct"]


def test_periods_and_errors(facts: pd.DataFrame) -> None:
    assert year_before("2024-H1") == "2023-H1" and year_before("2024") == "2023"
    halves = sorted({r["period"] for r in _raw() if "-H" in r["period"]})
    assert latest_half_year(facts) == halves[-1]
    with pytest.raises(FilterError) as info:
        indicator_rows(facts, period="2019-H1")
    assert "2024-H1" in info.value.valid
    with pytest.raises(FilterError):
        indicator_rows(facts, period="2024-H1", by="district")
    with pytest.raises(FilterError):
        indicator_rows(facts, period="2024-H1", provinces=["Atlantis"])


def test_ranking_orders_the_provinces_that_have_the_figure(facts: pd.DataFrame) -> None:
    for series in rank_provinces(facts, period="2023-H1"):
        values = [e["value"] for e in series["ranking"]]
        assert values == sorted(values, reverse=True)
        assert series["coverage_n"] == len(values) and series["coverage_of"] == 11
        assert {e["province"] for e in series["ranking"]} <= set(province_names(2024))


def test_reported_indicators_csv_is_superseded_and_agrees(facts: pd.DataFrame) -> None:
    old = pd.read_csv(REPO / "data" / "reports" / "reported_indicators.csv")
    region = facts[facts["scope"] == "region"]
    assert len(old) == len(region)
    assert sorted(old["value"].astype(float)) == sorted(region["value"])


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    shutil.rmtree(tmp_path, ignore_errors=True)
    with pytest.raises(Exception, match="file not found"):
        load_indicators(root=tmp_path)
