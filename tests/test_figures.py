"""Issue 10: every view shows the numbers of the same computed accounts, on a stated basis,
with reported vs derived figures marked, and one occupancy rule everywhere."""

from __future__ import annotations

import io as bytes_io
import json
import zipfile
from contextlib import redirect_stdout

import pandas as pd
import pytest

from geo.accounts.figure_basis import DERIVED_MARK, RATE_ONLY
from geo.accounts.landuse import add_accounts, filter_zones, summarize
from geo.core.i18n import fmt_ha, fmt_pct, fmt_ratio, t
from geo.exports.accounts import ACCOUNT_COLUMNS, data_dictionary, zones_with_accounts
from geo.exports.writers import export_zones
from geo.maps.zone_popup import popup_labels as _popup_labels
from geo.maps.zone_popup import popup_values as _popup_values
from geo.present.figures import zone_in_use_text
from geo.present.landuse import chart_frame, group_table, headline_table, zone_card, zone_table
from geo.store.bundled import load_reported, load_zones


@pytest.fixture(scope="module")
def zones() -> pd.DataFrame:
    return load_zones()


def _province(zones: pd.DataFrame, name: str) -> pd.DataFrame:
    return filter_zones(zones, provinces=[name])


@pytest.mark.parametrize("kcn_only", [True, False])
def test_hai_phong_chart_and_table_agree(zones: pd.DataFrame, kcn_only: bool) -> None:
    summary = summarize(_province(zones, "Hải Phòng"), by="province", kcn_only=kcn_only)
    row = summary.rows[0]
    chart = chart_frame(summary, lang="vi").set_index("part")["area_ha"]
    planned = row["planned_area_ha"]
    assert chart[t("not_started_area", "vi")] / planned == pytest.approx(
        row["not_started_ratio"], abs=1e-4)
    assert chart[t("in_use_area_ha", "vi")] / planned == pytest.approx(row["in_use_ratio"],
                                                                       abs=1e-4)
    assert chart.sum() == pytest.approx(planned, abs=0.05)  # the bar is the planned area
    table = group_table(summary, lang="vi").text()
    assert table[t("not_started_ratio", "vi")].iloc[0] == fmt_ratio(row["not_started_ratio"])
    # the old bug: 'not started' was planned − in use − building (a KKT's own land, ~83 %)
    assert chart[t("not_started_area", "vi")] / planned < 0.1


def test_kcn_kcx_is_the_default_basis_and_kkts_are_apart(zones: pd.DataFrame) -> None:
    hp = _province(zones, "Hải Phòng")
    kcn = summarize(hp, by="province", kcn_only=True)
    every = summarize(hp, by="province")
    assert kcn.basis == "kcn_kcx" and every.basis == "all_kinds_kkt_once"
    assert kcn.total["zones"] == int((hp["kind"] != "KKT").sum())
    assert kcn.to_dict()["basis"] == "kcn_kcx"
    assert kcn.notes[0].startswith("basis: KCN/KCX only")
    assert every.notes[0].startswith("basis: all kinds, each piece of land once")
    assert t("basis_kcn_kcx", "vi") in set(chart_frame(kcn)["basis"])


def test_zone_table_card_and_popup_show_the_accounts(zones: pd.DataFrame) -> None:
    bn = _province(zones, "Bắc Ninh")
    accounts = add_accounts(pd.DataFrame(bn)).set_index("zone_id")
    que_vo = bn[bn["zone_id"] == "bn-que-vo"].iloc[0]
    card = dict(zone_card(que_vo, lang="vi"))
    in_use = card[t("in_use_area_ha", "vi")]
    assert in_use == f"{DERIVED_MARK} {fmt_ha(accounts.at['bn-que-vo', 'in_use_area_ha'])}"
    assert in_use == "≈ 610,9 ha"
    table = zone_table(bn, lang="vi")
    text = table.text().set_axis(list(table.ids))
    assert text.at["bn-que-vo", t("in_use_area_ha", "vi")] == "610,9 ha"
    assert text.at["bn-que-vo", f"{t('in_use_area_ha', 'vi')} · {t('figure_basis', 'vi')}"] \
        .startswith(DERIVED_MARK)
    labels = _popup_labels("vi")["rows"]
    values = dict(zip(labels, _popup_values(que_vo.to_dict(), "vi")["v"][2:], strict=True))
    assert values[t("in_use_area_ha", "vi")].startswith(zone_in_use_text(
        accounts.loc["bn-que-vo"].to_dict() | {"in_use_basis": "operating_area"}))
    assert values[t("occupancy_pct", "vi")].startswith(fmt_pct(97.79))


