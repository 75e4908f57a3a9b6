"""What the meeting brief prints (:class:`MeetingBrief`) and how it is gathered.

Read through SQLAlchemy Core (``domain.core_tables``) on one read connection, not through
``services.meetings.get_detail``: that would import SQLModel and build every table class,
half of a `peyvand brief meeting` process (issue 16: ≤ 0.4 s). The rules are the ones
the meetings service applies, and tests/briefs/test_meeting_data.py holds the two equal
on every meeting it can build: the meeting by its short number (in any digits) or UUID,
removed rows left out, people named as they are now (even when removed from the address
book), speakers grouped in the order they first spoke, and a decision's deadline as
``services.actions.deadline`` rules it (its first follow-up's, else its own). On the
office server, row-level security applies to this connection as to any other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from peyvand.domain.enums import (
    Attendance,
    Classification,
    MeetingKind,
    ParticipantRole,
    Side,
)
from peyvand.domain.errors import NotFoundError
from peyvand.text import to_latin_digits

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from peyvand.storage.database import Database


@dataclass(frozen=True)
class ParticipantInfo:
    name: str
    title: str
    organization: str
    side: Side
    role: ParticipantRole
    attendance: Attendance


@dataclass(frozen=True)
class SpeakerStatements:
    """All the statements of one speaker, in the order they were made."""

    speaker: str  # empty: statements recorded without a speaker
    title: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class DecisionInfo:
    number: int
    text: str
    owner: str
    unit: str
    due: dt.date | None


@dataclass(frozen=True)
class MeetingBrief:
    number: str
    title: str
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    place: str
    kind: MeetingKind
    classification: Classification
    summary: str
    organization: str
    visit: str
    is_final: bool
    participants: tuple[ParticipantInfo, ...]
    agenda: tuple[str, ...]
    statements: tuple[SpeakerStatements, ...]
    decisions: tuple[DecisionInfo, ...]


def meeting_data(db: Database, ref: str | uuid.UUID) -> MeetingBrief:
    """The minutes of one meeting, found by its short number or UUID."""
    with db.read_connection() as conn:
        return _gather(conn, str(ref))


def _gather(conn: Connection, ref: str) -> MeetingBrief:
    from sqlalchemy import select

    from peyvand.domain import core_tables as t

    m = t.meeting.c
    meeting = conn.execute(select(t.meeting).where(_ref_clause(m, ref))).mappings().first()
    if meeting is None or meeting["deleted_at"] is not None:
        raise NotFoundError("record.not_found", entity="meeting", ref=ref)
    mid = meeting["id"]

    def rows(table: Any, order: Any) -> list[Any]:
        c = table.c
        query = select(table).where(c.meeting_id == mid, c.deleted_at.is_(None)).order_by(order)
        return list(conn.execute(query).mappings())

    participants = rows(t.participant, t.participant.c.position)
    agenda = rows(t.agenda_item, t.agenda_item.c.position)
    statements = rows(t.statement, t.statement.c.position)
    decisions = rows(t.decision, t.decision.c.number)

    people = _by_id(
        conn,
        t.person,
        {p["person_id"] for p in participants}
        | {s["speaker_id"] for s in statements}
        | {d["owner_person_id"] for d in decisions},
    )
    orgs = _by_id(
        conn,
        t.organization,
        {p["organization_id"] for p in people.values()} | {meeting["organization_id"]},
    )
    units = _by_id(conn, t.unit, {d["owner_unit_id"] for d in decisions})
    deadlines = _deadlines(conn, decisions)
    visit_title = ""
    if meeting["visit_id"] is not None:
        v = t.visit.c
        visit_title = conn.execute(
            select(v.title).where(v.id == meeting["visit_id"], v.deleted_at.is_(None))
        ).scalar() or ""

    def name(table: dict[uuid.UUID, Any], key: uuid.UUID | None) -> str:
        return table[key]["name"] if key is not None and key in table else ""

    titles = {p["person_id"]: people[p["person_id"]]["title"] for p in participants}
    groups: dict[uuid.UUID | None, tuple[str, str, list[str]]] = {}
    for s in statements:
        speaker = s["speaker_id"]
        if speaker not in groups:
            title = titles.get(speaker, "") if speaker else ""
            groups[speaker] = (name(people, speaker), title, [])
        groups[speaker][2].append(s["text"])
    return MeetingBrief(
        number=meeting["number"],
        title=meeting["title"],
        date=meeting["date"],
        start=meeting["start_time"],
        end=meeting["end_time"],
        place=meeting["place"],
        kind=MeetingKind(meeting["kind"]),
        classification=Classification(meeting["classification"]),
        summary=meeting["summary"],
        organization=name(orgs, meeting["organization_id"]),
        visit=visit_title,
        is_final=bool(meeting["is_final"]),
        participants=tuple(
            ParticipantInfo(
                people[p["person_id"]]["name"],
                people[p["person_id"]]["title"],
                name(orgs, people[p["person_id"]]["organization_id"]),
                Side(p["side"]),
                ParticipantRole(p["role"]),
                Attendance(p["attendance"]),
            )
            for p in participants
        ),
        agenda=tuple(a["text"] for a in agenda),
        statements=tuple(SpeakerStatements(n, ti, tuple(s)) for n, ti, s in groups.values()),
        decisions=tuple(
            DecisionInfo(
                d["number"],
                d["text"],
                name(people, d["owner_person_id"]),
                name(units, d["owner_unit_id"]),
                deadlines[d["id"]],
            )
            for d in decisions
        ),
    )


def _ref_clause(m: Any, ref: str) -> Any:
    """``ref`` is a UUID, or a short number typed in any digit set (lookup.resolve)."""
    cleaned = to_latin_digits(ref.strip())
    try:
        return m.id == uuid.UUID(cleaned)
    except ValueError:
        return m.number == cleaned.upper()


def _by_id(conn: Connection, table: Any, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Any]:
    """Rows by id, removed ones included: a record names a person as they were kept."""
    from sqlalchemy import select

    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(table).where(table.c.id.in_(wanted))
    return {row["id"]: row for row in conn.execute(query).mappings()}


def _deadlines(conn: Connection, decisions: list[Any]) -> dict[uuid.UUID, dt.date | None]:
    """Each decision's deadline: its first live follow-up's, else its own
    (``services.actions.deadline`` and ``followups_of``)."""
    from sqlalchemy import select

    from peyvand.domain import core_tables as t

    first: dict[uuid.UUID, dt.date | None] = {}
    ids = [d["id"] for d in decisions]
    if ids:
        a = t.action.c
        query = (
            select(a.source_decision_id, a.due_date)
            .where(a.source_decision_id.in_(ids), a.deleted_at.is_(None))
            .order_by(a.created_at, a.number)
        )
        for decision_id, due in conn.execute(query):
            first.setdefault(decision_id, due)
    return {d["id"]: first[d["id"]] if d["id"] in first else d["due_date"] for d in decisions}
