"""مشخصات: what the visit is — title, direction, counterpart, partnership, place, dates,
purpose and talking points."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from peyvand.domain.enums import Classification, Direction, VisitStatus
from peyvand.domain.limits import SHORT_MAX, TITLE_MAX
from peyvand.messages import enum_label
from peyvand.services import partnerships
from peyvand.services.partnerships import PartnershipView
from peyvand.services.visits import VisitDetail
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import typed_date
from peyvand.ui.dialogs.partnership_editor import choose, dispose_closed_editors
from peyvand.ui.dialogs.visit_tabs.base import VisitTab
from peyvand.ui.forms.ui_visit_details_tab import Ui_VisitDetailsTab
from peyvand.ui.widgets.combo import find_data
from peyvand.ui.widgets.record_picker import RecordPicker


class DetailsTab(VisitTab):
    dates_changed = Signal()  # arrival or departure typed: the itinerary's days follow

    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, watch, is_loading, parent)
        self.ui = Ui_VisitDetailsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self._partnerships: dict[uuid.UUID, PartnershipView] = {}
        self.organization_picker = RecordPicker(context, "organization", ui.organization_slot)
        self.organization_picker.setObjectName("organization_picker")
        slot_layout = ui.organization_slot.layout()
        assert slot_layout is not None  # the form gives the slot a layout
        slot_layout.addWidget(self.organization_picker)
        self.organization_picker.activated.connect(lambda _i: dispose_closed_editors(self.window()))
        for direction in Direction:
            ui.direction_combo.addItem(enum_label(direction), direction.value)
        for status in VisitStatus:
            ui.status_combo.addItem(enum_label(status), status.value)
        for level in Classification:
            ui.classification_combo.addItem(enum_label(level), level.value)
        self._fill_partnerships()
        for edit, limit in (
            (ui.title_edit, TITLE_MAX),
            (ui.title_en_edit, TITLE_MAX),
            (ui.city_edit, SHORT_MAX),
            (ui.city_en_edit, SHORT_MAX),
            (ui.country_edit, SHORT_MAX),
        ):
            edit.setMaxLength(limit)
        for text_edit in (ui.purpose_edit, ui.talking_points_edit):
            text_edit.setMinimumHeight(70)
        watch(*self.focus_order())
        ui.partnership_combo.activated.connect(self._on_partnership_chosen)
        for date_edit in (ui.arrival_edit, ui.departure_edit):
            date_edit.changed.connect(self.show_dates)
            date_edit.line_edit.editingFinished.connect(self.show_dates)

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        # The right column, the left one, then the texts under both.
        return [
            ui.title_edit,
            ui.title_en_edit,
            ui.direction_combo,
            self.organization_picker,
            ui.partnership_combo,
            ui.status_combo,
            ui.classification_combo,
            ui.city_edit,
            ui.city_en_edit,
            ui.country_edit,
            ui.arrival_edit,
            ui.departure_edit,
            ui.purpose_edit,
            ui.talking_points_edit,
        ]

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "title": ui.title_edit,
            "title_en": ui.title_en_edit,
            "direction": ui.direction_combo,
            "organization_id": ui.organization_slot,
            "partnership_id": ui.partnership_combo,
            "city": ui.city_edit,
            "city_en": ui.city_en_edit,
            "country": ui.country_edit,
            "arrival": ui.arrival_edit,
            "departure": ui.departure_edit,
            "purpose": ui.purpose_edit,
            "talking_points": ui.talking_points_edit,
            "status": ui.status_combo,
            "classification": ui.classification_combo,
        }

    def _fill_partnerships(self) -> None:
        combo = self.ui.partnership_combo
        combo.addItem(self.tr("— بدون همکاری —"), None)
        for view in partnerships.list_partnerships(
            self.context.db,
            months=self.context.settings.dormancy_months,
            clock=self.context.clock,
        ):
            row = view.row
            place = (
                f"{row.partner_city}، {row.partner_country}"
                if row.partner_country
                else (row.partner_city)
            )
            combo.addItem(f"{place} — {enum_label(row.kind)}", row.id)
            self._partnerships[row.id] = view

    def values(self) -> dict[str, Any]:
        """The visit's own fields on this tab; a bad date is a ValidationError."""
        ui = self.ui
        return {
            "title": ui.title_edit.text(),
            "title_en": ui.title_en_edit.text(),
            "direction": Direction(ui.direction_combo.currentData()),
            "organization_id": self.organization_picker.value(),
            "partnership_id": ui.partnership_combo.currentData(),
            "city": ui.city_edit.text(),
            "city_en": ui.city_en_edit.text(),
            "country": ui.country_edit.text(),
            "arrival": typed_date(ui.arrival_edit, "arrival"),
            "departure": typed_date(ui.departure_edit, "departure"),
            "purpose": ui.purpose_edit.toPlainText(),
            "talking_points": ui.talking_points_edit.toPlainText(),
            "status": VisitStatus(ui.status_combo.currentData()),
            "classification": Classification(ui.classification_combo.currentData()),
        }

    def show_visit(self, detail: VisitDetail | None) -> None:
        ui = self.ui
        visit = detail.visit if detail else None
        ui.title_edit.setText(visit.title if visit else "")
        ui.title_en_edit.setText(visit.title_en if visit else "")
        choose(ui.direction_combo, visit.direction if visit else Direction.INCOMING)
        choose(self.organization_picker, visit.organization_id if visit else None)
        known = visit is None or find_data(ui.partnership_combo, visit.partnership_id) > 0
        if visit is not None and visit.partnership_id and not known:
            name = detail.partnership if detail else ""
            ui.partnership_combo.addItem(name, visit.partnership_id)
        choose(ui.partnership_combo, visit.partnership_id if visit else None)
        choose(ui.status_combo, visit.status if visit else VisitStatus.PLANNED)
        choose(ui.classification_combo, visit.classification if visit else Classification.NORMAL)
        ui.city_edit.setText(visit.city if visit else "")
        ui.city_en_edit.setText(visit.city_en if visit else "")
        ui.country_edit.setText(visit.country if visit else "")
        ui.arrival_edit.set_value(visit.arrival if visit else None)
        ui.departure_edit.set_value(visit.departure if visit else None)
        ui.purpose_edit.setPlainText(visit.purpose if visit else "")
        ui.talking_points_edit.setPlainText(visit.talking_points if visit else "")

    def show_dates(self) -> None:
        arrival = self.ui.arrival_edit.value()
        departure = self.ui.departure_edit.value()
        text = ""
        if arrival and departure and departure >= arrival:
            days = (departure - arrival).days + 1
            text = self.tr("{days} روز").format(days=to_persian_digits(days))
        self.ui.duration_label.setText(text)
        self.dates_changed.emit()

    def _on_partnership_chosen(self, _index: int) -> None:
        """Choosing a partnership fills in what is still empty: city, country, partner."""
        chosen = self.ui.partnership_combo.currentData()
        view = self._partnerships.get(chosen) if isinstance(chosen, uuid.UUID) else None
        if view is None:
            return
        ui = self.ui
        for edit, value in (
            (ui.city_edit, view.row.partner_city),
            (ui.city_en_edit, view.row.partner_city_en),
            (ui.country_edit, view.row.partner_country),
        ):
            if not edit.text().strip():
                edit.setText(value)
        if self.organization_picker.value() is None and view.row.organization_id:
            choose(self.organization_picker, view.row.organization_id)
