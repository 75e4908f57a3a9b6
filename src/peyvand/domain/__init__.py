"""SQLModel tables, enums and validation rules. No Qt, no I/O."""

from __future__ import annotations

from sqlmodel import SQLModel

from peyvand.domain.actions import Action, ActionNote
from peyvand.domain.attachments import Attachment, Blob
from peyvand.domain.audit import AuditEvent
from peyvand.domain.base import SyncColumns
from peyvand.domain.directory import Organization, Person, Unit
from peyvand.domain.meetings import AgendaItem, Decision, Meeting, Participant, Statement
from peyvand.domain.numbering import NumberCounter
from peyvand.domain.partnerships import Agreement, Partnership
from peyvand.domain.visits import Gift, ItineraryItem, Visit, VisitMember

# Every kind of user data, parents before children: the order for export, import and
# merge, so that a foreign key always points at a row that is already there.
SYNCED_TABLES: tuple[type[SyncColumns], ...] = (
    Unit,
    Organization,
    Person,
    Partnership,
    Agreement,
    Visit,
    VisitMember,
    ItineraryItem,
    Gift,
    Meeting,
    Participant,
    AgendaItem,
    Statement,
    Decision,
    Action,
    ActionNote,
    Blob,
    Attachment,
)

BY_TABLE: dict[str, type[SyncColumns]] = {
    str(model.__tablename__): model for model in SYNCED_TABLES
}

metadata = SQLModel.metadata

__all__ = [
    "BY_TABLE",
    "SYNCED_TABLES",
    "Action",
    "ActionNote",
    "AgendaItem",
    "Agreement",
    "Attachment",
    "AuditEvent",
    "Blob",
    "Decision",
    "Gift",
    "ItineraryItem",
    "Meeting",
    "NumberCounter",
    "Organization",
    "Participant",
    "Partnership",
    "Person",
    "Statement",
    "Unit",
    "Visit",
    "VisitMember",
    "metadata",
]
