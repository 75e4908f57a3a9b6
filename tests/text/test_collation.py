"""Persian alphabetical order (text.sort_key): the key's code-point order is the order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from peyvand.text import PERSIAN_ALPHABET, normalize_input, sort_key

ZWNJ = "\u200c"


def _sorted(words: list[str]) -> list[str]:
    return sorted(words, key=sort_key)


def test_the_persian_alphabet_sorts_in_order_not_by_code_point() -> None:
    letters = list(PERSIAN_ALPHABET)
    assert _sorted(list(reversed(letters))) == letters
    # What code-point order got wrong: پ چ ژ گ after ی, ی before پ.
    assert sorted(letters) != letters


def test_names_sort_as_a_persian_reader_expects() -> None:
    names = ["یزد", "گرگان", "پاریس", "ژنو", "چین", "کرمان", "بم", "جم", "زنجان", "آمل"]
    assert _sorted(names) == [
        "آمل", "بم", "پاریس", "جم", "چین", "زنجان", "ژنو", "کرمان", "گرگان", "یزد",
    ]  # fmt: skip


def test_words_sort_before_longer_words_with_the_same_start() -> None:
    assert _sorted(["آبادان", "آب انبار", "آب"]) == ["آب", "آب انبار", "آبادان"]
    # A ZWNJ separates words like a space does.
    assert sort_key(f"خواهر{ZWNJ}خوانده") == sort_key("خواهر خوانده")


def test_arabic_letter_forms_harakat_and_tatweel_do_not_change_the_place() -> None:
    assert sort_key("نوروزي") == sort_key("نوروزی")
    assert sort_key("كرمان") == sort_key("کرمان")
    assert sort_key("مُحَمَّد") == sort_key("محمد")
    assert sort_key("تهـــران") == sort_key("تهران")
    assert sort_key("مسئله") == sort_key("مسیله")
    assert sort_key("«شهرداری» (اصفهان)") == sort_key("شهرداری اصفهان")


def test_digits_in_any_script_sort_by_value_before_letters() -> None:
    assert _sorted(["نشست ۱۰", "نشست 2", "نشست ٣", "نشست الف"]) == [
        "نشست 2", "نشست ٣", "نشست ۱۰", "نشست الف",
    ]  # fmt: skip
    assert sort_key("۱۴۰۵") == sort_key("1405")


def test_persian_before_latin_and_latin_case_insensitive() -> None:
    assert _sorted(["Zagreb", "ahmad", "آرش", "Berlin"]) == ["آرش", "ahmad", "Berlin", "Zagreb"]
    assert sort_key("ÖRNEK") == sort_key("ornek")


def test_other_scripts_come_after_every_letter_in_code_point_order() -> None:
    assert _sorted(["Москва", "یزد", "zoo", "北京"]) == ["یزد", "zoo", "Москва", "北京"]


@given(st.text(alphabet=PERSIAN_ALPHABET + " " + ZWNJ + "يكۀ۰۱۲ab", max_size=30))
def test_key_fits_the_column_and_ignores_storage_normalization(text: str) -> None:
    key = sort_key(text)
    assert len(key) <= 2 * len(text)
    assert sort_key(normalize_input(text)) == key


@given(st.lists(st.text(alphabet=PERSIAN_ALPHABET, min_size=1, max_size=6), max_size=20))
def test_persian_words_sort_letter_by_letter_in_alphabet_order(words: list[str]) -> None:
    def by_alphabet(word: str) -> list[int]:
        return [PERSIAN_ALPHABET.index(c) for c in word]

    assert [by_alphabet(w) for w in _sorted(words)] == sorted(by_alphabet(w) for w in words)
