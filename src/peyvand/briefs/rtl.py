"""Persian (or English) text, from logical order to what the PDF draws.

The order of work is fixed (see ``shared/design/persian.md`` and UAX #9):

1. :func:`prepare` a whole paragraph: normalize it, put Persian digits into Persian text
   (Latin tokens and runs keep theirs) and LRM marks around hyphenated numbers and phone
   numbers; :func:`paragraph_direction` picks its base direction.
2. Its words are :func:`shape`-d (shaping joins letters only inside a word) and the bidi
   levels are resolved ONCE for the whole paragraph (:func:`paragraph_levels`, rules
   W1-I2), before it is broken into lines.
3. The paragraph is broken into lines in LOGICAL order by the caller; each line is then
   reordered on its own with its slice of the paragraph's levels (:func:`line_levels`,
   rule L1, and :func:`reorder`, rule L2) and brackets on right-to-left levels are
   mirrored (L4). Running the whole algorithm on each line instead loses the context of
   the other lines: a URL cut over two lines would start a line with «2-» that the
   right-to-left base then moves to the far end.

The algorithm is implemented here rather than taken from python-bidi: its pure-Python
``get_display`` lacks rule N0 (paired brackets), so «UNICEF (United Nations)» in a
Persian line comes out as «(UNICEF (United Nations», and costs ~0.3 ms a line; its Rust
``get_display`` does not mirror brackets and neither gives the resolved levels that
breaking a paragraph into lines needs (rule L1 works on a line with the paragraph's
levels). The tests compare this implementation with python-bidi on bracket-free text,
where the two must agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Final, Literal

from arabic_reshaper import ArabicReshaper
from bidi.mirror import MIRRORED

from peyvand.briefs import fonts
from peyvand.text import normalize_input

Direction = Literal["R", "L"]

LRM: Final = "\u200e"
NBSP: Final = "\u00a0"
ZWNJ: Final = "\u200c"

_RESHAPER: Final = ArabicReshaper(
    configuration={
        # The default silently deletes tanwin and hamza above (قطعاً → قطعا).
        "delete_harakat": False,
        # Vazirmatn lacks some isolated presentation forms (ۀ): the plain letter is drawn
        # instead of nothing at all.
        "use_unshaped_instead_of_isolated": True,
        # Lam-alef stays (it is obligatory); the «الله» word ligature would turn names such
        # as «لطف‌الله» into one glyph.
        "ARABIC LIGATURE ALLAH": False,
    }
)


class _Settings(dict[str, bool]):
    """The reshaper's settings, read once: its configparser costs more per call than the
    shaping of a sentence. Same values, same results (checked by the tests)."""

    def getboolean(self, key: str) -> bool:
        return self[key.lower()]  # configparser keys are case-insensitive


def _fast_settings(reshaper: ArabicReshaper) -> None:
    config = reshaper.configuration
    values: dict[str, bool] = {}
    for key in config:
        try:
            values[key.lower()] = config.getboolean(key)
        except ValueError:  # "language" is not a flag; the reshaper reads it only once
            continue
    reshaper.configuration = _Settings(values)


_fast_settings(_RESHAPER)

# ---------------------------------------------------------------------------------------
# 1. Preparing a paragraph
# ---------------------------------------------------------------------------------------

_PERSIAN_DIGITS: Final = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Letters of the right-to-left scripts (Hebrew, Arabic and their presentation forms).
_RTL: Final = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_LETTER: Final = re.compile(rf"(?=[^\W\d_])[{_RTL}]")
_LTR_LETTER: Final = re.compile(rf"(?=[^\W\d_])[^{_RTL}]")
# Text that keeps Latin digits inside Persian text: anything with a Latin letter (words,
# URLs, e-mail addresses, passport numbers), ISO dates, and phone numbers written with +.
_LATIN_TOKEN: Final = re.compile(
    r"\S*[A-Za-z@]\S*"
    r"|(?<![0-9])[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![0-9])"
    r"|\+[0-9][0-9 \-]*[0-9]"
)
# A Latin run: from a Latin letter to the next with nothing right-to-left between them
# («Agenda 2030 for Sustainable Development»), or to the edge of the paragraph («… و
# Agenda 2030»). Numbers inside it are part of the Latin text and keep Latin digits.
_LATIN_RUN: Final = re.compile(
    rf"[A-Za-z][^{_RTL}\n]*$|[A-Za-z][^{_RTL}\n]*[A-Za-z]|^[^{_RTL}\n]*[A-Za-z]", re.M
)
_ASCII_DIGIT: Final = re.compile(r"[0-9]")
# Numbers joined by hyphens (2021-02-04, ۱۳۹۹-۰۰۱) print reversed in right-to-left text
# unless marked left-to-right: after a Persian letter their digits count as Arabic numbers,
# and a hyphen between Arabic numbers is not part of the number (bidi rule W4).
_DIGIT: Final = "0-9۰-۹"
_HYPHENATED: Final = re.compile(
    rf"(?<![{_DIGIT}\w\-])[{_DIGIT}]+(?:[\-\u2010\u2011][{_DIGIT}]+)+(?![{_DIGIT}\w\-])"
)
_PHONE: Final = re.compile(r"\+[0-9][0-9 \-]*[0-9]")


@lru_cache(maxsize=16384)
def paragraph_direction(text: str, default: Direction = "R") -> Direction:
    """The base direction of a paragraph in a document written in ``default``: the other
    direction only when the paragraph has letters of that direction and none of the
    document's («The delegation arrived at 10:30.» in a Persian brief). A Persian
    paragraph that starts with a Latin word («UNESCO …») stays right-to-left, which is
    why this is not rule P2 (the first strong letter) of the bidi algorithm."""
    if default == "R":
        return "L" if not _RTL_LETTER.search(text) and _LTR_LETTER.search(text) else "R"
    return "R" if not _LTR_LETTER.search(text) and _RTL_LETTER.search(text) else "L"


def _persian_digits(text: str) -> str:
    if not _ASCII_DIGIT.search(text):
        return text
    keep = sorted(
        [m.span() for m in _LATIN_TOKEN.finditer(text)]
        + [m.span() for m in _LATIN_RUN.finditer(text)]
    )
    out: list[str] = []
    pos = 0
    for start, end in keep:
        if end <= pos:
            continue
        if start > pos:
            out.append(text[pos:start].translate(_PERSIAN_DIGITS))
        out.append(text[max(start, pos) : end])
        pos = end
    out.append(text[pos:].translate(_PERSIAN_DIGITS))
    return "".join(out)


def _mark_phone(match: re.Match[str]) -> str:
    # No-break spaces keep the number on one line; the marks keep it left-to-right.
    return LRM + match.group().replace(" ", NBSP) + LRM


def prepare(text: str, direction: Direction = "R") -> str:
    """A paragraph as it is printed, still in logical order (see the module docstring)."""
    text = normalize_input(text)
    if not text:
        return text
    if direction == "R":
        text = _persian_digits(text)
    text = _PHONE.sub(_mark_phone, text)
    return _HYPHENATED.sub(lambda m: LRM + m.group() + LRM, text)


# ---------------------------------------------------------------------------------------
# 2. Shaping a word
# ---------------------------------------------------------------------------------------

# Controls the font has no glyph for; they carry no meaning once the line is reordered.
_DROP: Final = frozenset("\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _invisible(c: str) -> bool:
    """Characters with no glyph of their own that the fonts lack: variation selectors
    (the «️» of ❤️), tags, word joiners, byte order marks. Dropping them changes nothing
    a reader sees."""
    code = ord(c)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or unicodedata.category(c) == "Cf"


def _glyph(c: str, cover: frozenset[str]) -> str:
    """What is drawn for a character Vazirmatn lacks (``""``: nothing)."""
    if c in _DROP or _invisible(c):
        return ""
    if fonts.fallback(c):
        return c  # a symbol font draws it (paragraph.words picks the font)
    # A presentation form the font lacks: the plain letter, unjoined but visible.
    base = unicodedata.normalize("NFKC", c)
    if base and cover.issuperset(base):
        return base
    return fonts.REPLACEMENT


def _drawable(text: str) -> str:
    cover = fonts.coverage()
    if cover.issuperset(text):
        return text
    return "".join(c if c in cover or c in " \n" else _glyph(c, cover) for c in text)


def missing(text: str) -> list[str]:
    """The characters of ``text`` that no bundled font can draw (printed as «�»)."""
    cover = fonts.coverage()
    if cover.issuperset(text):
        return []
    return [c for c in text if c not in cover and _glyph(c, cover) == fonts.REPLACEMENT]


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """Contextual letter forms of one word (logical order), every character drawable
    with Vazirmatn or a symbol font (see :func:`_drawable`)."""
    return _drawable(_RESHAPER.reshape(word)) if word else word


_SEPARATORS: Final = re.compile(r"( |\n)")


@lru_cache(maxsize=16384)
def shape_parts(text: str) -> tuple[str, ...]:
    """``text`` split at spaces and line breaks (separators kept, as ``re.split`` with a
    group gives them), every word shaped. One reshaper call for the whole text: shaping
    never crosses a space, and the reshaper's per-call set-up costs more than a word."""
    parts = _SEPARATORS.split(text)
    shaped = _SEPARATORS.split(_drawable(_RESHAPER.reshape(text)))
    if len(shaped) != len(parts):  # never seen; keep the words aligned whatever happens
        return tuple(p if p in (" ", "\n") else shape(p) for p in parts)
    return tuple(shaped)


