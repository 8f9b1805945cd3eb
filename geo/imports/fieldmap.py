"""Suggest how an uploaded file's columns map to the schema fields, and normalise their values.

Column names are matched in Vietnamese or English, with or without diacritics, ignoring case and
separators (``Ten_KCN``, ``TEN``, ``NAME`` → ``name``; ``DT_QH``, ``DIENTICH``, ``dien_tich_ha``
→ ``planned_area_ha``). A name ending in ``m2`` on an area field means square metres (converted to
hectares, ×0.0001). Values of ``kind`` and ``status`` are normalised from the phrases boards use
("Khu công nghiệp", "đã đi vào hoạt động", ...).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from geo.core.schema import ImportKind as Kind
from geo.core.schema import target_fields
from geo.core.text import fold

M2_TO_HA: Final = 1e-4

# target -> {folded column name: score}; 3 = the field's own name (added below), 2 = a clear
# synonym, 1 = a loose one (loses to any clearer match).
_SYNONYMS: Final[dict[str, dict[str, int]]] = {
    "zone_id": {"makcn": 2, "makhu": 2, "zoneid": 3, "idkcn": 2, "ma": 1, "id": 1, "code": 1,
                "maso": 1},
    "site_id": {"siteid": 3, "mado": 1, "ma": 1, "id": 1, "code": 1},
    "name": {"tenkcn": 2, "tenkhu": 2, "tenkhucongnghiep": 2, "tenkkt": 2, "tenkhucn": 2,
             "zonename": 2, "tenduan": 2, "tendiadiem": 2, "sitename": 2, "ten": 1, "name": 3,
             "tenkhukinhte": 2},
    "kind": {"loai": 2, "loaikhu": 2, "loaihinh": 2, "type": 1, "kind": 3},
    "status": {"trangthai": 2, "tinhtrang": 2, "hientrang": 1, "tinhtranghoatdong": 2,
               "status": 3},
    "province": {"tinh": 2, "tinhthanh": 2, "tinhtp": 2, "tentinh": 2, "tinhthanhpho": 2,
                 "province": 3},
    "developer": {"cdt": 2, "chudautu": 2, "chudautuhatang": 2, "cdthatang": 2, "investor": 1,
                  "developer": 3},
    "planned_area_ha": {"dtqh": 2, "dientich": 1, "dt": 1, "area": 1, "dientichquyhoach": 2,
                        "dtquyhoach": 2, "dttn": 2, "dientichtunhien": 2, "plannedarea": 2,
                        "tongdientich": 2, "dttong": 2},
    "industrial_land_ha": {"dtcn": 2, "datcn": 2, "dtdatcn": 2, "dientichdatcongnghiep": 2,
                           "datcongnghiep": 2, "industrialland": 2, "dtcothechothue": 2,
                           "dtchothue": 1},
    "leased_land_ha": {"dtthue": 2, "dtdathue": 2, "dtdachothue": 2, "dientichdachothue": 2,
                       "dadachothue": 2, "dachothue": 2, "leasedland": 2, "leased": 1},
    "occupancy_pct": {"tylelapday": 2, "tlld": 2, "lapday": 2, "occupancy": 2, "tyle": 1},
    "used_area_ha": {"dtsd": 2, "dtdasudung": 2, "datdasudung": 2, "dasudung": 2, "usedarea": 2},
    "under_construction_area_ha": {"dtxd": 2, "dtdangxaydung": 2, "underconstructionarea": 2},
    "worker_housing_area_ha": {"dtnocn": 2, "dtnhaocongnhan": 2, "workerhousingarea": 2},
    "workers": {"laodong": 2, "solaodong": 2, "socongnhan": 2, "congnhan": 1, "workers": 3},
    "as_of": {"ngaycapnhat": 2, "ngay": 1, "date": 1, "asof": 3, "thoidiem": 2},
    "source_url": {"nguon": 2, "source": 2, "url": 1, "link": 1},
    "parent_zone_id": {"thuockkt": 2, "kktme": 2, "parent": 1},
    "period": {"ky": 2, "kybaocao": 2, "period": 3, "ky6thang": 2},
    "land_area_ha": {"dientich": 1, "dt": 1, "dtdat": 2, "area": 1, "landarea": 2},
    "units": {"socanho": 2, "canho": 2, "socan": 2, "units": 3},
    "capacity_persons": {"succhua": 2, "songuoi": 2, "capacity": 2},
    "floor_area_m2": {"dtsan": 2, "dientichsan": 2, "floorarea": 2},
    "serves_zone_ids": {"phucvu": 2, "phucvukcn": 2, "serves": 2},
}

def required_fields(kind: Kind) -> tuple[str, ...]:
    """Fields without which a file of ``kind`` cannot be imported (``name``; figures: also
    accept ``zone_id`` instead)."""
    return ("name",)


def _score(column: str, target: str) -> tuple[int, float]:
    """(score, unit factor) of ``column`` for ``target``; score 0 = no match."""
    key = fold(column, sep="")
    table = dict(_SYNONYMS.get(target, {}))
    table[fold(target, sep="")] = 3
    if key in table:
        return table[key], 1.0
    if target.endswith("_ha"):
        table[fold(target[:-3], sep="")] = 3
        for suffix, factor in (("ha", 1.0), ("m2", M2_TO_HA), ("mvuong", M2_TO_HA)):
            if key.endswith(suffix) and key[: -len(suffix)] in table:
                return table[key[: -len(suffix)]], factor
    if target == "occupancy_pct" and key.endswith("pct") and key[:-3] in table:
        return table[key[:-3]], 1.0
    return 0, 1.0


@dataclass
class FieldMapping:
    """A suggested (or user-set) mapping of source columns to schema fields.

    Attributes
    ----------
    mapping : source column → field, for every target with one clear best candidate.
    candidates : field → the source columns that could be it, best first.
    ambiguous : fields with two or more equally good candidates (not mapped).
    missing : required fields with no candidate.
    factors : source column → multiplier to the field's unit (0.0001 for m² → ha).
    notes : what was decided (unit conversions, user overrides), English.
    """

    mapping: dict[str, str] = field(default_factory=dict)
    candidates: dict[str, list[str]] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    factors: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is ambiguous and no required field is missing."""
        return not self.ambiguous and not self.missing

    def unmapped(self, columns: Iterable[str]) -> list[str]:
        """The columns of ``columns`` the mapping leaves out."""
        return [c for c in columns if c not in self.mapping]


