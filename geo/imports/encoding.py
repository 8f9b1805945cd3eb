"""Legacy Vietnamese text encodings: decode, encode and detect (UTF-8, Windows-1258, TCVN3, VNI).

Old DBF attribute tables and spreadsheets typed in the ``.VnTime`` (TCVN3/ABC) or ``VNI-Times``
(VNI-Windows) fonts hold Vietnamese as bytes of these font encodings; Windows-1258 stores tone
marks as combining characters. Everything decoded here is returned in Unicode NFC.

Tables
------
TCVN3 (TCVN 5712:1993, the one-byte "VN3"/ABC encoding): the bytes 0x80-0xFF of the TCVN 5712
table (VN1, a superset of VN3) as in libX11's ``lcUniConv/tcvn.h`` (seen in
fcitx/xcb-imdkit ``src/xlibi18n/lcUniConv/tcvn.h``) and glibc's ``TCVN5712-1`` iconv module; the
two agree byte for byte. VN3 leaves the capitals with tone marks out (the ``.VnTimeH`` fonts draw
the lower-case bytes as capitals); the VN1 capitals in 0x80-0xFF are kept for decoding since they
cannot mean anything else.

VNI-Windows: a base letter followed by one or two mark bytes (0xC0-0xFF, read as Latin-1), with
a few single-byte letters (ơ ư đ and the i-vowels), as in the VNI table of lamdao/xvnkb
``vni.h`` (order: plain, sắc, huyền, hỏi, ngã, nặng; rows a â ă e ê o ô ơ u ư i y đ).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

ENCODINGS: Final = ("utf-8", "cp1258", "tcvn3", "vni")
"""The encodings this module decodes, in the order ties are broken."""

_ALIASES: Final = {
    "utf8": "utf-8", "utf-8": "utf-8", "65001": "utf-8", "unicode": "utf-8",
    "cp1258": "cp1258", "1258": "cp1258", "windows-1258": "cp1258", "windows1258": "cp1258",
    "ansi 1258": "cp1258",
    "tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "tcvn5712": "tcvn3", "vn3": "tcvn3",
    "tcvn-5712": "tcvn3", "tcvn5712-1": "tcvn3",
    "vni": "vni", "vni-windows": "vni", "vniwin": "vni", "vni windows": "vni",
    "latin1": "latin1", "iso-8859-1": "latin1", "iso8859-1": "latin1", "cp1252": "cp1252",
    "1252": "cp1252", "windows-1252": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8",
}

# --- TCVN3: byte 0x80 + i -> code point (libX11 tcvn.h / glibc TCVN5712-1) -------------------
_TCVN_HIGH: Final = (
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
)
_TCVN_DECODE: Final = {0x80 + i: chr(cp) for i, cp in enumerate(_TCVN_HIGH)}
_TCVN_ENCODE: Final = {ch: b for b, ch in _TCVN_DECODE.items() if b != 0xA0}

# --- VNI-Windows ------------------------------------------------------------------------------
# Tone order: none, sắc (acute), huyền (grave), hỏi (hook), ngã (tilde), nặng (dot below).
_TONES: Final = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VNI_TONE_LOWER: Final = ("", "ù", "ø", "û", "õ", "ï")
_VNI_CIRC_LOWER: Final = ("â", "á", "à", "å", "ã", "ä")      # â ê ô with their tones
_VNI_BREVE_LOWER: Final = ("ê", "é", "è", "ú", "ü", "ë")     # ă with its tones
_VNI_I_LOWER: Final = ("i", "í", "ì", "æ", "ó", "ò")         # i carries single-byte tones
_VNI_ONEBYTE: Final = {"ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ"}


def _vni_lower_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeouy":
        for tone, mark in zip(_TONES, _VNI_TONE_LOWER, strict=True):
            table[base + mark] = unicodedata.normalize("NFC", base + tone)
    for base, mod in (("a", "\u0302"), ("e", "\u0302"), ("o", "\u0302")):
        for tone, mark in zip(_TONES, _VNI_CIRC_LOWER, strict=True):
            table[base + mark] = unicodedata.normalize("NFC", base + mod + tone)
    for tone, mark in zip(_TONES, _VNI_BREVE_LOWER, strict=True):
        table["a" + mark] = unicodedata.normalize("NFC", "a\u0306" + tone)
    for base_vni, base_uni in (("ô", "ơ"), ("ö", "ư")):
        for tone, mark in zip(_TONES, _VNI_TONE_LOWER, strict=True):
            table[base_vni + mark] = unicodedata.normalize("NFC", base_uni + tone)
    for tone, mark in zip(_TONES, _VNI_I_LOWER, strict=True):
        table[mark] = unicodedata.normalize("NFC", "i" + tone)
    table.update(_VNI_ONEBYTE)
    return table


def _vni_table() -> dict[str, str]:
    lower = _vni_lower_table()
    table = dict(lower)
    for key, value in lower.items():
        table[key.upper()] = value.upper()
    return {k: v for k, v in table.items() if k != v}


_VNI_DECODE: Final = _vni_table()
_VNI_ENCODE: Final = {v: k for k, v in sorted(_VNI_DECODE.items(), key=lambda kv: -len(kv[0]))}
_VNI_RE: Final = re.compile("|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len,
                                                                      reverse=True)))


def canonical_encoding(name: str) -> str:
    """The canonical name of an encoding name or .cpg value (``"65001"`` → ``"utf-8"``).

    Unknown names are returned lower-cased (Python may still know them).
    """
    key = " ".join(name.strip().lower().replace("_", "-").split())
    return _ALIASES.get(key, _ALIASES.get(key.replace(" ", ""), key))


def decode_bytes(data: bytes, encoding: str) -> str:
    """Decode ``data`` from ``encoding`` (see :data:`ENCODINGS`, or any Python codec) to NFC.

    Raises
    ------
    UnicodeDecodeError
        For UTF-8 (or another strict codec) when the bytes are not valid in it.
    LookupError
        For an unknown encoding name.
    """
    enc = canonical_encoding(encoding)
    if enc == "tcvn3":
        text = "".join(_TCVN_DECODE.get(b, chr(b)) for b in data)
    elif enc == "vni":
        text = _VNI_RE.sub(lambda m: _VNI_DECODE[m.group(0)], data.decode("latin1"))
    else:
        text = data.decode(enc)
    return unicodedata.normalize("NFC", text)


def encode_text(text: str, encoding: str) -> bytes:
    """Encode Unicode ``text`` to ``encoding`` (the inverse of :func:`decode_bytes`).

    Letters a legacy table has no single code for are written as base letter + combining tone
    (TCVN3 VN1 marks 0xB0-0xB4; Windows-1258 combining marks).

    Raises
    ------
    UnicodeEncodeError
        If a character cannot be written in ``encoding``.
    """
    enc = canonical_encoding(encoding)
    text = unicodedata.normalize("NFC", text)
    if enc == "vni":
        return "".join(_VNI_ENCODE.get(ch, ch) for ch in text).encode("latin1")
    if enc == "tcvn3":
        out = bytearray()
        for ch in text:
            out += _encode_char_tcvn(ch)
        return bytes(out)
    if enc == "cp1258":
        return b"".join(_encode_char_cp1258(ch) for ch in text)
    return text.encode(enc)


def _split_tone(ch: str) -> tuple[str, str]:
    """(letter without its tone mark, NFC) and the tone mark (combining) or ''."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in _TONES[1:])
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES[1:]))
    return base, tone


