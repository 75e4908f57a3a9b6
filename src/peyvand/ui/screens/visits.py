"""هیئت‌ها: incoming and outgoing delegation visits, newest arrival first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from peyvand.domain.enums import Classification, Direction, VisitStatus
from peyvand.ui.forms.ui_visits import Ui_VisitsScreen
from peyvand.ui.screens.list_screen import ListScreen


class VisitsScreen(ListScreen):
    kind = "visits"
    entity = "visit"
    # «بستهٔ سفر…» on the selected visit (the main window opens the export dialog).
    trip_export_requested = Signal(object)  # the visit's uuid

    def setup_form(self) -> None:
        self.ui = Ui_VisitsScreen()
        self.ui.setupUi(self)
        ui = self.ui
        self.add_enum_filter(ui.direction_combo, self.tr("ورودی و خروجی"), Direction)
        self.add_enum_filter(ui.status_combo, self.tr("همه وضعیت‌ها"), VisitStatus)
        self.add_enum_filter(ui.classification_combo, self.tr("همه طبقه‌بندی‌ها"), Classification)

    def headers(self) -> dict[str, str]:
        return {
            "number": self.tr("شماره"),
            "title": self.tr("عنوان"),
            "direction": self.tr("نوع سفر"),
            "organization": self.tr("سازمان طرف"),
            "city": self.tr("شهر"),
            "arrival": self.tr("ورود"),
            "departure": self.tr("بازگشت"),
            "status": self.tr("وضعیت"),
            "classification": self.tr("طبقه‌بندی"),
        }

    def connect_filters(self) -> None:
        ui = self.ui
        # Packages are made in the office; a trip package cannot make another.
        ui.trip_button.setVisible(not self.context.trip_mode)
        ui.trip_button.clicked.connect(lambda: self.request_trip_export())  # noqa: PLW0108
        self.table_view.selectionModel().selectionChanged.connect(self._update_trip_button)
        self.model.modelReset.connect(self._update_trip_button)
        for combo in (ui.direction_combo, ui.status_combo, ui.classification_combo):
            combo.currentIndexChanged.connect(self.apply)
        for edit in (ui.arrival_from_edit, ui.arrival_to_edit):
            edit.line_edit.editingFinished.connect(self.apply)
            edit.changed.connect(self._on_date_picked)

    def _on_date_picked(self) -> None:
        # Typing is applied when the field is left; a day picked from the calendar at once.
        edits = (self.ui.arrival_from_edit, self.ui.arrival_to_edit)
        if not any(edit.line_edit.hasFocus() for edit in edits):
            self.apply()

    def show_filtered(self, filters: dict[str, Any]) -> None:
        """Arrivals in a range (a dashboard chart's month), every other filter cleared."""
        ui = self.ui
        for combo in (ui.direction_combo, ui.status_combo, ui.classification_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        ui.arrival_from_edit.set_value(filters.get("arrival_from"))
        ui.arrival_to_edit.set_value(filters.get("arrival_to"))
        self.apply()

    def filters(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "direction": ui.direction_combo.currentData(),
            "status": ui.status_combo.currentData(),
            "classification": ui.classification_combo.currentData(),
            "arrival_from": ui.arrival_from_edit.value(),
            "arrival_to": ui.arrival_to_edit.value(),
        }

    def selected_visit(self) -> Any:
        rows = self.table_view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _update_trip_button(self, *_args: object) -> None:
        from peyvand.ui.permissions import Act, gate

        account = self.context.account
        gate(
            self.ui.trip_button, account, Act.EXPORT_TRIP, enabled=self.selected_visit() is not None
        )

    def request_trip_export(self) -> None:
        visit = self.selected_visit()
        if visit is not None:
            self.trip_export_requested.emit(visit)
