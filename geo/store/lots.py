"""The lot register in the store: its layer, loading it (planning an import of lots is
:mod:`geo.imports.lots_plan`).

Bundled data holds no lots (no real lot data is public; see :mod:`geo.store.synthetic_lots`);
the workspace GeoPackage (:mod:`geo.store.workspace`) holds the imported ones in its ``lots``
layer, EPSG:4326 (lon/lat degrees), areas in hectares. A lot is keyed by (``zone_id``,
``lot_id``): lot numbers repeat between zones.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geo.core.lots_schema import LOT_FIELDS
from geo.settings import WGS84
from geo.store import bundled as io

LAYER = "lots"


def empty_lots() -> gpd.GeoDataFrame:
    """A lot layer with no lot: the fields of :data:`LOT_FIELDS`, EPSG:4326."""
    cols = {f: pd.Series(dtype="float64" if t == "float" else "object")
            for f, t in LOT_FIELDS.items()}
    return gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)


def coerce_lots(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """``frame`` with exactly the lot fields (missing ones blank, floats typed) + geometry."""
    out = pd.DataFrame(index=frame.index)
    for name, kind in LOT_FIELDS.items():
        col = frame[name] if name in frame.columns else pd.Series(None, index=frame.index)
        out[name] = pd.to_numeric(col, errors="coerce").astype("float64") if kind == "float" \
            else col.astype(object).where(col.notna(), None)
    geoms = frame["geometry"] if "geometry" in frame.columns else None
    return gpd.GeoDataFrame(out.reset_index(drop=True),
                            geometry=gpd.GeoSeries(
                                np.asarray(geoms if geoms is not None else [None] * len(out),
                                           dtype=object), crs=WGS84),
                            crs=WGS84)


def load_lots(*, workspace: Path | None = None) -> gpd.GeoDataFrame:
    """The lot register: the workspace's imported lots, or an empty layer (bundled data holds
    none). EPSG:4326; ``planned_area_ha`` in hectares, ``building_density_pct`` in %,
    ``height_limit_m`` in metres."""
    path = io.workspace_file(workspace=workspace)
    if not path.is_file():
        return empty_lots()
    if LAYER not in {str(row[0]) for row in pyogrio.list_layers(path)}:
        return empty_lots()
    return coerce_lots(io.read_workspace_layer(LAYER, workspace=workspace))
