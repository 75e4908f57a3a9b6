"""Trip packages end to end: export a visit, edit it "on the laptop", import it back."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from peyvand.domain import (
    BY_TABLE,
    Action,
    AgendaItem,
    AuditEvent,
    Meeting,
    Statement,
    TripBase,
    Visit,
)
from peyvand.domain.enums import ActionStatus, Classification
from peyvand.domain.errors import PeyvandError
from peyvand.services import records, trips
from peyvand.services.actions import change_status
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.meetings import record_meeting
from peyvand.services.transfer import export_data
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost

pytestmark = pytest.mark.both_engines

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
LATER = FixedClock(datetime(2026, 11, 28, 9, tzinfo=UTC))
PASS = "رمز سفر ۱۴۰۵"
VISIT = "1405-002"  # a meeting with minutes, open actions
SECRETIVE = "1405-004"  # has a confidential meeting, open actions and an attachment


def _tables(db: Database) -> dict[str, Any]:
    tables: dict[str, Any] = export_data(db)["tables"]
    return tables


def _audit_count(db: Database) -> int:
    with db.reading() as session:
        return len(session.exec(select(AuditEvent)).all())


@pytest.fixture
def demo(db: Database) -> Database:
    load_demo(db, clock=CLOCK)
    return db


@pytest.fixture
def package(demo: Database, tmp_path: Path) -> Path:
    path = tmp_path / "trip.pvtrip"
    trips.export_visit(demo, VISIT, path, PASS, cost=CHEAP, clock=CLOCK)
    return path


def _import(db: Database, path: Path, tmp_path: Path, **kw: Any) -> trips.TripImport:
    return trips.import_package(
        db, path, PASS, cost=CHEAP, backup_folder=tmp_path / "backups", clock=LATER, **kw
    )


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    """The package's rows by table and id, checked equal to their base copies."""
    out: dict[str, dict[str, Any]] = {}
    with _opened(path) as package, package.reading() as session:
        for entry in session.exec(select(TripBase)).all():
            out.setdefault(entry.table_name, {})[entry.row_id] = json.loads(entry.row)
        for table, rows in out.items():
            model = BY_TABLE[table]
            for row_id, base in rows.items():
                live = session.get(model, uuid.UUID(row_id))
                assert live is not None and trips.encode_row(live) == base
    return out


@contextmanager
def _opened(path: Path) -> Iterator[Database]:
    """The package as the laptop opens it (trip mode)."""
    package = Database.open_package(path, PASS, cost=CHEAP)
    try:
        yield package
    finally:
        package.close()


def test_export_holds_the_visit_and_what_belongs_to_it(demo: Database, tmp_path: Path) -> None:
    path = tmp_path / "secretive.pvtrip"
    trips.export_visit(demo, SECRETIVE, path, PASS, cost=CHEAP, clock=CLOCK)
    rows = _rows(path)
    with demo.reading() as session:
        visit = session.exec(select(Visit).where(Visit.number == SECRETIVE)).one()
        meetings = session.exec(select(Meeting).where(Meeting.visit_id == visit.id)).all()
        actions = session.exec(select(Action).where(Action.source_visit_id == visit.id)).all()
        visit_id = str(visit.id)
        meetings = [(m.id, m.classification) for m in meetings]
        actions = [(a.id, a.status) for a in actions]
    assert visit_id in rows["visit"]
    assert len(rows["visit_member"]) >= 1
    assert {str(i) for i, c in meetings if c is Classification.NORMAL} <= set(rows["meeting"])
    hidden = [str(i) for i, c in meetings if c is Classification.CONFIDENTIAL]
    assert hidden and not set(hidden) & set(rows["meeting"])
    open_actions = {str(i) for i, st in actions if not ActionStatus(st).is_closed}
    assert open_actions and open_actions <= set(rows["action"])
    closed = {str(i) for i, st in actions if ActionStatus(st).is_closed}
    assert not closed & set(rows["action"])
    assert rows["person"] and rows["organization"] and rows["agenda_item"]
    assert rows["attachment"] and rows["blob"]


