"""The minutes editor's use cases: a meeting and its minutes edited as one document.

The editor keeps the header and every row (participants, agenda, statements,
decisions) on screen and saves them together: :func:`save` creates or updates the
meeting, creates the new rows, updates the changed ones, soft-deletes the removed
ones and renumbers the order — all in one transaction, so a failure changes nothing.
Built on :mod:`peyvand.services.records` and :mod:`peyvand.services.meetings`; no Qt.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session, col, select

from peyvand.domain import (
    AgendaItem,
    Decision,
    Meeting,
    Organization,
    Participant,
    Person,
    Statement,
    Visit,
)
from peyvand.domain.base import SyncColumns
from peyvand.domain.enums import Side
from peyvand.domain.errors import ConflictError, ValidationError
from peyvand.services import actions, meetings, numbering, records
from peyvand.services.choices import Choice
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.meetings import MeetingDetail
from peyvand.storage.database import Database

Row = Mapping[str, Any]

# What the editor may change on each kind of row (ids, numbers and order are the service's).
PARTICIPANT_FIELDS = ("person_id", "side", "role", "attendance")
AGENDA_FIELDS = ("text",)
STATEMENT_FIELDS = ("speaker_id", "text")
DECISION_FIELDS = ("text", "owner_person_id", "owner_unit_id", "due_date")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up action opened from a decision, as the decisions table shows it."""

    id: uuid.UUID
    number: str
    title: str
    due_date: dt.date | None = None


@dataclass(frozen=True)
class Minutes:
    detail: MeetingDetail
    # decision id -> the follow-up actions opened from it (oldest first)
    followups: dict[uuid.UUID, list[FollowUp]]
    # the number the next decision added will get (numbers are never reused)
    next_decision: int = 1


def deadline(own: dt.date | None, followups: Sequence[FollowUp]) -> dt.date | None:
    """A decision's deadline as shown and printed (see :func:`actions.deadline`)."""
    return actions.deadline(own, [f.due_date for f in followups])


@dataclass(frozen=True)
class PersonCard:
    """How a person is shown in the minutes: name, title and organization."""

    id: uuid.UUID
    name: str
    title: str
    organization: str
    unit_id: uuid.UUID | None


def _followups(session: Session, decision_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[FollowUp]]:
    return {
        decision_id: [FollowUp(a.id, a.number, a.title, a.due_date) for a in rows]
        for decision_id, rows in actions.followups_of(session, decision_ids).items()
    }


def followups(db: Database, decision_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[FollowUp]]:
    """The follow-ups of these decisions as they are now (a deadline changed there)."""
    with db.reading() as session:
        return _followups(session, decision_ids)


def _minutes_in(session: Session, meeting_id: uuid.UUID) -> Minutes:
    detail = meetings.detail_in(session, meeting_id)
    return Minutes(
        detail,
        _followups(session, [d.row.id for d in detail.decisions]),
        meetings.next_decision_number(session, meeting_id),
    )


def load(db: Database, meeting_id: uuid.UUID) -> Minutes:
    """The meeting with its minutes and the follow-ups already opened from its decisions."""
    with db.reading() as session:
        return _minutes_in(session, meeting_id)


def _sync(
    session: Session,
    model: type[SyncColumns],
    meeting_id: uuid.UUID,
    items: Sequence[Row],
    fields: Sequence[str],
    *,
    ordered: bool = True,
) -> None:
    """Make the live rows of ``model`` in the meeting match ``items``, in their order.

    An item with an ``id`` updates that row (a stale ``revision`` is refused); one
    without creates a row; live rows left out are soft-deleted.
    """
    table: Any = model
    existing = {
        obj.id: obj
        for obj in session.exec(
            select(table).where(table.meeting_id == meeting_id, col(table.deleted_at).is_(None))
        )
    }
    kept: set[uuid.UUID] = set()
    for position, item in enumerate(items, start=1):
        values = {name: item[name] for name in fields if name in item}
        if ordered:
            values["position"] = position
        row_id = item.get("id")
        if row_id is None:
            if model is Decision:
                meetings.add_decision(session, meeting_id, values)
            else:
                records.create(
                    session, model, {**values, "meeting_id": meeting_id}, flush=False
                )
            continue
        if row_id not in existing:
            # Removed or moved meanwhile (by another window or a merge): reload, then edit.
            raise ConflictError("record.stale", entity=str(model.__tablename__))
        kept.add(row_id)
        obj = existing[row_id]
        if model is Decision:
            _keep_followed_deadline(session, obj, values)
        if any(getattr(obj, name) != value for name, value in values.items()):
            records.update(session, model, row_id, values, expected_revision=item.get("revision"))
    for row_id in existing.keys() - kept:
        records.soft_delete(session, model, row_id)


