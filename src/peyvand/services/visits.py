"""Delegation visits (هیئت‌ها): members, itinerary by day, gifts, and the gift warning.

A guest must never get the same gift from us twice: :func:`gift_warning` finds the gifts
we already GAVE to a person whose description matches, ignoring what users cannot see
(spacing and ZWNJ, Arabic/Persian yeh and kaf, harakat, digit sets).

The editor saves a visit with everything under it in one transaction
(:func:`save_visit`); the single-row functions serve other callers (trip merges, the
command line, tests).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from peyvand.domain import (
    SPECS,
    Gift,
    GiftRow,
    ItineraryItem,
    ItineraryItemRow,
    Organization,
    Partnership,
    Person,
    Visit,
    VisitMember,
    VisitMemberRow,
    VisitRow,
)
from peyvand.domain.base import SyncColumns
from peyvand.domain.enums import GiftDirection, VisitStatus
from peyvand.domain.errors import NotFoundError, ValidationError
from peyvand.services import records
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.services.lookup import resolve
from peyvand.storage.database import Database
from peyvand.text import fold_compact

T = TypeVar("T", bound=SyncColumns)


@dataclass(frozen=True)
class MemberView:
    row: VisitMemberRow
    name: str
    name_latin: str
    title: str
    title_en: str
    organization: str


@dataclass(frozen=True)
class ItineraryDay:
    day: dt.date
    items: list[ItineraryItemRow]


@dataclass(frozen=True)
class GiftView:
    row: GiftRow
    person: str  # the person's name, "" when none was recorded


@dataclass(frozen=True)
class VisitDetail:
    visit: VisitRow
    organization: str
    partnership: str
    members: list[MemberView]
    itinerary: list[ItineraryDay]  # days in order, items in order of time
    gifts: list[GiftView]

    @property
    def head(self) -> MemberView | None:
        return next((m for m in self.members if m.row.is_head), None)


@dataclass(frozen=True)
class PreviousGift:
    """A gift we already gave the person: where and when."""

    gift_id: uuid.UUID
    person: str  # the receiver's name
    description: str
    day: dt.date | None  # the day it was given, else the visit's arrival
    visit_id: uuid.UUID
    visit_number: str
    visit_title: str


# -- reading -------------------------------------------------------------------------


def _live_children(session: Session, model: type[T], visit_id: uuid.UUID) -> list[T]:
    visit_column: Any = model.visit_id  # type: ignore[attr-defined]
    statement = select(model).where(visit_column == visit_id, col(model.deleted_at).is_(None))
    return list(session.exec(statement))


def _item_order(item: ItineraryItem) -> tuple[Any, ...]:
    return (
        item.day,
        item.start_time is None,
        item.start_time or dt.time.min,
        item.end_time or dt.time.min,
        item.created_at,
    )


def group_by_day(items: Sequence[ItineraryItemRow]) -> list[ItineraryDay]:
    """Items (already in order) grouped under their day, days in order."""
    days: dict[dt.date, list[ItineraryItemRow]] = {}
    for item in items:
        days.setdefault(item.day, []).append(item)
    return [ItineraryDay(day, rows) for day, rows in sorted(days.items())]


def detail_in(session: Session, visit_id: uuid.UUID) -> VisitDetail:
    visit = records.get(session, Visit, visit_id)
    members = sorted(
        _live_children(session, VisitMember, visit.id), key=lambda m: (m.position, m.created_at)
    )
    items = sorted(_live_children(session, ItineraryItem, visit.id), key=_item_order)
    gifts = sorted(
        _live_children(session, Gift, visit.id),
        key=lambda g: (g.given_on is None, g.given_on or dt.date.min, g.created_at),
    )
    person_ids = {m.person_id for m in members} | {g.person_id for g in gifts if g.person_id}
    people = (
        {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(person_ids)))}
        if person_ids
        else {}
    )
    org_ids = {p.organization_id for p in people.values() if p.organization_id}
    if visit.organization_id:
        org_ids.add(visit.organization_id)
    orgs = (
        {
            o.id: o.name
            for o in session.exec(select(Organization).where(col(Organization.id).in_(org_ids)))
        }
        if org_ids
        else {}
    )
    partnership = session.get(Partnership, visit.partnership_id) if visit.partnership_id else None

    def member(m: VisitMember) -> MemberView:
        person = people.get(m.person_id)
        return MemberView(
            row=VisitMemberRow.model_validate(m),
            name=person.name if person else "",
            name_latin=person.name_latin if person else "",
            title=person.title if person else "",
            title_en=person.title_en if person else "",
            organization=orgs.get(person.organization_id, "")
            if person and person.organization_id
            else "",
        )

    def gift(g: Gift) -> GiftView:
        person = people.get(g.person_id) if g.person_id else None
        return GiftView(row=GiftRow.model_validate(g), person=person.name if person else "")

    return VisitDetail(
        visit=VisitRow.model_validate(visit),
        organization=orgs.get(visit.organization_id, "") if visit.organization_id else "",
        partnership=partnership.partner_city if partnership else "",
        members=[member(m) for m in members],
        itinerary=group_by_day([ItineraryItemRow.model_validate(i) for i in items]),
        gifts=[gift(g) for g in gifts],
    )


def get_detail(db: Database, ref: str | uuid.UUID) -> VisitDetail:
    """The visit by id or by its number (typed in any digit set)."""
    with db.reading() as session:
        visit = resolve(session, Visit, str(ref))
        return detail_in(session, visit.id)


# -- members, itinerary items, gifts: one row at a time --------------------------------


def _require(values: Mapping[str, Any], *fields: str) -> None:
    for name in fields:
        if values.get(name) in (None, ""):
            raise ValidationError("field.required", field=name)


Prepare = Callable[[Session, uuid.UUID, Mapping[str, Any]], dict[str, Any]]


def _member_values(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any]
) -> dict[str, Any]:
    _require(values, "person_id")
    result = {**values, "visit_id": visit_id}
    if not result.get("position"):
        current = session.exec(
            select(func.max(VisitMember.position)).where(VisitMember.visit_id == visit_id)
        ).one()
        result["position"] = int(current or 0) + 1
    return result


def _item_values(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any]
) -> dict[str, Any]:
    _require(values, "day")
    return {**values, "visit_id": visit_id}


def _gift_values(
    session: Session, visit_id: uuid.UUID, values: Mapping[str, Any]
) -> dict[str, Any]:
    return {**values, "visit_id": visit_id}


def _add(
    db: Database,
    model: type[T],
    prepare: Prepare,
    visit_id: uuid.UUID,
    values: Mapping[str, Any],
) -> Any:
    with db.session() as session:
        records.get(session, Visit, visit_id)
        return records.to_row(records.create(session, model, prepare(session, visit_id, values)))


def _update(
    db: Database,
    model: type[T],
    prepare: Prepare,
    row_id: uuid.UUID,
    changes: Mapping[str, Any],
) -> Any:
    with db.session() as session:
        obj = records.get(session, model, row_id)
        visit_id: uuid.UUID = obj.visit_id  # type: ignore[attr-defined]
        current = {name: getattr(obj, name) for name in SPECS[model][0].model_fields}
        merged = prepare(session, visit_id, {**current, **changes})
        return records.to_row(records.update(session, model, row_id, merged))


def _remove(db: Database, model: type[T], row_id: uuid.UUID) -> None:
    with db.session() as session:
        records.soft_delete(session, model, row_id)


def add_member(db: Database, visit_id: uuid.UUID, values: Mapping[str, Any]) -> VisitMemberRow:
    """A member (``person_id``, ``side``, ``role``, ``is_head``); appended at the end."""
    row: VisitMemberRow = _add(db, VisitMember, _member_values, visit_id, values)
    return row


def update_member(db: Database, member_id: uuid.UUID, changes: Mapping[str, Any]) -> VisitMemberRow:
    row: VisitMemberRow = _update(db, VisitMember, _member_values, member_id, changes)
    return row


def remove_member(db: Database, member_id: uuid.UUID) -> None:
    _remove(db, VisitMember, member_id)


def add_itinerary_item(
    db: Database, visit_id: uuid.UUID, values: Mapping[str, Any]
) -> ItineraryItemRow:
    row: ItineraryItemRow = _add(db, ItineraryItem, _item_values, visit_id, values)
    return row


def update_itinerary_item(
    db: Database, item_id: uuid.UUID, changes: Mapping[str, Any]
) -> ItineraryItemRow:
    row: ItineraryItemRow = _update(db, ItineraryItem, _item_values, item_id, changes)
    return row


def remove_itinerary_item(db: Database, item_id: uuid.UUID) -> None:
    _remove(db, ItineraryItem, item_id)


def add_gift(db: Database, visit_id: uuid.UUID, values: Mapping[str, Any]) -> GiftRow:
    row: GiftRow = _add(db, Gift, _gift_values, visit_id, values)
    return row


def update_gift(db: Database, gift_id: uuid.UUID, changes: Mapping[str, Any]) -> GiftRow:
    row: GiftRow = _update(db, Gift, _gift_values, gift_id, changes)
    return row


def remove_gift(db: Database, gift_id: uuid.UUID) -> None:
    _remove(db, Gift, gift_id)


# -- the gift warning --------------------------------------------------------------------


def gift_warning(
    db: Database,
    person_id: uuid.UUID | None,
    description: str,
    *,
    exclude_gift_id: uuid.UUID | None = None,
) -> list[PreviousGift]:
    """Gifts we already GAVE ``person_id`` with the same description, newest first.

    Descriptions match on their search key without spaces (:func:`fold_compact`, built
    on ``fold_for_search``): «قلمدان مینیاتور», «قلم‌دان  مينياتور» and «قلم دان
    مینیاتور» are one gift. Gifts of cancelled or deleted visits were never handed over
    and do not count; ``exclude_gift_id`` is the gift being edited.
    """
    key = fold_compact(description or "")
    if person_id is None or not key:
        return []
    with db.reading() as session:
        found = _previous_gifts(session, person_id, key, exclude_gift_id)
    found.sort(key=lambda p: (p.day or dt.date.min, p.visit_number), reverse=True)
    return found


def gift_warnings(
    db: Database, gifts: Sequence[tuple[uuid.UUID | None, str, uuid.UUID | None]]
) -> list[list[PreviousGift]]:
    """:func:`gift_warning` for each of ``gifts`` — (person, description, the gift's own
    id) — from one query: an editor opening a visit checks all its gifts at once."""
    people = {person for person, _text, _id in gifts if person is not None}
    if not people:
        return [[] for _ in gifts]
    with db.reading() as session:
        given = _gifts_given_to(session, people)
    found = []
    for person, description, own in gifts:
        key = fold_compact(description or "")
        matching = [
            p
            for to, p in given
            if key and to == person and p.gift_id != own and fold_compact(p.description) == key
        ]
        matching.sort(key=lambda p: (p.day or dt.date.min, p.visit_number), reverse=True)
        found.append(matching)
    return found


def _previous_gifts(
    session: Session, person_id: uuid.UUID, key: str, exclude_gift_id: uuid.UUID | None
) -> list[PreviousGift]:
    return [
        p
        for _to, p in _gifts_given_to(session, {person_id})
        if p.gift_id != exclude_gift_id and fold_compact(p.description) == key
    ]


def _gifts_given_to(
    session: Session, person_ids: set[uuid.UUID]
) -> list[tuple[uuid.UUID, PreviousGift]]:
    """Every gift we gave any of ``person_ids`` on a visit that was not cancelled, with
    its recipient."""
    statement = (
        select(Gift, Visit, Person)
        .join(Visit, col(Visit.id) == col(Gift.visit_id))
        .join(Person, col(Person.id) == col(Gift.person_id))
        .where(
            col(Gift.person_id).in_(person_ids),
            Gift.direction == GiftDirection.GIVEN,
            col(Gift.deleted_at).is_(None),
            col(Visit.deleted_at).is_(None),
            col(Visit.status) != VisitStatus.CANCELLED,
        )
    )
    return [
        (
            person.id,
            PreviousGift(
                gift_id=gift.id,
                person=person.name,
                description=gift.description,
                day=gift.given_on or visit.arrival,
                visit_id=visit.id,
                visit_number=visit.number,
                visit_title=visit.title,
            ),
        )
        for gift, visit, person in session.exec(statement)
    ]


def repeated_gifts_in(session: Session, gifts: Sequence[Gift]) -> list[PreviousGift]:
    """For the gifts a visit gives: the earlier gifts (other visits) of the same
    description to the same person, the readiness check of the gift item. The gifts of
    all the recipients come in one query (one per gift cost a round trip each on the
    office server), then each gift is matched against its recipient's."""
    recipients = {g.person_id for g in gifts if g.person_id is not None}
    if not recipients:
        return []
    given = _gifts_given_to(session, recipients)
    found: list[PreviousGift] = []
    for gift in gifts:
        if gift.person_id is None:
            continue
        key = fold_compact(gift.description)
        found += [
            p
            for to, p in given
            if to == gift.person_id
            and p.gift_id != gift.id
            and p.visit_id != gift.visit_id
            and fold_compact(p.description) == key
        ]
    found.sort(key=lambda p: (p.day or dt.date.min, p.visit_number))
    return found


