"""Right-to-left (or left-to-right) paragraphs for reportlab: bidi levels resolved for the
whole paragraph, wrapped in logical order, reordered line by line, split between pages.

:func:`layout` breaks a paragraph into :class:`Line` objects; :func:`draw_line` draws one
line. Everything that puts text on a page (paragraphs, table cells, the letterhead, the
page footer) goes through these two, so the rules live in one place.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from peyvand.briefs import fonts
from peyvand.briefs.result import note_missing
from peyvand.briefs.rtl import (
    MIRROR,
    Direction,
    line_levels,
    missing,
    paragraph_direction,
    paragraph_levels,
    prepare,
    reorder,
    shape_parts,
)

Align = Literal["justify", "start", "end", "center"]
Color = tuple[float, float, float]

BLACK: Final[Color] = (0.0, 0.0, 0.0)

# A justified line never gets word gaps wider than this (in em): wider gaps look like
# holes, and text readers (and the PDF checker) take them for column breaks.
_MAX_GAP_EM: Final = 0.8


@dataclass(frozen=True)
class Style:
    size: float = 10.0
    leading: float = 18.0
    bold: bool = False
    color: Color = BLACK
    align: Align = "justify"
    direction: Direction = "R"
    space_before: float = 0.0
    space_after: float = 0.0
    indent: float = 0.0  # on the start side (the right in Persian)

    def but(self, **changes: Any) -> Style:
        return dataclasses.replace(self, **changes)

    @property
    def font(self) -> str:
        return fonts.BOLD if self.bold else fonts.REGULAR


@dataclass(frozen=True)
class Span:
    """A run of text with its own weight or colour inside a paragraph."""

    text: str
    bold: bool | None = None
    color: Color | None = None


Content = str | Sequence[Span]


@dataclass(frozen=True)
class Piece:
    """The part of a word in one font and colour, shaped, still in logical order, with the
    bidi level of each character resolved over the whole paragraph."""

    text: str
    font: str
    color: Color
    width: float  # at the paragraph's size
    levels: tuple[int, ...]


@dataclass(frozen=True)
class Word:
    pieces: tuple[Piece, ...]
    width: float
    gap: int = 0  # bidi level of the space before the word, resolved in the paragraph
    # Derived from the pieces once (a line is put together from them at every draw):
    text: str = ""
    levels: tuple[int, ...] = ()
    face: tuple[str, Color] | None = None  # (font, colour) when every piece shares them


def _word(pieces: Sequence[Piece], gap: int) -> Word:
    first = pieces[0]
    same = all(p.font == first.font and p.color == first.color for p in pieces)
    return Word(
        tuple(pieces),
        sum(p.width for p in pieces),
        gap,
        "".join(p.text for p in pieces),
        tuple(lv for p in pieces for lv in p.levels),
        (first.font, first.color) if same else None,
    )


@dataclass(frozen=True)
class Words:
    """A paragraph's words in logical order (``None`` marks a hard line break), the
    paragraph's base direction, and the characters no bundled font has."""

    items: tuple[Word | None, ...]
    base: Direction
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    width: float  # with one normal space between words
    space: float  # width of that space
    font: str  # the font the space was measured in
    last: bool  # ends a paragraph (or a hard line break): never justified
    base: Direction = "R"  # the paragraph's direction


_BREAK: Final = re.compile(r"( |\n)")

# (text, font, colour) of a piece before the paragraph's levels are known.
_Raw = tuple[str, str, Color]


def _font_runs(shaped: str, font: str) -> list[tuple[str, str]]:
    """``shaped`` cut where a symbol font has to draw what Vazirmatn lacks."""
    cover = fonts.coverage()
    if cover.issuperset(shaped):
        return [(shaped, font)]
    runs: list[tuple[str, str]] = []
    for c in shaped:
        want = font if c in cover else (fonts.fallback(c) or font)
        if runs and runs[-1][1] == want:
            runs[-1] = (runs[-1][0] + c, want)
        else:
            runs.append((c, want))
    return runs


