"""هدایا: gifts given and received, with a warning when a guest already had the same
gift from us."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QLineEdit, QWidget

from peyvand.domain.enums import GiftDirection
from peyvand.domain.limits import NOTE_MAX, TITLE_MAX
from peyvand.errors import ValidationError
from peyvand.messages import enum_label
from peyvand.services import visits
from peyvand.services.visits import PreviousGift
from peyvand.text import format_jalali_long, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import typed_date
from peyvand.ui.dialogs.partnership_editor import choose, dispose_closed_editors, select_row
from peyvand.ui.dialogs.visit_tabs.base import LRI, PDI, WARNING_STYLE, VisitTab, selected_row
from peyvand.ui.dialogs.visit_tabs.members_tab import table_defaults
from peyvand.ui.dialogs.visit_tabs.rows import GIFT_COLUMNS, GiftWidgets
from peyvand.ui.forms.ui_visit_gifts_tab import Ui_VisitGiftsTab
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.record_picker import RecordPicker


class GiftsTab(VisitTab):
    warned = Signal(bool)  # some gift repeats one a guest already had from us
    rows_changed = Signal()  # a row added or removed: the Tab order follows

    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        arrival: Callable[[], dt.date | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, watch, is_loading, parent)
        self.ui = Ui_VisitGiftsTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.arrival = arrival
        self.gifts: list[GiftWidgets] = []
        ui.gift_warning_label.hide()
        table = ui.gifts_table
        table.setColumnCount(len(GIFT_COLUMNS))
        table.setHorizontalHeaderLabels(
            [
                self.tr("اهدایی/دریافتی"),
                self.tr("شخص"),
                self.tr("شرح هدیه"),
                self.tr("تاریخ"),
                self.tr("یادداشت"),
            ]
        )
        table_defaults(table)
        header = table.horizontalHeader()
        for column, width in ((0, 110), (1, 300), (3, 150), (4, 200)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        ui.add_gift_button.clicked.connect(self.add_gift)
        ui.remove_gift_button.clicked.connect(self.remove_gift)

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        cells = [cell for gift in self.gifts for cell in gift.cells()]
        return [ui.gifts_table, *cells, ui.add_gift_button, ui.remove_gift_button]

    def clear(self) -> None:
        self.ui.gifts_table.setRowCount(0)
        self.gifts.clear()

    def add_row(
        self,
        row_id: uuid.UUID | None,
        *,
        direction: GiftDirection = GiftDirection.GIVEN,
        person_id: uuid.UUID | None = None,
        description: str = "",
        given_on: dt.date | None = None,
        notes: str = "",
    ) -> GiftWidgets:
        table = self.ui.gifts_table
        row = table.rowCount()
        table.insertRow(row)
        direction_combo = QComboBox(table)
        for value in GiftDirection:
            direction_combo.addItem(enum_label(value), value.value)
        choose(direction_combo, direction.value)
        person = RecordPicker(self.context, "person", table)
        choose(person, person_id)
        person.activated.connect(lambda _i: dispose_closed_editors(self.window()))
        description_edit = QLineEdit(description, table)
        description_edit.setMaxLength(TITLE_MAX)
        description_edit.setCursorPosition(0)
        description_edit.setPlaceholderText(self.tr("مثلاً قلمدان مینیاتور"))
        date_edit = JalaliDateEdit(table)
        date_edit.set_value(given_on)
        notes_edit = QLineEdit(notes, table)
        notes_edit.setMaxLength(NOTE_MAX)
        widgets = GiftWidgets(
            row_id, direction_combo, person, description_edit, date_edit, notes_edit
        )
        for column, widget in enumerate(widgets.cells()):
            table.setCellWidget(row, column, widget)
        self.gifts.append(widgets)
        self.watch(*widgets.cells())
        self.track_focus(*widgets.cells())
        direction_combo.currentIndexChanged.connect(lambda _i: self.check_gift(widgets))
        person.value_changed.connect(lambda _v: self.check_gift(widgets))
        description_edit.textChanged.connect(lambda _t: self.check_gift(widgets))
        self.rows_changed.emit()
        return widgets

    def add_gift(self) -> GiftWidgets:
        widgets = self.add_row(None, given_on=self.arrival())
        select_row(self.ui.gifts_table, len(self.gifts) - 1)
        widgets.person.setFocus()
        self.edited.emit()
        return widgets

    def remove_gift(self) -> None:
        row = selected_row(self.ui.gifts_table)
        if 0 <= row < len(self.gifts):
            self.ui.gifts_table.removeRow(row)
            del self.gifts[row]
            self.edited.emit()
            self.show_warnings()
            self.rows_changed.emit()

    def check_gift(self, widgets: GiftWidgets) -> None:
        """A gift we give: has this person already had the same gift from us?"""
        if self.is_loading() or widgets not in self.gifts:
            return
        given = widgets.direction.currentData() == GiftDirection.GIVEN.value
        widgets.previous = (
            visits.gift_warning(
                self.context.db,
                widgets.person.value(),
                widgets.description.text(),
                exclude_gift_id=widgets.id,
            )
            if given
            else []
        )
        self.show_warnings()

    def check_all(self) -> None:
        """:meth:`check_gift` for every row, with one query (a visit being opened)."""
        if self.is_loading():
            return
        given = [
            w for w in self.gifts if w.direction.currentData() == GiftDirection.GIVEN.value
        ]
        found = visits.gift_warnings(
            self.context.db, [(w.person.value(), w.description.text(), w.id) for w in given]
        )
        for widgets in self.gifts:
            widgets.previous = []
        for widgets, previous in zip(given, found, strict=True):
            widgets.previous = previous
        self.show_warnings()

    def show_warnings(self) -> None:
        ui = self.ui
        lines = []
        for widgets in self.gifts:
            for previous in widgets.previous:
                day = format_jalali_long(previous.day, weekday=False) if previous.day else ""
                lines.append(
                    self.tr(
                        "⚠ {person} پیش‌تر «{gift}» را از ما هدیه گرفته است: "
                        "هیئت {number} ({title})، {day}."
                    ).format(
                        person=previous.person,
                        gift=previous.description,
                        number=f"{LRI}{to_persian_digits(previous.visit_number)}{PDI}",
                        title=previous.visit_title,
                        day=day,
                    )
                )
            warned = bool(widgets.previous)
            widgets.description.setStyleSheet(WARNING_STYLE if warned else "")
            widgets.description.setToolTip(self.tr("این هدیه تکراری است") if warned else "")
        if lines:
            lines.append(self.tr("می‌توانید هدیه دیگری برگزینید یا با همین هدیه ادامه دهید."))
        ui.gift_warning_label.setText("\n".join(lines))
        ui.gift_warning_label.setVisible(bool(lines))
        self.warned.emit(bool(lines))

    def warnings(self) -> list[PreviousGift]:
        return [p for widgets in self.gifts for p in widgets.previous]

    def values(self) -> list[dict[str, Any]]:
        gifts = []
        for index, g in enumerate(self.gifts):
            try:
                given_on = typed_date(g.given_on, "given_on")
            except ValidationError as exc:
                raise ValidationError(
                    exc.msg_id,
                    field="given_on",
                    part="gifts",
                    index=index,
                    value=g.given_on.text(),
                ) from None
            gifts.append(
                {
                    "id": g.id,
                    "direction": GiftDirection(g.direction.currentData()),
                    "person_id": g.person.value(),
                    "description": g.description.text(),
                    "given_on": given_on,
                    "notes": g.notes.text(),
                }
            )
        return gifts

    def select_row_of(self, widget: QWidget) -> None:
        for index, gift in enumerate(self.gifts):
            if any(cell is widget or cell.isAncestorOf(widget) for cell in gift.cells()):
                if selected_row(self.ui.gifts_table) != index:
                    select_row(self.ui.gifts_table, index)
                return
