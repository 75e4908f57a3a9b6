"""A trip package changes only what the office gave it (issue: trust boundaries).

Each test builds a hostile package for real: the visit is exported by the office, then
the package is changed with raw SQL under the right key — what anyone holding the
passphrase (a lost laptop) can do — and imported. A refused import names the row and
leaves the office exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sqlmodel import col, select

from peyvand.domain import (
    AuditEvent,
    Blob,
    Meeting,
    Person,
    Statement,
    TripExportRecord,
    TripExportRow,
    Visit,
)
from peyvand.domain.enums import Classification
from peyvand.domain.errors import PeyvandError
from peyvand.services import dashboard, drafts, partnerships, records, trips
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.meetings import add_statement, record_meeting
from peyvand.storage import trip_package
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
LATER = FixedClock(datetime(2026, 11, 28, 9, tzinfo=UTC))
PASS = "رمز سفر ۱۴۰۵"
MINUTES_VISIT = "1405-002"  # a meeting with statements
SECRETIVE = "1405-004"  # its organization has a confidential meeting, never exported


@pytest.fixture
def demo(db: Database) -> Database:
    load_demo(db, clock=CLOCK)
    return db


def _export(db: Database, visit: str, folder: Path, name: str = "trip.pvtrip") -> Path:
    path = folder / name
    trips.export_visit(db, visit, path, PASS, cost=CHEAP, clock=CLOCK)
    return path


def _import(db: Database, path: Path, folder: Path, **kw: Any) -> trips.TripImport:
    return trips.import_package(
        db, path, PASS, cost=CHEAP, backup_folder=folder / "backups", clock=LATER, **kw
    )


@contextmanager
def _raw(path: Path) -> Iterator[sqlite3.Connection]:
    """The package under its key, by raw SQL: what a forger with the passphrase can do."""
    unlocked = trip_package.unlock_package(path, PASS, cost=CHEAP)
    conn = trip_package._connect(unlocked.path, unlocked.key)
    try:
        yield conn
    finally:
        conn.close()


def _hex(value: uuid.UUID | str) -> str:
    return uuid.UUID(str(value)).hex


def _office_snapshot(db: Database) -> str:
    """Every row of every table and the audit trail, as one digest."""
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ):
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{name}"')):
                h.update(row.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        conn.close()


def _refused(db: Database, path: Path, folder: Path, *msg_ids: str) -> PeyvandError:
    """Both the dry run and the import refuse, with one of ``msg_ids``, changing nothing."""
    before = _office_snapshot(db)
    for dry_run in (True, False):
        with pytest.raises(PeyvandError) as caught:
            _import(db, path, folder, dry_run=dry_run)
        assert caught.value.msg_id in msg_ids, caught.value.msg_id
        assert _office_snapshot(db) == before
    return caught.value


def _copy_row(conn: sqlite3.Connection, table: str, row_id: str, **changes: Any) -> None:
    """Insert a copy of a row of ``table`` (from the package itself) with ``changes``."""
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    source = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    values = dict(zip(columns, source, strict=True))
    values.update(changes)
    marks = ", ".join("?" for _ in columns)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        [values[c] for c in columns],
    )


def _office_row(db: Database, model: Any, row_id: Any) -> dict[str, Any]:
    with db.reading() as session:
        found = session.get(model, row_id)
        assert found is not None
        return trips.encode_row(found)


def _outside_person(db: Database, package: Path) -> Person:
    """A person of the office that the package does not hold."""
    with _raw(package) as conn:
        inside = {r[0] for r in conn.execute("SELECT id FROM person")}
    with db.reading() as session:
        for person in session.exec(select(Person)):
            if person.id.hex not in inside:
                session.expunge(person)
                return person
    raise AssertionError("every person was exported")


def _confidential_meeting(db: Database) -> Meeting:
    with db.reading() as session:
        found = session.exec(
            select(Meeting).where(col(Meeting.classification) == Classification.CONFIDENTIAL)
        ).first()
        assert found is not None
        session.expunge(found)
        return found


# --- the office records what left ---------------------------------------------------------


def test_export_is_recorded_in_the_office_with_a_digest_of_every_row(
    demo: Database, tmp_path: Path
) -> None:
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        package_id = conn.execute("SELECT package_id FROM trip_info").fetchone()[0]
        base = {
            (t, i): hashlib.sha256(
                json.dumps(
                    json.loads(row), ensure_ascii=False, sort_keys=True, separators=(",", ":")
                ).encode()
            ).hexdigest()
            for t, i, row in conn.execute("SELECT table_name, row_id, row FROM trip_base")
        }
        # The office's own tables stay empty inside a package.
        assert conn.execute("SELECT count(*) FROM trip_export_row").fetchone() == (0,)
    with demo.reading() as session:
        record = session.get(TripExportRecord, package_id)
        assert record is not None and record.visit_number == MINUTES_VISIT
        rows = session.exec(
            select(TripExportRow).where(col(TripExportRow.package_id) == package_id)
        ).all()
        assert {(r.table_name, r.row_id): r.digest for r in rows} == base
        assert {r.origin for r in rows} == {"exported"}
        audit = session.exec(
            select(AuditEvent).where(col(AuditEvent.entity_id) == package_id)
        ).one()
        assert audit.action == trips.EXPORT_ACTION and audit.changes["rows"] == len(base)


def test_a_package_the_office_has_no_record_of_is_refused(demo: Database, tmp_path: Path) -> None:
    """Made before this change (no record), or by another office: export anew."""
    other = tmp_path / "other.sqlite3"
    shutil.copyfile(demo.path, other)
    path = _export(demo, MINUTES_VISIT, tmp_path)
    office = Database.open(other)
    try:
        error = _refused(office, path, tmp_path, "trip.not_exported")
    finally:
        office.close()
    assert "export the visit anew" in error.message("en")


def test_a_failed_office_record_removes_the_package(demo: Database, tmp_path: Path) -> None:
    """No package leaves without the office's record of it: a write that fails (here a
    trigger refusing it) removes the package just made."""
    conn = sqlite3.connect(demo.path)
    conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON trip_export BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    conn.commit()
    conn.close()
    path = tmp_path / "trip.pvtrip"
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        trips.export_visit(demo, MINUTES_VISIT, path, PASS, cost=CHEAP, clock=CLOCK)
    assert not path.exists()


# --- rows outside the export -------------------------------------------------------------


def test_a_person_never_exported_cannot_be_filled_in(demo: Database, tmp_path: Path) -> None:
    """Knowing only a person's id, a package brings a row of that id with an e-mail set."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    outsider = _outside_person(demo, path)
    with _raw(path) as conn:
        some = conn.execute("SELECT id FROM person LIMIT 1").fetchone()[0]
        _copy_row(conn, "person", some, id=outsider.id.hex, email="attacker@example.com")
    error = _refused(demo, path, tmp_path, "trip.row_not_exported")
    assert error.params["id"] == str(outsider.id)
    assert outsider.id.hex[:8] in error.message("en")