def words(content: Content, style: Style) -> Words:
    """The paragraph's words in logical order, with the bidi levels of the whole paragraph
    (UAX #9 rules up to I2, resolved here once, before the paragraph is broken into
    lines: :func:`draw_line` only applies L1-L2 to each line). Cached: a brief lays out
    the same paragraph several times (measuring, wrapping, splitting between pages)."""
    result = _words(content if isinstance(content, str) else tuple(content), style)
    if result.missing:
        note_missing(result.missing)  # for every document that prints it
    return result


@lru_cache(maxsize=4096)
def _words(content: str | tuple[Span, ...], style: Style) -> Words:
    spans = [Span(content)] if isinstance(content, str) else list(content)
    base = paragraph_direction("".join(span.text for span in spans), style.direction)
    raw, lost = _raw_words(spans, style, base)
    # The paragraph as the bidi algorithm sees it: the words joined by single spaces,
    # exactly as the lines will put them together.
    text = "\n".join(
        " ".join(word[0][0] if len(word) == 1 else "".join(p[0] for p in word) for word in group)
        for group in _groups(raw)
    )
    items = _leveled(raw, paragraph_levels(text, base), style.size)
    return Words(tuple(items), base, tuple(lost))


def _raw_words(
    spans: Sequence[Span], style: Style, base: Direction
) -> tuple[list[list[_Raw] | None], list[str]]:
    """Words as lists of shaped (text, font, colour) pieces, ``None`` for a hard line
    break; and the characters no bundled font has."""
    cover = fonts.coverage()
    raw: list[list[_Raw] | None] = []
    lost: list[str] = []
    current: list[_Raw] = []
    for span in spans:
        font = fonts.BOLD if (style.bold if span.bold is None else span.bold) else fonts.REGULAR
        color = span.color or style.color
        # Keep a span's edge spaces (normalization strips them): they separate words.
        text = span.text
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        text = lead + prepare(text, base) + trail
        for part, shaped in zip(_BREAK.split(text), shape_parts(text), strict=True):
            if part in (" ", "\n"):
                if current:
                    raw.append(current)
                    current = []
                if part == "\n":
                    raw.append(None)
            elif not part:
                continue
            else:
                if fonts.REPLACEMENT in shaped:  # drawn by Vazirmatn, so checked first
                    lost += missing(part)
                if cover.issuperset(shaped):
                    current.append((shaped, font, color))
                else:
                    current += [(run, f, color) for run, f in _font_runs(shaped, font)]
    if current:
        raw.append(current)
    return raw, lost


def _leveled(
    raw: Sequence[list[_Raw] | None], levels: Sequence[int], size: float
) -> list[Word | None]:
    """The words measured, each piece with its slice of the paragraph's levels."""
    width = fonts.width
    out: list[Word | None] = []
    pos = 0
    after_word = False
    for word in raw:
        if word is None:
            out.append(None)
            pos += 1  # the "\n"
            after_word = False
            continue
        gap = 0
        if after_word:
            gap = levels[pos]  # the space between this word and the one before
            pos += 1
        after_word = True
        if len(word) == 1:  # most words: one piece
            text, font, color = word[0]
            end = pos + len(text)
            lv = tuple(levels[pos:end])
            w = width(text, font) * size
            out.append(Word((Piece(text, font, color, w, lv),), w, gap, text, lv, (font, color)))
            pos = end
            continue
        pieces = []
        for text, font, color in word:
            end = pos + len(text)
            pieces.append(
                Piece(text, font, color, width(text, font) * size, tuple(levels[pos:end]))
            )
            pos = end
        out.append(_word(pieces, gap))
    return out


def _groups(raw: Sequence[list[_Raw] | None]) -> list[list[list[_Raw]]]:
    """The words between hard line breaks."""
    groups: list[list[list[_Raw]]] = [[]]
    for word in raw:
        if word is None:
            groups.append([])
        else:
            groups[-1].append(word)
    return groups


# Characters after which a long word (a URL, an e-mail address) is best cut.
_SOFT_BREAKS: Final = frozenset("/-?&=_.,;:@#")


