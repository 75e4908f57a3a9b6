"""The meeting brief's data, read through Core (briefs/meeting_data.py), is what the
meetings service says of the same meeting: the old gathering through
``meetings.get_detail`` is kept here as the reference, and both are compared on every
demo meeting and on one built to hit each rule (removed rows, removed people, a speaker
who is not a participant, statements without a speaker, a decision followed up twice,
a removed follow-up, a removed visit)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlmodel import select

from peyvand.briefs.meeting_data import (
    DecisionInfo,
    MeetingBrief,
    ParticipantInfo,
    SpeakerStatements,
    meeting_data,
)
from peyvand.domain import (
    Action,
    AgendaItem,
    Decision,
    Meeting,
    Organization,
    Participant,
    Person,
    Statement,
    Unit,
    Visit,
)
from peyvand.domain.enums import (
    Attendance,
    Classification,
    MeetingKind,
    ParticipantRole,
    Side,
)
from peyvand.domain.errors import NotFoundError
from peyvand.services import actions, meetings, records
from peyvand.storage.database import Database
from peyvand.text import to_persian_digits


def _through_the_service(db: Database, ref: str) -> MeetingBrief:
    """What the brief printed before issue 16: the meetings service's detail."""
    detail = meetings.get_detail(db, ref)
    meeting = detail.meeting
    with db.reading() as session:
        unit_ids = {d.row.owner_unit_id for d in detail.decisions} - {None}
        units = {u.id: u.name for u in session.exec(select(Unit))} if unit_ids else {}
        deadlines = actions.decision_deadlines(session, (d.row for d in detail.decisions))
        org = session.get(Organization, meeting.organization_id or uuid.UUID(int=0))
        org_name = org.name if org is not None else ""
        visit = session.get(Visit, meeting.visit_id or uuid.UUID(int=0))
        visit_title = visit.title if visit is not None and visit.deleted_at is None else ""
    titles = {p.row.person_id: p.title for p in detail.participants}
    groups: dict[uuid.UUID | None, tuple[str, str, list[str]]] = {}
    for statement in detail.statements:
        speaker = statement.row.speaker_id
        if speaker not in groups:
            groups[speaker] = (statement.speaker, titles.get(speaker, "") if speaker else "", [])
        groups[speaker][2].append(statement.row.text)
    return MeetingBrief(
        number=meeting.number,
        title=meeting.title,
        date=meeting.date,
        start=meeting.start_time,
        end=meeting.end_time,
        place=meeting.place,
        kind=MeetingKind(meeting.kind),
        classification=Classification(meeting.classification),
        summary=meeting.summary,
        organization=org_name,
        visit=visit_title,
        is_final=meeting.is_final,
        participants=tuple(
            ParticipantInfo(
                p.name,
                p.title,
                p.organization,
                Side(p.row.side),
                ParticipantRole(p.row.role),
                Attendance(p.row.attendance),
            )
            for p in detail.participants
        ),
        agenda=tuple(a.text for a in detail.agenda),
        statements=tuple(SpeakerStatements(n, t, tuple(s)) for n, t, s in groups.values()),
        decisions=tuple(
            DecisionInfo(
                d.row.number,
                d.row.text,
                d.owner,
                units.get(d.row.owner_unit_id, "") if d.row.owner_unit_id else "",
                deadlines[d.row.id],
            )
            for d in detail.decisions
        ),
    )


def _numbers(db: Database) -> list[str]:
    with db.reading() as session:
        return [m.number for m in session.exec(select(Meeting).where(Meeting.deleted_at == None))]  # noqa: E711


def test_every_demo_meeting_reads_as_the_meetings_service_has_it(demo_db: Database) -> None:
    numbers = _numbers(demo_db)
    assert len(numbers) >= 5
    for number in numbers:
        assert meeting_data(demo_db, number) == _through_the_service(demo_db, number), number


