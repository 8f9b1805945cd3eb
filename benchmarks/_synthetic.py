"""Synthetic data at scale for the benchmarks (and the scale tests): lots, zones, housing sites.

Everything is deterministic (seeded) and EPSG:4326 (lon/lat degrees).

- :func:`synthetic_lots` — ``n`` small square lots on a grid inside real zone footprints (the
  bundled polygons), shared among zones in proportion to their area; columns ``lot_id``,
  ``zone_id``, ``use_class``, ``lease_status``, ``geometry`` (the lot layer's schema).
- :func:`synthetic_zones` — ``n`` zones: the bundled zones repeated, moved by up to ±0.15° and
  given new ids (all zone fields kept, so accounts and housing run on them).
- :func:`synthetic_sites` — ``n`` housing sites likewise, half of them linked to no zone.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.store.bundled import load_housing_sites, load_zones

USE_CLASSES = ("industrial", "warehouse", "service", "green", "infrastructure")
LEASE_STATUSES = ("leased", "available", "reserved", "not_leasable")


def _footprints() -> gpd.GeoDataFrame:
    zones = load_zones()
    polys = zones[zones.geometry.geom_type == "Polygon"]
    return polys[["zone_id", "geometry"]].reset_index(drop=True)


def synthetic_lots(n: int, *, seed: int = 0, zones: gpd.GeoDataFrame | None = None
                   ) -> gpd.GeoDataFrame:
    """``n`` square lots on a grid inside zone footprints (EPSG:4326).

    Each zone gets lots in proportion to its area; its lots are the cells of a regular grid over
    the zone's bounding box whose centre lies in the zone, with a 10 % gap between lots.
    """
    rng = np.random.default_rng(seed)
    feet = _footprints() if zones is None else zones[["zone_id", "geometry"]].reset_index(
        drop=True)
    area = shapely.area(feet.geometry.values)
    counts = np.floor(area / area.sum() * n).astype(int)
    counts[np.argsort(-area)[: n - counts.sum()]] += 1
    parts = []
    for (zone_id, geom), k in zip(feet.itertuples(index=False), counts, strict=True):
        if k == 0:
            continue
        minx, miny, maxx, maxy = geom.bounds
        # A grid over the bbox with enough cells inside the polygon for k lots.
        fill = max(geom.area / ((maxx - minx) * (maxy - miny)), 0.05)
        side = math.sqrt((maxx - minx) * (maxy - miny) * fill / (k * 1.3))
        xs = np.arange(minx + side / 2, maxx, side)
        ys = np.arange(miny + side / 2, maxy, side)
        gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
        inside = shapely.contains_xy(geom, gx, gy)
        gx, gy = gx[inside], gy[inside]
        if len(gx) < k:  # odd shape: fall back to the whole grid
            gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
        gx, gy = gx[:k], gy[:k]
        h = side * 0.45
        parts.append(pd.DataFrame({"zone_id": zone_id, "x": gx, "y": gy, "h": h}))
    cells = pd.concat(parts, ignore_index=True)
    if len(cells) < n:  # top up by repeating cells (tiny zones): still valid polygons
        extra = cells.sample(n - len(cells), replace=True, random_state=seed)
        cells = pd.concat([cells, extra], ignore_index=True)
    cells = cells.iloc[:n]
    geoms = shapely.box(cells["x"] - cells["h"], cells["y"] - cells["h"],
                        cells["x"] + cells["h"], cells["y"] + cells["h"])
    return gpd.GeoDataFrame({
        "lot_id": [f"L{i:06d}" for i in range(len(cells))],
        "zone_id": cells["zone_id"].to_numpy(),
        "use_class": rng.choice(USE_CLASSES, len(cells), p=[0.6, 0.15, 0.1, 0.1, 0.05]),
        "lease_status": rng.choice(LEASE_STATUSES, len(cells), p=[0.55, 0.3, 0.1, 0.05]),
    }, geometry=geoms, crs="EPSG:4326")


def _repeat(frame: gpd.GeoDataFrame, n: int, id_col: str, seed: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(frame), n)
    out = frame.iloc[picks].reset_index(drop=True).copy()
    dx, dy = rng.uniform(-0.15, 0.15, n), rng.uniform(-0.15, 0.15, n)
    geoms = out.geometry.values
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    moved = np.array(geoms, dtype=object)
    coords = shapely.get_coordinates(geoms[located])
    counts = shapely.get_num_coordinates(geoms[located])
    shift = np.repeat(np.column_stack([dx[located], dy[located]]), counts, axis=0)
    moved[located] = shapely.set_coordinates(shapely.transform(geoms[located], lambda c: c),
                                             coords + shift)
    out = out.set_geometry(gpd.GeoSeries(moved, crs=frame.crs))
    out[id_col] = [f"{id_col[0].upper()}{i:06d}" for i in range(n)]
    return out


def synthetic_zones(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` zones: bundled zones repeated and moved (new ids, no nesting)."""
    out = _repeat(load_zones(), n, "zone_id", seed)
    out["parent_zone_id"] = None
    return out


def synthetic_sites(n: int, *, zone_ids: list[str] | None = None, seed: int = 1
                    ) -> gpd.GeoDataFrame:
    """``n`` housing sites: bundled ones repeated and moved; a tenth linked to 1-3 zones."""
    rng = np.random.default_rng(seed)
    out = _repeat(load_housing_sites(), n, "site_id", seed)
    links: list[str | None] = [None] * n
    if zone_ids:
        for i in np.flatnonzero(rng.random(n) < 0.1):
            links[i] = ";".join(rng.choice(zone_ids, rng.integers(1, 4), replace=False))
    out["serves_zone_ids"] = links
    return out
