"""The workspace: where imports are stored, logged and undone; the bundled data stays read-only.

Layout (``geo.settings.workspace_dir()``: ``$KCN_ATLAS_WORKSPACE`` or ``workspace/``)::

    atlas.gpkg            layers zones, zone_figures, housing_sites (EPSG:4326) and import_log
    history/before-NNNN.gpkg   the workspace as it was before import NNNN (for undo)
    history/undone-NNNN.gpkg   the workspace an undo took away (kept: nothing is ever lost)
    history/audit.jsonl   the audit trail: one JSON line per import and per undo, never cut
    .lock                 taken (flock) while an import or an undo writes

The ``import_log`` layer lives inside ``atlas.gpkg``, so an undo takes its last entry away with
the rest of the state (undo restores the earlier file byte for byte). The audit trail
(:func:`audit_log`, ``python -m geo log``) lives outside it and is append-only: each line holds
``time_utc``, ``action`` (``import`` | ``undo``), ``seq`` (the import's number), ``file_name``,
``sha256``, ``kind``, ``period``, the counts (``new``, ``changed``, ``unchanged``,
``unmatched``) and ``note``; it is rewritten atomically
(:func:`geo.store.atomic.write_text_atomic`) with
one more line under the lock, after the GeoPackage is in place.

The first import creates the workspace from the bundled data, so imports change a copy; undoing
that import removes ``atlas.gpkg`` again and the app reads the bundled data. Every write is
atomic: the new GeoPackage is built in a temporary file of the same folder, fsynced, then
``os.replace``d over ``atlas.gpkg``; a failed or refused import never touches the folder.

An import goes in two steps: :func:`plan_import` (match, diff, validate — nothing written; the
page and ``--dry-run`` show the plan) and :func:`commit_import` (write + log). Half-year figures
with rows that match no zone are refused unless ``allow_unmatched=True`` (the page asks the user
to confirm; the CLI needs ``--allow-unmatched``): only the matched rows are then stored, and the
unmatched ones stay listed in the plan's report. :func:`undo` restores the state before the last
import.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry.base import BaseGeometry

from geo.core.findings import Report, refused
from geo.core.periods import FIGURE_TABLE_COLUMNS, check_period, empty_figures
from geo.core.schema import GEOMETRY_QUALITIES, HOUSING_FIELDS, ZONE_FIELDS, ZONE_FIGURES
from geo.core.schema import IMPORT_KINDS as KINDS_OF_IMPORT
from geo.core.schema import ImportKind as Kind
from geo.core.schema import target_fields as schema_fields
from geo.errors import (
    AtlasError,
    DataFileError,
    ImportRefused,
    ParameterError,
    SchemaError,
    StaleVersion,
)
from geo.imports.archive import MAX_BYTES
from geo.imports.boundary_checks import check_boundary
from geo.imports.matching import (
    FieldChange,
    Status,
    ZoneDiff,
    diff_row,
    figure_fields,
    fold,
    match_zones,
    new_zone_id,
    province_prefixes,
    same_value,
)
from geo.imports.options import check_file, check_options
from geo.imports.pipeline import read_upload
from geo.settings import WGS84, data_dir
from geo.store import atomic
from geo.store import bundled as io
from geo.store.lots import LAYER as LOTS_LAYER
from geo.store.lots import empty_lots, load_lots, plan_lots

HISTORY = "history"
AUDIT_FILE = "audit.jsonl"
AUDIT_COLUMNS = ("time_utc", "action", "seq", "file_name", "sha256", "kind", "period", "new",
                 "changed", "unchanged", "unmatched", "note", "undone")
_COUNTS = ("new", "changed", "unchanged", "unmatched")
LOG_COLUMNS = ("seq", "time_utc", "file_name", "sha256", "kind", "period", "new", "changed",
               "unchanged", "unmatched", "note", "snapshot", "changes")
NO_WORKSPACE = "none"
HOUSING_MATCH_RADIUS_M = 300.0


@dataclass
class State:
    """Everything the workspace holds (or would hold): the layers, EPSG:4326 (``lots``: the
    lot register, :mod:`geo.store.lots`; None = none)."""

    zones: gpd.GeoDataFrame
    figures: pd.DataFrame
    housing: gpd.GeoDataFrame
    log: pd.DataFrame
    lots: gpd.GeoDataFrame | None = None


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fingerprint(*, workspace: Path | None = None) -> str:
    """SHA-256 of ``atlas.gpkg``, or ``"none"`` while there is no workspace."""
    path = io.workspace_file(workspace=workspace)
    return sha256_file(path) if path.is_file() else NO_WORKSPACE


def empty_log() -> pd.DataFrame:
    """An empty import log."""
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ("seq", "new", "changed",
                                                                 "unchanged", "unmatched")
                                      else object) for c in LOG_COLUMNS})


def load_state(*, workspace: Path | None = None) -> State:
    """The workspace's layers, or the bundled data (empty figures and log) if there is none."""
    path = io.workspace_file(workspace=workspace)
    if not path.is_file():
        root = data_dir()
        return State(io.load_zones(root=root), empty_figures(), io.load_housing_sites(root=root),
                     empty_log(), load_lots(workspace=workspace))
    zones = io.load_zones(workspace=workspace)
    housing = io.load_housing_sites(workspace=workspace)
    log = io.read_workspace_layer("import_log", workspace=workspace)
    return State(zones, io.load_zone_figures(workspace=workspace), housing,
                 log[list(LOG_COLUMNS)] if len(log.columns) else empty_log(),
                 load_lots(workspace=workspace))


