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


# -- a paragraph's levels, a line's order ------------------------------------------------


def _python_bidi_levels(text: str, base: str) -> list[int]:
    """python-bidi's pure-Python steps up to rule I2 (its levels before reordering); it
    removes the X9 characters (ZWNJ) from its list."""
    from bidi import algorithm as pb

    storage = pb.get_empty_storage()
    storage["base_level"] = pb.PARAGRAPH_LEVELS[base]
    storage["base_dir"] = base
    pb.get_embedding_levels(text, storage)
    pb.explicit_embed_and_overrides(storage)
    pb.resolve_weak_types(storage)
    pb.resolve_neutral_types(storage, False)
    pb.resolve_implicit_levels(storage, False)
    return [c["level"] for c in storage["chars"]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), min_size=1, max_size=60), st.sampled_from("RL"))
def test_paragraph_levels_agree_with_python_bidi(chars: list[str], base: str) -> None:
    text = "".join(chars)
    mine = rtl.paragraph_levels(text, base)  # type: ignore[arg-type]
    kept = [lv for c, lv in zip(text, mine, strict=True) if c != ZWNJ]
    assert kept == _python_bidi_levels(text, base)


URL = "https://www.isfahan.ir/fa/news/segment01-with-a-long-name/segment02-with-a-long-name"


def _lines_visual(text: str, cuts: list[int], base: rtl.Direction = "R") -> list[str]:
    """Each line of ``text`` (cut at ``cuts``) drawn with the paragraph's levels."""
    levels = rtl.paragraph_levels(text, base)
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        line = text[a:b].strip(" ")
        start = a + (len(text[a:b]) - len(text[a:b].lstrip(" ")))
        lv = rtl.line_levels(line, levels[start : start + len(line)], base)
        out.append("".join(line[i] for i in rtl.reorder(lv)))
    return out


def test_a_url_cut_over_lines_keeps_its_order_on_every_line() -> None:
    text = f"جزئیات در {URL} آمده است"
    cut = text.index("segment02") + len("segment0")  # a line ends inside «segment02»
    first, second = _lines_visual(text, [cut])
    assert first.endswith("رد تایئزج") and "segment0" in first
    # The second line holds «2-with…»: inside the paragraph it is Latin text, so it
    # stays left to right; reordering the line as a paragraph of its own (the old way)
    # moved «2-» to the far right.
    assert second == "تسا هدمآ 2-with-a-long-name"
    assert rtl.visual(text[cut:]) == "تسا هدمآ with-a-long-name-2"


def test_line_levels_reset_trailing_space_and_separators_rule_l1() -> None:
    text = "abc \tدef  "
    levels = rtl.paragraph_levels(text, "L")
    lv = rtl.line_levels(text, levels, "L")
    assert lv[3] == 0 and lv[4] == 0  # white space before a tab, the tab
    assert lv[-2:] == [0, 0]  # trailing white space
    assert lv[5] == 1  # the Persian letters stay right-to-left


def test_one_line_paragraph_order_is_unchanged() -> None:
    for text in ("یونیسف (UNICEF) را", f"جلسه {LRM}۱۳۹۹-۰۰۱{LRM} ساعت ۱۰:۳۰", "Hosts: مهدی"):
        for base in ("R", "L"):
            (line,) = _lines_visual(text, [], base)  # type: ignore[arg-type]
            assert line == "".join(text[i] for i in rtl.visual_order(text, base)[0])  # type: ignore[arg-type]


# -- paragraph direction and digits ----------------------------------------------------


def test_a_paragraph_without_persian_letters_is_left_to_right() -> None:
    assert rtl.paragraph_direction("The delegation arrived at 10:30 (see p. 3).") == "L"
    assert rtl.paragraph_direction("UNESCO برنامه را تصویب کرد") == "R"
    assert rtl.paragraph_direction("۱۰:۳۰") == "R"  # no letters at all: the document's
    assert rtl.paragraph_direction("12") == "R"
    # In an English document the other way round.
    assert rtl.paragraph_direction("شهرداری اصفهان", "L") == "R"
    assert rtl.paragraph_direction("Isfahan شهرداری", "L") == "L"


def test_digits_inside_latin_runs_stay_latin() -> None:
    text = rtl.prepare(
        "UNESCO برنامه را در سال 2030 تصویب کرد و Agenda 2030 for Sustainable Development "
        "نام گرفت؛ سند Agenda 2030"
    )
    assert "سال ۲۰۳۰ تصویب" in text
    assert "Agenda 2030 for Sustainable" in text
    assert text.endswith("سند Agenda 2030")
    assert rtl.prepare("ساعت 10 تا 12") == "ساعت ۱۰ تا ۱۲"
    assert rtl.prepare("The delegation arrived at 10:30", "L") == "The delegation arrived at 10:30"


# -- characters the fonts lack ------------------------------------------------------------


def test_symbols_vazirmatn_lacks_are_kept_for_a_symbol_font() -> None:
    assert rtl.shape("👍") == "👍"
    assert fonts.fallback("👍") == fonts.EMOJI
    assert fonts.fallback("✓") == fonts.SYMBOLS
    assert rtl.shape("❤️") == "❤"  # the variation selector has no glyph: dropped
    assert rtl.missing("❤️ و 👍") == []


def test_a_character_no_font_has_becomes_the_replacement_character() -> None:
    lost = "\U0001d11e"  # MUSICAL SYMBOL G CLEF: in none of the bundled fonts
    assert fonts.fallback(lost) is None
    assert rtl.shape(f"کلید{lost}") == rtl.shape("کلید") + fonts.REPLACEMENT
    assert rtl.missing(f"کلید {lost}") == [lost]
