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
from geo.core.crs import geodesic_area_ha
from geo.core.findings import Report
from geo.core.schema import HOUSING_STATUSES, KINDS, ZONE_FIGURES, ZONE_STATUSES
from geo.core.schema import ImportKind as Kind
from geo.core.text import is_blank
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


def check_layer(frame: pd.DataFrame, *, kind: Kind = "zones"
                ) -> tuple[pd.DataFrame, Report]:
    """Repaired copy of ``frame`` and its report (see :func:`validate_layer`)."""
    report = Report()
    out = frame.copy()
    id_field = _id_field(kind)
    labels = _labels(out, id_field)
    if isinstance(out, gpd.GeoDataFrame) and out.geometry.name in out.columns:
        geoms = []
        for pos, geom in enumerate(out.geometry):
            geoms.append(repair_geometry(geom, label=labels[pos], report=report))
        out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=out.crs))
        _check_places(out, labels, report)
    _check_ids(out, kind, report)
    _check_domains(out, kind, report, labels)
    _check_figures(out, labels, report)
    return out, report


def _labels(frame: pd.DataFrame, id_field: str) -> list[str | int]:
    """:func:`feature_label` of every row, computed once."""
    if id_field not in frame.columns:
        return list(range(len(frame)))
    return [v if isinstance(v, str) and v.strip() else pos
            for pos, v in enumerate(frame[id_field])]


def _check_places(gdf: gpd.GeoDataFrame, labels: list[str | int], report: Report) -> None:
    x0, y0, x1, y1 = VIETNAM_BBOX
    provinces = _province_shapes()
    geoms = gdf.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = np.full(len(geoms), None, dtype=object)
    if provinces is not None and "province" in gdf.columns and present.any():
        # every representative point reprojected at once (EPSG:4326 -> EPSG:3405 metres)
        reps = gpd.GeoSeries(shapely.point_on_surface(geoms[present]), crs=4326).to_crs(3405)
        points[present] = reps.to_numpy()
    planned = list(gdf["planned_area_ha"]) if "planned_area_ha" in gdf.columns else None
    named = list(gdf["province"]) if "province" in gdf.columns else None
    for pos, geom in enumerate(geoms):
        if not present[pos]:
            continue
        label = labels[pos]
        minx, miny, maxx, maxy = geom.bounds
        if minx < x0 or maxx > x1 or miny < y0 or maxy > y1:
            report.add("error", label, "geometry", f"{minx:.4f},{miny:.4f},{maxx:.4f},{maxy:.4f}",
                       "nằm ngoài lãnh thổ Việt Nam", "outside Vietnam")
            continue
        if planned is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            _check_area(geom, planned[pos], label, report)
        if named is not None and provinces is not None:
            _check_province(points[pos], named[pos], provinces, label, report)


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


def _check_province(point: BaseGeometry, value: object, provinces: dict[str, BaseGeometry],
                    label: str | int, report: Report) -> None:
    """``point``: the feature's representative point in EPSG:3405 (metres)."""
    if not isinstance(value, str) or not value.strip():
        return
    try:
        name = province_2024(value).name
    except FilterError:
        return  # reported by _check_domains
    shape = provinces.get(name)
    if shape is None:
        return
    distance = shape.distance(point)
    if distance > PROVINCE_TOLERANCE_M:
        report.add("warning", label, "province", value,
                   f"vị trí cách ranh giới tỉnh {name} {distance / 1000:,.0f} km",
                   f"the feature lies {distance / 1000:,.0f} km outside {name}")


def _check_ids(frame: pd.DataFrame, kind: Kind, report: Report) -> None:
    keys = [_id_field(kind)]
    if kind == "figures" and "period" in frame.columns:
        keys = [_id_field(kind), "period"]
    if keys[0] not in frame.columns:
        return
    sub = frame[keys].astype("string").apply(lambda c: c.str.strip())
    present = sub[keys[0]].notna() & (sub[keys[0]] != "")
    dup = sub[present].duplicated(keep="first")
    for pos in np.flatnonzero(present.to_numpy())[dup.to_numpy()]:
        value = sub.iloc[pos][keys[0]]
        report.add("error", int(pos), keys[0], value, "mã trùng với một dòng trước",
                   "duplicate id (an earlier row has it)")


def _check_domains(frame: pd.DataFrame, kind: Kind, report: Report,
                   labels: list[str | int]) -> None:
    domains: dict[str, tuple[str, ...]] = {"status": ZONE_STATUSES}
    if kind == "housing":
        domains = {"status": HOUSING_STATUSES}
    elif kind == "zones":
        domains["kind"] = KINDS
    for fld, allowed in domains.items():
        if fld not in frame.columns:
            continue
        for pos, value in enumerate(frame[fld]):
            if is_blank(value) or value in allowed:
                continue
            report.add("error", labels[pos], fld, value,
                       f"giá trị không hợp lệ; hợp lệ: {', '.join(allowed)}",
                       f"unknown value; valid: {', '.join(allowed)}")
    if "province" in frame.columns:
        for pos, value in enumerate(frame["province"]):
            if is_blank(value):
                continue
            try:
                province_2024(str(value))
            except FilterError:
                report.add("error", labels[pos], "province", value,
                           "không có tỉnh này", "unknown province")


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
        for fld, value in row.items():
            if value is not None and value < 0:
                report.add("error", label, fld, value, "số liệu âm", "negative figure")
        occ = row.get("occupancy_pct")
        if occ is not None and occ > 100.0:
            report.add("error", label, "occupancy_pct", occ, "tỷ lệ lấp đầy trên 100 %",
                       "occupancy above 100 %")
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


