"""Map assets without a CDN: Leaflet served from the installed XStatic-Leaflet package.

folium loads Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs by default.
The maps of :mod:`geo.maps.zone_map` need only Leaflet (JS + CSS + the layer-control icons): popups,
tooltips, the layer control, the scale bar and our legend are plain Leaflet. This module swaps
folium's CDN links for either

- ``static``: URLs under Streamlit's static route (``/app/static/<folder>/...``); the app copies
  the files there at start-up with :func:`ensure_static_assets` (``./static`` is git-ignored);
- ``inline``: the files embedded in the HTML (one self-contained file that opens offline;
  the CSS images become ``data:`` URIs).

No file of Leaflet is vendored in the repository: they come from the installed package. The two
Leaflet plugins of the zone map's tools (leaflet-measure 3.1.0 and leaflet-mouse-position 1.2.0,
both MIT) ship in no Python package: their distributed files are vendored in
``geo/maps/vendor/`` by ``scripts/fetch_map_plugins.py`` (versions in ``vendor/VERSIONS.json``) and
served here the same two ways (:func:`apply_plugin_assets`).
"""

from __future__ import annotations

import base64
import filecmp
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import folium
from branca.element import Figure

from geo.errors import FilterError
from geo.maps.elements import RawElement
from geo.store.atomic import copy_atomic

OfflineMode = Literal["static", "inline"]
OFFLINE_MODES: Final = ("static", "inline")

STATIC_URL: Final = "/app/static/"
"""Where Streamlit serves ``<app dir>/static`` (``server.enableStaticServing = true``)."""


def leaflet_dir() -> Path:
    """The folder of the installed XStatic-Leaflet files (``leaflet.js``, ``leaflet.css``...)."""
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR)


def leaflet_version() -> str:
    """Version of the installed Leaflet (e.g. ``1.9.3``)."""
    import xstatic.pkg.leaflet as xleaflet

    return str(xleaflet.VERSION)


def asset_folder() -> str:
    """Name of the versioned folder under ``static/`` (``leaflet-1.9.3``): no stale caches."""
    return f"leaflet-{leaflet_version()}"


ASSET_FILES: Final = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                      "images/marker-icon.png", "images/marker-icon-2x.png",
                      "images/marker-shadow.png")


VENDOR_DIR: Final = Path(__file__).resolve().parent / "vendor"
"""Vendored Leaflet plugins (``scripts/fetch_map_plugins.py``), one folder per name-version."""


@dataclass(frozen=True)
class PluginAssets:
    """The files of a vendored Leaflet plugin (paths relative to its folder).

    ``js_vi``: the Vietnamese build of the script, when the plugin has its own strings.
    """

    folder: str
    js: str
    css: str
    images: tuple[str, ...] = ()
    js_vi: str | None = None

    def files(self) -> tuple[str, ...]:
        """Every file to serve."""
        scripts = (self.js,) if self.js_vi is None else (self.js, self.js_vi)
        return (*scripts, self.css, *self.images)


_MEASURE_IMAGES: Final = tuple(f"assets/{n}{s}.png" for n in ("cancel", "check", "focus",
                                                             "rulers", "start", "trash")
                               for s in ("", "_@2X"))
PLUGINS: Final[dict[str, PluginAssets]] = {
    "measure": PluginAssets("leaflet-measure-3.1.0", "leaflet-measure.js",
                            "leaflet-measure.css", _MEASURE_IMAGES, "leaflet-measure.vi.js"),
    "mouse_position": PluginAssets("leaflet-mouse-position-1.2.0",
                                   "L.Control.MousePosition.js", "L.Control.MousePosition.css"),
}
"""The vendored plugins: folium.plugins.MeasureControl and MousePosition load these."""


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    copy_atomic(src, dst)


def ensure_static_assets(static_dir: Path | str) -> None:
    """Copy the map assets into ``static_dir/<asset_folder()>/`` (idempotent).

    Parameters
    ----------
    static_dir : the app's static folder (``<folder of app.py>/static``), created if missing.

    Files already present with the same content are left alone; each copy is written to a
    temporary file and renamed, so a concurrent reader never sees half a file.
    """
    source = leaflet_dir()
    target = Path(static_dir) / asset_folder()
    for relative in ASSET_FILES:
        _copy_if_changed(source / relative, target / relative)
    for plugin in PLUGINS.values():
        for relative in plugin.files():
            _copy_if_changed(VENDOR_DIR / plugin.folder / relative,
                             Path(static_dir) / plugin.folder / relative)


def static_urls(base_url: str = STATIC_URL) -> tuple[str, str]:
    """(Leaflet JS URL, Leaflet CSS URL) under ``base_url`` (absolute path on the app's origin).

    An absolute path resolves the same from the app page and from streamlit-folium's component
    iframe (same origin), unlike a relative one.
    """
    base = base_url.rstrip("/") + "/" + asset_folder()
    return f"{base}/leaflet.js", f"{base}/leaflet.css"


