"""Synthetic lot plans: clearly labelled fake lot registers, for trying the feature, tests and
benchmarks. No real lot data is public and none ships with KCN Atlas.

Every generated lot says ``source = "SYNTHETIC — not real data"``
(:data:`geo.core.lots_schema.SYNTHETIC_SOURCE`). A zone's lots are a grid of square cells laid
in its VN-2000 TM-3 provincial projection (metres) and clipped to its footprint, vectorised with
shapely (no per-lot Python loop), then returned in EPSG:4326 (lon/lat degrees). Use-class shares
follow approved 2025 delta KCN plans (``data/sources/regulations.md`` §2.1): ~60 % factories,
8 % warehouses, 3 % service, 13 % green and water, 12 % roads, 2 % technical infrastructure,
2 % worker housing.
"""

from __future__ import annotations

import math
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core.lots_schema import (
    LEASABLE_CLASSES,
    LOT_FIELDS,
    SYNTHETIC_SOURCE,
    USE_CLASSES,
    USE_LEGEND_VI,
)
from geo.core.text import fold
from geo.errors import ParameterError
from geo.settings import PROVINCES_2024, WGS84

USE_SHARES: Final[dict[str, float]] = {
    "industrial": 0.60, "warehouse_logistics": 0.08, "service": 0.03, "green_water": 0.13,
    "roads_parking": 0.12, "technical_infrastructure": 0.02, "worker_housing": 0.02,
    "other": 0.0,
}
LEASE_SHARES: Final[dict[str, float]] = {"leased": 0.65, "vacant": 0.25, "reserved": 0.10}
MAX_LOTS: Final = 1_000_000
SYNTHETIC_AS_OF: Final = "synthetic"
_EPSG_BY_PROVINCE: Final = {p.name: p.vn2000_epsg for p in PROVINCES_2024}
_DEFAULT_EPSG: Final = 9209  # VN-2000 TM-3 105°30′ (most of the delta)


def _polygonal(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms = zones.geometry
    keep = geoms.notna() & ~geoms.is_empty & geoms.geom_type.isin(["Polygon", "MultiPolygon"])
    return zones.loc[keep]


def _split(counts_total: int, areas: np.ndarray) -> np.ndarray:
    """``counts_total`` lots split over zones in proportion to their area (at least 1 each)."""
    share = areas / areas.sum()
    counts = np.maximum(1, np.floor(share * counts_total)).astype(int)
    short = counts_total - counts.sum()
    if short > 0:
        counts[np.argsort(-share)[:short]] += 1
    return counts


def _grid(poly: shapely.Geometry, n: int) -> np.ndarray:
    """About ``n`` lots: square cells over ``poly`` (metres) clipped to it; slivers dropped."""
    area = shapely.area(poly)
    size = math.sqrt(area / n)
    cells = np.array([], dtype=object)
    for _ in range(6):  # shrink the cells until the clipped grid holds n lots
        x0, y0, x1, y1 = shapely.bounds(poly)
        xs = np.arange(x0, x1, size)
        ys = np.arange(y0, y1, size)
        gx, gy = np.meshgrid(xs, ys)
        boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + size, gy.ravel() + size)
        tree = shapely.STRtree(boxes)
        hit = tree.query(poly, predicate="intersects")
        clipped = shapely.intersection(boxes[hit], poly)
        clipped = shapely.get_parts(clipped)
        clipped = clipped[(shapely.get_type_id(clipped) == 3)
                          & (shapely.area(clipped) > 0.25 * size * size)]
        cells = clipped
        if len(cells) >= n:
            break
        size *= math.sqrt(len(cells) / n) * 0.97 if len(cells) else 0.5
    return cells[:n]


