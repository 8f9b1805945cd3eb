"""Build ``data/zones/housing_sites.geojson`` from ``data/sources/housing_facts.csv``.

Usage (from the repository root)::

    .venv/bin/python scripts/build_housing.py [--sources data/sources] [--out data/zones]

One feature per CSV row (46), sorted by ``site_id``, with the properties of
``geo.core.schema.HOUSING_FIELDS`` in order plus ``location_place``. Geometry: the site's Point
(EPSG:4326 lon/lat degrees) where the CSV gives lat/lon, else ``null``. Units: ``land_area_ha``
hectares, ``floor_area_m2`` square metres, ``capacity_persons`` persons, ``units`` dwellings.

Documented rules (never silent):

* ``status`` must already be one of ``completed | under_construction | planned``
  (``geo.core.schema.HOUSING_STATUSES``); any other value stops the build.
* ``capacity_persons`` given as a range ``"a-b"`` (one row: ``"4000-4500"``) is stored as its lower
  bound ``a`` — the conservative figure for housing supply; the build prints each such row.
* ``location_precision`` must be ``zone | commune | district``
  (``geo.core.schema.LOCATION_PRECISIONS``) or ``served_zone``. ``served_zone`` means the source
  names no place for the site, so its point is the centre point of the zone it serves
  (``location_place`` says so); it is stored as ``district`` — the coarsest precision of the
  schema, since where on or near that zone the site lies is unknown. The build prints each
  such row.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _build import DATA_DIR, SOURCES_DIR, BuildError, number_or_none, read_rows, run, text_or_none
from _geojson import feature, write_collection
from build_zones import FACTS_FILE as ZONES_FACTS_FILE
from build_zones import location
from shapely.geometry import Point

from geo.core.admin import province_2024
from geo.core.schema import HOUSING_FIELDS, HOUSING_STATUSES, LOCATION_PRECISIONS
from geo.errors import FilterError

FACTS_FILE = "housing_facts.csv"
OUT_FILE = "housing_sites.geojson"
# CSV location_precision values outside the schema's domain -> the stored value (see above).
PRECISION_MAP = {"served_zone": "district"}
HOUSING_PRECISIONS = (*LOCATION_PRECISIONS, *PRECISION_MAP)
COLUMNS = (
    "id", "name_vi", "province_2024", "status", "land_area_ha", "units", "capacity_persons",
    "floor_area_m2", "as_of", "source_url", "lat", "lon", "location_precision",
    "location_place", "serves_zone_ids",
)
RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$")


def capacity(value: str, *, where: str, notes: list[str]) -> float | None:
    """``capacity_persons`` in persons: a number, or the lower bound of a range ``"a-b"``."""
    match = RANGE.match(value)
    if match:
        low, high = float(match[1]), float(match[2])
        if low > high:
            raise BuildError(f"{where}: field 'capacity_persons': bad range {value!r}")
        notes.append(f"{where}: capacity_persons {value!r} stored as its lower bound {low:g}")
        return low
    return number_or_none(value, where=where, field="capacity_persons")


def housing_feature(row: dict[str, str], where: str, zone_ids: set[str],
                    notes: list[str]) -> dict[str, Any]:
    """One housing-site feature (properties in ``HOUSING_FIELDS`` order + ``location_place``)."""
    for column in ("id", "name_vi", "province_2024", "status", "source_url"):
        if not row[column]:
            raise BuildError(f"{where}: field {column!r} is empty")
    if not row["source_url"].startswith(("http://", "https://")):
        raise BuildError(f"{where}: field 'source_url': not an http(s) URL: {row['source_url']!r}")
    try:
        province = province_2024(row["province_2024"]).name
    except FilterError as exc:
        raise BuildError(f"{where}: field 'province_2024': {exc}") from None
    if row["status"] not in HOUSING_STATUSES:
        raise BuildError(f"{where}: field 'status': {row['status']!r} not one of "
                         f"{', '.join(HOUSING_STATUSES)}")
    precision = text_or_none(row["location_precision"])
    if precision is not None and precision not in HOUSING_PRECISIONS:
        raise BuildError(f"{where}: field 'location_precision': {precision!r} not one of "
                         f"{', '.join(HOUSING_PRECISIONS)}")
    if precision in PRECISION_MAP:
        notes.append(f"{where}: location_precision {precision!r} stored as "
                     f"{PRECISION_MAP[precision]!r}")
        precision = PRECISION_MAP[precision]
    served = [z.strip() for z in row["serves_zone_ids"].split(";") if z.strip()]
    unknown = [z for z in served if z not in zone_ids]
    if unknown:
        raise BuildError(f"{where}: field 'serves_zone_ids': unknown zone(s) {', '.join(unknown)}")
    point = location(row, where)
    if point is not None and precision is None:
        raise BuildError(f"{where}: field 'location_precision' is empty but lat/lon are given")
    props: dict[str, Any] = {
        "site_id": row["id"],
        "name": unicodedata.normalize("NFC", row["name_vi"]),
        "province": province,
        "status": row["status"],
        "land_area_ha": number_or_none(row["land_area_ha"], where=where, field="land_area_ha"),
        "units": number_or_none(row["units"], where=where, field="units"),
        "capacity_persons": capacity(row["capacity_persons"], where=where, notes=notes),
        "floor_area_m2": number_or_none(row["floor_area_m2"], where=where, field="floor_area_m2"),
        "serves_zone_ids": ";".join(served) or None,
        "as_of": text_or_none(row["as_of"]),
        "source_url": row["source_url"],
        "location_precision": precision,
    }
    if list(props) != list(HOUSING_FIELDS):
        raise BuildError("build_housing.py is out of step with geo.core.schema.HOUSING_FIELDS")
    props["location_place"] = text_or_none(row["location_place"])
    return feature(props, Point(point) if point is not None else None)


def build_housing(sources: Path, out: Path, *,
                  notes: list[str] | None = None) -> list[dict[str, Any]]:
    """Read ``sources/housing_facts.csv`` and write ``out/housing_sites.geojson``.

    ``serves_zone_ids`` are checked against the ids of ``sources/zones_facts.csv``. Notes on
    documented conversions (capacity ranges) are appended to ``notes`` if given.

    Returns
    -------
    list of dict
        The features written, sorted by ``site_id``.
    """
    notes = [] if notes is None else notes
    path = sources / FACTS_FILE
    zone_ids = {r["id"] for r in read_rows(sources / ZONES_FACTS_FILE, ("id",))}
    rows = read_rows(path, COLUMNS)
    ids = [r["id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BuildError(f"{path}: field 'id': duplicate value(s) {', '.join(duplicates)}")
    features = [housing_feature(r, f"{path}: row {r['id'] or '?'}", zone_ids, notes)
                for r in rows]
    features.sort(key=lambda f: f["properties"]["site_id"])
    write_collection(out / OUT_FILE, features)
    return features


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR,
                        help="folder with housing_facts.csv and zones_facts.csv")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "zones",
                        help="output folder (default: data/zones)")
    args = parser.parse_args(argv)
    notes: list[str] = []
    features = build_housing(args.sources, args.out, notes=notes)
    for note in notes:
        print(f"note: {note}")
    located = sum(1 for f in features if f["geometry"] is not None)
    print(f"{args.out / OUT_FILE}: {len(features)} housing sites "
          f"({located} point, {len(features) - located} without location)")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
