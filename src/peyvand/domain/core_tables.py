"""The columns that start-up and the light commands read, described for SQLAlchemy Core.

Read by the dashboard and its charts, the conflict badge, `peyvand list` and the
meeting brief (``briefs.meeting_data``).

Building the SQLModel classes of the whole schema costs about 0.4 s (with SQLModel's
own import, most of a cold start), so the first paint of the window (the dashboard, its
charts, the conflict badge) reads through these plain ``table()`` clauses instead:
same table and column names, same column types (UUIDs as SQLAlchemy's ``Uuid``, dates,
the UTC timestamps), so values come back exactly as the ORM gives them, on SQLite and
PostgreSQL alike. They are descriptions, not a second schema: the tables come from the
SQLModel classes and migrations only, and tests/domain/test_core_tables.py checks every
column here against them (name and type).

Enum columns are plain text here; queries compare them with the enum's ``.value``.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Date, Integer, String, Time, Uuid, column, table
from sqlalchemy.sql.expression import TableClause

from peyvand.domain.types import UTCDateTime


def _live(name: str, *columns: object) -> TableClause:
    # Every synced table has these two, which every query here filters or returns.
    return table(name, column("id", Uuid()), column("deleted_at", UTCDateTime()), *columns)  # type: ignore[arg-type]


action = _live(
    "action",
    column("number", String()),
    column("title", String()),
    column("status", String()),
    column("due_date", Date()),
    column("owner_person_id", Uuid()),
    column("unit_id", Uuid()),
    column("source_decision_id", Uuid()),
    column("created_at", UTCDateTime()),
)

person = _live(
    "person",
    column("name", String()),
    column("name_sort", String()),
    column("title", String()),
    column("organization_id", Uuid()),
)

organization = _live(
    "organization",
    column("name", String()),
    column("name_sort", String()),
    column("name_en", String()),
)

unit = _live("unit", column("name", String()), column("name_en", String()))

visit = _live(
    "visit",
    column("number", String()),
    column("title", String()),
    column("status", String()),
    column("direction", String()),
    column("arrival", Date()),
    column("departure", Date()),
    column("partnership_id", Uuid()),
    column("organization_id", Uuid()),
    column("classification", String()),
)

meeting = _live(
    "meeting",
    column("number", String()),
    column("title", String()),
    column("date", Date()),
    column("start_time", Time()),
    column("end_time", Time()),
    column("place", String()),
    column("kind", String()),
    column("summary", String()),
    column("is_final", Boolean()),
    column("partnership_id", Uuid()),
    column("organization_id", Uuid()),
    column("visit_id", Uuid()),
    column("classification", String()),
)

# The minutes of a meeting: each row belongs to one meeting and has its place in it.
participant = _live(
    "participant",
    column("meeting_id", Uuid()),
    column("person_id", Uuid()),
    column("side", String()),
    column("role", String()),
    column("attendance", String()),
    column("position", Integer()),
)

agenda_item = _live(
    "agenda_item",
    column("meeting_id", Uuid()),
    column("position", Integer()),
    column("text", String()),
)

statement = _live(
    "statement",
    column("meeting_id", Uuid()),
    column("speaker_id", Uuid()),
    column("position", Integer()),
    column("text", String()),
)

decision = _live(
    "decision",
    column("meeting_id", Uuid()),
    column("number", Integer()),
    column("text", String()),
    column("owner_person_id", Uuid()),
    column("owner_unit_id", Uuid()),
    column("due_date", Date()),
)

partnership = _live(
    "partnership",
    column("partner_city", String()),
    column("partner_city_sort", String()),
    column("ordinal", Integer()),
    column("organization_id", Uuid()),
    column("since", Date()),
)

letter = _live(
    "letter",
    column("number", String()),
    column("subject", String()),
    column("letter_date", Date()),
    column("register_year", Integer()),
    column("register_seq", Integer()),
    column("created_at", UTCDateTime()),
)

merge_conflict = table(
    "merge_conflict", column("seq", Integer()), column("resolved_at", UTCDateTime())
)

trip_info = table("trip_info", column("id", Integer()), column("last_contacts", JSON()))

ALL: tuple[TableClause, ...] = (
    action, person, organization, unit, visit, meeting, participant, agenda_item,
    statement, decision, partnership, letter, merge_conflict, trip_info,
)  # fmt: skip
