"""Match imported rows to existing zones, and say field by field what an import would change.

Matching order (:func:`match_zones`): by ``zone_id``; else by name — ignoring case, diacritics,
the ``KCN`` / ``Khu công nghiệp`` / ``KCX`` / ``Khu chế xuất`` / ``KKT`` / ``Khu kinh tế``
prefixes, spacing and punctuation (:func:`name_key`), and within the row's province when it
gives one; else by location — the row's point (a polygon's centroid) within ``radius_m``
(default 1 km, geodesic on WGS 84) of an existing zone's point (its footprint's centroid), in
the same province. A row matching nothing is a new zone and gets a new ``zone_id``
(:func:`new_zone_id`: the province's id prefix + an ASCII slug of the name).

Diff (:func:`diff_zones`): per matched row, each field the file gives is compared with the
stored value (numbers within 1e-9 relative; names by :func:`name_key`, so an unaccented name
does not overwrite the official one). An empty cell never blanks out a known figure: it is kept
and reported as a warning. A polygon replaces the stored footprint and sets
``geometry_quality = "surveyed"`` (unless the file says otherwise); a point replaces only a
point or a missing location. Geometries are lon/lat degrees (EPSG:4326); areas in hectares.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.core.admin import province_2024
from geo.core.crs import GEOD
from geo.core.findings import Report
from geo.core.text import blank_mask, fold, is_blank
from geo.store.base import FieldChange, Method, show_value

PREFIXES: Final = ("khu cong nghiep", "khu che xuat", "khu kinh te", "kcn", "kcx", "kkt")
MATCH_RADIUS_M: Final = 1000.0
IDENTITY_FIELDS: Final = ("zone_id", "site_id")


def name_key(name: object) -> str:
    """The key names are matched on: :func:`fold`, zone-kind prefixes dropped, no spaces.

    ``"KCN Đại Đồng – Hoàn Sơn"``, ``"khu cong nghiep dai dong-hoan son"`` and
    ``"Dai Dong Hoan Son"`` all give ``"daidonghoanson"``.
    """
    if not isinstance(name, str):
        return ""
    text = fold(name)
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if text == prefix or text.startswith(prefix + " "):
                text = text[len(prefix):].strip()
                changed = True
    return text.replace(" ", "")


def slug(text: str) -> str:
    """ASCII slug of a name without its kind prefix: ``"KCN Yên Mỹ II"`` → ``"yen-my-ii"``."""
    words = fold(text).split()
    joined = " ".join(words)
    for prefix in PREFIXES:
        if joined.startswith(prefix + " "):
            joined = joined[len(prefix) + 1:]
            break
    return "-".join(joined.split()) or "zone"


def _province(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return province_2024(value).name
    except ValueError:
        return None


def province_prefixes(zones: pd.DataFrame) -> dict[str, str]:
    """Province → the id prefix its zones use most (``"Bắc Ninh"`` → ``"bn"``)."""
    counts: dict[str, Counter[str]] = {}
    for zid, prov in zip(zones["zone_id"], zones["province"], strict=True):
        if isinstance(zid, str) and "-" in zid and isinstance(prov, str):
            counts.setdefault(prov, Counter())[zid.split("-", 1)[0]] += 1
    return {prov: c.most_common(1)[0][0] for prov, c in counts.items()}


def new_zone_id(name: str, province: str | None, *, taken: set[str],
                prefixes: dict[str, str]) -> str:
    """A new unique ``zone_id``: province prefix + slug of the name (``-2``, ``-3`` if taken)."""
    prov = _province(province)
    if prov is not None and prov in prefixes:
        prefix = prefixes[prov]
    elif prov is not None:
        prefix = "".join(w[0] for w in fold(prov).split())
    else:
        prefix = "x"
    base = f"{prefix}-{slug(name)}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@dataclass(frozen=True)
class Match:
    """How one imported row was matched: ``zone_id`` None means a new zone."""

    row: int
    zone_id: str | None
    method: Method | None
    distance_m: float | None = None


def match_zones(incoming: pd.DataFrame, existing: pd.DataFrame, *, report: Report,
                radius_m: float = MATCH_RADIUS_M) -> list[Match]:
    """Match each row of ``incoming`` to at most one zone of ``existing`` (id, name, location).

    Ambiguous names (several zones in the province) and two rows claiming the same zone are
    errors added to ``report``; such rows are left unmatched. Both frames in EPSG:4326;
    ``radius_m`` in metres (geodesic, WGS 84). The location candidates of every row are found
    at once with an STRtree (:func:`_nearest_all`), so a file of 100,000 rows against as many
    stored zones stays fast.
    """
    ids = set(existing["zone_id"])
    existing_ids = [str(z) for z in existing["zone_id"]]
    by_name: dict[str, list[int]] = {}
    for i, name in enumerate(existing["name"]):
        by_name.setdefault(name_key(name), []).append(i)
    provinces = [_province_cached(p) for p in existing["province"]]
    n = len(incoming)
    cols = incoming.columns
    in_ids = list(incoming["zone_id"]) if "zone_id" in cols else [None] * n
    in_names = list(incoming["name"]) if "name" in cols else [None] * n
    in_provs: list[str | None] = [_province_cached(p) for p in incoming["province"]] \
        if "province" in cols else [None] * n
    nearest: dict[int, tuple[str, Method, float | None]] = {}
    if "geometry" in existing and "geometry" in incoming.columns:
        pending = [row for row in range(n) if not (isinstance(in_ids[row], str)
                                                   and in_ids[row] in ids)]
        nearest = _nearest_all(incoming, existing, pending, in_provs, provinces, existing_ids,
                               radius_m)
    matches: list[Match] = []
    claimed: dict[str, int] = {}
    for row in range(n):
        zid = in_ids[row]
        label = zid if isinstance(zid, str) else row
        prov = in_provs[row]
        found: tuple[str, Method, float | None] | None = None
        if isinstance(zid, str) and zid in ids:
            found = (zid, "id", None)
        if found is None and (key := name_key(in_names[row])):
            cands = [i for i in by_name.get(key, []) if prov is None or provinces[i] == prov]
            if len(cands) == 1:
                found = (existing_ids[cands[0]], "name", None)
            elif len(cands) > 1:
                names = ", ".join(existing_ids[i] for i in cands)
                report.add("error", label, "name", in_names[row],
                           f"Tên trùng với nhiều khu ({names}); hãy ghi rõ zone_id hoặc tỉnh.",
                           f"name matches several zones ({names}); give zone_id or province")
                matches.append(Match(row, None, None))
                continue
        if found is None:
            found = nearest.get(row)
        if found is not None and found[0] in claimed:
            report.add("error", label, found[1], found[0],
                       f"{report.where(claimed[found[0]], 'vi').capitalize()} và "
                       f"{report.where(row, 'vi')} cùng khớp khu {found[0]}.",
                       f"{report.where(claimed[found[0]])} and {report.where(row)} both match "
                       f"zone {found[0]}")
            matches.append(Match(row, None, None))
            continue
        if found is None:
            matches.append(Match(row, None, None))
        else:
            claimed[found[0]] = row
            matches.append(Match(row, found[0], found[1], found[2]))
    return matches


_PROVINCE_CACHE: dict[str, str | None] = {}


def _province_cached(value: object) -> str | None:
    """:func:`_province`, remembered per text (a file repeats a handful of province names)."""
    if not isinstance(value, str):
        return None
    if value not in _PROVINCE_CACHE:
        if len(_PROVINCE_CACHE) > 10_000:
            _PROVINCE_CACHE.clear()
        _PROVINCE_CACHE[value] = _province(value)
    return _PROVINCE_CACHE[value]


def _points(geoms: Any) -> np.ndarray:
    """(n, 2) lon/lat of each geometry's centroid; NaN where missing, empty or not finite."""
    arr = np.asarray(geoms, dtype=object)
    out = np.full((len(arr), 2), np.nan)
    ok = np.array([isinstance(g, BaseGeometry) for g in arr], dtype=bool)
    if ok.any():
        good = arr[ok]
        ok_idx = np.flatnonzero(ok)
        nonempty = ~shapely.is_empty(good)
        cent = shapely.centroid(good[nonempty])
        out[ok_idx[nonempty], 0] = shapely.get_x(cent)
        out[ok_idx[nonempty], 1] = shapely.get_y(cent)
    out[~np.isfinite(out).all(axis=1)] = np.nan
    return out


