"""اظهارات: what each speaker said, typed during the meeting.

Ctrl+Enter adds the statement and empties the box for the next, the speaker staying or
moving on to the next participant; Ctrl+↑/↓ change the speaker without leaving the box.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableWidgetItem, QWidget

from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_tabs.base import MinutesTab
from peyvand.ui.dialogs.meeting_tabs.entries import (
    ParticipantEntry,
    StatementEntry,
    moved,
    setup_table,
)
from peyvand.ui.forms.ui_meeting_statements_tab import Ui_MeetingStatementsTab
from peyvand.ui.widgets.combo import find_data

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class StatementsTab(MinutesTab):
    def __init__(
        self,
        context: AppContext,
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, is_loading, parent)
        self.ui = Ui_MeetingStatementsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.entries: list[StatementEntry] = []
        self.editing: int | None = None
        setup_table(ui.statements_table, [self.tr("گوینده"), self.tr("متن")], stretch=1)
        ui.statements_table.verticalHeader().show()
        self.no_default_buttons()
        ui.statement_edit.installEventFilter(self)
        ui.add_statement_button.clicked.connect(self.add_statement)
        ui.cancel_statement_button.clicked.connect(self.cancel_edit)
        ui.edit_statement_button.clicked.connect(self.edit_statement)
        ui.statements_table.doubleClicked.connect(lambda _i: self.edit_statement())
        ui.remove_statement_button.clicked.connect(self.remove_statement)
        ui.statement_up_button.clicked.connect(lambda: self.move_row(-1))
        ui.statement_down_button.clicked.connect(lambda: self.move_row(1))
        self.show_entry_mode()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.ui.statement_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.key() in ENTER_KEYS:
                self.add_statement()
                return True
            if event.key() == Qt.Key.Key_Up:
                self.step_speaker(-1)
                return True
            if event.key() == Qt.Key.Key_Down:
                self.step_speaker(1)
                return True
        return super().eventFilter(watched, event)

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        ui.statements_table.setTabKeyNavigation(False)
        return [
            ui.statements_table,
            ui.statement_up_button,
            ui.statement_down_button,
            ui.edit_statement_button,
            ui.remove_statement_button,
            ui.speaker_combo,
            ui.statement_edit,
            ui.advance_speaker_check,
            ui.cancel_statement_button,
            ui.add_statement_button,
        ]

    def set_entries(self, entries: list[StatementEntry]) -> None:
        self.entries = entries
        self.editing = None
        self.redraw()
        self.show_entry_mode()

    # -- speakers -------------------------------------------------------------------

    def set_speakers(self, participants: list[ParticipantEntry]) -> None:
        combo = self.ui.speaker_combo
        first = combo.count() <= 1  # nobody to keep: start with the first participant
        current = combo.currentData()
        combo.clear()
        for entry in participants:
            combo.addItem(entry.name, entry.person_id)
        combo.addItem(self.tr("— بدون گوینده —"), None)
        if first:
            combo.setCurrentIndex(0)
        else:
            self.select_speaker(current)

    def select_speaker(self, speaker_id: uuid.UUID | None) -> None:
        combo = self.ui.speaker_combo
        index = find_data(combo, speaker_id) if speaker_id is not None else -1
        combo.setCurrentIndex(index if index >= 0 else combo.count() - 1)

    def step_speaker(self, step: int) -> None:
        combo = self.ui.speaker_combo
        speakers = max(combo.count() - 1, 1)  # the «no speaker» item is not in the cycle
        current = combo.currentIndex()
        if current >= speakers:
            current = -1 if step > 0 else 0
        combo.setCurrentIndex((current + step) % speakers)

    def _speaker(self) -> tuple[uuid.UUID | None, str]:
        combo = self.ui.speaker_combo
        speaker_id = combo.currentData()
        return (speaker_id, combo.currentText()) if speaker_id is not None else (None, "")

    # -- statements -----------------------------------------------------------------

    def add_statement(self) -> None:
        """Ctrl+Enter: add the statement (or apply the edit) and empty the box."""
        ui = self.ui
        text = ui.statement_edit.toPlainText().strip()
        if not text or self.locked:
            return
        speaker_id, speaker = self._speaker()
        editing = self.editing
        if editing is not None and 0 <= editing < len(self.entries):
            entry = self.entries[editing]
            entry.speaker_id, entry.speaker, entry.text = speaker_id, speaker, text
            row = editing
        else:
            self.entries.append(StatementEntry(speaker_id, speaker, text))
            row = len(self.entries) - 1
        self.editing = None
        ui.statement_edit.clear()
        self.redraw()
        ui.statements_table.setCurrentCell(row, 0)
        ui.statements_table.scrollToItem(ui.statements_table.item(row, 1))
        if editing is None and ui.advance_speaker_check.isChecked():
            self.step_speaker(1)
        self.show_entry_mode()
        self.rows_changed.emit()
        self.changed()
        ui.statement_edit.setFocus()

    def edit_statement(self) -> None:
        ui = self.ui
        row = ui.statements_table.currentRow()
        if self.locked or not 0 <= row < len(self.entries):
            return
        if ui.statement_edit.toPlainText().strip() and self.editing != row:
            self.error.emit(None, self.tr("ابتدا اظهار در حال نوشتن را ثبت یا پاک کنید."))
            return
        entry = self.entries[row]
        self.editing = row
        if entry.speaker_id is not None and find_data(ui.speaker_combo, entry.speaker_id) < 0:
            ui.speaker_combo.insertItem(
                ui.speaker_combo.count() - 1, entry.speaker, entry.speaker_id
            )
        self.select_speaker(entry.speaker_id)
        ui.statement_edit.setPlainText(entry.text)
        self.show_entry_mode()
        ui.statement_edit.setFocus()

    def cancel_edit(self) -> None:
        self.editing = None
        self.ui.statement_edit.clear()
        self.show_entry_mode()

    def remove_statement(self) -> None:
        row = self.ui.statements_table.currentRow()
        if 0 <= row < len(self.entries):
            del self.entries[row]
            if self.editing is not None:
                self.cancel_edit()
            self.redraw()
            self.ui.statements_table.setCurrentCell(min(row, len(self.entries) - 1), 0)
            self.rows_changed.emit()
            self.changed()

    def move_row(self, step: int) -> None:
        if self.editing is not None:
            return
        target = moved(self.entries, self.ui.statements_table.currentRow(), step)
        if target is not None:
            self.redraw()
            self.ui.statements_table.setCurrentCell(target, 0)
            self.changed()

    def flush(self) -> None:
        """A statement typed but not yet added is added (never lost)."""
        if self.ui.statement_edit.toPlainText().strip():
            self.add_statement()

    def redraw(self) -> None:
        table = self.ui.statements_table
        table.setRowCount(len(self.entries))
        table.setVerticalHeaderLabels(
            [to_persian_digits(n) for n in range(1, len(self.entries) + 1)]
        )
        for row, entry in enumerate(self.entries):
            table.setItem(row, 0, QTableWidgetItem(entry.speaker or "—"))
            table.setItem(row, 1, QTableWidgetItem(entry.text))
        table.resizeRowsToContents()

    def show_entry_mode(self) -> None:
        ui = self.ui
        editing = self.editing is not None
        ui.statement_group.setTitle(
            self.tr("ویرایش اظهار {n}").format(n=to_persian_digits((self.editing or 0) + 1))
            if editing
            else self.tr("اظهار تازه")
        )
        ui.add_statement_button.setText(
            self.tr("ثبت تغییر (Ctrl+Enter)") if editing else self.tr("ثبت اظهار (Ctrl+Enter)")
        )
        ui.cancel_statement_button.setVisible(editing)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        ui = self.ui
        for widget in (
            ui.statement_group,
            ui.statement_up_button,
            ui.statement_down_button,
            ui.edit_statement_button,
            ui.remove_statement_button,
        ):
            widget.setEnabled(not locked)
