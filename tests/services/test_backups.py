"""Backups as the office relies on them: real files, a real (open, WAL) database, a fixed
clock; taken, verified, rotated, restored."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from peyvand.domain import Person, Unit
from peyvand.domain.errors import PeyvandError
from peyvand.services import backups, records
from peyvand.services.backups import BackupInfo
from peyvand.services.clock import FixedClock
from peyvand.services.transfer import export_json, import_json
from peyvand.storage import migrate
from peyvand.storage.backup import parse_backup_name
from peyvand.storage.database import Database
from peyvand.text import TEHRAN

# 09:00 UTC is 12:30 in Tehran: the middle of the office's day.
NOON = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def _add_people(db: Database, *names: str) -> None:
    with db.session(actor="tester") as session:
        for name in names:
            records.create(session, Person, {"name": name})


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM person WHERE deleted_at IS NULL")}
    finally:
        conn.close()


def _live_names(db: Database) -> set[str]:
    with db.reading() as session:
        return {p.name for p in session.exec(select(Person)).all() if p.deleted_at is None}


def _corrupt_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xde\xad\xbe\xef" * 3072)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- taking a backup ----------------------------------------------------------------------


def test_backup_of_an_open_wal_database_holds_the_committed_rows(
    db: Database, tmp_path: Path
) -> None:
    _add_people(db, *(f"شخص {i}" for i in range(50)))
    wal = db.path.with_name(db.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the rows should still be in the WAL"

    info = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))

    assert info.path == tmp_path / "backups" / "peyvand-20261126-090000-manual.sqlite3"
    assert (info.taken_at, info.reason, info.verified) == (NOON, "manual", True)
    assert info.size == info.path.stat().st_size > 0
    assert len(_names(info.path)) == 50
    assert backups.list_backups(db.path) == [info]
    # The database stays open and usable.
    _add_people(db, "پس از پشتیبان")
    assert "پس از پشتیبان" not in _names(info.path)


def test_backup_goes_to_the_given_folder_and_two_in_one_second_both_stay(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere"
    clock = FixedClock(NOON)
    first = backups.backup_now(db, backups.MANUAL, folder=folder, clock=clock)
    _add_people(db, "دومی")
    second = backups.backup_now(db.path, backups.MANUAL, folder=folder, clock=clock)
    assert first.path != second.path
    assert second.path.name == "peyvand-20261126-090000-manual.2.sqlite3"
    assert second.seq == 2
    # The same instant: the later one is the newest, and rotation keeps it.
    assert backups.list_backups(db.path, folder) == [second]
    assert _names(second.path) == {"دومی"}


def test_a_corrupted_copy_is_rejected_and_nothing_counts(db: Database, tmp_path: Path) -> None:
    _add_people(db, *(f"شخص {i}" for i in range(200)))
    broken = backups.backup_to(db, tmp_path / "damaged" / "peyvand.sqlite3")
    _corrupt_middle(broken.path)
    folder = tmp_path / "backups-of-damaged"

    with pytest.raises(PeyvandError) as info:
        backups.backup_now(broken.path, backups.MANUAL, folder=folder, clock=FixedClock(NOON))

    assert info.value.msg_id == "db.corrupt"
    assert _files(folder) == [], "neither the copy nor its .partial may stay"
    assert backups.list_backups(broken.path, folder) == []
    assert backups.daily_backup_due(folder, FixedClock(NOON))


def test_a_damaged_file_with_a_backups_name_does_not_count_and_is_not_deleted(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    junk = folder / "peyvand-20261126-080000-manual.sqlite3"
    junk.write_bytes(b"not a database at all")
    listed = backups.list_backups(db.path, folder)
    assert [(b.path, b.verified) for b in listed] == [(junk, False)]
    assert backups.daily_backup_due(folder, FixedClock(NOON), db_path=db.path)
    assert backups.rotate(folder, clock=FixedClock(NOON)) == []
    assert junk.exists()


def test_missing_or_foreign_source_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PeyvandError) as info:
        backups.backup_now(tmp_path / "none.sqlite3", backups.MANUAL)
    assert info.value.msg_id == "db.missing"
    text = tmp_path / "notes.sqlite3"
    text.write_text("یادداشت", encoding="utf-8")
    with pytest.raises(PeyvandError) as info:
        backups.backup_now(text, backups.MANUAL)
    assert info.value.msg_id == "db.not_sqlite"
    assert not (tmp_path / "backups").exists()
    with pytest.raises(ValueError, match="reason"):
        backups.backup_now(text, "whenever")


def test_backup_to_a_chosen_file_but_never_onto_the_database(db: Database, tmp_path: Path) -> None:
    _add_people(db, "الف")
    info = backups.backup_to(db, tmp_path / "usb" / "copy.sqlite3")
    assert _names(info.path) == {"الف"}
    before = db.path.read_bytes()
    with pytest.raises(PeyvandError) as error:
        backups.backup_to(db, db.path)
    assert error.value.msg_id == "backup.same_file"
    assert db.path.read_bytes() == before


def test_backup_names_round_trip() -> None:
    parsed = parse_backup_name("my-office-20261126-090000-pre-import.3.sqlite3")
    assert parsed is not None
    assert (parsed.stem, parsed.taken_at, parsed.reason, parsed.seq) == (
        "my-office", NOON, "pre-import", 3
    )
    for other in ("peyvand.sqlite3", "peyvand-20261126-090000-manual.sqlite3.partial",
                  "peyvand-20261399-090000-manual.sqlite3", "x-20261126-0900-manual.sqlite3"):
        assert parse_backup_name(other) is None, other


# --- rotation -----------------------------------------------------------------------------


def test_rotation_over_forty_days_keeps_the_newest_per_day_and_per_week(
    db: Database, tmp_path: Path
) -> None:
    """Forty office days, two backups on most (morning and afternoon, Tehran time), none
    on some: what stays is exactly the newest of each of the 7 latest days that have
    backups and of each of the 4 latest ISO weeks, and the newest is never removed."""
    folder = tmp_path / "backups"
    start = dt.date(2026, 10, 1)  # a Thursday
    taken: list[tuple[dt.date, Path]] = []
    for offset in range(40):
        day = start + dt.timedelta(days=offset)
        if offset % 6 == 5 or offset in (38,):
            continue  # days without any backup must not use up a slot
        times = [dt.time(8, 0), dt.time(16, 30)] if offset % 3 else [dt.time(10, 0)]
        for at in times:
            moment = dt.datetime.combine(day, at, tzinfo=TEHRAN).astimezone(dt.UTC)
            reason = backups.PRE_IMPORT if offset % 4 == 0 else backups.DAILY
            info = backups.backup_now(db, reason, folder=folder, clock=FixedClock(moment))
            taken.append((day, info.path))
            assert info.path.exists(), "the backup just taken is the newest: never rotated"
            assert backups.list_backups(db.path, folder)[0] == info

    newest_of_day: dict[dt.date, Path] = {}
    for day, path in taken:  # in time order, so the last one of a day wins
        newest_of_day[day] = path
    days = sorted(newest_of_day)
    weeks: dict[tuple[int, int], dt.date] = {}
    for day in days:
        iso = day.isocalendar()
        weeks[(iso.year, iso.week)] = day
    expected = {newest_of_day[d] for d in days[-7:]}
    expected |= {newest_of_day[weeks[w]] for w in sorted(weeks)[-4:]}

    kept = {b.path for b in backups.list_backups(db.path, folder)}
    assert kept == expected
    assert taken[-1][1] in kept
    # 7 days, plus the weeks those days do not already cover.
    assert 7 <= len(kept) <= 11
    assert backups.rotate(folder, clock=FixedClock(NOON)) == [], "rotating again changes nothing"


def test_rotation_treats_each_database_in_a_shared_folder_apart(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    other = tmp_path / "demo.sqlite3"
    backups.backup_to(db, other)
    for day in range(14):  # Thursday 26 November to Wednesday 9 December
        clock = FixedClock(NOON + dt.timedelta(days=day))
        backups.backup_now(db, backups.DAILY, folder=folder, clock=clock)
        if day == 0:
            backups.backup_now(other, backups.DAILY, folder=folder, clock=clock)
    kept = [b.taken_at.date() for b in backups.list_backups(db.path, folder)]
    # 3 to 9 December, and Sunday 29 November for the week of 23 November.
    assert kept == [dt.date(2026, 12, d) for d in range(9, 2, -1)] + [dt.date(2026, 11, 29)]
    assert len(backups.list_backups(other, folder)) == 1, "another database's only backup"


# --- when the daily backup is due ------------------------------------------------------------


def test_daily_backup_due_once_per_office_day(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    assert backups.daily_backup_due(folder, FixedClock(NOON)), "no folder yet"
    # 23:30 in Tehran on the 26th …
    late = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)
    first = backups.daily_backup(db, folder=folder, clock=FixedClock(late))
    assert first is not None and first.reason == backups.DAILY
    assert not backups.daily_backup_due(folder, FixedClock(late + dt.timedelta(minutes=29)))
    assert backups.daily_backup(db, folder=folder, clock=FixedClock(late)) is None
    # … 00:30 in Tehran is the next day.
    after_midnight = late + dt.timedelta(hours=1)
    assert backups.daily_backup_due(folder, FixedClock(after_midnight))
    # Any verified backup of the day counts (a pre-import one too).
    backups.backup_now(db, backups.PRE_IMPORT, folder=folder, clock=FixedClock(after_midnight))
    assert not backups.daily_backup_due(folder, FixedClock(after_midnight), db_path=db.path)
    # Another database's backup does not count for this one.
    assert backups.daily_backup_due(
        folder, FixedClock(after_midnight), db_path=tmp_path / "demo.sqlite3"
    )


def test_backup_folder_comes_from_settings_or_sits_beside_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "peyvand.sqlite3"
    assert backups.backup_folder(db_path) == tmp_path / "data" / "backups"
    assert backups.backup_folder(db_path, "  ") == tmp_path / "data" / "backups"
    assert backups.backup_folder(db_path, str(tmp_path / "D")) == tmp_path / "D"


# --- restore -----------------------------------------------------------------------------


def test_restore_round_trip_keeps_the_replaced_state(db_path: Path, tmp_path: Path) -> None:
    db = Database.open(db_path)
    _add_people(db, "الف", "ب")
    saved = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))
    _add_people(db, "پس از پشتیبان")
    with db.session() as session:
        gone = session.exec(select(Person).where(Person.name == "الف")).one()
        records.soft_delete(session, Person, gone.id)
    db.close()

    later = FixedClock(NOON + dt.timedelta(hours=2))
    result = backups.restore(saved.path, db_path, clock=later)

    assert result.database == db_path
    assert result.restored_from == saved.path
    assert result.revision == migrate.head_revision()
    assert result.damaged_copy is None
    safety = result.safety_backup
    assert safety is not None and safety.reason == backups.PRE_RESTORE and safety.verified
    assert safety.path.parent == tmp_path / "backups"
    assert _names(safety.path) == {"ب", "پس از پشتیبان"}, "the replaced state, verified"
    reopened = Database.open(db_path, create=False)
    try:
        assert _live_names(reopened) == {"الف", "ب"}
        assert reopened.integrity_problems() == []
    finally:
        reopened.close()
    # Restoring adds a backup and deletes none: the restored one is still offered.
    assert {b.path for b in backups.list_backups(db_path)} == {saved.path, safety.path}
    # And the restore can itself be undone from the pre-restore backup.
    backups.restore(safety.path, db_path, clock=FixedClock(NOON + dt.timedelta(hours=3)))
    assert _names(db_path) == {"ب", "پس از پشتیبان"}


def test_restore_under_an_open_database_is_seen_by_it(db: Database) -> None:
    """The copy goes through SQLite into the live file, so a connection that is still
    open (the GUI closes its own just after) reads the restored data, not a mix."""
    _add_people(db, "قدیم")
    saved = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))
    _add_people(db, "جدید")
    assert _live_names(db) == {"قدیم", "جدید"}
    backups.restore(saved.path, db.path, clock=FixedClock(NOON + dt.timedelta(minutes=5)))
    assert _live_names(db) == {"قدیم"}
    _add_people(db, "پس از بازگردانی")
    assert _live_names(db) == {"قدیم", "پس از بازگردانی"}
    assert db.integrity_problems() == []
    conn = sqlite3.connect(db.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_restore_into_a_new_file(db: Database, tmp_path: Path) -> None:
    _add_people(db, "الف")
    saved = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))
    target = tmp_path / "laptop" / "peyvand.sqlite3"
    result = backups.restore(saved.path, target, clock=FixedClock(NOON))
    assert result.safety_backup is None
    fresh = Database.open(target, create=False)
    try:
        assert _live_names(fresh) == {"الف"}
    finally:
        fresh.close()


def test_restore_of_an_older_schema_is_migrated_forward_by_open(
    db: Database, tmp_path: Path
) -> None:
    from alembic import command

    from peyvand.storage.engine import make_engine

    old = tmp_path / "old" / "peyvand.sqlite3"
    old.parent.mkdir()
    engine = make_engine(old)
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0001")
    engine.dispose()
    conn = sqlite3.connect(old)
    conn.execute(
        "INSERT INTO unit (id, created_at, updated_at, revision, name, name_en, code, notes) "
        "VALUES ('0123456789abcdef0123456789abcdef', '2024-01-01 00:00:00', "
        "'2024-01-01 00:00:00', 1, 'واحد قدیمی', '', '', '')"
    )
    conn.commit()
    conn.close()
    db_path = db.path
    db.close()

    # Not made as a backup, so no checksum was recorded: restored only when forced.
    result = backups.restore(old, db_path, clock=FixedClock(NOON), force=True)
    assert result.revision == "0001"
    assert result.checksum == "unknown"
    reopened = Database.open(db_path)
    try:
        assert reopened.schema_state().revision == migrate.head_revision()
        with reopened.reading() as session:
            assert [u.name for u in session.exec(select(Unit))] == ["واحد قدیمی"]
    finally:
        reopened.close()
    reasons = sorted(b.reason for b in backups.list_backups(db_path))
    assert reasons == ["pre-migration", "pre-restore"]


def _sqlite_file(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def _newer_backup(db: Database, tmp_path: Path) -> Path:
    info = backups.backup_to(db, tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(info.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    return info.path


def _corrupt_table(path: Path, table: str) -> None:
    """Overwrite the pages of one table: a damaged backup that still says what it is
    (the middle of the file may hold the schema itself, which depends on the indexes
    the migrations made)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    conn.close()
    with path.open("r+b") as fh:
        for page in pages[1:]:  # the root page stays; its children are garbage
            fh.seek((page - 1) * page_size)
            fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def _corrupt_backup(db: Database, tmp_path: Path) -> Path:
    _add_people(db, *(f"شخص {i}" for i in range(200)))
    info = backups.backup_to(db, tmp_path / "corrupt.sqlite3")
    _corrupt_table(info.path, "person")
    return info.path


