"""Partnerships: agreements, last contact (derived) and dormancy (کم‌فروغ)."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_
from sqlmodel import Session, col, select

from peyvand.domain import Agreement, AgreementRow, Meeting, Partnership, PartnershipRow, Visit
from peyvand.domain.enums import VisitStatus
from peyvand.services import records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.storage.database import Database

DEFAULT_DORMANCY_MONTHS = 12


@dataclass(frozen=True)
class PartnershipView:
    row: PartnershipRow
    agreements: list[AgreementRow]
    last_contact: dt.date | None
    dormant: bool


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_contact(session: Session, partnership: Partnership, on: dt.date) -> dt.date | None:
    """The latest past visit or meeting with the partner city or its organization."""

    def linked(model: type[Meeting] | type[Visit]) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = [col(model.partnership_id) == partnership.id]
        if partnership.organization_id is not None:
            conditions.append(col(model.organization_id) == partnership.organization_id)
        return or_(*conditions)

    meeting_last = session.exec(
        select(func.max(Meeting.date)).where(
            linked(Meeting), col(Meeting.deleted_at).is_(None), Meeting.date <= on
        )
    ).one()
    visit_last = session.exec(
        select(func.max(visit_contact_day(Visit, on))).where(
            linked(Visit),
            col(Visit.deleted_at).is_(None),
            col(Visit.status) != VisitStatus.CANCELLED,
            col(Visit.arrival) <= on,
        )
    ).one()
    days = [_as_date(d) for d in (meeting_last, visit_last) if d is not None]
    return max(days) if days else None


def visit_contact_day(visit: Any, on: dt.date) -> Any:
    """The last day of a visit that has happened by ``on`` (a visit still in progress
    counts as contact today)."""
    end = func.coalesce(visit.departure, visit.arrival)
    return case((end > on, on), else_=end)


def _as_date(value: object) -> dt.date:
    # func.max over a DATE column comes back as text on SQLite.
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def is_dormant(last: dt.date | None, on: dt.date, months: int) -> bool:
    return last is None or last < months_before(on, months)


def view_in(
    session: Session, partnership: Partnership, on: dt.date, months: int
) -> PartnershipView:
    agreements = session.exec(
        select(Agreement)
        .where(Agreement.partnership_id == partnership.id, col(Agreement.deleted_at).is_(None))
        .order_by(col(Agreement.signed_on))
    )
    last = last_contact(session, partnership, on)
    return PartnershipView(
        row=PartnershipRow.model_validate(partnership),
        agreements=[AgreementRow.model_validate(a) for a in agreements],
        last_contact=last,
        dormant=is_dormant(last, on, months),
    )


def list_partnerships(
    db: Database, *, months: int = DEFAULT_DORMANCY_MONTHS, clock: Clock = SYSTEM_CLOCK
) -> list[PartnershipView]:
    on = today(clock)
    with db.reading() as session:
        partnerships = session.exec(
            select(Partnership)
            .where(col(Partnership.deleted_at).is_(None))
            .order_by(col(Partnership.ordinal), col(Partnership.partner_city))
        )
        return [view_in(session, p, on, months) for p in partnerships]


def get_view(
    db: Database,
    partnership_id: uuid.UUID,
    *,
    months: int = DEFAULT_DORMANCY_MONTHS,
    clock: Clock = SYSTEM_CLOCK,
) -> PartnershipView:
    with db.reading() as session:
        return view_in(
            session, records.get(session, Partnership, partnership_id), today(clock), months
        )


def dormant(
    db: Database, *, months: int = DEFAULT_DORMANCY_MONTHS, clock: Clock = SYSTEM_CLOCK
) -> list[PartnershipView]:
    return [p for p in list_partnerships(db, months=months, clock=clock) if p.dormant]
