"""The lot register (lô đất): fields, use classes, lease statuses and the legend names of plans.

A lot is one parcel of a zone's detailed plan (quy hoạch chi tiết 1/2000 or 1/500): a factory
lot, a road, a green strip, a technical-infrastructure site, a service or worker-housing lot.
Lots are stored in EPSG:4326 (lon/lat degrees) like every layer; areas are in hectares, geodesic
on the WGS 84 ellipsoid where computed. A figure no source gives stays empty (NaN), never 0.

Pure vocabulary: no I/O, no pandas state.
"""

from __future__ import annotations

from typing import Final

from geo.core.text import fold

USE_CLASSES: Final = ("industrial", "warehouse_logistics", "service", "green_water",
                      "roads_parking", "technical_infrastructure", "worker_housing", "other")
"""Use classes of a lot (the legend of a KCN plan, grouped as QCVN 01:2021 counts them)."""

LEASABLE_CLASSES: Final = ("industrial", "warehouse_logistics")
"""Use classes of industrial land for lease (đất công nghiệp có thể cho thuê)."""

LEASE_STATUSES: Final = ("leased", "vacant", "reserved", "not_leasable")
"""Lease status of a lot: leased (đã cho thuê), vacant (còn trống), reserved (đã giữ chỗ / ký
biên bản ghi nhớ), not_leasable (không cho thuê: roads, green land...)."""

INVESTOR_TYPES: Final = ("FDI", "DDI")

LOT_FIELDS: Final[dict[str, str]] = {
    "lot_id": "str",
    "zone_id": "str",
    "use_class": "str",
    "use_label": "str",
    "planned_area_ha": "float",
    "lease_status": "str",
    "tenant": "str",
    "investor_type": "str",
    "certificate_date": "str",
    "building_density_pct": "float",
    "height_limit_m": "float",
    "source": "str",
    "as_of": "str",
}
"""Lot fields: name → type tag. ``use_label`` keeps the plan's own legend text."""

LOT_REQUIRED: Final = ("lot_id", "zone_id", "use_class")
LEASE_FIELDS: Final = ("lease_status", "tenant", "investor_type", "certificate_date", "as_of")
"""Fields a lease register (XLSX joined by ``lot_id``) may update on existing lots."""

SYNTHETIC_SOURCE: Final = "SYNTHETIC — not real data"

_LEGEND: Final[tuple[tuple[str, str], ...]] = (
    # (folded phrase, use class); the first phrase found in the folded text wins, so the more
    # specific phrases come first.
    ("nha o cong nhan", "worker_housing"), ("luu tru", "worker_housing"),
    ("ky tuc xa", "worker_housing"), ("worker housing", "worker_housing"),
    ("dormitory", "worker_housing"), ("noxh", "worker_housing"),
    ("nha may kho tang", "industrial"), ("nha may, kho tang", "industrial"),
    ("kho bai", "warehouse_logistics"), ("logistics", "warehouse_logistics"),
    ("kho van", "warehouse_logistics"), ("warehouse", "warehouse_logistics"),
    ("kho tang", "warehouse_logistics"),
    ("nha may", "industrial"), ("cong nghiep", "industrial"), ("san xuat", "industrial"),
    ("factory", "industrial"), ("industrial", "industrial"),
    ("ha tang ky thuat", "technical_infrastructure"), ("dau moi", "technical_infrastructure"),
    ("xu ly nuoc", "technical_infrastructure"), ("tram dien", "technical_infrastructure"),
    ("cap nuoc", "technical_infrastructure"), ("technical", "technical_infrastructure"),
    ("utilities", "technical_infrastructure"),
    ("cay xanh", "green_water"), ("mat nuoc", "green_water"), ("ho dieu hoa", "green_water"),
    ("green", "green_water"), ("water", "green_water"), ("park", "green_water"),
    ("giao thong", "roads_parking"), ("bai do xe", "roads_parking"), ("duong", "roads_parking"),
    ("road", "roads_parking"), ("parking", "roads_parking"),
    ("dich vu", "service"), ("dieu hanh", "service"), ("tien ich", "service"),
    ("service", "service"),
)

