"""The minutes editor's use cases: whole-document save, order, numbers, the final lock."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from peyvand.domain import Action, Decision, Organization, Person, Statement, Unit, Visit
from peyvand.domain.enums import Attendance, ParticipantRole, Side
from peyvand.domain.errors import ConflictError, ValidationError
from peyvand.services import actions, meetings, minutes, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

DAY = dt.date(2026, 11, 26)
CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


@dataclass(frozen=True)
class Directory:
    host: uuid.UUID
    guest: uuid.UUID
    clerk: uuid.UUID
    unit: uuid.UUID


def _directory(db: Database) -> Directory:
    with db.session() as session:
        unit = records.create(session, Unit, {"name": "واحد خواهرخواندگی"})
        ministry = records.create(session, Organization, {"name": "وزارت امور خارجه"})
        host = records.create(session, Person, {"name": "مریم نمونه‌پور", "title": "مدیرکل"})
        guest = records.create(
            session,
            Person,
            {"name": "رضا آزمون‌فر", "title": "معاون", "organization_id": ministry.id},
        )
        clerk = records.create(
            session, Person, {"name": "سارا مثالی", "title": "کارشناس", "unit_id": unit.id}
        )
    return Directory(host.id, guest.id, clerk.id, unit.id)


def _header(**changes: object) -> dict[str, object]:
    return {
        "title": "هماهنگی برنامه‌های مشترک",
        "date": DAY,
        "start_time": dt.time(10, 0),
        "end_time": dt.time(11, 0),
        **changes,
    }


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _first(db: Database, d: Directory) -> minutes.Minutes:
    return minutes.save(
        db,
        None,
        _header(),
        participants=[
            {"person_id": d.host, "side": Side.HOST, "role": ParticipantRole.CHAIR},
            {"person_id": d.guest, "side": Side.GUEST, "role": ParticipantRole.SPEAKER},
        ],
        agenda=[{"text": "بند نخست"}, {"text": "بند دوم"}],
        statements=[
            {"speaker_id": d.host, "text": "سخن نخست"},
            {"speaker_id": d.guest, "text": "سخن دوم"},
        ],
        decisions=[
            {
                "text": "تهیه برنامه مشترک",
                "owner_person_id": d.clerk,
                "owner_unit_id": d.unit,
                "due_date": DAY + dt.timedelta(days=5),
            }
        ],
        clock=CLOCK,
    )


Rows = dict[str, list[dict[str, Any]]]


def _resave(
    db: Database,
    meeting_id: uuid.UUID,
    header: dict[str, object],
    rows: Rows,
    revision: int | None = None,
) -> minutes.Minutes:
    return minutes.save(
        db,
        meeting_id,
        header,
        participants=rows.get("participants", []),
        agenda=rows.get("agenda", []),
        statements=rows.get("statements", []),
        decisions=rows.get("decisions", []),
        expected_revision=revision,
    )


def _rows(view: minutes.Minutes) -> Rows:
    """The saved minutes as the editor would send them back unchanged."""
    detail = view.detail
    return {
        "participants": [
            {
                "id": p.row.id,
                "revision": p.row.revision,
                "person_id": p.row.person_id,
                "side": p.row.side,
                "role": p.row.role,
                "attendance": p.row.attendance,
            }
            for p in detail.participants
        ],
        "agenda": [{"id": a.id, "revision": a.revision, "text": a.text} for a in detail.agenda],
        "statements": [
            {
                "id": s.row.id,
                "revision": s.row.revision,
                "speaker_id": s.row.speaker_id,
                "text": s.row.text,
            }
            for s in detail.statements
        ],
        "decisions": [
            {
                "id": x.row.id,
                "revision": x.row.revision,
                "text": x.row.text,
                "owner_person_id": x.row.owner_person_id,
                "owner_unit_id": x.row.owner_unit_id,
                "due_date": x.row.due_date,
            }
            for x in detail.decisions
        ],
    }


def test_a_new_meeting_is_saved_with_its_whole_minutes(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    detail = view.detail
    assert detail.meeting.number == "1405-001"
    assert detail.meeting.title == "هماهنگی برنامه‌های مشترک"
    assert [p.name for p in detail.participants] == ["مریم نمونه‌پور", "رضا آزمون‌فر"]
    assert detail.participants[1].organization == "وزارت امور خارجه"
    assert [a.text for a in detail.agenda] == ["بند نخست", "بند دوم"]
    assert [(s.speaker, s.row.position) for s in detail.statements] == [
        ("مریم نمونه‌پور", 1),
        ("رضا آزمون‌فر", 2),
    ]
    assert [(x.row.number, x.owner) for x in detail.decisions] == [(1, "سارا مثالی")]
    assert view.followups == {}


def test_saving_unchanged_minutes_changes_nothing(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    audit_before = _count(db, "audit_event")
    again = _resave(
        db, view.detail.meeting.id, _header(), _rows(view), view.detail.meeting.revision
    )
    assert _count(db, "audit_event") == audit_before
    assert again.detail.meeting.revision == view.detail.meeting.revision


def test_rows_are_updated_reordered_added_and_removed(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    rows = _rows(view)
    first, second = rows["statements"]
    rows["statements"] = [
        {**second, "text": "سخن دوم، ویرایش‌شده"},
        first,
        {"speaker_id": None, "text": "سخن سوم"},
    ]
    rows["agenda"] = rows["agenda"][1:]
    rows["participants"][1]["attendance"] = Attendance.EXCUSED
    rows["decisions"].append({"text": "مصوبه دوم"})
    after = _resave(db, view.detail.meeting.id, _header(place="تالار"), rows)
    detail = after.detail
    assert detail.meeting.place == "تالار"
    assert [(s.row.position, s.row.text) for s in detail.statements] == [
        (1, "سخن دوم، ویرایش‌شده"),
        (2, "سخن نخست"),
        (3, "سخن سوم"),
    ]
    assert [a.text for a in detail.agenda] == ["بند دوم"]
    assert detail.participants[1].row.attendance == Attendance.EXCUSED
    assert [x.row.number for x in detail.decisions] == [1, 2]
    # The removed agenda item is a tombstone, not gone.
    assert _count(db, "agenda_item") == 2


def test_a_removed_decision_number_is_never_reused(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    rows = _rows(view)
    rows["decisions"] = [{"text": "مصوبه تازه"}]
    after = _resave(db, view.detail.meeting.id, _header(), rows)
    assert [x.row.number for x in after.detail.decisions] == [2]


def test_a_bad_row_saves_nothing(db: Database) -> None:
    d = _directory(db)
    with pytest.raises(ValidationError) as info:
        minutes.save(
            db,
            None,
            _header(),
            participants=[{"person_id": d.host}],
            statements=[{"speaker_id": d.host, "text": "سخن"}, {"speaker_id": None, "text": " "}],
        )
    assert (info.value.msg_id, info.value.field) == ("field.required", "text")
    for table in ("meeting", "participant", "statement"):
        assert _count(db, table) == 0


def test_header_rules_are_reported_by_field(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        minutes.save(db, None, _header(date=None))
    assert (info.value.msg_id, info.value.field) == ("field.required", "date")
    with pytest.raises(ValidationError) as info:
        minutes.save(db, None, _header(title=""))
    assert info.value.field == "title"
    assert info.value.message("fa") == "عنوان را وارد کنید."
    with pytest.raises(ValidationError) as info:
        minutes.save(db, None, _header(end_time=dt.time(9, 0)))
    assert (info.value.msg_id, info.value.field) == ("range.times", "end_time")
    assert _count(db, "meeting") == 0


def test_a_stale_revision_is_refused(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    meeting_id = view.detail.meeting.id
    minutes.save(db, meeting_id, _header(place="جای دیگر"))
    with pytest.raises(ConflictError):
        minutes.save(
            db, meeting_id, _header(place="تالار"), expected_revision=view.detail.meeting.revision
        )


def test_a_row_removed_meanwhile_is_a_conflict(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    rows = _rows(view)
    records.delete_row(db, Statement, view.detail.statements[0].row.id)
    with pytest.raises(ConflictError):
        _resave(db, view.detail.meeting.id, _header(), rows)


def test_final_minutes_are_refused_until_reopened(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    meeting_id = view.detail.meeting.id
    meetings.finalize(db, meeting_id, clock=CLOCK)
    rows = _rows(view)
    rows["statements"].append({"speaker_id": d.host, "text": "سخن پس از نهایی شدن"})
    with pytest.raises(ConflictError) as info:
        _resave(db, meeting_id, _header(), rows)
    assert info.value.msg_id == "meeting.final"
    assert len(minutes.load(db, meeting_id).detail.statements) == 2
    meetings.reopen(db, meeting_id)
    after = _resave(db, meeting_id, _header(), rows)
    assert len(after.detail.statements) == 3


def test_followups_are_listed_under_their_decision(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    decision_id = view.detail.decisions[0].row.id
    draft = minutes.followup_draft(db, decision_id)
    assert draft["title"] == "تهیه برنامه مشترک"
    assert draft["owner_person_id"] == d.clerk
    assert draft["unit_id"] == d.unit
    assert draft["due_date"] == DAY + dt.timedelta(days=5)
    action = actions.action_from_decision(db, decision_id, {"title": "برنامه مشترک"}, clock=CLOCK)
    loaded = minutes.load(db, view.detail.meeting.id)
    assert loaded.followups == {
        decision_id: [
            minutes.FollowUp(action.id, action.number, "برنامه مشترک", DAY + dt.timedelta(days=5))
        ]
    }


def _followed(db: Database) -> tuple[minutes.Minutes, uuid.UUID, uuid.UUID]:
    """A meeting whose decision 1 (due in 5 days) is followed up by an action due in 3."""
    view = _first(db, _directory(db))
    decision_id = view.detail.decisions[0].row.id
    action = actions.action_from_decision(
        db, decision_id, {"due_date": DAY + dt.timedelta(days=3)}, clock=CLOCK
    )
    return minutes.load(db, view.detail.meeting.id), decision_id, action.id


def test_a_followed_decision_has_its_followups_deadline(db: Database) -> None:
    loaded, decision_id, action_id = _followed(db)
    decision = loaded.detail.decisions[0].row
    assert decision.due_date == DAY + dt.timedelta(days=5)  # its own, kept as it was
    shown = minutes.deadline(decision.due_date, loaded.followups[decision_id])
    assert shown == DAY + dt.timedelta(days=3)
    with db.reading() as session:
        assert actions.decision_deadlines(session, [decision]) == {decision_id: shown}
    # Changed in the follow-up, the decision follows.
    records.update_row(db, Action, action_id, {"due_date": DAY + dt.timedelta(days=9)})
    with db.reading() as session:
        assert actions.decision_deadlines(session, [decision]) == {
            decision_id: DAY + dt.timedelta(days=9)
        }
    # A decision not followed up keeps its own deadline.
    assert minutes.deadline(DAY, []) == DAY


def test_a_followed_decisions_deadline_is_changed_only_in_the_followup(db: Database) -> None:
    loaded, _decision_id, _action_id = _followed(db)
    meeting = loaded.detail.meeting
    decision = loaded.detail.decisions[0].row
    row = {
        "id": decision.id,
        "revision": decision.revision,
        "text": decision.text,
        "due_date": DAY + dt.timedelta(days=30),
    }
    with pytest.raises(ValidationError) as info:
        _resave(db, meeting.id, _header(), {"decisions": [row]}, meeting.revision)
    assert info.value.msg_id == "decision.deadline_followed"
    assert info.value.field == "decision_due_date"
    assert "1405-001" in info.value.message("en")
    after = minutes.load(db, meeting.id)
    assert after.detail.decisions[0].row.due_date == DAY + dt.timedelta(days=5)
    # Its own deadline sent back unchanged (the editor does that): saved fine.
    row["due_date"] = decision.due_date
    row["text"] = "متن تازه"
    saved = _resave(db, meeting.id, _header(), {"decisions": [row]}, meeting.revision)
    assert saved.detail.decisions[0].row.text == "متن تازه"


def test_a_decision_is_followed_up_once(db: Database) -> None:
    loaded, decision_id, action_id = _followed(db)
    with pytest.raises(ConflictError) as info:
        actions.action_from_decision(db, decision_id, clock=CLOCK)
    assert info.value.msg_id == "decision.followed_up"
    assert len(minutes.load(db, loaded.detail.meeting.id).followups[decision_id]) == 1
    # Once that follow-up is deleted, the decision can be followed up again.
    records.delete_row(db, Action, action_id)
    again = actions.action_from_decision(db, decision_id, clock=CLOCK)
    assert again.source_decision_id == decision_id


def test_the_next_decision_number_is_known_before_saving(db: Database) -> None:
    view = _first(db, _directory(db))
    assert view.next_decision == 2
    meeting = view.detail.meeting
    decision = view.detail.decisions[0].row
    # Removed: its number is still not given again.
    saved = _resave(db, meeting.id, _header(), {"decisions": []}, meeting.revision)
    assert saved.next_decision == 2
    with db.reading() as session:
        assert meetings.next_decision_number(session, meeting.id) == 2
    assert decision.number == 1


def test_staff_host_and_everyone_else_is_a_guest(db: Database) -> None:
    d = _directory(db)
    assert minutes.default_side(db, d.clerk) == Side.HOST  # in one of our units
    assert minutes.default_side(db, d.guest) == Side.GUEST  # a ministry's deputy
    assert minutes.default_side(db, d.host) == Side.GUEST  # no unit: not known as staff


def test_a_meeting_in_the_future_is_not_held_yet(db: Database) -> None:
    view = _first(db, _directory(db))
    assert meetings.held(view.detail.meeting, clock=CLOCK)
    later = minutes.save(db, None, _header(date=DAY + dt.timedelta(days=1)), clock=CLOCK)
    assert not meetings.held(later.detail.meeting, clock=CLOCK)


def test_person_card_and_visit_choices(db: Database) -> None:
    d = _directory(db)
    card = minutes.person_card(db, d.guest)
    assert (card.name, card.title, card.organization, card.unit_id) == (
        "رضا آزمون‌فر",
        "معاون",
        "وزارت امور خارجه",
        None,
    )
    assert minutes.person_card(db, d.clerk).unit_id == d.unit
    with db.session() as session:
        older = records.create(
            session, Visit, {"title": "هیئت کازان", "arrival": DAY - dt.timedelta(days=90)}
        )
        newer = records.create(session, Visit, {"title": "هیئت لایپزیگ", "arrival": DAY})
    assert [c.id for c in minutes.visits(db)] == [newer.id, older.id]
    assert minutes.visits(db)[0].label == "هیئت لایپزیگ"


def test_a_decision_of_another_meeting_cannot_be_moved_in(db: Database) -> None:
    d = _directory(db)
    view = _first(db, d)
    other = minutes.save(db, None, _header(title="جلسه دیگر"))
    rows = _rows(view)
    with pytest.raises(ConflictError):
        minutes.save(
            db,
            other.detail.meeting.id,
            _header(title="جلسه دیگر"),
            decisions=rows["decisions"],
        )
    with db.reading() as session:
        decision = session.get(Decision, view.detail.decisions[0].row.id)
        assert decision is not None
        assert decision.meeting_id == view.detail.meeting.id
