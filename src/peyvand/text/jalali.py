"""Jalali dates and Tehran times as the user sees and types them.

Storage stays ISO Gregorian / timezone-aware; everything shown is Jalali with Persian digits.
jdatetime does the calendar arithmetic; its ``strftime`` yields Latin digits, so nothing here
uses it for output.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final, Literal
from zoneinfo import ZoneInfo

import jdatetime

from .digits import to_latin_digits, to_persian_digits
from .normalize import INVISIBLE_CONTROLS

__all__ = [
    "TEHRAN",
    "JalaliParseError",
    "TimeParseError",
    "format_datetime_local",
    "format_jalali_date",
    "format_jalali_long",
    "format_time",
    "jalali_month_name",
    "jalali_year",
    "parse_jalali_date",
    "parse_time",
    "today_tehran",
    "utc_now",
    "weekday_name",
]

TEHRAN: Final = ZoneInfo("Asia/Tehran")

MONTH_NAMES: Final[tuple[str, ...]] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Indexed by Python's date.weekday() (Monday = 0); the compound names keep their ZWNJ.
WEEKDAY_NAMES: Final[tuple[str, ...]] = (
    "دوشنبه",
    "سه\u200cشنبه",
    "چهارشنبه",
    "پنج\u200cشنبه",
    "جمعه",
    "شنبه",
    "یک\u200cشنبه",
)

DateMsgId = Literal["date.format", "date.invalid"]
TimeMsgId = Literal["time.format", "time.invalid"]


class JalaliParseError(ValueError):
    """A typed Jalali date was rejected; ``msg_id`` selects the message shown to the user."""

    def __init__(self, msg_id: DateMsgId, value: str) -> None:
        super().__init__(f"{msg_id}: {value!r}")
        self.msg_id: DateMsgId = msg_id
        self.value: str = value


class TimeParseError(ValueError):
    """A typed time was rejected; ``msg_id`` selects the message shown to the user."""

    def __init__(self, msg_id: TimeMsgId, value: str) -> None:
        super().__init__(f"{msg_id}: {value!r}")
        self.msg_id: TimeMsgId = msg_id
        self.value: str = value


_DROP_CONTROLS: Final[dict[int, None]] = {ord(c): None for c in INVISIBLE_CONTROLS}

# Separators people type in dates: slash, hyphen, dot, and the Arabic decimal separator ٫ and
# date separator ؍, which Persian keyboards produce and which look like a slash.
_DATE_RE: Final = re.compile(
    r"([0-9]{4})\s*([/\-.\u066b\u060d])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})"
)
_TIME_RE: Final = re.compile(r"([0-9]{1,2})\s*:\s*([0-9]{2})")
# Digits alone, as people type a time on the number pad: 1030 or 930 is 10:30 or 9:30.
_TIME_DIGITS_RE: Final = re.compile(r"([0-9]{1,2})([0-9]{2})")


def _clean_typed(s: str) -> str:
    return to_latin_digits(s.translate(_DROP_CONTROLS)).strip()


def _as_date(d: dt.date) -> dt.date:
    # A datetime is a date too; an aware one means "the day it is in Tehran at that instant".
    if isinstance(d, dt.datetime):
        return d.astimezone(TEHRAN).date() if d.tzinfo is not None else d.date()
    return d


def _to_jalali(d: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=_as_date(d))
    return int(j.year), int(j.month), int(j.day)


def _digits(text: str, persian: bool) -> str:
    return to_persian_digits(text) if persian else text


def format_jalali_date(d: dt.date, *, persian_digits: bool = True) -> str:
    """``2021-02-04`` → ``۱۳۹۹/۱۱/۱۶`` (year/month/day, zero-padded)."""
    year, month, day = _to_jalali(d)
    return _digits(f"{year:04d}/{month:02d}/{day:02d}", persian_digits)


def format_jalali_long(d: dt.date, *, weekday: bool = True) -> str:
    """``2021-02-04`` → ``پنج‌شنبه ۱۶ بهمن ۱۳۹۹`` (no zero padding)."""
    year, month, day = _to_jalali(d)
    text = f"{to_persian_digits(day)} {MONTH_NAMES[month - 1]} {to_persian_digits(year)}"
    return f"{weekday_name(d)} {text}" if weekday else text


def format_time(t: dt.time) -> str:
    """``13:23`` → ``۱۳:۲۳`` (24-hour, zero-padded, seconds dropped)."""
    return to_persian_digits(f"{t.hour:02d}:{t.minute:02d}")


def format_datetime_local(value: dt.datetime) -> str:
    """An aware datetime as Tehran wall time: ``۱۳۹۹/۱۱/۱۶ ۱۳:۲۳``.

    Naive datetimes are refused: their instant is unknown, and guessing hides bugs.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("format_datetime_local needs a timezone-aware datetime")
    local = value.astimezone(TEHRAN)
    return f"{format_jalali_date(local.date())} {format_time(local.time())}"


def parse_jalali_date(s: str) -> dt.date:
    """Parse a typed Jalali date (``۱۳۹۹/۱۱/۱۶``, ``1399-11-16``, any digit set) to Gregorian.

    Raises :class:`JalaliParseError` with ``msg_id`` ``"date.format"`` when the text is not
    year/month/day with a four-digit year, or ``"date.invalid"`` when there is no such day
    (checked by the calendar, so Esfand 30 exists only in leap years).
    """
    match = _DATE_RE.fullmatch(_clean_typed(s))
    if match is None:
        raise JalaliParseError("date.format", s)
    year, month, day = int(match[1]), int(match[3]), int(match[4])
    try:
        gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError) as exc:
        raise JalaliParseError("date.invalid", s) from exc
    return gregorian


def parse_time(s: str) -> dt.time:
    """Parse a typed 24-hour time (``۱۳:۲۳``, ``9:05``, ``1323``, ``۹۰۵``, any digit set).

    Raises :class:`TimeParseError` with ``msg_id`` ``"time.format"`` or ``"time.invalid"``.
    """
    cleaned = _clean_typed(s)
    match = _TIME_RE.fullmatch(cleaned) or _TIME_DIGITS_RE.fullmatch(cleaned)
    if match is None:
        raise TimeParseError("time.format", s)
    try:
        return dt.time(int(match[1]), int(match[2]))
    except ValueError as exc:
        raise TimeParseError("time.invalid", s) from exc


def jalali_year(d: dt.date) -> int:
    """The Jalali year containing ``d``."""
    return _to_jalali(d)[0]


def jalali_month_name(m: int) -> str:
    """Persian name of Jalali month ``m`` (1 = فروردین … 12 = اسفند)."""
    if not 1 <= m <= 12:
        raise ValueError(f"no Jalali month {m}")
    return MONTH_NAMES[m - 1]


def weekday_name(d: dt.date) -> str:
    """Persian weekday name of ``d`` (``پنج‌شنبه`` for a Thursday)."""
    return WEEKDAY_NAMES[_as_date(d).weekday()]


def today_tehran(now: dt.datetime | None = None) -> dt.date:
    """The calendar date in Tehran at the aware instant ``now`` (default: the current time)."""
    if now is None:
        now = utc_now()
    elif now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("today_tehran needs a timezone-aware datetime")
    return now.astimezone(TEHRAN).date()


def utc_now() -> dt.datetime:
    """The current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)
