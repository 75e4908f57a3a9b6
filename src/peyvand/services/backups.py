"""Backups of the database: taken, listed, rotated and restored (see docs/backups.md).

A backup is a copy made with SQLite's online backup API (so it is consistent even while
the application writes), checked with ``PRAGMA integrity_check`` before it gets its
final name: a file in the backup folder with a backup's name is a verified backup, and
a copy that failed the check never appears there. Backups are named
``<database stem>-<UTC yyyymmdd-HHMMSS>-<reason>.sqlite3`` (see
:func:`peyvand.storage.backup.backup_name`), so the folder can be shared by several
databases (the office's and the demo) and each keeps its own.

Rotation keeps, per database, the newest backup of each of the 7 most recent days that
have backups and of each of the 4 most recent ISO weeks that have backups, and never
the newest backup of all. Safety backups (before a migration, an import or a restore)
follow the same rule as the daily and manual ones: the folder's size stays bounded
however often the office imports, and a safety backup stays as long as it is the
newest of its day — the one that matters when an import or a restore must be undone the
same day. Days are the office's days (Tehran), as everywhere in Peyvand.

No Qt here: the GUI runs these functions off its thread.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from peyvand.domain.errors import PeyvandError
from peyvand.paths import backup_dir_for, backup_folder  # backup_folder: re-exported
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.storage import backup_catalogue as catalogue
from peyvand.storage import failures, migrate, scratch
from peyvand.storage.backup import (
    backup_file,
    backup_name,
    copy_into,
    has_sqlite_header,
    integrity_problems,
    parse_backup_name,
    replace_file,
    wal_path,
)
from peyvand.storage.backup_check import check_backup_file
from peyvand.storage.database import Database
from peyvand.storage.network_path import is_network_path
from peyvand.storage.package_magic import is_package
from peyvand.text import TEHRAN, today_tehran

log = logging.getLogger(__name__)

DAILY = "daily"  # the automatic backup after start-up, at most once a day
MANUAL = "manual"  # «پشتیبان‌گیری اکنون», `peyvand backup`
PRE_MIGRATION = "pre-migration"  # taken by Database.open (storage) before upgrading
PRE_IMPORT = "pre-import"
PRE_RESTORE = "pre-restore"
# Marks a backup name taken by a backup still being written.
RESERVED_SUFFIX = ".reserved"
REASONS = (DAILY, MANUAL, PRE_MIGRATION, PRE_IMPORT, PRE_RESTORE)

KEEP_DAYS = 7
KEEP_WEEKS = 4


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # aware, UTC (from the file name, not the file's mtime)
    reason: str
    size: int
    # The name is given only after the integrity check passed; ``verified`` also says the
    # file still starts as an SQLite database (cheap: listing never reads whole files).
    verified: bool
    seq: int = 1  # a second backup in the same second and for the same reason: 2, 3 …


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    restored_from: Path
    revision: str  # the schema revision of the restored file (Database.open migrates it)
    # The verified copy of the state that the restore replaced (None: there was none).
    safety_backup: BackupInfo | None
    # When the replaced state failed its integrity check it could not be backed up
    # verified; its raw files are kept here instead (never listed, never rotated).
    damaged_copy: Path | None = None
    # The backup's checksum against the catalogue beside it: "ok", or — restored only
    # with force — "unknown" (none recorded) or "changed" (see storage/backup_catalogue).
    checksum: catalogue.Status = "ok"


def _office_day(moment: datetime) -> date:
    return moment.astimezone(TEHRAN).date()


def backup_info(path: Path) -> BackupInfo | None:
    """What the file at ``path`` is, if it has a backup's name; None otherwise."""
    name = parse_backup_name(path.name)
    if name is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    verified = size > 0 and (has_sqlite_header(path) or is_package(path))
    return BackupInfo(path, name.taken_at, name.reason, size, verified, name.seq)


def _scan(folder: Path) -> list[tuple[str, BackupInfo]]:
    """(database stem, backup) for every backup-named file in ``folder``."""
    found: list[tuple[str, BackupInfo]] = []
    try:
        entries = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return found
    for path in entries:
        name = parse_backup_name(path.name)
        if name is None or not path.is_file():
            continue
        info = backup_info(path)
        if info is not None:
            found.append((name.stem, info))
    return found


