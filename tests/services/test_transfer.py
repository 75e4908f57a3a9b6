"""Export to JSON and import from it, on real database files."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from db_content import digest as content_digest
from peyvand import __version__, cli
from peyvand.domain import (
    SYNCED_TABLES,
    Action,
    ActionNote,
    AgendaItem,
    Agreement,
    Attachment,
    AuditEvent,
    Blob,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Decision,
    Gift,
    ItineraryItem,
    Letter,
    LetterRevision,
    LetterTemplate,
    Meeting,
    NumberCounter,
    Organization,
    Participant,
    Partnership,
    Person,
    Statement,
    Unit,
    Visit,
    VisitMember,
)
from peyvand.domain.enums import ActionStatus, NumberedKind
from peyvand.domain.errors import PeyvandError
from peyvand.services import intake, records, transfer
from peyvand.services.clock import FixedClock
from peyvand.services.transfer import export_data, export_json, import_json
from peyvand.storage import search_index
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

ZWNJ = "\u200c"
PERSIAN_TAG = f"خواهر{ZWNJ}خوانده"  # a ZWNJ word that must survive byte for byte
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
FILE_BYTES = "صورتجلسه — minutes".encode()
MEETING_DAY = date(2024, 5, 1)  # 1403/02/12: meeting number 1403-001


@pytest.fixture
def source(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    """A second database holding at least one row of every synced table."""
    path = tmp_path / "source.sqlite3"
    shutil.copyfile(migrated_template, path)
    database = Database.open(path)
    _populate(database)
    yield database
    database.close()


@pytest.fixture
def target(db: Database) -> Database:
    """The database imported into, with content of its own that must stay untouched."""
    records.create_row(db, Unit, {"name": "واحد موجود", "code": "OLD"})
    return db


def _populate(db: Database) -> None:
    with db.session() as s:
        unit = records.create(s, Unit, {"name": f"اداره روابط بین{ZWNJ}الملل", "code": "IR"})
        org = records.create(
            s,
            Organization,
            {"name": "شهرداری استانبول", "name_en": "Istanbul Municipality",
             "kind": "municipality", "city": "استانبول"},
        )
        person = records.create(
            s,
            Person,
            {"name": "مهدی رضایی", "name_latin": "Mehdi Rezaei", "organization_id": org.id,
             "unit_id": unit.id, "email": "m.rezaei@example.org",
             "tags": [PERSIAN_TAG, "مهمان ویژه"]},
        )
        gone = records.create(s, Person, {"name": "شخص حذف‌شده"})
        partnership = records.create(
            s, Partnership, {"partner_city": "استانبول", "organization_id": org.id,
                             "since": date(2009, 3, 1), "ordinal": 14},
        )
        records.create(s, Agreement, {"partnership_id": partnership.id,
                                      "title": "تفاهم‌نامه همکاری فرهنگی",
                                      "signed_on": date(2010, 1, 5)})
        visit = records.create(
            s, Visit, {"title": "سفر هیئت استانبول", "organization_id": org.id,
                       "arrival": date(2024, 4, 28), "departure": date(2024, 5, 3),
                       "direction": "incoming"},
        )
        records.create(s, VisitMember, {"visit_id": visit.id, "person_id": person.id,
                                        "is_head": True})
        records.create(s, ItineraryItem, {"visit_id": visit.id, "day": date(2024, 4, 29),
                                          "start_time": time(9, 0), "end_time": time(10, 30),
                                          "activity": "بازدید از موزه"})
        records.create(s, Gift, {"visit_id": visit.id, "person_id": person.id,
                                 "description": "تابلو مینیاتور"})
        meeting = records.create(
            s, Meeting, {"title": "جلسه همکاری‌های شهری", "date": MEETING_DAY,
                         "start_time": time(10, 0), "end_time": time(11, 30),
                         "visit_id": visit.id, "organization_id": org.id,
                         "partnership_id": partnership.id},
        )
        records.create(s, Participant, {"meeting_id": meeting.id, "person_id": person.id,
                                        "role": "chair"})
        agenda = records.create(s, AgendaItem, {"meeting_id": meeting.id,
                                                "text": "گسترش همکاری‌ها"})
        records.create(s, AgendaItem, {"meeting_id": meeting.id, "position": 1,
                                       "text": "بند حذف‌شده"})
        records.create(s, Statement, {"meeting_id": meeting.id, "speaker_id": person.id,
                                      "text": "از حضور میهمانان سپاسگزاریم."})
        decision = records.create(
            s, Decision, {"meeting_id": meeting.id, "text": "برگزاری هفته فرهنگی",
                          "owner_unit_id": unit.id, "due_date": date(2024, 9, 1)},
        )
        action = records.create(
            s, Action, {"title": "پیگیری هفته فرهنگی", "source_decision_id": decision.id,
                        "unit_id": unit.id, "priority": "high"},
        )
        records.create(s, ActionNote, {"action_id": action.id, "text": "نامه ارسال شد",
                                       "status_from": "open", "status_to": "in_progress"})
        action.status = ActionStatus.IN_PROGRESS
        blob = Blob(sha256=hashlib.sha256(FILE_BYTES).hexdigest(), size=len(FILE_BYTES),
                    data=FILE_BYTES)
        s.add(blob)
        s.flush()
        attached = records.create(s, Attachment, {"blob_sha256": blob.sha256,
                                                  "name": "صورتجلسه.pdf",
                                                  "mime_type": "application/pdf",
                                                  "size": len(FILE_BYTES),
                                                  "meeting_id": meeting.id})
        template = records.create(s, ChecklistTemplate, {"name": "آمادگی هیئت",
                                                         "direction": "incoming"})
        records.create(s, ChecklistTemplateItem, {"template_id": template.id,
                                                  "title": "رزرو هتل", "unit_id": unit.id,
                                                  "anchor": "arrival", "offset_days": -7,
                                                  "check": "gifts"})
        letter_template = records.create(s, LetterTemplate, {"name": "نامه تشکر",
                                                             "kind": "thank_you",
                                                             "body": "با سلام {{ today }}"})
        incoming = records.create(s, Letter, {"direction": "incoming", "subject": "پذیرش دعوت",
                                              "counterpart": "شهرداری استانبول",
                                              "their_number": "IST/2024/9",
                                              "visit_id": visit.id})
        reply = records.create(s, Letter, {"subject": "پاسخ: پذیرش دعوت",
                                           "template_id": letter_template.id,
                                           "reply_to_id": incoming.id, "visit_id": visit.id,
                                           "meeting_id": meeting.id,
                                           "partnership_id": partnership.id,
                                           "counterpart_person_id": person.id,
                                           "counterpart_organization_id": org.id})
        records.create(s, LetterRevision, {"letter_id": reply.id, "edition": 1,
                                           "revised_at": datetime(2024, 5, 4, 9, 0, tzinfo=UTC),
                                           "reason": "اصلاح نام"})
        for letter, number in ((incoming, "3/1403/و"), (reply, "17/1403/ب‌م")):
            letter.status = "registered"
            letter.number = number
            letter.letter_date = date(2024, 5, 4)
            letter.register_year, letter.register_seq = 1403, int(number.split("/")[0])
            letter.edition = 1
        # The file also belongs to the letter (every column of every table gets a value;
        # the other tests count one attachment and one blob).
        attached.letter_id = incoming.id
        # Tombstones and bumped revisions must travel as they are.
        records.soft_delete(s, Person, gone.id)
        records.soft_delete(s, AgendaItem, agenda.id)
        records.update(s, Unit, unit.id, {"name_en": "International Relations"})
        meeting.is_final = True
        meeting.finalized_at = datetime(2024, 5, 2, 8, 15, 30, 123456, tzinfo=UTC)
        meeting.finalized_by = "دبیر"


def _state(db: Database) -> tuple[Any, ...]:
    """Everything an import could change: the data, the audit trail, the counters."""
    with db.reading() as s:
        audit = s.exec(select(func.count()).select_from(AuditEvent)).one()
        counters = sorted((c.kind, c.year, c.last) for c in s.exec(select(NumberCounter)))
    return export_data(db)["tables"], audit, counters


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def document(source: Database) -> dict[str, Any]:
    return export_data(source)


def _reject(db: Database, path: Path, msg_id: str, **params: Any) -> PeyvandError:
    """Import must fail with ``msg_id`` (and ``params``) and change nothing, dry run or not."""
    before = _state(db)
    digest = content_digest(db)
    for dry_run in (True, False):
        with pytest.raises(PeyvandError) as info:
            import_json(db, path, dry_run=dry_run)
        assert info.value.msg_id == msg_id, str(info.value)
        for key, value in params.items():
            assert info.value.params[key] == value, str(info.value)
    assert _state(db) == before
    assert content_digest(db) == digest
    return info.value


# --- export -----------------------------------------------------------------------------


def test_export_file_holds_every_row_in_the_documented_encodings(
    source: Database, tmp_path: Path
) -> None:
    path = tmp_path / "out.json"
    summary = export_json(source, path)
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)

    assert PERSIAN_TAG in text  # ensure_ascii=False: Persian and ZWNJ stay readable
    assert doc["format"] == "peyvand-export"
    assert doc["version"] == 2
    assert doc["app_version"] == __version__
    assert datetime.fromisoformat(doc["exported_at"]).utcoffset() is not None
    tables = doc["tables"]
    assert list(tables) == [m.__tablename__ for m in SYNCED_TABLES]
    assert "audit_event" not in tables and "number_counter" not in tables
    assert all(tables[name] for name in tables), "every table has a row"
    assert summary.counts == {name: len(rows) for name, rows in tables.items()}
    assert summary.total == sum(summary.counts.values())
    for rows in tables.values():
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
        for row in rows:
            assert str(uuid.UUID(row["id"])) == row["id"]
            assert datetime.fromisoformat(row["created_at"]).utcoffset() is not None
            assert row["revision"] >= 1
            assert "deleted_at" in row

    meeting = tables["meeting"][0]
    assert (meeting["date"], meeting["start_time"], meeting["end_time"]) == (
        "2024-05-01", "10:00:00", "11:30:00")
    assert meeting["number"] == "1403-001"
    assert meeting["kind"] == "official"
    assert meeting["finalized_at"] == "2024-05-02T08:15:30.123456+00:00"
    people = {p["name"]: p for p in tables["person"]}
    assert people["مهدی رضایی"]["tags"] == [PERSIAN_TAG, "مهمان ویژه"]
    assert people["مهدی رضایی"]["deleted_at"] is None
    assert datetime.fromisoformat(people["شخص حذف‌شده"]["deleted_at"]).utcoffset() is not None
    assert tables["unit"][0]["revision"] == 2
    blob = tables["blob"][0]
    assert base64.b64decode(blob["data"]) == FILE_BYTES
    assert blob["sha256"] == hashlib.sha256(FILE_BYTES).hexdigest()
    assert tables["action"][0]["status"] == "in_progress"


# --- import: success ------------------------------------------------------------------


def test_round_trip_into_empty_database_is_identical(
    source: Database, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    exported = export_json(source, path)
    summary = import_json(db, path)

    assert summary.counts == exported.counts
    assert not summary.dry_run and summary.skipped_blobs == 0
    assert export_data(db)["tables"] == export_data(source)["tables"]
    with db.reading() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "import")).all()
    assert len(events) == exported.total  # one "import" audit event per row


def test_import_keeps_ids_revisions_timestamps_and_tombstones(
    source: Database, db: Database, tmp_path: Path
) -> None:
    export_json(source, tmp_path / "x.json")
    import_json(db, tmp_path / "x.json")
    sync = ("created_at", "updated_at", "revision", "deleted_at")
    for model in SYNCED_TABLES:
        with source.reading() as a, db.reading() as b:
            originals = {o.id: tuple(getattr(o, n) for n in sync) for o in a.exec(select(model))}
            copies = {o.id: tuple(getattr(o, n) for n in sync) for o in b.exec(select(model))}
        assert originals == copies, model
    with db.reading() as s:
        gone = s.exec(select(Person).where(Person.name == "شخص حذف‌شده")).one()
        assert gone.deleted_at is not None
        meeting = s.exec(select(Meeting)).one()
        assert meeting.is_final and meeting.finalized_by == "دبیر"


def test_dry_run_checks_and_counts_but_writes_nothing(
    source: Database, target: Database, tmp_path: Path
) -> None:
    path = tmp_path / "x.json"
    exported = export_json(source, path)
    before = _state(target)
    summary = import_json(target, path, dry_run=True)
    assert summary.dry_run
    assert summary.counts == exported.counts
    assert _state(target) == before
    # The same file really imports afterwards: the dry run left no trace in the way.
    assert import_json(target, path).counts == exported.counts


def test_importing_the_same_file_twice_is_refused(
    source: Database, target: Database, tmp_path: Path
) -> None:
    path = tmp_path / "x.json"
    export_json(source, path)
    import_json(target, path)
    _reject(target, path, "import.exists", table="unit")


def test_file_with_only_some_tables_imports(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    partial = {**document, "tables": {"unit": document["tables"]["unit"]}}
    summary = import_json(target, _write(tmp_path / "units.json", partial))
    assert summary.counts["unit"] == 1 and summary.total == 1


def test_a_version_1_file_still_imports(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    # Version 1 had no protocol tables and no fields of theirs elsewhere.
    added = {"checklist_template", "checklist_template_item", "letter_template", "letter",
             "letter_revision"}  # fmt: skip
    fields = {"action": ("deadline_anchor", "checklist_check"), "attachment": ("letter_id",)}
    tables = {
        name: [
            {k: v for k, v in row.items() if k not in fields.get(name, ())}
            for row in rows
            if name != "attachment" or row["letter_id"] is None
        ]
        for name, rows in document["tables"].items()
        if name not in added
    }
    old = {**document, "version": 1, "tables": tables}
    summary = import_json(target, _write(tmp_path / "v1.json", old))
    assert summary.counts["action"] == len(tables["action"])
    assert "letter" not in summary.counts or summary.counts["letter"] == 0


def test_new_numbers_after_import_do_not_collide(
    document: dict[str, Any], db: Database, tmp_path: Path
) -> None:
    doc = copy.deepcopy(document)
    doc["tables"]["meeting"][0]["number"] = "1403-042"
    extra = copy.deepcopy(doc["tables"]["meeting"][0])
    extra.update(id=str(uuid.uuid4()), number="T1403-9F3A2B", number_provisional=True)
    doc["tables"]["meeting"].append(extra)
    import_json(db, _write(tmp_path / "x.json", doc))

    with db.session() as s:
        new = records.create(s, Meeting, {"title": "جلسه تازه", "date": date(2024, 6, 1)})
        number = new.number
        counter = s.get(NumberCounter, (NumberedKind.MEETING, 1403))
        assert counter is not None and counter.last == 43
    assert number == "1403-043"
    imported_action = doc["tables"]["action"][0]["number"]
    new_action = records.create_row(db, Action, {"title": "پیگیری تازه"})
    assert new_action.number != imported_action


def test_register_books_continue_after_imported_letters(
    document: dict[str, Any], db: Database, tmp_path: Path
) -> None:
    from peyvand.config import Settings
    from peyvand.services import letters

    doc = copy.deepcopy(document)
    # The reply first, the letter it answers after it: the deferred key checks at commit.
    doc["tables"]["letter"].sort(key=lambda r: r["reply_to_id"] is None)
    assert doc["tables"]["letter"][0]["reply_to_id"] is not None
    import_json(db, _write(tmp_path / "x.json", doc))
    with db.reading() as s:
        books = {
            c.kind: c.last for c in s.exec(select(NumberCounter)) if c.kind.startswith("letter")
        }
    assert books == {NumberedKind.LETTER_OUTGOING: 17, NumberedKind.LETTER_INCOMING: 3}
    draft = letters.save(db, None, {"subject": "نامه تازه"})
    on_the_day = FixedClock(datetime(2024, 5, 5, 9, 0, tzinfo=UTC))  # still 1403
    row = letters.register(db, draft.id, settings=Settings(), clock=on_the_day)
    assert row.number == "18/1403/ب‌م"


def test_stored_file_content_is_not_added_twice(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    with target.session() as s:
        s.add(Blob(sha256=hashlib.sha256(FILE_BYTES).hexdigest(), size=len(FILE_BYTES),
                   data=FILE_BYTES))
    summary = import_json(target, _write(tmp_path / "x.json", document))
    assert summary.skipped_blobs == 1 and summary.counts["blob"] == 0
    assert summary.counts["attachment"] == 1
    with target.reading() as s:
        assert len(s.exec(select(Blob)).all()) == 1
        assert len(s.exec(select(Attachment)).all()) == 1


# --- import: bad files -----------------------------------------------------------------


def test_missing_file(target: Database, tmp_path: Path) -> None:
    _reject(target, tmp_path / "nowhere.json", "import.unreadable")


def test_directory_instead_of_file(target: Database, tmp_path: Path) -> None:
    _reject(target, tmp_path, "import.unreadable")


@pytest.mark.parametrize(
    ("content", "msg_id"),
    [
        pytest.param(PNG_BYTES, "import.not_json", id="png"),
        pytest.param(b'{"format": "peyvand-export", "version": 1, ', "import.not_json",
                     id="broken-json"),
        pytest.param(b"", "import.not_json", id="empty"),
        pytest.param(b'{"format": "peyvand-export", "version": NaN}', "import.not_json",
                     id="nan"),
        pytest.param(b"[1, 2, 3]", "import.not_export", id="array"),
        pytest.param(b'{"format": "something-else", "version": 1, "tables": {}}',
                     "import.not_export", id="wrong-marker"),
        pytest.param(b'{"version": 1, "tables": {}}', "import.not_export", id="no-marker"),
        pytest.param(b'{"format": "peyvand-export", "version": 3, "tables": {}}',
                     "import.version", id="future-version"),
        pytest.param(b'{"format": "peyvand-export", "version": "1", "tables": {}}',
                     "import.version", id="version-as-text"),
        pytest.param(b'{"format": "peyvand-export", "tables": {}}', "import.version",
                     id="no-version"),
        pytest.param(b'{"format": "peyvand-export", "version": 1}', "import.not_export",
                     id="no-tables"),
        pytest.param(b'{"format": "peyvand-export", "version": 1, "tables": {"unit": {}}}',
                     "import.not_export", id="table-not-a-list"),
        pytest.param(b'{"format": "peyvand-export", "version": 1, "tables": {"audit_event": []}}',
                     "import.unknown_table", id="unknown-table"),
    ],
)
def test_bad_file_is_refused(
    target: Database, tmp_path: Path, content: bytes, msg_id: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    _reject(target, path, msg_id)


def test_file_over_the_size_limit(
    document: dict[str, Any], target: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "x.json", document)
    monkeypatch.setattr(transfer, "MAX_IMPORT_BYTES", path.stat().st_size - 1)
    _reject(target, path, "import.too_large", size=path.stat().st_size)


# --- import: bad rows ------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(table: str, field: str, value: Any, index: int = 0) -> Mutation:
    def mutate(tables: dict[str, Any]) -> None:
        tables[table][index][field] = value
    return mutate


def _duplicate(table: str) -> Mutation:
    def mutate(tables: dict[str, Any]) -> None:
        twin = copy.deepcopy(tables[table][0])
        tables[table].append(twin)
    return mutate


def _drop(table: str, field: str) -> Mutation:
    def mutate(tables: dict[str, Any]) -> None:
        del tables[table][0][field]
    return mutate


def _replace_row(table: str, value: Any) -> Mutation:
    def mutate(tables: dict[str, Any]) -> None:
        tables[table][0] = value
    return mutate


def _bad_blob(tables: dict[str, Any]) -> None:
    tables["blob"][0]["data"] = base64.b64encode(b"other bytes").decode()


def _wrong_blob_size(tables: dict[str, Any]) -> None:
    tables["blob"][0]["size"] += 1


def _second_meeting_same_number(tables: dict[str, Any]) -> None:
    twin = copy.deepcopy(tables["meeting"][0])
    twin["id"] = str(uuid.uuid4())
    tables["meeting"].append(twin)


BAD = "import.bad_row"
BAD_ROWS = [
    # dates: Jalali as typed, Jalali in ISO shape, impossible days, wrong types
    pytest.param(_set("meeting", "date", "1403/02/12"), (BAD, "meeting", "date"),
                 id="jalali-date-as-typed"),
    pytest.param(_set("meeting", "date", "۱۴۰۳/۰۲/۱۲"), (BAD, "meeting", "date"),
                 id="jalali-persian-digits"),
    pytest.param(_set("meeting", "date", "1403-02-12"), (BAD, "meeting", "date"),
                 id="jalali-in-iso-shape"),
    pytest.param(_set("meeting", "date", "1403-02-31"), (BAD, "meeting", "date"),
                 id="jalali-impossible-day"),
    pytest.param(_set("meeting", "date", "2024-02-30"), (BAD, "meeting", "date"),
                 id="iso-impossible-day"),
    pytest.param(_set("meeting", "date", 20240501), (BAD, "meeting", "date"),
                 id="date-as-number"),
    pytest.param(_set("meeting", "date", None), (BAD, "meeting", "date"),
                 id="required-date-null"),
    pytest.param(_set("meeting", "start_time", "25:00:00"), (BAD, "meeting", "start_time"),
                 id="bad-time"),
    pytest.param(_set("meeting", "end_time", "09:00:00"), (BAD, "meeting", "end_time"),
                 id="end-before-start"),
    # text limits, enums, rules
    pytest.param(_set("person", "name", "ن" * 201), (BAD, "person", "name"),
                 id="text-too-long"),
    pytest.param(_set("person", "name", "   "), (BAD, "person", "name"),
                 id="required-text-blank"),
    pytest.param(_set("person", "email", "not-an-address"), (BAD, "person", "email"),
                 id="bad-email"),
    pytest.param(_set("organization", "kind", "spaceport"), (BAD, "organization", "kind"),
                 id="unknown-enum"),
    pytest.param(_set("person", "tags", "not a list"), (BAD, "person", "tags"),
                 id="tags-not-a-list"),
    pytest.param(_set("meeting", "number", "1" * 41), (BAD, "meeting", "number"),
                 id="number-too-long"),
    pytest.param(_set("meeting", "number", ""), (BAD, "meeting", "number"),
                 id="number-empty"),
    pytest.param(_set("meeting", "finalized_by", "x" * 121), (BAD, "meeting", "finalized_by"),
                 id="protected-field-too-long"),
    pytest.param(_set("action", "status", "half-done"), (BAD, "action", "status"),
                 id="bad-status"),
    # sync columns
    pytest.param(_set("unit", "id", "not-a-uuid"), (BAD, "unit", "id"), id="bad-uuid"),
    pytest.param(_drop("unit", "id"), (BAD, "unit", "id"), id="missing-id"),
    pytest.param(_set("unit", "created_at", "2024-05-01T10:00:00"), (BAD, "unit", "created_at"),
                 id="naive-timestamp"),
    pytest.param(_set("unit", "updated_at", "yesterday"), (BAD, "unit", "updated_at"),
                 id="bad-timestamp"),
    pytest.param(_set("unit", "revision", 0), (BAD, "unit", "revision"), id="revision-zero"),
    pytest.param(_set("unit", "revision", "2"), (BAD, "unit", "revision"),
                 id="revision-as-text"),
    pytest.param(_set("unit", "colour", "blue"), (BAD, "unit", "colour"), id="unknown-field"),
    pytest.param(_replace_row("unit", ["not", "an", "object"]), (BAD, "unit", "row"),
                 id="row-not-an-object"),
    # blobs
    pytest.param(_set("blob", "sha256", "XYZ"), (BAD, "blob", "sha256"), id="blob-bad-sha"),
    pytest.param(_set("blob", "data", "***not base64***"), (BAD, "blob", "data"),
                 id="blob-bad-base64"),
    pytest.param(_bad_blob, ("import.blob_hash", None, None), id="blob-hash-mismatch"),
    pytest.param(_wrong_blob_size, ("import.blob_hash", None, None), id="blob-size-mismatch"),
    # across rows
    pytest.param(_duplicate("person"), ("import.duplicate_id", "person", None),
                 id="duplicate-uuid"),
    pytest.param(_second_meeting_same_number, ("import.number_taken", "meeting", None),
                 id="duplicate-number-in-file"),
    pytest.param(_set("person", "organization_id", str(uuid.uuid4())),
                 ("import.dangling", "person", "organization_id"), id="dangling-fk"),
    pytest.param(_set("attachment", "blob_sha256", "ab" * 32),
                 ("import.dangling", "attachment", "blob_sha256"), id="dangling-blob"),
    # values a lax reader would coerce or only SQLite would refuse, after the dry run
    # had passed (these crashed with OverflowError, or were silently accepted, before
    # services/intake.py)
    pytest.param(_set("unit", "revision", 2**63), (BAD, "unit", "revision"),
                 id="revision-beyond-64-bits"),
    pytest.param(_set("visit_member", "position", 2**63), (BAD, "visit_member", "position"),
                 id="position-beyond-64-bits"),
    # at the 64-bit edge: stored, the next "+ 1" (a save, a counter) would overflow
    pytest.param(_set("unit", "revision", 2**63 - 1), (BAD, "unit", "revision"),
                 id="revision-at-64-bit-edge"),
    pytest.param(_set("meeting", "number", "1405-9223372036854775807"),
                 (BAD, "meeting", "number"), id="number-sequence-at-64-bit-edge"),
    pytest.param(_set("meeting", "number", "92233720368547758070-001"),
                 (BAD, "meeting", "number"), id="number-year-beyond-64-bits"),
    pytest.param(_set("visit", "number", "1405-1000000000"), (BAD, "visit", "number"),
                 id="number-sequence-beyond-counters"),
    pytest.param(_set("unit", "updated_at", "9999-12-31T23:59:59-14:00"),
                 (BAD, "unit", "updated_at"), id="timestamp-overflowing-utc"),
    pytest.param(_set("visit_member", "position", "3"), (BAD, "visit_member", "position"),
                 id="integer-as-text"),
    pytest.param(_set("visit_member", "is_head", "yes"), (BAD, "visit_member", "is_head"),
                 id="boolean-as-text"),
    pytest.param(_set("meeting", "date", "2024-W18-3"), (BAD, "meeting", "date"),
                 id="iso-week-date"),
    pytest.param(_set("person", "tags", ["t"] * 31), (BAD, "person", "tags"),
                 id="too-many-tags"),
    pytest.param(lambda t: t["unit"][0].update(id=t["unit"][0]["id"].upper()),
                 (BAD, "unit", "id"), id="uuid-not-canonical"),
    # the very last row of the file: nothing before it may have been written
    pytest.param(_set("attachment", "name", "ن" * 256), (BAD, "attachment", "name"),
                 id="last-row-too-long"),
    pytest.param(_set("attachment", "meeting_id", str(uuid.uuid4())),
                 ("import.dangling", "attachment", "meeting_id"), id="last-row-dangling"),
]


@pytest.mark.parametrize(("mutate", "expected"), BAD_ROWS)
def test_bad_row_is_refused_and_nothing_is_written(
    document: dict[str, Any],
    target: Database,
    tmp_path: Path,
    mutate: Mutation,
    expected: tuple[str, str | None, str | None],
) -> None:
    msg_id, table, field = expected
    doc = copy.deepcopy(document)
    mutate(doc["tables"])
    params: dict[str, Any] = {}
    if table is not None:
        params["table"] = table
    if field is not None:
        params["field"] = field
    if msg_id == "import.bad_row":
        params["index"] = 1
    _reject(target, _write(tmp_path / "bad.json", doc), msg_id, **params)


def test_last_row_is_bad_so_the_file_is_refused_whole(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    doc = copy.deepcopy(document)
    doc["tables"]["attachment"].append(copy.deepcopy(doc["tables"]["attachment"][0]))
    last = doc["tables"]["attachment"][-1]
    last.update(id=str(uuid.uuid4()), mime_type="x" * 121)
    error = _reject(target, _write(tmp_path / "bad.json", doc), "import.bad_row",
                    table="attachment", index=2, field="mime_type")
    assert "attachment row 2" in str(error)


def test_failure_while_writing_rolls_everything_back(
    document: dict[str, Any], target: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = transfer._build

    def build(model: type[Any], values: dict[str, Any]) -> Any:
        if model is Attachment:  # the last table: every other row is already flushed
            raise RuntimeError("disk pulled out")
        return real_build(model, values)

    monkeypatch.setattr(transfer, "_build", build)
    path = _write(tmp_path / "x.json", document)
    before = _state(target)
    with pytest.raises(RuntimeError):
        import_json(target, path)
    assert _state(target) == before


def test_id_already_in_database(
    source: Database, document: dict[str, Any], tmp_path: Path
) -> None:
    _reject(source, _write(tmp_path / "x.json", document), "import.exists", table="unit")


def test_number_already_used_in_database(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    records.create_row(target, Meeting, {"title": "جلسه محلی", "date": date(2024, 6, 1)})
    meeting = document["tables"]["meeting"][0]
    _reject(target, _write(tmp_path / "x.json", document), "import.number_taken",
            table="meeting", id=meeting["id"], number="1403-001")


def test_reference_to_a_row_already_in_the_database_is_fine(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    with target.reading() as s:
        unit_id = s.exec(select(Unit.id)).one()
    doc = copy.deepcopy(document)
    doc["tables"]["person"][0]["unit_id"] = str(unit_id)
    doc["tables"]["person"][1]["unit_id"] = str(unit_id)
    import_json(target, _write(tmp_path / "x.json", doc))
    with target.reading() as s:
        assert len(s.exec(select(Person).where(Person.unit_id == unit_id)).all()) == 2


def test_bad_row_message_in_both_languages(
    document: dict[str, Any], target: Database, tmp_path: Path
) -> None:
    doc = copy.deepcopy(document)
    doc["tables"]["person"][0]["name"] = "ن" * 201
    error = _reject(target, _write(tmp_path / "x.json", doc), "import.bad_row")
    assert str(error) == "person row 1: Name is too long (at most 200 characters)."
    assert error.message("fa") == (
        "جدول شخص، ردیف ۱: نام بیش از حد طولانی است (حداکثر ۲۰۰ نویسه)."
    )


# --- import: hostile files -----------------------------------------------------------------


def _raw(document: dict[str, Any], table: str, field: str, token: str) -> str:
    """The document as JSON text with ``token`` written verbatim as ``table``'s first
    row's ``field`` (for what json.dumps would never write)."""
    doc = copy.deepcopy(document)
    doc["tables"][table][0][field] = "@@RAW@@"
    return json.dumps(doc, ensure_ascii=False).replace('"@@RAW@@"', token)