def _split_long(word: Word, limit: float, size: float) -> list[Word]:
    """A word wider than a whole line (a long URL in a narrow cell, a name without
    spaces) is cut between characters: after a slash, hyphen or other URL separator when
    one leaves at least half the line filled, else where the line is full. Shaping and
    bidi levels were resolved on the whole word, so the parts stay joined and in order."""
    chars = [
        (c, piece, piece.levels[k], fonts.width(c, piece.font) * size)
        for piece in word.pieces
        for k, c in enumerate(piece.text)
    ]
    cuts: list[int] = []
    start, used, soft, soft_used = 0, 0.0, -1, 0.0
    for i, (c, _piece, _level, w) in enumerate(chars):
        if used + w > limit and i > start:
            if soft > start and soft_used >= limit / 2:
                cut, used = soft, used - soft_used
            else:
                cut, used = i, 0.0
            cuts.append(cut)
            start, soft = cut, -1
        used += w
        if c in _SOFT_BREAKS:
            soft, soft_used = i + 1, used
    bounds = [0, *cuts, len(chars)]
    parts: list[Word] = []
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        pieces: list[Piece] = []
        k = a
        while k < b:
            piece = chars[k][1]
            j = k
            while j < b and chars[j][1] is piece:
                j += 1
            text = "".join(ch[0] for ch in chars[k:j])
            levels = tuple(ch[2] for ch in chars[k:j])
            width = fonts.width(text, piece.font) * size
            pieces.append(Piece(text, piece.font, piece.color, width, levels))
            k = j
        parts.append(_word(pieces, word.gap if n == 0 else 0))
    return parts


def natural_width(items: Words, style: Style) -> tuple[float, float]:
    """(width of the longest hard line unbroken, width of the widest word)."""
    space = fonts.width(" ", style.font) * style.size
    longest = widest = used = 0.0
    count = 0
    for word in items.items:
        if word is None:
            longest = max(longest, used)
            used, count = 0.0, 0
            continue
        used += word.width + (space if count else 0.0)
        count += 1
        widest = max(widest, word.width)
    return max(longest, used), widest


def layout(content: Content, style: Style, width: float) -> list[Line]:
    """Break a paragraph into lines of at most ``width`` points, in logical order."""
    return break_lines(words(content, style), style, width)


def break_lines(items: Words, style: Style, width: float) -> list[Line]:
    """Fill lines greedily with the words (logical order) of one paragraph."""
    space = fonts.width(" ", style.font) * style.size
    lines: list[Line] = []
    current: list[Word] = []
    used = 0.0
    base = items.base

    def finish(last: bool) -> None:
        nonlocal used
        lines.append(Line(tuple(current), used, space, style.font, last, base))
        current.clear()
        used = 0.0

    for word in items.items:
        if word is None:
            finish(True)
            continue
        pieces = [word] if word.width <= width else _split_long(word, width, style.size)
        for part in pieces:
            extra = part.width + (space if current else 0.0)
            if current and used + extra > width:
                finish(False)
                extra = part.width
            current.append(part)
            used += extra
    if current or not lines:
        finish(True)
    return lines


@lru_cache(maxsize=8192)
def _line_order(
    text: str, levels: tuple[int, ...], base: Direction
) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """(order, levels, drawn text) of one line: rule L1 on the line's slice of its
    paragraph's levels, then L2; the text in drawing order, brackets on right-to-left
    levels mirrored (L4)."""
    lv = line_levels(text, levels, base)
    order = reorder(lv)
    drawn = "".join(MIRROR.get(text[i], text[i]) if lv[i] % 2 else text[i] for i in order)
    return tuple(order), tuple(lv), drawn


def _visual_runs(line: Line) -> list[tuple[str, str, Color]]:
    """The line in drawing order (left to right) as (text, font, colour) runs. The spaces
    between words are drawn in the font their width was measured with (``line.font``)."""
    words_ = line.words
    first = words_[0]
    if len(words_) == 1:
        text, levels = first.text, first.levels
    else:
        text = " ".join(w.text for w in words_)
        joined = list(first.levels)
        for word in words_[1:]:
            joined.append(word.gap)
            joined += word.levels
        levels = tuple(joined)
    order, lv, drawn = _line_order(text, levels, line.base)
    face = first.face
    if face is not None and face[0] == line.font and all(w.face == face for w in words_):
        # One font and colour (most lines): the whole line is one run.
        return [(drawn, face[0], face[1])]
    return _mixed_runs(words_, text, order, lv, line.font)


