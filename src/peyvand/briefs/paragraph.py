"""Right-to-left (or left-to-right) paragraphs for reportlab: wrapped in logical order,
reordered line by line, split between pages.

:func:`layout` breaks a paragraph into :class:`Line` objects; :func:`draw_line` draws one
line. Everything that puts text on a page (paragraphs, table cells, the letterhead, the
page footer) goes through these two, so the rules live in one place.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from peyvand.briefs import fonts
from peyvand.briefs.rtl import MIRROR, Direction, prepare, shape_parts, visual_order

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
    """The part of a word in one font and colour, shaped, still in logical order."""

    text: str
    font: str
    color: Color
    width: float  # at the paragraph's size


@dataclass(frozen=True)
class Word:
    pieces: tuple[Piece, ...]
    width: float


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    width: float  # with one normal space between words
    space: float  # width of that space
    font: str  # the font the space was measured in
    last: bool  # ends a paragraph (or a hard line break): never justified


_BREAK: Final = re.compile(r"( |\n)")


def words(content: Content, style: Style) -> list[Word | None]:
    """The paragraph's words in logical order; ``None`` marks a hard line break."""
    spans = [Span(content)] if isinstance(content, str) else list(content)
    out: list[Word | None] = []
    current: list[Piece] = []

    def finish() -> None:
        if current:
            out.append(Word(tuple(current), sum(p.width for p in current)))
            current.clear()

    for span in spans:
        font = fonts.BOLD if (style.bold if span.bold is None else span.bold) else fonts.REGULAR
        color = span.color or style.color
        # Keep a span's edge spaces (normalization strips them): they separate words.
        text = span.text
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        text = lead + prepare(text, style.direction) + trail
        for part, shaped in zip(_BREAK.split(text), shape_parts(text), strict=True):
            if part == " ":
                finish()
            elif part == "\n":
                finish()
                out.append(None)
            elif part:
                current.append(Piece(shaped, font, color, fonts.width(shaped, font) * style.size))
    finish()
    return out


def _split_long(word: Word, limit: float, size: float) -> list[Word]:
    """A word wider than a whole line (a long URL in a narrow cell) is cut between
    characters; shaping inside it is already done, so the cut parts stay joined."""
    parts: list[Word] = []
    pieces: list[Piece] = []
    used = 0.0
    for piece in word.pieces:
        chars = piece.text
        start = 0
        for i, c in enumerate(chars):
            w = fonts.width(c, piece.font) * size
            if used + w > limit and (i > start or pieces):
                if i > start:
                    text = chars[start:i]
                    pieces.append(
                        Piece(text, piece.font, piece.color, fonts.width(text, piece.font) * size)
                    )
                parts.append(Word(tuple(pieces), sum(p.width for p in pieces)))
                pieces, used, start = [], 0.0, i
            used += w
        if start < len(chars):
            text = chars[start:]
            pieces.append(
                Piece(text, piece.font, piece.color, fonts.width(text, piece.font) * size)
            )
    if pieces:
        parts.append(Word(tuple(pieces), sum(p.width for p in pieces)))
    return parts


def natural_width(items: Sequence[Word | None], style: Style) -> tuple[float, float]:
    """(width of the longest hard line unbroken, width of the widest word)."""
    space = fonts.width(" ", style.font) * style.size
    longest = widest = used = 0.0
    count = 0
    for word in items:
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


def break_lines(items: Sequence[Word | None], style: Style, width: float) -> list[Line]:
    """Fill lines greedily with the words (logical order) of one paragraph."""
    space = fonts.width(" ", style.font) * style.size
    lines: list[Line] = []
    current: list[Word] = []
    used = 0.0

    def finish(last: bool) -> None:
        nonlocal used
        lines.append(Line(tuple(current), used, space, style.font, last))
        current.clear()
        used = 0.0

    for word in items:
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


def _visual_runs(line: Line, direction: Direction) -> list[tuple[str, str, Color]]:
    """The line in drawing order (left to right) as (text, font, colour) runs. The spaces
    between words are drawn in the font their width was measured with (``line.font``)."""
    chars: list[str] = []
    owner: list[Piece | None] = []
    for n, word in enumerate(line.words):
        if n:
            chars.append(" ")
            owner.append(None)
        for piece in word.pieces:
            chars.extend(piece.text)
            owner.extend([piece] * len(piece.text))
    text = "".join(chars)
    order, lv = visual_order(text, direction)
    first = line.words[0].pieces[0]
    pieces = [p for w in line.words for p in w.pieces]
    if first.font == line.font and all(
        p.font == first.font and p.color == first.color for p in pieces
    ):
        # One font and colour (most lines): the whole line is one run.
        drawn = "".join(MIRROR.get(text[i], text[i]) if lv[i] % 2 else text[i] for i in order)
        return [(drawn, first.font, first.color)]
    runs: list[tuple[str, str, Color]] = []
    run: list[str] = []
    font = ""
    color: Color = BLACK
    for i in order:
        source = owner[i]
        if source is None:
            c, want_font, want_color = " ", line.font, color
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
    """Draw one line between ``left`` and ``right``: reordered for display here, never
    before (a whole paragraph reordered before wrapping would print its lines upside down).
    """
    if not line.words:
        return
    x, stretch = _start_x(line, left=left, right=right, size=size, align=align, direction=direction)
    runs = _visual_runs(line, direction)
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
        if style.direction == "R":
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
                direction=style.direction,
            )
        if self.marker and lines:
            marker_line = layout(self.marker, style.but(align="start"), 10_000)[0]
            if style.direction == "R":
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
                direction=style.direction,
            )
