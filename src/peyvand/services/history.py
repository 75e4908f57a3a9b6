"""A record's history, from the audit log: who changed what and when, ready to show.

The audit log keeps ``{field: [old, new]}`` in JSON form (ISO dates and UTC times, enum
values, UUIDs of referenced records). :func:`entries` turns each event into lines a
reader understands: the field's label as the forms show it (``messages.field_label``)
and its values as the forms show them — Jalali dates and Tehran wall time in Persian
digits, بله/خیر, enum labels, the name of a referenced record, a short number kept in
reading order — each on one line. The dialog only lays them out.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, col, select

from peyvand.domain import BY_TABLE, AuditEvent, AuditRow, Blob, Decision
from peyvand.domain.base import SYNC_FIELDS, SyncColumns
from peyvand.domain.types import UTCDateTime
from peyvand.messages import Lang, enum_label, field_label, render
from peyvand.storage.database import Database
from peyvand.text import (
    format_datetime_local,
    format_jalali_date,
    format_time,
    persian_number,
    to_persian_digits,
)

SHOWN_MAX = 120  # characters of one value on its line
LRI, PDI = "\u2066", "\u2069"  # a left-to-right isolate: «۱۴۰۵-۰۰۹» keeps its order
CONFLICT, RESOLVE = "conflict", "resolve"  # audit actions of trip imports
DELETED_FIELD = "deleted_at"
# A creation lists what was filled in, not every field left at its default.
_CREATIONS = ("create", "import")
_DEFAULTS: tuple[Any, ...] = (None, "", False, [], {})


def history(db: Database, entity: str, entity_id: uuid.UUID, *, limit: int = 500) -> list[AuditRow]:
    """The raw events, newest first."""
    with db.reading() as session:
        return _events(session, entity, entity_id, limit)


@dataclass(frozen=True)
class FieldChange:
    """One field of an event, formatted. In a trip import's conflict and its resolution
    ``old`` is the office's value and ``new`` the laptop's."""

    field: str
    label: str
    old: str  # "" when there was none (a creation)
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: dt.datetime
    when: str  # «۱۴۰۵/۰۹/۱۶ ۱۰:۳۰», Tehran time
    actor: str
    action: str  # create, update, delete, restore, import, merge, conflict, resolve
    changes: tuple[FieldChange, ...]
    choice: str = ""  # a resolution: office | laptop | edited
    final_value: str = ""  # a resolution by editing: the value written, formatted


def entries(
    db: Database, entity: str, entity_id: uuid.UUID, *, lang: Lang = "fa", limit: int = 500
) -> list[HistoryEntry]:
    """The events of one record, newest first, formatted for reading."""
    with db.reading() as session:
        shown = _Values(session, entity, lang)
        return [shown.entry(event) for event in _events(session, entity, entity_id, limit)]


def _events(session: Session, entity: str, entity_id: uuid.UUID, limit: int) -> list[AuditRow]:
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(col(AuditEvent.seq).desc())
        .limit(limit)
    )
    return [AuditRow.model_validate(e) for e in events]


class _Values:
    """Formats the values of one kind of record, as its forms show them."""

    def __init__(self, session: Session, entity: str, lang: Lang) -> None:
        self.session = session
        self.entity = entity
        self.lang = lang
        model = BY_TABLE.get(entity)
        self.kinds = _kinds(model) if model is not None else {}
        self.targets = _targets(model) if model is not None else {}
        self._names: dict[tuple[str, str], str] = {}

    def entry(self, event: AuditRow) -> HistoryEntry:
        sides = event.action in (CONFLICT, RESOLVE)
        created = event.action in _CREATIONS
        changes = []
        for name in self._ordered(event.changes):
            pair = event.changes[name]
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            if created and new in _DEFAULTS:
                continue  # a field the new record left empty
            changes.append(
                FieldChange(
                    field=name,
                    label=field_label(self.entity, name, self.lang),
                    old="" if created else self.value(name, old, state=sides),
                    new=self.value(name, new, state=sides),
                )
            )
        choice = str(event.changes.get("_choice", "")) if event.action == RESOLVE else ""
        final = ""
        if choice == "edited" and changes:
            final = self.value(changes[0].field, event.changes.get("_value"))
        return HistoryEntry(
            seq=event.seq,
            at=event.at,
            when=self.moment(event.at),
            actor=event.actor,
            action=event.action,
            changes=tuple(changes),
            choice=choice,
            final_value=final,
        )

    def _ordered(self, changes: dict[str, Any]) -> list[str]:
        """The fields in the order of the record's columns (the forms' order, roughly);
        the bookkeeping of trip imports (``_package``, ``_kind``…) left out."""
        order = {name: i for i, name in enumerate(self.kinds)}
        shown = [name for name in changes if not name.startswith("_")]
        return sorted(shown, key=lambda name: order.get(name, len(order)))

    def value(self, field: str, value: Any, *, state: bool = False) -> str:
        if state and field == DELETED_FIELD:
            # Delete against edit: each side's value is its deleted state.
            return render("value.deleted" if value else "value.live", self.lang)
        if value is None or value in ("", []):
            return "—"
        show = self.kinds.get(field, _text)
        try:
            text = show(self, field, value)
        except (TypeError, ValueError, LookupError):  # a value the column never held
            text = str(value)
        return _one_line(text)

    def moment(self, at: dt.datetime) -> str:
        if self.lang == "fa":
            return format_datetime_local(at)
        return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

    def digits(self, text: str) -> str:
        return to_persian_digits(text) if self.lang == "fa" else text

    def name_of(self, table: str, key: str) -> str:
        """How the forms name a referenced record: a person's or an organization's
        name, a visit's or a meeting's number and title. Looked up whatever its state
        (a deleted organization still has a name); never the raw UUID."""
        if (table, key) not in self._names:
            self._names[(table, key)] = self._look_up(table, key)
        return self._names[(table, key)]

    def _look_up(self, table: str, key: str) -> str:
        missing = render("value.missing", self.lang)
        if table == "blob":  # an attachment's content: its size says what it is
            size = self.session.exec(select(Blob.size).where(Blob.sha256 == key)).first()
            if size is None:
                return missing
            amount = persian_number(size) if self.lang == "fa" else f"{size:,}"
            return render("value.bytes", self.lang, size=amount)
        model = BY_TABLE.get(table)
        row = self.session.get(model, uuid.UUID(key)) if model is not None else None
        if row is None:
            return missing
        if isinstance(row, Decision):
            number = self.digits(str(row.number))
            return render("value.decision", self.lang, number=number, text=row.text)
        title = next(
            (str(getattr(row, f)) for f in ("name", "title", "partner_city") if hasattr(row, f)),
            "",
        )
        number = getattr(row, "number", "")
        if isinstance(number, str) and number:
            return f"{LRI}{self.digits(number)}{PDI} {title}".rstrip()
        return title or missing


_Show = Callable[[_Values, str, Any], str]


def _text(_v: _Values, _field: str, value: Any) -> str:
    return str(value)


def _date(v: _Values, _field: str, value: Any) -> str:
    day = dt.date.fromisoformat(str(value)[:10])
    return format_jalali_date(day) if v.lang == "fa" else day.isoformat()


def _time(v: _Values, _field: str, value: Any) -> str:
    moment = dt.time.fromisoformat(str(value))
    return format_time(moment) if v.lang == "fa" else moment.strftime("%H:%M")


def _timestamp(v: _Values, _field: str, value: Any) -> str:
    moment = dt.datetime.fromisoformat(str(value))
    return v.moment(moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC))


def _bool(v: _Values, _field: str, value: Any) -> str:
    return render("value.yes" if value else "value.no", v.lang)


def _int(v: _Values, _field: str, value: Any) -> str:
    return v.digits(str(int(value)))


def _number(v: _Values, _field: str, value: Any) -> str:
    return f"{LRI}{v.digits(str(value))}{PDI}"


def _latin(_v: _Values, _field: str, value: Any) -> str:
    return f"{LRI}{value}{PDI}"  # an e-mail or a URL reads left to right


def _list(v: _Values, _field: str, value: Any) -> str:
    items = value if isinstance(value, list) else [value]
    return ("، " if v.lang == "fa" else ", ").join(str(item) for item in items)


def _reference(v: _Values, field: str, value: Any) -> str:
    return v.name_of(v.targets[field], str(value))


def _enum(enum_class: type[Any]) -> _Show:
    def show(v: _Values, _field: str, value: Any) -> str:
        return enum_label(enum_class(value), v.lang)

    return show


@cache
def _kinds(model: type[SyncColumns]) -> dict[str, _Show]:
    """How each shown column of ``model`` is formatted, in column order."""
    latin: frozenset[str] = getattr(model, "latin_fields", frozenset())
    targets = _targets(model)
    kinds: dict[str, _Show] = {}
    for column in sa_inspect(model).local_table.columns:
        name, ctype = column.key, column.type
        if name in SYNC_FIELDS and name != DELETED_FIELD:
            continue
        show: _Show = _text
        if name in targets:
            show = _reference
        elif name == "number":
            show = _number
        elif isinstance(ctype, UTCDateTime):
            show = _timestamp
        elif isinstance(ctype, sa.Date):
            show = _date
        elif isinstance(ctype, sa.Time):
            show = _time
        elif isinstance(ctype, sa.Boolean):
            show = _bool
        elif isinstance(ctype, sa.Enum) and ctype.enum_class is not None:
            show = _enum(ctype.enum_class)
        elif isinstance(ctype, sa.Integer):
            show = _int
        elif isinstance(ctype, sa.JSON):
            show = _list
        elif name in latin:
            show = _latin
        kinds[name] = show
    return kinds


@cache
def _targets(model: type[SyncColumns]) -> dict[str, str]:
    """Foreign-key column -> the table it points at."""
    return {
        column.key: fk.column.table.name
        for column in sa_inspect(model).local_table.columns
        for fk in column.foreign_keys
    }


def _one_line(text: str) -> str:
    """A value on one line: line breaks become « ⏎ », and a long value is cut."""
    flat = " ⏎ ".join(part.strip() for part in text.splitlines() if part.strip())
    return flat if len(flat) <= SHOWN_MAX else flat[: SHOWN_MAX - 1].rstrip() + "…"
