"""Display tables of the lot register: a zone's lots by use and lease status, its structure
checks, and the region's vacant industrial land (what an investor asks for).

Tables hold text and numbers only (Streamlit shows them as text, never as HTML); labels in
Vietnamese or English; areas in hectares; a figure no lot gives shows '—'.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo.accounts.lots import lot_area_ha, vacant_industrial_land, zone_lot_summary
from geo.core.i18n import Lang, fmt_ha, fmt_pct, t
from geo.core.lots_schema import LEASE_STATUSES, SYNTHETIC_SOURCE, USE_CLASSES


def has_synthetic(lots: pd.DataFrame) -> bool:
    """Whether any lot is synthetic sample data (the page says so)."""
    return "source" in lots.columns and bool((lots["source"] == SYNTHETIC_SOURCE).any())


def zone_lots_table(lots: pd.DataFrame, zone_id: str, *, lang: Lang = "vi") -> pd.DataFrame:
    """A zone's lots by use class (rows) and lease status (columns): number of lots and
    hectares per cell, e.g. ``12 · 34,5 ha``; empty when the zone has no lots."""
    own = lots[lots["zone_id"] == zone_id]
    if not len(own):
        return pd.DataFrame()
    frame = pd.DataFrame({"use": own["use_class"].to_numpy(),
                          "status": own["lease_status"].fillna("unknown").to_numpy(),
                          "area": lot_area_ha(own).to_numpy()})
    agg = frame.groupby(["use", "status"])["area"].agg(["size", "sum"])
    cells = {key: (int(n), float(ha)) for key, n, ha in
             zip(agg.index, agg["size"], agg["sum"], strict=True)}
    statuses = [s for s in (*LEASE_STATUSES, "unknown") if s in set(frame["status"])]
    rows = []
    for use in [u for u in USE_CLASSES if u in set(frame["use"])]:
        row: dict[str, Any] = {t("use_class", lang): t(f"use_{use}", lang)}
        for status in statuses:
            if (use, status) in cells:
                n, ha = cells[(use, status)]
                row[t(f"lease_{status}", lang)] = f"{n} · {fmt_ha(ha, lang)}"
            else:
                row[t(f"lease_{status}", lang)] = ""
        rows.append(row)
    return pd.DataFrame(rows)


def zone_lots_caption(lots: pd.DataFrame, zone_id: str, *, zone_area_ha: float | None = None,
                      lang: Lang = "vi") -> str:
    """One line: number of lots, occupancy from lots, vacant leasable land."""
    s = zone_lot_summary(lots, zone_id, zone_area_ha=zone_area_ha)
    return t("lots_zone_summary", lang).format(n=s["lots"], occ=fmt_pct(s["occupancy_pct"], lang),
                                               vacant=fmt_ha(s["vacant_ha"], lang))


def vacant_land(lots: pd.DataFrame, zones: pd.DataFrame, *, provinces: list[str] | None = None,
                min_area_ha: float = 0.0) -> pd.DataFrame:
    """The vacant leasable lots (see :func:`geo.accounts.lots.vacant_industrial_land`)."""
    return vacant_industrial_land(lots, zones=zones, provinces=provinces or None,
                                  min_area_ha=min_area_ha)


def vacant_table(vacant: pd.DataFrame, *, lang: Lang = "vi") -> pd.DataFrame:
    """The vacant lots for display: labelled columns, use class in words, area in ha."""
    return pd.DataFrame({
        t("lot_id", lang): vacant["lot_id"].astype(str),
        t("zone_name", lang): vacant["zone_name"].fillna(vacant["zone_id"]).astype(str),
        t("province", lang): vacant["province"].fillna("—").astype(str),
        t("use_class", lang): vacant["use_class"].map(lambda u: t(f"use_{u}", lang)),
        t("lot_area_ha", lang): vacant["area_ha"].round(2),
        t("building_density_pct", lang): vacant["building_density_pct"],
        t("height_limit_m", lang): vacant["height_limit_m"],
        t("lot_source", lang): vacant["source"].fillna("—").astype(str),
    })
