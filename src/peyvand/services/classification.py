"""Which classification governs a record that has none of its own.

Meetings, visits and letters carry their classification; a follow-up made from a
meeting's decision or a visit's checklist carries theirs (the row-level policies of
office mode key on the same links), and so does every row of a meeting or a visit. The
window asks this to decide who may change such a record (ui/permissions.py) and who
may resolve a conflict about it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from peyvand.domain import BY_TABLE, Action, Decision, Meeting, Visit
from peyvand.domain.enums import Classification
from peyvand.storage.database import Database

# Highest first: a follow-up of a secret meeting made on a confidential visit is secret.
_ORDER = (Classification.SECRET, Classification.CONFIDENTIAL, Classification.RESTRICTED)


def highest(*marks: Classification | str | None) -> Classification | None:
    """The highest of ``marks`` (None when there is none)."""
    present = {Classification(m) for m in marks if m is not None}
    for mark in _ORDER:
        if mark in present:
            return mark
    return Classification.NORMAL if present else None


def _meeting(session: Session, meeting_id: uuid.UUID | None) -> Classification | None:
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    return Classification(meeting.classification) if meeting is not None else None


def _visit(session: Session, visit_id: uuid.UUID | None) -> Classification | None:
    visit = session.get(Visit, visit_id) if visit_id is not None else None
    return Classification(visit.classification) if visit is not None else None


def of_object(session: Session, obj: Any) -> Classification | None:
    """The classification of ``obj`` (a row of any table), through its links."""
    own = getattr(obj, "classification", None)
    if own is not None:
        return Classification(own)
    if isinstance(obj, Action):
        decision = (
            session.get(Decision, obj.source_decision_id)
            if obj.source_decision_id is not None
            else None
        )
        return highest(
            _meeting(session, decision.meeting_id) if decision is not None else None,
            _visit(session, obj.source_visit_id),
        )
    action_id = getattr(obj, "action_id", None)
    if action_id is not None:  # a progress note, an attachment of a follow-up
        action = session.get(Action, action_id)
        return of_object(session, action) if action is not None else None
    return highest(
        _meeting(session, getattr(obj, "meeting_id", None)),
        _visit(session, getattr(obj, "visit_id", None)),
    )


def of_record(db: Database, table: str, record_id: uuid.UUID) -> Classification | None:
    """The classification of the row ``record_id`` of ``table`` (None: unclassified,
    or a record this account cannot see)."""
    model = BY_TABLE.get(table)
    if model is None:
        return None
    with db.reading() as session:
        obj = session.get(model, record_id)
        return of_object(session, obj) if obj is not None else None
