"""Per-feature validation of uploaded layers."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
from shapely.geometry import GeometryCollection, LineString, Point, Polygon
from shapely.geometry import box as make_box

from geo.core.findings import Report, refused
from geo.imports.checks import check_layer, validate_layer

# ~2 km square near KCN Yên Phong (Bắc Ninh), lon/lat degrees
YP = make_box(105.94, 21.19, 105.96, 21.21)


def zones(**cols: list[object]) -> gpd.GeoDataFrame:
    geoms = cols.pop("geometry")
    n = len(geoms)
    base: dict[str, list[object]] = {"zone_id": [f"z{i}" for i in range(n)],
                                     "name": [f"KCN {i}" for i in range(n)]}
    base.update(cols)
    return gpd.GeoDataFrame(base, geometry=geoms, crs=4326)


def levels(report: Report, fld: str) -> list[str]:
    return [f.level for f in report.findings if f.field == fld]


def test_clean_layer_is_ok() -> None:
    from geo.core.crs import geodesic_area_ha
    gdf = zones(geometry=[YP], kind=["KCN"], status=["operating"], province=["Bắc Ninh"],
                planned_area_ha=[geodesic_area_ha(YP)])
    report = validate_layer(gdf)
    assert report.ok and not report.findings, report.text()


def test_geometry_problems() -> None:
    bowtie = Polygon([(105.94, 21.19), (105.96, 21.21), (105.96, 21.19), (105.94, 21.21)])
    gc = GeometryCollection([YP, Point(105.95, 21.2), LineString([(105, 21), (106, 21)])])
    gdf = zones(geometry=[bowtie, Polygon(), Point(2.35, 48.85), gc,
                          Point(105.95, float("nan")), Polygon([(x, y, 5) for x, y in
                                                                YP.exterior.coords]),
                          GeometryCollection([LineString([(105, 21), (106, 21)])]), None])
    fixed, report = check_layer(gdf)
    by = {f.feature: f for f in report.findings}
    assert by["z0"].level == "warning" and fixed.geometry.iloc[0].is_valid
    assert by["z1"].level == "error"                       # empty
    assert "outside Vietnam" in by["z2"].message_en and by["z2"].level == "error"
    assert by["z3"].level == "warning" and fixed.geometry.iloc[3].geom_type == "Polygon"
    assert by["z4"].level == "error"                       # NaN
    assert by["z5"].level == "warning" and not fixed.geometry.iloc[5].has_z
    assert by["z6"].level == "error"                       # collection with no polygon
    assert "z7" not in by                                  # no location: allowed
    assert not report.ok
    assert gdf.geometry.iloc[5].has_z                      # input untouched


def test_attribute_problems() -> None:
    gdf = zones(geometry=[YP, YP, YP, YP], kind=["KCN", "XYZ", "KCN", "KCN"],
                status=["operating", "operating", "closed", "planned"],
                province=["Bắc Ninh", "Atlantis", "Bắc Ninh", "Bac Ninh"],
                planned_area_ha=[1000.0, math.nan, -5.0, 100.0],
                industrial_land_ha=[100.0, math.nan, math.nan, 80.0],
                leased_land_ha=[120.0, math.nan, math.nan, 10.0],
                used_area_ha=[math.nan, math.nan, math.nan, 150.0],
                occupancy_pct=[101.0, math.nan, math.nan, 12.5])
    gdf.loc[3, "zone_id"] = "z0"
    report = validate_layer(gdf)
    msgs = {(f.feature, f.field, f.level) for f in report.findings}
    assert ("z0", "leased_land_ha", "error") in msgs
    assert ("z0", "occupancy_pct", "error") in msgs
    assert ("z0", "planned_area_ha", "warning") in msgs    # 1000 ha vs ~460 ha drawn
    assert ("z1", "kind", "error") in msgs
    assert ("z1", "province", "error") in msgs
    assert ("z2", "status", "error") in msgs
    assert ("z2", "planned_area_ha", "error") in msgs      # negative
    assert (3, "zone_id", "error") in msgs                 # duplicate id
    assert ("z0", "used_area_ha", "error") in msgs         # 150 > planned 100 (row 3, id z0)


def test_wrong_province_is_a_warning_when_far() -> None:
    far = make_box(107.05, 20.95, 107.07, 20.97)  # Hạ Long, Quảng Ninh
    report = validate_layer(zones(geometry=[YP, far], province=["Quảng Ninh", "Bắc Ninh"]))
    assert levels(report, "province") == ["warning", "warning"]
    near = validate_layer(zones(geometry=[YP], province=["Bắc Ninh"]))
    assert levels(near, "province") == []


def test_figures_table_and_report_dict() -> None:
    table = pd.DataFrame({"zone_id": ["a", "a"], "period": ["2024-H2", "2024-H2"],
                          "leased_land_ha": [5.0, -1.0]})
    report = validate_layer(table, kind="figures")
    data = report.to_dict()
    assert data["errors"] == 2 and not data["ok"]
    exc = refused("bad", "hỏng", source="f.csv", report=report)
    assert str(exc) == "f.csv: bad" and len(exc.report.findings) == 3