def visual_runs(line: Line) -> list[tuple[str, str, Color]]:
    """The line as drawn, left to right: (text, font, colour) runs, shaped and
    reordered. For text placed by other drawing code (chart labels, briefs/charts.py)."""
    return _visual_runs(line)


def _mixed_runs(
    words_: Sequence[Word], text: str, order: Sequence[int], lv: Sequence[int], space_font: str
) -> list[tuple[str, str, Color]]:
    """Runs of a line whose words use several fonts or colours."""
    owner: list[Piece | None] = []
    for n, word in enumerate(words_):
        if n:
            owner.append(None)
        for piece in word.pieces:
            owner += [piece] * len(piece.text)
    runs: list[tuple[str, str, Color]] = []
    run: list[str] = []
    font = ""
    color: Color = BLACK
    for i in order:
        source = owner[i]
        if source is None:
            c, want_font, want_color = " ", space_font, color
        else:
            c = text[i]
            if lv[i] % 2:
                c = MIRROR.get(c, c)
            want_font, want_color = source.font, source.color
        if run and (want_font != font or want_color != color):
            runs.append(("".join(run), font, color))
            run = []
        font, color = want_font, want_color
        run.append(c)
    if run:
        runs.append(("".join(run), font, color))
    return runs


def _start_x(
    line: Line, *, left: float, right: float, size: float, align: Align, direction: Direction
) -> tuple[float, float]:
    """(x where the line starts, extra width of each space) for the alignment."""
    available = right - left
    natural = line.width
    stretch = 0.0
    if align == "justify" and not line.last and len(line.words) > 1:
        stretch = (available - natural) / (len(line.words) - 1)
        if stretch > 0 and line.space + stretch <= _MAX_GAP_EM * size:
            natural = available
        else:
            stretch = 0.0
    if align == "center":
        return left + (available - natural) / 2, stretch
    if (align == "end") == (direction == "R"):
        return left, stretch
    return right - natural, stretch


def draw_line(
    canvas: Canvas,
    line: Line,
    *,
    left: float,
    right: float,
    baseline: float,
    size: float,
    align: Align,
    direction: Direction,
) -> None:
    """Draw one line between ``left`` and ``right``, aligned on the ``direction`` side
    (a table cell follows its table, a paragraph its own base direction). The line is
    reordered here (rules L1-L2 with the levels its paragraph resolved), never before:
    a whole paragraph reordered before wrapping would print its lines upside down.
    """
    if not line.words:
        return
    x, stretch = _start_x(line, left=left, right=right, size=size, align=align, direction=direction)
    runs = _visual_runs(line)
    text = canvas.beginText(x, baseline)
    if stretch and any("\u00a0" in run for run, _, _ in runs):
        # reportlab draws a no-break space as code 32, which word spacing would widen:
        # place every word on its own instead.
        _draw_words(text, runs, x=x, baseline=baseline, size=size, gap=line.space + stretch)
    else:
        if stretch:
            # Subsets of a TrueType font always keep code 32 for the space, so the PDF's
            # word spacing justifies the whole line in one text operator.
            text.setWordSpace(stretch)
        pen = _Pen(text, size)
        for run, font, color in runs:
            pen.use(font, color)
            # The PDF keeps the pen moving from one run to the next; reportlab's public
            # textOut would also measure every run again just to track a cursor we never use.
            text._textOut(run)
        if stretch:
            text.setWordSpace(0)  # word spacing outlives the text object in PDF
    canvas.drawText(text)


class _Pen:
    """Sets font and colour on a text object only when they change."""

    def __init__(self, text: Any, size: float) -> None:
        self.text = text
        self.size = size
        self.font: str | None = None
        self.color: Color | None = None

    def use(self, font: str, color: Color) -> None:
        if font != self.font:
            self.text.setFont(font, self.size)
            self.font = font
        if color != self.color:
            self.text.setFillColorRGB(*color)
            self.color = color


