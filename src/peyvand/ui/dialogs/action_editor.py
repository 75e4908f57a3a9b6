"""پیگیری: one follow-up — what, who, by when; its status, notes, attachments.

The status is never edited here: «تغییر وضعیت…» opens :class:`StatusDialog`, which
always records a progress note with the change. Whether the action is overdue or due
soon comes from the service (:func:`peyvand.services.actions.classify`).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QListWidgetItem, QWidget

from peyvand.domain import Action, ActionNoteRow, ActionRow, Decision, Meeting, Visit
from peyvand.domain.enums import ActionStatus, Classification, Priority
from peyvand.domain.limits import TITLE_MAX
from peyvand.errors import PeyvandError
from peyvand.messages import enum_label
from peyvand.services import actions, classification, records
from peyvand.services.clock import today
from peyvand.text import (
    format_datetime_local,
    persian_number,
    to_persian_digits,
)
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import (
    EditorDialog,
    buttons_in_order,
    set_tab_order,
    typed_date,
)
from peyvand.ui.dialogs.person_editor import add_picker, show_start
from peyvand.ui.dialogs.status_dialog import StatusDialog
from peyvand.ui.formatting import short_number
from peyvand.ui.forms.ui_action_editor import Ui_ActionEditor
from peyvand.ui.permissions import Act, why_not
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel

# Same colours as the actions list (overdue red, due soon amber, closed grey).
STATE_STYLES = {
    "overdue": "background: #fde2e2; color: #991b1b; padding: 2px 8px; border-radius: 4px;",
    "due_soon": "background: #fef3c7; color: #92400e; padding: 2px 8px; border-radius: 4px;",
    "closed": "background: #e5e7eb; color: #6b7280; padding: 2px 8px; border-radius: 4px;",
}
STATUS_CHANGE_COLOR = QColor("#1e3a8a")


class ActionEditor(EditorDialog):
    entity = "action"
    open_requested = Signal(str, object)  # entity, uuid: the source meeting or visit

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record_id, parent)
        self.ui = Ui_ActionEditor()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        ui.title_edit.setMaxLength(TITLE_MAX)
        self.owner_picker = add_picker(self, "person", ui.owner_slot)
        self.unit_picker = add_picker(self, "unit", ui.unit_slot)
        for priority in Priority:
            ui.priority_combo.addItem(enum_label(priority), priority.value)
        self.attachments = AttachmentsPanel(context, "action", ui.attachments_group)
        self.attachments.setObjectName("attachments_panel")
        ui.attachments_layout.addWidget(self.attachments)
        self.row: ActionRow | None = None
        self.classification: Classification | None = None
        self.state = ""
        self.status_dialog: StatusDialog | None = None
        self._source: tuple[str, uuid.UUID] | None = None
        self.watch(
            ui.title_edit,
            ui.description_edit,
            self.owner_picker,
            self.unit_picker,
            ui.due_date_edit,
            ui.priority_combo,
        )
        self.setup_buttons(ui.button_box)
        ui.history_button.clicked.connect(self.show_history)
        ui.change_status_button.clicked.connect(self.change_status)
        ui.add_note_button.clicked.connect(self.add_note)
        ui.open_source_button.clicked.connect(self.open_source)
        self.saved.connect(lambda _id: self._show_row())
        # The details (right), then notes and attachments (left), then the buttons.
        set_tab_order(
            ui.title_edit,
            ui.description_edit,
            self.owner_picker,
            self.unit_picker,
            ui.due_date_edit,
            ui.priority_combo,
            ui.open_source_button,
            ui.change_status_button,
            ui.notes_list,
            ui.add_note_button,
            self.attachments.focus_order(),
            ui.history_button,
            buttons_in_order(ui.button_box),
        )

    # -- EditorDialog ---------------------------------------------------------

    def load(self) -> None:
        ui = self.ui
        if self.record_id is None:
            self.owner_picker.set_value(self.context.my_person_id)
            self.unit_picker.set_value(self.context.my_unit_id)
            ui.priority_combo.setCurrentIndex(ui.priority_combo.findData(Priority.NORMAL.value))
            self._show_source(None)
            self._show_row()
            return
        row: ActionRow = records.get_row(self.context.db, Action, self.record_id)
        self.row = row
        self.classification = classification.of_record(self.context.db, "action", row.id)
        self.revision = row.revision
        ui.title_edit.setText(row.title)
        show_start(ui.title_edit)
        ui.description_edit.setPlainText(row.description)
        self.owner_picker.set_value(row.owner_person_id)
        self.unit_picker.set_value(row.unit_id)
        ui.due_date_edit.set_value(row.due_date)
        ui.priority_combo.setCurrentIndex(
            max(0, ui.priority_combo.findData(Priority(row.priority).value))
        )
        self._show_source(row)
        self._show_row()

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        due_date = typed_date(ui.due_date_edit, "due_date")
        return {
            "title": ui.title_edit.text(),
            "description": ui.description_edit.toPlainText(),
            "owner_person_id": self.owner_picker.value(),
            "unit_id": self.unit_picker.value(),
            "due_date": due_date,
            "priority": Priority(ui.priority_combo.currentData()),
        }

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        db = self.context.db
        if self.record_id is None:
            row = actions.create_action(db, values, clock=self.context.clock)
        else:
            row = records.update_row(
                db, Action, self.record_id, values, expected_revision=self.revision
            )
        self.row = row
        self.revision = row.revision
        record_id: uuid.UUID = row.id
        return record_id

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "title": ui.title_edit,
            "description": ui.description_edit,
            "owner_person_id": ui.owner_slot,
            "unit_id": ui.unit_slot,
            "due_date": ui.due_date_edit,
            "priority": ui.priority_combo,
        }

    def draft_title(self) -> str:
        return self.windowTitle().removesuffix(" *")

    def record_classification(self) -> Classification | None:
        """A follow-up carries the classification of the meeting or visit it came from."""
        return self.classification

    def read_only_safe(self) -> set[str]:
        # Gated by _show_row with their own reason: an owner may use them as reader.
        return super().read_only_safe() | {"change_status_button", "add_note_button"}

    # -- showing the record -----------------------------------------------------

    def _show_row(self) -> None:
        """Number, status, overdue state, notes and attachments of the saved record."""
        ui = self.ui
        row = self.row
        saved = row is not None
        if row is None:
            ui.number_label.setText(self.tr("پیگیری جدید"))
            self.setWindowTitle(self.tr("پیگیری جدید"))
            ui.status_label.setText(enum_label(ActionStatus.OPEN))
        else:
            number = short_number(self.tr("پیگیری"), row.number)
            ui.number_label.setText(number)
            self.setWindowTitle(f"{number} — {row.title}")
            ui.status_label.setText(enum_label(ActionStatus(row.status)))
        self.set_dirty(self.is_dirty())  # keep the unsaved-changes mark in the title
        hint = "" if saved else self.tr("ابتدا پیگیری را ذخیره کنید")
        owner = row.owner_person_id if row is not None else None
        refused = why_not(
            self.context.account, Act.UPDATE_ACTION, self.classification, owner_person_id=owner
        )
        for button in (ui.change_status_button, ui.add_note_button):
            button.setEnabled(saved and not refused)
            button.setToolTip(hint or refused)
        ui.history_button.setEnabled(saved)
        ui.history_button.setToolTip(hint)
        self._show_state()
        self.reload_notes()
        self.attachments.set_owner(row.id if row else None)

    def _show_state(self) -> None:
        label = self.ui.state_label
        row = self.row
        self.state = ""
        text = ""
        if row is not None:
            overdue, due_soon, days_left = actions.classify(row, today(self.context.clock))
            if ActionStatus(row.status).is_closed:
                self.state = "closed"
                text = self.tr("بسته‌شده")
            elif overdue and days_left is not None:
                self.state = "overdue"
                text = self.tr("عقب‌افتاده: {days} روز از مهلت گذشته").format(
                    days=persian_number(-days_left)
                )
            elif due_soon and days_left == 0:
                self.state = "due_soon"
                text = self.tr("سررسید: امروز")
            elif due_soon and days_left is not None:
                self.state = "due_soon"
                text = self.tr("سررسید تا {days} روز دیگر").format(days=persian_number(days_left))
        label.setText(text)
        label.setStyleSheet(STATE_STYLES.get(self.state, ""))
        label.setVisible(bool(text))

    def _show_source(self, row: ActionRow | None) -> None:
        """Where the follow-up came from: a meeting's decision and/or a visit."""
        ui = self.ui
        lines: list[str] = []
        self._source = None
        db = self.context.db
        try:
            if row is not None and row.source_decision_id is not None:
                decision = records.get_row(db, Decision, row.source_decision_id)
                meeting = records.get_row(db, Meeting, decision.meeting_id)
                lines.append(
                    self.tr("مصوبه {n} از {meeting}: {title}").format(
                        n=persian_number(decision.number),
                        meeting=short_number(self.tr("جلسه"), meeting.number),
                        title=meeting.title,
                    )
                )
                self._source = ("meeting", meeting.id)
            if row is not None and row.source_visit_id is not None:
                visit = records.get_row(db, Visit, row.source_visit_id)
                lines.append(f"{short_number(self.tr('هیئت'), visit.number)}: {visit.title}")
                self._source = self._source or ("visit", visit.id)
        except PeyvandError:
            lines.append(self.tr("(رکورد مبنا حذف شده است)"))
        ui.source_label.setText("\n".join(lines) or self.tr("ثبت مستقیم، بدون مصوبه یا هیئت"))
        ui.open_source_button.setVisible(self._source is not None)
        if self._source is not None:
            kind = self.tr("جلسه") if self._source[0] == "meeting" else self.tr("هیئت")
            ui.open_source_button.setToolTip(self.tr("باز کردن {kind}").format(kind=kind))

    def reload_notes(self) -> list[ActionNoteRow]:
        """The progress notes, newest first, with Jalali date-time and author."""
        notes_list = self.ui.notes_list
        notes_list.clear()
        if self.record_id is None:
            return []
        notes = actions.history(self.context.db, self.record_id)
        for note in reversed(notes):
            heading = f"{format_datetime_local(note.noted_at)} — {note.author}"
            if note.status_to is not None:
                old = enum_label(ActionStatus(note.status_from)) if note.status_from else ""
                heading += f" — {old} ← {enum_label(ActionStatus(note.status_to))}"
            item = QListWidgetItem(f"{heading}\n{note.text}")
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            if note.status_to is not None:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setForeground(QBrush(STATUS_CHANGE_COLOR))
            notes_list.addItem(item)
        self.ui.notes_group.setTitle(
            self.tr("یادداشت‌های پیشرفت ({n})").format(n=to_persian_digits(len(notes)))
        )
        return notes

    # -- actions ----------------------------------------------------------------

    def _open_status_dialog(self, *, note_only: bool) -> StatusDialog | None:
        if self.record_id is None or self.row is None:
            return None
        dialog = StatusDialog(
            self.context,
            self.record_id,
            ActionStatus(self.row.status),
            self,
            note_only=note_only,
            action_title=self.ui.number_label.text() + " — " + self.row.title,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_status_dialog(dialog))
        self.status_dialog = dialog
        dialog.open()
        return dialog

    def change_status(self) -> StatusDialog | None:
        return self._open_status_dialog(note_only=False)

    def add_note(self) -> StatusDialog | None:
        return self._open_status_dialog(note_only=True)

    def _after_status_dialog(self, dialog: StatusDialog) -> None:
        self.status_dialog = None
        if dialog.action_row is None:
            self.reload_notes()
            return
        # The status changed in its own transaction: keep the revision current so
        # that saving the form afterwards is not refused as stale.
        self.row = dialog.action_row
        self.revision = dialog.action_row.revision
        self.saved.emit(self.row.id)

    def open_source(self) -> None:
        if self._source is not None:
            self.open_requested.emit(*self._source)