def import_log(*, workspace: Path | None = None) -> pd.DataFrame:
    """The import log, oldest first (empty when there is no workspace). Times are UTC."""
    if not io.workspace_file(workspace=workspace).is_file():
        return empty_log()
    log = io.read_workspace_layer("import_log", workspace=workspace)
    return log[list(LOG_COLUMNS)] if len(log.columns) else empty_log()


# ---------------------------------------------------------------------------------------------
# Planning
@dataclass
class ImportPlan:
    """What an import would do; nothing is written until :func:`commit_import`.

    Attributes
    ----------
    kind, file_name, sha256, period : what is imported (period only for figures).
    diffs : per matched or new row, the field-by-field changes.
    figure_rows : figures only: rows of ``zone_figures`` the import adds or changes (a zone's
        first figures for the period count even when they equal its current figures).
    unmatched : rows of a figures table that match no zone (0-based position, as the user
        knows it: ``report.where(pos)`` — "row 10" of the spreadsheet), with their name.
    report : the reader's findings followed by those of matching and the final schema check.
    base : :func:`fingerprint` of the workspace the plan was made on.
    state : the workspace after the import (without its log entry).
    """

    kind: Kind
    file_name: str
    sha256: str
    period: str | None
    diffs: list[ZoneDiff]
    unmatched: list[tuple[int, str]]
    report: Report
    base: str
    state: State = field(repr=False)
    figure_rows: int = 0

    @property
    def changes_anything(self) -> bool:
        """Whether committing would change the workspace: a new or changed zone (site), or a
        figures row added or changed for the period. False: there is nothing to write."""
        c = self.counts
        return bool(c["new"] or c["changed"] or self.figure_rows)

    @property
    def counts(self) -> dict[str, int]:
        """Numbers of new, changed and unchanged zones (sites) and unmatched rows."""
        out = {s: sum(d.status == s for d in self.diffs) for s in ("new", "changed", "unchanged")}
        out["unmatched"] = len(self.unmatched)
        return out

    @property
    def ok(self) -> bool:
        """No error in the report (warnings and unmatched rows do not block by themselves)."""
        return self.report.ok

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


def _kind_from_name(name: str) -> str | None:
    text = fold(name)
    for prefix, kind in (("kcn", "KCN"), ("khu cong nghiep", "KCN"), ("kcx", "KCX"),
                         ("khu che xuat", "KCX"), ("kkt", "KKT"), ("khu kinh te", "KKT")):
        if text.startswith(prefix + " "):
            return kind
    return None


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
    if io.is_blank(rec.get("geometry_quality")) and new.geom_type in ("Polygon", "MultiPolygon"):
        old_q = None if old is None else old.get("geometry_quality")
        if old_q != quality and (changes or old is None):
            changes.append(FieldChange("geometry_quality", old_q, quality))
    if old is None or io.is_blank(old.get("location_precision")) or changes:
        old_p = None if old is None else old.get("location_precision")
        if old_p != "zone":
            changes.append(FieldChange("location_precision", old_p, "zone"))
    return changes


