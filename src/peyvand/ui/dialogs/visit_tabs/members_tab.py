"""اعضا: the members of the delegation and our hosts, each with a side and a role."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHeaderView, QLineEdit, QWidget

from peyvand.domain.enums import Side
from peyvand.domain.limits import SHORT_MAX
from peyvand.messages import enum_label
from peyvand.services import minutes
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.partnership_editor import choose, dispose_closed_editors, select_row
from peyvand.ui.dialogs.visit_tabs.base import VisitTab, selected_row
from peyvand.ui.dialogs.visit_tabs.rows import MEMBER_COLUMNS, MemberWidgets
from peyvand.ui.forms.ui_visit_members_tab import Ui_VisitMembersTab
from peyvand.ui.widgets.folding import folding_word_completer
from peyvand.ui.widgets.record_picker import RecordPicker


def table_defaults(table: Any) -> None:
    table.setSelectionBehavior(table.SelectionBehavior.SelectRows)
    table.setSelectionMode(table.SelectionMode.SingleSelection)
    table.setEditTriggers(table.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(38)
    # Tab leaves the table (its cells' fields come next); arrows move between rows.
    table.setTabKeyNavigation(False)


class MembersTab(VisitTab):
    head_changed = Signal(str)  # the head of the delegation, for the header ("" if none)
    rows_changed = Signal()  # a row added or removed: the Tab order follows

    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, watch, is_loading, parent)
        self.ui = Ui_VisitMembersTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.members: list[MemberWidgets] = []
        table = ui.members_table
        table.setColumnCount(len(MEMBER_COLUMNS))
        table.setHorizontalHeaderLabels(
            [self.tr("شخص"), self.tr("طرف"), self.tr("نقش"), self.tr("سرپرست هیئت")]
        )
        table_defaults(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 380)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 110)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        ui.add_member_button.clicked.connect(self.add_member)
        ui.remove_member_button.clicked.connect(self.remove_member)

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        cells = [cell for member in self.members for cell in member.cells()]
        return [ui.members_table, *cells, ui.add_member_button, ui.remove_member_button]

    def clear(self) -> None:
        self.ui.members_table.setRowCount(0)
        self.members.clear()

    def add_row(
        self,
        row_id: uuid.UUID | None,
        person_id: uuid.UUID | None = None,
        side: Side = Side.GUEST,
        role: str = "",
        is_head: bool = False,
    ) -> MemberWidgets:
        table = self.ui.members_table
        row = table.rowCount()
        table.insertRow(row)
        person = RecordPicker(self.context, "person", table)
        choose(person, person_id)
        person.activated.connect(lambda _i: dispose_closed_editors(self.window()))
        side_combo = QComboBox(table)
        for value in Side:
            side_combo.addItem(enum_label(value), value.value)
        choose(side_combo, side.value)
        role_edit = QLineEdit(role, table)
        role_edit.setMaxLength(SHORT_MAX)
        role_edit.setCursorPosition(0)
        role_edit.setPlaceholderText(self.tr("مثلاً رئیس هیئت"))
        role_edit.setCompleter(folding_word_completer(self._role_suggestions(), role_edit))
        head = QCheckBox(self.tr("سرپرست"), table)
        head.setChecked(is_head)
        widgets = MemberWidgets(row_id, person, side_combo, role_edit, head)
        for column, widget in enumerate(widgets.cells()):
            table.setCellWidget(row, column, widget)
        self.members.append(widgets)
        self.watch(person, side_combo, role_edit, head)
        self.track_focus(person, side_combo, role_edit, head)
        head.toggled.connect(lambda _checked: self.show_head())
        person.value_changed.connect(lambda value: self._person_chosen(widgets, value))
        self.rows_changed.emit()
        return widgets

    def _person_chosen(self, widgets: MemberWidgets, person_id: uuid.UUID | None) -> None:
        """The side follows the person: our staff host, anyone else is a guest."""
        if person_id is not None and not self.is_loading():
            side = minutes.default_side(self.context.db, person_id)
            choose(widgets.side, side.value)

    def _role_suggestions(self) -> list[str]:
        return [
            self.tr("رئیس هیئت"),
            self.tr("عضو هیئت"),
            self.tr("میزبان"),
            self.tr("هماهنگ‌کننده"),
            self.tr("مترجم"),
            self.tr("کارشناس همراه"),
            self.tr("عکاس و خبرنگار"),
        ]

    def show_head(self) -> None:
        heads = [m.person.currentText().split(" — ")[0] for m in self.members if m.head.isChecked()]
        self.head_changed.emit("، ".join(heads))

    def add_member(self) -> MemberWidgets:
        widgets = self.add_row(None)
        select_row(self.ui.members_table, len(self.members) - 1)
        widgets.person.setFocus()
        self.window_dirty()
        return widgets

    def remove_member(self) -> None:
        row = selected_row(self.ui.members_table)
        if 0 <= row < len(self.members):
            self.ui.members_table.removeRow(row)
            del self.members[row]
            self.window_dirty()
            self.show_head()
            self.rows_changed.emit()

    def window_dirty(self) -> None:
        self.edited.emit()

    def values(self) -> list[dict[str, Any]]:
        return [
            {
                "id": m.id,
                "person_id": m.person.value(),
                "side": Side(m.side.currentData()),
                "role": m.role.text(),
                "is_head": m.head.isChecked(),
            }
            for m in self.members
        ]

    def select_row_of(self, widget: QWidget) -> None:
        for index, member in enumerate(self.members):
            if any(cell is widget or cell.isAncestorOf(widget) for cell in member.cells()):
                if selected_row(self.ui.members_table) != index:
                    select_row(self.ui.members_table, index)
                return
