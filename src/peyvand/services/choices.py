"""Short (id, label) lists for pickers and filter drop-downs, in Persian alphabetical
order (the stored sort keys)."""

from __future__ import annotations

import uuid
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


def units(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Unit).where(col(Unit.deleted_at).is_(None)).order_by(col(Unit.name_sort))
        )
        return [Choice(u.id, u.name) for u in rows]


def people(db: Database) -> list[Choice]:
    """Everyone, labelled with their title, so namesakes can be told apart."""
    with db.reading() as session:
        rows = session.exec(
            select(Person).where(col(Person.deleted_at).is_(None)).order_by(col(Person.name_sort))
        )
        return [Choice(p.id, p.name, p.title) for p in rows]


def organizations(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Organization)
            .where(col(Organization.deleted_at).is_(None))
            .order_by(col(Organization.name_sort))
        )
        return [Choice(o.id, o.name, o.city) for o in rows]


def visits(db: Database) -> list[Choice]:
    """Visits, newest arrival first, labelled «1405-004 سفر …»."""
    with db.reading() as session:
        rows = session.exec(
            select(Visit)
            .where(col(Visit.deleted_at).is_(None))
            .order_by(col(Visit.arrival).desc(), col(Visit.number).desc())
        )
        return [Choice(v.id, f"{to_persian_digits(v.number)} {v.title}") for v in rows]


def meetings(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Meeting)
            .where(col(Meeting.deleted_at).is_(None))
            .order_by(col(Meeting.date).desc(), col(Meeting.number).desc())
        )
        return [Choice(m.id, f"{to_persian_digits(m.number)} {m.title}") for m in rows]


def partnerships(db: Database) -> list[Choice]:
    with db.reading() as session:
        rows = session.exec(
            select(Partnership)
            .where(col(Partnership.deleted_at).is_(None))
            .order_by(col(Partnership.partner_city_sort))
        )
        return [Choice(p.id, p.partner_city, p.partner_country) for p in rows]