def _newest_first(backups: Iterable[BackupInfo]) -> list[BackupInfo]:
    return sorted(backups, key=lambda b: (b.taken_at, b.seq, b.path.name), reverse=True)


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of the database at ``db_path`` in ``folder`` (default: beside it),
    newest first. Files with a backup's name that no longer look like a database are
    listed with ``verified=False``."""
    db_path = Path(db_path)
    folder = folder or backup_dir_for(db_path)
    return _newest_first(info for stem, info in _scan(folder) if stem == db_path.stem)


def _kept(backups: list[BackupInfo]) -> set[Path]:
    """The rotation rule for one database's verified backups."""
    ordered = _newest_first(backups)
    if not ordered:
        return set()
    keep = {ordered[0].path}  # never the newest one
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    for backup in ordered:
        day = _office_day(backup.taken_at)
        if day not in days and len(days) < KEEP_DAYS:
            days.add(day)
            keep.add(backup.path)  # newest first, so the first seen is the day's newest
        iso = day.isocalendar()
        week = (iso.year, iso.week)
        if week not in weeks and len(weeks) < KEEP_WEEKS:
            weeks.add(week)
            keep.add(backup.path)
    return keep


def rotate(folder: Path, *, clock: Clock = SYSTEM_CLOCK) -> list[Path]:
    """Delete the backups in ``folder`` that the rotation rule does not keep; returns
    them. Each database in the folder is rotated on its own.

    The rule depends only on the dates in the names (so rotating twice changes nothing);
    ``clock`` is accepted so that callers hand the same clock everywhere. Files that
    are not verified backups are neither counted nor deleted, and a file that cannot
    be deleted is logged and left.
    """
    by_stem: dict[str, list[BackupInfo]] = {}
    for stem, info in _scan(Path(folder)):
        if info.verified:
            by_stem.setdefault(stem, []).append(info)
    removed: list[Path] = []
    for group in by_stem.values():
        keep = _kept(group)
        for backup in group:
            if backup.path in keep:
                continue
            try:
                backup.path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("could not remove old backup %s: %s", backup.path, exc)
                continue
            removed.append(backup.path)
    try:
        catalogue.forget(Path(folder), (path.name for path in removed))
    except OSError as exc:  # a stale line names a file that is gone: harmless
        log.warning("could not update the checksum catalogue of %s: %s", folder, exc)
    if removed:
        log.info("rotation at %s removed %d old backup(s) from %s",
                 clock.now().isoformat(timespec="seconds"), len(removed), folder)
    return removed


def daily_backup_due(
    folder: Path, clock: Clock = SYSTEM_CLOCK, *, db_path: Path | None = None
) -> bool:
    """True when no verified backup was taken today (the office's day), for any reason:
    a manual or safety backup from earlier today makes the automatic one unnecessary.
    With ``db_path``, only that database's backups count."""
    today = today_tehran(clock.now())
    for stem, info in _scan(Path(folder)):
        if db_path is not None and stem != Path(db_path).stem:
            continue
        if info.verified and _office_day(info.taken_at) >= today:
            return False
    return True


def _source_path(db_or_path: Database | Path | str) -> Path:
    return db_or_path.path if isinstance(db_or_path, Database) else Path(db_or_path)


def _free_target(folder: Path, db_path: Path, reason: str, now: datetime) -> tuple[Path, Path]:
    """A backup name nobody uses, and the marker that reserves it: two backups in the
    same second (two imports at once) must not write to one name. Exclusive creation of
    the marker is the reservation; the caller removes it once the backup is in place."""
    name = backup_name(db_path, reason, now)
    with failures.boundary(folder):
        folder.mkdir(parents=True, exist_ok=True)
    seq = 1
    target = folder / name
    while True:
        marker = target.with_name(target.name + RESERVED_SUFFIX)
        if not target.exists():
            try:
                with failures.boundary(folder):
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                return target, marker
            except FileExistsError:
                pass  # another backup of this second has it
        seq += 1
        target = folder / f"{name.removesuffix('.sqlite3')}.{seq}.sqlite3"


def _check_source(db_path: Path) -> None:
    if not db_path.is_file():
        raise PeyvandError("db.missing", path=str(db_path))
    if not has_sqlite_header(db_path):
        raise PeyvandError("db.not_sqlite", path=str(db_path))


def _is_package(db_or_path: Database | Path | str) -> bool:
    return isinstance(db_or_path, Database) and db_or_path.is_trip


def _check(db_or_path: Database | Path | str) -> None:
    """The source exists and is a database (before any backup name is taken)."""
    db_path = _source_path(db_or_path)
    if _is_package(db_or_path):
        if not db_path.is_file():
            raise PeyvandError("db.missing", path=str(db_path))
    else:
        _check_source(db_path)


def _copy(db_or_path: Database | Path | str, target: Path) -> None:
    """A verified copy; a trip package's is encrypted (Database.backup_to)."""
    _check(db_or_path)
    if isinstance(db_or_path, Database) and db_or_path.is_trip:
        db_or_path.backup_to(target)
        return
    backup_file(_source_path(db_or_path), target)


