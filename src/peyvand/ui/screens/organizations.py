"""سازمان‌ها: municipalities, ministries, embassies, universities…, filtered by kind."""

from __future__ import annotations

from typing import Any

from peyvand.domain.enums import OrgKind
from peyvand.ui.forms.ui_organizations import Ui_OrganizationsScreen
from peyvand.ui.screens.list_screen import ListScreen


class OrganizationsScreen(ListScreen):
    kind = "organizations"
    entity = "organization"

    def setup_form(self) -> None:
        self.ui = Ui_OrganizationsScreen()
        self.ui.setupUi(self)
        self.add_enum_filter(self.ui.kind_combo, self.tr("همه انواع"), OrgKind)

    def headers(self) -> dict[str, str]:
        return {
            "name": self.tr("نام"),
            "name_en": self.tr("نام انگلیسی"),
            "kind": self.tr("نوع"),
            "city": self.tr("شهر"),
            "country": self.tr("کشور"),
        }

    def connect_filters(self) -> None:
        self.ui.kind_combo.currentIndexChanged.connect(self.apply)

    def filters(self) -> dict[str, Any]:
        return {"kind": self.ui.kind_combo.currentData()}