def _keep_followed_deadline(session: Session, decision: Any, values: dict[str, Any]) -> None:
    """Once a decision is followed up, its deadline is the follow-up's and is changed
    only there: a different one sent for the decision is refused, not kept silently."""
    if "due_date" not in values or values["due_date"] == decision.due_date:
        return
    followed = actions.followups_of(session, [decision.id]).get(decision.id)
    if followed:
        raise ValidationError(
            "decision.deadline_followed",
            field="decision_due_date",
            number=decision.number,
            action=followed[0].number,
        )


def save(
    db: Database,
    meeting_id: uuid.UUID | None,
    header: Row,
    *,
    participants: Sequence[Row] = (),
    agenda: Sequence[Row] = (),
    statements: Sequence[Row] = (),
    decisions: Sequence[Row] = (),
    expected_revision: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Minutes:
    """Create (``meeting_id`` None) or update a meeting and its whole minutes at once.

    Rows are mappings of their editable fields plus, for rows already stored, ``id``
    and ``revision``. Decisions keep their numbers; new ones get the next free number
    (a removed decision's number is never reused). A final meeting is refused.
    """
    if header.get("date") is None:
        raise ValidationError("field.required", field="date")
    late = None
    with db.session() as session:
        if meeting_id is None:
            # Numbered at commit: other workstations' new meetings wait for that only.
            meeting = records.create(session, Meeting, header, clock=clock, late_number=True)
            late = numbering.pending(session, meeting)
        else:
            meeting = records.update(
                session, Meeting, meeting_id, header, expected_revision=expected_revision
            )
        # Everyone the minutes name, in one query (not one per row that names them).
        records.preload(
            session,
            Person,
            [p.get("person_id") for p in participants]
            + [s.get("speaker_id") for s in statements]
            + [d.get("owner_person_id") for d in decisions],
        )
        _sync(session, Participant, meeting.id, participants, PARTICIPANT_FIELDS)
        _sync(session, AgendaItem, meeting.id, agenda, AGENDA_FIELDS)
        _sync(session, Statement, meeting.id, statements, STATEMENT_FIELDS)
        _sync(session, Decision, meeting.id, decisions, DECISION_FIELDS, ordered=False)
        session.flush()
        saved = _minutes_in(session, meeting.id)
    if late is None:
        return saved
    return replace(saved, detail=meetings.with_number(saved.detail, late.value))


def person_card(db: Database, person_id: uuid.UUID) -> PersonCard:
    with db.reading() as session:
        person = records.get(session, Person, person_id)
        organization = (
            session.get(Organization, person.organization_id) if person.organization_id else None
        )
        return PersonCard(
            person.id,
            person.name,
            person.title,
            organization.name if organization is not None else "",
            person.unit_id,
        )


def default_side(db: Database, person_id: uuid.UUID) -> Side:
    """The side a person takes in a meeting unless told otherwise: staff of one of the
    office's own units host; anyone else (an embassy's, a partner city's) is a guest."""
    with db.reading() as session:
        person = records.get(session, Person, person_id)
        return Side.HOST if person.unit_id is not None else Side.GUEST


def visits(db: Database, *, limit: int = 500) -> list[Choice]:
    """Visits a meeting can belong to, newest first: «۱۴۰۳-۰۰۷ — title»."""
    with db.reading() as session:
        rows = session.exec(
            select(Visit)
            .where(col(Visit.deleted_at).is_(None))
            .order_by(col(Visit.arrival).desc(), col(Visit.number).desc())
            .limit(limit)
        )
        return [Choice(v.id, v.title, v.number) for v in rows]


def followup_draft(db: Database, decision_id: uuid.UUID) -> dict[str, Any]:
    """The follow-up a decision implies (text, owner, unit, deadline), to prefill a form."""
    with db.reading() as session:
        return actions.draft_from_decision(session, decision_id)
