"""The text of a zone on the map: its tooltip and its popup (every figure, kind, provinces,
developer, the date of its figures and a source link), escaped.

Every text is escaped with :func:`geo.core.text.escape_html` (Leaflet inserts tooltips and
popups as HTML; ``{`` and ``}`` are escaped too, so no Jinja marker survives); a source link is
kept only if it is http(s). Figures come from the land-use accounts
(:func:`geo.accounts.landuse.add_accounts`), marked "≈" where derived. Areas in ha, occupancy in
percent, workers in persons.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import shapely

from geo.accounts.figure_basis import (
    RATE_ONLY,
    in_use_basis_text,
    is_derived_in_use,
    is_derived_occupancy,
    occupancy_basis_text,
)
from geo.accounts.landuse import add_accounts
from geo.core.i18n import Lang, fmt_ha, fmt_number, fmt_pct, t
from geo.core.text import escape_html, is_blank
from geo.present import figures

__all__ = [
    "POPUP_FIGURES",
    "POPUP_JS",
    "is_approximate",
    "popup_labels",
    "popup_values",
    "safe_url",
    "zone_popup_html",
    "zone_tooltip_html",
]

# Figures of the popup: field, format ("ha", "pct", "persons").
POPUP_FIGURES: Final[tuple[tuple[str, str], ...]] = (
    ("planned_area_ha", "ha"),
    ("industrial_land_ha", "ha"),
    ("leased_land_ha", "ha"),
    ("occupancy_pct", "occupancy"),  # the zone's own, from the accounts (≈ when derived)
    ("in_use_area_ha", "in_use"),  # land in use from the accounts (≈ when derived)
    ("under_construction_area_ha", "ha"),
    ("worker_housing_area_ha", "ha"),
    ("workers", "persons"),
)


def _text(value: Any) -> str | None:
    """``value`` as stripped text, or None when blank (:func:`geo.core.text.is_blank`)."""
    return None if is_blank(value) else str(value).strip()


def _esc(value: Any) -> str:
    """HTML-escaped text (:func:`geo.core.text.escape_html`); missing → '—'."""
    return escape_html(_text(value))


def safe_url(value: Any) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None (no javascript:...)."""
    text = _text(value)
    if text is None or any(c.isspace() or ord(c) < 32 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def _fmt_figure(value: Any, kind: str, lang: Lang) -> str:
    number = None if _text(value) is None else float(value)
    if kind == "ha":
        return fmt_ha(number, lang)
    if kind == "pct":
        return fmt_pct(number, lang)
    text = fmt_number(number, lang, digits=0)
    return text if number is None else f"{text} {t('map_persons', lang)}"


def _status_label(status: Any, lang: Lang) -> str:
    return t(f"status_{status}", lang) if _text(status) else t("status_unknown", lang)


def is_approximate(row: Mapping[str, Any]) -> bool:
    return _text(row.get("geometry_quality")) == "approximate"


def zone_tooltip_html(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """Tooltip of a zone: its name (bold) and status, HTML-escaped."""
    return f"<b>{_esc(row.get('name'))}</b><br>{_esc(_status_label(row.get('status'), lang))}"


def popup_labels(lang: Lang) -> dict[str, Any]:
    """The escaped labels of the popup, sent once per map: ``rows``, ``notes``, ``source``.

    ``rows[i]`` labels the value ``v[i + 2]`` of :func:`popup_values` (``v[0]`` is the name,
    ``v[1]`` kind · status); ``notes`` is indexed by the approximate code (1 area, 2 point).
    """
    rows = [t("province", lang), t("province_2025", lang), t("map_developer", lang)]
    rows += [t(field, lang) for field, _ in POPUP_FIGURES]
    rows += [t("map_as_of", lang), t("map_parent_zone", lang)]
    return {"rows": [escape_html(r) for r in rows],
            "notes": ["", escape_html(t("map_note_approx_area", lang)),
                      escape_html(t("map_note_approx_point", lang))],
            "source": escape_html(t("map_source", lang))}


def popup_values(row: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The escaped values of a zone's popup: ``v`` (list), ``a`` (approximate code), ``u``.

    ``v``: name, "kind · status", then one value per label of :func:`popup_labels` (None for
    a row to leave out: the parent KKT of a zone that has none). ``a``: 0 surveyed or
    digitized, 1 approximate footprint, 2 approximate point. ``u``: the escaped http(s)
    source URL or None.
    """
    row = _with_accounts(row)
    kind = _text(row.get("kind"))
    values: list[str | None] = [
        _esc(row.get("name")),
        f"{_esc(t(f'kind_{kind}', lang) if kind else None)} · "
        f"{_esc(_status_label(row.get('status'), lang))}",
        _esc(row.get("province")), _esc(row.get("province_2025")), _esc(row.get("developer")),
    ]
    values += [escape_html(_figure_text(row, field, kind_, lang))
               for field, kind_ in POPUP_FIGURES]
    parent = _text(row.get("parent_zone_id"))
    values += [_esc(row.get("as_of")), _esc(parent) if parent else None]
    approx = 0
    if is_approximate(row):
        geom = row.get("geometry")
        approx = 2 if isinstance(geom, shapely.Point) and not geom.is_empty else 1
    url = safe_url(row.get("source_url"))
    return {"v": values, "a": approx, "u": escape_html(url) if url else None}


ACCOUNT_INPUTS: Final = ("kind", "status", "used_area_ha", "planned_area_ha",
                          "under_construction_area_ha", "industrial_land_ha", "leased_land_ha",
                          "occupancy_pct")


def _with_accounts(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """``row`` with the per-zone accounts (``add_accounts``) unless it has them already."""
    if "in_use_basis" in row:
        return row
    frame = pd.DataFrame([{**dict.fromkeys(ACCOUNT_INPUTS, np.nan), **dict(row)}])
    accounts: dict[str, Any] = {str(k): v for k, v in add_accounts(frame).iloc[0].items()}
    return {**row, **accounts}


def _figure_text(row: Mapping[str, Any], field: str, kind: str, lang: Lang) -> str:
    """A popup figure; land in use and occupancy as the accounts give them: a derived one
    marked ``≈`` with how it is derived, a rate-only occupancy with its basis."""
    if kind == "in_use":
        basis = row.get("in_use_basis")
        text, note = figures.zone_in_use_text(row, lang), in_use_basis_text(basis, lang)
        shown = is_derived_in_use(basis)
    elif kind == "occupancy":
        basis = row.get("occupancy_basis")
        text = figures.zone_occupancy_text(row, lang)
        note = occupancy_basis_text(basis, lang)
        shown = is_derived_occupancy(basis) or basis == RATE_ONLY
    else:
        return _fmt_figure(row.get(field), kind, lang)
    return f"{text} ({note})" if shown and text != "—" else text


def _assemble_popup(values: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    """The popup HTML from escaped parts; :data:`POPUP_JS` does the same in the browser."""
    v = values["v"]
    parts = [f'<div class="kcn-pop"><b>{v[0]}</b><br>{v[1]}<table>']
    parts += [f"<tr><th>{label}<td>{value}"
              for label, value in zip(labels["rows"], v[2:], strict=True) if value is not None]
    parts.append("</table>")
    if values["a"]:
        parts.append(f'<div class="note">{labels["notes"][values["a"]]}</div>')
    if values["u"]:
        parts.append(f'<a href="{values["u"]}" target="_blank" rel="noopener noreferrer">'
                     f'{labels["source"]}</a>')
    else:
        parts.append(f'{labels["source"]}: —')
    parts.append("</div>")
    return "".join(parts)


POPUP_JS: Final = """function(v, a, u, L) {
  var h = '<div class="kcn-pop"><b>' + v[0] + '</b><br>' + v[1] + '<table>';
  for (var i = 2; i < v.length; i++) {
    if (v[i] !== null) { h += '<tr><th>' + L.rows[i - 2] + '<td>' + v[i]; }
  }
  h += '</table>';
  if (a) { h += '<div class="note">' + L.notes[a] + '</div>'; }
  h += u ? '<a href="' + u + '" target="_blank" rel="noopener noreferrer">' + L.source + '</a>'
         : L.source + ': —';
  return h + '</div>';
}"""


def zone_popup_html(row: Mapping[str, Any], lang: Lang = "vi") -> str:
    """Popup of a zone: every figure, kind, provinces, developer, ``as_of`` and source link.

    Parameters
    ----------
    row : one zone (a row of the zones layer as a mapping: ``geo.core.schema.ZONE_FIELDS``).
        Areas in hectares, ``occupancy_pct`` in percent, ``workers`` in persons.
    lang : ``vi`` (Vietnamese number format ``1.234,5 ha``) or ``en``.

    Returns
    -------
    str
        HTML in which every value is escaped; a missing figure shows '—'. The source link is
        kept only for an http(s) URL (escaped, ``rel="noopener noreferrer"``). Approximate
        footprints and points are said to be approximate. The map builds the same HTML in the
        browser from the same escaped parts (labels sent once, values per zone).
    """
    return _assemble_popup(popup_values(row, lang), popup_labels(lang))
