"""تاریخچه: who changed what and when, for one record, from the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peyvand.messages import FIELD_LABELS, label
from peyvand.services.history import history
from peyvand.text import format_datetime_local
from peyvand.ui.context import AppContext

SHOWN_VALUE_MAX = 80


class HistoryDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        entity: str,
        entity_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("تاریخچه تغییرات"))
        self.resize(900, 500)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("history_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("زمان"), self.tr("کاربر"), self.tr("کار"), self.tr("تغییرات")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        actions = {
            "create": self.tr("ایجاد"),
            "update": self.tr("ویرایش"),
            "delete": self.tr("حذف"),
            "restore": self.tr("بازگردانی"),
            "import": self.tr("ورود از پرونده"),
            "merge": self.tr("ادغام سفر"),
        }
        events = history(context.db, entity, entity_id)
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = [
                format_datetime_local(event.at),
                event.actor,
                actions.get(event.action, event.action),
                self._changes(event.changes),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def _changes(self, changes: dict[str, Any]) -> str:
        lines = []
        for field, pair in changes.items():
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            name = label(FIELD_LABELS, field, "fa")
            if old in (None, ""):
                lines.append(f"{name}: {_short(new)}")
            else:
                lines.append(f"{name}: {_short(old)} ← {_short(new)}")
        return "\n".join(lines)


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= SHOWN_VALUE_MAX else text[: SHOWN_VALUE_MAX - 1] + "…"
