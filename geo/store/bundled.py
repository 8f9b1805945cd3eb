"""Loading the bundled data (and, later, saving): every file access of the app goes through here.

All layers are returned in EPSG:4326 (lon/lat degrees, WGS 84). Loading validates the schema of
``geo.settings`` and fails with :class:`geo.errors.SchemaError` naming the file, the feature, the
field and the bad value. A figure that no source gives is NaN, never 0.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.core.admin import Edition, add_province_2025, check_edition, province_2024
from geo.core.periods import CURRENT, FIGURE_TABLE_COLUMNS, empty_figures, zones_for_period
from geo.core.schema_check import SCHEMAS, SchemaFinding, schema_findings
from geo.core.text import is_blank, per_distinct
from geo.errors import DataFileError, SchemaError
from geo.settings import (
    HOUSING_FILE,
    INDICATORS_FILE,
    PROVINCES_2024,
    PROVINCES_FILES,
    REPORTS_FILE,
    WGS84,
    WORKERS_FILE,
    ZONES_FILE,
    data_dir,
    workspace_dir,
)

REPAIR_HINT = ("run `python -m geo workspace repair` (restores the newest good snapshot) or "
               "`python -m geo workspace reset --yes` (back to the bundled data)")
REPAIR_HINT_VI = ("chạy `python -m geo workspace repair` (khôi phục bản lưu tốt gần nhất) hoặc "
                  "`python -m geo workspace reset --yes` (quay về dữ liệu gốc)")
WORKSPACE_FILE = "atlas.gpkg"
"""The workspace GeoPackage (layers zones, zone_figures, housing_sites, import_log)."""


def data_path(relative: str, *, root: Path | None = None) -> Path:
    """Absolute path of a file of the data folder (``root`` or :func:`geo.settings.data_dir`)."""
    return (root or data_dir()) / relative


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    """Read a vector file with pyogrio; errors become :class:`DataFileError` naming the file."""
    if not path.is_file():
        raise DataFileError(f"{path}: file not found (set KCN_ATLAS_DATA to the data folder?)")
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot be read as a vector file: {exc}") from exc
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)  # GeoJSON (RFC 7946) is always WGS 84 lon/lat
    return gdf.to_crs(WGS84)


def _label(gdf: pd.DataFrame, idx: object, id_field: str) -> str:
    """How a message names a feature: its id where it has one, else its position in the file
    counting from 1 (as a GIS program's attribute table does)."""
    value = gdf.at[idx, id_field] if id_field in gdf.columns else None
    if isinstance(value, str) and value:
        return f"feature {value!r}"
    position = int(gdf.index.get_loc(idx)) + 1  # type: ignore[arg-type]
    return f"feature #{position}"


def _raise_first(findings: list[SchemaFinding], frame: pd.DataFrame, *, source: str,
                 id_field: str) -> None:
    """Raise the first finding of :func:`geo.core.schema_check.schema_findings` (if any) as a
    :class:`SchemaError` naming ``source``, the feature, the field and the value."""
    if not findings:
        return
    f = findings[0]
    if f.code == "missing_field":
        raise SchemaError(f"{source}: required field {f.field!r} is missing from the file")
    where = f"{source}: {_label(frame, frame.index[f.position or 0], id_field)}"
    if f.code == "duplicate_id":
        raise SchemaError(f"{source}: field {f.field!r}: duplicate id {f.value!r}")
    text = {
        "not_number": f"{f.value!r} is not a number",
        "negative": f"{f.value:g} is negative" if isinstance(f.value, float) else "is negative",
        "empty_required": "is empty",
        "domain": f"{f.value!r} is not one of {', '.join(f.allowed)}",
        "province": f"unknown province {f.value!r}; valid: "
                    f"{', '.join(p.name for p in PROVINCES_2024)}",
        "occupancy_over_100": f"{f.value:g} is above 100" if isinstance(f.value, float) else "",
        "unknown_parent": f"{f.value!r} is not a zone of the layer",
    }[f.code]
    if f.code == "empty_required":
        raise SchemaError(f"{where}: required field {f.field!r} {text}")
    raise SchemaError(f"{where}: field {f.field!r}: {text}")


def coerce_schema(gdf: pd.DataFrame, fields: Mapping[str, str], *,
                  id_field: str) -> pd.DataFrame:
    """Return a copy of ``gdf`` with exactly ``fields`` (in order, plus geometry), typed.

    Text is NFC-normalised and blank text becomes None; numbers become float64 with NaN for a
    missing figure. Columns not in ``fields`` are dropped; missing optional columns are added
    empty. Call after :func:`geo.core.schema_check.schema_findings` found nothing.
    """
    out = gdf.copy()
    for name, kind in fields.items():
        if name not in out.columns:
            out[name] = None if kind == "str" else math.nan
        if kind == "str":
            # object dtype keeps None for "no value" (pandas 3's str dtype would turn it into NaN)
            out[name] = pd.Series(
                per_distinct(out[name], lambda v: None if is_blank(v)
                             else unicodedata.normalize("NFC", str(v))),
                index=out.index, dtype=object)
        else:
            out[name] = pd.to_numeric(out[name], errors="coerce").astype("float64")
    columns = [*fields, "geometry"] if "geometry" in out.columns else list(fields)
    return out[columns]


def _validated(gdf: gpd.GeoDataFrame, kind: str, *, source: str) -> pd.DataFrame:
    """The layer typed by the schema of ``kind`` with canonical 2024 province names; the first
    schema finding (:mod:`geo.core.schema_check`) raised as a :class:`SchemaError`."""
    schema = SCHEMAS[kind]
    _raise_first(schema_findings(gdf, kind), gdf, source=source, id_field=schema.id_field)
    frame = coerce_schema(gdf, schema.fields, id_field=schema.id_field)
    frame["province"] = per_distinct(frame["province"], lambda v: province_2024(str(v)).name)
    return frame


def validate_zones(gdf: gpd.GeoDataFrame, *, source: str = "zones") -> gpd.GeoDataFrame:
    """Validate and type a zones layer (design §3); returns a new frame in EPSG:4326.

    ``province_2025`` is always re-derived from ``province`` (an attribute lookup).

    Raises
    ------
    SchemaError
        The first finding of :func:`geo.core.schema_check.schema_findings`, naming ``source``,
        the feature (by ``zone_id``, else its position from 1), the field and the value.
    """
    frame = add_province_2025(_validated(gdf, "zones", source=source))
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry="geometry", crs=gdf.crs)


