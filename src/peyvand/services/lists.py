"""Paged, sorted and filtered lists for the GUI: all the work happens in SQL.

A list of 500,000 actions must show its first page at once, so nothing here loads
every row: the GUI asks for a count and then for pages as the user scrolls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    case,
    func,
    literal,
    select,
    text,
    type_coerce,
)
from sqlmodel import col

from peyvand.domain import (
    Action,
    Letter,
    Meeting,
    Organization,
    Partnership,
    Person,
    Unit,
    Visit,
)
from peyvand.domain.enums import ActionStatus, RegisterBook
from peyvand.domain.types import enum_type
from peyvand.services.actions import DUE_SOON_DAYS
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.services.partnerships import (
    DEFAULT_DORMANCY_MONTHS,
    last_contact_column,
    months_before,
)
from peyvand.services.query_helpers import broad_in
from peyvand.storage import search_index, search_walk
from peyvand.storage.database import Database


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "text"  # text | date | time | enum:<EnumName> | number | bool


@dataclass(frozen=True)
class ListQuery:
    kind: str
    search: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class ListRow:
    id: uuid.UUID
    values: dict[str, Any]
    # actions: overdue | due_soon | closed | ""; partnerships: dormant | ""
    state: str = ""


@dataclass(frozen=True)
class _Spec:
    columns: tuple[Column, ...]
    build: Callable[[dt.date, Mapping[str, Any]], Select[Any]]
    default_sort: str
    default_descending: bool
    entity: str
    id_column: Any
    # Text columns sort by their stored Persian sort key (text.sort_key), not by code
    # point: list key -> the key column (of the listed table or a joined one).
    sort_keys: Mapping[str, Any] = field(default_factory=dict)

    @property
    def table(self) -> Any:
        return self.id_column.class_.__table__


def _in(column: Any, values: Any) -> ColumnElement[bool]:
    items = [values] if isinstance(values, str | uuid.UUID) else list(values)
    return col(column).in_(items)


def _range(column: Any, filters: Mapping[str, Any], prefix: str) -> list[ColumnElement[bool]]:
    conditions = []
    if filters.get(f"{prefix}_from") is not None:
        conditions.append(column >= filters[f"{prefix}_from"])
    if filters.get(f"{prefix}_to") is not None:
        conditions.append(column <= filters[f"{prefix}_to"])
    return conditions


def _select(*columns: Any) -> Select[Any]:
    # Model attributes are typed as their Python values; at run time they are columns.
    return select(*columns)


def _action_state(on: dt.date) -> ColumnElement[str]:
    closed = col(Action.status).in_([ActionStatus.DONE, ActionStatus.CANCELLED])
    return case(
        (closed, literal("closed")),
        (col(Action.due_date) < on, literal("overdue")),
        (col(Action.due_date) <= on + dt.timedelta(days=DUE_SOON_DAYS), literal("due_soon")),
        else_=literal(""),
    )


def _actions(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    state = _action_state(on).label("state")
    query = (
        _select(
            Action.id,
            Action.number,
            Action.title,
            col(Person.name).label("owner"),
            col(Unit.name).label("unit"),
            Action.due_date,
            Action.priority,
            Action.status,
            state,
        )
        .outerjoin(Person, col(Person.id) == col(Action.owner_person_id))
        .outerjoin(Unit, col(Unit.id) == col(Action.unit_id))
        .where(col(Action.deleted_at).is_(None))
    )
    if f.get("status"):
        query = query.where(broad_in(Action.status, f["status"]))
    if f.get("unit_id"):
        query = query.where(col(Action.unit_id) == f["unit_id"])
    if f.get("owner_person_id"):
        query = query.where(col(Action.owner_person_id) == f["owner_person_id"])
    if f.get("state"):
        query = query.where(_action_state(on) == f["state"])
    for condition in _range(col(Action.due_date), f, "due"):
        query = query.where(condition)
    return query


def _visits(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    query = (
        _select(
            Visit.id,
            Visit.number,
            Visit.title,
            Visit.direction,
            col(Organization.name).label("organization"),
            Visit.city,
            Visit.arrival,
            Visit.departure,
            Visit.status,
            Visit.classification,
        )
        .outerjoin(Organization, col(Organization.id) == col(Visit.organization_id))
        .where(col(Visit.deleted_at).is_(None))
    )
    for key in ("status", "direction", "classification"):
        if f.get(key):
            query = query.where(_in(getattr(Visit, key), f[key]))
    for condition in _range(col(Visit.arrival), f, "arrival"):
        query = query.where(condition)
    return query


def _meetings(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    query = _select(
        Meeting.id,
        Meeting.number,
        Meeting.date,
        Meeting.start_time,
        Meeting.title,
        Meeting.place,
        Meeting.kind,
        Meeting.classification,
        Meeting.is_final,
    ).where(col(Meeting.deleted_at).is_(None))
    for key in ("kind", "classification"):
        if f.get(key):
            query = query.where(_in(getattr(Meeting, key), f[key]))
    if f.get("visit_id"):
        query = query.where(col(Meeting.visit_id) == f["visit_id"])
    for condition in _range(col(Meeting.date), f, "date"):
        query = query.where(condition)
    return query


def _people(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    query = (
        _select(
            Person.id,
            Person.name,
            Person.name_latin,
            Person.title,
            col(Organization.name).label("organization"),
            Person.country,
            Person.email,
            Person.phone,
        )
        .outerjoin(Organization, col(Organization.id) == col(Person.organization_id))
        .where(col(Person.deleted_at).is_(None))
    )
    if f.get("organization_id"):
        query = query.where(col(Person.organization_id) == f["organization_id"])
    if f.get("unit_id"):
        query = query.where(col(Person.unit_id) == f["unit_id"])
    return query


def _organizations(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    query = _select(
        Organization.id,
        Organization.name,
        Organization.name_en,
        Organization.kind,
        Organization.city,
        Organization.country,
    ).where(col(Organization.deleted_at).is_(None))
    if f.get("kind"):
        query = query.where(_in(Organization.kind, f["kind"]))
    return query


def _partnerships(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    query = _select(
        Partnership.id,
        Partnership.partner_city,
        Partnership.partner_country,
        Partnership.kind,
        Partnership.status,
        Partnership.ordinal,
        Partnership.since,
        last_contact_column(on).label("last_contact"),
    ).where(col(Partnership.deleted_at).is_(None))
    for key in ("kind", "status"):
        if f.get(key):
            query = query.where(_in(getattr(Partnership, key), f[key]))
    return query


def _letters(on: dt.date, f: Mapping[str, Any]) -> Select[Any]:
    """The correspondence register: both books, drafts (no number, no date) last."""
    query = (
        _select(
            Letter.id,
            Letter.number,
            Letter.letter_date,
            # The same column, labelled صادره / وارده as the register says it.
            type_coerce(Letter.direction, enum_type(RegisterBook)).label("book"),
            Letter.kind,
            Letter.subject,
            Letter.counterpart,
            Letter.has_attachments,
            func.coalesce(col(Visit.number), col(Meeting.number), "").label("linked"),
            Letter.status,
            Letter.classification,
        )
        .outerjoin(Visit, col(Visit.id) == col(Letter.visit_id))
        .outerjoin(Meeting, col(Meeting.id) == col(Letter.meeting_id))
        .where(col(Letter.deleted_at).is_(None))
    )
    if f.get("book"):
        query = query.where(_in(Letter.direction, f["book"]))
    for key in ("kind", "status", "classification"):
        if f.get(key):
            query = query.where(_in(getattr(Letter, key), f[key]))
    for key in ("visit_id", "meeting_id", "partnership_id"):
        if f.get(key):
            query = query.where(getattr(Letter, key) == f[key])
    for condition in _range(col(Letter.letter_date), f, "date"):
        query = query.where(condition)
    return query


def _cols(*items: str) -> tuple[Column, ...]:
    result = []
    for item in items:
        key, _, kind = item.partition(":")
        result.append(Column(key, kind.replace("/", ":") or "text"))
    return tuple(result)


SPECS: dict[str, _Spec] = {
    "actions": _Spec(
        _cols(
            "number",
            "title",
            "owner",
            "unit",
            "due_date:date",
            "priority:enum/Priority",
            "status:enum/ActionStatus",
        ),
        _actions,
        "due_date",
        False,
        "action",
        Action.id,
        {"title": Action.title_sort, "owner": Person.name_sort, "unit": Unit.name_sort},
    ),
    "visits": _Spec(
        _cols(
            "number",
            "title",
            "direction:enum/Direction",
            "organization",
            "city",
            "arrival:date",
            "departure:date",
            "status:enum/VisitStatus",
            "classification:enum/Classification",
        ),
        _visits,
        "arrival",
        True,
        "visit",
        Visit.id,
        {
            "title": Visit.title_sort,
            "organization": Organization.name_sort,
            "city": Visit.city_sort,
        },
    ),
    "meetings": _Spec(
        _cols(
            "number",
            "date:date",
            "start_time:time",
            "title",
            "place",
            "kind:enum/MeetingKind",
            "classification:enum/Classification",
            "is_final:bool",
        ),
        _meetings,
        "date",
        True,
        "meeting",
        Meeting.id,
        {"title": Meeting.title_sort, "place": Meeting.place_sort},
    ),
    "people": _Spec(
        _cols("name", "name_latin", "title", "organization", "country", "email", "phone"),
        _people,
        "name",
        False,
        "person",
        Person.id,
        {
            "name": Person.name_sort,
            "title": Person.title_sort,
            "organization": Organization.name_sort,
            "country": Person.country_sort,
        },
    ),
    "organizations": _Spec(
        _cols("name", "name_en", "kind:enum/OrgKind", "city", "country"),
        _organizations,
        "name",
        False,
        "organization",
        Organization.id,
        {
            "name": Organization.name_sort,
            "city": Organization.city_sort,
            "country": Organization.country_sort,
        },
    ),
    "partnerships": _Spec(
        _cols(
            "partner_city",
            "partner_country",
            "kind:enum/PartnershipKind",
            "status:enum/PartnershipStatus",
            "ordinal:number",
            "since:date",
            "last_contact:date",
        ),
        _partnerships,
        "partner_city",
        False,
        "partnership",
        Partnership.id,
        {
            "partner_city": Partnership.partner_city_sort,
            "partner_country": Partnership.partner_country_sort,
        },
    ),
    "letters": _Spec(
        _cols(
            "number",
            "letter_date:date",
            "book:enum/RegisterBook",
            "kind:enum/LetterKind",
            "subject",
            "counterpart",
            "has_attachments:bool",
            "linked",
            "status:enum/LetterStatus",
            "classification:enum/Classification",
        ),
        _letters,
        "letter_date",
        True,
        "letter",
        Letter.id,
        {
            "subject": Letter.subject_sort,
            "counterpart": Letter.counterpart_sort,
            # Register order: year, then sequence (text order would put 10 before 2).
            # Drafts have neither: 0 and the earliest date, so that they sort the same
            # on both engines (SQLite puts NULLs first, PostgreSQL last): after the
            # registered letters in the default order (newest first).
            "number": func.coalesce(
                col(Letter.register_year) * 1_000_000 + col(Letter.register_seq), 0
            ),
            "letter_date": func.coalesce(
                col(Letter.letter_date), literal(dt.date(1, 1, 1), type_=Date)
            ),
        },
    ),
}


def columns(kind: str) -> tuple[Column, ...]:
    return SPECS[kind].columns


def _filtered(db: Database, query: ListQuery, on: dt.date) -> tuple[Select[Any], _Spec]:
    spec = SPECS[query.kind]
    statement = spec.build(on, query.filters)
    match = (
        search_index.matching_ids(spec.entity, query.search, db.read_engine)
        if query.search
        else None
    )
    if match is not None:
        sql, params = match
        ids = text(sql).bindparams(**params).columns(entity_id=String)
        statement = statement.where(col(spec.id_column).in_(ids.subquery().select()))
    return statement, spec


def count(db: Database, query: ListQuery, *, clock: Clock = SYSTEM_CLOCK) -> int:
    statement, spec = _filtered(db, query, today(clock))
    # Only the filters count (they name the listed table's columns alone): the outer
    # joins that fetch names would cost a lookup per row and change nothing.
    counting = select(func.count()).select_from(spec.table)
    if statement.whereclause is not None:
        counting = counting.where(statement.whereclause)
    with db.read_connection() as conn:
        return int(conn.execute(counting).scalar_one())


def _ordered(db: Database, query: ListQuery, on: dt.date) -> tuple[Select[Any], _Spec]:
    statement, spec = _filtered(db, query, on)
    sort_key = query.sort or spec.default_sort
    descending = query.descending if query.sort else spec.default_descending
    key_column = spec.sort_keys.get(sort_key)
    sort_column = (
        statement.selected_columns[sort_key]
        if key_column is None
        # A model attribute, or an expression of the listed table (letters' register order).
        else key_column if isinstance(key_column, ColumnElement) else col(key_column)
    )
    order = sort_column.desc() if descending else sort_column.asc()
    # Then the id, for a stable page boundary. NULLs sort as the database puts them
    # (first when ascending), which keeps the list-order index usable.
    id_order = col(spec.id_column).desc() if descending else col(spec.id_column).asc()
    return statement.order_by(order, id_order), spec


def _rows(
    db: Database,
    statement: Select[Any],
    spec: _Spec,
    query: ListQuery,
    *,
    on: dt.date,
    dormancy_months: int,
) -> list[ListRow]:
    keys = [c.key for c in spec.columns]
    horizon = months_before(on, dormancy_months)
    rows = []
    with db.read_connection() as conn:
        for record in conn.execute(statement).mappings():
            values = {key: record[key] for key in keys}
            state = record.get("state", "") or ""
            if query.kind == "letters" and isinstance(values.get("counterpart"), str):
                # The first line (the name) of a recipient's address block.
                values["counterpart"] = values["counterpart"].split("\n", 1)[0]
            if query.kind == "partnerships":
                last = values["last_contact"]
                if isinstance(last, str):
                    values["last_contact"] = last = dt.date.fromisoformat(last[:10])
                state = "dormant" if last is None or last < horizon else ""
            rows.append(ListRow(id=record["id"], values=values, state=state))
    return rows


def page(
    db: Database,
    query: ListQuery,
    offset: int,
    limit: int,
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = DEFAULT_DORMANCY_MONTHS,
) -> list[ListRow]:
    on = today(clock)
    statement, spec = _ordered(db, query, on)
    statement = statement.offset(offset).limit(limit)
    return _rows(db, statement, spec, query, on=on, dormancy_months=dormancy_months)


def first_page(
    db: Database,
    query: ListQuery,
    limit: int,
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = DEFAULT_DORMANCY_MONTHS,
) -> tuple[int, list[ListRow]]:
    """How many rows match, and the first ``limit`` of them, from one snapshot (one
    read transaction: on the office server the count and the page share its round
    trips, and the count always agrees with the page)."""
    with db.reading_together():
        total = count(db, query, clock=clock)
        rows = page(db, query, 0, limit, clock=clock, dormancy_months=dormancy_months)
    return total, rows


def _ids_in_order(db: Database, query: ListQuery, on: dt.date) -> tuple[Select[Any], _Spec]:
    """The list's ids alone, in list order."""
    statement, spec = _ordered(db, query, on)
    return statement.with_only_columns(col(spec.id_column)), spec


