"""VN-2000 coordinate reference systems and geodesic measures.

Areas are computed on the WGS 84 ellipsoid (geodesic) or planar in a VN-2000 TM-3 provincial
projection (k0 = 0.9999, false easting 500 000 m); never in degrees or Web Mercator (design §4.1).
The VN-2000 → WGS 84 datum shift is left to PROJ, which picks EPSG:6960 (Decision 05/2007/QĐ-BTNMT
parameters, coordinate-frame rotations) from the EPSG codes.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, Final

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

from geo.core.admin import province_2024
from geo.errors import CRSError
from geo.settings import PROVINCES_2024, UTM_48N, UTM_49N, WGS84

GEOD = Geod(ellps="WGS84")
"""The WGS 84 ellipsoid (VN-2000 uses the same ellipsoid)."""

M2_PER_HA = 10_000.0


def vn2000_epsg(province: str) -> int:
    """EPSG code of the VN-2000 TM-3 CRS of a 2024 province (its central meridian, Circular 973).

    Parameters
    ----------
    province : a 2024 province name (Vietnamese or English), slug or GSO code.

    Notes
    -----
    Drawings made before the 2025 mergers keep their old province's meridian, so the lookup is by
    the 2024 province. Hà Nội, Vĩnh Phúc, Hà Nam and Ninh Bình (105°00') use EPSG:5897, which is
    "TM-3 zone 482" with central meridian 105°E — the same projection.
    """
    return province_2024(province).vn2000_epsg


def central_meridian(crs: CRS) -> float | None:
    """Central meridian (decimal degrees east) of a transverse Mercator CRS, else None."""
    op = crs.coordinate_operation
    if op is None:
        return None
    for param in op.params:
        if param.name == "Longitude of natural origin":
            return float(param.value)
    return None


def vn2000_crs_choices() -> dict[str, int]:
    """Labels → EPSG codes of the VN-2000 projected CRSs a user may pick (TM-3, UTM)."""
    choices: dict[str, int] = {}
    for p in PROVINCES_2024:
        meridian = f"{int(p.central_meridian)}°{round((p.central_meridian % 1) * 60):02d}'"
        choices[f"VN-2000 TM-3 {meridian} ({p.name})"] = p.vn2000_epsg
    choices["VN-2000 UTM 48N"] = UTM_48N
    choices["VN-2000 UTM 49N"] = UTM_49N
    return choices


def require_crs(gdf: gpd.GeoDataFrame, *, what: str = "layer") -> CRS:
    """Return the CRS of ``gdf`` or raise :class:`CRSError` saying how to fix a missing one."""
    if gdf.crs is None:
        raise CRSError(
            f"{what} has no CRS: set it with gdf.set_crs('EPSG:4326') for lon/lat degrees, or the "
            "VN-2000 EPSG code of its projection (e.g. EPSG:9209 for TM-3 105°30')"
        )
    return CRS.from_user_input(gdf.crs)


def geodesic_area_ha(geom: BaseGeometry | None) -> float:
    """Geodesic area of a lon/lat (EPSG:4326) geometry on the WGS 84 ellipsoid, in hectares.

    Returns NaN for a missing or empty geometry and 0 for points and lines.
    """
    if geom is None or geom.is_empty:
        return math.nan
    area_m2, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area_m2) / M2_PER_HA


EQUAL_AREA: Final = ("+proj=aea +lat_0=16 +lat_1=10 +lat_2=22 +lon_0=106 +ellps=WGS84 "
                     "+units=m +no_defs")
"""An Albers equal-area projection on the WGS 84 ellipsoid over Vietnam: planar areas in it are
ellipsoidal areas (up to the straight-vs-geodesic edges: < 1e-6 of a zone's area)."""


@cache
def _to_equal_area() -> Transformer:
    return Transformer.from_crs(WGS84, EQUAL_AREA, always_xy=True)


def equal_area_ha(geoms: Any) -> np.ndarray:
    """Ellipsoidal (WGS 84) areas in hectares of an array of lon/lat (EPSG:4326) geometries, all
    at once through :data:`EQUAL_AREA`; NaN for missing or empty ones, 0 for points and lines.

    A screen for :func:`geodesic_area_ha` (per geometry, the figure of record): where a rule's
    outcome could depend on the last 0.1 %, the caller recomputes it geodesically.
    """
    arr = np.asarray(geoms, dtype=object)
    out = np.full(len(arr), np.nan)
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    if present.any():
        def forward(xy: np.ndarray) -> np.ndarray:
            x, y = _to_equal_area().transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])
        projected = shapely.transform(arr[present], forward)
        out[present] = shapely.area(projected) / M2_PER_HA
    return out


def geodesic_distance_m(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray,
                        lat2: np.ndarray) -> np.ndarray:
    """Geodesic distances (m) on the WGS 84 ellipsoid between lon/lat (degrees) point arrays."""
    _, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype="float64")


def vn2000_xy(lon: float, lat: float, province: str) -> tuple[float, float, int]:
    """VN-2000 TM-3 coordinates of a WGS 84 point in a 2024 province's projection.

    Parameters
    ----------
    lon, lat : WGS 84 (EPSG:4326) longitude and latitude in degrees (that order).
    province : the 2024 province whose central meridian applies (see :func:`vn2000_epsg`).

    Returns
    -------
    (x, y, epsg)
        ``x`` northing and ``y`` easting in metres (the Vietnamese survey convention: X north,
        Y east, false easting 500 000 m), and the EPSG code used. PROJ picks the datum shift.
    """
    epsg = vn2000_epsg(province)
    transformer = Transformer.from_crs(WGS84, f"EPSG:{epsg}", always_xy=True)
    easting, northing = transformer.transform(lon, lat)
    return float(northing), float(easting), epsg
