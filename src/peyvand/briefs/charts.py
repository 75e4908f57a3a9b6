"""Charts for the Persian briefs, drawn with reportlab's own graphics (reportlab.graphics:
bar charts, axes, grid) and mirrored for right-to-left reading: the first category on the
right, the value axis on the right, horizontal bars growing leftwards from labels on
the right, legends whose swatch stands to the right of its label.

reportlab draws a label's string as it is given; it cannot shape or reorder Persian. So
every label goes through the briefs' own line machinery first (paragraph.layout: shaping,
the paragraph's bidi levels, L1-L2 reordering, Persian digits) and reportlab gets the
drawn text. A chart is a flowable that builds its drawing while the document is built,
so characters no font can draw are reported like those of any paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import Color as RLColor
from reportlab.platypus import Flowable

from peyvand.briefs import fonts
from peyvand.briefs.document import one_line
from peyvand.briefs.paragraph import Color, Style, layout, visual_runs
from peyvand.briefs.result import note_missing
from peyvand.text import to_persian_digits

AXIS: Final[Color] = (0.35, 0.35, 0.35)
GRID: Final[Color] = (0.85, 0.85, 0.85)
LABEL_SIZE: Final = 8.0
LEGEND_SIZE: Final = 8.5
SWATCH: Final = 8.0

# Series colours, chosen to stay apart in grey print too.
BLUE: Final[Color] = (0.16, 0.38, 0.66)
ORANGE: Final[Color] = (0.93, 0.55, 0.17)
GREEN: Final[Color] = (0.20, 0.55, 0.30)
AMBER: Final[Color] = (0.85, 0.65, 0.13)
SKY: Final[Color] = (0.55, 0.72, 0.90)
RED: Final[Color] = (0.75, 0.12, 0.12)
GREY: Final[Color] = (0.65, 0.65, 0.65)


def _rl(color: Color) -> RLColor:
    return RLColor(*color)


def drawn(text: str, size: float = LABEL_SIZE, *, bold: bool = False, width: float = 0) -> str:
    """``text`` as a chart draws it: through the briefs' line function (shaped, in
    visual order, digits Persian), on one line (cut with «…» to ``width`` if given).
    A character only a symbol font has becomes «�» (a chart label has one font) and is
    reported as missing."""
    style = Style(size=size, leading=size * 1.3, bold=bold, align="start", direction="R")
    text = to_persian_digits(text)
    lines = one_line(text, style, width) if width else layout(text, style, 1e6)[:1]
    if not lines or not lines[0].words:
        return ""
    out = []
    for run, font, _color in visual_runs(lines[0]):
        if font == style.font:
            out.append(run)
        else:
            note_missing(run)
            out.append(fonts.REPLACEMENT * len(run))
    return "".join(out)


def _string(x: float, y: float, text: str, *, anchor: str, size: float = LABEL_SIZE,
            bold: bool = False, color: Color = (0, 0, 0)) -> String:  # fmt: skip
    return String(
        x, y, text, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size,
        fillColor=_rl(color), textAnchor=anchor,
    )  # fmt: skip


def _legend(
    drawing: Drawing, items: Sequence[tuple[str, Color]], *, right: float, y: float
) -> None:
    """Right to left: swatch, then its label to the left of it, then the next item."""
    x = right
    for name, color in items:
        drawing.add(Rect(x - SWATCH, y, SWATCH, SWATCH, fillColor=_rl(color), strokeColor=None))
        label = drawn(name, LEGEND_SIZE)
        drawing.add(_string(x - SWATCH - 3, y + 1, label, anchor="end", size=LEGEND_SIZE))
        x -= SWATCH + 3 + fonts.width(label, fonts.REGULAR) * LEGEND_SIZE + 14


def nice_scale(value: int) -> tuple[int, int]:
    """(axis end, step) for counts up to ``value``: a round step (1, 2, 5 × 10^k) and
    at most six steps, the end at or above ``value``."""
    step, factors = 1, (2, 2.5, 2)  # 1, 2, 5, 10, 20, 50, …
    n = 0
    while step * 6 < value:
        step = int(step * factors[n % 3])
        n += 1
    end = max(-(-value // step) * step, step * 2)
    return end, step


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]
    color: Color


class Chart(Flowable):  # type: ignore[misc]
    """A drawing made when the document is laid out (so its labels' missing
    characters are collected with the document's)."""

    def __init__(self, build: Callable[[float], Drawing], height: float) -> None:
        super().__init__()
        self._build = build
        self._height = height
        self._drawing: Drawing | None = None
        self.spaceBefore = 4
        self.spaceAfter = 8

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._drawing is None or self._drawing.width != availWidth:
            self._drawing = self._build(availWidth)
            # renderPDF starts a drawing in Helvetica (never drawn, but then listed in
            # the PDF as a font it does not embed).
            self._drawing.initialFontName = fonts.REGULAR
        self.width = availWidth
        self.height = self._height
        return availWidth, self._height

    def draw(self) -> None:
        assert self._drawing is not None
        from reportlab.graphics import renderPDF

        renderPDF.draw(self._drawing, self.canv, 0, 0)


def column_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    height: float = 190,
    stacked: bool = False,
) -> Chart:
    """Vertical bars per category, the first category on the right, the value axis
    on the right; the legend above, right-aligned."""

    def build(width: float) -> Drawing:
        drawing = Drawing(width, height)
        legend_h = 18
        axis_w = 26
        chart = VerticalBarChart()
        chart.x, chart.y = 4, 26
        chart.width = width - axis_w - chart.x
        chart.height = height - chart.y - legend_h - 6
        chart.data = [list(s.values) for s in series]
        top = max((sum(v) for v in zip(*chart.data, strict=True)) if stacked else
                  (max(s) for s in chart.data), default=0)  # fmt: skip
        _value_axis(chart.valueAxis, top, right=True)
        chart.categoryAxis.categoryNames = [""] * len(categories)
        chart.categoryAxis.reverseDirection = 1
        chart.categoryAxis.labels.fontName = fonts.REGULAR
        chart.categoryAxis.strokeColor = _rl(AXIS)
        if stacked:
            chart.categoryAxis.style = "stacked"
        chart.barSpacing = 1
        chart.groupSpacing = 6
        for n, s in enumerate(series):
            chart.bars[n].fillColor = _rl(s.color)
            chart.bars[n].strokeColor = None
        drawing.add(chart)
        slot = chart.width / max(len(categories), 1)
        for i, name in enumerate(categories):
            x = chart.x + chart.width - (i + 0.5) * slot
            label = drawn(name, LABEL_SIZE, width=slot - 2)
            drawing.add(_string(x, chart.y - 12, label, anchor="middle"))
        _legend(drawing, [(s.name, s.color) for s in series], right=width - axis_w,
                y=height - legend_h + 4)  # fmt: skip
        return drawing

    return Chart(build, height)


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    bar_height: float = 9,
    label_width: float = 130,
) -> Chart:
    """Horizontal bars, one row per category from the top, labels on the right and
    bars growing leftwards; the value axis below, the legend above."""
    rows = max(len(categories), 1)
    per_row = bar_height * (1 if stacked else len(series)) + 7
    legend_h = 18
    height = rows * per_row + 26 + legend_h + 6

    def build(width: float) -> Drawing:
        drawing = Drawing(width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 10, 22
        chart.width = width - label_width - chart.x - 6
        chart.height = height - chart.y - legend_h - 6
        # reportlab puts the first category at the bottom: reversed, it reads top down.
        chart.data = [list(reversed(s.values)) for s in series]
        top = max((sum(v) for v in zip(*chart.data, strict=True)) if stacked else
                  (max(s) for s in chart.data), default=0)  # fmt: skip
        _value_axis(chart.valueAxis, top, right=False)
        chart.valueAxis.reverseDirection = 1
        chart.categoryAxis.categoryNames = [""] * len(categories)
        chart.categoryAxis.joinAxisMode = "right"
        chart.categoryAxis.strokeColor = _rl(AXIS)
        chart.categoryAxis.labels.fontName = fonts.REGULAR
        if stacked:
            chart.categoryAxis.style = "stacked"
        chart.barSpacing = 1
        chart.groupSpacing = 5
        for n, s in enumerate(series):
            chart.bars[n].fillColor = _rl(s.color)
            chart.bars[n].strokeColor = None
        drawing.add(chart)
        slot = chart.height / rows
        for i, name in enumerate(categories):
            y = chart.y + chart.height - (i + 0.5) * slot - LABEL_SIZE / 3
            label = drawn(name, LABEL_SIZE, width=label_width - 8)
            drawing.add(_string(chart.x + chart.width + 6, y, label, anchor="start"))
        _legend(drawing, [(s.name, s.color) for s in series], right=width, y=height - legend_h + 4)
        return drawing

    return Chart(build, height)


def _value_axis(axis: Any, top: int, *, right: bool) -> None:
    high, step = nice_scale(int(top))
    axis.valueMin = 0
    axis.valueMax = high
    axis.valueStep = step
    axis.labels.fontName = fonts.REGULAR
    axis.labels.fontSize = LABEL_SIZE
    axis.labelTextFormat = lambda v: to_persian_digits(round(v))
    axis.strokeColor = _rl(AXIS)
    axis.visibleGrid = 1
    axis.gridStrokeColor = _rl(GRID)
    axis.gridStrokeWidth = 0.5
    if right:
        axis.joinAxisMode = "right"
        axis.tickLeft = 0
        axis.tickRight = 3
        axis.labels.textAnchor = "start"
        axis.labels.dx = 5
