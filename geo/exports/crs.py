"""The CRS an export is written in (see :mod:`geo.exports.writers` for the rules per format).

``geojson``, ``kml``, ``csv`` and ``xlsx`` are always WGS 84 (EPSG:4326); ``gpkg`` and ``shp``
take EPSG:4326, a VN-2000 CRS (TM-3 provincial, UTM 48N/49N, geographic), WGS 84 UTM 48N/49N, or
:data:`VN2000_AUTO`: the TM-3 CRS of the features' 2024 province (refused when the selection
spans TM-3 meridians). A refusal is :class:`~geo.errors.ExportError`.
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError as ProjCRSError

from geo.core.admin import province_2024
from geo.errors import AtlasError, ExportError
from geo.exports.formats import FORMAT_NAMES, WGS84_ONLY, check_format

VN2000_AUTO: Final = "vn2000"
"""``crs`` value meaning: the VN-2000 TM-3 provincial CRS of the features' 2024 province."""

UTM_48N_WGS84: Final = 32648

_PROJECTED_LONLAT_DATUMS: Final = ("Vietnam 2000",)


def _parse_crs(crs: str | int) -> CRS:
    try:
        value = CRS.from_user_input(crs)
    except ProjCRSError as exc:
        raise ExportError(f"unknown CRS {crs!r}: give an EPSG code such as EPSG:4326, "
                          "EPSG:9209 (VN-2000 TM-3 105°30') or EPSG:3405 (VN-2000 UTM 48N), "
                          f"or {VN2000_AUTO!r}") from exc
    datum = value.datum.name if value.datum is not None else ""
    ok = (value == CRS.from_epsg(4326) or value.to_epsg() in (UTM_48N_WGS84, UTM_48N_WGS84 + 1)
          or any(d in datum for d in _PROJECTED_LONLAT_DATUMS))
    if not ok:
        raise ExportError(f"CRS {crs!r} ({value.name}) is not offered: use EPSG:4326 (WGS 84), a "
                          "VN-2000 CRS (TM-3 e.g. EPSG:9209, UTM 48N EPSG:3405, 49N EPSG:3406), "
                          f"WGS 84 UTM 48N/49N (EPSG:32648/32649) or {VN2000_AUTO!r}")
    return value

def _auto_vn2000(gdf: gpd.GeoDataFrame) -> CRS:
    if "province" not in gdf.columns or gdf["province"].dropna().empty:
        raise ExportError(f"crs {VN2000_AUTO!r} needs the features' 2024 province (field "
                          "'province'); give an EPSG code instead, e.g. EPSG:3405")
    by_code: dict[int, list[str]] = {}
    for name in sorted(set(gdf["province"].dropna().astype(str))):
        try:
            p = province_2024(name)
        except AtlasError as exc:
            raise ExportError(f"crs {VN2000_AUTO!r}: {exc}") from exc
        by_code.setdefault(p.vn2000_epsg, []).append(p.name)
    if len(by_code) > 1:
        listed = "; ".join(f"EPSG:{code} ({', '.join(names)})" for code, names in by_code.items())
        raise ExportError(f"the selection spans provinces with different VN-2000 TM-3 meridians "
                          f"({listed}): choose VN-2000 UTM 48N (EPSG:3405) or one of these codes",
                          message_vi=f"các tỉnh đang chọn thuộc các kinh tuyến trục VN-2000 "
                                     f"TM-3 khác nhau ({listed}): chọn VN-2000 UTM 48N "
                                     "(EPSG:3405) hoặc một trong các mã này")
    return CRS.from_epsg(next(iter(by_code)))

def resolve_crs(gdf: gpd.GeoDataFrame, *, fmt: str, crs: str | int | None = None) -> CRS:
    """The CRS an export of ``gdf`` in ``fmt`` is written in (see the module notes).

    Raises
    ------
    ExportError
        A CRS other than WGS 84 for geojson/kml/csv/xlsx; an unknown or unsupported CRS;
        ``"vn2000"`` over provinces with different TM-3 meridians.
    """
    fmt = check_format(fmt)
    if crs is None or (isinstance(crs, str) and not crs.strip()):
        return CRS.from_epsg(4326)
    if isinstance(crs, str) and crs.strip().lower() == VN2000_AUTO:
        value = _auto_vn2000(gdf) if fmt not in WGS84_ONLY else None
    else:
        value = _parse_crs(crs)
    if fmt in WGS84_ONLY and (value is None or value != CRS.from_epsg(4326)):
        raise ExportError(f"{FORMAT_NAMES[fmt]} is always WGS 84 lon/lat (EPSG:4326); CRS {crs!r} "
                          "can be used for GeoPackage (gpkg) or Shapefile (shp) only")
    assert value is not None
    return value
