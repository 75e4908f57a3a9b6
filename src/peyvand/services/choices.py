"""Short (id, label) lists for pickers and filter drop-downs, in Persian alphabetical
order (the stored sort keys).

An editor has many pickers of one kind (the visit editor: a person picker on every
member's and every gift's row). Inside one snapshot (``services.snapshot``) each list
is read once and handed to every picker that asks: the same snapshot would give the
same rows again, one network round trip later each on the office server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import col, select

from peyvand.domain import Meeting, Organization, Partnership, Person, Unit, Visit
from peyvand.storage.database import Database
from peyvand.text import to_persian_digits


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    label: str
    detail: str = ""


def _once(db: Database, kind: str, read: Callable[[], list[Choice]]) -> list[Choice]:
    memo = db.snapshot_memo()
    if memo is None:
        return read()
    key = ("choices", kind)
    if key not in memo:
        memo[key] = read()
    return list(memo[key])


def units(db: Database) -> list[Choice]:
    return _once(db, "units", lambda: _units(db))


def people(db: Database) -> list[Choice]:
    """Everyone, labelled with their title, so namesakes can be told apart."""
    return _once(db, "people", lambda: _people(db))


def organizations(db: Database) -> list[Choice]:
    return _once(db, "organizations", lambda: _organizations(db))


def visits(db: Database) -> list[Choice]:
    """Visits, newest arrival first, labelled «1405-004 سفر …»."""
    return _once(db, "visits", lambda: _visits(db))


def meetings(db: Database) -> list[Choice]:
    return _once(db, "meetings", lambda: _meetings(db))


def partnerships(db: Database) -> list[Choice]:
    return _once(db, "partnerships", lambda: _partnerships(db))


def _units(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Unit).where(col(Unit.deleted_at).is_(None)).order_by(col(Unit.name_sort))
        )
        return [Choice(u.id, u.name) for u in rows]


def _people(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Person).where(col(Person.deleted_at).is_(None)).order_by(col(Person.name_sort))
        )
        return [Choice(p.id, p.name, p.title) for p in rows]


def _organizations(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Organization)
            .where(col(Organization.deleted_at).is_(None))
            .order_by(col(Organization.name_sort))
        )
        return [Choice(o.id, o.name, o.city) for o in rows]


def _visits(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Visit)
            .where(col(Visit.deleted_at).is_(None))
            .order_by(col(Visit.arrival).desc(), col(Visit.number).desc())
        )
        return [Choice(v.id, f"{to_persian_digits(v.number)} {v.title}") for v in rows]


def _meetings(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Meeting)
            .where(col(Meeting.deleted_at).is_(None))
            .order_by(col(Meeting.date).desc(), col(Meeting.number).desc())
        )
        return [Choice(m.id, f"{to_persian_digits(m.number)} {m.title}") for m in rows]


def _partnerships(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Partnership)
            .where(col(Partnership.deleted_at).is_(None))
            .order_by(col(Partnership.partner_city_sort))
        )
        return [Choice(p.id, p.partner_city, p.partner_country) for p in rows]
