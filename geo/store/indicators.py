"""Loading the zone investment and business indicators (``data/reports/indicators.csv``).

``data/reports/indicators.csv`` is built from ``data/sources/indicators_facts.csv`` by
``scripts/build_indicators.py`` and supersedes ``reported_indicators.csv`` (the older table of
the nine region rows of the seed report, with another vocabulary; no code reads it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.accounts.indicators import validate_indicators
from geo.core.schema import INDICATOR_FIELDS
from geo.errors import DataFileError
from geo.settings import INDICATORS_FILE, data_dir


def load_indicators(*, root: Path | None = None) -> pd.DataFrame:
    """The indicator facts, validated (:func:`geo.accounts.indicators.validate_indicators`).

    Parameters
    ----------
    root : data folder; default :func:`geo.settings.data_dir` (``$KCN_ATLAS_DATA`` or
        ``data/``).

    Returns
    -------
    DataFrame
        Columns :data:`geo.core.schema.INDICATOR_FIELDS`: ``value`` in the row's ``unit``
        (projects, million USD, billion VND, persons), ``change_pct`` in percent as reported
        (NaN where the source gives none), text NFC with None for blank.

    Raises
    ------
    DataFileError
        The file is missing or is not CSV; :class:`geo.errors.SchemaError` (a subclass) for a
        bad row, naming the file, row, field and value.
    """
    path = (root or data_dir()) / INDICATORS_FILE
    if not path.is_file():
        raise DataFileError(f"{path}: file not found",
                            message_vi=f"{path}: không tìm thấy tệp")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read as CSV: {exc}",
                            message_vi=f"{path}: không đọc được tệp CSV") from exc
    return validate_indicators(frame, source=str(path))[list(INDICATOR_FIELDS)]
