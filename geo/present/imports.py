"""Display tables of the import page: the diff, the validation report, the import log and
the two-period comparison.

Headers and coded values (statuses, matching methods, kinds, geometry types...) come from
:mod:`geo.core.i18n` labels in Vietnamese or English; numbers are in the language's format
(``1.234,5``); an empty cell is '—', never ``None``/``nan``. Every cell is text, ready for a
table widget. Figures are as stored: areas in hectares, shares in percent; geometries (EPSG:4326)
are shown by their type only. Pure: no streamlit.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

import pandas as pd

from geo.core.i18n import NO_DATA, Lang, fmt_coverage, fmt_number, t
from geo.core.labels import LABELS
from geo.core.text import is_blank
from geo.errors import user_message

if TYPE_CHECKING:
    from geo.core.findings import Report
    from geo.imports.plan import ImportPlan

DIFF_COLUMNS: Final = ("ws_col_id", "ws_col_name", "ws_col_status", "ws_col_method",
                       "ws_col_field", "ws_col_old", "ws_col_new")
LOG_COLUMNS: Final = {"seq": "ws_log_seq", "time_utc": "ws_log_time",
                      "file_name": "ws_log_file", "sha256": "ws_log_sha", "kind": "ws_log_kind",
                      "period": "ws_log_period", "new": "ws_log_new",
                      "changed": "ws_log_changed", "unchanged": "ws_log_unchanged",
                      "removed": "ws_log_removed", "unmatched": "ws_log_unmatched",
                      "note": "ws_log_note"}
FINDING_COLUMNS: Final = ("ws_level", "ingest_feature", "ingest_field", "ingest_value",
                          "ingest_message")
_VALUE_PREFIXES: Final = {"kind": "kind_", "geometry_quality": "quality_",
                          "location_precision": "precision_", "geometry": "ws_geom_"}


def cell(value: Any, lang: Lang = "vi") -> str:
    """A value as table text: '—' when blank, numbers in ``lang``'s format (up to 2 decimals,
    no trailing zeros), anything else as text."""
    if is_blank(value):
        return NO_DATA
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return fmt_number(float(value), lang, digits=0)
    if isinstance(value, float):
        digits = 1 if math.isclose(round(value, 1), value, abs_tol=1e-9) else 2
        return fmt_number(value, lang, digits=digits)
    return str(value)


def _coded(key: str, value: Any, lang: Lang) -> str:
    """The label ``key`` if it exists, else the value as table text."""
    return t(key, lang) if key in LABELS else cell(value, lang)


def field_label(field: str | None, lang: Lang = "vi") -> str:
    """The name of a schema field in ``lang`` (its label, else the field code)."""
    if is_blank(field):
        return NO_DATA
    for key in (str(field), f"ws_field_{field}"):
        if key in LABELS:
            return t(key, lang)
    return str(field)


def field_choice(field: str, lang: Lang = "vi") -> str:
    """A schema field for a mapping choice: its label and code (``Tên khu (name)``), or the
    code alone when it has no label."""
    label = field_label(field, lang)
    return field if label == field else f"{label} ({field})"


def refusal_text(exc: Exception, lang: Lang = "vi") -> str:
    """What a refused upload says in ``lang``: the file and its first error from the report
    (the full report is :func:`findings_table`), else the exception's message (Vietnamese where
    the error carries one, :func:`geo.errors.user_message`)."""
    report = getattr(exc, "report", None)
    errors = getattr(report, "errors", None)
    if not errors:
        return user_message(exc, lang)
    first = errors[0]
    text = first.message_vi if lang == "vi" else first.message_en
    more = len(errors) - 1
    suffix = f" (+{more} {'lỗi' if lang == 'vi' else 'more'})" if more else ""
    return f"{getattr(report, 'source', '') or '—'}: {text}{suffix}"


def value_label(field: str | None, value: Any, lang: Lang = "vi", *,
                kind: str = "zones") -> str:
    """A field's value in ``lang``: coded values (status, kind, geometry type, outline quality,
    location precision) by their label, numbers formatted, blanks '—'."""
    if is_blank(value) or not isinstance(value, str) or field is None:
        return cell(value, lang)
    prefix = ("housing_status_" if kind == "housing" else "status_") if field == "status" \
        else _VALUE_PREFIXES.get(field)
    return _coded(f"{prefix}{value}", value, lang) if prefix else value


def diff_table(plan: ImportPlan, lang: Lang = "vi") -> pd.DataFrame:
    """One row per changed field of each new or changed zone (site, lot), one row per
    unchanged one, one row per shown field (use, area, lease status, geometry) of a removed lot:
    id, name, result (new / changed / unchanged / removed), matched by (id / name / location),
    field, old value, new value — headers and values in ``lang``."""
    rows = []
    for d in plan.diffs:
        changes = d.to_dict()["changes"] or [{"field": None, "old": None, "new": None}]
        for c in changes:
            rows.append([d.zone_id or NO_DATA, d.name or NO_DATA,
                         t(f"ws_status_{d.status}", lang),
                         _coded(f"ws_method_{d.method}", d.method, lang),
                         field_label(c["field"], lang),
                         value_label(c["field"], c["old"], lang, kind=plan.kind),
                         value_label(c["field"], c["new"], lang, kind=plan.kind)])
    return pd.DataFrame(rows, columns=[t(k, lang) for k in DIFF_COLUMNS], dtype=object)


def findings_table(report: Report, lang: Lang = "vi") -> pd.DataFrame:
    """The validation report: level, feature (its id, else ``dòng 10`` / ``row 10`` of a
    spreadsheet or ``đối tượng 3`` / ``feature 3`` of a vector file), field, value, message —
    in ``lang``."""
    rows = [[t(f"ws_level_{f.level}", lang), f.where(lang, report.numbering) or NO_DATA,
             field_label(f.field, lang),
             cell(f.value, lang), f.message_vi if lang == "vi" else f.message_en]
            for f in report.findings]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in FINDING_COLUMNS], dtype=object)


LOCAL_TZ: Final = "Asia/Ho_Chi_Minh"
"""The planners' time zone (UTC+7, no daylight saving): log times are shown in it."""


