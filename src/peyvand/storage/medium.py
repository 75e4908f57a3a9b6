"""Read-only media (a CD, a write-protected USB stick, a read-only share or folder), and
the URI with which SQLite reads a database without writing a byte.

SQLite's ``mode=ro`` still needs the ``-shm`` file of a WAL database, which it creates
beside the database — impossible on a read-only medium, where a WAL database copied
after a clean close has no ``-shm``. ``immutable=1`` reads such a file without any
locking or side file, which is right only when nothing can change it: used exactly when
the folder cannot be written (so no process can be writing the database either).
"""

from __future__ import annotations

import os
from pathlib import Path

from peyvand.errors import PeyvandError

# Folders found read-only by trying (where the checks below cannot tell: on Windows,
# os.access does not see a write-protected stick), for the rest of the process.
_found_read_only: set[str] = set()


def mark_read_only(path: Path) -> None:
    """Remember that writing beside ``path`` failed as on a read-only medium."""
    _found_read_only.add(str(Path(path).absolute().parent))


def folder_is_read_only(folder: Path) -> bool:
    """Whether files cannot be created in ``folder`` (a read-only mount or permission)."""
    if str(Path(folder).absolute()) in _found_read_only:
        return True
    statvfs = getattr(os, "statvfs", None)
    if statvfs is not None:
        try:
            if statvfs(folder).f_flag & os.ST_RDONLY:
                return True
        except OSError:
            pass
    # os.access answers for the real user (root passes permission bits, not a
    # read-only mount, which EROFS reports); on Windows it sees the read-only attribute.
    return not os.access(folder, os.W_OK)


def is_read_only(path: Path) -> bool:
    """Whether SQLite could not write the database at ``path``: the file, or its folder
    (where SQLite writes its journal, ``-wal`` and ``-shm``), is not writable."""
    path = Path(path)
    if folder_is_read_only(path.parent if str(path.parent) else Path(".")):
        return True
    return path.exists() and not os.access(path, os.W_OK)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def read_uri(path: Path) -> str:
    """An SQLite URI that reads ``path`` without writing to it or beside it.

    ``mode=ro`` where SQLite can keep its ``-shm`` (a writable folder, or one already
    there); ``immutable=1`` on a read-only medium. A WAL database copied while it was
    open — a ``-wal`` with content but no ``-shm`` — cannot be read correctly on a
    read-only medium (``immutable`` would ignore its latest changes): refused.
    """
    path = Path(path)
    uri = path.absolute().as_uri()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder_is_read_only(folder) or _side(path, "-shm").exists():
        return f"{uri}?mode=ro"
    wal = _side(path, "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PeyvandError("db.read_only_wal", path=str(path), wal=str(wal))
    return f"{uri}?immutable=1"
