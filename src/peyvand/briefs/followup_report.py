"""The follow-up report: actions grouped by unit and status, with counts, overdue ones
highlighted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from reportlab.platypus import Flowable

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
from peyvand.briefs.data import ActionsReport, ReportAction
from peyvand.briefs.document import render
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.paragraph import Paragraph
from peyvand.briefs.result import Brief
from peyvand.briefs.table import Column, Row
from peyvand.domain.enums import ActionStatus, Classification
from peyvand.text import format_jalali_date, sort_key, to_persian_digits

Progress = Callable[[int, int], object]

TITLE = "گزارش پیگیری‌ها"
NO_UNIT: Final = "بدون واحد"
STATUSES: Final = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.CANCELLED,
)


def _n(value: int) -> str:
    return to_persian_digits(value)


def _timing(a: ReportAction) -> str:
    if a.days_left is None:
        return ""
    if a.overdue:
        return f"{_n(-a.days_left)} روز تأخیر"
    if a.days_left == 0:
        return "امروز"
    return f"{_n(a.days_left)} روز مانده"


def _filters_text(report: ActionsReport) -> list[tuple[str, str]]:
    f = report.filters
    pairs: list[tuple[str, str]] = [("تاریخ گزارش", fa_date(report.today))]
    if f.due_from or f.due_to:
        span = []
        if f.due_from:
            span.append("از " + format_jalali_date(f.due_from))
        if f.due_to:
            span.append("تا " + format_jalali_date(f.due_to))
        pairs.append(("مهلت", " ".join(span)))
    if f.unit:
        pairs.append(("واحد", f.unit))
    if f.statuses:
        pairs.append(("وضعیت", "، ".join(label(s) for s in f.statuses)))
    if f.overdue_only:
        pairs.append(("محدوده", "فقط پیگیری‌های معوق"))
    return pairs


def story(
    report: ActionsReport, head: Letterhead, on_row: Callable[[], None] | None = None
) -> list[Flowable]:
    s = Styles("R")
    out: list[Flowable] = [
        letterhead_flowable(head, "R"),
        Paragraph(TITLE, s.title.but(space_before=6)),
        *info_grid(_filters_text(report), s),
    ]
    if not report.actions:
        out.append(Paragraph("پیگیری‌ای با این شرایط پیدا نشد.", s.body))
        return out

    by_unit: dict[str, list[ReportAction]] = {}
    for action in report.actions:
        by_unit.setdefault(action.unit or NO_UNIT, []).append(action)
    units = sorted(by_unit, key=lambda u: (u == NO_UNIT, sort_key(u)))  # Persian order

    # Counts: one row per unit, one column per status.
    out.append(Heading("خلاصه", s.heading))
    count_columns = [Column("واحد", 3.0)] + [Column(label(st), 1.0, "center") for st in STATUSES]
    count_columns += [Column("معوق", 0.9, "center"), Column("جمع", 0.9, "center")]
    rows = []
    for unit in units:
        items = by_unit[unit]
        late = sum(a.overdue for a in items)
        rows.append(
            Row(
                [unit]
                + [_n(sum(a.status == st for a in items)) for st in STATUSES]
                + [_n(late), _n(len(items))],
                color=OVERDUE_TEXT if late else None,
            )
        )
    everything = report.actions
    rows.append(
        Row(
            ["جمع کل"]
            + [_n(sum(a.status == st for a in everything)) for st in STATUSES]
            + [_n(sum(a.overdue for a in everything)), _n(len(everything))],
            bold=True,
        )
    )
    out.append(table(count_columns, rows, s))

    for unit in units:
        out += unit_block(unit, by_unit[unit], s, on_row)
    return out


COLUMNS: Final = (
    Column("شماره", 0.95, "center"),
    Column("عنوان", 3.3),
    Column("مسئول", 1.35),
    Column("مهلت", 1.0, "center"),
    Column("اولویت", 0.7, "center"),
    Column("زمان", 1.35, "center"),
)


def unit_block(
    unit: str, items: list[ReportAction], s: Styles, on_row: Callable[[], None] | None = None
) -> list[Flowable]:
    """One unit's heading and a table per status."""
    late = sum(a.overdue for a in items)
    heading = f"{unit} ({_n(len(items))} پیگیری"
    heading += f"، {_n(late)} معوق)" if late else ")"
    heads: list[Flowable] = [Heading(heading, s.heading, keep=False)]
    out: list[Flowable] = []
    for status in STATUSES:
        group = [a for a in items if a.status == status]
        if not group:
            continue
        heads.append(Paragraph(f"{label(status)} ({_n(len(group))})", s.subheading))
        rows = [
            Row(
                [
                    a.number,
                    a.title,
                    a.owner,
                    format_jalali_date(a.due) if a.due else "",
                    label(a.priority),
                    _timing(a),
                ],
                background=OVERDUE_BACKGROUND if a.overdue else None,
                color=OVERDUE_TEXT if a.overdue else None,
            )
            for a in group
        ]
        # The unit's heading goes with its first status group; each status heading
        # stays with at least two rows of its table, never with the whole block.
        out += keep_with_rows(heads, table(COLUMNS, rows, s, on_row=on_row))
        heads = []
    return out


def render_actions(
    report: ActionsReport, head: Letterhead, progress: Progress | None = None
) -> Brief:
    """The report as PDF; ``progress(done, total)`` is called as rows are laid on pages
    (from the calling thread: the GUI runs this off its own thread)."""
    total = len(report.actions)
    done = 0

    def on_row() -> None:
        nonlocal done
        done = min(done + 1, total)
        if progress is not None and done % 25 == 0 and done < total:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    pdf = render(
        story(report, head, on_row),
        furniture(Classification.NORMAL, "R", running_header(TITLE, "", fa_date(report.today))),
        title=TITLE,
        author=head.org,
        subject=TITLE,
    )
    if progress is not None:
        progress(total, total)
    return pdf
