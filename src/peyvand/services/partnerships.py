"""Partnerships: agreements, last contact (derived) and dormancy (کم‌فروغ)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from peyvand.domain import (
    Agreement,
    AgreementRow,
    Meeting,
    Partnership,
    PartnershipRow,
    Visit,
)
from peyvand.services import records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.last_contact import (  # re-exported: callers know them from here
    DEFAULT_DORMANCY_MONTHS,
    as_date,
    contact_day,
    contacts_at_export,
    effective_last_contact,
    is_dormant,
    last_contact_sql,
    months_before,
)

__all__ = [
    "DEFAULT_DORMANCY_MONTHS",
    "PartnershipView",
    "is_dormant",
    "last_contact_column",
    "months_before",
    "visit_contact_day",
]
from peyvand.storage.database import Database


@dataclass(frozen=True)
class PartnershipView:
    row: PartnershipRow
    agreements: list[AgreementRow]
    last_contact: dt.date | None
    dormant: bool


def last_contact_column(on: dt.date, *, unclassified_only: bool = False) -> Any:
    """SQL for a partnership's last contact (the rule: services/last_contact.py), as a
    correlated subquery on ``Partnership``; ``unclassified_only`` leaves classified
    visits and meetings out (for a trip package made without them)."""
    table = Partnership.__table__  # type: ignore[attr-defined]
    return last_contact_sql(
        on,
        table.c.id,
        table.c.organization_id,
        Meeting.__table__,  # type: ignore[attr-defined]
        Visit.__table__,  # type: ignore[attr-defined]
        unclassified_only=unclassified_only,
    )


def last_contact(
    session: Session, partnership: Partnership, on: dt.date, *, unclassified_only: bool = False
) -> dt.date | None:
    value = session.exec(
        select(last_contact_column(on, unclassified_only=unclassified_only)).where(
            col(Partnership.id) == partnership.id
        )
    ).one()
    return as_date(value) if value is not None else None


def visit_contact_day(visit: Any, on: dt.date) -> Any:
    """The last day of a visit that has happened by ``on`` (a visit still in progress
    counts as contact today)."""
    return contact_day(visit.arrival, visit.departure, on)


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
    recorded = contacts_at_export(session)
    views = []
    for partnership, value in rows:
        last = effective_last_contact(partnership.id, value, recorded)
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
