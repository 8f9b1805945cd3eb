"""geo.imports.xmlsafe: an XLSX, KML or KMZ whose XML declares a DTD (entity expansion, XXE) is
refused
with one line naming the file, before any reader parses it; the workspace is unchanged."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from import_fixtures import tree_hashes, use_store

from geo.cli import main
from geo.errors import UnsafeFileError
from geo.imports.pipeline import list_layers, read_upload
from geo.imports.xmlsafe import check_xml_file

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                    for i in range(1, 10)) + "]>")
EXTERNAL = '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
KML = ('<?xml version="1.0" encoding="UTF-8"?>{dtd}<kml xmlns="http://www.opengis.net/kml/2.2">'
       "<Document><Placemark><name>{name}</name><Point><coordinates>106.12,21.15,0"
       "</coordinates></Point></Placemark></Document></kml>")


DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _xlsx() -> bytes:
    """A minimal workbook as Excel writes it: shared strings, one sheet, a zone with lon/lat."""
    strings = ["name", "province", "lon", "lat", "KCN Quế Võ", "Bắc Ninh"]
    parts = {
        "[Content_Types].xml": DECL + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet'
            '+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
            f'{OFFICE}.sharedStrings+xml"/></Types>'),
        "_rels/.rels": DECL + (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": DECL + (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": DECL + (
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/sharedStrings.xml": DECL + (
            f'<sst xmlns="{MAIN}" count="6" uniqueCount="6">'
            + "".join(f"<si><t>{v}</t></si>" for v in strings) + "</sst>"),
        "xl/worksheets/sheet1.xml": DECL + (
            f'<worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>KCN Quế Võ</t></is></c>'
            '<c r="B2" t="s"><v>5</v></c><c r="C2"><v>106.12</v></c><c r="D2"><v>21.15</v></c>'
            "</row></sheetData></worksheet>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def _with_dtd(data: bytes, part: str, dtd: str, entity: str) -> bytes:
    """``data`` (a zip) with ``dtd`` inserted before the root of ``part`` and ``&entity;`` in
    its first text."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == part:
                text = body.decode("utf-8")
                text = re.sub(r"(<\?xml[^>]*\?>)", lambda m: m.group(1) + dtd, text, count=1)
                text = text.replace("<t>", f"<t>&{entity};", 1)
                body = text.encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


CASES = {
    "laughs-shared.xlsx": ("xl/sharedStrings.xml", LAUGHS, "lol9"),
    "xxe-shared.xlsx": ("xl/sharedStrings.xml", EXTERNAL, "xxe"),
    "xxe-sheet.xlsx": ("xl/worksheets/sheet1.xml", EXTERNAL, "xxe"),
    "laughs-workbook.xlsx": ("xl/workbook.xml", LAUGHS, "lol9"),
}


def _case(tmp_path: Path, name: str) -> Path:
    part, dtd, entity = CASES[name]
    path = tmp_path / name
    path.write_bytes(_with_dtd(_xlsx(), part, dtd, entity))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_xlsx_with_a_dtd_is_refused_naming_file_and_part(name: str, tmp_path: Path) -> None:
    path = _case(tmp_path, name)
    with pytest.raises(UnsafeFileError) as info:
        read_upload(path)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "DTD" in message and "\n" not in message
    assert CASES[name][0] in message and info.value.part == CASES[name][0]
    assert info.value.message_vi and "DTD" in info.value.message_vi
    with pytest.raises(UnsafeFileError):
        list_layers(path)


@pytest.mark.parametrize("command", ["validate", "import"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_refuses_with_one_line_and_writes_nothing(
        name: str, command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    store = use_store(monkeypatch, tmp_path)
    path = _case(tmp_path, name)
    before = tree_hashes(store)
    assert main([command, str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert name in lines[0] and "DTD" in lines[0] and "Traceback" not in captured.err
    assert "site-packages" not in captured.err + captured.out
    assert tree_hashes(store) == before


def test_kml_and_kmz_with_a_dtd_are_refused(tmp_path: Path) -> None:
    bad = KML.format(dtd=EXTERNAL.replace("sst", "kml"), name="&xxe;")
    kml = tmp_path / "xxe.kml"
    kml.write_text(bad, encoding="utf-8")
    with pytest.raises(UnsafeFileError, match=r"^xxe\.kml: .*DTD"):
        read_upload(kml)
    kmz = tmp_path / "laughs.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.writestr("doc.kml", KML.format(dtd=LAUGHS.replace("lolz", "kml"),
                                               name="&lol9;"))
    with pytest.raises(UnsafeFileError, match=r"^laughs\.kmz: .*doc\.kml"):
        read_upload(kmz)


def test_clean_files_pass_the_check(tmp_path: Path) -> None:
    xlsx = tmp_path / "ok.xlsx"
    xlsx.write_bytes(_xlsx())
    check_xml_file(xlsx, fmt="xlsx")
    kml = tmp_path / "ok.kml"
    kml.write_text(KML.format(dtd="", name="KCN Quế Võ"), encoding="utf-8")
    check_xml_file(kml, fmt="kml")
    broken = tmp_path / "broken.kml"
    broken.write_text("<kml><unclosed", encoding="utf-8")
    check_xml_file(broken, fmt="kml")  # malformed, not unsafe: the reader reports it
    result = read_upload(xlsx)
    assert result.frame["name"].tolist() == ["KCN Quế Võ"]


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # the pinned defusedxml is installed and used


def test_a_malformed_spreadsheet_part_is_refused_not_a_traceback(tmp_path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(_xlsx()))
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    from geo.errors import ImportRefused
    with pytest.raises(ImportRefused, match=r"^broken\.xlsx: "):
        read_upload(path)
