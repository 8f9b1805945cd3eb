"""Investment and business indicators of the zones (issue 11): vocabulary, tables, changes.

The facts are ``data/reports/indicators.csv`` (:func:`geo.store.indicators.load_indicators`):
one published figure per row, keyed by ``period`` (half-year ``2024-H1`` or calendar year
``2024``), ``scope`` (``region`` = the 11-province bloc of 2024, or ``province`` = the zones of
one 2024 province), ``indicator``, ``segment`` (FDI / DDI / all), ``unit`` and, for registered
capital, ``capital_basis``. A figure no source gives is absent, never 0.

Rules (the same for the CLI, the page and the report):

* **Units are never added across currencies**: a series is (indicator, segment, unit,
  capital basis); million USD and billion VND stay separate rows.
* **Region**: the reported region row where it exists (``value_basis = "reported"``, source the
  report). Otherwise a sum over the provinces that report the series
  (``value_basis = "sum_of_provinces"``), with its coverage ``n of 11 provinces``.
* **2025 provinces** sum their 2024 parts only when *all* parts have the figure; else the value
  is empty and the coverage says how many parts have it (``value_basis = "sum_of_parts"``).
* **Change on the same period a year before** ("so với cùng kỳ"): computed where both periods
  have the figure on the same basis (same provinces summed), ``change_basis = "computed"``;
  else the change the source reports, ``"reported"``; else empty.

Units: projects (count), million USD, billion VND (tỷ đồng), persons; ``change_pct`` in percent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

import pandas as pd

from geo.core.admin import Edition, check_edition, parts_of_2025, province_2024, province_names
from geo.core.schema import INDICATOR_FIELDS, INDICATOR_REQUIRED
from geo.errors import FilterError, SchemaError

INDICATORS: Final = ("new_projects", "adjusted_projects", "registered_capital", "revenue",
                     "export_value", "state_budget", "workers")
INVESTMENT: Final = ("new_projects", "adjusted_projects", "registered_capital")
BUSINESS: Final = ("revenue", "export_value", "state_budget", "workers")
SEGMENTS: Final = ("all", "FDI", "DDI")
UNITS: Final = ("projects", "million_usd", "billion_vnd", "persons")
MONEY: Final = ("million_usd", "billion_vnd")
UNITS_OF: Final[dict[str, tuple[str, ...]]] = {
    "new_projects": ("projects",), "adjusted_projects": ("projects",),
    "registered_capital": MONEY, "revenue": MONEY, "export_value": MONEY,
    "state_budget": MONEY, "workers": ("persons",),
}
CAPITAL_BASES: Final = ("new", "adjusted", "new_and_adjusted", "unspecified")
SCOPES: Final = ("region", "province")
GROUPINGS: Final = ("region", "province", "province_2025")
CHANGE_BASES: Final = ("computed", "reported")
REGION_KEY: Final = "region"
REGION_PROVINCES: Final = 11
PERIOD_RE: Final = re.compile(r"^(\d{4})(?:-H([12]))?$")
SERIES: Final = ("indicator", "segment", "unit", "capital_basis")


# ---------------------------------------------------------------------------------------------
# Periods
def is_indicator_period(text: object) -> bool:
    """True for ``YYYY-H1`` / ``YYYY-H2`` (a half-year) or ``YYYY`` (a calendar year)."""
    return isinstance(text, str) and PERIOD_RE.match(text) is not None


def is_half_year(text: object) -> bool:
    """True for a half-year label ``YYYY-H1`` / ``YYYY-H2``."""
    return is_indicator_period(text) and "-H" in str(text)


def year_before(period: str) -> str:
    """The same period of the year before: ``2024-H1`` → ``2023-H1``, ``2024`` → ``2023``."""
    match = PERIOD_RE.match(period)
    if match is None:
        raise FilterError(f"unknown period {period!r}; a period is YYYY-H1, YYYY-H2 or YYYY",
                          valid=[])
    year, half = int(match.group(1)) - 1, match.group(2)
    return f"{year}-H{half}" if half else str(year)


def period_order(period: str) -> tuple[int, int]:
    """Sort key: by year, the half-years before the full year."""
    match = PERIOD_RE.match(period)
    if match is None:
        return (0, 0)
    return (int(match.group(1)), int(match.group(2) or 3))


def indicator_periods(facts: pd.DataFrame) -> list[str]:
    """The periods that have at least one figure, oldest first."""
    return sorted(set(facts["period"].astype(str)), key=period_order)


def latest_half_year(facts: pd.DataFrame) -> str | None:
    """The latest half-year with data (None when there is none)."""
    halves = [p for p in indicator_periods(facts) if is_half_year(p)]
    return halves[-1] if halves else None


def check_indicator_period(period: str, facts: pd.DataFrame) -> str:
    """``period`` if it has figures, else :class:`FilterError` listing the periods that do."""
    valid = indicator_periods(facts)
    if period not in valid:
        raise FilterError(f"unknown period {period!r}; valid: {', '.join(valid)}", valid=valid,
                          message_vi=f"Kỳ {period!r} không có số liệu; các kỳ có: "
                                     f"{', '.join(valid)}")
    return period


# ---------------------------------------------------------------------------------------------
# Validation (pure: the loader reads the CSV, this checks it)
def _bad(source: str, position: int, field: str, value: object, why: str) -> SchemaError:
    return SchemaError(f"{source}: row {position}: field {field!r}: {value!r} {why}",
                       message_vi=f"{source}: dòng {position}: trường {field!r}: {value!r} "
                                  "không hợp lệ")


def _domain(value: str, allowed: Sequence[str], source: str, position: int, field: str) -> None:
    if value not in allowed:
        raise _bad(source, position, field, value, f"is not one of {', '.join(allowed)}")


def validate_indicators(frame: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Check and type the indicator facts; returns a new frame with :data:`INDICATOR_FIELDS`.

    Text is NFC and blank text becomes None; ``value`` and ``change_pct`` are float (NaN where
    blank; a blank ``value`` is refused). Row numbers in messages count the header as row 1.

    Raises
    ------
    SchemaError
        A column is missing, or a row has a value outside the vocabulary, a province that is
        not a 2024 delta province, a unit that does not fit the indicator, a negative or
        non-numeric figure, or repeats the key of an earlier row; the message names ``source``,
        the row, the field and the value.
    """
    for name in INDICATOR_FIELDS:
        if name not in frame.columns:
            raise SchemaError(f"{source}: required column {name!r} is missing",
                              message_vi=f"{source}: thiếu cột {name!r}")
    delta = set(province_names(2024))
    rows, seen = [], set()
    records = frame[list(INDICATOR_FIELDS)].to_dict(orient="records")
    for position, raw in enumerate(records, start=2):
        row: dict[str, Any] = {}
        for name in INDICATOR_FIELDS:
            value = raw[name]
            blank = value is None or (isinstance(value, float) and math.isnan(value)) or (
                isinstance(value, str) and not value.strip())
            row[name] = None if blank else unicodedata.normalize("NFC", str(value).strip())
        for name in INDICATOR_REQUIRED:
            if row[name] is None:
                raise _bad(source, position, name, "", "is empty (required)")
        if not is_indicator_period(row["period"]):
            raise _bad(source, position, "period", row["period"], "is not YYYY-H1/H2 or YYYY")
        for name, allowed in (("scope", SCOPES), ("indicator", INDICATORS),
                              ("segment", SEGMENTS), ("unit", UNITS)):
            _domain(row[name], allowed, source, position, name)
        _domain(row["unit"], UNITS_OF[row["indicator"]], source, position, "unit")
        if row["scope"] == "region" and row["province"] is not None:
            raise _bad(source, position, "province", row["province"], "must be empty for region")
        if row["scope"] == "province":
            try:
                name = province_2024(row["province"] or "").name
            except FilterError:
                name = ""
            if name not in delta:
                raise _bad(source, position, "province", row["province"],
                           "is not one of the 11 delta provinces of 2024")
            row["province"] = name
        if row["indicator"] == "registered_capital":
            _domain(row["capital_basis"] or "", CAPITAL_BASES, source, position, "capital_basis")
        elif row["capital_basis"] is not None:
            raise _bad(source, position, "capital_basis", row["capital_basis"],
                       "is only for registered_capital")
        for name in ("value", "change_pct"):
            if row[name] is None:
                row[name] = math.nan
                continue
            try:
                row[name] = float(row[name])
            except ValueError:
                raise _bad(source, position, name, row[name], "is not a number") from None
            if name == "value" and (row[name] < 0 or math.isnan(row[name])):
                raise _bad(source, position, name, row[name], "is negative")
        key = tuple(row[k] for k in ("period", "scope", "province", *SERIES))
        if key in seen:
            raise _bad(source, position, "indicator", row["indicator"],
                       "repeats the period/scope/province/series of an earlier row")
        seen.add(key)
        rows.append(row)
    out = pd.DataFrame({name: pd.Series([r[name] for r in rows], dtype=object)
                        for name in INDICATOR_FIELDS})  # object dtype keeps None for blank text
    for name in ("value", "change_pct"):
        out[name] = out[name].astype("float64")
    return out


