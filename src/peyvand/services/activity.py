"""The activity report's figures for a period (a Jalali year by default): visits per
month in and out, visits and meetings by country and by partner, partnerships with
their last contact, follow-ups by unit (on time, late, open, overdue) with the median
days to close, and the most active partners.

Counted in SQL where the rows are many (a year of 10,000 meetings and 50,000
follow-ups): one pass over each table's rows of the period, through its date index,
returning narrow tuples; the directory (organizations, partnerships, units) is small
and read whole. Every read is an ordinary query on the record tables, so in office
mode row-level security keeps what the signed-in person may not see out of every
count (a classified visit is not counted for someone not cleared).

Follow-ups "of the period" are those whose due date falls in it: a follow-up without
a due date can be neither on time nor late.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from peyvand.domain import Action, Decision, Meeting, Organization, Partnership, Unit, Visit
from peyvand.domain.enums import ActionStatus, Direction, PartnershipKind, VisitStatus
from peyvand.domain.errors import ValidationError
from peyvand.services import partnerships
from peyvand.services.clock import SYSTEM_CLOCK, Clock, FixedClock, today
from peyvand.services.periods import Month, months_between
from peyvand.storage.database import Database
from peyvand.text import TEHRAN, sort_key

UNKNOWN_COUNTRY = "نامشخص"
NO_UNIT = "بدون واحد"
TOP = 10  # partners in the top list and the partner chart


@dataclass(frozen=True)
class Tally:
    """Visits and meetings with one country or partner."""

    name: str
    visits: int = 0
    meetings: int = 0
    decisions: int = 0
    followups: int = 0
    last_contact: dt.date | None = None

    @property
    def total(self) -> int:
        return self.visits + self.meetings


@dataclass(frozen=True)
class PartnerContact:
    city: str
    country: str
    kind: PartnershipKind
    last_contact: dt.date | None
    dormant: bool
    visits: int  # in the period
    meetings: int


@dataclass(frozen=True)
class UnitFollowUps:
    unit: str
    on_time: int = 0  # done by the due date
    late: int = 0  # done after it
    open: int = 0  # open or in progress, not yet due
    overdue: int = 0  # open or in progress, past due
    cancelled: int = 0
    median_days: float | None = None  # from creation to done

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open + self.overdue + self.cancelled


@dataclass(frozen=True)
class ActivityReport:
    start: dt.date
    end: dt.date
    today: dt.date
    as_of: dt.date  # last contacts and dormancy: the period's end, or today if earlier
    dormancy_months: int
    months: list[Month]
    countries: list[Tally]
    partners: list[Tally]  # by visits and meetings, most first
    partnerships: list[PartnerContact]
    units: list[UnitFollowUps]
    overall: UnitFollowUps
    top: list[Tally]  # the most active partners, with decisions and follow-ups
    totals: dict[str, int] = field(default_factory=dict)


@dataclass
class _Directory:
    orgs: dict[uuid.UUID, tuple[str, str]]  # id -> (name, country)
    partners: dict[uuid.UUID, tuple[str, str, uuid.UUID | None]]  # id -> (city, country, org)
    partner_of_org: dict[uuid.UUID, uuid.UUID]
    units: dict[uuid.UUID, str]

    def partner(self, partnership_id: Any, organization_id: Any) -> tuple[str, uuid.UUID] | None:
        """The record's counterpart: its partnership (directly or through the
        partnership's organization), else its organization."""
        if partnership_id is not None and partnership_id in self.partners:
            return ("partnership", partnership_id)
        if organization_id is not None:
            linked = self.partner_of_org.get(organization_id)
            if linked is not None:
                return ("partnership", linked)
            if organization_id in self.orgs:
                return ("organization", organization_id)
        return None

    def label(self, key: tuple[str, uuid.UUID]) -> str:
        kind, ident = key
        return self.partners[ident][0] if kind == "partnership" else self.orgs[ident][0]

    def country(self, *candidates: tuple[str, Any]) -> str:
        for kind, value in candidates:
            if value is None:
                continue
            if kind == "text" and str(value).strip():
                return str(value).strip()
            if kind == "org" and value in self.orgs and self.orgs[value][1]:
                return self.orgs[value][1]
            if kind == "partnership" and value in self.partners and self.partners[value][1]:
                return self.partners[value][1]
        return UNKNOWN_COUNTRY


def _directory(session: Any) -> _Directory:
    orgs = {
        r[0]: (r[1], r[2])
        for r in session.execute(
            select(col(Organization.id), col(Organization.name), col(Organization.country))
        )
    }
    partners = {
        r[0]: (r[1], r[2], r[3])
        for r in session.execute(
            select(
                col(Partnership.id),
                col(Partnership.partner_city),
                col(Partnership.partner_country),
                col(Partnership.organization_id),
            ).where(col(Partnership.deleted_at).is_(None))
        )
    }
    partner_of_org = {org: pid for pid, (_c, _k, org) in partners.items() if org is not None}
    units = {r[0]: r[1] for r in session.execute(select(col(Unit.id), col(Unit.name)))}
    return _Directory(orgs, partners, partner_of_org, units)


