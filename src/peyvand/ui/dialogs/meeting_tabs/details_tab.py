"""مشخصات جلسه: title, date and time, place, kind, classification, visit, counterpart,
summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from peyvand.domain import MeetingRow
from peyvand.domain.enums import Classification, MeetingKind
from peyvand.services import minutes
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import typed_date, typed_time
from peyvand.ui.dialogs.meeting_tabs.entries import fill_enum
from peyvand.ui.forms.ui_meeting_details_tab import Ui_MeetingDetailsTab
from peyvand.ui.widgets.combo import find_data, select_data
from peyvand.ui.widgets.record_picker import RecordPicker


class DetailsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_MeetingDetailsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.organization_picker = RecordPicker(context, "organization", ui.organization_container)
        self.organization_picker.setObjectName("organization_picker")
        ui.organization_layout.addWidget(self.organization_picker)
        fill_enum(ui.kind_combo, MeetingKind)
        fill_enum(ui.classification_combo, Classification)
        ui.visit_combo.addItem(self.tr("— بدون هیئت —"), None)
        for visit in minutes.visits(context.db):
            number = to_persian_digits(visit.detail)
            ui.visit_combo.addItem(f"{number} — {visit.label}", visit.id)

    def watched(self) -> tuple[QWidget, ...]:
        ui = self.ui
        return (
            ui.title_edit,
            ui.date_edit,
            ui.start_time_edit,
            ui.end_time_edit,
            ui.place_edit,
            ui.kind_combo,
            ui.classification_combo,
            ui.visit_combo,
            self.organization_picker,
            ui.summary_edit,
        )

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        return [
            ui.title_edit,
            ui.date_edit,
            ui.start_time_edit,
            ui.end_time_edit,
            ui.place_edit,
            ui.kind_combo,
            ui.classification_combo,
            ui.visit_combo,
            self.organization_picker,
            ui.summary_edit,
        ]

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "title": ui.title_edit,
            "date": ui.date_edit,
            "start_time": ui.start_time_edit,
            "end_time": ui.end_time_edit,
            "place": ui.place_edit,
            "kind": ui.kind_combo,
            "classification": ui.classification_combo,
            "visit_id": ui.visit_combo,
            "organization_id": ui.organization_container,
            "summary": ui.summary_edit,
        }

    def header(self) -> dict[str, Any]:
        """The meeting's own fields as typed; a bad date or time is a ValidationError."""
        ui = self.ui
        return {
            "title": ui.title_edit.text(),
            "date": typed_date(ui.date_edit, "date"),
            "start_time": typed_time(ui.start_time_edit, "start_time"),
            "end_time": typed_time(ui.end_time_edit, "end_time"),
            "place": ui.place_edit.text(),
            "kind": ui.kind_combo.currentData(),
            "classification": ui.classification_combo.currentData(),
            "visit_id": ui.visit_combo.currentData(),
            "organization_id": self.organization_picker.value(),
            "summary": ui.summary_edit.toPlainText(),
        }

    def show_meeting(self, meeting: MeetingRow) -> None:
        ui = self.ui
        ui.title_edit.setText(meeting.title)
        ui.date_edit.set_value(meeting.date)
        ui.start_time_edit.set_value(meeting.start_time)
        ui.end_time_edit.set_value(meeting.end_time)
        ui.place_edit.setText(meeting.place)
        select_data(ui.kind_combo, meeting.kind)
        select_data(ui.classification_combo, meeting.classification)
        if meeting.visit_id is not None and find_data(ui.visit_combo, meeting.visit_id) < 0:
            ui.visit_combo.addItem(self.tr("هیئت پیوندشده"), meeting.visit_id)
        select_data(ui.visit_combo, meeting.visit_id)
        select_data(self.organization_picker, meeting.organization_id)
        ui.summary_edit.setPlainText(meeting.summary)

    def set_locked(self, locked: bool) -> None:
        ui = self.ui
        for line in (
            ui.title_edit,
            ui.start_time_edit,
            ui.end_time_edit,
            ui.place_edit,
            ui.date_edit.line_edit,
        ):
            line.setReadOnly(locked)
        ui.summary_edit.setReadOnly(locked)
        ui.date_edit.button.setEnabled(not locked)
        for widget in (
            ui.kind_combo,
            ui.classification_combo,
            ui.visit_combo,
            self.organization_picker,
        ):
            widget.setEnabled(not locked)
