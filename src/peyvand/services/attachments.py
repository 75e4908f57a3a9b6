"""Attachments: files stored in the database, content-addressed by SHA-256."""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
import uuid

from sqlmodel import Session, select

from peyvand.domain import Attachment, AttachmentRow, Blob
from peyvand.domain.errors import ValidationError
from peyvand.domain.limits import ATTACHMENT_MAX_BYTES, FILE_NAME_MAX
from peyvand.services import records
from peyvand.storage.database import Database

_OWNER_FIELDS = {"visit": "visit_id", "meeting": "meeting_id", "action": "action_id"}


def display_name(name: str) -> str:
    """A file name safe to show and to offer as a default: no folders, no controls.

    Attachment names are display names only; nothing ever joins them to a path.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        ch for ch in base if ch == "\u200c" or unicodedata.category(ch)[0] != "C"
    ).strip(" .")
    return cleaned[:FILE_NAME_MAX] or "file"


def store_blob(session: Session, data: bytes) -> Blob:
    sha = hashlib.sha256(data).hexdigest()
    existing = session.exec(select(Blob).where(Blob.sha256 == sha)).first()
    if existing is not None:
        return existing
    blob = Blob(sha256=sha, size=len(data), data=data)
    session.add(blob)
    session.flush()
    return blob


def attach(
    db: Database, owner: str, owner_id: uuid.UUID, *, name: str, data: bytes, note: str = ""
) -> AttachmentRow:
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise ValidationError("attachment.too_large", limit=ATTACHMENT_MAX_BYTES // 2**20)
    field = _OWNER_FIELDS[owner]
    shown = display_name(name)
    mime = mimetypes.guess_type(shown)[0] or "application/octet-stream"
    with db.session() as session:
        blob = store_blob(session, data)
        row = records.create(
            session,
            Attachment,
            {
                "blob_sha256": blob.sha256,
                "name": shown,
                "mime_type": mime,
                "size": blob.size,
                "note": note,
                field: owner_id,
            },
        )
        return AttachmentRow.model_validate(row)


def content(db: Database, attachment_id: uuid.UUID) -> bytes:
    with db.reading() as session:
        attachment = records.get(session, Attachment, attachment_id)
        blob = session.exec(select(Blob).where(Blob.sha256 == attachment.blob_sha256)).one()
        return blob.data


def list_for(db: Database, owner: str, owner_id: uuid.UUID) -> list[AttachmentRow]:
    field = _OWNER_FIELDS[owner]
    with db.reading() as session:
        rows = session.exec(
            select(Attachment).where(
                getattr(Attachment, field) == owner_id,
                Attachment.deleted_at.is_(None),  # type: ignore[union-attr]
            )
        )
        return [AttachmentRow.model_validate(r) for r in rows]


def remove(db: Database, attachment_id: uuid.UUID) -> None:
    """Soft-delete: the attachment leaves the record but stays in its history."""
    with db.session() as session:
        records.soft_delete(session, Attachment, attachment_id)
