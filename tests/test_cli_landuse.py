"""``python -m geo summary`` and ``reconcile``: output formats and bad input."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from geo.core.admin import province_names

REPO = Path(__file__).resolve().parent.parent
ROW_KEYS = {"key", "zones", "planned_area_ha", "in_use_area_ha", "under_construction_area_ha",
            "in_use_ratio", "under_construction_ratio", "occupancy_pct", "coverage"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_by_province_table_lists_the_11_provinces() -> None:
    run = subprocess.run([sys.executable, "-m", "geo", "summary", "--by", "province"],
                         cwd=REPO, capture_output=True, text=True, check=True)
    lines = run.stdout.splitlines()
    for name in province_names(2024):
        assert any(line.startswith(name) for line in lines), name
    header = lines[0]
    assert header.index("zones") > 0 and lines[1].startswith("---")
    # aligned: every data row is as wide as the separator or narrower, columns line up on "  "
    widths = {len(line) for line in lines[2:14]}
    assert max(widths) <= len(lines[1])


def test_summary_json_keys_and_totals(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "summary", "--by", "province", "--format", "json")
    assert data["group_by"] == "province"
    assert len(data["rows"]) == 11
    for row in [*data["rows"], data["total"]]:
        assert set(row) >= ROW_KEYS
        for metric in ("planned_area_ha", "in_use_area_ha", "under_construction_area_ha",
                       "occupancy_pct"):
            have, of = row["coverage"][metric]
            assert 0 <= have <= of
    assert sum(r["zones"] for r in data["rows"]) == data["total"]["zones"] == 226
    assert sum(r["planned_area_ha"] for r in data["rows"]) == pytest.approx(
        data["total"]["planned_area_ha"], abs=0.1)
    total = data["total"]
    assert total["in_use_ratio"] == pytest.approx(
        total["in_use_area_ha"] / total["planned_area_ha"], abs=1e-4)


def test_summary_filters_and_2025_edition(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "summary", "--by", "province_2025", "--format", "json")
    keys = {r["key"]: r for r in data["rows"]}
    assert keys["Bắc Ninh"]["incomplete"] == ["Bắc Giang"]
    assert keys["Phú Thọ"]["in_delta"] is False
    one = _json(capsys, "summary", "--province", "Bắc Ninh", "--kind", "KCN", "--status",
                "operating", "--format", "json")
    assert one["total"]["zones"] == keys["Bắc Ninh"]["coverage"]["in_use_area_ha"][1]
    merged = _json(capsys, "summary", "--edition", "2025", "--province", "Hải Phòng",
                   "--format", "json")
    assert merged["total"]["zones"] == keys["Hải Phòng"]["zones"]


def test_summary_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--by", "kind", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["key"] for r in rows] == ["KCN", "KKT", "total"]
    assert rows[-1]["zones"] == "226"


def test_reconcile_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "reconcile", "--format", "json")
    statuses = [r["status"] for r in data["rows"]]
    assert statuses == ["all", "operating", "under_construction"]
    assert main(["reconcile"]) == 0
    out = capsys.readouterr().out
    assert "236" in out and "525,408.5" in out
    why = {line.split(":")[0]: line for line in out.splitlines() if line.startswith("why ")}
    assert sorted(why) == ["why all", "why operating", "why under_construction"]
    gap = 236 - data["rows"][0]["computed_zones"]
    if gap > 0:
        assert f"{gap} zones the report counts are not yet in the data" in why["why all"]
    assert data["rows"][1]["lacking_ids"].split(";")[0] in why["why operating"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["summary", "--province", "Hà Tây"], "valid: Hà Nội"),
        (["summary", "--kind", "KCZ"], "valid: KCN, KCX, KKT"),
        (["summary", "--status", "open"], "valid: operating"),
        (["summary", "--by", "district"], "invalid choice"),
        (["reconcile", "--period", "2019-H1"], "valid: 2024-H1"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv: list[str], needle: str) -> None:
    run = subprocess.run([sys.executable, "-m", "geo", *argv], cwd=REPO, capture_output=True,
                         text=True)
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert needle in run.stderr
    assert "Traceback" not in run.stderr


def test_empty_selection_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "summary", "--province", "Phú Thọ", "--format", "json")
    assert data["total"]["zones"] == 0 and data["total"]["planned_area_ha"] is None
    assert any("no zone matches the filters" in note for note in data["notes"])
    assert main(["summary", "--province", "Bắc Giang"]) == 0
    assert "note: no zone matches the filters" in capsys.readouterr().out


def test_filtered_summary_labels_the_selection_not_the_region(
        capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "summary", "--province", "Hung Yen", "--format", "json")
    assert data["filters"] == {"provinces": ["Hưng Yên"], "kinds": [], "statuses": []}
    assert data["selection"] == "Lựa chọn: Hưng Yên"
    [row] = data["rows"]
    assert row["key"] == "selection" and row["label"] == "Lựa chọn: Hưng Yên"
    assert row["zones"] == data["total"]["zones"] > 0
    assert main(["summary", "--province", "Hưng Yên"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[2].startswith("Lựa chọn: Hưng Yên")
    assert not any(line.startswith("Đồng bằng sông Hồng") for line in table)
    assert any(line.startswith("note: filtered selection (Hưng Yên)") for line in table)
    # no filter: the row is the region
    whole = _json(capsys, "summary", "--format", "json")
    assert [r["key"] for r in whole["rows"]] == ["Đồng bằng sông Hồng"]
    assert whole["selection"] is None and whole["filters"]["provinces"] == []
