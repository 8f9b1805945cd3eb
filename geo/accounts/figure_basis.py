"""Where each land-use figure comes from: reported by a source or derived, and on what basis.

Every view (tables, charts, the map popup, zone cards, the headline, exports, the CLI) takes
these from the same computed accounts (:func:`geo.accounts.landuse.add_accounts` per zone,
:func:`geo.accounts.landuse.account_group` per aggregate), so the same figure carries the same
basis everywhere.

Per zone
    ``in_use_basis``: ``used_area_ha`` (reported) | ``operating_area`` (derived: the planned area
    of an operating KCN/KCX, design §4.2) | ``kkt_excluded`` | ``not_operating`` |
    ``status_unknown`` | ``missing``.
    ``occupancy_basis``: ``leased_land`` (reported leased / leasable) | ``stated_rate`` (derived:
    leased = stated rate × leasable land) | ``lots`` (derived from the lot register) |
    ``rate_only`` (the source states a rate but no leasable land: the zone shows its rate, and
    aggregates count it only as coverage — never averaged) | ``missing``.

Occupancy of an aggregate (:data:`OCCUPANCY_RULE`)
    Σ leased / Σ leasable industrial land over the zones giving leasable land and either leased
    land or a rate (leased = rate × leasable). Zones with a rate but no leasable land are
    counted as "rate only" beside the coverage and left out of the figure.

View basis (:data:`BASIS_KCN_KCX`, :data:`BASIS_ALL_ONCE`)
    The land-use ratios and charts default to KCN/KCX (a KKT's area — tens of thousands of
    hectares, some of it sea — would flatten every ratio); a view over every kind counts each
    piece of land once (a KKT's area, not its KCNs' again). The reconciliation with the report
    keeps the report's basis (all kinds, KKT once).
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from geo.core.i18n import NO_DATA, Lang, t

DERIVED_MARK: Final = "≈"
"""Marker of a figure derived by a rule rather than given by a source (legend: see
``basis_legend`` labels of :mod:`geo.core.labels_figures`)."""

REPORTED_IN_USE: Final = ("used_area_ha",)
DERIVED_IN_USE: Final = ("operating_area",)
REPORTED_OCCUPANCY: Final = ("leased_land",)
DERIVED_OCCUPANCY: Final = ("stated_rate", "lots")
PAIR_OCCUPANCY: Final = (*REPORTED_OCCUPANCY, *DERIVED_OCCUPANCY)
"""Occupancy bases that count in an aggregate (leased and leasable land both known)."""
RATE_ONLY: Final = "rate_only"

BASIS_KCN_KCX: Final = "kcn_kcx"
BASIS_ALL_ONCE: Final = "all_kinds_kkt_once"

OCCUPANCY_RULE: Final = (
    "occupancy = Σ leased / Σ leasable industrial land over the zones that give leasable land "
    "and leased land or a rate (leased = rate × leasable); zones with a rate but no leasable "
    "land are counted as 'rate only' beside the coverage, never averaged in")


def view_basis(kcn_only: bool) -> str:
    """:data:`BASIS_KCN_KCX` for a KCN/KCX-only view, else :data:`BASIS_ALL_ONCE`."""
    return BASIS_KCN_KCX if kcn_only else BASIS_ALL_ONCE


def basis_note(basis: str) -> str:
    """The English note of a view basis (the CLI's ``notes``)."""
    if basis == BASIS_KCN_KCX:
        return "basis: KCN/KCX only (KKTs left out; their own area would flatten every ratio)"
    return ("basis: all kinds, each piece of land once (a KKT's area counted once, the KCNs "
            "inside it not added again)")


def is_derived_in_use(basis: object) -> bool:
    """Whether a zone's land in use is derived (planned area of an operating KCN/KCX)."""
    return basis in DERIVED_IN_USE


def is_derived_occupancy(basis: object) -> bool:
    """Whether a zone's occupancy is derived (stated rate × leasable land, or its lots)."""
    return basis in DERIVED_OCCUPANCY


def basis_counts(group: pd.DataFrame) -> dict[str, dict[str, int]]:
    """How many zones of ``group`` (after ``add_accounts``) give each figure as reported or derived.

    Returns ``{"in_use_area_ha": {"reported": n, "derived": n}, "occupancy_pct": {"reported": n,
    "derived": n, "rate_only": n}}``.
    """
    in_use = group["in_use_basis"]
    occupancy = group["occupancy_basis"]
    return {
        "in_use_area_ha": {"reported": int(in_use.isin(REPORTED_IN_USE).sum()),
                           "derived": int(in_use.isin(DERIVED_IN_USE).sum())},
        "occupancy_pct": {"reported": int(occupancy.isin(REPORTED_OCCUPANCY).sum()),
                          "derived": int(occupancy.isin(DERIVED_OCCUPANCY).sum()),
                          "rate_only": int((occupancy == RATE_ONLY).sum())},
    }


def in_use_basis_text(basis: object, lang: Lang = "vi") -> str:
    """The basis of a zone's land in use, with ``≈`` when derived."""
    if is_derived_in_use(basis):
        return t("basis_operating_area_derived", lang)
    return t(f"basis_{basis}", lang) if isinstance(basis, str) and basis else NO_DATA

def occupancy_basis_text(basis: object, lang: Lang = "vi") -> str:
    """The basis of a zone's occupancy: reported, derived (≈), rate only, or missing."""
    if basis == "stated_rate":
        return t("basis_stated_rate_derived", lang)
    if basis == "lots":
        return t("basis_lots_derived", lang)
    if basis in (RATE_ONLY, "leased_land", "missing"):
        return t(f"basis_{basis}", lang)
    return NO_DATA
