"""The activity report (گزارش فعالیت): a period's visits, meetings, partnerships and
follow-ups, with charts (briefs/charts.py) and the same letterhead and footer as the
other briefs."""

from __future__ import annotations

import datetime as dt
from typing import Final

import jdatetime
from reportlab.platypus import Flowable

from peyvand.briefs.charts import (
    AMBER,
    BLUE,
    GREEN,
    ORANGE,
    RED,
    SKY,
    Series,
    bar_chart,
    column_chart,
)
from peyvand.briefs.common import (
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    Heading,
    Styles,
    fa_date,
    furniture,
    info_grid,
    keep_with_rows,
    label,
    letterhead_flowable,
    running_header,
    table,
)
from peyvand.briefs.document import render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.paragraph import Paragraph
from peyvand.briefs.result import Brief
from peyvand.briefs.table import Column, Row
from peyvand.domain.enums import Classification
from peyvand.services.activity import ActivityReport, UnitFollowUps
from peyvand.services.periods import jalali_year_range
from peyvand.text import format_jalali_date, to_persian_digits

TITLE: Final = "گزارش فعالیت"
CHART_ROWS: Final = 10  # countries, partners and units drawn; the tables have them all


def _n(value: int) -> str:
    return to_persian_digits(value)


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".removesuffix(".0")
    return to_persian_digits(text.replace(".", "٫"))


def title_for(start: dt.date, end: dt.date) -> str:
    """«گزارش فعالیت سال ۱۴۰۵» for a whole Jalali year, else «… از … تا …»."""
    first, last = jalali_year_range(start)
    if (start, end) == (first, last):
        year = jdatetime.date.fromgregorian(date=start).year
        return f"{TITLE} سال {_n(year)}"
    return f"{TITLE} از {format_jalali_date(start)} تا {format_jalali_date(end)}"


def period_title(report: ActivityReport) -> str:
    return title_for(report.start, report.end)


def _summary(report: ActivityReport, s: Styles) -> list[Flowable]:
    t = report.totals
    pairs = [
        ("بازه", f"{fa_date(report.start)} تا {fa_date(report.end)}"),
        ("تاریخ گزارش", fa_date(report.today)),
        ("هیئت‌ها", f"{_n(t['visits'])} (ورودی {_n(t['incoming'])}، خروجی {_n(t['outgoing'])})"),
        ("جلسات", f"{_n(t['meetings'])} با {_n(t['decisions'])} مصوبه"),
        ("پیگیری‌های با مهلت در این بازه", _n(t["followups"])),
        ("همکاری‌های کم‌فروغ", f"{_n(t['dormant'])} از {_n(len(report.partnerships))}"),
    ]
    return info_grid(pairs, s)


def _months(report: ActivityReport, s: Styles) -> list[Flowable]:
    several_years = len({m.year for m in report.months}) > 1
    names = [f"{m.name} {_n(m.year % 100)}" if several_years else m.name for m in report.months]
    out: list[Flowable] = [Heading("هیئت‌ها و جلسات در هر ماه", s.heading)]
    out.append(
        column_chart(
            names,
            [
                Series("هیئت ورودی", [m.incoming for m in report.months], BLUE),
                Series("هیئت خروجی", [m.outgoing for m in report.months], ORANGE),
                Series("جلسه", [m.meetings for m in report.months], SKY),
            ],
        )
    )
    return out