@pytest.mark.parametrize(
    ("make", "msg_id"),
    [
        pytest.param(lambda db, tmp: tmp / "missing.sqlite3", "restore.missing", id="missing"),
        pytest.param(lambda db, tmp: Path(tmp / "notes.txt").write_text("سلام") and
                     tmp / "notes.txt", "restore.not_backup", id="text-file"),
        pytest.param(lambda db, tmp: (tmp / "empty.sqlite3").write_bytes(b"") == 0 and
                     tmp / "empty.sqlite3", "restore.not_backup", id="empty-file"),
        pytest.param(lambda db, tmp: _sqlite_file(tmp / "other.sqlite3",
                                                  "CREATE TABLE songs (title TEXT)"),
                     "restore.not_backup", id="foreign-sqlite"),
        pytest.param(lambda db, tmp: _sqlite_file(tmp / "blank.sqlite3", "PRAGMA user_version=1"),
                     "restore.not_backup", id="blank-sqlite"),
        pytest.param(_newer_backup, "restore.newer", id="newer-schema"),
        pytest.param(_corrupt_backup, "restore.corrupt", id="corrupt"),
        pytest.param(lambda db, tmp: db.path, "restore.same_file", id="the-database-itself"),
    ],
)
def test_restore_refuses_what_is_not_a_sound_backup_and_changes_nothing(
    db: Database, tmp_path: Path, make: object, msg_id: str
) -> None:
    source = make(db, tmp_path)  # type: ignore[operator]
    _add_people(db, "باید بماند")
    db.optimize()
    folder = tmp_path / "backups"
    before = (_live_names(db), _files(folder))

    with pytest.raises(PeyvandError) as info:
        backups.restore(source, db.path, clock=FixedClock(NOON))

    assert info.value.msg_id == msg_id, str(info.value)
    assert (_live_names(db), _files(folder)) == before, "no pre-restore backup, no change"
    assert info.value.message("fa")
    if msg_id == "restore.newer":
        assert "9999" in info.value.message("en")