def workspace_file(*, workspace: Path | None = None) -> Path:
    """The workspace GeoPackage: ``<workspace or geo.settings.workspace_dir()>/atlas.gpkg``."""
    return (workspace or workspace_dir()) / WORKSPACE_FILE


def read_workspace_layer(name: str, *, workspace: Path | None = None) -> pd.DataFrame:
    """One layer of the workspace GeoPackage, as stored (EPSG:4326 for spatial layers).

    Raises
    ------
    DataFileError
        If the workspace file is missing or the layer cannot be read.
    """
    path = workspace_file(workspace=workspace)
    if not path.is_file():
        raise DataFileError(f"{path}: no workspace yet (nothing was imported)")
    try:
        frame = pyogrio.read_dataframe(path, layer=name)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise DataFileError(f"{path}: the workspace is damaged (layer {name!r} cannot be read: "
                            f"{detail}); {REPAIR_HINT}",
                            message_vi=f"{path}: tệp làm việc bị hỏng (không đọc được lớp "
                                       f"{name!r}); {REPAIR_HINT_VI}") from exc
    if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None:
        frame = frame.to_crs(WGS84)
    return frame


def load_zone_figures(*, workspace: Path | None = None) -> pd.DataFrame:
    """Zone figures by period from the workspace (empty frame when there is no workspace).

    Columns ``zone_id``, ``period`` (``2024-H2``...), the figures of
    ``geo.core.schema.ZONE_FIGURES`` (ha, %, persons; NaN where the period's file gave none), and
    ``as_of`` / ``source``. See :mod:`geo.core.periods`.
    """
    if not workspace_file(workspace=workspace).is_file():
        return empty_figures()
    frame = read_workspace_layer("zone_figures", workspace=workspace)
    for name in FIGURE_TABLE_COLUMNS:
        if name not in frame.columns:
            raise SchemaError(f"{workspace_file(workspace=workspace)}: layer 'zone_figures': "
                              f"column {name!r} is missing")
    return frame[list(FIGURE_TABLE_COLUMNS)]


def zone_periods(*, workspace: Path | None = None) -> list[str]:
    """Periods that have imported zone figures in the workspace, sorted (may be empty)."""
    return sorted(set(load_zone_figures(workspace=workspace)["period"].astype(str)))


def load_zones(*, root: Path | None = None, period: str | None = None,
               workspace: Path | None = None) -> gpd.GeoDataFrame:
    """Load the zones layer, validated, EPSG:4326: the workspace's if any, else the bundled one.

    Parameters
    ----------
    root : bundled data folder; default :func:`geo.settings.data_dir` (``$KCN_ATLAS_DATA`` or
        ``data/``). Passing ``root`` reads that folder's ``zones/zones.geojson`` and ignores
        the workspace.
    period : None or ``"current"`` for the current figures; a period with imported figures
        (``"2024-H2"``) for that period's figures (:func:`geo.core.periods.zones_for_period`).
    workspace : workspace folder; default :func:`geo.settings.workspace_dir`
        (``$KCN_ATLAS_WORKSPACE`` or ``workspace/``).

    Returns
    -------
    GeoDataFrame
        One row per zone, columns of ``geo.core.schema.ZONE_FIELDS`` + ``geometry`` (polygon
        footprint, point, or None where the location is unknown). Areas in hectares.
    """
    ws = workspace_file(workspace=workspace)
    if root is None and ws.is_file():
        zones = validate_zones(read_workspace_layer("zones", workspace=workspace),
                               source=f"{ws} (layer zones)")
    else:
        path = data_path(ZONES_FILE, root=root)
        zones = validate_zones(_read_vector(path), source=str(path))
    if period is None or period == CURRENT:
        return zones
    return zones_for_period(zones, load_zone_figures(workspace=workspace), period)


