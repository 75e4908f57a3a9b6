"""The demo database: the seed meeting of ۱۶ بهمن ۱۳۹۹ in full, and a lively sample office."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from peyvand.domain import (
    Action,
    ActionNote,
    Decision,
    Gift,
    ItineraryItem,
    Meeting,
    Organization,
    Partnership,
    Person,
    Statement,
    Unit,
    Visit,
    VisitMember,
)
from peyvand.domain.enums import (
    ActionStatus,
    Classification,
    Direction,
    GiftDirection,
    MeetingKind,
    ParticipantRole,
    PartnershipKind,
    PartnershipStatus,
    Side,
    VisitStatus,
)
from peyvand.domain.errors import PeyvandError
from peyvand.services import actions, dashboard, demo, meetings, partnerships, records
from peyvand.services.clock import FixedClock, today
from peyvand.services.demo import DemoSummary, load_demo
from peyvand.services.search import search
from peyvand.storage.database import Database
from peyvand.text import to_latin_digits

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC))
TODAY = dt.date(2026, 11, 26)
SEED_DATE = dt.date(2021, 2, 4)

MAYOR = ("قدرت اله نوروزی", "شهردار اصفهان", "Ghodratollah Nowroozi")
SAJJADI = (
    "سید کاظم سجادی",
    "معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه",
    "Seyed Kazem Sajjadi",
)
HOJJATI = (
    "ایمان حجتی",
    "مدیرکل ارتباطات و امور بین\u200cالملل شهرداری اصفهان",
    "Iman Hojjati",
)


@pytest.fixture(scope="module")
def loaded(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo database for the whole module: loading is the slow part."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PEYVAND_DATA_DIR", str(tmp_path_factory.mktemp("demo-data")))
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(migrated_template, path)
        database = Database.open(path)
        try:
            yield database, load_demo(database, clock=CLOCK)
        finally:
            database.close()


@pytest.fixture
def demo_db(loaded: tuple[Database, DemoSummary]) -> Database:
    return loaded[0]


@pytest.fixture
def summary(loaded: tuple[Database, DemoSummary]) -> DemoSummary:
    return loaded[1]


def _live(session: Session, model: Any) -> list[Any]:
    """Live rows of ``model`` as plain, detached rows (usable after the session ends)."""
    return records.rows(list(session.exec(select(model).where(col(model.deleted_at).is_(None)))))


def _statements_of(demo_db: Database, meeting_id: uuid.UUID) -> dict[str, str]:
    """All statements of a meeting, joined per speaker name, digits made Latin."""
    detail = meetings.get_detail(demo_db, meeting_id)
    by_speaker: dict[str, list[str]] = {}
    for statement in detail.statements:
        by_speaker.setdefault(statement.speaker, []).append(to_latin_digits(statement.row.text))
    return {name: "\n".join(texts) for name, texts in by_speaker.items()}


# --------------------------------------------------------------------------------------
# The seed meeting
# --------------------------------------------------------------------------------------


def test_seed_meeting_header(demo_db: Database, summary: DemoSummary) -> None:
    detail = meetings.get_detail(demo_db, summary.seed_meeting_id)
    meeting = detail.meeting
    assert meeting.date == SEED_DATE
    assert meeting.title == demo.SEED_TITLE
    assert meeting.start_time == dt.time(10, 0)
    assert meeting.end_time == dt.time(11, 30)
    assert meeting.place == "ساختمان مرکزی شهرداری اصفهان"
    assert meeting.kind == MeetingKind.OFFICIAL
    assert meeting.classification == Classification.NORMAL
    assert meeting.number == "1399-001"
    with demo_db.reading() as session:
        assert meeting.organization_id is not None
        org = session.get(Organization, meeting.organization_id)
        assert org is not None
        assert (org.name, org.name_en) == ("وزارت امور خارجه", "Ministry of Foreign Affairs")
    assert len(detail.agenda) >= 3


def test_seed_participants_names_titles_and_sides(demo_db: Database, summary: DemoSummary) -> None:
    detail = meetings.get_detail(demo_db, summary.seed_meeting_id)
    seen = {p.name: (p.title, p.organization, p.row.side, p.row.role) for p in detail.participants}
    assert seen == {
        MAYOR[0]: (MAYOR[1], "شهرداری اصفهان", Side.HOST, ParticipantRole.CHAIR),
        HOJJATI[0]: (HOJJATI[1], "شهرداری اصفهان", Side.HOST, ParticipantRole.SPEAKER),
        SAJJADI[0]: (SAJJADI[1], "وزارت امور خارجه", Side.GUEST, ParticipantRole.SPEAKER),
    }
    with demo_db.reading() as session:
        latin = {p.name: p.name_latin for p in _live(session, Person)}
        english = {p.name: p.title_en for p in _live(session, Person)}
    for name, _title, name_latin in (MAYOR, SAJJADI, HOJJATI):
        assert latin[name] == name_latin
        assert english[name]
    assert english[MAYOR[0]] == "Mayor of Isfahan"


def test_seed_statements_cover_the_report(demo_db: Database, summary: DemoSummary) -> None:
    said = _statements_of(demo_db, summary.seed_meeting_id)
    assert set(said) == {MAYOR[0], SAJJADI[0], HOJJATI[0]}
    mayor, sajjadi, hojjati = said[MAYOR[0]], said[SAJJADI[0]], said[HOJJATI[0]]

    # The mayor.
    for fact in (
        "دیپلماسی عمومی",
        "شهر جهانی",
        "نمایشگاه بین\u200cالمللی",
        "حلقه چهارم",
        "سالن اجلاس سران",
        "700 میلیارد تومان",
        "300 میلیارد تومان",
        "حلقه حفاظتی",
        "اتاق بازرگانی اصفهان",
        "منطقه دیپلماتیک",
        "یونیسف",
        "UNICEF",
        "حیدرآباد",
        "چهاردهمین شهر خواهرخوانده",
        "فرانسه",
        "شهروند دیپلمات",
        "رتبه نخست",
        "دوشنبه",
        "740 میلیارد تومان",
        "زاینده\u200cرود",
        "آلودگی هوا",
    ):
        assert fact in mayor, fact
    # The deputy minister.
    for fact in (
        "تبریک",
        "آینده\u200cنگری",
        "بی\u200cنظیر",
        "نمایشگاه تهران",
        "خواهرخوانده\u200cها",
        "استانداری\u200cها",
        "کشورهای همسایه",
        "وبینار",
        "کنسرسیوم علمی و پزشکی",
        "بازوی کمکی",
        "سه میلیون ایرانی",
        "معاونت دیپلماسی اقتصادی",
        "فراکسیون ایرانیان مقیم خارج",
        "مدیرکل ارتقا",
        "سفیران",
        "درخواست",
        "دفتر نمایندگی",
    ):
        assert fact in sajjadi, fact
    # The director general.
    for fact in (
        "مهر 1398",
        "خواهرخواندگی",
        "کم\u200cفروغ",
        "فلورانس",
        "کوالالامپور",
        "بارسلون",
        "غیرحضوری",
        "تیر 1399",
        "فراخوان",
        "دی\u200cماه",
        "دو نمایشگاه در چین",
        "ملزومات",
        "مشارکت شهروندان",
        "تسهیل\u200cگران",
        "همکاری\u200cهای اقتصادی",
        "استادان دانشگاه",
        "تجار",
        "فعالان اجتماعی و رسانه\u200cای",
    ):
        assert fact in hojjati, fact


def test_seed_decisions_become_follow_ups(demo_db: Database, summary: DemoSummary) -> None:
    detail = meetings.get_detail(demo_db, summary.seed_meeting_id)
    decisions = [d.row for d in detail.decisions]
    assert [d.number for d in decisions] == list(range(1, len(decisions) + 1))
    assert len(decisions) >= 6
    assert all(d.owner_person_id and d.owner_unit_id for d in decisions)
    assert all(d.due_date is not None and d.due_date > SEED_DATE for d in decisions)
    assert all(view.owner == HOJJATI[0] for view in detail.decisions)
    texts = "\n".join(d.text for d in decisions)
    for topic in (
        "حیدرآباد",
        "دفتر نمایندگی",
        "سرمایه\u200cگذاری",
        "منطقه دیپلماتیک",
        "شهروند دیپلمات",
        "فلورانس",
    ):
        assert topic in texts, topic

    with demo_db.reading() as session:
        follow_ups = [
            a for a in _live(session, Action) if a.source_decision_id in {d.id for d in decisions}
        ]
        assert len(follow_ups) == len(decisions)
        done = [a for a in follow_ups if a.status == ActionStatus.DONE]
        still_open = [a for a in follow_ups if not ActionStatus(a.status).is_closed]
        assert len(done) >= len(decisions) - 2
        assert still_open
        for action in done:
            # Closed back then, with a dated history of progress notes.
            assert action.completed_on is not None
            assert action.completed_on.year == 2021
            notes = [n for n in _live(session, ActionNote) if n.action_id == action.id]
            assert notes
            assert all(n.noted_at.year == 2021 for n in notes)
            assert any(n.status_to == ActionStatus.DONE for n in notes)
        assert all(a.number.startswith("1399-") for a in follow_ups)


def test_seed_sister_cities(demo_db: Database) -> None:
    with demo_db.reading() as session:
        by_city = {p.partner_city: p for p in _live(session, Partnership)}
        for city, city_en in (
            ("فلورانس", "Florence"),
            ("کوالالامپور", "Kuala Lumpur"),
            ("بارسلون", "Barcelona"),
        ):
            partnership = by_city[city]
            assert partnership.partner_city_en == city_en
            assert partnership.kind == PartnershipKind.SISTER_CITY
            assert partnership.status == PartnershipStatus.ACTIVE
            assert partnership.ordinal is None
            assert "کم\u200cفروغ" in partnership.notes
            assert partnership.organization_id is not None
        hyderabad = by_city["حیدرآباد"]
        assert hyderabad.partner_city_en == "Hyderabad"
        assert hyderabad.kind == PartnershipKind.SISTER_CITY
        assert hyderabad.status == PartnershipStatus.PENDING
        assert hyderabad.ordinal == 14
        assert hyderabad.organization_id is not None


@pytest.mark.parametrize("query", ["خواهرخواندگي", "خواهر خوانده", "خواهرخوانده", "یونیسف"])
def test_search_finds_the_seed_meeting(demo_db: Database, summary: DemoSummary, query: str) -> None:
    hits = search(demo_db, query)
    assert any(h.entity == "meeting" and h.entity_id == summary.seed_meeting_id for h in hits), [
        h.title for h in hits
    ]


# --------------------------------------------------------------------------------------
# The sample office
# --------------------------------------------------------------------------------------


def test_summary_counts_meet_the_minimums_and_match_the_database(
    demo_db: Database, summary: DemoSummary
) -> None:
    assert summary.partnerships >= 5
    assert summary.agreements >= 3
    assert summary.visits >= 5
    assert summary.meetings >= 10
    assert summary.actions >= 30
    assert summary.action_notes >= summary.actions // 2
    assert summary.gifts >= 4
    assert summary.attachments >= 1
    with demo_db.engine.connect() as conn:
        for kind, table in (
            ("units", "unit"),
            ("people", "person"),
            ("visits", "visit"),
            ("meetings", "meeting"),
            ("actions", "action"),
            ("itinerary_items", "itinerary_item"),
        ):
            count = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert summary.counts[kind] == count, kind


def test_visits_both_directions_with_members_itinerary_logistics_and_gifts(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        visits = _live(session, Visit)
        members = _live(session, VisitMember)
        items = _live(session, ItineraryItem)
        gifts = _live(session, Gift)
    assert len(visits) >= 5
    assert {v.direction for v in visits} == {Direction.INCOMING, Direction.OUTGOING}
    assert {VisitStatus.DONE, VisitStatus.PLANNED} <= {v.status for v in visits}
    for visit in visits:
        mine = [m for m in members if m.visit_id == visit.id]
        assert sum(m.is_head for m in mine) == 1, visit.title
        assert {m.side for m in mine} == {Side.HOST, Side.GUEST}, visit.title
        days = {i.day for i in items if i.visit_id == visit.id}
        assert len(days) >= 2, visit.title
        assert visit.arrival is not None and visit.departure is not None
        assert all(visit.arrival <= d <= visit.departure for d in days), visit.title
        assert visit.title_en and visit.hotel and visit.transport and visit.interpreter
        assert visit.security
    for item in items:
        assert item.start_time is not None
        assert item.place and item.place_en and item.activity and item.activity_en
        assert item.hosts and item.hosts_en
    assert {g.direction for g in gifts} == {GiftDirection.GIVEN, GiftDirection.RECEIVED}


def test_a_guest_who_already_received_a_gift_comes_again(demo_db: Database) -> None:
    with demo_db.reading() as session:
        visits = {v.id: v for v in _live(session, Visit)}
        given = [g for g in _live(session, Gift) if g.direction == GiftDirection.GIVEN]
        members = _live(session, VisitMember)
    upcoming = {v.id for v in visits.values() if v.arrival is not None and v.arrival > TODAY}
    past = {v.id for v in visits.values() if v.arrival is not None and v.arrival < TODAY}
    returning = {g.person_id for g in given if g.visit_id in past} & {
        m.person_id for m in members if m.visit_id in upcoming
    }
    assert returning


def test_meetings_are_varied(demo_db: Database) -> None:
    with demo_db.reading() as session:
        all_meetings = _live(session, Meeting)
        statements = _live(session, Statement)
        decisions = _live(session, Decision)
    assert len(all_meetings) >= 10
    assert any(m.classification == Classification.CONFIDENTIAL for m in all_meetings)
    assert any(m.is_final for m in all_meetings)
    assert sum(m.visit_id is not None for m in all_meetings) >= 3
    assert len({m.kind for m in all_meetings}) >= 4
    past = [m for m in all_meetings if m.date < TODAY]
    assert all(any(s.meeting_id == m.id for s in statements) for m in past)
    assert all(any(d.meeting_id == m.id for d in decisions) for m in past)
    upcoming = [m for m in all_meetings if TODAY <= m.date <= TODAY + dt.timedelta(days=30)]
    assert len(upcoming) >= 2


def test_dashboard_is_alive(demo_db: Database) -> None:
    overdue = actions.overdue(demo_db, clock=CLOCK)
    due_soon = actions.due_soon(demo_db, clock=CLOCK)
    dormant = partnerships.dormant(demo_db, clock=CLOCK)
    assert len(overdue) >= 3
    assert len(due_soon) >= 3
    assert dormant
    assert all(
        p.last_contact is None or p.last_contact < TODAY - dt.timedelta(days=365) for p in dormant
    )
    board = dashboard.summary(demo_db, clock=CLOCK)
    assert board.upcoming_visits
    assert board.upcoming_meetings


def test_actions_are_varied(demo_db: Database) -> None:
    with demo_db.reading() as session:
        rows = _live(session, Action)
        notes = _live(session, ActionNote)
    assert len(rows) >= 30
    statuses = {a.status for a in rows}
    assert {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE} <= statuses
    assert len({a.priority for a in rows}) == 4
    assert len({a.unit_id for a in rows}) >= 4
    assert len({a.owner_person_id for a in rows}) >= 5
    assert any(a.source_visit_id is not None and a.source_decision_id is None for a in rows)
    noted = {n.action_id for n in notes}
    done = [a for a in rows if a.status == ActionStatus.DONE]
    assert len(done) >= 8
    assert all(a.id in noted for a in done)
    assert all(a.completed_on is not None and a.completed_on <= TODAY for a in done)
    assert all(n.noted_at <= CLOCK.now() for n in notes)


def test_people_have_contacts_protocol_notes_and_tags(demo_db: Database) -> None:
    with demo_db.reading() as session:
        people = _live(session, Person)
    tags = {tag for p in people for tag in p.tags}
    assert {"نمونه", "شهروند دیپلمات", "ایرانی مقیم خارج"} <= tags
    assert sum(bool(p.email) for p in people) >= 5
    assert sum(bool(p.phone) for p in people) >= 3
    assert sum(bool(p.protocol_notes) for p in people) >= 3
    assert sum(bool(p.languages) for p in people) >= 5
    seed_names = {MAYOR[0], SAJJADI[0], HOJJATI[0]}
    # Every invented person is marked as sample data.
    assert all("نمونه" in p.tags for p in people if p.name not in seed_names)


def test_load_twice_is_refused_and_changes_nothing(demo_db: Database) -> None:
    tables = (
        "unit",
        "organization",
        "person",
        "partnership",
        "visit",
        "meeting",
        "statement",
        "decision",
        "action",
        "action_note",
        "audit_event",
        "search_doc",
    )

    def counts() -> dict[str, int]:
        with demo_db.engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}

    before = counts()
    with pytest.raises(PeyvandError) as caught:
        load_demo(demo_db, clock=CLOCK)
    assert caught.value.msg_id == "db.not_empty"
    assert caught.value.params == {"path": str(demo_db.path)}
    assert counts() == before


def test_any_non_empty_database_is_refused(db: Database) -> None:
    with db.session() as session:
        records.create(session, Unit, {"name": "واحد آزمایشی"})
    with pytest.raises(PeyvandError) as caught:
        load_demo(db, clock=CLOCK)
    assert caught.value.msg_id == "db.not_empty"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM meeting")).scalar_one() == 0


def test_fictional_dates_follow_the_clock(db: Database) -> None:
    later = FixedClock(dt.datetime(2031, 3, 20, 6, 0, tzinfo=dt.UTC))
    summary = load_demo(db, clock=later)
    assert meetings.get_detail(db, summary.seed_meeting_id).meeting.date == SEED_DATE
    board = dashboard.summary(db, clock=later)
    assert board.today == today(later)
    assert board.overdue and board.due_soon and board.dormant
    assert board.upcoming_visits and board.upcoming_meetings


# --------------------------------------------------------------------------------------
# The text of the data tables themselves
# --------------------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


DATA_TABLES = (
    demo.UNITS,
    demo.ORGANIZATIONS,
    demo.PEOPLE,
    demo.PARTNERSHIPS,
    demo.AGREEMENTS,
    demo.VISITS,
    demo.VISIT_ACTIONS,
    demo.SEED_MEETING,
    demo.MEETINGS,
    demo.ATTACHMENTS,
)

# Spellings that need a ZWNJ (نیم‌فاصله), written with a space or glued instead.
_MISSPELT = re.compile(
    r"(^|\s)(ن?می|بی) |بین الملل|بین‌ الملل| ها(\s|$)| های(\s|$)|تفاهم نامه|پیش نویس"
)


def test_data_text_is_clean_persian() -> None:
    texts = [s for table in DATA_TABLES for s in _strings(table)]
    assert texts
    for s in texts:
        assert "\u064a" not in s and "\u0643" not in s, s  # Arabic yeh / kaf
        assert "  " not in s and not s.startswith(" ") and not s.endswith(" "), s
        assert not _MISSPELT.search(s), s
        if re.search("[\u0600-\u06ff]", s) and not re.search("https?://|@", s):
            # Persian prose uses Persian digits (Latin digits belong to Latin text).
            assert not re.search(r"[0-9]", s), s
