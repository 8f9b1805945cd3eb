"""Planning an import of indicators (issue 11): the diff of a submission against the stored
figures.

The stored figures are the bundled ones (``data/reports/indicators.csv``) overlaid with those
imported before (:func:`geo.store.indicators.overlay_indicators`). A figure is keyed by
(period, scope, province, indicator, segment, unit, capital_basis)
(:data:`geo.imports.indicators_sheet.KEY`): a key not stored is **new**; a stored one with
another value (or change on the year before, or ``as_of``) is **changed**, shown old → new; else
**unchanged**. The store keeps only the imported rows (the GeoPackage workspace's
``indicators`` layer, the PostGIS store's ``indicators`` table); the loader lays them over the
bundled ones. Values in the row's unit; nothing is written here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from geo.core.schema import INDICATOR_FIELDS
from geo.imports.indicators_sheet import KEY
from geo.store.base import FieldChange, ZoneDiff
from geo.store.indicators import empty_indicators, indicator_key, overlay_indicators

COMPARED: tuple[str, ...] = ("value", "change_pct", "as_of")


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9,
                                                                 abs_tol=1e-9)
    blank_a = a is None or (isinstance(a, float) and math.isnan(a))
    blank_b = b is None or (isinstance(b, float) and math.isnan(b))
    return (blank_a and blank_b) or a == b


def _tuple_key(rec: Mapping[Any, Any]) -> tuple[Any, ...]:
    return tuple(rec[k] if isinstance(rec[k], str) else None for k in KEY)


def plan_indicators(bundled: pd.DataFrame, imported: pd.DataFrame | None,
                    frame: pd.DataFrame) -> tuple[pd.DataFrame, list[ZoneDiff]]:
    """The store's imported figures after importing ``frame``, and the diff.

    Parameters
    ----------
    bundled : the bundled figures (:func:`geo.store.indicators.load_bundled_indicators`).
    imported : the figures imported before (the store's ``indicators`` layer or table) or None.
    frame : the submission as read (:func:`geo.imports.indicators_sheet.read_indicator_sheets`).

    Returns
    -------
    (DataFrame, list of ZoneDiff)
        The new imported layer (:data:`INDICATOR_FIELDS`; a figure replaces the imported one
        with its key) and one diff entry per figure of ``frame``, keyed by
        :func:`indicator_key`, the province (or ``region``) as its name.
    """
    before = imported if imported is not None else empty_indicators()
    current = overlay_indicators(bundled, before)
    stored = {_tuple_key(r): r for r in current.to_dict("records")}
    incoming: list[dict[str, Any]] = [
        {k: r.get(k) for k in INDICATOR_FIELDS}
        for r in frame.to_dict("records")]
    diffs: list[ZoneDiff] = []
    for rec in incoming:
        old = stored.get(_tuple_key(rec))
        name = str(rec["province"] or "region")
        if old is None:
            changes = [FieldChange(f, None, rec[f]) for f in COMPARED
                       if not _same(None, rec[f])]
            diffs.append(ZoneDiff(indicator_key(rec), name, "new", None, changes))
            continue
        changes = [FieldChange(f, old.get(f), rec[f]) for f in COMPARED
                   if not _same(old.get(f), rec[f])]
        diffs.append(ZoneDiff(indicator_key(rec), name, "changed" if changes else "unchanged",
                              "id", changes))
    keys = {_tuple_key(r) for r in incoming}
    kept = [r for r in before.to_dict("records") if _tuple_key(r) not in keys]
    rows = kept + incoming
    out = pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object)
                        for c in INDICATOR_FIELDS})
    for c in ("value", "change_pct"):
        out[c] = out[c].astype("float64")
    return out, diffs
