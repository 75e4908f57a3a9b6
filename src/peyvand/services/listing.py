"""One-line listings of records (the command line's `list`, quick pickers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from peyvand.domain import Action, Letter, Meeting, Organization, Partnership, Person, Visit
from peyvand.storage.database import Database

LISTABLE = (
    "meetings",
    "visits",
    "actions",
    "people",
    "organizations",
    "partnerships",
    "letters",
)


@dataclass(frozen=True)
class ListLine:
    ref: str  # the short number where there is one, else the UUID
    day: dt.date | None
    title: str


def _live(model: Any) -> Any:
    return select(model).where(col(model.deleted_at).is_(None))


def list_lines(db: Database, kind: str, *, limit: int | None = None) -> list[ListLine]:
    """Newest first for dated kinds, in Persian alphabetical order (the stored sort
    keys) for the address book."""
    with db.reading() as session:
        if kind == "meetings":
            query = _live(Meeting).order_by(col(Meeting.date).desc(), col(Meeting.number).desc())
            lines = [ListLine(m.number, m.date, m.title) for m in session.exec(query.limit(limit))]
        elif kind == "visits":
            query = _live(Visit).order_by(col(Visit.arrival).desc(), col(Visit.number).desc())
            lines = [
                ListLine(v.number, v.arrival, v.title) for v in session.exec(query.limit(limit))
            ]
        elif kind == "actions":
            query = _live(Action).order_by(col(Action.due_date), col(Action.number))
            lines = [
                ListLine(a.number, a.due_date, a.title) for a in session.exec(query.limit(limit))
            ]
        elif kind == "people":
            query = _live(Person).order_by(col(Person.name_sort), col(Person.id))
            lines = [ListLine(str(p.id), None, p.name) for p in session.exec(query.limit(limit))]
        elif kind == "organizations":
            query = _live(Organization).order_by(col(Organization.name_sort), col(Organization.id))
            lines = [ListLine(str(o.id), None, o.name) for o in session.exec(query.limit(limit))]
        elif kind == "partnerships":
            query = _live(Partnership).order_by(
                col(Partnership.ordinal), col(Partnership.partner_city_sort)
            )
            lines = [
                ListLine(str(p.id), p.since, p.partner_city)
                for p in session.exec(query.limit(limit))
            ]
        elif kind == "letters":
            # The register, newest first; drafts (no number yet) by their id, after it.
            query = _live(Letter).order_by(
                col(Letter.letter_date).desc(),
                col(Letter.register_year).desc(),
                col(Letter.register_seq).desc(),
                col(Letter.created_at).desc(),
            )
            lines = [
                ListLine(x.number or str(x.id), x.letter_date, x.subject)
                for x in session.exec(query.limit(limit))
            ]
        else:
            raise ValueError(f"unknown kind {kind!r}")
    return lines