def _draw_words(
    text: Any,
    runs: list[tuple[str, str, Color]],
    *,
    x: float,
    baseline: float,
    size: float,
    gap: float,
) -> None:
    pen = _Pen(text, size)
    for run, font, color in runs:
        pen.use(font, color)
        for n, part in enumerate(run.split(" ")):
            if n:
                x += gap
            if part:
                text.setTextOrigin(x, baseline)
                text._textOut(part)
                x += fonts.width(part, font) * size


def baseline_offset(style: Style) -> float:
    """Distance from the top of a line box to its baseline: the glyphs' box centred in the
    leading."""
    glyphs = (fonts.ASCENT + fonts.DESCENT) * style.size
    return (style.leading - glyphs) / 2 + fonts.ASCENT * style.size


class Paragraph(Flowable):  # type: ignore[misc]
    """A paragraph that wraps in logical order and splits between pages.

    ``marker`` (a list number, a bullet) hangs in a gutter of ``marker_width`` on the start
    side of the first line.
    """

    def __init__(
        self,
        content: Content,
        style: Style,
        *,
        marker: str | None = None,
        marker_width: float = 0.0,
        keep_with_next: bool = False,
        _lines: list[Line] | None = None,
        _first: bool = True,
    ) -> None:
        super().__init__()
        self.content = content
        self.style = style
        self.marker = marker
        # The gutter stays on a continued part, so its text lines up with the first part.
        self.marker_width = marker_width
        self.keepWithNext = keep_with_next
        self._lines = _lines
        self._fixed = _lines is not None  # the part of a split paragraph: laid out already
        self._laid_for: float | None = None
        self._first = _first
        self._avail = 0.0

    def _text_width(self, avail: float) -> float:
        return max(avail - self.style.indent - self.marker_width, self.style.size)

    def lines(self, avail: float) -> list[Line]:
        if self._lines is None or (not self._fixed and self._laid_for != avail):
            self._lines = layout(self.content, self.style, self._text_width(avail))
            self._laid_for = avail
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._avail = availWidth
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return availWidth, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.space_before if self._first else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.space_after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self.lines(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        total = len(lines)
        if total >= 4:
            # No orphan or widow: at least two lines on each side of a page break.
            if total - fit < 2:
                fit = total - 2
            if fit < 2:
                fit = 0
        if fit <= 0 or fit >= total:
            return []
        head = Paragraph(
            self.content,
            self.style.but(space_after=0.0),
            marker=self.marker,
            marker_width=self.marker_width,
            _lines=lines[:fit],
            _first=self._first,
        )
        tail = Paragraph(
            self.content,
            self.style,
            marker_width=self.marker_width,
            _lines=lines[fit:],
            _first=False,
        )
        return [head, tail]

    def draw(self) -> None:
        style = self.style
        lines = self.lines(self._avail)
        # A left-to-right paragraph in a Persian brief (no Persian letter in it) is laid
        # out left to right: indent and marker on the left.
        direction = lines[0].base if lines else style.direction
        if direction == "R":
            right = self._avail - style.indent - self.marker_width
            left = 0.0
        else:
            left = style.indent + self.marker_width
            right = self._avail
        top = self.height
        offset = baseline_offset(style)
        for n, line in enumerate(lines):
            baseline = top - n * style.leading - offset
            draw_line(
                self.canv,
                line,
                left=left,
                right=right,
                baseline=baseline,
                size=style.size,
                align=style.align,
                direction=direction,
            )
        if self.marker and lines:
            marker_line = layout(
                self.marker, style.but(align="start", direction=direction), 10_000
            )[0]
            if direction == "R":
                m_right = self._avail - style.indent
                m_left = m_right - self.marker_width
            else:
                m_left = style.indent
                m_right = m_left + self.marker_width
            draw_line(
                self.canv,
                marker_line,
                left=m_left,
                right=m_right,
                baseline=top - offset,
                size=style.size,
                align="start",
                direction=direction,
            )
