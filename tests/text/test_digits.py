"""Digit sets: display with Persian digits, parse any digit set."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peyvand.text import parse_int, persian_number, to_latin_digits, to_persian_digits

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
LATIN = "0123456789"


def test_to_persian_digits() -> None:
    assert to_persian_digits(LATIN) == PERSIAN
    assert to_persian_digits(ARABIC_INDIC) == PERSIAN
    assert to_persian_digits(PERSIAN) == PERSIAN
    assert to_persian_digits(1399) == "۱۳۹۹"
    assert to_persian_digits(-42) == "-۴۲"
    assert to_persian_digits("ساعت 9:05") == "ساعت ۹:۰۵"


def test_to_latin_digits() -> None:
    assert to_latin_digits(PERSIAN) == LATIN
    assert to_latin_digits(ARABIC_INDIC) == LATIN
    assert to_latin_digits("تلفن ۰۲۱-٨٨ 12") == "تلفن 021-88 12"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("۱۲۳", 123),
        ("١٢٣", 123),
        ("123", 123),
        ("۱٢3", 123),  # mixed digit sets
        ("  ۴۲\t", 42),
        ("\u200f۴۲\u200e", 42),  # bidi marks from pasting
        ("-۷", -7),
        ("+7", 7),
        ("۰۰۷", 7),
    ],
)
def test_parse_int(typed: str, value: int) -> None:
    assert parse_int(typed) == value


@pytest.mark.parametrize(
    "typed",
    ["", "  ", "۱۲a", "1 2", "۱۲٬۰۰۰", "12,000", "1.5", "1_000", "१२", "--1", "- 1", "۱۲-"],
)
def test_parse_int_rejects(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_int(typed)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "۰"),
        (999, "۹۹۹"),
        (1000, "۱٬۰۰۰"),
        (1234567, "۱٬۲۳۴٬۵۶۷"),
        (-1234, "-۱٬۲۳۴"),
    ],
)
def test_persian_number(n: int, text: str) -> None:
    assert persian_number(n) == text


def test_persian_number_without_grouping() -> None:
    assert persian_number(1234567, grouping=False) == "۱۲۳۴۵۶۷"


@given(st.integers())
def test_digits_round_trip(n: int) -> None:
    assert to_latin_digits(to_persian_digits(n)) == str(n)
    assert parse_int(to_persian_digits(n)) == n
    assert parse_int(str(n).translate(str.maketrans(LATIN, ARABIC_INDIC))) == n


@given(st.integers())
def test_persian_number_uses_only_persian_digits(n: int) -> None:
    text = persian_number(n)
    assert set(text) <= set(PERSIAN + "٬-")
    assert int(to_latin_digits(text.replace("٬", ""))) == n


@given(st.text(max_size=30))
def test_parse_int_raises_only_value_error(text: str) -> None:
    # Any other exception type fails the test.
    with contextlib.suppress(ValueError):
        parse_int(text)
