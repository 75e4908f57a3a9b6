"""Meetings and their minutes: record, add statements and decisions, finalize."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from peyvand.domain import (
    AgendaItem,
    AgendaItemRow,
    Decision,
    DecisionRow,
    Meeting,
    MeetingRow,
    Organization,
    Participant,
    ParticipantRow,
    Person,
    Statement,
    StatementRow,
)
from peyvand.domain.errors import ConflictError
from peyvand.services import numbering, records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.lookup import resolve
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database


@dataclass(frozen=True)
class ParticipantView:
    row: ParticipantRow
    name: str
    title: str
    organization: str


@dataclass(frozen=True)
class StatementView:
    row: StatementRow
    speaker: str


@dataclass(frozen=True)
class DecisionView:
    row: DecisionRow
    owner: str


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingRow
    participants: list[ParticipantView]
    agenda: list[AgendaItemRow]
    statements: list[StatementView]
    decisions: list[DecisionView]


def _next(session: Session, column: Any, meeting_id: uuid.UUID, model: Any) -> int:
    # Deleted rows count too: a decision's number, once said in a meeting, is never reused.
    current = session.exec(select(func.max(column)).where(model.meeting_id == meeting_id)).one()
    return int(current or 0) + 1


def _person_labels(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, Person]:
    if not ids:
        return {}
    return {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(ids)))}


def add_participant(
    session: Session, meeting_id: uuid.UUID, values: Mapping[str, Any]
) -> Participant:
    position = values.get("position") or _next(
        session, Participant.position, meeting_id, Participant
    )
    return records.create(
        session, Participant, {**values, "meeting_id": meeting_id, "position": position}
    )


def add_agenda_item(session: Session, meeting_id: uuid.UUID, text: str) -> AgendaItem:
    position = _next(session, AgendaItem.position, meeting_id, AgendaItem)
    return records.create(
        session, AgendaItem, {"meeting_id": meeting_id, "text": text, "position": position}
    )


def add_statement(
    session: Session, meeting_id: uuid.UUID, text: str, speaker_id: uuid.UUID | None
) -> Statement:
    position = _next(session, Statement.position, meeting_id, Statement)
    return records.create(
        session,
        Statement,
        {"meeting_id": meeting_id, "text": text, "speaker_id": speaker_id, "position": position},
    )


def next_decision_number(session: Session, meeting_id: uuid.UUID) -> int:
    """The number the meeting's next decision gets (a removed one's is never reused)."""
    return _next(session, Decision.number, meeting_id, Decision)


def held(meeting: MeetingRow, *, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Whether the meeting's day has come, in Tehran: finalizing the minutes of a meeting
    not held yet is most likely a wrong date, so the GUI asks first."""
    return meeting.date <= today(clock)


def add_decision(session: Session, meeting_id: uuid.UUID, values: Mapping[str, Any]) -> Decision:
    number = _next(session, Decision.number, meeting_id, Decision)
    return records.create(session, Decision, {**values, "meeting_id": meeting_id, "number": number})


def record_meeting(
    db: Database,
    meeting: Mapping[str, Any],
    *,
    participants: Sequence[Mapping[str, Any]] = (),
    agenda: Sequence[str] = (),
    statements: Sequence[tuple[uuid.UUID | None, str]] = (),
    decisions: Sequence[Mapping[str, Any]] = (),
    clock: Clock = SYSTEM_CLOCK,
) -> MeetingDetail:
    """A whole meeting with its minutes, in one transaction: all of it or nothing."""
    with db.session() as session:
        # Numbered at commit: other workstations' new meetings wait for that only.
        obj = records.create(session, Meeting, meeting, clock=clock, late_number=True)
        late = numbering.pending(session, obj)
        for values in participants:
            add_participant(session, obj.id, values)
        for text in agenda:
            add_agenda_item(session, obj.id, text)
        for speaker_id, text in statements:
            add_statement(session, obj.id, text, speaker_id)
        for values in decisions:
            add_decision(session, obj.id, values)
        session.flush()
        detail = detail_in(session, obj.id)
    return detail if late is None else with_number(detail, late.value)


