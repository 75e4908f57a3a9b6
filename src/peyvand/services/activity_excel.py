"""The activity report's figures as an Excel workbook: one right-to-left sheet per
table of the PDF (services/activity.py computes them once for both). Counts are
numbers, so the office can sum and chart them in Excel; dates are Jalali text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from peyvand.messages import enum_label
from peyvand.services.activity import ActivityReport, UnitFollowUps
from peyvand.text import format_jalali_date

DORMANT_FILL = PatternFill("solid", fgColor="FDE2E2")


def _day(value: dt.date | None) -> str:
    return format_jalali_date(value) if value else ""


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Any:
    sheet = book.create_sheet(title[:31])
    sheet.sheet_view.rightToLeft = True
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 6)
        for (cell,) in sheet.iter_rows(min_row=1, min_col=index, max_col=index):
            cell.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = "A2"
    return sheet


def _unit(u: UnitFollowUps) -> list[Any]:
    median = round(u.median_days, 1) if u.median_days is not None else ""
    return [u.unit, u.on_time, u.late, u.open, u.overdue, u.cancelled, u.total, median]


def workbook(report: ActivityReport) -> Workbook:
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    t = report.totals
    _sheet(
        book,
        "خلاصه",
        ["شاخص", "مقدار"],
        [
            ["از", _day(report.start)],
            ["تا", _day(report.end)],
            ["تاریخ گزارش", _day(report.today)],
            ["هیئت‌ها", t["visits"]],
            ["هیئت‌های ورودی", t["incoming"]],
            ["هیئت‌های خروجی", t["outgoing"]],
            ["جلسات", t["meetings"]],
            ["مصوبات", t["decisions"]],
            ["پیگیری‌های با مهلت در بازه", t["followups"]],
            ["همکاری‌های کم‌فروغ", t["dormant"]],
            ["میانه روز تا انجام پیگیری", _unit(report.overall)[-1]],
        ],
    )
    _sheet(
        book,
        "ماه‌ها",
        ["سال", "ماه", "هیئت ورودی", "هیئت خروجی", "جلسه"],
        [[m.year, m.name, m.incoming, m.outgoing, m.meetings] for m in report.months],
    )
    _sheet(
        book,
        "کشورها",
        ["کشور", "هیئت", "جلسه", "جمع"],
        [[c.name, c.visits, c.meetings, c.total] for c in report.countries],
    )
    _sheet(
        book,
        "طرف‌ها",
        ["طرف همکاری", "هیئت", "جلسه", "مصوبه", "پیگیری", "آخرین تماس"],
        [[p.name, p.visits, p.meetings, p.decisions, p.followups, _day(p.last_contact)]
         for p in report.partners],
    )
    sheet = _sheet(
        book,
        "همکاری‌ها",
        ["شهر طرف همکاری", "کشور", "نوع", "آخرین تماس", "هیئت", "جلسه", "کم‌فروغ"],
        [
            [p.city, p.country, enum_label(p.kind), _day(p.last_contact), p.visits, p.meetings,
             "بله" if p.dormant else "خیر"]
            for p in report.partnerships
        ],
    )  # fmt: skip
    for n, p in enumerate(report.partnerships, start=2):
        if p.dormant:
            for cell in sheet[n]:
                cell.fill = DORMANT_FILL
    _sheet(
        book,
        "پیگیری‌ها",
        ["واحد", "به‌موقع", "با تأخیر", "باز", "معوق", "لغوشده", "جمع", "میانه روز تا انجام"],
        [*(_unit(u) for u in report.units), _unit(report.overall)],
    )
    _sheet(
        book,
        "فعال‌ترین طرف‌ها",
        ["ردیف", "طرف همکاری", "هیئت", "جلسه", "مصوبه", "پیگیری", "آخرین تماس"],
        [[n, p.name, p.visits, p.meetings, p.decisions, p.followups, _day(p.last_contact)]
         for n, p in enumerate(report.top, start=1)],
    )
    return book


def export(report: ActivityReport, path: Path) -> Path:
    """Write the workbook; a half-written file never takes the name."""
    tmp = path.with_name(path.name + ".partial")
    try:
        workbook(report).save(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
