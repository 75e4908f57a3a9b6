"""A Jalali month or week, painted: Saturday on the right, Friday and official holidays
tinted, visits as bars from arrival to departure, meetings at their time, itinerary
items and follow-up deadlines (overdue in red) as one-line chips; a click opens the
record, a meeting dragged to another day asks to move it.

Painted by hand (QPainter) rather than with QCalendarWidget: that widget draws one line
of text per day and cannot draw a visit spanning several days, nor hold entries.
The widget only paints what it is given (:meth:`set_data`); the screen queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from peyvand.domain.enums import Direction
from peyvand.services.calendar_entries import CalendarEntry, EntryKind
from peyvand.services.holidays import Holiday
from peyvand.text import format_time, jalali_month_name, to_persian_digits

WEEKDAYS = ("شنبه", "یک‌شنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنج‌شنبه", "جمعه")
HEADER_H = 26.0
DAY_LABEL_H = 20.0
LINE_H = 18.0
PAD = 3.0

HOLIDAY_BG = QColor("#fdecec")
WEEKEND_BG = QColor("#fdf1f1")
OTHER_MONTH_BG = QColor("#f4f4f5")
TODAY_PEN = QColor("#1d4ed8")
GRID_PEN = QColor("#d4d4d8")
HOLIDAY_TEXT = QColor("#b91c1c")
MUTED = QColor("#71717a")
OVERDUE = QColor("#b91c1c")

COLORS: dict[str, QColor] = {
    "incoming": QColor("#2563eb"),
    "outgoing": QColor("#ea580c"),
    "cancelled": QColor("#a1a1aa"),
    EntryKind.MEETING.value: QColor("#0f766e"),
    EntryKind.ITINERARY.value: QColor("#7c3aed"),
    EntryKind.DEADLINE.value: QColor("#52525b"),
}


@dataclass(frozen=True)
class Hit:
    rect: QRectF
    entry: CalendarEntry | None  # None: the «+N» of a crowded day
    day: dt.date


def saturday_on_or_before(day: dt.date) -> dt.date:
    # date.weekday(): Monday 0 … Saturday 5.
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def chip_text(entry: CalendarEntry) -> str:
    """One line: the time (if any) and the title; a deadline says so."""
    head = format_time(entry.start_time) + " " if entry.start_time else ""
    if entry.kind == EntryKind.DEADLINE:
        return f"{head}مهلت: {entry.title}"
    if entry.kind == EntryKind.ITINERARY:
        return f"{head}برنامه: {entry.title}"
    return f"{head}{entry.title}"


def tooltip(entry: CalendarEntry) -> str:
    kinds = {
        EntryKind.VISIT: "هیئت",
        EntryKind.MEETING: "جلسه",
        EntryKind.ITINERARY: "برنامه هیئت",
        EntryKind.DEADLINE: "مهلت پیگیری",
    }
    number = f" \u2066{to_persian_digits(entry.number)}\u2069" if entry.number else ""
    lines = [kinds[entry.kind] + number, entry.title]
    if entry.start_time:
        span = format_time(entry.start_time)
        if entry.end_time:
            span += f" تا {format_time(entry.end_time)}"
        lines.append(span)
    if entry.place:
        lines.append(entry.place)
    if entry.overdue:
        lines.append("عقب‌افتاده")
    if entry.kind == EntryKind.MEETING and entry.is_final:
        lines.append("صورتجلسه نهایی شده است")
    return "\n".join(lines)


class CalendarGrid(QWidget):
    """Weeks of seven days from Saturday; one week in the week view."""

    open_requested = Signal(str, object)  # entity, uuid
    move_requested = Signal(object, object)  # CalendarEntry (a meeting), new date
    day_requested = Signal(object)  # a crowded day's «+N»: show its week

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.first = saturday_on_or_before(dt.date.today())
        self.weeks = 6
        self.month: tuple[int, int] | None = None  # (Jalali year, month) in the month view
        self.today = dt.date.today()
        self.entries: list[CalendarEntry] = []
        self.holidays: dict[dt.date, tuple[Holiday, ...]] = {}
        self.more: dict[dt.date, int] = {}
        self.hits: list[Hit] = []
        self._press: tuple[QPointF, Hit] | None = None
        self._drag_day: dt.date | None = None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 600)

    # -- data ------------------------------------------------------------------------

    def set_data(
        self,
        first: dt.date,
        weeks: int,
        entries: list[CalendarEntry],
        holidays: dict[dt.date, tuple[Holiday, ...]],
        *,
        today: dt.date,
        month: tuple[int, int] | None,
        more: dict[dt.date, int] | None = None,
    ) -> None:
        """``more``: each day's entries not given (the service read only the first few)."""
        self.first, self.weeks, self.month, self.today = first, weeks, month, today
        self.more = more or {}
        self.entries = entries
        self.holidays = holidays
        self.update()

    @property
    def last(self) -> dt.date:
        return self.first + dt.timedelta(days=7 * self.weeks - 1)

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range(7 * self.weeks)]

    # -- geometry (right to left: Saturday's column is the rightmost) ------------------

    def _cell_w(self) -> float:
        return self.width() / 7

    def _row_h(self) -> float:
        return (self.height() - HEADER_H) / max(self.weeks, 1)

    def cell_rect(self, day: dt.date) -> QRectF:
        index = (day - self.first).days
        row, col = divmod(index, 7)
        w = self._cell_w()
        return QRectF(
            self.width() - (col + 1) * w, HEADER_H + row * self._row_h(), w, self._row_h()
        )

    def day_at(self, point: QPointF | QPoint) -> dt.date | None:
        x, y = float(point.x()), float(point.y())
        if y < HEADER_H or not 0 <= x < self.width():
            return None
        row = int((y - HEADER_H) // self._row_h())
        col = int((self.width() - x) // self._cell_w())
        if not (0 <= row < self.weeks and 0 <= col < 7):
            return None
        return self.first + dt.timedelta(days=row * 7 + col)

    # -- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.hits = []
        self._paint_header(painter)
        for day in self.days():
            self._paint_cell(painter, day)
        self._paint_entries(painter)
        if self._drag_day is not None:
            painter.setPen(QPen(TODAY_PEN, 2, Qt.PenStyle.DashLine))
            painter.drawRect(self.cell_rect(self._drag_day).adjusted(2, 2, -2, -2))
        painter.end()

    def _paint_header(self, painter: QPainter) -> None:
        w = self._cell_w()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for col, name in enumerate(WEEKDAYS):
            rect = QRectF(self.width() - (col + 1) * w, 0, w, HEADER_H)
            painter.setPen(HOLIDAY_TEXT if col == 6 else self.palette().text().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, name)
        painter.setFont(self.font())

    def _in_month(self, day: dt.date) -> bool:
        if self.month is None:
            return True
        import jdatetime

        j = jdatetime.date.fromgregorian(date=day)
        return (j.year, j.month) == self.month

    def _paint_cell(self, painter: QPainter, day: dt.date) -> None:
        import jdatetime

        rect = self.cell_rect(day)
        holiday = self.holidays.get(day)
        if holiday:
            painter.fillRect(rect, HOLIDAY_BG)
        elif day.weekday() == 4:
            painter.fillRect(rect, WEEKEND_BG)
        elif not self._in_month(day):
            painter.fillRect(rect, OTHER_MONTH_BG)
        painter.setPen(QPen(GRID_PEN, 1))
        painter.drawRect(rect)
        if day == self.today:
            painter.setPen(QPen(TODAY_PEN, 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        j = jdatetime.date.fromgregorian(date=day)
        label = to_persian_digits(j.day)
        if j.day == 1 or day == self.first:
            label += " " + jalali_month_name(j.month)
        red = bool(holiday) or day.weekday() == 4
        color = HOLIDAY_TEXT if red else self.palette().text().color()
        if not self._in_month(day):
            color = MUTED
        painter.setPen(color)
        top = QRectF(rect.left() + PAD, rect.top() + 1, rect.width() - 2 * PAD, DAY_LABEL_H)
        font = QFont(self.font())
        font.setBold(day == self.today)
        painter.setFont(font)
        painter.drawText(
            top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label
        )
        if holiday:
            small = QFont(self.font())
            small.setPointSizeF(max(self.font().pointSizeF() - 2, 6))
            painter.setFont(small)
            name = "، ".join(h.name for h in holiday)
            width = top.width() - QFontMetricsF(font).horizontalAdvance(label) - 2 * PAD
            elided = QFontMetricsF(small).elidedText(name, Qt.TextElideMode.ElideRight, width)
            painter.drawText(
                top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided
            )
        painter.setFont(self.font())

    def _lanes(self, row: int) -> list[list[CalendarEntry]]:
        """The visits of one week row, in lanes that do not overlap."""
        start = self.first + dt.timedelta(days=7 * row)
        end = start + dt.timedelta(days=6)
        visits = [
            e
            for e in self.entries
            if e.kind == EntryKind.VISIT and e.start <= end and e.end >= start
        ]
        visits.sort(key=lambda e: (e.start, -(e.end - e.start).days, e.number))
        lanes: list[list[CalendarEntry]] = []
        for visit in visits:
            for lane in lanes:
                if all(visit.start > other.end or visit.end < other.start for other in lane):
                    lane.append(visit)
                    break
            else:
                lanes.append([visit])
        return lanes

    def _paint_entries(self, painter: QPainter) -> None:
        metrics = QFontMetricsF(self.font())
        capacity = max(int((self._row_h() - DAY_LABEL_H - PAD) // LINE_H), 1)
        by_day: dict[dt.date, list[CalendarEntry]] = {day: [] for day in self.days()}
        for entry in self.entries:
            if entry.kind != EntryKind.VISIT and entry.start in by_day:
                by_day[entry.start].append(entry)
        for row in range(self.weeks):
            lanes = self._lanes(row)
            shown_lanes = lanes[: max(capacity - 1, 1)] if lanes else []
            week_start = self.first + dt.timedelta(days=7 * row)
            week_end = week_start + dt.timedelta(days=6)
            for n, lane in enumerate(shown_lanes):
                for visit in lane:
                    self._paint_visit(
                        painter, visit, lane=n, week=(week_start, week_end), metrics=metrics
                    )
            for col in range(7):
                day = week_start + dt.timedelta(days=col)
                hidden_visits = sum(
                    1 for lane in lanes[len(shown_lanes) :] for v in lane if v.covers(day)
                )
                self._paint_day_items(
                    painter,
                    day,
                    by_day[day],
                    lanes=len(shown_lanes),
                    capacity=capacity,
                    hidden_visits=hidden_visits,
                    metrics=metrics,
                )

    def _paint_visit(
        self,
        painter: QPainter,
        visit: CalendarEntry,
        *,
        lane: int,
        week: tuple[dt.date, dt.date],
        metrics: QFontMetricsF,
    ) -> None:
        week_start, week_end = week
        first = max(visit.start, week_start)
        last = min(visit.end, week_end)
        right_cell = self.cell_rect(first)
        left_cell = self.cell_rect(last)
        top = right_cell.top() + DAY_LABEL_H + lane * LINE_H
        rect = QRectF(
            left_cell.left() + PAD, top, right_cell.right() - left_cell.left() - 2 * PAD, LINE_H - 2
        )
        key = (
            "cancelled"
            if visit.closed
            else ("outgoing" if visit.direction == Direction.OUTGOING else "incoming")
        )
        color = COLORS[key]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(QColor("white"))
        # An isolate keeps «۱۴۰۵-۰۰۳» in reading order after Persian letters.
        text = f"\u2066{to_persian_digits(visit.number)}\u2069 {visit.title}"
        if visit.start < week_start:
            text = "… " + text  # continued from the week before
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 2 * PAD)
        painter.drawText(
            rect.adjusted(PAD, 0, -PAD, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            elided,
        )
        self.hits.append(Hit(rect, visit, first))

    def _paint_day_items(
        self,
        painter: QPainter,
        day: dt.date,
        items: list[CalendarEntry],
        *,
        lanes: int,
        capacity: int,
        hidden_visits: int,
        metrics: QFontMetricsF,
    ) -> None:
        cell = self.cell_rect(day)
        room = capacity - lanes
        unread = self.more.get(day, 0)
        overflow = len(items) + hidden_visits + unread > room
        shown = items[: room - 1] if overflow else items
        y = cell.top() + DAY_LABEL_H + lanes * LINE_H
        for entry in shown:
            rect = QRectF(cell.left() + PAD, y, cell.width() - 2 * PAD, LINE_H - 2)
            self._paint_chip(painter, entry, rect, metrics)
            self.hits.append(Hit(rect, entry, day))
            y += LINE_H
        if overflow:
            more = len(items) - len(shown) + hidden_visits + unread
            rect = QRectF(cell.left() + PAD, y, cell.width() - 2 * PAD, LINE_H - 2)
            painter.setPen(TODAY_PEN)
            painter.drawText(
                rect,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"+{to_persian_digits(more)} مورد دیگر",
            )
            self.hits.append(Hit(rect, None, day))

    def _paint_chip(
        self, painter: QPainter, entry: CalendarEntry, rect: QRectF, metrics: QFontMetricsF
    ) -> None:
        color = OVERDUE if entry.overdue else COLORS[entry.kind.value]
        if entry.closed:
            color = COLORS["cancelled"]
        painter.setPen(Qt.PenStyle.NoPen)
        background = QColor(color)
        background.setAlpha(40 if not entry.overdue else 55)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setBrush(color)
        painter.drawRect(QRectF(rect.right() - 3, rect.top(), 3, rect.height()))
        font = QFont(self.font())
        font.setStrikeOut(entry.closed and entry.kind == EntryKind.DEADLINE)
        font.setBold(entry.overdue)
        painter.setFont(font)
        painter.setPen(color.darker(130) if not entry.overdue else OVERDUE)
        text = metrics.elidedText(
            chip_text(entry), Qt.TextElideMode.ElideRight, rect.width() - 3 * PAD
        )
        painter.drawText(
            rect.adjusted(PAD, 0, -2 * PAD, 0),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        painter.setFont(self.font())

    # -- interaction -------------------------------------------------------------------

    def hit_at(self, point: QPointF | QPoint) -> Hit | None:
        p = QPointF(point)
        for hit in reversed(self.hits):
            if hit.rect.contains(p):
                return hit
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit_at(event.pos())
            if hit is not None and hit.entry is not None:
                QToolTip.showText(event.globalPos(), tooltip(hit.entry), self)
            else:
                day = self.day_at(event.pos())
                holiday = self.holidays.get(day) if day else None
                if holiday:
                    names = [h.name + (" (تخمینی)" if h.estimated else "") for h in holiday]
                    QToolTip.showText(event.globalPos(), "\n".join(names), self)
                else:
                    QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self.hit_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            self._press = (event.position(), hit)
        super().mousePressEvent(event)

    def _draggable(self) -> CalendarEntry | None:
        if self._press is None:
            return None
        entry = self._press[1].entry
        return entry if entry is not None and entry.kind == EntryKind.MEETING else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._draggable() is not None and self._press is not None:
            moved = (event.position() - self._press[0]).manhattanLength()
            if moved >= QApplication.startDragDistance():
                self._drag_day = self.day_at(event.position())
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        press, self._press = self._press, None
        drag_day, self._drag_day = self._drag_day, None
        self.unsetCursor()
        if press is not None and event.button() == Qt.MouseButton.LeftButton:
            hit = press[1]
            if drag_day is not None and hit.entry is not None:
                if drag_day != hit.entry.start:
                    self.move_requested.emit(hit.entry, drag_day)
            elif self.hit_at(event.position()) == hit:
                if hit.entry is None:
                    self.day_requested.emit(hit.day)
                else:
                    self.open_requested.emit(hit.entry.entity, hit.entry.record_id)
            self.update()
        super().mouseReleaseEvent(event)
