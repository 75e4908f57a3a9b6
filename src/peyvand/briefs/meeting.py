"""The meeting brief / minutes (صورتجلسه)."""

from __future__ import annotations

import dataclasses

from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from peyvand.briefs.common import (
    MUTED,
    Heading,
    Styles,
    bullets,
    fa_date,
    fa_time_range,
    furniture,
    info_grid,
    label,
    letterhead_flowable,
    numbered,
    running_header,
    table,
)
from peyvand.briefs.document import render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.meeting_data import MeetingBrief
from peyvand.briefs.paragraph import Paragraph, Span
from peyvand.briefs.result import Brief
from peyvand.briefs.table import Column, Row
from peyvand.domain.enums import Attendance
from peyvand.text import to_persian_digits

TITLE = "صورتجلسه"


def story(brief: MeetingBrief, head: Letterhead) -> list[Flowable]:
    s = Styles("R")
    out: list[Flowable] = [
        letterhead_flowable(head, "R"),
        Paragraph(TITLE, s.title.but(space_before=6)),
        Paragraph(brief.title, s.subtitle),
        *info_grid(
            [
                ("شماره", brief.number),
                ("طبقه‌بندی", label(brief.classification)),
                ("تاریخ", fa_date(brief.date)),
                ("ساعت", fa_time_range(brief.start, brief.end)),
                ("محل", brief.place),
                ("نوع جلسه", label(brief.kind)),
                ("طرف جلسه", brief.organization),
                ("هیئت", brief.visit),
                ("وضعیت صورتجلسه", "نهایی" if brief.is_final else "پیش‌نویس"),
            ],
            s,
        ),
    ]
    if brief.summary:
        out.append(Heading("خلاصه", s.heading))
        out += [Paragraph(part, s.body) for part in brief.summary.split("\n") if part.strip()]
    if brief.participants:
        out.append(Heading("حاضران", s.heading))
        out.append(
            table(
                [
                    Column("ردیف", 0.2, "center"),
                    Column("نام", 1.0),
                    Column("سمت", 2.0),
                    Column("سازمان", 1.0),
                    Column("طرف", 0.3, "center"),
                    Column("نقش", 0.3, "center"),
                    Column("حضور", 0.3, "center"),
                ],
                [
                    Row(
                        [
                            to_persian_digits(n),
                            p.name,
                            p.title,
                            p.organization,
                            label(p.side),
                            label(p.role),
                            label(p.attendance),
                        ]
                    )
                    for n, p in enumerate(brief.participants, start=1)
                ],
                s,
                style=s.compact,
                auto_width=True,
            )
        )
    if brief.agenda:
        out.append(Heading("دستور جلسه", s.heading))
        out += numbered(list(brief.agenda), s.item)
    if brief.statements:
        out.append(Heading("مشروح مذاکرات", s.heading))
        for group in brief.statements:
            speaker = [Span(group.speaker or "سایر اظهارات", bold=True)]
            if group.title:
                speaker.append(Span(" — " + group.title, bold=False, color=MUTED))
            out.append(Paragraph(speaker, s.subheading, keep_with_next=True))
            out += bullets(list(group.statements), s.item)
    if brief.decisions:
        out.append(Heading("مصوبات", s.heading))
        gutter = s.item.size * 2.2
        for decision in brief.decisions:
            out.append(
                Paragraph(
                    decision.text,
                    s.item.but(space_after=0),
                    marker=f"{to_persian_digits(decision.number)}.",
                    marker_width=gutter,
                    keep_with_next=True,
                )
            )
            meta: list[Span] = []
            if decision.owner or decision.unit:
                owner = "، ".join(x for x in (decision.owner, decision.unit) if x)
                meta += [Span("مسئول اجرا: ", bold=True), Span(owner)]
            if decision.due:
                meta += [
                    Span(("؛ " if meta else "") + "مهلت: ", bold=True),
                    Span(fa_date(decision.due)),
                ]
            if meta:
                out.append(Paragraph(meta, s.meta.but(indent=gutter, space_after=5)))
    present = [p for p in brief.participants if p.attendance == Attendance.PRESENT]
    if present:
        out.append(Heading("امضای حاضران", s.heading))
        out.append(
            table(
                [
                    Column("ردیف", 0.6, "center"),
                    Column("نام", 1.8),
                    Column("سمت", 3.4),
                    Column("امضا", 2.2),
                ],
                [
                    Row([to_persian_digits(n), p.name, p.title, ""])
                    for n, p in enumerate(present, start=1)
                ],
                s,
                style=dataclasses.replace(s.table, min_row_height=1.4 * cm),
            )
        )
    return out


def render_meeting(brief: MeetingBrief, head: Letterhead) -> Brief:
    return render(
        story(brief, head),
        furniture(brief.classification, "R", running_header(TITLE, brief.number, brief.title)),
        title=f"{TITLE} {brief.number}",
        author=head.org,
        subject=brief.title,
    )
