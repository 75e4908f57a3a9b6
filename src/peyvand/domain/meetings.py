"""Meetings and their minutes: participants, agenda, statements, decisions."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns, live_index, sort_key_field
from peyvand.domain.enums import Attendance, Classification, MeetingKind, ParticipantRole, Side
from peyvand.domain.limits import NOTE_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.types import UTCDateTime, enum_type


class MeetingData(DomainData):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    date: dt.date = Field(index=True)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = Field(default="", max_length=TITLE_MAX)
    kind: MeetingKind = Field(default=MeetingKind.OFFICIAL, sa_type=enum_type(MeetingKind))
    classification: Classification = Field(
        default=Classification.NORMAL, sa_type=enum_type(Classification)
    )
    visit_id: uuid.UUID | None = Field(default=None, foreign_key="visit.id", index=True)
    organization_id: uuid.UUID | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    partnership_id: uuid.UUID | None = Field(default=None, foreign_key="partnership.id", index=True)
    summary: str = Field(default="", max_length=TEXT_MAX)


class FinalColumns(DomainData):
    # Set by the finalize/reopen use cases only, never by an editor form.
    is_final: bool = False
    finalized_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    finalized_by: str = Field(default="", max_length=SHORT_MAX)


class Meeting(MeetingData, FinalColumns, NumberColumns, SyncColumns, table=True):
    __table_args__ = (live_index("meeting", "date"),)

    title_sort: str = sort_key_field(TITLE_MAX)
    place_sort: str = sort_key_field(TITLE_MAX)


class MeetingRow(MeetingData, FinalColumns, NumberColumns, SyncColumns, RowBase):
    pass


class ParticipantData(DomainData):
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    side: Side = Field(default=Side.HOST, sa_type=enum_type(Side))
    role: ParticipantRole = Field(
        default=ParticipantRole.MEMBER, sa_type=enum_type(ParticipantRole)
    )
    attendance: Attendance = Field(default=Attendance.PRESENT, sa_type=enum_type(Attendance))
    position: int = Field(default=0, ge=0)


class Participant(ParticipantData, SyncColumns, table=True):
    pass


class ParticipantRow(ParticipantData, SyncColumns, RowBase):
    pass


class AgendaItemData(DomainData):
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    position: int = Field(default=0, ge=0)
    text: str = Field(min_length=1, max_length=NOTE_MAX)


class AgendaItem(AgendaItemData, SyncColumns, table=True):
    __tablename__ = "agenda_item"


class AgendaItemRow(AgendaItemData, SyncColumns, RowBase):
    pass


class StatementData(DomainData):
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    speaker_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    position: int = Field(default=0, ge=0)
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class Statement(StatementData, SyncColumns, table=True):
    pass


class StatementRow(StatementData, SyncColumns, RowBase):
    pass


class DecisionData(DomainData):
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    # Numbered within its meeting (مصوبه ۱، ۲، …).
    number: int = Field(default=1, ge=1)
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    owner_person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    owner_unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    due_date: dt.date | None = None


class Decision(DecisionData, SyncColumns, table=True):
    pass


class DecisionRow(DecisionData, SyncColumns, RowBase):
    pass
