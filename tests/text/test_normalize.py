"""Normalization for storage (normalize_input) and search keys (fold_for_search/fold_compact)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peyvand.text import fold_compact, fold_for_search, normalize_input

ZWNJ = "\u200c"
PERSIAN_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0655\u0670"
CONTROLS = [
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\u061c",  # ALM
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200d",  # ZWJ
    "\ufeff",  # BOM
]

# Text drawn mostly from the characters the rules are about, so that properties hit them often.
interesting_text = st.lists(
    st.sampled_from(
        list(PERSIAN_LETTERS + HARAKAT)
        + CONTROLS
        + list("يىكةۀأإٱؤئـ۰۱۲۹٠١٩09،؛؟«».,!-()aBß")
        + [ZWNJ, " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "e\u0301", "\u0301"]
    ),
    max_size=40,
).map("".join)
any_text = st.one_of(st.text(max_size=40), interesting_text)


# --- normalize_input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("علي", "علی"),  # Arabic yeh U+064A
        ("موسى", "موسی"),  # alef maksura U+0649
        ("كتاب", "کتاب"),  # Arabic kaf U+0643
        ("يك كيلو", "یک کیلو"),
    ],
)
def test_arabic_letters_become_persian(typed: str, stored: str) -> None:
    assert normalize_input(typed) == stored


def test_heh_goal_and_teh_marbuta_untouched() -> None:
    assert normalize_input("ہ ة ۀ") == "ہ ة ۀ"


def test_tatweel_dropped() -> None:
    assert normalize_input("کتـــاب") == "کتاب"


@pytest.mark.parametrize("control", CONTROLS)
def test_bidi_and_format_controls_dropped(control: str) -> None:
    assert normalize_input(f"{control}پیوند{control} ABC{control}") == "پیوند ABC"


def test_zwnj_kept() -> None:
    assert normalize_input(f"می{ZWNJ}شود") == f"می{ZWNJ}شود"


def test_zwnj_collapsed() -> None:
    assert normalize_input(f"می{ZWNJ}{ZWNJ}{ZWNJ}شود") == f"می{ZWNJ}شود"


@pytest.mark.parametrize(
    "typed",
    [f"خواهر{ZWNJ} خوانده", f"خواهر {ZWNJ}خوانده", f"خواهر{ZWNJ} {ZWNJ}  خوانده"],
)
def test_zwnj_next_to_space_removed(typed: str) -> None:
    assert normalize_input(typed) == "خواهر خوانده"


def test_zwnj_at_edges_removed() -> None:
    assert normalize_input(f"{ZWNJ}سلام{ZWNJ}\n{ZWNJ}خوب{ZWNJ}") == "سلام\nخوب"


def test_spaces_and_tabs_collapsed_and_stripped() -> None:
    assert normalize_input(" \t سلام  \t  دنیا\u00a0 ") == "سلام دنیا"


def test_newlines_kept_and_line_ends_stripped() -> None:
    typed = "  بند اول   \r\nبند  دوم \t\n\nبند سوم\r\n  "
    assert normalize_input(typed) == "بند اول\nبند دوم\n\nبند سوم"


def test_digits_kept_as_typed() -> None:
    assert normalize_input("۱۲ ١٢ 12") == "۱۲ ١٢ 12"


def test_harakat_kept_in_stored_text() -> None:
    assert normalize_input("قطعاً") == "قطعاً"


def test_nfc() -> None:
    assert normalize_input("cafe\u0301") == "café"
    # Arabic yeh + hamza above is the single letter U+0626, not Persian yeh + a mark.
    assert normalize_input("\u064a\u0654") == "\u0626"


def test_empty_and_blank() -> None:
    assert normalize_input("") == ""
    assert normalize_input(f" \t\n{ZWNJ}\u200f ") == ""


# --- fold_for_search -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("قطعاً", "قطعا"),  # tanwin
        ("مُحَمَّد", "محمد"),  # fatha, damma, shadda
        ("خانهٔ", "خانه"),  # hamza above as a mark
        ("رحمٰن", "رحمن"),  # superscript alef
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آب", "اب"),
        ("ٱلله", "الله"),
        ("مؤسسه", "موسسه"),
        ("مسئله", "مسیله"),
        ("رسالة", "رساله"),
        ("خانۀ", "خانه"),
        ("علي كريم", "علی کریم"),
        ("۱۳۹۹ ١٤٠٠ 2021", "1399 1400 2021"),
        (f"می{ZWNJ}شود", "می شود"),
        ("«سلام»، خوبی؟ بله؛ ممنون!", "سلام خوبی بله ممنون"),
        ("UNICEF (Paris)", "unicef paris"),
        ("Straße", "strasse"),
        ("  چند   \n  خط  ", "چند خط"),
        ("کتـــاب\u200f", "کتاب"),
    ],
)
def test_fold_for_search(text: str, key: str) -> None:
    assert fold_for_search(text) == key


@pytest.mark.parametrize(
    "variant",
    [
        "خواهرخوانده",
        "خواهر خوانده",
        f"خواهر{ZWNJ}خوانده",
        "«خواهر خوانده»",
        f"  خواهر{ZWNJ}{ZWNJ}خوانده\u200f ",
        "خواهَرخوانده",
    ],
)
def test_fold_compact_sister_city_equivalence(variant: str) -> None:
    assert fold_compact(variant) == "خواهرخوانده"


def test_fold_compact_digits_and_grouping() -> None:
    assert fold_compact("۱۲٬۰۰۰") == fold_compact("12,000") == "12000"


# --- properties ------------------------------------------------------------------------------


@given(any_text)
def test_normalize_input_idempotent(text: str) -> None:
    once = normalize_input(text)
    assert normalize_input(once) == once


@given(any_text)
def test_normalize_input_output_shape(text: str) -> None:
    out = normalize_input(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not set(out) & {*CONTROLS, "\u0640", "\u064a", "\u0649", "\u0643", "\r"}
    assert out == out.strip()
    assert "  " not in out
    assert f"{ZWNJ}{ZWNJ}" not in out
    assert f" {ZWNJ}" not in out
    assert f"{ZWNJ} " not in out
    for line in out.split("\n"):
        assert line == line.rstrip()


@given(any_text)
def test_fold_for_search_idempotent(text: str) -> None:
    once = fold_for_search(text)
    assert fold_for_search(once) == once


@given(any_text)
def test_fold_compact_idempotent(text: str) -> None:
    once = fold_compact(text)
    assert fold_compact(once) == once


@given(any_text)
def test_fold_ignores_normalization(text: str) -> None:
    assert fold_for_search(normalize_input(text)) == fold_for_search(text)


@given(any_text)
def test_fold_output_shape(text: str) -> None:
    key = fold_for_search(text)
    assert key == key.strip()
    assert "  " not in key
    assert ZWNJ not in key
    assert not set(key) & set(HARAKAT + "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩،؛؟«»")


@st.composite
def word_with_breaks(draw: st.DrawFn) -> tuple[str, str]:
    """A Persian word and the same word with ZWNJs/spaces inserted between its letters."""
    letters = draw(st.lists(st.sampled_from(PERSIAN_LETTERS), min_size=1, max_size=12))
    gaps = draw(
        st.lists(
            st.sampled_from(["", "", " ", ZWNJ, "  ", f"{ZWNJ} ", f"{ZWNJ}{ZWNJ}"]),
            min_size=len(letters) - 1,
            max_size=len(letters) - 1,
        )
    )
    broken = letters[0] + "".join(
        gap + letter for gap, letter in zip(gaps, letters[1:], strict=True)
    )
    return "".join(letters), broken


@given(word_with_breaks())
def test_fold_compact_ignores_zwnj_and_spaces(pair: tuple[str, str]) -> None:
    word, broken = pair
    assert fold_compact(broken) == fold_compact(word)
