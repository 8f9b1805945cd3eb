"""Uploaded files before they are read: what format a file is, and safe zip extraction.

A file's format comes from its content (magic bytes), the extension being only a fallback; a
zip archive is checked member by member (count, total uncompressed size, absolute paths, '..',
links) before anything is extracted into the caller's temporary folder.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Final

from geo.core.findings import refused
from geo.settings import MAX_UPLOAD_BYTES

MAX_BYTES = MAX_UPLOAD_BYTES
"""Default upload limit (bytes); also the limit on what a zip archive may unpack to."""
ZIP_MAX_MEMBERS = 1000
_SHP_MAGIC = b"\x00\x00\x27\x0a"



def sniff_format(path: Path) -> str:
    """The format of ``path`` from its content (magic bytes), falling back on the extension.

    Returns one of "geojson", "shapefile" (a zip holding one, or a bare .shp with its side
    files), "gpkg", "kml", "kmz", "dxf", "csv", "xlsx".

    Raises
    ------
    ImportRefused
        If the file is empty or of no supported format.
    """
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        raise refused("the file is empty", "tệp rỗng", source=path.name)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(_SHP_MAGIC):
        return "shapefile"
    if head.startswith(b"AutoCAD Binary DXF"):
        return "dxf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "geojson"
    if text.startswith(b"<") and b"kml" in head.lower():
        return "kml"
    if re.match(rb"0\s*\r?\n\s*SECTION", text) or re.match(rb"999\s*\r?\n", text):
        return "dxf"
    binary = _is_binary(head)
    if not binary and _looks_like_table(head):
        return "csv"
    what_en, what_vi = (("binary data", "dữ liệu nhị phân") if binary else
                        ("text that is not JSON, KML, DXF or a table with , ; or tab "
                         "separators", "văn bản không phải JSON, KML, DXF hay bảng có dấu phân "
                         "cách , ; hoặc tab"))
    raise refused(
        "the content is not a GeoJSON, zipped Shapefile, GeoPackage, KML/KMZ, DXF, CSV or XLSX "
        f"file ({what_en})",
        "nội dung tệp không phải GeoJSON, Shapefile (nén zip), GeoPackage, KML/KMZ, DXF, CSV "
        f"hay XLSX ({what_vi})", source=path.name)


def _is_binary(head: bytes) -> bool:
    """Whether the first bytes of a file are binary data rather than text: a NUL byte, or more
    than 1 % (at least 3) control characters other than tab, CR, LF, VT, FF."""
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > max(2, len(head) // 100)


def _looks_like_table(head: bytes) -> bool:
    lines = [ln for ln in head.splitlines() if ln.strip()][:3]
    if not lines:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls == 0 and any(sep in lines[0] for sep in (b",", b";", b"\t"))


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n.lower() for n in zf.namelist()]
    except zipfile.BadZipFile as exc:
        raise refused(f"damaged zip archive: {exc}", "tệp nén zip bị hỏng",
                      source=path.name) from exc
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.endswith(".shp") for n in names):
        return "shapefile"
    if any(n.endswith(".kml") for n in names):
        return "kmz"
    for ext, fmt in ((".gpkg", "gpkg"), (".geojson", "geojson"), (".json", "geojson"),
                     (".dxf", "dxf"), (".csv", "csv")):
        if any(n.endswith(ext) for n in names):
            return fmt
    raise refused("the zip archive holds no Shapefile, KML, GeoPackage, GeoJSON, DXF or CSV",
                  "tệp zip không chứa Shapefile, KML, GeoPackage, GeoJSON, DXF hay CSV",
                  source=path.name)


def safe_extract(path: Path, dest: Path, *, max_bytes: int = MAX_BYTES) -> list[Path]:
    """Extract a zip archive into ``dest`` after checking every member.

    Refused (nothing extracted): more than :data:`ZIP_MAX_MEMBERS` members, a total
    uncompressed size above ``max_bytes``, absolute paths, ``..`` components, symbolic links.
    """
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise refused(f"the zip archive has {len(infos)} members (limit {ZIP_MAX_MEMBERS})",
                          f"tệp zip có {len(infos)} tệp con (giới hạn {ZIP_MAX_MEMBERS})",
                          source=path.name)
        total = sum(i.file_size for i in infos)
        if total > max_bytes:
            raise refused(f"the zip archive unpacks to {total:,} bytes (limit {max_bytes:,})",
                          f"tệp zip giải nén ra {total:,} byte (giới hạn {max_bytes:,})",
                          source=path.name)
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or is_link:
                raise refused(f"unsafe member {info.filename!r} in the zip archive (absolute "
                              "path, '..' or link)",
                              f"tệp zip chứa đường dẫn không an toàn {info.filename!r}",
                              source=path.name, value=info.filename)
        out = []
        root = dest.resolve()
        for info in infos:
            target = (dest / info.filename.replace("\\", "/")).resolve()
            if root not in target.parents:
                raise refused(f"unsafe member {info.filename!r}", "đường dẫn không an toàn",
                              source=path.name)
            if info.is_dir():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            out.append(target)
    return out


_SUFFIX: Final = {"geojson": ".geojson", "gpkg": ".gpkg", "kml": ".kml", "dxf": ".dxf",
                  "csv": ".csv", "xlsx": ".xlsx", "shapefile": ".shp"}


def unpack(path: Path, fmt: str, tmp: Path, max_bytes: int) -> Path:
    """The file to read: ``path`` (copied into ``tmp`` under the right extension if it has a
    wrong one), or the member of a zip archive (extracted into ``tmp``) that holds the data."""
    if fmt == "xlsx" or not zipfile.is_zipfile(path):
        suffix = _SUFFIX.get(fmt, path.suffix)
        if fmt == "shapefile" or path.suffix.lower() == suffix:
            return path
        target = tmp / f"upload{suffix}"
        shutil.copyfile(path, target)
        return target
    files = safe_extract(path, tmp, max_bytes=max_bytes)
    exts = {"shapefile": (".shp",), "kmz": (".kml",), "gpkg": (".gpkg",),
            "geojson": (".geojson", ".json"), "dxf": (".dxf",), "csv": (".csv",)}[fmt]
    found = sorted((f for f in files if f.suffix.lower() in exts and
                    not f.name.startswith("._")), key=lambda f: (f.name != "doc.kml", str(f)))
    if not found:
        raise refused("nothing to read in the zip archive", "tệp zip không có dữ liệu",
                      source=path.name)
    return found[0]
