"""Text columns as integer codes: codes and label columns without per-row Python (issue 14).

Comparing an ``object`` column with a string costs a Python call per row; factorising it once
and comparing its few distinct values does not. Label columns (the account bases) are built
from integer codes as one dictionary-encoded array, in the dtype pandas gives a column of
strings (``str``), so the result is the same as assigning a numpy array of strings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

try:  # pandas' string dtype is arrow-backed when pyarrow is installed
    import pyarrow as pa
except ImportError:  # pragma: no cover - pandas then stores strings as Python objects
    pa = None

_STR_DTYPE = pd.Series(["x"]).dtype
"""The dtype pandas infers for a column of strings (``str``, arrow-backed in pandas 3)."""


def as_category(values: pd.Series) -> pd.Series:
    """``values.astype("category")`` (sorted categories) by one factorisation."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(uniques)),
                     index=values.index, name=values.name)


def labels(codes: np.ndarray, names: Sequence[str], index: pd.Index, *,
           categorical: bool = False) -> pd.Series:
    """A string column: ``names[codes]`` per row, in pandas' string dtype (or, with
    ``categorical``, as a categorical of ``names``)."""
    if categorical:
        return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(list(names))),
                         index=index)
    if pa is None or getattr(_STR_DTYPE, "storage", None) != "pyarrow":
        return pd.Series(np.asarray(names, dtype=object)[codes], index=index)
    arr = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32)),
                                         pa.array(list(names), type=pa.large_string()))
    return pd.Series(pd.array(arr.cast(pa.large_string()), dtype=_STR_DTYPE), index=index)


def codes_in(values: pd.Series, names: Sequence[object]) -> np.ndarray:
    """Integer code of each value: its position in ``names``, -1 for any other value or NaN
    (one factorisation; a categorical's own codes are reused)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        distinct = np.asarray(values.cat.categories, dtype=object)
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        distinct = np.asarray(uniques, dtype=object)
    position = {name: i for i, name in enumerate(names)}
    lookup = np.array([position.get(v, -1) for v in distinct] + [-1], dtype=np.int8)
    return lookup[codes]
