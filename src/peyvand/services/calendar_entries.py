"""The calendar's entries for a date range: visits (arrival to departure), meetings at
their time, itinerary items and follow-up deadlines, as plain rows.

Only the range asked for is read, each kind by an index on its date (visits by arrival
or departure, meetings by date, itinerary items by day, follow-ups by due date;
migration 0008). Every read is an ordinary query on the record tables, so in office
mode the database's row-level security hides what the signed-in person may not see
(a classified visit never reaches their calendar) without a rule here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import String, and_, case, exists, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlmodel import col

from peyvand.domain import (
    Action,
    Decision,
    ItineraryItem,
    Meeting,
    Participant,
    Partnership,
    Person,
    Visit,
    VisitMember,
)
from peyvand.domain.enums import ActionStatus, Classification, Direction, VisitStatus
from peyvand.services.choices import Choice
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.storage.database import Database


class EntryKind(StrEnum):
    VISIT = "visit"
    MEETING = "meeting"
    ITINERARY = "itinerary"
    DEADLINE = "deadline"


ALL_KINDS: frozenset[EntryKind] = frozenset(EntryKind)
CLASSIFIED = frozenset({Classification.CONFIDENTIAL, Classification.SECRET})
_OPEN = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


class CalendarEntry(NamedTuple):
    """One thing on the calendar. A named tuple, not a dataclass: a busy month holds
    thousands of them (5,000 deadlines at 500,000 follow-ups) and they are made in the
    time budget of the month view. Ids are kept as the database gives them and become
    UUIDs only when asked for (one click, not thousands of conversions)."""

    kind: EntryKind
    entity: str  # the editor that opens it: visit, meeting or action
    record_key: str  # the record that editor opens (an itinerary item: its visit)
    item_key: str  # the row itself
    start: dt.date
    end: dt.date  # the last day (a visit's departure; else the start)
    title: str
    number: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    overdue: bool = False  # a follow-up past its due date and not closed
    closed: bool = False  # a follow-up done or cancelled, a visit cancelled
    classification: Classification = Classification.NORMAL
    direction: Direction | None = None
    is_final: bool = False  # a meeting whose minutes are locked
    revision: int = 1
    updated_at: dt.datetime | None = None  # read only for exports (stamps=True)

    @property
    def record_id(self) -> uuid.UUID:
        return uuid.UUID(self.record_key)

    @property
    def item_id(self) -> uuid.UUID:
        return uuid.UUID(self.item_key)

    @property
    def classified(self) -> bool:
        return self.classification in CLASSIFIED

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CalendarFilter:
    kinds: frozenset[EntryKind] = ALL_KINDS
    unit_id: uuid.UUID | None = None  # follow-ups of the unit; visits and meetings it takes part in
    partnership_id: uuid.UUID | None = None  # records linked to the partner (city or organization)
    include_classified: bool = True  # the .ics leaves them out unless asked


def entries(
    db: Database,
    start: dt.date,
    end: dt.date,
    flt: CalendarFilter | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
    stamps: bool = False,
) -> list[CalendarEntry]:
    """Everything on the calendar from ``start`` to ``end`` (inclusive), ordered by day,
    time and kind; ``stamps`` also reads each row's last change (for exports)."""
    return _read(db, start, end, flt, clock=clock, stamps=stamps).entries


@dataclass(frozen=True)
class CalendarView:
    entries: list[CalendarEntry]
    more: dict[dt.date, int]  # meetings and deadlines of a day left out (per_day), by day


def view(
    db: Database,
    start: dt.date,
    end: dt.date,
    flt: CalendarFilter | None = None,
    *,
    clock: Clock = SYSTEM_CLOCK,
    per_day: int = 8,
) -> CalendarView:
    """What a month or week shows: like :func:`entries`, but of each day's meetings
    (by time) and follow-up deadlines (open ones first) only the first ``per_day`` of
    each, with how many more there are. A busy month of a large office has thousands of
    deadlines and room for a few a day; the database ranks and counts them, Python gets
    the few shown."""
    return _read(db, start, end, flt, clock=clock, per_day=per_day)


