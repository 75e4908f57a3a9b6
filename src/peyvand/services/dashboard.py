"""The dashboard (پیشخوان): what needs attention today."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from peyvand.domain import Meeting, MeetingRow, Visit, VisitRow
from peyvand.domain.enums import ActionStatus, VisitStatus
from peyvand.services import actions, partnerships
from peyvand.services.actions import ActionView
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.partnerships import PartnershipView
from peyvand.storage.database import Database

UPCOMING_DAYS = 30
OPEN_STATUSES = [ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value]


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    overdue: list[ActionView]
    due_soon: list[ActionView]
    upcoming_visits: list[VisitRow]
    upcoming_meetings: list[MeetingRow]
    dormant: list[PartnershipView]


def open_followups(
    db: Database,
    *,
    owner_person_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Open and in-progress follow-ups of a person («کارهای من») or a unit («کارهای
    واحد من»), counted with the follow-ups list's own filters."""
    from peyvand.services import lists

    filters: dict[str, object] = {"status": OPEN_STATUSES}
    if owner_person_id is not None:
        filters["owner_person_id"] = owner_person_id
    if unit_id is not None:
        filters["unit_id"] = unit_id
    return lists.count(db, lists.ListQuery("actions", filters=filters), clock=clock)


def summary(
    db: Database,
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = partnerships.DEFAULT_DORMANCY_MONTHS,
    limit: int = 200,
) -> Dashboard:
    on = today(clock)
    horizon = on + dt.timedelta(days=UPCOMING_DAYS)
    with db.reading() as session:
        visits = session.exec(
            select(Visit)
            .where(
                col(Visit.deleted_at).is_(None),
                col(Visit.status) != VisitStatus.CANCELLED,
                # Visits under way today count as upcoming: they still need attention.
                func.coalesce(col(Visit.departure), col(Visit.arrival)) >= on,
                col(Visit.arrival) <= horizon,
            )
            .order_by(col(Visit.arrival))
            .limit(limit)
        )
        upcoming_visits = [VisitRow.model_validate(v) for v in visits]
        meetings = session.exec(
            select(Meeting)
            .where(col(Meeting.deleted_at).is_(None), Meeting.date >= on, Meeting.date <= horizon)
            .order_by(col(Meeting.date), col(Meeting.start_time))
            .limit(limit)
        )
        upcoming_meetings = [MeetingRow.model_validate(m) for m in meetings]
    return Dashboard(
        today=on,
        overdue=actions.overdue(db, clock=clock, limit=limit),
        due_soon=actions.due_soon(db, clock=clock, limit=limit),
        upcoming_visits=upcoming_visits,
        upcoming_meetings=upcoming_meetings,
        dormant=partnerships.dormant(db, months=dormancy_months, clock=clock),
    )
