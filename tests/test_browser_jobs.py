"""A planner's jobs, end to end in Debian's chromium, one test each (issue 10 B).

Reuses :mod:`tests.test_browser`'s server fixture, launch arguments and offline request
blocking (nothing leaves the machine), on the bundled data unchanged. Each test answers a
planner's question on the page and writes a screenshot to ``tests/screenshots/`` (git-ignored)
for review. Waits are for elements, never fixed sleeps.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, REPO, _offline_context, server, sync_api

from geo.accounts.housing import analyse_housing, filter_sites
from geo.accounts.housing_params import HousingParams
from geo.accounts.housing_report import load_province_workers, region_total
from geo.accounts.landuse import filter_zones, summarize
from geo.core.i18n import fmt_number, fmt_ratio, t
from geo.store import bundled as io
from geo.store.bundled import load_zones

__all__ = ["server"]  # the fixture, imported to be reused

pytestmark = pytest.mark.browser

SHOTS = REPO / "tests" / "screenshots"
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
VIEWPORT = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def scenario() -> dict[str, Any]:
    """The bundled data as shipped (the server fixture reads ``root``)."""
    return {"root": REPO / "data"}


class Browser:
    """A chromium page at 1440 × 900, offline but for the local server."""

    def __init__(self, p: Any, server: str) -> None:
        self.browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        self.context, self.seen = _offline_context(self.browser, server)
        self.context.set_default_timeout(60_000)
        self.server = server

    def open(self, path: str) -> Any:
        page = self.context.new_page()
        page.set_viewport_size(VIEWPORT)
        page.goto(self.server + path)
        return page

    def close(self) -> None:
        self.browser.close()
        assert self.seen.outside == [], f"requests that would have left: {self.seen.outside}"


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _heading(page: Any, key: str) -> None:
    page.get_by_role("heading", name=t(key, "vi"), exact=True).first.wait_for()


def _bac_ninh_housing() -> dict[str, Any]:
    """The region total of the housing page for Bắc Ninh with the default parameters."""
    zones = filter_zones(load_zones(), provinces=["Bắc Ninh"])
    sites = filter_sites(io.load_housing_sites(), provinces=["Bắc Ninh"], edition=2024)
    result = analyse_housing(zones, sites, HousingParams())
    return region_total(result, reported=load_province_workers())


def _no_page_not_found(page: Any) -> None:
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("dialog").count() == 0


def test_job_hai_phong_land_in_use(server: str) -> None:
    """How much of Hải Phòng's planned industrial land is in use? The land-use page, filtered
    to the province, shows the computed figure (the grid's cells, as its accessible table)."""
    zones = filter_zones(load_zones(), provinces=["Hải Phòng"])
    row = summarize(zones, by="province", kcn_only=True).rows[0]  # the page's KCN/KCX default
    with sync_api.sync_playwright() as p:
        b = Browser(p, server)
        try:
            page = b.open("/su-dung-dat?province=hai-phong")
            _heading(page, "page_landuse")
            grid = page.locator("[data-testid=stDataFrame]").first
            cell = grid.locator("[role=gridcell]", has_text="Hải Phòng").first
            cell.wait_for(state="attached")
            texts = grid.locator("[role=gridcell], [role=columnheader]").all_text_contents()
            headers = [x for x in texts if not re.fullmatch(r"[\d.,/ khu-]+", x)][:7]
            values = texts[texts.index("Hải Phòng"):][:7]
            table = dict(zip(headers[1:], values[1:], strict=False))
            in_use = float(table[t("in_use_area_ha", "vi")])
            planned = float(table[t("planned_area_ha", "vi")])
            assert in_use == pytest.approx(row["in_use_area_ha"], abs=0.01)
            assert planned == pytest.approx(row["planned_area_ha"], abs=0.01)
            assert 0 < in_use < planned
            _no_page_not_found(page)
            _shot(page, "job1-landuse-hai-phong")
        finally:
            b.close()


def test_job_bac_ninh_worker_housing(server: str) -> None:
    """Does Bắc Ninh have enough worker housing? The housing page shows the results first
    (coverage above the fold, above the parameters panel)."""
    with sync_api.sync_playwright() as p:
        b = Browser(p, server)
        try:
            page = b.open("/nha-o-cong-nhan?province=bac-ninh")
            _heading(page, "page_housing")
            coverage = page.locator("[data-testid=stMetric]",
                                    has_text=t("housing_coverage", "vi")).first
            coverage.wait_for()
            shown = {key: page.locator("[data-testid=stMetric]", has_text=t(key, "vi")).first
                     .locator("[data-testid=stMetricValue]").inner_text().strip()
                     for key in ("housing_demand", "housing_supply_pipeline",
                                 "housing_coverage")}
            total = _bac_ninh_housing()
            assert shown["housing_demand"] == fmt_number(total["demand_persons"], digits=0)
            assert shown["housing_supply_pipeline"] == fmt_number(
                total["supply_pipeline_persons"], digits=0)
            # the coverage of built beds: a ratio, or "—" where no built site gives a capacity
            assert shown["housing_coverage"] == fmt_ratio(total["coverage_ratio"])
            panel = page.get_by_text(t("housing_show_params", "vi")).first
            box, panel_box = coverage.bounding_box(), panel.bounding_box()
            assert box is not None and panel_box is not None
            assert box["y"] + box["height"] <= VIEWPORT["height"]  # above the fold
            assert box["y"] < panel_box["y"]  # results before the parameters
            _shot(page, "job2-housing-bac-ninh")
        finally:
            b.close()


def test_job_export_hai_duong(server: str) -> None:
    """Export Hải Dương's zones: the export page's download gives its zones as GeoJSON."""
    expected = filter_zones(load_zones(), provinces=["Hải Dương"])
    with sync_api.sync_playwright() as p:
        b = Browser(p, server)
        try:
            page = b.open("/xuat-du-lieu?province=hai-duong&format=geojson")
            _heading(page, "page_export")
            button = page.get_by_role("button", name=re.compile(r"\.geojson"))
            with page.expect_download() as info:
                button.click()
            path = Path(info.value.path())
            collection = json.loads(path.read_text(encoding="utf-8"))
            features = collection["features"]
            assert len(features) == len(expected) > 0
            assert {f["properties"]["province"] for f in features} == {"Hải Dương"}
            _shot(page, "job3-export-hai-duong")
        finally:
            b.close()


def test_job_map_first_and_zone_search(server: str) -> None:
    """The map is first at 1440 × 900 with a collapsed legend; "que vo" finds KCN Quế Võ, the
    map zooms to it and outlines it; the tools are there (measure, WGS 84, province names)."""
    with sync_api.sync_playwright() as p:
        b = Browser(p, server)
        try:
            page = b.open("/ban-do?province=bac-ninh")
            frame_el = page.locator(FRAME)
            frame_el.wait_for()
            frame = frame_el.content_frame
            frame.locator("path.leaflet-interactive").first.wait_for()
            legend = frame.locator(".kcn-legend")
            legend.wait_for()
            box, legend_box = frame_el.bounding_box(), legend.bounding_box()
            assert box is not None and legend_box is not None
            assert box["y"] < VIEWPORT["height"] / 3  # the map's top well above the fold
            assert box["y"] + box["height"] <= VIEWPORT["height"] + 60  # nearly all of it in view
            assert "kcn-collapsed" in (legend.get_attribute("class") or "")
            area = legend_box["width"] * legend_box["height"]
            assert area <= 0.15 * box["width"] * box["height"], (legend_box, box)
            frame.locator(".kcn-legend-toggle").click()  # opens, shows the statuses
            frame.get_by_text(t("status_operating", "vi")).first.wait_for()
            frame.locator(".kcn-legend-toggle").click()
            assert frame.locator(".leaflet-control-measure").count() == 1
            assert frame.locator(".leaflet-control-mouseposition").count() == 1
            assert "Bắc Ninh" in frame.locator(".kcn-prov-label").all_inner_texts()
            assert "km" in frame.locator(".leaflet-control-scale").inner_text() or \
                " m" in frame.locator(".leaflet-control-scale").inner_text()
            assert "mi" not in frame.locator(".leaflet-control-scale").inner_text()

            # a click on the map (off the zones) gives the point's VN-2000 coordinates
            page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 90)
            page.get_by_text(re.compile(r"VN-2000.*EPSG:\d{4}")).first.wait_for()

            search = page.get_by_label(t("zone_search", "vi"))
            search.fill("que vo")
            search.press("Enter")
            card = page.get_by_text(f"{t('zone_detail', 'vi')}: KCN Quế Võ", exact=True)
            card.wait_for()
            # the new map (zoomed, outlined) replaces the old one: wait until one frame is left
            page.wait_for_function(
                "() => [...document.querySelectorAll('iframe')].filter(f => f.title === "
                "'streamlit_folium.st_folium' && f.offsetWidth > 0).length === 1")
            frame = page.locator(FRAME).filter(visible=True).first.content_frame
            outline = frame.locator('path.leaflet-interactive[stroke="#000000"]')
            outline.first.wait_for()
            page.wait_for_function(
                "() => [...document.querySelectorAll('iframe')].some(f => f.contentWindow.map"
                " && f.contentWindow.map.getZoom() >= 11)")
            _shot(page, "job4-map-que-vo")
        finally:
            b.close()


@pytest.mark.parametrize(("path", "heading"), [("/ban-do", "page_map"),
                                                ("/su-dung-dat", "page_landuse"),
                                                ("/khong-co", "page_map")])
def test_job_deep_links(server: str, path: str, heading: str) -> None:
    """Deep links open their page (an unknown one lands on the map), with no dialog."""
    with sync_api.sync_playwright() as p:
        b = Browser(p, server)
        try:
            page = b.open(path)
            _heading(page, heading)
            if heading == "page_map":
                page.locator(FRAME).content_frame.locator(
                    "path.leaflet-interactive").first.wait_for()
            else:
                page.locator("[data-testid=stDataFrame]").first.wait_for()
            _no_page_not_found(page)
            if path == "/khong-co":
                assert "/ban-do" in page.url
            _shot(page, f"job5-deeplink-{path.strip('/')}")
        finally:
            b.close()
