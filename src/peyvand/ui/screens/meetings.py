"""جلسات: every meeting, newest first; filter by date range, classification and kind."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from peyvand.domain.enums import Classification, MeetingKind
from peyvand.ui.forms.ui_meetings import Ui_MeetingsScreen
from peyvand.ui.screens.list_screen import ListScreen


class MeetingsScreen(ListScreen):
    kind = "meetings"
    entity = "meeting"
    # «پیش‌نویس خبر…» on the selected meeting (the main window drafts it).
    news_requested = Signal(object)  # the meeting's uuid

    def setup_form(self) -> None:
        self.ui = Ui_MeetingsScreen()
        self.ui.setupUi(self)
        ui = self.ui
        self.add_enum_filter(ui.kind_combo, self.tr("همه انواع"), MeetingKind)
        self.add_enum_filter(ui.classification_combo, self.tr("همه طبقه‌بندی‌ها"), Classification)

    def headers(self) -> dict[str, str]:
        return {
            "number": self.tr("شماره"),
            "date": self.tr("تاریخ"),
            "start_time": self.tr("ساعت"),
            "title": self.tr("عنوان"),
            "place": self.tr("محل"),
            "kind": self.tr("نوع"),
            "classification": self.tr("طبقه‌بندی"),
            "is_final": self.tr("نهایی"),
        }

    def connect_filters(self) -> None:
        ui = self.ui
        ui.news_button.clicked.connect(self.request_news)
        self.table_view.selectionModel().selectionChanged.connect(self._update_news_button)
        self.model.modelReset.connect(self._update_news_button)
        self._update_news_button()
        for combo in (ui.kind_combo, ui.classification_combo):
            combo.currentIndexChanged.connect(self.apply)
        for edit in (ui.date_from_edit, ui.date_to_edit):
            edit.line_edit.editingFinished.connect(self.apply)
            # A day picked from the calendar finishes no editing; typing is applied on
            # Enter or leaving the field, not at every keystroke of a half-typed date.
            edit.changed.connect(lambda e=edit: None if e.line_edit.hasFocus() else self.apply())

    def filters(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "kind": ui.kind_combo.currentData(),
            "classification": ui.classification_combo.currentData(),
            "date_from": ui.date_from_edit.value(),
            "date_to": ui.date_to_edit.value(),
        }

    def selected_meeting(self) -> Any:
        rows = self.table_view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def _update_news_button(self, *_args: object) -> None:
        self.ui.news_button.setEnabled(self.selected_meeting() is not None)

    def request_news(self) -> None:
        meeting = self.selected_meeting()
        if meeting is not None:
            self.news_requested.emit(meeting)