# ---------------------------------------------------------------------------------------
# 3. The Unicode bidi algorithm (UAX #9): levels for a paragraph, order for a line. One
#    paragraph level, no explicit embeddings or isolates (prepare() never produces them
#    and normalize_input drops them).
# ---------------------------------------------------------------------------------------

_REMOVED: Final = frozenset({"BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})
_NEUTRAL: Final = frozenset({"B", "S", "WS", "ON"})
_OPENING: Final = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2045": "\u2046",
    "\u207d": "\u207e",
    "\u208d": "\u208e",
    "\u2308": "\u2309",
    "\u230a": "\u230b",
    "\u2329": "\u232a",
    "\u27e8": "\u27e9",
    "\u3008": "\u3009",
    "\u300a": "\u300b",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u3010": "\u3011",
    "\u3014": "\u3015",
    "\uff08": "\uff09",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
}
_CLOSING: Final = frozenset(_OPENING.values())
MIRROR: Final[dict[str, str]] = dict(MIRRORED)
_classes: dict[str, str] = {}


def _bidi_class(c: str) -> str:
    value = _classes.get(c)
    if value is None:
        value = unicodedata.bidirectional(c) or "L"
        _classes[c] = value
    return value


def _strong(kind: str) -> str | None:
    """Direction a resolved type gives to neutrals (numbers count as R, rule N1)."""
    if kind == "L":
        return "L"
    if kind in ("R", "EN", "AN"):
        return "R"
    return None


def _w1_to_w3(t: list[str], edir: str) -> None:
    prev = edir
    for k, kind in enumerate(t):  # W1: marks take the type of what they follow
        if kind == "NSM":
            t[k] = prev
        prev = t[k]
    last = edir
    for k, kind in enumerate(t):  # W2: digits after Arabic letters are Arabic numbers; W3
        if kind in ("R", "L", "AL"):
            last = kind
            if kind == "AL":
                t[k] = "R"
        elif kind == "EN" and last == "AL":
            t[k] = "AN"


def _w4_w5(t: list[str]) -> None:
    m = len(t)
    for k in range(1, m - 1):  # W4: one separator between two numbers of a kind
        kind = t[k]
        if kind == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif kind == "CS" and t[k - 1] in ("EN", "AN") and t[k + 1] == t[k - 1]:
            t[k] = t[k - 1]
    k = 0
    while k < m:  # W5: terminators next to European numbers
        if t[k] != "ET":
            k += 1
            continue
        j = k
        while j < m and t[j] == "ET":
            j += 1
        if (k > 0 and t[k - 1] == "EN") or (j < m and t[j] == "EN"):
            t[k:j] = ["EN"] * (j - k)
        k = j


def _weak_types(t: list[str], edir: str) -> None:
    """Rules W1-W7, in place."""
    _w1_to_w3(t, edir)
    _w4_w5(t)
    last = edir
    for k, kind in enumerate(t):  # W6, W7
        if kind in ("ES", "ET", "CS"):
            t[k] = "ON"
        elif kind in ("L", "R"):
            last = kind
        elif kind == "EN" and last == "L":
            t[k] = "L"


def _bracket_pairs(chars: Sequence[str], t: list[str]) -> list[tuple[int, int]]:
    """BD16: paired brackets, by the position of the opening one."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, c in enumerate(chars):
        if t[k] != "ON":
            continue
        if c in _OPENING:
            if len(stack) == 63:
                break
            stack.append((_OPENING[c], k))
        elif c in _CLOSING:
            for s in range(len(stack) - 1, -1, -1):
                if stack[s][0] == c:
                    pairs.append((stack[s][1], k))
                    del stack[s:]
                    break
    pairs.sort()
    return pairs


def _paired_brackets(chars: Sequence[str], orig: Sequence[str], t: list[str], edir: str) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses or its context."""
    for a, b in _bracket_pairs(chars, t):
        inside = {_strong(t[k]) for k in range(a + 1, b)} - {None}
        if not inside:
            continue
        if edir in inside:
            new = edir
        else:
            context = edir
            for k in range(a - 1, -1, -1):
                found = _strong(t[k])
                if found:
                    context = found
                    break
            new = context if context != edir else edir
        for pos in (a, b):
            t[pos] = new
            k = pos + 1
            while k < len(t) and orig[k] == "NSM":  # marks on a bracket follow it
                t[k] = new
                k += 1


def _neutrals(t: list[str], edir: str) -> None:
    """Rules N1 and N2."""
    m = len(t)
    k = 0
    while k < m:
        if t[k] in _NEUTRAL:
            j = k
            while j < m and t[j] in _NEUTRAL:
                j += 1
            # Whatever borders a run of neutrals is strong or a number by now.
            before = (_strong(t[k - 1]) or edir) if k > 0 else edir
            after = (_strong(t[j]) or edir) if j < m else edir
            t[k:j] = [before if before == after else edir] * (j - k)
            k = j
        else:
            k += 1


@lru_cache(maxsize=4096)
def paragraph_levels(text: str, base: Direction = "R") -> tuple[int, ...]:
    """Resolved embedding level of every character of one paragraph (rules W1-W7, N0-N2,
    I1-I2 over the WHOLE paragraph, before it is broken into lines). A line break inside
    the paragraph (``\n``) ends a paragraph for the algorithm (rule P1); every part keeps
    the base direction ``base`` (the caller chose it, rule HL1)."""
    if "\n" in text:
        out: list[int] = []
        for n, part in enumerate(text.split("\n")):
            if n:
                out.append(1 if base == "R" else 0)
            out += paragraph_levels(part, base)
        return tuple(out)
    n = len(text)
    e = 1 if base == "R" else 0
    edir = "R" if e else "L"
    known = _classes.get
    classes = [known(c) or _bidi_class(c) for c in text]
    idx = [i for i in range(n) if classes[i] not in _REMOVED]  # X9
    t = [classes[i] for i in idx]
    chars = [text[i] for i in idx]
    orig = list(t)
    _weak_types(t, edir)
    _paired_brackets(chars, orig, t, edir)
    _neutrals(t, edir)
    result = [e] * n
    for k, i in enumerate(idx):  # I1, I2
        kind = t[k]
        if e == 0:
            result[i] = 0 if kind == "L" else (1 if kind == "R" else 2)
        else:
            result[i] = 1 if kind == "R" else 2
    if len(idx) != n:
        prev = e
        kept = set(idx)
        for i in range(n):  # removed characters take the level of the one before
            if i in kept:
                prev = result[i]
            else:
                result[i] = prev
    return tuple(result)


def _resets(c: str) -> bool:
    """White space and characters removed by X9: reset to the paragraph level at the end
    of a line and before a separator (rule L1)."""
    kind = _bidi_class(c)
    return kind in ("WS", "BN", "S", "B") or kind in _REMOVED or c.isspace()


def line_levels(text: str, paragraph: Sequence[int], base: Direction = "R") -> list[int]:
    """Rule L1 for one line: ``paragraph`` holds the line's slice of the levels resolved
    for its whole paragraph (:func:`paragraph_levels`); separators, and the white space
    before them and at the end of the line, go back to the paragraph level."""
    e = 1 if base == "R" else 0
    result = list(paragraph)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        c = text[i]
        if _bidi_class(c) in ("S", "B"):
            result[i] = e
            trailing = True
        elif trailing and _resets(c):
            result[i] = e
        else:
            trailing = False
    return result


def levels(text: str, base: Direction = "R") -> list[int]:
    """Levels of a paragraph that is one line (a cell, the footer): rules W-I, then L1."""
    return line_levels(text, paragraph_levels(text, base), base)


def _order(lv: Sequence[int]) -> list[int]:
    """L2: indexes of the characters from left to right."""
    order = list(range(len(lv)))
    if not lv:
        return order
    highest = max(lv)
    odd = [x for x in lv if x % 2]
    lowest_odd = min(odd) if odd else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if lv[order[i]] >= level:
                j = i
                while j < n and lv[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def reorder(lv: Sequence[int]) -> list[int]:
    """Rule L2 for one line whose levels went through L1 (:func:`line_levels`): the
    indexes of its characters from left to right."""
    return _order(lv)


@lru_cache(maxsize=8192)
def visual_order(text: str, base: Direction = "R") -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(order, levels) of a paragraph that is one line: ``order[k]`` is the index of the
    k-th character from the left. Lines of a longer paragraph are ordered with the levels
    of the whole paragraph instead (``paragraph._visual_runs``)."""
    lv = levels(text, base)
    return tuple(_order(lv)), tuple(lv)


def visual(text: str, base: Direction = "R") -> str:
    """One logical line (already shaped) in drawing order, brackets mirrored (rule L4)."""
    order, lv = visual_order(text, base)
    return "".join(
        MIRROR.get(text[i], text[i]) if lv[i] % 2 else text[i]
        for i in order
        if text[i] not in _DROP
    )


def display(line: str, base: Direction = "R") -> str:
    """A logical line (prepared, not shaped) as drawn: shaped word by word, then reordered."""
    return visual(" ".join(shape(w) for w in line.split(" ")), base)