def _read(
    db: Database,
    start: dt.date,
    end: dt.date,
    flt: CalendarFilter | None,
    *,
    clock: Clock,
    stamps: bool = False,
    per_day: int | None = None,
) -> CalendarView:
    flt = flt or CalendarFilter()
    if end < start:
        start, end = end, start
    on = today(clock)
    found: list[CalendarEntry] = []
    with db.reading() as session:
        partner = _partner(session, flt.partnership_id)
        if EntryKind.VISIT in flt.kinds:
            found += _visits(session, (start, end), flt, partner, stamps)
        more: dict[dt.date, int] = {}
        if EntryKind.MEETING in flt.kinds:
            found += _meetings(
                session, (start, end), flt, partner, stamps, per_day=per_day, more=more
            )
        if EntryKind.ITINERARY in flt.kinds:
            found += _itinerary(session, (start, end), flt, partner, stamps)
        if EntryKind.DEADLINE in flt.kinds:
            found += _deadlines(
                session, (start, end), flt, partner, stamps, on=on, per_day=per_day, more=more
            )
    order = {kind: n for n, kind in enumerate(EntryKind)}
    found.sort(key=lambda e: (e.start, e.start_time or dt.time.min, order[e.kind], e.number))
    return CalendarView(found, more)


# -- filters -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Partner:
    id: uuid.UUID
    organization_id: uuid.UUID | None


def _partner(session: Session, partnership_id: uuid.UUID | None) -> _Partner | None:
    if partnership_id is None:
        return None
    org = session.execute(
        select(col(Partnership.organization_id)).where(col(Partnership.id) == partnership_id)
    ).scalar_one_or_none()
    return _Partner(partnership_id, org)


def _linked(model: Any, partner: _Partner) -> Any:
    """A visit or meeting of the partner: linked to the partnership, or to its
    organization (the rule of services.partnerships.last_contact_column)."""
    direct = col(model.partnership_id) == partner.id
    if partner.organization_id is None:
        return direct
    return or_(direct, col(model.organization_id) == partner.organization_id)


def _meeting_of_unit(unit_id: uuid.UUID) -> Any:
    present = exists(
        select(col(Participant.id))
        .join(Person, col(Person.id) == col(Participant.person_id))
        .where(
            col(Participant.meeting_id) == col(Meeting.id),
            col(Participant.deleted_at).is_(None),
            col(Person.unit_id) == unit_id,
        )
    )
    owns = exists(
        select(col(Decision.id)).where(
            col(Decision.meeting_id) == col(Meeting.id),
            col(Decision.deleted_at).is_(None),
            col(Decision.owner_unit_id) == unit_id,
        )
    )
    return or_(present, owns)


def _visit_of_unit(unit_id: uuid.UUID) -> Any:
    return exists(
        select(col(VisitMember.id))
        .join(Person, col(Person.id) == col(VisitMember.person_id))
        .where(
            col(VisitMember.visit_id) == col(Visit.id),
            col(VisitMember.deleted_at).is_(None),
            col(Person.unit_id) == unit_id,
        )
    )


def _key(column: Any) -> Any:
    """An id as the database stores it (text), not converted to a UUID per row."""
    return type_coerce(column, String).label(f"{column.table.name}_key")


def _stamp(model: Any, stamps: bool) -> Any:
    return col(model.updated_at) if stamps else literal(None)


def _not_classified(model: Any) -> Any:
    return col(model.classification).not_in([c.value for c in CLASSIFIED])


def _visit_conditions(flt: CalendarFilter, partner: _Partner | None) -> list[Any]:
    conditions: list[Any] = []
    if partner is not None:
        conditions.append(_linked(Visit, partner))
    if flt.unit_id is not None:
        conditions.append(_visit_of_unit(flt.unit_id))
    if not flt.include_classified:
        conditions.append(_not_classified(Visit))
    return conditions


# -- the four kinds ---------------------------------------------------------------


def _visits(
    session: Session,
    period: tuple[dt.date, dt.date],
    flt: CalendarFilter,
    partner: _Partner | None,
    stamps: bool,
) -> list[CalendarEntry]:
    start, end = period
    v = Visit
    # Overlap with [start, end], written so that each branch has an index: visits
    # that end in the range or later (departure index) and one-day visits (arrival).
    overlap = or_(
        and_(col(v.departure) >= start, col(v.arrival) <= end),
        and_(col(v.departure).is_(None), col(v.arrival) >= start, col(v.arrival) <= end),
    )
    rows: Sequence[Any] = session.execute(
        select(
            _key(col(v.id)), col(v.title), col(v.number), col(v.arrival), col(v.departure),
            col(v.city), col(v.status), col(v.classification), col(v.direction),
            col(v.revision), _stamp(v, stamps),
        ).where(
            col(v.deleted_at).is_(None), col(v.arrival).is_not(None), overlap,
            *_visit_conditions(flt, partner),
        )
    ).all()  # fmt: skip
    return [
        CalendarEntry(
            kind=EntryKind.VISIT,
            entity="visit",
            record_key=r[0],
            item_key=r[0],
            start=r[3],
            end=max(r[4] or r[3], r[3]),
            title=r[1],
            number=r[2],
            place=r[5],
            closed=r[6] == VisitStatus.CANCELLED,
            classification=Classification(r[7]),
            direction=Direction(r[8]),
            revision=r[9],
            updated_at=r[10],
        )
        for r in rows
    ]


