"""geo.core.schema_check: the one schema validator; the loader raises its first finding, the
import report lists them all (issue 9)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.core.schema_check import schema_findings
from geo.errors import SchemaError
from geo.imports.checks import validate_layer
from geo.store.bundled import validate_housing_sites, validate_zones


def _zones(**changes: dict[str, object]) -> gpd.GeoDataFrame:
    """Three well-formed zones (EPSG:4326); ``changes`` maps a zone id to field overrides."""
    rows = []
    for i, zid in enumerate(("a", "b", "c")):
        row: dict[str, object] = {
            "zone_id": zid, "name": f"KCN {zid.upper()}", "kind": "KCN", "status": "operating",
            "province": "Bắc Ninh", "source_url": "https://example.org/a",
            "planned_area_ha": 100.0 + i, "occupancy_pct": 50.0, "parent_zone_id": None,
            "geometry": Point(106.0 + i / 100, 21.1)}
        row.update(changes.get(zid, {}))
        rows.append(row)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def test_a_right_layer_has_no_finding() -> None:
    assert schema_findings(_zones(), "zones") == []
    assert len(validate_zones(_zones())) == 3


def test_every_finding_is_collected_in_a_fixed_order() -> None:
    bad = _zones(a={"kind": "KCZ", "occupancy_pct": 120.0},
                 b={"planned_area_ha": -5.0, "province": "Hà Tây"},
                 c={"zone_id": "a", "parent_zone_id": "nowhere"})
    found = [(f.code, f.position, f.field) for f in schema_findings(bad, "zones")]
    assert found == [("negative", 1, "planned_area_ha"), ("duplicate_id", 2, "zone_id"),
                     ("domain", 0, "kind"), ("province", 1, "province"),
                     ("occupancy_over_100", 0, "occupancy_pct"),
                     ("unknown_parent", 2, "parent_zone_id")]


def test_the_loader_raises_the_first_finding_naming_feature_field_value() -> None:
    bad = _zones(b={"planned_area_ha": "nhiều"}, c={"kind": "KCZ"})
    with pytest.raises(SchemaError, match=r"zones: feature 'b': field 'planned_area_ha': "
                                          r"'nhiều' is not a number"):
        validate_zones(bad)
    with pytest.raises(SchemaError, match=r"feature 'c': field 'kind': 'KCZ' is not one of"):
        validate_zones(_zones(c={"kind": "KCZ"}))
    missing = _zones().drop(columns=["source_url"])
    with pytest.raises(SchemaError, match="required field 'source_url' is missing"):
        validate_zones(missing)


def test_the_import_report_lists_the_same_findings() -> None:
    bad = _zones(a={"kind": "KCZ"}, b={"planned_area_ha": -5.0, "province": "Hà Tây"},
                 c={"occupancy_pct": 120.0})
    schema = {(f.field, f.position) for f in schema_findings(bad, "zones", complete=False)}
    report = validate_layer(bad, kind="zones")
    listed = {(f.field, ["a", "b", "c"].index(f.feature)) for f in report.errors
              if f.field in {"kind", "planned_area_ha", "province", "occupancy_pct"}}
    assert listed == schema


def test_an_upload_may_leave_fields_blank_but_a_layer_may_not() -> None:
    partial = _zones(a={"status": None})
    assert [f.code for f in schema_findings(partial, "zones", complete=False)] == []
    assert [f.code for f in schema_findings(partial, "zones")] == ["empty_required", "domain"]


def test_housing_sites_share_the_validator() -> None:
    sites = gpd.GeoDataFrame([{"site_id": "s1", "name": "Nhà ở A", "province": "Bắc Ninh",
                               "status": "built", "source_url": "https://example.org/s",
                               "geometry": Point(106.0, 21.1)}], crs="EPSG:4326")
    with pytest.raises(SchemaError, match="field 'status': 'built' is not one of completed"):
        validate_housing_sites(sites)