def _nearest_all(incoming: pd.DataFrame, existing: pd.DataFrame, rows: list[int],
                 in_provs: list[str | None], provinces: list[str | None],
                 existing_ids: list[str], radius_m: float
                 ) -> dict[int, tuple[str, Method, float | None]]:
    """For each of ``rows``: the nearest zone of ``existing`` within ``radius_m`` metres
    (geodesic, WGS 84) of the row's point, in the row's province when it gives one.

    Candidates are the stored points within 0.05° in lon and lat (an STRtree query of a box
    around each row's point; 0.05° is more than 5 km in the delta, far beyond any radius in
    use); their geodesic distances are computed in one vectorised call. Ties go to the first
    stored zone. Returns row → (zone_id, "location", distance in m rounded to 0.1).
    """
    if not rows or not len(existing):
        return {}
    mine = _points(existing.geometry)
    theirs = _points(incoming["geometry"].to_numpy()[rows])
    has_mine = np.flatnonzero(~np.isnan(mine[:, 0]))
    has_theirs = np.flatnonzero(~np.isnan(theirs[:, 0]))
    if not len(has_mine) or not len(has_theirs):
        return {}
    tree = shapely.STRtree(shapely.points(mine[has_mine]))
    pts = theirs[has_theirs]
    boxes = shapely.box(pts[:, 0] - 0.05, pts[:, 1] - 0.05, pts[:, 0] + 0.05, pts[:, 1] + 0.05)
    q_in, q_tree = tree.query(boxes, predicate="intersects")
    if not len(q_in):
        return {}
    src = pts[q_in]
    stored = has_mine[q_tree]
    dst = mine[stored]
    keep = (np.abs(dst[:, 0] - src[:, 0]) <= 0.05) & (np.abs(dst[:, 1] - src[:, 1]) <= 0.05)
    q_in, stored, src, dst = q_in[keep], stored[keep], src[keep], dst[keep]
    dist = np.asarray(GEOD.inv(src[:, 0], src[:, 1], dst[:, 0], dst[:, 1])[2], dtype=float)
    order = np.lexsort((stored, dist, q_in))  # per row: nearest first, ties by stored order
    out: dict[int, tuple[str, Method, float | None]] = {}
    for k in order:
        d = float(dist[k])
        if not d <= radius_m:
            continue
        row = rows[int(has_theirs[q_in[k]])]
        if row in out:
            continue
        prov, i = in_provs[row], int(stored[k])
        if prov is not None and provinces[i] != prov:
            continue
        out[row] = (existing_ids[i], "location", round(d, 1))
    return out