def _encode_char_tcvn(ch: str) -> bytes:
    if ord(ch) < 0x80:
        return ch.encode("ascii")
    if ch in _TCVN_ENCODE:
        return bytes([_TCVN_ENCODE[ch]])
    base, tone = _split_tone(ch)
    if tone and base != ch:
        return _encode_char_tcvn(base) + _encode_char_tcvn(tone)
    raise UnicodeEncodeError("tcvn3", ch, 0, 1, "no TCVN3 code")


def _encode_char_cp1258(ch: str) -> bytes:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        base, tone = _split_tone(ch)
        if not tone or base == ch:
            raise
        return base.encode("cp1258") + tone.encode("cp1258")


def redecode_text(text: str, encoding: str) -> str:
    """Re-read text that was decoded as Latin-1/Windows-1252 as ``encoding``.

    Spreadsheet cells typed in a ``.VnTime`` font and DBF fields read as Latin-1 hold the legacy
    bytes as Windows-1252 characters; this turns them back into bytes and decodes them properly.
    Characters outside Windows-1252 are kept as they are.
    """
    enc = canonical_encoding(encoding)
    if enc in ("latin1", "cp1252"):
        return unicodedata.normalize("NFC", text)
    return decode_bytes(text_to_bytes(text), enc)


def text_to_bytes(text: str) -> bytes:
    """The bytes behind text read as Windows-1252 (Latin-1 for its five undefined codes)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                out += ch.encode("utf-8")
    return bytes(out)


# --- Vietnamese syllables -------------------------------------------------------------------
_ONSETS: Final = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c",
                  "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
_OPEN_NUCLEI: Final = (  # end in a glide or are diphthongs closed by a/ơ: take no final consonant
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui",
    "ưa", "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya",
    "uyu", "uơ")
_NUCLEI: Final = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa",
                  "oă", "oe", "oo", "uâ", "uê", "uô", "uy", "ươ", "uyê")
_CODAS: Final = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
_SYLLABLE_RE: Final = re.compile(
    "^(?:" + "|".join(_ONSETS) + ")?(?:"
    + "|".join(sorted(_OPEN_NUCLEI, key=len, reverse=True)) + "|(?:"
    + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")(?:"
    + "|".join(_CODAS) + ")?)$")
_TOKEN_SPLIT: Final = re.compile(r"[\s\-_,.;:()/\\\"'0-9!?&+*=\[\]{}<>|#%@]+")


def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` is a well-formed Vietnamese syllable (onset, vowel nucleus, coda, ≤ 1 tone).

    Case-insensitive; the word must be made of Vietnamese letters only.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES[1:])
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES[1:]))
    return bool(_SYLLABLE_RE.match(bare))


def score_text(texts: Iterable[str]) -> int:
    """How Vietnamese ``texts`` look: +1 per non-ASCII word that is a valid syllable, −2 per
    non-ASCII word that is not (a wrong decoding leaves symbols and impossible letters)."""
    score = 0
    for text in texts:
        for word in _TOKEN_SPLIT.split(text):
            if not word or word.isascii():
                continue
            score += 1 if is_vietnamese_syllable(word) else -2
    return score


@dataclass(frozen=True)
class EncodingGuess:
    """Result of :func:`detect_encoding`.

    Attributes
    ----------
    encoding : the chosen encoding (one of :data:`ENCODINGS`).
    source : "user", "file (.cpg)", "detected" or "default" (plain ASCII: any would do).
    scores : the score of each candidate that could decode the bytes.
    note : what a user should know (e.g. the .cpg was overruled).
    """

    encoding: str
    source: str
    scores: dict[str, int]
    note: str = ""


def detect_encoding(samples: Sequence[bytes], *, declared: str | None = None,
                    user: str | None = None) -> EncodingGuess:
    """Choose the encoding of text attribute bytes by how Vietnamese each decoding reads.

    Parameters
    ----------
    samples : raw attribute values (bytes).
    declared : what the file says (a .cpg value), trusted unless another candidate decodes
        clearly better.
    user : an explicit choice; wins without scoring.
    """
    if user:
        return EncodingGuess(canonical_encoding(user), "user", {})
    scores: dict[str, int] = {}
    for enc in ENCODINGS:
        try:
            scores[enc] = score_text(decode_bytes(s, enc) for s in samples)
        except UnicodeDecodeError:
            continue
    best = max(scores, key=lambda e: (scores[e], -ENCODINGS.index(e)))
    if all(s.isascii() for s in samples):
        return EncodingGuess("utf-8", "default", scores, "plain ASCII text")
    if declared:
        dec = canonical_encoding(declared)
        if dec in scores and scores[dec] >= scores[best]:
            return EncodingGuess(dec, "file (.cpg)", scores)
        if dec not in scores and dec not in ENCODINGS:
            try:
                score = score_text(decode_bytes(s, dec) for s in samples)
            except (UnicodeDecodeError, LookupError):
                score = None
            if score is not None and score >= scores[best]:
                return EncodingGuess(dec, "file (.cpg)", scores)
        return EncodingGuess(best, "detected", scores,
                             f".cpg says {declared!r} but the text reads as {best}")
    return EncodingGuess(best, "detected", scores)


def detect_text_encoding(texts: Sequence[str]) -> EncodingGuess:
    """Like :func:`detect_encoding` for text already read as Windows-1252/Latin-1 characters
    (spreadsheets in ``.VnTime``/``VNI-Times`` fonts): candidates are the text as is ("utf-8"),
    TCVN3 and VNI."""
    scores = {"utf-8": score_text(unicodedata.normalize("NFC", t) for t in texts)}
    for enc in ("tcvn3", "vni"):
        scores[enc] = score_text(redecode_text(t, enc) for t in texts)
    best = max(scores, key=lambda e: (scores[e], -ENCODINGS.index(e)))
    if best == "utf-8":
        return EncodingGuess("utf-8", "default", scores)
    return EncodingGuess(best, "detected", scores, f"text typed in a {best.upper()} font")


def sample_texts(columns: Iterable[Iterable[object]], limit: int = 200) -> list[str]:
    """Up to ``limit`` distinct texts of ``columns`` (in order) that can tell encodings apart.

    Printable ASCII reads the same in every candidate encoding and scores nothing in
    :func:`score_text`, so it is left out: a file whose first thousands of values are lot
    numbers is still judged by its Vietnamese names. 200 distinct texts hold hundreds of
    non-ASCII words, far more than a wrong decoding needs to score below the right one.
    """
    out: list[str] = []
    for values in columns:
        for value in dict.fromkeys(values):
            if isinstance(value, str) and value and not (value.isascii() and value.isprintable()):
                out.append(value)
                if len(out) >= limit:
                    return out
    return out
