"""The dashboard (پیشخوان): overdue, due soon, upcoming visits and meetings, dormant."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from peyvand.domain import Meeting, Partnership, Visit
from peyvand.domain.enums import ActionStatus, VisitStatus
from peyvand.services import actions, dashboard, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

# 2026-11-25 21:00 UTC is already 2026-11-26 (00:30) in Tehran.
CLOCK = FixedClock(dt.datetime(2026, 11, 25, 21, 0, tzinfo=dt.UTC))
TODAY = dt.date(2026, 11, 26)


def _day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def _visit(db: Database, title: str, arrival: dt.date | None, **extra: object) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, Visit, {"title": title, "arrival": arrival, **extra}).id


def _meeting(db: Database, title: str, day: dt.date, **extra: object) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, Meeting, {"title": title, "date": day, **extra}).id


def _action(db: Database, title: str, due: dt.date) -> uuid.UUID:
    return actions.create_action(db, {"title": title, "due_date": due}, clock=CLOCK).id


def test_empty_database_gives_an_empty_dashboard(db: Database) -> None:
    board = dashboard.summary(db, clock=CLOCK)
    assert board.today == TODAY
    assert board.overdue == []
    assert board.due_soon == []
    assert board.upcoming_visits == []
    assert board.upcoming_meetings == []
    assert board.dormant == []


def test_today_is_tehran_today(db: Database) -> None:
    assert dashboard.summary(db, clock=CLOCK).today == TODAY
    early = FixedClock(dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.UTC))
    assert dashboard.summary(db, clock=early).today == dt.date(2026, 11, 25)


def test_overdue_and_due_soon_actions(db: Database) -> None:
    late = _action(db, "دیرکرد", _day(-1))  # due 2026-11-25: overdue in Tehran already
    soon = _action(db, "نزدیک", _day(7))
    _action(db, "دور", _day(8))
    done = _action(db, "انجام‌شده", _day(-10))
    actions.change_status(db, done, ActionStatus.DONE, "تمام شد", clock=CLOCK)
    board = dashboard.summary(db, clock=CLOCK)
    assert [v.id for v in board.overdue] == [late]
    assert [v.id for v in board.due_soon] == [soon]


def test_upcoming_visits_within_thirty_days(db: Database) -> None:
    today = _visit(db, "امروز", _day(0))
    last = _visit(db, "روز سی‌ام", _day(30))
    soon = _visit(db, "هفته بعد", _day(7))
    _visit(db, "روز سی‌ویکم", _day(31))
    _visit(db, "دیروز", _day(-1))
    _visit(db, "بی‌تاریخ", None)
    _visit(db, "لغوشده", _day(3), status=VisitStatus.CANCELLED)
    gone = _visit(db, "حذف‌شده", _day(4))
    records.delete_row(db, Visit, gone)
    board = dashboard.summary(db, clock=CLOCK)
    assert [v.id for v in board.upcoming_visits] == [today, soon, last]


def test_upcoming_meetings_within_thirty_days_in_time_order(db: Database) -> None:
    afternoon = _meeting(db, "عصر", _day(2), start_time=dt.time(16, 0))
    morning = _meeting(db, "صبح", _day(2), start_time=dt.time(9, 0))
    today = _meeting(db, "امروز", _day(0))
    last = _meeting(db, "روز سی‌ام", _day(30))
    _meeting(db, "روز سی‌ویکم", _day(31))
    _meeting(db, "دیروز", _day(-1))
    gone = _meeting(db, "حذف‌شده", _day(5))
    records.delete_row(db, Meeting, gone)
    board = dashboard.summary(db, clock=CLOCK)
    assert [m.id for m in board.upcoming_meetings] == [today, morning, afternoon, last]


def test_dormant_partnerships_on_the_dashboard(db: Database) -> None:
    with db.session() as session:
        quiet = records.create(session, Partnership, {"partner_city": "حیدرآباد"})
        busy = records.create(session, Partnership, {"partner_city": "فلورانس"})
    _meeting(db, "دیدار", _day(-40), partnership_id=busy.id)
    board = dashboard.summary(db, clock=CLOCK)
    assert [p.id for p in board.dormant] == [quiet.id]
    # With a one-month threshold, the 40-day-old meeting is too old as well.
    board = dashboard.summary(db, clock=CLOCK, dormancy_months=1)
    assert {p.id for p in board.dormant} == {quiet.id, busy.id}


def test_my_tasks_count_what_the_follow_ups_list_counts(db: Database) -> None:
    from peyvand.domain import Person, Unit
    from peyvand.services import lists

    with db.session() as session:
        unit = records.create(session, Unit, {"name": "امور بین‌الملل"})
        me = records.create(session, Person, {"name": "مریم احمدی", "unit_id": unit.id})
    mine = [
        actions.create_action(
            db, {"title": f"کار {n}", "due_date": _day(n), "owner_person_id": me.id}, clock=CLOCK
        ).id
        for n in range(3)
    ]
    actions.create_action(db, {"title": "کار واحد", "unit_id": unit.id}, clock=CLOCK)
    _action(db, "کار دیگران", _day(1))
    actions.change_status(db, mine[0], ActionStatus.DONE, "تمام شد", clock=CLOCK)
    for filters in ({"owner_person_id": me.id}, {"unit_id": unit.id}):
        listed = lists.count(
            db, lists.ListQuery("actions", filters={"status": dashboard.OPEN_STATUSES, **filters})
        )
        assert dashboard.open_followups(db, **filters) == listed  # type: ignore[arg-type]
    assert dashboard.open_followups(db, owner_person_id=me.id) == 2
