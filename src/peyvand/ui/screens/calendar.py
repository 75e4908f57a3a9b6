"""تقویم: the Jalali month or week of visits, meetings, itinerary items and follow-up
deadlines. Only the days shown are read (services.calendar_entries); a meeting dragged
to another day is moved through the meetings service after the user agrees."""

from __future__ import annotations

import datetime as dt
import uuid

import jdatetime
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from peyvand.domain.errors import PeyvandError
from peyvand.services import calendar_entries, choices, holidays, meetings
from peyvand.services.calendar_entries import ALL_KINDS, CalendarEntry, CalendarFilter, EntryKind
from peyvand.services.clock import today
from peyvand.text import format_jalali_long, jalali_month_name, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_calendar import Ui_CalendarScreen
from peyvand.ui.permissions import Act, why_not
from peyvand.ui.widgets.calendar_grid import saturday_on_or_before

MONTH, WEEK = "month", "week"


def month_start(year: int, month: int) -> dt.date:
    first: dt.date = jdatetime.date(year, month, 1).togregorian()
    return first


def month_weeks(year: int, month: int) -> tuple[dt.date, int]:
    """The Saturday the month view starts on, and how many weeks it shows."""
    first = month_start(year, month)
    nxt = month_start(year + (month == 12), month % 12 + 1)
    start = saturday_on_or_before(first)
    weeks = -(-((nxt - start).days) // 7)
    return start, weeks


class CalendarScreen(QWidget):
    open_requested = Signal(str, object)
    ics_requested = Signal(object, object)  # first and last day shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_CalendarScreen()
        self.ui.setupUi(self)
        ui = self.ui
        ui.view_combo.addItem(self.tr("نمای ماه"), MONTH)
        ui.view_combo.addItem(self.tr("نمای هفته"), WEEK)
        ui.kind_combo.addItem(self.tr("همه موارد"), None)
        ui.kind_combo.addItem(self.tr("هیئت‌ها"), EntryKind.VISIT)
        ui.kind_combo.addItem(self.tr("جلسات"), EntryKind.MEETING)
        ui.kind_combo.addItem(self.tr("برنامه هیئت‌ها"), EntryKind.ITINERARY)
        ui.kind_combo.addItem(self.tr("مهلت پیگیری‌ها"), EntryKind.DEADLINE)
        ui.unit_combo.addItem(self.tr("همه واحدها"), None)
        for unit in choices.units(context.db):
            ui.unit_combo.addItem(unit.label, unit.id)
        ui.partner_combo.addItem(self.tr("همه طرف‌های همکاری"), None)
        for partner in calendar_entries.partners(context.db):
            ui.partner_combo.addItem(partner.label, partner.id)
        ui.legend_label.setText(
            self.tr(
                "<span style='color:#2563eb'>■</span> هیئت ورودی  "
                "<span style='color:#ea580c'>■</span> هیئت خروجی  "
                "<span style='color:#0f766e'>■</span> جلسه  "
                "<span style='color:#7c3aed'>■</span> برنامه هیئت  "
                "<span style='color:#52525b'>■</span> مهلت پیگیری  "
                "<span style='color:#b91c1c'>■</span> عقب‌افتاده یا تعطیل"
            )
        )
        on = today(context.clock)
        j = jdatetime.date.fromgregorian(date=on)
        self.year, self.month = j.year, j.month
        self.week_start = saturday_on_or_before(on)
        ui.previous_button.clicked.connect(lambda: self.step(-1))
        ui.next_button.clicked.connect(lambda: self.step(1))
        ui.today_button.clicked.connect(self.go_today)
        for combo in (ui.view_combo, ui.kind_combo, ui.unit_combo, ui.partner_combo):
            combo.currentIndexChanged.connect(self.refresh)
        ui.export_button.clicked.connect(lambda: self.ics_requested.emit(*self.visible_range()))
        ui.grid.open_requested.connect(self.open_requested)
        ui.grid.move_requested.connect(self.move_meeting)
        ui.grid.day_requested.connect(self.show_week)
        for key, slot in (
            (QKeySequence.StandardKey.MoveToPreviousPage, lambda: self.step(-1)),
            (QKeySequence.StandardKey.MoveToNextPage, lambda: self.step(1)),
            (QKeySequence.StandardKey.MoveToStartOfLine, self.go_today),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.entries: list[CalendarEntry] = []
        self.refresh()

    # -- state -------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return str(self.ui.view_combo.currentData() or MONTH)

    def visible_range(self) -> tuple[dt.date, dt.date]:
        if self.mode == WEEK:
            return self.week_start, self.week_start + dt.timedelta(days=6)
        start, weeks = month_weeks(self.year, self.month)
        return start, start + dt.timedelta(days=7 * weeks - 1)

    def current_filter(self) -> CalendarFilter:
        ui = self.ui
        kind = ui.kind_combo.currentData()
        kinds = ALL_KINDS if kind is None else frozenset({EntryKind(kind)})
        unit = ui.unit_combo.currentData()
        partner = ui.partner_combo.currentData()
        return CalendarFilter(
            kinds=kinds,
            unit_id=unit if isinstance(unit, uuid.UUID) else None,
            partnership_id=partner if isinstance(partner, uuid.UUID) else None,
        )

    def step(self, delta: int) -> None:
        if self.mode == WEEK:
            self.week_start += dt.timedelta(days=7 * delta)
            j = jdatetime.date.fromgregorian(date=self.week_start + dt.timedelta(days=3))
            self.year, self.month = j.year, j.month
        else:
            index = self.year * 12 + self.month - 1 + delta
            self.year, self.month = divmod(index, 12)
            self.month += 1
            self.week_start = saturday_on_or_before(month_start(self.year, self.month))
        self.refresh()

    def go_today(self) -> None:
        on = today(self.context.clock)
        j = jdatetime.date.fromgregorian(date=on)
        self.year, self.month = j.year, j.month
        self.week_start = saturday_on_or_before(on)
        self.refresh()

    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.ui.view_combo.setCurrentIndex(0)
        self.refresh()

    def show_week(self, day: dt.date) -> None:
        self.week_start = saturday_on_or_before(day)
        j = jdatetime.date.fromgregorian(date=day)
        self.year, self.month = j.year, j.month
        if self.mode != WEEK:
            self.ui.view_combo.setCurrentIndex(1)  # refreshes
        else:
            self.refresh()

    # -- data --------------------------------------------------------------------------

    def refresh(self) -> None:
        ui = self.ui
        start, end = self.visible_range()
        # A day shows a few lines: only those are read, the rest counted (at 500,000
        # follow-ups a month holds thousands of deadlines).
        per_day = 40 if self.mode == WEEK else 8
        shown = calendar_entries.view(
            self.context.db, start, end, self.current_filter(),
            clock=self.context.clock, per_day=per_day,
        )  # fmt: skip
        self.entries = shown.entries
        weeks = (end - start).days // 7 + 1
        on = today(self.context.clock)
        if self.mode == WEEK:
            ui.period_label.setText(
                self.tr("{start} تا {end}").format(
                    start=format_jalali_long(start, weekday=False),
                    end=format_jalali_long(end, weekday=False),
                )
            )
            ui.previous_button.setText(self.tr("هفته قبل"))
            ui.next_button.setText(self.tr("هفته بعد"))
            month = None
        else:
            ui.period_label.setText(
                f"{jalali_month_name(self.month)} {to_persian_digits(self.year)}"
            )
            ui.previous_button.setText(self.tr("ماه قبل"))
            ui.next_button.setText(self.tr("ماه بعد"))
            month = (self.year, self.month)
        ui.grid.set_data(
            start, weeks, self.entries, holidays.between(start, end),
            today=on, month=month, more=shown.more,
        )  # fmt: skip

    # -- moving a meeting ------------------------------------------------------------

    def confirm_move(self, entry: CalendarEntry, day: dt.date) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("جابه‌جایی جلسه"),
            self.tr("جلسه «{title}» از {old} به {new} منتقل شود؟").format(
                title=entry.title,
                old=format_jalali_long(entry.start),
                new=format_jalali_long(day),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def move_meeting(self, entry: CalendarEntry, day: dt.date) -> bool:
        """The grid's drop: asks, then moves through the meetings service (final minutes
        stay locked there; a meeting changed meanwhile is refused)."""
        if entry.kind != EntryKind.MEETING:
            return False
        refused = why_not(self.context.account, Act.EDIT, entry.classification)
        if refused:
            QMessageBox.information(self, self.tr("جلسه جابه‌جا نشد"), refused)
            return False
        if not self.confirm_move(entry, day):
            return False
        try:
            meetings.reschedule(
                self.context.db, entry.record_id, day, expected_revision=entry.revision
            )
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("جلسه جابه‌جا نشد"), exc.message("fa"))
            self.refresh()
            return False
        self.refresh()
        return True