_CODES: Final[dict[str, str]] = {
    # short layer codes of CAD drawings (DAT_CN, CX, GT, HTKT...)
    "cn": "industrial", "datcn": "industrial", "nm": "industrial", "kho": "warehouse_logistics",
    "kb": "warehouse_logistics", "dv": "service", "datdv": "service", "cx": "green_water",
    "mn": "green_water", "cxmn": "green_water", "gt": "roads_parking", "bdx": "roads_parking",
    "htkt": "technical_infrastructure", "dm": "technical_infrastructure",
    "nocn": "worker_housing", "noxh": "worker_housing", "ltcn": "worker_housing",
}

_STATUS: Final[tuple[tuple[str, str], ...]] = (
    ("khong cho thue", "not_leasable"), ("not leasable", "not_leasable"),
    ("not_leasable", "not_leasable"), ("khong", "not_leasable"),
    ("chua cho thue", "vacant"), ("con trong", "vacant"), ("trong", "vacant"),
    ("vacant", "vacant"), ("available", "vacant"),
    ("da cho thue", "leased"), ("cho thue", "leased"), ("leased", "leased"),
    ("da thue", "leased"), ("da ky", "leased"),
    ("giu cho", "reserved"), ("dat coc", "reserved"), ("mou", "reserved"),
    ("reserved", "reserved"),
)


def use_class_from_label(label: object) -> str | None:
    """The use class of a legend name or DXF layer name, matched accent-insensitively.

    ``"Đất xây dựng nhà máy, kho tàng"`` → ``industrial``; ``"DAT_CAY_XANH"`` → ``green_water``;
    ``"Đất nhà ở công nhân / lưu trú"`` → ``worker_housing``; a class name itself
    (``roads_parking``) → itself. Unknown or blank → None.
    """
    if not isinstance(label, str) or not label.strip():
        return None
    raw = label.strip()
    if raw in USE_CLASSES:
        return raw
    text = fold(raw)
    if text.replace(" ", "_") in USE_CLASSES:
        return text.replace(" ", "_")
    if text.replace(" ", "") in _CODES:
        return _CODES[text.replace(" ", "")]
    return _phrase(text, _LEGEND)


def _phrase(folded: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The value of the first (phrase, value) of ``table`` whose phrase stands in ``folded``
    as whole words."""
    padded = f" {folded} "
    return next((value for phrase, value in table if f" {phrase} " in padded), None)


def lease_status_from_text(value: object) -> str | None:
    """A lease status from the words registers use (``"Đã cho thuê"`` → ``leased``,
    ``"Còn trống"`` → ``vacant``, ``"Không cho thuê"`` → ``not_leasable``); None if unknown."""
    if not isinstance(value, str) or not value.strip():
        return None
    if value.strip() in LEASE_STATUSES:
        return value.strip()
    return _phrase(fold(value), _STATUS)


def investor_type_from_text(value: object) -> str | None:
    """``FDI`` (vốn nước ngoài) or ``DDI`` (trong nước); None if unknown."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = fold(value)
    if text in ("fdi", "nuoc ngoai", "von nuoc ngoai", "foreign"):
        return "FDI"
    if text in ("ddi", "trong nuoc", "von trong nuoc", "domestic", "vn"):
        return "DDI"
    return None


USE_LEGEND_VI: Final[dict[str, str]] = {
    "industrial": "Đất xây dựng nhà máy, kho tàng",
    "warehouse_logistics": "Đất kho bãi, logistics",
    "service": "Đất dịch vụ",
    "green_water": "Đất cây xanh, mặt nước",
    "roads_parking": "Đất giao thông, bãi đỗ xe",
    "technical_infrastructure": "Đất hạ tầng kỹ thuật",
    "worker_housing": "Đất nhà ở công nhân, lưu trú",
    "other": "Đất khác",
}
"""The Vietnamese legend name of each class (as the synthetic sample and DXF layers write it)."""
