"""پشتیبانی: hotel, transport, interpreter, security and notes for the visit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from peyvand.domain.limits import TITLE_MAX
from peyvand.services.visits import VisitDetail
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.visit_tabs.base import VisitTab
from peyvand.ui.forms.ui_visit_logistics_tab import Ui_VisitLogisticsTab


class LogisticsTab(VisitTab):
    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, watch, is_loading, parent)
        self.ui = Ui_VisitLogisticsTab()
        self.ui.setupUi(self)
        ui = self.ui
        for edit in (ui.hotel_edit, ui.transport_edit, ui.interpreter_edit, ui.security_edit):
            edit.setMaxLength(TITLE_MAX)
        ui.logistics_notes_edit.setMinimumHeight(70)
        watch(*self.focus_order())

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        return [
            ui.hotel_edit,
            ui.transport_edit,
            ui.interpreter_edit,
            ui.security_edit,
            ui.logistics_notes_edit,
        ]

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "hotel": ui.hotel_edit,
            "transport": ui.transport_edit,
            "interpreter": ui.interpreter_edit,
            "security": ui.security_edit,
            "logistics_notes": ui.logistics_notes_edit,
        }

    def values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "hotel": ui.hotel_edit.text(),
            "transport": ui.transport_edit.text(),
            "interpreter": ui.interpreter_edit.text(),
            "security": ui.security_edit.text(),
            "logistics_notes": ui.logistics_notes_edit.toPlainText(),
        }

    def show_visit(self, detail: VisitDetail | None) -> None:
        ui = self.ui
        visit = detail.visit if detail else None
        ui.hotel_edit.setText(visit.hotel if visit else "")
        ui.transport_edit.setText(visit.transport if visit else "")
        ui.interpreter_edit.setText(visit.interpreter if visit else "")
        ui.security_edit.setText(visit.security if visit else "")
        ui.logistics_notes_edit.setPlainText(visit.logistics_notes if visit else "")
