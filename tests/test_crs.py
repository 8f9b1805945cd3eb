"""geo.core.crs: VN-2000 provincial CRSs and geodesic measures."""

import math

import geopandas as gpd
import numpy as np
import pytest
from pyproj import CRS, Transformer
from shapely.geometry import Point, box

from geo.core import crs
from geo.errors import CRSError

# Circular 973/2001 central meridians (design §4.1), degrees east.
MERIDIANS = {
    "Hà Nội": 105.0, "Vĩnh Phúc": 105.0, "Hà Nam": 105.0, "Ninh Bình": 105.0,
    "Bắc Ninh": 105.5, "Hải Dương": 105.5, "Hưng Yên": 105.5, "Thái Bình": 105.5,
    "Nam Định": 105.5, "Hải Phòng": 105.75, "Quảng Ninh": 107.75, "Bắc Giang": 107.0,
    "Phú Thọ": 104.75, "Hòa Bình": 106.0,
}


@pytest.mark.parametrize(("province", "meridian"), MERIDIANS.items())
def test_epsg_code_has_the_provincial_meridian(province: str, meridian: float) -> None:
    projected = CRS.from_epsg(crs.vn2000_epsg(province))
    assert crs.central_meridian(projected) == pytest.approx(meridian)
    scale = {p.name: p.value for p in projected.coordinate_operation.params}
    assert scale["Scale factor at natural origin"] == pytest.approx(0.9999)
    assert projected.geodetic_crs.datum.name == "Vietnam 2000"


def test_epsg_5897_is_105_degrees() -> None:
    assert crs.central_meridian(CRS.from_epsg(5897)) == pytest.approx(105.0)


TM3_105_30 = "+proj=tmerc +lon_0=105.5 +k=0.9999 +x_0=500000 +ellps=WGS84 +units=m"
# Decision 05/2007/QĐ-BTNMT parameters. PROJ reads +towgs84 as position-vector rotations; the
# decision's are coordinate-frame, so the correct string has the rotation signs flipped.
CORRECT = "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278"
REVERSED = "-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278"


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(crs.geodesic_distance_m(np.array([a[0]]), np.array([a[1]]), np.array([b[0]]),
                                         np.array([b[1]]))[0])


def test_vn2000_to_wgs84_uses_the_official_transformation() -> None:
    x, y = 545_000.0, 2_345_000.0  # near Bắc Ninh, TM-3 105°30'
    by_epsg = Transformer.from_crs(9209, 4326, always_xy=True).transform(x, y)
    official = Transformer.from_crs(CRS.from_proj4(f"{TM3_105_30} +towgs84={CORRECT}"), 4326,
                                    always_xy=True).transform(x, y)
    reversed_ = Transformer.from_crs(CRS.from_proj4(f"{TM3_105_30} +towgs84={REVERSED}"), 4326,
                                     always_xy=True).transform(x, y)
    no_shift = Transformer.from_crs(CRS.from_proj4(TM3_105_30), 4326,
                                    always_xy=True).transform(x, y)
    assert _distance_m(by_epsg, official) < 0.01
    assert _distance_m(by_epsg, reversed_) > 0.3  # the circulating string is ~0.75 m off
    assert 150 < _distance_m(by_epsg, no_shift) < 300  # the datum shift itself


def test_geodesic_area_of_a_one_km_square() -> None:
    # A 1 km x 1 km square built in UTM 48N has 100 ha; geodesic area on WGS 84 agrees to 0.1 %.
    square = gpd.GeoSeries([box(580_000, 2_340_000, 581_000, 2_341_000)], crs=32648)
    lonlat = gpd.GeoDataFrame(geometry=square).geometry.to_crs(4326)
    assert crs.geodesic_area_ha(lonlat.iloc[0]) == pytest.approx(100.0, rel=1e-3)


def test_geodesic_area_missing_and_points() -> None:
    assert math.isnan(crs.geodesic_area_ha(None))
    assert crs.geodesic_area_ha(Point(105.8, 21.0)) == 0.0


def test_missing_crs_is_refused_with_a_fix() -> None:
    with pytest.raises(CRSError, match="set_crs"):
        crs.require_crs(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)]))


def test_crs_choices_include_every_province_and_utm() -> None:
    choices = crs.vn2000_crs_choices()
    assert 9209 in choices.values() and 3405 in choices.values()
    assert any("105°30'" in label for label in choices)
