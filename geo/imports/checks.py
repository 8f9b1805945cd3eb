"""Per-feature validation of an uploaded layer: the report shown before anything is written.

Every finding names the feature (its ``zone_id``/``site_id``, else its position in the layer),
the field, the bad value, and says what is wrong in Vietnamese and English. Positions are 0-based
inside the code; what the user reads is the report's :class:`Numbering`: for a table (CSV/XLSX)
the spreadsheet row as the user sees it (header = row 1, so the first data row is "row 2" /
"dòng 2"), for a vector file "feature N" / "đối tượng N" counting from 1. Errors block an import;
warnings do not.
Geometries are lon/lat degrees (EPSG:4326); areas in hectares (geodesic, WGS 84 ellipsoid).
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo.core.admin import VIETNAM_BBOX, province_2024
from geo.core.crs import equal_area_ha, geodesic_area_ha
from geo.core.findings import Report
from geo.core.schema import ZONE_FIGURES
from geo.core.schema import ImportKind as Kind
from geo.core.schema_check import SCHEMAS, schema_findings
from geo.errors import AtlasError, FilterError
from geo.store.bundled import load_provinces

PROVINCE_TOLERANCE_M = 20_000.0
"""How far (m) outside its province's coarse (1:10M) polygon a feature may lie unflagged."""
AREA_TOLERANCE = 0.05
"""Relative difference of computed vs reported planned area above which a warning is given."""
_HUGE = 1e7


def feature_label(frame: pd.DataFrame, pos: int, id_field: str) -> str | int:
    """The id of row ``pos`` (its ``zone_id``/``site_id`` when set), else the position (0-based;
    the report's :class:`Numbering` names it to the user)."""
    if id_field in frame.columns:
        value = frame[id_field].iloc[pos]
        if isinstance(value, str) and value.strip():
            return value
    return pos


def _id_field(kind: Kind) -> str:
    return "site_id" if kind == "housing" else "zone_id"


def repair_geometry(geom: BaseGeometry | None, *, label: str | int, report: Report,
                    polygons_only: bool = False) -> BaseGeometry | None:
    """A 2D, valid, single-type version of ``geom`` (lon/lat), with findings added to ``report``.

    Z/M dropped (a warning unless every Z/M value is 0, as in KML drawn in Google Earth);
    polygons kept from a collection (warning; error if none and ``polygons_only``); closed
    lines made polygons (warning); invalid polygons repaired with ``shapely.make_valid``
    (warning; a polygon with no area left after the repair — all its points on one line — is an
    error and None is returned); NaN/inf or out-of-range coordinates, empty geometries:
    error and None is returned.
    """
    if geom is None:
        return None
    if geom.is_empty:
        report.add("error", label, "geometry", geom.geom_type, "hình rỗng (không có toạ độ)",
                   "empty geometry (no coordinates)")
        return None
    coords = shapely.get_coordinates(geom, include_z=False)
    if not np.all(np.isfinite(coords)) or np.any(np.abs(coords) > _HUGE):
        bad = coords[~np.all(np.isfinite(coords) & (np.abs(coords) < _HUGE), axis=1)][:1]
        report.add("error", label, "geometry", bad.tolist(), "toạ độ không hợp lệ (NaN/vô cùng"
                   "/quá lớn)", "invalid coordinate (NaN, infinite or huge)")
        return None
    has_z, has_m = bool(shapely.has_z(geom)), _has_m(geom)
    if has_z or has_m:
        extra = shapely.get_coordinates(geom, include_z=has_z, include_m=has_m)[:, 2:]
        geom = shapely.force_2d(geom)
        if np.any(np.isfinite(extra) & (extra != 0)):  # KML's ",0" altitudes say nothing
            report.add("warning", label, "geometry", None, "đã bỏ toạ độ Z/M (độ cao/đo)",
                       "Z/M coordinates dropped")
    geom = _single_type(geom, label=label, report=report, polygons_only=polygons_only)
    if geom is not None and not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        repaired = _polygonal(shapely.make_valid(geom))
        if repaired is None or repaired.is_empty or not repaired.is_valid or repaired.area <= 0:
            report.add("error", label, "geometry", reason,
                       "vùng có diện tích bằng 0 (các đỉnh thẳng hàng hoặc trùng nhau): "
                       "không sửa được", "zero-area polygon (its points are on one line or "
                       "the same point): cannot be repaired")
            return None
        geom = repaired
        report.add("warning", label, "geometry", reason, "hình không hợp lệ: đã sửa (make_valid)",
                   "invalid geometry repaired (make_valid)")
    return geom


