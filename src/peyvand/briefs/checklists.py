"""The printable checklist of a visit («فهرست آمادگی»), and the readiness section the
visit brief shares with it.

Each item: a box to tick by hand (✓ when done), what, which unit, the deadline with the
offset it was made from («۱۰ روز پیش از ورود»), the status, and what the other records
say about it (the gift register, the visit's letters, its minutes). Overdue items are
red, like the follow-up report's.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from peyvand.briefs.common import (
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    Heading,
    Styles,
    fa_date,
    furniture,
    info_grid,
    label,
    letterhead_flowable,
    running_header,
    table,
)
from peyvand.briefs.data import ChecklistBrief, ReadinessInfo
from peyvand.briefs.document import render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.paragraph import Paragraph
from peyvand.briefs.result import Brief
from peyvand.briefs.table import Column, Row
from peyvand.domain.enums import ActionStatus
from peyvand.messages import render as message
from peyvand.text import format_jalali_date, to_persian_digits

TITLE = "فهرست آمادگی هیئت"
DONE_MARK = "✓"
OPEN_BOX = "☐"


def progress_line(readiness: ReadinessInfo) -> str:
    """«۸ از ۱۲ انجام شد، ۲ مورد عقب‌افتاده.»"""
    text = message("checklist.progress", "fa", done=readiness.done, total=readiness.total)
    if readiness.overdue:
        text += message("checklist.overdue_suffix", "fa", count=readiness.overdue)
    return text + "."


def readiness_table(readiness: ReadinessInfo, s: Styles, *, boxes: bool) -> list[Flowable]:
    columns = [
        *([Column("", 0.3, "center")] if boxes else []),
        Column("کار", 3.0),
        Column("واحد مسئول", 1.5),
        Column("مهلت", 1.4, "center"),
        Column("وضعیت", 0.9, "center"),
        Column("بررسی", 2.2),
    ]
    rows = []
    for entry in readiness.entries:
        done = entry.status == ActionStatus.DONE
        due = "\n".join(
            x for x in (format_jalali_date(entry.due) if entry.due else "", entry.offset) if x
        )
        state = label(entry.status)
        if entry.overdue and entry.due is not None:
            state += "؛ عقب‌افتاده"
        cells = [entry.title, entry.unit, due, state, entry.hint]
        if boxes:
            cells.insert(0, DONE_MARK if done else OPEN_BOX)
        rows.append(
            Row(
                cells,
                background=OVERDUE_BACKGROUND if entry.overdue else None,
                color=OVERDUE_TEXT if entry.overdue else None,
            )
        )
    return [table(columns, rows, s, auto_width=True)]


def readiness_section(readiness: ReadinessInfo, s: Styles) -> list[Flowable]:
    """The visit brief's «آمادگی»: progress, then the items."""
    return [
        Heading("آمادگی", s.heading),
        Paragraph(progress_line(readiness), s.meta),
        *readiness_table(readiness, s, boxes=False),
    ]


def story(brief: ChecklistBrief, head: Letterhead) -> list[Flowable]:
    s = Styles("R")
    v = brief.visit
    where = "، ".join(x for x in (v.city, v.country) if x)
    out: list[Flowable] = [
        letterhead_flowable(head, "R"),
        Paragraph(TITLE, s.title.but(space_before=6)),
        Paragraph(v.title, s.subtitle),
        *info_grid(
            [
                ("شماره", v.number),
                ("نوع سفر", label(v.direction)),
                ("ورود", fa_date(v.arrival)),
                ("بازگشت", fa_date(v.departure)),
                ("شهر", where),
                ("تاریخ تهیه", fa_date(brief.today)),
            ],
            s,
        ),
    ]
    if not brief.readiness.entries:
        out.append(Paragraph("برای این سفر فهرست آمادگی ساخته نشده است.", s.body))
        return out
    out.append(Paragraph(progress_line(brief.readiness), s.subheading.but(space_before=8)))
    out += readiness_table(brief.readiness, s, boxes=True)
    count = to_persian_digits(len(brief.readiness.entries))
    out.append(Paragraph(f"{count} کار؛ کارهای انجام‌شده با {DONE_MARK} نشان داده شده‌اند.", s.meta))
    return out


def render_checklist(brief: ChecklistBrief, head: Letterhead) -> Brief:
    v = brief.visit
    return render(
        story(brief, head),
        furniture(v.classification, "R", running_header(TITLE, v.number, v.title)),
        title=f"{TITLE} {v.number}",
        author=head.org,
        subject=v.title,
    )