def ordered_ids(db: Database, query: ListQuery, *, clock: Clock = SYSTEM_CLOCK) -> list[uuid.UUID]:
    """Every matching id, in list order: one pass for a search-filtered list.

    A search that matches much of a large table costs the same for every page; doing it
    once and paging through the ids (:func:`rows_for_ids`) keeps scrolling fast.
    """
    ids, _spec = _ids_in_order(db, query, today(clock))
    with db.read_connection() as conn:
        return list(conn.execute(ids).scalars())


# How many records of a list the walk tests before it leaves the first page to the full
# search (storage/search_walk.py); it gives way sooner when its rate of matches says it
# would not find a page within them. Measured on 500,000 follow-ups
# (benchmarks/list_search_bench.py): the walk and the full search take about as long
# for a word 3 % of the records contain (16,000 matches, ~0.2 s each); above, the walk
# wins (17 ms against 3.2 s at 56 %), below, the full search does.
SEARCH_WALK_BUDGET = 2_000


@dataclass(frozen=True)
class FirstRows:
    """The first rows of a searched list, in list order; ``complete``: all of them."""

    rows: list[ListRow]
    complete: bool


def first_matches(
    db: Database,
    query: ListQuery,
    limit: int,
    *,
    budget: int = SEARCH_WALK_BUDGET,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = DEFAULT_DORMANCY_MONTHS,
) -> FirstRows | None:
    """The first ``limit`` rows of a searched list — the same rows, in the same order,
    as the full search's first page — found by walking the list in its order and testing
    each record (storage/search_walk.py), so that a word most records contain shows its
    first page at once. None: not found within ``budget`` records, or no walk on this
    engine; :func:`ordered_ids` is the way then (and is what gives the total)."""
    on = today(clock)
    ids, spec = _ids_in_order(db, dataclasses.replace(query, search=""), on)
    with db.reading_together(), db.read_connection() as conn:
        in_order = conn.execute(ids)  # streamed through the list-order index
        try:
            walked = search_walk.first_matches(
                conn, spec.entity, query.search, in_order.scalars(), limit=limit, budget=budget
            )
        finally:
            in_order.close()  # the rest of the list is not read
        if walked is None:
            return None
        rows = rows_for_ids(db, query, walked.ids, clock=clock, dormancy_months=dormancy_months)
    return FirstRows(rows, walked.complete)


def rows_for_ids(
    db: Database,
    query: ListQuery,
    ids: list[uuid.UUID],
    *,
    clock: Clock = SYSTEM_CLOCK,
    dormancy_months: int = DEFAULT_DORMANCY_MONTHS,
) -> list[ListRow]:
    """The rows of ``ids`` (one page), in the order given."""
    if not ids:
        return []
    on = today(clock)
    spec = SPECS[query.kind]
    statement = spec.build(on, query.filters).where(col(spec.id_column).in_(ids))
    rows = _rows(db, statement, spec, query, on=on, dormancy_months=dormancy_months)
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]
