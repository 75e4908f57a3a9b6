"""Jalali date input: type ۱۳۹۹/۱۱/۱۶ or 1399/11/16, or pick from a Jalali calendar.

Qt's QDateEdit cannot parse Persian-digit input reliably and its calendar marks
Saturday and Sunday as the weekend, so this widget pairs a line edit (parsed by
peyvand.text) with a QCalendarWidget set to the Jalali calendar, the week starting
on Saturday and Friday as the only weekend day. The calendar opens from the button or
with F4 / Alt+↓ (the button itself stays out of the Tab order), always fully on screen.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, QEvent, QLocale, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeyEvent, QTextCharFormat
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


def place_popup(popup: QWidget, field: QWidget) -> QPoint:
    """Where ``popup`` goes under ``field``: aligned with the field's start edge (the
    right one in Persian), moved sideways or above the field as needed so that all of
    it stays inside the field's window and on its screen."""
    size = popup.sizeHint().expandedTo(popup.size())
    below = field.mapToGlobal(QPoint(0, field.height()))
    above = field.mapToGlobal(QPoint(0, 0)).y() - size.height()
    x = below.x() + field.width() - size.width() if field.isRightToLeft() else below.x()
    y = below.y()
    bounds = QRect()
    screen = field.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        bounds = screen.availableGeometry()
    window = field.window()
    frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    # Inside the window when it is wide enough, and on the screen in any case.
    for area in (frame, bounds):
        if area.isNull() or area.width() < size.width():
            continue
        x = max(area.left(), min(x, area.right() + 1 - size.width()))
    if not bounds.isNull() and y + size.height() > bounds.bottom() + 1:
        y = max(bounds.top(), above)
    return QPoint(x, y)


class JalaliDateEdit(QWidget):
    """``value()`` is a ``datetime.date`` or None; ``error()`` a Persian message."""

    changed = Signal()
    # The Persian message when the text, once left, is not a date ("" when it is).
    error_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line_edit = QLineEdit(self)
        self.line_edit.setObjectName("date_line_edit")
        # A hint, not a date: grey digits look like a filter already set. Drawn right to
        # left, «سال» sits on the left, where a typed year shows.
        self.line_edit.setPlaceholderText(self.tr("روز/ماه/سال"))
        self._hint = self.tr("مثلاً ۱۴۰۵/۰۹/۰۵؛ تقویم با F4")
        self.line_edit.setToolTip(self._hint)
        self.line_edit.setMaxLength(16)
        # A date of digits alone would otherwise sit at the left edge of the field.
        self.line_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.button = QToolButton(self)
        self.button.setObjectName("calendar_button")
        self.button.setText("▾")
        self.button.setToolTip(self.tr("انتخاب از تقویم (F4)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.button)
        self.popup: CalendarPopup | None = None
        self._error: str | None = None
        self.line_edit.editingFinished.connect(self._normalize)
        self.line_edit.textEdited.connect(lambda _t: self.changed.emit())
        self.line_edit.installEventFilter(self)
        self.button.clicked.connect(self.show_calendar)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.line_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not self.line_edit.isReadOnly()
        ):
            alt_down = (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if event.key() == Qt.Key.Key_F4 or alt_down:
                self.show_calendar()
                return True
        return super().eventFilter(watched, event)

    # -- value ----------------------------------------------------------------

    def value(self) -> dt.date | None:
        return self._parse()[0]

    def _parse(self) -> tuple[dt.date | None, str | None]:
        text = self.line_edit.text().strip()
        if not text:
            return None, None
        try:
            return parse_jalali_date(text), None
        except JalaliParseError as exc:
            return None, render(exc.msg_id, "fa", value=text)

    def error(self) -> str | None:
        return self._parse()[1]

    def set_value(self, value: dt.date | None) -> None:
        self.line_edit.setText(format_jalali_date(value) if value else "")
        self._set_error(None)

    def text(self) -> str:
        return self.line_edit.text()

    def _set_error(self, message: str | None) -> None:
        if message == self._error:
            return
        self._error = message
        self.line_edit.setStyleSheet("border: 1px solid #dc2626;" if message else "")
        self.line_edit.setToolTip(message or self._hint)
        self.error_changed.emit(message or "")

    def _normalize(self) -> None:
        parsed, message = self._parse()
        self._set_error(message)
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
        self.popup.move(place_popup(self.popup, self))
        self.popup.show()
        return self.popup

    def _on_picked(self, value: dt.date) -> None:
        self.set_value(value)
        self.changed.emit()