def before_import(
    db: Database, *, folder: Path | None = None, clock: Clock = SYSTEM_CLOCK
) -> BackupInfo | None:
    """The verified ``pre-import`` backup of a database Peyvand backs up itself; None for
    the office server, which its own tools back up (``peyvand server backup``) and whose
    import is one transaction like every other."""
    if not db.has_local_backups:
        return None
    return backup_now(db, PRE_IMPORT, folder=folder, clock=clock)


def backup_now(
    db_or_path: Database | Path | str,
    reason: str,
    *,
    folder: Path | None = None,
    clock: Clock = SYSTEM_CLOCK,
    rotate_after: bool = True,
) -> BackupInfo:
    """Back up the database now into ``folder`` (default: ``backups`` beside it).

    The copy is consistent even while the database is open and written to (committed
    rows only, WAL included) and is verified before it gets its name; a database that
    fails the check raises ``db.corrupt`` and leaves no file. Then the folder is rotated
    (never removing this backup, the newest); a rotation problem is only logged.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    db_path = _source_path(db_or_path)
    folder = Path(folder) if folder is not None else backup_dir_for(db_path)
    scratch.sweep_partials(folder)  # what a killed backup or restore left behind
    now = clock.now().astimezone(UTC).replace(microsecond=0)
    _check(db_or_path)
    target, marker = _free_target(folder, db_path, reason, now)
    try:
        _copy(db_or_path, target)
    finally:
        marker.unlink(missing_ok=True)
    info = backup_info(target)
    assert info is not None, target  # the name came from backup_name
    log.info("backed up %s to %s (%s)", db_path, target, reason)
    if rotate_after:
        try:
            rotate(folder, clock=clock)
        except OSError:  # the backup itself is made; a listing problem must not undo that
            log.warning("rotation of %s failed", folder, exc_info=True)
    return info


def backup_to(
    db_or_path: Database | Path | str, target: Path, *, clock: Clock = SYSTEM_CLOCK
) -> BackupInfo:
    """A verified backup written to exactly ``target`` (a file the user chose; replaced
    if it exists). Not rotated: the file is the user's, not the backup folder's."""
    db_path = _source_path(db_or_path)
    target = Path(target)
    if target.exists() and target.resolve() == db_path.resolve():
        raise PeyvandError("backup.same_file", path=str(target))
    _copy(db_or_path, target)
    return BackupInfo(target, clock.now().astimezone(UTC), MANUAL, target.stat().st_size, True)


def daily_backup(
    db_or_path: Database | Path | str, *, folder: Path | None = None, clock: Clock = SYSTEM_CLOCK
) -> BackupInfo | None:
    """The automatic backup: taken (and the folder rotated) only when
    :func:`daily_backup_due`; None when there was nothing to do."""
    db_path = _source_path(db_or_path)
    folder = Path(folder) if folder is not None else backup_dir_for(db_path)
    if not daily_backup_due(folder, clock, db_path=db_path):
        return None
    return backup_now(db_or_path, DAILY, folder=folder, clock=clock)


# --- restore ------------------------------------------------------------------------------


def check_backup(path: Path, *, shown: Path | None = None) -> migrate.SchemaState:
    """Refuse what cannot be restored: a missing file, anything that is not a genuine
    Peyvand backup (storage/backup_check.py: exact schema of its revision, integrity and
    foreign keys, every blob's bytes, numbers and counters), one from a newer version."""
    path = Path(path)
    if not path.is_file():
        raise PeyvandError("restore.missing", path=str(shown or path))
    return check_backup_file(path, shown=shown)


def _private_copy(backup: Path, work: Path) -> tuple[Path, str]:
    """The backup copied into this process's own temporary folder, and the SHA-256 of
    the bytes copied: the checks, the checksum and the restore all use this one copy,
    so the file cannot change between being checked and being restored."""
    copy = work / "backup.sqlite3"
    try:
        with failures.boundary(copy), backup.open("rb") as fh:
            digest = catalogue.copy_with_digest(fh, copy)
    except FileNotFoundError:
        raise PeyvandError("restore.missing", path=str(backup)) from None
    return copy, digest


def _checksum_verdict(backup: Path, digest: str, force: bool) -> catalogue.Status:
    verdict = catalogue.status(backup, digest)
    if verdict == "ok":
        return verdict
    if not force:
        msg_id = "restore.changed" if verdict == "changed" else "restore.unverified"
        raise PeyvandError(
            msg_id, path=str(backup), catalogue=str(catalogue.catalogue_path(backup.parent))
        )
    log.warning("restoring %s although its checksum is %s (forced)", backup, verdict)
    return verdict


def _keep_damaged(db_path: Path, folder: Path, clock: Clock) -> Path:
    """Raw copies of a database that failed its check (and of its WAL), kept beside the
    backups under names that are never listed or rotated."""
    now = clock.now().astimezone(UTC).replace(microsecond=0)
    base = folder / (backup_name(db_path, PRE_RESTORE, now) + ".damaged")
    with failures.boundary(base):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db_path, base)
        wal = wal_path(db_path)
        if wal.exists():
            shutil.copyfile(wal, base.with_name(base.name + "-wal"))
    log.warning("%s failed its integrity check; kept a raw copy at %s", db_path, base)
    return base


