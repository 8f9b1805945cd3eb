"""Per-feature validation of an uploaded layer: the report shown before anything is written.

Every finding names the feature (its ``zone_id``/``site_id`` or row index), the field, the bad
value, and says what is wrong in Vietnamese and English. Errors block an import; warnings do not.
Geometries are lon/lat degrees (EPSG:4326); areas in hectares (geodesic, WGS 84 ellipsoid).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Level = Literal["error", "warning"]
Kind = Literal["zones", "housing", "figures"]


@dataclass(frozen=True)
class Finding:
    """One problem with one feature (or with the whole file when ``feature`` is None).

    Attributes
    ----------
    level : "error" (blocks the import) or "warning" (shown, does not block).
    feature : the feature's id (``zone_id``/``site_id``) if it has one, else its row number
        (0-based) in the file; None for a file-level finding.
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

    def text(self, lang: Literal["vi", "en"] = "en") -> str:
        """One line: ``error feature 3, field name='x': message``."""
        where = [] if self.feature is None else [f"feature {self.feature}"]
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
        """Append the findings of ``other``."""
        self.findings.extend(other.findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form: source, ok, counts and the findings."""
        return {
            "source": self.source,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }

    def text(self, lang: Literal["vi", "en"] = "en") -> str:
        """The findings as lines of text, file name first."""
        head = f"{self.source}: " if self.source else ""
        head += f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        return "\n".join([head, *(f.text(lang) for f in self.findings)])


def _short(value: object, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate_layer(frame: Any, *, kind: Kind = "zones") -> Report:
    """Check each feature of an uploaded layer (already renamed to the schema, EPSG:4326).

    Parameters
    ----------
    frame : GeoDataFrame in EPSG:4326 (zones, housing) or DataFrame (figures), columns named as
        ``geo.settings.ZONE_FIELDS`` / ``HOUSING_FIELDS``; figures in hectares / percent.
    kind : which schema the layer follows.

    Returns
    -------
    Report
        Errors: empty geometry, outside Vietnam, NaN/huge coordinates, a collection with no
        polygon, duplicate id, unknown kind/status/province, negative figures, leased >
        leasable, in use > planned, occupancy > 100. Warnings: repaired invalid geometry,
        dropped Z/M, polygons extracted from a mixed collection, point in the wrong province
        (coarse, 20 km tolerance), geodesic area off the reported ``planned_area_ha`` by > 5 %.
        The input is not changed; use :func:`repair_layer` for the repaired geometries.
    """
    raise NotImplementedError
