"""Read-only constants: paths, province and CRS tables, parameter defaults.

The data schema (layer kinds, fields, domains) is :mod:`geo.core.schema`.

Nothing here changes at run time; per-user choices are passed to functions as arguments.
Sources of the tables: ``data/sources/regulations.md`` (copied from the project's research
notes) — Resolution 202/2025/QH15 for the mergers, Decision 19/2025/QĐ-TTg for the new GSO
codes, Circular 973/2001/TT-TCĐC and the EPSG dataset for the VN-2000 central meridians.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
"""The checkout's top folder."""

DATA_DIR_ENV: Final = "KCN_ATLAS_DATA"
WORKSPACE_ENV: Final = "KCN_ATLAS_WORKSPACE"


def data_dir() -> Path:
    """The bundled data folder: ``$KCN_ATLAS_DATA`` if set, else ``<repo>/data``."""
    value = os.environ.get(DATA_DIR_ENV)
    return Path(value) if value else REPO_ROOT / "data"


def workspace_dir() -> Path:
    """The workspace for imports: ``$KCN_ATLAS_WORKSPACE`` if set, else ``<repo>/workspace``."""
    value = os.environ.get(WORKSPACE_ENV)
    return Path(value) if value else REPO_ROOT / "workspace"


# File names inside data_dir().
ZONES_FILE: Final = "zones/zones.geojson"
HOUSING_FILE: Final = "zones/housing_sites.geojson"
REPORTS_FILE: Final = "reports/reported_figures.csv"
INDICATORS_FILE: Final = "reports/indicators.csv"  # issue 11: zone investment indicators
WORKERS_FILE: Final = "reports/province_workers.csv"
PROVINCES_FILES: Final = {2024: "boundaries/provinces_2024.geojson",
                          2025: "boundaries/provinces_2025.geojson"}

WGS84: Final = "EPSG:4326"

# ---------------------------------------------------------------------------------------------
# Provinces (2024 edition) and what became of them on 1 July 2025.
@dataclass(frozen=True)
class Province:
    """A province of the 2024 edition (before Resolution 202/2025/QH15).

    Attributes
    ----------
    name : official Vietnamese name (NFC).
    name_en : the name without diacritics, as English texts write it.
    slug : ASCII id for file names and URLs.
    gso_code : GSO/NSO code before 1 July 2025.
    iso_code : ISO 3166-2 code (Natural Earth's ``iso_3166_2``).
    in_delta : one of the 11 Red River Delta provinces of the 2024 report.
    province_2025 : the province it belongs to since 1 July 2025.
    vn2000_epsg : EPSG code of its VN-2000 TM-3 provincial CRS (k0 = 0.9999).
    central_meridian : that CRS's central meridian, decimal degrees east.
    """

    name: str
    name_en: str
    slug: str
    gso_code: str
    iso_code: str
    in_delta: bool
    province_2025: str
    vn2000_epsg: int
    central_meridian: float


PROVINCES_2024: Final[tuple[Province, ...]] = (
    Province("Hà Nội", "Ha Noi", "ha-noi", "01", "VN-HN", True, "Hà Nội", 5897, 105.0),
    Province("Hải Phòng", "Hai Phong", "hai-phong", "31", "VN-HP", True, "Hải Phòng", 9210, 105.75),
    Province("Quảng Ninh", "Quang Ninh", "quang-ninh", "22", "VN-13", True, "Quảng Ninh", 5899,
             107.75),
    Province("Hải Dương", "Hai Duong", "hai-duong", "30", "VN-61", True, "Hải Phòng", 9209, 105.5),
    Province("Hưng Yên", "Hung Yen", "hung-yen", "33", "VN-66", True, "Hưng Yên", 9209, 105.5),
    Province("Bắc Ninh", "Bac Ninh", "bac-ninh", "27", "VN-56", True, "Bắc Ninh", 9209, 105.5),
    Province("Vĩnh Phúc", "Vinh Phuc", "vinh-phuc", "26", "VN-70", True, "Phú Thọ", 5897, 105.0),
    Province("Thái Bình", "Thai Binh", "thai-binh", "34", "VN-20", True, "Hưng Yên", 9209, 105.5),
    Province("Hà Nam", "Ha Nam", "ha-nam", "35", "VN-63", True, "Ninh Bình", 5897, 105.0),
    Province("Nam Định", "Nam Dinh", "nam-dinh", "36", "VN-67", True, "Ninh Bình", 9209, 105.5),
    Province("Ninh Bình", "Ninh Binh", "ninh-binh", "37", "VN-18", True, "Ninh Bình", 5897, 105.0),
    Province("Bắc Giang", "Bac Giang", "bac-giang", "24", "VN-54", False, "Bắc Ninh", 9214, 107.0),
    Province("Phú Thọ", "Phu Tho", "phu-tho", "25", "VN-68", False, "Phú Thọ", 9208, 104.75),
    Province("Hòa Bình", "Hoa Binh", "hoa-binh", "17", "VN-14", False, "Phú Thọ", 9211, 106.0),
)


@dataclass(frozen=True)
class Province2025:
    """A province of the 2025 edition (Resolution 202/2025/QH15, operating from 1 July 2025).

    ``in_delta`` follows Resolution 306/NQ-CP (2025): six provinces form the Red River Delta;
    Phú Thọ belongs to the northern midlands and mountains region.
    """

    name: str
    name_en: str
    slug: str
    gso_code: str
    in_delta: bool


PROVINCES_2025: Final[tuple[Province2025, ...]] = (
    Province2025("Hà Nội", "Ha Noi", "ha-noi", "01", True),
    Province2025("Hải Phòng", "Hai Phong", "hai-phong", "31", True),
    Province2025("Quảng Ninh", "Quang Ninh", "quang-ninh", "22", True),
    Province2025("Hưng Yên", "Hung Yen", "hung-yen", "33", True),
    Province2025("Bắc Ninh", "Bac Ninh", "bac-ninh", "24", True),
    Province2025("Ninh Bình", "Ninh Binh", "ninh-binh", "37", True),
    Province2025("Phú Thọ", "Phu Tho", "phu-tho", "25", False),
)

# Other VN-2000 projections a user may name (EPSG).
UTM_48N: Final = 3405
UTM_49N: Final = 3406
VN2000_GEOGRAPHIC: Final = 4756

# Region bounding box used to sanity-check locations (lon/lat degrees, WGS 84): the 2024 delta
# provinces with a margin of about 0.3°.
DELTA_BBOX: Final = (104.9, 19.6, 108.4, 22.2)

# ---------------------------------------------------------------------------------------------
# What an import accepts (checked once, when the file is opened: geo.imports.options.check_limits).
# A file over one of them is refused with geo.errors.LimitExceeded, naming the file, the
# limit and the value. They admit 100,000 zone (lot) polygons of ~100 vertices each.
MAX_UPLOAD_BYTES: Final = 200 * 2**20
"""File size (bytes; also what a zip may unpack to): 200 MB."""
MAX_FEATURES: Final = 200_000
"""Features of a vector layer (GeoJSON, Shapefile, GeoPackage, KML, DXF)."""
MAX_TABLE_ROWS: Final = 500_000
"""Rows of a CSV/XLSX table (one per zone, or one per polygon vertex)."""
MAX_VERTICES: Final = 20_000_000
"""Coordinate pairs of all geometries of a file together."""
