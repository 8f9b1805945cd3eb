"""Atomic writes: every file the project writes (exports, maps, the workspace, built data) goes
through here, so a failure never leaves a half-written file.

A file is written to a temporary sibling (``.<8 hex>.part``), flushed to disk and renamed over
the target; the folder's entry table is flushed too. A refusal (a system folder, a target that
is not a regular file, a full disk...) is the caller's :class:`~geo.errors.AtlasError` subclass
(default :class:`~geo.errors.DataFileError`), with the OS reason in plain words.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pyogrio

from geo.errors import AtlasError, DataFileError


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entry table (the rename) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: str | os.PathLike[str], *,
                error: type[AtlasError] = DataFileError) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to, renamed over ``path`` when the block ends.

    The temporary file does not exist yet (GDAL drivers create it themselves) and has the same
    suffix as ``path`` (drivers choose by extension). When the block completes it is fsynced,
    given the usual permissions (0666 less the umask) and renamed with ``os.replace`` (atomic
    on one file system); when the block or the rename fails it is removed and ``path`` is left
    exactly as it was. The temporary name is short (:data:`TEMP_PATTERN`), so a name that fits
    the file system always has a temporary that fits too; one a killed process left behind is
    removed by :func:`remove_orphan_temps`.

    Raises
    ------
    error (default DataFileError)
        ``path`` is a folder or exists as anything but a regular file (a device such as
        ``/dev/full``, a FIFO, a socket); it lies in a system folder (:data:`SYSTEM_FOLDERS`);
        its folder is missing; its name is too long; or the file system refuses the write
        (permission, disk full — also as a GDAL error). The message names the path and the
        reason; nothing is left behind.
    """
    target = Path(path)
    folder = target.parent
    _check_target(target, error)
    tmp = _new_temp_path(target, error)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        fsync_dir(folder)
    except OSError as exc:
        raise error(f"{target}: cannot write: {os_reason(exc)}") from exc
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise error(f"{target}: cannot write (disk full or not writable?): {detail}") from exc
    finally:
        for side in (tmp, *(tmp.with_name(tmp.name + end) for end in _SIDE_FILES)):
            with suppress(OSError):
                side.unlink(missing_ok=True)


SYSTEM_FOLDERS: tuple[str, ...] = ("/dev", "/proc", "/sys", "/etc", "/bin", "/sbin", "/usr",
                                   "/boot", "/lib", "/lib32", "/lib64", "/libx32")
"""Folders :func:`atomic_path` never writes into (nor below): devices and the system."""
TEMP_PATTERN = re.compile(r"^\.[0-9a-f]{8}\.part(\.[^/]*)?$")
"""Names of :func:`atomic_path`'s temporary files (and a GeoPackage's -journal/-wal beside
them): ``.<8 hex>.part<suffix>``, short so that any name that fits fits its temporary too."""
_SIDE_FILES = ("-journal", "-wal", "-shm")


def os_reason(exc: OSError) -> str:
    """The OS's reason for a failed write, in words (disk full, permission denied...)."""
    if exc.errno == errno.ENOSPC:
        return f"{exc.strerror or 'No space left on device'} (disk full)"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return str(exc.strerror or exc)


def _check_target(target: Path, error: type[AtlasError]) -> None:
    """Refuse a target that is no regular file (device, FIFO, socket, folder), one in a system
    folder, a folder that does not exist and a name the file system cannot hold."""
    try:
        folder = target.parent.resolve()
        real = folder / target.name
        for system in SYSTEM_FOLDERS:
            if real == Path(system) or real.is_relative_to(system):
                raise error(f"{target}: refusing to write into the system folder {system}; "
                            "give a file in your own folder")
        if os.path.lexists(target):
            mode = os.stat(target).st_mode if target.exists() else 0
            if stat.S_ISDIR(mode):
                raise error(f"{target}: is a folder; give a file name")
            if mode and not stat.S_ISREG(mode):
                raise error(f"{target}: exists and is not a regular file (a device, pipe or "
                            "socket); refusing to replace it")
        if not folder.is_dir():
            raise error(f"{target}: cannot write: folder {target.parent} does not exist")
        limit = os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
        if len(os.fsencode(target.name)) > limit:
            raise error(f"{target.name[:40]}…: cannot write: the file name is "
                        f"{len(os.fsencode(target.name))} bytes, above the limit of {limit}")
    except OSError as exc:
        raise error(f"{str(target)[:80]}: cannot write: {os_reason(exc)}") from exc


def _new_temp_path(target: Path, error: type[AtlasError]) -> Path:
    """A fresh, unused, short temporary name beside ``target`` (the file does not exist)."""
    suffix = target.suffix if len(target.suffix) <= 12 else ""
    for _ in range(100):
        tmp = target.with_name(f".{secrets.token_hex(4)}.part{suffix}")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise error(f"{target}: cannot write here: {os_reason(exc)}") from exc
        os.close(fd)
        tmp.unlink()
        return tmp
    raise error(f"{target}: cannot write here: no free temporary name")


def remove_orphan_temps(folder: Path, *, older_than: float | None = None) -> list[Path]:
    """Remove what a killed writer left in ``folder``: :data:`TEMP_PATTERN` files only.

    Call it while holding the folder's lock (nothing of ours is being written then);
    ``older_than`` (a POSIX time) spares files modified after it. Returns the removed paths.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return removed
    for entry in entries:
        if not TEMP_PATTERN.match(entry.name):
            continue
        try:
            info = entry.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue
            if older_than is not None and info.st_mtime >= older_than:
                continue
            entry.unlink()
            removed.append(entry)
        except OSError:
            continue
    return removed


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *,
                       error: type[AtlasError] = DataFileError) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path, error=error) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(path: str | os.PathLike[str], text: str, *,
                      error: type[AtlasError] = DataFileError) -> None:
    """Write ``text`` as UTF-8 with '\\n' line ends to ``path`` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"), error=error)


def copy_atomic(src: str | os.PathLike[str], dst: str | os.PathLike[str], *,
                error: type[AtlasError] = DataFileError) -> None:
    """Copy the file ``src`` to ``dst`` atomically (see :func:`atomic_path`)."""
    with atomic_path(dst, error=error) as tmp:
        shutil.copyfile(src, tmp)