# ---------------------------------------------------------------------------------------------
# Diff
def same_value(fld: str, old: Any, new: Any) -> bool:
    """Whether an imported value equals the stored one for the purpose of the diff."""
    if is_blank(old) and is_blank(new):
        return True
    if is_blank(old) or is_blank(new):
        return False
    if fld == "name":
        return name_key(old) == name_key(new)
    if fld == "province":
        return _province(old) == _province(new)
    if isinstance(old, BaseGeometry) and isinstance(new, BaseGeometry):
        return bool(old.equals_exact(new, 1e-7))
    if isinstance(old, int | float) and isinstance(new, int | float):
        return math.isclose(float(old), float(new), rel_tol=1e-9, abs_tol=1e-9)
    return bool(str(old) == str(new))


def figure_fields(frame: pd.DataFrame, schema: dict[str, str] | tuple[str, ...]) -> list[str]:
    """The schema fields ``frame`` gives (present and not empty in every row)."""
    return [f for f in schema if f in frame.columns and not blank_mask(frame[f]).all()
            and f not in IDENTITY_FIELDS]


def diff_row(old: Mapping[str, Any] | pd.Series | None, new: Mapping[str, Any] | pd.Series,
             fields: Sequence[str], *,
             label: Any, report: Report) -> list[FieldChange]:
    """Field-by-field changes of one matched row; empty cells over known values are reported."""
    if old is None:  # a new row: every value given is a change
        return [FieldChange(fld, None, after) for fld in fields
                if not is_blank(after := new.get(fld))]
    changes: list[FieldChange] = []
    for fld in fields:
        before = None if old is None else old.get(fld)
        after = new.get(fld)
        if is_blank(after):
            if old is not None and not is_blank(before):
                report.add("warning", label, fld, None,
                           f"Ô trống: giữ giá trị đã có {show_value(before)!r}.",
                           f"empty cell: the known value {show_value(before)!r} is kept")
            continue
        if not same_value(fld, before, after):
            changes.append(FieldChange(fld, before, after))
    return changes
