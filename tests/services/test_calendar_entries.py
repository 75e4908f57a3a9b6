"""The calendar's range query: each kind on its days, filters, overdue, and only the
range asked for is read (through indexes)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import event

from peyvand.domain import ItineraryItem, Meeting, Partnership, Person, Unit, Visit, VisitMember
from peyvand.domain.enums import ActionStatus, Classification, Direction
from peyvand.domain.errors import ConflictError
from peyvand.services import actions, meetings, records
from peyvand.services.calendar_entries import (
    CalendarFilter,
    EntryKind,
    by_day,
    entries,
    partners,
    view,
)
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))  # 1405/09/05
TODAY = dt.date(2026, 11, 26)
MONTH = (dt.date(2026, 11, 22), dt.date(2026, 12, 21))  # آذر ۱۴۰۵


def _create(db: Database, model: type, **values: object) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, model, values, clock=CLOCK).id  # type: ignore[arg-type]


@pytest.fixture
def office(db: Database) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    ids["unit"] = _create(db, Unit, name="واحد همکاری‌ها")
    ids["other_unit"] = _create(db, Unit, name="واحد تشریفات")
    ids["staff"] = _create(db, Person, name="کارشناس نمونه", unit_id=ids["unit"])
    ids["florence"] = _create(db, Partnership, partner_city="فلورانس", partner_country="ایتالیا")
    ids["visit"] = _create(
        db, Visit, title="هیئت فلورانس", arrival=dt.date(2026, 11, 20),
        departure=dt.date(2026, 11, 24), partnership_id=ids["florence"],
        direction=Direction.INCOMING,
    )  # fmt: skip
    _create(db, VisitMember, visit_id=ids["visit"], person_id=ids["staff"])
    ids["long_visit"] = _create(
        db, Visit, title="سفر طولانی", arrival=dt.date(2026, 9, 1), departure=dt.date(2027, 1, 5)
    )
    ids["day_visit"] = _create(db, Visit, title="بازدید یک‌روزه", arrival=dt.date(2026, 12, 21))
    _create(db, Visit, title="هیئت بعدی", arrival=dt.date(2026, 12, 22))
    ids["item"] = _create(
        db, ItineraryItem, visit_id=ids["visit"], day=dt.date(2026, 11, 23),
        start_time=dt.time(9, 30), activity="بازدید از میدان نقش جهان",
    )  # fmt: skip
    ids["meeting"] = _create(
        db, Meeting, title="جلسه با فلورانس", date=dt.date(2026, 11, 23),
        start_time=dt.time(10, 0), partnership_id=ids["florence"],
    )  # fmt: skip
    ids["secret"] = _create(
        db, Meeting, title="جلسه سری", date=dt.date(2026, 11, 30),
        classification=Classification.SECRET,
    )  # fmt: skip
    ids["late"] = actions.create_action(
        db, {"title": "پیگیری معوق", "due_date": dt.date(2026, 11, 24), "unit_id": ids["unit"],
             "source_visit_id": ids["visit"]}, clock=CLOCK,
    ).id  # fmt: skip
    ids["soon"] = actions.create_action(
        db, {"title": "پیگیری پیش رو", "due_date": dt.date(2026, 12, 1),
             "unit_id": ids["other_unit"]}, clock=CLOCK,
    ).id  # fmt: skip
    ids["done"] = actions.create_action(
        db, {"title": "پیگیری انجام‌شده", "due_date": dt.date(2026, 11, 23)}, clock=CLOCK
    ).id
    actions.change_status(db, ids["done"], ActionStatus.DONE, "انجام شد", clock=CLOCK)
    actions.create_action(db, {"title": "ماه بعد", "due_date": dt.date(2026, 12, 22)}, clock=CLOCK)
    return ids


def test_a_month_holds_each_kind_on_its_days(db: Database, office: dict[str, uuid.UUID]) -> None:
    found = entries(db, *MONTH, clock=CLOCK)
    titles = {e.title for e in found}
    assert titles == {
        "هیئت فلورانس", "سفر طولانی", "بازدید یک‌روزه", "بازدید از میدان نقش جهان",
        "جلسه با فلورانس", "جلسه سری", "پیگیری معوق", "پیگیری پیش رو", "پیگیری انجام‌شده",
    }  # fmt: skip
    kinds = {e.title: e.kind for e in found}
    assert kinds["بازدید از میدان نقش جهان"] == EntryKind.ITINERARY
    item = next(e for e in found if e.kind == EntryKind.ITINERARY)
    assert (item.entity, item.record_id, item.item_id) == ("visit", office["visit"], office["item"])
    late = next(e for e in found if e.title == "پیگیری معوق")
    assert late.overdue and not late.closed and late.entity == "action"
    done = next(e for e in found if e.title == "پیگیری انجام‌شده")
    assert done.closed and not done.overdue
    assert not next(e for e in found if e.title == "پیگیری پیش رو").overdue
    visit = next(e for e in found if e.title == "هیئت فلورانس")
    assert (visit.start, visit.end) == (dt.date(2026, 11, 20), dt.date(2026, 11, 24))
    meeting = next(e for e in found if e.kind == EntryKind.MEETING and e.title == "جلسه با فلورانس")
    assert meeting.start_time == dt.time(10, 0)


def test_visits_span_every_day_they_cover(db: Database, office: dict[str, uuid.UUID]) -> None:
    days = [MONTH[0] + dt.timedelta(days=n) for n in range(30)]
    grid = by_day(entries(db, *MONTH, clock=CLOCK), days)
    long_days = [d for d, items in grid.items() if any(e.title == "سفر طولانی" for e in items)]
    assert long_days == days
    florence = [d for d, items in grid.items() if any(e.title == "هیئت فلورانس" for e in items)]
    assert florence == [dt.date(2026, 11, 22), dt.date(2026, 11, 23), dt.date(2026, 11, 24)]


def test_filters_by_kind_unit_and_partner(db: Database, office: dict[str, uuid.UUID]) -> None:
    only = entries(db, *MONTH, CalendarFilter(kinds=frozenset({EntryKind.DEADLINE})), clock=CLOCK)
    assert {e.kind for e in only} == {EntryKind.DEADLINE}
    unit = entries(db, *MONTH, CalendarFilter(unit_id=office["unit"]), clock=CLOCK)
    # The unit's follow-up, and the visit (with its programme) a member of the unit is on.
    assert {e.title for e in unit} == {"پیگیری معوق", "هیئت فلورانس", "بازدید از میدان نقش جهان"}
    partner = entries(db, *MONTH, CalendarFilter(partnership_id=office["florence"]), clock=CLOCK)
    assert {e.title for e in partner} == {
        "هیئت فلورانس", "بازدید از میدان نقش جهان", "جلسه با فلورانس", "پیگیری معوق",
    }  # fmt: skip
    assert [c.label for c in partners(db)] == ["فلورانس"]


def test_classified_records_can_be_left_out(db: Database, office: dict[str, uuid.UUID]) -> None:
    found = entries(db, *MONTH, CalendarFilter(include_classified=False), clock=CLOCK)
    assert "جلسه سری" not in {e.title for e in found}
    assert all(not e.classified for e in found)


def test_reversed_or_empty_ranges(db: Database, office: dict[str, uuid.UUID]) -> None:
    assert entries(db, MONTH[1], MONTH[0], clock=CLOCK) == entries(db, *MONTH, clock=CLOCK)
    assert entries(db, dt.date(2030, 1, 1), dt.date(2030, 1, 31), clock=CLOCK) == []


def test_deleted_records_are_not_on_the_calendar(
    db: Database, office: dict[str, uuid.UUID]
) -> None:
    records.delete_row(db, Meeting, office["meeting"])
    assert "جلسه با فلورانس" not in {e.title for e in entries(db, *MONTH, clock=CLOCK)}


def test_reschedule_moves_a_meeting_and_keeps_the_final_lock(
    db: Database, office: dict[str, uuid.UUID]
) -> None:
    moved = meetings.reschedule(db, office["meeting"], dt.date(2026, 11, 25), expected_revision=1)
    assert moved.date == dt.date(2026, 11, 25) and moved.revision == 2
    with pytest.raises(ConflictError) as stale:
        meetings.reschedule(db, office["meeting"], dt.date(2026, 11, 26), expected_revision=1)
    assert stale.value.msg_id == "record.stale"
    meetings.finalize(db, office["meeting"], clock=CLOCK)
    with pytest.raises(ConflictError) as final:
        meetings.reschedule(db, office["meeting"], dt.date(2026, 11, 27))
    assert final.value.msg_id == "meeting.final"
    assert records.get_row(db, Meeting, office["meeting"]).date == dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("visit", "ix_visit_live_departure"),
        ("itinerary_item", "ix_itinerary_item_live_day"),
        ("meeting", "ix_meeting_live_date"),
        ("action", "ix_action_live_due_date"),
    ],
)
def test_each_range_query_uses_its_index(
    db: Database, office: dict[str, uuid.UUID], table: str, index: str
) -> None:
    """The statements the service sends, explained by SQLite: no full scan of a table."""
    captured: list[str] = []
    def grab(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append(statement)

    event.listen(db.read_engine, "before_cursor_execute", grab)
    try:
        entries(db, *MONTH, clock=CLOCK)
    finally:
        event.remove(db.read_engine, "before_cursor_execute", grab)
    statement = next(s for s in captured if f"FROM {table}" in s)
    with db.read_engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        params = ["2026-11-22"] * statement.count("?")
        plan = raw.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
    details = " | ".join(str(row[3]) for row in plan)
    assert index in details, details
    assert f"SCAN {table}" not in details, details


def test_view_reads_a_few_a_day_and_counts_the_rest(
    db: Database, office: dict[str, uuid.UUID]
) -> None:
    day = dt.date(2026, 12, 5)
    for n in range(7):
        actions.create_action(db, {"title": f"انبوه {n}", "due_date": day}, clock=CLOCK)
    done = actions.create_action(db, {"title": "بسته", "due_date": day}, clock=CLOCK).id
    actions.change_status(db, done, ActionStatus.DONE, "انجام شد", clock=CLOCK)
    for n in range(4):
        _create(db, Meeting, title=f"جلسه {n}", date=day, start_time=dt.time(9 + n))
    shown = view(db, *MONTH, clock=CLOCK, per_day=3)
    that_day = [e for e in shown.entries if e.start == day]
    deadlines = [e for e in that_day if e.kind == EntryKind.DEADLINE]
    meetings_shown = [e for e in that_day if e.kind == EntryKind.MEETING]
    assert len(deadlines) == 3 and not any(e.closed for e in deadlines)  # open ones first
    assert [e.title for e in meetings_shown] == ["جلسه 0", "جلسه 1", "جلسه 2"]  # by time
    assert shown.more[day] == (8 - 3) + (4 - 3)
    # Everything else is the same as entries().
    full = entries(db, *MONTH, clock=CLOCK)
    assert len(shown.entries) + sum(shown.more.values()) == len(full)
