"""Static PNG map of the zones by status over the province outlines (for the report).

Drawn offline with matplotlib's Agg canvas (no pyplot, no display, no network): province
polygons of the chosen edition (coarse, display only), zone footprints filled and zone points
as dots, coloured by status as on the web map (:data:`geo.maps.zone_map.STATUS_COLORS`).
Coordinates are WGS 84 lon/lat degrees (EPSG:4326), drawn with the aspect of ~21°N.
"""

from __future__ import annotations

import io
import math

import geopandas as gpd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from geo.core.i18n import Lang, t
from geo.core.schema import ZONE_STATUSES
from geo.maps.zone_map import NO_DATA_COLOR, STATUS_COLORS
from geo.settings import WGS84


def zone_status_png(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, *, lang: Lang = "vi",
                    dpi: int = 110) -> bytes:
    """PNG bytes of the zones (any CRS; reprojected to EPSG:4326) over the province outlines.

    Zones without a location are not drawn (the report's tables still count them). The view is
    the zones' extent with a margin, or the delta provinces' when no zone is located.
    """
    figure = Figure(figsize=(7.0, 6.0), dpi=dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    located = zones[zones.geometry.notna() & ~zones.geometry.is_empty].to_crs(WGS84)
    outlines = provinces.to_crs(WGS84)
    outlines.plot(ax=ax, facecolor="#f4f4f0", edgecolor="#888888", linewidth=0.6)
    for status in (*ZONE_STATUSES, None):
        part = located[located["status"] == status] if status else located[
            ~located["status"].isin(ZONE_STATUSES)]
        if part.empty:
            continue
        color = STATUS_COLORS.get(str(status), NO_DATA_COLOR)
        polys = part[part.geom_type.isin(["Polygon", "MultiPolygon"])]
        points = part[~part.geom_type.isin(["Polygon", "MultiPolygon"])]
        if not polys.empty:
            polys.plot(ax=ax, facecolor=color, edgecolor="#333333", linewidth=0.3, alpha=0.85)
        if not points.empty:
            points.plot(ax=ax, color=color, markersize=14, edgecolor="#333333", linewidth=0.3)
    frame = located if not located.empty else outlines[outlines["in_delta"].astype(bool)]
    minx, miny, maxx, maxy = frame.total_bounds
    pad = max(maxx - minx, maxy - miny, 0.2) * 0.08
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.tick_params(labelsize=7)
    handles = [Line2D([], [], marker="s", linestyle="", markersize=8, color=STATUS_COLORS[s],
                      label=t(f"status_{s}", lang)) for s in ZONE_STATUSES]
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
