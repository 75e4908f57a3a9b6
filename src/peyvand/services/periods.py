"""Jalali years and months as Gregorian date ranges (the dashboard's charts, the
activity report, the period dialog).

A module of its own, without the database models, because the dashboard paints its
charts at start-up (issue 16: what the first paint imports is kept to what it needs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jdatetime

from peyvand.text import jalali_month_name


def jalali_year_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the Jalali year that holds ``day``."""
    year = jdatetime.date.fromgregorian(date=day).year
    first: dt.date = jdatetime.date(year, 1, 1).togregorian()
    last: dt.date = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    return first, last


@dataclass(frozen=True)
class Month:
    year: int  # Jalali
    month: int
    start: dt.date
    end: dt.date
    incoming: int = 0
    outgoing: int = 0
    meetings: int = 0

    @property
    def name(self) -> str:
        return jalali_month_name(self.month)


def months_between(start: dt.date, end: dt.date) -> list[Month]:
    """The Jalali months that meet the period, each cut to it."""
    result = []
    j = jdatetime.date.fromgregorian(date=start)
    year, month = j.year, j.month
    while True:
        first: dt.date = jdatetime.date(year, month, 1).togregorian()
        nxt_year, nxt_month = (year + 1, 1) if month == 12 else (year, month + 1)
        last: dt.date = jdatetime.date(nxt_year, nxt_month, 1).togregorian() - dt.timedelta(
            days=1
        )
        if first > end:
            break
        result.append(Month(year, month, max(first, start), min(last, end)))
        year, month = nxt_year, nxt_month
    return result
