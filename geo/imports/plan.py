"""Planning an import (pure): a read layer + the store's :class:`~geo.store.base.State` →
:class:`ImportPlan` (match, diff, validate; nothing written).

:func:`plan_import` matches the rows to the stored zones, housing sites or figures (lots:
:mod:`geo.imports.lots_plan`), builds the layer after the import and checks it with the
loaders' schema check; the store only persists the result (:meth:`geo.store.base.Store.commit`).
Geometries EPSG:4326 (lon/lat degrees); areas in hectares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geo.core._gcpause import bulk_build
from geo.core.findings import Report
from geo.core.periods import FIGURE_TABLE_COLUMNS, check_period, empty_figures
from geo.core.schema import GEOMETRY_QUALITIES, HOUSING_FIELDS, ZONE_FIELDS, ZONE_FIGURES
from geo.core.schema import IMPORT_KINDS as KINDS_OF_IMPORT
from geo.core.schema import ImportKind as Kind
from geo.core.schema import target_fields as schema_fields
from geo.core.text import is_blank
from geo.errors import AtlasError, ImportRefused, SchemaError
from geo.imports.boundary_checks import check_boundary
from geo.imports.indicators_plan import plan_indicators
from geo.imports.lots_plan import plan_lots
from geo.imports.matching import (
    diff_row,
    figure_fields,
    match_zones,
    new_zone_id,
    province_prefixes,
    same_value,
)
from geo.imports.newrows import RowFacts, new_row_changes
from geo.settings import WGS84
from geo.store import bundled as io
from geo.store import workspace as ws
from geo.store.base import Change, FieldChange, State, Status, Store, ZoneDiff
from geo.store.indicators import load_bundled_indicators
from geo.store.lots import empty_lots

HOUSING_MATCH_RADIUS_M = 300.0


@dataclass
class ImportPlan(Change):
    """What an import would do; nothing is written until the store commits it
    (:meth:`geo.store.base.Store.commit`, :func:`geo.store.workspace.commit_import`).

    The fields are those of :class:`geo.store.base.Change` (what the store persists):
    ``kind``, ``file_name``, ``sha256``, ``period``; ``diffs`` (per matched or new row, the
    field-by-field changes); ``unmatched`` (rows of a figures table that match no zone, 0-based,
    as ``report.where(pos)`` names them, with their name); ``report`` (the reader's findings,
    then those of matching and the final schema check); ``base`` (the store version the plan
    was made on); ``state`` (the store after the import, without its log entry);
    ``figure_rows`` (figures rows added or changed for the period).
    """

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form: counts, diffs and unmatched rows (the report is separate)."""
        return {"kind": self.kind, "file_name": self.file_name, "sha256": self.sha256,
                "period": self.period, "counts": self.counts,
                "diffs": [d.to_dict() for d in self.diffs],
                "unmatched": [{"row": self.report.rows.number(r), "where": self.report.where(r),
                               "name": n} for r, n in self.unmatched]}



def target_fields(kind: Kind) -> list[str]:
    """The fields a file's columns can be mapped to for an import of ``kind``."""
    return list(schema_fields(kind))


def _label(rec: Mapping[str, Any], row: int, id_field: str) -> str | int:
    value = rec.get(id_field)
    return value if isinstance(value, str) and value else row


SURVEY_FORMATS = ("shapefile", "gpkg", "dxf", "geojson", "")
"""Formats surveyed boundaries come in (CAD drawings, GIS files of the zoning plan); "" = not
said (a frame planned directly, as the tests and scripts do)."""


def default_geometry_quality(fmt: str) -> str:
    """The ``geometry_quality`` an imported boundary gets when its file does not say.

    Shapefile, GeoPackage, GeoJSON and DXF (zoning-plan GIS and CAD files) → ``surveyed``;
    KML/KMZ (drawn in Google Earth) and CSV/XLSX outlines from listed points → ``digitized``.
    """
    return "surveyed" if fmt in SURVEY_FORMATS else "digitized"


