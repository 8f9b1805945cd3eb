"""Vietnamese / English labels and number formats.

Vietnamese is the default language. Numbers in the UI use the Vietnamese format (``1.234,5 ha``:
'.' groups thousands, ',' marks decimals) or the English one (``1,234.5 ha``). A missing figure is
shown as an em dash, never as 0.
"""

from __future__ import annotations

import math
from typing import Literal

from geo.core.labels import LABELS

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
NO_DATA = "—"


def fmt_number(value: float | int | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """Format a number for display: ``1.234,5`` (vi) or ``1,234.5`` (en); None/NaN → '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    text = f"{float(value):,.{digits}f}" if digits else f"{round(float(value)):,}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_ha(value: float | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """Hectares: ``1.234,5 ha``; missing → '—'."""
    text = fmt_number(value, lang, digits=digits)
    return text if text == NO_DATA else f"{text} ha"


def fmt_pct(value: float | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """A percentage already in percent units (``61,2 %``); missing → '—'."""
    text = fmt_number(value, lang, digits=digits)
    return text if text == NO_DATA else f"{text} %"


def fmt_ratio(value: float | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """A fraction 0-1 shown as a percentage (``0.612`` → ``61,2 %``); missing → '—'."""
    return fmt_pct(None if value is None else 100.0 * value, lang, digits=digits)


def fmt_coverage(have: int, of: int, lang: Lang = "vi") -> str:
    """Coverage of an aggregate: ``68/86 khu`` / ``68/86 zones``."""
    return f"{have}/{of} {'khu' if lang == 'vi' else 'zones'}"


def t(key: str, lang: Lang = "vi") -> str:
    """The label ``key`` in ``lang``; an unknown key is returned as is (visible, not a crash)."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "vi" else pair[1]
