"""مصوبات: the numbered decisions, each with an owner, a unit and a deadline, and the
follow-ups opened from them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from peyvand.errors import ValidationError
from peyvand.services import minutes
from peyvand.text import format_jalali_date, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import typed_date
from peyvand.ui.dialogs.meeting_tabs.base import MinutesTab
from peyvand.ui.dialogs.meeting_tabs.entries import DecisionEntry, setup_table
from peyvand.ui.dialogs.meeting_tabs.statements_tab import ENTER_KEYS
from peyvand.ui.forms.ui_meeting_decisions_tab import Ui_MeetingDecisionsTab
from peyvand.ui.widgets.combo import find_data, select_data
from peyvand.ui.widgets.record_picker import RecordPicker

FOLLOWUP_COLUMN = 5


class DecisionsTab(MinutesTab):
    followup_requested = Signal(int)  # the row of the decision to follow up

    def __init__(
        self,
        context: AppContext,
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, is_loading, parent)
        self.ui = Ui_MeetingDecisionsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.entries: list[DecisionEntry] = []
        self.editing: int | None = None
        self._quiet = False  # loading an entry into the box: no guesses
        self.owner_picker = RecordPicker(context, "person", ui.decision_owner_container)
        self.owner_picker.setObjectName("decision_owner_picker")
        ui.decision_owner_layout.addWidget(self.owner_picker)
        self.unit_picker = RecordPicker(context, "unit", ui.decision_unit_container)
        self.unit_picker.setObjectName("decision_unit_picker")
        ui.decision_unit_layout.addWidget(self.unit_picker)
        setup_table(
            ui.decisions_table,
            [
                self.tr("شماره"),
                self.tr("متن مصوبه"),
                self.tr("مسئول"),
                self.tr("واحد"),
                self.tr("مهلت"),
                self.tr("پیگیری"),
            ],
            stretch=1,
        )
        self.no_default_buttons()
        ui.decision_text_edit.installEventFilter(self)
        ui.add_decision_button.clicked.connect(self.add_decision)
        ui.cancel_decision_button.clicked.connect(self.cancel_edit)
        ui.edit_decision_button.clicked.connect(self.edit_decision)
        ui.decisions_table.doubleClicked.connect(lambda _i: self.edit_decision())
        ui.remove_decision_button.clicked.connect(self.remove_decision)
        self.owner_picker.value_changed.connect(self._owner_chosen)
        self.show_entry_mode()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.ui.decision_text_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in ENTER_KEYS
        ):
            self.add_decision()
            return True
        return super().eventFilter(watched, event)

    def set_entries(self, entries: list[DecisionEntry]) -> None:
        self.entries = entries
        self.editing = None
        self.redraw()
        self.show_entry_mode()

    def field_widgets(self) -> dict[str, QWidget]:
        return {"decision_due_date": self.ui.decision_due_edit}

    def unit_name(self, unit_id: uuid.UUID | None) -> str:
        picker = self.unit_picker
        index = find_data(picker, unit_id) if unit_id is not None else -1
        return picker.itemText(index) if index >= 0 else ""

    def _owner_chosen(self, person_id: uuid.UUID | None) -> None:
        """The owner's own unit fills an empty unit field."""
        if self._quiet or self.is_loading() or person_id is None:
            return
        if self.unit_picker.value() is not None:
            return
        card = minutes.person_card(self.context.db, person_id)
        if card.unit_id is not None:
            select_data(self.unit_picker, card.unit_id)

    def _entry(self) -> DecisionEntry | None:
        """The decision in the entry box; None (with the error shown) when not valid."""
        ui = self.ui
        text = ui.decision_text_edit.toPlainText().strip()
        if not text:
            return None
        try:
            due = typed_date(ui.decision_due_edit, "decision_due_date")
        except ValidationError as exc:
            self.error.emit(exc.field, exc.message("fa"))
            return None
        owner_id = self.owner_picker.value()
        owner = minutes.person_card(self.context.db, owner_id).name if owner_id else ""
        unit_id = self.unit_picker.value()
        return DecisionEntry(
            text=text,
            owner_person_id=owner_id,
            owner=owner,
            owner_unit_id=unit_id,
            unit=self.unit_name(unit_id),
            due_date=due,
        )

    def add_decision(self) -> bool:
        """Ctrl+Enter: add the decision (or apply the edit) and empty the entry.
        False when the text in the box could not be added (the error is shown)."""
        ui = self.ui
        if self.locked:
            return False
        self.errors_cleared.emit()
        entry = self._entry()
        if entry is None:
            return not ui.decision_text_edit.toPlainText().strip()
        editing = self.editing
        if editing is not None and 0 <= editing < len(self.entries):
            old = self.entries[editing]
            entry.number, entry.followups = old.number, old.followups
            entry.id, entry.revision = old.id, old.revision
            self.entries[editing] = entry
            row = editing
        else:
            self.entries.append(entry)
            row = len(self.entries) - 1
        self._clear_entry()
        self.redraw()
        ui.decisions_table.setCurrentCell(row, 0)
        self.rows_changed.emit()
        self.changed()
        ui.decision_text_edit.setFocus()
        return True

    def flush(self) -> bool:
        """A decision typed but not yet added is added; False if it cannot be."""
        return self.add_decision()

    def _clear_entry(self) -> None:
        ui = self.ui
        self.editing = None
        ui.decision_text_edit.clear()
        self.owner_picker.set_value(None)
        self.unit_picker.set_value(None)
        ui.decision_due_edit.set_value(None)
        self.show_entry_mode()

    def edit_decision(self) -> None:
        ui = self.ui
        row = ui.decisions_table.currentRow()
        if self.locked or not 0 <= row < len(self.entries):
            return
        if ui.decision_text_edit.toPlainText().strip() and self.editing != row:
            self.error.emit(None, self.tr("ابتدا مصوبه در حال نوشتن را ثبت یا پاک کنید."))
            return
        entry = self.entries[row]
        self.editing = row
        self._quiet = True  # loading the entry: the owner's unit must not be guessed
        try:
            ui.decision_text_edit.setPlainText(entry.text)
            select_data(self.owner_picker, entry.owner_person_id)
            select_data(self.unit_picker, entry.owner_unit_id)
            ui.decision_due_edit.set_value(entry.due_date)
        finally:
            self._quiet = False
        self.show_entry_mode()
        ui.decision_text_edit.setFocus()

    def cancel_edit(self) -> None:
        self._clear_entry()

    def remove_decision(self) -> None:
        row = self.ui.decisions_table.currentRow()
        if not 0 <= row < len(self.entries):
            return
        if self.entries[row].followups:
            answer = QMessageBox.question(
                self,
                self.tr("حذف مصوبه"),
                self.tr("از این مصوبه پیگیری ایجاد شده است؛ پیگیری می‌ماند. مصوبه حذف شود؟"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        del self.entries[row]
        if self.editing is not None:
            self._clear_entry()
        self.redraw()
        self.rows_changed.emit()
        self.changed()

    def redraw(self) -> None:
        table = self.ui.decisions_table
        table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            number = to_persian_digits(entry.number) if entry.number else "…"
            due = format_jalali_date(entry.due_date) if entry.due_date else ""
            for column, text in enumerate((number, entry.text, entry.owner, entry.unit, due)):
                table.setItem(row, column, QTableWidgetItem(text))
            table.setCellWidget(row, FOLLOWUP_COLUMN, self._followup_cell(row, entry))
        table.resizeRowsToContents()

    def _followup_cell(self, row: int, entry: DecisionEntry) -> QWidget:
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(2, 0, 2, 0)
        if entry.followups:
            numbers = "، ".join(to_persian_digits(f.number) for f in entry.followups)
            label = QLabel(numbers, cell)
            label.setToolTip("\n".join(f.title for f in entry.followups))
            layout.addWidget(label)
        button = QPushButton(self.tr("ایجاد پیگیری"), cell)
        button.setObjectName("followup_button")
        button.setAutoDefault(False)
        button.setToolTip(self.tr("پیگیری تازه با متن، مسئول و مهلت این مصوبه"))
        button.clicked.connect(lambda _c=False, r=row: self.followup_requested.emit(r))
        layout.addWidget(button)
        return cell

    def show_entry_mode(self) -> None:
        ui = self.ui
        editing = self.editing is not None
        number = None
        if self.editing is not None and self.editing < len(self.entries):
            number = self.entries[self.editing].number
        ui.decision_group.setTitle(
            self.tr("ویرایش مصوبه {n}").format(n=to_persian_digits(number or ""))
            if editing
            else self.tr("مصوبه تازه")
        )
        ui.add_decision_button.setText(
            self.tr("ثبت تغییر (Ctrl+Enter)") if editing else self.tr("ثبت مصوبه (Ctrl+Enter)")
        )
        ui.cancel_decision_button.setVisible(editing)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        ui = self.ui
        for widget in (ui.decision_group, ui.edit_decision_button, ui.remove_decision_button):
            widget.setEnabled(not locked)
