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

__all__ = ["HTML_ESCAPES", "MD_SPECIALS", "escape_html", "md_escape"]

HTML_ESCAPES: Final[dict[str, str]] = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
    "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;",
}
"""Characters :func:`escape_html` replaces and their HTML character references."""

_HTML_TABLE: Final = str.maketrans(HTML_ESCAPES)

MD_SPECIALS: Final = "\\`*_{}[]()#+-.!|<>~$:="
"""Characters :func:`md_escape` puts a backslash before (ASCII punctuation of Markdown,
GitHub-flavoured Markdown, Streamlit's ``:color[...]`` directives and ``$`` LaTeX)."""

_MD_PATTERN: Final = re.compile("([" + re.escape(MD_SPECIALS) + "])")


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
        The text with a backslash before every character of :data:`MD_SPECIALS`; line breaks
        become spaces (a data value never starts a new Markdown block).
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _MD_PATTERN.sub(r"\\\1", text)
