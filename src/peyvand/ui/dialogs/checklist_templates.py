"""الگوهای فهرست آمادگی (Settings): checklist templates and their items.

Each item: what, the unit responsible, the visit date its deadline counts from and how
many days before (negative) or after, its priority, and what the readiness view checks
it against. The offset is shown as people say it («۱۰ روز پیش از ورود») beside the
number. One template is saved at a time, items and all (services/checklists.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from peyvand.domain.enums import ChecklistCheck, DeadlineAnchor, Direction, Priority
from peyvand.domain.protocol import OFFSET_MAX_DAYS
from peyvand.errors import PeyvandError, ValidationError
from peyvand.messages import enum_label
from peyvand.services import checklists, choices
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_checklist_templates import Ui_ChecklistTemplatesDialog
from peyvand.ui.widgets.combo import select_data

# Columns of the items table.
TITLE, UNIT, ANCHOR, OFFSET, SAID, PRIORITY, CHECK = range(7)


class ChecklistTemplatesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_ChecklistTemplatesDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        self.template_id: uuid.UUID | None = None
        self.revision: int | None = None
        self.item_ids: list[uuid.UUID | None] = []
        self.dirty = False
        ui.direction_combo.addItem(self.tr("همه سفرها"), None)
        for direction in Direction:
            ui.direction_combo.addItem(enum_label(direction), direction.value)
        self.units = choices.units(context.db)
        table = ui.items_table
        table.setColumnCount(7)
        table.setHorizontalHeaderLabels(
            [
                self.tr("کار"),
                self.tr("واحد مسئول"),
                self.tr("مبنا"),
                self.tr("روز"),
                self.tr("مهلت"),
                self.tr("اولویت"),
                self.tr("بررسی با"),
            ]
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (UNIT, ANCHOR, OFFSET, SAID, PRIORITY, CHECK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        table.itemChanged.connect(self._mark)
        ui.name_edit.textEdited.connect(self._mark)
        ui.description_edit.textChanged.connect(self._mark)
        ui.direction_combo.currentIndexChanged.connect(self._mark)
        ui.high_level_check.toggled.connect(self._mark)
        ui.template_list.currentItemChanged.connect(self._on_select)
        ui.new_button.clicked.connect(lambda: self.new_template())  # noqa: PLW0108
        ui.delete_button.clicked.connect(lambda: self.delete_template())  # noqa: PLW0108
        ui.add_item_button.clicked.connect(lambda: self.add_item())  # noqa: PLW0108
        ui.remove_item_button.clicked.connect(lambda: self.remove_item())  # noqa: PLW0108
        ui.up_button.clicked.connect(lambda: self.move_item(-1))
        ui.down_button.clicked.connect(lambda: self.move_item(1))
        ui.save_button.clicked.connect(lambda: self.save())  # noqa: PLW0108
        ui.button_box.rejected.connect(self.reject)
        self.reload()

    # -- list -----------------------------------------------------------------

    def reload(self, select: uuid.UUID | None = None) -> None:
        ui = self.ui
        ui.template_list.blockSignals(True)
        ui.template_list.clear()
        for row in checklists.templates(self.context.db):
            item = QListWidgetItem(row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            ui.template_list.addItem(item)
        ui.template_list.blockSignals(False)
        target = select or self.template_id
        for index in range(ui.template_list.count()):
            if ui.template_list.item(index).data(Qt.ItemDataRole.UserRole) == target:
                ui.template_list.setCurrentRow(index)
                return
        if ui.template_list.count():
            ui.template_list.setCurrentRow(0)
        else:
            self.new_template()

    def _on_select(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        if self.dirty and not self._confirm_leave():
            self.ui.template_list.blockSignals(True)
            self.ui.template_list.setCurrentItem(previous)
            self.ui.template_list.blockSignals(False)
            return
        self.show_template(current.data(Qt.ItemDataRole.UserRole))

    def _confirm_leave(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("تغییرات ذخیره نشده"),
            self.tr("تغییرات این الگو ذخیره نشده است. ذخیره شود؟"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- one template ---------------------------------------------------------

    def show_template(self, template_id: uuid.UUID | None) -> None:
        ui = self.ui
        self._loading = True
        ui.items_table.setRowCount(0)
        self.item_ids = []
        if template_id is None:
            self.template_id = self.revision = None
            ui.name_edit.clear()
            ui.description_edit.clear()
            ui.direction_combo.setCurrentIndex(0)
            ui.high_level_check.setChecked(False)
        else:
            detail = checklists.template_detail(self.context.db, template_id)
            row = detail.row
            self.template_id, self.revision = row.id, row.revision
            ui.name_edit.setText(row.name)
            ui.description_edit.setPlainText(row.description)
            select_data(
                ui.direction_combo, Direction(row.direction).value if row.direction else None
            )
            ui.high_level_check.setChecked(row.high_level)
            for item in detail.items:
                self._append(item.row.model_dump(), item.row.id)
        self._loading = False
        self.dirty = False
        ui.error_label.hide()
        ui.delete_button.setEnabled(template_id is not None)

    def new_template(self) -> None:
        if self.dirty and not self._confirm_leave():
            return
        self.ui.template_list.clearSelection()
        self.show_template(None)
        self.ui.name_edit.setFocus()

    def _mark(self, *_args: Any) -> None:
        if not getattr(self, "_loading", False):
            self.dirty = True

    # -- items ----------------------------------------------------------------

    def _combo(self, values: list[tuple[str, Any]], current: Any) -> QComboBox:
        combo = QComboBox(self.ui.items_table)
        for text, data in values:
            combo.addItem(text, data)
        select_data(combo, current)
        combo.currentIndexChanged.connect(self._mark)
        return combo

    def _append(self, values: dict[str, Any], item_id: uuid.UUID | None = None) -> int:
        table = self.ui.items_table
        row = int(table.rowCount())
        table.insertRow(row)
        self.item_ids.append(item_id)
        table.setItem(row, TITLE, QTableWidgetItem(str(values.get("title", ""))))
        units = [(self.tr("—"), None), *((u.label, u.id) for u in self.units)]
        table.setCellWidget(row, UNIT, self._combo(units, values.get("unit_id")))
        anchors = [(enum_label(a), a.value) for a in DeadlineAnchor]
        anchor = DeadlineAnchor(values.get("anchor") or DeadlineAnchor.ARRIVAL).value
        anchor_combo = self._combo(anchors, anchor)
        table.setCellWidget(row, ANCHOR, anchor_combo)
        spin = QSpinBox(table)
        spin.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # «-10», not «10-»
        spin.setRange(-OFFSET_MAX_DAYS, OFFSET_MAX_DAYS)
        spin.setValue(int(values.get("offset_days") or 0))
        spin.setToolTip(self.tr("روز پس از مبنا؛ منفی یعنی پیش از آن"))
        table.setCellWidget(row, OFFSET, spin)
        said = QTableWidgetItem()
        said.setFlags(Qt.ItemFlag.ItemIsEnabled)
        table.setItem(row, SAID, said)
        priorities = [(enum_label(p), p.value) for p in Priority]
        priority = Priority(values.get("priority") or Priority.NORMAL).value
        table.setCellWidget(row, PRIORITY, self._combo(priorities, priority))
        checks = [(self.tr("—"), None), *((enum_label(c), c.value) for c in ChecklistCheck)]
        check = ChecklistCheck(values["check"]).value if values.get("check") else None
        table.setCellWidget(row, CHECK, self._combo(checks, check))

        def said_text() -> None:
            said.setText(
                checklists.offset_text(DeadlineAnchor(anchor_combo.currentData()), spin.value())
            )

        spin.valueChanged.connect(said_text)
        spin.valueChanged.connect(self._mark)
        anchor_combo.currentIndexChanged.connect(said_text)
        said_text()
        return row

    def add_item(self) -> None:
        row = self._append({"title": "", "offset_days": -7})
        self.dirty = True
        table = self.ui.items_table
        table.setCurrentCell(row, TITLE)
        table.editItem(table.item(row, TITLE))

    def remove_item(self) -> None:
        table = self.ui.items_table
        row = table.currentRow()
        if row < 0:
            return
        table.removeRow(row)
        del self.item_ids[row]
        self.dirty = True

    def _row_values(self, row: int) -> dict[str, Any]:
        table = self.ui.items_table
        title = table.item(row, TITLE)
        spin = table.cellWidget(row, OFFSET)
        assert isinstance(spin, QSpinBox)

        def data(column: int) -> Any:
            widget = table.cellWidget(row, column)
            return widget.currentData() if isinstance(widget, QComboBox) else None

        values: dict[str, Any] = {
            "title": title.text() if title is not None else "",
            "unit_id": data(UNIT),
            "anchor": DeadlineAnchor(data(ANCHOR)),
            "offset_days": spin.value(),
            "priority": Priority(data(PRIORITY)),
            "check": ChecklistCheck(data(CHECK)) if data(CHECK) else None,
        }
        return values

    def move_item(self, step: int) -> None:
        table = self.ui.items_table
        row = table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < table.rowCount():
            return
        rows = [self._row_values(r) for r in range(table.rowCount())]
        ids = list(self.item_ids)
        rows[row], rows[target] = rows[target], rows[row]
        ids[row], ids[target] = ids[target], ids[row]
        self._loading = True
        table.setRowCount(0)
        self.item_ids = []
        for values, item_id in zip(rows, ids, strict=True):
            self._append(values, item_id)
        self._loading = False
        self.dirty = True
        table.setCurrentCell(target, TITLE)

    # -- saving ---------------------------------------------------------------

    def collect(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        ui = self.ui
        direction = ui.direction_combo.currentData()
        values = {
            "name": ui.name_edit.text(),
            "direction": Direction(direction) if direction else None,
            "high_level": ui.high_level_check.isChecked(),
            "description": ui.description_edit.toPlainText(),
        }
        items = []
        for row in range(ui.items_table.rowCount()):
            item = self._row_values(row)
            if self.item_ids[row] is not None:
                item["id"] = self.item_ids[row]
            items.append(item)
        return values, items

    def save(self) -> bool:
        ui = self.ui
        ui.error_label.hide()
        values, items = self.collect()
        try:
            detail = checklists.save_template(
                self.context.db,
                self.template_id,
                values,
                items,
                expected_revision=self.revision,
            )
        except ValidationError as exc:
            where = ""
            if exc.params.get("part") == "items":
                number = to_persian_digits(int(exc.params.get("index", 0)) + 1)
                where = self.tr("بند {n}: ").format(n=number)
            ui.error_label.setText(where + exc.message("fa"))
            ui.error_label.show()
            return False
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("الگو ذخیره نشد"), exc.message("fa"))
            return False
        self.dirty = False
        self.template_id = detail.row.id
        self.reload(select=detail.row.id)
        return True

    def delete_template(self) -> None:
        if self.template_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("حذف الگو"),
            self.tr(
                "الگوی «{name}» حذف شود؟ پیگیری‌هایی که پیش‌تر از آن ساخته شده‌اند، "
                "با هیئت‌هایشان می‌مانند."
            ).format(name=self.ui.name_edit.text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        checklists.delete_template(self.context.db, self.template_id)
        self.template_id = None
        self.dirty = False
        self.reload()

    def reject(self) -> None:
        if self.dirty and not self._confirm_leave():
            return
        super().reject()
