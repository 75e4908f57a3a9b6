"""Jalali dates, Tehran local time, and parsing what users type."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peyvand.text import (
    TEHRAN,
    JalaliParseError,
    TimeParseError,
    format_datetime_local,
    format_jalali_date,
    format_jalali_long,
    format_time,
    jalali_month_name,
    jalali_year,
    parse_jalali_date,
    parse_time,
    today_tehran,
    utc_now,
    weekday_name,
)

ZWNJ = "\u200c"
BAHMAN_16_1399 = dt.date(2021, 2, 4)  # a Thursday
TO_ARABIC_INDIC = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


# --- formatting ------------------------------------------------------------------------------


def test_format_jalali_date() -> None:
    assert format_jalali_date(BAHMAN_16_1399) == "۱۳۹۹/۱۱/۱۶"
    assert format_jalali_date(BAHMAN_16_1399, persian_digits=False) == "1399/11/16"


def test_format_jalali_date_zero_pads() -> None:
    assert format_jalali_date(dt.date(2020, 3, 20)) == "۱۳۹۹/۰۱/۰۱"


def test_format_jalali_long() -> None:
    assert format_jalali_long(BAHMAN_16_1399) == f"پنج{ZWNJ}شنبه ۱۶ بهمن ۱۳۹۹"
    assert format_jalali_long(BAHMAN_16_1399, weekday=False) == "۱۶ بهمن ۱۳۹۹"
    assert format_jalali_long(dt.date(2020, 3, 20), weekday=False) == "۱ فروردین ۱۳۹۹"


def test_weekday_names_saturday_first() -> None:
    saturday = dt.date(2021, 1, 30)
    names = [weekday_name(saturday + dt.timedelta(days=i)) for i in range(7)]
    assert names == [
        "شنبه",
        f"یک{ZWNJ}شنبه",
        "دوشنبه",
        f"سه{ZWNJ}شنبه",
        "چهارشنبه",
        f"پنج{ZWNJ}شنبه",
        "جمعه",
    ]


def test_month_names() -> None:
    names = [jalali_month_name(m) for m in range(1, 13)]
    assert names == [
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
    ]
    assert names == list(jdatetime.date.j_months_fa)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_name_out_of_range(month: int) -> None:
    with pytest.raises(ValueError):
        jalali_month_name(month)


def test_jalali_year() -> None:
    assert jalali_year(BAHMAN_16_1399) == 1399
    assert jalali_year(dt.date(2021, 3, 20)) == 1399  # Esfand 30 of a leap year
    assert jalali_year(dt.date(2021, 3, 21)) == 1400


def test_format_time() -> None:
    assert format_time(dt.time(13, 23)) == "۱۳:۲۳"
    assert format_time(dt.time(9, 5, 59)) == "۰۹:۰۵"
    assert format_time(dt.time(0, 0)) == "۰۰:۰۰"


# --- Tehran local time -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "local"),
    [
        (utc(2021, 2, 4, 9, 53), "۱۳۹۹/۱۱/۱۶ ۱۳:۲۳"),  # winter, +03:30
        (utc(2020, 6, 1, 12, 0), "۱۳۹۹/۰۳/۱۲ ۱۶:۳۰"),  # DST era summer, +04:30
        (utc(2023, 6, 1, 12, 0), "۱۴۰۲/۰۳/۱۱ ۱۵:۳۰"),  # no DST since 2022, +03:30
        (utc(2021, 2, 4, 21, 0), "۱۳۹۹/۱۱/۱۷ ۰۰:۳۰"),  # crosses midnight in Tehran
        (
            dt.datetime(2021, 2, 4, 10, 53, tzinfo=ZoneInfo("Europe/Paris")),
            "۱۳۹۹/۱۱/۱۶ ۱۳:۲۳",
        ),
    ],
)
def test_format_datetime_local(instant: dt.datetime, local: str) -> None:
    assert format_datetime_local(instant) == local


def test_tehran_offsets() -> None:
    assert utc(2020, 6, 1).astimezone(TEHRAN).utcoffset() == dt.timedelta(hours=4, minutes=30)
    assert utc(2023, 6, 1).astimezone(TEHRAN).utcoffset() == dt.timedelta(hours=3, minutes=30)


def test_format_datetime_local_rejects_naive() -> None:
    with pytest.raises(ValueError):
        format_datetime_local(dt.datetime(2021, 2, 4, 13, 23))


def test_aware_datetime_as_date_uses_tehran_day() -> None:
    assert format_jalali_date(utc(2021, 2, 4, 21, 0)) == "۱۳۹۹/۱۱/۱۷"
    assert weekday_name(utc(2021, 2, 4, 21, 0)) == "جمعه"


def test_today_tehran() -> None:
    assert today_tehran(utc(2021, 2, 4, 20, 29)) == dt.date(2021, 2, 4)
    assert today_tehran(utc(2021, 2, 4, 20, 30)) == dt.date(2021, 2, 5)
    with pytest.raises(ValueError):
        today_tehran(dt.datetime(2021, 2, 4, 12, 0))
    before = utc_now().astimezone(TEHRAN).date()
    today = today_tehran()
    assert before <= today <= utc_now().astimezone(TEHRAN).date()  # midnight may pass between


def test_utc_now_is_aware_utc() -> None:
    now = utc_now()
    assert now.utcoffset() == dt.timedelta(0)
    assert abs(now - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)


# --- parsing dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "۱۳۹۹/۱۱/۱۶",
        "1399/11/16",
        "١٣٩٩/١١/١٦",
        "1399-11-16",
        "1399.11.16",
        "۱۳۹۹/11/١٦",
        "  ۱۳۹۹/۱۱/۱۶ \t",
        "۱۳۹۹ / ۱۱ / ۱۶",
        "\u200f۱۳۹۹/۱۱/۱۶\u200e",
        "۱۳۹۹٫۱۱٫۱۶",
    ],
)
def test_parse_jalali_date(typed: str) -> None:
    assert parse_jalali_date(typed) == BAHMAN_16_1399


def test_parse_without_zero_padding() -> None:
    assert parse_jalali_date("1399/1/1") == dt.date(2020, 3, 20)


@pytest.mark.parametrize(
    ("typed", "gregorian"),
    [("1399/12/30", dt.date(2021, 3, 20)), ("۱۴۰۳/۱۲/۳۰", dt.date(2025, 3, 20))],
)
def test_esfand_30_in_leap_years(typed: str, gregorian: dt.date) -> None:
    assert parse_jalali_date(typed) == gregorian


def test_esfand_30_invalid_in_common_year() -> None:
    with pytest.raises(JalaliParseError) as info:
        parse_jalali_date("۱۴۰۲/۱۲/۳۰")
    assert info.value.msg_id == "date.invalid"
    assert info.value.value == "۱۴۰۲/۱۲/۳۰"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "typed", ["1399/13/01", "1399/00/10", "1399/01/00", "1399/01/32", "1400/07/31", "0000/01/01"]
)
def test_parse_invalid_day(typed: str) -> None:
    with pytest.raises(JalaliParseError) as info:
        parse_jalali_date(typed)
    assert info.value.msg_id == "date.invalid"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "99/11/16",  # two-digit year
        "۹۹/۱۱/۱۶",
        "399/11/16",
        "13990/11/16",
        "1399/11",
        "1399/11/16/1",
        "1399/011/16",
        "1399/11-16",  # mixed separators
        "16/11/1399",  # day first
        "۱۶ بهمن ۱۳۹۹",
        "1399 11 16",
        "abc",
    ],
)
def test_parse_bad_format(typed: str) -> None:
    with pytest.raises(JalaliParseError) as info:
        parse_jalali_date(typed)
    assert info.value.msg_id == "date.format"
    assert info.value.value == typed


gregorian_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@given(gregorian_dates, st.booleans())
def test_date_round_trip(day: dt.date, persian_digits: bool) -> None:
    text = format_jalali_date(day, persian_digits=persian_digits)
    assert parse_jalali_date(text) == day
    assert parse_jalali_date(text.translate(TO_ARABIC_INDIC)) == day


@given(gregorian_dates)
def test_long_form_agrees_with_short_form(day: dt.date) -> None:
    y, m, d = (int(part) for part in format_jalali_date(day, persian_digits=False).split("/"))
    assert format_jalali_long(day, weekday=False) == format_jalali_long(
        parse_jalali_date(f"{y}/{m}/{d}"), weekday=False
    )
    assert jalali_year(day) == y
    assert jalali_month_name(m) in format_jalali_long(day)


date_like = st.lists(
    st.sampled_from(list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩/-.٫: \u200fa")), max_size=14
).map("".join)


@given(st.one_of(st.text(max_size=20), date_like))
def test_parse_date_raises_only_jalali_parse_error(text: str) -> None:
    try:
        result = parse_jalali_date(text)
    except JalaliParseError as exc:
        assert exc.msg_id in {"date.format", "date.invalid"}
        assert exc.value == text
    else:
        assert isinstance(result, dt.date)


# --- parsing times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("۱۳:۲۳", dt.time(13, 23)),
        ("13:23", dt.time(13, 23)),
        ("١٣:٢٣", dt.time(13, 23)),
        ("9:05", dt.time(9, 5)),
        ("۰۹:۰۵", dt.time(9, 5)),
        (" 0:00 ", dt.time(0, 0)),
        ("23:59", dt.time(23, 59)),
        # digits alone, as typed on a number pad
        ("1030", dt.time(10, 30)),
        ("۱۰۳۰", dt.time(10, 30)),
        ("930", dt.time(9, 30)),
        ("0000", dt.time(0, 0)),
    ],
)
def test_parse_time(typed: str, value: dt.time) -> None:
    assert parse_time(typed) == value


@pytest.mark.parametrize("typed", ["24:00", "12:60", "۹۹:۹۹", "2400", "۱۲۶۰"])
def test_parse_time_invalid(typed: str) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_time(typed)
    assert info.value.msg_id == "time.invalid"
    assert info.value.value == typed
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "typed", ["", "12:3", "123:00", "12:30:00", "ساعت ۱۲", "12.30", "12", "12345", "1 30"]
)
def test_parse_time_bad_format(typed: str) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_time(typed)
    assert info.value.msg_id == "time.format"


@given(st.times())
def test_time_round_trip(value: dt.time) -> None:
    assert parse_time(format_time(value)) == value.replace(second=0, microsecond=0)


@given(st.one_of(st.text(max_size=10), date_like))
def test_parse_time_raises_only_time_parse_error(text: str) -> None:
    try:
        parse_time(text)
    except TimeParseError as exc:
        assert exc.msg_id in {"time.format", "time.invalid"}
