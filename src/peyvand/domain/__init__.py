"""SQLModel tables, enums and validation rules. No Qt, no I/O."""

from __future__ import annotations

from sqlmodel import SQLModel

from peyvand.domain.actions import (
    Action,
    ActionData,
    ActionNote,
    ActionNoteData,
    ActionNoteRow,
    ActionRow,
    StatusColumns,
)
from peyvand.domain.app_users import AppUser
from peyvand.domain.attachments import Attachment, AttachmentData, AttachmentRow, Blob
from peyvand.domain.audit import AuditEvent, AuditRow
from peyvand.domain.base import DomainData, RowBase, SyncColumns, sort_keys
from peyvand.domain.directory import (
    Organization,
    OrganizationData,
    OrganizationRow,
    Person,
    PersonData,
    PersonRow,
    Unit,
    UnitData,
    UnitRow,
)
from peyvand.domain.drafts import Draft
from peyvand.domain.letters import (
    Letter,
    LetterData,
    LetterRevision,
    LetterRevisionData,
    LetterRevisionRow,
    LetterRow,
    LetterTemplate,
    LetterTemplateData,
    LetterTemplateRow,
    RegisterColumns,
)
from peyvand.domain.meetings import (
    AgendaItem,
    AgendaItemData,
    AgendaItemRow,
    Decision,
    DecisionData,
    DecisionRow,
    FinalColumns,
    Meeting,
    MeetingData,
    MeetingRow,
    Participant,
    ParticipantData,
    ParticipantRow,
    Statement,
    StatementData,
    StatementRow,
)
from peyvand.domain.numbering import NumberColumns, NumberCounter
from peyvand.domain.partnerships import (
    Agreement,
    AgreementData,
    AgreementRow,
    Partnership,
    PartnershipData,
    PartnershipRow,
)
from peyvand.domain.protocol import (
    ChecklistTemplate,
    ChecklistTemplateData,
    ChecklistTemplateItem,
    ChecklistTemplateItemData,
    ChecklistTemplateItemRow,
    ChecklistTemplateRow,
)
from peyvand.domain.trips import (
    MergeConflict,
    MergeConflictRow,
    TripBase,
    TripExportRecord,
    TripExportRow,
    TripInfo,
)
from peyvand.domain.visits import (
    Gift,
    GiftData,
    GiftRow,
    ItineraryItem,
    ItineraryItemData,
    ItineraryItemRow,
    Visit,
    VisitData,
    VisitMember,
    VisitMemberData,
    VisitMemberRow,
    VisitRow,
)

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
    ChecklistTemplate,
    ChecklistTemplateItem,
    LetterTemplate,
    Letter,
    LetterRevision,
    Blob,
    Attachment,
)

BY_TABLE: dict[str, type[SyncColumns]] = {
    str(model.__tablename__): model for model in SYNCED_TABLES
}

# table -> (its editable fields with validation, the plain row services return).
# Blob has no editable part: it is immutable content, created by the attachment service.
SPECS: dict[type[SyncColumns], tuple[type[DomainData], type[RowBase]]] = {
    Unit: (UnitData, UnitRow),
    Organization: (OrganizationData, OrganizationRow),
    Person: (PersonData, PersonRow),
    Partnership: (PartnershipData, PartnershipRow),
    Agreement: (AgreementData, AgreementRow),
    Visit: (VisitData, VisitRow),
    VisitMember: (VisitMemberData, VisitMemberRow),
    ItineraryItem: (ItineraryItemData, ItineraryItemRow),
    Gift: (GiftData, GiftRow),
    Meeting: (MeetingData, MeetingRow),
    Participant: (ParticipantData, ParticipantRow),
    AgendaItem: (AgendaItemData, AgendaItemRow),
    Statement: (StatementData, StatementRow),
    Decision: (DecisionData, DecisionRow),
    Action: (ActionData, ActionRow),
    ActionNote: (ActionNoteData, ActionNoteRow),
    ChecklistTemplate: (ChecklistTemplateData, ChecklistTemplateRow),
    ChecklistTemplateItem: (ChecklistTemplateItemData, ChecklistTemplateItemRow),
    LetterTemplate: (LetterTemplateData, LetterTemplateRow),
    Letter: (LetterData, LetterRow),
    LetterRevision: (LetterRevisionData, LetterRevisionRow),
    Attachment: (AttachmentData, AttachmentRow),
}


def protected_fields(model: type[SyncColumns]) -> frozenset[str]:
    """Columns only a dedicated use case may set (short number, finality, an action's
    status): everything of the table that is neither sync bookkeeping, nor editable,
    nor derived by storage (sort keys)."""
    editable = set(SPECS[model][0].model_fields) if model in SPECS else set()
    derived = set(sort_keys(model))
    return frozenset(set(model.model_fields) - editable - derived - set(SyncColumns.model_fields))


metadata = SQLModel.metadata

__all__ = [
    "BY_TABLE",
    "SPECS",
    "SYNCED_TABLES",
    "Action",
    "ActionData",
    "ActionNote",
    "ActionNoteData",
    "ActionNoteRow",
    "ActionRow",
    "AgendaItem",
    "AgendaItemData",
    "AgendaItemRow",
    "Agreement",
    "AgreementData",
    "AgreementRow",
    "AppUser",
    "Attachment",
    "AttachmentData",
    "AttachmentRow",
    "AuditEvent",
    "AuditRow",
    "Blob",
    "ChecklistTemplate",
    "ChecklistTemplateData",
    "ChecklistTemplateItem",
    "ChecklistTemplateItemData",
    "ChecklistTemplateItemRow",
    "ChecklistTemplateRow",
    "Decision",
    "DecisionData",
    "DecisionRow",
    "DomainData",
    "Draft",
    "FinalColumns",
    "Gift",
    "GiftData",
    "GiftRow",
    "ItineraryItem",
    "ItineraryItemData",
    "ItineraryItemRow",
    "Letter",
    "LetterData",
    "LetterRevision",
    "LetterRevisionData",
    "LetterRevisionRow",
    "LetterRow",
    "LetterTemplate",
    "LetterTemplateData",
    "LetterTemplateRow",
    "Meeting",
    "MeetingData",
    "MeetingRow",
    "MergeConflict",
    "MergeConflictRow",
    "NumberColumns",
    "NumberCounter",
    "Organization",
    "OrganizationData",
    "OrganizationRow",
    "Participant",
    "ParticipantData",
    "ParticipantRow",
    "Partnership",
    "PartnershipData",
    "PartnershipRow",
    "Person",
    "PersonData",
    "PersonRow",
    "RegisterColumns",
    "RowBase",
    "Statement",
    "StatementData",
    "StatementRow",
    "StatusColumns",
    "SyncColumns",
    "TripBase",
    "TripExportRecord",
    "TripExportRow",
    "TripInfo",
    "Unit",
    "UnitData",
    "UnitRow",
    "Visit",
    "VisitData",
    "VisitMember",
    "VisitMemberData",
    "VisitMemberRow",
    "VisitRow",
    "metadata",
    "protected_fields",
    "sort_keys",
]