def _ranked(
    session: Session,
    columns: list[Any],
    where: list[Any],
    *,
    day: Any,
    order: tuple[Any, ...],
    per_day: int | None,
    more: dict[dt.date, int] | None,
) -> Sequence[Any]:
    """The rows, or with ``per_day`` only each day's first ``per_day`` in ``order``:
    ranked and counted in SQL, the day's hidden rows added to ``more``."""
    if per_day is None:
        return session.execute(select(*columns).where(*where)).all()
    ranked = (
        select(
            *columns,
            func.row_number().over(partition_by=day, order_by=order).label("rank"),
            func.count().over(partition_by=day).label("total"),
        )
        .where(*where)
        .subquery()
    )
    picked = session.execute(select(ranked).where(ranked.c.rank <= per_day)).all()
    width = len(columns)
    if more is not None:
        day_at = next(n for n, c in enumerate(columns) if c is day)
        hidden = {r[day_at]: r[width + 1] - per_day for r in picked if r[width + 1] > per_day}
        for when, count in hidden.items():
            more[when] = more.get(when, 0) + count
    return [r[:width] for r in picked]


def _meetings(
    session: Session,
    period: tuple[dt.date, dt.date],
    flt: CalendarFilter,
    partner: _Partner | None,
    stamps: bool,
    *,
    per_day: int | None = None,
    more: dict[dt.date, int] | None = None,
) -> list[CalendarEntry]:
    start, end = period
    m = Meeting
    conditions: list[Any] = []
    if partner is not None:
        conditions.append(_linked(m, partner))
    if flt.unit_id is not None:
        conditions.append(_meeting_of_unit(flt.unit_id))
    if not flt.include_classified:
        conditions.append(_not_classified(m))
    columns = [
        _key(col(m.id)), col(m.title), col(m.number), col(m.date), col(m.start_time),
        col(m.end_time), col(m.place), col(m.classification), col(m.is_final),
        col(m.revision), _stamp(m, stamps),
    ]  # fmt: skip
    where = [col(m.deleted_at).is_(None), col(m.date) >= start, col(m.date) <= end, *conditions]
    rows = _ranked(
        session, columns, where, day=columns[3], order=(col(m.start_time), col(m.number)),
        per_day=per_day, more=more,
    )  # fmt: skip
    return [
        CalendarEntry(
            kind=EntryKind.MEETING,
            entity="meeting",
            record_key=r[0],
            item_key=r[0],
            start=r[3],
            end=r[3],
            title=r[1],
            number=r[2],
            start_time=r[4],
            end_time=r[5],
            place=r[6],
            classification=Classification(r[7]),
            is_final=bool(r[8]),
            revision=r[9],
            updated_at=r[10],
        )
        for r in rows
    ]


def _itinerary(
    session: Session,
    period: tuple[dt.date, dt.date],
    flt: CalendarFilter,
    partner: _Partner | None,
    stamps: bool,
) -> list[CalendarEntry]:
    start, end = period
    i, v = ItineraryItem, Visit
    rows: Sequence[Any] = session.execute(
        select(
            _key(col(i.id)), col(i.activity), col(i.day), col(i.start_time), col(i.end_time),
            col(i.place), _key(col(v.id)), col(v.number), col(v.classification), col(v.status),
            col(i.revision), _stamp(i, stamps),
        )
        .join(v, col(v.id) == col(i.visit_id))
        .where(
            col(i.deleted_at).is_(None), col(i.day) >= start, col(i.day) <= end,
            col(v.deleted_at).is_(None), *_visit_conditions(flt, partner),
        )
    ).all()  # fmt: skip
    return [
        CalendarEntry(
            kind=EntryKind.ITINERARY,
            entity="visit",
            record_key=r[6],
            item_key=r[0],
            start=r[2],
            end=r[2],
            title=r[1],
            number=r[7],
            start_time=r[3],
            end_time=r[4],
            place=r[5],
            classification=Classification(r[8]),
            closed=r[9] == VisitStatus.CANCELLED,
            revision=r[10],
            updated_at=r[11],
        )
        for r in rows
    ]


