"""Display texts of where a land-use figure comes from (issue 10): reported or derived (≈),
the view's basis (KCN/KCX or all zones with each KKT once), the occupancy rule.

Every text is built from the computed accounts (:func:`geo.accounts.landuse.add_accounts` per
zone, ``basis_counts`` of a :class:`geo.accounts.landuse.Summary` row per aggregate), so a
table, a chart, the map popup, a zone card, the headline and an export say the same. Only
attributes are used; areas in hectares, occupancy in percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.accounts.figure_basis import (
    DERIVED_MARK,
    is_derived_in_use,
    is_derived_occupancy,
)
from geo.core.i18n import NO_DATA, Lang, fmt_coverage, fmt_ha, fmt_pct, t

__all__ = [
    "aggregate_basis_text",
    "basis_caption",
    "basis_label",
    "is_aggregate_derived",
    "marked",
    "occupancy_coverage_text",
    "zone_in_use_text",
    "zone_occupancy_text",
]


def basis_label(basis: str, lang: Lang = "vi") -> str:
    """``KCN/KCX`` or ``tất cả các khu, KKT tính một lần`` (a Summary's ``basis``)."""
    return t(f"basis_{basis}", lang)


def basis_caption(basis: str, lang: Lang = "vi") -> str:
    """``Cơ sở của các số liệu: KCN/KCX.``"""
    return t("basis_caption", lang).format(basis=basis_label(basis, lang))


def marked(text: str, derived: bool) -> str:
    """``≈ 610,9 ha`` for a derived figure (never on '—'), the text as is otherwise."""
    return f"{DERIVED_MARK} {text}" if derived and text != NO_DATA else text


def zone_in_use_text(accounts: Mapping[str, Any], lang: Lang = "vi") -> str:
    """A zone's land in use (``≈ 610,9 ha`` when derived)."""
    return marked(fmt_ha(_num(accounts.get("in_use_area_ha")), lang),
                  is_derived_in_use(accounts.get("in_use_basis")))


def zone_occupancy_text(accounts: Mapping[str, Any], lang: Lang = "vi") -> str:
    """A zone's occupancy (``≈ 97,8 %`` when derived; a rate-only zone shows its stated rate)."""
    return marked(fmt_pct(_num(accounts.get("occupancy_zone_pct")), lang),
                  is_derived_occupancy(accounts.get("occupancy_basis")))


def aggregate_basis_text(row: Mapping[str, Any], metric: str, lang: Lang = "vi") -> str:
    """How an aggregate's figure is made: ``số liệu nguồn`` or ``≈ suy ra 6/6 khu``.

    ``metric`` is ``in_use_area_ha`` or ``occupancy_pct``; ``row`` a Summary row or total.
    """
    counts = row.get("basis_counts", {}).get(metric, {})
    derived = int(counts.get("derived", 0))
    have = derived + int(counts.get("reported", 0))
    if have == 0:
        return NO_DATA
    if derived == 0:
        return t("basis_reported", lang)
    return t("basis_derived_n", lang).format(d=derived, n=have)


def is_aggregate_derived(row: Mapping[str, Any], metric: str) -> bool:
    """Whether any zone's figure in the aggregate is derived."""
    return int(row.get("basis_counts", {}).get(metric, {}).get("derived", 0)) > 0


def occupancy_coverage_text(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """``0/26 khu; 8 khu chỉ có tỷ lệ``: the occupancy coverage with the rate-only zones."""
    have, of = (int(v) for v in row["coverage"]["occupancy_pct"])
    text = fmt_coverage(have, of, lang)
    rate_only = int(row.get("basis_counts", {}).get("occupancy_pct", {}).get("rate_only", 0))
    if rate_only:
        text += "; " + t("rate_only_n", lang).format(n=rate_only)
    return text


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number