def with_number(detail: MeetingDetail, number: str) -> MeetingDetail:
    """``detail`` read before the commit that numbered its meeting, with that number."""
    return replace(detail, meeting=detail.meeting.model_copy(update={"number": number}))


def detail_in(session: Session, meeting_id: uuid.UUID) -> MeetingDetail:
    meeting = records.get(session, Meeting, meeting_id)

    def live(model: Any) -> Any:
        return select(model).where(model.meeting_id == meeting_id, col(model.deleted_at).is_(None))

    participants = list(session.exec(live(Participant).order_by(col(Participant.position))))
    agenda = list(session.exec(live(AgendaItem).order_by(col(AgendaItem.position))))
    statements = list(session.exec(live(Statement).order_by(col(Statement.position))))
    decisions = list(session.exec(live(Decision).order_by(col(Decision.number))))
    people = _person_labels(
        session,
        {p.person_id for p in participants}
        | {s.speaker_id for s in statements if s.speaker_id}
        | {d.owner_person_id for d in decisions if d.owner_person_id},
    )
    org_ids = {p.organization_id for p in people.values() if p.organization_id}
    orgs = (
        {
            o.id: o.name
            for o in session.exec(select(Organization).where(col(Organization.id).in_(org_ids)))
        }
        if org_ids
        else {}
    )

    def name(pid: uuid.UUID | None) -> str:
        return people[pid].name if pid and pid in people else ""

    return MeetingDetail(
        meeting=MeetingRow.model_validate(meeting),
        participants=[
            ParticipantView(
                row=ParticipantRow.model_validate(p),
                name=people[p.person_id].name,
                title=people[p.person_id].title,
                organization=_org_name(orgs, people[p.person_id].organization_id),
            )
            for p in participants
        ],
        agenda=[AgendaItemRow.model_validate(a) for a in agenda],
        statements=[
            StatementView(row=StatementRow.model_validate(s), speaker=name(s.speaker_id))
            for s in statements
        ],
        decisions=[
            DecisionView(row=DecisionRow.model_validate(d), owner=name(d.owner_person_id))
            for d in decisions
        ],
    )


def _org_name(orgs: dict[uuid.UUID, str], org_id: uuid.UUID | None) -> str:
    return orgs.get(org_id, "") if org_id else ""


def get_detail(db: Database, ref: str | uuid.UUID) -> MeetingDetail:
    with db.reading() as session:
        meeting = resolve(session, Meeting, str(ref))
        return detail_in(session, meeting.id)


def finalize(db: Database, meeting_id: uuid.UUID, *, clock: Clock = SYSTEM_CLOCK) -> MeetingRow:
    """Lock the minutes; the audit log records who did it."""
    with db.session() as session:
        meeting = records.get(session, Meeting, meeting_id)
        if meeting.is_final:
            return MeetingRow.model_validate(meeting)
        meeting.is_final = True
        meeting.finalized_at = clock.now()
        meeting.finalized_by = session.info.get("actor") or current_actor()
        session.flush()
        return MeetingRow.model_validate(meeting)


def reopen(db: Database, meeting_id: uuid.UUID) -> MeetingRow:
    """Unlock final minutes; an explicit act, recorded in the audit log with its actor."""
    with db.session() as session:
        meeting = records.get(session, Meeting, meeting_id)
        if not meeting.is_final:
            raise ConflictError("meeting.not_final", number=meeting.number)
        meeting.is_final = False
        meeting.finalized_at = None
        meeting.finalized_by = ""
        session.flush()
        return MeetingRow.model_validate(meeting)


def reschedule(
    db: Database,
    meeting_id: uuid.UUID,
    day: dt.date,
    *,
    expected_revision: int | None = None,
) -> MeetingRow:
    """Move a meeting to another day (the calendar's drag and drop). The record rules
    hold: final minutes are locked (reopen first), a revision changed meanwhile is
    refused, and the change is audited like any edit."""
    with db.session() as session:
        meeting = records.update(
            session, Meeting, meeting_id, {"date": day}, expected_revision=expected_revision
        )
        return MeetingRow.model_validate(meeting)