def test_a_forged_base_row_does_not_make_a_row_exported(demo: Database, tmp_path: Path) -> None:
    """The base is the office's record, not the package's claim: a base copy for a row
    that never left, exactly equal to the office's current values, is refused."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    outsider = _outside_person(demo, path)
    office = _office_row(demo, Person, outsider.id)
    with _raw(path) as conn:
        some = conn.execute("SELECT id FROM person LIMIT 1").fetchone()[0]
        _copy_row(conn, "person", some, id=outsider.id.hex, email="attacker@example.com")
        conn.execute(
            "INSERT INTO trip_base (table_name, row_id, row) VALUES ('person', ?, ?)",
            (str(outsider.id), json.dumps(office, ensure_ascii=False, sort_keys=True)),
        )
    error = _refused(demo, path, tmp_path, "trip.base_not_exported")
    assert error.params["id"] == str(outsider.id)


def test_a_person_the_office_deleted_is_not_brought_back(demo: Database, tmp_path: Path) -> None:
    path = _export(demo, MINUTES_VISIT, tmp_path)
    outsider = _outside_person(demo, path)
    with demo.session() as session:
        records.soft_delete(session, Person, outsider.id)
    with _raw(path) as conn:
        some = conn.execute("SELECT id FROM person LIMIT 1").fetchone()[0]
        _copy_row(conn, "person", some, id=outsider.id.hex, deleted_at=None)
    _refused(demo, path, tmp_path, "trip.row_not_exported")
    with demo.reading() as session:
        found = session.get(Person, outsider.id)
        assert found is not None and found.deleted_at is not None


def test_a_new_row_may_not_reuse_an_office_id_of_another_table(
    demo: Database, tmp_path: Path
) -> None:
    path = _export(demo, MINUTES_VISIT, tmp_path)
    outsider = _outside_person(demo, path)
    with _raw(path) as conn:
        some = conn.execute("SELECT id FROM agenda_item LIMIT 1").fetchone()[0]
        _copy_row(conn, "agenda_item", some, id=outsider.id.hex, text="تازه")
    _refused(demo, path, tmp_path, "trip.row_not_exported")


def test_no_statement_can_be_added_to_a_confidential_meeting_never_exported(
    demo: Database, tmp_path: Path
) -> None:
    """The package gets a stand-in of the confidential meeting (so its foreign keys
    hold) and a statement under it."""
    hidden = _confidential_meeting(demo)
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        meeting = conn.execute("SELECT id FROM meeting LIMIT 1").fetchone()[0]
        statement = conn.execute("SELECT id FROM statement LIMIT 1").fetchone()[0]
        _copy_row(
            conn, "meeting", meeting, id=hidden.id.hex, number="T1405-AAAAAA", number_provisional=1
        )
        _copy_row(
            conn,
            "statement",
            statement,
            id=uuid.uuid4().hex,
            meeting_id=hidden.id.hex,
            text="سخن جعلی در جلسه محرمانه",
        )
    _refused(demo, path, tmp_path, "trip.row_not_exported")
    with demo.reading() as session:
        said = session.exec(select(Statement).where(Statement.meeting_id == hidden.id)).all()
        assert not any("جعلی" in s.text for s in said)


def test_a_statement_moved_under_an_outside_meeting_is_refused(
    demo: Database, tmp_path: Path
) -> None:
    """Without a stand-in the foreign keys of the package fail; with foreign keys off in
    the file, the import's own check refuses it either way."""
    hidden = _confidential_meeting(demo)
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            "UPDATE statement SET meeting_id = ? WHERE id = (SELECT min(id) FROM statement)",
            (hidden.id.hex,),
        )
    _refused(demo, path, tmp_path, "trip.bad_content", "trip.tampered", "trip.outside_reference")