def _new_row_defaults(rec: Mapping[str, Any], *, kind: Kind, source: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if kind == "zones":
        name = rec.get("name")
        if io.is_blank(rec.get("kind")) and isinstance(name, str) and _kind_from_name(name):
            values["kind"] = _kind_from_name(name)
        if io.is_blank(rec.get("status")):
            values["status"] = "unknown"
    if io.is_blank(rec.get("source_url")):
        values["source_url"] = source
    return values


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
    records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    taken, prefixes = set(stored), province_prefixes(cur)
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
        changes = diff_row(old, rec, compared, label=label, report=report)
        if kind == "zones" and old is not None:  # a boundary far off, mis-sized, elsewhere
            provinces = _check_boundary(rec, old, label=label, report=report,
                                        provinces=provinces)
        changes += _geometry_change(old, rec, label=label, report=report, quality=quality)
        if old is None:
            zid = rec.get(id_field)
            if not isinstance(zid, str) or not zid or zid in taken:
                zid = new_zone_id(str(rec.get("name") or ""), rec.get("province"), taken=taken,
                                  prefixes=prefixes)
            taken.add(zid)
            changes += [FieldChange(k, None, v) for k, v in
                        _new_row_defaults(rec, kind=kind, source=source).items()]
            row: dict[str, Any] = dict.fromkeys(columns)
            row[id_field] = zid
            added.append(row)
            status: Status = "new"
        else:
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
                       if not io.is_blank(rec.get(f))
                       and not same_value(f, base.get(f), rec.get(f))]
            values = {f: float("nan") for f in ZONE_FIGURES}
        for f in given:
            if not io.is_blank(rec.get(f)):
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


def plan_import(frame: pd.DataFrame, *, kind: Kind, file_name: str, sha256: str,
                period: str | None = None, report: Report | None = None,
                source_format: str = "", geometry_quality: str | None = None,
                workspace: Path | None = None, state: State | None = None,
                base: str | None = None) -> ImportPlan:
    """Match an ingested layer to the workspace and compute the result; writes nothing.

    Parameters
    ----------
    frame : the layer read by :func:`geo.imports.pipeline.read_upload` (EPSG:4326, schema columns).
    kind : ``"zones"``, ``"figures"`` (needs ``period``) or ``"housing"``.
    file_name, sha256 : the uploaded file's name and hash (for the log and new rows' source).
    report : the reader's report; its findings come first in the plan's report.
    source_format, geometry_quality : the file's format (``Detected.format``) and the user's
        choice of ``geometry_quality`` for its boundaries; without a choice the format decides
        (:func:`default_geometry_quality`). A ``geometry_quality`` column in the file wins.
    state, base : plan from this state, made at store version ``base`` (another backend,
        :mod:`geo.store.base`); default: this workspace's state and :func:`fingerprint`.
    """
    if kind not in KINDS_OF_IMPORT:
        raise ImportRefused(f"unknown import kind {kind!r}; use zones, figures, housing or lots")
    if state is None:
        base = fingerprint(workspace=workspace)
        state = load_state(workspace=workspace)
    base = base or ""
    merged = Report(source=file_name)
    if report is not None:
        merged.extend(report)  # also takes its numbering: spreadsheet rows or features
    source = f"import:{file_name}#sha256={sha256[:12]}"
    frame = frame.reset_index(drop=True)
    unmatched: list[tuple[int, str]] = []
    written = 0
    new = State(state.zones, state.figures, state.housing, state.log, state.lots)
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
    elif kind == "lots":  # the lot register (geo.store.lots): a plan file or a lease register
        new.lots, diffs = plan_lots(state.lots if state.lots is not None else empty_lots(),
                                    frame, state.zones, source=source, report=merged)
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


