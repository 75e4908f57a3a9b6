"""Attachments: files stored in the database, content-addressed by SHA-256.

An attachment's name is a display name only. It may come from a file the user picked,
from an export or from a trip package, so it is cleaned once on the way in
(:func:`display_name`) and again when a file is written to disk (:func:`safe_file_name`).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
import uuid
from collections.abc import Callable
from typing import Final

from sqlmodel import Session, select

from peyvand.domain import Attachment, AttachmentRow, Blob
from peyvand.domain.errors import ValidationError
from peyvand.domain.limits import ATTACHMENT_MAX_BYTES, FILE_NAME_MAX
from peyvand.services import records
from peyvand.storage.database import Database
from peyvand.text import normalize_input

_OWNER_FIELDS = {
    "visit": "visit_id",
    "meeting": "meeting_id",
    "action": "action_id",
    "letter": "letter_id",
}

DEFAULT_NAME: Final = "file"
ZWNJ: Final = "\u200c"
# Characters Windows refuses in a file name; each becomes "_" so the name stays readable.
# The fullwidth and mathematical look-alikes go too: some Windows code paths map them
# back to the ASCII ones ("best fit"), which is how "／" becomes a separator.
_INVALID_CHARS: Final = frozenset(
    '<>:"|?*'
    "\uff1c\uff1e\uff1a\uff02\uff5c\uff1f\uff0a"  # fullwidth < > : " | ? *
    "\uff0f\uff3c\u2215\u2044\u29f8\u29f9"  # fullwidth slash and backslash, other slashes
)
_WHITESPACE_RE: Final = re.compile(r"\s+")
# Device names Windows resolves in any folder, with any extension, in any case
# ("con.txt", "Com1.tar.gz", "LPT²"): such a file cannot be created or opens a device.
_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
# Names written to disk stay short: a temp folder plus 255 characters can exceed
# Windows' 260-character path limit, and Linux allows 255 bytes (Persian letters are
# two bytes each in UTF-8).
DISK_NAME_MAX: Final = 120
_DISK_NAME_MAX_BYTES: Final = 240
# An extension kept when a long name is shortened.
_EXTENSION_MAX: Final = 16


def is_reserved(name: str) -> bool:
    """Whether Windows treats ``name`` as a device (CON, NUL, COM1, …), whatever follows
    the first dot and however it is capitalized."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _RESERVED


def _keep(ch: str) -> bool:
    # ZWNJ is part of Persian spelling (صورت‌جلسه); every other control and format
    # character goes: bidi overrides, embeddings, isolates and marks would let a name
    # show «xexe.pdf» for «xfdp.exe».
    return ch == ZWNJ or unicodedata.category(ch)[0] != "C"


def _shorten(name: str, limit: int, fits: Callable[[str], bool] | None = None) -> str:
    """``name`` cut to ``limit`` characters (and to what ``fits``), keeping a short
    extension, so «گزارش….pdf» still opens as a PDF."""

    def ok(text: str) -> bool:
        return len(text) <= limit and (fits is None or fits(text))

    if ok(name):
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > _EXTENSION_MAX:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    cut = max(0, limit - len(suffix))
    while cut > 0 and not ok(stem[:cut].rstrip(" ." + ZWNJ) + suffix):
        cut -= 1
    return stem[:cut].rstrip(" ." + ZWNJ) + suffix


def _clean_once(name: str) -> str:
    # Controls first (a line break or tab inside a name means nothing), then the
    # domain's normalization (NFC, Arabic letter forms), which the stored name gets anyway.
    text = normalize_input("".join(ch for ch in name if _keep(ch)))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]  # the last path component only
    text = "".join("_" if ch in _INVALID_CHARS else ch for ch in text)
    text = _WHITESPACE_RE.sub(" ", text)
    # ZWNJ joins letters; beside the extension's dot it only hides a difference.
    text = text.replace(ZWNJ + ".", ".").replace("." + ZWNJ, ".")
    # Windows drops trailing dots and spaces («evil.exe.» is «evil.exe»); leading ones
    # make hidden files or «..».
    text = text.strip(" ." + ZWNJ)
    if is_reserved(text):
        text = "_" + text
    return _shorten(text, FILE_NAME_MAX)


def display_name(name: str) -> str:
    """The name an attachment is stored and shown under: the last path component of
    ``name`` with no controls or bidi characters (ZWNJ kept), no characters Windows
    refuses, no leading or trailing dots and spaces, not a Windows device name, at
    most FILE_NAME_MAX characters, and ``"file"`` when nothing is left.

    Idempotent, and unchanged by the domain's text normalization, so the stored name is
    exactly this one. Nothing ever joins it to a folder as it is: see safe_file_name.
    """
    text = name
    # Repeat until nothing changes: one rule can expose work for another (a name cut to
    # length ends in a space, a dropped control joins two dots). Two passes in practice;
    # the property tests check the fixed point.
    for _attempt in range(8):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text or DEFAULT_NAME


def _fits_on_disk(text: str) -> bool:
    return len(text.encode("utf-8", "surrogatepass")) <= _DISK_NAME_MAX_BYTES


def safe_file_name(name: str) -> str:
    """A file name to write an attachment under inside a folder the program chose.

    Everything :func:`display_name` guarantees, shortened further for disks (at most
    DISK_NAME_MAX characters and 240 bytes of UTF-8), so ``folder / safe_file_name(x)``
    is always a new entry directly inside ``folder``, on Windows as on Linux.
    """
    shown = display_name(name)
    short = _shorten(shown, DISK_NAME_MAX, _fits_on_disk).strip(" ." + ZWNJ)
    if not short or is_reserved(short):
        return DEFAULT_NAME if not short else "_" + short
    return short


def store_blob(session: Session, data: bytes) -> Blob:
    sha = hashlib.sha256(data).hexdigest()
    existing = session.exec(select(Blob).where(Blob.sha256 == sha)).first()
    if existing is not None:
        return existing
    blob = Blob(sha256=sha, size=len(data), data=data)
    session.add(blob)
    session.flush()
    return blob


def attach_in(
    session: Session, owner: str, owner_id: uuid.UUID, *, name: str, data: bytes, note: str = ""
) -> Attachment:
    """Attach ``data`` inside the caller's transaction (an incoming letter and its scan
    are registered together)."""
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise ValidationError("attachment.too_large", limit=ATTACHMENT_MAX_BYTES // 2**20)
    field = _OWNER_FIELDS[owner]
    shown = display_name(name)
    mime = mimetypes.guess_type(shown)[0] or "application/octet-stream"
    blob = store_blob(session, data)
    return records.create(
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


def attach(
    db: Database, owner: str, owner_id: uuid.UUID, *, name: str, data: bytes, note: str = ""
) -> AttachmentRow:
    with db.session() as session:
        row = attach_in(session, owner, owner_id, name=name, data=data, note=note)
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
