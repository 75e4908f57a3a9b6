"""همکاری: one partnership (sister city, MoU, friendship…) with its agreements, its last
contact and the dormant badge (کم‌فروغ), and the way into its relationship view.

Agreements belong to a saved partnership and are saved one at a time, each through
one ``records`` call, like attachments; the partnership's own fields are saved by the
editor's Save.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from peyvand.domain import Agreement, AgreementRow, Partnership
from peyvand.domain.enums import PartnershipKind, PartnershipStatus
from peyvand.domain.limits import SHORT_MAX, TITLE_MAX
from peyvand.errors import PeyvandError, ValidationError
from peyvand.messages import enum_label
from peyvand.services import partnerships, records
from peyvand.services.clock import today
from peyvand.services.partnerships import PartnershipView
from peyvand.text import format_jalali_date
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import (
    EditorDialog,
    buttons_in_order,
    set_tab_order,
    typed_date,
)
from peyvand.ui.forms.ui_partnership_editor import Ui_PartnershipEditor
from peyvand.ui.widgets.combo import select_data
from peyvand.ui.widgets.record_picker import RecordPicker

ID_ROLE = Qt.ItemDataRole.UserRole
EXPIRED = QColor("#6b7280")


def choose(combo: QComboBox, value: object) -> None:
    select_data(combo, value)
    line_edit = combo.lineEdit()
    if line_edit is not None:
        line_edit.setCursorPosition(0)  # a long label shows its beginning, not its end


def select_row(table: QTableWidget, row: int) -> None:
    """Select a whole row. (``QTableView.selectRow`` finds its column at the viewport's
    edge, which in a right-to-left table can be past the last section: nothing selected.)"""
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.selectionModel().setCurrentIndex(table.model().index(row, 0), flags)


def open_elsewhere(widget: QWidget, entity: str, record_id: object) -> bool:
    """Hand a record to the nearest window that opens records (the main window)."""
    parent = widget.parentWidget()
    while parent is not None:
        opener = getattr(parent, "open_record", None)
        if callable(opener):
            opener(entity, record_id)
            return True
        parent = parent.parentWidget()
    return False


def dispose_closed_editors(window: QWidget) -> None:
    """Delete the «جدید…» editors a picker opened on ``window`` once they are closed, so
    their named widgets never mix with ``window``'s own (drafts find widgets by name)."""
    for child in window.findChildren(EditorDialog, "", Qt.FindChildOption.FindDirectChildrenOnly):
        if child is not window and not child.isVisible():
            child.deleteLater()