# -- the whole visit at once -------------------------------------------------------------


def _sync(
    session: Session,
    visit_id: uuid.UUID,
    model: type[T],
    *,
    part: str,
    rows: Sequence[Mapping[str, Any]],
    prepare: Prepare,
) -> None:
    """Make the visit's live ``model`` rows exactly ``rows``: rows with an ``id`` are
    updated, rows without one created, and live rows not given are (soft) deleted.

    A validation error names the part (members, itinerary, gifts) and the row's index
    in ``rows`` in its params, so the caller can point at the row.
    """
    existing = {obj.id: obj for obj in _live_children(session, model, visit_id)}
    kept: set[uuid.UUID] = set()
    for index, given in enumerate(rows):
        values = {k: v for k, v in given.items() if k != "id"}
        row_id = given.get("id")
        try:
            if part == "members" and not values.get("position"):
                values["position"] = index + 1
            prepared = prepare(session, visit_id, values)
            if row_id is None:
                records.create(session, model, prepared)
            elif row_id in existing:
                records.update(session, model, row_id, prepared)
                kept.add(row_id)
            else:
                raise NotFoundError(
                    "record.not_found", entity=str(model.__tablename__), ref=str(row_id)
                )
        except ValidationError as exc:
            params = {k: v for k, v in exc.params.items() if k != "field"}
            raise ValidationError(
                exc.msg_id, field=exc.field, part=part, index=index, **params
            ) from None
    for obj_id in existing.keys() - kept:
        records.soft_delete(session, model, obj_id)


