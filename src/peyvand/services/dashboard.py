"""The dashboard (پیشخوان): what needs attention today.

It is the first screen painted at start-up, so it reads through Core
(``domain.core_tables``) and returns exactly what the screen paints — the id to open,
the short number, the date, the title, an owner's name — as small frozen rows: no
SQLModel class is built and no ORM object loaded before the window shows (issue 16).
The rules are the same as the lists' (open follow-ups, due within 7 days, upcoming
visits and meetings, dormant partnerships: services/last_contact.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, String, cast, func, select

from peyvand.domain import core_tables as t
from peyvand.domain.enums import ActionStatus, VisitStatus
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.last_contact import (
    DEFAULT_DORMANCY_MONTHS,
    contacts_at_export,
    effective_last_contact,
    is_dormant,
    last_contact_sql,
)
from peyvand.storage.database import Database

UPCOMING_DAYS = 30
DUE_SOON_DAYS = 7  # the same as services.actions.DUE_SOON_DAYS (a test keeps them equal)
OPEN_STATUSES = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    id: uuid.UUID
    number: str
    title: str
    due_date: dt.date | None
    owner: str  # the owner's name, or ""


@dataclass(frozen=True, slots=True)
class VisitItem:
    id: uuid.UUID
    number: str
    title: str
    arrival: dt.date | None


@dataclass(frozen=True, slots=True)
class MeetingItem:
    id: uuid.UUID
    number: str
    title: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class DormantItem:
    id: uuid.UUID
    partner_city: str
    last_contact: dt.date | None


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    overdue: list[FollowUpItem]
    due_soon: list[FollowUpItem]
    upcoming_visits: list[VisitItem]
    upcoming_meetings: list[MeetingItem]
    dormant: list[DormantItem]


def open_followups(
    db: Database,
    *,
    owner_person_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Open and in-progress follow-ups of a person («کارهای من») or a unit («کارهای
    واحد من»), counted with the follow-ups list's own filters (services/lists: live,
    status, owner, unit; tests/services/test_dashboard.py keeps them equal). Through
    Core: the dashboard paints this at start-up whenever a person is linked."""
    a = t.action.c
    query = (
        select(func.count())
        .select_from(t.action)
        .where(a.deleted_at.is_(None), cast(a.status, String).in_(OPEN_STATUSES))
    )
    if owner_person_id is not None:
        query = query.where(a.owner_person_id == owner_person_id)
    if unit_id is not None:
        query = query.where(a.unit_id == unit_id)
    with db.read_connection() as conn:
        return int(conn.execute(query).scalar_one())


def summary(
    db: Database,
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = DEFAULT_DORMANCY_MONTHS,
    limit: int = 200,
) -> Dashboard:
    on = today(clock)
    horizon = on + dt.timedelta(days=UPCOMING_DAYS)
    # The screen's shared snapshot when it reads together (services/snapshot.py).
    with db.read_connection() as conn:
        return Dashboard(
            today=on,
            overdue=_followups(conn, t.action.c.due_date < on, limit),
            due_soon=_followups(
                conn,
                t.action.c.due_date.between(on, on + dt.timedelta(days=DUE_SOON_DAYS)),
                limit,
            ),
            upcoming_visits=_visits(conn, on, horizon, limit),
            upcoming_meetings=_meetings(conn, on, horizon, limit),
            dormant=_dormant(conn, on, dormancy_months),
        )


def _followups(conn: Connection, due: Any, limit: int) -> list[FollowUpItem]:
    a = t.action.c
    rows = conn.execute(
        select(a.id, a.number, a.title, a.due_date, a.owner_person_id)
        .where(
            a.deleted_at.is_(None),
            # Kept off the status index, as the lists do (services/query_helpers.broad_in):
            # the planner then walks the due-date index and stops after `limit` rows.
            cast(a.status, String).in_(OPEN_STATUSES),
            due,
        )
        .order_by(a.due_date)
        .limit(limit)
    ).all()
    owners = {row.owner_person_id for row in rows if row.owner_person_id}
    names: dict[uuid.UUID, str] = {}
    if owners:
        p = t.person.c
        found = conn.execute(select(p.id, p.name).where(p.id.in_(owners)))
        names = {pid: name for pid, name in found}
    return [
        FollowUpItem(
            row.id,
            row.number,
            row.title,
            row.due_date,
            names.get(row.owner_person_id, "") if row.owner_person_id else "",
        )
        for row in rows
    ]


def _visits(conn: Connection, on: dt.date, horizon: dt.date, limit: int) -> list[VisitItem]:
    v = t.visit.c
    rows = conn.execute(
        select(v.id, v.number, v.title, v.arrival)
        .where(
            v.deleted_at.is_(None),
            v.status != VisitStatus.CANCELLED.value,
            # Visits under way today count as upcoming: they still need attention.
            func.coalesce(v.departure, v.arrival) >= on,
            v.arrival <= horizon,
        )
        .order_by(v.arrival)
        .limit(limit)
    )
    return [VisitItem(*row) for row in rows]


def _meetings(conn: Connection, on: dt.date, horizon: dt.date, limit: int) -> list[MeetingItem]:
    m = t.meeting.c
    rows = conn.execute(
        select(m.id, m.number, m.title, m.date)
        .where(m.deleted_at.is_(None), m.date >= on, m.date <= horizon)
        .order_by(m.date, m.start_time)
        .limit(limit)
    )
    return [MeetingItem(*row) for row in rows]


def _dormant(conn: Connection, on: dt.date, months: int) -> list[DormantItem]:
    p = t.partnership.c
    rows = conn.execute(
        select(
            p.id,
            p.partner_city,
            last_contact_sql(on, p.id, p.organization_id, t.meeting, t.visit),
        )
        .where(p.deleted_at.is_(None))
        .order_by(p.ordinal, p.partner_city_sort)
    ).all()
    recorded = contacts_at_export(conn)
    items = []
    for pid, city, value in rows:
        last = effective_last_contact(pid, value, recorded)
        if is_dormant(last, on, months):
            items.append(DormantItem(pid, city, last))
    return items