# ---------------------------------------------------------------------------------------------
# Writing
def _unwritable(folder: Path, exc: OSError) -> DataFileError:
    reason = atomic.os_reason(exc)
    return DataFileError(f"{folder}: cannot write the workspace: {reason}",
                         message_vi=f"{folder}: không ghi được vào thư mục làm việc: {reason}")


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the workspace's lock; on taking it, finish what a killed writer left (a pending
    audit record, orphan temporary files)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = (folder / ".lock").open("a")
    except OSError as exc:
        raise _unwritable(folder, exc) from exc
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            recover(folder)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(folder: Path) -> list[str]:
    """Make the audit trail agree with ``atlas.gpkg`` after a crash (call under the lock).

    A writer first appends a ``pending`` audit line holding the hash the workspace file will
    have, then replaces the file, then marks the line done. A pending line found here is
    marked done when the workspace file has that hash (the replace happened), else aborted (it
    did not; the workspace is as before). Orphan temporary files (``.<hex>.part*``) of the
    workspace and ``history/`` are removed. Returns what was done, one phrase per action.
    """
    done: list[str] = []
    for removed in (*atomic.remove_orphan_temps(folder),
                    *atomic.remove_orphan_temps(folder / HISTORY)):
        done.append(f"removed orphan {removed.name}")
    path = folder / HISTORY / AUDIT_FILE
    if not path.is_file():
        return done
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = False
    for n, line in enumerate(lines):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if not isinstance(rec, dict) or rec.get("state") != "pending":
            continue
        target = folder / io.WORKSPACE_FILE
        now = sha256_file(target) if target.is_file() else NO_WORKSPACE
        committed = now == rec.get("workspace_sha256")
        rec.pop("state", None)
        rec.pop("workspace_sha256", None)
        if not committed:
            rec["action"] = f"aborted {rec.get('action')}"
            rec["note"] = (str(rec.get("note") or "") + " [interrupted; not applied]").strip()
        lines[n] = json.dumps(rec, ensure_ascii=False)
        done.append(f"{'completed' if committed else 'aborted'} {rec.get('action')} "
                    f"#{rec.get('seq')}")
        changed = True
    if changed:
        atomic.write_text_atomic(path, "".join(line + "\n" for line in lines))
    return done


def _write_gpkg(state: State, path: Path) -> None:
    """Write the four layers to a new GeoPackage ``path`` and fsync it."""
    pyogrio.write_dataframe(state.zones, path, layer="zones", driver="GPKG",
                            geometry_type="Unknown")
    pyogrio.write_dataframe(state.housing, path, layer="housing_sites", driver="GPKG",
                            geometry_type="Unknown")
    pyogrio.write_dataframe(state.figures, path, layer="zone_figures", driver="GPKG")
    pyogrio.write_dataframe(state.log, path, layer="import_log", driver="GPKG")
    if state.lots is not None and len(state.lots):
        pyogrio.write_dataframe(state.lots, path, layer=LOTS_LAYER, driver="GPKG",
                                geometry_type="Unknown")


def _next_number(history: Path) -> int:
    numbers = [int(m.group(1)) for p in history.glob("*.gpkg")
               if (m := re.search(r"-(\d+)\.gpkg$", p.name))]
    return max(numbers, default=0) + 1


def check_committable(plan: ImportPlan, *, allow_unmatched: bool = False) -> None:
    """Refuse (:class:`ImportRefused`) a plan with errors, one that changes nothing, or one with
    unmatched figures rows unless ``allow_unmatched``: the checks every backend makes first."""
    if not plan.ok:
        raise ImportRefused(f"{plan.file_name}: {len(plan.report.errors)} error(s); nothing "
                            "was written", report=plan.report)
    if not plan.changes_anything:
        raise ImportRefused(f"{plan.file_name}: nothing to write (no new or changed "
                            f"{'site' if plan.kind == 'housing' else 'zone'} or figure)",
                            report=plan.report)
    if plan.unmatched and not allow_unmatched:
        rows = ", ".join(f"{plan.report.where(r)} {n!r}" for r, n in plan.unmatched[:10])
        raise ImportRefused(f"{plan.file_name}: {len(plan.unmatched)} row(s) match no zone "
                            f"({rows}); confirm to import the matched rows only "
                            "(--allow-unmatched)", report=plan.report)


