"""Letters and the correspondence register (دبیرخانه): outgoing and incoming.

A letter is a draft until it is registered: registering gives it its register number
(«۱۲۳۴/۱۴۰۵/ب‌م», from the office's pattern and a counter allocated in the same
transaction) and its date, and from then on its content changes only through a new
revision, whose previous text is kept in ``letter_revision`` (services/letters.py).
Incoming letters are registered as they arrive, with the sender's own number and date,
their scan attached and the reply (an outgoing letter) linked to them.

A letter is linked by foreign keys to the visit, meeting or partnership it belongs to
and carries a classification no lower than theirs, so that office mode's row-level
security can hide a classified visit's letters with the visit (issue 13).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from sqlalchemy import Column, ForeignKey, Index, Uuid, text
from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns, live_index, sort_key_field
from peyvand.domain.enums import Classification, Direction, Language, LetterKind, LetterStatus
from peyvand.domain.limits import NOTE_MAX, SHORT_MAX, TEXT_MAX, TITLE_MAX
from peyvand.domain.types import UTCDateTime, enum_type

NUMBER_MAX = 60  # a register number as the pattern makes it, or as a sender wrote theirs


class LetterTemplateData(DomainData):
    name: str = Field(min_length=1, max_length=TITLE_MAX)
    kind: LetterKind = Field(default=LetterKind.GENERAL, sa_type=enum_type(LetterKind))
    language: Language = Field(default=Language.PERSIAN, sa_type=enum_type(Language))
    # Jinja2 text with named placeholders ({{ visit.title }}), rendered in a sandbox
    # (services/letter_templates.py); never formatted or evaluated as Python.
    subject: str = Field(default="", max_length=TITLE_MAX)
    body: str = Field(min_length=1, max_length=TEXT_MAX)


class LetterTemplate(LetterTemplateData, SyncColumns, table=True):
    __tablename__ = "letter_template"
    __table_args__ = (live_index("letter_template", "name_sort"),)

    name_sort: str = sort_key_field(TITLE_MAX)


class LetterTemplateRow(LetterTemplateData, SyncColumns, RowBase):
    pass


class LetterData(DomainData):
    direction: Direction = Field(default=Direction.OUTGOING, sa_type=enum_type(Direction))
    kind: LetterKind = Field(default=LetterKind.GENERAL, sa_type=enum_type(LetterKind))
    language: Language = Field(default=Language.PERSIAN, sa_type=enum_type(Language))
    template_id: uuid.UUID | None = Field(
        default=None, foreign_key="letter_template.id", index=True
    )
    subject: str = Field(min_length=1, max_length=TITLE_MAX)
    body: str = Field(default="", max_length=TEXT_MAX)
    # Outgoing: to whom («جناب آقای …، معاون محترم …»); incoming: from whom.
    counterpart: str = Field(default="", max_length=TITLE_MAX)
    counterpart_person_id: uuid.UUID | None = Field(
        default=None, foreign_key="person.id", index=True
    )
    counterpart_organization_id: uuid.UUID | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    signatory: str = Field(default="", max_length=TITLE_MAX)  # name and title, two lines
    copies_to: str = Field(default="", max_length=NOTE_MAX)  # رونوشت, one per line
    has_attachments: bool = False  # پیوست دارد / ندارد
    attachments_note: str = Field(default="", max_length=TITLE_MAX)
    visit_id: uuid.UUID | None = Field(default=None, foreign_key="visit.id", index=True)
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True)
    partnership_id: uuid.UUID | None = Field(
        default=None, foreign_key="partnership.id", index=True
    )
    # An outgoing letter answering an incoming one. Deferred: an import writes a table's
    # rows in any order, and the letter answered may come after its reply.
    reply_to_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(
            "reply_to_id",
            Uuid(),
            ForeignKey("letter.id", deferrable=True, initially="DEFERRED"),
            index=True,
        ),
    )
    # Incoming letters: the sender's own number and date, and the day it arrived.
    their_number: str = Field(default="", max_length=NUMBER_MAX)
    their_date: dt.date | None = None
    received_on: dt.date | None = None
    # At least the classification of what it is linked to (services/letters.py).
    classification: Classification = Field(
        default=Classification.NORMAL, sa_type=enum_type(Classification)
    )
    notes: str = Field(default="", max_length=NOTE_MAX)

    latin_fields: ClassVar[frozenset[str]] = frozenset({"their_number"})


class RegisterColumns(DomainData):
    """Set by the register use cases only (register, revise), never by a form."""

    status: LetterStatus = Field(
        default=LetterStatus.DRAFT, index=True, sa_type=enum_type(LetterStatus)
    )
    number: str = Field(default="", max_length=NUMBER_MAX)  # "" while a draft
    letter_date: dt.date | None = None
    register_year: int | None = Field(default=None, ge=1, le=9999)  # Jalali
    register_seq: int | None = Field(default=None, ge=1)
    edition: int = Field(default=0, ge=0)  # 1 at registration, +1 per revision
    registered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    registered_by: str = Field(default="", max_length=SHORT_MAX)


class Letter(LetterData, RegisterColumns, SyncColumns, table=True):
    __table_args__ = (
        live_index("letter", "letter_date"),
        # One number per register; drafts have none.
        Index(
            "ux_letter_direction_number",
            "direction",
            "number",
            unique=True,
            sqlite_where=text("number != ''"),
            postgresql_where=text("number != ''"),
        ),
    )

    subject_sort: str = sort_key_field(TITLE_MAX)
    counterpart_sort: str = sort_key_field(TITLE_MAX)


class LetterRow(LetterData, RegisterColumns, SyncColumns, RowBase):
    pass


class LetterRevisionData(DomainData):
    """A registered letter as it was before a revision, and why it was revised."""

    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    edition: int = Field(ge=1)  # the edition these contents were
    revised_at: dt.datetime = Field(sa_type=UTCDateTime)
    revised_by: str = Field(default="", max_length=SHORT_MAX)
    reason: str = Field(min_length=1, max_length=NOTE_MAX)
    subject: str = Field(default="", max_length=TITLE_MAX)
    body: str = Field(default="", max_length=TEXT_MAX)
    counterpart: str = Field(default="", max_length=TITLE_MAX)
    signatory: str = Field(default="", max_length=TITLE_MAX)
    copies_to: str = Field(default="", max_length=NOTE_MAX)
    attachments_note: str = Field(default="", max_length=TITLE_MAX)


class LetterRevision(LetterRevisionData, SyncColumns, table=True):
    __tablename__ = "letter_revision"


class LetterRevisionRow(LetterRevisionData, SyncColumns, RowBase):
    pass
