"""Letters and the correspondence register: drafts, registering, revisions, incoming, replies."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from peyvand.config import Settings
from peyvand.domain import AuditEvent, Letter, Meeting, Person, Visit, VisitMember
from peyvand.domain.enums import (
    Classification,
    Direction,
    Language,
    LetterKind,
    LetterStatus,
    Side,
)
from peyvand.domain.errors import ConflictError, NotFoundError, ValidationError
from peyvand.services import attachments, letters, records, starters
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.storage.unit_of_work import TRIP_MODE_KEY
from peyvand.text import to_latin_digits

# The register's numbers and the service on the office server as on a file.
pytestmark = pytest.mark.both_engines

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))  # ۵ آذر ۱۴۰۵
SETTINGS = Settings(letter_signatory="مهدی نمونه‌پور\nمدیرکل ارتباطات و امور بین‌الملل")


def _visit(db: Database, **values: object) -> uuid.UUID:
    with db.session() as session:
        guest = records.create(
            session,
            Person,
            {
                "name": "راوی اوداهاران",
                "name_latin": "Ravi Udaharan",
                "honorific": "جناب آقای",
                "title": "مدیر روابط بین‌الملل",
                "title_en": "Director of International Relations",
            },
        )
        visit = records.create(
            session,
            Visit,
            {
                "title": "سفر هیئت حیدرآباد",
                "title_en": "Hyderabad delegation",
                "direction": Direction.INCOMING,
                "arrival": dt.date(2026, 12, 5),
                "departure": dt.date(2026, 12, 8),
                **values,
            },
            clock=CLOCK,
        )
        records.create(
            session,
            VisitMember,
            {"visit_id": visit.id, "person_id": guest.id, "side": Side.GUEST, "is_head": True},
        )
        return visit.id


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def templates(db: Database) -> None:
    starters.install(db)


def test_register_number_pattern() -> None:
    assert letters.register_number("{n}/{yyyy}/ب‌م", 1234, 1405) == "1234/1405/ب‌م"
    assert letters.register_number("و-{yy}-{n}", 7, 1405) == "و-05-7"
    assert letters.register_number("{n}/۱۴۰۵", 3, 1405) == "3/1405"  # typed Persian digits
    for bad, msg in (
        ("{yyyy}/ب‌م", "letter.pattern_needs_n"),
        ("{n}/{year}", "letter.pattern_unknown"),
        ("{n}/{0}", "letter.pattern_unknown"),
        ("{n}/{", "letter.pattern_unknown"),
        ("{n}/{__class__}", "letter.pattern_unknown"),
    ):
        with pytest.raises(ValidationError) as info:
            letters.register_number(bad, 1, 1405)
        assert info.value.msg_id == msg, bad


def test_a_draft_has_no_number_and_registering_gives_number_and_date(
    db: Database, templates: None
) -> None:
    visit_id = _visit(db)
    draft = letters.create(
        db, LetterKind.INVITATION, visit_id=visit_id, settings=SETTINGS, clock=CLOCK
    )
    assert draft.status == LetterStatus.DRAFT and draft.number == "" and draft.letter_date is None
    assert draft.counterpart.splitlines()[0] == "جناب آقای راوی اوداهاران"
    assert "۱۴ آذر ۱۴۰۵" in draft.body  # the arrival, Jalali, Persian digits
    assert draft.signatory == SETTINGS.letter_signatory
    registered = letters.register(db, draft.id, settings=SETTINGS, clock=CLOCK)
    assert registered.status == LetterStatus.REGISTERED
    assert registered.number == "1/1405/ب‌م"
    assert registered.letter_date == dt.date(2026, 11, 26)
    assert (registered.register_year, registered.register_seq, registered.edition) == (1405, 1, 1)
    second = letters.create_registered(
        db, LetterKind.VISA_SUPPORT, visit_id=visit_id, settings=SETTINGS, clock=CLOCK
    )
    assert second.number == "2/1405/ب‌م"
    with pytest.raises(ConflictError) as info:
        letters.register(db, draft.id, settings=SETTINGS, clock=CLOCK)
    assert info.value.msg_id == "letter.already_registered"


def test_a_registered_letter_changes_only_by_revision(db: Database, templates: None) -> None:
    visit_id = _visit(db)
    row = letters.create_registered(
        db, LetterKind.THANK_YOU, visit_id=visit_id, settings=SETTINGS, clock=CLOCK
    )
    with pytest.raises(ConflictError) as info:
        letters.save(db, row.id, {"subject": "دیگر"})
    assert info.value.msg_id == "letter.registered"
    with pytest.raises(ConflictError), db.session() as session:
        records.update(session, Letter, row.id, {"body": "دیگر"})
    with pytest.raises(ConflictError), db.session() as session:
        records.soft_delete(session, Letter, row.id)
    with pytest.raises(ValidationError) as vinfo:
        letters.revise(db, row.id, {"body": "متن تازه"}, "  ")
    assert vinfo.value.msg_id == "letter.reason_required"
    with pytest.raises(ValidationError) as vinfo:
        letters.revise(db, row.id, {"number": "9"}, "شماره")
    assert vinfo.value.msg_id == "letter.not_revisable"
    with pytest.raises(ValidationError) as vinfo:
        letters.revise(db, row.id, {"body": row.body}, "هیچ")
    assert vinfo.value.msg_id == "letter.no_change"
    revised = letters.revise(db, row.id, {"body": "متن تازه"}, "اصلاح نام میهمان", clock=CLOCK)
    assert (revised.number, revised.letter_date, revised.edition) == (
        row.number,
        row.letter_date,
        2,
    )
    assert revised.body == "متن تازه"
    detail = letters.get_detail(db, row.number)
    assert [(r.edition, r.body, r.reason) for r in detail.revisions] == [
        (1, row.body, "اصلاح نام میهمان")
    ]
    assert detail.visit.endswith("سفر هیئت حیدرآباد")


def test_drafts_are_edited_and_deleted_freely(db: Database, templates: None) -> None:
    visit_id = _visit(db)
    draft = letters.create(db, LetterKind.INVITATION, visit_id=visit_id, clock=CLOCK)
    edited = letters.save(
        db, draft.id, {"subject": "دعوت‌نامه ویرایش‌شده"}, expected_revision=draft.revision
    )
    assert edited.subject == "دعوت‌نامه ویرایش‌شده"
    with pytest.raises(ConflictError):
        letters.save(db, draft.id, {"subject": "کهنه"}, expected_revision=draft.revision)
    letters.delete_draft(db, draft.id)
    with pytest.raises(NotFoundError):
        letters.get_detail(db, draft.id)


def test_letters_carry_the_classification_of_what_they_belong_to(
    db: Database, templates: None
) -> None:
    visit_id = _visit(db, classification=Classification.CONFIDENTIAL)
    draft = letters.create(db, LetterKind.INVITATION, visit_id=visit_id, clock=CLOCK)
    assert draft.classification == Classification.CONFIDENTIAL
    # Lowering it on the letter is not possible while the visit is confidential.
    lowered = letters.save(db, draft.id, {"classification": Classification.NORMAL})
    assert lowered.classification == Classification.CONFIDENTIAL
    with db.session() as session:
        meeting = records.create(
            session,
            Meeting,
            {
                "title": "جلسه سری",
                "date": dt.date(2026, 12, 6),
                "classification": Classification.SECRET,
                "visit_id": visit_id,
            },
            clock=CLOCK,
        )
    minutes = letters.save(db, None, {"subject": "ارسال صورتجلسه", "meeting_id": meeting.id})
    assert minutes.classification == Classification.SECRET


def test_thank_you_after_a_meeting_without_a_visit(db: Database, templates: None) -> None:
    from peyvand.services import meetings

    with db.session() as session:
        deputy = records.create(
            session,
            Person,
            {
                "name": "سید کاظم سجادی",
                "honorific": "جناب آقای",
                "title": "معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه",
            },
        )
        mayor = records.create(session, Person, {"name": "قدرت اله نوروزی"})
    detail = meetings.record_meeting(
        db,
        {"title": "دیدار شهردار با معاون وزیر", "date": dt.date(2021, 2, 4), "place": "شهرداری"},
        participants=[
            {"person_id": mayor.id, "side": Side.HOST},
            {"person_id": deputy.id, "side": Side.GUEST},
        ],
        decisions=[{"text": "تهیه پیش‌نویس تفاهم‌نامه"}],
        clock=CLOCK,
    )
    row = letters.create_registered(
        db,
        LetterKind.THANK_YOU,
        meeting_id=detail.meeting.id,
        settings=SETTINGS,
        clock=CLOCK,
    )
    assert row.counterpart.startswith("جناب آقای سید کاظم سجادی")
    assert row.subject == "سپاس از دیدار ۱۶ بهمن ۱۳۹۹"
    assert "۱. تهیه پیش‌نویس تفاهم‌نامه" in row.body
    assert row.visit_id is None and row.meeting_id == detail.meeting.id


def test_english_letters_use_latin_names_and_gregorian_dates(db: Database, templates: None) -> None:
    visit_id = _visit(db)
    row = letters.create(
        db, LetterKind.INVITATION, language=Language.ENGLISH, visit_id=visit_id, clock=CLOCK
    )
    assert row.language == Language.ENGLISH
    assert row.body.startswith("Dear Ravi Udaharan,")
    assert "from 5 December 2026 to 8 December 2026" in row.body
    assert row.counterpart.splitlines() == ["Ravi Udaharan", "Director of International Relations"]


def test_no_template_of_the_kind_is_a_clear_error(db: Database) -> None:
    visit_id = _visit(db)
    with pytest.raises(NotFoundError) as info:
        letters.create(db, LetterKind.INVITATION, visit_id=visit_id)
    assert info.value.msg_id == "letter.no_template"
    assert _count(db, "letter") == 0


def test_a_template_with_an_unknown_placeholder_is_refused_on_saving(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        letters.save_template(
            db,
            None,
            {"name": "غلط", "kind": LetterKind.GENERAL, "body": "با سلام {{ visit.titel }}"},
        )
    assert info.value.msg_id == "letter.template_unknown" and info.value.field == "body"
    assert _count(db, "letter_template") == 0


def test_incoming_letter_with_scan_and_a_reply(db: Database, tmp_path: Path) -> None:
    visit_id = _visit(db)
    scan = b"%PDF-1.4 scanned letter"
    incoming = letters.register_incoming(
        db,
        {
            "subject": "پذیرش دعوت",
            "counterpart": "شهرداری بزرگ حیدرآباد",
            "their_number": "GHMC/IR/2026/17",
            "their_date": dt.date(2026, 11, 20),
            "visit_id": visit_id,
        },
        scan=("نامه حیدرآباد.pdf", scan),
        settings=SETTINGS,
        clock=CLOCK,
    )
    assert incoming.direction == Direction.INCOMING
    assert incoming.number == "1/1405/و" and incoming.received_on == dt.date(2026, 11, 26)
    detail = letters.get_detail(db, incoming.id)
    assert [a.name for a in detail.attachments] == ["نامه حیدرآباد.pdf"]
    assert attachments.content(db, detail.attachments[0].id) == scan
    answer = letters.reply(db, incoming.id, settings=SETTINGS)
    assert answer.reply_to_id == incoming.id and answer.direction == Direction.OUTGOING
    assert answer.subject == "پاسخ: پذیرش دعوت" and answer.visit_id == visit_id
    assert [r.id for r in letters.get_detail(db, incoming.id).replies] == [answer.id]
    with pytest.raises(ValidationError):
        letters.reply(db, answer.id)
    # The incoming and outgoing books count separately.
    outgoing = letters.register(db, answer.id, settings=SETTINGS, clock=CLOCK)
    assert outgoing.number == "1/1405/ب‌م"


def test_a_bad_incoming_letter_changes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError):
        letters.register_incoming(db, {"subject": ""}, scan=("x.pdf", b"x"), clock=CLOCK)
    too_big = b"0" * (50 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError):
        letters.register_incoming(db, {"subject": "بزرگ"}, scan=("x.pdf", too_big), clock=CLOCK)
    assert _count(db, "letter") == 0 and _count(db, "attachment") == 0
    assert _count(db, "number_counter") == 0


def test_register_numbers_survive_a_number_taken_behind_the_counter(db: Database) -> None:
    draft = letters.save(db, None, {"subject": "نامه"})
    with db.engine.begin() as conn:  # a number typed in elsewhere, not by the counter
        conn.execute(
            text("UPDATE letter SET number='1/1405/ب‌م', status='registered' WHERE id=:id"),
            {"id": draft.id.hex},
        )
    other = letters.save(db, None, {"subject": "نامه دیگر"})
    row = letters.register(db, other.id, settings=SETTINGS, clock=CLOCK)
    assert row.number == "2/1405/ب‌م"


def test_concurrent_registrations_get_distinct_numbers(
    db: Database, pg_module_url: str | None
) -> None:
    """Three writers (on the server: three workstations) register at once."""

    def another() -> Database:
        if pg_module_url is not None:
            from peyvand.storage.server_database import ServerDatabase

            return ServerDatabase.connect(pg_module_url)
        return Database.open(db.path)

    first = db
    ids = [letters.save(first, None, {"subject": f"نامه {n}"}).id for n in range(12)]
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(chunk: list[uuid.UUID]) -> None:
        db = another()
        try:
            for letter_id in chunk:
                numbers.append(
                    letters.register(db, letter_id, settings=SETTINGS, clock=CLOCK).number
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=worker, args=(ids[i::3],)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers, key=lambda n: int(n.split("/")[0])) == [
        f"{n}/1405/ب‌م" for n in range(1, 13)
    ]


def test_registering_is_audited_and_refused_in_a_trip_package(db: Database) -> None:
    draft = letters.save(db, None, {"subject": "نامه"})
    letters.register(db, draft.id, settings=SETTINGS, clock=CLOCK)
    with db.reading() as session:
        from sqlmodel import select

        changes = [
            e.changes
            for e in session.exec(
                select(AuditEvent).where(
                    AuditEvent.entity == "letter", AuditEvent.action == "update"
                )
            )
        ]
    assert any(c.get("number") == ["", "1/1405/ب‌م"] for c in changes)
    with db.session(**{TRIP_MODE_KEY: True}) as session:
        letter = records.create(session, Letter, {"subject": "در سفر"})
        with pytest.raises(ConflictError) as info:
            letters._register_in(session, letter, settings=SETTINGS, clock=CLOCK, day=None)
    assert info.value.msg_id == "letter.register_in_office"


def test_letters_found_by_number_in_any_digits(db: Database) -> None:
    draft = letters.save(db, None, {"subject": "نامه"})
    letters.register(db, draft.id, settings=SETTINGS, clock=CLOCK)
    assert letters.get_detail(db, "۱/۱۴۰۵/ب‌م").row.id == draft.id
    with pytest.raises(NotFoundError):
        letters.get_detail(db, "99/1405/ب‌م")


@pytest.mark.parametrize(
    ("number", "sequence", "year", "pattern"),
    [
        ("12/1405/ب‌م", 12, 1405, "{n}/{yyyy}/ب‌م"),
        ("۱/۱۳۹۹/ب‌م", 1, 1399, "{n}/{yyyy}/ب‌م"),
        ("ب‌م/05/1405", 1405, 1405, None),  # the sequence is not to be told from the year
        ("ص-05-7", 7, 1405, "ص-{yy}-{n}"),
        ("دستی", 3, 1405, None),
    ],
)
def test_a_register_numbers_pattern_is_read_back(
    number: str, sequence: int, year: int, pattern: str | None
) -> None:
    assert letters.pattern_of(number, sequence, year) == pattern
    if pattern is not None:
        assert letters.register_number(pattern, sequence, year) == to_latin_digits(number)


def test_the_register_list_sorts_filters_and_searches_in_sql(db: Database) -> None:
    from peyvand.services import lists
    from peyvand.services.lists import ListQuery

    sent = (("دعوت‌نامه", "شهرداری کوالالامپور"), ("درخواست روادید", "وزارت امور خارجه"))
    for subject, who in sent:
        draft = letters.save(db, None, {"subject": subject, "counterpart": who})
        letters.register(db, draft.id, settings=SETTINGS, clock=CLOCK)
    letters.register_incoming(
        db, {"subject": "پاسخ", "counterpart": "شهرداری کوالالامپور"}, settings=SETTINGS,
        clock=CLOCK,
    )  # fmt: skip
    letters.save(db, None, {"subject": "پیش‌نویس"})

    def numbers(**query: object) -> list[str]:
        rows = lists.page(db, ListQuery("letters", **query), 0, 50, clock=CLOCK)  # type: ignore[arg-type]
        return [str(r.values["number"]) for r in rows]

    # By year and sequence (both books' first letters tie), a draft's empty number first;
    # newest first by default, drafts last: the same on both engines.
    by_number = numbers(sort="number")
    assert by_number[0] == "" and by_number[3] == "2/1405/ب‌م"
    assert sorted(by_number[1:3]) == ["1/1405/ب‌م", "1/1405/و"]
    assert numbers(sort="number", descending=True)[-1] == ""
    assert numbers()[-1] == ""
    assert numbers(filters={"book": ["incoming"]}) == ["1/1405/و"]
    assert numbers(filters={"status": ["draft"]}) == [""]
    assert sorted(numbers(search="کوالالامپور")) == ["1/1405/ب‌م", "1/1405/و"]
    assert numbers(search="۲/۱۴۰۵") == ["2/1405/ب‌م"]
    assert lists.count(db, ListQuery("letters"), clock=CLOCK) == 4
