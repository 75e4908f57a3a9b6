"""Tables whose first column is on the start side (the right in Persian), with cells that
wrap as paragraphs, a header repeated on every page and rows kept whole across pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from peyvand.briefs.paragraph import (
    Align,
    Color,
    Content,
    Line,
    Style,
    Words,
    baseline_offset,
    break_lines,
    draw_line,
    natural_width,
    words,
)

GRID: Color = (0.55, 0.55, 0.55)
HEADER_BACKGROUND: Color = (0.88, 0.9, 0.93)


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the table's width
    align: Align = "start"


@dataclass(frozen=True)
class Row:
    cells: Sequence[Content]
    background: Color | None = None
    color: Color | None = None
    bold: bool = False


@dataclass(frozen=True)
class TableStyle:
    text: Style = field(default_factory=lambda: Style(size=9.0, leading=15.0, align="start"))
    header: Style = field(
        default_factory=lambda: Style(size=9.0, leading=15.0, bold=True, align="center")
    )
    # Wider than a font size on each side: text readers must see separate cells.
    padding: float = 6.0
    padding_v: float = 3.0
    grid: Color | None = GRID
    header_background: Color | None = HEADER_BACKGROUND
    line_width: float = 0.5
    min_row_height: float = 0.0


@dataclass
class _Laid:
    row: Row
    cells: list[list[Line]]
    height: float


class Table(Flowable):  # type: ignore[misc]
    """``columns`` and every row's cells are in logical order; with ``direction`` "R" the
    first column is drawn on the right."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Row],
        style: TableStyle | None = None,
        *,
        header: bool = True,
        auto_width: bool = False,
        max_height: float = 700.0,
        on_row: Callable[[], None] | None = None,
        keep_with_next: bool = False,
        space_before: float = 0.0,
        space_after: float = 0.0,
        _laid: tuple[float, _Laid | None, list[_Laid]] | None = None,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows = list(rows)
        self.style = style or TableStyle()
        self.header = header
        # Column widths from the content (as HTML tables do) instead of the weights alone.
        self.auto_width = auto_width
        self.max_height = max_height
        self.on_row = on_row
        self.keepWithNext = keep_with_next
        self.space_before = space_before
        self.space_after = space_after
        self._laid = _laid
        self._column_widths: list[float] | None = None
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError("every row needs one cell per column")

    # -- layout -----------------------------------------------------------------------

    @property
    def direction(self) -> str:
        return self.style.text.direction

    def _header_minimums(self, cells: list[list[Words]] | None) -> list[float]:
        """Per column: its header's longest word (and the padding). No column is made
        narrower: a header broken letter by letter cannot be read."""
        if not self.header:
            return [0.0] * len(self.columns)
        style = self.style.header
        head = cells[0] if cells else [words(c.title, style) for c in self.columns]
        pad = 2 * self.style.padding + 0.5
        return [natural_width(items, style)[1] + pad for items in head]

    def _widths(self, avail: float, cells: list[list[Words]] | None = None) -> list[float]:
        total = sum(c.weight for c in self.columns)
        weighted = [avail * c.weight / total for c in self.columns]
        floor = self._header_minimums(cells)
        if not self.auto_width or cells is None:
            return _at_least(weighted, floor, avail)
        styles = [styles for _, styles in self._all_rows()]
        pad = 2 * self.style.padding
        # A word wider than a third of the table (a 200-letter name, a URL) does not
        # widen its column further: it is broken between letters inside its cell rather
        # than squeezing every other column.
        cap = avail / 3
        natural = list(floor)
        minimum = list(floor)
        for row_words, row_styles in zip(cells, styles, strict=True):
            for i, (items, style) in enumerate(zip(row_words, row_styles, strict=True)):
                longest, widest = natural_width(items, style)
                natural[i] = max(natural[i], longest + pad + 0.5)
                minimum[i] = max(minimum[i], min(widest + pad + 0.5, cap))
        if sum(natural) <= avail:
            # Everything fits on one line: the spare width goes by weight.
            spare = avail - sum(natural)
            return [
                n + spare * c.weight / total for n, c in zip(natural, self.columns, strict=True)
            ]
        if sum(minimum) >= avail:
            # Too many long words for the width: every column gets what its text asks
            # for up to one common limit, never less than its header.
            return _fair_share(natural, floor, avail)
        # Short columns keep their whole text on one line when it fits in a fair share;
        # the long ones wrap, sharing the rest by need but never below their longest word.
        widths = list(natural)
        open_ = set(range(len(natural)))
        left = avail
        while open_:
            share = left / len(open_)
            settled = {i for i in open_ if natural[i] <= share}
            if not settled:
                break
            open_ -= settled
            left -= sum(natural[i] for i in settled)
        if open_:
            need = sum(natural[i] for i in open_)
            for i in open_:
                widths[i] = left * natural[i] / need
            # Give a column cut below its longest word what it needs, from the others.
            short = {i for i in open_ if widths[i] < minimum[i]}
            if short:
                lack = sum(minimum[i] - widths[i] for i in short)
                rest = open_ - short
                spare = sum(widths[i] - minimum[i] for i in rest)
                for i in short:
                    widths[i] = minimum[i]
                for i in rest:
                    widths[i] -= lack * (widths[i] - minimum[i]) / spare if spare else 0.0
        return widths

    def _cell_style(self, row: Row, column: Column) -> Style:
        style = self.style.text.but(align=column.align)
        if row.bold:
            style = style.but(bold=True)
        if row.color is not None:
            style = style.but(color=row.color)
        return style

    def fitted_columns(self, avail: float) -> list[Column]:
        """The columns with weights equal to the widths this table's content asks for:
        several tables built with them (one per day of an itinerary) line up."""
        rows = self._all_rows()
        cells = [
            [words(content, style) for content, style in zip(row.cells, styles, strict=True)]
            for row, styles in rows
        ]
        widths = self._widths(avail, cells)
        return [Column(c.title, w, c.align) for c, w in zip(self.columns, widths, strict=True)]

    def _lay_row(
        self,
        row: Row,
        items: list[Words],
        widths: list[float],
        styles: list[Style],
        min_height: float,
    ) -> _Laid:
        pad = self.style.padding
        cells = [
            break_lines(cell, style, max(w - 2 * pad, style.size))
            for cell, style, w in zip(items, styles, widths, strict=True)
        ]
        lines = max((len(c) for c in cells), default=1)
        leading = max(s.leading for s in styles)
        height = max(lines * leading + 2 * self.style.padding_v, min_height)
        return _Laid(row, cells, height)

    def _all_rows(self) -> list[tuple[Row, list[Style]]]:
        rows: list[tuple[Row, list[Style]]] = []
        if self.header:
            rows.append(
                (Row([c.title for c in self.columns]), [self.style.header] * len(self.columns))
            )
        rows += [(row, [self._cell_style(row, c) for c in self.columns]) for row in self.rows]
        return rows

    def _layout(self, avail: float) -> tuple[_Laid | None, list[_Laid]]:
        if self._laid is not None and abs(self._laid[0] - avail) < 0.01:
            return self._laid[1], self._laid[2]
        rows = self._all_rows()
        # Words are shaped and measured once, whatever the column widths turn out to be.
        cells = [
            [words(content, style) for content, style in zip(row.cells, styles, strict=True)]
            for row, styles in rows
        ]
        widths = self._widths(avail, cells)
        self._column_widths = widths
        # The minimum height is for body rows (room for a signature), not the header.
        minimum = [self.style.min_row_height] * len(rows)
        if self.header:
            minimum[0] = 0.0
        laid = [
            self._lay_row(row, items, widths, styles, least)
            for (row, styles), items, least in zip(rows, cells, minimum, strict=True)
        ]
        head = laid[0] if self.header else None
        body = laid[1:] if self.header else laid
        self._laid = (avail, head, body)
        return head, body

    def start_height(self, avail: float, rows: int) -> float:
        """Height of the header and the first ``rows`` rows at width ``avail``."""
        head, body = self._layout(avail)
        return (head.height if head else 0.0) + sum(r.height for r in body[:rows])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        head, body = self._layout(availWidth)
        self.width = availWidth
        self.height = (head.height if head else 0.0) + sum(r.height for r in body)
        return availWidth, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.space_after

    def _part(self, rows: list[_Laid], avail: float, head: _Laid | None, first: bool) -> Table:
        part = Table(
            self.columns,
            [r.row for r in rows],
            self.style,
            header=self.header,
            max_height=self.max_height,
            on_row=self.on_row,
            space_before=self.space_before if first else 0.0,
            space_after=0.0 if first else self.space_after,
            _laid=(avail, head, rows),
        )
        part._column_widths = self._column_widths  # the parts of a table line up
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        head, body = self._layout(availWidth)
        used = head.height if head else 0.0
        fit = 0
        while fit < len(body) and used + body[fit].height <= availHeight + 1e-6:
            used += body[fit].height
            fit += 1
        if fit == len(body):
            return []
        if fit == 0:
            # A row is moved whole to the next page, unless it is taller than a page.
            head_h = head.height if head else 0.0
            if head_h + body[0].height <= self.max_height:
                return []
            first, rest = self._split_row(body[0], availHeight - head_h)
            if first is None:
                return []
            return [
                self._part([first], availWidth, head, True),
                self._part([rest, *body[1:]], availWidth, head, False),
            ]
        return [
            self._part(body[:fit], availWidth, head, True),
            self._part(body[fit:], availWidth, head, False),
        ]

    def _split_row(self, laid: _Laid, avail: float) -> tuple[_Laid | None, _Laid]:
        leading = max(self._cell_style(laid.row, c).leading for c in self.columns)
        pad_v = self.style.padding_v
        n = int((avail - 2 * pad_v + 1e-6) // leading)
        if n < 1:
            return None, laid
        first = _Laid(laid.row, [c[:n] for c in laid.cells], n * leading + 2 * pad_v)
        rest_cells = [c[n:] for c in laid.cells]
        lines = max((len(c) for c in rest_cells), default=0)
        rest = _Laid(laid.row, rest_cells, max(lines, 1) * leading + 2 * pad_v)
        return first, rest

    # -- drawing ----------------------------------------------------------------------

    def _draw_row(self, laid: _Laid, top: float, widths: list[float], styles: list[Style]) -> None:
        canvas = self.canv
        style = self.style
        background = laid.row.background
        if background is not None:
            canvas.setFillColorRGB(*background)
            canvas.rect(0, top - laid.height, self.width, laid.height, stroke=0, fill=1)
        edges = self._edges(widths)
        for (left, right), lines, cell_style in zip(edges, laid.cells, styles, strict=True):
            offset = baseline_offset(cell_style)
            for n, line in enumerate(lines):
                draw_line(
                    canvas,
                    line,
                    left=left + style.padding,
                    right=right - style.padding,
                    baseline=top - style.padding_v - offset - n * cell_style.leading,
                    size=cell_style.size,
                    align=cell_style.align,
                    direction=cell_style.direction,
                )

    def _edges(self, widths: list[float]) -> list[tuple[float, float]]:
        """(left, right) of every column, in logical order."""
        edges: list[tuple[float, float]] = []
        if self.direction == "R":
            right = self.width
            for w in widths:
                edges.append((right - w, right))
                right -= w
        else:
            left = 0.0
            for w in widths:
                edges.append((left, left + w))
                left += w
        return edges

    def draw(self) -> None:
        head, body = self._layout(self.width)
        widths = self._column_widths or self._widths(self.width)
        canvas = self.canv
        style = self.style
        top = self.height
        if head is not None:
            if style.header_background is not None:
                canvas.setFillColorRGB(*style.header_background)
                canvas.rect(0, top - head.height, self.width, head.height, stroke=0, fill=1)
            self._draw_row(head, top, widths, [style.header] * len(self.columns))
            top -= head.height
        for laid in body:
            self._draw_row(laid, top, widths, [self._cell_style(laid.row, c) for c in self.columns])
            top -= laid.height
            if self.on_row is not None:
                self.on_row()
        if style.grid is None:
            return
        canvas.setStrokeColorRGB(*style.grid)
        canvas.setLineWidth(style.line_width)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        y = self.height
        for laid in ([head] if head else []) + body:
            y -= laid.height
            if y > 0.01:
                canvas.line(0, y, self.width, y)
        for left, _right in self._edges(widths):
            if 0.01 < left < self.width - 0.01:
                canvas.line(left, 0, left, self.height)


def _at_least(widths: list[float], floor: list[float], avail: float) -> list[float]:
    """``widths`` with every column raised to its ``floor``, the width taken from the
    columns above theirs in proportion to what they have to spare."""
    if sum(floor) >= avail:
        return [avail * f / sum(floor) for f in floor]
    lack = sum(max(f - w, 0.0) for w, f in zip(widths, floor, strict=True))
    if not lack:
        return widths
    spare = sum(max(w - f, 0.0) for w, f in zip(widths, floor, strict=True))
    return [f if w <= f else w - lack * (w - f) / spare for w, f in zip(widths, floor, strict=True)]


def _fair_share(need: list[float], floor: list[float], avail: float) -> list[float]:
    """Widths that sum to ``avail``: each column gets what it needs up to one common
    limit, and never less than its floor (max-min fairness, found by bisection)."""
    if sum(floor) >= avail:
        return _at_least(floor, floor, avail)

    def widths(limit: float) -> list[float]:
        return [max(f, min(n, limit)) for n, f in zip(need, floor, strict=True)]

    low, high = 0.0, max(need)
    for _ in range(50):
        middle = (low + high) / 2
        if sum(widths(middle)) > avail:
            high = middle
        else:
            low = middle
    result = widths(low)
    # What the bisection left over goes to the capped columns (the ones that wrap).
    capped = [i for i, (n, w) in enumerate(zip(need, result, strict=True)) if n > w]
    rest = avail - sum(result)
    for i in capped:
        result[i] += rest / len(capped)
    return result
