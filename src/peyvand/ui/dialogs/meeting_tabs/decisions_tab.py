"""مصوبات: the numbered decisions, each with an owner, a unit and a deadline, and the
follow-ups opened from them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
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
from peyvand.ui.permissions import READS_ONLY
from peyvand.ui.widgets.combo import find_data, select_data
from peyvand.ui.widgets.record_picker import RecordPicker

FOLLOWUP_COLUMN = 5
PENDING_COLOR = QColor("#6b7280")  # a number the decision gets when saved


def isolated(number: str) -> str:
    """A record number inside Persian text: kept left to right (year first), as in the
    lists, by a left-to-right isolate; otherwise the bidi algorithm swaps its halves."""
    return f"\u2066{to_persian_digits(number)}\u2069"


class DecisionsTab(MinutesTab):
    followup_requested = Signal(int)  # the row of the decision to follow up
    followup_shown = Signal(object)  # the id of a follow-up to open

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
        # The number the first decision not saved yet will get (then the next, …).
        self.next_number = 1
        self._quiet = False  # loading an entry into the box: no guesses
        ui.decision_due_hint_label.hide()
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

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        return [
            ui.decisions_table,
            *self.cells(ui.decisions_table, (FOLLOWUP_COLUMN,)),
            ui.edit_decision_button,
            ui.remove_decision_button,
            ui.decision_text_edit,
            self.owner_picker,
            self.unit_picker,
            ui.decision_due_edit,
            ui.cancel_decision_button,
            ui.add_decision_button,
        ]

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
        followed = self._editing_entry()
        if followed is not None and followed.followups:
            due = followed.due_date  # the follow-up's deadline rules; this one stays
        else:
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

    def _editing_entry(self) -> DecisionEntry | None:
        if self.editing is not None and 0 <= self.editing < len(self.entries):
            return self.entries[self.editing]
        return None

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
        self._show_deadline_rule(None)
        self.show_entry_mode()

    def _show_deadline_rule(self, entry: DecisionEntry | None) -> None:
        """A followed decision's deadline is the follow-up's: shown, not editable here."""
        ui = self.ui
        followed = entry is not None and bool(entry.followups)
        ui.decision_due_edit.line_edit.setReadOnly(followed)
        ui.decision_due_edit.button.setEnabled(not followed)
        ui.decision_due_hint_label.setVisible(followed)
        if entry is not None and followed:
            ui.decision_due_hint_label.setText(
                self.tr("مهلت این مصوبه همان مهلت پیگیری {number} است و در آن تغییر می‌کند.").format(
                    number=isolated(entry.followups[0].number)
                )
            )

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
        self.loading_entry.emit(True)
        try:
            ui.decision_text_edit.setPlainText(entry.text)
            select_data(self.owner_picker, entry.owner_person_id)
            select_data(self.unit_picker, entry.owner_unit_id)
            ui.decision_due_edit.set_value(minutes.deadline(entry.due_date, entry.followups))
            self._show_deadline_rule(entry)
        finally:
            self._quiet = False
            self.loading_entry.emit(False)
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
        self.show_entry_mode()
        self.rows_changed.emit()
        self.changed()

    def followups_changed(self) -> None:
        """The follow-ups were read again: the table and a decision being edited show
        their deadlines as they are now."""
        self.redraw()
        entry = self._editing_entry()
        if entry is not None and entry.followups:
            self.loading_entry.emit(True)
            try:
                self.ui.decision_due_edit.set_value(
                    minutes.deadline(entry.due_date, entry.followups)
                )
                self._show_deadline_rule(entry)
            finally:
                self.loading_entry.emit(False)

    def number_of(self, row: int) -> tuple[int, bool]:
        """(the decision's number, whether it is given already); one not saved yet
        gets the next free number, in the order of the list, when the minutes are saved."""
        entry = self.entries[row]
        if entry.number:
            return entry.number, True
        unsaved = sum(1 for e in self.entries[:row] if not e.number)
        return self.next_number + unsaved, False

    def redraw(self) -> None:
        table = self.ui.decisions_table
        table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            number, given = self.number_of(row)
            deadline = minutes.deadline(entry.due_date, entry.followups)
            due = format_jalali_date(deadline) if deadline else ""
            texts = (to_persian_digits(number), entry.text, entry.owner, entry.unit, due)
            for column, text in enumerate(texts):
                table.setItem(row, column, QTableWidgetItem(text))
            if not given:
                item = table.item(row, 0)
                item.setForeground(QBrush(PENDING_COLOR))
                item.setToolTip(self.tr("شماره‌ای که مصوبه با ذخیره صورتجلسه می‌گیرد"))
            if entry.followups:
                table.item(row, 4).setToolTip(
                    self.tr("مهلت پیگیری {number}").format(
                        number=isolated(entry.followups[0].number)
                    )
                )
            table.setCellWidget(row, FOLLOWUP_COLUMN, self._followup_cell(row, entry))
        # A column of cell widgets is not sized by its contents: wide enough for them.
        header = table.horizontalHeader()
        header.setSectionResizeMode(FOLLOWUP_COLUMN, QHeaderView.ResizeMode.Fixed)
        widths = [
            cell.sizeHint().width()
            for row in range(table.rowCount())
            if (cell := table.cellWidget(row, FOLLOWUP_COLUMN)) is not None
        ]
        header.resizeSection(
            FOLLOWUP_COLUMN, max([header.sectionSizeFromContents(FOLLOWUP_COLUMN).width(), *widths])
        )
        table.resizeRowsToContents()

    def _followup_cell(self, row: int, entry: DecisionEntry) -> QWidget:
        """«ایجاد پیگیری» for a decision not followed up; once it is, its number and
        «نمایش پیگیری» (one follow-up per decision: no duplicates by a second click)."""
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(2, 0, 2, 0)
        if entry.followups:
            first = entry.followups[0]
            numbers = "، ".join(to_persian_digits(f.number) for f in entry.followups)
            label = QLabel(numbers, cell)
            label.setToolTip("\n".join(f.title for f in entry.followups))
            layout.addWidget(label)
            button = QPushButton(self.tr("نمایش پیگیری"), cell)
            button.setToolTip(
                self.tr("باز کردن پیگیری {number}").format(number=isolated(first.number))
            )
            button.clicked.connect(lambda _c=False, f=first.id: self.followup_shown.emit(f))
            # Opening the follow-up only reads: a read-only editor keeps it.
            button.setProperty(READS_ONLY, True)
        else:
            button = QPushButton(self.tr("ایجاد پیگیری"), cell)
            button.setToolTip(self.tr("پیگیری تازه با متن، مسئول و مهلت این مصوبه"))
            button.clicked.connect(lambda _c=False, r=row: self.followup_requested.emit(r))
            # Cells are rebuilt when the decisions reload (after make_read_only ran).
            refusal = str(getattr(self.window(), "refusal", "") or "")
            if refusal:
                button.setEnabled(False)
                button.setToolTip(refusal)
        button.setObjectName("followup_button")
        button.setAutoDefault(False)
        layout.addWidget(button)
        return cell

    def show_entry_mode(self) -> None:
        ui = self.ui
        editing = self.editing is not None and 0 <= self.editing < len(self.entries)
        if self.editing is not None and editing:
            number = self.number_of(self.editing)[0]
            title = self.tr("ویرایش مصوبه {n}").format(n=to_persian_digits(number))
        else:
            upcoming = self.next_number + sum(1 for e in self.entries if not e.number)
            title = self.tr("مصوبه تازه (شماره {n})").format(n=to_persian_digits(upcoming))
        ui.decision_group.setTitle(title)
        ui.add_decision_button.setText(
            self.tr("ثبت تغییر (Ctrl+Enter)") if editing else self.tr("ثبت مصوبه (Ctrl+Enter)")
        )
        ui.cancel_decision_button.setVisible(editing)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        ui = self.ui
        for widget in (ui.decision_group, ui.edit_decision_button, ui.remove_decision_button):
            widget.setEnabled(not locked)
