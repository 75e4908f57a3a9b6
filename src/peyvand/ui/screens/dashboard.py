"""پیشخوان: what needs attention today; every item opens its record."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from peyvand.services import dashboard, dashboard_charts, snapshot
from peyvand.services.clock import today
from peyvand.services.dashboard import FollowUpItem
from peyvand.services.dashboard_charts import DashboardCharts
from peyvand.text import format_jalali_date, format_jalali_long, jalali_year, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_dashboard import Ui_DashboardScreen

OVERDUE = QColor("#991b1b")
DUE_SOON = QColor("#92400e")
ITEM_PADDING = 6  # pixels above and below an item's line
FOLLOWUP_COLORS = {
    dashboard_charts.OVERDUE: QColor("#b91c1c"),
    "open": QColor("#60a5fa"),
    "in_progress": QColor("#2563eb"),
    "done": QColor("#15803d"),
}


class DashboardScreen(QWidget):
    open_requested = Signal(str, object)
    # A chart's bar: the list screen ("actions", "visits") and its filters.
    list_requested = Signal(str, object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_DashboardScreen()
        self.ui.setupUi(self)
        for widget in self._lists():
            widget.itemActivated.connect(self._open)
            widget.itemDoubleClicked.connect(self._open)
            # One line per item, as wide as the pane: a long title is elided (at its
            # end, the left) and read in full in the tooltip; no horizontal scrolling.
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            widget.setTextElideMode(Qt.TextElideMode.ElideRight)
            widget.setResizeMode(QListView.ResizeMode.Adjust)
            widget.setUniformItemSizes(True)
        self.ui.my_tasks_label.linkActivated.connect(self._my_tasks_clicked)
        self.ui.followups_chart.bar_clicked.connect(self._followups_clicked)
        self.ui.visits_chart.bar_clicked.connect(self._visits_clicked)
        self.charts: DashboardCharts | None = None
        self.refresh()

    def _lists(self) -> tuple[QListWidget, ...]:
        ui = self.ui
        return (
            ui.overdue_list,
            ui.due_soon_list,
            ui.visits_list,
            ui.meetings_list,
            ui.dormant_list,
        )

    def refresh(self) -> None:
        # The lists, my tasks and the charts from one snapshot (one transaction on the
        # office server, where each unit of work costs three round trips of its own).
        with snapshot.together(self.context.db):
            self._refresh()

    def _refresh(self) -> None:
        board = dashboard.summary(
            self.context.db,
            clock=self.context.clock,
            dormancy_months=self.context.settings.dormancy_months,
        )
        ui = self.ui
        ui.today_label.setText(self.tr("امروز: {day}").format(day=format_jalali_long(board.today)))
        for widget in self._lists():
            widget.clear()
        for item in board.overdue:
            self._add(ui.overdue_list, "action", item.id, self._action_text(item), OVERDUE)
        for item in board.due_soon:
            self._add(ui.due_soon_list, "action", item.id, self._action_text(item), DUE_SOON)
        for visit in board.upcoming_visits:
            day = format_jalali_date(visit.arrival) if visit.arrival else ""
            text = f"{to_persian_digits(visit.number)}  {day}  {visit.title}"
            self._add(ui.visits_list, "visit", visit.id, text)
        for meeting in board.upcoming_meetings:
            text = f"{to_persian_digits(meeting.number)}  {format_jalali_date(meeting.date)}  "
            text += meeting.title
            self._add(ui.meetings_list, "meeting", meeting.id, text)
        for partnership in board.dormant:
            last = self.tr("بدون تماس ثبت‌شده")
            if partnership.last_contact:
                day = format_jalali_date(partnership.last_contact)
                last = self.tr("آخرین تماس: {day}").format(day=day)
            text = f"{partnership.partner_city} — {last}"
            self._add(ui.dormant_list, "partnership", partnership.id, text)
        ui.overdue_group.setTitle(
            self.tr("پیگیری‌های عقب‌افتاده ({n})").format(n=to_persian_digits(len(board.overdue)))
        )
        ui.due_soon_group.setTitle(
            self.tr("سررسید تا ۷ روز آینده ({n})").format(n=to_persian_digits(len(board.due_soon)))
        )
        ui.visits_group.setTitle(
            self.tr("هیئت‌های پیش رو ({n})").format(n=to_persian_digits(len(board.upcoming_visits)))
        )
        ui.meetings_group.setTitle(
            self.tr("جلسات پیش رو ({n})").format(n=to_persian_digits(len(board.upcoming_meetings)))
        )
        ui.dormant_group.setTitle(
            self.tr("همکاری‌های کم‌فروغ ({n})").format(n=to_persian_digits(len(board.dormant)))
        )
        self._refresh_my_tasks()
        self._refresh_charts()

    def _refresh_my_tasks(self) -> None:
        """«کارهای من (۳) · کارهای واحد من (۷)»: open follow-ups, each a link to the list."""
        person, unit = self.context.my_person_id, self.context.my_unit_id
        links: list[str] = []
        if person is not None:
            n = dashboard.open_followups(self.context.db, owner_person_id=person)
            text = self.tr("کارهای من ({n})").format(n=to_persian_digits(n))
            links.append(f"<a href='mine'>{text}</a>")
        if unit is not None:
            n = dashboard.open_followups(self.context.db, unit_id=unit)
            text = self.tr("کارهای واحد من ({n})").format(n=to_persian_digits(n))
            links.append(f"<a href='unit'>{text}</a>")
        self.ui.my_tasks_label.setText("  ·  ".join(links))
        self.ui.my_tasks_label.setVisible(bool(links))

    def _my_tasks_clicked(self, scope: str) -> None:
        self.list_requested.emit("actions", {"scope": scope, "open": True})

    # -- the two charts -------------------------------------------------------------

    def _refresh_charts(self) -> None:
        unit = self.context.my_unit_id
        charts = dashboard_charts.charts(self.context.db, unit_id=unit, clock=self.context.clock)
        self.charts = charts
        ui = self.ui
        year = to_persian_digits(jalali_year(charts.year_start))
        ui.followups_chart_label.setText(
            self.tr("پیگیری‌های واحد من، مهلت در {year}").format(year=year)
            if unit
            else self.tr("پیگیری‌های همه واحدها، مهلت در {year}").format(year=year)
        )
        names = {
            dashboard_charts.OVERDUE: self.tr("معوق"),
            "open": self.tr("باز"),
            "in_progress": self.tr("در جریان"),
            "done": self.tr("انجام‌شده"),
        }
        ui.followups_chart.set_data(
            [names[bar.key] for bar in charts.followups],
            [bar.values for bar in charts.followups],
            [FOLLOWUP_COLORS.get(bar.key, QColor("#2563eb")) for bar in charts.followups],
            [self.tr("نمایش این پیگیری‌ها در فهرست") for _ in charts.followups],
            per_bar=True,
        )
        ui.visits_chart_label.setText(self.tr("هیئت‌های {year}، هر ماه").format(year=year))
        ui.visits_chart.set_data(
            [bar.label for bar in charts.visits],
            [bar.values for bar in charts.visits],
            [QColor("#2563eb"), QColor("#ea580c")],
            [
                self.tr("{month}: {inc} ورودی، {out} خروجی").format(
                    month=bar.label,
                    inc=to_persian_digits(bar.values[0]),
                    out=to_persian_digits(bar.values[1]),
                )
                for bar in charts.visits
            ],
            short_labels=[to_persian_digits(int(bar.key[-2:])) for bar in charts.visits],
        )

    def _followups_clicked(self, index: int) -> None:
        if self.charts is None:
            return
        bar = self.charts.followups[index]
        filters: dict[str, object] = {
            "scope": "unit" if self.charts.unit_id else "all",
            "due_from": self.charts.year_start,
            "due_to": self.charts.year_end,
        }
        if bar.key == dashboard_charts.OVERDUE:
            filters["state"] = "overdue"
        else:
            filters["status"] = bar.key
            if bar.key != "done":
                filters["due_from"] = max(self.charts.year_start, today(self.context.clock))
        self.list_requested.emit("actions", filters)

    def _visits_clicked(self, index: int) -> None:
        if self.charts is None:
            return
        bar = self.charts.visits[index]
        self.list_requested.emit("visits", {"arrival_from": bar.start, "arrival_to": bar.end})

    def _action_text(self, item: FollowUpItem) -> str:
        due = format_jalali_date(item.due_date) if item.due_date else ""
        owner = f" — {item.owner}" if item.owner else ""
        return f"{to_persian_digits(item.number)}  {due}  {item.title}{owner}"

    def _add(
        self,
        widget: QListWidget,
        entity: str,
        record_id: uuid.UUID,
        text: str,
        color: QColor | None = None,
    ) -> None:
        item = QListWidgetItem(text)
        item.setToolTip(text)
        # No width of its own: the item is as wide as the pane and its text elided.
        item.setSizeHint(QSize(1, widget.fontMetrics().height() + ITEM_PADDING))
        item.setData(Qt.ItemDataRole.UserRole, (entity, record_id))
        if color is not None:
            item.setForeground(QBrush(color))
        widget.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        entity, record_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_requested.emit(entity, record_id)
