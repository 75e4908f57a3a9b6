"""Read a PDF brief back the way a reader does: lines top to bottom, cells and words from the
start side of the line (the right in Persian), the characters of each word in logical order.

Glyphs come from pdfplumber with their positions; presentation forms are mapped back to
letters with NFKC. Words are separated by gaps in the geometry (not by space characters) and
cells by gaps wider than a font size. Inside a right-to-left line, a run of words that holds
Latin letters (with the numbers next to it) is read left to right, every other word right to
left; brackets drawn mirrored are turned back. This is deliberately simple and independent
of the code under test (it does not use ``peyvand.briefs.rtl``).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

import pdfplumber

LRM = "\u200e"  # drawn (with no width) around numbers that must read left to right
WORD_GAP = 0.15  # in font sizes
CELL_GAP = 1.0
_MIRROR = dict(zip("()[]{}«»<>", ")(][}{»«><", strict=True))


@dataclass(frozen=True)
class Glyph:
    raw: str  # the character drawn (a presentation form for Arabic letters)
    text: str  # NFKC of it, in visual order (a lam-alef ligature reversed)
    x0: float
    x1: float
    baseline: float
    top: float
    size: float
    font: str
    page: int
    seq: int


@dataclass
class Line:
    page: int
    top: float
    base: str
    glyphs: list[Glyph]  # left to right
    cells: list[list[list[Glyph]]] = field(default_factory=list)  # from the start side

    @property
    def visual(self) -> str:
        """The line as drawn, left to right, words split by single spaces."""
        return " ".join(
            "".join(g.text for g in word)
            for cell in (self.cells if self.base == "L" else self.cells[::-1])
            for word in cell
        )

    def cell_texts(self) -> list[str]:
        """Each cell in logical order, from the start side of the line."""
        return [_logical([_word(w) for w in cell], self.base) for cell in self.cells]

    @property
    def text(self) -> str:
        return " ".join(self.cell_texts())


def _word(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in glyphs)


def _is_arabic(c: str) -> bool:
    return "ARABIC" in unicodedata.name(c, "") and unicodedata.category(c).startswith("L")


def _is_latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _kind(word: str) -> str:
    if any(_is_arabic(c) for c in word):
        return "R"
    if any(_is_latin(c) for c in word) or LRM in word:
        return "L"
    if any(c.isdigit() for c in word):
        return "N"
    return "P"  # punctuation only


def _unmirror(s: str) -> str:
    return "".join(_MIRROR.get(c, c) for c in s)


def _ltr_group(words: list[str]) -> list[str]:
    """Words of a left-to-right run inside right-to-left text: punctuation at the run's
    outer edges was placed (and mirrored) by the right-to-left context."""
    first, last = words[0], words[-1]
    lead = len(first) - len(first.lstrip("()[]{}«».,،؛:!?؟-"))
    trail = len(last) - len(last.rstrip("()[]{}«».,،؛:!?؟-"))
    out = list(words)
    if len(out) == 1:
        core = first[lead : len(first) - trail]
        return [_unmirror(first[len(first) - trail :][::-1]) + core + _unmirror(first[:lead][::-1])]
    out[0] = first[lead:]
    out[-1] = last[: len(last) - trail]
    out[0] = _unmirror(last[len(last) - trail :][::-1]) + out[0]
    out[-1] = out[-1] + _unmirror(first[:lead][::-1])
    return out


def _logical(visual_words: list[str], base: str) -> str:
    """Visual words (left to right) of one cell -> the cell's text in logical order."""
    if base == "L":
        # Mirror image of the right-to-left case: Persian runs are read right to left.
        out: list[str] = []
        i = 0
        while i < len(visual_words):
            if _kind(visual_words[i]) == "R":
                j = i
                while j < len(visual_words) and _kind(visual_words[j]) in ("R", "N"):
                    j += 1
                out += [_rtl_word(w) for w in reversed(visual_words[i:j])]
                i = j
            else:
                out.append(visual_words[i])
                i += 1
        return " ".join(out)
    kinds = [_kind(w) for w in visual_words]
    # Latin words and the numbers beside them form left-to-right runs.
    groups: list[tuple[bool, list[str]]] = []
    i = 0
    while i < len(visual_words):
        if kinds[i] == "L" or (kinds[i] == "N" and i + 1 < len(kinds) and kinds[i + 1] == "L"):
            j = i
            while j < len(visual_words) and kinds[j] in ("L", "N"):
                j += 1
            groups.append((True, visual_words[i:j]))
            i = j
        else:
            groups.append((False, [visual_words[i]]))
            i += 1
    out = []
    for ltr, words in reversed(groups):
        if ltr or _kind(words[0]) == "N":
            out += _ltr_group(words)
        else:
            out.append(_rtl_word(words[0]))
    return " ".join(out)


