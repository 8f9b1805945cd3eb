"""Build ``data/zones/zones.geojson`` from ``data/sources/zones_facts.csv``.

Usage (from the repository root)::

    .venv/bin/python scripts/build_zones.py [--sources data/sources] [--out data/zones]

Every CSV row becomes one feature (195), sorted by ``zone_id``, with exactly the properties of
``geo.core.schema.ZONE_FIELDS``. The sources give a centre point and a planned area, not a boundary,
so a located zone with an area gets an *approximate footprint*: a regular 64-gon of exactly the
planned area (geodesic, WGS 84 ellipsoid) centred on the point; a located zone without an area
gets its Point; a zone without a location keeps ``"geometry": null``. Geometries are EPSG:4326
lon/lat degrees; areas are hectares. Exit status 2 with a one-line message on bad input.
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _build import DATA_DIR, SOURCES_DIR, BuildError, number_or_none, read_rows, run, text_or_none
from _geojson import feature, write_collection
from pyproj import Geod
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.core.admin import province_2025_of
from geo.core.schema import KINDS, LOCATION_PRECISIONS, ZONE_FIELDS, ZONE_STATUSES
from geo.errors import FilterError
from geo.settings import DELTA_BBOX

FACTS_FILE = "zones_facts.csv"
OUT_FILE = "zones.geojson"
VERTICES = 64
AREA_TOLERANCE = 0.005  # relative; the footprint's geodesic area vs the planned area
GEOD = Geod(ellps="WGS84")

COLUMNS = (
    "id", "name_vi", "kind", "province_2024", "status", "parent_zone_id", "total_area_ha",
    "industrial_land_ha", "leased_land_ha", "occupancy_pct", "infrastructure_developer",
    "lat", "lon", "location_precision", "location_place", "location_source_url", "as_of",
    "source_url", "parent_source_url",
)
# zone field <- CSV column, for the fields copied as figures (float hectares or percent).
FIGURES = {
    "planned_area_ha": "total_area_ha",
    "industrial_land_ha": "industrial_land_ha",
    "leased_land_ha": "leased_land_ha",
    "occupancy_pct": "occupancy_pct",
}


def geodesic_area_ha(geom: BaseGeometry) -> float:
    """Geodesic area of a lon/lat (EPSG:4326) geometry on the WGS 84 ellipsoid, in hectares."""
    area_m2, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area_m2) / 10_000.0


def regular_polygon(lon: float, lat: float, radius_m: float, n: int = VERTICES) -> Polygon:
    """A regular ``n``-gon of circumradius ``radius_m`` metres centred on (lon, lat).

    The vertices are the points at geodesic distance ``radius_m`` from the centre at ``n``
    evenly spaced azimuths on the WGS 84 ellipsoid — exactly the regular polygon drawn in the
    azimuthal equidistant projection centred on the point (which keeps distances and azimuths
    from its centre), transformed to EPSG:4326 lon/lat degrees. Vertices run counter-clockwise.
    """
    # aeqd angle a (from east, counter-clockwise) is azimuth 90° - a (from north, clockwise).
    azimuths = [90.0 - 360.0 * k / n for k in range(n)]
    lons, lats, _ = GEOD.fwd([lon] * n, [lat] * n, azimuths, [radius_m] * n)
    return Polygon(zip(lons, lats, strict=True))


def footprint(lon: float, lat: float, area_ha: float, *, where: str) -> Polygon:
    """An approximate zone footprint: a regular 64-gon of geodesic area ``area_ha`` hectares.

    The radius comes from the n-gon area formula ``A = n/2 · r² · sin(2π/n)`` in the local
    azimuthal equidistant plane, then is rescaled once by the ratio of the wanted to the measured
    geodesic area, so the result matches the planned area to well under 0.01 %.

    Raises
    ------
    BuildError
        If the rounded footprint's geodesic area is more than 0.5 % off ``area_ha``.
    """
    area_m2 = area_ha * 10_000.0
    radius = math.sqrt(2.0 * area_m2 / (VERTICES * math.sin(2.0 * math.pi / VERTICES)))
    poly = regular_polygon(lon, lat, radius)
    radius *= math.sqrt(area_ha / geodesic_area_ha(poly))
    poly = regular_polygon(lon, lat, radius)
    rounded = Polygon([(round(x, 6), round(y, 6)) for x, y in poly.exterior.coords])
    error = abs(geodesic_area_ha(rounded) - area_ha) / area_ha
    if error > AREA_TOLERANCE or not rounded.is_valid:
        raise BuildError(f"{where}: footprint area off by {error:.2%} (planned {area_ha} ha)")
    return rounded


def _coordinate(value: str, *, where: str, field: str) -> float | None:
    """Parse a decimal-degree coordinate cell; an empty cell is ``None``."""
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BuildError(f"{where}: field {field!r}: not a number: {value!r}") from None
    if not math.isfinite(number):
        raise BuildError(f"{where}: field {field!r}: not a finite number: {value!r}")
    return number


def location(row: dict[str, str], where: str) -> tuple[float, float] | None:
    """The row's (lon, lat) in WGS 84 degrees, or ``None`` if both cells are empty.

    Raises
    ------
    BuildError
        If only one of lat/lon is given, or the point is outside ``geo.settings.DELTA_BBOX``.
    """
    lat = _coordinate(row["lat"], where=where, field="lat")
    lon = _coordinate(row["lon"], where=where, field="lon")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise BuildError(f"{where}: fields 'lat'/'lon': only one of them is given "
                         f"({row['lat']!r}, {row['lon']!r})")
    west, south, east, north = DELTA_BBOX
    if not (west <= lon <= east and south <= lat <= north):
        raise BuildError(f"{where}: fields 'lat'/'lon': ({lat}, {lon}) outside the region box "
                         f"{DELTA_BBOX} (lon/lat)")
    return lon, lat


def _check_domain(where: str, field: str, value: str, valid: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``valid``, else raise a :class:`BuildError`."""
    if value not in valid:
        raise BuildError(f"{where}: field {field!r}: {value!r} not one of {', '.join(valid)}")
    return value


