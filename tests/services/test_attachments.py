"""Attachments: content-addressed blobs, safe display names, size limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest
from sqlalchemy import text

from peyvand.domain import Action, Attachment, Meeting, Visit
from peyvand.domain.errors import ValidationError
from peyvand.domain.limits import ATTACHMENT_MAX_BYTES, FILE_NAME_MAX
from peyvand.services import attachments, records
from peyvand.services.attachments import display_name
from peyvand.storage.database import Database

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8


def _meeting(db: Database) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, Meeting, {"title": "جلسه", "date": dt.date(2021, 2, 4)}).id


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_attach_and_read_back(db: Database) -> None:
    meeting_id = _meeting(db)
    row = attachments.attach(
        db, "meeting", meeting_id, name="نامه دعوت.pdf", data=PDF, note="نسخه امضاشده"
    )
    assert row.meeting_id == meeting_id
    assert row.name == "نامه دعوت.pdf"
    assert row.mime_type == "application/pdf"
    assert row.size == len(PDF)
    assert row.blob_sha256 == hashlib.sha256(PDF).hexdigest()
    assert row.note == "نسخه امضاشده"
    assert attachments.content(db, row.id) == PDF


def test_same_bytes_twice_are_stored_once(db: Database) -> None:
    meeting_id = _meeting(db)
    with db.session() as session:
        visit = records.create(session, Visit, {"title": "هیئت"})
    first = attachments.attach(db, "meeting", meeting_id, name="a.pdf", data=PDF)
    second = attachments.attach(db, "visit", visit.id, name="b.pdf", data=PDF)
    third = attachments.attach(db, "meeting", meeting_id, name="c.txt", data=b"other")
    assert first.id != second.id
    assert first.blob_sha256 == second.blob_sha256
    assert _count(db, "blob") == 2
    assert _count(db, "attachment") == 3
    assert attachments.content(db, second.id) == PDF
    assert attachments.content(db, third.id) == b"other"


def test_blob_bytes_are_not_copied_into_the_audit_trail(db: Database) -> None:
    attachments.attach(db, "meeting", _meeting(db), name="a.pdf", data=PDF)
    with db.engine.connect() as conn:
        changes = conn.execute(
            text("SELECT changes FROM audit_event WHERE entity='blob'")
        ).scalar_one()
    assert len(changes) < 500


def test_empty_file_is_allowed(db: Database) -> None:
    row = attachments.attach(db, "meeting", _meeting(db), name="empty.txt", data=b"")
    assert row.size == 0
    assert attachments.content(db, row.id) == b""


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("..\\..\\evil.exe", "evil.exe"),
        ("../../etc/passwd", "passwd"),
        ("a/b/c.pdf", "c.pdf"),
        ("C:\\Users\\me\\Desktop\\نامه.pdf", "نامه.pdf"),
        ("x\u202efdp.exe", "xfdp.exe"),  # RIGHT-TO-LEFT OVERRIDE would show «xexe.pdf»
        ("report\u200f\u2066.pdf", "report.pdf"),
        ("line\nbreak\t.pdf", "linebreak.pdf"),
        ("nul\x00name.pdf", "nulname.pdf"),
        ("صورت\u200cجلسه.pdf", "صورت\u200cجلسه.pdf"),  # ZWNJ is part of the spelling
        ("..", "file"),
        ("", "file"),
        ("folder/", "file"),
        ("  name.pdf. ", "name.pdf"),
    ],
)
def test_display_name_strips_folders_and_controls(given: str, shown: str) -> None:
    assert display_name(given) == shown


def test_display_name_is_never_longer_than_the_limit() -> None:
    name = "ا" * 400 + ".pdf"
    assert len(display_name(name)) <= FILE_NAME_MAX


def test_stored_name_is_the_cleaned_one(db: Database) -> None:
    row = attachments.attach(db, "meeting", _meeting(db), name="x\u202efdp.exe", data=b"MZ")
    assert row.name == "xfdp.exe"
    assert "\u202e" not in row.name
    assert row.mime_type != "application/pdf"
    row = attachments.attach(db, "meeting", _meeting(db), name="..\\..\\evil.exe", data=b"MZ")
    assert row.name == "evil.exe"


def test_too_large_is_refused_before_anything_is_written(db: Database) -> None:
    meeting_id = _meeting(db)
    too_big = bytes(ATTACHMENT_MAX_BYTES + 1)
    with pytest.raises(ValidationError) as info:
        attachments.attach(db, "meeting", meeting_id, name="big.bin", data=too_big)
    assert info.value.msg_id == "attachment.too_large"
    assert "50 MB" in info.value.message("en")
    assert "مگابایت" in info.value.message("fa")
    assert _count(db, "blob") == 0
    assert _count(db, "attachment") == 0


def test_exactly_the_limit_is_accepted(db: Database) -> None:
    row = attachments.attach(
        db, "meeting", _meeting(db), name="max.bin", data=bytes(ATTACHMENT_MAX_BYTES)
    )
    assert row.size == ATTACHMENT_MAX_BYTES


def test_attaching_to_a_missing_owner_saves_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        attachments.attach(db, "action", uuid.uuid4(), name="a.pdf", data=PDF)
    assert (info.value.msg_id, info.value.field) == ("reference.missing", "action_id")
    assert _count(db, "blob") == 0
    assert _count(db, "attachment") == 0


def test_attachments_of_an_action(db: Database) -> None:
    with db.session() as session:
        action = records.create(session, Action, {"title": "پیگیری"})
    row = attachments.attach(db, "action", action.id, name="photo.jpg", data=b"\xff\xd8\xff")
    assert row.action_id == action.id
    assert row.mime_type == "image/jpeg"
    assert records.get_row(db, Attachment, row.id).name == "photo.jpg"
