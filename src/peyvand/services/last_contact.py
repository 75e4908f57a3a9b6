"""A partnership's last contact and dormancy (کم‌فروغ): the rule, in SQL over Core tables.

The last contact is the latest past meeting or visit with the partner city or its
organization; a visit still under way counts as contact today, a cancelled one not at
all. A partnership is dormant when that is older than N months, or there is none. In a
trip package the office's own last contact at export time also counts (the package
holds only part of the history).

Written over Core tables so that the dashboard (services/dashboard.py, which reads
``domain.core_tables`` at start-up) and the partnership screens (services/partnerships.py,
over the ORM's tables) share one statement of the rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from peyvand.domain import core_tables
from peyvand.domain.accounts import CLASSIFIED
from peyvand.domain.enums import VisitStatus

DEFAULT_DORMANCY_MONTHS = 12


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_dormant(last: dt.date | None, on: dt.date, months: int) -> bool:
    return last is None or last < months_before(on, months)


def contact_day(arrival: Any, departure: Any, on: dt.date) -> Any:
    """The last day of a visit that has happened by ``on`` (a visit still in progress
    counts as contact today)."""
    end = func.coalesce(departure, arrival)
    return case((end > on, on), else_=end)


def last_contact_sql(
    on: dt.date,
    partnership_id: Any,
    partnership_org_id: Any,
    meeting: Any,
    visit: Any,
    *,
    unclassified_only: bool = False,
) -> Any:
    """SQL for the last contact of the partnership whose id and organization are the
    given columns (correlated subqueries); ``meeting`` and ``visit`` are their tables
    (Core or the ORM's ``__table__``), aliased here so that the subqueries correlate
    only with the partnership row.

    ``unclassified_only``: leave classified visits and meetings (and the meetings of a
    classified visit) out, for what leaves the office without them — a trip package
    made without classified records must not carry the date of one, whoever made it.
    (Whom the office server hides them from, its row policies hide them from here too.)"""
    m, v = meeting.alias(), visit.alias()

    def linked(t: Any) -> ColumnElement[bool]:
        return or_(
            t.c.partnership_id == partnership_id,
            and_(partnership_org_id.is_not(None), t.c.organization_id == partnership_org_id),
        )

    meeting_filters = [linked(m), m.c.deleted_at.is_(None), m.c.date <= on]
    visit_filters = [
        linked(v),
        v.c.deleted_at.is_(None),
        v.c.status != VisitStatus.CANCELLED.value,
        v.c.arrival <= on,
    ]
    if unclassified_only:
        hidden = [c.value for c in CLASSIFIED]
        meeting_filters += [
            m.c.classification.not_in(hidden),
            or_(
                m.c.visit_id.is_(None),
                m.c.visit_id.not_in(select(visit.c.id).where(visit.c.classification.in_(hidden))),
            ),
        ]
        visit_filters.append(v.c.classification.not_in(hidden))
    meeting_last = select(func.max(m.c.date)).where(*meeting_filters).scalar_subquery()
    visit_last = (
        select(func.max(contact_day(v.c.arrival, v.c.departure, on)))
        .where(*visit_filters)
        .scalar_subquery()
    )
    # The later of two dates either of which may be NULL.
    return func.coalesce(
        case((meeting_last > visit_last, meeting_last), else_=visit_last), meeting_last
    )


def as_date(value: object) -> dt.date:
    # func.max over a DATE column comes back as text on SQLite.
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def contacts_at_export(executor: Any) -> dict[str, dt.date]:
    """In a trip package, each partnership's last contact in the office when it was
    exported; empty in the office. ``executor`` is a Connection or a Session."""
    info = core_tables.trip_info
    value = executor.execute(
        select(info.c.last_contacts).where(info.c.id == 1)
    ).scalar_one_or_none()
    found: dict[str, dt.date] = {}
    if not isinstance(value, dict):
        return found
    for key, day in value.items():
        try:
            found[str(key)] = dt.date.fromisoformat(str(day))
        except ValueError:
            continue  # written by the office as ISO dates; anything else is ignored
    return found


def effective_last_contact(
    partnership_id: object, value: object, recorded: dict[str, dt.date]
) -> dt.date | None:
    """The last contact found in SQL (``value``), or the one recorded at export when
    that is later (trip mode)."""
    last = as_date(value) if value is not None else None
    at_export = recorded.get(str(partnership_id))
    if at_export is not None and (last is None or last < at_export):
        last = at_export
    return last
