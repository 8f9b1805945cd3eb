"""Findings: what a validation found, per feature and field, in Vietnamese and English.

A :class:`Report` collects :class:`Finding` s (errors block an import, warnings do not); its
:class:`Numbering` says how a user reads a feature's position: for a table (CSV/XLSX) the
spreadsheet row (header = row 1, so the first data row is "row 2" / "dòng 2"), for a vector file
"feature N" / "đối tượng N" counting from 1 (positions are 0-based inside the code).
:func:`refused` makes the :class:`~geo.errors.ImportRefused` of a file-level error.
Pure vocabulary: no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from geo.core.i18n import t
from geo.errors import ImportRefused

Level = Literal["error", "warning"]

@dataclass(frozen=True)
class Numbering:
    """How a layer's rows are named to the user.

    Attributes
    ----------
    unit : ``"row"`` (a spreadsheet row) or ``"feature"`` (a feature of a vector file).
    numbers : the user's number of each position (a table's kept rows after empty rows were
        skipped); empty: position + ``first``.
    first : the number of position 0 when ``numbers`` is empty (2 for a table under its
        header row, 1 for features).
    """

    unit: Literal["row", "feature"] = "feature"
    numbers: tuple[int, ...] = ()
    first: int = 1

    @classmethod
    def table(cls, numbers: tuple[int, ...] = ()) -> Numbering:
        """Spreadsheet rows (header = row 1): position 0 is row 2 unless ``numbers`` says."""
        return cls("row", numbers, 2)

    def number(self, pos: int) -> int:
        """The number the user sees for 0-based position ``pos``."""
        if 0 <= pos < len(self.numbers):
            return self.numbers[pos]
        return pos + self.first

    def name(self, pos: int, lang: Literal["vi", "en"] = "en") -> str:
        """``row 10`` / ``dòng 10`` or ``feature 3`` / ``đối tượng 3``."""
        return t("ws_row" if self.unit == "row" else "ws_feature_n", lang).format(
            n=self.number(pos))

@dataclass(frozen=True)
class Finding:
    """One problem with one feature (or with the whole file when ``feature`` is None).

    Attributes
    ----------
    level : "error" (blocks the import) or "warning" (shown, does not block).
    feature : the feature's id (``zone_id``/``site_id``) if it has one, else its position
        (0-based) in the layer — shown as the report's :class:`Numbering` says; None for a
        file-level finding.
    field : the field (column) concerned, "geometry", or None.
    value : the offending value as text (shortened), or None.
    message_vi, message_en : what is wrong and, where it helps, what was done about it.
    """

    level: Level
    feature: str | int | None
    field: str | None
    value: str | None
    message_vi: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (for the CLI's ``--format json`` and the import log)."""
        return asdict(self)

    def where(self, lang: Literal["vi", "en"] = "en", numbering: Numbering | None = None
              ) -> str | None:
        """The feature as the user knows it: its id, ``row 10`` / ``feature 3``, or None."""
        if self.feature is None:
            return None
        if isinstance(self.feature, int):
            return (numbering or Numbering()).name(self.feature, lang)
        return str(self.feature)

    def text(self, lang: Literal["vi", "en"] = "en", numbering: Numbering | None = None) -> str:
        """One line: ``error: row 10, name='x': message`` (see :meth:`where`)."""
        place = self.where(lang, numbering)
        where = [] if place is None else [place]
        if self.field is not None:
            where.append(f"{self.field}" + ("" if self.value is None else f"={self.value!r}"))
        msg = self.message_vi if lang == "vi" else self.message_en
        return f"{self.level}: " + (", ".join(where) + ": " if where else "") + msg

@dataclass
class Report:
    """The findings of a read and validation; ``ok`` when there is no error.

    Attributes
    ----------
    findings : in the order found (file-level first, then by feature).
    source : the file name the findings are about (for messages), or "".
    """

    findings: list[Finding] = field(default_factory=list)
    source: str = ""
    numbering: Numbering | None = None

    @property
    def rows(self) -> Numbering:
        """How positions are named (default: features counted from 1)."""
        return self.numbering or Numbering()

    def where(self, pos: int, lang: Literal["vi", "en"] = "en") -> str:
        """Position ``pos`` as the user knows it: ``row 10`` / ``dòng 10`` / ``feature 3``."""
        return self.rows.name(pos, lang)

    @property
    def errors(self) -> list[Finding]:
        """The findings that block an import."""
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that do not block an import."""
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    def add(self, level: Level, feature: str | int | None, fld: str | None, value: object,
            message_vi: str, message_en: str) -> None:
        """Append a finding; ``value`` is turned into short text (None stays None)."""
        text = None if value is None else _short(value)
        self.findings.append(Finding(level, feature, fld, text, message_vi, message_en))

    def extend(self, other: Report) -> None:
        """Append the findings of ``other`` (and take its numbering if this report has none)."""
        self.findings.extend(other.findings)
        if self.numbering is None:
            self.numbering = other.numbering

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form: source, ok, counts and the findings."""
        return {
            "source": self.source,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [self._finding_dict(f) for f in self.findings],
        }

    def _finding_dict(self, f: Finding) -> dict[str, Any]:
        out = f.to_dict()
        if isinstance(f.feature, int):  # the number the user sees, and what it counts
            out["feature"] = self.rows.number(f.feature)
        out["where"] = f.where("en", self.numbering)
        return out

    def text(self, lang: Literal["vi", "en"] = "en") -> str:
        """The findings as lines of text, file name first."""
        head = f"{self.source}: " if self.source else ""
        head += f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        return "\n".join([head, *(f.text(lang, self.numbering) for f in self.findings)])

def _short(value: object, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

def refused(message_en: str, message_vi: str, *, source: str = "", fld: str | None = None,
            value: object = None, report: Report | None = None) -> ImportRefused:
    """An :class:`ImportRefused` whose report holds this file-level error (plus ``report``'s).

    Raise the result: ``raise refused("...", "...")``.
    """
    rep = Report(source=source)
    if report is not None:
        rep.extend(report)
    rep.add("error", None, fld, value, message_vi, message_en)
    prefix = f"{source}: " if source else ""
    return ImportRefused(prefix + message_en, report=rep)
