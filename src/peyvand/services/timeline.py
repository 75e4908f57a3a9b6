"""The relationship view: everything the office did with one city or organization."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from peyvand.domain import Action, Agreement, Decision, Meeting, Organization, Partnership, Visit
from peyvand.services import records
from peyvand.storage.database import Database
from peyvand.text import fold_for_search


@dataclass(frozen=True)
class TimelineEntry:
    day: dt.date | None
    kind: str  # visit | meeting | decision | action | agreement
    entity_id: uuid.UUID
    number: str
    title: str
    detail: str


@dataclass(frozen=True)
class Counterpart:
    partnership_ids: set[uuid.UUID]
    organization_ids: set[uuid.UUID]


def _counterpart(
    session: Session,
    organization_id: uuid.UUID | None,
    partnership_id: uuid.UUID | None,
    city: str | None,
) -> Counterpart:
    partnerships: set[uuid.UUID] = set()
    organizations: set[uuid.UUID] = set()
    if partnership_id is not None:
        partnership = records.get(session, Partnership, partnership_id)
        partnerships.add(partnership.id)
        if partnership.organization_id:
            organizations.add(partnership.organization_id)
    if organization_id is not None:
        organizations.add(records.get(session, Organization, organization_id).id)
    if city:
        key = fold_for_search(city)
        for p in session.exec(select(Partnership).where(col(Partnership.deleted_at).is_(None))):
            if key in (fold_for_search(p.partner_city), fold_for_search(p.partner_city_en)):
                partnerships.add(p.id)
                if p.organization_id:
                    organizations.add(p.organization_id)
        for o in session.exec(select(Organization).where(col(Organization.deleted_at).is_(None))):
            if key in (fold_for_search(o.city), fold_for_search(o.city_en)):
                organizations.add(o.id)
    for p in session.exec(
        select(Partnership).where(
            col(Partnership.organization_id).in_(organizations),
            col(Partnership.deleted_at).is_(None),
        )
    ):
        partnerships.add(p.id)
    return Counterpart(partnerships, organizations)


def timeline(
    db: Database,
    *,
    organization_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
    city: str | None = None,
) -> list[TimelineEntry]:
    """Visits, meetings, decisions, actions and agreements, newest first."""
    with db.reading() as session:
        who = _counterpart(session, organization_id, partnership_id, city)
        entries: list[TimelineEntry] = []

        def linked(model: type[Visit] | type[Meeting]) -> ColumnElement[bool]:
            return or_(
                col(model.partnership_id).in_(who.partnership_ids),
                col(model.organization_id).in_(who.organization_ids),
            )

        visits = list(
            session.exec(select(Visit).where(linked(Visit), col(Visit.deleted_at).is_(None)))
        )
        if city:
            key = fold_for_search(city)
            known = {v.id for v in visits}
            visits += [
                v
                for v in session.exec(select(Visit).where(col(Visit.deleted_at).is_(None)))
                if v.id not in known
                and key in (fold_for_search(v.city), fold_for_search(v.city_en))
            ]
        meetings = list(
            session.exec(select(Meeting).where(linked(Meeting), col(Meeting.deleted_at).is_(None)))
        )
        visit_ids = {v.id for v in visits}
        meetings += [
            m
            for m in session.exec(
                select(Meeting).where(
                    col(Meeting.visit_id).in_(visit_ids), col(Meeting.deleted_at).is_(None)
                )
            )
            if m.id not in {x.id for x in meetings}
        ]
        meeting_dates = {m.id: (m.date, m.number) for m in meetings}
        decisions = list(
            session.exec(
                select(Decision).where(
                    col(Decision.meeting_id).in_(meeting_dates), col(Decision.deleted_at).is_(None)
                )
            )
        )
        actions = list(
            session.exec(
                select(Action).where(
                    or_(
                        col(Action.source_decision_id).in_({d.id for d in decisions}),
                        col(Action.source_visit_id).in_(visit_ids),
                    ),
                    col(Action.deleted_at).is_(None),
                )
            )
        )
        agreements = list(
            session.exec(
                select(Agreement).where(
                    col(Agreement.partnership_id).in_(who.partnership_ids),
                    col(Agreement.deleted_at).is_(None),
                )
            )
        )
        entries += [
            TimelineEntry(v.arrival, "visit", v.id, v.number, v.title, v.direction) for v in visits
        ]
        entries += [
            TimelineEntry(m.date, "meeting", m.id, m.number, m.title, m.place) for m in meetings
        ]
        entries += [
            TimelineEntry(
                meeting_dates[d.meeting_id][0],
                "decision",
                d.id,
                f"{meeting_dates[d.meeting_id][1]}/{d.number}",
                d.text,
                "",
            )
            for d in decisions
        ]
        entries += [
            TimelineEntry(
                a.due_date or a.created_at.date(), "action", a.id, a.number, a.title, a.status
            )
            for a in actions
        ]
        entries += [
            TimelineEntry(g.signed_on, "agreement", g.id, "", g.title, g.summary)
            for g in agreements
        ]
    entries.sort(key=lambda e: (e.day or dt.date.min, e.kind, e.number), reverse=True)
    return entries
