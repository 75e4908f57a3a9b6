"""What the briefs share: styles, headings, the info grid, dates and footers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Final

from reportlab.platypus import CondPageBreak, Flowable

from peyvand.briefs.document import FRAME_HEIGHT, FRAME_WIDTH, RULE, Furniture
from peyvand.briefs.document import Letterhead as LetterheadFlowable
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.paragraph import (
    Color,
    Content,
    Paragraph,
    Span,
    Style,
    natural_width,
    words,
)
from peyvand.briefs.rtl import Direction
from peyvand.briefs.table import Column, Row, Table, TableStyle
from peyvand.domain.enums import Classification
from peyvand.messages import enum_label
from peyvand.text import format_jalali_long, format_time, to_persian_digits

HEADING_COLOR: Final[Color] = (0.12, 0.22, 0.42)
MUTED: Final[Color] = (0.35, 0.35, 0.35)
OVERDUE_BACKGROUND: Final[Color] = (1.0, 0.88, 0.88)
OVERDUE_TEXT: Final[Color] = (0.7, 0.0, 0.0)


class Styles:
    """The type scale of one brief, in its direction."""

    def __init__(self, direction: Direction = "R") -> None:
        d = direction
        self.direction: Direction = d
        self.title = Style(size=17, leading=30, bold=True, align="center", direction=d)
        self.subtitle = Style(
            size=12.5, leading=22, bold=True, align="center", direction=d, space_after=4
        )
        self.heading = Style(
            size=12,
            leading=21,
            bold=True,
            align="start",
            direction=d,
            color=HEADING_COLOR,
            space_before=12,
            space_after=4,
        )
        self.subheading = Style(
            size=10.5, leading=19, bold=True, align="start", direction=d, space_before=6
        )
        self.body = Style(size=10.5, leading=19, align="justify", direction=d, space_after=3)
        self.item = self.body.but(space_after=2)
        self.meta = Style(size=9, leading=16, align="start", direction=d, color=MUTED)
        self.small = Style(size=9, leading=16, align="justify", direction=d)
        self.table = TableStyle(
            text=Style(size=9, leading=15.5, align="start", direction=d),
            header=Style(size=9, leading=15.5, bold=True, align="center", direction=d),
        )
        # Many short columns (participants, members): a size smaller, narrower padding.
        self.compact = TableStyle(
            text=Style(size=8.5, leading=15, align="start", direction=d),
            header=Style(size=8.5, leading=15, bold=True, align="center", direction=d),
            padding=5.0,
        )
        self.info = TableStyle(
            text=Style(size=10, leading=18, align="start", direction=d),
            header=Style(size=10, leading=18, bold=True, direction=d),
            padding=6.0,
            padding_v=1.0,
            grid=None,
            header_background=None,
        )


class Heading(Paragraph):
    """A section heading with a thin rule under it; kept with what follows unless
    ``keep`` is off (before a long table: see :func:`keep_with_rows`)."""

    def __init__(self, text: str, style: Style, *, keep: bool = True) -> None:
        super().__init__(text, style, keep_with_next=keep)

    def draw(self) -> None:
        super().draw()
        self.canv.setStrokeColorRGB(*RULE)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 1, self.width, 1)


def room_for(height: float) -> Flowable:
    """A page break unless ``height`` points are left."""
    return CondPageBreak(height)


class _RoomForStart(CondPageBreak):  # type: ignore[misc]
    """A page break unless the headings after it and the first rows of their table fit:
    measured on the real flowables at the frame's width, not guessed."""

    def __init__(self, heads: Sequence[Flowable], table: Table, rows: int) -> None:
        super().__init__(0.0)
        self.heads = list(heads)
        self.table = table
        self.rows = rows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        needed = 0.0
        for flowable in self.heads:
            _, height = flowable.wrap(availWidth, FRAME_HEIGHT)
            needed += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
        needed += self.table.getSpaceBefore() + self.table.start_height(availWidth, self.rows)
        # More than a page (rows taller than a page) would break page after page.
        self.height = min(needed, FRAME_HEIGHT - 1.0)
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result


def keep_with_rows(heads: Sequence[Flowable], table: Table, rows: int = 2) -> list[Flowable]:
    """``heads`` (a heading, a subheading) and ``table``, the headings never left at the
    foot of a page without at least ``rows`` rows under them (the whole table when it has
    fewer). Keeping them with the WHOLE table instead (keepWithNext) moves a long table
    to the next page and leaves most of a page empty."""
    return [_RoomForStart(heads, table, rows), *heads, table]


