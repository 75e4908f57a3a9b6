"""Allocation of short numbers: «۱۴۰۳-۰۴۲» per kind and Jalali year."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from sqlalchemy import Connection, exists, update
from sqlmodel import Session, select

from peyvand.domain.enums import NumberedKind
from peyvand.domain.numbering import (
    PROVISIONAL_PREFIX,
    NumberColumns,
    format_number,
)
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.storage import counters, unit_of_work
from peyvand.text import jalali_year


def record_date(obj: NumberColumns) -> dt.date | None:
    """The day a record is 'of': a meeting's date, a visit's arrival."""
    for name in ("date", "arrival"):
        value = getattr(obj, name, None)
        if isinstance(value, dt.date):
            return value
    return None


def take_next(
    session: Session, kind: NumberedKind, year: int, taken: Callable[[int], bool]
) -> int:
    """The next sequence of ``kind`` in ``year`` from its counter row, in the caller's
    (writing) transaction: never ``max() + 1``, which two writers would both read.

    A number can be taken behind the counter's back (an import that brought numbers
    in, a file edited elsewhere): ``taken(n)`` says so, and the counter steps over it
    instead of failing every later record.
    """
    counter = counters.locked_counter(session, kind, year)
    with session.no_autoflush:
        while True:
            counter.last += 1
            if not taken(counter.last):
                return counter.last


def allocate(
    session: Session,
    obj: NumberColumns,
    *,
    clock: Clock = SYSTEM_CLOCK,
    provisional: bool = False,
    year: int | None = None,
    late: bool = False,
) -> str:
    """The next number of ``obj``'s kind in ``year`` (default: the Jalali year of the
    record's own date, else today's).

    ``late``: ``obj`` is new and is numbered as the last step of the unit of work, so
    that other workstations numbering records of the same year wait for this one's
    commit only, not for all of its work (``unit_of_work.defer_number``); until then the
    record holds a placeholder, which is what is returned. :func:`pending` gives the
    number after the commit.
    """
    kind = NumberedKind(str(obj.__tablename__))
    year = year or jalali_year(record_date(obj) or today(clock))
    if provisional:
        # Unique without coordination; the office replaces it with a real number on merge.
        return f"{PROVISIONAL_PREFIX}{year}-{secrets.token_hex(3).upper()}"
    model = type(obj)
    if late:
        of_year: int = year

        table = model.__table__  # type: ignore[attr-defined]
        record_id = obj.id  # type: ignore[attr-defined]

        def take(conn: Connection) -> str:
            while True:  # stepping over numbers taken behind the counter's back
                number = format_number(of_year, counters.take(conn, kind, of_year))
                other = table.alias("other")
                free = ~exists().where(other.c.number == number)
                claimed = conn.execute(
                    update(table).where(table.c.id == record_id, free).values(number=number)
                )
                if claimed.rowcount == 1:
                    return number

        return unit_of_work.defer_number(session, obj, take).placeholder

    def taken(sequence: int) -> bool:
        number = format_number(year, sequence)
        return session.exec(select(model.number).where(model.number == number)).first() is not None

    return format_number(year, take_next(session, kind, year, taken))


def pending(session: Session, obj: NumberColumns) -> unit_of_work.LateNumber | None:
    """The late number ``obj`` will get at commit (``allocate(..., late=True)``), if any."""
    return unit_of_work.late_number(session, obj)
