"""Branca/folium elements that never evaluate data as Jinja2 template source.

branca's ``MacroElement.render`` renders an element's ``header``/``html``/``script`` macros and
adds each OUTPUT to the figure as ``Element(output)``; ``Element.__init__`` compiles its text as a
Jinja2 ``Template``, and the figure renders it again. Any data inside that output (a zone name in
a tooltip, a layer name, JSON) is therefore evaluated as template source on the server:
``{{ 7*191 }}`` becomes ``1337``, ``{{ broken`` raises ``TemplateSyntaxError``,
``{{ lipsum.__globals__.os.popen(...) }}`` runs a command. The same holds for
``folium.Element(text)``.

Here the output is added as a :class:`RawElement`, whose ``render`` returns its text verbatim.
Every element of the maps of :mod:`geo.maps.zone_map`, :mod:`geo.maps.housing_map` and
:mod:`geo.maps.preview`
that carries text is one of these (``JsonLayer``, ``Legend``, :class:`LayerControl`, CSS and
inline assets as :class:`RawElement`); folium's own tooltips, popups, ``GeoJson``, ``Circle``,
``PolyLine`` and ``FeatureGroup`` are not used. As a second line of defence every text is escaped
with :func:`geo.core.text.escape_html` (no ``{`` survives) and JSON is written by
:func:`script_json` (no ``{{``, ``{%``, ``{#``, ``</`` or ``<!--``).

Sinks of map text (each escaped, each rendered verbatim):

- zone map (:func:`geo.maps.zone_map.build_zone_map`): zone tooltip (name, status), zone popup
(name,
  kind, status, province, province_2025, developer, figures, as_of, parent_zone_id,
  source_url), province tooltip (name, choropleth label and value), legend (and its title),
  permanent province names (:class:`geo.maps.controls.ProvinceLabels`), the measure control and
  the coordinate readout (:mod:`geo.maps.controls`, verbatim subclasses of folium's plugins;
  their files inline via :func:`geo.maps.assets.apply_plugin_assets`), layer names,
  CSS (``<style>``), inline Leaflet JS/CSS (:func:`geo.maps.assets.apply_assets`);
- housing map (:func:`geo.maps.housing_map.build_housing_map`): zone tooltip and popup (name,
  province, figures, sources), site tooltip and popup (name, status, capacity, zones reached,
  source_url), reach circle tooltip (zone name, radius), reach line tooltips (site names),
  legend, layer names;
- preview map (:func:`geo.maps.preview.build_preview_map`): tooltip of every current and incoming
  feature (label: name or zone_id), layer names.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

import folium
from branca.element import Element, Figure, MacroElement

__all__ = ["LayerControl", "RawElement", "VerbatimMacroElement", "script_json"]

_JINJA_OPEN: Final = re.compile(r"\{(?=[{%#])")


class RawElement(Element):
    """An element whose ``render`` returns its text as is (never compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawElement"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The stored text, verbatim."""
        return self.text


class VerbatimMacroElement(MacroElement):
    """A MacroElement whose rendered macros are added to the figure as :class:`RawElement`.

    Use as the LAST base of a folium class (``class X(folium.Layer, VerbatimMacroElement)``) so
    the folium class's own ``render`` runs first and its ``super().render`` lands here.
    """

    def render(self, **kwargs: Any) -> str:
        """Render the header/html/script macros verbatim into the figure, then the children.

        Returns ``""``, like branca's ``MacroElement.render`` (whose result is unused).
        """
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a map element can only be rendered inside a Figure")
        module = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html),
                             ("script", figure.script)):
            macro = module.get(part)
            if macro is not None:
                target.add_child(RawElement(str(macro(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""


class LayerControl(folium.LayerControl, VerbatimMacroElement):
    """folium's layer control, its script added verbatim (layer names never re-evaluated)."""


class FeatureGroup(folium.FeatureGroup, VerbatimMacroElement):
    """folium's feature group, its script added verbatim; its name is escaped by the caller
    (the layer control shows it as HTML). Also what ``st_folium(feature_group_to_add=...)``
    takes."""


def script_json(value: Any) -> str:
    """JSON safe to embed in a ``<script>`` element and in a Jinja2 template.

    No ``</`` or ``<!--`` sequence (they could close the script; written ``<\\/`` and
    ``\\u003c!--``, both valid JSON and JavaScript), and a ``{`` followed by
    ``{``, ``%`` or ``#`` (a Jinja2 marker) is written as the JSON escape ``\\u007b``: in compact
    JSON a structural brace is followed by ``"`` or ``}``, so only string content changes, and
    the parsed value is the same.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<!--", "\\u003c!--").replace("</", "<\\/")
    return _JINJA_OPEN.sub(r"\\u007b", text)
