"""Parameters of the worker-housing analysis (design §4.4), each with its source.

Every default below is a cited figure (a legal article, or a statistic with its date, from
``data/sources/regulations.md`` §1 and §6 and ``data/sources/housing_notes.md``) or is labelled an
assumption. The user may change every parameter; :meth:`HousingParams.validated` refuses values
out of range with :class:`geo.errors.ParameterError` naming the parameter and the value.

Units: workers per hectare, shares as fractions (0-1), m² of floor per person, persons per
dwelling, floor-area ratio (m² of floor per m² of land), kilometres.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from geo.core.admin import province_2024
from geo.core.i18n import Lang, fmt_number, t
from geo.core.schema import HOUSING_STATUSES
from geo.errors import ParameterError

SourceKind = Literal["law", "statistic", "derived", "assumption"]


@dataclass(frozen=True)
class ParamSource:
    """Where a default comes from: ``kind`` and the citation in Vietnamese and English."""

    kind: SourceKind
    vi: str
    en: str


SOURCES: dict[str, ParamSource] = {
    "density_leased_per_ha": ParamSource(
        "derived",
        "≈ 95 lao động/ha đất đã cho thuê: 3,8 triệu lao động KCN, KKT / 39.800 ha đã cho thuê "
        "(iz.com.vn, không ghi ngày; cận trên). Quy hoạch KCN phía Bắc phê duyệt 2025: 82-116 "
        "lao động/ha đất nhà máy (Sạch Sóc Sơn 82,1; Đông Triều 2: 92-116). Chưa có định mức "
        "pháp lý.",
        "≈ 95 workers/ha of leased land: 3.8 million KCN/KKT workers / 39,800 ha leased "
        "(iz.com.vn, undated; an upper bound). Approved 2025 northern plans: 82-116 workers/ha "
        "of factory land (Sạch Sóc Sơn 82.1; Đông Triều 2: 92-116). No legal norm exists."),
    "density_total_per_ha": ParamSource(
        "derived",
        "Quy hoạch KCN phê duyệt 2025: 55-79 lao động/ha tổng diện tích (Sạch Sóc Sơn 57,5; "
        "Đông Triều 2: 62-79; Sông Đốc 55,0); mặc định thực tế ≈ 60. Chưa có định mức pháp lý.",
        "Approved 2025 zone plans: 55-79 workers/ha of total zone area (Sạch Sóc Sơn 57.5; "
        "Đông Triều 2: 62-79; Sông Đốc 55.0); practical default ≈ 60. No legal norm exists."),
    "share_default": ParamSource(
        "statistic",
        "Bộ Xây dựng, hội thảo JICA 2016: khoảng 70-80 % công nhân KCN có nhu cầu nhà ở "
        "(vietnamplus 95552); lấy giữa khoảng.",
        "Ministry of Construction, JICA workshop 2016: about 70-80 % of industrial-park workers "
        "need housing (vietnamplus 95552); midpoint."),
    "province_shares": ParamSource(
        "statistic",
        "Tỷ lệ lao động ngoại tỉnh (dùng thay cho tỷ lệ cần nhà ở): Hà Nội > 80 % (doanhnghiepvn, "
        "không ghi ngày, ≈ 2021-22); Bắc Ninh > 70 % (VnExpress 1/10/2023, số cuối 2022); Hải "
        "Phòng 30 % (Lao Động, không ghi ngày); Vĩnh Phúc 44,2 % không phải người địa phương "
        "(vccinews 15/6/2023: 74.002 / 132.529 là người địa phương).",
        "Share of workers from other provinces (a proxy for the share needing housing): Hà Nội "
        "> 80 % (doanhnghiepvn, undated, ≈ 2021-22); Bắc Ninh > 70 % (VnExpress 1 Oct 2023, "
        "end-2022 figure); Hải Phòng 30 % (Lao Động, undated); Vĩnh Phúc 44.2 % non-local "
        "(vccinews 15 Jun 2023: 74,002 of 132,529 local)."),
    "floor_m2_per_person": ParamSource(
        "law",
        "Luật Cư trú 2020: đăng ký thường trú tại chỗ ở thuê cần diện tích tối thiểu do HĐND "
        "tỉnh quy định nhưng không thấp hơn 08 m² sàn/người.",
        "Residence Law 2020: permanent residence in rented housing needs a minimum set by the "
        "provincial council, not below 8 m² of floor per person."),
    "persons_per_unit": ParamSource(
        "assumption",
        "Giả định. Mục tiêu Hưng Yên 11/10/2022: ≈ 59.000 người / ≈ 17.000 căn (3,5 người/căn); "
        "căn hộ NOXH 25-70 m² (Nghị định 100/2024 Điều 27) chứa 3-8 người ở mức 8 m²/người.",
        "Assumption. Hưng Yên targets of 11 Oct 2022: ≈ 59,000 people in ≈ 17,000 apartments "
        "(3.5 per apartment); a 25-70 m² social-housing apartment (Decree 100/2024 Art. 27) holds "
        "3-8 people at 8 m² each."),
    "floor_area_ratio": ParamSource(
        "derived",
        "Hệ số sử dụng đất thuần của khu nhà ở: mục tiêu Hưng Yên 2025: > 1,06 triệu m² sàn "
        "trên ≈ 82,6 ha (≈ 1,3); 2030: 2,86 triệu m² trên 221 ha (≈ 1,3).",
        "Net floor-area ratio of a housing site: Hưng Yên targets for 2025: > 1.06 million m² of "
        "floor on ≈ 82.6 ha (≈ 1.3); for 2030: 2.86 million m² on 221 ha (≈ 1.3)."),
    "radius_km": ParamSource(
        "assumption",
        "Giả định: bán kính đi lại hằng ngày 10 km (thiết kế §4.4); không có nguồn pháp lý.",
        "Assumption: a 10 km daily commuting radius (design §4.4); no legal source."),
    "supply_statuses": ParamSource(
        "assumption",
        "Cung hiện có = các dự án đã hoàn thành; đang xây dựng và quy hoạch là nguồn cung tương "
        "lai (hiển thị riêng).",
        "Today's supply = completed sites; under construction and planned are the pipeline "
        "(shown apart)."),
}

DEFAULT_PROVINCE_SHARES: tuple[tuple[str, float], ...] = (
    ("Hà Nội", 0.8), ("Bắc Ninh", 0.7), ("Hải Phòng", 0.3), ("Vĩnh Phúc", 0.442),
)


@dataclass(frozen=True)
class HousingParams:
    """The parameters of the worker-housing analysis (hashable, so a cache can key on it).

    Attributes
    ----------
    density_leased_per_ha : workers per ha of leased (or leasable industrial) land.
    density_total_per_ha : workers per ha of total (planned) zone area.
    share_default : fraction (0-1) of workers needing housing where no province figure is used.
    province_shares : (2024 province, fraction) pairs that replace ``share_default``.
    use_province_shares : apply ``province_shares`` (else ``share_default`` everywhere).
    floor_m2_per_person : m² of floor per person housed.
    persons_per_unit : persons per dwelling, for sites that give only ``units``.
    floor_area_ratio : m² of floor per m² of housing land (net), for land needed and for the
        capacity of sites that give only land.
    radius_km : commuting radius (km, geodesic) within which an unlinked site reaches a zone.
    supply_statuses : the site statuses counted as supply in the coverage ratio.
    """

    density_leased_per_ha: float = 95.0
    density_total_per_ha: float = 60.0
    share_default: float = 0.75
    province_shares: tuple[tuple[str, float], ...] = DEFAULT_PROVINCE_SHARES
    use_province_shares: bool = True
    floor_m2_per_person: float = 8.0
    persons_per_unit: float = 3.5
    floor_area_ratio: float = 1.3
    radius_km: float = 10.0
    supply_statuses: tuple[str, ...] = ("completed",)

    def validated(self) -> HousingParams:
        """Return ``self`` (province names canonical) or raise :class:`ParameterError`."""
        positive = ("density_leased_per_ha", "density_total_per_ha", "floor_m2_per_person",
                    "persons_per_unit", "floor_area_ratio", "radius_km")
        for name in positive:
            value = getattr(self, name)
            if not isinstance(value, int | float) or math.isnan(value) or value <= 0:
                raise ParameterError(f"parameter {name!r}: {value!r} must be a number above 0",
                                     message_vi=f"tham số {name!r}: {value!r} phải là số lớn hơn 0")
        _check_share("share_default", self.share_default)
        shares = []
        for province, share in self.province_shares:
            _check_share(f"province_shares[{province!r}]", share)
            try:
                shares.append((province_2024(province).name, float(share)))
            except ValueError as exc:
                raise ParameterError(f"parameter 'province_shares': {exc}",
                                     message_vi=f"tham số 'province_shares': tỉnh không rõ "
                                     f"({province!r})") from exc
        for status in self.supply_statuses:
            if status not in HOUSING_STATUSES:
                raise ParameterError(f"parameter 'supply_statuses': {status!r} is not one of "
                                     f"{', '.join(HOUSING_STATUSES)}",
                                     message_vi=f"tham số 'supply_statuses': {status!r} không "
                                     f"thuộc {', '.join(HOUSING_STATUSES)}")
        if not self.supply_statuses:
            raise ParameterError("parameter 'supply_statuses': choose at least one status",
                             message_vi="tham số 'supply_statuses': chọn ít nhất một tình "
                             "trạng")
        return replace(self, province_shares=tuple(shares))

    def share_for(self, province: str) -> float:
        """The share needing housing applied to the zones of a 2024 province."""
        if self.use_province_shares:
            for name, share in self.province_shares:
                if name == province:
                    return share
        return self.share_default

    def to_dict(self) -> dict[str, Any]:
        """The parameters as JSON-ready values (province shares as a dict)."""
        out = asdict(self)
        out["province_shares"] = dict(self.province_shares)
        out["supply_statuses"] = list(self.supply_statuses)
        return out


def _check_share(name: str, value: object) -> None:
    if not isinstance(value, int | float) or math.isnan(value) or not 0 <= value <= 1:
        raise ParameterError(f"parameter {name!r}: {value!r} must be a fraction between 0 and 1",
                             message_vi=f"tham số {name!r}: {value!r} phải là tỷ lệ từ 0 đến 1")


def make_params(**changes: Any) -> HousingParams:
    """The defaults with ``changes`` applied, validated.

    Raises
    ------
    ParameterError
        An unknown parameter name, or a value out of range (the message names both).
    """
    known = {f.name for f in fields(HousingParams)}
    for name in changes:
        if name not in known:
            raise ParameterError(f"unknown parameter {name!r}; valid: {', '.join(sorted(known))}",
                                 message_vi=f"tham số không rõ {name!r}; hợp lệ: "
                                 f"{', '.join(sorted(known))}")
    return replace(HousingParams(), **changes).validated()


def param_source(name: str, lang: str = "vi") -> str:
    """The source text of a parameter's default, prefixed by its kind ([assumption], ...)."""
    source = SOURCES[name]
    kinds_vi = {"law": "văn bản pháp luật", "statistic": "số liệu thống kê",
                "derived": "tính từ nguồn", "assumption": "giả định"}
    kind = kinds_vi[source.kind] if lang == "vi" else source.kind
    return f"[{kind}] {source.vi if lang == 'vi' else source.en}"


def describe_params(params: HousingParams, lang: Lang = "vi") -> str:
    """The parameters in use as one readable line (labels and numbers in ``lang``'s format).

    E.g. ``Mật độ lao động (người/ha đất đã cho thuê) 95; ...; Bán kính đi lại (km) 10``.
    """
    parts = []
    for name in ("density_leased_per_ha", "density_total_per_ha", "share_default",
                 "floor_m2_per_person", "persons_per_unit", "floor_area_ratio", "radius_km"):
        value = float(getattr(params, name))
        digits = 0 if value.is_integer() else 2
        parts.append(f"{t(f'housing_p_{name}', lang)} {fmt_number(value, lang, digits=digits)}")
    if params.use_province_shares:
        shares = ", ".join(f"{p} {fmt_number(s, lang, digits=2)}"
                           for p, s in params.province_shares)
        parts.append(f"{t('housing_p_use_province_shares', lang)}: {shares}")
    statuses = ", ".join(t(f"housing_status_{s}", lang) for s in params.supply_statuses)
    parts.append(f"{t('housing_p_supply_statuses', lang)}: {statuses}")
    return "; ".join(parts)
