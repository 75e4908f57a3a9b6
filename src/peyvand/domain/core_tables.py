"""The columns that start-up and the light commands read, described for SQLAlchemy Core.

Read by the dashboard and its charts, the conflict badge and `peyvand list`.

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

from sqlalchemy import JSON, Date, Integer, String, Time, Uuid, column, table
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
)

person = _live("person", column("name", String()), column("name_sort", String()))

organization = _live("organization", column("name", String()), column("name_sort", String()))

unit = _live("unit", column("name", String()))

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
    column("partnership_id", Uuid()),
    column("organization_id", Uuid()),
    column("visit_id", Uuid()),
    column("classification", String()),
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
    action, person, organization, unit, visit, meeting, partnership, letter,
    merge_conflict, trip_info,
)  # fmt: skip