def _has_m(geom: BaseGeometry) -> bool:
    has_m = getattr(shapely, "has_m", None)
    return bool(has_m(geom)) if has_m is not None else False


def _polygonal(geom: BaseGeometry) -> BaseGeometry | None:
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon | MultiPolygon)]
    polys = [p for g in parts for p in shapely.get_parts(g)]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _single_type(geom: BaseGeometry, *, label: str | int, report: Report,
                 polygons_only: bool) -> BaseGeometry | None:
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon") or (kind == "Point" and not polygons_only):
        return geom
    if kind in ("LineString", "LinearRing") and geom.is_closed and len(geom.coords) >= 4:
        report.add("warning", label, "geometry", kind, "đường khép kín: đã chuyển thành vùng",
                   "closed line turned into a polygon")
        return Polygon(geom.coords)
    if kind == "GeometryCollection" or kind.startswith("Multi"):
        poly = _polygonal(geom)
        if poly is not None:
            report.add("warning", label, "geometry", kind,
                       "tập hợp nhiều loại hình: chỉ giữ các vùng (polygon)",
                       "mixed geometry collection: only its polygons kept")
            return poly
        if kind == "MultiPoint" and len(geom.geoms) == 1 and not polygons_only:
            return geom.geoms[0]
    report.add("error", label, "geometry", kind, "loại hình không dùng được (cần vùng hoặc điểm)",
               "unusable geometry type (a polygon or point is needed)")
    return None


def _clean(geoms: np.ndarray) -> np.ndarray:
    """True where :func:`repair_geometry` would return the geometry as it is, with no finding:
    a valid 2D polygon, multipolygon or point with finite, not huge coordinates (vectorised)."""
    types = shapely.get_type_id(geoms)
    clean = np.isin(types, (0, 3, 6)) & ~shapely.is_empty(geoms)  # Point, Polygon, MultiPolygon
    clean &= ~shapely.has_z(geoms)
    has_m = getattr(shapely, "has_m", None)
    if has_m is not None:
        clean &= ~has_m(geoms)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    bad = ~np.all(np.isfinite(coords) & (np.abs(coords) <= _HUGE), axis=1)
    clean[np.unique(index[bad])] = False
    return clean & shapely.is_valid(geoms)


def check_layer(frame: pd.DataFrame, *, kind: Kind = "zones"
                ) -> tuple[pd.DataFrame, Report]:
    """Repaired copy of ``frame`` and its report (see :func:`validate_layer`)."""
    report = Report()
    out = frame.copy()
    id_field = _id_field(kind)
    labels = _labels(out, id_field)
    if isinstance(out, gpd.GeoDataFrame) and out.geometry.name in out.columns:
        geoms = out.geometry.to_numpy().copy()
        for pos in np.flatnonzero(~_clean(geoms)):  # only these can change or have findings
            geoms[pos] = repair_geometry(geoms[pos], label=labels[pos], report=report)
        out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=out.crs))
        _check_places(out, labels, report)
    if kind in SCHEMAS:
        _check_schema(out, kind, report, labels)
    _check_figures(out, labels, report)
    return out, report


def _labels(frame: pd.DataFrame, id_field: str) -> list[str | int]:
    """:func:`feature_label` of every row, computed once."""
    if id_field not in frame.columns:
        return list(range(len(frame)))
    return [v if isinstance(v, str) and v.strip() else pos
            for pos, v in enumerate(frame[id_field])]


