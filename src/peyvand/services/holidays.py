"""Iran's official holidays, from the data file resources/holidays/iran.json.

The file is generated from a maintained source (scripts/update_holidays.py; see
resources/holidays/README.md), never written into the code. Friday is the weekly
holiday. The file is static data shipped with the program, so it is read once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from peyvand.paths import resource

FRIDAY = 4  # date.weekday()


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    estimated: bool  # an Islamic holiday past the source's table of announced dates


@dataclass(frozen=True)
class HolidayData:
    source: str
    version: str
    first_year: int  # Jalali years covered
    last_year: int
    by_day: dict[dt.date, tuple[Holiday, ...]]


def holiday_file() -> Path:
    return resource("holidays", "iran.json")


@cache
def data() -> HolidayData:
    raw = json.loads(holiday_file().read_text(encoding="utf-8"))
    by_day: dict[dt.date, list[Holiday]] = {}
    for item in raw["holidays"]:
        day = dt.date.fromisoformat(item["date"])
        by_day.setdefault(day, []).append(
            Holiday(day, str(item["name"]), bool(item.get("estimated", False)))
        )
    first, last = raw["jalali_years"]
    return HolidayData(
        source=str(raw["source"]),
        version=str(raw.get("source_version", "")),
        first_year=int(first),
        last_year=int(last),
        by_day={day: tuple(items) for day, items in by_day.items()},
    )


def between(start: dt.date, end: dt.date) -> dict[dt.date, tuple[Holiday, ...]]:
    """Official holidays from ``start`` to ``end`` (inclusive)."""
    return {day: h for day, h in data().by_day.items() if start <= day <= end}


def is_weekend(day: dt.date) -> bool:
    return day.weekday() == FRIDAY


def is_holiday(day: dt.date) -> bool:
    return is_weekend(day) or day in data().by_day