# ---------------------------------------------------------------------------------------------
# Tables
def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _series(row: dict[str, Any]) -> tuple[str, str, str, str]:
    return (row["indicator"], row["segment"], row["unit"], _text(row.get("capital_basis")) or "")


def _order(series: tuple[str, str, str, str]) -> tuple[int, ...]:
    indicator, segment, unit, basis = series
    return (INDICATORS.index(indicator), SEGMENTS.index(segment), UNITS.index(unit),
            CAPITAL_BASES.index(basis) + 1 if basis else 0)


def _num(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _rows_of(facts: pd.DataFrame, period: str, scope: str) -> list[dict[str, Any]]:
    frame = facts[(facts["period"] == period) & (facts["scope"] == scope)]
    return frame.to_dict(orient="records")  # type: ignore[return-value]


def _entry(series: tuple[str, str, str, str], **values: Any) -> dict[str, Any]:
    indicator, segment, unit, basis = series
    return {"indicator": indicator, "segment": segment, "unit": unit,
            "capital_basis": basis or None, **values}


def _from_fact(fact: dict[str, Any], key: str, scope: str) -> dict[str, Any]:
    return _entry(_series(fact), scope=scope, key=key, value=_num(fact["value"]),
                  value_basis="reported", covered=[key] if scope == "province" else [],
                  coverage_n=1 if scope == "province" else None,
                  coverage_of=1 if scope == "province" else REGION_PROVINCES,
                  missing=[], reported_change_pct=_num(fact["change_pct"]),
                  source=fact["source_url"], as_of=_text(fact.get("as_of")),
                  quote=_text(fact.get("quote")))


def _sum_of(series: tuple[str, str, str, str], facts: list[dict[str, Any]], parts: list[str], *,
            key: str, scope: str, basis: str, strict: bool) -> dict[str, Any] | None:
    """The sum of ``series`` over ``parts`` (2024 provinces): partial unless ``strict``."""
    found = {f["province"]: f for f in facts if _series(f) == series and f["province"] in parts}
    if not found:
        return None
    complete = len(found) == len(parts)
    total = round(sum(float(f["value"]) for f in found.values()), 6)  # no float noise
    value = total if complete or not strict else None
    if len(parts) == 1 and complete:
        return _from_fact(next(iter(found.values())), key, scope)
    dates = sorted({str(f["as_of"]) for f in found.values() if _text(f.get("as_of"))})
    return _entry(series, scope=scope, key=key, value=value, value_basis=basis,
                  covered=[p for p in parts if p in found], coverage_n=len(found),
                  coverage_of=len(parts), missing=[p for p in parts if p not in found],
                  reported_change_pct=None,
                  source=" ; ".join(dict.fromkeys(f["source_url"] for f in found.values())),
                  as_of="; ".join(dates) or None, quote=None)


def _parts(provinces: Sequence[str] | None, edition: Edition) -> list[str]:
    """The 2024 delta provinces a filter names (all 11 when it names none)."""
    delta = province_names(2024)
    if not provinces:
        return delta
    parts: list[str] = []
    for name in provinces:
        names = parts_of_2025(name) if edition == 2025 else [province_2024(name).name]
        parts.extend(p for p in names if p in delta and p not in parts)
    return parts


def _level(facts: pd.DataFrame, period: str, *, by: str, edition: Edition,
           provinces: Sequence[str] | None) -> list[dict[str, Any]]:
    """The rows of one period, without changes (see :func:`indicator_rows`)."""
    province_facts = _rows_of(facts, period, "province")
    rows: list[dict[str, Any]] = []
    if by == "region":
        parts = _parts(provinces, edition)
        region = {} if provinces else {_series(f): f for f in _rows_of(facts, period, "region")}
        key, scope = (REGION_KEY, "region") if not provinces else ("selection", "selection")
        series = set(region) | {_series(f) for f in province_facts if f["province"] in parts}
        for s in sorted(series, key=_order):
            if s in region:
                rows.append(_from_fact(region[s], key, "region"))
                continue
            # a selection of 2025 provinces follows the 2025 rule: all parts, or empty
            row = _sum_of(s, province_facts, parts, key=key, scope=scope,
                          basis="sum_of_provinces", strict=bool(provinces) and edition == 2025)
            if row is not None:
                rows.append(row)
        return rows
    if by == "province":
        chosen = _parts(provinces, edition) if edition == 2024 else _parts(provinces, 2025)
        for name in province_names(2024):
            if name not in chosen:
                continue
            own = [f for f in province_facts if f["province"] == name]
            rows.extend(_from_fact(f, name, "province")
                        for f in sorted(own, key=lambda f: _order(_series(f))))
        return rows
    names = [p for p in province_names(2025, delta_only=False)
             if not provinces or p in provinces]
    for name in names:
        parts = parts_of_2025(name)
        series = {_series(f) for f in province_facts if f["province"] in parts}
        for s in sorted(series, key=_order):
            row = _sum_of(s, province_facts, parts, key=name, scope="province_2025",
                          basis="sum_of_parts", strict=True)
            if row is not None:
                rows.append(row)
    return rows


def _coverage_text(row: dict[str, Any]) -> str:
    if row["value_basis"] == "reported" and row["scope"] == "region":
        return f"reported for the region ({REGION_PROVINCES} provinces)"
    if row["value_basis"] == "reported":
        return "reported by the province's zone board"
    unit = "provinces" if row["value_basis"] == "sum_of_provinces" else "2024 parts"
    return f"{row['coverage_n']} of {row['coverage_of']} {unit}"


def _change(row: dict[str, Any], before: dict[str, Any] | None) -> None:
    """Set ``previous_value``, ``change_pct`` and ``change_basis`` of ``row`` (in place)."""
    row.update(previous_value=None, change_pct=None, change_basis=None)
    if before is not None and before["value"] is not None and row["value"] is not None and (
            before["value_basis"] == row["value_basis"] and before["covered"] == row["covered"]):
        row["previous_value"] = before["value"]
        if before["value"] > 0:
            row["change_pct"] = round(100.0 * (row["value"] / before["value"] - 1), 1)
            row["change_basis"] = "computed"
            return
    if row["reported_change_pct"] is not None:
        row["change_pct"], row["change_basis"] = row["reported_change_pct"], "reported"


def check_grouping(by: str) -> str:
    """``by`` if it is a grouping of :data:`GROUPINGS`, else :class:`FilterError`."""
    if by not in GROUPINGS:
        raise FilterError(f"unknown grouping {by!r}; valid: {', '.join(GROUPINGS)}",
                          valid=list(GROUPINGS))
    return by


def indicator_rows(facts: pd.DataFrame, *, period: str, by: str = "region",
                   edition: Edition = 2024, provinces: Sequence[str] | None = None,
                   compare: str | None = None) -> list[dict[str, Any]]:
    """The indicators of ``period`` grouped by region, 2024 province or 2025 province.

    Parameters
    ----------
    facts : :func:`geo.store.indicators.load_indicators`.
    period : a period with figures (``2024-H1``, ``2024``...).
    by : ``region`` | ``province`` | ``province_2025``.
    edition : the edition ``provinces`` are named in (2024 or 2025).
    provinces : a province filter (names of ``edition``); with one, the ``region`` grouping
        sums the selected provinces (key ``selection``) and never shows the region's rows; in
        the 2025 edition that sum follows the 2025 rule (empty unless every part has it).
    compare : the period to compare with (must have figures); default the same period a year
        before (where it has none, only the changes the sources report are shown).

    Returns
    -------
    list of dict
        One row per (key, series): ``key`` (``region``, ``selection`` or a province),
        ``scope``, ``indicator``, ``segment``, ``unit``, ``capital_basis``, ``value`` (None when
        unknown), ``value_basis`` (reported | sum_of_provinces | sum_of_parts), ``covered`` /
        ``missing`` (2024 provinces), ``coverage_n`` / ``coverage_of``, ``coverage`` (text),
        ``previous_value``, ``change_pct`` (%), ``change_basis`` (computed | reported | None),
        ``reported_change_pct``, ``source``, ``as_of``, ``quote``, ``period``, ``compare``.

    Raises
    ------
    FilterError
        Unknown period, grouping, edition or province.
    """
    edition = check_edition(edition)
    check_indicator_period(period, facts)
    check_grouping(by)
    if compare is not None:
        check_indicator_period(compare, facts)
    compare = compare or year_before(period)
    rows = _level(facts, period, by=by, edition=edition, provinces=provinces)
    before = {(r["key"], _series(r)): r
              for r in _level(facts, compare, by=by, edition=edition, provinces=provinces)}
    for row in rows:
        _change(row, before.get((row["key"], _series(row))))
        row.update(period=period, compare=compare, coverage=_coverage_text(row))
    return rows


def rank_provinces(facts: pd.DataFrame, *, period: str, edition: Edition = 2024,
                   provinces: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Provinces ranked per series (the bloc's comparison), largest value first.

    Returns
    -------
    list of dict
        Per series with at least one province value: the series keys, ``ranking`` (list of
        ``{"rank", "province", "value", "source"}``), ``coverage_n`` (provinces ranked) and
        ``coverage_of`` (provinces of the edition's selection). Provinces without the figure
        are not ranked (unknown, not 0).
    """
    by = "province_2025" if edition == 2025 else "province"
    rows = [r for r in indicator_rows(facts, period=period, by=by, edition=edition,
                                      provinces=provinces) if r["value"] is not None]
    of = len(provinces) if provinces else (
        len(province_names(2025, delta_only=False)) if edition == 2025 else REGION_PROVINCES)
    out = []
    for s in sorted({_series(r) for r in rows}, key=_order):
        ranked = sorted((r for r in rows if _series(r) == s), key=lambda r: -r["value"])
        out.append(_entry(s, period=period, coverage_n=len(ranked), coverage_of=of,
                          ranking=[{"rank": i, "province": r["key"], "value": r["value"],
                                    "source": r["source"]} for i, r in enumerate(ranked, 1)]))
    return out
