"""Peyvand's own temporary files, and removing those a killed process left behind.

An import, a trip import or a restore works on private copies (up to a package's size)
and writes backups as ``*.partial`` files before renaming them. A process killed half-way
used to leave these for ever in the system's temp folder or beside the backups. Now:

* Temporary folders live in the data folder (``paths.data_dir() / "tmp"``), one folder
  per running process, ``<pid>-<random>``, with a lock file ``<pid>-<random>.lock``
  beside it that the process holds with an OS lock (``filelock``: ``flock`` on POSIX,
  ``LockFileEx`` on Windows) for as long as it runs. The OS releases the lock when the
  process ends, however it ends.
* :func:`sweep` removes every process folder whose lock can be taken — its process is
  gone — and never one whose lock is held: a file another running Peyvand still uses is
  never touched. The CLI and the GUI sweep at start; so does the first use of
  :func:`process_dir` in a process.
* Partial files written beside their target (backups, packages) carry the owner's tag
  (:func:`partial_path`); :func:`sweep_partials` removes those of processes that are
  gone from a folder (the backup folder, before each backup and restore).

Entries younger than :data:`GRACE_SECONDS` are left alone: that covers the moment
between a process creating its lock file and locking it.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from peyvand.paths import data_dir
from peyvand.storage import failures

log = logging.getLogger(__name__)

FOLDER_NAME: Final = "tmp"
GRACE_SECONDS: Final = 60.0
# A partial file from another computer (a backup folder on a share) is only removed
# once it is this old: its owner's lock is not visible from here.
FOREIGN_PARTIAL_SECONDS: Final = 24 * 3600.0
PARTIAL_MARK: Final = ".partial-"
_SIDE_SUFFIXES: Final = ("", "-journal", "-wal", "-shm")
_TAG_RE: Final = re.compile(r"(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)-(?P<token>[0-9a-f]{8})")

_lock = threading.Lock()
_owner: dict[str, object] = {}


def root() -> Path:
    return data_dir() / FOLDER_NAME


def _host() -> str:
    # socket, secrets and tempfile are imported where used: a start needs none of them.
    import socket

    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'replace')):08x}"


def process_dir() -> Path:
    """This process's own temporary folder (made, locked and swept on first use)."""
    with _lock:
        base = root()
        folder = _owner.get("folder")
        if (
            isinstance(folder, Path)
            and _owner.get("pid") == os.getpid()
            and folder.parent == base
            and folder.is_dir()
        ):
            return folder
        _cleanup()  # the data folder changed (tests), or a forked child's first use
        base.mkdir(parents=True, exist_ok=True)
        import secrets

        tag = f"{_host()}-{os.getpid()}-{secrets.token_hex(4)}"
        # The lock first, then the folder: a folder without a held lock is an orphan.
        from filelock import FileLock  # on first use: most commands never need a folder

        lock = FileLock(base / f"{tag}.lock", timeout=0, thread_local=False)
        lock.acquire()
        folder = base / tag
        folder.mkdir()
        _owner.update(folder=folder, pid=os.getpid(), lock=lock, tag=tag)
    sweep()
    return folder


def owner_tag() -> str:
    process_dir()
    return str(_owner["tag"])


@contextmanager
def private_temp_dir(prefix: str = "work-") -> Iterator[Path]:
    """A new folder inside :func:`process_dir`, removed when the block ends (and by the
    next start if this process is killed first)."""
    with failures.boundary(root()):
        import tempfile

        path = Path(tempfile.mkdtemp(prefix=prefix, dir=process_dir()))
    try:
        yield path
    except OSError as exc:
        # A full disk while copying into it is said as such (the copy may be big).
        disk = failures.from_os_error(exc)
        if disk is None:
            raise
        raise disk from exc
    finally:
        shutil.rmtree(path, ignore_errors=True)


def partial_path(target: Path) -> Path:
    """Where to write ``target`` before renaming it into place, tagged with its owner."""
    # A token of its own too: two threads of one process may back up at once.
    import secrets

    token = secrets.token_hex(3)
    return target.with_name(f"{target.name}.{token}{PARTIAL_MARK}{owner_tag()}")


def _alive(tag: str) -> bool:
    """Whether the process of ``tag`` (on this computer) still holds its lock."""
    if tag == _owner.get("tag"):
        return True
    lock_path = root() / f"{tag}.lock"
    if not lock_path.exists():
        return False
    from filelock import FileLock, Timeout  # only when a folder is there to sweep

    probe = FileLock(lock_path, timeout=0, thread_local=False)
    try:
        probe.acquire()
    except Timeout:
        return True
    probe.release()
    return False


def _young(path: Path, seconds: float = GRACE_SECONDS) -> bool:
    try:
        return time.time() - path.lstat().st_mtime < seconds
    except OSError:
        return True  # gone or unreadable: leave it


def sweep() -> list[Path]:
    """Remove the temporary folders of processes that are gone; returns them."""
    base = root()
    removed: list[Path] = []
    try:
        entries = sorted(base.iterdir())
    except OSError:
        return removed
    seen: set[str] = set()
    for entry in entries:
        tag = entry.name.removesuffix(".lock")
        if tag in seen or _TAG_RE.fullmatch(tag) is None or tag == _owner.get("tag"):
            continue
        seen.add(tag)
        if _young(entry):
            continue
        if _alive(tag):
            continue
        folder = base / tag
        shutil.rmtree(folder, ignore_errors=True)
        (base / f"{tag}.lock").unlink(missing_ok=True)
        if not folder.exists():
            removed.append(folder)
    if removed:
        log.info("removed %d temporary folder(s) left by ended processes", len(removed))
    return removed


def sweep_partials(folder: Path) -> list[Path]:
    """Remove, from ``folder``, partial files whose writer is gone: tagged ones of a
    process of this computer that no longer runs, tagged ones of another computer and
    untagged ones (from older versions) once they are a day old."""
    removed: list[Path] = []
    try:
        entries = sorted(Path(folder).iterdir())
    except OSError:
        return removed
    host = _host()
    for entry in entries:
        name = entry.name
        for suffix in _SIDE_SUFFIXES[1:]:
            name = name.removesuffix(suffix)
        if PARTIAL_MARK in name:
            tag = name.rsplit(PARTIAL_MARK, 1)[1]
            match = _TAG_RE.fullmatch(tag)
            if match is None or _young(entry):
                continue
            if match["host"] == host:
                if _alive(tag):
                    continue
            elif _young(entry, FOREIGN_PARTIAL_SECONDS):
                continue
        elif not name.endswith(".partial") or _young(entry, FOREIGN_PARTIAL_SECONDS):
            continue
        try:
            entry.unlink()
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", entry, exc)
            continue
        removed.append(entry)
    if removed:
        log.info("removed %d partial file(s) left in %s", len(removed), folder)
    return removed


@atexit.register
def _cleanup() -> None:
    """A normal exit removes its own folder at once (a killed one: the next sweep)."""
    folder, lock = _owner.get("folder"), _owner.get("lock")
    mine = _owner.get("pid") == os.getpid()
    _owner.clear()
    if not mine or not isinstance(folder, Path):
        return  # a forked child never removes its parent's folder
    shutil.rmtree(folder, ignore_errors=True)
    if lock is not None:  # a filelock.FileLock, taken by process_dir()
        lock.release()  # type: ignore[attr-defined]
        Path(lock.lock_file).unlink(missing_ok=True)  # type: ignore[attr-defined]