def _deadline_conditions(flt: CalendarFilter, partner: _Partner | None) -> list[Any]:
    a = Action
    conditions: list[Any] = []
    if flt.unit_id is not None:
        conditions.append(col(a.unit_id) == flt.unit_id)
    if partner is not None or not flt.include_classified:
        # A follow-up belongs to the visit it came from, or to its decision's meeting.
        visit_ok: list[Any] = [col(Visit.id) == col(a.source_visit_id)]
        meeting_ok: list[Any] = [
            col(Decision.id) == col(a.source_decision_id),
            col(Meeting.id) == col(Decision.meeting_id),
        ]
        if partner is not None:
            visit_ok.append(_linked(Visit, partner))
            meeting_ok.append(_linked(Meeting, partner))
            conditions.append(
                or_(
                    exists(select(col(Visit.id)).where(*visit_ok)),
                    exists(select(col(Meeting.id)).where(*meeting_ok)),
                )
            )
        if not flt.include_classified:
            # Follow-ups made from a classified meeting or visit carry its content.
            conditions.append(
                ~exists(
                    select(col(Meeting.id)).where(
                        col(Decision.id) == col(a.source_decision_id),
                        col(Meeting.id) == col(Decision.meeting_id),
                        ~_not_classified(Meeting),
                    )
                )
            )
            conditions.append(
                ~exists(
                    select(col(Visit.id)).where(
                        col(Visit.id) == col(a.source_visit_id), ~_not_classified(Visit)
                    )
                )
            )
    return conditions


def _deadlines(
    session: Session,
    period: tuple[dt.date, dt.date],
    flt: CalendarFilter,
    partner: _Partner | None,
    stamps: bool,
    *,
    on: dt.date,
    per_day: int | None = None,
    more: dict[dt.date, int] | None = None,
) -> list[CalendarEntry]:
    start, end = period
    a = Action
    due = col(a.due_date)
    columns = [
        _key(col(a.id)), col(a.title), col(a.number), due, col(a.status),
        col(a.revision), _stamp(a, stamps),
    ]  # fmt: skip
    where = [
        col(a.deleted_at).is_(None), col(a.due_date) >= start, col(a.due_date) <= end,
        *_deadline_conditions(flt, partner),
    ]  # fmt: skip
    # Open ones first: they are what a crowded day must show.
    open_first = case((col(a.status).in_(_OPEN), 0), else_=1)
    rows = _ranked(
        session, columns, where, day=due, order=(open_first, col(a.number)),
        per_day=per_day, more=more,
    )  # fmt: skip
    result = []
    for r in rows:
        is_open = r[4] in _OPEN
        result.append(
            CalendarEntry(
                kind=EntryKind.DEADLINE,
                entity="action",
                record_key=r[0],
                item_key=r[0],
                start=r[3],
                end=r[3],
                title=r[1],
                number=r[2],
                overdue=is_open and r[3] < on,
                closed=not is_open,
                revision=r[5],
                updated_at=r[6],
            )
        )
    return result


def by_day(
    found: Iterable[CalendarEntry], days: Iterable[dt.date]
) -> dict[dt.date, list[CalendarEntry]]:
    """The entries of each day (a visit on every day it covers)."""
    wanted = list(days)
    result: dict[dt.date, list[CalendarEntry]] = {day: [] for day in wanted}
    for entry in found:
        day = max(entry.start, wanted[0]) if wanted else entry.start
        last = min(entry.end, wanted[-1]) if wanted else entry.end
        while day <= last:
            if day in result:
                result[day].append(entry)
            day += dt.timedelta(days=1)
    return result


def partners(db: Database) -> list[Choice]:
    """The partnerships the calendar can be filtered by, in Persian order."""
    with db.reading() as session:
        rows: Sequence[Any] = session.execute(
            select(col(Partnership.id), col(Partnership.partner_city),
                   col(Partnership.partner_country))
            .where(col(Partnership.deleted_at).is_(None))
            .order_by(col(Partnership.partner_city_sort))
        ).all()  # fmt: skip
    return [Choice(r[0], r[1], r[2]) for r in rows]