def _places(report: ActivityReport, s: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for title, items in (
        ("هیئت‌ها و جلسات به تفکیک کشور", report.countries),
        ("هیئت‌ها و جلسات به تفکیک طرف همکاری", report.partners),
    ):
        out.append(Heading(title, s.heading))
        shown = items[:CHART_ROWS]
        if not shown:
            out.append(Paragraph("در این بازه موردی ثبت نشده است.", s.body))
            continue
        out.append(
            bar_chart(
                [t.name for t in shown],
                [
                    Series("هیئت", [t.visits for t in shown], BLUE),
                    Series("جلسه", [t.meetings for t in shown], SKY),
                ],
            )
        )
        if len(items) > CHART_ROWS:
            rest = items[CHART_ROWS:]
            note = (
                f"و {_n(len(rest))} مورد دیگر با {_n(sum(t.visits for t in rest))} هیئت و "
                f"{_n(sum(t.meetings for t in rest))} جلسه."
            )
            out.append(Paragraph(note, s.meta))
    return out


def _partnerships(report: ActivityReport, s: Styles) -> list[Flowable]:
    heading = Heading("خواهرخواندگی‌ها و همکاری‌ها: آخرین تماس", s.heading, keep=False)
    if not report.partnerships:
        return [heading, Paragraph("همکاری‌ای ثبت نشده است.", s.body)]
    columns = [
        Column("شهر طرف همکاری", 1.6),
        Column("کشور", 1.1),
        Column("نوع", 1.1, "center"),
        Column("آخرین تماس", 1.1, "center"),
        Column("هیئت", 0.6, "center"),
        Column("جلسه", 0.6, "center"),
        Column("وضعیت", 0.9, "center"),
    ]
    rows = [
        Row(
            [
                p.city,
                p.country,
                label(p.kind),
                format_jalali_date(p.last_contact) if p.last_contact else "بدون تماس",
                _n(p.visits),
                _n(p.meetings),
                "کم‌فروغ" if p.dormant else "فعال",
            ],
            background=OVERDUE_BACKGROUND if p.dormant else None,
            color=OVERDUE_TEXT if p.dormant else None,
        )
        for p in report.partnerships
    ]
    note = Paragraph(
        f"آخرین تماس تا {fa_date(report.as_of)}؛ همکاری‌ای که {_n(report.dormancy_months)} ماه "
        "هیئت یا جلسه‌ای نداشته باشد، کم‌فروغ است و با زمینهٔ سرخ آمده است. شمار هیئت‌ها و "
        "جلسات، در همین بازه است.",
        s.meta,
    )
    return [*keep_with_rows([heading], table(columns, rows, s)), note]


def _unit_row(u: UnitFollowUps, *, bold: bool = False) -> Row:
    return Row(
        [u.unit, _n(u.on_time), _n(u.late), _n(u.open), _n(u.overdue), _n(u.cancelled),
         _n(u.total), _days(u.median_days)],
        bold=bold,
        color=OVERDUE_TEXT if u.overdue and not bold else None,
    )  # fmt: skip


def _followups(report: ActivityReport, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [Heading("پیگیری‌ها به تفکیک واحد", s.heading)]
    if not report.units:
        out.append(Paragraph("در این بازه پیگیری‌ای با مهلت ثبت نشده است.", s.body))
        return out
    shown = report.units[:CHART_ROWS]
    out.append(
        bar_chart(
            [u.unit for u in shown],
            [
                Series("به‌موقع انجام‌شده", [u.on_time for u in shown], GREEN),
                Series("با تأخیر انجام‌شده", [u.late for u in shown], AMBER),
                Series("باز", [u.open for u in shown], SKY),
                Series("معوق", [u.overdue for u in shown], RED),
            ],
            stacked=True,
            bar_height=12,
            label_width=150,
        )
    )
    columns = [
        Column("واحد", 2.2),
        Column("به‌موقع", 0.8, "center"),
        Column("با تأخیر", 0.8, "center"),
        Column("باز", 0.7, "center"),
        Column("معوق", 0.7, "center"),
        Column("لغوشده", 0.8, "center"),
        Column("جمع", 0.7, "center"),
        Column("میانه روز تا انجام", 1.2, "center"),
    ]
    rows = [_unit_row(u) for u in report.units] + [_unit_row(report.overall, bold=True)]
    out.append(table(columns, rows, s))
    out.append(
        Paragraph(
            "پیگیری‌هایی که مهلتشان در این بازه است. «میانه روز تا انجام»: از تاریخ جلسه یا "
            "هیئتی که پیگیری از آن آمده (یا ثبت پیگیری) تا انجام آن.",
            s.meta,
        )
    )
    return out


def _top(report: ActivityReport, s: Styles) -> list[Flowable]:
    heading = Heading("فعال‌ترین طرف‌های همکاری", s.heading, keep=False)
    if not report.top:
        return [heading, Paragraph("در این بازه موردی ثبت نشده است.", s.body)]
    columns = [
        Column("ردیف", 0.5, "center"),
        Column("طرف همکاری", 2.0),
        Column("هیئت", 0.6, "center"),
        Column("جلسه", 0.6, "center"),
        Column("مصوبه", 0.6, "center"),
        Column("پیگیری", 0.6, "center"),
        Column("آخرین تماس", 1.0, "center"),
    ]
    rows = [
        Row(
            [_n(n), t.name, _n(t.visits), _n(t.meetings), _n(t.decisions), _n(t.followups),
             format_jalali_date(t.last_contact) if t.last_contact else "—"]
        )
        for n, t in enumerate(report.top, start=1)
    ]
    return keep_with_rows([heading], table(columns, rows, s))


def story(report: ActivityReport, head: Letterhead) -> list[Flowable]:
    s = Styles("R")
    return [
        letterhead_flowable(head, "R"),
        Paragraph(period_title(report), s.title.but(space_before=6)),
        *_summary(report, s),
        *_months(report, s),
        *_places(report, s),
        *_followups(report, s),
        *_partnerships(report, s),
        *_top(report, s),
    ]


def render_activity(report: ActivityReport, head: Letterhead) -> Brief:
    title = period_title(report)
    return render(
        story(report, head),
        furniture(Classification.NORMAL, "R", running_header(title, "", "")),
        title=title,
        author=head.org,
        subject=TITLE,
    )

