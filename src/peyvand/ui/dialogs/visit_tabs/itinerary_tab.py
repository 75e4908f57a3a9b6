"""برنامه سفر: the itinerary day by day, each item with times, place, activity and hosts
in Persian and English."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox, QTreeWidgetItem, QWidget

from peyvand.domain.limits import NOTE_MAX, TITLE_MAX
from peyvand.errors import ValidationError
from peyvand.text import TimeParseError, format_jalali_long, parse_time, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.visit_tabs.base import VisitTab
from peyvand.ui.dialogs.visit_tabs.rows import (
    ITEM_COLUMNS,
    ITEM_TEXTS,
    ITEM_WIDTHS,
    LATIN_ITEM_COLUMNS,
    ItemWidgets,
)
from peyvand.ui.forms.ui_visit_itinerary_tab import Ui_VisitItineraryTab
from peyvand.ui.widgets.time_edit import TimeEdit


def typed_item_time(edit: TimeEdit, name: str, index: int) -> dt.time | None:
    text = edit.text().strip()
    if not text:
        return None
    try:
        return parse_time(text)
    except TimeParseError as exc:
        raise ValidationError(
            exc.msg_id, field=name, part="itinerary", index=index, value=text
        ) from None


class ItineraryTab(VisitTab):
    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        arrival: Callable[[], dt.date | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, watch, is_loading, parent)
        self.ui = Ui_VisitItineraryTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.arrival = arrival
        self.items: list[ItemWidgets] = []
        self._days: dict[dt.date, QTreeWidgetItem] = {}
        tree = ui.itinerary_tree
        tree.setColumnCount(len(ITEM_COLUMNS))
        tree.setHeaderLabels(
            [
                self.tr("از ساعت"),
                self.tr("تا ساعت"),
                self.tr("محل"),
                self.tr("محل (انگلیسی)"),
                self.tr("فعالیت"),
                self.tr("فعالیت (انگلیسی)"),
                self.tr("میزبان"),
                self.tr("میزبان (انگلیسی)"),
            ]
        )
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setIndentation(14)
        tree.setUniformRowHeights(False)
        tree.setTabKeyNavigation(False)
        for column, width in enumerate(ITEM_WIDTHS):
            tree.header().resizeSection(column, width)
        tree.header().setStretchLastSection(True)
        ui.add_item_button.clicked.connect(self.add_item)
        ui.move_item_button.clicked.connect(self.move_item)
        ui.remove_item_button.clicked.connect(self.remove_item)
        tree.currentItemChanged.connect(self._on_selected)

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        cells = [cell for item in self.ordered_items() for cell in item.cells()]
        return [
            ui.itinerary_day_edit,
            ui.add_item_button,
            ui.move_item_button,
            ui.remove_item_button,
            ui.itinerary_tree,
            *cells,
        ]

    def clear(self) -> None:
        self.ui.itinerary_tree.clear()
        self.items.clear()
        self._days.clear()

    # -- days ---------------------------------------------------------------------

    def _day_title(self, day: dt.date, count: int) -> str:
        arrival = self.arrival()
        text = format_jalali_long(day)
        if arrival is not None and day >= arrival:
            number = to_persian_digits((day - arrival).days + 1)
            text = self.tr("روز {n} — {day}").format(n=number, day=text)
        return self.tr("{title} ({count} برنامه)").format(
            title=text, count=to_persian_digits(count)
        )

    def retitle_days(self) -> None:
        for day, group in self._days.items():
            group.setText(0, self._day_title(day, group.childCount()))

    def _day_group(self, day: dt.date) -> QTreeWidgetItem:
        group = self._days.get(day)
        if group is not None:
            return group
        tree = self.ui.itinerary_tree
        group = QTreeWidgetItem()
        position = sum(1 for other in self._days if other < day)
        tree.insertTopLevelItem(position, group)
        group.setFirstColumnSpanned(True)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setSizeHint(0, QSize(0, 30))
        group.setExpanded(True)
        self._days[day] = group
        return group

    def day_of(self, item: QTreeWidgetItem) -> dt.date | None:
        parent = item.parent()
        group = parent if parent is not None else item
        return next((day for day, g in self._days.items() if g is group), None)

    # -- items --------------------------------------------------------------------

    def add_row(
        self, day: dt.date, row_id: uuid.UUID | None, values: dict[str, Any] | None = None
    ) -> ItemWidgets:
        values = values or {}
        tree = self.ui.itinerary_tree
        group = self._day_group(day)
        child = QTreeWidgetItem(group)
        start, end = TimeEdit(tree), TimeEdit(tree)
        start.set_value(values.get("start_time"))
        end.set_value(values.get("end_time"))
        texts: dict[str, QLineEdit] = {}
        for name in ITEM_TEXTS:
            edit = QLineEdit(str(values.get(name) or ""), tree)
            edit.setMaxLength(NOTE_MAX if name.startswith("activity") else TITLE_MAX)
            edit.setCursorPosition(0)
            edit.setToolTip(edit.text())  # the whole text, when the column is narrower
            edit.textChanged.connect(edit.setToolTip)
            if name in LATIN_ITEM_COLUMNS:
                edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            texts[name] = edit
        widgets = ItemWidgets(row_id, child, start, end, texts)
        height = max(w.sizeHint().height() for w in (start, *texts.values())) + 4
        child.setSizeHint(0, QSize(0, height))
        for column, widget in enumerate(widgets.cells()):
            tree.setItemWidget(child, column, widget)
        group.setExpanded(True)
        group.setText(0, self._day_title(day, group.childCount()))
        self.items.append(widgets)
        self.watch(*widgets.cells())
        self.track_focus(*widgets.cells())
        return widgets

    def _item_of(self, tree_item: QTreeWidgetItem | None) -> ItemWidgets | None:
        return next((w for w in self.items if w.item is tree_item), None)

    def _on_selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is not None:
            day = self.day_of(current)
            if day is not None:
                self.ui.itinerary_day_edit.set_value(day)

    def _chosen_day(self) -> dt.date | None:
        ui = self.ui
        day_edit = ui.itinerary_day_edit
        ui.itinerary_error_label.clear()
        day: dt.date | None
        if day_edit.text().strip():
            day = day_edit.value()
            if day is None:
                ui.itinerary_error_label.setText(day_edit.error() or "")
            return day
        day = self.arrival()
        if day is None:
            ui.itinerary_error_label.setText(
                self.tr("روز برنامه را بنویسید یا نخست تاریخ ورود هیئت را وارد کنید.")
            )
        return day

    def add_item(self) -> ItemWidgets | None:
        """A new itinerary item on the day in the day field (else the arrival day)."""
        day = self._chosen_day()
        if day is None:
            return None
        widgets = self.add_row(day, None)
        self.ui.itinerary_tree.setCurrentItem(widgets.item)
        widgets.start.setFocus()
        self.edited.emit()
        return widgets

    def _item_values(self, widgets: ItemWidgets) -> dict[str, Any]:
        values: dict[str, Any] = {name: edit.text() for name, edit in widgets.texts.items()}
        values["start_time"] = widgets.start.value()
        values["end_time"] = widgets.end.value()
        return values

    def _take_item(self, widgets: ItemWidgets) -> None:
        group = widgets.item.parent()
        self.items.remove(widgets)
        if group is None:
            return
        group.removeChild(widgets.item)
        day = self.day_of(group)
        if group.childCount() == 0:
            tree = self.ui.itinerary_tree
            tree.takeTopLevelItem(tree.indexOfTopLevelItem(group))
            if day is not None:
                del self._days[day]
        elif day is not None:
            group.setText(0, self._day_title(day, group.childCount()))

    def move_item(self) -> ItemWidgets | None:
        """Move the selected item to the day in the day field."""
        widgets = self._item_of(self.ui.itinerary_tree.currentItem())
        day = self._chosen_day() if widgets is not None else None
        if widgets is None or day is None or day == self.day_of(widgets.item):
            return None
        values = self._item_values(widgets)
        self._take_item(widgets)
        moved = self.add_row(day, widgets.id, values)
        self.ui.itinerary_tree.setCurrentItem(moved.item)
        self.edited.emit()
        return moved

    def remove_item(self) -> None:
        current = self.ui.itinerary_tree.currentItem()
        widgets = self._item_of(current)
        if widgets is not None:
            self._take_item(widgets)
            self.edited.emit()
            return
        day = self.day_of(current) if current is not None else None
        if day is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("حذف برنامه‌های روز"),
            self.tr("همه برنامه‌های {day} حذف شود؟").format(day=format_jalali_long(day)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            for item in [w for w in self.items if self.day_of(w.item) == day]:
                self._take_item(item)
            self.edited.emit()

    def ordered_items(self) -> list[ItemWidgets]:
        tree = self.ui.itinerary_tree

        def position(widgets: ItemWidgets) -> tuple[int, int]:
            group = widgets.item.parent()
            if group is None:
                return (-1, -1)
            return tree.indexOfTopLevelItem(group), group.indexOfChild(widgets.item)

        return sorted(self.items, key=position)

    def values(self) -> list[dict[str, Any]]:
        itinerary = []
        for index, widgets in enumerate(self.ordered_items()):
            values: dict[str, Any] = {name: edit.text() for name, edit in widgets.texts.items()}
            values["id"] = widgets.id
            values["day"] = self.day_of(widgets.item)
            values["start_time"] = typed_item_time(widgets.start, "start_time", index)
            values["end_time"] = typed_item_time(widgets.end, "end_time", index)
            itinerary.append(values)
        return itinerary

    def select_row_of(self, widget: QWidget) -> None:
        tree = self.ui.itinerary_tree
        for item in self.items:
            if any(cell is widget or cell.isAncestorOf(widget) for cell in item.cells()):
                if tree.currentItem() is not item.item:
                    tree.setCurrentItem(item.item)
                return
