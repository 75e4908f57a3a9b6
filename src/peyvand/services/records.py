"""Create, read, update and (soft) delete for every entity, with validation.

The specific use cases (minutes, actions, …) build on these; they run inside the
caller's session so a use case of several steps stays one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import pydantic
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, select

from peyvand.domain import BY_TABLE, SPECS, Blob, Meeting
from peyvand.domain.base import DomainData, RowBase, SyncColumns, utc_now
from peyvand.domain.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from peyvand.domain.numbering import NumberColumns
from peyvand.domain.rules import check
from peyvand.services import numbering
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.storage import accounts as server_accounts
from peyvand.storage.database import Database
from peyvand.storage.unit_of_work import TRIP_MODE_KEY

T = TypeVar("T", bound=SyncColumns)
R = TypeVar("R", bound=RowBase)

# Tables whose rows are part of a meeting's minutes, locked when the meeting is final.
MINUTES_TABLES = frozenset({"participant", "agenda_item", "statement", "decision"})

_PYDANTIC_IDS = {
    "missing": "field.required",
    "string_too_short": "field.required",
    "string_too_long": "field.too_long",
    "too_long": "field.too_long",
    "greater_than_equal": "field.out_of_range",
    "less_than_equal": "field.out_of_range",
    "greater_than": "field.out_of_range",
    "less_than": "field.out_of_range",
}


def translate(exc: pydantic.ValidationError) -> ValidationError:
    """The first pydantic error as our own message id (Persian and English text)."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else None
    msg_id = _PYDANTIC_IDS.get(error["type"], "field.invalid")
    limit = (error.get("ctx") or {}).get("max_length", "")
    return ValidationError(msg_id, field=field, limit=limit)


def validate(model: type[SyncColumns], values: Mapping[str, Any]) -> DomainData:
    data_cls = SPECS[model][0]
    try:
        data = data_cls.model_validate(dict(values))
    except pydantic.ValidationError as exc:
        raise translate(exc) from None
    check(data)
    return data


def to_row(obj: SyncColumns) -> RowBase:
    return SPECS[type(obj)][1].model_validate(obj)


def rows(objs: list[Any]) -> list[Any]:
    return [to_row(o) for o in objs]


