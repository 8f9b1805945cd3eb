"""Planning an import of lots: the diff of a lot file against the stored lot register.

:func:`plan_lots` computes, without writing, what an import does:

* a plan file (geometries): lots matched to zones and checked
  (:func:`geo.imports.lots.check_lots`), then added or replacing the stored lot with the same
  key (``zone_id``/``lot_id``). Stored lots of those zones that the file does not hold are
  kept, unless ``replace=True`` (a revised detailed plan replacing the zones' plans): they are
  then removed, each listed in the diff as ``removed`` (a leased one also in a warning). Lots
  of zones the file has no lot of are never touched;
* a lease register (no geometry): the lease fields of stored lots updated, joined by
  ``lot_id`` (and ``zone_id`` when given); a row matching no lot is an error, naming its row.
  A register never removes lots: ``replace=True`` with one is an error of the plan.

Vectorised (merges and column comparisons; no per-lot Python work beyond building the diff
entries of changed lots). The result is stored by :mod:`geo.store.lots` (EPSG:4326, hectares).
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core.findings import Report
from geo.core.lots_schema import LEASE_FIELDS, LOT_FIELDS
from geo.imports.lots import check_lots, is_lease_register
from geo.store.base import FieldChange, Method, ZoneDiff
from geo.store.lots import coerce_lots, empty_lots


def _keys(frame: pd.DataFrame) -> pd.Series:
    """``zone_id/lot_id`` of each lot, as Python strings (object dtype: pandas' Arrow strings
    test membership one value at a time)."""
    zones, lots = (np.where(pd.isna(v), "", v) for v in
                   (frame[c].to_numpy(dtype=object) for c in ("zone_id", "lot_id")))
    return pd.Series([f"{z}/{lot}" for z, lot in zip(zones, lots, strict=True)],
                     index=frame.index, dtype=object)


def _same_text(old: pd.Series, new: pd.Series) -> np.ndarray:
    """Per row: the same text (``str()`` of each; a blank on either side is never the same).

    Text fields hold str or None, so the objects are compared first, and ``str()`` is called
    only where two present values differ and one of them is not a str."""
    x, y = old.to_numpy(dtype=object), new.to_numpy(dtype=object)
    same = np.asarray(x == y, dtype=bool)
    for i in np.flatnonzero(~same & ~pd.isna(x) & ~pd.isna(y)):
        if not (isinstance(x[i], str) and isinstance(y[i], str)):
            same[i] = str(x[i]) == str(y[i])
    return same


def _changes(old: pd.DataFrame, new: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """Boolean frame: field differs (a blank new value never counts as a change)."""
    out = pd.DataFrame(index=new.index)
    for f in fields:
        a, b = old[f], new[f]
        if f == "geometry":
            same = shapely.equals_exact(np.asarray(a, dtype=object), np.asarray(b, dtype=object),
                                        tolerance=1e-7) | b.isna().to_numpy()
        elif LOT_FIELDS.get(f) == "float":
            x = pd.to_numeric(a, errors="coerce").to_numpy(dtype="float64")
            y = pd.to_numeric(b, errors="coerce").to_numpy(dtype="float64")
            same = np.isnan(y) | np.isclose(x, y, rtol=1e-9, atol=1e-9)
        else:
            same = b.isna().to_numpy() | _same_text(a, b)
        out[f] = ~same
    return out


def _diffs(keys: pd.Series, changed: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame,
           status: np.ndarray, method: Method | None) -> list[ZoneDiff]:
    """One ZoneDiff per lot (keyed ``zone_id/lot_id``); field changes only for changed lots."""
    matrix = changed.to_numpy(dtype=bool) if len(changed.columns) else np.zeros((len(keys), 0),
                                                                               dtype=bool)
    names = list(changed.columns)
    lot_ids = new["lot_id"].astype(str).to_numpy()
    diffs = [ZoneDiff(str(key), lot_ids[i], status[i], method)
             for i, key in enumerate(keys)]
    for i in map(int, np.flatnonzero(status == "changed")):
        diffs[i].changes = [FieldChange(names[j], old[names[j]].iat[i], new[names[j]].iat[i])
                            for j in np.flatnonzero(matrix[i])]
    return diffs


REMOVED_SHOWN: Final = ("use_class", "planned_area_ha", "lease_status", "geometry")
"""What the diff shows of a removed lot (stored value → nothing): its use, area (ha), lease
status and footprint (EPSG:4326; the preview map draws it as a replaced footprint)."""
LEASED_NAMED: Final = 20
"""At most this many leased lots are named in the warning about removing leased lots."""


def plan_lots(current: gpd.GeoDataFrame, frame: pd.DataFrame, zones: gpd.GeoDataFrame, *,
              source: str, report: Report, replace: bool = False
              ) -> tuple[gpd.GeoDataFrame, list[ZoneDiff]]:
    """The lot layer after importing ``frame`` (a lot plan or a lease register) and the diff.

    Parameters
    ----------
    current : the stored lots (EPSG:4326).
    frame : the file as read with ``kind="lots"`` (lot fields, EPSG:4326 geometries or none).
    zones : the zones the lots are matched to (footprints in EPSG:4326).
    source : the ``source`` of lots that do not state one (the import's file and hash).
    report : findings are added here (errors block the commit).
    replace : a lot plan replaces the lots of every zone it has lots of: stored lots of those
        zones whose key (``zone_id``/``lot_id``) the file does not hold are removed (status
        ``removed`` in the diff, after the file's lots; removing a leased lot is a warning
        naming it). Other zones' lots are kept. Refused (an error) for a lease register.
    """
    if is_lease_register(frame):
        if replace:
            report.add("error", None, None, None,
                       "bảng thuê đất (không có hình lô) chỉ cập nhật tình trạng thuê, không thể "
                       "thay toàn bộ lô của khu; bỏ chọn tuỳ chọn thay lô",
                       "a lease register (no lot geometry) only updates lease fields and never "
                       "removes lots: replacing the zones' lots needs a lot plan; drop the "
                       "replace-lots option")
        return _plan_leases(current, frame, report=report)
    incoming = coerce_lots(check_lots(coerce_lots(frame), zones, report))
    incoming["source"] = incoming["source"].where(incoming["source"].notna(), source)
    incoming = incoming[incoming["zone_id"].notna()].reset_index(drop=True)
    keys = _keys(incoming)
    stored = current.assign(_key=_keys(current)).drop_duplicates("_key").set_index("_key")
    exists = keys.isin(stored.index).to_numpy()
    fields = [*LOT_FIELDS, "geometry"]
    old = stored.reindex(keys.to_numpy())[fields].reset_index(drop=True)
    changed = _changes(old, incoming, fields)
    status = np.where(~exists, "new", np.where(changed.any(axis=1), "changed", "unchanged"))
    merged = incoming.copy()
    for f in fields:  # a blank cell keeps the stored value
        merged[f] = incoming[f].where(incoming[f].notna() | ~exists, old[f])
    stored_keys = _keys(current)
    kept_mask = ~stored_keys.isin(keys).to_numpy()
    gone = np.zeros(len(current), dtype=bool)
    if replace:  # the zones the file's lots are matched to; other zones are never touched
        zone_ids = pd.unique(incoming["zone_id"].to_numpy(dtype=object))
        gone = kept_mask & current["zone_id"].isin(zone_ids).to_numpy()
    kept = current[kept_mask & ~gone]
    parts = [p for p in (kept, merged) if len(p)]
    out = coerce_lots(pd.concat(parts, ignore_index=True)) if parts else empty_lots()
    diffs = _diffs(keys, changed, old, incoming, status, None)
    if gone.any():
        removed = current[gone].reset_index(drop=True)
        diffs += _removed(stored_keys[gone].to_numpy(), removed)
        _warn_leased(removed, report)
    return out, diffs


def _removed(keys: np.ndarray, lots: pd.DataFrame) -> list[ZoneDiff]:
    """One ``removed`` ZoneDiff per lot of ``lots`` (keyed ``zone_id/lot_id``, named by its lot
    id), showing its :data:`REMOVED_SHOWN` fields going (stored value → None)."""
    columns = {f: lots[f].to_numpy(dtype=object) for f in REMOVED_SHOWN}
    lot_ids = lots["lot_id"].astype(str).to_numpy()
    return [ZoneDiff(str(key), lot_ids[i], "removed", None,
                     [FieldChange(f, columns[f][i], None) for f in REMOVED_SHOWN])
            for i, key in enumerate(keys)]


def _warn_leased(removed: pd.DataFrame, report: Report) -> None:
    """A warning naming the leased lots among ``removed`` (a leased lot leaving the plan is
    usually a mistake: a wrong zone or a renumbered lot); still allowed."""
    leased = removed[(removed["lease_status"] == "leased").to_numpy()]
    if not len(leased):
        return
    names = [f"{z}/{lot}" for z, lot in zip(leased["zone_id"].head(LEASED_NAMED),
                                           leased["lot_id"].head(LEASED_NAMED), strict=True)]
    more = len(leased) - len(names)
    listed = ", ".join(names)
    report.add("warning", None, "lease_status", "leased",
               f"{len(leased)} lô đã cho thuê sẽ bị xoá khỏi sổ lô: {listed}"
               + (f" và {more} lô khác" if more else "") + "; kiểm tra lại quy hoạch mới",
               f"{len(leased)} leased lot(s) would be removed from the register: {listed}"
               + (f" and {more} more" if more else "") + "; check the new plan")


def _plan_leases(current: gpd.GeoDataFrame, frame: pd.DataFrame, *, report: Report
                 ) -> tuple[gpd.GeoDataFrame, list[ZoneDiff]]:
    """Update the lease fields of stored lots from a register joined by lot (and zone) id."""
    rows = frame.reset_index(drop=True)
    fields = [f for f in LEASE_FIELDS if f in rows.columns and rows[f].notna().any()]
    if "lot_id" not in rows.columns or rows["lot_id"].isna().all():
        report.add("error", None, "lot_id", None, "bảng thuê đất không có cột số hiệu lô",
                   "the lease register has no lot number column (lot_id, Số hiệu lô, Ký hiệu "
                   "lô...)")
        return current, []
    if not fields:
        report.add("error", None, None, None, "bảng thuê đất không có cột tình trạng thuê nào",
                   f"the lease register has none of the lease fields ({', '.join(LEASE_FIELDS)})")
    lots = current.assign(_pos=np.arange(len(current)))
    use_zone = "zone_id" in rows.columns and rows["zone_id"].notna().any()
    on = ["zone_id", "lot_id"] if use_zone else ["lot_id"]
    left = rows.assign(_row=np.arange(len(rows)))[[*on, "_row"]]
    hits = left.merge(lots[[*on, "_pos"]], on=on, how="left")
    count = hits.groupby("_row")["_pos"].count()
    for pos in np.flatnonzero((count == 0).to_numpy()):
        report.add("error", int(pos), "lot_id", rows["lot_id"].iat[int(pos)],
                   "không có lô này trong sổ lô đã nhập",
                   "no stored lot has this number" + ("" if use_zone else
                                                      " (give zone_id to choose the zone)"))
    for pos in np.flatnonzero((count > 1).to_numpy()):
        report.add("error", int(pos), "lot_id", rows["lot_id"].iat[int(pos)],
                   "số hiệu lô có ở nhiều khu: thêm cột mã khu",
                   "this lot number is in several zones: add a zone_id column")
    dup = rows.duplicated(on, keep="first")
    for pos in np.flatnonzero(dup.to_numpy()):
        report.add("error", int(pos), "lot_id", rows["lot_id"].iat[int(pos)],
                   "số hiệu lô lặp lại trong bảng", "the lot appears twice in the register")
    good = hits[hits["_row"].map(count) == 1].drop_duplicates("_row")
    good = good[~good["_row"].isin(np.flatnonzero(dup.to_numpy()))]
    target = good["_pos"].astype(int).to_numpy()
    src = rows.iloc[good["_row"].to_numpy()].reset_index(drop=True)
    old = current.iloc[target].reset_index(drop=True)
    changed = _changes(old, src, fields) if fields else pd.DataFrame(index=src.index)
    status = np.where(changed.any(axis=1), "changed", "unchanged") if fields \
        else np.array(["unchanged"] * len(src))
    out = current.copy()
    for f in fields:
        values = src[f].where(src[f].notna(), old[f]).to_numpy()
        column = out[f].to_numpy(dtype=object).copy()
        column[target] = values
        out[f] = column
    if "use_class" in src.columns and src["use_class"].notna().any():
        report.add("warning", None, "use_class", None,
                   "bảng thuê đất chỉ cập nhật tình trạng thuê; chức năng giữ nguyên",
                   "a lease register updates the lease fields only; use classes are kept")
    return coerce_lots(out), _diffs(_keys(old), changed, old, src.assign(
        lot_id=old["lot_id"]), status, "id")
