"""CRS of uploads: ESRI .prj names of VN-2000, inference from coordinate ranges."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer

from geo.errors import ImportRefused
from geo.imports.crsdetect import crs_from_user, crs_from_wkt, infer_crs, vn2000_projections

ESRI_TM3 = (
    'PROJCS["{name}",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,'
    '298.257223563]{towgs}],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],'
    'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{cm}],'
    'PARAMETER["Scale_Factor",{k}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')
TOWGS = (",TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,"
         "-0.00427372,0.252906278]")


@pytest.mark.parametrize(("name", "cm", "k", "code"), [
    ("VN_2000_KT105-30_3deg", 105.5, 0.9999, 9209),
    ("VN_2000_KT105_3deg", 105.0, 0.9999, 5897),
    ("VN_2000_KT107-45_3deg", 107.75, 0.9999, 5899),
    ("VN_2000_KT105-45_3deg", 105.75, 0.9999, 9210),
    ("VN_2000_UTM_zone_48N", 105.0, 0.9996, 3405),
    ("VN_2000_UTM_zone_49N", 111.0, 0.9996, 3406),
    ("Custom_name_without_meridian", 106.0, 0.9999, 9211),
])
@pytest.mark.parametrize("towgs", ["", TOWGS])
def test_esri_prj_names_map_to_epsg(name: str, cm: float, k: float, code: int,
                                    towgs: str) -> None:
    guess = crs_from_wkt(ESRI_TM3.format(name=name, cm=cm, k=k, towgs=towgs))
    assert guess.crs.to_epsg() == code
    assert guess.source == "file"
    if towgs:
        assert "EPSG:6960" in guess.note


def test_towgs84_prj_uses_the_official_transformation() -> None:
    """A .prj with the hand-written TOWGS84 lands exactly where PROJ puts EPSG:9209 points."""
    wkt = ESRI_TM3.format(name="VN_2000_KT105-30_3deg", cm=105.5, k=0.9999, towgs=TOWGS)
    x, y = 547_000.0, 2_344_000.0
    official = Transformer.from_crs(crs_from_wkt(wkt).crs, 4326, always_xy=True).transform(x, y)
    reference = Transformer.from_crs("EPSG:9209", "EPSG:4326", always_xy=True).transform(x, y)
    assert np.allclose(official, reference, atol=1e-9)


def test_projection_table_from_proj() -> None:
    table = vn2000_projections()
    assert table[(105.5, 0.9999)] == 9209
    assert table[(105.0, 0.9996)] == 3405
    assert table[(105.0, 0.9999)] == 5897


def test_infer_degrees_and_swapped() -> None:
    lon, lat = np.array([105.94, 105.96]), np.array([21.19, 21.21])
    assert infer_crs(lon, lat).source == "inferred: degrees"
    swapped = infer_crs(lat, lon)
    assert swapped.swap and swapped.source == "swapped lat/lon fixed"


def test_infer_metres_needs_province() -> None:
    xs, ys = np.array([547_000.0, 548_000.0]), np.array([2_344_000.0, 2_345_000.0])
    with pytest.raises(ImportRefused, match="--province"):
        infer_crs(xs, ys)
    guess = infer_crs(xs, ys, province="Bac Ninh")
    assert guess.crs.to_epsg() == 9209 and not guess.swap
    assert infer_crs(xs, ys, province="Hải Phòng").crs.to_epsg() == 9210
    assert infer_crs(xs, ys, utm=48).crs.to_epsg() == 3405
    survey_order = infer_crs(ys, xs, province="Bắc Ninh")  # X = northing, Y = easting
    assert survey_order.swap
    with pytest.raises(ImportRefused):
        infer_crs(xs, ys, utm=50)
    with pytest.raises(ImportRefused, match="unknown province"):
        infer_crs(xs, ys, province="Atlantis")


def test_infer_refuses_nonsense() -> None:
    with pytest.raises(ImportRefused, match="neither"):
        infer_crs(np.array([5e6]), np.array([9e6]))


def test_user_crs() -> None:
    assert crs_from_user(9209).crs.to_epsg() == 9209
    assert crs_from_user("EPSG:3405").source == "user"
