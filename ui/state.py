"""Session state shared by every page: language, province edition, filters, period.

Keys live in ``st.session_state`` (the sidebar widgets of ``app.py`` are bound to them) and are
mirrored in the URL query string (``?lang=en&edition=2025&province=bac-ninh&kind=KCN``), so a link
opens the same view. Pages read the state only through the accessors below.

Query keys: ``lang`` (vi|en), ``edition`` (2024|2025), ``province`` (slugs or names of the
edition, comma-separated), ``kind`` (KCN,KCX,KKT), ``status`` (operating, ...), ``period``.
Page-specific keys (e.g. ``zone`` on the map page) are read with :func:`page_param`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from geo.core.admin import Edition, canonical_province, parts_of_2025, province_2025_of
from geo.core.i18n import LANGS, Lang, t
from geo.core.schema import KINDS, ZONE_STATUSES
from geo.core.text import md_escape
from geo.errors import FilterError
from geo.settings import PROVINCES_2024, PROVINCES_2025

KEY_LANG = "lang"
KEY_EDITION = "edition"
KEY_PROVINCES = "f_provinces"
KEY_KINDS = "f_kinds"
KEY_STATUSES = "f_statuses"
KEY_PERIOD = "period"
KEY_INITIALISED = "_state_initialised"
KEY_WARNINGS = "_query_warnings"

DEFAULT_LANG: Lang = "vi"
DEFAULT_EDITION: Edition = 2024
COMMON_QUERY_KEYS = ("lang", "edition", "province", "kind", "status", "period")


@dataclass(frozen=True)
class Filters:
    """The sidebar filters; an empty list means "no filter" (everything)."""

    provinces: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, list[str]]:
        """Keyword arguments of :func:`geo.accounts.landuse.filter_zones` (without the edition)."""
        return {"provinces": list(self.provinces), "kinds": list(self.kinds),
                "statuses": list(self.statuses)}

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not (self.provinces or self.kinds or self.statuses)


# ---------------------------------------------------------------------------------------------
# Accessors
def get_lang() -> Lang:
    """The UI language: ``"vi"`` (default) or ``"en"``."""
    value = st.session_state.get(KEY_LANG, DEFAULT_LANG)
    return "en" if value == "en" else "vi"


def get_edition() -> Edition:
    """The province edition: 2024 (default, 11 provinces) or 2025 (after the mergers)."""
    return 2025 if st.session_state.get(KEY_EDITION, DEFAULT_EDITION) == 2025 else 2024


def get_filters() -> Filters:
    """The current filters; province names are those of :func:`get_edition`."""
    return Filters(provinces=list(st.session_state.get(KEY_PROVINCES) or []),
                   kinds=list(st.session_state.get(KEY_KINDS) or []),
                   statuses=list(st.session_state.get(KEY_STATUSES) or []))


def get_period() -> str | None:
    """The chosen reporting period (e.g. ``"2024-H1"``), or None for the latest figures."""
    value = st.session_state.get(KEY_PERIOD)
    return value if isinstance(value, str) and value else None


def province_options(edition: Edition) -> list[str]:
    """Provinces offered by the filter: the 11 of 2024, or the 7 of 2025 the zones fall in."""
    if edition == 2024:
        return [p.name for p in PROVINCES_2024 if p.in_delta]
    return [p.name for p in PROVINCES_2025]


# ---------------------------------------------------------------------------------------------
# Query string <-> state (pure: testable without a running app)
def _values(raw: object) -> list[str]:
    """Comma-separated and repeated query values, stripped, without blanks."""
    items = raw if isinstance(raw, list | tuple) else [raw]
    out: list[str] = []
    for item in items:
        out.extend(v.strip() for v in str(item).split(",") if v.strip())
    return out


def _bad(lang: Lang, key: str, value: str, valid: Sequence[str]) -> str:
    """The warning about an ignored query value, Markdown-escaped as a whole (it is shown by
    ``st.warning``; the value comes from the URL: ``![b](http://host/x.png)`` stays text)."""
    return md_escape(t("query_ignored", lang).format(key=key, value=value, valid=", ".join(valid)))


def parse_view(params: Mapping[str, object], *, periods: Collection[str] = ()
               ) -> tuple[dict[str, Any], list[str]]:
    """The view a query string asks for, and one message per value it had to ignore.

    Parameters
    ----------
    params : query keys → a value or a list of values (comma-separated lists allowed).
    periods : the periods that may be chosen.

    Returns
    -------
    (view, problems)
        ``view`` maps the session keys of this module to valid values (absent when the query
        does not set them); ``problems`` are messages in the view's language.
    """
    view: dict[str, Any] = {}
    problems: list[tuple[str, str, Sequence[str]]] = []
    lang_values = _values(params.get("lang", []))
    if lang_values:
        if lang_values[0] in LANGS:
            view[KEY_LANG] = lang_values[0]
        else:
            problems.append(("lang", lang_values[0], LANGS))
    lang: Lang = "en" if view.get(KEY_LANG) == "en" else "vi"
    edition: Edition = DEFAULT_EDITION
    for value in _values(params.get("edition", []))[:1]:
        if value in ("2024", "2025"):
            edition = 2025 if value == "2025" else 2024
            view[KEY_EDITION] = edition
        else:
            problems.append(("edition", value, ["2024", "2025"]))
    allowed = province_options(edition)
    provinces: list[str] = []
    for value in _values(params.get("province", [])):
        try:
            name = canonical_province(value, edition=edition)
        except FilterError:
            name = ""
        if name not in allowed:
            problems.append(("province", value, allowed))
        elif name not in provinces:
            provinces.append(name)
    for key, session_key, domain in (("kind", KEY_KINDS, KINDS),
                                     ("status", KEY_STATUSES, ZONE_STATUSES)):
        chosen: list[str] = []
        for value in _values(params.get(key, [])):
            match = next((d for d in domain if d.casefold() == value.casefold()), None)
            if match is None:  # the keys of the link, each with its label in the view's language
                problems.append((key, value, [f"{d} ({t(f'{key}_{d}', lang)})" for d in domain]))
            elif match not in chosen:
                chosen.append(match)
        if chosen:
            view[session_key] = chosen
    if provinces:
        view[KEY_PROVINCES] = provinces
    for value in _values(params.get("period", []))[:1]:
        if value in periods:
            view[KEY_PERIOD] = value
        else:
            problems.append(("period", value, sorted(periods)))
    return view, [_bad(lang, key, value, valid) for key, value, valid in problems]


def view_query(*, lang: Lang, edition: Edition, filters: Filters, period: str | None
               ) -> dict[str, str]:
    """The query string of a view (the inverse of :func:`parse_view`); empty filters omitted."""
    slugs = {p.name: p.slug for p in (PROVINCES_2024 if edition == 2024 else PROVINCES_2025)}
    query = {"lang": lang, "edition": str(edition)}
    if filters.provinces:
        query["province"] = ",".join(slugs.get(p, p) for p in filters.provinces)
    if filters.kinds:
        query["kind"] = ",".join(filters.kinds)
    if filters.statuses:
        query["status"] = ",".join(filters.statuses)
    if period:
        query["period"] = period
    return query


# ---------------------------------------------------------------------------------------------
# Streamlit side
def _query_dict() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def init_state(*, periods: Callable[[], Collection[str]] = tuple) -> list[str]:
    """Set the defaults, and on a session's first run the view of the URL query string.

    Returns the messages for query values that were ignored (shown once by ``app.py``).
    """
    if st.session_state.get(KEY_INITIALISED):
        return []
    view, problems = parse_view(_query_dict(), periods=periods())
    defaults = {KEY_LANG: DEFAULT_LANG, KEY_EDITION: DEFAULT_EDITION, KEY_PROVINCES: [],
                KEY_KINDS: [], KEY_STATUSES: [], KEY_PERIOD: None}
    for key, default in defaults.items():
        st.session_state[key] = view.get(key, st.session_state.get(key, default))
    st.session_state[KEY_INITIALISED] = True
    return problems


def sync_query() -> None:
    """Write the current view to the URL (common keys only; pages own their own keys)."""
    wanted = view_query(lang=get_lang(), edition=get_edition(), filters=get_filters(),
                        period=get_period())
    for key in COMMON_QUERY_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key] or len(
                    st.query_params.get_all(key)) != 1:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def on_edition_change() -> None:
    """Carry the province filter over to the new edition (merged provinces map both ways)."""
    chosen = list(st.session_state.get(KEY_PROVINCES) or [])
    mapped: list[str] = []
    if get_edition() == 2025:
        candidates = [province_2025_of(p) for p in chosen]
    else:
        allowed = province_options(2024)
        candidates = [part for p in chosen for part in parts_of_2025(p) if part in allowed]
    for name in candidates:
        if name not in mapped:
            mapped.append(name)
    st.session_state[KEY_PROVINCES] = mapped


def page_param(key: str, valid: Collection[str]) -> tuple[str | None, str | None]:
    """A page-specific query value: (value, None) if valid, (None, warning) if not, else Nones."""
    raw = st.query_params.get(key)
    if raw is None or raw == "":
        return None, None
    if raw in valid:
        return raw, None
    shown = sorted(valid)[:8]
    return None, _bad(get_lang(), key, raw, [*shown, "…"] if len(valid) > 8 else shown)


def set_page_param(key: str, value: str | None) -> None:
    """Set (or with None remove) a page-specific query value."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
