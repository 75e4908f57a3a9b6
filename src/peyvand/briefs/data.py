"""What each brief prints, as plain frozen dataclasses, and the functions that gather it.

The renderers take only these dataclasses (a preview, a test or a benchmark can build them
by hand); the gathering functions take a :class:`Database` and go through the services
where one exists (meetings, actions, lists, partnerships, timeline). Visits have no detail
service yet, so their members, itinerary and gifts are read here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from peyvand.domain import (
    Action,
    Decision,
    Gift,
    ItineraryItem,
    Meeting,
    Organization,
    Partnership,
    Person,
    Unit,
    Visit,
    VisitMember,
    VisitRow,
)
from peyvand.domain.enums import (
    ActionStatus,
    Classification,
    DeadlineAnchor,
    Direction,
    GiftDirection,
    OrgKind,
    PartnershipKind,
    PartnershipStatus,
    Priority,
    Side,
    VisitStatus,
)
from peyvand.domain.errors import NotFoundError
from peyvand.services import actions, lists, partnerships, timeline
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.lookup import resolve
from peyvand.storage.database import Database
from peyvand.text import fold_for_search


def _live(model: Any) -> Any:
    return col(model.deleted_at).is_(None)


def _names(session: Session, model: Any, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {r.id: r.name for r in session.exec(select(model).where(col(model.id).in_(wanted)))}


# ---------------------------------------------------------------------------------------
# Visits: itinerary and visit brief
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInfo:
    name: str
    name_latin: str
    honorific: str
    title: str
    title_en: str
    organization: str
    side: Side
    role: str
    is_head: bool
    languages: str
    protocol_notes: str


@dataclass(frozen=True)
class ItineraryEntry:
    day: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str
    place_en: str
    activity: str
    activity_en: str
    hosts: str
    hosts_en: str


@dataclass(frozen=True)
class VisitSummary:
    """Who comes (or goes), when and where: the part every visit document shares."""

    number: str
    title: str
    title_en: str
    direction: Direction
    status: VisitStatus
    classification: Classification
    organization: str
    organization_en: str
    organization_kind: OrgKind | None
    city: str
    city_en: str
    country: str
    arrival: dt.date | None
    departure: dt.date | None
    members: tuple[MemberInfo, ...]
    itinerary: tuple[ItineraryEntry, ...]


@dataclass(frozen=True)
class HistoryEntry:
    day: dt.date | None
    kind: str  # "visit" | "meeting"
    number: str
    title: str


@dataclass(frozen=True)
class OpenCommitment:
    """A follow-up still open (or a decision nobody followed up) with this counterpart."""

    number: str
    title: str
    # Where it comes from: decision ``source_decision`` of meeting ``source_meeting``
    # (short numbers), or the visit numbered ``source_visit``.
    source_meeting: str
    source_decision: int | None
    source_visit: str
    owner: str
    unit: str
    due: dt.date | None
    status: ActionStatus | None  # None: a decision without a follow-up action
    overdue: bool
    days_left: int | None


@dataclass(frozen=True)
class AgreementInfo:
    title: str
    signed_on: dt.date | None
    expires_on: dt.date | None
    summary: str


@dataclass(frozen=True)
class PartnershipInfo:
    city: str
    country: str
    kind: PartnershipKind
    status: PartnershipStatus
    ordinal: int | None
    since: dt.date | None
    last_contact: dt.date | None
    dormant: bool
    notes: str
    agreements: tuple[AgreementInfo, ...]


@dataclass(frozen=True)
class GiftInfo:
    day: dt.date | None
    direction: GiftDirection
    person: str
    description: str
    visit: str  # "number title" of the visit it belongs to


@dataclass(frozen=True)
class ReadinessEntry:
    """One checklist item of a visit (a follow-up made from a checklist template)."""

    number: str
    title: str
    unit: str
    due: dt.date | None
    offset: str  # «۱۰ روز پیش از ورود»
    status: ActionStatus
    overdue: bool
    hint: str  # what the gift register, the letters or the minutes say
    hint_ok: bool | None


@dataclass(frozen=True)
class ReadinessInfo:
    done: int
    total: int
    overdue: int
    entries: tuple[ReadinessEntry, ...]


@dataclass(frozen=True)
class VisitBrief:
    visit: VisitSummary
    purpose: str
    talking_points: str
    hotel: str
    transport: str
    interpreter: str
    security: str
    logistics_notes: str
    history: tuple[HistoryEntry, ...]
    commitments: tuple[OpenCommitment, ...]
    partnership: PartnershipInfo | None
    gifts: tuple[GiftInfo, ...]
    today: dt.date
    readiness: ReadinessInfo | None = None  # None: the visit has no checklist


def _summary(session: Session, visit: Visit) -> VisitSummary:
    org = session.get(Organization, visit.organization_id) if visit.organization_id else None
    members = list(
        session.exec(
            select(VisitMember)
            .where(VisitMember.visit_id == visit.id, _live(VisitMember))
            .order_by(col(VisitMember.position))
        )
    )
    people = {
        p.id: p
        for p in session.exec(
            select(Person).where(col(Person.id).in_({m.person_id for m in members}))
        )
    }
    org_names = _names(session, Organization, (p.organization_id for p in people.values()))
    # By day, then time; an item without a time comes last in its day.
    items = sorted(
        session.exec(
            select(ItineraryItem).where(ItineraryItem.visit_id == visit.id, _live(ItineraryItem))
        ),
        key=lambda i: (i.day, i.start_time is None, i.start_time or dt.time.min, i.created_at),
    )

    def member(m: VisitMember) -> MemberInfo:
        p = people[m.person_id]
        return MemberInfo(
            name=p.name,
            name_latin=p.name_latin,
            honorific=p.honorific,
            title=p.title,
            title_en=p.title_en,
            organization=org_names.get(p.organization_id, "") if p.organization_id else "",
            side=Side(m.side),
            role=m.role,
            is_head=m.is_head,
            languages=p.languages,
            protocol_notes=p.protocol_notes,
        )

    live_org = org if org is not None and org.deleted_at is None else None
    return VisitSummary(
        number=visit.number,
        title=visit.title,
        title_en=visit.title_en,
        direction=Direction(visit.direction),
        status=VisitStatus(visit.status),
        classification=Classification(visit.classification),
        organization=live_org.name if live_org else "",
        organization_en=live_org.name_en if live_org else "",
        organization_kind=OrgKind(live_org.kind) if live_org else None,
        city=visit.city,
        city_en=visit.city_en,
        country=visit.country,
        arrival=visit.arrival,
        departure=visit.departure,
        members=tuple(member(m) for m in members if m.person_id in people),
        itinerary=tuple(
            ItineraryEntry(
                i.day,
                i.start_time,
                i.end_time,
                i.place,
                i.place_en,
                i.activity,
                i.activity_en,
                i.hosts,
                i.hosts_en,
            )
            for i in items
        ),
    )


def visit_summary(db: Database, ref: str | uuid.UUID) -> VisitSummary:
    """A visit (by short number or UUID) with its members and itinerary."""
    with db.reading() as session:
        return _summary(session, resolve(session, Visit, str(ref)))


def _partnership_id(session: Session, visit: Visit) -> uuid.UUID | None:
    if visit.partnership_id is not None:
        return visit.partnership_id
    if visit.organization_id is None:
        return None
    found = session.exec(
        select(Partnership.id).where(
            Partnership.organization_id == visit.organization_id, _live(Partnership)
        )
    ).first()
    return found


def visit_data(
    db: Database,
    ref: str | uuid.UUID,
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = partnerships.DEFAULT_DORMANCY_MONTHS,
) -> VisitBrief:
    """Everything the official should know before meeting the delegation."""
    on = today(clock)
    with db.reading() as session:
        found = resolve(session, Visit, str(ref))
        summary = _summary(session, found)
        partnership_id = _partnership_id(session, found)
        # A detached copy: the session expires its objects when it ends.
        visit = VisitRow.model_validate(found)
    entries = timeline.timeline(
        db,
        organization_id=visit.organization_id,
        partnership_id=partnership_id,
        city=visit.city or None,
    )
    cutoff = visit.arrival or on
    history = tuple(
        HistoryEntry(e.day, e.kind, e.number, e.title)
        for e in entries
        if e.kind in ("visit", "meeting")
        and e.entity_id != visit.id
        and e.day is not None
        and e.day < cutoff
    )
    visit_ids = {e.entity_id for e in entries if e.kind == "visit"} | {visit.id}
    action_ids = {e.entity_id for e in entries if e.kind == "action"}
    decision_ids = {e.entity_id for e in entries if e.kind == "decision"}
    with db.reading() as session:
        commitments = _commitments(session, action_ids, decision_ids, on)
        gifts = _gifts(session, visit_ids)
        readiness = readiness_in(session, visit, on)
    partnership = None
    if partnership_id is not None:
        view = partnerships.get_view(db, partnership_id, months=dormancy_months, clock=clock)
        row = view.row
        partnership = PartnershipInfo(
            city=row.partner_city,
            country=row.partner_country,
            kind=PartnershipKind(row.kind),
            status=PartnershipStatus(row.status),
            ordinal=row.ordinal,
            since=row.since,
            last_contact=view.last_contact,
            dormant=view.dormant,
            notes=row.notes,
            agreements=tuple(
                AgreementInfo(a.title, a.signed_on, a.expires_on, a.summary)
                for a in view.agreements
            ),
        )
    return VisitBrief(
        visit=summary,
        purpose=visit.purpose,
        talking_points=visit.talking_points,
        hotel=visit.hotel,
        transport=visit.transport,
        interpreter=visit.interpreter,
        security=visit.security,
        logistics_notes=visit.logistics_notes,
        history=history,
        commitments=commitments,
        partnership=partnership,
        gifts=gifts,
        today=on,
        readiness=readiness if readiness.entries else None,
    )


def readiness_in(session: Session, visit: VisitRow | Visit, on: dt.date) -> ReadinessInfo:
    """The visit's checklist as the briefs print it (services/checklists.readiness)."""
    from peyvand.services import checklists

    state = checklists.readiness_in(session, visit.id, on)
    entries = []
    for item in state.items:
        row = item.view.row
        offset = ""
        if row.deadline_anchor is not None and row.due_date is not None:
            anchor = DeadlineAnchor(row.deadline_anchor)
            base = visit.arrival if anchor == DeadlineAnchor.ARRIVAL else (
                visit.departure or visit.arrival
            )
            if base is not None:
                offset = checklists.offset_text(anchor, (row.due_date - base).days)
        entries.append(
            ReadinessEntry(
                number=row.number,
                title=row.title,
                unit=item.view.unit,
                due=row.due_date,
                offset=offset,
                status=ActionStatus(row.status),
                overdue=item.view.overdue,
                hint=item.hint.text("fa") if item.hint else "",
                hint_ok=item.hint.ok if item.hint else None,
            )
        )
    return ReadinessInfo(state.done, state.total, state.overdue, tuple(entries))


