"""شرکت‌کنندگان: who took part, on which side, in which role, present or not."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QComboBox, QTableWidgetItem, QWidget

from peyvand.domain.enums import Attendance, ParticipantRole, Side
from peyvand.services import minutes
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_tabs.base import MinutesTab
from peyvand.ui.dialogs.meeting_tabs.entries import (
    ParticipantEntry,
    fill_enum,
    moved,
    setup_table,
)
from peyvand.ui.forms.ui_meeting_participants_tab import Ui_MeetingParticipantsTab
from peyvand.ui.widgets.combo import select_data
from peyvand.ui.widgets.record_picker import RecordPicker

# Columns of the table whose cells are combo boxes: (column, enum, entry attribute).
ENUM_CELLS: tuple[tuple[int, type[Enum], str], ...] = (
    (2, Side, "side"),
    (3, ParticipantRole, "role"),
    (4, Attendance, "attendance"),
)


def person_detail(title: str, organization: str) -> str:
    return "، ".join(part for part in (title, organization) if part)


class ParticipantsTab(MinutesTab):
    def __init__(
        self,
        context: AppContext,
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, is_loading, parent)
        self.ui = Ui_MeetingParticipantsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.entries: list[ParticipantEntry] = []
        self.picker = RecordPicker(context, "person", ui.participant_picker_container)
        self.picker.setObjectName("participant_picker")
        self.picker.setToolTip(self.tr("نام را بنویسید و از فهرست برگزینید"))
        ui.participant_picker_layout.addWidget(self.picker)
        fill_enum(ui.side_combo, Side)
        fill_enum(ui.role_combo, ParticipantRole)
        select_data(ui.role_combo, ParticipantRole.MEMBER)
        fill_enum(ui.attendance_combo, Attendance)
        setup_table(
            ui.participants_table,
            [
                self.tr("نام"),
                self.tr("سمت و سازمان"),
                self.tr("طرف"),
                self.tr("نقش"),
                self.tr("حضور"),
            ],
            stretch=1,
        )
        self.no_default_buttons()
        ui.add_participant_button.clicked.connect(self.add_participant)
        line = self.picker.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.add_participant)
        ui.remove_participant_button.clicked.connect(self.remove_participant)
        ui.participant_up_button.clicked.connect(lambda: self.move_row(-1))
        ui.participant_down_button.clicked.connect(lambda: self.move_row(1))
        self.picker.value_changed.connect(self._person_chosen)

    def _person_chosen(self, person_id: uuid.UUID | None) -> None:
        """The side follows the person (our staff host, others are guests); it can
        still be changed before adding."""
        if person_id is not None and not self.is_loading():
            select_data(self.ui.side_combo, minutes.default_side(self.context.db, person_id))

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        table = ui.participants_table
        return [
            table,
            *self.cells(table, tuple(column for column, _enum, _name in ENUM_CELLS)),
            ui.participant_up_button,
            ui.participant_down_button,
            ui.remove_participant_button,
            self.picker,
            ui.side_combo,
            ui.role_combo,
            ui.attendance_combo,
            ui.add_participant_button,
        ]

    def set_entries(self, entries: list[ParticipantEntry]) -> None:
        self.entries = entries
        self.redraw()

    def add_participant(self) -> None:
        ui = self.ui
        person_id = self.picker.value()
        if person_id is None:
            if self.picker.currentText().strip():
                self.error.emit(None, self.tr("شخص را از فهرست برگزینید یا «جدید…» را بزنید."))
            self.picker.setFocus()
            return
        for row, existing in enumerate(self.entries):
            if existing.person_id == person_id:
                ui.participants_table.setCurrentCell(row, 0)
                self.picker.set_value(None)
                return
        card = minutes.person_card(self.context.db, person_id)
        self.entries.append(
            ParticipantEntry(
                person_id=person_id,
                name=card.name,
                detail=person_detail(card.title, card.organization),
                side=Side(ui.side_combo.currentData()),
                role=ParticipantRole(ui.role_combo.currentData()),
                attendance=Attendance(ui.attendance_combo.currentData()),
            )
        )
        self.errors_cleared.emit()
        self._changed(len(self.entries) - 1)
        self.picker.set_value(None)
        select_data(ui.role_combo, ParticipantRole.MEMBER)
        self.picker.setFocus()

    def remove_participant(self) -> None:
        row = self.ui.participants_table.currentRow()
        if 0 <= row < len(self.entries):
            del self.entries[row]
            self._changed(min(row, len(self.entries) - 1))

    def move_row(self, step: int) -> None:
        target = moved(self.entries, self.ui.participants_table.currentRow(), step)
        if target is not None:
            self._changed(target)

    def flush(self) -> None:
        """A person chosen in the entry row but not yet added is added."""
        if self.picker.value() is not None:
            self.add_participant()

    def _changed(self, select: int) -> None:
        self.redraw()
        if select >= 0:
            self.ui.participants_table.setCurrentCell(select, 0)
        self.rows_changed.emit()
        self.changed()

    def redraw(self) -> None:
        table = self.ui.participants_table
        table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            table.setItem(row, 0, QTableWidgetItem(entry.name))
            table.setItem(row, 1, QTableWidgetItem(entry.detail))
            for column, enum, name in ENUM_CELLS:
                combo = QComboBox(table)
                fill_enum(combo, enum)
                select_data(combo, getattr(entry, name))
                combo.setEnabled(not self.locked)
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, e=entry, n=name, t=enum: self._cell_changed(c, e, n, t)
                )
                table.setCellWidget(row, column, combo)

    def _cell_changed(
        self, combo: QComboBox, entry: ParticipantEntry, name: str, enum: type[Enum]
    ) -> None:
        setattr(entry, name, enum(combo.currentData()))
        self.changed()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        ui = self.ui
        for widget in (
            ui.participant_group,
            ui.participant_up_button,
            ui.participant_down_button,
            ui.remove_participant_button,
        ):
            widget.setEnabled(not locked)
        for row in range(ui.participants_table.rowCount()):
            for column, _enum, _name in ENUM_CELLS:
                cell = ui.participants_table.cellWidget(row, column)
                if cell is not None:
                    cell.setEnabled(not locked)
