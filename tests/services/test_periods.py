"""Jalali years and months as date ranges (the dashboard's charts, the activity report)."""

from __future__ import annotations

import datetime as dt

from peyvand.services import periods

YEAR = periods.jalali_year_range(dt.date(2026, 11, 26))


def test_jalali_year_range_and_months() -> None:
    assert periods.jalali_year_range(dt.date(2026, 11, 26)) == (
        dt.date(2026, 3, 21),
        dt.date(2027, 3, 20),
    )
    months = periods.months_between(*YEAR)
    assert [m.name for m in months][:2] == ["فروردین", "اردیبهشت"]
    assert len(months) == 12 and months[-1].end == dt.date(2027, 3, 20)
    part = periods.months_between(dt.date(2026, 11, 30), dt.date(2027, 1, 5))
    assert [(m.year, m.month) for m in part] == [(1405, 9), (1405, 10)]
    assert part[0].start == dt.date(2026, 11, 30) and part[-1].end == dt.date(2027, 1, 5)