def _with_top(document: dict[str, Any], extra: str) -> str:
    return json.dumps(document, ensure_ascii=False)[:-1] + ", " + extra + "}"


Hostile = Callable[[dict[str, Any]], str | bytes]
DEEP = 200_000

HOSTILE_FILES = [
    pytest.param(lambda d: _with_top(d, '"app_version": ' + "[" * DEEP + "]" * DEEP),
                 ("import.too_deep", None), id="deep-nesting"),
    pytest.param(lambda d: _raw(d, "unit", "name", '{"a": ' * DEEP + "1" + "}" * DEEP),
                 ("import.too_deep", None), id="deep-nesting-in-a-row"),
    pytest.param(lambda d: _raw(d, "visit_member", "position", "1e999"),
                 ("import.bad_number", None), id="number-overflowing-to-infinity"),
    pytest.param(lambda d: _raw(d, "unit", "revision", "9" * 5000), ("import.bad_number", None),
                 id="integer-of-5000-digits"),
    pytest.param(lambda d: _raw(d, "visit_member", "position", "-Infinity"),
                 ("import.not_json", None), id="minus-infinity"),
    pytest.param(lambda d: _raw(d, "unit", "name", '"a", "name": "b"'),
                 ("import.duplicate_key", None), id="duplicate-key-in-a-row"),
    pytest.param(lambda d: _with_top(d, '"tables": {}'), ("import.duplicate_key", None),
                 id="second-tables-key"),
    pytest.param(lambda d: _raw(d, "person", "name", '"\\ud800"'),
                 ("import.bad_row", "import.not_unicode"), id="lone-surrogate"),
    pytest.param(lambda d: _raw(d, "person", "tags", '["\\udc00x"]'),
                 ("import.bad_row", "import.not_unicode"), id="lone-surrogate-in-a-tag"),
    pytest.param(lambda d: _raw(d, "unit", "name", '"' + "ن" * 201 + '"'),
                 ("import.bad_row", "field.too_long"), id="text-over-the-limit"),
    pytest.param(lambda d: _with_top(d, '"signature": "x"'), ("import.unknown_key", None),
                 id="unknown-top-level-key"),
    pytest.param(lambda d: _with_top({k: v for k, v in d.items() if k != "app_version"},
                                     '"app_version": 5'),
                 ("import.not_export", None), id="app-version-not-text"),
    pytest.param(lambda d: json.dumps({**d, "tables": {**d["tables"], "unit\u202e\n": []}}),
                 ("import.unknown_table", None), id="table-name-with-controls"),
    pytest.param(lambda d: b"PVT\x01" + bytes(range(256)) * 16, ("import.trip_package", None),
                 id="trip-package"),
    pytest.param(lambda d: b"SQLite format 3\x00" + bytes(4080), ("import.database_file", None),
                 id="database-file"),
    pytest.param(lambda d: b"\xef\xbb\xbf" + "{}".encode("utf-16-le"), ("import.not_json", None),
                 id="utf-16"),
    pytest.param(lambda d: _raw(d, "unit", "name", '"@@"').encode().replace(b"@@", b"\xed\xa0\x80"),
                 ("import.not_json", None), id="utf-8-encoded-surrogate"),
]