def zone_feature(row: dict[str, str], where: str) -> dict[str, Any]:
    """One zone feature (properties in ``ZONE_FIELDS`` order, geometry EPSG:4326) from a row."""
    for column in ("id", "name_vi", "kind", "province_2024", "status", "source_url"):
        if not row[column]:
            raise BuildError(f"{where}: field {column!r} is empty")
    if not row["source_url"].startswith(("http://", "https://")):
        raise BuildError(f"{where}: field 'source_url': not an http(s) URL: {row['source_url']!r}")
    try:
        province_2025 = province_2025_of(row["province_2024"])
    except FilterError as exc:
        raise BuildError(f"{where}: field 'province_2024': {exc}") from None
    precision = text_or_none(row["location_precision"])
    if precision is not None:
        _check_domain(where, "location_precision", precision, LOCATION_PRECISIONS)
    figures = {field: number_or_none(row[col], where=where, field=col)
               for field, col in FIGURES.items()}
    point = location(row, where)
    if point is not None and precision is None:
        raise BuildError(f"{where}: field 'location_precision' is empty but lat/lon are given")
    area = figures["planned_area_ha"]
    if area == 0:
        raise BuildError(f"{where}: field 'total_area_ha': a planned area of 0 ha")
    geom: BaseGeometry | None = None
    if point is not None:
        geom = Point(point) if area is None else footprint(*point, area, where=where)
    props: dict[str, Any] = {
        "zone_id": row["id"],
        "name": unicodedata.normalize("NFC", row["name_vi"]),
        "kind": _check_domain(where, "kind", row["kind"], KINDS),
        "status": _check_domain(where, "status", row["status"], ZONE_STATUSES),
        "parent_zone_id": text_or_none(row["parent_zone_id"]),
        "province": row["province_2024"],
        "province_2025": province_2025,
        "developer": text_or_none(unicodedata.normalize("NFC", row["infrastructure_developer"])),
        **figures,
        "used_area_ha": None,
        "under_construction_area_ha": None,
        "worker_housing_area_ha": None,
        "workers": None,
        "as_of": text_or_none(row["as_of"]),
        "source_url": row["source_url"],
        "geometry_quality": "approximate" if point is not None else None,
        "location_precision": precision,
        "location_place": text_or_none(row["location_place"]),
        "location_source_url": text_or_none(row["location_source_url"]),
        "parent_source_url": text_or_none(row["parent_source_url"]),
    }
    if list(props) != list(ZONE_FIELDS):
        raise BuildError("build_zones.py is out of step with geo.core.schema.ZONE_FIELDS")
    return feature(props, geom)


def build_zones(sources: Path, out: Path) -> list[dict[str, Any]]:
    """Read ``sources/zones_facts.csv`` and write ``out/zones.geojson``; return the features.

    Raises
    ------
    BuildError
        On a duplicate id, a dangling ``parent_zone_id`` or any bad cell (see :func:`zone_feature`).
    """
    path = sources / FACTS_FILE
    rows = read_rows(path, COLUMNS)
    ids = [r["id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BuildError(f"{path}: field 'id': duplicate value(s) {', '.join(duplicates)}")
    features = []
    for row in rows:
        where = f"{path}: row {row['id'] or '?'}"
        parent = row["parent_zone_id"]
        if parent and parent not in ids:
            raise BuildError(f"{where}: field 'parent_zone_id': unknown zone {parent!r}")
        features.append(zone_feature(row, where))
    features.sort(key=lambda f: f["properties"]["zone_id"])
    write_collection(out / OUT_FILE, features)
    return features


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR,
                        help="folder with zones_facts.csv (default: data/sources)")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "zones",
                        help="output folder (default: data/zones)")
    args = parser.parse_args(argv)
    features = build_zones(args.sources, args.out)
    kinds = [f["geometry"]["type"] if f["geometry"] else "none" for f in features]
    print(f"{args.out / OUT_FILE}: {len(features)} zones "
          f"({kinds.count('Polygon')} footprint, {kinds.count('Point')} point, "
          f"{kinds.count('none')} without location)")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