@dataclass(frozen=True)
class ChecklistBrief:
    visit: VisitSummary
    readiness: ReadinessInfo
    today: dt.date


def checklist_data(
    db: Database, ref: str | uuid.UUID, *, clock: Clock = SYSTEM_CLOCK
) -> ChecklistBrief:
    """A visit's checklist (by short number or UUID), for the printable checklist."""
    on = today(clock)
    with db.reading() as session:
        visit = resolve(session, Visit, str(ref))
        return ChecklistBrief(_summary(session, visit), readiness_in(session, visit, on), on)


def _commitments(
    session: Session, action_ids: set[uuid.UUID], decision_ids: set[uuid.UUID], on: dt.date
) -> tuple[OpenCommitment, ...]:
    # A visit's checklist items are the office's own preparation, printed in the
    # readiness section: not commitments to the other side.
    rows = (
        list(
            session.exec(
                select(Action).where(
                    col(Action.id).in_(action_ids),
                    _live(Action),
                    col(Action.deadline_anchor).is_(None),
                )
            )
        )
        if action_ids
        else []
    )
    decisions = (
        {d.id: d for d in session.exec(select(Decision).where(col(Decision.id).in_(decision_ids)))}
        if decision_ids
        else {}
    )
    meeting_numbers = {
        m.id: m.number
        for m in session.exec(
            select(Meeting).where(col(Meeting.id).in_({d.meeting_id for d in decisions.values()}))
        )
    }
    visit_numbers = {
        v.id: v.number
        for v in session.exec(
            select(Visit).where(col(Visit.id).in_({a.source_visit_id for a in rows}))
        )
    }
    followed = {a.source_decision_id for a in rows if a.source_decision_id}

    def source(
        decision_id: uuid.UUID | None, visit_id: uuid.UUID | None
    ) -> tuple[str, int | None, str]:
        decision = decisions.get(decision_id) if decision_id else None
        if decision is not None:
            return meeting_numbers.get(decision.meeting_id, ""), decision.number, ""
        return "", None, visit_numbers.get(visit_id, "") if visit_id else ""

    out: list[OpenCommitment] = []
    open_rows = [a for a in rows if not ActionStatus(a.status).is_closed]
    for view in actions.views(session, open_rows, on):
        a = view.row
        out.append(
            OpenCommitment(
                a.number,
                a.title,
                *source(a.source_decision_id, a.source_visit_id),
                view.owner,
                view.unit,
                a.due_date,
                ActionStatus(a.status),
                view.overdue,
                view.days_left,
            )
        )
    owners = _names(session, Person, (d.owner_person_id for d in decisions.values()))
    units = _names(session, Unit, (d.owner_unit_id for d in decisions.values()))
    for decision in decisions.values():
        if decision.id in followed or decision.deleted_at is not None:
            continue
        due = decision.due_date
        out.append(
            OpenCommitment(
                "",
                decision.text,
                *source(decision.id, None),
                owners.get(decision.owner_person_id, "") if decision.owner_person_id else "",
                units.get(decision.owner_unit_id, "") if decision.owner_unit_id else "",
                due,
                None,
                due is not None and due < on,
                (due - on).days if due is not None else None,
            )
        )
    out.sort(key=lambda c: (c.due or dt.date.max, c.number))
    return tuple(out)


