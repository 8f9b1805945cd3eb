"""Refusing untrusted XML that declares a DTD (XXE, "billion laughs" entity expansion).

Uploaded spreadsheets (XLSX: zipped XML parts) and KML/KMZ files are XML. None of them needs a
document type declaration, and a ``<!DOCTYPE>`` is how an attacker declares entities that
expand to gigabytes or that read local files and URLs. Before a reader (openpyxl, GDAL) sees
such a file, :func:`check_xml_file` parses the prologue of every XML part with ``defusedxml``
(DTDs, entities and external references forbidden) and refuses the file with
:class:`geo.errors.UnsafeFileError`. openpyxl itself also parses through ``defusedxml`` when it
is installed (it is a pinned dependency), a second line of defence.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Final

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from geo.errors import UnsafeFileError

XML_PARTS: Final = (".xml", ".rels", ".vml", ".kml")
"""Members of a zipped office file or KMZ parsed as XML."""


def _declares_dtd(stream: IO[bytes]) -> bool:
    """True when the XML in ``stream`` has a DTD or entity declaration before its root element.

    Only the prologue is parsed: a DTD must come before the root element, so parsing stops at
    the first element (a malformed document is left for the reader to report).
    """
    try:
        for _event, _elem in iterparse(stream, events=("start",), forbid_dtd=True,
                                       forbid_entities=True, forbid_external=True):
            return False
    except DefusedXmlException:
        return True
    except SyntaxError:  # xml.etree.ElementTree.ParseError: not well-formed, not our concern
        return False
    return False


def _unsafe(source: str, part: str) -> UnsafeFileError:
    where = f" ({part})" if part else ""
    return UnsafeFileError(
        f"{source}: refused: its XML{where} declares a DTD (<!DOCTYPE>), which can expand "
        "entities to gigabytes or read local files (XXE); save the file again from Excel, "
        "LibreOffice or Google Earth and retry",
        message_vi=f"{source}: từ chối tệp: XML trong tệp{where} có khai báo DTD (<!DOCTYPE>), "
                   "có thể dùng để tấn công (bom thực thể, XXE đọc tệp trên máy chủ); hãy lưu "
                   "lại tệp bằng Excel, LibreOffice hoặc Google Earth rồi thử lại",
        part=part)


def check_xml_file(path: Path, *, fmt: str, source: str | None = None) -> None:
    """Refuse ``path`` if any XML in it declares a DTD; other formats pass.

    Parameters
    ----------
    path : the file to read (an XLSX or KMZ is a zip of XML parts; a KML is one XML file).
    fmt : its sniffed format (:func:`geo.imports.archive.sniff_format`); only ``xlsx``, ``kml`` and
        ``kmz`` are XML.
    source : the name the user knows the file by (default: ``path.name``).

    Raises
    ------
    UnsafeFileError
        An XML part has a ``<!DOCTYPE>`` (with or without entity declarations); the message
        names the file and the part.
    """
    name = source or path.name
    if fmt not in ("xlsx", "kmz", "kml"):
        return
    if not zipfile.is_zipfile(path):  # a KML, or the KML already taken out of a KMZ
        with open(path, "rb") as fh:
            if _declares_dtd(fh):
                raise _unsafe(name, path.name if fmt == "kmz" else "")
        return
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(XML_PARTS):
                continue
            with archive.open(info) as member:
                if _declares_dtd(member):
                    raise _unsafe(name, info.filename)
