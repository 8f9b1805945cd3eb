"""Static maps of the zones by status over the province outlines: the report's PNG and the map
page's printable view (PNG or PDF, :func:`view_map_image`).

Drawn offline with matplotlib's Agg canvas (no pyplot, no display, no network): province
polygons of the chosen edition (coarse, display only), zone footprints filled and zone points
as dots, coloured by status as on the web map (:data:`geo.maps.zone_map.STATUS_COLORS`).
Coordinates are WGS 84 lon/lat degrees (EPSG:4326), drawn with the aspect of ~21°N.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Final, Literal

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from geo.core.i18n import Lang, t
from geo.core.schema import ZONE_STATUSES
from geo.errors import FilterError
from geo.present.palette import NO_DATA_COLOR, PROVINCE_FILL, SELECTED_COLOR, STATUS_COLORS
from geo.settings import WGS84

SELECTED_MARGIN_DEG: Final = 0.03
"""Margin around a selected zone in a printed view (degrees, ~3 km), as the web map zooms."""


def _draw_zones(ax: Axes, zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, *,
                lang: Lang, selected_zone_id: str | None = None, labels: bool = False,
                zoom_to_selected: bool = False) -> None:
    """Provinces, zones by status (polygons filled, points as dots), legend; EPSG:4326.

    The view is the located zones (or the delta's provinces), or — with ``zoom_to_selected``
    and a located selected zone — that zone with :data:`SELECTED_MARGIN_DEG` around it.
    """
    located = zones[zones.geometry.notna() & ~zones.geometry.is_empty].to_crs(WGS84)
    outlines = provinces.to_crs(WGS84)
    outlines.plot(ax=ax, facecolor=PROVINCE_FILL, edgecolor="#888888", linewidth=0.6)
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
    chosen = located[located["zone_id"] == selected_zone_id] if selected_zone_id else located[:0]
    if not chosen.empty:
        chosen.boundary.plot(ax=ax, color=SELECTED_COLOR, linewidth=1.6)
    frame = located if not located.empty else outlines[outlines["in_delta"].astype(bool)]
    if zoom_to_selected and not chosen.empty:
        frame = chosen
    minx, miny, maxx, maxy = frame.total_bounds
    pad = (SELECTED_MARGIN_DEG if frame is chosen
           else max(maxx - minx, maxy - miny, 0.2) * 0.08)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    if labels:  # province names at a representative point, inside the view
        for name, geom in zip(outlines["name"], outlines.geometry, strict=True):
            if geom is None or geom.is_empty:
                continue
            point = geom.representative_point()
            if minx - pad <= point.x <= maxx + pad and miny - pad <= point.y <= maxy + pad:
                ax.annotate(str(name), (point.x, point.y), ha="center", va="center",
                            fontsize=7, color="#333333", fontweight="bold", clip_on=True)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("")
    ax.set_ylabel("")
    handles = [Line2D([], [], marker="s", linestyle="", markersize=8, color=STATUS_COLORS[s],
                      label=t(f"status_{s}", lang)) for s in ZONE_STATUSES]
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9,
              title=t("map_legend_status", lang), title_fontsize=7)


def zone_status_png(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, *, lang: Lang = "vi",
                    dpi: int = 110) -> bytes:
    """PNG bytes of the zones (any CRS; reprojected to EPSG:4326) over the province outlines.

    Zones without a location are not drawn (the report's tables still count them). The view is
    the zones' extent with a margin, or the delta provinces' when no zone is located.
    """
    figure = Figure(figsize=(7.0, 6.0), dpi=dpi)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    _draw_zones(ax, zones, provinces, lang=lang)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def view_map_image(zones: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, *, title: str,
                   caption: str, lang: Lang = "vi", selected_zone_id: str | None = None,
                   fmt: Literal["png", "pdf"] = "png", dpi: int = 150) -> bytes:
    """The map page's view for a report: title, map (zones by status over the provinces, with
    their names, legend, the selected zone outlined) and a caption with the figures shown.

    Parameters
    ----------
    zones : the filtered zones (any CRS; drawn in EPSG:4326 lon/lat degrees).
    provinces : the province polygons of the edition shown (``name``, ``in_delta``).
    title, caption : plain text (matplotlib draws text literally: nothing is evaluated).
    selected_zone_id : the zone to outline; the view is then that zone with ~3 km around it,
        as the web map shows it after the zone is picked (else the whole selection).
    fmt : ``png`` or ``pdf`` (A4 landscape, 297 × 210 mm; vector).

    Drawn offline with matplotlib's Agg/PDF backends (no browser, no network).
    """
    if fmt not in ("png", "pdf"):
        raise FilterError(f"fmt: {fmt!r} is not one of png, pdf", valid=["png", "pdf"])
    figure = Figure(figsize=(11.69, 8.27), dpi=dpi)
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=13, fontweight="bold", x=0.02, ha="left")
    ax = figure.add_axes((0.04, 0.13, 0.92, 0.79))
    _draw_zones(ax, zones, provinces, lang=lang, selected_zone_id=selected_zone_id,
                labels=True, zoom_to_selected=True)
    figure.text(0.02, 0.02, "\n".join(textwrap.wrap(caption, 170)), fontsize=8.5,
                va="bottom", ha="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt)
    return buffer.getvalue()
