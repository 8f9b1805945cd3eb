"""Every group's accounts in one groupby equal the per-group accounts (account_group)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.accounts import landuse as L
from geo.accounts.landuse_groups import account_groups, nested_within
from geo.store.bundled import load_zones


def _per_group(zones: pd.DataFrame, by: str, edition: int, kcn_only: bool) -> str:
    frame = zones[zones["kind"].isin(L.LAND_KINDS)] if kcn_only else zones
    frame = L.add_accounts(pd.DataFrame(frame))
    keys, order = L._group_keys(frame, by, edition)  # type: ignore[arg-type]
    rows = [L.account_group(frame[keys == k], k) for k in order if (keys == k).any()]
    return json.dumps([*rows, L.account_group(frame, "total")], sort_keys=True)


@pytest.mark.parametrize("by", L.GROUPINGS)
@pytest.mark.parametrize("edition", [2024, 2025])
@pytest.mark.parametrize("kcn_only", [False, True])
def test_summarize_rows_equal_the_per_group_accounts(by: str, edition: int,
                                                     kcn_only: bool) -> None:
    zones = pd.DataFrame(load_zones())
    summary = L.summarize(zones, by=by, edition=edition, kcn_only=kcn_only)  # type: ignore[arg-type]
    extra = ("in_delta", "incomplete", "label")
    rows = [{k: v for k, v in r.items() if k not in extra} for r in summary.rows]
    assert json.dumps([*rows, summary.total], sort_keys=True) == _per_group(
        zones, by, edition, kcn_only)


def test_nested_only_within_the_same_group() -> None:
    frame = pd.DataFrame({"zone_id": ["kkt", "a", "b", "c"],
                          "parent_zone_id": [None, "kkt", "kkt", "elsewhere"]})
    same = pd.Series(["g", "g", "h", "g"])
    assert nested_within(frame, same).tolist() == [False, True, False, False]
    assert nested_within(frame.assign(parent_zone_id=None), same).tolist() == [False] * 4


def test_missing_keys_are_left_out() -> None:
    frame = L.add_accounts(pd.DataFrame(load_zones()).head(5))
    keys = pd.Series(["x", None, "x", "y", None], index=frame.index)
    groups = account_groups(frame, keys)
    assert set(groups) == {"x", "y"} and groups["x"]["zones"] == 2


def test_the_one_ratio_rule() -> None:
    from geo.accounts import housing_report, landuse_groups

    assert landuse_groups.ratio(1.0, 3.0) == 0.3333
    for part, whole in ((None, 1.0), (1.0, None), (1.0, 0.0), (1.0, -2.0)):
        assert landuse_groups.ratio(part, whole) is None  # no figure, never 0
    assert housing_report.ratio is landuse_groups.ratio  # housing uses the same rule