def letterhead_flowable(head: Letterhead, direction: Direction) -> Flowable:
    if direction == "L":
        return LetterheadFlowable(
            head.org_en or head.org, head.unit_en or head.unit, head.logo, direction
        )
    return LetterheadFlowable(head.org, head.unit, head.logo, direction)


def info_grid(pairs: Sequence[tuple[str, str]], styles: Styles) -> list[Flowable]:
    """«label: value» pairs two to a row, the first on the start side; a pair too long for
    half the width gets a line of its own after the grid (a wrapped cell beside a short one
    would read out of order)."""
    style = styles.info
    half = FRAME_WIDTH / 2 - 2 * style.padding
    short: list[Content] = []
    long: list[Content] = []
    for name, value in pairs:
        if not value:
            continue
        cell: list[Span] = [Span(name + ": ", bold=True), Span(value)]
        longest, _ = natural_width(words(cell, style.text), style.text)
        (short if longest <= half else long).append(cell)
    if len(short) % 2:
        short.append("")
    out: list[Flowable] = []
    if short:
        out.append(
            Table(
                [Column(""), Column("")],
                [Row(short[i : i + 2]) for i in range(0, len(short), 2)],
                style,
                header=False,
                max_height=FRAME_HEIGHT,
                space_before=4,
                space_after=0 if long else 4,
            )
        )
    out += [
        Paragraph(
            cell,
            style.text.but(indent=style.padding, space_before=1, space_after=1),
        )
        for cell in long
    ]
    return out


def table(
    columns: Sequence[Column],
    rows: Sequence[Row],
    styles: Styles,
    *,
    style: TableStyle | None = None,
    auto_width: bool = False,
    on_row: Callable[[], None] | None = None,
) -> Table:
    return Table(
        columns,
        rows,
        style or styles.table,
        auto_width=auto_width,
        max_height=FRAME_HEIGHT,
        on_row=on_row,
        space_before=3,
        space_after=6,
    )


def numbered(items: Sequence[Content], style: Style, *, start: int = 1) -> list[Flowable]:
    """A numbered list: the numbers hang on the start side."""
    width = style.size * 2.2
    return [
        Paragraph(item, style, marker=f"{to_persian_digits(n)}.", marker_width=width)
        for n, item in enumerate(items, start=start)
    ]


def bullets(items: Sequence[Content], style: Style) -> list[Flowable]:
    return [Paragraph(item, style, marker="•", marker_width=style.size * 1.4) for item in items]


# -- values ----------------------------------------------------------------------------


def fa_date(day: dt.date | None) -> str:
    return format_jalali_long(day) if day else ""


def fa_time_range(start: dt.time | None, end: dt.time | None) -> str:
    if start and end:
        return f"{format_time(start)} تا {format_time(end)}"
    return format_time(start) if start else (format_time(end) if end else "")


_EN_MONTHS: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_EN_DAYS: Final = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def en_date(day: dt.date | None) -> str:
    """«Thursday, 4 February 2021»: Gregorian, for the visiting side."""
    if day is None:
        return ""
    return f"{_EN_DAYS[day.weekday()]}, {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def en_time_range(start: dt.time | None, end: dt.time | None) -> str:
    def hm(t: dt.time) -> str:
        return f"{t.hour:02d}:{t.minute:02d}"

    if start and end:
        return f"{hm(start)}\u2013{hm(end)}"
    return hm(start) if start else (hm(end) if end else "")


def furniture(classification: Classification, direction: Direction, running: str = "") -> Furniture:
    """The classification mark (when the record is classified), the running header of
    continuation pages (``running``: the document, its number and title, shortened to a
    line when drawn) and the page footer."""
    mark = ""
    if classification != Classification.NORMAL:
        mark = enum_label(classification, "fa" if direction == "R" else "en")
    if direction == "R":
        return Furniture(
            "R",
            lambda page, pages: f"صفحه {to_persian_digits(page)} از {to_persian_digits(pages)}",
            mark,
            running,
        )
    return Furniture("L", lambda page, pages: f"Page {page} of {pages}", mark, running)


def running_header(document: str, number: str, title: str) -> str:
    """«صورتجلسه 1399-001 — title» (any part may be empty)."""
    head = " ".join(x for x in (document, number) if x)
    return f"{head} \u2014 {title}" if title else head


def label(value: object, lang: str = "fa") -> str:
    """The Persian (or English) label of an enum value."""
    from enum import Enum

    return enum_label(value, lang) if isinstance(value, Enum) else str(value or "")
