"""سازمان: one organization — a municipality, ministry, embassy, university, …"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QWidget

from peyvand.domain import Organization, OrganizationRow
from peyvand.domain.enums import OrgKind
from peyvand.domain.limits import NAME_MAX, SHORT_MAX, TITLE_MAX
from peyvand.messages import enum_label
from peyvand.services import records
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import EditorDialog, buttons_in_order, set_tab_order
from peyvand.ui.forms.ui_organization_editor import Ui_OrganizationEditor


class OrganizationEditor(EditorDialog):
    entity = "organization"

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record_id, parent)
        self.ui = Ui_OrganizationEditor()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        for kind in OrgKind:
            ui.kind_combo.addItem(enum_label(kind), kind.value)
        for edit, limit in (
            (ui.name_edit, NAME_MAX),
            (ui.name_en_edit, NAME_MAX),
            (ui.country_edit, SHORT_MAX),
            (ui.city_edit, SHORT_MAX),
            (ui.city_en_edit, SHORT_MAX),
            (ui.website_edit, TITLE_MAX),
        ):
            edit.setMaxLength(limit)
        self.watch(
            ui.name_edit,
            ui.name_en_edit,
            ui.kind_combo,
            ui.country_edit,
            ui.city_edit,
            ui.city_en_edit,
            ui.website_edit,
            ui.notes_edit,
        )
        self.setup_buttons(ui.button_box)
        ui.history_button.clicked.connect(self.show_history)
        self._saved_name = ""
        self.saved.connect(self._show_saved)
        set_tab_order(
            ui.name_edit,
            ui.name_en_edit,
            ui.kind_combo,
            ui.country_edit,
            ui.city_edit,
            ui.city_en_edit,
            ui.website_edit,
            ui.notes_edit,
            ui.history_button,
            buttons_in_order(ui.button_box),
        )

    # -- EditorDialog ---------------------------------------------------------

    def prefill(self, name: str) -> None:
        self.ui.name_edit.setText(name)
        self.mark_dirty()

    def load(self) -> None:
        ui = self.ui
        if self.record_id is None:
            ui.kind_combo.setCurrentIndex(ui.kind_combo.findData(OrgKind.OTHER.value))
            self._show_title("")
            return
        row: OrganizationRow = records.get_row(self.context.db, Organization, self.record_id)
        self.revision = row.revision
        ui.name_edit.setText(row.name)
        ui.name_en_edit.setText(row.name_en)
        ui.kind_combo.setCurrentIndex(max(0, ui.kind_combo.findData(OrgKind(row.kind).value)))
        ui.country_edit.setText(row.country)
        ui.city_edit.setText(row.city)
        ui.city_en_edit.setText(row.city_en)
        ui.website_edit.setText(row.website)
        ui.notes_edit.setPlainText(row.notes)
        self._show_title(row.name)

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "name": ui.name_edit.text(),
            "name_en": ui.name_en_edit.text(),
            "kind": OrgKind(ui.kind_combo.currentData()),
            "country": ui.country_edit.text(),
            "city": ui.city_edit.text(),
            "city_en": ui.city_en_edit.text(),
            "website": ui.website_edit.text(),
            "notes": ui.notes_edit.toPlainText(),
        }

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        row = self.save_record(Organization, values)
        self._saved_name = row.name
        record_id: uuid.UUID = row.id
        return record_id

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "name": ui.name_edit,
            "name_en": ui.name_en_edit,
            "kind": ui.kind_combo,
            "country": ui.country_edit,
            "city": ui.city_edit,
            "city_en": ui.city_en_edit,
            "website": ui.website_edit,
            "notes": ui.notes_edit,
        }

    # -- behaviour ------------------------------------------------------------

    def _show_title(self, name: str) -> None:
        if self.record_id is None:
            self.setWindowTitle(self.tr("سازمان جدید"))
        else:
            self.setWindowTitle(self.tr("سازمان: {name}").format(name=name))
        self.ui.history_button.setEnabled(self.record_id is not None)

    def _show_saved(self, _record_id: object) -> None:
        self._show_title(self._saved_name)
