"""Checks of an imported boundary against what is known of its zone (issue 10).

A boundary matched to a stored zone (by id or name) is compared with the zone's known location,
its planned area and its province. Each check gives a warning (not an error: the upload may be
the better figure) naming the feature, the field and the values. Pure: no I/O, no Streamlit;
geometries in EPSG:4326 (lon/lat degrees), distances geodesic on WGS 84 in metres, areas in
hectares.

Thresholds (stated here, shown in the warnings):

- **location** — the new boundary lies farther from the zone's known location (the centre of
  its stored footprint or point) than that location's uncertainty,
  :data:`LOCATION_TOLERANCE_M` by ``location_precision``: zone 1 km, commune 5 km, district
  15 km (unknown precision: the district's 15 km);
- **area** — the boundary's geodesic area differs from the planned area of record by more than
  :data:`AREA_TOLERANCE` (20 %). Design §4.1 flags a surveyed polygon whose area differs from the
  reported one by more than 5 % *for display*; at import a wider tolerance keeps phased plans,
  rounding and expansions from burying the real mistakes (a wrong or mis-scaled polygon);
- **province** — the boundary's representative point lies outside the zone's 2024 province by
  more than :data:`PROVINCE_BUFFER_M` (5 km): the bundled province polygons are Natural Earth
  1:10M, coarse by a few kilometres, so only a clear miss is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.core.admin import canonical_province
from geo.core.crs import GEOD, geodesic_area_ha
from geo.errors import AtlasError

LOCATION_TOLERANCE_M: Final[dict[str, float]] = {
    "zone": 1_000.0, "commune": 5_000.0, "district": 15_000.0}
"""How far (m) a boundary may lie from the known location, by ``location_precision``."""
UNKNOWN_PRECISION_TOLERANCE_M: Final = 15_000.0
AREA_TOLERANCE: Final = 0.20
"""Largest relative difference between a boundary's area and the planned area (0.20 = 20 %)."""
PROVINCE_BUFFER_M: Final = 5_000.0
"""Allowance (m) for the coarse Natural Earth 1:10M province boundaries."""

Check = Literal["location", "area", "province"]


@dataclass(frozen=True)
class BoundaryWarning:
    """One finding: which ``check``, the ``field`` (always ``geometry``), a short ``value``
    (the measured figure) and the messages in Vietnamese and English."""

    check: Check
    field: str
    value: str
    message_vi: str
    message_en: str


def _usable(geom: object) -> bool:
    return isinstance(geom, BaseGeometry) and not geom.is_empty


def _distance_m(point: Point, geom: BaseGeometry) -> float:
    """Geodesic distance (m) from ``point`` to the nearest point of ``geom`` (0 inside it)."""
    if geom.covers(point):
        return 0.0
    near = nearest_points(geom, point)[0]
    _, _, dist = GEOD.inv(point.x, point.y, near.x, near.y)
    return float(dist)


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f}"


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number or number <= 0 else number


def check_location(new: BaseGeometry, known: BaseGeometry, precision: object, *,
                   name: str) -> BoundaryWarning | None:
    """Warn when ``new`` lies farther from the centre of ``known`` than its precision allows."""
    limit = LOCATION_TOLERANCE_M.get(str(precision), UNKNOWN_PRECISION_TOLERANCE_M)
    centre = known if known.geom_type == "Point" else known.centroid
    dist = _distance_m(centre, new)
    if dist <= limit:
        return None
    prec = str(precision) if precision in LOCATION_TOLERANCE_M else "unknown"
    return BoundaryWarning(
        "location", "geometry", f"{_km(dist)} km",
        f"Ranh giới nhập cách vị trí đã biết của {name} {_km(dist)} km (ngưỡng {_km(limit)} km "
        f"theo độ chính xác vị trí '{prec}'): kiểm tra lại hình hoặc khu được khớp.",
        f"the imported boundary lies {_km(dist)} km from the known location of {name} "
        f"(threshold {_km(limit)} km for location precision '{prec}'): check the shape or the "
        "zone it was matched to")


def check_area(new: BaseGeometry, planned_ha: object, *, name: str) -> BoundaryWarning | None:
    """Warn when the geodesic area of polygon ``new`` is off the planned area by > 20 %."""
    planned = _number(planned_ha)
    if planned is None or new.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    area = geodesic_area_ha(new)
    diff = area / planned - 1.0
    if abs(diff) <= AREA_TOLERANCE:
        return None
    pct, tol = f"{100 * diff:+.0f}", f"{100 * AREA_TOLERANCE:.0f}"
    return BoundaryWarning(
        "area", "geometry", f"{area:.1f} ha",
        f"Diện tích ranh giới nhập {area:.1f} ha lệch {pct} % so với diện tích quy hoạch của "
        f"{name} ({planned:.1f} ha; ngưỡng ±{tol} %).",
        f"the imported boundary's area {area:.1f} ha differs by {pct} % from the planned area "
        f"of {name} ({planned:.1f} ha; tolerance ±{tol} %)")


def check_province(new: BaseGeometry, province: BaseGeometry, *, province_name: str,
                   name: str) -> BoundaryWarning | None:
    """Warn when ``new`` lies outside ``province`` by more than :data:`PROVINCE_BUFFER_M`."""
    dist = _distance_m(new.representative_point(), province)
    if dist <= PROVINCE_BUFFER_M:
        return None
    buffer = _km(PROVINCE_BUFFER_M)
    return BoundaryWarning(
        "province", "geometry", f"{_km(dist)} km",
        f"Ranh giới nhập của {name} nằm ngoài tỉnh {province_name} ({_km(dist)} km; đã nới "
        f"{buffer} km vì ranh giới tỉnh Natural Earth 1:10M thô).",
        f"the imported boundary of {name} lies outside {province_name} ({_km(dist)} km away; a "
        f"{buffer} km allowance covers the coarse Natural Earth 1:10M boundary)")


def check_boundary(new: object, old: Mapping[str, Any], rec: Mapping[str, Any], *,
                   provinces: Mapping[str, BaseGeometry] | None = None
                   ) -> list[BoundaryWarning]:
    """The warnings on a boundary ``new`` matched to the stored zone ``old``.

    Parameters
    ----------
    new : the imported geometry (EPSG:4326); nothing is checked for a missing or empty one.
    old : the stored zone (``geometry``, ``location_precision``, ``planned_area_ha``,
        ``province``, ``name``).
    rec : the imported row (its ``planned_area_ha`` / ``province``, when given, win).
    provinces : 2024 province name → polygon (EPSG:4326, Natural Earth 1:10M); None or a
        province not in it: no province check.

    Returns
    -------
    list of BoundaryWarning
        In the order location, area, province; empty for a plausible boundary.
    """
    if not _usable(new):
        return []
    assert isinstance(new, BaseGeometry)
    name = str(old.get("name") or rec.get("name") or old.get("zone_id") or "?")
    found: list[BoundaryWarning | None] = []
    known = old.get("geometry")
    if _usable(known):
        found.append(check_location(new, known, old.get("location_precision"), name=name))
    planned = rec.get("planned_area_ha")
    found.append(check_area(new, planned if _number(planned) else old.get("planned_area_ha"),
                            name=name))
    province = rec.get("province") if isinstance(rec.get("province"), str) and rec.get(
        "province") else old.get("province")
    if provinces and isinstance(province, str):
        try:
            province = canonical_province(province, edition=2024)
        except AtlasError:
            province = None
        if province is not None and _usable(provinces.get(province)):
            found.append(check_province(new, provinces[province], province_name=province,
                                        name=name))
    return [w for w in found if w is not None]
