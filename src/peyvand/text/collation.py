"""Persian alphabetical order as a sort key stored with the row.

``sort_key(a) < sort_key(b)`` in plain code-point order — Python's ``<``, SQLite's
BINARY collation, PostgreSQL's ``COLLATE "C"`` — is the Persian dictionary order of
``a`` and ``b``: پ after ب, چ after ج, ژ after ز, گ after ک, ی last. Code-point order
of the text itself puts پ چ ژ گ (U+067E, U+0686, U+0698, U+06AF) after ی's neighbours
and ی (U+06CC) after every other letter but those, which is what lists showed before.

Written by hand rather than with ICU: the key must be computed in pure Python below the
UI (no Qt, no native library on the office's Windows machines) and be the same on every
database engine, so it is stored in a column and sorted as bytes. The rules follow the
usual Persian order (CLDR's ``fa``): Persian letters before Latin ones, digits before
letters, harakat, tatweel, punctuation and symbols ignored, Arabic letter forms folded
onto the Persian letter they look like, and spaces (or a ZWNJ) between words sorting
before any letter («آب» < «آب انبار» < «آبادان»).

Changing the order means refilling every stored key: a migration that recomputes the
``*_sort`` columns (see storage/migrations/versions/0007_sort_keys.py).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Final

__all__ = ["PERSIAN_ALPHABET", "sort_key"]

PERSIAN_ALPHABET: Final = "ءآابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_LATIN: Final = "abcdefghijklmnopqrstuvwxyz"

# Weights are characters, in increasing code-point order: a word gap, then digit runs
# (a length, then the digits), then Persian letters, then Latin letters. Characters the
# rules do not know keep their own code point (all above U+007F): after every letter.
_GAP: Final = "!"
_FIRST_LETTER: Final = 0x41
_WEIGHTS: Final[dict[str, str]] = {
    letter: chr(_FIRST_LETTER + index) for index, letter in enumerate(PERSIAN_ALPHABET + _LATIN)
}

# Arabic and presentation forms that read as a Persian letter.
_SAME_LETTER: Final[dict[str, str]] = {
    "\u064a": "ی",  # ARABIC YEH
    "\u0649": "ی",  # ALEF MAKSURA
    "\u0626": "ی",  # YEH WITH HAMZA ABOVE
    "\u0643": "ک",  # ARABIC KAF
    "\u0623": "ا",  # ALEF WITH HAMZA ABOVE
    "\u0625": "ا",  # ALEF WITH HAMZA BELOW
    "\u0671": "ا",  # ALEF WASLA
    "\u0624": "و",  # WAW WITH HAMZA ABOVE
    "\u0629": "ه",  # TEH MARBUTA
    "\u06c0": "ه",  # HEH WITH YEH ABOVE (ۀ)
    "\u06d5": "ه",  # AE
    "\u06c1": "ه",  # HEH GOAL
}
_ZWNJ: Final = "\u200c"
_IGNORED_CATEGORIES: Final = ("Mn", "Me", "Cf", "Lm")  # marks, format controls, tatweel


@cache  # a few hundred distinct characters in an office's data
def _letter(char: str) -> str | None:
    """The weight of a letter or digit-less character; None when it is ignored."""
    weight = _WEIGHTS.get(_SAME_LETTER.get(char, char))
    if weight is not None:
        return weight
    # Compatibility forms (Arabic presentation forms, full-width Latin) and accented
    # Latin letters sort as their base letter.
    base = unicodedata.normalize("NFKD", char)
    if base != char:
        folded = [w for w in (_letter(c) for c in base) if w]
        return "".join(folded) or None
    category = unicodedata.category(char)
    if category in _IGNORED_CATEGORIES or category[0] in "PS" or ord(char) < 0x80:
        return None
    return char


@cache
def _kind(char: str) -> tuple[int, str]:
    """(_SPACE, ""), (_DIGIT, "7"), (_WEIGHT, weight) or (_IGNORED, "") for one character."""
    if char.isspace() or char == _ZWNJ:
        return _SPACE, ""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return _DIGIT, str(digit)
    weight = _letter(char)
    return (_IGNORED, "") if weight is None else (_WEIGHT, weight)


_SPACE, _DIGIT, _WEIGHT, _IGNORED = range(4)


def sort_key(text: str) -> str:
    """The key under which ``text`` sorts in Persian alphabetical order (see above).

    At most twice as long as ``text`` (the stored column's room); the empty text has
    the empty key, which sorts first.
    """
    out: list[str] = []
    digits: list[str] = []

    def flush_digits() -> None:
        if digits:
            # A run of digits sorts by its value: its length first («۲» < «۱۰»).
            number = "".join(digits).lstrip("0") or "0"
            out.append(chr(ord("0") + min(len(number), 9)) + number)
            digits.clear()

    for char in text.casefold():
        kind, value = _kind(char)
        if kind == _WEIGHT:
            if digits:
                flush_digits()
            out.append(value)
        elif kind == _DIGIT:
            digits.append(value)
        elif kind == _SPACE:
            flush_digits()
            if out and out[-1] != _GAP:
                out.append(_GAP)
        # _IGNORED: a mark, a symbol or punctuation is not part of the order
    flush_digits()
    if out and out[-1] == _GAP:
        out.pop()
    # Only a ligature such as ﷺ expands further; its tail then does not take part.
    return "".join(out)[: 2 * len(text)]