def test_restore_over_a_corrupted_database_keeps_its_raw_files(
    db_path: Path, tmp_path: Path
) -> None:
    db = Database.open(db_path)
    _add_people(db, "سالم")
    saved = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))
    _add_people(db, *(f"شخص {i}" for i in range(200)))
    db.close()
    _corrupt_middle(db_path)

    result = backups.restore(saved.path, db_path, clock=FixedClock(NOON + dt.timedelta(hours=1)))

    assert result.safety_backup is None
    assert result.damaged_copy is not None and result.damaged_copy.exists()
    assert result.damaged_copy.name.endswith("-pre-restore.sqlite3.damaged")
    assert result.damaged_copy not in {b.path for b in backups.list_backups(db_path)}
    reopened = Database.open(db_path, create=False)
    try:
        assert _live_names(reopened) == {"سالم"}
        assert reopened.integrity_problems() == []
    finally:
        reopened.close()


def test_restore_over_a_database_with_a_destroyed_header_replaces_the_file(
    db_path: Path, tmp_path: Path
) -> None:
    db = Database.open(db_path)
    _add_people(db, "سالم")
    saved = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))
    _add_people(db, "بعدی")
    db.close()
    with db_path.open("r+b") as fh:  # the magic stays; the page size and more do not
        fh.seek(16)
        fh.write(b"\xff" * 84)
    stale_wal = db_path.with_name(db_path.name + "-wal")
    stale_wal.write_bytes(b"\x00" * 100)

    result = backups.restore(saved.path, db_path, clock=FixedClock(NOON + dt.timedelta(hours=1)))

    assert result.damaged_copy is not None
    assert result.damaged_copy.with_name(result.damaged_copy.name + "-wal").exists()
    assert not stale_wal.exists(), "a stale WAL must never be replayed into the restored file"
    reopened = Database.open(db_path, create=False)
    try:
        assert _live_names(reopened) == {"سالم"}
    finally:
        reopened.close()