def local_time(utc_text: str) -> str:
    """``2026-05-01T03:04:05Z`` (UTC, as the log stores it) → ``2026-05-01 10:04:05`` (Vietnam).

    A text that is not such a time is returned as is.
    """
    try:
        moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(LOCAL_TZ)).strftime("%Y-%m-%d %H:%M:%S")


def diff_summary(plan: ImportPlan, lang: Lang = "vi") -> str:
    """The summary line of a plan's diff: the count of each status (removed ones for lots, or
    whenever some row is removed) and of unmatched rows, in ``lang``."""
    counts = plan.counts
    key = "ws_diff_lots" if plan.kind == "lots" or counts["removed"] else "ws_diff"
    return t(key, lang).format(**counts)


def _log_texts(col: str, values: list[Any], lang: Lang) -> list[str]:
    """One column of the import log or audit trail as text in ``lang``."""
    if col == "kind":
        return [_coded(f"ws_kind_{v}", v, lang) for v in values]
    if col == "sha256":
        return [cell(v, lang) if is_blank(v) else str(v)[:12] + "…" for v in values]
    if col == "time_utc":
        return [cell(v, lang) if is_blank(v) else local_time(str(v)) for v in values]
    if col in ("file_name", "period", "note", "user"):
        return [cell(v, lang) for v in values]
    return [NO_DATA if is_blank(v) else str(int(v)) for v in values]


def _column(frame: pd.DataFrame, col: str) -> list[Any]:
    return list(frame[col]) if col in frame.columns else [None] * len(frame)


def log_table(log: pd.DataFrame, lang: Lang = "vi") -> pd.DataFrame:
    """The import log, newest first: number, time (Vietnam, UTC+7), file, SHA-256 (first 12
    hex digits), kind of data, period, counts and note — headers and values in ``lang``."""
    out = {t(key, lang): _log_texts(col, _column(log, col), lang)[::-1]
           for col, key in LOG_COLUMNS.items()}
    return pd.DataFrame(out, dtype=object)


def _figure_unit(figure: str, lang: Lang) -> str:
    if figure.endswith("_ha"):
        return "ha"
    if figure == "occupancy_pct":
        return "%"
    return t("ws_cmp_unit_persons", lang) if figure == "workers" else ""


