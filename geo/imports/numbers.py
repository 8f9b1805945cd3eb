"""Numbers written as text in Vietnamese (``1.234,5``) or English (``1,234.5``) format."""

from __future__ import annotations

import math
import re

import pandas as pd


def to_numbers(values: pd.Series) -> pd.Series:
    """Floats from numbers or text in Vietnamese (``1.234,5``) or English (``1,234.5``) format.

    Blank → NaN; unparseable text → NaN (callers report it). In a column where some value uses a
    decimal comma, '.' is read as a thousands separator.
    """
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    texts = values.map(lambda v: v.strip().replace("\u00a0", "").replace(" ", "")
                       if isinstance(v, str) else v)
    comma_decimal = texts.map(lambda v: isinstance(v, str) and "," in v and "." not in v and
                              not re.fullmatch(r"-?\d{1,3}(,\d{3})+", v)).any()

    def parse(v: object) -> float:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return math.nan
        if not isinstance(v, str):
            return float(v)  # type: ignore[arg-type]
        text = v.removesuffix("%").removesuffix("ha").strip()
        if not text:
            return math.nan
        if "," in text and "." in text:
            dec = "," if text.rfind(",") > text.rfind(".") else "."
            text = text.replace("." if dec == "," else ",", "").replace(",", ".")
        elif "," in text:
            text = text.replace(",", "." if comma_decimal else "")
        elif comma_decimal:
            text = text.replace(".", "")
        try:
            return float(text)
        except ValueError:
            return math.nan
    return texts.map(parse).astype("float64")
