"""Follow-up actions and their dated progress notes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from peyvand.domain.base import (
    DomainData,
    RowBase,
    SyncColumns,
    live_index,
    sort_key_field,
    utc_now,
)
from peyvand.domain.enums import ActionStatus, ChecklistCheck, DeadlineAnchor, Priority
from peyvand.domain.limits import NOTE_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.types import UTCDateTime, enum_type


class ActionData(DomainData):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str = Field(default="", max_length=TEXT_MAX)
    source_decision_id: uuid.UUID | None = Field(
        default=None, foreign_key="decision.id", index=True
    )
    source_visit_id: uuid.UUID | None = Field(default=None, foreign_key="visit.id", index=True)
    owner_person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    due_date: date | None = Field(default=None, index=True)
    priority: Priority = Field(default=Priority.NORMAL, sa_type=enum_type(Priority))
    # A visit's checklist item (domain/protocol.py): the visit date its deadline is
    # counted from, so that moving the visit can move it, and what the readiness view
    # checks it against.
    deadline_anchor: DeadlineAnchor | None = Field(
        default=None, sa_type=enum_type(DeadlineAnchor)
    )
    checklist_check: ChecklistCheck | None = Field(
        default=None, sa_type=enum_type(ChecklistCheck)
    )


class StatusColumns(DomainData):
    # Changed only through the status use case, which always records a note.
    status: ActionStatus = Field(
        default=ActionStatus.OPEN, index=True, sa_type=enum_type(ActionStatus)
    )
    completed_on: date | None = None


class Action(ActionData, StatusColumns, NumberColumns, SyncColumns, table=True):
    __table_args__ = (
        live_index("action", "due_date"),
        # Counts by status (the list's header) read this index alone.
        Index("ix_action_status_deleted_at", "status", "deleted_at"),
        # The dashboard's chart counts by status and overdue, for the office or one
        # unit, from these alone (0008).
        live_index("action", "status", "due_date"),
        live_index("action", "unit_id", "status", "due_date"),
    )

    title_sort: str = sort_key_field(TITLE_MAX)


class ActionRow(ActionData, StatusColumns, NumberColumns, SyncColumns, RowBase):
    pass


class ActionNoteData(DomainData):
    action_id: uuid.UUID = Field(foreign_key="action.id", index=True)
    noted_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    author: str = Field(default="", max_length=SHORT_MAX)
    text: str = Field(min_length=1, max_length=NOTE_MAX)
    status_from: ActionStatus | None = Field(default=None, sa_type=enum_type(ActionStatus))
    status_to: ActionStatus | None = Field(default=None, sa_type=enum_type(ActionStatus))


class ActionNote(ActionNoteData, SyncColumns, table=True):
    __tablename__ = "action_note"


class ActionNoteRow(ActionNoteData, SyncColumns, RowBase):
    pass
