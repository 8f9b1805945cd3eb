"""ui.charts: the land-use charts speak the UI's number format (axes and tooltips)."""

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.charts import VI_LABEL_EXPR, area_chart, occupancy_chart

APP = str(Path(__file__).resolve().parent.parent / "app.py")
AREAS = pd.DataFrame({"group": ["Bắc Ninh", "Bắc Ninh"], "part": ["a", "b"],
                      "area_ha": [40_000.0, 1234.5], "order": [0, 1]})
OCCUPANCY = pd.DataFrame({"group": ["Bắc Ninh"], "occupancy_pct": [61.4],
                          "coverage": ["3/4 khu"]})


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


def _chart_specs(at: AppTest) -> list[str]:
    specs, stack = [], [at.main]
    while stack:
        node = stack.pop()
        spec = getattr(getattr(node, "proto", None), "spec", None)
        if isinstance(spec, str) and spec.startswith("{"):
            specs.append(spec)
        stack.extend(getattr(node, "children", {}).values())
    return specs


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_landuse_page_charts_carry_the_vietnamese_axis(lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/landuse.py").run()
    assert not at.exception
    specs = _chart_specs(at)
    assert len(specs) == 2
    for spec in specs:
        axis = json.loads(spec)["encoding"]["x"]["axis"]
        assert ("labelExpr" in axis) is (lang == "vi")
