"""تغییر وضعیت: a follow-up's status changes only with a progress note.

The same dialog adds a note without a status change («افزودن یادداشت»).
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from peyvand.domain import ActionNoteRow, ActionRow
from peyvand.domain.enums import ActionStatus
from peyvand.errors import PeyvandError, ValidationError
from peyvand.messages import enum_label
from peyvand.services import actions
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_status_dialog import Ui_StatusDialog


class StatusDialog(QDialog):
    """``status`` is the action's current status; ``note_only`` asks for a note alone.

    After acceptance ``action_row`` (a status change) or ``note_row`` (a note) holds
    what the service saved."""

    def __init__(
        self,
        context: AppContext,
        action_id: uuid.UUID,
        status: ActionStatus,
        parent: QWidget | None = None,
        *,
        note_only: bool = False,
        action_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.action_id = action_id
        self.note_only = note_only
        self.action_row: ActionRow | None = None
        self.note_row: ActionNoteRow | None = None
        self.ui = Ui_StatusDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.action_label.setText(action_title)
        ui.action_label.setVisible(bool(action_title))
        ui.current_status_label.setText(enum_label(status))
        ui.error_label.hide()
        members = list(ActionStatus)
        start = members.index(status) + 1
        for choice in members[start:] + members[:start]:
            if choice != status:
                ui.status_combo.addItem(enum_label(choice), choice.value)
        if note_only:
            self.setWindowTitle(self.tr("افزودن یادداشت پیشرفت"))
            ui.note_title_label.setText(self.tr("یادداشت"))
            for widget in (ui.status_title_label, ui.status_combo):
                widget.hide()
            ui.note_edit.setFocus()
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)

    def new_status(self) -> ActionStatus:
        return ActionStatus(self.ui.status_combo.currentData())

    def accept(self) -> None:
        text = self.ui.note_edit.toPlainText()
        db, clock = self.context.db, self.context.clock
        try:
            if self.note_only:
                self.note_row = actions.add_note(db, self.action_id, text, clock=clock)
            else:
                self.action_row = actions.change_status(
                    db, self.action_id, self.new_status(), text, clock=clock
                )
        except ValidationError as exc:
            self.show_error(exc.field, exc.message("fa"))
            return
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("ثبت نشد"), exc.message("fa"))
            return
        super().accept()

    def show_error(self, field: str | None, message: str) -> None:
        """The message right under the note (the status list has only valid choices)."""
        ui = self.ui
        ui.error_label.setText(message)
        ui.error_label.show()
        (ui.status_combo if field == "status" else ui.note_edit).setFocus()

    def error_text(self) -> str:
        return self.ui.error_label.text() if self.ui.error_label.isVisibleTo(self) else ""

    def reject(self) -> None:
        """A typed note is not thrown away without asking."""
        if self.ui.note_edit.toPlainText().strip():
            answer = QMessageBox.question(
                self,
                self.tr("یادداشت ثبت نشده"),
                self.tr("یادداشت نوشته‌شده ثبت نشده است. کنار گذاشته شود؟"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
