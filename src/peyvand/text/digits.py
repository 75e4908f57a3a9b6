"""Digit sets: Persian (۰-۹) for display, any of Persian/Arabic-Indic/ASCII when typed."""

from __future__ import annotations

import re
from typing import Final

from .normalize import INVISIBLE_CONTROLS

__all__ = ["parse_int", "persian_number", "to_latin_digits", "to_persian_digits"]

PERSIAN_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS: Final = "0123456789"
PERSIAN_THOUSANDS_SEPARATOR: Final = "\u066c"

_TO_PERSIAN: Final = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN: Final = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
_DROP_CONTROLS: Final[dict[int, None]] = {ord(c): None for c in INVISIBLE_CONTROLS}

# Explicit ASCII class: int() alone would also take Devanagari digits, underscores, etc.
_INT_RE: Final = re.compile(r"[+-]?[0-9]+")


def to_persian_digits(s: str | int) -> str:
    """Replace ASCII and Arabic-Indic digits with Persian ones; an int is formatted first."""
    return str(s).translate(_TO_PERSIAN)


def to_latin_digits(s: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII ones."""
    return s.translate(_TO_LATIN)


def parse_int(s: str) -> int:
    """Parse a whole number typed with any digit set (mixing allowed) and an optional sign.

    Surrounding whitespace and invisible bidi controls (common when pasting) are ignored;
    anything else, including grouping separators, raises ``ValueError``.
    """
    text = to_latin_digits(s.translate(_DROP_CONTROLS)).strip()
    if not _INT_RE.fullmatch(text):
        raise ValueError(f"not an integer: {s!r}")
    return int(text)


def persian_number(n: int, grouping: bool = True) -> str:
    """Format ``n`` with Persian digits, grouped by thousands with ٬ (U+066C) by default."""
    text = f"{n:,}".replace(",", PERSIAN_THOUSANDS_SEPARATOR) if grouping else str(n)
    return to_persian_digits(text)