def _geometry_change(old: Mapping[str, Any] | None, rec: Mapping[str, Any], *, label: Any,
                     report: Report, quality: str) -> list[FieldChange]:
    """A polygon replaces the footprint (``quality`` unless the row says its own); a point
    replaces only a point or nothing."""
    new = rec.get("geometry")
    if not isinstance(new, BaseGeometry) or new.is_empty:
        return []
    before = None if old is None else old.get("geometry")
    if new.geom_type == "Point" and isinstance(before, BaseGeometry) and \
            before.geom_type != "Point" and not before.is_empty:
        report.add("warning", label, "geometry", "Point",
                   "Điểm không thay thế ranh giới đã có; giữ ranh giới cũ.",
                   "a point does not replace the stored boundary; the boundary is kept")
        return []
    changes = [] if same_value("geometry", before, new) else [
        FieldChange("geometry", before, new)]
    if is_blank(rec.get("geometry_quality")) and new.geom_type in ("Polygon", "MultiPolygon"):
        old_q = None if old is None else old.get("geometry_quality")
        if old_q != quality and (changes or old is None):
            changes.append(FieldChange("geometry_quality", old_q, quality))
    if old is None or is_blank(old.get("location_precision")) or changes:
        old_p = None if old is None else old.get("location_precision")
        if old_p != "zone":
            changes.append(FieldChange("location_precision", old_p, "zone"))
    return changes


