"""Moving a workstation's file onto the office server (peyvand server import-local).

The target is the ``db`` fixture: on the server (PostgreSQL) as the issue asks, and on a
SQLite file too (the copy and the merge are engine-neutral). The source is a real
workstation file with the demo data.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import col, select

from peyvand.domain import AuditEvent, Meeting, MergeConflict, Person
from peyvand.errors import PeyvandError
from peyvand.services import local_import, records, search
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.meetings import record_meeting
from peyvand.storage import bulk_copy
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def workstation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ws") / "workstation.sqlite3"
    db = Database.open(path)
    try:
        load_demo(db, clock=CLOCK)
        with db.session(actor="Maryam") as session:
            person = session.exec(select(Person)).first()
            assert person is not None
            records.update(session, Person, person.id, {"protocol_notes": "گیاه‌خوار"})
    finally:
        db.close()
    return path


def _copy(workstation: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ws.sqlite3"
    shutil.copyfile(workstation, path)
    return path


def _digests(db: Database) -> dict[str, tuple[int, str]]:
    with db.read_engine.connect() as conn:
        return {t.name: bulk_copy.table_digest(conn, t) for t in bulk_copy.tables()}


def test_an_empty_server_gets_the_whole_file_verified(
    db: Database, workstation: Path, tmp_path: Path
) -> None:
    source = Database.open(_copy(workstation, tmp_path), create=False)
    try:
        expected = _digests(source)
    finally:
        source.close()
    result = local_import.import_local(db, _copy(workstation, tmp_path), clock=CLOCK)
    assert result.copied_whole and result.counts["meeting"] == 12
    copied = _digests(db)
    # Every table equal, the audit trail included; one event more says who moved it.
    assert {t: d for t, d in copied.items() if t != "audit_event"} == {
        t: d for t, d in expected.items() if t != "audit_event"
    }
    assert copied["audit_event"][0] == expected["audit_event"][0] + 1
    with db.reading() as session:
        actors = set(session.exec(select(AuditEvent.actor)))
        assert "Maryam" in actors  # historic actors kept
    assert search.search(db, "خواهرخوانده")  # the index was rebuilt on the target
    assert db.integrity_problems() == []
    # Numbering goes on from the copied counters.
    detail = record_meeting(db, {"title": "نخستین جلسه روی کارگزار", "date": dt.date(2026, 12, 7)})
    assert detail.meeting.number == "1405-011"


def test_a_dry_run_writes_nothing(db: Database, workstation: Path, tmp_path: Path) -> None:
    result = local_import.import_local(db, _copy(workstation, tmp_path), dry_run=True)
    assert result.dry_run and result.counts["person"] == 28
    assert db.is_empty()


def test_a_copy_that_does_not_come_out_equal_is_rolled_back(
    db: Database, workstation: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = bulk_copy.table_digest

    def differing(conn: object, table: object) -> tuple[int, str]:
        count, digest = real(conn, table)  # type: ignore[arg-type]
        calls.append(digest)
        return count, digest + str(len(calls))  # never the same twice: a difference

    monkeypatch.setattr(bulk_copy, "table_digest", differing)
    with pytest.raises(PeyvandError) as caught:
        local_import.import_local(db, _copy(workstation, tmp_path))
    assert caught.value.msg_id == "server.import_mismatch"
    monkeypatch.undo()
    assert db.is_empty()


def test_a_second_workstation_merges_with_conflicts_and_renumbering(
    db: Database, workstation: Path, tmp_path: Path
) -> None:
    local_import.import_local(db, _copy(workstation, tmp_path), clock=CLOCK)
    # The second workstation started from a copy of the first and went its own way:
    # one person edited differently, one meeting of its own with a number the server
    # gives to one of its own meetings meanwhile.
    second = _copy(workstation, tmp_path)
    ws = Database.open(second, create=False)
    try:
        with ws.session() as session:
            person = session.exec(select(Person).order_by(col(Person.name))).first()
            assert person is not None
            person_id = person.id
            records.update(session, Person, person_id, {"email": "second@example.com"})
        own = record_meeting(ws, {"title": "جلسه رایانه دوم", "date": dt.date(2026, 12, 7)})
    finally:
        ws.close()
    taken = record_meeting(db, {"title": "جلسه روی کارگزار", "date": dt.date(2026, 12, 7)})
    assert own.meeting.number == taken.meeting.number == "1405-011"

    result = local_import.import_local(db, second, clock=CLOCK)
    assert not result.copied_whole
    assert result.counts.get("meeting") == 1
    (renumbered,) = [r for r in result.renumbered if r.table == "meeting"]
    assert (renumbered.old, renumbered.new) == ("1405-011", "1405-012")
    with db.reading() as session:
        moved = session.get(Meeting, own.meeting.id)
        assert moved is not None and moved.number == "1405-012"
        history = session.exec(
            select(AuditEvent).where(col(AuditEvent.entity_id) == str(own.meeting.id))
        ).all()
        assert any(a.action == "renumber" and a.changes["number"] == ["1405-011", "1405-012"]
                   for a in history)  # fmt: skip
        conflicts = session.exec(
            select(MergeConflict).where(col(MergeConflict.entity_id) == str(person_id))
        ).all()
        assert [(c.field, c.values["laptop"], c.has_base) for c in conflicts] == [
            ("email", "second@example.com", False)
        ]
        assert session.get(Person, person_id).email != "second@example.com"  # type: ignore[union-attr]
    assert result.conflicts == len(conflicts) == 1
    # The counter moved past what came in: the next meeting does not collide.
    nxt = record_meeting(db, {"title": "بعدی", "date": dt.date(2026, 12, 7)})
    assert nxt.meeting.number == "1405-013"
    assert db.integrity_problems() == []


def test_a_second_workstations_letters_keep_the_register_unique(
    db: Database, workstation: Path, tmp_path: Path
) -> None:
    """Both registered letter 3/1405/ب‌م: the second's gets the server's next number in the
    same book and year, in the same pattern, and the server's counter moves past it."""
    from peyvand.config import Settings
    from peyvand.domain import Letter
    from peyvand.services import letters

    settings = Settings()
    local_import.import_local(db, _copy(workstation, tmp_path), clock=CLOCK)
    second = _copy(workstation, tmp_path)
    ws = Database.open(second, create=False)
    try:
        draft = letters.save(ws, None, {"subject": "نامه رایانه دوم"})
        own = letters.register(ws, draft.id, settings=settings, clock=CLOCK)
    finally:
        ws.close()
    server_draft = letters.save(db, None, {"subject": "نامه روی کارگزار"})
    taken = letters.register(db, server_draft.id, settings=settings, clock=CLOCK)
    assert own.number == taken.number == "3/1405/ب‌م"

    result = local_import.import_local(db, second, clock=CLOCK)
    (renumbered,) = [r for r in result.renumbered if r.table == "letter"]
    assert (renumbered.old, renumbered.new) == ("3/1405/ب‌م", "4/1405/ب‌م")
    with db.reading() as session:
        moved = session.get(Letter, own.id)
        assert moved is not None
        assert (moved.number, moved.register_seq, moved.register_year) == ("4/1405/ب‌م", 4, 1405)
    later = letters.register(
        db, letters.save(db, None, {"subject": "بعدی"}).id, settings=settings, clock=CLOCK
    )
    assert later.number == "5/1405/ب‌م"
    assert db.integrity_problems() == []


def test_what_is_not_a_workstation_file_is_refused(db: Database, tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("یادداشت", encoding="utf-8")
    foreign = tmp_path / "other.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE songs (title TEXT)").connection.close()
    for path, msg_id in (
        (tmp_path / "missing.sqlite3", "db.missing"),
        (notes, "db.not_sqlite"),
        (foreign, "db.not_sqlite"),
    ):
        with pytest.raises(PeyvandError) as caught:
            local_import.import_local(db, path)
        assert caught.value.msg_id == msg_id
    assert db.is_empty()
