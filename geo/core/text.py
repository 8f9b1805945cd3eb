"""Text rules, each defined once: the accent fold, the blank test and the two escapers.

- :func:`fold` is the one accent fold for lenient matching of Vietnamese text (province and
  zone names, column names, plan legends, CRS names, file-name slugs);
- :func:`is_blank` is the one test of "no value" (a missing figure is NaN, never 0);
- the two escapers of data-derived text: HTML (map tooltips, popups, legends) and Markdown (app).

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
import unicodedata
from collections.abc import Callable
from typing import Any, Final

import numpy as np
import pandas as pd
from shapely.geometry.base import BaseGeometry

__all__ = ["HTML_ESCAPES", "MD_SPECIALS", "escape_html", "fold", "is_blank", "md_escape",
           "md_format", "strip_accents"]

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


_WORD: Final = re.compile(r"[a-z0-9]+")


def _accent_table() -> dict[int, str | None]:
    """Latin letters with diacritics → their base letters (đ → d), the combining diacritical
    marks (U+0300-U+036F) → nothing; as :func:`strip_accents` would make each of them."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in (*range(0xC0, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)):
        base = "".join(ch for ch in unicodedata.normalize("NFD", chr(code))
                       if not unicodedata.combining(ch))
        if base != chr(code):
            table[code] = base or None
    return table


_ACCENTS: Final = _accent_table()


def strip_accents(text: str) -> str:
    """``text`` without diacritics: ``"Đại Đồng"`` → ``"Dai Dong"`` (đ → d, Đ → D).

    The whole text decomposed (NFD) without its combining marks. Vietnamese letters take one
    ``str.translate`` first; only text that is still not ASCII then (other scripts, symbols)
    is decomposed, which gives the same result as canonical reordering moves only the marks.
    """
    text = text.translate(_ACCENTS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str, *, sep: str = " ") -> str:
    """The accent fold: casefolded ASCII words joined by ``sep``.

    Diacritics are dropped (đ → d); every run of characters other than ``a-z0-9`` separates
    words. ``fold("KCN Đại Đồng – Hoàn Sơn")`` → ``"kcn dai dong hoan son"``;
    ``fold("Diện_tích (ha)", sep="")`` → ``"dientichha"``; ``sep="-"`` gives an ASCII slug.
    """
    return sep.join(_WORD.findall(strip_accents(text).casefold()))


def is_blank(value: object) -> bool:
    """True for "no value": None, NaN, pandas' NA, empty or all-space text, an empty geometry.

    The one test of missingness for every module (a missing figure is NaN, never 0).
    """
    if value is None or value is pd.NA:
        return True
    if type(value) is str:  # the common case first
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, BaseGeometry) and value.is_empty


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
    if is_blank(value):
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


def map_distinct(values: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """``values.map(fn)``, calling ``fn`` once per distinct text instead of once per row.

    For a column of text (and missing values) whose mapped values are text or None; any other
    column or result falls back to ``values.map(fn)``, so the result is always the same.
    """
    if pd.api.types.infer_dtype(values, skipna=True) != "string":
        return values.map(fn)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [fn(u) for u in np.asarray(uniques, dtype=object)]
    missing = codes < 0
    if missing.any():
        raw = values[missing].to_numpy(dtype=object)
        seen: dict[type, Any] = {}
        filled = [seen[type(v)] if type(v) in seen else seen.setdefault(type(v), fn(v))
                  for v in raw]
    else:
        filled = []
    if not all(v is None or isinstance(v, str) for v in (*mapped[:-1], *filled)):
        return values.map(fn)
    out = mapped[codes]
    if missing.any():
        out[missing] = np.asarray([*filled, None], dtype=object)[:-1]
    return pd.Series(out, index=values.index, name=values.name, dtype=object)


def blank_mask(values: pd.Series) -> np.ndarray:
    """``values.map(is_blank)`` as a boolean array: NaN test for a float column or an object
    column of numbers, all blank for a column of missing values only, one :func:`is_blank`
    per distinct value for a text column."""
    if values.dtype.kind == "f":
        return values.isna().to_numpy()
    if values.dtype.kind in "biu":
        return np.zeros(len(values), dtype=bool)
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred == "empty":  # None, NaN, pd.NA only
        return np.ones(len(values), dtype=bool)
    if inferred in ("floating", "integer", "mixed-integer-float", "decimal"):
        return pd.isna(values.to_numpy(dtype=object))
    if inferred != "string":
        return np.fromiter((is_blank(v) for v in values), dtype=bool, count=len(values))
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    blank = np.append(np.fromiter((is_blank(u) for u in np.asarray(uniques, dtype=object)),
                                  dtype=bool,
                                  count=len(uniques)), True)[codes]
    missing = codes < 0
    if missing.any():  # None, NaN, pd.NA are blank; anything else pandas calls missing: test it
        raw = values[missing].to_numpy(dtype=object)
        blank[missing] = [is_blank(v) for v in raw]
    return blank


def per_distinct(values: Any, fn: Callable[[Any], Any]) -> list[Any]:
    """``[fn(v) for v in values]``, calling ``fn`` once per distinct (type, value).

    A column of text (and missing values) is factorised in C first; anything else is walked
    with a dictionary of the (type, value) pairs seen.
    """
    seen: dict[tuple[type, Any], Any] = {}
    out = []
    if isinstance(values, pd.Series):  # iterating a numpy array of objects is faster
        values = values.to_numpy(dtype=object)
    if isinstance(values, np.ndarray) and values.ndim == 1 and len(values) and \
            pd.api.types.infer_dtype(values, skipna=True) == "string":
        return _per_distinct_text(values, fn)
    for v in values:
        try:
            key = (type(v), v)
            out.append(seen[key] if key in seen else seen.setdefault(key, fn(v)))
        except TypeError:  # unhashable
            out.append(fn(v))
    return out


def _per_distinct_text(values: np.ndarray, fn: Callable[[Any], Any]) -> list[Any]:
    """:func:`per_distinct` of an array whose present values are all str: one ``fn`` per
    distinct text (pandas' factorize) and per type of missing value (None, NaN, pd.NA)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, text in enumerate(np.asarray(uniques, dtype=object)):
        mapped[i] = fn(text)
    result = mapped[codes]  # code -1 (missing) picks the last slot, filled below
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        by_type: dict[type, Any] = {}
        for pos in missing:
            value = values[pos]
            kind = type(value)
            result[pos] = by_type[kind] if kind in by_type else by_type.setdefault(kind, fn(value))
    return list(result)