def validate_housing_sites(gdf: gpd.GeoDataFrame, *, source: str = "housing sites"
                           ) -> gpd.GeoDataFrame:
    """Validate and type a housing-sites layer (design §3); returns a new frame (the first
    schema finding raised as a :class:`SchemaError`, as :func:`validate_zones`)."""
    frame = _validated(gdf, "housing", source=source)
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry="geometry", crs=gdf.crs)


def load_housing_sites(*, root: Path | None = None, workspace: Path | None = None
                       ) -> gpd.GeoDataFrame:
    """Load the worker-housing sites (the workspace's if any, else the bundled), EPSG:4326.

    As :func:`load_zones`: ``root`` reads the bundled file of that folder, ignoring the workspace.

    Capacities in persons, land in hectares, floor area in m²; ``serves_zone_ids`` is a
    ';'-joined list of zone ids or None.
    """
    ws = workspace_file(workspace=workspace)
    if root is None and ws.is_file():
        return validate_housing_sites(read_workspace_layer("housing_sites", workspace=workspace),
                                      source=f"{ws} (layer housing_sites)")
    path = data_path(HOUSING_FILE, root=root)
    return validate_housing_sites(_read_vector(path), source=str(path))


def load_provinces(edition: Edition = 2024, *, root: Path | None = None) -> gpd.GeoDataFrame:
    """Province polygons of an edition (2024: 14 provinces; 2025: 7 after the mergers), EPSG:4326.

    Coarse (Natural Earth 1:10M): for display only; a zone's province comes from its attribute.
    """
    path = data_path(PROVINCES_FILES[check_edition(edition)], root=root)
    gdf = _read_vector(path)
    for name in ("name", "slug", "gso_code", "in_delta"):
        if name not in gdf.columns:
            raise SchemaError(f"{path}: required field {name!r} is missing from the file")
    gdf["in_delta"] = gdf["in_delta"].astype(bool)
    return gdf


REPORT_COLUMNS = ("period", "scope", "kinds", "status", "zones", "area_ha", "area_basis")


def load_reported(*, root: Path | None = None) -> pd.DataFrame:
    """Reported region totals by period (``data/reports/reported_figures.csv``).

    Columns include ``period`` (e.g. ``2024-H1``), ``status`` (``all``, ``operating``,
    ``under_construction``), ``zones`` (count) and ``area_ha`` (hectares), and the source.
    """
    path = data_path(REPORTS_FILE, root=root)
    if not path.is_file():
        raise DataFileError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, dtype={"period": str, "status": str})
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read as CSV: {exc}") from exc
    for name in REPORT_COLUMNS:
        if name not in frame.columns:
            raise SchemaError(f"{path}: required column {name!r} is missing")
    for name in ("zones", "area_ha"):
        bad = pd.to_numeric(frame[name], errors="coerce").isna() & frame[name].notna()
        if bad.any():
            position = int(bad.to_numpy().argmax())
            raise SchemaError(f"{path}: row {position + 2}: column {name!r}: "
                              f"{frame[name].iloc[position]!r} is not a number")
        frame[name] = pd.to_numeric(frame[name]).astype("float64")
    return frame


def reported_periods(reported: pd.DataFrame) -> list[str]:
    """The periods with reported figures, sorted."""
    return sorted(set(reported["period"].astype(str)))


SOURCE_NOTES: tuple[str, ...] = ("zones/SOURCES.md", "boundaries/SOURCES.md")


def load_source_notes(*, root: Path | None = None) -> dict[str, str]:
    """The data folder's notes on sources and licences (relative path → Markdown text).

    Only the files that exist are returned (a custom ``KCN_ATLAS_DATA`` folder may lack them).
    """
    notes = {}
    for relative in SOURCE_NOTES:
        path = data_path(relative, root=root)
        if path.is_file():
            notes[relative] = path.read_text(encoding="utf-8")
    return notes


def data_version(*, root: Path | None = None, workspace: Path | None = None
                 ) -> tuple[tuple[str, float], ...]:
    """(path, mtime) of every file the loaders read: a cache key that changes when data does.

    Includes the workspace GeoPackage (mtime 0.0 while there is none), so an import or an undo
    (both replace the file) changes the key.

    Pages pass it to their cached loaders so an import (or a rebuilt data file) is picked up
    without restarting the app.
    """
    files = [ZONES_FILE, HOUSING_FILE, REPORTS_FILE, WORKERS_FILE, INDICATORS_FILE,
             *PROVINCES_FILES.values()]
    version = []
    for relative in files:
        path = data_path(relative, root=root)
        version.append((str(path), path.stat().st_mtime if path.exists() else 0.0))
    ws = workspace_file(workspace=workspace)
    version.append((str(ws), ws.stat().st_mtime if ws.exists() else 0.0))
    return tuple(version)