def test_restore_refuses_to_overwrite_a_file_that_is_not_a_database(
    db: Database, tmp_path: Path
) -> None:
    saved = backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON))
    letter = tmp_path / "letter.docx"
    letter.write_bytes(b"PK\x03\x04 a letter, not a database")
    with pytest.raises(PeyvandError) as info:
        backups.restore(saved.path, letter, clock=FixedClock(NOON))
    assert info.value.msg_id == "db.not_sqlite"
    assert letter.read_bytes() == b"PK\x03\x04 a letter, not a database"


# --- import -------------------------------------------------------------------------------


def test_import_into_a_database_with_data_backs_it_up_first(
    db: Database, tmp_path: Path, migrated_template: Path
) -> None:
    import shutil

    source_path = tmp_path / "source" / "peyvand.sqlite3"
    source_path.parent.mkdir()
    shutil.copyfile(migrated_template, source_path)
    source = Database.open(source_path)
    _add_people(source, "از پرونده")
    export = export_json(source, tmp_path / "export.json").path
    source.close()

    # An empty database has nothing to lose: no backup.
    empty_path = tmp_path / "empty" / "peyvand.sqlite3"
    empty_path.parent.mkdir()
    shutil.copyfile(migrated_template, empty_path)
    empty = Database.open(empty_path)
    try:
        import_json(empty, export, clock=FixedClock(NOON))
    finally:
        empty.close()
    assert not (empty_path.parent / "backups").exists()

    _add_people(db, "پیش از درون‌ریزی")
    folder = tmp_path / "my-backups"
    summary = import_json(db, export, backup_folder=folder, clock=FixedClock(NOON))
    assert summary.counts["person"] == 1
    [backup] = backups.list_backups(db.path, folder)
    assert backup.reason == backups.PRE_IMPORT and backup.verified
    assert _names(backup.path) == {"پیش از درون‌ریزی"}, "the state before the import"
    assert _live_names(db) == {"پیش از درون‌ریزی", "از پرونده"}

    # A file that is refused before writing makes no backup either.
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(PeyvandError):
        import_json(db, bad, backup_folder=folder, clock=FixedClock(NOON + dt.timedelta(1)))
    assert backups.list_backups(db.path, folder) == [backup]


def test_backup_info_of_other_files_is_none(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x")
    assert backups.backup_info(other) is None
    assert isinstance(
        backups.backup_info(_sqlite_file(tmp_path / "a-20261126-090000-manual.sqlite3",
                                         "CREATE TABLE t (x)")),
        BackupInfo,
    )