def _write_hostile(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(("build", "expected"), HOSTILE_FILES)
def test_hostile_file_is_refused_and_nothing_changes(
    document: dict[str, Any],
    target: Database,
    tmp_path: Path,
    build: Hostile,
    expected: tuple[str, str | None],
) -> None:
    msg_id, cause = expected
    error = _reject(target, _write_hostile(tmp_path / "hostile.json", build(document)), msg_id)
    if cause is not None:
        assert isinstance(error, transfer.ImportRowError)
        assert error.cause.msg_id == cause
    english, persian = error.message("en"), error.message("fa")
    assert "\n" not in english and "\n" not in persian
    assert re.search("[\u0600-\u06ff]", persian), persian
    assert "{" not in persian.replace("{}", "")  # every placeholder filled


def test_row_count_limits(
    document: dict[str, Any], target: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "x.json", document)
    monkeypatch.setattr(intake, "MAX_ROWS_PER_TABLE", 1)
    _reject(target, path, "import.too_many_rows", table="person", count=2, limit=1)
    monkeypatch.setattr(intake, "MAX_ROWS_PER_TABLE", 100)
    total = sum(len(rows) for rows in document["tables"].values())
    monkeypatch.setattr(intake, "MAX_ROWS_TOTAL", total - 1)
    _reject(target, path, "import.too_many_rows_total", count=total, limit=total - 1)
    monkeypatch.setattr(intake, "MAX_ROWS_TOTAL", total)
    assert import_json(target, path, dry_run=True).total == total


def test_value_count_limit(
    document: dict[str, Any], target: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "x.json", document)
    monkeypatch.setattr(intake, "MAX_JSON_VALUES", 50)
    _reject(target, path, "import.too_many_values", limit=50)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("..\\..\\Windows\\System32\\evil.exe", "evil.exe"),
        ("/etc/passwd", "passwd"),
        ("\\\\server\\share\\نامه.pdf", "نامه.pdf"),
        ("C:report.pdf", "C_report.pdf"),
        ("CON", "_CON"),
        ("aux.txt", "_aux.txt"),
        ("LPT9.tar.gz", "_LPT9.tar.gz"),
        ("x\u202efdp.exe", "xfdp.exe"),
        ("gift <list>?.pdf. . ", "gift _list__.pdf"),
        ("صورت\u200cجلسه.pdf", "صورت\u200cجلسه.pdf"),
        ("..", "file"),
    ],
)
def test_imported_attachment_names_are_display_names(
    document: dict[str, Any], target: Database, tmp_path: Path, given: str, stored: str
) -> None:
    doc = copy.deepcopy(document)
    doc["tables"]["attachment"][0]["name"] = given
    import_json(target, _write(tmp_path / "x.json", doc))
    with target.reading() as s:
        assert s.exec(select(Attachment.name)).one() == stored


