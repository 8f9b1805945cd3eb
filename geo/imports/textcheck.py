"""Damaged and deceptive characters in imported text: refused or stripped, never silent.

Errors (the feature is refused until the source is fixed):

- a NUL character (U+0000): C libraries (GDAL) end a text there, so the rest of the name would
  be lost; in GeoJSON the escape ``\\u0000`` is found in the file itself (:func:`json_nul_texts`)
  because GDAL has already cut the text when we see it;
- a lone surrogate (U+D800-U+DFFF) or the replacement character U+FFFD: the text was damaged
  by a conversion (GDAL turns an invalid byte or a lone ``\\ud800`` escape into U+FFFD).

Warnings (the characters are removed): bidirectional controls (U+202A-U+202E, U+2066-U+2069:
they reorder how a name is displayed, e.g. to disguise it) and invisible zero-width characters
(U+200B-U+200D, U+2060, U+FEFF: two names that look the same would differ).

Every finding names the feature and the field. Text is returned in Unicode NFC.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, Final

import numpy as np
import pandas as pd

from geo.core.findings import Level, Report

BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional embedding, override and isolate controls."""

ZERO_WIDTH: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff")
"""Zero-width space, non-joiner, joiner, word joiner, and BOM / zero-width no-break space."""

_STRIP: Final = BIDI_CONTROLS | ZERO_WIDTH
_STRIP_RE: Final = re.compile("[" + "".join(sorted(_STRIP)) + "]")
_SURROGATE_RE: Final = re.compile("[\ud800-\udfff]")
_JSON_NUL_RE: Final = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _codepoints(chars: set[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))


def clean_text(value: str) -> tuple[str, list[str]]:
    """``value`` without bidi controls and zero-width characters, in NFC, and the problems found.

    Problems are ``"nul"``, ``"surrogate"``, ``"replacement"`` (errors) and ``"bidi"``,
    ``"zero_width"`` (warnings; those characters are removed from the returned text).
    """
    problems = []
    if "\x00" in value:
        problems.append("nul")
    if _SURROGATE_RE.search(value):
        problems.append("surrogate")
    if "\ufffd" in value:
        problems.append("replacement")
    found = set(_STRIP_RE.findall(value))
    if found & BIDI_CONTROLS:
        problems.append("bidi")
    if found & ZERO_WIDTH:
        problems.append("zero_width")
    text = _STRIP_RE.sub("", value) if found else value
    return unicodedata.normalize("NFC", text), problems


_MESSAGES: Final[dict[str, tuple[Level, str, str]]] = {
    "nul": ("error", "có ký tự NUL (U+0000): phần chữ sau nó sẽ bị mất; hãy sửa trong tệp gốc",
            "contains a NUL character (U+0000): the text after it would be lost; fix the "
            "source file"),
    "surrogate": ("error", "có ký tự hỏng (surrogate đơn lẻ): hãy sửa trong tệp gốc",
                  "contains a lone surrogate (damaged text): fix the source file"),
    "replacement": ("error", "có ký tự thay thế U+FFFD: chữ đã bị hỏng khi chuyển mã (byte sai "
                    "hoặc surrogate đơn lẻ); hãy sửa trong tệp gốc",
                    "contains the replacement character U+FFFD: the text was damaged by a "
                    "conversion (an invalid byte or a lone surrogate); fix the source file"),
    "bidi": ("warning", "có ký tự điều khiển hướng chữ ({chars}): đã xoá",
             "bidirectional control character(s) {chars} removed"),
    "zero_width": ("warning", "có ký tự vô hình ({chars}): đã xoá",
                   "zero-width character(s) {chars} removed"),
}


def _clean_distinct(value: Any) -> tuple[Any, list[str]]:
    """:func:`clean_text` of one distinct value; printable ASCII (most ids, codes and dates)
    takes the short way, as NFC and every check leave it as it is."""
    if not isinstance(value, str):
        return value, []
    if value.isascii() and value.isprintable():
        return value, []
    return clean_text(value)


def check_text(frame: pd.DataFrame, report: Report, *, columns: list[str],
               convert: Callable[[str], str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with the text of ``columns`` cleaned (:func:`clean_text`); a finding
    per feature (position from 0), field (column) and problem added to ``report``.

    ``convert`` (e.g. decoding a legacy font and trimming) is applied to each text first; like
    the checks, it runs once per distinct value of a column, not once per row.
    """
    out = frame.copy()
    for column in columns:
        values = out[column].to_numpy(dtype=object, copy=True)
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        uniques = [convert(u) if convert is not None and isinstance(u, str) else u
                   for u in distinct]
        cleaned = [_clean_distinct(u) for u in uniques]
        # each distinct text checked once; findings only where its text has a problem
        flagged = np.array([bool(c[1]) for c in cleaned] + [False], dtype=bool)[codes]
        texts = np.empty(len(uniques) + 1, dtype=object)
        texts[:-1] = [c[0] for c in cleaned]
        is_text = np.array([isinstance(u, str) for u in uniques] + [False], dtype=bool)[codes]
        values[is_text] = texts[codes[is_text]]
        for pos in np.flatnonzero(flagged):
            value = uniques[codes[pos]]
            for problem in cleaned[codes[pos]][1]:
                level, vi, en = _MESSAGES[problem]
                found = set(value) & (BIDI_CONTROLS if problem == "bidi" else ZERO_WIDTH)
                chars = _codepoints(found)
                report.add(level, int(pos), str(column), _printable(value),
                           vi.format(chars=chars), en.format(chars=chars))
        out[column] = pd.Series(values, index=out.index, dtype=object)  # Python str: see below
    return out


def _printable(value: str) -> str:
    """``value`` with the characters this module looks for shown as ``<U+XXXX>``."""
    def show(ch: str) -> str:
        if ch in _STRIP or ch in "\x00\ufffd" or "\ud800" <= ch <= "\udfff":
            return f"<U+{ord(ch):04X}>"
        return ch
    return "".join(show(ch) for ch in value)


def report_json_nul(data: bytes, report: Report) -> None:
    """An error in ``report`` for every GeoJSON text holding ``\\u0000`` (:func:`json_nul_texts`),
    naming the feature (position from 0) and the property."""
    vi, en = _MESSAGES["nul"][1:]
    for pos, key in json_nul_texts(data):
        report.add("error", None if pos < 0 else pos, key or None, None, vi, en)


def json_nul_texts(data: bytes) -> list[tuple[int, str]]:
    """(feature position from 0, property) of every GeoJSON text holding ``\\u0000``.

    GDAL ends a text at a NUL, so this looks at the file itself; it parses the JSON only when
    the escape occurs. A file that is no FeatureCollection gives ``[(-1, "")]`` when the escape
    occurs anywhere (the caller reports it for the file).
    """
    if (b"\\u0000" not in data and b"\\U0000" not in data) or not _JSON_NUL_RE.search(data):
        return []
    try:
        doc = json.loads(data.decode("utf-8-sig", errors="surrogatepass"))
    except ValueError:
        return [(-1, "")]
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        return [(-1, "")]
    found = [(pos, key) for pos, feat in enumerate(features)
             for key, value in _properties(feat) if "\x00" in value]
    return found or [(-1, "")]


def _properties(feature: Any) -> Iterator[tuple[str, str]]:
    props = feature.get("properties") if isinstance(feature, dict) else None
    if isinstance(props, dict):
        for key, value in props.items():
            if isinstance(value, str):
                yield str(key), value
