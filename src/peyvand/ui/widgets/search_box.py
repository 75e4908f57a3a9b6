"""The global search box (Ctrl+F): results as you type, Enter opens the record."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from peyvand.errors import ValidationError
from peyvand.messages import ENTITY_LABELS, label
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext

if TYPE_CHECKING:
    from peyvand.services.search import SearchHit

DEBOUNCE_MS = 200


class SearchBox(QLineEdit):
    open_requested = Signal(str, object)  # entity, uuid

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setPlaceholderText(self.tr("جست‌وجو در همه‌چیز (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.results = QListWidget()
        self.results.setWindowFlags(Qt.WindowType.ToolTip)
        self.results.setObjectName("search_results_list")
        self.results.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.textEdited.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self._open_current)
        self.installEventFilter(self)

    def run_search(self) -> list[SearchHit]:
        self.results.clear()
        try:
            from peyvand.services.search import search  # on the first search, not at start

            hits = search(self.context.db, self.text(), limit=30)
        except ValidationError:
            self.results.hide()
            return []
        for hit in hits:
            kind = label(ENTITY_LABELS, hit.entity, "fa")
            number = f" {to_persian_digits(hit.number)}" if hit.number else ""
            text = f"{kind}{number}: {hit.title}"
            if hit.snippet and hit.snippet != hit.title:
                text += f"\n    {hit.snippet}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (hit.entity, hit.entity_id))
            self.results.addItem(item)
        if not hits:
            self.results.addItem(QListWidgetItem(self.tr("چیزی پیدا نشد")))
        self.results.setCurrentRow(0)
        self._show_results()
        return hits

    def _show_results(self) -> None:
        width = max(self.width(), 480)
        self.results.resize(width, min(420, 24 + 44 * self.results.count()))
        corner = self.mapToGlobal(QPoint(self.width() - width, self.height()))
        self.results.move(corner)
        self.results.show()

    def _open_item(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        entity, entity_id = data
        self.results.hide()
        self.open_requested.emit(entity, uuid.UUID(str(entity_id)))

    def _open_current(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.run_search()
        item = self.results.currentItem()
        if item is not None:
            self._open_item(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        key_press = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if watched is self and isinstance(event, QKeyEvent) and key_press:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.results.hide()
                return True
        return super().eventFilter(watched, event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        QTimer.singleShot(150, self.results.hide)
        super().focusOutEvent(event)