def _check_places(gdf: gpd.GeoDataFrame, labels: list[str | int], report: Report) -> None:
    """Outside Vietnam (error), geodesic area off the reported one, far from the named province
    (warnings): screened for every feature at once, the findings added feature by feature."""
    x0, y0, x1, y1 = VIETNAM_BBOX
    provinces = _province_shapes()
    geoms = gdf.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    bounds = shapely.bounds(geoms)
    outside = present & ((bounds[:, 0] < x0) | (bounds[:, 2] > x1) | (bounds[:, 1] < y0)
                         | (bounds[:, 3] > y1))
    inside = present & ~outside
    area_flag = np.zeros(len(geoms), dtype=bool)
    if "planned_area_ha" in gdf.columns:
        polys = inside & np.isin(shapely.get_type_id(geoms), (3, 6))
        reported = np.array([_number(v) for v in gdf["planned_area_ha"]], dtype=float) \
            if len(gdf) else np.zeros(0)
        screen = polys & (reported > 0)
        approx = np.full(len(geoms), np.nan)
        approx[screen] = equal_area_ha(geoms[screen])
        # areas within 0.1 % of the tolerance or beyond are recomputed geodesically
        area_flag = screen & (np.abs(approx - reported) > (AREA_TOLERANCE - 1e-3) * reported)
    far = np.full(len(geoms), np.nan)
    if provinces is not None and "province" in gdf.columns and inside.any():
        far = _province_distances(geoms, gdf["province"], inside, provinces)
    planned = gdf["planned_area_ha"].to_numpy(dtype=object) if area_flag.any() else None
    named = gdf["province"].to_numpy(dtype=object) if "province" in gdf.columns else None
    for pos in np.flatnonzero(outside | area_flag | (far > PROVINCE_TOLERANCE_M)):
        label, geom = labels[pos], geoms[pos]
        if outside[pos]:
            minx, miny, maxx, maxy = geom.bounds
            report.add("error", label, "geometry", f"{minx:.4f},{miny:.4f},{maxx:.4f},{maxy:.4f}",
                       "nằm ngoài lãnh thổ Việt Nam", "outside Vietnam")
            continue
        if planned is not None and area_flag[pos]:
            _check_area(geom, planned[pos], label, report)
        if named is not None and far[pos] > PROVINCE_TOLERANCE_M:
            _province_warning(far[pos], named[pos], label, report)


def _check_area(geom: BaseGeometry, reported: object, label: str | int, report: Report) -> None:
    value = _number(reported)
    if value is None or value <= 0:
        return
    computed = geodesic_area_ha(geom)
    if abs(computed - value) > AREA_TOLERANCE * value:
        report.add("warning", label, "planned_area_ha", value,
                   f"diện tích tính từ hình {computed:,.1f} ha lệch hơn 5 % so với số báo cáo",
                   f"geodesic area of the geometry {computed:,.1f} ha differs from the reported "
                   "area by more than 5 %")


def _province_shapes() -> dict[str, BaseGeometry] | None:
    """2024 province polygons in EPSG:3405 (metres), by name; None if the file is missing.

    Read once per validated layer (not cached across calls: the data folder can change).
    """
    try:
        gdf = load_provinces(2024).to_crs(3405)
    except (AtlasError, OSError):
        return None
    return {str(n): g for n, g in zip(gdf["name"], gdf.geometry, strict=True)}


def _province_distances(geoms: np.ndarray, named: pd.Series, inside: np.ndarray,
                        provinces: dict[str, BaseGeometry]) -> np.ndarray:
    """Distance (m, EPSG:3405) of each feature's representative point from the 2024 province
    its ``province`` names (NaN where not checked: outside, blank or unknown name), computed per
    distinct name."""
    far = np.full(len(geoms), np.nan)
    codes, names = pd.factorize(named, use_na_sentinel=True)
    for code, value in enumerate(names):
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            shape = provinces.get(province_2024(value).name)
        except FilterError:
            continue  # reported by _check_schema (an unknown province)
        rows = np.flatnonzero((codes == code) & inside)
        if shape is None or not len(rows):
            continue
        # every representative point reprojected at once (EPSG:4326 -> EPSG:3405 metres)
        points = gpd.GeoSeries(shapely.point_on_surface(geoms[rows]), crs=4326).to_crs(3405)
        far[rows] = shapely.distance(shape, points.to_numpy())
    return far