def test_include_confidential_adds_the_confidential_meeting(demo: Database, tmp_path: Path) -> None:
    path = tmp_path / "all.pvtrip"
    result = trips.export_visit(
        demo, SECRETIVE, path, PASS, include_confidential=True, cost=CHEAP, clock=CLOCK
    )
    with demo.reading() as session:
        hidden = {
            str(m.id)
            for m in session.exec(
                select(Meeting).where(Meeting.classification == Classification.CONFIDENTIAL)
            ).all()
        }
    assert hidden & set(_rows(path)["meeting"])
    assert result.counts["meeting"] == 3


def test_import_without_edits_changes_nothing(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    before, audits = _tables(demo), _audit_count(demo)
    result = _import(demo, package, tmp_path)
    assert (result.new, result.changed, result.conflicts, result.kept) == (0, 0, 0, 0)
    assert result.unchanged > 20 and result.is_empty
    assert _tables(demo) == before
    assert _audit_count(demo) == audits


def _laptop_edits(path: Path, demo: Database) -> dict[str, Any]:
    """A new meeting with two statements, an action status change, a statement edit."""
    with demo.reading() as session:
        visit = session.exec(select(Visit).where(Visit.number == VISIT)).one()
        action = session.exec(
            select(Action).where(
                Action.source_visit_id == visit.id, Action.status == ActionStatus.OPEN
            )
        ).first()
        meeting = session.exec(
            select(Meeting).where(
                Meeting.visit_id == visit.id, Meeting.classification == Classification.NORMAL
            )
        ).first()
        assert action is not None and meeting is not None
        statement = session.exec(
            select(Statement).where(Statement.meeting_id == meeting.id)
        ).first()
        assert statement is not None
        action_id, action_revision = action.id, action.revision
        statement_id, visit_id = statement.id, visit.id
    with _opened(path) as package:
        assert package.is_trip
        detail = record_meeting(
            package,
            {"title": "جلسه تازه در سفر", "date": date(2026, 11, 27), "visit_id": visit_id},
            statements=[(None, "سخن 1"), (None, "سخن 2")],
            clock=CLOCK,
        )
        change_status(package, action_id, ActionStatus.IN_PROGRESS, "آغاز شد", clock=CLOCK)
        with package.session() as session:
            records.update(session, Statement, statement_id, {"text": "متن ویرایش‌شده در سفر"})
        with package.reading() as session:
            new_meeting = trips.encode_row(records.get(session, Meeting, detail.meeting.id))
            said = [
                trips.encode_row(s)
                for s in session.exec(
                    select(Statement).where(Statement.meeting_id == detail.meeting.id)
                )
            ]
    return {
        "meeting": new_meeting,
        "statements": said,
        "action": action_id,
        "action_revision": action_revision,
        "statement": statement_id,
    }


def test_laptop_edits_are_merged(demo: Database, package: Path, tmp_path: Path) -> None:
    edits = _laptop_edits(package, demo)
    provisional = edits["meeting"]["number"]
    assert provisional.startswith("T") and edits["meeting"]["number_provisional"] is True
    dry = _import(demo, package, tmp_path, dry_run=True)
    # New: the meeting, its two statements, the status note. Changed: action, statement.
    assert (dry.new, dry.changed, dry.conflicts) == (4, 2, 0) and dry.dry_run
    result = _import(demo, package, tmp_path)
    assert (result.new, result.changed, result.conflicts) == (4, 2, 0)
    # A file is backed up first; the office server is backed up by its own tools.
    assert (result.backup is not None and result.backup.exists()) == demo.has_local_backups
    office_number = result.numbers[provisional]
    assert dry.numbers == result.numbers  # the dry run really applied it, then rolled back
    assert office_number.startswith("1405-")
    with demo.reading() as session:
        meeting = session.get(Meeting, uuid.UUID(edits["meeting"]["id"]))
        assert meeting is not None
        assert meeting.number == office_number and not meeting.number_provisional
        texts = {
            s.text
            for s in session.exec(select(Statement).where(Statement.meeting_id == meeting.id))
        }
        assert texts == {"سخن 1", "سخن 2"}
        action = session.get(Action, edits["action"])
        assert action is not None and action.status is ActionStatus.IN_PROGRESS
        assert action.revision == edits["action_revision"] + 1
        statement = session.get(Statement, edits["statement"])
        assert statement is not None and statement.text == "متن ویرایش‌شده در سفر"
        merged = session.exec(select(AuditEvent).where(AuditEvent.action == "merge")).all()
        entities = {(e.entity, e.entity_id) for e in merged}
    assert ("meeting", edits["meeting"]["id"]) in entities
    assert ("action", str(edits["action"])) in entities
    assert ("trip_package", result.package_id) in entities
    # Importing the same package again changes nothing.
    before, audits = _tables(demo), _audit_count(demo)
    again = _import(demo, package, tmp_path)
    assert again.is_empty and again.numbers == {}
    assert _tables(demo) == before and _audit_count(demo) == audits


def test_both_sides_edit_a_statement_differently(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    edits = _laptop_edits(package, demo)
    with demo.session() as session:
        statement = session.get(Statement, edits["statement"])
        assert statement is not None
        statement.text = "متن دفتر"
    result = _import(demo, package, tmp_path)
    assert result.conflicts == 1
    conflict = result.conflict_list[0]
    assert (conflict.table, conflict.field) == ("statement", "text")
    assert (conflict.office_value, conflict.laptop_value) == ("متن دفتر", "متن ویرایش‌شده در سفر")
    with demo.reading() as session:
        statement = session.get(Statement, edits["statement"])
        assert statement is not None and statement.text == "متن دفتر"
        events = [
            e.changes
            for e in session.exec(select(AuditEvent).where(AuditEvent.action == "conflict"))
        ]
    assert len(events) == 1
    assert events[0]["text"] == ["متن دفتر", "متن ویرایش‌شده در سفر"]
    assert events[0]["_package"] == result.package_id
    before, audits = _tables(demo), _audit_count(demo)
    again = _import(demo, package, tmp_path)
    assert again.is_empty and again.already_recorded == 1
    assert _tables(demo) == before and _audit_count(demo) == audits


def test_edit_against_delete_both_ways_is_kept_and_flagged(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    rows = _rows(package)
    first, second = sorted(rows["agenda_item"])[:2]
    with _opened(package) as laptop, laptop.session() as session:
        records.soft_delete(session, AgendaItem, uuid.UUID(first))
        records.update(session, AgendaItem, uuid.UUID(second), {"text": "دستور ویرایش‌شده"})
    with demo.session() as session:
        office_first = session.get(AgendaItem, uuid.UUID(first))
        office_second = session.get(AgendaItem, uuid.UUID(second))
        assert office_first is not None and office_second is not None
        office_first.text = "دستور دفتر"
        office_second.deleted_at = CLOCK.now()
    result = _import(demo, package, tmp_path)
    assert result.kept == 2
    with demo.reading() as session:
        kept = session.get(AgendaItem, uuid.UUID(first))
        restored = session.get(AgendaItem, uuid.UUID(second))
        assert kept is not None and kept.deleted_at is None and kept.text == "دستور دفتر"
        assert restored is not None and restored.deleted_at is None
        assert restored.text == "دستور ویرایش‌شده"
    before = _tables(demo)
    assert _import(demo, package, tmp_path).is_empty
    assert _tables(demo) == before


def test_wrong_passphrase_and_dry_run_write_nothing(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    _laptop_edits(package, demo)
    before, audits = _tables(demo), _audit_count(demo)
    with pytest.raises(PeyvandError) as caught:
        trips.import_package(demo, package, "not it", cost=CHEAP, backup_folder=tmp_path)
    assert caught.value.msg_id == "trip.wrong_passphrase"
    dry = _import(demo, package, tmp_path, dry_run=True)
    assert dry.new == 4
    assert _tables(demo) == before and _audit_count(demo) == audits
    assert not (tmp_path / "backups").exists()


def test_bad_row_content_is_refused(demo: Database, package: Path, tmp_path: Path) -> None:
    rows = _rows(package)
    statement_id = next(iter(rows["statement"]))
    # Written past the services, as a hostile or broken package would hold it.
    with _opened(package) as laptop, laptop.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE statement SET text = '' WHERE id = ?", (uuid.UUID(statement_id).hex,)
        )
    before = _tables(demo)
    with pytest.raises(PeyvandError) as caught:
        _import(demo, package, tmp_path)
    assert caught.value.msg_id == "import.bad_row"
    assert _tables(demo) == before


def test_cli_export_and_import_round_trip(
    demo: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from peyvand.cli import main

    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    out = tmp_path / "cli.pvtrip"
    before = _tables(demo)
    base = ["--db", demo.location]
    assert (
        main(["trip", "export", VISIT, "-o", str(out), "--passphrase-file", str(secret), *base])
        == 0
    )
    assert out.exists()
    assert (
        main(["trip", "import", str(out), "--passphrase-file", str(secret), "--dry-run", *base])
        == 0
    )
    assert main(["trip", "import", str(out), "--passphrase-file", str(secret), *base]) == 0
    printed = capsys.readouterr().out
    assert "Would merge" in printed and "0 new, 0 changed, 0 conflicts" in printed
    assert _tables(demo) == before
    secret.write_text("wrong", encoding="utf-8")
    assert main(["trip", "import", str(out), "--passphrase-file", str(secret), *base]) == 1
    assert "passphrase" in capsys.readouterr().err


def test_minutes_finalized_in_the_office_are_not_changed_by_the_laptop(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    from peyvand.services.meetings import finalize

    edits = _laptop_edits(package, demo)
    with demo.reading() as session:
        statement = session.get(Statement, edits["statement"])
        assert statement is not None
        meeting_id, office_text = statement.meeting_id, statement.text
    with _opened(package) as laptop, laptop.session() as session:
        added = records.create(
            session, Statement, {"meeting_id": meeting_id, "position": 99, "text": "افزوده در سفر"}
        )
        added_id = added.id
    finalize(demo, meeting_id, clock=CLOCK)
    result = _import(demo, package, tmp_path)
    kinds = {(c.table, c.field, c.kind) for c in result.conflict_list}
    assert ("statement", "text", "field") in kinds
    assert ("statement", "deleted_at", "delete-vs-edit") in kinds
    with demo.reading() as session:
        kept = session.get(Statement, edits["statement"])
        stored = session.get(Statement, added_id)
        meeting = session.get(Meeting, meeting_id)
        assert kept is not None and kept.text == office_text
        assert stored is not None and stored.deleted_at is not None
        assert meeting is not None and meeting.is_final
    before, audits = _tables(demo), _audit_count(demo)
    again = _import(demo, package, tmp_path)
    assert again.is_empty and again.already_recorded == result.conflicts
    assert _tables(demo) == before and _audit_count(demo) == audits


def test_a_statement_moved_into_final_minutes_outside_the_package_stays_as_it_is(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    """The office moved an exported statement into another meeting, not in the package,
    and finalized that meeting; the laptop's edit of the statement must not change those
    final minutes (found by the merge property test)."""
    from peyvand.services.meetings import finalize

    rows = _rows(package)
    statement_id = uuid.UUID(next(iter(rows["statement"])))
    other = record_meeting(
        demo, {"title": "جلسهٔ دیگر دفتر", "date": date(2026, 11, 20)}, clock=CLOCK
    )
    with demo.session() as session:
        records.update(session, Statement, statement_id, {"meeting_id": other.meeting.id})
        office_text = records.get(session, Statement, statement_id).text
    finalize(demo, other.meeting.id, clock=CLOCK)
    with _opened(package) as laptop, laptop.session() as session:
        records.update(session, Statement, statement_id, {"text": "ویرایش در سفر"})
    result = _import(demo, package, tmp_path)
    assert ("statement", "text", "field") in {
        (c.table, c.field, c.kind) for c in result.conflict_list
    }
    with demo.reading() as session:
        kept = session.get(Statement, statement_id)
        assert kept is not None and kept.text == office_text
        assert kept.meeting_id == other.meeting.id


def test_bytes_in_a_text_column_are_refused(demo: Database, package: Path, tmp_path: Path) -> None:
    # Written past the services: SQLite stores a BLOB in a TEXT column if told to.
    with _opened(package) as laptop, laptop.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE statement SET text = CAST('سخن' AS BLOB)")
    before = _tables(demo)
    with pytest.raises(PeyvandError) as caught:
        _import(demo, package, tmp_path, dry_run=True)
    assert caught.value.msg_id == "trip.bad_content" and "bytes in text" in str(caught.value.params)
    assert _tables(demo) == before


def test_a_letter_drafted_on_the_laptop_comes_back_a_draft(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    from peyvand.domain import Letter
    from peyvand.services import letters

    with demo.reading() as session:
        visit_id = session.exec(select(Visit).where(Visit.number == VISIT)).one().id
    with _opened(package) as laptop:
        draft = letters.save(laptop, None, {"subject": "سپاس از میزبانی", "visit_id": visit_id})
    result = _import(demo, package, tmp_path)
    assert result.new == 1 and result.conflicts == 0
    with demo.reading() as session:
        letter = session.get(Letter, draft.id)
        assert letter is not None and letter.number == "" and letter.visit_id == visit_id


def test_a_letter_registered_on_a_laptop_is_refused(
    demo: Database, package: Path, tmp_path: Path
) -> None:
    # Numbers are the office's: a package bringing a registered letter is not a laptop's.
    from peyvand.domain import Letter
    from peyvand.domain.enums import LetterStatus

    with _opened(package) as laptop, laptop.session() as session:
        records.create(session, Letter, {"subject": "نامه"})
        letter = session.exec(select(Letter)).one()
        letter.status, letter.number = LetterStatus.REGISTERED, "9/1405/ب‌م"
    before = _tables(demo)
    with pytest.raises(PeyvandError) as info:
        _import(demo, package, tmp_path)
    assert info.value.msg_id == "trip.bad_content"
    assert "a new record with an office number" in str(info.value)
    assert _tables(demo) == before


def test_two_packages_imported_at_the_same_moment(demo: Database, tmp_path: Path) -> None:
    """Two colleagues import their packages at once (office mode: two workstations; on a
    file, the second waits for the first): both merge whole, and the meetings made on
    the two laptops get different office numbers."""
    import threading

    packages = []
    for visit in (VISIT, SECRETIVE):
        path = tmp_path / f"{visit}.pvtrip"
        trips.export_visit(demo, visit, path, PASS, cost=CHEAP, clock=CLOCK)
        with _opened(path) as laptop:
            for i in range(3):
                record_meeting(
                    laptop, {"title": f"جلسه سفر {visit} {i}", "date": date(2026, 11, 27)},
                    clock=CLOCK,
                )
        packages.append(path)
    results: list[trips.TripImport] = []
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            results.append(_import(demo, path, tmp_path))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in packages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert [r.new for r in results] == [3, 3]
    numbers = [n for r in results for n in r.numbers.values()]
    assert len(numbers) == len(set(numbers)) == 6
    with demo.reading() as session:
        stored = [m.number for m in session.exec(select(Meeting))]
    assert len(stored) == len(set(stored)) and set(numbers) <= set(stored)
    assert demo.integrity_problems() == []
