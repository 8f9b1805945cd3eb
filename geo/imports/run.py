"""One call for the CLI and the page: read an upload, plan it, commit it to the store.

:func:`import_file` checks the options once (:func:`geo.imports.options.check_options`), reads
the file (:func:`geo.imports.pipeline.read_upload`), plans (:func:`geo.imports.plan.plan_import`)
and, unless it is a dry run, has the store commit the plan (:meth:`geo.store.base.Store.commit`
or the workspace's :func:`geo.store.workspace.commit_import`). :func:`read_bytes` reads an
upload held in memory (the page).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.core.findings import Report, refused
from geo.core.schema import ImportKind as Kind
from geo.errors import ImportRefused, ParameterError
from geo.imports.archive import MAX_BYTES
from geo.imports.indicators_sheet import read_indicator_sheets
from geo.imports.options import check_file, check_options
from geo.imports.pipeline import read_upload
from geo.imports.plan import ImportPlan, plan_import
from geo.store import workspace as ws
from geo.store.audit import sha256_file
from geo.store.base import Store


@dataclass
class ImportOutcome:
    """Result of :func:`import_file`: what was read, the plan, and the log entry if written."""

    detected: dict[str, Any]
    report: Report
    plan: ImportPlan | None
    entry: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """No blocking error (for validate / dry-run: the file could be imported)."""
        return self.report.ok and self.plan is not None


def read_bytes(name: str, data: bytes, *, kind: Kind = "zones", max_bytes: int | None = None,
               **read_options: Any) -> tuple[Any, str]:
    """Read an upload held in memory (the page's ``st.file_uploader``): (IngestResult, sha256).

    The bytes are written to a private temporary folder under the original file name (the
    reader looks at the extension), read with :func:`geo.imports.pipeline.read_upload`, and the
    folder is
    removed whatever happens. The size limit is checked before anything is written.

    Raises
    ------
    ImportRefused
        Over the size limit, or the reader refused the file.
    """
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if not limit > 0:
        raise ParameterError(f"upload size limit {limit!r} bytes: must be more than 0")
    if len(data) > limit:
        raise _over_limit(name, len(data), limit)
    safe = Path(name).name.strip() or "upload"
    with tempfile.TemporaryDirectory(prefix="kcn-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        result = read_indicator_sheets(path) if kind == "indicators" else \
            read_upload(path, kind=kind, max_bytes=limit, **read_options)
    return result, hashlib.sha256(data).hexdigest()


def _over_limit(name: str, size: int, limit: int) -> ImportRefused:
    mb = f" ({limit / 2**20:,.0f} MB)" if limit >= 2**20 else ""
    return refused(f"{size:,} bytes is over the upload limit of {limit:,} bytes{mb}",
                   f"{size:,} byte, vượt giới hạn tải lên {limit:,} byte{mb}", source=name)


def import_file(path: Path, *, kind: Kind = "zones", period: str | None = None,
                file_name: str | None = None, dry_run: bool = False, note: str = "",
                allow_unmatched: bool = False, max_bytes: int | None = None,
                geometry_quality: str | None = None, workspace: Path | None = None,
                store: Store | None = None, replace_lots: bool = False,
                **read_options: Any) -> ImportOutcome:
    """Read ``path`` (:func:`geo.imports.pipeline.read_upload`), plan, and unless ``dry_run``
    commit.

    ``read_options`` go to ``read_upload`` (layer, crs, province, utm, encoding, mapping);
    ``geometry_quality`` to :func:`geo.imports.plan.plan_import` (default: from the file's
    format). ``replace_lots``: a lot plan replaces the lots of the zones it has lots of
    (:func:`geo.imports.lots_plan.plan_lots`). ``store``: plan on this
    :class:`geo.store.base.Store`'s snapshot and commit through it (open mode only) instead
    of the workspace.
    A plan that changes nothing is not committed (``outcome.entry`` stays None).

    Raises
    ------
    FilterError, CRSError, ParameterError
        A bad option (unknown province, encoding, period, mapped field, CRS; a size limit ≤ 0;
        figures without a period), before anything is read.
    ImportRefused
        The file cannot be read, or the commit is refused (``exc.report`` holds the findings).
    """
    limit = MAX_BYTES if max_bytes is None else max_bytes
    layer = read_options.pop("layer", None)
    options = check_options(kind=kind, period=period, max_bytes=limit, **read_options)
    if kind == "figures" and period is None:
        raise ParameterError("figures need a period, e.g. --period 2024-H2")
    check_file(path)
    if path.stat().st_size > limit:
        raise _over_limit(path.name, path.stat().st_size, limit)
    name = file_name or path.name
    result = read_indicator_sheets(path, file_name=name) if kind == "indicators" else \
        read_upload(path, layer=layer, options=options)
    plan = plan_import(result.frame, kind=kind, file_name=name, sha256=sha256_file(path),
                       period=period, report=result.report,
                       source_format=result.detected.format,
                       geometry_quality=geometry_quality, workspace=workspace, store=store,
                       replace_lots=replace_lots)
    outcome = ImportOutcome(result.detected.to_dict(), plan.report, plan)
    if not dry_run and plan.ok and plan.changes_anything:
        outcome.entry = store.commit(plan, note=note, allow_unmatched=allow_unmatched) \
            if store is not None else ws.commit_import(plan, note=note,
                                                       allow_unmatched=allow_unmatched,
                                                       workspace=workspace)
    return outcome