class PartnershipEditor(EditorDialog):
    entity = "partnership"

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record_id, parent)
        self.ui = Ui_PartnershipEditor()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        self.organization_picker = RecordPicker(context, "organization", ui.organization_slot)
        self.organization_picker.setObjectName("organization_picker")
        slot_layout = ui.organization_slot.layout()
        assert slot_layout is not None  # the form gives the slot a layout
        slot_layout.addWidget(self.organization_picker)
        self.organization_picker.activated.connect(lambda _i: dispose_closed_editors(self))
        for kind in PartnershipKind:
            ui.kind_combo.addItem(enum_label(kind), kind.value)
        for status in PartnershipStatus:
            ui.status_combo.addItem(enum_label(status), status.value)
        for edit, limit in (
            (ui.partner_city_edit, SHORT_MAX),
            (ui.partner_city_en_edit, SHORT_MAX),
            (ui.partner_country_edit, SHORT_MAX),
            (ui.agreement_title_edit, TITLE_MAX),
        ):
            edit.setMaxLength(limit)
        self.watch(
            ui.partner_city_edit,
            ui.partner_city_en_edit,
            ui.partner_country_edit,
            self.organization_picker,
            ui.kind_combo,
            ui.status_combo,
            ui.ordinal_spin,
            ui.since_edit,
            ui.notes_edit,
        )
        self._setup_agreements()
        self.setup_buttons(ui.button_box)
        ui.history_button.clicked.connect(self.show_history)
        ui.relationship_button.clicked.connect(self.show_relationship)
        self.saved.connect(self._on_saved)
        self.agreements: list[AgreementRow] = []
        self._agreement_id: uuid.UUID | None = None
        self._agreement_pending = False
        ui.agreements_table.setTabKeyNavigation(False)
        set_tab_order(
            ui.relationship_button,
            ui.partner_city_edit,
            ui.partner_city_en_edit,
            ui.partner_country_edit,
            self.organization_picker,
            ui.kind_combo,
            ui.status_combo,
            ui.ordinal_spin,
            ui.since_edit,
            ui.notes_edit,
            ui.agreements_table,
            ui.agreement_title_edit,
            ui.agreement_summary_edit,
            ui.agreement_signed_edit,
            ui.agreement_expires_edit,
            ui.save_agreement_button,
            ui.new_agreement_button,
            ui.remove_agreement_button,
            ui.history_button,
            buttons_in_order(ui.button_box),
        )

    def _setup_agreements(self) -> None:
        ui = self.ui
        table = ui.agreements_table
        table.setColumnCount(4)
        table.setHorizontalHeaderLabels(
            [self.tr("عنوان"), self.tr("تاریخ امضا"), self.tr("تاریخ انقضا"), self.tr("خلاصه")]
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._on_agreement_selected)
        ui.new_agreement_button.clicked.connect(self.new_agreement)
        ui.save_agreement_button.clicked.connect(self.save_agreement)
        ui.remove_agreement_button.clicked.connect(self.remove_agreement)
        for edit in (ui.agreement_title_edit, ui.agreement_summary_edit):
            edit.textEdited.connect(self._mark_agreement_pending)
        for date_edit in (ui.agreement_signed_edit, ui.agreement_expires_edit):
            date_edit.changed.connect(self._mark_agreement_pending)

    # -- EditorDialog ---------------------------------------------------------

    def load(self) -> None:
        ui = self.ui
        if self.record_id is None:
            choose(ui.kind_combo, PartnershipKind.SISTER_CITY.value)
            choose(ui.status_combo, PartnershipStatus.ACTIVE.value)
            self._show_view(None)
            return
        view = self._view()
        row = view.row
        self.revision = row.revision
        ui.partner_city_edit.setText(row.partner_city)
        ui.partner_city_en_edit.setText(row.partner_city_en)
        ui.partner_country_edit.setText(row.partner_country)
        choose(self.organization_picker, row.organization_id)
        choose(ui.kind_combo, PartnershipKind(row.kind).value)
        choose(ui.status_combo, PartnershipStatus(row.status).value)
        ui.ordinal_spin.setValue(row.ordinal or 0)
        ui.since_edit.set_value(row.since)
        ui.notes_edit.setPlainText(row.notes)
        self._show_view(view)

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "partner_city": ui.partner_city_edit.text(),
            "partner_city_en": ui.partner_city_en_edit.text(),
            "partner_country": ui.partner_country_edit.text(),
            "organization_id": self.organization_picker.value(),
            "kind": PartnershipKind(ui.kind_combo.currentData()),
            "status": PartnershipStatus(ui.status_combo.currentData()),
            "ordinal": ui.ordinal_spin.value() or None,
            "since": typed_date(ui.since_edit, "since"),
            "notes": ui.notes_edit.toPlainText(),
        }

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        row = self.save_record(Partnership, values)
        record_id: uuid.UUID = row.id
        return record_id

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "partner_city": ui.partner_city_edit,
            "partner_city_en": ui.partner_city_en_edit,
            "partner_country": ui.partner_country_edit,
            "organization_id": ui.organization_slot,
            "kind": ui.kind_combo,
            "status": ui.status_combo,
            "ordinal": ui.ordinal_spin,
            "since": ui.since_edit,
            "notes": ui.notes_edit,
        }

    def draft_title(self) -> str:
        return self.ui.partner_city_edit.text() or self.tr("همکاری جدید")

    def draft_payload(self) -> dict[str, Any]:
        return {**super().draft_payload(), "ordinal": self.ui.ordinal_spin.value()}

    def restore_draft(self, payload: dict[str, Any]) -> None:
        super().restore_draft(payload)
        if isinstance(payload.get("ordinal"), int):
            self.ui.ordinal_spin.setValue(payload["ordinal"])
        self._agreement_pending = bool(self.ui.agreement_title_edit.text().strip())

    # -- the derived part: last contact, dormancy, agreements -----------------

    def _view(self) -> PartnershipView:
        assert self.record_id is not None
        return partnerships.get_view(
            self.context.db,
            self.record_id,
            months=self.context.settings.dormancy_months,
            clock=self.context.clock,
        )

    def _show_view(self, view: PartnershipView | None) -> None:
        ui = self.ui
        saved = view is not None
        if view is None:
            self.setWindowTitle(self.tr("همکاری جدید"))
            ui.title_label.setText(self.tr("همکاری جدید"))
            ui.last_contact_value_label.setText("—")
            ui.dormant_label.hide()
            self.agreements = []
        else:
            name = view.row.partner_city
            self.setWindowTitle(self.tr("همکاری: {name}").format(name=name))
            kind = enum_label(PartnershipKind(view.row.kind))
            ui.title_label.setText(self.tr("{kind} با {name}").format(kind=kind, name=name))
            last = view.last_contact
            ui.last_contact_value_label.setText(
                format_jalali_date(last) if last else self.tr("ثبت نشده")
            )
            ui.dormant_label.setVisible(view.dormant)
            self.agreements = list(view.agreements)
        for widget in (ui.history_button, ui.relationship_button, ui.agreements_group):
            widget.setEnabled(saved)
        ui.agreements_hint_label.setVisible(not saved)
        self._fill_agreements()
        self.new_agreement()

    def _on_saved(self, _record_id: object) -> None:
        self._show_view(self._view())

    def _fill_agreements(self, select: uuid.UUID | None = None) -> None:
        table = self.ui.agreements_table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(self.agreements))
        on = today(self.context.clock)
        for row, agreement in enumerate(self.agreements):
            expired = agreement.expires_on is not None and agreement.expires_on < on
            texts = (
                agreement.title,
                format_jalali_date(agreement.signed_on) if agreement.signed_on else "",
                format_jalali_date(agreement.expires_on) if agreement.expires_on else "",
                agreement.summary,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, agreement.id)
                item.setToolTip(text)
                if expired:
                    item.setForeground(QBrush(EXPIRED))
                    item.setToolTip(self.tr("منقضی شده: {text}").format(text=text))
                table.setItem(row, column, item)
        table.blockSignals(False)
        if select is not None:
            for row, agreement in enumerate(self.agreements):
                if agreement.id == select:
                    select_row(table, row)

    # -- agreements: one service call each -------------------------------------

    def _mark_agreement_pending(self, *_args: object) -> None:
        self._agreement_pending = True

    def _selected_agreement(self) -> AgreementRow | None:
        items = self.ui.agreements_table.selectedItems()
        if not items:
            return None
        chosen = items[0].data(ID_ROLE)
        return next((a for a in self.agreements if a.id == chosen), None)

    def _on_agreement_selected(self) -> None:
        agreement = self._selected_agreement()
        if agreement is not None:
            self._show_agreement(agreement)
        self.ui.remove_agreement_button.setEnabled(agreement is not None)

    def _show_agreement(self, agreement: AgreementRow | None) -> None:
        ui = self.ui
        self._agreement_id = agreement.id if agreement else None
        ui.agreement_title_edit.setText(agreement.title if agreement else "")
        ui.agreement_summary_edit.setText(agreement.summary if agreement else "")
        ui.agreement_signed_edit.set_value(agreement.signed_on if agreement else None)
        ui.agreement_expires_edit.set_value(agreement.expires_on if agreement else None)
        ui.agreement_error_label.clear()
        ui.save_agreement_button.setText(
            self.tr("ثبت تغییرات توافق‌نامه") if agreement else self.tr("افزودن توافق‌نامه")
        )
        self._agreement_pending = False

    def new_agreement(self) -> None:
        self.ui.agreements_table.clearSelection()
        self._show_agreement(None)
        self.ui.remove_agreement_button.setEnabled(False)

    def save_agreement(self) -> bool:
        """Add the agreement in the form, or save the changes to the selected one."""
        ui = self.ui
        if self.record_id is None:
            return False
        ui.agreement_error_label.clear()
        fields: dict[str, QWidget] = {
            "title": ui.agreement_title_edit,
            "summary": ui.agreement_summary_edit,
            "signed_on": ui.agreement_signed_edit,
            "expires_on": ui.agreement_expires_edit,
        }
        try:
            values = {
                "partnership_id": self.record_id,
                "title": ui.agreement_title_edit.text(),
                "summary": ui.agreement_summary_edit.text(),
                "signed_on": typed_date(ui.agreement_signed_edit, "signed_on"),
                "expires_on": typed_date(ui.agreement_expires_edit, "expires_on"),
            }
            current = next((a for a in self.agreements if a.id == self._agreement_id), None)
            if current is None:
                row: AgreementRow = records.create_row(self.context.db, Agreement, values)
            else:
                row = records.update_row(
                    self.context.db,
                    Agreement,
                    current.id,
                    values,
                    expected_revision=current.revision,
                )
        except ValidationError as exc:
            ui.agreement_error_label.setText(exc.message("fa"))
            widget = fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return False
        except PeyvandError as exc:
            ui.agreement_error_label.setText(exc.message("fa"))
            return False
        others = [a for a in self.agreements if a.id != row.id]
        self.agreements = sorted(
            [*others, row], key=lambda a: (a.signed_on is None, a.signed_on or dt.date.min)
        )
        self._fill_agreements(select=row.id)
        self._show_agreement(row)
        return True

    def remove_agreement(self) -> bool:
        agreement = self._selected_agreement()
        if agreement is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("حذف توافق‌نامه"),
            self.tr("توافق‌نامه «{title}» حذف شود؟").format(title=agreement.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            records.delete_row(self.context.db, Agreement, agreement.id)
        except PeyvandError as exc:
            self.ui.agreement_error_label.setText(exc.message("fa"))
            return False
        self.agreements = [a for a in self.agreements if a.id != agreement.id]
        self._fill_agreements()
        self.new_agreement()
        return True

    def _settle_agreement(self) -> bool:
        """An agreement typed but not yet added is not lost silently: ask."""
        if not self._agreement_pending or self.record_id is None:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("توافق‌نامه ثبت نشده"),
            self.tr("توافق‌نامه‌ای که در فرم نوشته‌اید ثبت نشده است. ثبت شود؟"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save_agreement()
        if answer == QMessageBox.StandardButton.Discard:
            self._agreement_pending = False
            return True
        return False

    def confirm_close(self) -> bool:
        return self._settle_agreement() and super().confirm_close()

    def accept(self) -> None:
        if self._settle_agreement():
            super().accept()

    # -- other windows --------------------------------------------------------

    def show_relationship(self) -> QWidget | None:
        from peyvand.ui.dialogs.relationship_view import RelationshipView

        if self.record_id is None:
            return None
        view = RelationshipView(self.context, partnership_id=self.record_id, parent=self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.open_requested.connect(lambda entity, ref: open_elsewhere(self, entity, ref))
        view.show()
        return view
