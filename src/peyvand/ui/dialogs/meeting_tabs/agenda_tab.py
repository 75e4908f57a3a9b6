"""دستور جلسه: the agenda items, typed one per line, edited in place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractItemView, QTableWidgetItem, QWidget

from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_tabs.base import MinutesTab
from peyvand.ui.dialogs.meeting_tabs.entries import AgendaEntry, moved, setup_table
from peyvand.ui.forms.ui_meeting_agenda_tab import Ui_MeetingAgendaTab


class AgendaTab(MinutesTab):
    def __init__(
        self,
        context: AppContext,
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, is_loading, parent)
        self.ui = Ui_MeetingAgendaTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.entries: list[AgendaEntry] = []
        setup_table(ui.agenda_table, [self.tr("بند دستور جلسه")], stretch=0)
        ui.agenda_table.verticalHeader().show()
        self.no_default_buttons()
        ui.agenda_edit.returnPressed.connect(self.add_item)
        ui.add_agenda_button.clicked.connect(self.add_item)
        ui.remove_agenda_button.clicked.connect(self.remove_item)
        ui.agenda_up_button.clicked.connect(lambda: self.move_row(-1))
        ui.agenda_down_button.clicked.connect(lambda: self.move_row(1))
        ui.agenda_table.itemChanged.connect(self._item_edited)

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        ui.agenda_table.setTabKeyNavigation(False)
        return [
            ui.agenda_table,
            ui.agenda_up_button,
            ui.agenda_down_button,
            ui.remove_agenda_button,
            ui.agenda_edit,
            ui.add_agenda_button,
        ]

    def set_entries(self, entries: list[AgendaEntry]) -> None:
        self.entries = entries
        self.redraw()

    def add_item(self) -> None:
        ui = self.ui
        text = ui.agenda_edit.text().strip()
        if not text:
            return
        self.entries.append(AgendaEntry(text))
        ui.agenda_edit.clear()
        self._changed(len(self.entries) - 1)

    def remove_item(self) -> None:
        row = self.ui.agenda_table.currentRow()
        if 0 <= row < len(self.entries):
            del self.entries[row]
            self._changed(min(row, len(self.entries) - 1))

    def move_row(self, step: int) -> None:
        target = moved(self.entries, self.ui.agenda_table.currentRow(), step)
        if target is not None:
            self._changed(target)

    def flush(self) -> None:
        """An item typed but not yet added is added."""
        if self.ui.agenda_edit.text().strip():
            self.add_item()

    def _changed(self, select: int) -> None:
        self.redraw()
        if select >= 0:
            self.ui.agenda_table.setCurrentCell(select, 0)
        self.rows_changed.emit()
        self.changed()

    def _item_edited(self, item: QTableWidgetItem) -> None:
        row = item.row()
        text = item.text().strip()
        if not 0 <= row < len(self.entries) or text == self.entries[row].text:
            return
        if text:
            self.entries[row].text = text
            self.changed()
        else:  # emptied in place: the item keeps its text (remove it with «حذف بند»)
            item.setText(self.entries[row].text)

    def redraw(self) -> None:
        table = self.ui.agenda_table
        table.blockSignals(True)
        try:
            table.setRowCount(len(self.entries))
            table.setVerticalHeaderLabels(
                [to_persian_digits(n) for n in range(1, len(self.entries) + 1)]
            )
            for row, entry in enumerate(self.entries):
                table.setItem(row, 0, QTableWidgetItem(entry.text))
        finally:
            table.blockSignals(False)
        table.resizeRowsToContents()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        ui = self.ui
        for widget in (
            ui.agenda_edit,
            ui.add_agenda_button,
            ui.remove_agenda_button,
            ui.agenda_up_button,
            ui.agenda_down_button,
        ):
            widget.setEnabled(not locked)
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if locked
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        ui.agenda_table.setEditTriggers(triggers)
