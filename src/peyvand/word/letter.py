"""A letter as a Word document: the same form as the PDF (briefs/letters.py)."""

from __future__ import annotations

from typing import Any

from peyvand.briefs.heads import Letterhead
from peyvand.briefs.letters import LetterPrint, en_date_short, register_lines, words_for
from peyvand.domain.enums import Classification, Language
from peyvand.messages import enum_label
from peyvand.text import format_jalali_long
from peyvand.word.writer import MUTED, Run, WordWriter


def build(letter: LetterPrint, head: Letterhead, font: str) -> bytes:
    english = letter.language == Language.ENGLISH
    w = words_for(letter.language)
    doc = WordWriter("L" if english else "R", font)
    if letter.classification != Classification.NORMAL:
        doc.mark(enum_label(letter.classification, "en" if english else "fa"))
    if not english:
        doc.paragraph("بسمه تعالی", size=10, align="center", color=MUTED, space_after=6)
    org = (head.org_en or head.org) if english else head.org
    unit = (head.unit_en or head.unit) if english else head.unit
    start: list[tuple[Any, dict[str, Any]]] = [
        (org, {"size": 13, "bold": True}),
        (unit, {"size": 10.5}),
    ]
    end: list[tuple[Any, dict[str, Any]]] = [
        ([Run(f"{name}: ", bold=True), Run(value)], {"size": 10})
        for name, value in register_lines(letter)
    ]
    doc.side_by_side(start, end)
    doc.spacer(10)
    body = 12.0
    for n, line in enumerate(p for p in letter.counterpart.split("\n") if p.strip()):
        doc.paragraph(line, size=body, bold=n == 0, space_after=0)
    if letter.their_number:
        when = ""
        if letter.their_date is not None:
            when = (
                en_date_short(letter.their_date)
                if english
                else format_jalali_long(letter.their_date, weekday=False)
            )
        reference = " ".join(x for x in (letter.their_number, when) if x)
        doc.paragraph([Run(f"{w.reply}: ", bold=True), Run(reference)], size=10, space_before=6)
    doc.paragraph(
        [Run(f"{w.subject}: ", bold=True), Run(letter.subject)],
        size=body,
        space_before=10,
        space_after=8,
    )
    for paragraph in letter.body.split("\n"):
        if not paragraph.strip():
            continue
        text = paragraph.strip()
        if text.startswith("- "):
            text = "• " + text[2:]
        doc.paragraph(text, size=body, align="justify", space_after=5)
    lines = [x for x in letter.signatory.split("\n") if x.strip()]
    if lines:
        # Signed on the left in both languages: the end side in Persian, the start in
        # English.
        side = "start" if english else "end"
        doc.spacer(14)
        for n, line in enumerate(lines):
            doc.paragraph(line, size=body, bold=n == 0, align=side, space_after=0)
    copies = [c for c in letter.copies_to.split("\n") if c.strip()]
    if copies:
        doc.paragraph(f"{w.copies}:", size=9.5, bold=True, space_before=16, space_after=0)
        for copy in copies:
            doc.paragraph(f"- {copy}", size=9.5, space_after=0)
    return doc.to_bytes()
