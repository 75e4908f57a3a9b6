"""Follow-up actions: from decisions, status changes with notes, overdue views.

'Overdue' and 'due soon' are computed from today in Tehran, never stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from peyvand.domain import (
    Action,
    ActionNote,
    ActionNoteRow,
    ActionRow,
    Decision,
    DecisionRow,
    Meeting,
    Person,
    Unit,
)
from peyvand.domain.enums import ActionStatus
from peyvand.domain.errors import ConflictError, ValidationError
from peyvand.domain.limits import TITLE_MAX
from peyvand.services import records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.query_helpers import broad_in
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database
from peyvand.text import normalize_input

DUE_SOON_DAYS = 7
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class ActionView:
    row: ActionRow
    owner: str
    unit: str
    overdue: bool
    due_soon: bool
    days_left: int | None


def classify(row: ActionRow | Action, on: dt.date) -> tuple[bool, bool, int | None]:
    """(overdue, due within 7 days, days left) as of ``on``."""
    if row.due_date is None or ActionStatus(row.status).is_closed:
        return False, False, None
    days_left = (row.due_date - on).days
    return days_left < 0, 0 <= days_left <= DUE_SOON_DAYS, days_left


def views(session: Session, actions: list[Action], on: dt.date) -> list[ActionView]:
    person_ids = {a.owner_person_id for a in actions if a.owner_person_id}
    unit_ids = {a.unit_id for a in actions if a.unit_id}
    people = (
        {p.id: p.name for p in session.exec(select(Person).where(col(Person.id).in_(person_ids)))}
        if person_ids
        else {}
    )
    units = (
        {u.id: u.name for u in session.exec(select(Unit).where(col(Unit.id).in_(unit_ids)))}
        if unit_ids
        else {}
    )
    result = []
    for action in actions:
        overdue, soon, days_left = classify(action, on)
        result.append(
            ActionView(
                row=ActionRow.model_validate(action),
                owner=people.get(action.owner_person_id, "") if action.owner_person_id else "",
                unit=units.get(action.unit_id, "") if action.unit_id else "",
                overdue=overdue,
                due_soon=soon,
                days_left=days_left,
            )
        )
    return result


def create_action(
    db: Database, values: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> ActionRow:
    with db.session() as session:
        return ActionRow.model_validate(records.create(session, Action, values, clock=clock))


def _title_from(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def draft_from_decision(session: Session, decision_id: uuid.UUID) -> dict[str, Any]:
    """The follow-up a decision implies: its text, owner, unit and deadline."""
    decision = records.get(session, Decision, decision_id)
    meeting = records.get(session, Meeting, decision.meeting_id)
    return {
        "title": _title_from(decision.text),
        "description": decision.text,
        "source_decision_id": decision.id,
        "source_visit_id": meeting.visit_id,
        "owner_person_id": decision.owner_person_id,
        "unit_id": decision.owner_unit_id,
        "due_date": decision.due_date,
    }


def action_from_decision(
    db: Database,
    decision_id: uuid.UUID,
    overrides: Mapping[str, Any] | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> ActionRow:
    """Turn a decision into a follow-up in one step (overrides win over the draft).

    A decision has one follow-up (its deadline is that follow-up's): a second one is
    refused, naming the first.
    """
    with db.session() as session:
        followed = followups_of(session, [decision_id]).get(decision_id)
        if followed:
            decision = records.get(session, Decision, decision_id)
            raise ConflictError(
                "decision.followed_up", number=decision.number, action=followed[0].number
            )
        values = {**draft_from_decision(session, decision_id), **(overrides or {})}
        return ActionRow.model_validate(records.create(session, Action, values, clock=clock))


def deadline(own: dt.date | None, followups: Sequence[dt.date | None]) -> dt.date | None:
    """One deadline wins: a decision followed up has its follow-up's deadline (the first
    follow-up opened from it, where the deadline is changed from then on); a decision
    not followed up yet has its own."""
    return followups[0] if followups else own


def followups_of(
    session: Session, decision_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[Action]]:
    """decision id -> the live follow-ups opened from it, oldest first."""
    wanted = list(set(decision_ids))
    result: dict[uuid.UUID, list[Action]] = {}
    if not wanted:
        return result
    rows = session.exec(
        select(Action)
        .where(col(Action.source_decision_id).in_(wanted), col(Action.deleted_at).is_(None))
        .order_by(col(Action.created_at), col(Action.number))
    )
    for action in rows:
        assert action.source_decision_id is not None
        result.setdefault(action.source_decision_id, []).append(action)
    return result


def decision_deadlines(
    session: Session, decisions: Iterable[Decision | DecisionRow]
) -> dict[uuid.UUID, dt.date | None]:
    """The deadline of each decision as :func:`deadline` rules it."""
    decisions = list(decisions)
    followed = followups_of(session, (d.id for d in decisions))
    return {
        d.id: deadline(d.due_date, [a.due_date for a in followed.get(d.id, [])]) for d in decisions
    }


def change_status(
    db: Database,
    action_id: uuid.UUID,
    status: ActionStatus,
    note: str,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> ActionRow:
    """A status change always carries a progress note, in the same transaction."""
    note = normalize_input(note or "")
    if not note:
        raise ValidationError("action.note_required", field="text")
    with db.session() as session:
        action = records.get(session, Action, action_id)
        old = ActionStatus(action.status)
        if old == status:
            raise ValidationError("action.same_status", field="status")
        records.create(
            session,
            ActionNote,
            {
                "action_id": action.id,
                "noted_at": clock.now(),
                "author": session.info.get("actor") or current_actor(),
                "text": note,
                "status_from": old,
                "status_to": status,
            },
        )
        action.status = status
        action.completed_on = today(clock) if status == ActionStatus.DONE else None
        session.flush()
        return ActionRow.model_validate(action)


def add_note(
    db: Database, action_id: uuid.UUID, text: str, *, clock: Clock = SYSTEM_CLOCK
) -> ActionNoteRow:
    with db.session() as session:
        records.get(session, Action, action_id)
        note = records.create(
            session,
            ActionNote,
            {
                "action_id": action_id,
                "noted_at": clock.now(),
                "author": session.info.get("actor") or current_actor(),
                "text": text,
            },
        )
        return ActionNoteRow.model_validate(note)


def history(db: Database, action_id: uuid.UUID) -> list[ActionNoteRow]:
    with db.reading() as session:
        notes = session.exec(
            select(ActionNote)
            .where(ActionNote.action_id == action_id, col(ActionNote.deleted_at).is_(None))
            .order_by(col(ActionNote.noted_at))
        )
        return [ActionNoteRow.model_validate(n) for n in notes]


def _open_query() -> Any:
    return select(Action).where(
        col(Action.deleted_at).is_(None), broad_in(Action.status, OPEN_STATUSES)
    )


def overdue(db: Database, *, clock: Clock = SYSTEM_CLOCK, limit: int = 500) -> list[ActionView]:
    on = today(clock)
    with db.reading() as session:
        actions = list(
            session.exec(
                _open_query()
                .where(col(Action.due_date) < on)
                .order_by(col(Action.due_date))
                .limit(limit)
            )
        )
        return views(session, actions, on)


def due_soon(
    db: Database, *, clock: Clock = SYSTEM_CLOCK, days: int = DUE_SOON_DAYS, limit: int = 500
) -> list[ActionView]:
    on = today(clock)
    with db.reading() as session:
        actions = list(
            session.exec(
                _open_query()
                .where(col(Action.due_date) >= on, col(Action.due_date) <= on + dt.timedelta(days))
                .order_by(col(Action.due_date))
                .limit(limit)
            )
        )
        return views(session, actions, on)
