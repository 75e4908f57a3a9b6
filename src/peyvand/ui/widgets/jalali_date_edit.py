"""Jalali date input: type ۱۳۹۹/۱۱/۱۶ or 1399/11/16, or pick from a Jalali calendar.

Qt's QDateEdit cannot parse Persian-digit input reliably and its calendar marks
Saturday and Sunday as the weekend, so this widget pairs a line edit (parsed by
peyvand.text) with a QCalendarWidget set to the Jalali calendar, the week starting
on Saturday and Friday as the only weekend day.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peyvand.messages import render
from peyvand.text import JalaliParseError, format_jalali_date, parse_jalali_date

PERSIAN = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
WEEKEND_COLOR = QColor("#b91c1c")


def make_jalali_calendar(parent: QWidget | None = None) -> QCalendarWidget:
    calendar = QCalendarWidget(parent)
    calendar.setCalendar(QCalendar(QCalendar.System.Jalali))
    calendar.setLocale(PERSIAN)
    calendar.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
    calendar.setGridVisible(True)
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    ordinary = QTextCharFormat()
    ordinary.setForeground(QBrush(calendar.palette().text().color()))
    weekend = QTextCharFormat()
    weekend.setForeground(QBrush(WEEKEND_COLOR))
    for day in Qt.DayOfWeek:
        calendar.setWeekdayTextFormat(day, weekend if day == Qt.DayOfWeek.Friday else ordinary)
    return calendar


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class CalendarPopup(QFrame):
    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = make_jalali_calendar(self)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._on_clicked)
        self.calendar.activated.connect(self._on_clicked)

    def _on_clicked(self, value: QDate) -> None:
        self.picked.emit(from_qdate(value))
        self.hide()


class JalaliDateEdit(QWidget):
    """``value()`` is a ``datetime.date`` or None; ``error()`` a Persian message."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("date_line_edit")
        self.line_edit.setPlaceholderText(self.tr("۱۴۰۳/۰۱/۱۵"))
        self.line_edit.setMaxLength(16)
        # A date of digits alone would otherwise sit at the left edge of the field.
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.button = QToolButton(self)
        self.button.setObjectName("calendar_button")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("انتخاب از تقویم"))
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.button)
        self.popup: CalendarPopup | None = None
        self._error: str | None = None
        self.line_edit.editingFinished.connect(self._normalize)
        self.line_edit.textEdited.connect(lambda _t: self.changed.emit())
        self.button.clicked.connect(self.show_calendar)

    # -- value ----------------------------------------------------------------

    def value(self) -> dt.date | None:
        text = self.line_edit.text().strip()
        if not text:
            self._set_error(None)
            return None
        try:
            parsed = parse_jalali_date(text)
        except JalaliParseError as exc:
            self._set_error(render(exc.msg_id, "fa", value=text))
            return None
        self._set_error(None)
        return parsed

    def error(self) -> str | None:
        self.value()
        return self._error

    def set_value(self, value: dt.date | None) -> None:
        self.line_edit.setText(format_jalali_date(value) if value else "")
        self._set_error(None)

    def text(self) -> str:
        return self.line_edit.text()

    def _set_error(self, message: str | None) -> None:
        self._error = message
        self.line_edit.setStyleSheet("border: 1px solid #dc2626;" if message else "")
        self.line_edit.setToolTip(message or "")

    def _normalize(self) -> None:
        parsed = self.value()
        if parsed is not None:
            formatted = format_jalali_date(parsed)
            if formatted != self.line_edit.text():
                self.line_edit.setText(formatted)
                self.changed.emit()

    # -- calendar -------------------------------------------------------------

    def show_calendar(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._on_picked)
        current = self.value() or dt.date.today()
        self.popup.calendar.setSelectedDate(to_qdate(current))
        self.popup.adjustSize()
        # Under the field, aligned with its start edge (the right edge in Persian).
        x = self.width() - self.popup.width() if self.isRightToLeft() else 0
        self.popup.move(self.mapToGlobal(QPoint(x, self.height())))
        self.popup.show()
        return self.popup

    def _on_picked(self, value: dt.date) -> None:
        self.set_value(value)
        self.changed.emit()