def _hidden_from_this_login(session: Session, entity_id: uuid.UUID) -> bool:
    """On the office server, whether the record exists but row-level security hides it
    from this login (classified, or hidden since it was read): that is a refusal, not a
    record gone. The server answers it for any id without telling anything else."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return bool(server_accounts.known_ids(session.connection(), [entity_id]))


def get(session: Session, model: type[T], entity_id: uuid.UUID, *, live: bool = True) -> T:
    obj = session.get(model, entity_id)
    if obj is None and _hidden_from_this_login(session, entity_id):
        raise PermissionDeniedError("account.not_permitted")
    if obj is None or (live and obj.deleted_at is not None):
        raise NotFoundError("record.not_found", entity=str(model.__tablename__), ref=str(entity_id))
    return obj


_REFERENCED_KEY = "referenced_rows"


def preload(session: Session, model: type[SyncColumns], ids: Iterable[uuid.UUID | None]) -> None:
    """Read the rows of ``ids`` in one query and hold them for the unit of work, so that
    the reference checks of the rows about to be added find them without a query each
    (and without flushing between them)."""
    wanted = {i for i in ids if i is not None}
    if wanted:
        table: Any = model
        found = list(session.exec(select(table).where(col(table.id).in_(wanted))))
        session.info.setdefault(_REFERENCED_KEY, []).extend(found)


def _check_references(session: Session, model: type[SyncColumns], data: DomainData) -> None:
    table = sa_inspect(model).local_table
    for column in table.columns:
        value = getattr(data, column.key, None)
        if value is None:
            continue
        for fk in column.foreign_keys:
            target_table = fk.column.table.name
            if target_table == "blob":
                found = session.exec(select(Blob.id).where(Blob.sha256 == value)).first()
                ok = found is not None
            else:
                target = session.get(BY_TABLE[target_table], value)
                ok = target is not None and target.deleted_at is None
                # Held for the unit of work: the session keeps objects weakly, and the
                # next row naming the same person (20 statements, 8 speakers) would read
                # it again — a round trip each on the office server.
                session.info.setdefault(_REFERENCED_KEY, []).append(target)
            if not ok:
                raise ValidationError("reference.missing", field=column.key)


def _meeting_of(session: Session, model: type[SyncColumns], values: Any) -> Meeting | None:
    table = str(model.__tablename__)
    if table == "meeting":
        return values if isinstance(values, Meeting) else None
    if table in MINUTES_TABLES:
        meeting_id = getattr(values, "meeting_id", None)
        return session.get(Meeting, meeting_id) if meeting_id else None
    return None


def ensure_editable(session: Session, model: type[SyncColumns], obj: Any) -> None:
    meeting = _meeting_of(session, model, obj)
    if meeting is not None and meeting.is_final:
        raise ConflictError("meeting.final", number=meeting.number)
    # A registered letter is a register entry: changed only by a revision
    # (services/letters.py), never edited or deleted in place.
    if str(model.__tablename__) == "letter" and getattr(obj, "status", None) == "registered":
        raise ConflictError("letter.registered", number=getattr(obj, "number", ""))


def create(
    session: Session,
    model: type[T],
    values: Mapping[str, Any],
    *,
    clock: Clock = SYSTEM_CLOCK,
    provisional: bool = False,
    flush: bool = True,
    late_number: bool = False,
) -> T:
    """Validate and add a new row. ``flush=False`` leaves the INSERT to the session's
    next flush, so that the rows a caller adds in a loop (a meeting's statements) go
    in as one statement, with their audit rows as another. ``late_number``: a numbered
    record gets its number when the unit of work commits (``numbering.allocate``'s
    ``late``; the caller reads it with ``numbering.pending``)."""
    data = validate(model, values)
    _check_references(session, model, data)
    obj = model(**data.model_dump())
    ensure_editable(session, model, obj)
    if isinstance(obj, NumberColumns):
        # On a trip laptop numbers are provisional: the office allocates real ones on merge.
        provisional = provisional or bool(session.info.get(TRIP_MODE_KEY))
        obj.number = numbering.allocate(
            session, obj, clock=clock, provisional=provisional, late=late_number
        )
        obj.number_provisional = provisional
    session.add(obj)
    if flush:
        session.flush()
    return obj


def update(
    session: Session,
    model: type[T],
    entity_id: uuid.UUID,
    changes: Mapping[str, Any],
    *,
    expected_revision: int | None = None,
) -> T:
    """Apply ``changes`` to editable fields; a stale ``expected_revision`` is refused."""
    obj = get(session, model, entity_id)
    if expected_revision is not None and obj.revision != expected_revision:
        raise ConflictError("record.stale", entity=str(model.__tablename__))
    ensure_editable(session, model, obj)
    data_cls = SPECS[model][0]
    # Sync columns, protected columns and unknown names alike: a typo must not
    # silently drop an edit.
    bad = set(changes) - set(data_cls.model_fields)
    if bad:
        raise ValidationError("field.invalid", field=sorted(bad)[0])
    current = {name: getattr(obj, name) for name in data_cls.model_fields}
    data = validate(model, {**current, **changes})
    _check_references(session, model, data)
    ensure_editable(session, model, data)  # moving a row into final minutes is editing them
    for name in data_cls.model_fields:
        new = getattr(data, name)
        if getattr(obj, name) != new:
            setattr(obj, name, new)
    session.flush()
    return obj


def soft_delete(session: Session, model: type[T], entity_id: uuid.UUID) -> T:
    obj = get(session, model, entity_id)
    ensure_editable(session, model, obj)
    obj.deleted_at = utc_now()
    session.flush()
    return obj


# Whole-transaction conveniences for callers outside the service layer.


def create_row(db: Database, model: type[SyncColumns], values: Mapping[str, Any]) -> Any:
    with db.session() as session:
        return to_row(create(session, model, values))


def update_row(
    db: Database,
    model: type[SyncColumns],
    entity_id: uuid.UUID,
    changes: Mapping[str, Any],
    *,
    expected_revision: int | None = None,
) -> Any:
    with db.session() as session:
        return to_row(
            update(session, model, entity_id, changes, expected_revision=expected_revision)
        )


def delete_row(db: Database, model: type[SyncColumns], entity_id: uuid.UUID) -> Any:
    with db.session() as session:
        return to_row(soft_delete(session, model, entity_id))


def get_row(db: Database, model: type[SyncColumns], entity_id: uuid.UUID) -> Any:
    with db.reading() as session:
        return to_row(get(session, model, entity_id))
