"""Time as the services see it; injectable so 'overdue' and 'due soon' are testable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from peyvand.text import today_tehran


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


SYSTEM_CLOCK: Clock = SystemClock()


def today(clock: Clock = SYSTEM_CLOCK) -> date:
    """Today's date in Tehran: the office's 'today', wherever the laptop is."""
    return today_tehran(clock.now())
