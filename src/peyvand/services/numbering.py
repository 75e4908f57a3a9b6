"""Allocation of short numbers: «۱۴۰۳-۰۴۲» per kind and Jalali year."""

from __future__ import annotations

import datetime as dt
import secrets

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
    counter = counters.locked_counter(session, kind, year)
    model = type(obj)
    # A number can be taken behind the counter's back (an import that brought numbers
    # in, a file edited elsewhere): step over it instead of failing every later record.
    with session.no_autoflush:
        while True:
            counter.last += 1
            number = format_number(year, counter.last)
            taken = session.exec(select(model.number).where(model.number == number)).first()
            if taken is None:
                return number
