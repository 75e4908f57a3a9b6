"""Backups: a verified, self-contained copy of a live WAL database; corruption is reported."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from peyvand.domain import Meeting, Person
from peyvand.domain.errors import PeyvandError
from peyvand.services import records, search
from peyvand.storage.backup import backup_file, backup_name, integrity_problems
from peyvand.storage.database import Database


def _fill(db: Database, n: int = 200) -> list[uuid.UUID]:
    with db.session(actor="tester") as session:
        return [
            records.create(
                session, Person, {"name": f"شخص {i}", "protocol_notes": "یادداشت تشریفات " * 30}
            ).id
            for i in range(n)
        ]


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM person")}
    finally:
        conn.close()


def _corrupt_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xde\xad\xbe\xef" * 3072)  # three pages of garbage


def test_backup_of_an_open_wal_database_holds_the_committed_rows(
    db: Database, tmp_path: Path
) -> None:
    ids = _fill(db)
    wal = db.path.with_name(db.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the rows should still be in the WAL"
    # Proof that they are only in the WAL: a plain copy of the main file lacks them.
    plain = tmp_path / "plain" / "copy.sqlite3"
    plain.parent.mkdir()
    shutil.copyfile(db.path, plain)
    assert _names(plain) == set()

    target = backup_file(db.path, tmp_path / "backups" / "b.sqlite3")
    assert target == tmp_path / "backups" / "b.sqlite3"
    assert target.exists()
    assert not target.with_name(target.name + ".partial").exists()
    assert len(_names(target)) == len(ids)
    assert integrity_problems(target) == []
    # The database stays usable while and after it is backed up.
    with db.session() as session:
        records.create(session, Person, {"name": "پس از پشتیبان"})
    assert "پس از پشتیبان" not in _names(target)


def test_backup_is_self_contained_and_opens_as_a_database(db: Database, tmp_path: Path) -> None:
    ids = _fill(db, 5)
    with db.session() as session:
        meeting = records.create(
            session, Meeting, {"title": "دیدار خواهرخواندگی", "date": dt.date(2021, 2, 4)}
        )
    target = backup_file(db.path, tmp_path / "b.sqlite3")
    assert not target.with_name(target.name + "-wal").exists()
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    copy = Database.open(target, create=False)
    try:
        assert copy.schema_state().needs_upgrade is False
        assert records.get_row(copy, Person, ids[0]).name == "شخص 0"
        assert records.get_row(copy, Meeting, meeting.id).number == "1399-001"
        assert [h.entity_id for h in search.search(copy, "خواهرخواندگی")] == [meeting.id]
    finally:
        copy.close()


def test_backup_leaves_out_an_uncommitted_transaction(db: Database, tmp_path: Path) -> None:
    _fill(db, 3)
    with db.session() as session:
        records.create(session, Person, {"name": "نیمه‌کاره"})
        session.flush()
        target = backup_file(db.path, tmp_path / "b.sqlite3")
        session.rollback()
    names = _names(target)
    assert len(names) == 3
    assert "نیمه‌کاره" not in names


def test_backup_replaces_an_older_backup_of_the_same_name(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "b.sqlite3"
    _fill(db, 2)
    backup_file(db.path, target)
    _fill(db, 3)
    backup_file(db.path, target)
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 5
    finally:
        conn.close()


def test_integrity_problems_of_a_sound_database_is_empty(db: Database) -> None:
    _fill(db, 3)
    assert db.integrity_problems() == []


def test_integrity_problems_reports_a_corrupted_copy(db: Database, tmp_path: Path) -> None:
    _fill(db)
    copy = backup_file(db.path, tmp_path / "b.sqlite3")
    _corrupt_middle(copy)
    problems = integrity_problems(copy)  # must report, not raise
    assert problems
    assert all(isinstance(p, str) and p for p in problems)


def test_integrity_problems_reports_a_dangling_foreign_key(db: Database, tmp_path: Path) -> None:
    _fill(db, 1)
    copy = backup_file(db.path, tmp_path / "b.sqlite3")
    conn = sqlite3.connect(copy)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE person SET organization_id = ? WHERE rowid = 1", (uuid.uuid4().hex,))
        conn.commit()
    finally:
        conn.close()
    problems = integrity_problems(copy)
    assert any(p.startswith("foreign key: person") for p in problems), problems


def test_backup_of_a_corrupted_database_is_refused_and_leaves_no_file(
    db: Database, tmp_path: Path
) -> None:
    _fill(db)
    broken = backup_file(db.path, tmp_path / "broken.sqlite3")
    _corrupt_middle(broken)
    out = tmp_path / "out"
    with pytest.raises(PeyvandError) as info:
        backup_file(broken, out / "copy.sqlite3")
    assert info.value.msg_id == "db.corrupt"
    assert "integrity" in info.value.message("en")
    assert list(out.iterdir()) == []


def test_backup_name_is_sortable_and_says_why() -> None:
    at = dt.datetime(2021, 2, 4, 9, 5, 7, tzinfo=dt.UTC)
    assert backup_name(Path("/x/peyvand.sqlite3"), "pre-migration", at) == (
        "peyvand-20210204-090507-pre-migration.sqlite3"
    )
