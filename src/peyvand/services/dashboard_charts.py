"""The dashboard's two small charts: my unit's follow-ups due this Jalali year by status
(overdue apart), and this year's visits by month, in and out.

Start-up paints them, so each figure is a COUNT over a covering index range
(migration 0008: follow-ups by unit, status and due date; visits by arrival), never a
scan of the follow-ups: a few milliseconds at 500,000 of them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from peyvand.domain import Action, Visit
from peyvand.domain.enums import ActionStatus, Direction, VisitStatus
from peyvand.services.activity import jalali_year_range, months_between
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
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

    def count(status: ActionStatus, low: dt.date, high: dt.date) -> Any:
        query = select(func.count()).select_from(Action).where(
            col(Action.deleted_at).is_(None),
            col(Action.status) == status.value,
            col(Action.due_date) >= low,
            col(Action.due_date) <= high,
        )
        if unit_id is not None:
            query = query.where(col(Action.unit_id) == unit_id)
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
    with db.reading() as session:
        late_open, late_going, open_, going, done = (
            int(n) for n in session.execute(figures).one()
        )
        late = late_open + late_going if yesterday >= first else 0
        followups = [
            # Labels are the screen's (tr); the months' names are the calendar's.
            Bar(OVERDUE, "", (late,)),
            Bar(ActionStatus.OPEN.value, "", (open_,)),
            Bar(ActionStatus.IN_PROGRESS.value, "", (going,)),
            Bar(ActionStatus.DONE.value, "", (done,)),
        ]
        rows = session.execute(
            select(col(Visit.arrival), col(Visit.direction)).where(
                col(Visit.deleted_at).is_(None),
                col(Visit.arrival) >= first,
                col(Visit.arrival) <= last,
                col(Visit.status) != VisitStatus.CANCELLED.value,
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