def _check_boundary(rec: Mapping[str, Any], old: Mapping[str, Any], *, label: Any,
                    report: Report, provinces: dict[str, BaseGeometry] | None
                    ) -> dict[str, BaseGeometry]:
    """Add the warnings of :func:`geo.imports.boundary_checks.check_boundary` to ``report``;
    returns the 2024 province polygons (loaded once, empty when they cannot be read)."""
    new = rec.get("geometry")
    if not isinstance(new, BaseGeometry) or new.is_empty:
        return provinces or {}
    if provinces is None:
        try:
            shapes = io.load_provinces(2024)
            provinces = dict(zip(shapes["name"].astype(str), shapes.geometry, strict=True))
        except (AtlasError, OSError):  # no province file: the other checks still run
            provinces = {}
    for w in check_boundary(new, old, rec, provinces=provinces):
        report.add("warning", label, w.field, w.value, w.message_vi, w.message_en)
    return provinces


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, built column by column: each column as Python objects
    at once (pandas would box every value, and iterate Arrow-backed text one by one)."""
    columns = list(frame.columns)
    if not columns:
        return [{} for _ in range(len(frame))]
    arrays = [frame[c].to_numpy(dtype=object) for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*arrays, strict=True)]


def _plan_layer(current: gpd.GeoDataFrame, frame: pd.DataFrame, *, kind: Kind, source: str,
                report: Report, quality: str = "surveyed"
                ) -> tuple[gpd.GeoDataFrame, list[ZoneDiff]]:
    """Match ``frame`` to ``current`` (zones or housing sites) and build the updated layer.

    Rows are handled as plain records and the new layer is built once at the end (stored rows
    with their changes, then the new rows in the file's order), so planning is linear in the
    number of rows. Geometries EPSG:4326.
    """
    id_field, schema = ("zone_id", ZONE_FIELDS) if kind == "zones" else ("site_id", HOUSING_FIELDS)
    cur = current.rename(columns={id_field: "zone_id"}) if kind == "housing" else current
    inc = frame.rename(columns={id_field: "zone_id"}) if kind == "housing" else frame
    radius = {"radius_m": HOUSING_MATCH_RADIUS_M} if kind == "housing" else {}
    matches = match_zones(inc, cur, report=report, **radius)
    fields = [f for f in figure_fields(frame, tuple(schema)) if f != "province_2025"]
    columns = list(current.columns)
    stored: dict[Any, dict[str, Any]] = {
        rec[id_field]: rec for rec in current.to_dict("records")}
    records = _records(frame)
    taken, prefixes = set(stored), province_prefixes(cur)
    facts = RowFacts(frame)  # blank cells, geometries, kinds by name: once per column
    failed = {f.feature for f in report.errors}  # rows matching makes errors of (no new ones)
    updates: dict[Any, dict[str, Any]] = {}
    added: list[dict[str, Any]] = []
    diffs: list[ZoneDiff] = []
    provinces: dict[str, BaseGeometry] | None = None
    for m in matches:
        rec = records[m.row]
        label = _label(rec, m.row, id_field)
        old = stored[m.zone_id] if m.zone_id is not None else None
        if old is None and m.method is None and label in failed:
            continue  # ambiguous / doubly matched row: already an error
        compared = fields
        if m.method == "location" and "name" in fields:
            compared = [f for f in fields if f != "name"]
            if not same_value("name", old.get("name") if old is not None else None,
                              rec.get("name")):
                report.add("warning", label, "name", rec.get("name"),
                           f"Khớp theo vị trí với {m.zone_id} ({m.distance_m} m); giữ tên đã có.",
                           f"matched by location to {m.zone_id} ({m.distance_m} m); "
                           "the stored name is kept")
        if old is None:
            changes = new_row_changes(rec, m.row, facts, compared, kind=kind, source=source,
                                      quality=quality)
            zid = rec.get(id_field)
            if not isinstance(zid, str) or not zid or zid in taken:
                zid = new_zone_id(str(rec.get("name") or ""), rec.get("province"), taken=taken,
                                  prefixes=prefixes)
            taken.add(zid)
            row: dict[str, Any] = dict.fromkeys(columns)
            row[id_field] = zid
            added.append(row)
            status: Status = "new"
        else:
            changes = diff_row(old, rec, compared, label=label, report=report)
            if kind == "zones":  # a boundary far off, mis-sized, elsewhere
                provinces = _check_boundary(rec, old, label=label, report=report,
                                            provinces=provinces)
            changes += _geometry_change(old, rec, label=label, report=report, quality=quality)
            zid = str(m.zone_id)
            row = updates.setdefault(zid, {})
            status = "changed" if changes else "unchanged"
        for c in changes:
            row[c.field] = c.new
            if c.field not in columns:
                columns.append(c.field)
        name = row["name"] if "name" in row else (old or {}).get("name")
        diffs.append(ZoneDiff(zid, str(name or ""), status, m.method, changes))
    out = _updated_layer(current, columns, updates, added, id_field)
    return out, diffs


def _updated_layer(current: gpd.GeoDataFrame, columns: list[str],
                   updates: dict[Any, dict[str, Any]], added: list[dict[str, Any]],
                   id_field: str) -> gpd.GeoDataFrame:
    """``current`` with ``updates`` (id → field → value) applied and ``added`` rows appended."""
    rows = current.reindex(columns=columns)
    position = {zid: i for i, zid in enumerate(rows[id_field])}
    for fld in dict.fromkeys(f for u in updates.values() for f in u):
        values = rows[fld].to_numpy(dtype=object, copy=True)
        for zid, fields in updates.items():
            if fld in fields:
                values[position[zid]] = fields[fld]
        if fld == "geometry":
            rows[fld] = gpd.GeoSeries(values, index=rows.index, crs=WGS84)
        elif rows[fld].dtype.kind == "f" and all(
                v is None or isinstance(v, int | float) for v in values):
            rows[fld] = pd.Series(values, index=rows.index, dtype=object).astype("float64")
        else:
            rows[fld] = pd.Series(values, index=rows.index, dtype=object)
    if added:
        extra = gpd.GeoDataFrame(pd.DataFrame(added, columns=columns), geometry="geometry",
                                 crs=WGS84)
        rows = pd.concat([rows, extra], ignore_index=True) if len(rows) else extra
    return gpd.GeoDataFrame(rows.reset_index(drop=True), geometry="geometry", crs=WGS84)


def _plan_figures(state: State, frame: pd.DataFrame, *, period: str, source: str,
                  report: Report
                  ) -> tuple[pd.DataFrame, list[ZoneDiff], list[tuple[int, str]], int]:
    """Match a figures table to zones and build the new ``zone_figures`` table; also the number
    of its rows the import adds or changes (values or ``as_of``)."""
    zones = state.zones
    matches = match_zones(frame, zones, report=report)
    given = [f for f in ZONE_FIGURES if f in figure_fields(frame, ZONE_FIGURES)]
    if not given:
        report.add("error", None, None, None, "Tệp không có cột số liệu nào của khu.",
                   f"the file has no zone figure column ({', '.join(ZONE_FIGURES)})")
    table = state.figures.copy()
    stored = table[table["period"] == period].set_index("zone_id")
    current = zones.set_index("zone_id")
    diffs: list[ZoneDiff] = []
    unmatched: list[tuple[int, str]] = []
    new_rows: dict[str, dict[str, Any]] = {}
    written = 0
    failed = {f.feature for f in report.errors}  # only warnings are added below
    records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    for m in matches:
        rec = records[m.row]
        label = _label(rec, m.row, "zone_id")
        if m.zone_id is None:
            if label not in failed:
                name = str(rec.get("name") or rec.get("zone_id") or "")
                unmatched.append((m.row, name))
                report.add("warning", label, "name", name or None,
                           "Không khớp với khu nào; dòng này sẽ không được nhập.",
                           "matches no zone; this row is not imported")
            continue
        zid = m.zone_id
        if zid in stored.index:
            old = stored.loc[[zid]].iloc[0]
            changes = diff_row(old, rec, given, label=label, report=report)
            values = {f: old.get(f) for f in ZONE_FIGURES}
        else:  # first figures of this zone for the period: shown against the current figures
            base = current.loc[zid]
            changes = [FieldChange(f, base.get(f), rec.get(f)) for f in given
                       if not is_blank(rec.get(f))
                       and not same_value(f, base.get(f), rec.get(f))]
            values = {f: float("nan") for f in ZONE_FIGURES}
        for f in given:
            if not is_blank(rec.get(f)):
                values[f] = float(rec[f])
        as_of = rec.get("as_of") if isinstance(rec.get("as_of"), str) else period
        if zid not in stored.index or changes or not same_value(
                "as_of", stored.loc[[zid]].iloc[0].get("as_of"), as_of):
            written += 1
        new_rows[zid] = {"zone_id": zid, "period": period, **values, "as_of": as_of,
                         "source": source}
        diffs.append(ZoneDiff(zid, str(current.at[zid, "name"]),
                              "changed" if changes else "unchanged", m.method, changes))
    keep = table[~((table["period"] == period) & table["zone_id"].isin(list(new_rows)))]
    added = pd.DataFrame(list(new_rows.values()), columns=list(FIGURE_TABLE_COLUMNS))
    parts = [p for p in (keep, added) if len(p)]
    out = pd.concat(parts, ignore_index=True) if parts else empty_figures()
    return out.sort_values(["period", "zone_id"], ignore_index=True), diffs, unmatched, written


@bulk_build
def plan_import(frame: pd.DataFrame, *, kind: Kind, file_name: str, sha256: str,
                period: str | None = None, report: Report | None = None,
                source_format: str = "", geometry_quality: str | None = None,
                workspace: Path | None = None, state: State | None = None,
                base: str | None = None, store: Store | None = None,
                replace_lots: bool = False) -> ImportPlan:
    """Match an ingested layer to the store's state and compute the result; writes nothing.

    Parameters
    ----------
    frame : the layer read by :func:`geo.imports.pipeline.read_upload` (EPSG:4326, schema columns).
    kind : ``"zones"``, ``"figures"`` (needs ``period``) or ``"housing"``.
    file_name, sha256 : the uploaded file's name and hash (for the log and new rows' source).
    report : the reader's report; its findings come first in the plan's report.
    source_format, geometry_quality : the file's format (``Detected.format``) and the user's
        choice of ``geometry_quality`` for its boundaries; without a choice the format decides
        (:func:`default_geometry_quality`). A ``geometry_quality`` column in the file wins.
    state, base : plan from this state, made at store version ``base``.
    store : else plan from this store's :meth:`~geo.store.base.Store.snapshot`; default: the
        GeoPackage workspace ``workspace`` (:func:`geo.store.workspace.load_state` and
        :func:`~geo.store.workspace.fingerprint`).
    replace_lots : lots only: the file's lot plan replaces the lots of the zones it has lots
        of (stored lots of those zones it does not hold are removed; see
        :func:`geo.imports.lots_plan.plan_lots`). Off by default; refused for another kind.
    """
    if kind not in KINDS_OF_IMPORT:
        raise ImportRefused(f"unknown import kind {kind!r}; use zones, figures, housing, lots "
                            "or indicators")
    if replace_lots and kind != "lots":
        raise ImportRefused(f"replacing lots is for a lot plan (kind lots), not {kind}",
                            message_vi="tuỳ chọn thay toàn bộ lô chỉ dùng cho tệp lô đất")
    if state is None and store is not None:
        state, base = store.snapshot()
    elif state is None:
        base = ws.fingerprint(workspace=workspace)
        state = ws.load_state(workspace=workspace)
    base = base or ""
    merged = Report(source=file_name)
    if report is not None:
        merged.extend(report)  # also takes its numbering: spreadsheet rows or features
    source = f"import:{file_name}#sha256={sha256[:12]}"
    frame = frame.reset_index(drop=True)
    unmatched: list[tuple[int, str]] = []
    written = 0
    new = State(state.zones, state.figures, state.housing, state.log, state.lots,
                state.indicators)
    if kind == "figures":
        if period is None:
            raise ImportRefused("figures need a period, e.g. --period 2024-H2",
                                message_vi="số liệu cần có kỳ báo cáo, ví dụ 2024-H2")
        period = check_period(period)
        new.figures, diffs, unmatched, written = _plan_figures(
            state, frame, period=period, source=source, report=merged)
    elif kind == "zones":
        quality = geometry_quality or default_geometry_quality(source_format)
        if quality not in GEOMETRY_QUALITIES:
            raise ImportRefused(f"unknown geometry quality {quality!r}; valid: "
                                f"{', '.join(GEOMETRY_QUALITIES)}",
                                message_vi=f"chất lượng hình {quality!r} không có; chọn: "
                                           f"{', '.join(GEOMETRY_QUALITIES)}")
        new.zones, diffs = _plan_layer(state.zones, frame, kind="zones", source=source,
                                       report=merged, quality=quality)
    elif kind == "indicators":  # a board's submission (geo.imports.indicators_plan)
        new.indicators, diffs = plan_indicators(load_bundled_indicators(), state.indicators,
                                                frame)
    elif kind == "lots":  # the lot register (geo.store.lots): a plan file or a lease register
        new.lots, diffs = plan_lots(state.lots if state.lots is not None else empty_lots(),
                                    frame, state.zones, source=source, report=merged,
                                    replace=replace_lots)
    else:
        new.housing, diffs = _plan_layer(state.housing, frame, kind="housing", source=source,
                                         report=merged)
    _final_check(new, kind, merged)
    return ImportPlan(kind, file_name, sha256, period if kind == "figures" else None, diffs,
                      unmatched, merged, base, new, figure_rows=written)


def _final_check(state: State, kind: Kind, report: Report) -> None:
    """Run the loaders' schema check on the result; a failure is an error of the plan."""
    try:
        if kind == "zones":
            state.zones = io.validate_zones(state.zones, source="import")
        elif kind == "housing":
            state.housing = io.validate_housing_sites(state.housing, source="import")
    except SchemaError as exc:
        text = str(exc).removeprefix("import: ")
        report.add("error", None, None, None, f"Dữ liệu sau khi nhập không hợp lệ: {text}",
                   f"the result would not be valid: {text}")

