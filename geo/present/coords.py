"""The coordinate readout of a clicked map point: WGS 84 and the province's VN-2000.

The map shows WGS 84 live under the pointer (in the browser); the VN-2000 TM-3 coordinates of
a clicked point are computed here with pyproj (:func:`geo.core.crs.vn2000_xy`), in the
projection of the 2024 province the point lies in (drawings keep their old province's
meridian after the 2025 mergers, design §4.1).
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.core.crs import vn2000_xy
from geo.core.i18n import Lang, fmt_number, t
from geo.errors import AtlasError


def province_at(provinces: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """Name of the province (``name`` column, EPSG:4326 polygons) containing the point, or None.
    """
    if provinces.empty:
        return None
    point = shapely.Point(lon, lat)
    hits = provinces[provinces.geometry.intersects(point)]
    return None if hits.empty else str(hits["name"].iloc[0])


def _deg(value: float, lang: Lang) -> str:
    return f"{fmt_number(value, lang, digits=6)}°"


def point_readout(lon: float, lat: float, provinces_2024: gpd.GeoDataFrame, *,
                  lang: Lang = "vi") -> str:
    """One line: the point's WGS 84 lat/lon (degrees) and its VN-2000 X/Y (metres).

    Parameters
    ----------
    lon, lat : WGS 84 degrees.
    provinces_2024 : the 2024 province polygons (EPSG:4326, ``name``); the point's province
        gives the VN-2000 central meridian. Outside them the line says there is no provincial
        system.

    The text is plain (the caller escapes it for Markdown).
    """
    wgs = f"{t('click_point', lang)} — WGS 84: {_deg(lat, lang)} N, {_deg(lon, lang)} E"
    province = province_at(provinces_2024, lon, lat)
    if province is None:
        return f"{wgs}; VN-2000: {t('click_point_outside', lang)}"
    try:
        x, y, epsg = vn2000_xy(lon, lat, province)
    except AtlasError:
        return f"{wgs}; VN-2000: {t('click_point_outside', lang)}"
    vn = t("click_point_vn2000", lang).format(province=province, epsg=epsg,
                                               x=fmt_number(x, lang, digits=2),
                                               y=fmt_number(y, lang, digits=2))
    return f"{wgs}; {vn}"
