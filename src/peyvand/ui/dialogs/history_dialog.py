"""تاریخچه: who changed what and when, for one record, from the audit log.

A trip import's conflicts («ناسازگاری در ادغام سفر») and their resolutions («حل
ناسازگاری») show both sides' values, office and laptop, and the choice in words; the
bookkeeping keys of those events (``_package``, ``_kind``, ``_choice``…) are not shown.
"""

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
CONFLICT, RESOLVE = "conflict", "resolve"  # audit actions of trip imports
DELETED_FIELD = "deleted_at"


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
            "conflict": self.tr("ناسازگاری در ادغام سفر"),
            "resolve": self.tr("حل ناسازگاری"),
        }
        events = history(context.db, entity, entity_id)
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = [
                format_datetime_local(event.at),
                event.actor,
                actions.get(event.action, event.action),
                self._changes(event.changes, event.action),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def _changes(self, changes: dict[str, Any], action: str = "") -> str:
        sides = action in (CONFLICT, RESOLVE)  # [office value, laptop value], not old/new
        lines = []
        for field, pair in changes.items():
            if field.startswith("_"):  # bookkeeping of trip imports: package, kind, key…
                continue
            if sides and isinstance(pair, list) and len(pair) == 2:
                lines.extend(self._sides(field, pair[0], pair[1]))
                continue
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            name = label(FIELD_LABELS, field, "fa")
            if old in (None, ""):
                lines.append(f"{name}: {_short(new)}")
            else:
                lines.append(f"{name}: {_short(old)} ← {_short(new)}")
        if action == RESOLVE:
            choices = {
                "office": self.tr("مقدار دفتر نگه داشته شد"),
                "laptop": self.tr("مقدار سفر پذیرفته شد"),
                "edited": self.tr("مقدار تازه‌ای نوشته شد"),
            }
            choice = str(changes.get("_choice", ""))
            lines.append(self.tr("تصمیم: {choice}").format(choice=choices.get(choice, choice)))
            if choice == "edited":
                lines.append(
                    self.tr("مقدار نهایی: {value}").format(value=_short(changes.get("_value")))
                )
        return "\n".join(lines)

    def _sides(self, field: str, office: Any, laptop: Any) -> list[str]:
        """A conflict's two values: «متن — دفتر: …» and «متن — سفر: …»."""
        if field == DELETED_FIELD:  # delete against edit: the values are deleted states
            return [
                self.tr("دفتر: {state}").format(state=self._state(office)),
                self.tr("سفر: {state}").format(state=self._state(laptop)),
            ]
        name = label(FIELD_LABELS, field, "fa")
        return [
            self.tr("{field} — دفتر: {value}").format(field=name, value=_short(office)),
            self.tr("{field} — سفر: {value}").format(field=name, value=_short(laptop)),
        ]

    def _state(self, deleted: Any) -> str:
        return self.tr("حذف‌شده") if deleted else self.tr("ویرایش‌شده و برقرار")


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= SHOWN_VALUE_MAX else text[: SHOWN_VALUE_MAX - 1] + "…"