def restore(
    backup: Path,
    db_path: Path,
    *,
    folder: Path | None = None,
    clock: Clock = SYSTEM_CLOCK,
    force: bool = False,
) -> RestoreResult:
    """Make the database at ``db_path`` the copy held in ``backup``.

    1. ``backup`` is copied into this process's temporary folder and the copy checked
       (:func:`check_backup`), then its SHA-256 is compared with the checksum recorded
       when it was made (storage/backup_catalogue.py): none recorded
       (``restore.unverified``) or a different one (``restore.changed``) is refused
       unless ``force`` (the command line's ``--force``, the GUI's second
       confirmation). A refusal changes nothing.
    2. The current database, if there is one, is backed up first (``pre-restore``,
       verified). If it fails its own integrity check (that is often why one restores)
       its raw files are kept instead (``…pre-restore.sqlite3.damaged``).
    3. The backup is copied *into* the live database with the backup API (one SQLite
       transaction: all or nothing, and safe for connections that are still open).
       Only a database whose header SQLite cannot read any more is replaced as a file
       instead (stale ``-wal``/``-shm`` removed first; no connection may be open then).
    4. The result is checked again.

    A restore adds files to the backup folder and never deletes one (it does not
    rotate): the backup just restored stays available until the next backup rotates.

    The restored file may have an older schema; :meth:`Database.open` migrates it
    forward (after its own pre-migration backup) when it is next opened.
    """
    backup, db_path = Path(backup), Path(db_path)
    if is_network_path(db_path):
        raise PeyvandError("db.network_path", path=str(db_path))
    if not backup.is_file():
        raise PeyvandError("restore.missing", path=str(backup))
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise PeyvandError("restore.same_file", path=str(backup))
    folder = Path(folder) if folder is not None else backup_dir_for(db_path)
    scratch.sweep_partials(folder)
    scratch.sweep_partials(db_path.parent)
    with scratch.private_temp_dir("restore-") as work:
        copy, digest = _private_copy(backup, work)
        return _restore_checked(
            copy, backup, db_path, digest, folder=folder, clock=clock, force=force
        )


def _restore_checked(
    copy: Path,
    backup: Path,
    db_path: Path,
    digest: str,
    *,
    folder: Path,
    clock: Clock,
    force: bool,
) -> RestoreResult:
    state = check_backup(copy, shown=backup)
    verdict = _checksum_verdict(backup, digest, force)
    safety: BackupInfo | None = None
    damaged: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            safety = backup_now(db_path, PRE_RESTORE, folder=folder, clock=clock,
                                rotate_after=False)
        except PeyvandError as exc:
            if exc.msg_id != "db.corrupt":
                raise  # not a database at all: refuse rather than overwrite the file
            damaged = _keep_damaged(db_path, folder, clock)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        copy_into(copy, db_path)
    except PeyvandError as exc:
        if damaged is None or exc.msg_id != "restore.failed":
            raise
        replace_file(copy, db_path)
    problems = integrity_problems(db_path)
    if problems:
        raise PeyvandError("restore.failed", path=str(db_path), detail="; ".join(problems[:3]))
    log.info("restored %s from %s (previous state: %s)", db_path, backup,
             safety.path if safety else damaged)
    assert state.revision is not None
    return RestoreResult(db_path, backup, state.revision, safety, damaged, verdict)


__all__ = [
    "DAILY",
    "KEEP_DAYS",
    "KEEP_WEEKS",
    "MANUAL",
    "PRE_IMPORT",
    "PRE_MIGRATION",
    "PRE_RESTORE",
    "REASONS",
    "BackupInfo",
    "RestoreResult",
    "backup_folder",
    "backup_info",
    "backup_now",
    "backup_to",
    "check_backup",
    "daily_backup",
    "daily_backup_due",
    "list_backups",
    "restore",
    "rotate",
]
