"""خواهرخواندگی و همکاری: partner cities and organizations; dormant ones shaded grey."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from peyvand.domain.enums import PartnershipKind, PartnershipStatus
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_partnerships import Ui_PartnershipsScreen
from peyvand.ui.screens.list_screen import ListScreen


class PartnershipsScreen(ListScreen):
    kind = "partnerships"
    entity = "partnership"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui.relationship_button.clicked.connect(self.show_relationship)
        self.table_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def setup_form(self) -> None:
        self.ui = Ui_PartnershipsScreen()
        self.ui.setupUi(self)
        ui = self.ui
        self.add_enum_filter(ui.kind_combo, self.tr("همه انواع"), PartnershipKind)
        self.add_enum_filter(ui.status_combo, self.tr("همه وضعیت‌ها"), PartnershipStatus)
        months = to_persian_digits(self.context.settings.dormancy_months)
        ui.legend_label.setText(
            self.tr("خاکستری: کم‌فروغ (بی‌تماس بیش از {months} ماه)").format(months=months)
        )

    def headers(self) -> dict[str, str]:
        return {
            "partner_city": self.tr("شهر طرف همکاری"),
            "partner_country": self.tr("کشور"),
            "kind": self.tr("نوع"),
            "status": self.tr("وضعیت"),
            "ordinal": self.tr("ردیف"),
            "since": self.tr("از تاریخ"),
            "last_contact": self.tr("آخرین تماس"),
        }

    def connect_filters(self) -> None:
        for combo in (self.ui.kind_combo, self.ui.status_combo):
            combo.currentIndexChanged.connect(self.apply)

    def filters(self) -> dict[str, Any]:
        return {
            "kind": self.ui.kind_combo.currentData(),
            "status": self.ui.status_combo.currentData(),
        }

    def apply(self) -> None:
        super().apply()
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        self.ui.relationship_button.setEnabled(self.table_view.currentIndex().isValid())

    def show_relationship(self) -> QWidget | None:
        """The relationship view of the selected partnership; its entries open records
        through this screen's ``open_requested``."""
        from peyvand.ui.dialogs.relationship_view import RelationshipView

        index = self.table_view.currentIndex()
        if not index.isValid():
            return None
        view = RelationshipView(
            self.context, partnership_id=self.model.row_id(index.row()), parent=self
        )
        view.open_requested.connect(self.open_requested)
        view.show()
        return view
