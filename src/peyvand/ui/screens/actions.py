"""پیگیری‌ها: every follow-up, overdue in red, due within 7 days in amber, done grey."""

from __future__ import annotations

import uuid
from typing import Any

from peyvand.domain.enums import ActionStatus
from peyvand.services import choices
from peyvand.text import format_jalali_date
from peyvand.ui.forms.ui_actions import Ui_ActionsScreen
from peyvand.ui.screens.list_screen import ListScreen

# Matches no row: "mine" before Settings names who "I" am shows nothing, not everything.
NOBODY = uuid.UUID(int=0)
OPEN_STATUSES = [ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value]


class ActionsScreen(ListScreen):
    kind = "actions"
    entity = "action"

    def setup_form(self) -> None:
        self.ui = Ui_ActionsScreen()
        self.ui.setupUi(self)
        ui = self.ui
        # «همه پیگیری‌ها», not a bare «همه»: the combo has no label of its own.
        ui.scope_combo.addItem(self.tr("همه پیگیری‌ها"), "all")
        ui.scope_combo.addItem(self.tr("کارهای من"), "mine")
        ui.scope_combo.addItem(self.tr("کارهای واحد من"), "unit")
        ui.status_combo.addItem(self.tr("باز و در جریان"), OPEN_STATUSES)
        self.add_enum_filter(ui.status_combo, self.tr("همه وضعیت‌ها"), ActionStatus)
        ui.state_combo.addItem(self.tr("همه مهلت‌ها"), "")
        ui.state_combo.addItem(self.tr("عقب‌افتاده"), "overdue")
        ui.state_combo.addItem(self.tr("سررسید تا ۷ روز"), "due_soon")
        ui.unit_combo.addItem(self.tr("همه واحدها"), None)
        for unit in choices.units(self.context.db):
            ui.unit_combo.addItem(unit.label, unit.id)

    def print_report(self) -> None:
        """The follow-up report for what the filters show now, previewed before printing."""
        from peyvand import briefs
        from peyvand.domain.enums import ActionStatus as Status
        from peyvand.ui.printing import preview_pdf

        filters = self.filters()
        statuses = [Status(s) for s in filters["status"]] if filters.get("status") else None
        db, settings, clock = self.context.db, self.context.settings, self.context.clock

        def make(progress: Any) -> bytes:
            return briefs.actions_report(
                db,
                None,
                settings,
                overdue_only=filters.get("state") == "overdue",
                unit=filters.get("unit_id"),
                status=statuses,
                due_from=filters.get("due_from"),
                due_to=filters.get("due_to"),
                progress=progress,
                clock=clock,
            )

        from peyvand.services.clock import today
        from peyvand.ui.file_dialogs import file_name

        title = self.tr("گزارش پیگیری‌ها")
        day = format_jalali_date(today(clock), persian_digits=False).replace("/", "-")
        preview_pdf(self, title, file_name(title, day), make, trip=self.context.trip_mode)

    def headers(self) -> dict[str, str]:
        return {
            "number": self.tr("شماره"),
            "title": self.tr("عنوان"),
            "owner": self.tr("مسئول"),
            "unit": self.tr("واحد"),
            "due_date": self.tr("مهلت"),
            "priority": self.tr("اولویت"),
            "status": self.tr("وضعیت"),
        }

    def connect_filters(self) -> None:
        ui = self.ui
        ui.print_button.clicked.connect(self.print_report)
        for combo in (ui.scope_combo, ui.status_combo, ui.state_combo, ui.unit_combo):
            combo.currentIndexChanged.connect(self.apply)
        for edit in (ui.due_from_edit, ui.due_to_edit):
            edit.line_edit.editingFinished.connect(self.apply)

    def show_filtered(self, filters: dict[str, Any]) -> None:
        """Set the filters (a dashboard chart's bar: scope, status, state, due range;
        «کارهای من»: scope and ``open``) and show the list they give."""
        from peyvand.ui.widgets.combo import select_data

        ui = self.ui
        combos = (ui.scope_combo, ui.status_combo, ui.state_combo, ui.unit_combo)
        for combo in combos:
            combo.blockSignals(True)
        select_data(ui.scope_combo, filters.get("scope", "all"))
        status = filters.get("status")
        wanted = [ActionStatus(status).value] if status else None
        if filters.get("open"):
            wanted = OPEN_STATUSES
        for index in range(ui.status_combo.count()):
            if ui.status_combo.itemData(index) == wanted:
                ui.status_combo.setCurrentIndex(index)
                break
        select_data(ui.state_combo, filters.get("state", ""))
        ui.unit_combo.setCurrentIndex(0)  # «همه واحدها»: the scope decides
        ui.due_from_edit.set_value(filters.get("due_from"))
        ui.due_to_edit.set_value(filters.get("due_to"))
        for combo in combos:
            combo.blockSignals(False)
        self.apply()

    def filters(self) -> dict[str, Any]:
        ui = self.ui
        result: dict[str, Any] = {
            "status": ui.status_combo.currentData(),
            "state": ui.state_combo.currentData(),
            "unit_id": ui.unit_combo.currentData(),
            "due_from": ui.due_from_edit.value(),
            "due_to": ui.due_to_edit.value(),
        }
        scope = ui.scope_combo.currentData()
        # The signed-in person and unit (office mode: the login's link; a workstation:
        # Settings).
        if scope == "mine":
            result["owner_person_id"] = self.context.my_person_id or NOBODY
        elif scope == "unit":
            result["unit_id"] = self.context.my_unit_id or NOBODY
        return result
