"""Cached data loaders for the pages.

Every loader is cached with ``st.cache_data`` keyed by :func:`geo.store.bundled.data_version` (the
path and
modification time of each data file), so an import or a rebuilt file is picked up without a
restart. GeoDataFrames are never hashed as arguments. Loaders raise :class:`geo.errors.AtlasError`
on bad data; ``app.py`` shows the message.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.accounts.landuse import filter_zones
from geo.core.admin import Edition
from geo.store import bundled as io
from geo.store.factory import get_store
from ui.state import get_edition, get_filters, get_period

Version = tuple[tuple[str, float | str], ...]


@st.cache_data(show_spinner=False)
def _zones(version: Version, period: str | None) -> gpd.GeoDataFrame:
    return get_store().load_zones(period=period)


@st.cache_data(show_spinner=False)
def _zone_periods(version: Version) -> list[str]:
    from geo.core.periods import list_periods

    return [p for p in list_periods(get_store().load_zone_figures()) if p != "current"]


@st.cache_data(show_spinner=False)
def _housing_sites(version: Version) -> gpd.GeoDataFrame:
    return get_store().load_housing_sites()


@st.cache_data(show_spinner=False)
def _provinces(version: Version, edition: int) -> gpd.GeoDataFrame:
    return io.load_provinces(2025 if edition == 2025 else 2024)


@st.cache_data(show_spinner=False)
def _reported(version: Version) -> pd.DataFrame:
    return io.load_reported()


@st.cache_data(show_spinner=False)
def _province_workers(version: Version) -> pd.DataFrame:
    from geo.accounts.housing_report import load_province_workers

    return load_province_workers()


def province_workers() -> pd.DataFrame:
    """Reported workers per 2024 province, with dates (``data/reports/province_workers.csv``)."""
    return _province_workers(version())


@st.cache_data(show_spinner=False)
def _filtered(version: Version, period: str | None, edition: int, provinces: tuple[str, ...],
              kinds: tuple[str, ...], statuses: tuple[str, ...]) -> gpd.GeoDataFrame:
    return filter_zones(_zones(version, period), provinces=list(provinces), kinds=list(kinds),
                        statuses=list(statuses), edition=2025 if edition == 2025 else 2024)


def version() -> Version:
    """The current data version (cache key): the data files' times and, for a shared PostGIS
    store, its version counter (another planner's import changes it)."""
    store = get_store()
    files: Version = io.data_version()
    return files if store.name == "gpkg" else (*files, (store.describe(), store.version()))


def zones() -> gpd.GeoDataFrame:
    """All zones (EPSG:4326) with the figures of the chosen period; a copy the caller may change."""
    return _zones(version(), get_period())


def zones_of(period: str | None) -> gpd.GeoDataFrame:
    """All zones (EPSG:4326) with the figures of ``period`` (None or ``"current"``: the current
    figures), whatever the sidebar's period; a copy the caller may change."""
    return _zones(version(), None if period in (None, "current") else period)


def zone_periods() -> list[str]:
    """Periods with imported zone figures (oldest first); empty without a workspace."""
    return _zone_periods(version())


def housing_sites() -> gpd.GeoDataFrame:
    """The worker-housing sites (EPSG:4326)."""
    return _housing_sites(version())


def provinces(edition: Edition) -> gpd.GeoDataFrame:
    """Province polygons of ``edition`` (EPSG:4326; coarse, for display)."""
    return _provinces(version(), int(edition))


def reported() -> pd.DataFrame:
    """Reported totals by period (``geo.store.bundled.load_reported``)."""
    return _reported(version())


def reported_periods() -> list[str]:
    """Periods with reported totals; an empty list when the reports file cannot be read."""
    try:
        return io.reported_periods(reported())
    except (OSError, ValueError):
        return []


def safe_zone_periods() -> list[str]:
    """:func:`zone_periods`, or an empty list when the workspace cannot be read."""
    try:
        return zone_periods()
    except (OSError, ValueError):
        return []


def filtered_zones() -> gpd.GeoDataFrame:
    """The zones after the sidebar filters (province of the chosen edition, kind, status)."""
    f = get_filters()
    return _filtered(version(), get_period(), int(get_edition()), tuple(f.provinces),
                     tuple(f.kinds), tuple(f.statuses))


@st.cache_data(show_spinner=False)
def _source_notes(version: Version) -> dict[str, str]:
    return io.load_source_notes()


def source_notes() -> dict[str, str]:
    """The data folder's SOURCES.md files (relative path → Markdown text) that exist."""
    return _source_notes(version())


@st.cache_data(show_spinner=False)
def _lots(version: Version) -> gpd.GeoDataFrame:
    return get_store().load_lots()


def lots() -> gpd.GeoDataFrame:
    """The lot register (EPSG:4326): the workspace's imported lots, or none."""
    return _lots(version())


def filtered_zones_for(period: str | None) -> gpd.GeoDataFrame:
    """The zones of ``period`` (None or ``"current"``: the current figures) after the filters."""
    f = get_filters()
    return _filtered(version(), None if period in (None, "current") else period,
                     int(get_edition()), tuple(f.provinces), tuple(f.kinds), tuple(f.statuses))


@st.cache_data(show_spinner=False)
def _indicators(version: Version) -> pd.DataFrame:
    from geo.store.factory import load_indicators

    return load_indicators()


def indicators() -> pd.DataFrame:
    """Zone investment & business indicator facts (``data/reports/indicators.csv`` overlaid
    with the store's imported figures: :func:`geo.store.factory.load_indicators`)."""
    return _indicators(version())