def commit_import(plan: ImportPlan, *, note: str = "", allow_unmatched: bool = False,
                  workspace: Path | None = None) -> dict[str, Any]:
    """Write a plan to the workspace atomically and log it; returns the log entry.

    Raises
    ------
    ImportRefused
        The plan has errors; figures rows are unmatched and ``allow_unmatched`` is False; the
        plan changes nothing (:attr:`ImportPlan.changes_anything`); or the workspace changed
        since the plan was made (plan again). Nothing is written then.
    """
    check_committable(plan, allow_unmatched=allow_unmatched)
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    with _locked(folder):
        if fingerprint(workspace=workspace) != plan.base:
            raise StaleVersion(f"{plan.file_name}: the workspace changed since the preview; "
                               "preview the import again",
                               message_vi=f"{plan.file_name}: dữ liệu đã thay đổi sau khi xem "
                                          "trước; hãy xem trước lại")
        history = folder / HISTORY
        history.mkdir(exist_ok=True)
        logged = plan.state.log["seq"]
        n = max(_next_number(history), int(logged.max()) + 1 if len(logged) else 1)
        snapshot = f"before-{n:04d}.gpkg" if target.is_file() else ""
        entry = _log_entry(plan, n=n, note=note, snapshot=snapshot)
        log = pd.concat([plan.state.log, pd.DataFrame([entry])], ignore_index=True) \
            if len(plan.state.log) else pd.DataFrame([entry], columns=list(LOG_COLUMNS))
        state = State(plan.state.zones, plan.state.figures, plan.state.housing, log,
                      plan.state.lots)
        try:
            with atomic.atomic_path(target) as tmp:
                _write_gpkg(state, tmp)  # OS and GDAL errors: DataFileError (atomic_path)
                if snapshot:
                    atomic.copy_atomic(target, history / snapshot)
                pending = _append_audit(history, "import", entry, seed=plan.state.log,
                                        pending=sha256_file(tmp))
            _finish_audit(history, pending)
        except BaseException:
            if snapshot and fingerprint(workspace=workspace) == plan.base:
                (history / snapshot).unlink(missing_ok=True)
            with contextlib.suppress(OSError, AtlasError):
                recover(folder)  # a pending audit line of this attempt: aborted
            raise
    return entry


def _log_entry(plan: ImportPlan, *, n: int, note: str, snapshot: str) -> dict[str, Any]:
    changes = [{"id": d.zone_id, "status": d.status, "fields": [c.field for c in d.changes]}
               for d in plan.diffs if d.status != "unchanged"]
    return {"seq": n, "time_utc": _now(),
            "file_name": plan.file_name, "sha256": plan.sha256, "kind": plan.kind,
            "period": plan.period or "", **{k: int(v) for k, v in plan.counts.items()},
            "note": note, "snapshot": snapshot,
            "changes": json.dumps(changes, ensure_ascii=False)}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _audit_line(action: str, entry: Any) -> str:
    def get(key: str) -> Any:
        value = entry.get(key)
        return None if value is None or (isinstance(value, float) and value != value) else value

    line = {"time_utc": str(get("time_utc") or ""), "action": action, "seq": int(entry["seq"]),
            "file_name": str(get("file_name") or ""), "sha256": str(get("sha256") or ""),
            "kind": str(get("kind") or ""), "period": str(get("period") or ""),
            **{k: int(get(k) or 0) for k in _COUNTS}, "note": str(get("note") or "")}
    return json.dumps(line, ensure_ascii=False, sort_keys=False)


