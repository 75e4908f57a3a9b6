"""The visit brief as a Word document: the PDF's sections (briefs/visit.py), laid out by
Word, with the readiness section when the visit has a checklist."""

from __future__ import annotations

from peyvand.briefs.common import fa_date, fa_time_range, label
from peyvand.briefs.data import OpenCommitment, VisitBrief
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.visit import TITLE
from peyvand.domain.enums import ActionStatus, Classification, Side
from peyvand.messages import render as message
from peyvand.text import format_jalali_date, to_persian_digits
from peyvand.word.minutes import info_lines, letterhead
from peyvand.word.writer import Run, WordWriter

OVERDUE_FILL = "FFE0E0"


def _short(day: object) -> str:
    import datetime as dt

    return format_jalali_date(day) if isinstance(day, dt.date) else ""


def _state(c: OpenCommitment) -> str:
    text = "بدون پیگیری" if c.status is None else label(c.status)
    if c.overdue and c.days_left is not None:
        return f"{text}؛ معوق ({to_persian_digits(-c.days_left)} روز)"
    return text


def _source(c: OpenCommitment) -> str:
    if c.source_decision is not None:
        return f"مصوبه {c.source_decision} جلسه {c.source_meeting}"
    return f"هیئت {c.source_visit}" if c.source_visit else ""


def build(brief: VisitBrief, head: Letterhead, font: str) -> bytes:
    v = brief.visit
    doc = WordWriter("R", font)
    if v.classification != Classification.NORMAL:
        doc.mark(label(v.classification))
    letterhead(doc, head)
    doc.heading(TITLE, level=0)
    doc.paragraph(v.title, size=12.5, bold=True, align="center", space_after=6)
    info_lines(
        doc,
        [
            ("شماره", v.number),
            ("طبقه‌بندی", label(v.classification)),
            ("نوع سفر", label(v.direction)),
            ("وضعیت", label(v.status)),
            ("ورود", fa_date(v.arrival)),
            ("بازگشت", fa_date(v.departure)),
            ("شهر", "، ".join(x for x in (v.city, v.country) if x)),
            ("تاریخ تهیه", fa_date(brief.today)),
        ],
    )
    _who(doc, brief)
    _history(doc, brief)
    _partnership_and_gifts(doc, brief)
    _itinerary_and_readiness(doc, brief)
    return doc.to_bytes()


def _who(doc: WordWriter, brief: VisitBrief) -> None:
    v = brief.visit
    doc.heading("هیئت")
    if v.organization:
        runs = [Run("سازمان: ", bold=True), Run(v.organization)]
        if v.organization_en:
            runs.append(Run(f"، {v.organization_en}"))
        doc.paragraph(runs)
    for title, side in (("اعضای هیئت", Side.GUEST), ("میزبانان و همراهان", Side.HOST)):
        people = [m for m in v.members if m.side == side]
        if people:
            doc.heading(title, level=2)
            doc.table(
                ["ردیف", "نام", "سمت", "نقش در سفر", "زبان‌ها"],
                [
                    [to_persian_digits(n), m.name, m.title, m.role, m.languages]
                    for n, m in enumerate(people, start=1)
                ],
                widths=[0.8, 2.0, 3.0, 1.6, 1.6],
                size=9,
            )
    notes = [m for m in v.members if m.protocol_notes]
    if notes:
        doc.heading("نکات تشریفاتی", level=2)
        for m in notes:
            doc.paragraph([Run(m.name + ": ", bold=True), Run(m.protocol_notes)])
    if brief.purpose:
        doc.heading("هدف سفر")
        doc.paragraph(brief.purpose, align="justify")
    if brief.talking_points:
        doc.heading("محورهای گفت‌وگو")
        for point in (p for p in brief.talking_points.split("\n") if p.strip()):
            doc.paragraph(f"• {point}", align="justify")