def _rtl_word(visual: str) -> str:
    """A right-to-left word drawn left to right: reversed, with its digit or Latin runs
    (بند۱۲) turned back, brackets un-mirrored."""
    reversed_ = _unmirror(visual[::-1])
    out: list[str] = []
    run: list[str] = []
    for c in reversed_:
        if c.isdigit() or _is_latin(c):
            run.append(c)
            continue
        out += run[::-1]
        run = []
        out.append(c)
    out += run[::-1]
    return "".join(out)


def glyphs(pdf: bytes) -> list[Glyph]:
    """Every glyph drawn, page by page, in drawing order."""
    out: list[Glyph] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for seq, ch in enumerate(page.chars):
                raw = ch["text"]
                text = unicodedata.normalize("NFKC", raw)
                if text.startswith(" ") and len(text) > 1:
                    text = text[1:]  # isolated forms of harakat
                if len(text) > 1 and any(_is_arabic(c) for c in text):
                    text = text[::-1]  # a ligature: keep the visual order
                out.append(
                    Glyph(
                        raw,
                        text,
                        float(ch["x0"]),
                        float(ch["x1"]),
                        float(ch["matrix"][5]),
                        float(ch["top"]),
                        float(ch["size"]),
                        str(ch["fontname"]),
                        number,
                        seq,
                    )
                )
    return out


def _cells(row: list[Glyph]) -> list[list[list[Glyph]]]:
    """One printed line (glyphs left to right) cut into cells and words by the gaps."""
    cells: list[list[list[Glyph]]] = []
    cell: list[list[Glyph]] = []
    word: list[Glyph] = []
    right: float | None = None
    for g in row:
        if g.raw.isspace():
            continue
        if right is not None:
            gap = g.x0 - right
            if gap > CELL_GAP * g.size:
                cells.append([*cell, word] if word else cell)
                cell, word = [], []
            elif gap > WORD_GAP * g.size and word:
                cell.append(word)
                word = []
        word.append(g)
        right = g.x1 if right is None else max(right, g.x1)
    if word:
        cell.append(word)
    if cell:
        cells.append(cell)
    return cells


def lines(pdf: bytes, base: str = "R") -> list[Line]:
    """All lines of the document, page by page, top to bottom."""
    result: list[Line] = []
    by_page: dict[int, list[Glyph]] = {}
    for g in glyphs(pdf):
        by_page.setdefault(g.page, []).append(g)
    for page in sorted(by_page):
        rows: list[list[Glyph]] = []
        for g in sorted(by_page[page], key=lambda g: -g.baseline):
            if rows and abs(rows[-1][0].baseline - g.baseline) <= 0.35 * g.size:
                rows[-1].append(g)
            else:
                rows.append([g])
        for row in rows:
            row.sort(key=lambda g: (round(g.x0, 2), g.seq))
            cells = _cells(row)
            if cells:
                ordered = cells if base == "L" else cells[::-1]
                result.append(Line(page, min(g.top for g in row), base, row, ordered))
    return result


def text(pdf: bytes, base: str = "R") -> str:
    """The whole document in reading order, one line of text per printed line."""
    return "\n".join(line.text for line in lines(pdf, base))


def clean(s: str) -> str:
    """Without the bidi marks (LRM, RLM) the briefs add; ZWNJ stays, it is spelling."""
    return s.replace(LRM, "").replace("\u200f", "")
