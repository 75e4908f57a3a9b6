"""The itinerary (برنامه بازدید), day by day: in Persian for the office, and in English,
left to right, with Latin names and English titles for the visiting side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from typing import Final, Literal

from reportlab.platypus import Flowable

from peyvand.briefs.common import (
    Heading,
    Styles,
    en_date,
    en_time_range,
    fa_date,
    fa_time_range,
    furniture,
    info_grid,
    label,
    letterhead_flowable,
    running_header,
    table,
)
from peyvand.briefs.data import ItineraryEntry, MemberInfo, VisitSummary
from peyvand.briefs.document import FRAME_WIDTH, render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.paragraph import Paragraph
from peyvand.briefs.result import Brief
from peyvand.briefs.table import Column, Row, Table
from peyvand.domain.enums import Side
from peyvand.text import to_persian_digits

Lang = Literal["fa", "en"]

TITLE_FA = "برنامه بازدید"
TITLE_EN = "Visit Programme"

_ORDINALS: Final = ("اول", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم", "دهم")


def fa_day_label(n: int, day: dt.date) -> str:
    """«روز اول — پنج‌شنبه ۱۶ بهمن ۱۳۹۹»."""
    name = _ORDINALS[n - 1] if n <= len(_ORDINALS) else to_persian_digits(n)
    return f"روز {name} — {fa_date(day)}"


def _days(items: Sequence[ItineraryEntry]) -> list[tuple[dt.date, list[ItineraryEntry]]]:
    return [(day, list(group)) for day, group in groupby(items, key=lambda i: i.day)]


def _head(members: Sequence[MemberInfo]) -> MemberInfo | None:
    return next((m for m in members if m.is_head), None)


def days_fa(visit: VisitSummary, s: Styles) -> list[Flowable]:
    """The day-by-day tables in Persian (also the last section of the visit brief)."""
    out: list[Flowable] = []
    columns = [
        Column("ساعت", 1.25, "center"),
        Column("محل", 2.1),
        Column("برنامه", 3.0),
        Column("میزبان", 1.5),
    ]

    def row(i: ItineraryEntry) -> Row:
        return Row([fa_time_range(i.start, i.end), i.place, i.activity, i.hosts])

    columns = _fitted(columns, [row(i) for i in visit.itinerary], s)
    for n, (day, items) in enumerate(_days(visit.itinerary), start=1):
        out.append(Paragraph(fa_day_label(n, day), s.subheading, keep_with_next=True))
        out.append(table(columns, [row(i) for i in items], s))
    return out


def _fitted(columns: list[Column], rows: list[Row], s: Styles) -> list[Column]:
    """Column widths fitted to the whole itinerary, so that every day's table lines up."""
    return Table(columns, rows, s.table, auto_width=True).fitted_columns(FRAME_WIDTH)


def _story_fa(visit: VisitSummary, head: Letterhead) -> list[Flowable]:
    s = Styles("R")
    chief = _head(visit.members)
    where = "، ".join(x for x in (visit.city, visit.country) if x)
    out: list[Flowable] = [
        letterhead_flowable(head, "R"),
        Paragraph(TITLE_FA, s.title.but(space_before=6)),
        Paragraph(visit.title, s.subtitle),
        *info_grid(
            [
                ("شماره", visit.number),
                ("طبقه‌بندی", label(visit.classification)),
                ("سازمان", visit.organization),
                ("شهر", where),
                ("ورود", fa_date(visit.arrival)),
                ("بازگشت", fa_date(visit.departure)),
                (
                    "رئیس هیئت",
                    f"{chief.name} ({chief.title})"
                    if chief and chief.title
                    else chief.name
                    if chief
                    else "",
                ),
                ("وضعیت", label(visit.status)),
            ],
            s,
        ),
    ]
    if visit.itinerary:
        out.append(Heading("برنامه روزانه", s.heading))
        out += days_fa(visit, s)
    else:
        out.append(Paragraph("برنامه‌ای برای این سفر ثبت نشده است.", s.body))
    return out


def _story_en(visit: VisitSummary, head: Letterhead) -> list[Flowable]:
    s = Styles("L")
    chief = _head(visit.members)
    guests = [m for m in visit.members if m.side == Side.GUEST]
    hosts = [m for m in visit.members if m.side == Side.HOST]

    def who(m: MemberInfo) -> str:
        name = m.name_latin or m.name
        title = m.title_en or m.title
        return f"{name}, {title}" if title else name

    out: list[Flowable] = [
        letterhead_flowable(head, "L"),
        Paragraph(TITLE_EN, s.title.but(space_before=6)),
        Paragraph(visit.title_en or visit.title, s.subtitle),
        *info_grid(
            [
                ("Reference", visit.number),
                ("Classification", label(visit.classification, "en")),
                ("Organization", visit.organization_en or visit.organization),
                ("City", visit.city_en or visit.city),
                ("Arrival", en_date(visit.arrival)),
                ("Departure", en_date(visit.departure)),
                ("Head of delegation", who(chief) if chief else ""),
                ("Status", label(visit.status, "en")),
            ],
            s,
        ),
    ]
    for heading, people in (("Delegation", guests), ("Hosts", hosts)):
        if people:
            out.append(Heading(heading, s.heading))
            out.append(
                table(
                    [Column("Name", 1.6), Column("Title", 3.4)],
                    [Row([m.name_latin or m.name, m.title_en or m.title]) for m in people],
                    s,
                )
            )
    if visit.itinerary:
        out.append(Heading("Programme", s.heading))
        columns = [
            Column("Time", 1.2, "center"),
            Column("Place", 2.1),
            Column("Activity", 3.0),
            Column("Hosts", 1.5),
        ]

        def row(i: ItineraryEntry) -> Row:
            return Row(
                [
                    en_time_range(i.start, i.end),
                    i.place_en or i.place,
                    i.activity_en or i.activity,
                    i.hosts_en or i.hosts,
                ]
            )

        columns = _fitted(columns, [row(i) for i in visit.itinerary], s)
        for n, (day, items) in enumerate(_days(visit.itinerary), start=1):
            label_ = f"Day {n} \u2014 {en_date(day)}"
            out.append(Paragraph(label_, s.subheading, keep_with_next=True))
            out.append(table(columns, [row(i) for i in items], s))
    else:
        out.append(Paragraph("No programme has been recorded for this visit yet.", s.body))
    return out


def render_itinerary(visit: VisitSummary, head: Letterhead, lang: Lang = "fa") -> Brief:
    if lang == "en":
        return render(
            _story_en(visit, head),
            furniture(
                visit.classification,
                "L",
                running_header(TITLE_EN, visit.number, visit.title_en or visit.title),
            ),
            title=f"{TITLE_EN} {visit.number}",
            author=head.org_en or head.org,
            subject=visit.title_en or visit.title,
        )
    return render(
        _story_fa(visit, head),
        furniture(visit.classification, "R", running_header(TITLE_FA, visit.number, visit.title)),
        title=f"{TITLE_FA} {visit.number}",
        author=head.org,
        subject=visit.title,
    )
