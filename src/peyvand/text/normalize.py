"""Normalization of user-typed Persian text for storage and for search.

Two levels, see ``shared/design/persian.md``:

* :func:`normalize_input` is what gets stored. It only removes differences the user did not
  mean (Arabic letter variants from Arabic keyboards, invisible controls, stray spacing) and
  keeps everything that is part of the spelling: ZWNJ, harakat, the digits as typed.
* :func:`fold_for_search` / :func:`fold_compact` build matching keys that also ignore what
  users cannot see or do not type consistently (harakat, alef/hamza forms, digit sets,
  ZWNJ vs space vs nothing).
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Final

__all__ = ["fold_compact", "fold_for_search", "fold_stored", "normalize_input"]

ZWNJ: Final = "\u200c"

# Invisible controls that arrive from pasting (bidi marks/embeddings/isolates, BOM, ZWJ,
# zero-width space, word joiner). They carry no meaning in stored text and break matching.
INVISIBLE_CONTROLS: Final = frozenset(
    "\u061c"  # ARABIC LETTER MARK
    "\u200b"  # ZERO WIDTH SPACE
    "\u200d"  # ZERO WIDTH JOINER
    "\u200e\u200f"  # LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2060"  # WORD JOINER
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\ufeff"  # BOM / ZERO WIDTH NO-BREAK SPACE
)
_TATWEEL: Final = "\u0640"

# C0/C1 control characters (NUL, BEL, ESC…) never belong in typed text; tab and line
# breaks are whitespace and handled below.
_C0_C1: Final = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))) - set("\t\n\r\x85")
_DROP_TABLE: Final[dict[int, None]] = {
    ord(c): None for c in INVISIBLE_CONTROLS | _C0_C1 | {_TATWEEL}
}

# Letters produced by Arabic keyboards that look identical to the Persian ones.
_LETTER_TABLE: Final[dict[int, str]] = {
    0x064A: "\u06cc",  # ARABIC YEH -> FARSI YEH
    0x0649: "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    0x0643: "\u06a9",  # ARABIC KAF -> KEHEH
}

# Line separators other than "\n" become "\n" so that multi-line text has a single form.
_LINE_BREAKS_RE: Final = re.compile("\r\n|[\r\x85\u2028\u2029]")

# A run of spaces (any Unicode space except the newline) and/or ZWNJs.
_GAP_RE: Final = re.compile(rf"(?:[^\S\n]|{ZWNJ})+")
_HSPACE_RE: Final = re.compile(r"[^\S\n]")


def _collapse_gap(match: re.Match[str]) -> str:
    # ZWNJ next to a space is meaningless; several ZWNJs mean one.
    return " " if _HSPACE_RE.search(match.group()) else ZWNJ


def _normalize_line(line: str) -> str:
    line = _GAP_RE.sub(_collapse_gap, line)
    # ZWNJ only has meaning between two letters, so not at a line edge.
    line = line.removeprefix(ZWNJ)
    return line.rstrip(" " + ZWNJ)


def normalize_input(s: str) -> str:
    """Return the form of user-typed text that is stored.

    Arabic yeh/alef maksura/kaf become Persian yeh/keheh; tatweel and invisible bidi/format
    controls are dropped; ZWNJ is kept but collapsed (and removed next to spaces or at line
    edges); spaces are collapsed, trailing spaces of lines and surrounding whitespace are
    removed; newlines are kept. Digits are left as typed. The result is NFC and
    ``normalize_input`` is idempotent.
    """
    # Drop controls before NFC: a control between a letter and its mark would block composition.
    s = s.translate(_DROP_TABLE)
    s = unicodedata.normalize("NFC", s)
    # After NFC so that yeh + hamza above composes to the proper U+0626 first; the Persian
    # letters substituted here have no canonical compositions, so the result stays NFC.
    s = s.translate(_LETTER_TABLE)
    s = _LINE_BREAKS_RE.sub("\n", s)
    s = "\n".join(_normalize_line(line) for line in s.split("\n"))
    return s.strip()


# Arabic combining marks that only change pronunciation: harakat, tanwin, shadda, sukun,
# maddah, hamza above/below, superscript alef and the Quranic annotation marks.
_MARKS: Final = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06e7", "\u06e8"]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)

_ASCII_PUNCTUATION: Final = frozenset(string.punctuation)


class _FoldTable(dict[int, "str | None"]):
    """Translation table for the search key.

    Punctuation is any Unicode category P* (which covers ، ؛ ؟ « » ٫ ٬) plus ASCII symbols; it
    is classified lazily and cached so that importing does not scan all of Unicode.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = (
            " "
            if char in _ASCII_PUNCTUATION or unicodedata.category(char).startswith("P")
            else char
        )
        self[code] = value
        return value


_FOLD_TABLE: Final = _FoldTable(
    {
        **{ord(m): None for m in _MARKS},
        # NFD re-creates Arabic yeh from U+0626 (yeh + hamza above).
        **_LETTER_TABLE,
        0x0671: "\u0627",  # ALEF WASLA -> ALEF (أ إ آ are ALEF + a mark after NFD)
        0x0629: "\u0647",  # TEH MARBUTA -> HEH
        0x06D5: "\u0647",  # AE (what NFD leaves of U+06C0 HEH WITH YEH ABOVE) -> HEH
        ord(ZWNJ): " ",
        **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
        **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    }
)

_WHITESPACE_RE: Final = re.compile(r"\s+")


def fold_for_search(s: str) -> str:
    """Return the search key of ``s``: words separated by single spaces.

    On top of :func:`normalize_input`: case folded; harakat and hamza marks removed; alef
    variants to ا, ؤ to و, ئ to ی, ة and ۀ to ه; all digits to ASCII; ZWNJ and punctuation
    to spaces. Idempotent.
    """
    return fold_stored(normalize_input(s))


def fold_stored(s: str) -> str:
    """:func:`fold_for_search` of text that is already stored, i.e. already went through
    :func:`normalize_input` — the same key, a quarter of the work (search snippets fold
    many stored lines per query)."""
    # NFD splits أ إ آ ؤ ئ ۀ into a base letter and a mark that _FOLD_TABLE then drops. Case
    # folding can leave non-normalized text, hence NFD before and after it.
    s = unicodedata.normalize("NFD", s)
    s = unicodedata.normalize("NFD", s.casefold())
    s = s.translate(_FOLD_TABLE)
    s = unicodedata.normalize("NFC", s)
    return _WHITESPACE_RE.sub(" ", s).strip()


def fold_compact(s: str) -> str:
    """Return :func:`fold_for_search` without any spaces.

    ``خواهرخوانده``, ``خواهر خوانده`` and ``خواهر‌خوانده`` (with ZWNJ) share one key.
    """
    # NFC again: a mark that followed a space may now compose with the letter before it.
    return unicodedata.normalize("NFC", fold_for_search(s).replace(" ", ""))
