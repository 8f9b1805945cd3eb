"""Reading a lot register: the field mapping of lot files and the lot checks.

Two kinds of file come in as ``--layer lots``:

* a **detailed plan** (shapefile, GeoPackage, GeoJSON or DXF of the 1/2000 or 1/500 plan, often in
  VN-2000): one polygon per lot. The use class comes from a use column or, in a DXF, from the
  layer name (``DAT_CAY_XANH`` → ``green_water``); legend names are matched accent-insensitively
  (:func:`geo.core.lots_schema.use_class_from_label`). A DXF text inside a polygon is its lot
  number.
* a **lease register** (XLSX/CSV without geometry): rows joined to stored lots by ``lot_id``
  (and ``zone_id`` when given) that update only the lease fields
  (:data:`geo.core.lots_schema.LEASE_FIELDS`).

Geometries arrive in EPSG:4326 (the reader reprojects); areas in hectares, geodesic on the
WGS 84 ellipsoid. The checks of :func:`check_lots` need the zones and run vectorised (STRtree,
``sjoin``): a lot outside every zone, lots overlapping one another beyond
:data:`OVERLAP_TOLERANCE_M2`, a stated area that differs from the geodesic one by more than
:data:`AREA_TOLERANCE`. Findings name the feature, the field and the value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core.crs import geodesic_area_ha
from geo.core.findings import Report, refused
from geo.core.lots_schema import (
    LOT_FIELDS,
    SYNTHETIC_SOURCE,
    investor_type_from_text,
    lease_status_from_text,
    use_class_from_label,
)
from geo.core.text import fold, map_distinct
from geo.imports.fieldmap import M2_TO_HA
from geo.imports.numbers import to_numbers
from geo.settings import WGS84

AREA_TOLERANCE: Final = 0.05
"""Stated vs geodesic lot area: a relative difference above 5 % is reported (design §4.1)."""
OVERLAP_TOLERANCE_M2: Final = 10.0
"""Two lots may overlap by up to 10 m² (digitising slop) before it is reported."""
OVERLAP_TOLERANCE_SHARE: Final = 0.005
"""... and by up to 0.5 % of the smaller lot."""

_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "lot_id": ("lotid", "solo", "sohieulo", "kyhieulo", "malo", "lo", "kyhieu", "lot",
               "lotno", "sohieu", "name"),
    "zone_id": ("zoneid", "makcn", "makhu", "zone"),
    "use_class": ("useclass",),
    "use_label": ("uselabel", "chucnang", "loaidat", "sudungdat", "chucnangsudungdat",
                  "layer", "landuse", "use", "mucdich", "mucdichsudung"),
    "planned_area_ha": ("plannedareaha", "plannedarea", "dientich", "dt", "dtlo", "area",
                        "areaha", "dientichlo"),
    "lease_status": ("leasestatus", "tinhtrang", "trangthai", "tinhtrangthue", "status",
                     "hientrang"),
    "tenant": ("tenant", "nhadautu", "doanhnghiep", "tendoanhnghiep", "khachthue",
               "tennhadautu"),
    "investor_type": ("investortype", "loainhadautu", "nguonvon", "fdiddi", "loaidautu"),
    "certificate_date": ("certificatedate", "ngaycap", "ngaycapgcn", "ngaygcn",
                         "ngaycapgcndt"),
    "building_density_pct": ("buildingdensitypct", "buildingdensity", "matdo", "matdoxaydung",
                             "mdxd"),
    "height_limit_m": ("heightlimitm", "heightlimit", "chieucao", "chieucaotoida", "tangcao"),
    "source": ("source", "nguon"),
    "as_of": ("asof", "ngaycapnhat", "thoidiem"),
}


def lot_mapping(columns: list[str], *, user: Mapping[str, str] | None = None
                ) -> tuple[dict[str, str], dict[str, float]]:
    """Source column → lot field, and source column → unit factor (m² → ha: 0.0001).

    ``user`` overrides win (a field of ``""`` or ``"-"`` drops the column). A column whose
    folded name ends in ``m2`` on ``planned_area_ha`` is in square metres.
    """
    user = dict(user or {})
    mapping = {c: f for c, f in user.items() if f not in ("", "-") and c in columns}
    factors: dict[str, float] = {}
    taken = set(mapping.values())
    for col in columns:
        if col in user:
            continue
        key = fold(col, sep="")
        for target, names in _SYNONYMS.items():
            if target in taken:
                continue
            base, factor = key, 1.0
            if target == "planned_area_ha":
                for suffix, f in (("m2", M2_TO_HA), ("ha", 1.0)):
                    if key.endswith(suffix) and key[: -len(suffix)] in names:
                        base, factor = key[: -len(suffix)], f
            if base in names:
                mapping[col], factors[col] = target, factor
                taken.add(target)
                break
    return mapping, factors


def _numbers(values: pd.Series) -> pd.Series:
    return to_numbers(values)


def _text(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def apply_lot_mapping(frame: gpd.GeoDataFrame, notes: list[str], report: Report, *,
                      mapping: Mapping[str, str] | None = None,
                      synthetic_hint: bool = False) -> gpd.GeoDataFrame:
    """``frame`` (EPSG:4326) renamed to the lot fields, values normalised (use class from the
    legend or layer name, lease status, investor type, m² → ha); returns a new frame with every
    field of :data:`geo.core.lots_schema.LOT_FIELDS` (blank where the file has none).

    Raises
    ------
    ImportRefused
        The user mapping names a column the file lacks or a field that is not a lot field.
    """
    geom = frame.geometry.name
    columns = [str(c) for c in frame.columns if c != geom]
    for src, dst in (mapping or {}).items():
        if src not in columns:
            raise refused(f"--map {src}={dst}: no column {src!r}; columns: {', '.join(columns)}",
                          f"không có cột {src!r}", fld="mapping")
        if dst not in ("", "-") and dst not in LOT_FIELDS:
            raise refused(f"--map {src}={dst}: unknown lot field; valid: {', '.join(LOT_FIELDS)}",
                          f"trường {dst!r} không có", fld="mapping")
    fm, factors = lot_mapping(columns, user=mapping)
    notes.append("lots mapping: " + ", ".join(f"{k}→{v}" for k, v in fm.items()))
    out = gpd.GeoDataFrame(frame[[*fm, geom]].rename(columns=fm), geometry=geom, crs=frame.crs)
    for src, dst in fm.items():
        if LOT_FIELDS[dst] == "float":
            numbers = _numbers(out[dst])
            bad = numbers.isna() & out[dst].map(lambda v: isinstance(v, str) and bool(v.strip()))
            for pos in np.flatnonzero(bad.to_numpy()):
                report.add("error", int(pos), dst, out[dst].iloc[pos], "không phải số",
                           "not a number")
            out[dst] = numbers * factors.get(src, 1.0)
            if factors.get(src, 1.0) != 1.0:
                notes.append(f"column {src} is in m²: converted to ha")
        else:
            out[dst] = map_distinct(out[dst], _text)
    for name, kind in LOT_FIELDS.items():
        if name not in out.columns:
            out[name] = np.nan if kind == "float" else None
    _normalise(out, report)
    if synthetic_hint:
        out["source"] = out["source"].where(out["source"].notna(), SYNTHETIC_SOURCE)
    return gpd.GeoDataFrame(out[[*LOT_FIELDS, geom]].rename_geometry("geometry")
                            if geom != "geometry" else out[[*LOT_FIELDS, geom]],
                            geometry="geometry", crs=out.crs)


def _normalise(out: gpd.GeoDataFrame, report: Report) -> None:
    """Use class, lease status and investor type from the words of the file (in place)."""
    given = out["use_class"].where(out["use_class"].notna(), out["use_label"])
    cls = map_distinct(given, use_class_from_label)
    unknown = cls.isna() & given.notna()
    for pos in np.flatnonzero(unknown.to_numpy()):
        report.add("warning", int(pos), "use_class", given.iloc[pos],
                   "chức năng sử dụng đất không nhận ra: xếp vào 'khác'",
                   "use class not recognised: counted as 'other'")
    has_geometry = out.geometry.notna().any()
    if has_geometry:
        missing = given.isna()
        if missing.any():
            report.add("warning", None, "use_class", None,
                       f"{int(missing.sum())} lô không có chức năng sử dụng đất: xếp vào 'khác'",
                       f"{int(missing.sum())} lot(s) without a use class: counted as 'other'")
        out["use_class"] = cls.fillna("other")
    else:
        out["use_class"] = cls
    status = map_distinct(out["lease_status"], lease_status_from_text)
    for pos in np.flatnonzero((status.isna() & out["lease_status"].notna()).to_numpy()):
        report.add("warning", int(pos), "lease_status", out["lease_status"].iloc[pos],
                   "tình trạng cho thuê không nhận ra: để trống",
                   "lease status not recognised: left empty (leased, vacant, reserved, "
                   "not_leasable)")
    out["lease_status"] = status
    out["investor_type"] = map_distinct(out["investor_type"], investor_type_from_text)


def ensure_lot_ids(lots: gpd.GeoDataFrame, report: Report) -> gpd.GeoDataFrame:
    """Number lots that have no ``lot_id`` (``LOT-00001``...; one warning) and report
    duplicate ids within a zone (or within the file when no zone is given) as errors."""
    out = lots.copy()
    missing = out["lot_id"].isna().to_numpy()
    if missing.any() and out.geometry.notna().any():
        out.loc[missing, "lot_id"] = [f"LOT-{i + 1:05d}" for i in np.flatnonzero(missing)]
        report.add("warning", None, "lot_id", None,
                   f"{int(missing.sum())} lô không có số hiệu: đánh số LOT-00001...",
                   f"{int(missing.sum())} lot(s) without a lot number: numbered LOT-00001...")
    elif missing.any():
        for pos in np.flatnonzero(missing):
            report.add("error", int(pos), "lot_id", None, "thiếu số hiệu lô",
                       "no lot number: the row cannot be joined to a lot")
    key = out["zone_id"].fillna("") + "/" + out["lot_id"].fillna("")
    dup = key.duplicated(keep="first") & out["lot_id"].notna()
    for pos in np.flatnonzero(dup.to_numpy()):
        report.add("error", int(pos), "lot_id", out["lot_id"].iloc[pos],
                   "số hiệu lô bị trùng", "duplicate lot number")
    return out


def match_lots_to_zones(lots: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, report: Report
                        ) -> gpd.GeoDataFrame:
    """Fill ``zone_id``: the lot's own when it names a zone, else the zone whose footprint
    holds the lot's representative point (``sjoin``; the smallest such zone, so a KCN wins over
    the KKT around it). A lot outside every zone, or naming an unknown zone, is an error."""
    out = lots.copy()
    polys = zones[zones.geometry.notna() & zones.geometry.geom_type.isin(
        ["Polygon", "MultiPolygon"])][["zone_id", "geometry"]]
    known = set(zones["zone_id"])
    given = out["zone_id"].notna()
    for pos in np.flatnonzero((given & ~out["zone_id"].isin(known)).to_numpy()):
        report.add("error", _label(out, int(pos)), "zone_id", out["zone_id"].iloc[pos],
                   "không có khu này", "no such zone")
    todo = ~given & out.geometry.notna()
    if todo.any():
        points = gpd.GeoDataFrame({"pos": np.flatnonzero(todo.to_numpy())},
                                  geometry=out.geometry[todo].representative_point().to_numpy(),
                                  crs=WGS84)
        hits = gpd.sjoin(points, polys.to_crs(WGS84), how="inner", predicate="within")
        if len(hits):
            hits["area"] = shapely.area(polys.geometry.loc[hits["index_right"]].to_numpy())
            best = hits.sort_values("area").drop_duplicates("pos")
            out.loc[out.index[best["pos"].to_numpy()], "zone_id"] = best["zone_id"].to_numpy()
    for pos in np.flatnonzero((out["zone_id"].isna() & out.geometry.notna()).to_numpy()):
        rep = out.geometry.iloc[pos].representative_point()
        report.add("error", _label(out, int(pos)), "geometry", f"{rep.x:.5f}, {rep.y:.5f}",
                   "lô nằm ngoài mọi khu (và không có mã khu)",
                   "the lot lies outside every zone's boundary (and names no zone)")
    return out


def _label(frame: pd.DataFrame, pos: int) -> str | int:
    value = frame["lot_id"].iloc[pos]
    return value if isinstance(value, str) and value else pos


def _m2_per_deg2(lat: np.ndarray) -> np.ndarray:
    """Square metres per square degree at latitude ``lat`` (local scale, WGS 84)."""
    return 111_320.0 * np.cos(np.radians(lat)) * 110_574.0


SHRINK: Final = 1e-7
"""Relative shrink of a lot towards its centroid before the candidate search of
:func:`check_overlaps` (0.1 mm per km of the lot's size)."""


def _overlap_candidates(geoms: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, of lots whose interiors may overlap (EPSG:4326 polygons).

    Neighbouring lots of a plan share their edges, so nearly every pair whose boxes meet only
    touches; testing each for a shared interior costs more than all the other checks. Instead
    each lot is shrunk towards its centroid by :data:`SHRINK` of its size (a similarity, so
    the shrunk lot moves every point by at most ``SHRINK × R``, ``R`` the lot's largest
    distance from its centroid) and the STRtree of the lots is asked which ones the shrunk
    lot intersects. A neighbour that only touches is not hit; an overlap is hit unless it
    is a sliver narrower than ``2 × SHRINK × R`` (under 1 mm for a 5 km lot), whose area is
    far below :data:`OVERLAP_TOLERANCE_M2`. The candidates' overlap areas are then computed
    exactly.
    """
    index = np.flatnonzero(valid)
    parts = geoms[index]
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    centre = shapely.get_coordinates(shapely.centroid(parts))[owner]
    shrunk = shapely.set_coordinates(parts.copy(), centre + (1.0 - SHRINK) * (coords - centre))
    tree = shapely.STRtree(parts)
    a, b = tree.query(shrunk, predicate="intersects")
    keep = a != b
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    pairs = np.unique(lo.astype(np.int64) * len(parts) + hi)
    return index[pairs // len(parts)], index[pairs % len(parts)]


def check_overlaps(lots: gpd.GeoDataFrame, report: Report) -> int:
    """Report pairs of lots overlapping by more than :data:`OVERLAP_TOLERANCE_M2` and
    :data:`OVERLAP_TOLERANCE_SHARE` of the smaller lot (candidates from
    :func:`_overlap_candidates`, vectorised intersection areas); returns the number of
    pairs."""
    geoms = lots.geometry.to_numpy()
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if valid.sum() < 2:
        return 0
    left, right = _overlap_candidates(geoms, valid)
    if not len(left):
        return 0
    inter = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    lat = shapely.get_y(shapely.centroid(geoms[left]))
    scale = _m2_per_deg2(lat)
    overlap_m2 = inter * scale
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right])) * scale
    bad = (overlap_m2 > OVERLAP_TOLERANCE_M2) & (overlap_m2 > OVERLAP_TOLERANCE_SHARE * smaller)
    for i, j, m2 in zip(left[bad][:200], right[bad][:200], overlap_m2[bad][:200], strict=True):
        other = _label(lots, int(j))
        report.add("error", _label(lots, int(i)), "geometry", f"{other}: {m2:,.0f} m²",
                   f"chồng lấn lô {other} ({m2:,.0f} m², dung sai {OVERLAP_TOLERANCE_M2:g} m²)",
                   f"overlaps lot {other} by {m2:,.0f} m² (tolerance {OVERLAP_TOLERANCE_M2:g} "
                   f"m² and {100 * OVERLAP_TOLERANCE_SHARE:g} % of the smaller lot)")
    return int(bad.sum())


def check_lot_areas(lots: gpd.GeoDataFrame, report: Report) -> None:
    """Warn where the stated ``planned_area_ha`` differs from the geodesic area of the polygon
    by more than :data:`AREA_TOLERANCE` (both values and the tolerance in the message)."""
    stated = lots["planned_area_ha"].to_numpy(dtype="float64")
    geoms = lots.geometry.to_numpy()
    has = ~np.isnan(stated) & ~shapely.is_missing(geoms)
    approx = np.full(len(lots), np.nan)  # local-scale area (ha): picks the few to check exactly
    approx[has] = shapely.area(geoms[has]) * _m2_per_deg2(
        shapely.get_y(shapely.centroid(geoms[has]))) / 1e4
    with np.errstate(divide="ignore", invalid="ignore"):
        near = np.abs(stated - approx) / approx > AREA_TOLERANCE * 0.8
    for pos in np.flatnonzero(has & near):
        computed = geodesic_area_ha(lots.geometry.iloc[pos])
        if computed > 0 and abs(stated[pos] - computed) / computed > AREA_TOLERANCE:
            report.add("warning", _label(lots, int(pos)), "planned_area_ha",
                       f"{stated[pos]:g}",
                       f"diện tích ghi {stated[pos]:g} ha khác diện tích hình {computed:.4f} ha "
                       f"quá {100 * AREA_TOLERANCE:g} %",
                       f"stated area {stated[pos]:g} ha differs from the geodesic area "
                       f"{computed:.4f} ha by more than {100 * AREA_TOLERANCE:g} %")


def check_lots(lots: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, report: Report
               ) -> gpd.GeoDataFrame:
    """All checks of a plan's lots (EPSG:4326) against the zones: ids, zone matching,
    overlaps, areas. Returns the lots with ``zone_id`` filled where found."""
    out = match_lots_to_zones(lots, zones, report)
    out = ensure_lot_ids(out, report)
    check_overlaps(out, report)
    check_lot_areas(out, report)
    return out


def is_lease_register(frame: pd.DataFrame) -> bool:
    """A table without geometries: a lease register (updates the lease fields of lots)."""
    return "geometry" not in frame.columns or not frame["geometry"].notna().any()

