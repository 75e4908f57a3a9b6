"""Allocation of short numbers: «۱۴۰۳-۰۴۲» per kind and Jalali year."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from sqlmodel import Session, select

from peyvand.domain.enums import NumberedKind
from peyvand.domain.numbering import (
    PROVISIONAL_PREFIX,
    NumberColumns,
    format_number,
)
from peyvand.services.clock import SYSTEM_CLOCK, Clock, today
from peyvand.storage import counters
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
) -> str:
    """The next number of ``obj``'s kind in ``year`` (default: the Jalali year of the
    record's own date, else today's)."""
    kind = NumberedKind(str(obj.__tablename__))
    year = year or jalali_year(record_date(obj) or today(clock))
    if provisional:
        # Unique without coordination; the office replaces it with a real number on merge.
        return f"{PROVISIONAL_PREFIX}{year}-{secrets.token_hex(3).upper()}"
    model = type(obj)

    def taken(sequence: int) -> bool:
        number = format_number(year, sequence)
        return session.exec(select(model.number).where(model.number == number)).first() is not None

    return format_number(year, take_next(session, kind, year, taken))
