"""The two escapers of data-derived text: HTML (map tooltips, popups, legends) and Markdown (app).

Pure, no streamlit. Every text that comes from data, an uploaded file, an error message, the
workspace or the URL goes through one of them before it reaches

- a map (:func:`escape_html`): Leaflet inserts tooltips, popups, legends and layer names as
  HTML, and folium/branca render map HTML through Jinja2, so besides ``& < > " '`` the escaper
  also turns `````, ``$``, ``{`` and ``}`` into character references: no Jinja marker (``{{``,
  ``{%``, ``{#``) and no JavaScript template-literal marker (`````, ``${``) survives;
- a Streamlit text element that renders Markdown (:func:`md_escape`): ``st.markdown``,
  ``st.caption``, ``st.info``/``warning``/``error``/``success``, ``st.write`` of a string,
  widget, metric and expander labels. A backslash before every Markdown special character
  keeps ``![b](http://host/x.png)`` (an image the browser would fetch), ``[a](javascript:..)``,
  ``:red[...]`` directives, ``:emoji:`` codes and ``$...$`` LaTeX as the literal text. Letters
  (Vietnamese included) are never touched, so the text reads the same.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

__all__ = ["HTML_ESCAPES", "MD_SPECIALS", "escape_html", "md_escape", "md_format"]

HTML_ESCAPES: Final[dict[str, str]] = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
    "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;",
}
"""Characters :func:`escape_html` replaces and their HTML character references."""

_HTML_TABLE: Final = str.maketrans(HTML_ESCAPES)

MD_SPECIALS: Final = "\\`*[]<>~$|{}"
"""Characters :func:`md_escape` always puts a backslash before."""

# What can act as Markdown (CommonMark + GFM + Streamlit's directives, emoji and LaTeX) in a
# data value joined into a label, and so gets a backslash:
# - always: \ ` * [ ] < > ~ $ | { } -- links and images need [ ] (so "![b](url)" and
#   ":red[x]" are dead), autolinks and HTML need < >, LaTeX needs $, code spans `;
# - "_" unless inside a word (CommonMark never opens emphasis with an intraword "_");
# - ":" that opens an emoji code or a directive (":smile:", ":material/home:", ":red["),
#   "!" before "[";
# - at the start of the value (line breaks become spaces, so only there can a value open a
#   block): "- + # =" and the "." or ")" of "1." / "1)" (lists, headings, setext lines).
# Elsewhere "( ) . : - #" cannot act (no link without "](", no list inside a line), so
# "KCN An Việt - Quế Võ 6 (giai đoạn 1)" and "EPSG:9209" keep their source text.
_MD_PATTERN: Final = re.compile(
    r"[\\`*\[\]<>~$|{}]"
    r"|_(?![^\W_])|(?<![^\W_])_"
    r"|:(?=[A-Za-z0-9_+/-]+[:\[])"
    r"|!(?=\[)")
_MD_BLOCK_START: Final = re.compile(r"\A(\s*(?:\d{1,9}(?=[.)])|(?=[-+#=])))(.)", re.DOTALL)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def escape_html(value: Any, *, missing: str = "—") -> str:
    """``value`` as text safe inside HTML and inside a Jinja2/JavaScript template.

    Parameters
    ----------
    value : any value; ``str(value)`` is escaped.
    missing : returned (as is) when ``value`` is None, NaN or blank text.

    Returns
    -------
    str
        The text with ``& < > " '`` and ```` ` $ { } ```` replaced by character references
        (:data:`HTML_ESCAPES`); the browser shows the original text.
    """
    if _is_missing(value):
        return missing
    text = str(value).strip()
    return text.translate(_HTML_TABLE) if text else missing


def md_escape(value: Any) -> str:
    """``value`` as Markdown source that Streamlit shows as the literal text.

    Parameters
    ----------
    value : any value; ``str(value)`` is escaped (None → ``""``).

    Returns
    -------
    str
        The text with a backslash before every Markdown character that could act: every
        character of :data:`MD_SPECIALS`, and ``_ : !`` or (at the start) ``- + # = . )``
        where they would (see the comment on ``_MD_PATTERN``). Line breaks become spaces.
        Letters (Vietnamese included), digits and other text are unchanged.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = _MD_PATTERN.sub(lambda match: "\\" + match.group(0), text)
    return _MD_BLOCK_START.sub(r"\1\\\2", text)


def md_format(template: str, /, **values: Any) -> str:
    """``template.format(**values)`` with every value passed through :func:`md_escape`.

    For a label template (its own Markdown kept, e.g. ``**``) filled with data: a zone name, a
    period, a file name. Numbers formatted by the caller are text too and are escaped (they
    read the same). The template must not use ``!r`` conversions (the repr of escaped text
    doubles its backslashes): escape the whole message instead.
    """
    return template.format(**{key: md_escape(value) for key, value in values.items()})