def test_occupancy_rule_card_and_province_agree(zones: pd.DataFrame) -> None:
    bn = _province(zones, "Bắc Ninh")
    accounts = add_accounts(pd.DataFrame(bn)).set_index("zone_id")
    assert accounts.at["bn-que-vo", "occupancy_basis"] == RATE_ONLY
    card = dict(zone_card(bn[bn["zone_id"] == "bn-que-vo"].iloc[0], lang="vi"))
    assert card[t("occupancy_pct", "vi")] == "97,8 %"
    assert card[t("occupancy_basis", "vi")] == t("basis_rate_only", "vi")
    row = summarize(bn, by="province", kcn_only=True).rows[0]
    rate_only = int((accounts["occupancy_basis"] == RATE_ONLY).sum())
    assert row["occupancy_pct"] is None  # rates are never averaged
    assert row["basis_counts"]["occupancy_pct"]["rate_only"] == rate_only >= 1
    text = group_table(summarize(bn, by="province", kcn_only=True), lang="vi").text()
    assert text[f"{t('occupancy_pct', 'vi')} · {t('coverage', 'vi')}"].iloc[0] == \
        f"0/{len(bn)} khu; " + t("rate_only_n", "vi").format(n=rate_only)


def test_stated_rate_with_leasable_land_counts_in_the_aggregate() -> None:
    frame = pd.DataFrame([
        {"zone_id": "a", "kind": "KCN", "status": "operating", "planned_area_ha": 100.0,
         "industrial_land_ha": 80.0, "leased_land_ha": None, "occupancy_pct": 50.0,
         "used_area_ha": None, "under_construction_area_ha": None, "parent_zone_id": None,
         "province": "Bắc Ninh", "province_2025": "Bắc Ninh"},
        {"zone_id": "b", "kind": "KCN", "status": "operating", "planned_area_ha": 100.0,
         "industrial_land_ha": None, "leased_land_ha": None, "occupancy_pct": 90.0,
         "used_area_ha": None, "under_construction_area_ha": None, "parent_zone_id": None,
         "province": "Bắc Ninh", "province_2025": "Bắc Ninh"}])
    total = summarize(frame).total
    assert total["occupancy_pct"] == 50.0  # a: 40 / 80; b: rate only, not averaged in
    assert total["basis_counts"]["occupancy_pct"] == {"reported": 0, "derived": 1,
                                                      "rate_only": 1}


def test_headline_shows_the_accounts_and_hides_the_region_for_a_selection(
        zones: pd.DataFrame) -> None:
    every, kcn = summarize(zones).total, summarize(zones, kcn_only=True).total
    table = headline_table(every, load_reported(), period="2024-H1", lang="vi", kcn_total=kcn)
    values = dict(zip(table[t("figure", "vi")], table[t("headline_computed", "vi")],
                      strict=True))
    assert values[t("planned_area_ha", "vi")] == fmt_ha(every["planned_area_ha"])
    assert values[t("in_use_area_ha", "vi")] == f"≈ {fmt_ha(every['in_use_area_ha'])}"
    assert values[t("not_started_ratio", "vi")] == fmt_ratio(kcn["not_started_ratio"])
    assert values[t("occupancy_pct", "vi")].endswith(fmt_pct(kcn["occupancy_pct"]))
    hp = _province(zones, "Hải Phòng")
    filtered = headline_table(summarize(hp).total, load_reported(), period="2024-H1",
                              kcn_total=summarize(hp, kcn_only=True).total, show_reported=False)
    assert not any(c.startswith("Báo cáo") for c in filtered.columns)


