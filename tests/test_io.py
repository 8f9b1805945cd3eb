"""geo.store.bundled: loading and validating the data files."""

import json
import math
from pathlib import Path

import pytest

from geo.errors import DataFileError, SchemaError
from geo.store import atomic
from geo.store import bundled as io


def _zone(zone_id: str, **props: object) -> dict:
    base = {"zone_id": zone_id, "name": f"KCN {zone_id}", "kind": "KCN", "status": "operating",
            "province": "Bắc Ninh", "source_url": "https://example.org/src",
            "planned_area_ha": 100.0, "geometry_quality": "approximate"}
    base.update(props)
    return {"type": "Feature", "properties": base,
            "geometry": {"type": "Point", "coordinates": [106.0, 21.1]}}


def _write(root: Path, features: list[dict]) -> Path:
    path = root / "zones" / "zones.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def test_loads_types_and_derives_province_2025(tmp_path: Path) -> None:
    _write(tmp_path, [_zone("a"), _zone("b", planned_area_ha=None, province="Hai Duong",
                                        name="KCN Nam Sách")])
    zones = io.load_zones(root=tmp_path)
    assert zones.crs.to_epsg() == 4326
    assert list(zones["province_2025"]) == ["Bắc Ninh", "Hải Phòng"]
    assert zones.loc[1, "province"] == "Hải Dương"  # canonical spelling
    assert math.isnan(zones.loc[1, "planned_area_ha"])  # missing stays NaN, never 0
    assert math.isnan(zones.loc[0, "leased_land_ha"])
    assert zones.loc[0, "developer"] is None


def test_name_is_nfc(tmp_path: Path) -> None:
    decomposed = "KCN Que\u0302\u0301 Vo\u0303"  # NFD: combining marks
    _write(tmp_path, [_zone("a", name=decomposed)])
    assert io.load_zones(root=tmp_path).loc[0, "name"] == "KCN Quế Võ"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"kind": "KCZ"}, r"feature 'bad': field 'kind': 'KCZ' is not one of KCN, KCX, KKT"),
        ({"status": "closed"}, r"feature 'bad': field 'status': 'closed'"),
        ({"planned_area_ha": "nhiều"}, r"feature 'bad': field 'planned_area_ha': 'nhiều' is not"),
        ({"planned_area_ha": -5}, r"feature 'bad': field 'planned_area_ha': -5"),
        ({"province": "Atlantis"}, r"feature 'bad': field 'province': unknown province"),
        ({"occupancy_pct": 140}, r"feature 'bad': field 'occupancy_pct': 140"),
        ({"source_url": ""}, r"feature 'bad': required field 'source_url' is empty"),
        ({"parent_zone_id": "nowhere"}, r"'parent_zone_id': 'nowhere' is not a zone"),
    ],
)
def test_schema_errors_name_file_feature_field_value(tmp_path: Path, props: dict,
                                                     expected: str) -> None:
    path = _write(tmp_path, [_zone("ok"), _zone("bad", **props)])
    with pytest.raises(SchemaError, match=expected) as err:
        io.load_zones(root=tmp_path)
    assert str(path) in str(err.value)


def test_duplicate_ids_and_missing_fields(tmp_path: Path) -> None:
    _write(tmp_path, [_zone("x"), _zone("x")])
    with pytest.raises(SchemaError, match="duplicate id 'x'"):
        io.load_zones(root=tmp_path)
    feature = _zone("y")
    del feature["properties"]["kind"]
    _write(tmp_path, [feature])
    with pytest.raises(SchemaError, match="required field 'kind' is missing"):
        io.load_zones(root=tmp_path)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        io.load_zones(root=tmp_path)
    path = tmp_path / "zones" / "zones.geojson"
    path.parent.mkdir(parents=True)
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot be read"):
        io.load_zones(root=tmp_path)


def test_data_dir_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, [_zone("env")])
    monkeypatch.setenv("KCN_ATLAS_DATA", str(tmp_path))
    assert list(io.load_zones()["zone_id"]) == ["env"]


def test_reported_csv_validation(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "reported_figures.csv"
    path.parent.mkdir(parents=True)
    path.write_text("period,scope,kinds,status,zones,area_ha,area_basis\n"
                    "2024-H1,region,all,all,236,525408.5,planned\n"
                    "2024-H1,region,all,operating,many,23145,in use\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"row 3: column 'zones': 'many'"):
        io.load_reported(root=tmp_path)


def test_bundled_layers_load() -> None:
    zones = io.load_zones()
    assert len(zones) == 226
    assert set(io.load_housing_sites()["status"]) <= {"completed", "under_construction",
                                                       "planned"}
    assert len(io.load_provinces(2024)) == 14 and len(io.load_provinces(2025)) == 7
    assert io.reported_periods(io.load_reported()) == ["2024-H1"]


def test_source_notes_and_atomic_write(tmp_path: Path) -> None:
    notes = io.load_source_notes()
    assert set(notes) == {"zones/SOURCES.md", "boundaries/SOURCES.md"}
    assert "Natural Earth" in notes["boundaries/SOURCES.md"]
    assert io.load_source_notes(root=tmp_path) == {}
    target = tmp_path / "out.txt"
    atomic.write_text_atomic(target, "một\n")
    assert target.read_text(encoding="utf-8") == "một\n"
    with pytest.raises(DataFileError, match="boom"), atomic.atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise OSError("boom")
    assert target.read_text(encoding="utf-8") == "một\n"  # unchanged
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left
    with pytest.raises(DataFileError, match="does not exist"):
        atomic.write_text_atomic(tmp_path / "nowhere" / "x.txt", "x")


def test_a_feature_without_id_is_named_by_its_position_from_1(tmp_path: Path) -> None:
    nameless = _zone("x")
    nameless["properties"]["zone_id"] = None
    _write(tmp_path, [_zone("a"), nameless])
    with pytest.raises(SchemaError, match=r"feature #2: required field 'zone_id' is empty"):
        io.load_zones(root=tmp_path)
