"""The unit of work: every write gets its revision, audit row and index update, or nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from peyvand.domain import AuditEvent, AuditRow, Meeting, Organization, Person, Statement
from peyvand.services import records
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database


def _events(db: Database, entity_id: uuid.UUID | None = None) -> list[AuditRow]:
    with db.reading() as session:
        query = select(AuditEvent).order_by(col(AuditEvent.seq))
        if entity_id is not None:
            query = query.where(AuditEvent.entity_id == str(entity_id))
        return [AuditRow.model_validate(e) for e in session.exec(query)]


def _scalar(db: Database, sql: str, **params: object) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_create_writes_one_audit_event_with_actor_entity_and_values(db: Database) -> None:
    with db.session(actor="tester") as session:
        org = records.create(session, Organization, {"name": "شهرداري اصفهان", "city": "اصفهان"})
    events = _events(db, org.id)
    assert len(events) == 1
    event = events[0]
    assert event.actor == "tester"
    assert event.entity == "organization"
    assert event.entity_id == str(org.id)
    assert event.action == "create"
    assert event.at.utcoffset() == dt.timedelta(0)
    # The audit trail records the stored (normalized) value, as {field: [old, new]}.
    assert event.changes["name"] == [None, "شهرداری اصفهان"]
    assert event.changes["city"] == [None, "اصفهان"]
    # Bookkeeping columns are not "changes" a user made.
    assert "revision" not in event.changes
    assert "updated_at" not in event.changes


def test_update_audit_holds_old_and_new_of_changed_fields_only(db: Database) -> None:
    with db.session(actor="tester") as session:
        person = records.create(session, Person, {"name": "علی", "title": "معاون"})
    with db.session(actor="editor") as session:
        records.update(session, Person, person.id, {"title": "مدیرکل", "name": "علی"})
    events = _events(db, person.id)
    assert [e.action for e in events] == ["create", "update"]
    update = events[1]
    assert update.actor == "editor"
    assert update.entity == "person"
    assert update.changes == {"title": ["معاون", "مدیرکل"]}


def test_soft_delete_is_audited_as_delete(db: Database) -> None:
    with db.session(actor="tester") as session:
        org = records.create(session, Organization, {"name": "سفارت ایتالیا"})
    with db.session(actor="cleaner") as session:
        deleted_at = records.soft_delete(session, Organization, org.id).deleted_at
    assert deleted_at is not None
    events = _events(db, org.id)
    assert [e.action for e in events] == ["create", "delete"]
    delete = events[1]
    assert delete.actor == "cleaner"
    old, new = delete.changes["deleted_at"]
    assert old is None
    assert dt.datetime.fromisoformat(new) == deleted_at


def test_actor_defaults_to_the_current_user(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "os-user")
    assert current_actor() == "os-user"
    with db.session() as session:
        org = records.create(session, Organization, {"name": "یونیسف"})
    assert _events(db, org.id)[0].actor == "os-user"


def test_audit_changes_keep_persian_readable_in_the_file(db: Database) -> None:
    with db.session(actor="tester") as session:
        records.create(session, Organization, {"name": "سازمان ملل"})
    raw = _scalar(db, "SELECT changes FROM audit_event")
    assert isinstance(raw, str)
    assert "سازمان ملل" in raw


def test_failed_transaction_leaves_neither_change_nor_audit(db: Database) -> None:
    with db.session(actor="tester") as session:
        org = records.create(session, Organization, {"name": "پیش از خطا"})
    events_before = len(_events(db))
    with pytest.raises(RuntimeError, match="boom"), db.session(actor="tester") as session:
        records.create(session, Person, {"name": "نباید بماند"})
        records.update(session, Organization, org.id, {"name": "نباید عوض شود"})
        session.flush()
        raise RuntimeError("boom")
    assert _scalar(db, "SELECT count(*) FROM person") == 0
    assert records.get_row(db, Organization, org.id).name == "پیش از خطا"
    assert records.get_row(db, Organization, org.id).revision == 1
    assert len(_events(db)) == events_before


def test_failed_transaction_leaves_search_index_untouched(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        records.create(session, Organization, {"name": "ناپدید"})
        raise RuntimeError("boom")
    assert _scalar(db, "SELECT count(*) FROM search_doc") == 0


def test_hard_delete_is_refused_and_nothing_is_deleted(db: Database) -> None:
    with db.session() as session:
        org = records.create(session, Organization, {"name": "ماندگار"})
    with pytest.raises(RuntimeError, match="hard delete"), db.session() as session:
        obj = session.get(Organization, org.id)
        assert obj is not None
        session.delete(obj)
        session.flush()
    assert records.get_row(db, Organization, org.id).name == "ماندگار"
    assert _scalar(db, "SELECT count(*) FROM organization") == 1


def test_revision_counts_committed_changes(db: Database) -> None:
    with db.session() as session:
        org = records.create(session, Organization, {"name": "یک"})
    assert records.get_row(db, Organization, org.id).revision == 1
    for i, name in enumerate(["دو", "سه", "چهار"], start=2):
        with db.session() as session:
            records.update(session, Organization, org.id, {"name": name})
        assert records.get_row(db, Organization, org.id).revision == i
    # A session that touches nothing changes nothing.
    with db.session() as session:
        obj = records.get(session, Organization, org.id)
        obj.name = obj.name  # same value
    assert records.get_row(db, Organization, org.id).revision == 4


def test_updated_at_moves_on_change_and_created_at_does_not(db: Database) -> None:
    with db.session() as session:
        org = records.create(session, Organization, {"name": "یک"})
    created = records.get_row(db, Organization, org.id)
    with db.session() as session:
        records.update(session, Organization, org.id, {"name": "دو"})
    after = records.get_row(db, Organization, org.id)
    assert after.created_at == created.created_at
    assert after.updated_at > created.updated_at


def test_direct_orm_changes_are_also_audited_and_revised(db: Database) -> None:
    # The hooks sit on the session, so even code that bypasses records gets them.
    with db.session(actor="tester") as session:
        org = records.create(session, Organization, {"name": "یک"})
    with db.session(actor="script") as session:
        obj = session.get(Organization, org.id)
        assert obj is not None
        obj.notes = "یادداشت"
    row = records.get_row(db, Organization, org.id)
    assert row.revision == 2
    last = _events(db, org.id)[-1]
    assert (last.actor, last.action, last.changes) == (
        "script",
        "update",
        {"notes": ["", "یادداشت"]},
    )


def test_search_index_follows_the_change_in_the_same_transaction(db: Database) -> None:
    with db.session() as session:
        meeting = records.create(
            session, Meeting, {"title": "دیدار شهردار", "date": dt.date(2021, 2, 4)}
        )
        records.create(
            session, Statement, {"meeting_id": meeting.id, "text": "گسترش گردشگری", "position": 1}
        )
    body = _scalar(
        db,
        "SELECT body FROM search_doc WHERE entity='meeting' AND entity_id=:id",
        id=meeting.id.hex,
    )
    assert isinstance(body, str) and "گسترش گردشگری" in body
    with db.session() as session:
        records.update(session, Meeting, meeting.id, {"title": "نشست تازه"})
    assert (
        _scalar(
            db,
            "SELECT title FROM search_doc WHERE entity='meeting' AND entity_id=:id",
            id=meeting.id.hex,
        )
        == "نشست تازه"
    )
    # One document per record, however often it changed.
    assert _scalar(db, "SELECT count(*) FROM search_doc") == 1
    assert _scalar(db, "SELECT count(*) FROM search_words") == 1
    assert _scalar(db, "SELECT count(*) FROM search_grams") == 1


def test_sort_keys_follow_every_write_and_stay_out_of_the_audit(db: Database) -> None:
    from peyvand.text import sort_key

    with db.session(actor="tester") as session:
        person = records.create(session, Person, {"name": "پروین", "title": "گزارشگر"})
    assert _scalar(db, "SELECT name_sort FROM person WHERE id = :i", i=person.id.hex) == (
        sort_key("پروین")
    )
    with db.session(actor="editor") as session:
        records.update(session, Person, person.id, {"name": "ژاله"})
    keys = _scalar(
        db, "SELECT name_sort || '|' || title_sort FROM person WHERE id = :i", i=person.id.hex
    )
    assert keys == f"{sort_key('ژاله')}|{sort_key('گزارشگر')}"
    for event in _events(db, person.id):
        assert not [field for field in event.changes if field.endswith("_sort")], event.changes
    assert _events(db, person.id)[1].changes == {"name": ["پروین", "ژاله"]}