def _visit_labels(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        v.id: f"{v.number} {v.title}"
        for v in session.exec(select(Visit).where(col(Visit.id).in_(wanted)))
    }


def _gifts(session: Session, visit_ids: set[uuid.UUID]) -> tuple[GiftInfo, ...]:
    gifts = list(session.exec(select(Gift).where(col(Gift.visit_id).in_(visit_ids), _live(Gift))))
    people = _names(session, Person, (g.person_id for g in gifts))
    visits = _visit_labels(session, {g.visit_id for g in gifts})
    out = [
        GiftInfo(
            g.given_on,
            GiftDirection(g.direction),
            people.get(g.person_id, "") if g.person_id else "",
            g.description,
            visits.get(g.visit_id, ""),
        )
        for g in gifts
    ]
    out.sort(key=lambda g: (g.day or dt.date.min, g.direction.value, g.description))
    return tuple(out)


# ---------------------------------------------------------------------------------------
# Follow-up report
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportAction:
    number: str
    title: str
    owner: str
    unit: str
    due: dt.date | None
    priority: Priority
    status: ActionStatus
    overdue: bool
    days_left: int | None  # open actions with a due date only


@dataclass(frozen=True)
class ReportFilters:
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    unit: str = ""  # the unit's name when the report is for one unit
    statuses: tuple[ActionStatus, ...] = ()
    overdue_only: bool = False


