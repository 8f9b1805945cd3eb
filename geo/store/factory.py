"""Which store a run uses (issue 12): ``KCN_ATLAS_DB=postgresql://...`` names a board's shared
PostGIS database (:class:`geo.store.postgis.PostgisStore`); without it, the embedded GeoPackage
workspace (:class:`geo.store.gpkg.GpkgStore`, ``$KCN_ATLAS_WORKSPACE``), exactly as before.

The loaders below are what the CLI and ``ui/`` call: they go through :func:`get_store`, so a
command or a page reads the same data whichever backend is configured.
"""

from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd

from geo.core.periods import empty_figures
from geo.errors import ParameterError
from geo.settings import data_dir
from geo.store import bundled as io
from geo.store.base import State, Store
from geo.store.gpkg import GpkgStore
from geo.store.indicators import load_bundled_indicators, overlay_indicators
from geo.store.lots import empty_lots
from geo.store.postgis import PostgisStore
from geo.store.workspace import empty_log

DB_ENV = "KCN_ATLAS_DB"


def database_url() -> str | None:
    """``$KCN_ATLAS_DB`` if set (a ``postgresql://`` or ``postgres://`` URL), else None."""
    value = os.environ.get(DB_ENV, "").strip()
    if not value:
        return None
    if not value.startswith(("postgresql://", "postgres://")):
        raise ParameterError(f"{DB_ENV}: expected postgresql://USER@HOST/DATABASE, got a value "
                             "that is not a PostgreSQL URL")
    return value


def get_store() -> Store:
    """The configured store: PostGIS when ``KCN_ATLAS_DB`` is set, else the GeoPackage
    workspace (read from the environment at each call; cheap, nothing is opened)."""
    url = database_url()
    if url is not None:
        return PostgisStore(url)
    return GpkgStore()


def load_zones(*, period: str | None = None) -> gpd.GeoDataFrame:
    """The zones of the configured store (EPSG:4326; figures of ``period`` when given)."""
    return get_store().load_zones(period=period)


def load_housing_sites() -> gpd.GeoDataFrame:
    """The worker-housing sites of the configured store (EPSG:4326)."""
    return get_store().load_housing_sites()


def load_zone_figures() -> pd.DataFrame:
    """Zone figures by period of the configured store."""
    return get_store().load_zone_figures()


def load_lots() -> gpd.GeoDataFrame:
    """The lot register of the configured store (EPSG:4326)."""
    return get_store().load_lots()


def load_indicators(*, store: Store | None = None) -> pd.DataFrame:
    """The indicator facts: the bundled rows (``data/reports/indicators.csv``) overlaid with the
    imported figures of ``store`` (default: the configured store, :func:`get_store`;
    :meth:`geo.store.base.Store.load_imported_indicators`: the workspace's ``indicators``
    layer, or the PostGIS ``indicators`` table); columns and units as
    :func:`geo.store.indicators.load_indicators`.

    Raises
    ------
    DataFileError
        The bundled file is missing or is not CSV, or the database cannot be read;
        :class:`geo.errors.SchemaError` for a bad row.
    """
    return overlay_indicators(load_bundled_indicators(),
                              (store or get_store()).load_imported_indicators())


def bundled_state() -> State:
    """The bundled data (``$KCN_ATLAS_DATA`` or ``data/``) as a store state: zones and housing
    sites, no figures, log or lots (what ``python -m geo db load`` copies by default)."""
    root = data_dir()
    return State(io.load_zones(root=root), empty_figures(), io.load_housing_sites(root=root),
                 empty_log(), empty_lots())
