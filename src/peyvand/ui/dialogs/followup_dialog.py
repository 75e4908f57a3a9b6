"""ایجاد پیگیری: a small action form, prefilled from a decision, saved in one step."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QWidget

from peyvand.domain import ActionRow
from peyvand.domain.enums import Priority
from peyvand.messages import enum_label
from peyvand.services import actions, minutes
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import (
    EditorDialog,
    buttons_in_order,
    set_tab_order,
    typed_date,
)
from peyvand.ui.forms.ui_followup_dialog import Ui_FollowupDialog
from peyvand.ui.widgets.combo import select_data
from peyvand.ui.widgets.record_picker import RecordPicker


class FollowupDialog(EditorDialog):
    """Opened from a decision of the minutes; ``created`` is the new action once saved."""

    entity = "action"

    def __init__(
        self,
        context: AppContext,
        decision_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        decision_number: int | None = None,
    ) -> None:
        super().__init__(context, None, parent)
        self.decision_id = decision_id
        self.created: ActionRow | None = None
        self.ui = Ui_FollowupDialog()
        self.ui.setupUi(self)
        ui = self.ui
        if decision_number is not None:
            self.setWindowTitle(
                self.tr("ایجاد پیگیری از مصوبه {n}").format(n=to_persian_digits(decision_number))
            )
        self.owner_picker = RecordPicker(context, "person", ui.followup_owner_container)
        self.owner_picker.setObjectName("followup_owner_picker")
        ui.followup_owner_layout.addWidget(self.owner_picker)
        self.unit_picker = RecordPicker(context, "unit", ui.followup_unit_container)
        self.unit_picker.setObjectName("followup_unit_picker")
        ui.followup_unit_layout.addWidget(self.unit_picker)
        for priority in Priority:
            ui.followup_priority_combo.addItem(enum_label(priority), priority)
        ui.error_label.hide()
        self.setup_buttons(ui.button_box, create=self.tr("ایجاد پیگیری"))
        set_tab_order(
            ui.followup_title_edit,
            ui.followup_description_edit,
            self.owner_picker,
            self.unit_picker,
            ui.followup_due_edit,
            ui.followup_priority_combo,
            buttons_in_order(ui.button_box),
        )
        self.watch(
            ui.followup_title_edit,
            ui.followup_description_edit,
            ui.followup_due_edit,
            ui.followup_priority_combo,
            self.owner_picker,
            self.unit_picker,
        )

    # -- EditorDialog ---------------------------------------------------------

    def save_from_keyboard(self) -> None:
        """Ctrl+S creates the follow-up and closes (saving twice would make two)."""
        self.accept()

    def draft_key(self) -> str:
        return f"action:decision:{self.decision_id}"

    def load(self) -> None:
        draft = minutes.followup_draft(self.context.db, self.decision_id)
        ui = self.ui
        ui.source_label.setText(
            self.tr("مصوبه: {text}").format(text=draft.get("description") or "")
        )
        ui.followup_title_edit.setText(str(draft.get("title") or ""))
        ui.followup_title_edit.setCursorPosition(0)  # show the start of a long title
        ui.followup_description_edit.setPlainText(str(draft.get("description") or ""))
        select_data(self.owner_picker, draft.get("owner_person_id"))
        select_data(self.unit_picker, draft.get("unit_id"))
        ui.followup_due_edit.set_value(draft.get("due_date"))
        select_data(ui.followup_priority_combo, Priority.NORMAL)
        ui.followup_title_edit.setFocus()

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "title": ui.followup_title_edit.text(),
            "description": ui.followup_description_edit.toPlainText(),
            "owner_person_id": self.owner_picker.value(),
            "unit_id": self.unit_picker.value(),
            "due_date": typed_date(ui.followup_due_edit, "due_date"),
            "priority": ui.followup_priority_combo.currentData(),
        }

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        self.created = actions.action_from_decision(
            self.context.db, self.decision_id, values, clock=self.context.clock
        )
        return self.created.id

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "title": ui.followup_title_edit,
            "description": ui.followup_description_edit,
            "owner_person_id": ui.followup_owner_container,
            "unit_id": ui.followup_unit_container,
            "due_date": ui.followup_due_edit,
            "priority": ui.followup_priority_combo,
        }

    def clear_errors(self) -> None:
        super().clear_errors()
        self.ui.error_label.hide()