def test_export_columns_carry_the_accounts(zones: pd.DataFrame) -> None:
    bn = _province(zones, "Bắc Ninh")
    accounts = add_accounts(pd.DataFrame(bn))
    for lang in ("vi", "en"):
        out = zones_with_accounts(bn, lang=lang)
        assert set(ACCOUNT_COLUMNS) <= set(out.columns)
        assert out["in_use_area_ha"].equals(pd.Series(accounts["in_use_area_ha"].to_numpy(),
                                                      index=out.index))
    codes = zones_with_accounts(bn)
    assert set(codes["in_use_basis"]) <= {"used_area_ha", "operating_area", "not_operating",
                                          "status_unknown", "missing", "kkt_excluded"}
    csv = export_zones(bn, fmt="csv", lang="vi").decode("utf-8-sig")
    frame = pd.read_csv(bytes_io.StringIO(csv))
    row = frame.set_index("zone_id").loc["bn-que-vo"]
    assert row["in_use_area_ha"] == pytest.approx(610.85)
    assert row["in_use_basis"] == t("basis_operating_area_derived", "vi")
    assert row["occupancy_basis"] == t("basis_rate_only", "vi")
    assert row["status"] == "operating"  # source fields keep their codes: the file imports back


def test_vietnamese_export_dictionary_sheet_and_zip_sidecar(zones: pd.DataFrame) -> None:
    bn = _province(zones, "Bắc Ninh")
    xlsx = export_zones(bn, fmt="xlsx", lang="vi")
    sheets = pd.read_excel(bytes_io.BytesIO(xlsx), sheet_name=None)
    sheet = sheets[t("export_dictionary", "vi")]
    assert list(sheet.columns) == [t("export_field", "vi"), t("export_label", "vi"),
                                   t("export_unit", "vi"), t("export_description", "vi")]
    labels = dict(zip(sheet[t("export_field", "vi")], sheet[t("export_label", "vi")],
                      strict=True))
    assert labels["planned_area_ha"] == "Diện tích quy hoạch"
    assert labels[DERIVED_MARK] == t("basis_legend", "vi")
    data = sheets["zones"]
    assert "occupancy_zone_pct" in data.columns and "in_use_basis" in data.columns
    shp = export_zones(bn, fmt="shp", lang="en")
    with zipfile.ZipFile(bytes_io.BytesIO(shp)) as archive:
        fields = pd.read_csv(archive.open("zones_fields.csv"), encoding="utf-8-sig")
    assert "Label" in fields.columns and "Planned area" in set(fields["Label"])
    english = data_dictionary(["occupancy_zone_pct"], lang="en")
    assert "rate only" in english["Description"].iloc[0]
    plain = export_zones(bn, fmt="xlsx")  # without lang: the fields as given, no dictionary
    assert t("export_dictionary", "vi") not in pd.read_excel(bytes_io.BytesIO(plain),
                                                             sheet_name=None)


def test_cli_summary_json_holds_the_accounts_and_its_basis(zones: pd.DataFrame) -> None:
    from geo.cli import main

    out = bytes_io.StringIO()
    with redirect_stdout(out):
        assert main(["summary", "--by", "province", "--province", "Bắc Ninh", "--kcn-only",
                     "--format", "json"]) == 0
    data = json.loads(out.getvalue())
    expected = summarize(_province(zones, "Bắc Ninh"), by="province", kcn_only=True)
    assert data["basis"] == "kcn_kcx"
    assert data["total"]["in_use_area_ha"] == expected.total["in_use_area_ha"]
    assert data["total"]["occupancy_pct"] is None
    assert data["total"]["basis_counts"] == expected.total["basis_counts"]
    assert any(n.startswith("basis: KCN/KCX only") for n in data["notes"])
    assert any("rate only" in n for n in data["notes"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_landuse_and_export_pages_say_the_basis(lang: str) -> None:
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parent.parent / "app.py")
    at = AppTest.from_file(app, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["province"] = "hai-phong"
    at.run()
    at.switch_page("app_pages/landuse.py").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert t("basis_caption", lang).format(basis=t("basis_kcn_kcx", lang)) in captions
    assert t("basis_legend", lang) in captions and t("occupancy_rule", lang) in captions
    assert t("kkt_group", lang) in " ".join(e.label for e in at.expander)
    at.switch_page("app_pages/export.py").run()
    assert not at.exception
    at.radio(key="ex_fmt").set_value("csv").run()
    assert not at.exception