Key = tuple[str, uuid.UUID]  # ("partnership" | "organization", id)


@dataclass
class _Tallies:
    """What one pass over the period's rows counts."""

    d: _Directory
    month_of: dict[dt.date, int]
    as_of: dt.date
    incoming: list[int]
    outgoing: list[int]
    meetings: list[int]
    country_visits: Counter[str] = field(default_factory=Counter)
    country_meetings: Counter[str] = field(default_factory=Counter)
    visits: Counter[Key] = field(default_factory=Counter)
    meetings_of: Counter[Key] = field(default_factory=Counter)
    decisions: Counter[Key] = field(default_factory=Counter)
    followups: Counter[Key] = field(default_factory=Counter)
    last: dict[Key, dt.date] = field(default_factory=dict)
    meeting_partner: dict[uuid.UUID, Key] = field(default_factory=dict)

    def _seen(self, key: Key, day: dt.date) -> None:
        if day <= self.as_of and (key not in self.last or self.last[key] < day):
            self.last[key] = day

    def add_visits(self, rows: list[Any]) -> None:
        d = self.d
        for arrival, direction, country, org, pid in rows:
            n = self.month_of[arrival]
            if direction == Direction.OUTGOING:
                self.outgoing[n] += 1
            else:
                self.incoming[n] += 1
            place = d.country(("text", country), ("org", org), ("partnership", pid))
            self.country_visits[place] += 1
            key = d.partner(pid, org)
            if key is not None:
                self.visits[key] += 1
                self._seen(key, arrival)

    def add_meetings(self, rows: list[Any]) -> None:
        d = self.d
        for mid, day, org, pid, via_visit in rows:
            self.meetings[self.month_of[day]] += 1
            country = d.country(("org", org), ("partnership", pid), ("text", via_visit))
            self.country_meetings[country] += 1
            key = d.partner(pid, org)
            if key is not None:
                self.meetings_of[key] += 1
                self.meeting_partner[mid] = key
                self._seen(key, day)

    def add_decisions(self, rows: list[Any]) -> int:
        total = 0
        for mid, count in rows:
            total += count
            if mid in self.meeting_partner:
                self.decisions[self.meeting_partner[mid]] += count
        return int(total)

    def tally(self, key: Key) -> Tally:
        return Tally(
            self.d.label(key),
            self.visits[key],
            self.meetings_of[key],
            self.decisions[key],
            self.followups[key],
            self.last.get(key),
        )


def _day_to_month(months: list[Month]) -> dict[dt.date, int]:
    found: dict[dt.date, int] = {}
    for n, m in enumerate(months):
        day = m.start
        while day <= m.end:
            found[day] = n
            day += dt.timedelta(days=1)
    return found


def _columns(*columns: Any) -> list[Any]:
    # Many columns of aliased tables: past what the type stubs' select() overloads spell.
    return list(columns)


def _visit_rows(session: Any, start: dt.date, end: dt.date) -> list[Any]:
    return list(
        session.execute(
            select(
                col(Visit.arrival), col(Visit.direction), col(Visit.country),
                col(Visit.organization_id), col(Visit.partnership_id),
            ).where(
                col(Visit.deleted_at).is_(None), col(Visit.arrival) >= start,
                col(Visit.arrival) <= end, col(Visit.status) != VisitStatus.CANCELLED.value,
            )
        ).all()
    )  # fmt: skip


def _meeting_rows(session: Any, start: dt.date, end: dt.date) -> list[Any]:
    visit_country: Any = aliased(Visit)
    return list(
        session.execute(
            select(*_columns(
                col(Meeting.id), col(Meeting.date), col(Meeting.organization_id),
                col(Meeting.partnership_id), visit_country.country,
            ))
            .outerjoin(visit_country, visit_country.id == col(Meeting.visit_id))
            .where(
                col(Meeting.deleted_at).is_(None), col(Meeting.date) >= start,
                col(Meeting.date) <= end,
            )
        ).all()
    )  # fmt: skip


def _decision_rows(session: Any, start: dt.date, end: dt.date) -> list[Any]:
    return list(
        session.execute(
            select(col(Decision.meeting_id), func.count())
            .join(Meeting, col(Meeting.id) == col(Decision.meeting_id))
            .where(
                col(Meeting.deleted_at).is_(None), col(Meeting.date) >= start,
                col(Meeting.date) <= end, col(Decision.deleted_at).is_(None),
            )
            .group_by(col(Decision.meeting_id))
        ).all()
    )  # fmt: skip


