"""تاریخچه: who changed what and when, for one record, from the audit log.

The lines come formatted from services/history.py (labels as the forms show them,
Jalali dates, Persian digits, بله/خیر, names of referenced records); this dialog lays
them out: one row per event, one line per field, scrolled per pixel so that a tall
row (a record's creation) can be read to its end with the wheel.

A trip import's conflicts («ناسازگاری در ادغام سفر») and their resolutions («حل
ناسازگاری») show both sides' values, office and laptop, and the choice in words.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peyvand.services.history import CONFLICT, DELETED_FIELD, RESOLVE, HistoryEntry, entries
from peyvand.ui.context import AppContext


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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        # One line per field, never wrapped; a line too long for the column is elided
        # and read in full in the tooltip.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.action_names = {
            "create": self.tr("ایجاد"),
            "update": self.tr("ویرایش"),
            "delete": self.tr("حذف"),
            "restore": self.tr("بازگردانی"),
            "import": self.tr("ورود از پرونده"),
            "merge": self.tr("ادغام سفر"),
            CONFLICT: self.tr("ناسازگاری در ادغام سفر"),
            RESOLVE: self.tr("حل ناسازگاری"),
        }
        events = entries(context.db, entity, entity_id)
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            changes = "\n".join(self.lines(event))
            action = self.action_names.get(event.action, event.action)
            cells = [event.when, event.actor, action, changes]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
                if column == 3:
                    item.setToolTip(changes)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def lines(self, event: HistoryEntry) -> list[str]:
        """One line per field: «عنوان: قدیم ← تازه», or both sides of a conflict."""
        sides = event.action in (CONFLICT, RESOLVE)  # [office, laptop], not old/new
        lines = []
        for change in event.changes:
            if sides and change.field == DELETED_FIELD:  # delete against edit
                lines.append(self.tr("دفتر: {state}").format(state=change.old))
                lines.append(self.tr("سفر: {state}").format(state=change.new))
            elif sides:
                lines.append(
                    self.tr("{field} — دفتر: {value}").format(field=change.label, value=change.old)
                )
                lines.append(
                    self.tr("{field} — سفر: {value}").format(field=change.label, value=change.new)
                )
            elif change.old:
                lines.append(f"{change.label}: {change.old} ← {change.new}")
            else:
                lines.append(f"{change.label}: {change.new}")
        if event.action == RESOLVE:
            choices = {
                "office": self.tr("مقدار دفتر نگه داشته شد"),
                "laptop": self.tr("مقدار سفر پذیرفته شد"),
                "edited": self.tr("مقدار تازه‌ای نوشته شد"),
            }
            lines.append(
                self.tr("تصمیم: {choice}").format(choice=choices.get(event.choice, event.choice))
            )
            if event.choice == "edited":
                lines.append(self.tr("مقدار نهایی: {value}").format(value=event.final_value))
        return lines
