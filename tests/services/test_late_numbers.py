"""A new meeting's number is taken as the last step of its save (unit_of_work's late
numbers): the same numbers, audit trail and search document as before on both engines,
and on the office server a save no longer waits for another workstation's whole save.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid

import pytest
from sqlalchemy import text

from peyvand.domain import Meeting, Person, Statement
from peyvand.services import meetings, minutes, numbering, records
from peyvand.storage import search_index
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

BAHMAN_16_1399 = dt.date(2021, 2, 4)


def _speaker(db: Database) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, Person, {"name": "مریم احمدی"}).id


def _save(db: Database, title: str, speaker: uuid.UUID, statements: int = 3) -> minutes.Minutes:
    return minutes.save(
        db,
        None,
        {"title": title, "date": BAHMAN_16_1399},
        statements=[{"speaker_id": speaker, "text": f"سخن {i}"} for i in range(statements)],
    )


def test_a_saved_meeting_has_its_number_everywhere(db: Database) -> None:
    speaker = _speaker(db)
    first = _save(db, "جلسهٔ نخست", speaker)
    second = _save(db, "جلسهٔ دوم", speaker)
    assert [first.detail.meeting.number, second.detail.meeting.number] == ["1399-001", "1399-002"]
    meeting_id = second.detail.meeting.id
    with db.reading() as session:
        stored = records.get(session, Meeting, meeting_id)
        # Numbered without counting as an edit: one revision, one audit row.
        assert (stored.number, stored.revision) == ("1399-002", second.detail.meeting.revision)
    with db.engine.connect() as conn:
        audit = conn.execute(
            text(
                "SELECT action, changes FROM audit_event "
                "WHERE entity = 'meeting' AND entity_id = :i"
            ),
            {"i": str(meeting_id)},
        ).all()
        leftovers = conn.execute(
            text(
                "SELECT count(*) FROM audit_event WHERE CAST(changes AS TEXT) LIKE '%pending-%'"
            )
        ).scalar_one()
        docs = conn.execute(
            text("SELECT number, body FROM search_doc WHERE entity = 'meeting' ORDER BY number")
        ).all()
        hits = search_index.query(conn, "1399-002")
    assert len(audit) == 1 and audit[0].action == "create"
    changes = audit[0].changes
    if isinstance(changes, str):  # JSON text on SQLite
        changes = json.loads(changes)
    assert changes["number"] == [None, "1399-002"]
    assert leftovers == 0
    assert [d.number for d in docs] == ["1399-001", "1399-002"]
    assert all("pending-" not in d.body for d in docs)
    assert [h.entity_id for h in hits if h.entity == "meeting"] == [meeting_id]


def test_record_meeting_returns_the_number_it_got(db: Database) -> None:
    detail = meetings.record_meeting(db, {"title": "جلسه", "date": BAHMAN_16_1399})
    assert detail.meeting.number == "1399-001"


def test_late_and_immediate_numbers_share_one_counter(db: Database) -> None:
    speaker = _speaker(db)
    with db.session() as session:
        early = records.create(session, Meeting, {"title": "الف", "date": BAHMAN_16_1399})
    late = _save(db, "ب", speaker)
    with db.session() as session:
        after = records.create(session, Meeting, {"title": "پ", "date": BAHMAN_16_1399})
    assert [early.number, late.detail.meeting.number, after.number] == [
        "1399-001",
        "1399-002",
        "1399-003",
    ]


def test_a_rolled_back_save_gives_its_late_number_back(db: Database) -> None:
    speaker = _speaker(db)
    with pytest.raises(RuntimeError), db.session() as session:
        records.create(session, Meeting, {"title": "رها", "date": BAHMAN_16_1399}, late_number=True)
        raise RuntimeError("abandon")
    assert _save(db, "جلسه", speaker).detail.meeting.number == "1399-001"


def test_a_late_number_steps_over_one_taken_behind_the_counters_back(db: Database) -> None:
    speaker = _speaker(db)
    first = _save(db, "جلسه", speaker)
    with db.engine.begin() as conn:  # an import wrote 002 without the counter
        conn.execute(text("UPDATE number_counter SET last = 0"))
        conn.execute(
            text("UPDATE meeting SET number = '1399-002' WHERE id = :i"),
            {"i": first.detail.meeting.id.hex if db.engine.dialect.name == "sqlite"
             else first.detail.meeting.id},
        )
    assert _save(db, "جلسهٔ دیگر", speaker).detail.meeting.number == "1399-001"
    assert _save(db, "جلسهٔ سوم", speaker).detail.meeting.number == "1399-003"


@pytest.mark.server_only  # a SQLite file has one writer at a time
def test_a_save_does_not_wait_for_another_workstations_open_save(
    db: Database, engine: str
) -> None:
    speaker = _speaker(db)
    opened, release = threading.Event(), threading.Event()
    got: dict[str, object] = {}

    def first_workstation() -> None:
        try:
            with db.session() as session:
                meeting = records.create(
                    session, Meeting, {"title": "جلسهٔ باز", "date": BAHMAN_16_1399},
                    late_number=True,
                )
                pending = numbering.pending(session, meeting)
                for i in range(20):
                    records.create(
                        session,
                        Statement,
                        {"meeting_id": meeting.id, "speaker_id": speaker, "text": f"سخن {i}"},
                        flush=False,
                    )
                session.flush()
                opened.set()
                release.wait(20)
            got["first"] = pending.value if pending is not None else meeting.number
        except Exception as exc:  # reported by the test below
            got["error"] = exc
            opened.set()

    thread = threading.Thread(target=first_workstation)
    thread.start()
    # Never a hang: were the second save to wait for the first's commit, this lets the
    # first commit after 10 s, and the test fails below instead.
    timer = threading.Timer(10, release.set)
    timer.start()
    try:
        assert opened.wait(20)
        started = time.monotonic()
        second = _save(db, "جلسهٔ دیگر", speaker, statements=20)
        waited = time.monotonic() - started
        first_still_open = not release.is_set()
    finally:
        release.set()
        timer.cancel()
        thread.join(30)
    assert first_still_open, f"the second save waited for the first's commit ({waited:.1f} s)"
    assert "error" not in got, got.get("error")
    # The second committed first, so it has the first number; nothing skipped or repeated.
    assert (second.detail.meeting.number, got["first"]) == ("1399-001", "1399-002")
    with db.engine.connect() as conn:
        numbers = sorted(conn.execute(text("SELECT number FROM meeting")).scalars())
    assert numbers == ["1399-001", "1399-002"]


def test_the_document_written_at_commit_is_the_one_a_rebuild_makes(db: Database) -> None:
    speaker = _speaker(db)
    saved = _save(db, "دیدار با شهردار", speaker)
    key = saved.detail.meeting.id.hex
    server = db.engine.dialect.name == "postgresql"
    sql = (
        "SELECT number, title, body, CAST(words AS TEXT), grams FROM search_doc "
        "WHERE entity = 'meeting' AND entity_id = :k"
        if server
        else "SELECT d.number, d.title, d.body, w.title || '|' || w.body, g.key "
        "FROM search_doc AS d JOIN search_words AS w ON w.rowid = d.rowid "
        "JOIN search_grams AS g ON g.rowid = d.rowid "
        "WHERE d.entity = 'meeting' AND d.entity_id = :k"
    )
    with db.engine.connect() as conn:
        written = tuple(conn.execute(text(sql), {"k": key}).one())
    with db.engine.begin() as conn:
        search_index.rebuild_all(conn)
    with db.engine.connect() as conn:
        rebuilt = tuple(conn.execute(text(sql), {"k": key}).one())
    assert written == rebuilt
    assert written[0] == "1399-001"


@pytest.mark.server_only  # row-level security is the office server's
def test_a_staff_login_saves_a_numbered_meeting_under_row_level_security(
    db: Database, engine: str, pg_module_url: str | None
) -> None:
    assert pg_module_url is not None
    import psycopg
    from sqlalchemy.engine import make_url

    import pg_support
    from peyvand.services import accounts
    from peyvand.storage.server_database import ServerDatabase

    login = f"pvl{uuid.uuid4().hex[:10]}_staff"
    accounts.add_account(db, login, ["staff"], password=None)
    staff = ServerDatabase.connect(
        make_url(pg_module_url).set(username=login).render_as_string(hide_password=False)
    )
    try:
        speaker = _speaker(staff)
        first = _save(staff, "جلسهٔ کارشناسی", speaker)
        second = _save(staff, "جلسهٔ دوم", speaker)
        assert [first.detail.meeting.number, second.detail.meeting.number] == [
            "1399-001",
            "1399-002",
        ]
        with staff.reading() as session:
            assert records.get(session, Meeting, second.detail.meeting.id).number == "1399-002"
    finally:
        staff.close()
        admin = pg_support.admin_url().set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'DROP OWNED BY "{login}"')
            c.execute(f'DROP ROLE IF EXISTS "{login}"')