@dataclass(frozen=True)
class ActionsReport:
    today: dt.date
    filters: ReportFilters
    actions: tuple[ReportAction, ...]


def _unit(db: Database, unit: uuid.UUID | str) -> tuple[uuid.UUID, str]:
    """A unit by UUID, code (INTL) or name, whichever is typed."""
    with db.reading() as session:
        if isinstance(unit, uuid.UUID):
            row = session.get(Unit, unit)
            if row is not None and row.deleted_at is None:
                return row.id, row.name
        else:
            try:
                return _unit(db, uuid.UUID(unit.strip()))
            except ValueError:
                pass
            key = fold_for_search(unit)
            for row in session.exec(select(Unit).where(_live(Unit))):
                if key and key in (fold_for_search(row.code), fold_for_search(row.name)):
                    return row.id, row.name
    raise NotFoundError("record.not_found", entity="unit", ref=str(unit))


def actions_data(
    db: Database,
    *,
    overdue_only: bool = False,
    unit: uuid.UUID | str | None = None,
    status: ActionStatus | Sequence[ActionStatus] | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ActionsReport:
    """The follow-up actions that pass the filters, through the paged list service (the
    filtering happens in SQL)."""
    on = today(clock)
    statuses: tuple[ActionStatus, ...] = (
        () if status is None else (status,) if isinstance(status, ActionStatus) else tuple(status)
    )
    filters: dict[str, Any] = {"due_from": due_from, "due_to": due_to}
    unit_name = ""
    if unit is not None:
        unit_id, unit_name = _unit(db, unit)
        filters["unit_id"] = unit_id
    if statuses:
        filters["status"] = [s.value for s in statuses]
    if overdue_only:
        filters["state"] = "overdue"
    query = lists.ListQuery("actions", filters=filters, sort="due_date")
    total = lists.count(db, query, clock=clock)
    rows = lists.page(db, query, 0, max(total, 1), clock=clock) if total else []
    out = []
    for row in rows:
        v = row.values
        state = ActionStatus(v["status"])
        due = v["due_date"]
        days_left = (due - on).days if due is not None and not state.is_closed else None
        out.append(
            ReportAction(
                number=v["number"],
                title=v["title"],
                owner=v["owner"] or "",
                unit=v["unit"] or "",
                due=due,
                priority=Priority(v["priority"]),
                status=state,
                overdue=row.state == "overdue",
                days_left=days_left,
            )
        )
    # By deadline, those without one last, whatever order the list service pages in.
    out.sort(key=lambda a: (a.due is None, a.due or dt.date.min, a.number))
    return ActionsReport(
        on,
        ReportFilters(due_from, due_to, unit_name, statuses, overdue_only),
        tuple(out),
    )