def _inline_css() -> str:
    """leaflet.css with its images as ``data:`` URIs."""
    css = (leaflet_dir() / "leaflet.css").read_text(encoding="utf-8")
    for relative in ASSET_FILES:
        if relative.startswith("images/"):
            data = base64.b64encode((leaflet_dir() / relative).read_bytes()).decode("ascii")
            css = css.replace(f"url({relative})", f"url(data:image/png;base64,{data})")
    return css


def _inline_js() -> str:
    """leaflet.js without its source-map comment, safe inside a ``<script>`` element."""
    js = (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    js = "\n".join(line for line in js.splitlines()
                   if not line.startswith("//# sourceMappingURL="))
    return js.replace("</", "<\\/")


def apply_assets(m: folium.Map, *, offline: OfflineMode = "static",
                 base_url: str = STATIC_URL) -> folium.Map:
    """Replace folium's CDN links of map ``m`` by local assets; returns ``m``.

    Only Leaflet is kept (jQuery, Bootstrap, Font Awesome and awesome-markers are not needed
    by the maps of :mod:`geo.maps.zone_map`). Sets instance attributes, never folium's class lists.

    Parameters
    ----------
    m : a map without any element that needs other libraries (no folium.Popup with HTML,
        no awesome-markers icon, no branca colormap child: those would need jQuery or d3).
    offline : ``static`` (links to ``base_url``) or ``inline`` (embedded in the header as
        :class:`geo.maps.elements.RawElement`: verbatim, never compiled as a Jinja template).
    base_url : URL path where :func:`ensure_static_assets`'s folder is served.
    """
    if offline not in OFFLINE_MODES:
        raise FilterError(f"offline: {offline!r} is not one of {', '.join(OFFLINE_MODES)}",
                          valid=list(OFFLINE_MODES))
    if offline == "static":
        js_url, css_url = static_urls(base_url)
        m.default_js = [("leaflet", js_url)]
        m.default_css = [("leaflet_css", css_url)]
        return m
    m.default_js = []
    m.default_css = []
    root = m.get_root()
    assert isinstance(root, Figure), "a folium.Map always has a Figure root"
    header = root.header
    header.add_child(RawElement(f"<style>{_inline_css()}</style>"), name="leaflet_css_inline")
    header.add_child(RawElement(f"<script>{_inline_js()}</script>"), name="leaflet_js_inline")
    return m


def _plugin_js(plugin: PluginAssets, lang: str) -> str:
    return plugin.js_vi if lang == "vi" and plugin.js_vi else plugin.js


def _inline_plugin_css(plugin: PluginAssets) -> str:
    """The plugin's CSS with its images as ``data:`` URIs."""
    folder = VENDOR_DIR / plugin.folder
    css = (folder / plugin.css).read_text(encoding="utf-8")
    for relative in plugin.images:
        data = base64.b64encode((folder / relative).read_bytes()).decode("ascii")
        css = re.sub(r"url\((['\"]?)" + re.escape(relative) + r"\1\)",
                     f"url(data:image/png;base64,{data})", css)
    return css.replace("</", "<\\/")


def apply_plugin_assets(element: folium.MacroElement, plugin: str, *, m: folium.Map,
                        offline: OfflineMode = "static", base_url: str = STATIC_URL,
                        lang: str = "vi") -> None:
    """Point a folium plugin element (``MeasureControl``, ``MousePosition``) at local files.

    Parameters
    ----------
    element : the plugin element (its ``default_js``/``default_css`` are set on the instance).
    plugin : a key of :data:`PLUGINS`.
    m : the map the element is on (inline mode embeds the files in its header).
    offline : ``static`` (URLs under ``base_url``) or ``inline`` (embedded verbatim, as
        :class:`geo.maps.elements.RawElement`, never compiled as a template).
    lang : ``vi`` picks the plugin's Vietnamese build where it has one.
    """
    spec = PLUGINS[plugin]
    js = _plugin_js(spec, lang)
    if offline == "static":
        base = base_url.rstrip("/") + "/" + spec.folder
        element.default_js = [(f"{plugin}_js", f"{base}/{js}")]  # type: ignore[attr-defined]
        element.default_css = [(f"{plugin}_css", f"{base}/{spec.css}")]  # type: ignore[attr-defined]
        return
    if offline not in OFFLINE_MODES:
        raise FilterError(f"offline: {offline!r} is not one of {', '.join(OFFLINE_MODES)}",
                          valid=list(OFFLINE_MODES))
    element.default_js = []  # type: ignore[attr-defined]
    element.default_css = []  # type: ignore[attr-defined]
    root = m.get_root()
    assert isinstance(root, Figure), "a folium.Map always has a Figure root"
    script = (VENDOR_DIR / spec.folder / js).read_text(encoding="utf-8").replace("</", "<\\/")
    root.header.add_child(RawElement(f"<style>{_inline_plugin_css(spec)}</style>"),
                          name=f"{plugin}_css_inline")
    root.header.add_child(RawElement(f"<script>{script}</script>"), name=f"{plugin}_js_inline")