def test_the_reach_check_itself_refuses_a_reference_outside_the_package(
    demo: Database, tmp_path: Path
) -> None:
    """The same rule on the rows alone (a second line behind the foreign-key check)."""
    hidden = _confidential_meeting(demo)
    statement_id = str(uuid.uuid4())
    package = trips._Package(
        package_id="p",
        visit_id="v",
        base={},
        laptop={"statement": {statement_id: {"id": statement_id, "meeting_id": str(hidden.id)}}},
        base_digests={},
    )
    with demo.reading() as session, pytest.raises(PeyvandError) as caught:
        trips._check_reach(session, package, set(), tmp_path / "p.pvtrip")
    assert caught.value.msg_id == "trip.outside_reference"
    assert caught.value.params["id"] == statement_id


def test_an_attachment_may_not_point_at_an_office_file_outside_the_package(
    demo: Database, tmp_path: Path
) -> None:
    path = _export(demo, SECRETIVE, tmp_path)
    with _raw(path) as conn:
        inside = {r[0] for r in conn.execute("SELECT sha256 FROM blob")}
        attachment = conn.execute("SELECT id FROM attachment LIMIT 1").fetchone()[0]
    with demo.session() as session:  # an office file the package never held
        data = b"office-only file"
        session.add(Blob(sha256=hashlib.sha256(data).hexdigest(), size=len(data), data=data))
    secret = hashlib.sha256(b"office-only file").hexdigest()
    assert secret not in inside
    with _raw(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        _copy_row(conn, "attachment", attachment, id=uuid.uuid4().hex, blob_sha256=secret)
    _refused(demo, path, tmp_path, "trip.bad_content", "trip.tampered", "trip.outside_reference")


# --- the base copy ------------------------------------------------------------------------


def test_an_edited_base_copy_is_refused(demo: Database, tmp_path: Path) -> None:
    """Knowing current values (an older package) does not let a package pretend the
    office exported something else."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        conn.execute(
            "UPDATE trip_base SET row = json_set(row, '$.text', 'متن دیگر') "
            "WHERE rowid = (SELECT min(rowid) FROM trip_base WHERE table_name = 'statement')"
        )
    _refused(demo, path, tmp_path, "trip.base_differs")


def test_a_removed_base_copy_is_refused(demo: Database, tmp_path: Path) -> None:
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        conn.execute(
            "DELETE FROM trip_base WHERE rowid = (SELECT max(rowid) FROM trip_base "
            "WHERE table_name = 'statement')"
        )
    _refused(demo, path, tmp_path, "trip.base_missing")


def test_an_older_package_cannot_overwrite_what_the_office_changed_since(
    demo: Database, tmp_path: Path
) -> None:
    """The office changed a meeting's summary after export; the laptop's change to it is a
    conflict (the office value stays), and a base copy set to the office's new value to
    dodge that is refused."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        meeting_hex = conn.execute("SELECT id FROM meeting ORDER BY id LIMIT 1").fetchone()[0]
    meeting_id = uuid.UUID(meeting_hex)
    with demo.session() as session:
        records.update(session, Meeting, meeting_id, {"summary": "خلاصه تازه دفتر"})
    forged = tmp_path / "forged.pvtrip"
    shutil.copyfile(path, forged)
    with _raw(path) as conn:
        conn.execute("UPDATE meeting SET summary = 'خلاصه جعلی' WHERE id = ?", (meeting_hex,))
    result = _import(demo, path, tmp_path)
    assert result.conflicts == 1
    assert _office_row(demo, Meeting, meeting_id)["summary"] == "خلاصه تازه دفتر"
    with _raw(forged) as conn:
        conn.execute("UPDATE meeting SET summary = 'خلاصه جعلی' WHERE id = ?", (meeting_hex,))
        conn.execute(
            "UPDATE trip_base SET row = json_set(row, '$.summary', 'خلاصه تازه دفتر') "
            "WHERE table_name = 'meeting' AND row_id = ?",
            (str(meeting_id),),
        )
    _refused(demo, forged, tmp_path, "trip.base_differs")


# --- blobs ---------------------------------------------------------------------------------


def test_a_blob_whose_bytes_do_not_match_its_hash_is_refused(
    demo: Database, tmp_path: Path
) -> None:
    path = _export(demo, SECRETIVE, tmp_path)
    with _raw(path) as conn:
        conn.execute("UPDATE blob SET data = CAST('poison' AS BLOB), size = 6")
    _refused(demo, path, tmp_path, "import.blob_hash")


def test_a_new_blob_cannot_poison_an_office_file_of_the_same_hash(
    demo: Database, tmp_path: Path
) -> None:
    """A new attachment and blob claiming the hash of an office file, with other bytes:
    stored, it would replace the genuine file wherever that hash is shown."""
    with demo.reading() as session:
        genuine = session.exec(select(Blob)).first()
        assert genuine is not None
        genuine_hash, genuine_data = genuine.sha256, genuine.data
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        now = "2026-11-27 10:00:00.000000"
        conn.execute(
            "INSERT INTO blob (id, created_at, updated_at, revision, sha256, size, data) "
            "VALUES (?, ?, ?, 1, ?, 6, CAST('poison' AS BLOB))",
            (uuid.uuid4().hex, now, now, genuine_hash),
        )
    _refused(demo, path, tmp_path, "import.blob_hash")
    with demo.reading() as session:
        stored = session.exec(select(Blob).where(Blob.sha256 == genuine_hash)).one()
        assert stored.data == genuine_data


# --- numbers -----------------------------------------------------------------------------


def _next_number(db: Database) -> str:
    detail = record_meeting(db, {"title": "جلسه بعدی", "date": date(2026, 11, 28)}, clock=LATER)
    return detail.meeting.number


def test_a_new_meeting_with_an_office_number_is_refused_and_numbers_go_on(
    demo: Database, tmp_path: Path
) -> None:
    """A "new" meeting carrying the next free office number and a forged base row was
    inserted without moving the counter; after that every new meeting failed."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with demo.reading() as session:
        year_numbers = sorted(
            m.number for m in session.exec(select(Meeting)) if m.number.startswith("1405-")
        )
    taken = f"1405-{int(year_numbers[-1].split('-')[1]) + 1:03d}"
    new_id = uuid.uuid4()
    with _raw(path) as conn:
        meeting = conn.execute("SELECT id FROM meeting LIMIT 1").fetchone()[0]
        _copy_row(conn, "meeting", meeting, id=new_id.hex, number=taken, number_provisional=0)
        (base,) = conn.execute(
            "SELECT row FROM trip_base WHERE table_name = 'meeting' LIMIT 1"
        ).fetchone()
        row = json.loads(base) | {"id": str(new_id), "number": taken}
        conn.execute(
            "INSERT INTO trip_base (table_name, row_id, row) VALUES ('meeting', ?, ?)",
            (str(new_id), json.dumps(row, ensure_ascii=False)),
        )
    _refused(demo, path, tmp_path, "trip.bad_content", "trip.base_not_exported")
    assert _next_number(demo) == taken


def test_a_number_taken_behind_the_counter_is_stepped_over(demo: Database) -> None:
    with demo.reading() as session:
        year_numbers = sorted(
            m.number for m in session.exec(select(Meeting)) if m.number.startswith("1405-")
        )
    last = int(year_numbers[-1].split("-")[1])
    with demo.session() as session:  # as a file edited elsewhere could have it
        meeting = session.exec(select(Meeting).where(Meeting.number == year_numbers[0])).one()
        meeting.number = f"1405-{last + 1:03d}"
    assert _next_number(demo) == f"1405-{last + 2:03d}"


@pytest.mark.parametrize(
    ("sql", "field"),
    [
        ("UPDATE meeting SET revision = 9223372036854775807", "revision"),
        ("UPDATE statement SET revision = 4294967296", "revision"),
        ("UPDATE meeting SET number = '1405-9223372036854775807'", "number"),
        ("UPDATE meeting SET number = '99999999999999999999-001'", "number"),
        ("UPDATE statement SET position = 9223372036854775807", "position"),
    ],
)
def test_numbers_at_the_64_bit_edge_are_refused_clearly(
    demo: Database, tmp_path: Path, sql: str, field: str
) -> None:
    path = _export(demo, MINUTES_VISIT, tmp_path)
    with _raw(path) as conn:
        conn.execute(sql + " WHERE rowid = (SELECT min(rowid) FROM " + sql.split()[1] + ")")
    error = _refused(demo, path, tmp_path, "import.bad_row")
    assert error.params["field"] == field
    assert "Traceback" not in error.message("en")


# --- what the package may still do --------------------------------------------------------


def test_a_later_version_of_an_imported_package_merges_its_own_new_rows(
    demo: Database, tmp_path: Path
) -> None:
    """The laptop kept working after a first import: the meeting it made is its own,
    so new statements under it come in and its changed title is a conflict (no base)."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    laptop = Database.open_package(path, PASS, cost=CHEAP)
    try:
        with laptop.reading() as session:
            visit_id = session.exec(select(Visit)).one().id
        detail = record_meeting(
            laptop,
            {"title": "جلسه در سفر", "date": date(2026, 11, 27), "visit_id": visit_id},
            statements=[(None, "سخن نخست")],
            clock=CLOCK,
        )
    finally:
        laptop.close()
    first = _import(demo, path, tmp_path)
    assert first.new == 2 and not first.conflicts  # the meeting and its statement
    laptop = Database.open_package(path, PASS, cost=CHEAP)
    try:
        with laptop.session() as session:
            add_statement(session, detail.meeting.id, "سخن دوم، پس از ورود نخست", None)
            records.update(session, Meeting, detail.meeting.id, {"title": "جلسه در سفر (نهایی)"})
    finally:
        laptop.close()
    second = _import(demo, path, tmp_path)
    assert second.new == 1
    assert [c.field for c in second.conflict_list] == ["title"]
    with demo.reading() as session:
        texts = {
            s.text
            for s in session.exec(
                select(Statement).where(Statement.meeting_id == detail.meeting.id)
            )
        }
    assert texts == {"سخن نخست", "سخن دوم، پس از ورود نخست"}


def test_reimporting_after_trip_mode_wrote_drafts_changes_nothing(
    demo: Database, tmp_path: Path
) -> None:
    """Rows are compared, not file bytes: a draft written on the laptop is no change."""
    path = _export(demo, MINUTES_VISIT, tmp_path)
    assert _import(demo, path, tmp_path).is_empty
    laptop = Database.open_package(path, PASS, cost=CHEAP)
    try:
        drafts.save(laptop, "meeting:new", "meeting", "پیش‌نویس", {"title": "نیمه‌کاره"})
    finally:
        laptop.close()
    before = _office_snapshot(demo)
    assert _import(demo, path, tmp_path).is_empty
    assert _office_snapshot(demo) == before


def test_the_dry_run_lists_every_change_by_record_and_field(demo: Database, tmp_path: Path) -> None:
    path = _export(demo, MINUTES_VISIT, tmp_path)
    laptop = Database.open_package(path, PASS, cost=CHEAP)
    try:
        with laptop.reading() as session:
            meeting = session.exec(select(Meeting).order_by(col(Meeting.number))).first()
            assert meeting is not None
            meeting_id, number, old = meeting.id, meeting.number, meeting.summary
        with laptop.session() as session:
            records.update(session, Meeting, meeting_id, {"summary": "خلاصه نوشته در سفر"})
    finally:
        laptop.close()
    result = _import(demo, path, tmp_path, dry_run=True)
    (change,) = [c for c in result.changes if c.kind == "field"]
    assert (change.table, change.field, change.old, change.new) == (
        "meeting",
        "summary",
        old,
        "خلاصه نوشته در سفر",
    )
    assert change.title.startswith(number)


def test_trip_mode_takes_dormancy_from_the_office_at_export(demo: Database, tmp_path: Path) -> None:
    """The package holds only part of the history: its partnership is not dormant on the
    laptop when it was not dormant in the office."""
    office_dormant = {p.row.partner_city for p in partnerships.dormant(demo, clock=CLOCK)}
    path = tmp_path / "trip.pvtrip"
    # With the classified records asked for, the laptop knows what the office knows.
    trips.export_visit(
        demo, SECRETIVE, path, PASS, cost=CHEAP, clock=CLOCK, include_confidential=True
    )
    laptop = Database.open_package(path, PASS, cost=CHEAP)
    try:
        views = partnerships.list_partnerships(laptop, clock=CLOCK)
        board = dashboard.summary(laptop, clock=CLOCK)
    finally:
        laptop.close()
    assert views and not any(v.dormant for v in views)
    assert {v.row.partner_city for v in views}.isdisjoint(office_dormant)
    assert all(v.last_contact is not None for v in views)
    assert not board.dormant
