"""SQLModel tables, enums and validation rules. No Qt, no I/O.

The package is lazy (PEP 562): ``import peyvand.domain`` or one of its light modules
(``errors``, ``enums``, ``limits``, ``rules``) builds no model class. Building the
SQLModel classes of every table costs about 0.4 s (pydantic field collection and
SQLAlchemy's declarative mapping), more than the rest of start-up, and the window's
first paint reads through Core (``domain/core_tables.py``) without them. A name such as
``peyvand.domain.Meeting`` imports its module on first use; the whole-schema names
(``SYNCED_TABLES``, ``BY_TABLE``, ``SPECS``, ``metadata``) load every table first, as
does ``load_all()`` — which the ORM session does before its first use
(storage/database.py), so a unit of work always sees every table and foreign key.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import MetaData

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

# Each public name and the module that defines it.
_HOMES: dict[str, str] = {
    "Action": "peyvand.domain.actions",
    "ActionData": "peyvand.domain.actions",
    "ActionNote": "peyvand.domain.actions",
    "ActionNoteData": "peyvand.domain.actions",
    "ActionNoteRow": "peyvand.domain.actions",
    "ActionRow": "peyvand.domain.actions",
    "StatusColumns": "peyvand.domain.actions",
    "AppUser": "peyvand.domain.app_users",
    "Attachment": "peyvand.domain.attachments",
    "AttachmentData": "peyvand.domain.attachments",
    "AttachmentRow": "peyvand.domain.attachments",
    "Blob": "peyvand.domain.attachments",
    "AuditEvent": "peyvand.domain.audit",
    "AuditRow": "peyvand.domain.audit",
    "DomainData": "peyvand.domain.base",
    "RowBase": "peyvand.domain.base",
    "SyncColumns": "peyvand.domain.base",
    "sort_keys": "peyvand.domain.base",
    "Organization": "peyvand.domain.directory",
    "OrganizationData": "peyvand.domain.directory",
    "OrganizationRow": "peyvand.domain.directory",
    "Person": "peyvand.domain.directory",
    "PersonData": "peyvand.domain.directory",
    "PersonRow": "peyvand.domain.directory",
    "Unit": "peyvand.domain.directory",
    "UnitData": "peyvand.domain.directory",
    "UnitRow": "peyvand.domain.directory",
    "Draft": "peyvand.domain.drafts",
    "Letter": "peyvand.domain.letters",
    "LetterData": "peyvand.domain.letters",
    "LetterRevision": "peyvand.domain.letters",
    "LetterRevisionData": "peyvand.domain.letters",
    "LetterRevisionRow": "peyvand.domain.letters",
    "LetterRow": "peyvand.domain.letters",
    "LetterTemplate": "peyvand.domain.letters",
    "LetterTemplateData": "peyvand.domain.letters",
    "LetterTemplateRow": "peyvand.domain.letters",
    "RegisterColumns": "peyvand.domain.letters",
    "AgendaItem": "peyvand.domain.meetings",
    "AgendaItemData": "peyvand.domain.meetings",
    "AgendaItemRow": "peyvand.domain.meetings",
    "Decision": "peyvand.domain.meetings",
    "DecisionData": "peyvand.domain.meetings",
    "DecisionRow": "peyvand.domain.meetings",
    "FinalColumns": "peyvand.domain.meetings",
    "Meeting": "peyvand.domain.meetings",
    "MeetingData": "peyvand.domain.meetings",
    "MeetingRow": "peyvand.domain.meetings",
    "Participant": "peyvand.domain.meetings",
    "ParticipantData": "peyvand.domain.meetings",
    "ParticipantRow": "peyvand.domain.meetings",
    "Statement": "peyvand.domain.meetings",
    "StatementData": "peyvand.domain.meetings",
    "StatementRow": "peyvand.domain.meetings",
    "NumberColumns": "peyvand.domain.numbering",
    "NumberCounter": "peyvand.domain.numbering",
    "Agreement": "peyvand.domain.partnerships",
    "AgreementData": "peyvand.domain.partnerships",
    "AgreementRow": "peyvand.domain.partnerships",
    "Partnership": "peyvand.domain.partnerships",
    "PartnershipData": "peyvand.domain.partnerships",
    "PartnershipRow": "peyvand.domain.partnerships",
    "ChecklistTemplate": "peyvand.domain.protocol",
    "ChecklistTemplateData": "peyvand.domain.protocol",
    "ChecklistTemplateItem": "peyvand.domain.protocol",
    "ChecklistTemplateItemData": "peyvand.domain.protocol",
    "ChecklistTemplateItemRow": "peyvand.domain.protocol",
    "ChecklistTemplateRow": "peyvand.domain.protocol",
    "MergeConflict": "peyvand.domain.trips",
    "MergeConflictRow": "peyvand.domain.trips",
    "TripBase": "peyvand.domain.trips",
    "TripExportRecord": "peyvand.domain.trips",
    "TripExportRow": "peyvand.domain.trips",
    "TripInfo": "peyvand.domain.trips",
    "Gift": "peyvand.domain.visits",
    "GiftData": "peyvand.domain.visits",
    "GiftRow": "peyvand.domain.visits",
    "ItineraryItem": "peyvand.domain.visits",
    "ItineraryItemData": "peyvand.domain.visits",
    "ItineraryItemRow": "peyvand.domain.visits",
    "Visit": "peyvand.domain.visits",
    "VisitData": "peyvand.domain.visits",
    "VisitMember": "peyvand.domain.visits",
    "VisitMemberData": "peyvand.domain.visits",
    "VisitMemberRow": "peyvand.domain.visits",
    "VisitRow": "peyvand.domain.visits",
}

# Every module that defines a table (what the package imported eagerly before).
_TABLE_MODULES: tuple[str, ...] = tuple(dict.fromkeys(_HOMES.values()))

_loaded: list[bool] = [False]


def load_all() -> None:
    """Build every table class (idempotent): the ORM and whole-schema work need them all,
    since a foreign key names its table by name (``meeting.visit_id`` → ``visit``)."""
    if _loaded[0]:
        return
    for module in _TABLE_MODULES:
        importlib.import_module(module)
    _whole_schema()
    _loaded[0] = True


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
    elif name in _SCHEMA_NAMES:
        load_all()
        value = globals()[name]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


_SCHEMA_NAMES = frozenset({"SYNCED_TABLES", "BY_TABLE", "SPECS", "metadata"})


def _whole_schema() -> None:
    from sqlmodel import SQLModel

    from peyvand.domain.actions import (
        Action,
        ActionData,
        ActionNote,
        ActionNoteData,
        ActionNoteRow,
        ActionRow,
    )
    from peyvand.domain.attachments import Attachment, AttachmentData, AttachmentRow, Blob
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
    )
    from peyvand.domain.meetings import (
        AgendaItem,
        AgendaItemData,
        AgendaItemRow,
        Decision,
        DecisionData,
        DecisionRow,
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
    synced = (
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

    by_table = {str(model.__tablename__): model for model in synced}

    # table -> (its editable fields with validation, the plain row services return).
    # Blob has no editable part: it is immutable content, created by the attachment service.
    specs = {
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
    globals().update(
        SYNCED_TABLES=synced, BY_TABLE=by_table, SPECS=specs, metadata=SQLModel.metadata
    )


if TYPE_CHECKING:
    SYNCED_TABLES: tuple[type[SyncColumns], ...]
    BY_TABLE: dict[str, type[SyncColumns]]
    SPECS: dict[type[SyncColumns], tuple[type[DomainData], type[RowBase]]]
    metadata: MetaData


def protected_fields(model: type[SyncColumns]) -> frozenset[str]:
    """Columns only a dedicated use case may set (short number, finality, an action's
    status): everything of the table that is neither sync bookkeeping, nor editable,
    nor derived by storage (sort keys)."""
    from peyvand.domain.base import SyncColumns, sort_keys

    specs = __getattr__("SPECS")
    editable = set(specs[model][0].model_fields) if model in specs else set()
    derived = set(sort_keys(model))
    return frozenset(set(model.model_fields) - editable - derived - set(SyncColumns.model_fields))


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
    "load_all",
    "metadata",
    "protected_fields",
    "sort_keys",
]
