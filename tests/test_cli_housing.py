"""``python -m geo housing``: JSON keys, parameters, formats and bad input (exit 2)."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

REPO = Path(__file__).resolve().parent.parent
ROW_KEYS = {"workforce", "workforce_source", "demand_persons", "supply_completed_persons",
            "supply_pipeline_persons", "coverage_ratio", "land_needed_ha", "land_allocated_ha",
            "parameters"}
CHECK_KEYS = {"rule", "article", "value", "threshold", "unit", "status"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["housing", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_zone_rows_carry_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, "--by", "zone")
    assert len(out["rows"]) == 226
    for row in out["rows"]:
        assert set(row) >= ROW_KEYS
    assert out["rows"][0]["parameters"] == out["parameters"]
    deficits = [r["deficit_persons"] for r in out["rows"] if r["deficit_persons"] is not None]
    assert deficits == sorted(deficits, reverse=True)


def test_province_rows_carry_checks_with_articles(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys)
    assert len(out["rows"]) == 11
    for row in out["rows"]:
        assert ROW_KEYS - {"workforce_source"} <= set(row)
        assert {c["rule"] for c in row["checks"]} == {"housing_land_fund",
                                                      "occupancy_for_new_zone"}
        for check in row["checks"]:
            assert set(check) >= CHECK_KEYS
            assert check["status"] in ("pass", "fail", "not_enough_data")
            assert check["article"].startswith("Decree 35/2022")
    out_2025 = _json(capsys, "--by", "province_2025")
    assert {r["key"] for r in out_2025["rows"]} <= {"Hà Nội", "Hải Phòng", "Quảng Ninh",
                                                    "Hưng Yên", "Bắc Ninh", "Ninh Bình",
                                                    "Phú Thọ"}


def test_parameters_move_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    base = _json(capsys)["total"]
    denser = _json(capsys, "--density-total", "120", "--density", "190")
    assert denser["parameters"]["density_total_per_ha"] == 120.0
    assert denser["total"]["demand_persons"] == pytest.approx(2 * base["demand_persons"],
                                                              rel=1e-6)
    half = _json(capsys, "--share", "0.5")
    assert half["parameters"]["use_province_shares"] is False
    assert half["total"]["demand_persons"] == pytest.approx(0.5 * base["workforce"], rel=1e-6)
    wide = _json(capsys, "--radius-km", "30", "--by", "zone")
    narrow = _json(capsys, "--radius-km", "1", "--by", "zone")
    reached = sum(r["sites_reaching"] for r in wide["rows"])
    assert reached > sum(r["sites_reaching"] for r in narrow["rows"])


def test_province_filter_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["housing", "--province", "Ha Nam", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["key"] for r in rows] == ["Hà Nam"]
    assert float(rows[0]["workers_reported"]) == 71000


@pytest.mark.parametrize(("argv", "needle"), [
    (["--share", "1.5"], "share_default"),
    (["--density", "-3"], "density_leased_per_ha"),
    (["--radius-km", "0"], "radius_km"),
    (["--supply", "demolished"], "demolished"),
    (["--province", "Atlantis"], "Atlantis"),
])
def test_bad_values_exit_2_with_one_line(argv: list[str], needle: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["housing", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_bad_grouping_exits_2_via_the_process() -> None:
    run = subprocess.run([sys.executable, "-m", "geo", "housing", "--by", "district"],
                         cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 2
    assert "district" in run.stderr and "Traceback" not in run.stderr
    table = subprocess.run([sys.executable, "-m", "geo", "housing"], cwd=REPO,
                           capture_output=True, text=True, check=True)
    assert "housing_land_fund" in table.stdout and "total" in table.stdout
