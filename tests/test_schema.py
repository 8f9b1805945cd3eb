"""The one schema (geo.core.schema): layer kinds and the fields each accepts, used everywhere."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from import_fixtures import use_store

from geo.core import schema
from geo.core.schema import IMPORT_KINDS
from geo.imports.fieldmap import check_user_mapping, suggest_mapping
from geo.imports.options import check_options
from geo.imports.pipeline import read_upload
from geo.imports.plan import plan_import, target_fields
from geo.store import bundled as io
from geo.store import workspace as ws


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def test_import_kinds_are_layer_kinds() -> None:
    assert set(schema.IMPORT_KINDS) <= set(schema.LAYER_KINDS)
    assert IMPORT_KINDS == schema.IMPORT_KINDS
    for kind in schema.LAYER_KINDS:
        fields = schema.target_fields(kind)
        assert fields and len(set(fields)) == len(fields), kind


@pytest.mark.parametrize("kind", schema.IMPORT_KINDS)
def test_page_offers_what_the_reader_accepts(kind: schema.ImportKind) -> None:
    offered = target_fields(kind)  # the import page's field choices
    assert offered == list(schema.target_fields(kind))
    mapping = {f"col{i}": f for i, f in enumerate(offered)}
    check_options(kind=kind, mapping=mapping)  # every offered field is accepted
    if kind != "lots":  # the lot register maps its columns in geo.imports.lots
        assert check_user_mapping(mapping, list(mapping), kind=kind) == []


def test_figures_mapping_as_of_period_status_bug() -> None:
    # The bug: the import page offered `as_of` for figures and the reader refused it
    # ("unknown field 'as_of'"), while the reader suggested `period`/`status` that the page did
    # not offer (so its select box had no such choice).
    check_options(kind="figures", mapping={"Ngày cập nhật": "as_of"})
    fields = target_fields("figures")
    assert {"as_of", "period", "status"} <= set(fields)
    suggested = suggest_mapping(["Ten KCN", "Ky", "Trang thai", "Ngay cap nhat", "DT_CN"],
                                kind="figures")
    assert set(suggested.mapping.values()) <= set(fields)
    assert {"period", "as_of"} <= set(suggested.mapping.values())


def test_figures_as_of_read_and_written(store: Path, tmp_path: Path) -> None:
    table = pd.DataFrame({"Ten KCN": ["KCN Que Vo"], "Tinh": ["Bac Ninh"], "Ky": ["2024-H2"],
                          "Ngày": ["2024-12-31"], "DT_CN": [420.0]})
    path = tmp_path / "so_lieu.xlsx"
    table.to_excel(path, index=False)
    result = read_upload(path, kind="figures", mapping={"Ngày": "as_of"})
    assert result.frame["as_of"].tolist() == ["2024-12-31"]
    plan = plan_import(result.frame, kind="figures", file_name=path.name, sha256="b" * 64,
                          period="2024-H2", report=result.report)
    ws.commit_import(plan)
    figures = io.load_zone_figures().set_index("zone_id")
    assert figures.at["bn-que-vo", "as_of"] == "2024-12-31"
    assert figures.at["bn-que-vo", "industrial_land_ha"] == 420.0
