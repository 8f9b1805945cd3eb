"""Library internals never reach a message: a KMZ of network links, a damaged DXF and library
warnings during an import give clean one-line project messages naming the file (no pandas
dtype error, GDAL build path or site-packages path)."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pytest
from import_fixtures import tree_hashes, use_store

from geo.cli import main
from geo.errors import ImportRefused
from geo.imports.pipeline import read_upload
from geo.imports.readers import clean_detail

NETWORK_LINKS = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/'
                 '2.2"><Document><NetworkLink><name>KCN online</name><Link><href>http://'
                 'example.org/kcn.kml</href></Link></NetworkLink></Document></kml>')
INTERNALS = ("datetime64", ".cpp", "buildtrees", "site-packages", "/tmp/", "Traceback", ".py:")


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return use_store(monkeypatch, tmp_path)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    for word in INTERNALS:
        assert word not in captured.out + captured.err, (word, captured.out, captured.err)
    return code, captured.out, captured.err


@pytest.mark.parametrize("name", ["links.kmz", "links.kml"])
def test_network_links_only_is_a_clean_refusal(name: str, store: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    if name.endswith(".kmz"):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("doc.kml", NETWORK_LINKS)
    else:
        path.write_text(NETWORK_LINKS, encoding="utf-8")
    before = tree_hashes(store)
    code, out, err = _run(["import", str(path)], capsys)
    assert code == 2 and "network links" in out
    assert err.count("\n") == 1 and name in err
    assert tree_hashes(store) == before
    with pytest.raises(ImportRefused) as info:
        read_upload(path)
    assert "network links" in info.value.report.findings[0].message_en  # type: ignore[attr-defined]
    assert "NetworkLink" in info.value.report.findings[0].message_vi  # type: ignore[attr-defined]


@pytest.mark.parametrize("content", [
    "  0\nSECTION\n  2\nENTITIES\n  0\nLWPOLYLINE\n 90\nabc\n 10\nxx\n",
    "  0\nSECTION\n  2\nHEADER\n",
], ids=["bad-entity", "truncated"])
def test_damaged_dxf_names_the_file_not_the_gdal_build(
        content: str, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ranh-gioi.dxf"
    path.write_text(content, encoding="ascii")
    code, out, err = _run(["validate", str(path), "--province", "Bắc Ninh"], capsys)
    assert code == 2 and "ranh-gioi.dxf" in out and "ranh-gioi.dxf" in err
    assert err.count("\n") == 1


def test_reader_warnings_become_report_warnings(store: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dup-ids.geojson"
    feature = ('{{"type":"Feature","id":1,"properties":{{"name":"KCN {n}","province":'
               '"Bắc Ninh"}},"geometry":{{"type":"Point","coordinates":[106.{n},21.1]}}}}')
    path.write_text('{"type":"FeatureCollection","features":[' + feature.format(n=1) + ","
                    + feature.format(n=2) + "]}", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing may escape read_upload as a warning
        result = read_upload(path)
    texts = [f.message_en for f in result.report.warnings]
    assert any(t.startswith("reader warning: Several features with id = 1") for t in texts)
    _code, out, err = _run(["import", str(path), "--dry-run"], capsys)
    assert "reader warning" in out and "RuntimeWarning" not in err


def test_any_other_warning_is_one_line_without_a_path(
        store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    import geo.cli.ingest

    def noisy(args: object) -> int:
        warnings.warn_explicit("invalid value encountered\nin intersection", RuntimeWarning,
                               "/x/site-packages/shapely/set_operations.py", 133)
        return 0

    monkeypatch.setattr(geo.cli.ingest, "run_log", noisy)
    code, _out, err = _run(["log"], capsys)
    assert code == 0
    assert err == ("python -m geo log: warning: RuntimeWarning: invalid value encountered in "
                   "intersection\n")


def test_clean_detail() -> None:
    gdal = ("/opt/vcpkg/buildtrees/gdal/src/v3.12.4.clean/ogr/ogrsf_frmts/dxf/ogrdxflayer.cpp, "
            "3684: error at line 11 of /tmp/kcn-ingest-x/upload.dxf")
    assert clean_detail(gdal, "a.dxf") == "error at line 11 of a.dxf"
    assert clean_detail("see http://example.org/a/b.kml", "a.kml") == \
        "see http://example.org/a/b.kml"
    assert clean_detail("'/tmp/x/doc.kml' not\nrecognized", "z.kmz") == "'z.kmz' not recognized"
