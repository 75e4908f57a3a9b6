"""The dashboard's two small charts: my unit's follow-ups due this Jalali year by status
(overdue apart), and this year's visits by month, in and out.

Start-up paints them, so each figure is a COUNT over a covering index range
(migration 0008: follow-ups by unit, status and due date; visits by arrival), never a
scan of the follow-ups: a few milliseconds at 500,000 of them. Through Core
(``domain.core_tables``), so that painting them builds no SQLModel class (issue 16).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from peyvand.domain import core_tables as t
from peyvand.domain.enums import ActionStatus, Direction, VisitStatus
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.periods import jalali_year_range, months_between
from peyvand.storage.database import Database

OVERDUE = "overdue"  # not a status: open or in progress, past due


@dataclass(frozen=True)
class Bar:
    key: str  # a status value or OVERDUE; for months "YYYY-MM"
    label: str
    values: tuple[int, ...]  # one per series (visits: incoming, outgoing)
    start: dt.date | None = None  # the month's days (visits)
    end: dt.date | None = None


@dataclass(frozen=True)
class DashboardCharts:
    year_start: dt.date
    year_end: dt.date
    unit_id: uuid.UUID | None
    followups: list[Bar]
    visits: list[Bar]


def charts(
    db: Database, *, unit_id: uuid.UUID | None = None, clock: Clock = SYSTEM_CLOCK
) -> DashboardCharts:
    on = today(clock)
    first, last = jalali_year_range(on)
    yesterday = on - dt.timedelta(days=1)
    upcoming = max(on, first)
    a, v = t.action.c, t.visit.c

    def count(status: ActionStatus, low: dt.date, high: dt.date) -> Any:
        query = select(func.count()).select_from(t.action).where(
            a.deleted_at.is_(None),
            a.status == status.value,
            a.due_date >= low,
            a.due_date <= high,
        )
        if unit_id is not None:
            query = query.where(a.unit_id == unit_id)
        return query.scalar_subquery()

    late_to = min(yesterday, last)
    # Each figure stays a COUNT over its own index range, but all five travel in one
    # statement: on the office server every statement is a network round trip.
    figures = select(
        count(ActionStatus.OPEN, first, late_to),
        count(ActionStatus.IN_PROGRESS, first, late_to),
        count(ActionStatus.OPEN, upcoming, last),
        count(ActionStatus.IN_PROGRESS, upcoming, last),
        count(ActionStatus.DONE, first, last),
    )
    # The screen's shared snapshot when it reads together (services/snapshot.py).
    with db.read_connection() as conn:
        late_open, late_going, open_, going, done = (
            int(n) for n in conn.execute(figures).one()
        )
        late = late_open + late_going if yesterday >= first else 0
        followups = [
            # Labels are the screen's (tr); the months' names are the calendar's.
            Bar(OVERDUE, "", (late,)),
            Bar(ActionStatus.OPEN.value, "", (open_,)),
            Bar(ActionStatus.IN_PROGRESS.value, "", (going,)),
            Bar(ActionStatus.DONE.value, "", (done,)),
        ]
        rows = conn.execute(
            select(v.arrival, v.direction).where(
                v.deleted_at.is_(None),
                v.arrival >= first,
                v.arrival <= last,
                v.status != VisitStatus.CANCELLED.value,
            )
        ).all()
    months = months_between(first, last)
    incoming = [0] * len(months)
    outgoing = [0] * len(months)
    for arrival, direction in rows:
        n = next(i for i, m in enumerate(months) if m.start <= arrival <= m.end)
        if direction == Direction.OUTGOING:
            outgoing[n] += 1
        else:
            incoming[n] += 1
    visits = [
        Bar(f"{m.year:04d}-{m.month:02d}", m.name, (incoming[n], outgoing[n]), m.start, m.end)
        for n, m in enumerate(months)
    ]
    return DashboardCharts(first, last, unit_id, followups, visits)
