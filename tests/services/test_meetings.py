"""Meetings and minutes: one-transaction recording, order, numbering, the final lock."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from peyvand.domain import (
    AgendaItem,
    AuditEvent,
    AuditRow,
    Decision,
    Meeting,
    Organization,
    Participant,
    Person,
    Statement,
    Unit,
)
from peyvand.domain.enums import ParticipantRole, Side
from peyvand.domain.errors import ConflictError, ValidationError
from peyvand.services import meetings, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

BAHMAN_16_1399 = dt.date(2021, 2, 4)
FINAL_AT = dt.datetime(2021, 2, 4, 14, 30, tzinfo=dt.UTC)


@dataclass(frozen=True)
class People:
    mayor: uuid.UUID
    deputy: uuid.UUID
    director: uuid.UUID
    unit: uuid.UUID


def _people(db: Database) -> People:
    with db.session(actor="tester") as session:
        city = records.create(session, Organization, {"name": "شهرداری اصفهان"})
        ministry = records.create(session, Organization, {"name": "وزارت امور خارجه"})
        unit = records.create(session, Unit, {"name": "اداره کل ارتباطات و امور بین‌الملل"})
        mayor = records.create(
            session,
            Person,
            {"name": "قدرت‌الله نوروزی", "title": "شهردار اصفهان", "organization_id": city.id},
        )
        deputy = records.create(
            session,
            Person,
            {
                "name": "سید رسول موسوی",
                "title": "معاون کنسولی، پارلمانی و امور ایرانیان",
                "organization_id": ministry.id,
            },
        )
        director = records.create(
            session, Person, {"name": "ایمان مصلحی", "title": "مدیرکل", "unit_id": unit.id}
        )
    return People(mayor.id, deputy.id, director.id, unit.id)


def _record(db: Database, p: People) -> meetings.MeetingDetail:
    return meetings.record_meeting(
        db,
        {
            "title": "دیدار شهردار اصفهان با معاون کنسولی وزارت امور خارجه",
            "date": BAHMAN_16_1399,
            "start_time": dt.time(10, 0),
            "end_time": dt.time(11, 30),
            "place": "ساختمان شهرداری",
        },
        participants=[
            {"person_id": p.mayor, "side": Side.HOST, "role": ParticipantRole.CHAIR},
            {"person_id": p.deputy, "side": Side.GUEST, "role": ParticipantRole.SPEAKER},
            {"person_id": p.director, "side": Side.HOST, "role": ParticipantRole.MINUTE_TAKER},
        ],
        agenda=["شهرهای خواهرخوانده", "برنامه شهروند دیپلمات"],
        statements=[
            (p.mayor, "اصفهان با فلورانس، کوالالامپور و بارسلون خواهرخوانده است."),
            (p.deputy, "حیدرآباد چهاردهمین شهر خواهرخوانده اصفهان خواهد بود."),
            (None, "گفت‌وگو درباره ایرانیان مقیم خارج."),
        ],
        decisions=[
            {
                "text": "تهیه فهرست شهروندان دیپلمات",
                "owner_person_id": p.director,
                "owner_unit_id": p.unit,
                "due_date": dt.date(2021, 3, 1),
            },
            {"text": "پیگیری خواهرخواندگی با حیدرآباد"},
            {"text": "دعوت از سفیر ایتالیا"},
        ],
    )


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _events(db: Database, entity_id: uuid.UUID) -> list[AuditRow]:
    with db.reading() as session:
        query = (
            select(AuditEvent)
            .where(AuditEvent.entity_id == str(entity_id))
            .order_by(col(AuditEvent.seq))
        )
        return [AuditRow.model_validate(e) for e in session.exec(query)]


def test_record_meeting_saves_the_whole_minutes(db: Database) -> None:
    p = _people(db)
    detail = _record(db, p)
    assert detail.meeting.number == "1399-001"
    assert detail.meeting.title.startswith("دیدار شهردار اصفهان")
    assert [v.name for v in detail.participants] == [
        "قدرت‌الله نوروزی",
        "سید رسول موسوی",
        "ایمان مصلحی",
    ]
    assert detail.participants[0].title == "شهردار اصفهان"
    assert detail.participants[0].organization == "شهرداری اصفهان"
    assert detail.participants[1].organization == "وزارت امور خارجه"
    assert detail.participants[2].organization == ""
    assert [v.row.role for v in detail.participants] == [
        ParticipantRole.CHAIR,
        ParticipantRole.SPEAKER,
        ParticipantRole.MINUTE_TAKER,
    ]
    assert [a.text for a in detail.agenda] == ["شهرهای خواهرخوانده", "برنامه شهروند دیپلمات"]
    assert [s.speaker for s in detail.statements] == ["قدرت‌الله نوروزی", "سید رسول موسوی", ""]
    assert [d.row.number for d in detail.decisions] == [1, 2, 3]
    assert detail.decisions[0].owner == "ایمان مصلحی"
    assert detail.decisions[0].row.due_date == dt.date(2021, 3, 1)
    assert detail.decisions[1].owner == ""


def test_get_detail_by_number_in_persian_digits_or_uuid(db: Database) -> None:
    p = _people(db)
    recorded = _record(db, p)
    for ref in ("۱۳۹۹-۰۰۱", "1399-001", recorded.meeting.id, str(recorded.meeting.id)):
        detail = meetings.get_detail(db, ref)
        assert detail.meeting.id == recorded.meeting.id
        assert [s.row.text for s in detail.statements] == [s.row.text for s in recorded.statements]
        assert [s.speaker for s in detail.statements] == ["قدرت‌الله نوروزی", "سید رسول موسوی", ""]


def test_statements_keep_their_order_and_new_ones_go_last(db: Database) -> None:
    p = _people(db)
    recorded = _record(db, p)
    with db.session() as session:
        meetings.add_statement(session, recorded.meeting.id, "سخن پایانی", p.mayor)
    detail = meetings.get_detail(db, recorded.meeting.id)
    assert [s.row.position for s in detail.statements] == [1, 2, 3, 4]
    assert detail.statements[-1].row.text == "سخن پایانی"
    assert detail.statements[0].row.text.startswith("اصفهان با فلورانس")


def test_decisions_are_numbered_one_to_n_per_meeting(db: Database) -> None:
    p = _people(db)
    first = _record(db, p)
    second = meetings.record_meeting(
        db,
        {"title": "جلسه دوم", "date": BAHMAN_16_1399},
        decisions=[{"text": "الف"}, {"text": "ب"}],
    )
    assert second.meeting.number == "1399-002"
    assert [d.row.number for d in second.decisions] == [1, 2]
    with db.session() as session:
        added = meetings.add_decision(session, first.meeting.id, {"text": "مصوبه چهارم"})
    assert added.number == 4
    assert [d.row.number for d in meetings.get_detail(db, first.meeting.id).decisions] == [
        1,
        2,
        3,
        4,
    ]


def test_a_bad_statement_in_the_middle_saves_nothing(db: Database) -> None:
    p = _people(db)
    audit_before = _count(db, "audit_event")
    docs_before = _count(db, "search_doc")
    with pytest.raises(ValidationError) as info:
        meetings.record_meeting(
            db,
            {"title": "جلسه ناقص", "date": BAHMAN_16_1399},
            participants=[{"person_id": p.mayor}],
            agenda=["دستور"],
            statements=[(p.mayor, "سخن اول"), (p.deputy, "   "), (p.mayor, "سخن سوم")],
            decisions=[{"text": "مصوبه"}],
        )
    assert (info.value.msg_id, info.value.field) == ("field.required", "text")
    for table in ("meeting", "participant", "agenda_item", "statement", "decision"):
        assert _count(db, table) == 0, table
    assert _count(db, "search_doc") == docs_before
    assert _count(db, "audit_event") == audit_before
    # Not even a number was used up.
    assert _record(db, p).meeting.number == "1399-001"


def test_a_dangling_speaker_or_owner_saves_nothing(db: Database) -> None:
    p = _people(db)
    with pytest.raises(ValidationError) as info:
        meetings.record_meeting(
            db,
            {"title": "جلسه", "date": BAHMAN_16_1399},
            statements=[(p.mayor, "سخن")],
            decisions=[{"text": "مصوبه", "owner_person_id": uuid.uuid4()}],
        )
    assert (info.value.msg_id, info.value.field) == ("reference.missing", "owner_person_id")
    assert _count(db, "meeting") == 0
    assert _count(db, "statement") == 0


def test_finalize_records_when_and_who(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGNAME", "secretary")
    p = _people(db)
    recorded = _record(db, p)
    final = meetings.finalize(db, recorded.meeting.id, clock=FixedClock(FINAL_AT))
    assert final.is_final is True
    assert final.finalized_at == FINAL_AT
    assert final.finalized_by == "secretary"
    assert final.revision == 2
    event = _events(db, recorded.meeting.id)[-1]
    assert event.action == "update"
    assert event.actor == "secretary"
    assert event.changes["is_final"] == [False, True]
    # Finalizing again is harmless and changes nothing.
    again = meetings.finalize(db, recorded.meeting.id)
    assert again.revision == 2
    assert again.finalized_at == FINAL_AT


def test_final_minutes_are_locked(db: Database) -> None:
    p = _people(db)
    recorded = _record(db, p)
    meeting_id = recorded.meeting.id
    meetings.finalize(db, meeting_id)
    attempts = {
        "statement": lambda s: meetings.add_statement(s, meeting_id, "دیرهنگام", p.mayor),
        "decision": lambda s: meetings.add_decision(s, meeting_id, {"text": "دیرهنگام"}),
        "agenda": lambda s: meetings.add_agenda_item(s, meeting_id, "دیرهنگام"),
        "participant": lambda s: meetings.add_participant(s, meeting_id, {"person_id": p.mayor}),
        "edit meeting": lambda s: records.update(s, Meeting, meeting_id, {"title": "تازه"}),
        "edit statement": lambda s: records.update(
            s, Statement, recorded.statements[0].row.id, {"text": "تحریف"}
        ),
        "edit decision": lambda s: records.update(
            s, Decision, recorded.decisions[0].row.id, {"text": "تحریف"}
        ),
        "delete decision": lambda s: records.soft_delete(s, Decision, recorded.decisions[1].row.id),
        "delete participant": lambda s: records.soft_delete(
            s, Participant, recorded.participants[0].row.id
        ),
        "delete agenda": lambda s: records.soft_delete(s, AgendaItem, recorded.agenda[0].id),
        "delete meeting": lambda s: records.soft_delete(s, Meeting, meeting_id),
    }
    for what, attempt in attempts.items():
        with pytest.raises(ConflictError) as info, db.session() as session:
            attempt(session)
        assert info.value.msg_id == "meeting.final", what
        assert "1399-001" in info.value.message("en"), what
    detail = meetings.get_detail(db, meeting_id)
    assert detail.meeting.title == recorded.meeting.title
    assert len(detail.statements) == 3
    assert len(detail.decisions) == 3
    assert detail.statements[0].row.text == recorded.statements[0].row.text


def test_a_statement_cannot_be_moved_into_final_minutes(db: Database) -> None:
    p = _people(db)
    final = _record(db, p)
    meetings.finalize(db, final.meeting.id)
    draft = meetings.record_meeting(
        db, {"title": "پیش‌نویس", "date": BAHMAN_16_1399}, statements=[(None, "سخن")]
    )
    with pytest.raises(ConflictError), db.session() as session:
        records.update(
            session, Statement, draft.statements[0].row.id, {"meeting_id": final.meeting.id}
        )
    assert len(meetings.get_detail(db, final.meeting.id).statements) == 3


def test_lock_message_reads_in_persian_with_persian_digits(db: Database) -> None:
    p = _people(db)
    recorded = _record(db, p)
    meetings.finalize(db, recorded.meeting.id)
    with pytest.raises(ConflictError) as info, db.session() as session:
        meetings.add_statement(session, recorded.meeting.id, "دیرهنگام", None)
    fa = info.value.message("fa")
    assert "صورتجلسه" in fa
    assert "۱۳۹۹-۰۰۱" in fa, fa


def test_reopen_unlocks_and_is_audited_with_its_actor(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = _people(db)
    recorded = _record(db, p)
    meeting_id = recorded.meeting.id
    monkeypatch.setenv("LOGNAME", "secretary")
    meetings.finalize(db, meeting_id, clock=FixedClock(FINAL_AT))
    monkeypatch.setenv("LOGNAME", "director-general")
    reopened = meetings.reopen(db, meeting_id)
    assert reopened.is_final is False
    assert reopened.finalized_at is None
    assert reopened.finalized_by == ""
    event = _events(db, meeting_id)[-1]
    assert event.actor == "director-general"
    assert event.action == "update"
    assert event.changes["is_final"] == [True, False]
    assert event.changes["finalized_by"] == ["secretary", ""]
    # Editable again.
    with db.session() as session:
        meetings.add_statement(session, meeting_id, "پس از بازگشایی", p.deputy)
    assert meetings.get_detail(db, meeting_id).statements[-1].row.text == "پس از بازگشایی"


def test_reopen_of_open_minutes_is_a_conflict(db: Database) -> None:
    p = _people(db)
    recorded = _record(db, p)
    with pytest.raises(ConflictError) as info:
        meetings.reopen(db, recorded.meeting.id)
    assert info.value.msg_id == "meeting.not_final"


def test_detail_hides_deleted_statements(db: Database) -> None:
    p = _people(db)
    recorded = _record(db, p)
    with db.session() as session:
        records.soft_delete(session, Statement, recorded.statements[1].row.id)
    detail = meetings.get_detail(db, recorded.meeting.id)
    assert [s.speaker for s in detail.statements] == ["قدرت‌الله نوروزی", ""]