def suggest_mapping(columns: Sequence[str], *, kind: Kind = "zones",
                    user: Mapping[str, str] | None = None) -> FieldMapping:
    """Suggest a mapping of ``columns`` to the fields of ``kind``.

    Parameters
    ----------
    columns : the file's attribute columns (not the geometry).
    kind : the schema to map to.
    user : source → field overrides; a field of ``""`` or ``"-"`` drops the column. These win and
        take their columns and fields out of the suggestions.

    Raises
    ------
    KeyError
        Never; unknown user columns/fields are reported by :func:`check_user_mapping`.
    """
    result = FieldMapping()
    user = dict(user or {})
    taken_cols = set(user)
    for src, dst in user.items():
        if dst not in ("", "-"):
            result.mapping[src] = dst
            result.factors[src] = _score(src, dst)[1]
            result.notes.append(f"{src} → {dst} (user)")
    taken_fields = set(result.mapping.values())
    free = [c for c in columns if c not in taken_cols]
    scored: dict[str, list[tuple[int, str, float]]] = {}
    for target in target_fields(kind):
        if target in taken_fields:
            continue
        hits = [(s, c, f) for c in free for s, f in [_score(c, target)] if s > 0]
        if hits:
            scored[target] = sorted(hits, key=lambda h: -h[0])
    # A column claimed by several fields goes to the field it matches best.
    best_for_col: dict[str, int] = {}
    for hits in scored.values():
        for s, c, _ in hits:
            best_for_col[c] = max(best_for_col.get(c, 0), s)
    for target, hits in scored.items():
        hits = [h for h in hits if h[0] >= best_for_col[h[1]]]
        result.candidates[target] = [c for _, c, _ in hits]
        if not hits:
            continue
        top = [h for h in hits if h[0] == hits[0][0]]
        if len(top) > 1:
            result.ambiguous.append(target)
            continue
        _, col, factor = top[0]
        result.mapping[col] = target
        result.factors[col] = factor
        if factor != 1.0:
            result.notes.append(f"{col} is in m²: converted to ha (×{factor:g})")
    mapped = set(result.mapping.values())
    for req in required_fields(kind):
        if req not in mapped and req not in result.ambiguous and not (
                kind == "figures" and "zone_id" in mapped):
            result.missing.append(req)
    return result


