"""Disk and database failures in words the user can act on, translated once.

A full disk, a read-only medium, a missing permission or another program holding the
write lock reach Peyvand as an ``OSError`` (``ENOSPC``, ``EROFS``, ``EACCES``) or as
SQLite's ``SQLITE_FULL``, ``SQLITE_READONLY``, ``SQLITE_BUSY``, ``SQLITE_IOERR``. They are
turned into :class:`PeyvandError` here, at the storage boundary:

* every SQLAlchemy engine storage makes carries a ``handle_error`` hook
  (:func:`install`), so no service call site translates anything;
* the storage functions that touch files directly (backups, restores, packages,
  scratch copies) run inside :func:`boundary`;
* the composition roots (cli.py, ui/worker.py) give an ``OSError`` that escaped from a
  file the user named (an export target) to :func:`from_os_error` before showing it.

On the office server the database itself refuses what the signed-in account may not
do (grants and row-level security, storage/access.py): :func:`permission_refusal` turns
both kinds of refusal into one :class:`PermissionDeniedError`.

Anything else passes unchanged: a genuinely damaged database stays ``db.corrupt``, and a
full disk is never reported as a failed integrity check.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from peyvand.errors import PermissionDeniedError, PeyvandError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import ExceptionContext

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY: Final = 5
SQLITE_LOCKED: Final = 6
SQLITE_READONLY: Final = 8
SQLITE_IOERR: Final = 10
SQLITE_CORRUPT: Final = 11
SQLITE_FULL: Final = 13
SQLITE_CANTOPEN: Final = 14

# PostgreSQL's insufficient_privilege: a missing grant ("permission denied for table
# meeting") and a row-level security check ("new row violates row-level security
# policy for table meeting") alike.
PG_INSUFFICIENT_PRIVILEGE: Final = "42501"

_FULL_ERRNOS: Final = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None
)
_NO_ACCESS_ERRNOS: Final = frozenset({errno.EACCES, errno.EPERM})
# Windows: ERROR_WRITE_PROTECT (a write-protected medium) arrives as EACCES.
_WINERROR_WRITE_PROTECT: Final = 19
# Python's sqlite3 before 3.11 and some builds give no code: the message decides then.
_MESSAGES: Final = (
    ("database or disk is full", SQLITE_FULL),
    ("attempt to write a readonly database", SQLITE_READONLY),
    ("database is locked", SQLITE_BUSY),
    ("database table is locked", SQLITE_LOCKED),
    ("disk i/o error", SQLITE_IOERR),
    ("database disk image is malformed", SQLITE_CORRUPT),
)


def _folder_of(path: Path | str) -> str:
    """The folder that holds ``path`` (the disk is what is full, not the file)."""
    candidate = Path(path)
    return str(candidate if candidate.is_dir() else candidate.parent)


def from_os_error(exc: OSError, path: Path | str | None = None) -> PeyvandError | None:
    """The user's version of a disk failure, or None when it is not one."""
    where = exc.filename if exc.filename is not None else path
    if exc.errno in _FULL_ERRNOS and exc.filename2 is not None:
        where = exc.filename2  # shutil.copyfile names the source first, the full disk second
    if getattr(exc, "winerror", None) == _WINERROR_WRITE_PROTECT or exc.errno == errno.EROFS:
        msg_id = "disk.read_only"
    elif exc.errno in _FULL_ERRNOS:
        msg_id = "disk.full"
        where = _folder_of(where) if where is not None else None
    elif exc.errno in _NO_ACCESS_ERRNOS:
        msg_id = "disk.no_access"
    else:
        return None
    if where is None:  # a write to an open file: the caller does not say which
        return PeyvandError(f"{msg_id}_unnamed")
    return PeyvandError(msg_id, path=str(where))


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of a sqlite3 / sqlcipher3 error (None: not one)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    if not _is_sqlite_error(exc):
        return None
    text = str(exc).lower()
    for fragment, primary in _MESSAGES:
        if fragment in text:
            return primary
    return None


def _is_sqlite_error(exc: BaseException) -> bool:
    # sqlcipher3 has error classes of its own, not subclasses of sqlite3's.
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlcipher3")


def is_busy(exc: BaseException) -> bool:
    return sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def from_sqlite_error(exc: BaseException, path: Path | str) -> PeyvandError | None:
    code = sqlite_code(exc)
    if code == SQLITE_FULL:
        return PeyvandError("disk.full", path=_folder_of(path))
    if code == SQLITE_READONLY:
        return PeyvandError("db.read_only", path=str(path))
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        from peyvand.storage import busy

        return PeyvandError("db.busy", path=str(path), seconds=round(busy.wait_seconds()))
    if code == SQLITE_IOERR:
        return PeyvandError("disk.io_error", path=str(path), detail=str(exc))
    if code == SQLITE_CANTOPEN:
        from peyvand.storage.medium import folder_is_read_only

        if folder_is_read_only(Path(path).parent):
            return PeyvandError("disk.read_only", path=str(path))
        return PeyvandError("db.cant_open", path=str(path), detail=str(exc))
    return None


def translate(exc: BaseException, path: Path | str) -> PeyvandError | None:
    """The :class:`PeyvandError` for a disk or lock failure; None for anything else."""
    original = getattr(exc, "orig", None)  # SQLAlchemy wraps DB-API errors
    if isinstance(original, BaseException):
        exc = original
    if isinstance(exc, OSError):
        return from_os_error(exc, path)
    return from_sqlite_error(exc, path)


@contextmanager
def boundary(path: Path | str) -> Iterator[None]:
    """Run file or database work on ``path``; disk and lock failures come out as
    :class:`PeyvandError` (with the original as the cause), anything else unchanged."""
    try:
        yield
    except PeyvandError:
        raise
    except Exception as exc:
        mapped = translate(exc, path)
        if mapped is None:
            raise
        raise mapped from exc


def install(engine: Engine, path: Path | str) -> None:
    """Translate disk and lock failures of every statement ``engine`` runs."""
    from sqlalchemy import event

    def _translate(context: ExceptionContext) -> Any:
        mapped = translate(context.original_exception, path)
        if mapped is not None:
            raise mapped from context.original_exception
        return None

    event.listen(engine, "handle_error", _translate)


def permission_refusal(exc: BaseException) -> PermissionDeniedError | None:
    """The user's version of a PostgreSQL permission refusal, or None when it is not one.
    The server's own text (which names a table, never a value) goes to the log only."""
    original = getattr(exc, "orig", None)
    if isinstance(original, BaseException):
        exc = original
    if getattr(exc, "sqlstate", None) != PG_INSUFFICIENT_PRIVILEGE:
        return None
    import logging

    logging.getLogger(__name__).info("the server refused: %s", str(exc).splitlines()[0:1])
    return PermissionDeniedError("account.not_permitted")