def test_every_rule_of_the_minutes_holds_on_a_meeting_built_to_test_them(
    own_db: Database,
) -> None:
    day, own_due = dt.date(2026, 11, 1), dt.date(2026, 12, 1)
    with own_db.session() as s:
        org = records.create(s, Organization, {"name": "شهرداری آزمون"})
        unit = records.create(s, Unit, {"name": "واحد آزمون"})
        gone_unit = records.create(s, Unit, {"name": "واحد برچیده"})
        guest = records.create(
            s, Person, {"name": "مهمان", "title": "معاون", "organization_id": org.id}
        )
        host = records.create(s, Person, {"name": "میزبان", "title": "مدیر"})
        outsider = records.create(s, Person, {"name": "سخنران بیرونی", "title": "استاد"})
        gone = records.create(s, Person, {"name": "فرد حذف‌شده"})
        visit = records.create(s, Visit, {"title": "سفر حذف‌شده", "arrival": day})
        meeting = records.create(
            s,
            Meeting,
            {"title": "جلسهٔ آزمون قواعد", "date": day, "start_time": dt.time(9, 30),
             "end_time": dt.time(11), "place": "تالار", "kind": MeetingKind.ONLINE,
             "summary": "چکیده", "organization_id": org.id, "visit_id": visit.id},
        )  # fmt: skip
        mid = meeting.id
        for n, person in enumerate((host, guest, gone), start=1):
            side = Side.GUEST if person is guest else Side.HOST
            records.create(s, Participant, {"meeting_id": mid, "person_id": person.id,
                                            "side": side, "position": 4 - n})  # fmt: skip
        removed_participant = records.create(
            s, Participant, {"meeting_id": mid, "person_id": outsider.id, "position": 9}
        )
        for n, text in enumerate(("دستور دوم", "دستور یکم"), start=1):
            records.create(s, AgendaItem, {"meeting_id": mid, "text": text, "position": 3 - n})
        said = [(guest, "سخن یکم"), (None, "سخن بی‌گوینده"), (outsider, "سخن بیرونی"),
                (guest, "سخن دوم"), (gone, "سخن فرد حذف‌شده")]  # fmt: skip
        for n, (speaker, text) in enumerate(said, start=1):
            who = speaker.id if speaker else None
            records.create(s, Statement, {"meeting_id": mid, "text": text, "position": n,
                                          "speaker_id": who})  # fmt: skip
        removed_statement = records.create(
            s, Statement, {"meeting_id": mid, "text": "سخن پاک‌شده", "position": 99}
        )
        followed = records.create(
            s, Decision, {"meeting_id": mid, "number": 1, "text": "مصوبهٔ پیگیری‌شده",
                          "owner_person_id": host.id, "owner_unit_id": unit.id,
                          "due_date": day})  # fmt: skip
        records.create(
            s, Decision, {"meeting_id": mid, "number": 2, "text": "مصوبهٔ بی‌پیگیری",
                          "owner_unit_id": gone_unit.id, "due_date": own_due})  # fmt: skip
        dropped = records.create(
            s, Decision, {"meeting_id": mid, "number": 3, "text": "مصوبهٔ پیگیری پاک‌شده",
                          "owner_person_id": gone.id})  # fmt: skip
        removed_decision = records.create(
            s, Decision, {"meeting_id": mid, "number": 4, "text": "مصوبهٔ حذف‌شده"}
        )
        first_due, second_due = dt.date(2027, 1, 5), dt.date(2026, 12, 24)
        records.create(s, Action, {"title": "پیگیری یکم", "source_decision_id": followed.id,
                                   "due_date": first_due, "unit_id": unit.id})  # fmt: skip
        s.flush()
        records.create(s, Action, {"title": "پیگیری دوم", "source_decision_id": followed.id,
                                   "due_date": second_due, "unit_id": unit.id})  # fmt: skip
        removed_action = records.create(
            s, Action, {"title": "پیگیری پاک‌شده", "source_decision_id": dropped.id,
                        "due_date": second_due, "unit_id": unit.id})  # fmt: skip
        number = meeting.number
        ids = {"visit": visit.id, "gone": gone.id, "gone_unit": gone_unit.id,
               "participant": removed_participant.id, "statement": removed_statement.id,
               "decision": removed_decision.id, "action": removed_action.id}  # fmt: skip
    for model, key in ((Participant, "participant"), (Statement, "statement"),
                       (Decision, "decision"), (Action, "action"), (Visit, "visit"),
                       (Person, "gone"), (Unit, "gone_unit")):  # fmt: skip
        records.delete_row(own_db, model, ids[key])

    brief = meeting_data(own_db, number)
    assert brief == _through_the_service(own_db, number)
    # What the rules give, spelled out: the reference could share a mistake.
    assert [p.name for p in brief.participants] == ["فرد حذف‌شده", "مهمان", "میزبان"]
    assert brief.participants[1] == ParticipantInfo(
        "مهمان", "معاون", "شهرداری آزمون", Side.GUEST, ParticipantRole.MEMBER, Attendance.PRESENT
    )
    assert brief.agenda == ("دستور یکم", "دستور دوم")
    assert brief.statements == (
        SpeakerStatements("مهمان", "معاون", ("سخن یکم", "سخن دوم")),
        SpeakerStatements("", "", ("سخن بی‌گوینده",)),
        SpeakerStatements("سخنران بیرونی", "", ("سخن بیرونی",)),  # not a participant: no title
        SpeakerStatements("فرد حذف‌شده", "", ("سخن فرد حذف‌شده",)),
    )
    assert [(d.number, d.owner, d.unit, d.due) for d in brief.decisions] == [
        (1, "میزبان", "واحد آزمون", first_due),
        (2, "", "واحد برچیده", own_due),
        (3, "فرد حذف‌شده", "", None),
    ]
    assert (brief.visit, brief.organization) == ("", "شهرداری آزمون")
    assert brief.kind == MeetingKind.ONLINE
    assert (brief.start, brief.end, brief.place, brief.summary, brief.is_final) == (
        dt.time(9, 30), dt.time(11), "تالار", "چکیده", False
    )  # fmt: skip
    # Found by its UUID and by its number in Persian digits alike.
    meeting_id = meetings.get_detail(own_db, number).meeting.id
    assert meeting_data(own_db, meeting_id) == meeting_data(own_db, str(meeting_id)) == brief
    assert meeting_data(own_db, f"  {to_persian_digits(number)} ") == brief


def test_a_removed_or_unknown_meeting_is_not_found(own_db: Database) -> None:
    meeting_id = meetings.get_detail(own_db, "1399-001").meeting.id
    records.delete_row(own_db, Meeting, meeting_id)
    for ref in ("1399-001", str(meeting_id), "1399-999", str(uuid.uuid4()), "نه-شماره"):
        with pytest.raises(NotFoundError) as raised:
            meeting_data(own_db, ref)
        assert raised.value.msg_id == "record.not_found"