def _history(doc: WordWriter, brief: VisitBrief) -> None:
    doc.heading("پیشینه ارتباط")
    if brief.history:
        doc.table(
            ["تاریخ", "نوع", "شماره", "عنوان"],
            [
                [_short(h.day), "هیئت" if h.kind == "visit" else "جلسه", h.number, h.title]
                for h in brief.history
            ],
            widths=[1.1, 0.7, 1.0, 5.0],
        )
    else:
        doc.paragraph("سابقه‌ای از دیدار یا جلسه پیشین ثبت نشده است.")
    doc.heading("تعهدات و پیگیری‌های باز")
    if brief.commitments:
        doc.table(
            ["شماره", "موضوع", "منشأ", "مسئول", "مهلت", "وضعیت"],
            [
                [c.number, c.title, _source(c), c.owner, _short(c.due), _state(c)]
                for c in brief.commitments
            ],
            widths=[0.95, 3.0, 1.5, 1.3, 0.95, 1.25],
            size=9,
            shade=[OVERDUE_FILL if c.overdue else None for c in brief.commitments],
        )
    else:
        doc.paragraph("تعهد یا پیگیری بازی با این طرف ثبت نشده است.")


def _partnership_and_gifts(doc: WordWriter, brief: VisitBrief) -> None:
    p = brief.partnership
    doc.heading("وضعیت همکاری")
    if p is None:
        doc.paragraph("پیوند همکاری یا خواهرخواندگی با این طرف ثبت نشده است.")
    else:
        info_lines(
            doc,
            [
                ("شهر", "، ".join(x for x in (p.city, p.country) if x)),
                ("نوع", label(p.kind)),
                ("وضعیت", label(p.status) + ("؛ کم‌فروغ" if p.dormant else "")),
                ("از تاریخ", fa_date(p.since)),
                ("آخرین ارتباط", fa_date(p.last_contact) or "ثبت نشده"),
            ],
        )
        if p.notes:
            doc.paragraph(p.notes, align="justify")
    doc.heading("هدایا")
    if brief.gifts:
        doc.table(
            ["تاریخ", "نوع", "شخص", "شرح هدیه", "سفر"],
            [
                [_short(g.day), label(g.direction), g.person, g.description, g.visit]
                for g in brief.gifts
            ],
            widths=[1.0, 0.8, 1.4, 2.6, 2.6],
            size=9,
        )
    else:
        doc.paragraph("هدیه‌ای ثبت نشده است.")
    logistics = [
        ("هتل", brief.hotel),
        ("حمل‌ونقل", brief.transport),
        ("مترجم", brief.interpreter),
        ("حفاظت", brief.security),
        ("یادداشت", brief.logistics_notes),
    ]
    if any(value for _, value in logistics):
        doc.heading("پشتیبانی")
        for name, value in logistics:
            if value:
                doc.paragraph([Run(name + ": ", bold=True), Run(value)])


def _itinerary_and_readiness(doc: WordWriter, brief: VisitBrief) -> None:
    v = brief.visit
    doc.heading("برنامه بازدید")
    if v.itinerary:
        doc.table(
            ["روز", "ساعت", "محل", "فعالیت", "میزبان"],
            [
                [fa_date(i.day), fa_time_range(i.start, i.end), i.place, i.activity, i.hosts]
                for i in v.itinerary
            ],
            widths=[1.8, 1.0, 1.8, 2.6, 1.4],
            size=9,
        )
    else:
        doc.paragraph("برنامه‌ای برای این سفر ثبت نشده است.")
    readiness = brief.readiness
    if readiness is not None:
        doc.heading("آمادگی")
        progress = message("checklist.progress", "fa", done=readiness.done, total=readiness.total)
        if readiness.overdue:
            progress += message("checklist.overdue_suffix", "fa", count=readiness.overdue)
        doc.paragraph(progress + ".", size=10)
        doc.table(
            ["کار", "واحد مسئول", "مهلت", "وضعیت", "بررسی"],
            [
                [
                    e.title,
                    e.unit,
                    "\n".join(x for x in (_short(e.due), e.offset) if x),
                    label(e.status) + ("؛ عقب‌افتاده" if e.overdue else ""),
                    e.hint,
                ]
                for e in readiness.entries
            ],
            widths=[3.0, 1.5, 1.4, 1.0, 2.2],
            size=9,
            shade=[
                OVERDUE_FILL if e.overdue and e.status != ActionStatus.DONE else None
                for e in readiness.entries
            ],
        )
