"""Template (Jinja2/SSTI), HTML/JS and Markdown injection through every text field and sink.

One payload list goes through every text field of zones and housing sites into every map
builder (zone map in both offline modes and with a choropleth, housing map with a selected
zone, import preview, the ``map`` CLI, our layer/legend elements directly) and the app's map,
housing and import pages. For each (payload, field, sink): rendering raises nothing, nothing is
evaluated (no ``1337`` from ``{{ 7*191 }}``, no ``uid=`` from ``os.popen('id')``, no ``XXX``
from the ``{% for %}`` loop), the raw text never appears, and its HTML-escaped form
(:func:`geo.core.text.escape_html`) does (the browser shows it literally). Each test asserts the
number of checks it made; ``test_injection_counts`` prints the total.

Markdown: ``![b](http://127.0.0.1:9/x.png)`` (an image every viewer's browser would fetch) and
``<img src=x onerror=alert(1)>`` in a zone name, an import file, an error message and the URL
query are shown escaped (:func:`geo.core.text.md_escape`) in every Markdown element of the app.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import pytest
from import_fixtures import ZONES, geojson_bytes, square
from shapely.geometry import Point, box
from streamlit.testing.v1 import AppTest

from geo.accounts.housing import analyse_housing
from geo.cli import main
from geo.core.schema import HOUSING_FIELDS, ZONE_FIELDS
from geo.core.text import escape_html, md_escape, md_format
from geo.maps.assets import _inline_css, _inline_js
from geo.maps.elements import LayerControl, script_json
from geo.maps.housing_map import build_housing_map
from geo.maps.layers import JsonLayer, Legend
from geo.maps.preview import build_preview_map
from geo.maps.zone_map import build_zone_map
from geo.maps.zone_popup import safe_url

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")

PAYLOADS = [
    "{{ 7*191 }}",
    "{{ lipsum.__globals__.os.popen('id').read() }}",
    "{% for x in range(3) %}X{% endfor %}",
    "{# c",
    "{{ broken",
    "KCN Số {#1",
    "}}",
    "{%",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "`${alert(1)}`",
    "</script>",
    "{{ config }}{{ self.__init__.__globals__ }}",
    '{{ "EVAL" ~ 7*191 }}',
]
"""Jinja expressions, statements, comments, unbalanced markers; HTML and JS payloads."""

EVALUATED = ("EVAL1337", "uid=", "XXX", "__globals__ at", "<function", "<module")
"""What an evaluated payload would leave in the page (a bare ``1337`` could be a coordinate or
an element id: :func:`_assert_safe` looks for the evaluated value itself instead)."""

# Text fields of a zone (geo.core.schema.ZONE_FIELDS) and whether a map shows them. kind, status
# and geometry_quality are enumerations (validated; a map shows only their labels).
ZONE_TEXT_FIELDS = [f for f, kind in ZONE_FIELDS.items()
                    if kind == "str" and f not in ("kind", "status", "geometry_quality")]
ZONE_SHOWN = ("name", "developer", "as_of", "province", "province_2025", "parent_zone_id",
              "source_url")
SITE_TEXT_FIELDS = [f for f, kind in HOUSING_FIELDS.items() if kind == "str" and f != "status"]

MD_PAYLOADS = ["![b](http://127.0.0.1:9/x.png)", "<img src=x onerror=alert(1)>"]
MD_RAW = re.compile(r"(?<!\\)(?:!\[|\[b\]|<img)")
"""Markdown of the payloads that would act: an unescaped ``![``, ``[b]`` or ``<img``."""


def _value(field: str, i: int, payload: str) -> str:
    """The hostile value of ``field`` for payload ``i`` (a URL field keeps a URL shape)."""
    if field.endswith("source_url"):
        return f"https://example.org/{i}/{payload}"
    return f"{field}{i} {payload}"


def _strip_assets(html: str) -> str:
    """The page without the inlined Leaflet (its code is not data)."""
    return html.replace(_inline_js(), "").replace(_inline_css(), "")


def _assert_safe(html: str, value: str, *, shown: bool) -> None:
    """``value`` is not evaluated, never raw, and (if ``shown``) present HTML-escaped."""
    page = _strip_assets(html)
    for mark in EVALUATED:
        assert mark not in page, (mark, value)
    if "{{ 7*191 }}" in value:
        assert value.replace("{{ 7*191 }}", "1337") not in page, value
    assert value not in page, value
    if shown:
        assert escape_html(value) in page, value
    # the escaped text holds no Jinja or template-literal marker
    assert not re.search(r"\{[{%#]|\$\{|`", escape_html(value))


def _zone_rows(fields: Iterable[str]) -> gpd.GeoDataFrame:
    """One zone per payload (every text field hostile) plus a plain parent KKT; EPSG:4326."""
    rows = []
    for i, payload in enumerate(PAYLOADS):
        row: dict[str, Any] = {f: _value(f, i, payload) for f in fields}
        row.update({"zone_id": f"z{i}", "kind": "KCN", "status": "operating",
                    "geometry_quality": "surveyed", "planned_area_ha": 100.0 + i,
                    "geometry": box(105.0 + i * 0.1, 20.0, 105.05 + i * 0.1, 20.05)})
        rows.append(row)
    rows.append({"zone_id": "none", "name": "KCN no location", "kind": "KCN",
                 "status": "planned", "geometry": None})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _province_rows() -> gpd.GeoDataFrame:
    names = [_value("province", i, p) for i, p in enumerate(PAYLOADS)]
    geoms = [box(104.9 + i * 0.1, 19.9, 105.09 + i * 0.1, 20.1) for i in range(len(names))]
    return gpd.GeoDataFrame({"name": names}, geometry=geoms, crs="EPSG:4326")


_CHECKS: dict[str, int] = {}


def _check_all(sink: str, html: str, values: list[tuple[str, bool]]) -> None:
    for value, shown in values:
        _assert_safe(html, value, shown=shown)
    _CHECKS[sink] = _CHECKS.get(sink, 0) + len(values)


def _zone_values(*, provinces_too: bool = True) -> list[tuple[str, bool]]:
    out = []
    for i, payload in enumerate(PAYLOADS):
        for field in ZONE_TEXT_FIELDS:
            if field == "zone_id":
                continue  # an identifier (validated by the loaders); checked by script_json
            value = _value(field, i, payload)
            shown = field in ZONE_SHOWN
            if field == "source_url":
                shown = safe_url(value) is not None
            out.append((value, shown))
    return out


# ---------------------------------------------------------------------------------------------
# The escapers
@pytest.mark.parametrize("payload", PAYLOADS + MD_PAYLOADS)
def test_escape_html_leaves_no_marker(payload: str) -> None:
    escaped = escape_html(payload)
    assert not set("<>\"'`${}") & set(escaped)
    assert escape_html(None) == "—" and escape_html(float("nan")) == "—"
    assert escape_html("Khu công nghiệp Quế Võ & B") == "Khu công nghiệp Quế Võ &amp; B"


def test_script_json_has_no_jinja_marker_and_parses_back() -> None:
    value = {"t": "{{ 7*191 }} {%x%} {#c#} {{{ </script><!--", "n": {}, "l": [{}, {"a": 1}]}
    text = script_json(value)
    assert not re.search(r"\{[{%#]", text) and "</" not in text and "<!--" not in text
    assert json.loads(text) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("![b](http://127.0.0.1:9/x.png)", "\\!\\[b\\](http://127.0.0.1:9/x.png)"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
    (":red[x] $y$ `z` *w* ~v~ a|b", "\\:red\\[x\\] \\$y\\$ \\`z\\` \\*w\\* \\~v\\~ a\\|b"),
    ("- item", "\\- item"), ("1. item", "1\\. item"), ("# title", "\\# title"),
    ("a\\b", "a\\\\b"), ("line\nnext", "line next"), ("_em_ snake_case", "\\_em\\_ snake_case"),
    # ordinary text (Vietnamese, hyphens, parentheses, EPSG codes) keeps its source
    ("KCN An Việt - Quế Võ 6 (giai đoạn 1)", "KCN An Việt - Quế Võ 6 (giai đoạn 1)"),
    ("EPSG:9209 (Bắc Ninh); junk.geojson: lỗi", "EPSG:9209 (Bắc Ninh); junk.geojson: lỗi"),
])
def test_md_escape(text: str, expected: str) -> None:
    assert md_escape(text) == expected
    assert md_format("**{x}**: {y}", x=text, y=1) == f"**{expected}**: 1"


# ---------------------------------------------------------------------------------------------
# Map builders
@pytest.mark.parametrize("offline", ["static", "inline"])
def test_zone_map_every_field(offline: str) -> None:
    zones = _zone_rows(ZONE_TEXT_FIELDS)
    zones.loc[1, "parent_zone_id"] = None  # a zone without parent row is left out of the popup
    html = build_zone_map(zones, _province_rows(), lang="en", basemap=False,
                          offline=offline).get_root().render()  # type: ignore[arg-type]
    values = [(v, s) for v, s in _zone_values() if not v.startswith("parent_zone_id1 ")]
    _check_all(f"build_zone_map[{offline}]", html, values)
    assert len(values) == len(PAYLOADS) * (len(ZONE_TEXT_FIELDS) - 1) - 1


def test_zone_map_choropleth_province_tooltips() -> None:
    provinces = _province_rows()
    zones = _zone_rows(ZONE_TEXT_FIELDS)
    stats = pd.DataFrame({"key": provinces["name"], "in_use_ratio": 0.5, "zones": 1})
    html = build_zone_map(zones, provinces, basemap=False, choropleth="in_use_ratio",
                          province_stats=stats).get_root().render()
    values = [(_value("province", i, p), True) for i, p in enumerate(PAYLOADS)]
    _check_all("build_zone_map[choropleth]", html, values)


def test_layer_name_legend_and_tooltip_elements() -> None:
    for i, payload in enumerate(PAYLOADS):
        value = _value("layer", i, payload)
        m = folium.Map(tiles=None)
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [105, 20]},
                   "properties": {"s": 0, "t": escape_html(value), "p": escape_html(value)}}
        JsonLayer([feature], [{"color": "#000"}], name=value).add_to(m)
        Legend(escape_html(value)).add_to(m)
        LayerControl().add_to(m)
        html = m.get_root().render()
        _check_all("JsonLayer+Legend+LayerControl", html, [(value, True)])
    assert _CHECKS["JsonLayer+Legend+LayerControl"] >= len(PAYLOADS)


def _housing_inputs() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Zones and sites (validated like loaded data) with hostile names and site text fields."""
    from test_housing import sites_frame, zones_frame

    lat = 21.0
    zones = zones_frame([{"zone_id": f"z{i}", "name": _value("name", i, p),
                          "planned_area_ha": 100.0,
                          "geometry": box(105.99, lat - 0.01, 106.01, lat + 0.01)}
                         for i, p in enumerate(PAYLOADS)])
    sites = sites_frame([{"site_id": f"s{i}", "name": _value("site_name", i, p),
                          "as_of": _value("as_of", i, p), "capacity_persons": 500.0,
                          "serves_zone_ids": f"z{i}",
                          "source_url": _value("source_url", i, p),
                          "geometry": Point(106.02 + i * 0.001, lat)}
                         for i, p in enumerate(PAYLOADS)])
    return zones, sites


def test_housing_map_with_reach() -> None:
    zones, sites = _housing_inputs()
    result = analyse_housing(zones, sites)
    total = 0
    for i, payload in enumerate(PAYLOADS):
        html = build_housing_map(result, lang="en", selected_zone_id=f"z{i}", basemap=False,
                                 offline="inline").get_root().render()
        assert '"r":' in html  # the reach circle is drawn, its tooltip names the zone
        url = _value("source_url", i, payload)
        values = [(_value("name", i, payload), True), (_value("site_name", i, payload), True),
                  (_value("as_of", i, payload), False), (url, safe_url(url) is not None)]
        _check_all("build_housing_map", html, values)
        total += len(values)
    assert total == 4 * len(PAYLOADS)


def test_preview_map() -> None:
    current = _zone_rows(["name"])
    incoming = gpd.GeoDataFrame(
        {"zone_id": [_value("zone_id", i, p) for i, p in enumerate(PAYLOADS)],
         "name": [None] * len(PAYLOADS)},
        geometry=[Point(105 + i * 0.01, 20) for i in range(len(PAYLOADS))], crs="EPSG:4326")
    labels = ("current {{ 7*191 }}", "incoming <b>{% for x in range(3) %}X{% endfor %}")
    html = build_preview_map(current, incoming, labels=labels).get_root().render()
    values = [(f"{labels[0]}: {_value('name', i, p)}", True) for i, p in enumerate(PAYLOADS)]
    values += [(f"{labels[1]}: {_value('zone_id', i, p)}", True) for i, p in enumerate(PAYLOADS)]
    values += [(labels[0], True), (labels[1], True)]  # layer names
    _check_all("build_preview_map", html, values)


def test_cli_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.cli.mapcmd as mapcmd

    zones = _zone_rows(ZONE_TEXT_FIELDS)
    monkeypatch.setattr(mapcmd, "load_zones", lambda: zones)
    monkeypatch.setattr(mapcmd, "filter_zones", lambda z, **_: z)
    monkeypatch.setattr(mapcmd, "load_provinces", lambda edition: _province_rows())
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--no-basemap", "--lang", "en"]) == 0
    _check_all("python -m geo map", out.read_text(encoding="utf-8"), _zone_values())


def test_injection_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """The number of (payload, field) checks per sink (in the order the tests ran)."""
    with capsys.disabled():
        total = sum(_CHECKS.values())
        print(f"\ninjection checks: {total} = " + ", ".join(f"{k}: {v}" for k, v in
                                                         sorted(_CHECKS.items())))


# ---------------------------------------------------------------------------------------------
# Guards: no sink that evaluates text in the map modules, no raw HTML in the app
MAP_MODULES = sorted({str(p.relative_to(REPO)) for p in (REPO / "geo" / "maps").glob("*.py")
                      if p.name not in ("elements.py", "__init__.py")}
                     | {"geo/cli/mapcmd.py", "ui/mapview.py", "ui/lotsview.py"})
FOLIUM_TEXT_SINKS = {"Tooltip", "Popup", "GeoJson", "GeoJsonTooltip", "GeoJsonPopup", "Circle",
                     "CircleMarker", "PolyLine", "Marker", "FeatureGroup", "LayerControl",
                     "Element"}
"""folium/branca classes whose text (or rendered script) branca compiles as a Jinja template."""


def _sinks_used(path: Path) -> list[str]:
    """``folium.<sink>`` attributes and ``Element(...)`` calls in the code of ``path``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in ("folium", "branca") and node.attr in FOLIUM_TEXT_SINKS):
            found.append(f"{node.value.id}.{node.attr}")
        elif (isinstance(node, ast.ImportFrom) and node.module
              and node.module.split(".")[0] in ("folium", "branca")):
            found += [a.name for a in node.names if a.name in FOLIUM_TEXT_SINKS]
    return found


def test_map_modules_use_no_folium_text_sink() -> None:
    """Text reaches a map only through JsonLayer/Legend/LayerControl/RawElement
    (geo.maps.elements)."""
    found = {m: _sinks_used(REPO / m) for m in MAP_MODULES}
    assert {m: f for m, f in found.items() if f} == {}


def test_no_raw_html_in_the_app() -> None:
    files = [REPO / "app.py", *(REPO / "pages").glob("*.py"), *(REPO / "ui").glob("*.py")]
    assert [f.name for f in files if "unsafe_allow_html" in f.read_text(encoding="utf-8")] == []


# ---------------------------------------------------------------------------------------------
# The app (AppTest): hostile data folder, upload, error message and URL
def _hostile_data(folder: Path) -> Path:
    """A copy of data/ whose zones and housing site carry Jinja, HTML and Markdown payloads."""
    zones = [dict(z) for z in ZONES]
    zones[0]["name"] = f"KCN {PAYLOADS[0]} {MD_PAYLOADS[0]}"  # bn-que-vo (located)
    zones[0]["developer"] = f"Dev {PAYLOADS[2]} {MD_PAYLOADS[1]}"
    zones[2]["name"] = f"KCN {MD_PAYLOADS[1]} {PAYLOADS[4]}"  # hy-pho-noi-a
    zones[4]["name"] = f"KCN {MD_PAYLOADS[0]} no location"  # hn-thang-long (no geometry)
    site = {"site_id": "bn-que-vo-dorm", "name": f"Nhà {MD_PAYLOADS[0]} {PAYLOADS[1]}",
            "province": "Bắc Ninh", "status": "completed", "capacity_persons": 3000.0,
            "serves_zone_ids": "bn-que-vo", "source_url": "https://example.org/dorm",
            "geometry": Point(106.125, 21.145)}
    shutil.copytree(REPO / "data", folder)  # boundaries, reports: as bundled
    gpd.GeoDataFrame(zones, geometry="geometry", crs="EPSG:4326").to_file(
        folder / "zones" / "zones.geojson", driver="GeoJSON")
    gpd.GeoDataFrame([site], geometry="geometry", crs="EPSG:4326").to_file(
        folder / "zones" / "housing_sites.geojson", driver="GeoJSON")
    return folder


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("KCN_ATLAS_DATA", str(_hostile_data(tmp_path / "data")))
    monkeypatch.setenv("KCN_ATLAS_WORKSPACE", str(tmp_path / "workspace"))
    return tmp_path


def _app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text the app renders as Markdown (bodies, labels, st.table cells)."""
    texts: list[str] = [str(c) for table in at.table
                        for c in [*table.value.to_numpy().ravel(), *table.value.index]]
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title",
                 "subheader", "header"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("expander", "checkbox", "selectbox", "text_input", "toggle", "metric"):
        texts += [str(e.label) for e in getattr(at, kind)]
    return texts


def _assert_markdown_safe(at: AppTest, *, expect: Iterable[str]) -> int:
    """No raw image/HTML Markdown anywhere; every ``expect`` text present escaped."""
    texts = _markdown_texts(at)
    for text in texts:
        assert not MD_RAW.search(text), text
    joined = "\n".join(texts)
    checked = 0
    for text in expect:
        assert md_escape(text) in joined, (text, joined[:2000])
        checked += 1
    return checked


def _map_scripts(at: AppTest) -> list[str]:
    return [json.loads(e.proto.json_args)["script"] for e in at.main.children.values()
            if type(e).__name__ == "UnknownElement"]


def _all_scripts(at: AppTest) -> str:
    out = []

    def walk(node: Any) -> None:
        if type(node).__name__ == "UnknownElement":
            out.append(json.loads(node.proto.json_args)["script"])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return "\n".join(out)


def test_app_map_page(hostile: Path) -> None:
    at = _app(zone="bn-que-vo")
    script = _all_scripts(at)
    assert '"zone_id":"bn-que-vo"' in script
    name = f"KCN {PAYLOADS[0]} {MD_PAYLOADS[0]}"
    assert escape_html(name) in script and "KCN 1337" not in script and "XXX" not in script
    assert escape_html(f"Dev {PAYLOADS[2]} {MD_PAYLOADS[1]}") in script
    assert escape_html(f"KCN {MD_PAYLOADS[1]} {PAYLOADS[4]}") in script
    # the card's title and the "not on the map" list (a zone without geometry)
    assert _assert_markdown_safe(at, expect=[name, f"KCN {MD_PAYLOADS[0]} no location"]) == 2
    # the card (st.table renders Markdown in its cells): name and developer escaped
    cells = [str(c) for c in at.table[0].value.to_numpy().ravel()]
    assert md_escape(name) in cells
    assert md_escape(f"Dev {PAYLOADS[2]} {MD_PAYLOADS[1]}") in cells
    assert not [c for c in cells if MD_RAW.search(c)]


def test_app_housing_page(hostile: Path) -> None:
    at = _app("app_pages/housing.py")
    at.selectbox(key="housing_zone").set_value("bn-que-vo").run()
    assert not at.exception, [e.value for e in at.exception]
    script = _all_scripts(at)
    site = f"Nhà {MD_PAYLOADS[0]} {PAYLOADS[1]}"
    assert escape_html(site) in script and "uid=" not in script
    assert '"r":' in script  # the reach circle of the selected zone
    _assert_markdown_safe(at, expect=[site])  # the reach caption names the site


def test_app_import_page_upload(hostile: Path) -> None:
    at = _app("app_pages/importer.py")
    hostile_name = f"KCN {PAYLOADS[0]} {MD_PAYLOADS[0]} {MD_PAYLOADS[1]}"
    features = [{"Ten_KCN": hostile_name, "Tinh": "Bắc Ninh", "DT_QH": 615.5,
                 "geometry": square(106.121, 21.151, 0.006)}]
    at.file_uploader[0].upload("hostile.geojson", geojson_bytes(features),
                               "application/geo+json")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    scripts = _map_scripts(at)
    assert len(scripts) == 1
    assert escape_html(hostile_name) in scripts[0] and "KCN 1337" not in scripts[0]
    # the detected sample of the file's values (a caption) shows the name escaped
    _assert_markdown_safe(at, expect=[hostile_name])


def test_app_import_error_message_and_file_name(hostile: Path) -> None:
    at = _app("app_pages/importer.py")
    # an uploaded name keeps only its last path part: the image URL without "/"
    name = f"![b](x.png){MD_PAYLOADS[1]}.geojson"
    at.file_uploader[0].upload(name, b"\x00\x01garbage" * 50)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error
    _assert_markdown_safe(at, expect=[name])


def test_app_url_query(hostile: Path) -> None:
    at = _app(province=MD_PAYLOADS[0], status=MD_PAYLOADS[1], zone=MD_PAYLOADS[0],
              basemap=MD_PAYLOADS[1])
    assert at.warning
    _assert_markdown_safe(at, expect=[])
    joined = "\n".join(w.value for w in at.warning)
    assert md_escape(repr(MD_PAYLOADS[0])) in joined or md_escape(MD_PAYLOADS[0]) in joined

