"""The board's submission sheet of indicators (issue 11): its columns and cell vocabulary.

One sheet per half-year (sheet name ``2024-H1``), one row per figure; the headers are
Vietnamese (:data:`SHEET_HEADERS`), the cells hold Vietnamese labels (``triệu USD``, ``Tổng``,
``Doanh thu``) or the codes of :mod:`geo.accounts.indicators` (``million_usd``, ``all``,
``revenue``). The template writer (:mod:`geo.exports.indicators_template`) and the reader
(:mod:`geo.imports.indicators_sheet`) share this vocabulary. Pure: no I/O.

Units: ``projects`` (count), ``million_usd`` (triệu USD), ``billion_vnd`` (tỷ VND),
``persons``; currencies are never added together. An empty value means "no figure", never 0.
"""

from __future__ import annotations

from typing import Final

from geo.accounts.indicators import CAPITAL_BASES, INDICATORS, SEGMENTS, UNITS, UNITS_OF
from geo.core.text import fold

SHEET_HEADERS: Final[dict[str, str]] = {
    "province": "Tỉnh", "indicator": "Chỉ tiêu", "segment": "Khối (FDI/DDI/Tổng)",
    "value": "Giá trị", "unit": "Đơn vị", "change_pct": "So với cùng kỳ (%)",
    "capital_basis": "Cơ sở vốn", "as_of": "Số liệu tính đến", "source": "Nguồn",
}
"""Field → the template's header text, in column order."""
REQUIRED_COLUMNS: Final = ("indicator", "segment", "value", "unit")
GUIDE_SHEET: Final = "Hướng dẫn"
REGION_LABEL: Final = "Toàn vùng"
"""The ``Tỉnh`` of a region row (the 11-province bloc); an empty ``Tỉnh`` also means region."""

INDICATOR_LABELS: Final[dict[str, str]] = {
    "new_projects": "Dự án cấp mới", "adjusted_projects": "Dự án điều chỉnh tăng vốn",
    "registered_capital": "Vốn đầu tư đăng ký", "revenue": "Doanh thu",
    "export_value": "Giá trị xuất khẩu", "state_budget": "Nộp ngân sách nhà nước",
    "workers": "Lao động",
}
SEGMENT_LABELS: Final[dict[str, str]] = {"all": "Tổng", "FDI": "FDI", "DDI": "DDI"}
UNIT_LABELS: Final[dict[str, str]] = {"projects": "dự án", "million_usd": "triệu USD",
                                      "billion_vnd": "tỷ VND", "persons": "người"}
BASIS_LABELS: Final[dict[str, str]] = {"new": "cấp mới", "adjusted": "điều chỉnh",
                                       "new_and_adjusted": "cấp mới và điều chỉnh",
                                       "unspecified": "không nêu rõ"}
TEMPLATE_BASES: Final = ("new", "adjusted", "new_and_adjusted")
"""Capital bases the template pre-fills for registered capital (``unspecified`` may be typed)."""

_EXTRA: Final[dict[str, dict[str, str]]] = {
    "segment": {"tong": "all", "tat ca": "all", "total": "all", "trong nuoc": "DDI"},
    "unit": {"ty dong": "billion_vnd", "ty vnd": "billion_vnd", "trieu usd": "million_usd",
             "du an": "projects", "nguoi": "persons", "lao dong": "persons"},
}
_HEADER_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "province": ("tinh", "tinh thanh", "tinh thanh pho", "province"),
    "indicator": ("chi tieu", "indicator"),
    "segment": ("khoi", "khoi fdi ddi tong", "segment"),
    "value": ("gia tri", "so lieu", "value"),
    "unit": ("don vi", "don vi tinh", "unit"),
    "change_pct": ("so voi cung ky", "so voi cung ky %", "change pct", "change"),
    "capital_basis": ("co so von", "capital basis"),
    "as_of": ("so lieu tinh den", "tinh den", "as of"),
    "source": ("nguon", "source", "source url"),
}


def header_field(text: object) -> str | None:
    """The field a header cell names (Vietnamese or English, accents and case ignored)."""
    if not isinstance(text, str):
        return None
    key = fold(text)
    for name, names in _HEADER_SYNONYMS.items():
        if key in names or key == fold(SHEET_HEADERS[name]):
            return name
    return None


def _lookup(labels: dict[str, str], codes: tuple[str, ...], extra: dict[str, str]
            ) -> dict[str, str]:
    table = {fold(c): c for c in codes}
    table.update({fold(v): k for k, v in labels.items()})
    table.update(extra)
    return table


_TABLES: Final[dict[str, dict[str, str]]] = {
    "indicator": _lookup(INDICATOR_LABELS, INDICATORS, {}),
    "segment": _lookup(SEGMENT_LABELS, SEGMENTS, _EXTRA["segment"]),
    "unit": _lookup(UNIT_LABELS, UNITS, _EXTRA["unit"]),
    "capital_basis": _lookup(BASIS_LABELS, CAPITAL_BASES, {}),
}


def code_of(field: str, text: object) -> str | None:
    """The code of a cell of ``field`` (indicator, segment, unit, capital_basis) or None when
    the text is none of the labels or codes (accents and case ignored)."""
    if not isinstance(text, str):
        return None
    return _TABLES[field].get(fold(text))


def template_series() -> list[tuple[str, str, str, str | None]]:
    """The (indicator, segment, unit, capital_basis) rows the template offers, in the order of
    :data:`geo.accounts.indicators.INDICATORS`: every unit the indicator allows, the three
    segments, and for registered capital the bases of :data:`TEMPLATE_BASES`."""
    out: list[tuple[str, str, str, str | None]] = []
    for indicator in INDICATORS:
        bases: tuple[str | None, ...] = TEMPLATE_BASES if indicator == "registered_capital" \
            else (None,)
        for basis in bases:
            for unit in UNITS_OF[indicator]:
                out.extend((indicator, segment, unit, basis) for segment in SEGMENTS)
    return out
