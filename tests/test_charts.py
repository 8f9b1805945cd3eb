"""ui.charts: the land-use charts speak the UI's number format (axes and tooltips)."""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.core.i18n import t
from ui.charts import VI_LABEL_EXPR, area_chart, occupancy_chart

APP = str(Path(__file__).resolve().parent.parent / "app.py")
AREAS = pd.DataFrame({"group": ["Bắc Ninh", "Bắc Ninh"], "label": ["Bắc Ninh (2/2 khu)"] * 2,
                      "part": ["a", "b"], "area_ha": [40_000.0, 1234.5], "order": [0, 1],
                      "coverage": ["2/2 khu", "1/1 khu"]})
OCCUPANCY = pd.DataFrame({"group": ["Bắc Ninh"], "label": ["Bắc Ninh (3/4 khu)"],
                          "occupancy_pct": [61.4], "coverage": ["3/4 khu"], "zones_with": [3],
                          "zones": [4], "coverage_share": [0.75], "low_coverage": [False]})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_axes_and_tooltips_follow_the_language(lang: str) -> None:
    area = area_chart(AREAS, lang).to_dict()
    occ = occupancy_chart(OCCUPANCY, lang).to_dict()
    for spec in (area, occ):
        axis = spec["encoding"]["x"]["axis"]
        assert (axis.get("labelExpr") == VI_LABEL_EXPR) is (lang == "vi")
        assert axis.get("format") == (None if lang == "vi" else ",~f")
    rows = next(iter(area["datasets"].values()))
    texts = {r["area_text"] for r in rows}
    assert texts == ({"40.000,0 ha", "1.234,5 ha"} if lang == "vi"
                     else {"40,000.0 ha", "1,234.5 ha"})
    shown = {tip["field"] for tip in area["encoding"]["tooltip"]}
    assert "area_ha" not in shown and "area_text" in shown  # no d3-formatted number
    occ_rows = next(iter(occ["datasets"].values()))
    assert occ_rows[0]["occupancy_text"] == ("61,4 %" if lang == "vi" else "61.4 %")


def _chart_nodes(at: AppTest) -> list:  # type: ignore[type-arg]
    nodes, stack = [], [at.main]
    while stack:
        node = stack.pop()
        spec = getattr(getattr(node, "proto", None), "spec", None)
        if isinstance(spec, str) and spec.startswith("{"):
            nodes.append(node)
        stack.extend(getattr(node, "children", {}).values())
    return nodes


def _chart_specs(at: AppTest) -> list[str]:
    return [node.proto.spec for node in _chart_nodes(at)]


def _chart_data(node) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The data Streamlit sent with a chart (Arrow IPC, apart from the spec)."""
    import pyarrow as pa

    return pa.ipc.open_stream(node.proto.datasets[0].data.data).read_pandas()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_landuse_page_charts_carry_the_vietnamese_axis(lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/landuse.py").run()
    assert not at.exception
    specs = _chart_specs(at)
    assert len(specs) == 2
    for spec in specs:
        axis = json.loads(spec)["encoding"]["x"]["axis"]
        assert ("labelExpr" in axis) is (lang == "vi")
    # the occupancy bars name their coverage, from the real data: no bar without it
    from geo.accounts.landuse import summarize
    from geo.store.bundled import load_zones

    rows = summarize(load_zones(), by="province", kcn_only=True).rows  # KCN/KCX by default
    expected = {f"{r['key']} ({r['coverage']['occupancy_pct'][0]}/"
                f"{r['coverage']['occupancy_pct'][1]} {'khu' if lang == 'vi' else 'zones'})"
                for r in rows if r["occupancy_pct"] is not None}
    data = next(_chart_data(n) for n in _chart_nodes(at)
                if "opacity" in json.loads(n.proto.spec)["encoding"])
    assert set(data["label"]) == expected
    assert data["low_coverage"].any()  # e.g. Hải Phòng: one zone of 27
    assert any(t("chart_low_coverage", lang) in c.value for c in at.caption)
    assert any(t("occupancy_rule", lang) in c.value for c in at.caption)


def _summary_zones() -> pd.DataFrame:
    """Hải Phòng: 1 of 4 zones gives its occupancy (100 %); Hưng Yên: 2 of 2."""
    nan = float("nan")
    rows = [("hp1", "Hải Phòng", 100.0, 100.0), ("hp2", "Hải Phòng", nan, nan),
            ("hp3", "Hải Phòng", nan, nan), ("hp4", "Hải Phòng", nan, nan),
            ("hy1", "Hưng Yên", 80.0, 40.0), ("hy2", "Hưng Yên", 20.0, 10.0)]
    frame = pd.DataFrame(rows, columns=["zone_id", "province", "industrial_land_ha",
                                        "leased_land_ha"])
    return frame.assign(name=frame["zone_id"], kind="KCN", status="operating",
                        province_2025=frame["province"], parent_zone_id=None,
                        planned_area_ha=200.0, occupancy_pct=nan, used_area_ha=nan,
                        under_construction_area_ha=nan)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_occupancy_bars_say_their_coverage_and_fade_when_thin(lang: str) -> None:
    from geo.accounts.landuse import summarize
    from geo.present.landuse import occupancy_frame

    frame = occupancy_frame(summarize(_summary_zones(), by="province"), lang=lang)
    spec = occupancy_chart(frame, lang).to_dict()
    unit = "khu" if lang == "vi" else "zones"
    assert spec["encoding"]["y"]["field"] == "label"  # the axis label carries the coverage
    rows = {r["group"]: r for r in next(iter(spec["datasets"].values()))}
    assert rows["Hải Phòng"]["label"] == f"Hải Phòng (1/4 {unit})"
    assert rows["Hưng Yên"]["label"] == f"Hưng Yên (2/2 {unit})"
    assert rows["Hải Phòng"]["occupancy_pct"] == 100.0
    tips = {tip["field"] for tip in spec["encoding"]["tooltip"]}
    assert {"coverage", "coverage_class"} <= tips
    opacity = spec["encoding"]["opacity"]
    assert opacity["field"] == "coverage_class" and "legend" in opacity
    shade = dict(zip(opacity["scale"]["domain"], opacity["scale"]["range"], strict=True))
    assert shade[rows["Hải Phòng"]["coverage_class"]] < 1.0  # 1 of 4 zones: faded
    assert shade[rows["Hưng Yên"]["coverage_class"]] == 1.0


def test_area_bars_say_the_coverage_of_the_planned_area() -> None:
    from geo.accounts.landuse import summarize
    from geo.present.landuse import chart_frame

    zones = _summary_zones()
    zones.loc[zones["zone_id"] == "hp2", "planned_area_ha"] = float("nan")
    spec = area_chart(chart_frame(summarize(zones, by="province"), lang="vi"), "vi").to_dict()
    assert spec["encoding"]["y"]["field"] == "label"
    labels = {r["label"] for r in next(iter(spec["datasets"].values()))}
    assert labels == {"Hải Phòng (3/4 khu)", "Hưng Yên (2/2 khu)"}
    assert "coverage" in {tip["field"] for tip in spec["encoding"]["tooltip"]}
