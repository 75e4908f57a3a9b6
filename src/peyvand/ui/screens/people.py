"""اشخاص: everyone in the address book, searchable as you type, filtered by organization."""

from __future__ import annotations

from typing import Any

from peyvand.services import choices
from peyvand.ui.forms.ui_people import Ui_PeopleScreen
from peyvand.ui.screens.list_screen import ListScreen
from peyvand.ui.widgets.combo import select_data


class PeopleScreen(ListScreen):
    kind = "people"
    entity = "person"

    def setup_form(self) -> None:
        self.ui = Ui_PeopleScreen()
        self.ui.setupUi(self)
        self.reload_organizations()

    def reload_organizations(self) -> None:
        """The filter's choices; keeps the chosen organization when it still exists."""
        combo = self.ui.organization_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("همه سازمان‌ها"), None)
        for organization in choices.organizations(self.context.db):
            combo.addItem(organization.label, organization.id)
        select_data(combo, current)
        combo.blockSignals(False)

    def headers(self) -> dict[str, str]:
        return {
            "name": self.tr("نام"),
            "name_latin": self.tr("نام به لاتین"),
            "title": self.tr("سمت"),
            "organization": self.tr("سازمان"),
            "country": self.tr("کشور"),
            "email": self.tr("رایانامه"),
            "phone": self.tr("تلفن"),
        }

    def connect_filters(self) -> None:
        self.ui.organization_combo.currentIndexChanged.connect(self.apply)

    def filters(self) -> dict[str, Any]:
        return {"organization_id": self.ui.organization_combo.currentData()}

    def refresh(self) -> None:
        self.reload_organizations()
        super().refresh()
