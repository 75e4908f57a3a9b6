"""Waiting, visibly and for a bounded time, for another program writing the database.

Readers never wait: in WAL mode they read a snapshot beside the writer. A writer (a
unit of work begins with ``BEGIN IMMEDIATE``) that finds the write lock taken by another
process — Peyvand in another window, a backup tool — retries for up to
:func:`wait_seconds` (Settings › ``write_wait_seconds``, default 30). After a short quiet
moment the configured observer is told (the command line prints one line on stderr,
the GUI shows a progress dialog that can be cancelled); then the writer either gets the
lock or fails with ``db.busy`` (``db.busy_cancelled`` when the user stopped waiting),
never with a raw "database is locked".

Written by hand around SQLite's own busy handler: it waits in short slices
(``PRAGMA busy_timeout``) so that the wait can be shown and cancelled between them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Final, Protocol

from peyvand.config import DEFAULT_WRITE_WAIT_SECONDS
from peyvand.errors import PeyvandError
from peyvand.storage.failures import is_busy

# Each attempt lets SQLite's busy handler wait this long; the loop reports in between.
SLICE_MS: Final = 100
# Waits shorter than this are not announced (another short unit of work finishing).
QUIET_SECONDS: Final = 0.5


class WaitObserver(Protocol):
    """Told about a writer waiting for the lock; may run on any thread."""

    def waiting(self, path: Path, elapsed: float, limit: float) -> bool:
        """Called about every 0.1 s while waiting; False stops waiting (cancelled)."""

    def finished(self, path: Path) -> None:
        """The wait is over (the lock was taken, or waiting failed or was cancelled)."""


class _Config:
    seconds: float = float(DEFAULT_WRITE_WAIT_SECONDS)
    observer: WaitObserver | None = None


_config = _Config()
# Inside without_waiting(): one attempt, then db.busy (optional work such as statistics).
_no_wait: ContextVar[bool] = ContextVar("peyvand_no_wait", default=False)
# A wait on a thread already waiting (the GUI processes events while it waits, and a
# timer may start another write) fails at once instead of nesting.
_waiting = threading.local()


def configure(*, seconds: float | None = None, observer: WaitObserver | None = None) -> None:
    """Set the wait limit and the observer (the composition roots do this once)."""
    if seconds is not None:
        _config.seconds = max(0.0, float(seconds))
    _config.observer = observer


def wait_seconds() -> float:
    return _config.seconds


def busy_timeout_ms() -> int:
    """SQLite's own busy timeout for everything but taking the write lock (a reader in
    a rollback-journal package, a commit waiting for readers to finish)."""
    return int(_config.seconds * 1000)


@contextmanager
def without_waiting() -> Iterator[None]:
    """Writers inside take the lock only if it is free now (else ``db.busy`` at once)."""
    token = _no_wait.set(True)
    try:
        yield
    finally:
        _no_wait.reset(token)


def begin_immediate(dbapi_connection: Any, path: Path) -> None:
    """``BEGIN IMMEDIATE`` on a DB-API connection, waiting as described above."""
    nested = bool(getattr(_waiting, "active", False))
    limit = 0.0 if _no_wait.get() or nested else _config.seconds
    observer = _config.observer
    dbapi_connection.execute(f"PRAGMA busy_timeout = {0 if limit == 0 else SLICE_MS}")
    announced = False
    start = time.monotonic()
    _waiting.active = True
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except Exception as exc:
                if not is_busy(exc):
                    raise
            elapsed = time.monotonic() - start
            if elapsed >= limit:
                raise PeyvandError("db.busy", path=str(path), seconds=round(limit))
            if observer is not None and elapsed >= QUIET_SECONDS:
                announced = True
                if not observer.waiting(path, elapsed, limit):
                    raise PeyvandError("db.busy_cancelled", path=str(path))
    finally:
        _waiting.active = nested
        dbapi_connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
        if announced and observer is not None:
            observer.finished(path)
