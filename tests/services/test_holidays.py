"""Official holidays come from resources/holidays/iran.json, generated from a maintained
source; the years the demo and the tests use are there, with the days every year has."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import jdatetime
import pytest

from peyvand.services import holidays

ROOT = Path(__file__).resolve().parents[2]


def _jalali(year: int, month: int, day: int) -> dt.date:
    result: dt.date = jdatetime.date(year, month, day).togregorian()
    return result


def test_the_file_covers_1399_to_1406_and_names_its_source() -> None:
    data = holidays.data()
    assert data.first_year <= 1399 and data.last_year >= 1406
    assert "holidays" in data.source and data.version


@pytest.mark.parametrize("year", range(1399, 1407))
def test_every_year_has_nowruz_and_the_national_days(year: int) -> None:
    found = holidays.between(_jalali(year, 1, 1), _jalali(year, 12, 29))
    for month, day in ((1, 1), (1, 2), (1, 3), (1, 4), (1, 12), (1, 13), (3, 14), (3, 15),
                       (11, 22), (12, 29)):
        assert _jalali(year, month, day) in found, (year, month, day)
    # Tasua and Ashura: two consecutive lunar holidays somewhere in the year.
    names = {h.name for day in found.values() for h in day}
    assert {"تاسوعای حسینی", "عاشورای حسینی"} <= names
    # A working day is not a holiday.
    assert _jalali(year, 2, 10) not in found or _jalali(year, 2, 10).weekday() == 4


def test_seed_meeting_day_is_a_working_day_and_22_bahman_1399_a_holiday() -> None:
    assert not holidays.is_holiday(dt.date(2021, 2, 4))  # Thursday 16 Bahman 1399
    assert holidays.is_holiday(dt.date(2021, 2, 10))  # 22 Bahman 1399
    assert holidays.is_holiday(dt.date(2021, 2, 5))  # a Friday
    assert holidays.is_weekend(dt.date(2021, 2, 5))


def test_names_are_stored_text_and_estimates_are_marked() -> None:
    data = holidays.data()
    everything = [h for day in data.by_day.values() for h in day]
    assert all(h.name and "ي" not in h.name and "ك" not in h.name for h in everything)
    # Lunar dates far ahead are the source's estimates, and said to be.
    late = [h for h in everything if h.day >= _jalali(1409, 1, 1)]
    assert any(h.estimated for h in late)
    assert not any(h.estimated for h in everything if h.name == "جشن نوروز")


def test_the_file_matches_the_maintained_package_on_its_confirmed_days() -> None:
    """The file is what scripts/update_holidays.py makes from the installed ``holidays``
    package (compared on confirmed days: estimates may improve in a newer release)."""
    spec = importlib.util.spec_from_file_location(
        "update_holidays", ROOT / "scripts" / "update_holidays.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("update_holidays", module)
    spec.loader.exec_module(module)
    fresh = module.generate()
    stored = json.loads(holidays.holiday_file().read_text(encoding="utf-8"))

    def confirmed(content: dict[str, object]) -> set[tuple[str, str]]:
        rows = content["holidays"]
        assert isinstance(rows, list)
        return {(h["date"], h["name"]) for h in rows if not h["estimated"]}

    # Past days must match exactly; a later release may still correct announced
    # future dates, which the next regeneration picks up.
    stored_days = confirmed(stored)
    assert len(stored_days) > 300
    assert stored_days <= confirmed(fresh) | {
        (d, n) for d, n in stored_days if d > str(dt.date.today())
    }
