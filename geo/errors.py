"""The project's exceptions.

Every error a user can cause (bad file, bad field, bad argument) is one of these, with a message
that names the file, the feature or row, the field and the bad value. Pages and the CLI catch only
these; anything else is a bug and is allowed to surface.
"""

from __future__ import annotations


class AtlasError(ValueError):
    """Base class of every user-facing error of KCN Atlas.

    ``str(exc)`` is the English message (CLI, logs); ``message_vi``, where the raiser gives
    one, is the same message in Vietnamese for the UI (:func:`user_message` picks).
    """

    def __init__(self, message: str, *, message_vi: str | None = None) -> None:
        super().__init__(message)
        self.message_vi = message_vi


class DataFileError(AtlasError):
    """A data file is missing, unreadable or does not match the schema.

    The message names the file and, where it applies, the feature (row) and field.
    """


class SchemaError(DataFileError):
    """A feature has a field missing, of the wrong type, or with a value outside its domain."""


class CRSError(AtlasError):
    """A layer has no CRS, or one the operation cannot use; the message says how to fix it."""


class FilterError(AtlasError):
    """An unknown province, kind, status, period or grouping was asked for.

    ``valid`` lists the accepted values so the caller can show them.
    """

    def __init__(self, message: str, *, valid: list[str] | None = None,
                 message_vi: str | None = None) -> None:
        super().__init__(message, message_vi=message_vi)
        self.valid = valid or []


class ParameterError(AtlasError):
    """A user-set parameter is out of range (negative density, share above 1, ...)."""


class ExportError(AtlasError):
    """A selection cannot be written in the requested format or CRS."""


class ImportRefused(AtlasError):
    """An import or validation found errors; nothing was written.

    ``report`` carries the per-feature findings for display.
    """

    def __init__(self, message: str, *, report: object | None = None,
                 message_vi: str | None = None) -> None:
        super().__init__(message, message_vi=message_vi)
        self.report = report


class UnsafeFileError(ImportRefused):
    """An upload is refused as unsafe to read (an XML DTD: entity expansion, XXE).

    ``part`` names the member of the archive (e.g. ``xl/sharedStrings.xml``), "" for the file.
    """

    def __init__(self, message: str, *, message_vi: str | None = None, part: str = "",
                 report: object | None = None) -> None:
        super().__init__(message, report=report, message_vi=message_vi)
        self.part = part


class LimitExceeded(ImportRefused):
    """A file is over one of the import limits of :mod:`geo.settings` (size, features, table
    rows, vertices); nothing was read further. The message names the file, the limit and the
    value; ``limit`` and ``value`` carry the numbers."""

    def __init__(self, message: str, *, limit: int, value: int, report: object | None = None,
                 message_vi: str | None = None) -> None:
        super().__init__(message, report=report, message_vi=message_vi)
        self.limit = limit
        self.value = value


def user_message(exc: Exception, lang: str = "vi") -> str:
    """The message of ``exc`` for a user of ``lang``: the Vietnamese one where the error has it."""
    vi = getattr(exc, "message_vi", None)
    return vi if lang == "vi" and vi else str(exc)


class AccessDenied(ImportRefused):
    """The acting user may not do this (issue 12): a viewer writing, an editor touching a zone
    of another province, nobody signed in where users are configured. Nothing was written."""


class SignInLocked(AccessDenied):
    """Too many failed sign-ins for a user name or a browser session: sign-in is refused
    without checking the password for ``wait_s`` more seconds (:mod:`geo.store.signin`)."""

    def __init__(self, message: str, *, wait_s: int, message_vi: str | None = None) -> None:
        super().__init__(message, message_vi=message_vi)
        self.wait_s = wait_s


class StaleVersion(ImportRefused):
    """The store changed between the preview and the commit (optimistic concurrency): the
    commit is refused, never applied over the other change. Preview again."""