def check_user_mapping(user: Mapping[str, str], columns: Sequence[str], *,
                       kind: Kind = "zones") -> list[str]:
    """Problems with a user mapping: unknown source columns or unknown fields (English)."""
    problems = []
    fields = target_fields(kind)
    for src, dst in user.items():
        if src not in columns:
            problems.append(f"no column {src!r} in the file (columns: {', '.join(columns)})")
        if dst not in ("", "-") and dst not in fields:
            problems.append(f"unknown field {dst!r} (fields: {', '.join(fields)})")
    return problems


# --- values ---------------------------------------------------------------------------------
_KIND_PATTERNS: Final = (
    ("KCX", ("kcx", "khuchexuat", "exportprocessing", "epz")),
    ("KKT", ("kkt", "khukinhte", "economiczone", "khuktekinhte")),
    ("KCN", ("kcn", "khucongnghiep", "khucn", "industrialpark", "industrialzone",
             "industrialestate", "ip", "iz")),
)
_STATUS_PATTERNS: Final = (
    ("unknown", ("chuaro", "khongro", "unknown", "na", "chuahoatdong")),
    ("planned", ("chuathanhlap", "chuatrienkhai", "quyhoach", "planned", "chuadautu",
                 "dukien", "plan")),
    ("under_construction", ("dangxaydung", "xaydung", "dangtrienkhai", "underconstruction",
                            "construction", "xdht", "dangxdht", "building")),
    ("operating", ("dadivaohoatdong", "divaohoatdong", "dahoatdong", "hoatdong", "operating",
                   "operational", "active", "vanhanh")),
)


def normalize_kind(value: object) -> str | None:
    """``"Khu công nghiệp"``/``"kcn"`` → ``"KCN"`` (KCX, KKT likewise); None if blank or unknown."""
    key = _fold_value(value)
    if not key:
        return None
    for kind, words in _KIND_PATTERNS:
        if key in words or any(key.startswith(w) for w in words if len(w) > 2):
            return kind
    return None


_KIND_WORDS: Final = [(kind, w) for kind, words in _KIND_PATTERNS for w in words if len(w) > 2]
_KIND_PREFIX: Final = re.compile("|".join(re.escape(w) for _, w in _KIND_WORDS))
_KIND_OF_WORD: Final = {w: kind for kind, w in reversed(_KIND_WORDS)}
_LONGEST_WORD: Final = max(len(w) for _, words in _KIND_PATTERNS for w in words)
_NAME_HEAD: Final = 4 * _LONGEST_WORD
"""Characters of a name whose fold decides its kind prefix (when it folds to enough letters)."""


def kind_from_name(name: object) -> str | None:
    """The kind a zone's name starts with (``"KCN Yên Phong"`` → ``"KCN"``), else None."""
    key = ""
    if isinstance(name, str) and len(name) > _NAME_HEAD:
        key = _fold_value(name[:_NAME_HEAD])  # the fold of a prefix is a prefix of the fold
    if len(key) < _LONGEST_WORD:
        key = _fold_value(name)
    match = _KIND_PREFIX.match(key)  # the words in the order of _KIND_PATTERNS
    return _KIND_OF_WORD[match.group()] if match else None


def normalize_status(value: object, *, kind: Kind = "zones") -> str | None:
    """``"Đã đi vào hoạt động"`` → ``"operating"`` etc.; None if blank or unknown.

    For housing sites, "operating"/"completed"/"đã hoàn thành" → ``"completed"``.
    """
    key = _fold_value(value)
    if not key:
        return None
    if kind == "housing":
        if any(w in key for w in ("hoanthanh", "completed", "dahoatdong", "dasudung")):
            return "completed"
        if key in ("operating", "dadivaohoatdong"):
            return "completed"
    for status, words in _STATUS_PATTERNS:
        if key in words or any(w in key for w in words if len(w) > 3):
            if kind == "housing" and status == "unknown":
                return None
            return status
    return None


def _fold_value(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return fold(str(value), sep="")


def area_unit_factor(values: Sequence[float], computed_ha: Sequence[float]) -> float | None:
    """0.0001 when reported areas look like m² given the geometry's computed area (ha), else None.

    The median ratio reported / computed over features with both is between 2 000 and 50 000.
    """
    ratios = sorted(v / c for v, c in zip(values, computed_ha, strict=True)
                    if v == v and c == c and c > 0 and v > 0)
    if not ratios:
        return None
    median = ratios[len(ratios) // 2]
    return M2_TO_HA if 2_000 <= median <= 50_000 else None
