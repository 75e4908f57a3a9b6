"""The line machinery: preparing Persian text, shaping words, the bidi algorithm."""

from __future__ import annotations

import unicodedata

import pytest
from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from peyvand.briefs import fonts, rtl

LRM = "\u200e"
ZWNJ = "\u200c"


def forms(shaped: str) -> list[str]:
    """FINAL / INITIAL / MEDIAL / ISOLATED for each presentation form, else the letter."""
    out = []
    for c in shaped:
        name = unicodedata.name(c, "")
        kind = next((k for k in ("FINAL", "INITIAL", "MEDIAL", "ISOLATED") if k in name), c)
        out.append(kind)
    return out


# -- prepare ----------------------------------------------------------------------------


def test_persian_text_gets_persian_digits_latin_tokens_keep_theirs() -> None:
    text = rtl.prepare("صرف 700 میلیارد تومان؛ https://riahnews.ir/?p=4402 و m.x2@example.org")
    assert "۷۰۰ میلیارد" in text
    assert "https://riahnews.ir/?p=4402" in text
    assert "m.x2@example.org" in text


def test_english_text_keeps_latin_digits() -> None:
    assert rtl.prepare("Day 2, 10:00", "L") == "Day 2, 10:00"


def test_iso_dates_and_hyphenated_numbers_are_marked_left_to_right() -> None:
    assert rtl.prepare("تاریخ 2021-02-04 است") == f"تاریخ {LRM}2021-02-04{LRM} است"
    assert rtl.prepare("جلسه 1399-001") == f"جلسه {LRM}۱۳۹۹-۰۰۱{LRM}"
    # A slash date is one number for the bidi algorithm already: no marks.
    assert rtl.prepare("۱۳۹۹/۱۱/۱۶") == "۱۳۹۹/۱۱/۱۶"


def test_phone_numbers_stay_latin_and_together() -> None:
    text = rtl.prepare("تلفن +98 31 5555 0101 است")
    assert text == f"تلفن {LRM}+98\u00a031\u00a05555\u00a00101{LRM} است"


def test_prepare_normalizes_and_keeps_zwnj_and_harakat() -> None:
    assert rtl.prepare("  مي\u200cشود  قطعاً  ") == "می\u200cشود قطعاً"


# -- shaping ----------------------------------------------------------------------------

_LETTERS = [*"ابپتثجچحخدذرزژسشصطظعغفقکگلمنوهیآأؤئۀة", " ", ZWNJ, "\u064b", "\u0654", "لا", "الله"]


def test_harakat_are_kept() -> None:
    assert "\u064b" in rtl.shape("قطعاً")
    assert "\u064f" in rtl.shape("مُحمد")


def test_zwnj_breaks_the_join() -> None:
    shaped = rtl.shape("می\u200cشود")
    assert forms(shaped) == ["INITIAL", "FINAL", ZWNJ, "INITIAL", "FINAL", "د"]
    # The letter before the ZWNJ ends its part; the one after starts a new part.
    before, after = shaped.split(ZWNJ)
    assert forms(before)[-1] == "FINAL"
    assert forms(after)[0] == "INITIAL"
    before, after = rtl.shape("بین\u200cالملل").split(ZWNJ)
    assert forms(before)[-1] == "FINAL"
    assert after[0] == "ا"  # alef never joins to what follows it: plain letter


def test_every_shaped_character_is_in_the_font() -> None:
    cover = fonts.coverage()
    for word in ("خانۀ", "ٺ", "لاله", "بین\u200cالملل", "«یونیسف»", "\u2066x\u2069"):
        assert cover.issuperset(rtl.shape(word)), word


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LETTERS), min_size=1, max_size=30))
def test_shaping_matches_the_stock_reshaper(chars: list[str]) -> None:
    # The reshaper's settings are read once for speed; the result must not change.
    stock = ArabicReshaper(
        configuration={
            "delete_harakat": False,
            "use_unshaped_instead_of_isolated": True,
            "ARABIC LIGATURE ALLAH": False,
        }
    )
    text = "".join(chars)
    assert rtl._RESHAPER.reshape(text) == stock.reshape(text)


def test_lam_alef_is_one_glyph() -> None:
    assert len(rtl.shape("لا")) == 1


def test_shape_parts_match_word_by_word_shaping() -> None:
    text = "می\u200cشود قطعاً\nلاله و UNICEF"
    parts = rtl.shape_parts(text)
    assert parts == tuple(
        p if p in (" ", "\n") else rtl.shape(p) for p in rtl._SEPARATORS.split(text)
    )


# -- bidi -------------------------------------------------------------------------------


def test_persian_line_reads_right_to_left() -> None:
    assert rtl.visual("الف ب") == "ب فلا"


def test_latin_and_numbers_inside_persian_stay_left_to_right() -> None:
    line = "سازمان UNICEF و ۷۰۰ میلیارد"
    assert rtl.visual(line) == "درایلیم ۷۰۰ و UNICEF نامزاس"


def test_brackets_and_guillemets_face_the_right_way() -> None:
    # Drawn left to right; mirrored glyphs make them look right in a right-to-left line.
    assert rtl.visual("(یونیسف)") == "(فسینوی)"
    assert rtl.visual("«شهر»") == "«رهش»"
    assert rtl.visual("یونیسف (UNICEF) را") == "ار (UNICEF) فسینوی"


def test_paired_brackets_around_latin_text_rule_n0() -> None:
    # python-bidi's get_display gets this wrong: «(UNICEF (United Nations».
    assert rtl.visual("سازمان UNICEF (United Nations) است") == "تسا UNICEF (United Nations) نامزاس"


def test_marked_iso_date_is_not_reversed() -> None:
    assert rtl.visual(f"تاریخ {LRM}2021-02-04{LRM} است") == f"تسا {LRM}2021-02-04{LRM} خیرات"
    # Without the marks, the bidi algorithm turns it around (the trap the marks avoid).
    assert "04-02-2021" in rtl.visual("تاریخ 2021-02-04 است")


def test_line_starting_with_latin_keeps_right_to_left_base() -> None:
    assert rtl.visual("UNICEF برنامه") == "همانرب UNICEF"


def test_english_base() -> None:
    assert rtl.visual("Hosts: مهدی", "L") == "Hosts: یدهم"


_ALPHABET = (
    list("ابپتثجچحخدذرزژسشصطظعغفقکگلمنوهی")
    + list("abcXYZ0123456789۰۱۲۳۴۵۶۷۸۹")
    + [" "] * 6
    + list(".,:-/+%،«»!?٬")
    + [ZWNJ, LRM, "\u064b"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), min_size=1, max_size=40), st.sampled_from("RL"))
def test_agrees_with_python_bidi_without_brackets(chars: list[str], base: str) -> None:
    # python-bidi implements the algorithm except rule N0 (paired brackets) and drops
    # ZWNJ (BN) from its output; elsewhere the two must agree exactly.
    text = " ".join("".join(chars).split())
    if not text:
        return
    mine = rtl.visual(text, base).replace(ZWNJ, "")  # type: ignore[arg-type]
    assert mine == get_display(text, base_dir=base)


@pytest.mark.parametrize("base", ["R", "L"])
def test_visual_order_is_a_permutation(base: str) -> None:
    text = f"جلسه {LRM}۱۳۹۹-۰۰۱{LRM} (UNICEF) «شهر» ۱۰:۰۰ تا ۱۱:۳۰"
    order, levels = rtl.visual_order(text, base)  # type: ignore[arg-type]
    assert sorted(order) == list(range(len(text)))
    assert len(levels) == len(text)
