"""What happens to every write, whoever makes it: revisions, tombstones, audit, index,
sort keys.

Hooked into SQLAlchemy's session events so that no service can forget them: a change
and its audit row and its search-index update commit or roll back together.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from sqlalchemy import Connection, event, insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from peyvand.domain.audit import AuditEvent
from peyvand.domain.base import SYNC_FIELDS, SyncColumns, sort_keys, utc_now
from peyvand.storage import change_feed, search_index
from peyvand.storage.actor import current_actor
from peyvand.text import sort_key

ACTOR_KEY = "actor"
AUDIT_ACTION_KEY = "audit_action"  # overrides "create" for new rows, e.g. "import"
KEEP_SYNC_KEY = "keep_sync_columns"  # import/merge keep given revisions and timestamps
NO_AUDIT_KEY = "no_audit"  # copying rows into a new trip package: they are not changes
TRIP_MODE_KEY = "trip_mode"  # set by Database on a trip package: new numbers provisional
DIRTY_DOCS_KEY = "search_dirty"
CHANGED_KEY = "changed_rows"  # (table, id) of every row written: for notifications
LATE_NUMBERS_KEY = "late_numbers"  # id -> LateNumber of new records numbered at commit
# A late number's stand-in until the commit: never a real number (those start with a
# digit or a trip's "T"), unique without coordination, and within the column's 40.
_PLACEHOLDER_PREFIX = "pending-"

# Tables whose changes are not worth an audit row of their own.
_UNAUDITED_FIELDS = frozenset({"updated_at", "revision", "created_at"})


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _field_values(obj: SyncColumns) -> dict[str, Any]:
    derived = sort_keys(type(obj))
    return {
        name: jsonable(getattr(obj, name))
        for name in type(obj).model_fields
        if name not in SYNC_FIELDS and name not in derived
    }


def _update_sort_keys(obj: SyncColumns) -> None:
    """Keep every ``<field>_sort`` column equal to ``sort_key(<field>)``, whoever wrote
    the row (an editor, an import, a merge, a migration's ORM copy)."""
    for key_name, source in sort_keys(type(obj)).items():
        key = sort_key(getattr(obj, source) or "")
        if getattr(obj, key_name) != key:
            setattr(obj, key_name, key)


def _changes(obj: SyncColumns) -> dict[str, list[Any]]:
    state = inspect(obj)
    derived = sort_keys(type(obj))
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if name in _UNAUDITED_FIELDS or name in derived:
            continue
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        changes[name] = [jsonable(old), jsonable(new)]
    return changes


def _audit_event(
    session: Session, obj: SyncColumns, action: str, changes: dict[str, Any]
) -> AuditEvent | None:
    if session.info.get(NO_AUDIT_KEY):
        return None
    return AuditEvent(
        actor=session.info.get(ACTOR_KEY) or current_actor(),
        entity=str(obj.__tablename__),
        entity_id=str(obj.id),
        action=action,
        changes=changes,
    )


def _audit(session: Session, obj: SyncColumns, action: str, changes: dict[str, Any]) -> None:
    event = _audit_event(session, obj, action, changes)
    if event is not None:
        session.add(event)


@dataclass
class LateNumber:
    """A new record whose number is taken at commit (:func:`defer_number`).

    ``value`` is the real number once the unit of work has committed."""

    obj: Any
    placeholder: str
    allocate: Callable[[Connection], str]  # takes the number, writes it in obj's row
    audit: AuditEvent | None = None
    value: str = ""


def defer_number(session: Session, obj: Any, allocate: Callable[[Connection], str]) -> LateNumber:
    """Number ``obj`` (new, not yet flushed) as the last thing its unit of work does.

    A number counter row is locked from the moment it is read until the commit, and
    every other workstation numbering a record of the same kind and year waits for it
    (gap-free numbers allow nothing else). Taken first, it was held while a meeting's
    twenty statements, their audit rows and its search document were written; taken
    here, only while the record's number, its creation audit row and its search document
    are written. Until then the record carries ``placeholder``; ``allocate`` takes the
    number on the unit of work's connection and writes it into the record's row. Returns
    the handle whose ``value`` is the number after the commit.
    """
    late = LateNumber(obj, f"{_PLACEHOLDER_PREFIX}{uuid.uuid4().hex}", allocate)
    session.info.setdefault(LATE_NUMBERS_KEY, {})[obj.id] = late
    return late


def late_number(session: Session, obj: Any) -> LateNumber | None:
    """The handle of ``obj``'s late number in this unit of work, if it has one."""
    found: LateNumber | None = session.info.get(LATE_NUMBERS_KEY, {}).get(obj.id)
    return found


def _settle(conn: Connection, late: list[LateNumber]) -> dict[str, str]:
    """Take each late number and write it where the placeholder stood: the record (by
    ``allocate``), its creation audit row (held back until now: the audit trail is
    insert-only), and (returned, for the search index) placeholder -> number. Core
    statements, not a flush: the counter is locked from here to the commit."""
    numbers: dict[str, str] = {}
    audit_table = AuditEvent.__table__  # type: ignore[attr-defined]
    for item in late:
        number = item.allocate(conn)
        # The session's copy says so too, without making the record dirty (no revision).
        set_committed_value(item.obj, "number", number)
        if item.audit is not None:
            item.audit.changes = {**item.audit.changes, "number": [None, number]}
            values = {
                column.key: getattr(item.audit, column.key)
                for column in audit_table.columns
                if column.key != "seq"
            }
            conn.execute(insert(audit_table).values(**values))
        item.value = number
        numbers[item.placeholder] = number
    return numbers


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    keep_sync = bool(session.info.get(KEEP_SYNC_KEY))
    dirty_docs: set[tuple[str, uuid.UUID]] = session.info.setdefault(DIRTY_DOCS_KEY, set())
    changed: set[tuple[str, uuid.UUID]] = session.info.setdefault(CHANGED_KEY, set())
    for obj in list(session.deleted):
        if isinstance(obj, SyncColumns):
            # User data is never hard-deleted: soft-delete through the services.
            raise RuntimeError(f"hard delete of {obj.__tablename__} {obj.id} refused")
    for obj in list(session.new):
        if not isinstance(obj, SyncColumns):
            continue
        _update_sort_keys(obj)
        values = _field_values(obj)
        if obj.__tablename__ == "blob":
            values.pop("data", None)
        created = {name: [None, value] for name, value in values.items()}
        action = session.info.get(AUDIT_ACTION_KEY, "create")
        late = session.info.get(LATE_NUMBERS_KEY, {}).get(obj.id)
        if late is not None and late.obj is obj:
            # Written with the number at commit (_settle).
            late.audit = _audit_event(session, obj, action, created)
        else:
            _audit(session, obj, action, created)
        dirty_docs.update(search_index.roots_of(obj))
        changed.add((str(obj.__tablename__), obj.id))
    for obj in list(session.dirty):
        if not isinstance(obj, SyncColumns) or not session.is_modified(obj):
            continue
        _update_sort_keys(obj)
        changes = _changes(obj)
        if not changes:
            continue
        if not keep_sync:
            obj.revision = (obj.revision or 0) + 1
            obj.updated_at = utc_now()
        action = "update"
        if "deleted_at" in changes:
            action = "delete" if obj.deleted_at is not None else "restore"
        _audit(
            session,
            obj,
            session.info.get(AUDIT_ACTION_KEY, action) if keep_sync else action,
            changes,
        )
        dirty_docs.update(search_index.roots_of(obj))
        changed.add((str(obj.__tablename__), obj.id))


def _before_commit(session: Session) -> None:
    session.flush()
    late: list[LateNumber] = list(session.info.pop(LATE_NUMBERS_KEY, {}).values())
    dirty_docs: set[tuple[str, uuid.UUID]] = session.info.pop(DIRTY_DOCS_KEY, set())
    # The documents of late-numbered records are read now and written after the number,
    # so that the counter is not held while they are read and folded.
    hold = {(str(item.obj.__tablename__), item.obj.id) for item in late} & dirty_docs
    if dirty_docs - hold:
        search_index.refresh(session.connection(), dirty_docs - hold)
    held = search_index.hold(session.connection(), hold) if hold else []
    changed: set[tuple[str, uuid.UUID]] = session.info.pop(CHANGED_KEY, set())
    if changed:
        actor = session.info.get(ACTOR_KEY) or current_actor()
        change_feed.announce(session.connection(), changed, actor)
    if late:
        numbers = _settle(session.connection(), late)
        search_index.write_held(session.connection(), held, numbers)


def _after_rollback(session: Session) -> None:
    session.info.pop(DIRTY_DOCS_KEY, None)
    session.info.pop(CHANGED_KEY, None)
    session.info.pop(LATE_NUMBERS_KEY, None)


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_soft_rollback", lambda s, _t: _after_rollback(s))