def save_visit(
    db: Database,
    visit_id: uuid.UUID | None,
    values: Mapping[str, Any],
    *,
    members: Sequence[Mapping[str, Any]] = (),
    itinerary: Sequence[Mapping[str, Any]] = (),
    gifts: Sequence[Mapping[str, Any]] = (),
    expected_revision: int | None = None,
    move_checklist: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> VisitDetail:
    """Create (``visit_id`` None) or update a visit with its members, itinerary and
    gifts in one transaction: all of it is saved, or nothing.

    The lists are the complete new state (members in their order); each row may carry
    the ``id`` of an existing row of this visit. A stale ``expected_revision`` is refused.
    With ``move_checklist``, the visit's open checklist items move with its new dates
    (``checklists.plan_moves``), in the same transaction.
    """
    from peyvand.services import checklists  # it reads visits too: imported when used

    with db.session() as session:
        if visit_id is None:
            visit = records.create(session, Visit, values, clock=clock)
        else:
            moves: list[checklists.ItemMove] = []
            if move_checklist:
                current = records.get(session, Visit, visit_id)
                moves = checklists.plan_moves_in(
                    session,
                    visit_id,
                    values.get("arrival", current.arrival),
                    values.get("departure", current.departure),
                )
            visit = records.update(
                session, Visit, visit_id, values, expected_revision=expected_revision
            )
            if moves:
                checklists.apply_moves_in(session, moves)
        _sync(session, visit.id, VisitMember, part="members", rows=members, prepare=_member_values)
        _sync(
            session, visit.id, ItineraryItem, part="itinerary", rows=itinerary, prepare=_item_values
        )
        _sync(session, visit.id, Gift, part="gifts", rows=gifts, prepare=_gift_values)
        session.flush()
        return detail_in(session, visit.id)
