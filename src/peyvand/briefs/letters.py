"""A letter on the letterhead: Persian right to left with a Jalali date, or English left
to right with a Gregorian one.

The page follows the office's letter form: the letterhead on the start side and, facing
it, the register block («شماره»، «تاریخ»، «پیوست»; «Ref.», «Date», «Enclosures»);
«بسمه تعالی» above it in Persian; then the recipient's lines, «موضوع: …», the body
paragraph by paragraph, the signatory on the left, and «رونوشت» after it. A draft
prints «پیش‌نویس» where the number goes: previews take no number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from peyvand.briefs.common import Styles, en_date, furniture
from peyvand.briefs.document import RULE, draw_text, render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.paragraph import (
    Paragraph,
    Span,
    Style,
    baseline_offset,
    draw_line,
    layout,
)
from peyvand.briefs.result import Brief
from peyvand.briefs.rtl import Direction
from peyvand.domain.enums import Classification, Language
from peyvand.text import format_jalali_date, format_jalali_long, to_persian_digits


@dataclass(frozen=True)
class LetterPrint:
    """What a letter prints; made from a saved letter or a composition not yet saved."""

    language: Language
    number: str  # "" for a draft
    date: dt.date | None
    has_attachments: bool
    attachments_note: str
    counterpart: str
    subject: str
    body: str
    signatory: str
    copies_to: str
    classification: Classification
    edition: int = 0
    their_number: str = ""
    their_date: dt.date | None = None

    @property
    def draft(self) -> bool:
        return not self.number

    @classmethod
    def of(cls, values: Any) -> LetterPrint:
        """From a ``LetterRow`` or the values of a composition (a mapping)."""

        def get(name: str, default: Any = None) -> Any:
            if isinstance(values, dict):
                return values.get(name, default)
            return getattr(values, name, default)

        return cls(
            language=Language(get("language") or Language.PERSIAN),
            number=get("number") or "",
            date=get("letter_date"),
            has_attachments=bool(get("has_attachments")),
            attachments_note=get("attachments_note") or "",
            counterpart=get("counterpart") or "",
            subject=get("subject") or "",
            body=get("body") or "",
            signatory=get("signatory") or "",
            copies_to=get("copies_to") or "",
            classification=Classification(get("classification") or Classification.NORMAL),
            edition=int(get("edition") or 0),
            their_number=get("their_number") or "",
            their_date=get("their_date"),
        )


@dataclass(frozen=True)
class Words:
    """The fixed words of the form in one language."""

    number: str
    date: str
    enclosures: str
    yes: str
    no: str
    draft: str
    subject: str
    copies: str
    edition: str
    reply: str


FA = Words(
    "شماره", "تاریخ", "پیوست", "دارد", "ندارد", "پیش‌نویس", "موضوع", "رونوشت", "ویرایش",
    "عطف به نامه",
)  # fmt: skip
EN = Words(
    "Ref.", "Date", "Enclosures", "Yes", "None", "Draft", "Subject", "Copy to", "Edition",
    "With reference to your letter",
)  # fmt: skip


def words_for(language: Language) -> Words:
    return EN if language == Language.ENGLISH else FA


def register_lines(letter: LetterPrint) -> list[tuple[str, str]]:
    """The register block, label and value: also what the Word copy prints."""
    w = words_for(letter.language)
    english = letter.language == Language.ENGLISH
    if letter.draft:
        number = w.draft
    else:
        number = letter.number if english else to_persian_digits(letter.number)
    if letter.date is None:
        day = ""
    else:
        day = en_date_short(letter.date) if english else format_jalali_date(letter.date)
    enclosure = (letter.attachments_note or w.yes) if letter.has_attachments else w.no
    lines = [(w.number, number), (w.date, day), (w.enclosures, enclosure)]
    if letter.edition > 1:
        edition = str(letter.edition) if english else to_persian_digits(letter.edition)
        lines.append((w.edition, edition))
    return lines


def en_date_short(day: dt.date) -> str:
    """«26 November 2026» (no weekday: a letter's date line)."""
    return en_date(day).split(", ", 1)[1]


class LetterHeader(Flowable):  # type: ignore[misc]
    """The letterhead on the start side, the register block facing it on the end side,
    and a rule under both."""

    def __init__(self, head: Letterhead, letter: LetterPrint) -> None:
        super().__init__()
        english = letter.language == Language.ENGLISH
        self.direction: Direction = "L" if english else "R"
        self.org = (head.org_en or head.org) if english else head.org
        self.unit = (head.unit_en or head.unit) if english else head.unit
        self.logo = head.logo if head.logo is not None and head.logo.is_file() else None
        self.lines = register_lines(letter)
        self.org_style = Style(
            size=13, leading=20, bold=True, align="start", direction=self.direction
        )
        self.unit_style = Style(size=10.5, leading=17, align="start", direction=self.direction)
        self.block_style = Style(size=10, leading=17, align="start", direction=self.direction)
        self.logo_size = 1.7 * cm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        text_h = self.org_style.leading + self.unit_style.leading
        block_h = len(self.lines) * self.block_style.leading
        self.height = max(text_h, block_h, self.logo_size if self.logo else 0.0) + 10
        return availWidth, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        rtl = self.direction == "R"
        # Start side (right in Persian): 62 % for the letterhead, the rest for the block.
        head_left, head_right = (self.width * 0.38, self.width) if rtl else (0.0, self.width * 0.62)
        block_left, block_right = (
            (0.0, self.width * 0.34) if rtl else (self.width * 0.66, self.width)
        )
        if self.logo is not None:
            size = self.logo_size
            x = head_right - size if rtl else head_left
            try:
                canvas.drawImage(
                    ImageReader(str(self.logo)), x, top - size, width=size, height=size,
                    preserveAspectRatio=True, anchor="c", mask="auto",
                )  # fmt: skip
            except OSError:
                pass  # an unreadable logo must not stop the letter
            else:
                if rtl:
                    head_right -= size + 8
                else:
                    head_left += size + 8
        used = draw_text(
            canvas, self.org, self.org_style, left=head_left, right=head_right, top=top
        )
        draw_text(
            canvas, self.unit, self.unit_style, left=head_left, right=head_right, top=top - used
        )
        y = top
        for name, value in self.lines:
            content = [Span(f"{name}: ", bold=True), Span(value)]
            for line in layout(content, self.block_style, block_right - block_left)[:1]:
                draw_line(
                    canvas, line, left=block_left, right=block_right,
                    baseline=y - baseline_offset(self.block_style), size=self.block_style.size,
                    align="start", direction=self.direction,
                )  # fmt: skip
            y -= self.block_style.leading
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.8)
        canvas.line(0, 2, self.width, 2)


