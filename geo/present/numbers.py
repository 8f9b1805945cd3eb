"""Numbers typed by a user in the UI's format: ``0,75`` and ``1.234,5`` in Vietnamese.

``st.number_input`` cannot show a decimal comma, so the pages use text inputs parsed here, and
range-checked as typed: a bad value raises :class:`geo.errors.ParameterError` naming the field,
the value and the allowed range, in Vietnamese (``message_vi``) and English.
"""

from __future__ import annotations

import math
import re
from typing import Final

from geo.core.i18n import Lang, fmt_number, t
from geo.errors import ParameterError

_VI: Final = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_EN: Final = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def fmt_input(value: float, lang: Lang = "vi", *, digits: int = 2) -> str:
    """``value`` as it is shown in a number text input (``0,75``, ``95,00``; ``0.75`` in en)."""
    return fmt_number(value, lang, digits=digits)


def _parse(text: str, lang: Lang) -> float | None:
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if lang == "vi":
        if _VI.match(raw):
            return float(raw.replace(".", "").replace(",", "."))
        # a lone dot with 1-2 decimals ("0.75") is a decimal point typed by habit: accept it
        if re.fullmatch(r"[+-]?\d+\.\d{1,2}", raw):
            return float(raw)
        return None
    return float(raw.replace(",", "")) if _EN.match(raw) else None


def parse_number(text: str, *, field: str, low: float, high: float, lang: Lang = "vi",
                 digits: int = 2) -> float:
    """The number typed in ``text``, checked to lie in [``low``, ``high``].

    Parameters
    ----------
    text : what the user typed: ``0,75``, ``1.234,5`` (vi) or ``0.75``, ``1,234.5`` (en).
        In Vietnamese, ``0.75`` (a dot and one or two decimals) is read as 0,75.
    field : the field's label, named in the error.
    low, high : the allowed range (inclusive), shown in the error in the UI's format.

    Raises
    ------
    ParameterError
        Not a number, or out of range; ``message_vi`` is the Vietnamese message.
    """
    value = _parse(text or "", lang)
    fmt = {"low": fmt_number(low, "vi", digits=digits), "high": fmt_number(high, "vi",
                                                                           digits=digits)}
    fmt_en = {"low": fmt_number(low, "en", digits=digits), "high": fmt_number(high, "en",
                                                                              digits=digits)}
    if value is None or not math.isfinite(value):
        raise ParameterError(t("number_bad", "en").format(field=field, value=text),
                             message_vi=t("number_bad", "vi").format(field=field, value=text))
    if not low <= value <= high:
        raise ParameterError(
            t("number_range", "en").format(field=field, value=fmt_number(value, "en",
                                                                         digits=digits),
                                           **fmt_en),
            message_vi=t("number_range", "vi").format(
                field=field, value=fmt_number(value, "vi", digits=digits), **fmt))
    return value
