"""Files kept inside the database, content-addressed by SHA-256.

Keeping the bytes in the database (not beside it) means one file to back up, and that
exports and trip packages carry attachments without a second channel.
"""

from __future__ import annotations

import uuid

from sqlalchemy import LargeBinary
from sqlmodel import Field

from peyvand.domain.base import DomainData, RowBase, SyncColumns
from peyvand.domain.limits import FILE_NAME_MAX, NOTE_MAX, SHORT_MAX


class Blob(SyncColumns, table=True):
    """Immutable file content; identical files are stored once."""

    sha256: str = Field(max_length=64, min_length=64, unique=True, index=True)
    size: int = Field(ge=0)
    data: bytes = Field(sa_type=LargeBinary)


class AttachmentData(DomainData):
    blob_sha256: str = Field(max_length=64, foreign_key="blob.sha256", index=True)
    # A display name only; it never becomes a path on its own.
    name: str = Field(min_length=1, max_length=FILE_NAME_MAX)
    mime_type: str = Field(default="application/octet-stream", max_length=SHORT_MAX)
    size: int = Field(default=0, ge=0)
    note: str = Field(default="", max_length=NOTE_MAX)
    visit_id: uuid.UUID | None = Field(default=None, foreign_key="visit.id", index=True)
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True)
    action_id: uuid.UUID | None = Field(default=None, foreign_key="action.id", index=True)
    letter_id: uuid.UUID | None = Field(default=None, foreign_key="letter.id", index=True)


class Attachment(AttachmentData, SyncColumns, table=True):
    pass


class AttachmentRow(AttachmentData, SyncColumns, RowBase):
    pass
