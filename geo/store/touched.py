"""Which provinces an import or an undo touches: what the role check of
:func:`geo.store.users.check_write` is made against (both backends).

An editor may change the rows of their own 2024 provinces only; a zone moved from one province
to another touches both. ``""`` stands for a row with no province.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from geo.store.base import Change, State


def _provinces_of(frame: Any, id_field: str, ids: set[str]) -> set[str]:
    if frame is None or not len(frame) or not ids:
        return set()
    rows = frame[frame[id_field].astype(str).isin(ids)]
    return {"" if not isinstance(p, str) else p for p in rows["province"]}


def touched_ids(plan: Change) -> set[str]:
    """Ids of the rows an import writes: zones / sites new or changed; figures: every matched
    zone (a period's first row is written even when equal); lots: the zones of the lots."""
    if plan.kind == "figures":
        return {d.zone_id for d in plan.diffs}
    written = {d.zone_id for d in plan.diffs if d.status != "unchanged"}
    if plan.kind == "lots":
        return {key.split("/", 1)[0] for key in written}
    return written


def _indicator_province(key: str) -> str:
    """The province of an indicator key (``2024-H1/Bắc Ninh/revenue/...``); region: ``""``."""
    parts = key.split("/")
    return "" if len(parts) < 2 or parts[1] == "region" else parts[1]


Lookup = Callable[[str, set[str]], set[str]]
"""(``"zones"`` | ``"housing"``, ids) → the provinces those rows have in the store now."""


def lookup_in(state: State) -> Lookup:
    """A :data:`Lookup` over the layers of ``state``."""
    def lookup(layer: str, ids: set[str]) -> set[str]:
        if layer == "housing":
            return _provinces_of(state.housing, "site_id", ids)
        return _provinces_of(state.zones, "zone_id", ids)
    return lookup


def provinces_touched(plan: Change, before: Lookup) -> set[str]:
    """The 2024 provinces of every row ``plan`` writes, before (``before``) and after (a zone
    moved from one province to another touches both). ``""`` stands for a row with no
    province. Figures and lots: the provinces of their zones (that layer is unchanged)."""
    ids = touched_ids(plan)
    if plan.kind == "indicators":  # keyed period/province/...: the province (region: "")
        return {_indicator_province(i) for i in ids}
    if plan.kind == "housing":
        return before("housing", ids) | _provinces_of(plan.state.housing, "site_id", ids)
    if plan.kind == "zones":
        return before("zones", ids) | _provinces_of(plan.state.zones, "zone_id", ids)
    return _provinces_of(plan.state.zones, "zone_id", ids)


def provinces_of_log_entry(entry: Any, state: State) -> set[str]:
    """The provinces an import of the log touched, from its ``changes`` JSON and ``state``
    (for an import logged without them)."""
    try:
        changes = json.loads(str(entry.get("changes") or "[]"))
    except ValueError:
        changes = []
    ids = {str(c.get("id")) for c in changes if isinstance(c, dict)}
    if entry.get("kind") == "housing":
        return _provinces_of(state.housing, "site_id", ids)
    if entry.get("kind") == "indicators":
        return {_indicator_province(i) for i in ids}
    if entry.get("kind") == "lots":
        ids = {i.split("/", 1)[0] for i in ids}
    found = _provinces_of(state.zones, "zone_id", ids)
    return found | ({""} if ids - set(state.zones["zone_id"].astype(str)) else set())
