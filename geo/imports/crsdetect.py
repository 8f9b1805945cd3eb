"""Infer the coordinate reference system of an uploaded layer (VN-2000 aware).

A file's own CRS wins — including the ESRI WKT of Vietnamese shapefiles (``VN_2000_KT105-30_3deg``,
``VN_2000_UTM_zone_48N``, with or without a hand-written ``TOWGS84``): a VN-2000 transverse
Mercator is matched to its EPSG code by central meridian and scale factor, so PROJ applies the
official VN-2000 → WGS 84 transformation (EPSG:6960, Decision 05/2007/QĐ-BTNMT) rather than a
``+towgs84`` string (design §4.1). Without a CRS, coordinates that look like lon/lat degrees in
Vietnam are WGS 84; coordinates that look like metres are VN-2000 TM-3 of the province the user
names (or UTM 48N/49N when the user says so) — never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pyproj import CRS
from pyproj.database import query_crs_info
from pyproj.enums import PJType

from geo.core.admin import VIETNAM_BBOX, province_2024
from geo.core.crs import central_meridian
from geo.core.findings import refused
from geo.core.text import fold
from geo.errors import CRSError, FilterError
from geo.settings import UTM_48N, UTM_49N

EASTING_RANGE = (100_000.0, 900_000.0)
"""Eastings (m) a VN-2000 TM-3/UTM coordinate in Vietnam can have (false easting 500 000 m)."""
NORTHING_RANGE = (900_000.0, 2_650_000.0)
"""Northings (m) of Vietnam (lat ~8.4-23.4°) in a transverse Mercator with false northing 0."""


@dataclass(frozen=True)
class CRSGuess:
    """A source CRS and how it was found.

    Attributes
    ----------
    crs : the CRS of the source coordinates (after ``swap``).
    source : "file" | "user" | "inferred: degrees" | "swapped lat/lon fixed" |
        "user: province <name>" | "user: UTM <zone>N" | "swapped x/y fixed".
    swap : the source's x and y must be exchanged before use.
    note : what a user should know (English).
    note_vi : the same in Vietnamese.
    """

    crs: CRS
    source: str
    swap: bool = False
    note: str = ""
    note_vi: str = ""

    @property
    def label(self) -> str:
        """``EPSG:n`` when the CRS has a code, else its name."""
        code = self.crs.to_epsg(min_confidence=90)
        return f"EPSG:{code}" if code else self.crs.name


@lru_cache(maxsize=1)
def vn2000_projections() -> dict[tuple[float, float], int]:
    """(central meridian °E, scale factor) → EPSG code of every VN-2000 transverse Mercator.

    Read from the PROJ database (TM-3 zones, k0 = 0.9999; UTM 48N/49N, k0 = 0.9996); where two
    codes share parameters the lower (older, zone-numbered) one is kept.
    """
    table: dict[tuple[float, float], int] = {}
    infos = query_crs_info(auth_name="EPSG", pj_types=PJType.PROJECTED_CRS)
    for info in sorted(infos, key=lambda i: int(i.code), reverse=True):
        if info.deprecated or not info.name.startswith("VN-2000"):
            continue
        key = _tm_key(CRS.from_epsg(int(info.code)))
        if key is not None:
            table[key] = int(info.code)
    return table


def _tm_key(crs: CRS) -> tuple[float, float] | None:
    """(central meridian, scale factor) of a transverse Mercator with false easting 500 km."""
    op = crs.coordinate_operation
    if op is None or "transverse mercator" not in op.method_name.lower():
        return None
    params = {p.name: float(p.value) for p in op.params}
    if abs(params.get("False easting", 0.0) - 500_000.0) > 0.01 or params.get(
            "False northing", 0.0) != 0.0 or params.get("Latitude of natural origin", 0.0) != 0:
        return None
    meridian = central_meridian(crs)
    scale = params.get("Scale factor at natural origin")
    if meridian is None or scale is None:
        return None
    return round(meridian, 6), round(scale, 6)


def is_vn2000(crs: CRS, wkt: str = "") -> bool:
    """True if ``crs`` (or its WKT text) is on the VN-2000 datum (by name or TOWGS84 values)."""
    names = [crs.name, wkt]
    base = crs.source_crs if crs.is_bound and crs.source_crs is not None else crs
    if base.datum is not None:
        names.append(base.datum.name)
    folded = " ".join(fold(n, sep="") for n in names)
    if "vn2000" in folded or "vietnam2000" in folded:
        return True
    match = re.search(r"TOWGS84\s*\[\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)", wkt, re.IGNORECASE)
    return bool(match and abs(float(match.group(1)) + 192.0) < 1.5
                and abs(float(match.group(2)) + 39.3) < 1.0)


def crs_from_wkt(wkt: str) -> CRSGuess:
    """The CRS of a ``.prj``/WKT text, with VN-2000 projections mapped to their EPSG codes.

    Raises
    ------
    CRSError
        If the text is not a CRS PROJ can read.
    """
    try:
        crs = CRS.from_user_input(wkt.strip())
    except Exception as exc:  # pyproj raises CRSError of its own; keep the message short
        raise CRSError(f"cannot read the CRS in the .prj: {str(exc)[:200]}") from exc
    if is_vn2000(crs, wkt):
        base = crs.source_crs if crs.is_bound and crs.source_crs is not None else crs
        if base.is_geographic:
            return CRSGuess(CRS.from_epsg(4756), "file", note="VN-2000 geographic (EPSG:4756)")
        key = _tm_key(base)
        code = vn2000_projections().get(key) if key else None
        if code is not None:
            note = f"{crs.name} → EPSG:{code}"
            note_vi = note
            if crs.is_bound or "TOWGS84" in wkt.upper():
                note += " (the .prj's TOWGS84 is ignored: PROJ uses the official EPSG:6960)"
                note_vi += " (bỏ qua TOWGS84 trong .prj: dùng phép chuyển chính thức EPSG:6960)"
            return CRSGuess(CRS.from_epsg(code), "file", note=note, note_vi=note_vi)
        return CRSGuess(crs, "file", note=f"VN-2000 projection {crs.name} has no EPSG code",
                        note_vi=f"Hệ VN-2000 {crs.name} không có mã EPSG")
    code = crs.to_epsg(min_confidence=70)
    return CRSGuess(CRS.from_epsg(code) if code else crs, "file")


def crs_from_user(value: str | int) -> CRSGuess:
    """The CRS a user named: ``9209``, ``"EPSG:9209"``, a PROJ string or WKT.

    Raises
    ------
    CRSError
        If PROJ does not know it.
    """
    text = str(value).strip()
    if text.isdigit():
        text = f"EPSG:{text}"
    try:
        guess = crs_from_wkt(text)
    except CRSError as exc:
        raise CRSError(f"unknown CRS {value!r}: give an EPSG code such as EPSG:9209") from exc
    return CRSGuess(guess.crs, "user", note=guess.note, note_vi=guess.note_vi)


def _inside(xs: np.ndarray, ys: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    return bool(np.all((xs >= box[0]) & (xs <= box[2]) & (ys >= box[1]) & (ys <= box[3])))


def infer_crs(xs: np.ndarray, ys: np.ndarray, *, province: str | None = None,
              utm: int | None = None) -> CRSGuess:
    """The CRS of coordinates that came with none.

    Parameters
    ----------
    xs, ys : all vertex coordinates (finite), in the file's axis order.
    province : 2024 province whose VN-2000 TM-3 zone metres are in (Circular 973 meridians).
    utm : 48 or 49: metres are VN-2000 UTM (EPSG:3405/3406) instead.

    Raises
    ------
    ImportRefused
        Metres with neither ``province`` nor ``utm``; coordinates neither degrees in Vietnam nor
        VN-2000 metres; an unknown province or UTM zone. The message says what to give.
    """
    if xs.size == 0:
        raise refused("no coordinates to infer the CRS from",
                      "không có toạ độ để xác định hệ toạ độ")
    lonlat = VIETNAM_BBOX
    latlon = (lonlat[1], lonlat[0], lonlat[3], lonlat[2])
    if _inside(xs, ys, lonlat):
        return CRSGuess(CRS.from_epsg(4326), "inferred: degrees",
                        note="lon/lat degrees in Vietnam: WGS 84 (EPSG:4326)",
                        note_vi="kinh độ/vĩ độ trong lãnh thổ Việt Nam: WGS 84 (EPSG:4326)")
    if _inside(xs, ys, latlon):
        return CRSGuess(CRS.from_epsg(4326), "swapped lat/lon fixed", swap=True,
                        note="coordinates are lat/lon (y first): swapped to lon/lat",
                        note_vi="toạ độ ghi vĩ độ trước kinh độ: đã đổi chỗ")
    metres = (EASTING_RANGE[0], NORTHING_RANGE[0], EASTING_RANGE[1], NORTHING_RANGE[1])
    swapped_metres = (NORTHING_RANGE[0], EASTING_RANGE[0], NORTHING_RANGE[1], EASTING_RANGE[1])
    if _inside(xs, ys, metres) or _inside(xs, ys, swapped_metres):
        swap = not _inside(xs, ys, metres)
        crs, source = _metre_crs(province, utm)
        note = f"metres: {source} → EPSG:{crs.to_epsg()}"
        note_vi = f"toạ độ mét: {source} → EPSG:{crs.to_epsg()}"
        if swap:
            note += "; X was northing and Y easting (survey order): swapped"
            note_vi += "; X là toạ độ Bắc, Y là toạ độ Đông (thứ tự trắc địa): đã đổi chỗ"
        return CRSGuess(crs, source, swap=swap, note=note, note_vi=note_vi)
    span = f"x {xs.min():.6g}…{xs.max():.6g}, y {ys.min():.6g}…{ys.max():.6g}"
    raise refused(
        f"coordinates ({span}) are neither lon/lat degrees in Vietnam nor VN-2000 metres: "
        "give the CRS (--crs EPSG:n)",
        f"toạ độ ({span}) không phải kinh/vĩ độ trong Việt Nam cũng không phải mét VN-2000: "
        "hãy chọn hệ toạ độ", fld="geometry")


def _metre_crs(province: str | None, utm: int | None) -> tuple[CRS, str]:
    if utm is not None:
        codes = {48: UTM_48N, 49: UTM_49N}
        if utm not in codes:
            raise refused(f"unknown UTM zone {utm!r}: Vietnam uses 48 or 49",
                          f"múi UTM {utm!r} không hợp lệ: Việt Nam dùng múi 48 hoặc 49")
        return CRS.from_epsg(codes[utm]), f"user: UTM {utm}N"
    if not province:
        raise refused(
            "coordinates are in metres (VN-2000) but the file has no CRS: give the province whose "
            "TM-3 zone they are in (--province NAME), or --utm 48/49, or --crs EPSG:n",
            "toạ độ tính bằng mét (VN-2000) nhưng tệp không có hệ toạ độ: hãy chọn tỉnh (kinh "
            "tuyến trục TM-3 của tỉnh), hoặc múi UTM 48/49, hoặc mã EPSG", fld="geometry")
    try:
        prov = province_2024(province)
    except FilterError as exc:
        raise refused(str(exc), f"không có tỉnh {province!r}", value=province) from exc
    return CRS.from_epsg(prov.vn2000_epsg), f"user: province {prov.name}"
