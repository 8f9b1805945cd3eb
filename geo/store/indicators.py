"""Loading the zone investment and business indicators (``data/reports/indicators.csv``),
overlaid with the figures boards imported (issue 11).

``data/reports/indicators.csv`` is built from ``data/sources/indicators_facts.csv`` by
``scripts/build_indicators.py`` and supersedes ``reported_indicators.csv`` (the older table of
the nine region rows of the seed report, with another vocabulary; no code reads it).

Imported figures (``python -m geo import FILE.xlsx --layer indicators``; planned by
:mod:`geo.imports.indicators_plan`) live in the store: the workspace GeoPackage's
``indicators`` layer, or the PostGIS store's ``indicators`` table
(:meth:`geo.store.base.Store.load_imported_indicators`). :func:`overlay_indicators` lays them
over the bundled rows: an imported row replaces the bundled one with the same (period, scope,
province, indicator, segment, unit, capital_basis). :func:`load_indicators` does it for a
GeoPackage workspace; :func:`geo.store.factory.load_indicators` (what the app and the CLI call)
for whichever store is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio

from geo.accounts.indicators import validate_indicators
from geo.core.schema import INDICATOR_FIELDS
from geo.errors import DataFileError
from geo.settings import INDICATORS_FILE, data_dir
from geo.store import bundled as io

LAYER = "indicators"
"""The workspace layer of imported indicator figures (no geometry)."""
KEY_FIELDS = ("period", "scope", "province", "indicator", "segment", "unit", "capital_basis")
"""What identifies a figure; ``province`` (region rows) and ``capital_basis`` may be None."""


def indicator_key(rec: Mapping[Any, Any]) -> str:
    """A figure's key as one text: ``2024-H1/Bắc Ninh/revenue/FDI/million_usd`` (a region row:
    ``region`` in the province's place). The id of the figure in an import's diff and log; its
    second part is what the role check reads (:mod:`geo.store.touched`).

    Parameters
    ----------
    rec : a row with the :data:`KEY_FIELDS` (None or NaN for a blank one).

    Returns
    -------
    str
        The non-blank parts joined with ``/``.
    """
    def text(name: str) -> str:
        value = rec.get(name)
        return value if isinstance(value, str) else ""

    parts = [text("period"), text("province") or "region", text("indicator"), text("segment"),
             text("unit"), text("capital_basis")]
    return "/".join(p for p in parts if p)


def empty_indicators() -> pd.DataFrame:
    """An indicator table with no row (:data:`INDICATOR_FIELDS`)."""
    return pd.DataFrame({c: pd.Series([], dtype="float64" if c in ("value", "change_pct")
                                      else object) for c in INDICATOR_FIELDS})


def load_bundled_indicators(*, root: Path | None = None) -> pd.DataFrame:
    """The bundled indicator facts, validated (:func:`geo.accounts.indicators.validate_indicators`).

    Parameters
    ----------
    root : data folder; default :func:`geo.settings.data_dir` (``$KCN_ATLAS_DATA`` or
        ``data/``).

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


def imported_rows(frame: pd.DataFrame, *, source: str) -> pd.DataFrame | None:
    """A store's imported figures as read (a workspace layer, a database table), validated
    (:func:`geo.accounts.indicators.validate_indicators`, ``source`` naming where they are), or
    None when there is no row."""
    if not len(frame):
        return None
    frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    return validate_indicators(frame, source=source)[list(INDICATOR_FIELDS)]


def load_imported_indicators(*, workspace: Path | None = None) -> pd.DataFrame | None:
    """The workspace's imported figures (validated), or None when there are none."""
    path = io.workspace_file(workspace=workspace)
    if not path.is_file() or LAYER not in {str(r[0]) for r in pyogrio.list_layers(path)}:
        return None
    return imported_rows(io.read_workspace_layer(LAYER, workspace=workspace),
                         source=f"{path}:{LAYER}")


def _keys(frame: pd.DataFrame) -> pd.Series:
    parts = [frame[k].astype(object).where(frame[k].notna(), "").astype(str) for k in KEY_FIELDS]
    out = parts[0]
    for p in parts[1:]:
        out = out + "\x1f" + p
    return out


def overlay_indicators(bundled: pd.DataFrame, imported: pd.DataFrame | None) -> pd.DataFrame:
    """``bundled`` with each row of ``imported`` replacing the bundled row of the same key
    (:data:`KEY_FIELDS`) or added; a new frame, bundled rows first."""
    if imported is None or not len(imported):
        return bundled.reset_index(drop=True)
    kept = bundled[~_keys(bundled).isin(set(_keys(imported)))]
    parts = [p for p in (kept, imported[list(INDICATOR_FIELDS)]) if len(p)]
    out = pd.concat(parts, ignore_index=True)
    for c in ("value", "change_pct"):
        out[c] = out[c].astype("float64")
    return out


def load_indicators(*, root: Path | None = None, workspace: Path | None = None
                    ) -> pd.DataFrame:
    """The indicator facts: the bundled rows overlaid with a GeoPackage workspace's imported
    ones (whichever store is configured: :func:`geo.store.factory.load_indicators`).

    Parameters
    ----------
    root : data folder of the bundled file (default :func:`geo.settings.data_dir`).
    workspace : workspace folder (default :func:`geo.settings.workspace_dir`).

    Returns
    -------
    DataFrame
        Columns :data:`geo.core.schema.INDICATOR_FIELDS`: ``value`` in the row's ``unit``
        (projects, million USD, billion VND, persons), ``change_pct`` in percent as reported
        (NaN where the source gives none), text NFC with None for blank. An imported row has
        ``source_url`` = its file's name and ``as_of`` from its sheet.

    Raises
    ------
    DataFileError
        The bundled file is missing or is not CSV; :class:`geo.errors.SchemaError` for a bad
        row.
    """
    return overlay_indicators(load_bundled_indicators(root=root),
                              load_imported_indicators(workspace=workspace))
