"""Attachments: content-addressed blobs, safe display names, size limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import unicodedata
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from peyvand.domain import Action, Attachment, Meeting, Visit
from peyvand.domain.errors import ValidationError
from peyvand.domain.limits import ATTACHMENT_MAX_BYTES, FILE_NAME_MAX
from peyvand.services import attachments, records
from peyvand.services.attachments import display_name, safe_file_name
from peyvand.storage.database import Database
from peyvand.text import normalize_input

pytestmark = pytest.mark.both_engines

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


# --- names: hostile input from any import, written safely to disk ---------------------------

BIDI_CONTROLS = [
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings, overrides, PDF
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u200e", "\u200f", "\u061c",  # LRM, RLM, ALM
]
WINDOWS_INVALID = '<>:"/\\|?*'
RESERVED_STEMS = ["CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)),
                  *(f"LPT{n}" for n in range(10)), "COM¹", "LPT³", "CONIN$", "CONOUT$"]

# Text drawn mostly from what the rules are about, so the properties meet them often.
name_parts = st.sampled_from(
    [*BIDI_CONTROLS, *WINDOWS_INVALID, *RESERVED_STEMS, "con", "Lpt1", ZWNJ := "\u200c",
     ".", "..", " ", "\t", "\n", "\x00", "\x1f", "\x7f", "\ud800", "\udfff", "C:", "\\\\?\\",
     "\\\\server\\share\\", "～", "／", "＼", "：", "ا", "ی", "ي", "ك", "e\u0301", "\u00a0",
     "\ufeff", "\u200b", "pdf", ".txt", "نامه", "😀"]
)
any_name = st.one_of(
    st.text(),
    st.lists(name_parts | st.text(max_size=3), max_size=30).map("".join),
    st.lists(st.sampled_from(["ی", "😀", "a", " ", "."]), min_size=200, max_size=400).map(
        "".join),
)


def _assert_safe_component(name: str) -> None:
    assert name, "never empty"
    assert not set(name) & set(WINDOWS_INVALID), name
    assert not any(ch in name for ch in BIDI_CONTROLS), name
    assert all(ch == "\u200c" or unicodedata.category(ch)[0] != "C" for ch in name), name
    assert name[-1] not in " ." and name[0] not in " .", name
    assert not attachments.is_reserved(name), name
    for flavour in (PurePosixPath, PureWindowsPath):
        path = flavour(name)
        assert not path.is_absolute() and not path.drive and not path.anchor, name
        assert path.parts == (name,), name


@settings(max_examples=400, deadline=None)
@given(any_name)
def test_display_name_is_always_a_safe_stable_name(name: str) -> None:
    shown = display_name(name)
    _assert_safe_component(shown)
    assert len(shown) <= FILE_NAME_MAX
    assert display_name(shown) == shown  # idempotent: import → export → import keeps it
    assert normalize_input(shown) == shown  # so the stored name is exactly this one


@settings(max_examples=300, deadline=None)
@given(any_name)
def test_safe_file_name_stays_in_the_folder(name: str) -> None:
    safe = safe_file_name(name)
    _assert_safe_component(safe)
    assert len(safe) <= attachments.DISK_NAME_MAX
    assert len(safe.encode("utf-8")) <= 240
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp).resolve()
        target = folder / safe
        assert target.parent == folder and target.resolve().parent == folder
        target.write_bytes(b"x")  # the file system accepts it, and it lands right there
        assert [p.name for p in folder.iterdir()] == [safe]
    windows = PureWindowsPath("C:/Users/me/AppData/Local/Temp/peyvand-x")
    assert (windows / safe).parent == windows


@pytest.mark.parametrize("stem", RESERVED_STEMS)
@pytest.mark.parametrize("form", ["{}", "{}.txt", "{}.tar.gz", "{} .pdf", "{}.", "{}  "])
def test_windows_device_names_are_never_stored(stem: str, form: str) -> None:
    for variant in (stem, stem.lower(), stem.capitalize()):
        given = form.format(variant)
        assert attachments.is_reserved(given.strip(" ."))
        shown = display_name(given)
        assert not attachments.is_reserved(shown)
        assert shown.startswith("_" + variant)
        assert not attachments.is_reserved(safe_file_name(given))


@pytest.mark.parametrize(
    "name", ["CONSOLE.txt", "console", "COM10", "LPT", "NULL.pdf", "aux-notes.pdf", "com1x"]
)
def test_names_that_only_look_reserved_are_kept(name: str) -> None:
    assert display_name(name) == name


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("C:\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
        ("C:evil.exe", "C_evil.exe"),  # drive-relative: the colon cannot stay
        ("\\\\server\\share\\نامه.pdf", "نامه.pdf"),
        ("\\\\?\\C:\\long\\path.txt", "path.txt"),
        ("/absolute/path.pdf", "path.pdf"),
        ("a/../../b.pdf", "b.pdf"),
        ("report: draft?.docx", "report_ draft_.docx"),
        ('say "hi" <now> | later*.txt', "say _hi_ _now_ _ later_.txt"),
        ("x／y＼z：w.pdf", "x_y_z_w.pdf"),  # fullwidth look-alikes of / \ :
        ("evil.exe. . .", "evil.exe"),
        ("...hidden", "hidden"),
        ("\u200cنامه\u200c.pdf", "نامه.pdf"),  # ZWNJ only between letters
        ("نامه\u200cها.pdf", "نامه\u200cها.pdf"),
        ("گزارش\u202e\u2066\u200f.pdf", "گزارش.pdf"),
        ("\ud800\udfff", "file"),
        ("\x00\x01\x1f", "file"),
        ("   ", "file"),
        ("كتاب علي.pdf", "کتاب علی.pdf"),  # the domain's normalization, done up front
    ],
)
def test_display_name_examples(given: str, shown: str) -> None:
    assert display_name(given) == shown


def test_long_names_keep_their_extension() -> None:
    name = "گزارش سفر " * 40 + ".pdf"
    shown = display_name(name)
    assert len(shown) <= FILE_NAME_MAX and shown.endswith(".pdf")
    safe = safe_file_name(name)
    assert safe.endswith(".pdf") and len(safe.encode("utf-8")) <= 240
    assert safe_file_name("😀" * 300).encode("utf-8").__len__() <= 240


def test_safe_file_name_of_a_stored_name_is_the_name_when_short() -> None:
    for name in ("صورت\u200cجلسه ۱۴۰۳-۰۱۲.pdf", "photo.jpg", "_CON.txt"):
        assert safe_file_name(name) == display_name(name) == name


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=any_name)
def test_the_stored_name_is_the_display_name(db: Database, name: str) -> None:
    row = attachments.attach(db, "meeting", _meeting(db), name=name, data=b"%PDF")
    assert row.name == display_name(name)
    assert records.get_row(db, Attachment, row.id).name == row.name