def _append_audit(history: Path, action: str, entry: Any, *, seed: pd.DataFrame,
                  pending: str | None = None) -> int:
    """Add one line to ``history/audit.jsonl`` (under the lock); returns its index. A workspace
    made before the audit trail existed first gets a line per import of its log (``seed``).

    ``pending``: the SHA-256 the workspace file will have (``"none"``: no file) once the
    action is done; the line is written ``pending`` and :func:`_finish_audit` (or, after a
    crash, :func:`recover`) settles it.
    """
    path = history / AUDIT_FILE
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        text = "".join(_audit_line("import", r) + "\n" for r in seed.to_dict("records"))
    if text and not text.endswith("\n"):
        text += "\n"
    line = _audit_line(action, entry)
    if pending is not None:
        rec = json.loads(line)
        rec.update(state="pending", workspace_sha256=pending)
        line = json.dumps(rec, ensure_ascii=False)
    atomic.write_text_atomic(path, text + line + "\n")
    return len(text.splitlines())


def _finish_audit(history: Path, index: int) -> None:
    """Mark the pending line ``index`` of the audit trail done (the file is in place)."""
    path = history / AUDIT_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[index])
    rec.pop("state", None)
    rec.pop("workspace_sha256", None)
    lines[index] = json.dumps(rec, ensure_ascii=False)
    atomic.write_text_atomic(path, "".join(line + "\n" for line in lines))


def audit_log(*, workspace: Path | None = None) -> pd.DataFrame:
    """The audit trail, oldest first: every import and every undo, including undone imports.

    Columns :data:`AUDIT_COLUMNS`; ``undone`` is True on an import a later undo took back.
    Times are UTC. Empty when nothing was ever imported. It survives undo (it is not in
    ``atlas.gpkg``), so undoing never erases the record of an import.

    Raises
    ------
    DataFileError
        A line of ``history/audit.jsonl`` is not a JSON object (the file was edited by hand).
    """
    path = io.workspace_file(workspace=workspace).parent / HISTORY / AUDIT_FILE
    records: list[dict[str, Any]] = []
    if path.is_file():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise DataFileError(f"{path}: line {n} is not JSON ({exc})") from None
            if not isinstance(rec, dict):
                raise DataFileError(f"{path}: line {n} is not a JSON object")
            records.append(rec)
    undone = {int(r["seq"]) for r in records if r.get("action") == "undo"}
    for r in records:
        r["undone"] = r.get("action") == "import" and int(r["seq"]) in undone
    frame = pd.DataFrame(records, columns=list(AUDIT_COLUMNS))
    return frame.astype({"seq": "int64", **{k: "int64" for k in _COUNTS}}) if len(frame) \
        else frame


@dataclass(frozen=True)
class UndoResult:
    """The import an undo took back (from its log entry)."""

    seq: int
    file_name: str
    time_utc: str
    kind: str
    period: str
    removed_workspace: bool


def undo(*, workspace: Path | None = None) -> UndoResult:
    """Restore the workspace as it was before the last import; return which import that was.

    The state being undone is kept as ``history/undone-NNNN.gpkg``. Undoing the first import
    removes ``atlas.gpkg`` (the app reads the bundled data again).

    Raises
    ------
    AtlasError
        Nothing to undo (no workspace, or an empty log), or the snapshot is missing.
    """
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    if not target.is_file():
        raise AtlasError(f"{folder}: nothing to undo (no import has been made)")
    with _locked(folder):
        log = io.read_workspace_layer("import_log", workspace=workspace)
        if not len(log):
            raise AtlasError(f"{target}: nothing to undo (the import log is empty)")
        last = log.iloc[-1]
        snapshot = str(last["snapshot"] or "")
        history = folder / HISTORY
        if snapshot and not (history / snapshot).is_file():
            raise DataFileError(f"{history / snapshot}: snapshot of import {last['seq']} is "
                                "missing; cannot undo")
        undone = history / f"undone-{int(last['seq']):04d}.gpkg"
        kept = undone.exists()
        record = {str(k): last[k] for k in last.index}
        record["time_utc"] = _now()
        try:
            history.mkdir(exist_ok=True)
            after = sha256_file(history / snapshot) if snapshot else NO_WORKSPACE
            atomic.copy_atomic(target, undone)
            pending = _append_audit(history, "undo", record, seed=log, pending=after)
            if snapshot:
                atomic.copy_atomic(history / snapshot, target)
            else:
                target.unlink()
            atomic.fsync_dir(folder)
        except (OSError, DataFileError) as exc:
            if not kept and target.is_file():
                with contextlib.suppress(OSError):
                    undone.unlink(missing_ok=True)
            with contextlib.suppress(OSError, AtlasError):
                recover(folder)
            reason = atomic.os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise DataFileError(f"{folder}: cannot undo: {reason}; nothing was changed",
                                message_vi=f"{folder}: không hoàn tác được: {reason}; không "
                                           "có gì thay đổi") from exc
        _finish_audit(history, pending)
    return UndoResult(int(last["seq"]), str(last["file_name"]), str(last["time_utc"]),
                      str(last["kind"]), str(last["period"] or ""), not snapshot)


