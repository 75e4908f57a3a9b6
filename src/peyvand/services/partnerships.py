"""Partnerships: agreements, last contact (derived) and dormancy (کم‌فروغ)."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from peyvand.domain import (
    Agreement,
    AgreementRow,
    Meeting,
    Partnership,
    PartnershipRow,
    TripInfo,
    Visit,
)
from peyvand.domain.accounts import CLASSIFIED
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


def last_contact_column(on: dt.date, *, unclassified_only: bool = False) -> Any:
    """SQL for a partnership's last contact: the latest past meeting or visit with the
    partner city or its organization (a correlated subquery on ``Partnership``).

    ``unclassified_only``: leave classified visits and meetings (and the meetings of a
    classified visit) out, for what leaves the office without them — a trip package
    made without classified records must not carry the date of one, whoever made it."""

    def linked(model: Any) -> ColumnElement[bool]:
        return or_(
            col(model.partnership_id) == col(Partnership.id),
            and_(
                col(Partnership.organization_id).is_not(None),
                col(model.organization_id) == col(Partnership.organization_id),
            ),
        )

    # Aliased tables, so the subqueries correlate only with the partnership row.
    meeting: Any = aliased(Meeting)
    visit: Any = aliased(Visit)
    meeting_filters = [linked(meeting), meeting.deleted_at.is_(None), meeting.date <= on]
    visit_filters = [
        linked(visit),
        visit.deleted_at.is_(None),
        visit.status != VisitStatus.CANCELLED,
        visit.arrival <= on,
    ]
    if unclassified_only:
        hidden = [c.value for c in CLASSIFIED]
        meeting_filters += [
            meeting.classification.not_in(hidden),
            or_(
                meeting.visit_id.is_(None),
                meeting.visit_id.not_in(
                    select(col(Visit.id)).where(col(Visit.classification).in_(hidden))
                ),
            ),
        ]
        visit_filters.append(visit.classification.not_in(hidden))
    meeting_last = select(func.max(meeting.date)).where(*meeting_filters).scalar_subquery()
    visit_last = (
        select(func.max(visit_contact_day(visit, on))).where(*visit_filters).scalar_subquery()
    )
    # The later of two dates either of which may be NULL.
    return func.coalesce(
        case((meeting_last > visit_last, meeting_last), else_=visit_last), meeting_last
    )


def last_contact(
    session: Session, partnership: Partnership, on: dt.date, *, unclassified_only: bool = False
) -> dt.date | None:
    value = session.exec(
        select(last_contact_column(on, unclassified_only=unclassified_only)).where(
            col(Partnership.id) == partnership.id
        )
    ).one()
    return _as_date(value) if value is not None else None


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


def _contacts_at_export(session: Session) -> dict[str, dt.date]:
    """In a trip package, each partnership's last contact in the office when it was
    exported (the package holds only part of the history); empty in the office."""
    info = session.get(TripInfo, 1)
    found: dict[str, dt.date] = {}
    if info is None or not isinstance(info.last_contacts, dict):
        return found
    for key, value in info.last_contacts.items():
        try:
            found[str(key)] = dt.date.fromisoformat(str(value))
        except ValueError:
            continue  # written by the office as ISO dates; anything else is ignored
    return found


def is_dormant(last: dt.date | None, on: dt.date, months: int) -> bool:
    return last is None or last < months_before(on, months)


def _views(
    session: Session, rows: list[tuple[Partnership, Any]], on: dt.date, months: int
) -> list[PartnershipView]:
    ids = [p.id for p, _last in rows]
    agreements: dict[Any, list[AgreementRow]] = {pid: [] for pid in ids}
    for agreement in session.exec(
        select(Agreement)
        .where(col(Agreement.partnership_id).in_(ids), col(Agreement.deleted_at).is_(None))
        .order_by(col(Agreement.signed_on))
    ):
        agreements[agreement.partnership_id].append(AgreementRow.model_validate(agreement))
    recorded = _contacts_at_export(session)
    views = []
    for partnership, value in rows:
        last = _as_date(value) if value is not None else None
        at_export = recorded.get(str(partnership.id))
        if at_export is not None and (last is None or last < at_export):
            last = at_export
        views.append(
            PartnershipView(
                row=PartnershipRow.model_validate(partnership),
                agreements=agreements[partnership.id],
                last_contact=last,
                dormant=is_dormant(last, on, months),
            )
        )
    return views


def view_in(
    session: Session, partnership: Partnership, on: dt.date, months: int
) -> PartnershipView:
    return _views(session, [(partnership, last_contact(session, partnership, on))], on, months)[0]


def list_partnerships(
    db: Database, *, months: int = DEFAULT_DORMANCY_MONTHS, clock: Clock = SYSTEM_CLOCK
) -> list[PartnershipView]:
    """Every live partnership with its agreements and last contact: two queries."""
    on = today(clock)
    with db.reading() as session:
        rows = session.exec(
            select(Partnership, last_contact_column(on))
            .where(col(Partnership.deleted_at).is_(None))
            .order_by(col(Partnership.ordinal), col(Partnership.partner_city_sort))
        ).all()
        return _views(session, [(p, last) for p, last in rows], on, months)


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
