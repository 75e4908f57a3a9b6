"""The page of every brief: A4, letterhead, title, classification mark on every page, a
running header (number and short title) on continuation pages and the «صفحه ۱ از ۳»
footer with the real page count.

The footer needs the total before the last page is written; the canvas keeps every page
open until the document is saved, then draws the furniture on each (one layout pass).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from peyvand.briefs import fonts
from peyvand.briefs.paragraph import Color, Line, Style, baseline_offset, draw_line, layout
from peyvand.briefs.result import Brief, collecting
from peyvand.briefs.rtl import Direction

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 1.8 * cm
MARGIN_TOP = 2.0 * cm
MARGIN_BOTTOM = 2.0 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

MARK_RED: Color = (0.72, 0.05, 0.05)
RULE: Color = (0.35, 0.42, 0.55)

Output = Path | BinaryIO | None


RUNNING_COLOR: Color = (0.3, 0.3, 0.3)
# The running header's baseline and the rule under it, down from the top of the page:
# below the classification mark (0.7-1.4 cm), above the body (2 cm).
RUNNING_BASELINE = 1.45 * cm
RUNNING_RULE = 1.65 * cm


@dataclass(frozen=True)
class Furniture:
    """What every page carries besides the flowing content."""

    direction: Direction
    footer: Callable[[int, int], str]  # (page, pages) -> text
    classification: str = ""  # the mark's label; empty when the record is not classified
    # Continuation pages (the 2nd on): the record's number and short title, so that a
    # loose page still says what it belongs to. The first page has the letterhead.
    running: str = ""


def draw_text(
    canvas: Canvas,
    text: str,
    style: Style,
    *,
    left: float,
    right: float,
    top: float,
) -> float:
    """Draw a short paragraph between ``left`` and ``right`` below ``top``; return its
    height. Page furniture uses this: the same line function as the body."""
    lines = layout(text, style, right - left)
    offset = baseline_offset(style)
    for n, line in enumerate(lines):
        draw_line(
            canvas,
            line,
            left=left,
            right=right,
            baseline=top - offset - n * style.leading,
            size=style.size,
            align=style.align,
            direction=style.direction,
        )
    return len(lines) * style.leading


def one_line(text: str, style: Style, width: float) -> list[Line]:
    """``text`` on one line of ``width``: words dropped from the end, «…» after the rest."""
    lines = layout(text, style, width)
    words = text.split()
    while len(lines) > 1 and len(words) > 1:
        words.pop()
        lines = layout(" ".join(words) + "…", style, width)
    return lines[:1]


def _running_header(canvas: Canvas, furniture: Furniture, mark_width: float) -> None:
    """Number and short title on the start side, clear of the classification mark on the
    end side, with a rule under it like the letterhead's."""
    style = Style(
        size=8.5, leading=12, color=RUNNING_COLOR, align="start", direction=furniture.direction
    )
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    room = mark_width + 12 if mark_width else 0.0
    if furniture.direction == "R":
        left += room
    else:
        right -= room
    for line in one_line(furniture.running, style, right - left):
        draw_line(
            canvas,
            line,
            left=left,
            right=right,
            baseline=PAGE_HEIGHT - RUNNING_BASELINE,
            size=style.size,
            align="start",
            direction=furniture.direction,
        )
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.5)
    y = PAGE_HEIGHT - RUNNING_RULE
    canvas.line(MARGIN_X, y, PAGE_WIDTH - MARGIN_X, y)


def _furnish(canvas: Canvas, furniture: Furniture, page: int, pages: int) -> None:
    canvas.saveState()
    label_w = 0.0
    if furniture.classification:
        # Top corner on the end side (left in Persian): never on a baseline of the body.
        style = Style(size=11, leading=16, bold=True, color=MARK_RED, align="center")
        label_w = fonts.width(furniture.classification, fonts.BOLD) * 11 + 16
        top = PAGE_HEIGHT - 0.7 * cm
        left = MARGIN_X if furniture.direction == "R" else PAGE_WIDTH - MARGIN_X - label_w
        canvas.setStrokeColorRGB(*MARK_RED)
        canvas.setLineWidth(1.2)
        canvas.rect(left, top - 16 - 4, label_w, 16 + 4, stroke=1, fill=0)
        draw_text(
            canvas,
            furniture.classification,
            style.but(direction=furniture.direction),
            left=left,
            right=left + label_w,
            top=top - 2,
        )
    if page > 1 and furniture.running:
        _running_header(canvas, furniture, label_w)
    footer_style = Style(
        size=9, leading=13, color=(0.3, 0.3, 0.3), align="center", direction=furniture.direction
    )
    draw_text(
        canvas,
        furniture.footer(page, pages),
        footer_style,
        left=MARGIN_X,
        right=PAGE_WIDTH - MARGIN_X,
        top=1.3 * cm,
    )
    canvas.restoreState()


class _FurnishedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page until ``save`` so that the footer can say how many there are."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            _furnish(self, self._furniture, number, total)
            super().showPage()
        super().save()


class Letterhead(Flowable):  # type: ignore[misc]
    """Organization and unit on the start side, the logo beside them when configured."""

    def __init__(self, org: str, unit: str, logo: Path | None, direction: Direction) -> None:
        super().__init__()
        self.org = org
        self.unit = unit
        self.logo = logo if logo is not None and logo.is_file() else None
        self.direction = direction
        self.org_style = Style(size=13, leading=20, bold=True, align="start", direction=direction)
        self.unit_style = Style(size=10.5, leading=17, align="start", direction=direction)
        self.logo_size = 1.7 * cm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        text_h = self.org_style.leading + self.unit_style.leading
        self.height = max(text_h, self.logo_size if self.logo else 0.0) + 10
        return availWidth, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        left, right = 0.0, self.width * 0.7
        if self.direction == "R":
            left, right = self.width * 0.3, self.width
        if self.logo is not None:
            size = self.logo_size
            x = right - size if self.direction == "R" else left
            try:
                canvas.drawImage(
                    ImageReader(str(self.logo)),
                    x,
                    top - size,
                    width=size,
                    height=size,
                    preserveAspectRatio=True,
                    anchor="c",
                    mask="auto",
                )
            except OSError:
                pass  # an unreadable logo must not stop the brief
            else:
                if self.direction == "R":
                    right -= size + 8
                else:
                    left += size + 8
        used = draw_text(canvas, self.org, self.org_style, left=left, right=right, top=top)
        draw_text(canvas, self.unit, self.unit_style, left=left, right=right, top=top - used)
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.8)
        canvas.line(0, 2, self.width, 2)


def render(
    story: Sequence[Flowable],
    furniture: Furniture,
    *,
    title: str,
    author: str,
    subject: str = "",
) -> Brief:
    """Lay out ``story`` on A4 pages and return the PDF (fonts embedded), with the
    characters no bundled font could draw."""
    fonts.register()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator="Peyvand",
        lang="fa-IR" if furniture.direction == "R" else "en",
        direction="R2L" if furniture.direction == "R" else None,
        initialFontName=fonts.REGULAR,  # no unused Helvetica in the font list
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    with collecting() as missing:
        doc.build(list(story), canvasmaker=partial(_FurnishedCanvas, furniture=furniture))
    return Brief(buffer.getvalue(), missing)


def write(data: Brief, out: Output) -> Brief:
    """Write the PDF to a path (atomically) or a binary stream; return it either way."""
    if out is None:
        return data
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=out.name, suffix=".part", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        out.write(data)
    return data