def comparison_table(table: pd.DataFrame, lang: Lang = "vi", *, label_a: str, label_b: str,
                     by: str = "province") -> pd.DataFrame:
    """The two-period comparison (:func:`geo.core.periods.compare_periods`) for display in ``lang``.

    Columns: the group (zone / province / region), the figure with its unit, the value of
    period A and its coverage (``9/20 khu``), the same for B, the change (b − a; occupancy in
    percentage points) and % change, and the zones compared (with the figure in both periods,
    over which the change is computed). Every header is a label in ``lang``; numbers in its
    format (areas, % and changes to 1 decimal, workers whole); a missing value is '—'.

    Parameters
    ----------
    table : the result of ``compare_periods``.
    label_a, label_b : how the two periods are named (``Hiện tại``, ``2024-H2``).
    by : the grouping the table was made with (``zone``, ``province``, ``region``).
    """
    if label_a == label_b:  # the same period twice: headers must stay distinct
        label_a, label_b = f"{label_a} (A)", f"{label_b} (B)"
    rows = []
    for r in table.to_dict("records"):
        fig = str(r["figure"])
        digits = 0 if fig == "workers" else 1
        unit = _figure_unit(fig, lang)
        change_unit = t("ws_cmp_unit_pp", lang) if fig == "occupancy_pct" else unit
        n = int(r["zones"])

        def num(col: str, places: int = digits, rec: dict[Any, Any] = r) -> str:
            return fmt_number(float(rec[col]), lang, digits=places)

        rows.append([
            str(r["key"]), field_label(fig, lang) + (f" ({unit})" if unit else ""),
            num("value_a"), fmt_coverage(int(r["zones_a"]), n, lang),
            num("value_b"), fmt_coverage(int(r["zones_b"]), n, lang),
            _with_unit(num("change"), change_unit), _with_unit(num("change_pct", 1), "%"),
            fmt_coverage(int(r["zones_both"]), n, lang)])
    headers = [t(f"ws_by_{by}", lang), t("ws_cmp_figure", lang), label_a,
               t("ws_cmp_zones_of", lang).format(p=label_a), label_b,
               t("ws_cmp_zones_of", lang).format(p=label_b), t("ws_change", lang),
               t("ws_change_pct", lang), t("ws_cmp_both", lang)]
    return pd.DataFrame(rows, columns=headers, dtype=object)


def _with_unit(text: str, unit: str) -> str:
    return text if text == NO_DATA or not unit else f"{text} {unit}"


AUDIT_COLUMNS: Final = {"time_utc": "ws_log_time", "action": "ws_audit_action",
                        "seq": "ws_log_seq", "file_name": "ws_log_file", "sha256": "ws_log_sha",
                        "kind": "ws_log_kind", "period": "ws_log_period", "new": "ws_log_new",
                        "changed": "ws_log_changed", "unchanged": "ws_log_unchanged",
                        "removed": "ws_log_removed", "unmatched": "ws_log_unmatched",
                        "user": "ws_audit_user",
                        "note": "ws_log_note"}


def audit_table(audit: pd.DataFrame, lang: Lang = "vi") -> pd.DataFrame:
    """The audit trail (:func:`geo.store.workspace.audit_log`), newest first: time (Vietnam,
    UTC+7), action
    (import / undo; an import later undone says so), import number, file, SHA-256 (first 12
    hex digits), kind, period, counts, note — headers and values in ``lang``."""
    out: dict[str, list[str]] = {}
    undone = [bool(u) for u in _column(audit, "undone")]
    for col, key in AUDIT_COLUMNS.items():
        values = _column(audit, col)
        if col == "action":
            texts = [t("ws_audit_undone" if u and v == "import" else f"ws_audit_{v}", lang)
                     for v, u in zip(values, undone, strict=True)]
        else:
            texts = _log_texts(col, values, lang)
        out[t(key, lang)] = texts[::-1]
    return pd.DataFrame(out, dtype=object)


_SOURCES = {"file": "ws_src_file", "user": "ws_src_user", "detected": "ws_src_detected",
            "default": "ws_src_default", "inferred": "ws_src_inferred",
            "swapped lat/lon fixed": "ws_src_swapped"}


def source_text(code: str | None, lang: Lang = "vi") -> str:
    """Where a detected CRS or encoding came from, in ``lang``.

    ``code`` is :class:`geo.imports.pipeline.Detected`'s ``crs_source``/``encoding_source``:
    ``file``,
    ``file (.cpg)``, ``user``, ``user: province Bắc Ninh``, ``user: UTM 48N``, ``detected``,
    ``default``, ``inferred: degrees``, ``swapped lat/lon fixed``; an unknown code is returned
    as it is, a missing one as '—'.
    """
    if not code:
        return NO_DATA
    head, _, rest = code.partition(":")
    head = head.split(" (")[0].strip()
    key = _SOURCES.get(code) or _SOURCES.get(head)
    if key is None:
        return code
    text = t(key, lang)
    if head == "user" and rest.strip():
        detail = rest.strip()
        if detail.startswith("province "):
            detail = ("tỉnh " if lang == "vi" else "province ") + detail.removeprefix("province ")
        return f"{text}: {detail}"
    return text


PREVIEW_MAP_MAX: Final = 5000
"""Above this many features (a lot plan may hold 100,000 lots) the preview map is not drawn."""


def has_map_preview(frame: pd.DataFrame) -> bool:
    """Whether the upload is worth a preview map: it has geometries (a lease register or a
    figures table has none) and at most :data:`PREVIEW_MAP_MAX` features."""
    return ("geometry" in frame.columns and bool(frame["geometry"].notna().any())
            and len(frame) <= PREVIEW_MAP_MAX)
