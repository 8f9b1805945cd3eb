"""End to end in Debian's chromium: the app's map draws, hovers, clicks, stays offline and safe.

``streamlit run app.py`` runs on a free local port against a temporary copy of ``data/`` in
which one zone is renamed to an HTML/script payload. Every request to a host other than the
local server is intercepted: OpenStreetMap tile requests (the basemap is on by default) are
answered locally with a blank PNG and counted; any other is aborted and recorded, and the test
asserts that list is empty — nothing leaves the machine, the map needs no CDN.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import shape

from geo.core.i18n import t
from geo.settings import PROVINCES_2024

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAYLOAD = '<img src=x onerror="window.__xss=1">KCN Thử'
TILE_HOST = "tile.openstreetmap.org"
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")

if not CHROMIUM.exists():  # the only reason to skip: .ci/run installs Debian's chromium
    pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install "
                "chromium); the browser test cannot run here", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def _isolated(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """KCN footprints (polygons) whose centre no other zone covers: safe to hover and click."""
    geoms = {f["properties"]["zone_id"]: shape(f["geometry"]) for f in features
             if f.get("geometry")}
    tree = shapely.STRtree(list(geoms.values()))
    ids = list(geoms)
    found = []
    for f in features:
        props, geom = f["properties"], geoms.get(f["properties"]["zone_id"])
        if props["kind"] != "KCN" or geom is None or geom.geom_type != "Polygon":
            continue
        hits = {ids[i] for i in tree.query(geom.centroid, predicate="intersects")}
        if hits == {props["zone_id"]}:
            found.append(f)
    return found


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of data/ with one zone renamed to the payload; the zones the test will use."""
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(REPO / "data", root, dirs_exist_ok=True)
    path = root / "zones" / "zones.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    candidates = _isolated(collection["features"])
    # Two isolated zones of the same province: one keeps its name, one gets the payload.
    by_province: dict[str, list[dict[str, Any]]] = {}
    for f in candidates:
        by_province.setdefault(f["properties"]["province"], []).append(f)
    province, pair = next((p, fs) for p, fs in by_province.items() if len(fs) >= 2)
    plain, target = pair[0]["properties"], pair[1]["properties"]
    plain_name = plain["name"]
    target["name"] = PAYLOAD
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    slug = next(p.slug for p in PROVINCES_2024 if p.name == province)
    located = sum(1 for f in collection["features"]
                  if f.get("geometry") and f["properties"]["province"] == province)
    return {"root": root, "slug": slug, "located": located, "plain_id": plain["zone_id"],
            "plain_name": plain_name, "target_id": target["zone_id"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(scenario: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "KCN_ATLAS_DATA": str(scenario["root"]),
           "KCN_ATLAS_WORKSPACE": str(tmp_path_factory.mktemp("workspace"))}
    log = (tmp_path_factory.mktemp("log") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start (see {log.name})")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# JS run in the map frame: centre the map on a zone and return where its shape is on screen
# (and whether that point really hits the zone's own SVG path).
LOCATE = """(id) => {
  let layer = null;
  window.map.eachLayer(l => { if (l.feature && l.feature.properties.zone_id === id) layer = l; });
  if (!layer) return null;
  const ll = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
  window.map.setView(ll, 13, {animate: false});
  const p = window.map.latLngToContainerPoint(ll);
  const box = window.map.getContainer().getBoundingClientRect();
  const x = box.left + p.x, y = box.top + p.y;
  return {x: x, y: y, hit: document.elementFromPoint(x, y) === layer._path};
}"""


def _locate(page: Any, map_frame: Any, zone_id: str) -> dict[str, Any]:
    """Centre the map on a zone and return its on-screen point once the point hits its shape.

    The mouse is first moved off the map (a sticky tooltip left by an earlier hover would cover
    the point), and the check is repeated while Leaflet redraws after the jump.
    """
    page.mouse.move(1, 1)
    spot: dict[str, Any] = {}
    for _ in range(20):
        spot = map_frame.evaluate(LOCATE, zone_id) or {}
        if spot.get("hit"):
            return spot
        page.wait_for_timeout(250)
    raise AssertionError(f"zone {zone_id} not hit on screen after 5 s: {spot}")


class Requests:
    """What the browser asked for, sorted by where it would have gone."""

    def __init__(self) -> None:
        self.local: list[str] = []
        self.tiles: list[str] = []
        self.outside: list[str] = []


def _offline_context(browser: Any, server: str) -> tuple[Any, Requests]:
    """A browser context that lets through only the local server: OpenStreetMap tiles are
    answered with a blank PNG, any other outside request is aborted and recorded."""
    seen = Requests()

    def route(r: Any) -> None:
        url = r.request.url
        host = url.split("/")[2] if "://" in url else ""
        if url.startswith(server) or url.startswith(("data:", "blob:")):
            seen.local.append(url)
            r.continue_()
        elif host.endswith(TILE_HOST):
            seen.tiles.append(url)
            r.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            seen.outside.append(url)
            r.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    context.route("**/*", route)
    return context, seen


def test_map_in_browser(server: str, scenario: dict[str, Any]) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context, seen = _offline_context(browser, server)
            outside, local = seen.outside, seen.local
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(f"{server}/?lang=vi&edition=2024&province={scenario['slug']}")
            frame_el = page.locator('iframe[title="streamlit_folium.st_folium"]')
            frame_el.wait_for()
            frame = frame_el.content_frame
            shapes = frame.locator("path.leaflet-interactive")
            shapes.first.wait_for()
            frame.locator(".kcn-legend").wait_for()
            # every located zone of the province is drawn (plus the province boundaries)
            assert shapes.count() >= scenario["located"]
            map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            frame_el.scroll_into_view_if_needed()

            # the zone table's toolbar offers no CSV download of its own (it would not
            # neutralise formulas; the app's downloads do)
            table = page.locator('[data-testid="stDataFrame"]').first
            table.scroll_into_view_if_needed()
            table.hover()
            toolbar = page.locator('[data-testid="stElementToolbar"]').first
            toolbar.get_by_role("button", name="Search").wait_for()
            assert toolbar.get_by_role("button", name="Download as CSV").count() == 0
            frame_el.scroll_into_view_if_needed()

            # hover a zone: its Vietnamese name in the tooltip
            spot = _locate(page, map_frame, scenario["plain_id"])
            frame_box = frame_el.bounding_box()
            assert frame_box is not None
            page.mouse.move(frame_box["x"] + spot["x"], frame_box["y"] + spot["y"])
            tooltip = frame.locator(".leaflet-tooltip:not(.kcn-prov-label)")  # not a province name
            tooltip.wait_for()
            assert scenario["plain_name"] in tooltip.inner_text()

            # the payload zone: literal text in tooltip and popup, and nothing runs
            spot = _locate(page, map_frame, scenario["target_id"])
            x, y = frame_box["x"] + spot["x"], frame_box["y"] + spot["y"]
            page.mouse.move(x + 200, y + 150)  # both zones are centred: leave, then come back
            page.mouse.move(x, y, steps=5)
            frame.get_by_text(PAYLOAD).first.wait_for()
            page.mouse.click(x, y)
            popup = frame.locator(".leaflet-popup-content")
            popup.wait_for()
            assert PAYLOAD in popup.inner_text()
            assert t("status_operating", "vi") in popup.inner_text() or "·" in popup.inner_text()

            # the click selects the zone: the page shows its detail card (the app's heading)
            card = page.get_by_text(f"{t('zone_detail', 'vi')}: {PAYLOAD}")
            card.wait_for()
            assert card.is_visible()
            # and the point clicked on the zone in VN-2000 of the province (PROJ, server side)
            vn2000 = page.get_by_text(re.compile(r"VN-2000 \(.+, EPSG:\d+\): X \(Bắc\) = "))
            vn2000.first.wait_for()
            assert t("click_point", "vi") in vn2000.first.inner_text()

            for f in page.frames:
                assert f.evaluate("() => typeof window.__xss") == "undefined", f.url
            assert frame.locator("img[src='x']").count() == 0
            assert page.locator("img[src='x']").count() == 0
        finally:
            browser.close()

    assert outside == [], f"requests that would have left the machine: {outside}"
    assert any("/app/static/leaflet-" in u and u.endswith("/leaflet.js") for u in local)


def _settled_map_frame(page: Any, frames: Any, timeout_s: float = 30.0) -> tuple[Any, Any]:
    """(content frame, bounding box) of the page's map once a rerun has settled — at least two
    zone shapes and the legend drawn: a rerun can replace the iframe while it is being read,
    so a detached frame is looked up again until ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            frame_el = frames.filter(visible=True).first
            frame_el.wait_for()
            frame = frame_el.content_frame
            frame.locator("path.leaflet-interactive").first.wait_for()
            frame_el.scroll_into_view_if_needed()
            box = frame_el.bounding_box()
            # auto-waiting checks: a rerun redraws the map inside the frame
            sync_api.expect(frame.locator("path.leaflet-interactive").nth(1)).to_be_attached()
            sync_api.expect(frame.locator(".kcn-legend")).to_be_visible()
            if box is not None:
                return frame, box
        except (sync_api.Error, AssertionError):
            if time.monotonic() > deadline:
                raise
        page.wait_for_timeout(300)


def test_housing_map_in_browser(server: str, scenario: dict[str, Any]) -> None:
    """The worker-housing coverage map draws (visible frame, zone shapes), with no console
    error and no request leaving the machine, also after the form reruns the page."""
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context, seen = _offline_context(browser, server)
            outside = seen.outside
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.set_default_timeout(30_000)
            # Open the app, then the page from the navigation (a cold deep link to a page's
            # URL can show Streamlit's "Page not found" dialog over it on a fresh server).
            page.goto(f"{server}/?lang=vi&edition=2024&province={scenario['slug']}")
            page.get_by_role("link", name=t("page_housing", "vi")).click()
            # The housing page's own heading, then its map once the map page's frame is gone
            # (both coexist while the new page runs): never a stale frame.
            page.get_by_role("heading", name=t("housing_map", "vi")).wait_for()
            frames = page.locator('iframe[title="streamlit_folium.st_folium"]')
            page.wait_for_function(
                "() => document.querySelectorAll("
                "'iframe[title=\"streamlit_folium.st_folium\"]').length === 1")
            for rerun in range(2):
                # the helper asserts ≥ 2 zone shapes and a visible legend (auto-waiting)
                _, box = _settled_map_frame(page, frames)
                assert box["height"] > 300, box
                if rerun == 0:  # "Tính lại" (in the parameters panel) reruns the page
                    page.get_by_text(t("housing_show_params", "vi")).first.click()
                    page.get_by_role("button", name=t("housing_apply", "vi")).click()
                    page.get_by_role("heading", name=t("housing_map", "vi")).wait_for()
            for f in page.frames:
                assert f.evaluate("() => typeof window.__xss") == "undefined", f.url
        finally:
            browser.close()

    assert errors == [], f"console errors: {errors}"
    assert outside == [], f"requests that would have left the machine: {outside}"


TEMPLATE_PAYLOAD = ("KCN {{ 7*191 }} {% for x in range(3) %}X{% endfor %} {#1 "
                    '<img src=x onerror="window.__xss=1;alert(1)"> `${alert(2)}` </script>')


def test_hostile_name_in_a_map_file_shows_literally(tmp_path: Path) -> None:
    """A zone named with Jinja, HTML and JS payloads: the tooltip and the popup show the text
    as written (nothing evaluated on the server, nothing run in the browser, no dialog)."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo.maps.zone_map import build_zone_map

    zones = gpd.GeoDataFrame(
        [{"zone_id": "evil", "name": TEMPLATE_PAYLOAD, "developer": TEMPLATE_PAYLOAD,
          "kind": "KCN", "status": "operating", "province": "Bắc Ninh",
          "source_url": "https://example.org/", "geometry": box(106.0, 21.0, 106.1, 21.1)}],
        geometry="geometry", crs="EPSG:4326")
    provinces = gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
    path = tmp_path / "map.html"
    path.write_text(build_zone_map(zones, provinces, basemap=False, offline="inline")
                    .get_root().render(), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 900, "height": 700})
            outside: list[str] = []

            def route(r: Any) -> None:
                url = r.request.url
                if url.startswith(("file:", "data:", "blob:")):
                    r.continue_()
                else:
                    outside.append(url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.set_default_timeout(30_000)
            page.goto(path.as_uri())
            page.locator("path.leaflet-interactive").first.wait_for()
            box_ = page.locator(".folium-map").bounding_box()
            assert box_ is not None
            x, y = box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] / 2
            page.mouse.move(x, y)
            page.mouse.move(x + 3, y + 3)
            tooltip = page.locator(".leaflet-tooltip")
            tooltip.wait_for()
            assert TEMPLATE_PAYLOAD in tooltip.inner_text()
            page.mouse.click(x, y)
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            text = popup.inner_text()
            assert text.count(TEMPLATE_PAYLOAD) == 2  # name and developer, as written
            assert "1337" not in text and "XXX" not in text
            page.wait_for_timeout(300)
            assert page.evaluate("window.__xss") is None
            assert page.locator("img[src='x']").count() == 0
            assert dialogs == [] and outside == []
        finally:
            browser.close()