def synthetic_lots(zones: gpd.GeoDataFrame, n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """A synthetic lot register of about ``n`` lots over the polygon footprints of ``zones``.

    Parameters
    ----------
    zones : zones layer (any CRS); zones without a polygon footprint get no lots.
    n : total number of lots, split between zones by area (1 ≤ n ≤ 1,000,000); a zone gets
        fewer when its footprint cannot hold them.
    seed : random seed of the use classes and lease statuses (same seed, same plan).

    Returns
    -------
    GeoDataFrame
        The lot fields of :data:`geo.core.lots_schema.LOT_FIELDS`, EPSG:4326; areas in hectares
        (planar in the zone's VN-2000 TM-3 projection); ``source`` is
        :data:`~geo.core.lots_schema.SYNTHETIC_SOURCE` in every feature.

    Raises
    ------
    ParameterError
        ``n`` out of range, or no zone has a polygon footprint.
    """
    if not isinstance(n, int) or not 1 <= n <= MAX_LOTS:
        raise ParameterError(f"--lots {n!r}: give a number of lots from 1 to {MAX_LOTS:,}",
                             message_vi=f"số lô {n!r}: từ 1 đến {MAX_LOTS:,}")
    poly = _polygonal(zones.to_crs(WGS84) if zones.crs is not None else zones)
    if not len(poly):
        raise ParameterError("no zone of the selection has a polygon footprint to lay lots in",
                             message_vi="không khu nào có ranh giới đa giác để chia lô")
    rng = np.random.default_rng(seed)
    parts: list[gpd.GeoDataFrame] = []
    epsg = poly["province"].map(_EPSG_BY_PROVINCE).fillna(_DEFAULT_EPSG).astype(int) \
        if "province" in poly.columns else pd.Series(_DEFAULT_EPSG, index=poly.index)
    metric = pd.Series(None, index=poly.index, dtype=object)
    for code in sorted(set(epsg)):  # one reprojection per VN-2000 zone of the selection
        chosen = epsg == code
        metric[chosen] = poly.loc[chosen].geometry.to_crs(code).to_numpy()
    counts = _split(n, shapely.area(metric.to_numpy()))
    for (idx, zone), geom, k in zip(poly.iterrows(), metric, counts, strict=True):
        cells = _grid(geom, int(k))
        if not len(cells):
            continue
        part = gpd.GeoDataFrame({"lot_id": [f"{zone['zone_id']}-L{i + 1:05d}"
                                            for i in range(len(cells))],
                                 "zone_id": zone["zone_id"],
                                 "planned_area_ha": np.round(shapely.area(cells) / 1e4, 4)},
                                geometry=cells, crs=int(epsg[idx]))
        parts.append(part.to_crs(WGS84))
    lots = pd.concat(parts, ignore_index=True)
    return _attributes(gpd.GeoDataFrame(lots, geometry="geometry", crs=WGS84), rng)


def _attributes(lots: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Use classes, lease statuses, tenants and limits drawn at random (vectorised)."""
    m = len(lots)
    classes = np.array(USE_CLASSES)
    shares = np.array([USE_SHARES[c] for c in USE_CLASSES])
    use = rng.choice(classes, size=m, p=shares / shares.sum())
    statuses = np.array(list(LEASE_SHARES))
    status = rng.choice(statuses, size=m, p=np.array(list(LEASE_SHARES.values())))
    leasable = np.isin(use, LEASABLE_CLASSES)
    status = np.where(leasable, status, "not_leasable")
    leased = status == "leased"
    numbers = np.arange(1, m + 1)
    fdi = rng.random(m) < 0.6
    out = lots.copy()
    out["use_class"] = use
    out["use_label"] = pd.Series(use).map(USE_LEGEND_VI).to_numpy()
    out["lease_status"] = status
    tenants = pd.Series("Công ty mẫu (synthetic) " + pd.Series(numbers).astype(str))
    out["tenant"] = tenants.where(leased, None).to_numpy()
    out["investor_type"] = pd.Series(np.where(fdi, "FDI", "DDI")).where(leased, None).to_numpy()
    out["certificate_date"] = pd.Series("2024-01-01", index=range(m)).where(leased,
                                                                           None).to_numpy()
    out["building_density_pct"] = np.where(leasable, 70.0, np.nan)
    out["height_limit_m"] = np.where(leasable, 30.0, np.nan)
    out["source"] = SYNTHETIC_SOURCE
    out["as_of"] = SYNTHETIC_AS_OF
    return gpd.GeoDataFrame(out[[*LOT_FIELDS, "geometry"]], geometry="geometry", crs=WGS84)


def synthetic_name(path_name: str) -> str:
    """``path_name`` unchanged when it says it is synthetic (``synthetic`` or ``mau``, any
    case, accents ignored), else with ``-synthetic`` before the extension (a ``.zip`` keeps
    its inner extension: ``lots.shp.zip`` → ``lots-synthetic.shp.zip``)."""

    folded = fold(path_name)
    if "synthetic" in folded or "mau" in folded.split() or "mau" in folded.replace(" ", ""):
        return path_name
    stem, dot, ext = path_name.partition(".")
    return f"{stem}-synthetic{dot}{ext}"
