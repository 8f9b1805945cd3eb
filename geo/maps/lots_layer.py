"""The lots a map view needs: by viewport and zoom, simplified to the zoom's resolution, budgeted.

A map of 100,000 lots cannot send every lot: as GeoJSON that is ~145 MB, which no browser
draws. :func:`lots_in_view` is what the map page sends instead, for the view the user looks at:

- below :data:`LOTS_MIN_ZOOM` (region and province zoom), or when the lots in view exceed the
  budget, one point per zone with its lot counts (an *aggregate*, ``stats.aggregated`` says why);
- otherwise the lots whose geometry intersects the view's bounding box (spatial index query),
  simplified with a tolerance of half a pixel at that zoom and latitude (Web Mercator metres per
  pixel) and with coordinates rounded to the decimals that still resolve a pixel.

The feature and byte budgets are hard limits: the features returned never exceed them (a view
over budget falls back to the aggregate, and an aggregate over budget is cut, with
``stats.truncated``). Pure: no streamlit, no folium (the Leaflet layer is
:mod:`geo.maps.lots_map`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core.crs import require_crs
from geo.core.i18n import Lang, fmt_number, t
from geo.core.text import escape_html, is_blank
from geo.errors import ParameterError

LOTS_MIN_ZOOM = 14
"""Lots are drawn one by one from this zoom (≈ 9 m per pixel at 21° N); below it, aggregates."""
DEFAULT_MAX_BYTES = 3_000_000
"""Byte budget of the features of one view (UTF-8 JSON): well under the 5 MB page target."""
DEFAULT_MAX_FEATURES = 25_000
"""Feature budget of one view: what a canvas renderer draws in well under 2 s."""
EARTH_CIRCUMFERENCE_M = 40_075_016.686
"""Equatorial circumference of the Web Mercator sphere (m): 256-px tiles at zoom 0."""
LOT_FIELDS = ("lot_id", "zone_id", "use_class", "lease_status")


@dataclass(frozen=True)
class ViewStats:
    """What :func:`lots_in_view` sent and why.

    Attributes
    ----------
    zoom : the map zoom (Web Mercator level).
    bbox : (min lon, min lat, max lon, max lat) of the view, degrees.
    in_view : lots whose geometry intersects the view.
    features : features returned (lots, or zone aggregates).
    bytes : UTF-8 bytes of the returned features as compact JSON.
    aggregated : True when the features are per-zone aggregates, not lots.
    reason : ``"lots"``, ``"zoom"`` (below the minimum zoom), ``"features"`` or ``"bytes"``
        (the lots in view exceed that budget).
    tolerance_deg : simplification tolerance used (degrees; 0 for aggregates).
    decimals : decimals of the coordinates sent.
    truncated : aggregates cut at the budget (only with a budget smaller than the zones in view).
    """

    zoom: float
    bbox: tuple[float, float, float, float]
    in_view: int
    features: int
    bytes: int
    aggregated: bool
    reason: str
    tolerance_deg: float
    decimals: int
    truncated: bool = False


def metres_per_pixel(zoom: float, lat: float) -> float:
    """Ground size of a 256-px-tile pixel (m) at ``zoom`` and latitude ``lat`` (degrees)."""
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(lat)) / (256 * 2 ** zoom)


def tolerance_deg(zoom: float, lat: float) -> float:
    """Simplification tolerance (degrees of latitude): half a pixel at ``zoom``, ``lat``."""
    return 0.5 * metres_per_pixel(zoom, lat) / 111_320.0


def decimals_for(zoom: float, lat: float) -> int:
    """Decimals of a degree that resolve half a pixel at ``zoom`` (between 3 and 7)."""
    step = tolerance_deg(zoom, lat)
    return int(min(7, max(3, math.ceil(-math.log10(step)))))


def _check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    try:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"bbox: expected (min lon, min lat, max lon, max lat), got "
                             f"{bbox!r}") from exc
    if not all(map(math.isfinite, (minx, miny, maxx, maxy))) or minx > maxx or miny > maxy:
        raise ParameterError(f"bbox: {bbox!r} is not (min lon, min lat, max lon, max lat)")
    return minx, miny, maxx, maxy


def _text(value: Any) -> str:
    return "" if is_blank(value) else str(value)


def _labelled(codes: list[str], prefix: str, lang: Lang) -> list[str]:
    """The label of each code (``use_industrial`` …) in ``lang``, looked up once per code."""
    names = {c: t(f"{prefix}{c}", lang) if c else "" for c in set(codes)}
    return [names[c] for c in codes]


def _lot_features(lots: pd.DataFrame, geoms: np.ndarray, lang: Lang) -> list[str]:
    """Compact GeoJSON Feature strings for ``lots`` and their geometry; the tooltip (lot id,
    use, lease status, tenant in ``lang``) HTML-escaped."""
    geojson = shapely.to_geojson(geoms)
    cols = {c: [_text(v) for v in lots[c]] if c in lots.columns else [""] * len(lots)
            for c in LOT_FIELDS}
    tenant = [_text(v) for v in lots["tenant"]] if "tenant" in lots.columns else [""] * len(lots)
    shown = [cols["lot_id"], _labelled(cols["use_class"], "use_", lang),
             _labelled(cols["lease_status"], "lease_", lang), tenant]
    out = []
    for i, geometry in enumerate(geojson):
        props = {c: cols[c][i] for c in LOT_FIELDS}
        props["t"] = escape_html(" · ".join(v[i] for v in shown if v[i]))
        out.append('{"type":"Feature","geometry":' + geometry + ',"properties":'
                   + json.dumps(props, ensure_ascii=False, separators=(",", ":")) + "}")
    return out


def zone_aggregates(lots: pd.DataFrame, positions: np.ndarray, *, decimals: int = 5,
                    lang: Lang = "vi") -> list[str]:
    """One Point feature per zone (centre of its lots' bounds) with ``lots`` and ``leased``.

    Parameters
    ----------
    lots : the lots layer (EPSG:4326).
    positions : integer positions of the lots to aggregate.
    """
    if len(positions) == 0:
        return []
    bounds = shapely.bounds(np.asarray(lots.geometry.values)[positions])
    frame = pd.DataFrame(bounds, columns=["minx", "miny", "maxx", "maxy"])
    frame["zone_id"] = lots["zone_id"].to_numpy()[positions]
    status = lots["lease_status"].to_numpy()[positions] if "lease_status" in lots else None
    frame["leased"] = (status == "leased") if status is not None else False
    grouped = frame.groupby("zone_id", sort=True, dropna=False).agg(
        minx=("minx", "min"), miny=("miny", "min"), maxx=("maxx", "max"),
        maxy=("maxy", "max"), lots=("leased", "size"), leased=("leased", "sum"))
    out = []
    for zone_id, row in grouped.iterrows():
        x = round((row["minx"] + row["maxx"]) / 2, decimals)
        y = round((row["miny"] + row["maxy"]) / 2, decimals)
        n, leased = int(row["lots"]), int(row["leased"])
        props: dict[str, object] = {"zone_id": _text(zone_id), "lots": n, "leased": leased}
        props["t"] = escape_html(t("lots_aggregate_tip", lang).format(
            zone=props["zone_id"], n=fmt_number(n, lang, digits=0),
            leased=fmt_number(leased, lang, digits=0)))
        out.append('{"type":"Feature","geometry":{"type":"Point","coordinates":['
                   f'{x},{y}]}},"properties":'
                   + json.dumps(props, ensure_ascii=False, separators=(",", ":")) + "}")
    return out


def _budgeted(features: list[str], max_bytes: int, max_features: int) -> tuple[list[str], int,
                                                                                bool]:
    """The leading features within both budgets, their bytes, and whether any was cut."""
    sizes = np.fromiter((len(f.encode("utf-8")) + 1 for f in features), dtype=np.int64,
                        count=len(features))
    fits = int(np.searchsorted(np.cumsum(sizes), max_bytes, side="right"))
    keep = min(fits, max_features)
    return features[:keep], int(sizes[:keep].sum()), keep < len(features)


def lots_in_view(lots: gpd.GeoDataFrame, bbox: Sequence[float], zoom: float, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, max_features: int = DEFAULT_MAX_FEATURES,
                 min_zoom: float = LOTS_MIN_ZOOM, lang: Lang = "vi"
                 ) -> tuple[list[dict[str, Any]], ViewStats]:
    """The lot features a map view at ``bbox`` and ``zoom`` needs, within a byte budget.

    Parameters
    ----------
    lots : lots layer with ``lot_id``, ``zone_id``, ``use_class``, ``lease_status`` and polygon
        geometry; EPSG:4326 (another CRS is reprojected; none is refused).
    bbox : the view (min lon, min lat, max lon, max lat), degrees WGS 84.
    zoom : Web Mercator zoom of the view.
    max_bytes : most UTF-8 bytes of the returned features (compact JSON).
    max_features : most features returned.
    min_zoom : below this zoom, aggregates per zone only.
    lang : language of the tooltips (``vi`` or ``en``).

    Returns
    -------
    (features, stats)
        GeoJSON Feature dicts (lon/lat, rounded to ``stats.decimals``) whose properties are the
        lot fields and ``t`` (tooltip, HTML-escaped) — or, when ``stats.aggregated``, one Point
        per zone with ``zone_id``, ``lots``, ``leased`` and ``t``.

    Raises
    ------
    ParameterError
        A bbox that is not (min lon, min lat, max lon, max lat) or a budget below 1.
    CRSError
        ``lots`` without a CRS.
    """
    box = _check_bbox(bbox)
    if max_bytes < 1 or max_features < 1:
        raise ParameterError(f"budget: max_bytes={max_bytes}, max_features={max_features} "
                             "must be ≥ 1")
    require_crs(lots)
    if lots.crs is not None and lots.crs.to_epsg() != 4326:
        lots = lots.to_crs("EPSG:4326")
    lat = (box[1] + box[3]) / 2
    decimals = decimals_for(zoom, lat)
    hits = np.sort(lots.sindex.query(shapely.box(*box), predicate="intersects"))
    reason = "zoom" if zoom < min_zoom else ("features" if len(hits) > max_features else "")
    tolerance = 0.0
    texts: list[str] = []
    if not reason:
        tolerance = tolerance_deg(zoom, lat)
        geoms = shapely.simplify(np.asarray(lots.geometry.values)[hits], tolerance,
                                 preserve_topology=True)
        geoms = shapely.transform(geoms, lambda c: np.round(c, decimals))
        texts = _lot_features(lots.iloc[hits], geoms, lang)
        size = sum(len(f.encode("utf-8")) + 1 for f in texts)
        reason = "bytes" if size > max_bytes else "lots"
    truncated = False
    if reason != "lots":
        tolerance = 0.0
        aggregates = zone_aggregates(lots, hits, decimals=decimals, lang=lang)
        texts, size, truncated = _budgeted(aggregates, max_bytes, max_features)
    else:
        size = sum(len(f.encode("utf-8")) + 1 for f in texts)
    features = [json.loads(f) for f in texts]
    stats = ViewStats(zoom=float(zoom), bbox=box, in_view=len(hits), features=len(features),
                      bytes=size, aggregated=reason != "lots", reason=reason,
                      tolerance_deg=tolerance, decimals=decimals, truncated=truncated)
    return features, stats


def bbox_of_view(bounds: Any) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) from Leaflet bounds as streamlit-folium returns them.

    ``{"_southWest": {"lat", "lng"}, "_northEast": {"lat", "lng"}}``; None when missing or not
    numeric (e.g. before the map has been drawn).
    """
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        box = (float(sw["lng"]), float(sw["lat"]), float(ne["lng"]), float(ne["lat"]))
    except (KeyError, TypeError, ValueError):
        return None
    return box if all(map(math.isfinite, box)) and box[0] <= box[2] and box[1] <= box[3] \
        else None


def zone_lots(lots: gpd.GeoDataFrame, zone_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              max_features: int = DEFAULT_MAX_FEATURES) -> tuple[list[dict[str, Any]],
                                                                 ViewStats]:
    """Every lot of one zone, for a standalone map (``python -m geo map --zone ID``).

    Simplified and rounded as at zoom 17 (≈ 1 m per pixel). The same budgets as a view hold,
    but a zone over them is refused rather than aggregated: a file must be complete or not be.

    Raises
    ------
    ParameterError
        No lot has ``zone_id``, or the zone's lots exceed ``max_features`` / ``max_bytes``.
    """
    mine = lots[lots["zone_id"].astype(str) == str(zone_id)]
    if mine.empty:
        raise ParameterError(f"zone {zone_id!r}: no lot of this zone in the lots layer")
    if len(mine) > max_features:
        raise ParameterError(f"zone {zone_id!r}: {len(mine):,} lots, more than the "
                             f"{max_features:,} a standalone map holds")
    features, stats = lots_in_view(mine, tuple(float(v) for v in mine.total_bounds), 17,
                                   max_bytes=max_bytes, max_features=max_features, min_zoom=0)
    if stats.aggregated:
        raise ParameterError(f"zone {zone_id!r}: its {len(mine):,} lots exceed "
                             f"{max_bytes / 1e6:.1f} MB, the most a standalone map holds")
    return features, stats