# --- dry run: the whole plan --------------------------------------------------------------


def test_dry_run_runs_the_inserts_too(
    document: dict[str, Any], target: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = transfer._build
    built: list[str] = []

    def build(model: type[Any], values: dict[str, Any]) -> Any:
        built.append(str(model.__tablename__))
        if model is Attachment:  # the last table: a failure only writing would find
            raise RuntimeError("refused on insert")
        return real_build(model, values)

    monkeypatch.setattr(transfer, "_build", build)
    path = _write(tmp_path / "x.json", document)
    digest = content_digest(target)
    with pytest.raises(RuntimeError, match="refused on insert"):
        import_json(target, path, dry_run=True)
    assert built[-1] == "attachment" and "meeting" in built
    assert content_digest(target) == digest


def test_dry_run_indexes_for_search_then_rolls_back(
    document: dict[str, Any], target: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_refresh = search_index.refresh
    refreshed: list[tuple[str, uuid.UUID]] = []

    def refresh(conn: Any, docs: Any) -> None:
        docs = list(docs)
        refreshed.extend(docs)
        real_refresh(conn, docs)

    monkeypatch.setattr(search_index, "refresh", refresh)
    path = _write(tmp_path / "x.json", document)
    digest = content_digest(target)
    summary = import_json(target, path, dry_run=True)
    meeting_id = uuid.UUID(document["tables"]["meeting"][0]["id"])
    assert ("meeting", meeting_id) in refreshed
    assert summary.dry_run and summary.counts["meeting"] == 1
    assert content_digest(target) == digest
    refreshed.clear()
    import_json(target, path)
    assert ("meeting", meeting_id) in refreshed
    assert content_digest(target) != digest


# --- the command line: one English line, nothing changed ----------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(lambda d: _with_top(d, '"x": ' + "[" * DEEP + "]" * DEEP),
                     "is not a Peyvand export", id="deep"),
        pytest.param(lambda d: _raw(d, "person", "name", '"\\ud800"'),
                     "person row 1: Name holds text that is not valid Unicode", id="surrogate"),
        pytest.param(lambda d: _raw(d, "unit", "revision", str(2**63)),
                     "unit row 1: revision is out of range.", id="int64"),
        pytest.param(lambda d: b"PVT\x01" + bytes(64), "is a trip package", id="trip-package"),
    ],
)
def test_cli_import_of_a_hostile_file(  # noqa: PLR0917 - pytest passes fixtures by name
    document: dict[str, Any],
    target: Database,
    capsys: pytest.CaptureFixture[str],
    build: Hostile,
    expected: str,
    tmp_path: Path,
) -> None:
    path = _write_hostile(tmp_path / "hostile.json", build(document))
    digest = content_digest(target)
    for extra in (["--dry-run"], []):
        code = cli.main(["import", "--db", target.location, str(path), *extra])
        captured = capsys.readouterr()
        assert code != 0
        lines = captured.err.splitlines()
        assert len(lines) == 1, captured.err
        assert lines[0].startswith("peyvand: error: ") and expected in lines[0], lines[0]
        assert "Traceback" not in captured.err + captured.out
    assert content_digest(target) == digest
