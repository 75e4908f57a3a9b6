"""The visit brief: what the official should know before meeting a delegation."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable

from peyvand.briefs.common import (
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    Heading,
    Styles,
    bullets,
    fa_date,
    furniture,
    info_grid,
    label,
    letterhead_flowable,
    running_header,
    table,
)
from peyvand.briefs.data import MemberInfo, OpenCommitment, VisitBrief
from peyvand.briefs.document import render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.itineraries import days_fa
from peyvand.briefs.paragraph import Paragraph, Span
from peyvand.briefs.result import Brief
from peyvand.briefs.table import Column, Row
from peyvand.domain.enums import Side
from peyvand.text import format_jalali_date, to_persian_digits

TITLE = "گزارش توجیهی دیدار با هیئت"


def _short(day: dt.date | None) -> str:
    return format_jalali_date(day) if day else ""


def _members(people: list[MemberInfo], s: Styles) -> Flowable:
    return table(
        [
            Column("ردیف", 0.2, "center"),
            Column("نام", 1.0),
            Column("سمت", 2.0),
            Column("نقش در سفر", 0.8),
            Column("زبان‌ها", 0.8),
        ],
        [
            Row(
                [to_persian_digits(n), m.name, m.title, m.role, m.languages],
                bold=m.is_head,
            )
            for n, m in enumerate(people, start=1)
        ],
        s,
        style=s.compact,
        auto_width=True,
    )


def _state(c: OpenCommitment) -> str:
    text = "بدون پیگیری" if c.status is None else label(c.status)
    if c.overdue and c.days_left is not None:
        return f"{text}؛ معوق ({to_persian_digits(-c.days_left)} روز)"
    return text


def _source(c: OpenCommitment) -> str:
    if c.source_decision is not None:
        return f"مصوبه {c.source_decision} جلسه {c.source_meeting}"
    return f"هیئت {c.source_visit}" if c.source_visit else ""


def _header(brief: VisitBrief, head: Letterhead, s: Styles) -> list[Flowable]:
    v = brief.visit
    where = "، ".join(x for x in (v.city, v.country) if x)
    return [
        letterhead_flowable(head, "R"),
        Paragraph(TITLE, s.title.but(space_before=6)),
        Paragraph(v.title, s.subtitle),
        *info_grid(
            [
                ("شماره", v.number),
                ("طبقه‌بندی", label(v.classification)),
                ("نوع سفر", label(v.direction)),
                ("وضعیت", label(v.status)),
                ("ورود", fa_date(v.arrival)),
                ("بازگشت", fa_date(v.departure)),
                ("شهر", where),
                ("تاریخ تهیه", fa_date(brief.today)),
            ],
            s,
        ),
    ]


def _who(brief: VisitBrief, s: Styles) -> list[Flowable]:
    """Who they are: the organization, the members of both sides, protocol notes."""
    v = brief.visit
    out: list[Flowable] = [Heading("هیئت", s.heading)]
    if v.organization:
        org = [Span("سازمان: ", bold=True), Span(v.organization)]
        if v.organization_kind is not None:
            org.append(Span(f" ({label(v.organization_kind)})"))
        if v.organization_en:
            org.append(Span(f"، {v.organization_en}"))
        out.append(Paragraph(org, s.body))
    for title, side in (("اعضای هیئت", Side.GUEST), ("میزبانان و همراهان", Side.HOST)):
        people = [m for m in v.members if m.side == side]
        if people:
            out.append(Paragraph(title, s.subheading, keep_with_next=True))
            out.append(_members(people, s))
    notes = [m for m in v.members if m.protocol_notes]
    if notes:
        out.append(Paragraph("نکات تشریفاتی", s.subheading, keep_with_next=True))
        out += bullets(
            [[Span(m.name + ": ", bold=True), Span(m.protocol_notes)] for m in notes], s.item
        )
    if brief.purpose:
        out.append(Heading("هدف سفر", s.heading))
        out.append(Paragraph(brief.purpose, s.body))
    if brief.talking_points:
        out.append(Heading("محورهای گفت‌وگو", s.heading))
        points = [p for p in brief.talking_points.split("\n") if p.strip()]
        out += bullets(points, s.item) if len(points) > 1 else [Paragraph(points[0], s.body)]
    return out


def _history(brief: VisitBrief, s: Styles) -> list[Flowable]:
    """Past visits and meetings, then what is still open with this counterpart."""
    out: list[Flowable] = [Heading("پیشینه ارتباط", s.heading)]
    if brief.history:
        columns = [
            Column("تاریخ", 1.1, "center"),
            Column("نوع", 0.7, "center"),
            Column("شماره", 1.0, "center"),
            Column("عنوان", 5.0),
        ]
        rows = [
            Row([_short(h.day), "هیئت" if h.kind == "visit" else "جلسه", h.number, h.title])
            for h in brief.history
        ]
        out.append(table(columns, rows, s, auto_width=True))
    else:
        out.append(Paragraph("سابقه‌ای از دیدار یا جلسه پیشین ثبت نشده است.", s.body))

    out.append(Heading("تعهدات و پیگیری‌های باز", s.heading))
    if not brief.commitments:
        out.append(Paragraph("تعهد یا پیگیری بازی با این طرف ثبت نشده است.", s.body))
        return out
    late = sum(1 for c in brief.commitments if c.overdue)
    count = f"{to_persian_digits(len(brief.commitments))} مورد باز"
    if late:
        count += f"، {to_persian_digits(late)} مورد معوق"
    out.append(Paragraph(count + ".", s.meta))
    columns = [
        Column("شماره", 0.95, "center"),
        Column("موضوع", 3.0),
        Column("منشأ", 1.5),
        Column("مسئول", 1.3),
        Column("مهلت", 0.95, "center"),
        Column("وضعیت", 1.25, "center"),
    ]
    rows = [
        Row(
            [c.number, c.title, _source(c), c.owner, _short(c.due), _state(c)],
            background=OVERDUE_BACKGROUND if c.overdue else None,
            color=OVERDUE_TEXT if c.overdue else None,
        )
        for c in brief.commitments
    ]
    out.append(table(columns, rows, s, auto_width=True))
    return out


def _partnership(brief: VisitBrief, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading("وضعیت همکاری", s.heading)]
    p = brief.partnership
    if p is None:
        out.append(Paragraph("پیوند همکاری یا خواهرخواندگی با این طرف ثبت نشده است.", s.body))
        return out
    out += info_grid(
        [
            ("شهر", "، ".join(x for x in (p.city, p.country) if x)),
            ("نوع", label(p.kind)),
            ("وضعیت", label(p.status) + ("؛ کم‌فروغ" if p.dormant else "")),
            ("ردیف", to_persian_digits(p.ordinal) if p.ordinal else ""),
            ("از تاریخ", fa_date(p.since)),
            ("آخرین ارتباط", fa_date(p.last_contact) or "ثبت نشده"),
        ],
        s,
    )
    if p.notes:
        out.append(Paragraph(p.notes, s.body))
    if p.agreements:
        out.append(Paragraph("توافق‌نامه‌ها", s.subheading, keep_with_next=True))
        columns = [
            Column("عنوان", 2.4),
            Column("تاریخ امضا", 1.0, "center"),
            Column("انقضا", 1.0, "center"),
            Column("خلاصه", 3.4),
        ]
        rows = [
            Row([a.title, _short(a.signed_on) or "امضا نشده", _short(a.expires_on), a.summary])
            for a in p.agreements
        ]
        out.append(table(columns, rows, s, auto_width=True))
    return out


def _gifts_and_logistics(brief: VisitBrief, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading("هدایا", s.heading)]
    if brief.gifts:
        columns = [
            Column("تاریخ", 1.0, "center"),
            Column("نوع", 0.8, "center"),
            Column("شخص", 1.4),
            Column("شرح هدیه", 2.6),
            Column("سفر", 2.6),
        ]
        rows = [
            Row([_short(g.day), label(g.direction), g.person, g.description, g.visit])
            for g in brief.gifts
        ]
        out.append(table(columns, rows, s, auto_width=True))
    else:
        out.append(Paragraph("هدیه‌ای ثبت نشده است.", s.body))
    logistics = [
        ("هتل", brief.hotel),
        ("حمل‌ونقل", brief.transport),
        ("مترجم", brief.interpreter),
        ("حفاظت", brief.security),
        ("یادداشت", brief.logistics_notes),
    ]
    if any(value for _, value in logistics):
        out.append(Heading("پشتیبانی", s.heading))
        out += [
            Paragraph([Span(name + ": ", bold=True), Span(value)], s.item)
            for name, value in logistics
            if value
        ]
    return out


def story(brief: VisitBrief, head: Letterhead) -> list[Flowable]:
    s = Styles("R")
    out = _header(brief, head, s)
    out += _who(brief, s)
    out += _history(brief, s)
    out += _partnership(brief, s)
    out += _gifts_and_logistics(brief, s)
    out.append(Heading("برنامه بازدید", s.heading))
    if brief.visit.itinerary:
        out += days_fa(brief.visit, s)
    else:
        out.append(Paragraph("برنامه‌ای برای این سفر ثبت نشده است.", s.body))
    if brief.readiness is not None:
        # The office's own preparation, last: the official reads the rest first.
        from peyvand.briefs.checklists import readiness_section

        out += readiness_section(brief.readiness, s)
    return out


def render_visit(brief: VisitBrief, head: Letterhead) -> Brief:
    return render(
        story(brief, head),
        furniture(
            brief.visit.classification,
            "R",
            running_header(TITLE, brief.visit.number, brief.visit.title),
        ),
        title=f"{TITLE} {brief.visit.number}",
        author=head.org,
        subject=brief.visit.title,
    )