def report(
    db: Database,
    start: dt.date,
    end: dt.date,
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = partnerships.DEFAULT_DORMANCY_MONTHS,
) -> ActivityReport:
    if end < start:
        raise ValidationError("calendar.bad_range", field="date")
    on = today(clock)
    as_of = min(on, end)
    months = months_between(start, end)
    with db.reading() as session:
        d = _directory(session)
        t = _Tallies(
            d, _day_to_month(months), as_of,
            [0] * len(months), [0] * len(months), [0] * len(months),
        )  # fmt: skip
        visit_rows = _visit_rows(session, start, end)
        t.add_visits(visit_rows)
        meeting_rows = _meeting_rows(session, start, end)
        t.add_meetings(meeting_rows)
        decisions = t.add_decisions(_decision_rows(session, start, end))
        units, overall = _followups(session, d, (start, end), on, t.followups)
    views = partnerships.list_partnerships(
        db, months=dormancy_months, clock=FixedClock(_noon(as_of))
    )
    contacts = [
        PartnerContact(
            city=v.row.partner_city,
            country=v.row.partner_country,
            kind=PartnershipKind(v.row.kind),
            last_contact=v.last_contact,
            dormant=v.dormant,
            visits=t.visits[("partnership", v.row.id)],
            meetings=t.meetings_of[("partnership", v.row.id)],
        )
        for v in views
    ]
    tallies = {key: t.tally(key) for key in set(t.visits) | set(t.meetings_of)}
    ranked = sorted(tallies.values(), key=lambda t: (-t.total, -t.decisions, sort_key(t.name)))
    top = sorted(
        tallies.values(), key=lambda t: (-(t.total + t.decisions + t.followups), sort_key(t.name))
    )[:TOP]
    countries = sorted(
        (
            Tally(name, t.country_visits[name], t.country_meetings[name])
            for name in set(t.country_visits) | set(t.country_meetings)
        ),
        key=lambda t: (-t.total, t.name == UNKNOWN_COUNTRY, sort_key(t.name)),
    )
    return ActivityReport(
        start=start,
        end=end,
        today=on,
        as_of=as_of,
        dormancy_months=dormancy_months,
        months=[
            Month(m.year, m.month, m.start, m.end, t.incoming[n], t.outgoing[n], t.meetings[n])
            for n, m in enumerate(months)
        ],
        countries=countries,
        partners=ranked,
        partnerships=contacts,
        units=units,
        overall=overall,
        top=top,
        totals={
            "visits": len(visit_rows),
            "incoming": sum(t.incoming),
            "outgoing": sum(t.outgoing),
            "meetings": len(meeting_rows),
            "decisions": decisions,
            "followups": overall.total,
            "dormant": sum(c.dormant for c in contacts),
        },
    )


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=TEHRAN)


def _followups(
    session: Any,
    d: _Directory,
    period: tuple[dt.date, dt.date],
    on: dt.date,
    partner_followups: Counter[Key],
) -> tuple[list[UnitFollowUps], UnitFollowUps]:
    start, end = period
    source_meeting: Any = aliased(Meeting)
    source_visit: Any = aliased(Visit)
    rows = session.execute(
        select(*_columns(
            col(Action.unit_id), col(Action.status), col(Action.due_date),
            col(Action.completed_on), col(Action.created_at),
            source_meeting.organization_id, source_meeting.partnership_id,
            source_visit.organization_id, source_visit.partnership_id,
            source_meeting.date, source_visit.arrival,
        ))
        .outerjoin(Decision, col(Decision.id) == col(Action.source_decision_id))
        .outerjoin(source_meeting, source_meeting.id == col(Decision.meeting_id))
        .outerjoin(source_visit, source_visit.id == col(Action.source_visit_id))
        .where(
            col(Action.deleted_at).is_(None), col(Action.due_date) >= start,
            col(Action.due_date) <= end,
        )
    ).all()  # fmt: skip
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    days: dict[str, list[int]] = defaultdict(list)
    for (unit_id, status, due, completed, created, m_org, m_pid, v_org, v_pid,
         m_day, v_day) in rows:  # fmt: skip
        unit = d.units.get(unit_id, NO_UNIT) if unit_id else NO_UNIT
        state = ActionStatus(status)
        if state == ActionStatus.DONE:
            counts[unit]["late" if completed is not None and completed > due else "on_time"] += 1
            if completed is not None:
                # Opened when the commitment was made (its meeting or visit); a
                # follow-up entered later, or imported, would otherwise look quick.
                opened = m_day or v_day or created.astimezone(TEHRAN).date()
                days[unit].append(max((completed - opened).days, 0))
        elif state == ActionStatus.CANCELLED:
            counts[unit]["cancelled"] += 1
        else:
            counts[unit]["overdue" if due < on else "open"] += 1
        key = d.partner(m_pid, m_org) or d.partner(v_pid, v_org)
        if key is not None:
            partner_followups[key] += 1

    def median(values: list[int]) -> float | None:
        return float(statistics.median(values)) if values else None

    units = sorted(
        (
            UnitFollowUps(
                unit,
                c["on_time"], c["late"], c["open"], c["overdue"], c["cancelled"],
                median(days[unit]),
            )
            for unit, c in counts.items()
        ),
        key=lambda u: (u.unit == NO_UNIT, -u.total, sort_key(u.unit)),
    )  # fmt: skip
    everyone = [n for values in days.values() for n in values]
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    overall = UnitFollowUps(
        "همه واحدها",
        total["on_time"], total["late"], total["open"], total["overdue"], total["cancelled"],
        median(everyone),
    )  # fmt: skip
    return units, overall