def story(letter: LetterPrint, head: Letterhead) -> list[Flowable]:
    english = letter.language == Language.ENGLISH
    s = Styles("L" if english else "R")
    w = words_for(letter.language)
    body = s.body.but(size=11.5, leading=22, space_after=5)
    out: list[Flowable] = []
    if not english:
        out.append(Paragraph("بسمه تعالی", s.meta.but(align="center", size=10, space_after=4)))
    out.append(LetterHeader(head, letter))
    out.append(Paragraph("", body.but(space_after=10)))
    for n, line in enumerate(p for p in letter.counterpart.split("\n") if p.strip()):
        out.append(Paragraph(line, body.but(bold=n == 0, align="start", space_after=0)))
    if letter.their_number:
        when = ""
        if letter.their_date is not None:
            when = (
                en_date_short(letter.their_date)
                if english
                else format_jalali_long(letter.their_date, weekday=False)
            )
        reference = " ".join(x for x in (letter.their_number, when) if x)
        out.append(
            Paragraph(
                [Span(f"{w.reply}: ", bold=True), Span(reference)], s.meta.but(space_before=6)
            )
        )
    out.append(
        Paragraph(
            [Span(f"{w.subject}: ", bold=True), Span(letter.subject)],
            body.but(align="start", space_before=10, space_after=8),
        )
    )
    for paragraph in letter.body.split("\n"):
        if not paragraph.strip():
            continue
        if paragraph.lstrip().startswith("- "):
            out.append(
                Paragraph(paragraph.lstrip()[2:], body.but(space_after=2), marker="•",
                          marker_width=body.size * 1.4)
            )  # fmt: skip
        else:
            out.append(Paragraph(paragraph, body))
    if letter.signatory.strip():
        # Signed on the left in both languages (the end side in Persian, the start in
        # English), a little way from the edge.
        side = "end" if not english else "start"
        sign = s.body.but(size=11.5, leading=20, align=side, indent=0)
        out.append(Paragraph("", sign.but(space_before=18)))
        for n, line in enumerate(p for p in letter.signatory.split("\n") if p.strip()):
            out.append(Paragraph(line, sign.but(bold=n == 0)))
    copies = [c for c in letter.copies_to.split("\n") if c.strip()]
    if copies:
        out.append(
            Paragraph(f"{w.copies}:", s.small.but(bold=True, space_before=18, align="start"))
        )
        out += [
            Paragraph(c, s.small.but(align="start"), marker="-", marker_width=s.small.size * 1.2)
            for c in copies
        ]
    return out


def _footer(english: bool) -> Any:
    def text(page: int, pages: int) -> str:
        if pages == 1:
            return ""
        return (
            f"Page {page} of {pages}"
            if english
            else (f"صفحه {to_persian_digits(page)} از {to_persian_digits(pages)}")
        )

    return text


def render_letter(letter: LetterPrint, head: Letterhead) -> Brief:
    english = letter.language == Language.ENGLISH
    base = furniture(letter.classification, "L" if english else "R")
    title = " ".join(x for x in (letter.number, letter.subject) if x)
    return render(
        story(letter, head),
        replace(base, footer=_footer(english), running=title),
        title=title or letter.subject,
        author=head.org_en or head.org if english else head.org,
        subject=letter.subject,
    )