def _province_warning(distance: float, value: object, label: str | int,
                      report: Report) -> None:
    name = province_2024(str(value)).name
    report.add("warning", label, "province", value,
               f"vị trí cách ranh giới tỉnh {name} {distance / 1000:,.0f} km",
               f"the feature lies {distance / 1000:,.0f} km outside {name}")


_SCHEMA_TEXTS: dict[str, tuple[str, str]] = {
    "not_number": ("không phải số", "not a number"),
    "negative": ("số liệu âm", "negative figure"),
    "duplicate_id": ("mã trùng với một dòng trước", "duplicate id (an earlier row has it)"),
    "province": ("không có tỉnh này", "unknown province"),
    "occupancy_over_100": ("tỷ lệ lấp đầy trên 100 %", "occupancy above 100 %"),
}
"""How the import report words each finding of the one schema validator (vi, en)."""


def _check_schema(frame: pd.DataFrame, kind: Kind, report: Report,
                  labels: list[str | int]) -> None:
    """Add every finding of :func:`geo.core.schema_check.schema_findings` to ``report``.

    An upload may hold some fields only and blank values ("no change"): ``complete=False``.
    A duplicate id is named by its row position (its id is what is duplicated).
    """
    ids = ["zone_id", "period"] if kind == "figures" and "period" in frame.columns else None
    for f in schema_findings(frame, kind, complete=False, id_columns=ids):
        if f.position is None:
            continue
        label = int(f.position) if f.code == "duplicate_id" else labels[f.position]
        if f.code == "domain":
            valid = ", ".join(f.allowed)
            report.add("error", label, f.field, f.value, f"giá trị không hợp lệ; hợp lệ: {valid}",
                       f"unknown value; valid: {valid}")
        else:
            vi, en = _SCHEMA_TEXTS[f.code]
            report.add("error", label, f.field, f.value, vi, en)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("leased_land_ha", "industrial_land_ha", "diện tích đã cho thuê lớn hơn đất công nghiệp "
     "có thể cho thuê", "leased land exceeds leasable industrial land"),
    ("used_area_ha", "planned_area_ha", "đất đã sử dụng lớn hơn diện tích quy hoạch",
     "land in use exceeds the planned area"),
    ("industrial_land_ha", "planned_area_ha", "đất công nghiệp lớn hơn diện tích quy hoạch",
     "industrial land exceeds the planned area"),
)


def _check_figures(frame: pd.DataFrame, labels: list[str | int], report: Report) -> None:
    figures = [f for f in (*ZONE_FIGURES, "land_area_ha", "units", "capacity_persons",
                           "floor_area_m2") if f in frame.columns]
    columns = {f: list(frame[f]) for f in figures}
    for pos in range(len(frame)):
        label = labels[pos]
        row = {f: _number(columns[f][pos]) for f in figures}
        for part, whole, vi, en in _RULES:
            a, b = row.get(part), row.get(whole)
            if a is not None and b is not None and a > b * 1.001 + 0.01:
                report.add("error", label, part, f"{a:g} > {whole} {b:g}", vi, en)


def validate_layer(frame: Any, *, kind: Kind = "zones") -> Report:
    """Check each feature of an uploaded layer (already renamed to the schema, EPSG:4326).

    Parameters
    ----------
    frame : GeoDataFrame in EPSG:4326 (zones, housing) or DataFrame (figures), columns named as
        ``geo.core.schema.ZONE_FIELDS`` / ``HOUSING_FIELDS``; figures in hectares / percent.
    kind : which schema the layer follows.

    Returns
    -------
    Report
        Errors: empty geometry, outside Vietnam, NaN/huge coordinates, a collection with no
        polygon, duplicate id, unknown kind/status/province, negative figures, leased >
        leasable, in use > planned, occupancy > 100. Warnings: repaired invalid geometry,
        dropped Z/M, polygons extracted from a mixed collection, point in the wrong province
        (coarse, 20 km tolerance), geodesic area off the reported ``planned_area_ha`` by > 5 %.
        The input is not changed; use :func:`repair_layer` for the repaired geometries.
    """
    return check_layer(frame, kind=kind)[1]


