"""Verified copies of a live database with SQLite's online backup API, restoring one into
place, and the check that keeps the live database off network shares."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from peyvand.domain.errors import PeyvandError
from peyvand.storage import backup_catalogue as catalogue
from peyvand.storage import failures, medium, scratch
from peyvand.storage.migrate import SQLITE_MAGIC


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` findings; empty when the file is sound."""
    try:
        conn = sqlite3.connect(medium.read_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        disk = failures.translate(exc, path)
        if disk is not None:  # the disk, not the file: say so, never "corrupt"
            raise disk from exc
        # A damaged header or page can make the check itself fail: that is a finding.
        return [str(exc)]
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    problems += [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in fk_rows]
    return problems


def backup_file(source: Path, target: Path, *, record: bool = True) -> Path:
    """Copy ``source`` to ``target`` consistently, even while it is in use.

    The copy is written beside the target (under a name tagged with this process, so
    that a later start removes it if the process is killed: storage/scratch.py) and
    renamed into place only after it passed an integrity check, so a half-written
    backup never counts as one. Its SHA-256 goes into the folder's checksum catalogue
    (storage/backup_catalogue.py) before the rename, unless ``record`` is False (an
    intermediate copy). A full or read-only disk is said as such, never as a failed
    integrity check.
    """
    partial = scratch.partial_path(target)
    try:
        with failures.boundary(target):
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            src = sqlite3.connect(medium.read_uri(source), uri=True)
            try:
                with failures.boundary(target):
                    dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            disk = failures.translate(exc, target)
            if disk is not None:
                raise disk from exc
            raise PeyvandError("db.corrupt", path=str(source), detail=str(exc)) from exc
        problems = integrity_problems(partial)
        if problems:
            raise PeyvandError("db.corrupt", path=str(source), detail="; ".join(problems[:3]))
        with failures.boundary(target):
            if record:
                catalogue.record(target, catalogue.sha256_of(partial))
            partial.replace(target)
    finally:
        for side in (partial, partial.with_name(partial.name + "-journal")):
            side.unlink(missing_ok=True)
    return target


def backup_name(db_path: Path, reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{db_path.stem}-{stamp}-{reason}.sqlite3"


# --- names ------------------------------------------------------------------------------

# «peyvand-20210204-090507-pre-migration.sqlite3»; a second backup with the same reason in
# the same second gets «.2», «.3» … before the extension instead of replacing the first.
BACKUP_NAME_RE = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>[0-9]{8}-[0-9]{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)"
    r"(?:\.(?P<seq>[0-9]+))?\.sqlite3$"
)


@dataclass(frozen=True)
class BackupName:
    stem: str
    taken_at: datetime  # aware, UTC
    reason: str
    seq: int  # 1 for the first backup of that second and reason


def parse_backup_name(name: str) -> BackupName | None:
    """What :func:`backup_name` encoded, or None for any other file name."""
    match = BACKUP_NAME_RE.match(name)
    if match is None:
        return None
    try:
        taken_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    seq = int(match["seq"]) if match["seq"] else 1
    return BackupName(match["stem"], taken_at, match["reason"], seq)


def has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


# --- restoring --------------------------------------------------------------------------


def copy_into(source: Path, target: Path) -> None:
    """Make the database at ``target`` a copy of ``source`` with the backup API.

    The copy is written *through* the target's own connection: SQLite locks the target for
    the copy and commits it as one transaction (through its journal or WAL), so a failure
    or a power cut half-way leaves the target as it was, and any other connection to it
    (another window, a running backup) sees either the old or the new database, never a
    mix. A target in WAL mode stays in WAL mode. If the page sizes differ (a WAL database
    cannot change its page size), the target is switched to a rollback journal for the
    copy and back afterwards, which needs it not to be in use elsewhere.
    """
    try:
        src = sqlite3.connect(medium.read_uri(source), uri=True)
        try:
            dst = sqlite3.connect(target, timeout=10)
            try:
                wal = dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                src_page = src.execute("PRAGMA page_size").fetchone()[0]
                dst_page = dst.execute("PRAGMA page_size").fetchone()[0]
                switch = wal and src_page != dst_page
                if switch:
                    dst.execute("PRAGMA journal_mode=DELETE")
                src.backup(dst)
                if switch:
                    dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        if failures.is_busy(exc):
            raise PeyvandError("restore.busy", path=str(target)) from exc
        disk = failures.translate(exc, target)
        if disk is not None:
            raise disk from exc
        raise PeyvandError("restore.failed", path=str(target), detail=str(exc)) from exc


def replace_file(source: Path, target: Path) -> None:
    """Put a verified copy of ``source`` in place of ``target`` as a new file.

    For a target that SQLite can no longer open (a damaged header), where
    :func:`copy_into` cannot write through it. No connection to ``target`` may be open:
    its stale ``-wal`` and ``-shm`` are removed *before* the rename, because SQLite would
    otherwise replay the old journal's pages into the new file.
    """
    partial = backup_file(source, scratch.partial_path(target), record=False)
    try:
        for side in (wal_path(target), shm_path(target)):
            side.unlink(missing_ok=True)
        os.replace(partial, target)
    except OSError as exc:
        # On Windows a file still open elsewhere cannot be replaced; nothing was renamed.
        partial.unlink(missing_ok=True)
        disk = failures.from_os_error(exc, target)
        if disk is not None:
            raise disk from exc
        raise PeyvandError(
            "restore.failed", path=str(target), detail=exc.strerror or str(exc)
        ) from exc


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")
