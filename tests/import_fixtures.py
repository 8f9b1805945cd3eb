"""Small bundled-data fixtures for the import tests (made here, EPSG:4326, areas in ha).

Used by test_workspace, test_matching, test_periods, test_cli_ingest and test_app_importer:
``use_store(monkeypatch, tmp_path)`` points ``KCN_ATLAS_DATA`` at a tiny data folder and
``KCN_ATLAS_WORKSPACE`` at an empty temp folder (never the repo's ``workspace/``).
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

NAN = math.nan


def square(lon: float, lat: float, half: float = 0.005) -> Any:
    """A lon/lat square (degrees) of side 2×half centred on (lon, lat)."""
    return box(lon - half, lat - half, lon + half, lat + half)


def zone(zone_id: str, name: str, province: str, geometry: Any, *, kind: str = "KCN",
         status: str = "operating", **figures: float) -> dict[str, Any]:
    row: dict[str, Any] = {"zone_id": zone_id, "name": name, "kind": kind, "status": status,
                           "province": province, "source_url": f"https://example.org/{zone_id}",
                           "as_of": "2023-12", "geometry": geometry,
                           "geometry_quality": None if geometry is None else "approximate",
                           "location_precision": None if geometry is None else "commune"}
    row.update(figures)
    return row


ZONES = [
    zone("bn-que-vo", "KCN Quế Võ", "Bắc Ninh", square(106.12, 21.15), planned_area_ha=611.0,
         industrial_land_ha=420.0, leased_land_ha=400.0, occupancy_pct=95.2),
    zone("bn-yen-phong", "KCN Yên Phong", "Bắc Ninh", Point(106.0, 21.2), planned_area_ha=658.0,
         industrial_land_ha=460.0, leased_land_ha=300.0),
    zone("hy-pho-noi-a", "Khu công nghiệp Phố Nối A", "Hưng Yên", square(106.05, 20.95),
         planned_area_ha=596.0, used_area_ha=500.0),
    zone("hp-dinh-vu-cat-hai", "Khu kinh tế Đình Vũ - Cát Hải", "Hải Phòng",
         square(106.78, 20.83, 0.05), kind="KKT", planned_area_ha=22540.0),
    zone("hn-thang-long", "KCN Thăng Long", "Hà Nội", None, planned_area_ha=274.0,
         leased_land_ha=200.0, industrial_land_ha=210.0, workers=60000.0),
]
SITES = [{"site_id": "bn-que-vo-dorm", "name": "Nhà lưu trú Quế Võ", "province": "Bắc Ninh",
          "status": "completed", "capacity_persons": 3000.0,
          "source_url": "https://example.org/dorm", "geometry": Point(106.125, 21.145)}]


def make_data(folder: Path) -> Path:
    """Write zones and housing sites GeoJSON under ``folder`` (the layout of ``data/``)."""
    (folder / "zones").mkdir(parents=True)
    gpd.GeoDataFrame(ZONES, geometry="geometry", crs="EPSG:4326").to_file(
        folder / "zones" / "zones.geojson", driver="GeoJSON")
    gpd.GeoDataFrame(SITES, geometry="geometry", crs="EPSG:4326").to_file(
        folder / "zones" / "housing_sites.geojson", driver="GeoJSON")
    return folder


def use_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Tiny bundled data + an empty workspace in ``tmp_path``; returns the workspace folder."""
    data = make_data(tmp_path / "data")
    workspace = tmp_path / "workspace"
    monkeypatch.setenv("KCN_ATLAS_DATA", str(data))
    monkeypatch.setenv("KCN_ATLAS_WORKSPACE", str(workspace))
    return workspace


def store_on(kind: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
             tmp_path: Path) -> Any:
    """A store holding the tiny bundled data (:func:`use_store`) on backend ``kind``: the
    GeoPackage workspace (``gpkg``) or the test session's PostgreSQL (``postgis``, loaded)."""
    from geo.store.factory import bundled_state
    from geo.store.gpkg import GpkgStore

    use_store(monkeypatch, tmp_path)
    if kind == "gpkg":
        monkeypatch.delenv("KCN_ATLAS_DB", raising=False)
        return GpkgStore()
    from geo.store.postgis import PostgisStore

    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("KCN_ATLAS_DB", url)
    store = PostgisStore(url)
    store.load(bundled_state(), source="test data")
    return store


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative path → hex); {} if it does not exist."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def geojson_bytes(features: list[dict[str, Any]]) -> bytes:
    """A GeoJSON FeatureCollection of (properties + shapely ``geometry``) dicts, UTF-8."""
    out = []
    for feat in features:
        props = {k: v for k, v in feat.items() if k != "geometry"}
        geom = feat.get("geometry")
        out.append({"type": "Feature", "properties": props,
                    "geometry": None if geom is None else geom.__geo_interface__})
    return json.dumps({"type": "FeatureCollection", "features": out},
                      ensure_ascii=False).encode("utf-8")
