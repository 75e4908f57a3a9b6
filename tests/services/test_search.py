"""Global search: Persian-normalized, ranked, typed results, index always in step."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from peyvand.domain import (
    Action,
    ItineraryItem,
    Meeting,
    Organization,
    Partnership,
    Person,
    Statement,
    Visit,
)
from peyvand.domain.enums import PartnershipKind
from peyvand.domain.errors import ValidationError
from peyvand.services import actions, meetings, records
from peyvand.services.search import SearchHit, search
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

ZWNJ = "\u200c"
DAY = dt.date(2021, 2, 4)


def _meeting(
    db: Database,
    title: str,
    statements: tuple[str, ...] = (),
    decisions: tuple[str, ...] = (),
    day: dt.date = DAY,
) -> uuid.UUID:
    detail = meetings.record_meeting(
        db,
        {"title": title, "date": day},
        statements=[(None, s) for s in statements],
        decisions=[{"text": d} for d in decisions],
    )
    return detail.meeting.id


def _ids(hits: list[SearchHit]) -> list[uuid.UUID]:
    return [h.entity_id for h in hits]


def test_finds_meetings_by_words_in_statements_and_decisions(db: Database) -> None:
    mid = _meeting(
        db,
        "دیدار شهردار اصفهان",
        statements=("اصفهان با بارسلون و کوالالامپور همکاری دارد.",),
        decisions=("راه‌اندازی برنامه شهروند دیپلمات",),
    )
    _meeting(db, "جلسه دیگر", statements=("موضوعی بی‌ربط",))
    for query in ("کوالالامپور", "بارسلون", "شهروند دیپلمات", "دیپلمات"):
        hits = search(db, query)
        assert _ids(hits) == [mid], query
        assert hits[0].entity == "meeting"


def test_hits_are_typed_rows_with_number_title_and_snippet(db: Database) -> None:
    mid = _meeting(
        db,
        "دیدار شهردار اصفهان",
        statements=("سخن نخست درباره ورزش.", "حیدرآباد چهاردهمین شهر خواهرخوانده خواهد بود."),
    )
    [hit] = search(db, "حیدرآباد")
    assert isinstance(hit, SearchHit)
    assert hit.entity == "meeting"
    assert hit.entity_id == mid
    assert isinstance(hit.entity_id, uuid.UUID)
    assert hit.number == "1399-001"
    assert hit.title == "دیدار شهردار اصفهان"
    # The snippet is the matching line, as stored (not folded).
    assert hit.snippet == "حیدرآباد چهاردهمین شهر خواهرخوانده خواهد بود."


def test_long_snippets_are_shortened(db: Database) -> None:
    long_line = "گزارش " + " ".join(["همکاری"] * 80) + " پایان"
    _meeting(db, "جلسه", statements=(long_line,))
    [hit] = search(db, "گزارش")
    assert len(hit.snippet) <= 140
    assert hit.snippet.endswith("…")
    assert hit.snippet.startswith("گزارش همکاری")


INVISIBLE_CASES = [
    ("کارشناس یکم", "كارشناس يكم"),  # Arabic kaf/yeh typed in the query
    ("كارشناس يكم", "کارشناس یکم"),  # Arabic kaf/yeh typed in the record
    ("همکاری فرهنگی", "همكاري فرهنگى"),  # alef maksura as yeh
    ("قطعاً همکاری می‌کنیم", "قطعا"),  # tanwin in the record
    ("فرهنگی", "فَرهَنگی"),  # harakat in the query
    ("مسئول روابط", "مسئول"),
    ("رئیس‌جمهور", "رییس"),  # hamza seat folded
    ("آسیا و اروپا", "اسیا"),  # alef with madda
    ("تأسیس دفتر", "تاسیس"),  # hamza above
    ("هفته فرهنگی ۱۴۰۰", "1400"),  # Persian digits in the record
    ("هفته فرهنگی 1400", "۱۴۰۰"),  # Latin digits in the record
    ("هفته فرهنگی ۱۴۰۰", "١٤٠٠"),  # Arabic-Indic digits in the query
    ("Hyderabad is the 14th", "HYDERABAD"),  # Latin case
]
SPELLINGS = ("خواهرخوانده", "خواهر خوانده", f"خواهر{ZWNJ}خوانده")
CONTROL = "جلسه بی‌ربط"
BOTH_CITIES = "فلورانس و بارسلون"


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[tuple[Database, dict[str, uuid.UUID]]]:
    """One database for the read-only matching tests: one meeting per stored text."""
    path = tmp_path_factory.mktemp("search") / "corpus.sqlite3"
    shutil.copyfile(migrated_template, path)
    database = Database.open(path)
    ids: dict[str, uuid.UUID] = {}
    for stored in dict.fromkeys(stored for stored, _ in INVISIBLE_CASES):
        ids[stored] = _meeting(database, "جلسه", statements=(stored,))
    for spelling in SPELLINGS:
        ids[spelling] = _meeting(
            database, "جلسه", statements=(f"اصفهان و فلورانس شهرهای {spelling} هستند",)
        )
    ids[BOTH_CITIES] = _meeting(database, "جلسه", statements=(BOTH_CITIES,))
    ids[CONTROL] = _meeting(database, CONTROL, statements=("خوانده شد و چیزی دیگر",))
    yield database, ids
    database.close()


@pytest.mark.parametrize(("stored", "query"), INVISIBLE_CASES)
def test_invisible_differences_do_not_matter(
    corpus: tuple[Database, dict[str, uuid.UUID]], stored: str, query: str
) -> None:
    db, ids = corpus
    found = _ids(search(db, query))
    assert ids[stored] in found
    assert ids[CONTROL] not in found


@pytest.mark.parametrize("query", SPELLINGS)
def test_zwnj_space_or_nothing_are_the_same_word(
    corpus: tuple[Database, dict[str, uuid.UUID]], query: str
) -> None:
    db, ids = corpus
    found = _ids(search(db, query))
    assert sorted(found) == sorted(ids[s] for s in SPELLINGS)


def test_prefix_matching(db: Database) -> None:
    mid = _meeting(db, "جلسه", statements=("همکاری با فلورانس",))
    assert _ids(search(db, "فلور")) == [mid]
    assert _ids(search(db, "همکا فلو")) == [mid]


def test_all_words_must_match(db: Database) -> None:
    both = _meeting(db, "جلسه", statements=("فلورانس و بارسلون",))
    _meeting(db, "جلسه", statements=("فقط فلورانس",))
    assert _ids(search(db, "فلورانس بارسلون")) == [both]


def test_title_match_ranks_before_body_match(db: Database) -> None:
    body = _meeting(db, "جلسه هماهنگی", statements=("درباره گردشگری سلامت گفت‌وگو شد",))
    title = _meeting(db, "گردشگری سلامت", statements=("گزارش کوتاه",))
    assert _ids(search(db, "گردشگری")) == [title, body]


def test_title_match_ranks_first_whatever_the_spacing(db: Database) -> None:
    body = _meeting(db, "جلسه هماهنگی", statements=("فلورانس خواهرخوانده اصفهان است",))
    title = _meeting(db, "خواهر خوانده", statements=("گزارش کوتاه",))
    for query in SPELLINGS:
        assert _ids(search(db, query)) == [title, body], query


def test_number_is_searchable_in_any_digit_set(db: Database) -> None:
    first = _meeting(db, "جلسه یکم")
    _meeting(db, "جلسه دوم")
    for query in ("1399-001", "۱۳۹۹-۰۰۱", "١٣٩٩-٠٠١"):
        assert _ids(search(db, query))[0] == first, query


def test_every_kind_is_found(db: Database) -> None:
    with db.session() as session:
        org = records.create(
            session,
            Organization,
            {"name": "صندوق کودکان ملل متحد", "name_en": "UNICEF", "city": "نیویورک"},
        )
        person = records.create(
            session,
            Person,
            {
                "name": "جوزپه روسی",
                "name_latin": "Giuseppe Rossi",
                "title": "سرکنسول ایتالیا",
                "tags": ["شهروند دیپلمات", "ایرانی مقیم خارج"],
            },
        )
        partnership = records.create(
            session,
            Partnership,
            {
                "partner_city": "کوالالامپور",
                "partner_city_en": "Kuala Lumpur",
                "kind": PartnershipKind.SISTER_CITY,
            },
        )
        visit = records.create(
            session,
            Visit,
            {"title": "هیئت تجاری مالزی", "purpose": "توسعه صنایع دستی", "arrival": DAY},
        )
        records.create(
            session,
            ItineraryItem,
            {"visit_id": visit.id, "day": DAY, "activity": "بازدید از میدان نقش جهان"},
        )
    action = actions.create_action(db, {"title": "ارسال دعوت‌نامه رسمی"})
    actions.add_note(db, action.id, "پیش‌نویس به دفتر حقوقی رفت")
    expectations = {
        "unicef": ("organization", org.id),
        "نیویورک": ("organization", org.id),
        "giuseppe": ("person", person.id),
        "سرکنسول": ("person", person.id),
        "مقیم خارج": ("person", person.id),
        "Kuala": ("partnership", partnership.id),
        "خواهرخواندگی": ("partnership", partnership.id),
        "صنایع دستی": ("visit", visit.id),
        "نقش جهان": ("visit", visit.id),
        "دعوت‌نامه": ("action", action.id),
        "حقوقی": ("action", action.id),
    }
    for query, (entity, entity_id) in expectations.items():
        hits = search(db, query)
        assert [(h.entity, h.entity_id) for h in hits] == [(entity, entity_id)], query


def test_entities_filter(db: Database) -> None:
    mid = _meeting(db, "فلورانس")
    with db.session() as session:
        org = records.create(session, Organization, {"name": "شهرداری فلورانس"})
    assert set(_ids(search(db, "فلورانس"))) == {mid, org.id}
    assert _ids(search(db, "فلورانس", entities=["organization"])) == [org.id]
    assert _ids(search(db, "فلورانس", entities=["meeting"])) == [mid]


def test_limit(db: Database) -> None:
    for i in range(6):
        _meeting(db, f"جلسه گردشگری {i}")
    assert len(search(db, "گردشگری", limit=3)) == 3
    assert len(search(db, "گردشگری")) == 6


def test_index_follows_updates_old_words_are_gone(db: Database) -> None:
    mid = _meeting(db, "دیدار با سفیر اتریش")
    records.update_row(db, Meeting, mid, {"title": "دیدار با سفیر هلند"})
    assert search(db, "اتریش") == []
    [hit] = search(db, "هلند")
    assert hit.title == "دیدار با سفیر هلند"


def test_index_follows_statement_edits_and_deletes(db: Database) -> None:
    mid = _meeting(db, "جلسه", statements=("گفت‌وگو درباره قطار سریع", "بحث موزه"))
    detail = meetings.get_detail(db, mid)
    records.update_row(db, Statement, detail.statements[0].row.id, {"text": "گفت‌وگو درباره مترو"})
    assert search(db, "قطار") == []
    assert _ids(search(db, "مترو")) == [mid]
    records.delete_row(db, Statement, detail.statements[1].row.id)
    assert search(db, "موزه") == []
    assert _ids(search(db, "مترو")) == [mid]


@pytest.mark.parametrize(
    ("model", "values", "query"),
    [
        (Meeting, {"title": "جلسه محرمانه ویژه", "date": DAY}, "محرمانه"),
        (Person, {"name": "ناصر فرهادی"}, "فرهادی"),
        (Organization, {"name": "اتاق بازرگانی"}, "بازرگانی"),
        (Partnership, {"partner_city": "بارسلون"}, "بارسلون"),
        (Visit, {"title": "هیئت ژاپنی"}, "ژاپنی"),
        (Action, {"title": "تمدید تفاهم‌نامه"}, "تمدید"),
    ],
)
def test_soft_deleted_records_are_not_found(
    db: Database, model: type, values: dict[str, object], query: str
) -> None:
    row = records.create_row(db, model, values)
    assert _ids(search(db, query)) == [row.id]
    records.delete_row(db, model, row.id)
    assert search(db, query) == []


@pytest.mark.parametrize("query", ["", "   ", "\u200c", "...", "«»؟،", "*", '"', "()", "ـــ"])
def test_empty_query_is_a_validation_error(db: Database, query: str) -> None:
    with pytest.raises(ValidationError) as info:
        search(db, query)
    assert info.value.msg_id == "search.empty"
    assert info.value.message("en") == "Give some text to search for."
    assert info.value.message("fa") == "متنی برای جست‌وجو بنویسید."


@pytest.mark.parametrize(
    "query",
    [
        "AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "NEAR(فلورانس بارسلون)",
        "NEAR",
        '"فلورانس',
        'فلورانس"',
        '"فلورانس" OR "بارسلون"',
        "فلور*",
        "*فلور",
        "(فلورانس",
        "فلورانس)",
        "title:فلورانس",
        "{title body}: فلورانس",
        "^فلورانس",
        "فلورانس + بارسلون",
        "فلورانس - بارسلون",
        "a'b",
        "€ ©",
        "😀",
        "x\x00y",
    ],
)
def test_fts_syntax_in_the_query_does_not_raise(
    corpus: tuple[Database, dict[str, uuid.UUID]], query: str
) -> None:
    db, ids = corpus
    hits = search(db, query)
    assert isinstance(hits, list)
    if "فلور" in query and "OR" not in query and "NEAR" not in query and ":" not in query:
        assert ids[BOTH_CITIES] in _ids(hits), query
        assert ids[CONTROL] not in _ids(hits), query