# ---------------------------------------------------------------------------------------------
# One call for the CLI and the page
@dataclass
class ImportOutcome:
    """Result of :func:`import_file`: what was read, the plan, and the log entry if written."""

    detected: dict[str, Any]
    report: Report
    plan: ImportPlan | None
    entry: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """No blocking error (for validate / dry-run: the file could be imported)."""
        return self.report.ok and self.plan is not None


def read_bytes(name: str, data: bytes, *, kind: Kind = "zones", max_bytes: int | None = None,
               **read_options: Any) -> tuple[Any, str]:
    """Read an upload held in memory (the page's ``st.file_uploader``): (IngestResult, sha256).

    The bytes are written to a private temporary folder under the original file name (the
    reader looks at the extension), read with :func:`geo.imports.pipeline.read_upload`, and the
    folder is
    removed whatever happens. The size limit is checked before anything is written.

    Raises
    ------
    ImportRefused
        Over the size limit, or the reader refused the file.
    """
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if not limit > 0:
        raise ParameterError(f"upload size limit {limit!r} bytes: must be more than 0")
    if len(data) > limit:
        raise _over_limit(name, len(data), limit)
    safe = Path(name).name.strip() or "upload"
    with tempfile.TemporaryDirectory(prefix="kcn-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        result = read_upload(path, kind=kind, max_bytes=limit, **read_options)
    return result, hashlib.sha256(data).hexdigest()


def _over_limit(name: str, size: int, limit: int) -> ImportRefused:
    mb = f" ({limit / 2**20:,.0f} MB)" if limit >= 2**20 else ""
    return refused(f"{size:,} bytes is over the upload limit of {limit:,} bytes{mb}",
                   f"{size:,} byte, vượt giới hạn tải lên {limit:,} byte{mb}", source=name)


def import_file(path: Path, *, kind: Kind = "zones", period: str | None = None,
                file_name: str | None = None, dry_run: bool = False, note: str = "",
                allow_unmatched: bool = False, max_bytes: int | None = None,
                geometry_quality: str | None = None, workspace: Path | None = None,
                store: Any = None, **read_options: Any) -> ImportOutcome:
    """Read ``path`` (:func:`geo.imports.pipeline.read_upload`), plan, and unless ``dry_run``
    commit.

    ``read_options`` go to ``read_upload`` (layer, crs, province, utm, encoding, mapping);
    ``geometry_quality`` to :func:`plan_import` (default: from the file's format).
    ``store``: plan (and commit, open mode only) through this :class:`geo.store.base.Store`
    instead of the workspace.
    A plan that changes nothing is not committed (``outcome.entry`` stays None).

    Raises
    ------
    FilterError, CRSError, ParameterError
        A bad option (unknown province, encoding, period, mapped field, CRS; a size limit ≤ 0;
        figures without a period), before anything is read.
    ImportRefused
        The file cannot be read, or the commit is refused (``exc.report`` holds the findings).
    """
    limit = MAX_BYTES if max_bytes is None else max_bytes
    check_options(kind=kind, period=period, max_bytes=limit,
                  **{k: v for k, v in read_options.items() if k != "layer"})
    if kind == "figures" and period is None:
        raise ParameterError("figures need a period, e.g. --period 2024-H2")
    check_file(path)
    if path.stat().st_size > limit:
        raise _over_limit(path.name, path.stat().st_size, limit)
    result = read_upload(path, kind=kind, max_bytes=limit, **read_options)
    name = file_name or path.name
    planner = store.plan if store is not None else partial(plan_import, workspace=workspace)
    plan = planner(result.frame, kind=kind, file_name=name, sha256=sha256_file(path),
                   period=period, report=result.report, source_format=result.detected.format,
                   geometry_quality=geometry_quality)
    outcome = ImportOutcome(result.detected.to_dict(), plan.report, plan)
    if not dry_run and plan.ok and plan.changes_anything:
        outcome.entry = store.commit(plan, note=note, allow_unmatched=allow_unmatched) \
            if store is not None else commit_import(plan, note=note,
                                                    allow_unmatched=allow_unmatched,
                                                    workspace=workspace)
    return outcome


# ---------------------------------------------------------------------------------------------
# Repair and reset
WORKSPACE_LAYERS = ("zones", "zone_figures", "housing_sites", "import_log")


def is_intact(path: Path) -> bool:
    """Whether ``path`` is a readable workspace GeoPackage: SQLite integrity check passes and
    the four layers (:data:`WORKSPACE_LAYERS`) are there."""
    import sqlite3

    if not path.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return False
        layers = {str(row[0]) for row in pyogrio.list_layers(path)}
        for name in WORKSPACE_LAYERS:
            if name not in layers:
                return False
            pyogrio.read_info(path, layer=name)
    except (sqlite3.Error, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
            OSError, ValueError):
        return False
    return True


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(action: str, note: str) -> dict[str, Any]:
    return {"seq": 0, "time_utc": _now(), "file_name": io.WORKSPACE_FILE, "sha256": "",
            "kind": "", "period": "", "note": note}


def repair(*, workspace: Path | None = None) -> str:
    """Replace a damaged ``atlas.gpkg`` by the newest intact snapshot of ``history/``.

    The damaged file is kept as ``atlas.corrupt-<UTC time>.gpkg``; the repair is written to
    the audit trail. Returns what was done, in one line.

    Raises
    ------
    DataFileError
        No intact snapshot exists (then ``reset`` is the way out), or the folder is not writable.
    """
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    if not target.is_file():
        return f"{folder}: no workspace file; nothing to repair (the bundled data is used)"
    if is_intact(target):
        return f"{target}: intact; nothing to repair"
    with _locked(folder):
        history = folder / HISTORY
        snaps = sorted(history.glob("before-*.gpkg"), reverse=True) if history.is_dir() else []
        good = next((p for p in snaps if is_intact(p)), None)
        if good is None:
            raise DataFileError(f"{target}: damaged and no intact snapshot in {history}; run "
                                "`python -m geo workspace reset --yes` to go back to the "
                                "bundled data",
                                message_vi=f"{target}: bị hỏng và không có bản lưu tốt; chạy "
                                           "`python -m geo workspace reset --yes`")
        aside = folder / f"atlas.corrupt-{_stamp()}.gpkg"
        try:
            atomic.copy_atomic(good, aside.with_name(".restoring.gpkg"))
            os.replace(target, aside)
            os.replace(aside.with_name(".restoring.gpkg"), target)
            atomic.fsync_dir(folder)
        except OSError as exc:
            raise _unwritable(folder, exc) from exc
        note = f"restored {good.name}; damaged file kept as {aside.name}"
        _append_audit(history, "repair", _event("repair", note), seed=empty_log())
    return f"{target}: {note}"


def reset(*, workspace: Path | None = None) -> str:
    """Move ``atlas.gpkg`` aside (``atlas.reset-<UTC time>.gpkg``): the app reads the bundled
    data again. Snapshots and the audit trail stay; the reset is audited. Returns one line."""
    target = io.workspace_file(workspace=workspace)
    folder = target.parent
    if not target.exists():
        return f"{folder}: no workspace file; the bundled data is already used"
    with _locked(folder):
        aside = folder / f"atlas.reset-{_stamp()}.gpkg"
        try:
            os.replace(target, aside)
            atomic.fsync_dir(folder)
            (folder / HISTORY).mkdir(exist_ok=True)
        except OSError as exc:
            raise _unwritable(folder, exc) from exc
        note = f"workspace moved aside as {aside.name}; bundled data in use"
        _append_audit(folder / HISTORY, "reset", _event("reset", note), seed=empty_log())
    return f"{target}: {note}"
