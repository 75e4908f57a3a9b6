"""هیئت: one delegation visit — its details, members with roles, the itinerary day by
day, logistics, gifts given and received (with the repeat-gift warning), attachments.

The visit and everything under it is saved in one transaction by
``services.visits.save_visit``; rows (members, itinerary items, gifts) are edited in
place and built in code, since their number varies.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QStyle,
    QTableWidget,
    QTreeWidgetItem,
    QWidget,
)

from peyvand.domain.enums import Classification, Direction, GiftDirection, Side, VisitStatus
from peyvand.domain.limits import NOTE_MAX, SHORT_MAX, TITLE_MAX
from peyvand.errors import ValidationError
from peyvand.messages import enum_label
from peyvand.services import partnerships, visits
from peyvand.services.partnerships import PartnershipView
from peyvand.services.visits import PreviousGift, VisitDetail
from peyvand.text import (
    TimeParseError,
    format_jalali_long,
    parse_time,
    to_persian_digits,
)
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import EditorDialog, typed_date
from peyvand.ui.dialogs.partnership_editor import (
    choose,
    dispose_closed_editors,
    select_row,
)
from peyvand.ui.formatting import short_number
from peyvand.ui.forms.ui_visit_editor import Ui_VisitEditor
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel
from peyvand.ui.widgets.combo import find_data
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.record_picker import RecordPicker
from peyvand.ui.widgets.time_edit import TimeEdit

WARNING_STYLE = "background: #fef3c7;"
# A record number inside Persian text reads like in the lists («۱۴۰۵-۰۰۳», year first)
# only when kept apart from the letters around it: a left-to-right isolate.
LRI, PDI = "\u2066", "\u2069"
ERROR_STYLE = "border: 1px solid #dc2626;"
# Itinerary columns; the English ones are left-to-right.
ITEM_COLUMNS = (
    "start_time",
    "end_time",
    "place",
    "place_en",
    "activity",
    "activity_en",
    "hosts",
    "hosts_en",
)
ITEM_TEXTS = ITEM_COLUMNS[2:]
LATIN_ITEM_COLUMNS = frozenset({"place_en", "activity_en", "hosts_en"})
ITEM_WIDTHS = (72, 72, 140, 140, 190, 190, 135, 135)
MEMBER_COLUMNS = ("person_id", "side", "role", "is_head")
GIFT_COLUMNS = ("direction", "person_id", "description", "given_on", "notes")


@dataclass(eq=False)
class MemberWidgets:
    id: uuid.UUID | None
    person: RecordPicker
    side: QComboBox
    role: QLineEdit
    head: QCheckBox

    def widget(self, name: str) -> QWidget:
        return {"person_id": self.person, "side": self.side, "is_head": self.head}.get(
            name, self.role
        )


@dataclass(eq=False)
class ItemWidgets:
    id: uuid.UUID | None
    item: QTreeWidgetItem
    start: TimeEdit
    end: TimeEdit
    texts: dict[str, QLineEdit]

    def widget(self, name: str) -> QWidget:
        if name == "start_time":
            return self.start
        if name == "end_time":
            return self.end
        return self.texts.get(name, self.texts["activity"])


@dataclass(eq=False)
class GiftWidgets:
    id: uuid.UUID | None
    direction: QComboBox
    person: RecordPicker
    description: QLineEdit
    given_on: JalaliDateEdit
    notes: QLineEdit
    previous: list[PreviousGift] = field(default_factory=list)

    def widget(self, name: str) -> QWidget:
        widgets: dict[str, QWidget] = {
            "direction": self.direction,
            "person_id": self.person,
            "given_on": self.given_on,
            "notes": self.notes,
        }
        return widgets.get(name, self.description)


def _typed_time(edit: TimeEdit, name: str, index: int) -> dt.time | None:
    text = edit.text().strip()
    if not text:
        return None
    try:
        return parse_time(text)
    except TimeParseError as exc:
        raise ValidationError(
            exc.msg_id, field=name, part="itinerary", index=index, value=text
        ) from None


def _selected_row(table: QTableWidget) -> int:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else table.currentRow()


class VisitEditor(EditorDialog):
    entity = "visit"

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, record_id, parent)
        self.ui = Ui_VisitEditor()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        ui.gift_warning_label.hide()
        self.detail: VisitDetail | None = None
        self.members: list[MemberWidgets] = []
        self.items: list[ItemWidgets] = []
        self.gifts: list[GiftWidgets] = []
        self._days: dict[dt.date, QTreeWidgetItem] = {}
        self._filling = False
        self._last_error: ValidationError | None = None
        self._marked: list[QWidget] = []
        self._partnerships: dict[uuid.UUID, PartnershipView] = {}

        self.organization_picker = RecordPicker(context, "organization", ui.organization_slot)
        self.organization_picker.setObjectName("organization_picker")
        slot_layout = ui.organization_slot.layout()
        assert slot_layout is not None  # the form gives the slot a layout
        slot_layout.addWidget(self.organization_picker)
        ui.organization_slot.setFocusProxy(self.organization_picker)
        self.organization_picker.activated.connect(lambda _i: dispose_closed_editors(self))
        self.attachments_panel = AttachmentsPanel(context, "visit", ui.attachments_tab)
        ui.attachments_layout.addWidget(self.attachments_panel)

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
            (ui.hotel_edit, TITLE_MAX),
            (ui.transport_edit, TITLE_MAX),
            (ui.interpreter_edit, TITLE_MAX),
            (ui.security_edit, TITLE_MAX),
        ):
            edit.setMaxLength(limit)
        for text_edit in (ui.purpose_edit, ui.talking_points_edit, ui.logistics_notes_edit):
            text_edit.setMinimumHeight(70)
        self.watch(
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
            ui.hotel_edit,
            ui.transport_edit,
            ui.interpreter_edit,
            ui.security_edit,
            ui.logistics_notes_edit,
        )
        self._setup_tables()
        ui.partnership_combo.activated.connect(self._on_partnership_chosen)
        for date_edit in (ui.arrival_edit, ui.departure_edit):
            date_edit.changed.connect(self._show_dates)
            date_edit.line_edit.editingFinished.connect(self._show_dates)
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)
        ui.button_box.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.save)
        ui.history_button.clicked.connect(self.show_history)
        ui.brief_button.clicked.connect(lambda: self.print_brief("brief"))
        ui.itinerary_button.clicked.connect(lambda: self.print_brief("fa"))
        ui.itinerary_en_button.clicked.connect(lambda: self.print_brief("en"))
        self.saved.connect(self._on_saved)

    # -- set-up ---------------------------------------------------------------

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

    def _setup_tables(self) -> None:
        ui = self.ui
        members = ui.members_table
        members.setColumnCount(len(MEMBER_COLUMNS))
        members.setHorizontalHeaderLabels(
            [self.tr("شخص"), self.tr("طرف"), self.tr("نقش"), self.tr("سرپرست هیئت")]
        )
        self._table_defaults(members)
        header = members.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 380)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 110)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

        gifts = ui.gifts_table
        gifts.setColumnCount(len(GIFT_COLUMNS))
        gifts.setHorizontalHeaderLabels(
            [
                self.tr("اهدایی/دریافتی"),
                self.tr("شخص"),
                self.tr("شرح هدیه"),
                self.tr("تاریخ"),
                self.tr("یادداشت"),
            ]
        )
        self._table_defaults(gifts)
        header = gifts.horizontalHeader()
        for column, width in ((0, 110), (1, 300), (3, 150), (4, 200)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        tree = ui.itinerary_tree
        tree.setColumnCount(len(ITEM_COLUMNS))
        tree.setHeaderLabels(
            [
                self.tr("از ساعت"),
                self.tr("تا ساعت"),
                self.tr("محل"),
                self.tr("محل (انگلیسی)"),
                self.tr("فعالیت"),
                self.tr("فعالیت (انگلیسی)"),
                self.tr("میزبان"),
                self.tr("میزبان (انگلیسی)"),
            ]
        )
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setIndentation(14)
        tree.setUniformRowHeights(False)
        for column, width in enumerate(ITEM_WIDTHS):
            tree.header().resizeSection(column, width)
        tree.header().setStretchLastSection(True)

        ui.add_member_button.clicked.connect(self.add_member)
        ui.remove_member_button.clicked.connect(self.remove_member)
        ui.add_item_button.clicked.connect(self.add_item)
        ui.move_item_button.clicked.connect(self.move_item)
        ui.remove_item_button.clicked.connect(self.remove_item)
        ui.add_gift_button.clicked.connect(self.add_gift)
        ui.remove_gift_button.clicked.connect(self.remove_gift)
        tree.currentItemChanged.connect(self._on_itinerary_selected)

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(38)

    # -- EditorDialog ---------------------------------------------------------

    def load(self) -> None:
        if self.record_id is None:
            self._fill(None)
            return
        self._fill(visits.get_detail(self.context.db, self.record_id))

    def collect(self) -> dict[str, Any]:
        try:
            return self._collect()
        except ValidationError as exc:
            self._last_error = exc
            raise

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        try:
            detail = visits.save_visit(
                self.context.db,
                self.record_id,
                values["visit"],
                members=values["members"],
                itinerary=values["itinerary"],
                gifts=values["gifts"],
                expected_revision=self.revision,
                clock=self.context.clock,
            )
        except ValidationError as exc:
            self._last_error = exc
            raise
        # The saved rows now have ids: show them, so a second save updates, not adds.
        self._fill(detail)
        return detail.visit.id

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
            "hotel": ui.hotel_edit,
            "transport": ui.transport_edit,
            "interpreter": ui.interpreter_edit,
            "security": ui.security_edit,
            "logistics_notes": ui.logistics_notes_edit,
        }

    def draft_title(self) -> str:
        return self.ui.title_edit.text() or self.tr("هیئت جدید")

    # -- filling the widgets ---------------------------------------------------

    def _fill(self, detail: VisitDetail | None) -> None:
        ui = self.ui
        self._filling = True
        try:
            self.detail = detail
            visit = detail.visit if detail else None
            self.revision = visit.revision if visit else None
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
            choose(
                ui.classification_combo, visit.classification if visit else Classification.NORMAL
            )
            ui.city_edit.setText(visit.city if visit else "")
            ui.city_en_edit.setText(visit.city_en if visit else "")
            ui.country_edit.setText(visit.country if visit else "")
            ui.arrival_edit.set_value(visit.arrival if visit else None)
            ui.departure_edit.set_value(visit.departure if visit else None)
            ui.purpose_edit.setPlainText(visit.purpose if visit else "")
            ui.talking_points_edit.setPlainText(visit.talking_points if visit else "")
            ui.hotel_edit.setText(visit.hotel if visit else "")
            ui.transport_edit.setText(visit.transport if visit else "")
            ui.interpreter_edit.setText(visit.interpreter if visit else "")
            ui.security_edit.setText(visit.security if visit else "")
            ui.logistics_notes_edit.setPlainText(visit.logistics_notes if visit else "")
            self._clear_rows()
            if detail is not None:
                for member in detail.members:
                    self._add_member_row(
                        member.row.id,
                        member.row.person_id,
                        Side(member.row.side),
                        member.row.role,
                        member.row.is_head,
                    )
                for day in detail.itinerary:
                    for item in day.items:
                        self._add_item_row(day.day, item.id, item.model_dump())
                for gift in detail.gifts:
                    row = gift.row
                    self._add_gift_row(
                        row.id,
                        direction=GiftDirection(row.direction),
                        person_id=row.person_id,
                        description=row.description,
                        given_on=row.given_on,
                        notes=row.notes,
                    )
        finally:
            self._filling = False
        for gift_row in self.gifts:
            self._check_gift(gift_row)
        self._show_title()
        self._show_dates()

    def _clear_rows(self) -> None:
        self.ui.members_table.setRowCount(0)
        self.ui.gifts_table.setRowCount(0)
        self.ui.itinerary_tree.clear()
        self.members.clear()
        self.items.clear()
        self.gifts.clear()
        self._days.clear()

    def _show_title(self) -> None:
        ui = self.ui
        visit = self.detail.visit if self.detail else None
        if visit is None:
            number = self.tr("هیئت جدید")
            ui.number_label.setText(number)
            self.setWindowTitle(number)
        else:
            number = short_number(self.tr("هیئت"), f"{LRI}{visit.number}{PDI}")
            ui.number_label.setText(number)
            self.setWindowTitle(f"{number} — {visit.title}")
        head = self.detail.head if self.detail else None
        ui.head_label.setText(self.tr("سرپرست: {name}").format(name=head.name) if head else "")
        ui.history_button.setEnabled(visit is not None)
        for button in (ui.brief_button, ui.itinerary_button, ui.itinerary_en_button):
            button.setEnabled(visit is not None)
        self.attachments_panel.set_owner(visit.id if visit else None)
        if self.is_dirty():
            self.set_dirty(True)

    def _show_dates(self) -> None:
        arrival = self.ui.arrival_edit.value()
        departure = self.ui.departure_edit.value()
        text = ""
        if arrival and departure and departure >= arrival:
            days = (departure - arrival).days + 1
            text = self.tr("{days} روز").format(days=to_persian_digits(days))
        self.ui.duration_label.setText(text)
        for day, group in self._days.items():
            group.setText(0, self._day_title(day, group.childCount()))

    def _on_saved(self, _record_id: object) -> None:
        self._show_title()

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

    # -- members ----------------------------------------------------------------

    def _add_member_row(
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
        person.activated.connect(lambda _i: dispose_closed_editors(self))
        side_combo = QComboBox(table)
        for value in Side:
            side_combo.addItem(enum_label(value), value.value)
        choose(side_combo, side.value)
        role_edit = QLineEdit(role, table)
        role_edit.setMaxLength(SHORT_MAX)
        role_edit.setCursorPosition(0)
        role_edit.setPlaceholderText(self.tr("مثلاً رئیس هیئت"))
        completer = QCompleter(self._role_suggestions(), role_edit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        role_edit.setCompleter(completer)
        head = QCheckBox(self.tr("سرپرست"), table)
        head.setChecked(is_head)
        widgets = MemberWidgets(row_id, person, side_combo, role_edit, head)
        for column, widget in enumerate((person, side_combo, role_edit, head)):
            table.setCellWidget(row, column, widget)
        self.members.append(widgets)
        self.watch(person, side_combo, role_edit, head)
        self._track_focus(person, side_combo, role_edit, head)
        head.toggled.connect(lambda _checked: self._show_head())
        return widgets

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

    def _show_head(self) -> None:
        heads = [m.person.currentText().split(" — ")[0] for m in self.members if m.head.isChecked()]
        self.ui.head_label.setText(
            self.tr("سرپرست: {name}").format(name="، ".join(heads)) if heads else ""
        )

    def add_member(self) -> MemberWidgets:
        widgets = self._add_member_row(None)
        select_row(self.ui.members_table, len(self.members) - 1)
        widgets.person.setFocus()
        self.mark_dirty()
        return widgets

    def remove_member(self) -> None:
        row = _selected_row(self.ui.members_table)
        if 0 <= row < len(self.members):
            self.ui.members_table.removeRow(row)
            del self.members[row]
            self.mark_dirty()
            self._show_head()

    # -- itinerary ----------------------------------------------------------------

    def _day_title(self, day: dt.date, count: int) -> str:
        arrival = self.ui.arrival_edit.value()
        text = format_jalali_long(day)
        if arrival is not None and day >= arrival:
            number = to_persian_digits((day - arrival).days + 1)
            text = self.tr("روز {n} — {day}").format(n=number, day=text)
        return self.tr("{title} ({count} برنامه)").format(
            title=text, count=to_persian_digits(count)
        )

    def _day_group(self, day: dt.date) -> QTreeWidgetItem:
        group = self._days.get(day)
        if group is not None:
            return group
        tree = self.ui.itinerary_tree
        group = QTreeWidgetItem()
        position = sum(1 for other in self._days if other < day)
        tree.insertTopLevelItem(position, group)
        group.setFirstColumnSpanned(True)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setSizeHint(0, QSize(0, 30))
        group.setExpanded(True)
        self._days[day] = group
        return group

    def _day_of(self, item: QTreeWidgetItem) -> dt.date | None:
        parent = item.parent()
        group = parent if parent is not None else item
        return next((day for day, g in self._days.items() if g is group), None)

    def _add_item_row(
        self, day: dt.date, row_id: uuid.UUID | None, values: dict[str, Any] | None = None
    ) -> ItemWidgets:
        values = values or {}
        tree = self.ui.itinerary_tree
        group = self._day_group(day)
        child = QTreeWidgetItem(group)
        start, end = TimeEdit(tree), TimeEdit(tree)
        start.set_value(values.get("start_time"))
        end.set_value(values.get("end_time"))
        texts: dict[str, QLineEdit] = {}
        for name in ITEM_TEXTS:
            edit = QLineEdit(str(values.get(name) or ""), tree)
            edit.setMaxLength(NOTE_MAX if name.startswith("activity") else TITLE_MAX)
            edit.setCursorPosition(0)
            edit.setToolTip(edit.text())  # the whole text, when the column is narrower
            edit.textChanged.connect(edit.setToolTip)
            if name in LATIN_ITEM_COLUMNS:
                edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            texts[name] = edit
        widgets = ItemWidgets(row_id, child, start, end, texts)
        height = max(w.sizeHint().height() for w in (start, *texts.values())) + 4
        child.setSizeHint(0, QSize(0, height))
        for column, widget in enumerate((start, end, *texts.values())):
            tree.setItemWidget(child, column, widget)
        group.setExpanded(True)
        group.setText(0, self._day_title(day, group.childCount()))
        self.items.append(widgets)
        self.watch(start, end, *texts.values())
        self._track_focus(start, end, *texts.values())
        return widgets

    def _item_of(self, tree_item: QTreeWidgetItem | None) -> ItemWidgets | None:
        return next((w for w in self.items if w.item is tree_item), None)

    def _on_itinerary_selected(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is not None:
            day = self._day_of(current)
            if day is not None:
                self.ui.itinerary_day_edit.set_value(day)

    def _chosen_day(self) -> dt.date | None:
        ui = self.ui
        day_edit = ui.itinerary_day_edit
        ui.itinerary_error_label.clear()
        day: dt.date | None
        if day_edit.text().strip():
            day = day_edit.value()
            if day is None:
                ui.itinerary_error_label.setText(day_edit.error() or "")
            return day
        day = ui.arrival_edit.value()
        if day is None:
            ui.itinerary_error_label.setText(
                self.tr("روز برنامه را بنویسید یا نخست تاریخ ورود هیئت را وارد کنید.")
            )
        return day

    def add_item(self) -> ItemWidgets | None:
        """A new itinerary item on the day in the day field (else the arrival day)."""
        day = self._chosen_day()
        if day is None:
            return None
        widgets = self._add_item_row(day, None)
        self.ui.itinerary_tree.setCurrentItem(widgets.item)
        widgets.start.setFocus()
        self.mark_dirty()
        return widgets

    def _item_values(self, widgets: ItemWidgets) -> dict[str, Any]:
        values: dict[str, Any] = {name: edit.text() for name, edit in widgets.texts.items()}
        values["start_time"] = widgets.start.value()
        values["end_time"] = widgets.end.value()
        return values

    def _take_item(self, widgets: ItemWidgets) -> None:
        group = widgets.item.parent()
        self.items.remove(widgets)
        if group is None:
            return
        group.removeChild(widgets.item)
        day = self._day_of(group)
        if group.childCount() == 0:
            tree = self.ui.itinerary_tree
            tree.takeTopLevelItem(tree.indexOfTopLevelItem(group))
            if day is not None:
                del self._days[day]
        elif day is not None:
            group.setText(0, self._day_title(day, group.childCount()))

    def move_item(self) -> ItemWidgets | None:
        """Move the selected item to the day in the day field."""
        widgets = self._item_of(self.ui.itinerary_tree.currentItem())
        day = self._chosen_day() if widgets is not None else None
        if widgets is None or day is None or day == self._day_of(widgets.item):
            return None
        values = self._item_values(widgets)
        self._take_item(widgets)
        moved = self._add_item_row(day, widgets.id, values)
        self.ui.itinerary_tree.setCurrentItem(moved.item)
        self.mark_dirty()
        return moved

    def remove_item(self) -> None:
        current = self.ui.itinerary_tree.currentItem()
        widgets = self._item_of(current)
        if widgets is not None:
            self._take_item(widgets)
            self.mark_dirty()
            return
        day = self._day_of(current) if current is not None else None
        if day is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("حذف برنامه‌های روز"),
            self.tr("همه برنامه‌های {day} حذف شود؟").format(day=format_jalali_long(day)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            for item in [w for w in self.items if self._day_of(w.item) == day]:
                self._take_item(item)
            self.mark_dirty()

    def _ordered_items(self) -> list[ItemWidgets]:
        tree = self.ui.itinerary_tree

        def position(widgets: ItemWidgets) -> tuple[int, int]:
            group = widgets.item.parent()
            if group is None:
                return (-1, -1)
            return tree.indexOfTopLevelItem(group), group.indexOfChild(widgets.item)

        return sorted(self.items, key=position)

    # -- gifts ------------------------------------------------------------------

    def _add_gift_row(
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
        person.activated.connect(lambda _i: dispose_closed_editors(self))
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
        for column, widget in enumerate(
            (direction_combo, person, description_edit, date_edit, notes_edit)
        ):
            table.setCellWidget(row, column, widget)
        self.gifts.append(widgets)
        self.watch(direction_combo, person, description_edit, date_edit, notes_edit)
        self._track_focus(direction_combo, person, description_edit, date_edit, notes_edit)
        direction_combo.currentIndexChanged.connect(lambda _i: self._check_gift(widgets))
        person.value_changed.connect(lambda _v: self._check_gift(widgets))
        description_edit.textChanged.connect(lambda _t: self._check_gift(widgets))
        return widgets

    def add_gift(self) -> GiftWidgets:
        widgets = self._add_gift_row(None, given_on=self.ui.arrival_edit.value())
        select_row(self.ui.gifts_table, len(self.gifts) - 1)
        widgets.person.setFocus()
        self.mark_dirty()
        return widgets

    def remove_gift(self) -> None:
        row = _selected_row(self.ui.gifts_table)
        if 0 <= row < len(self.gifts):
            self.ui.gifts_table.removeRow(row)
            del self.gifts[row]
            self.mark_dirty()
            self._show_gift_warnings()

    def _check_gift(self, widgets: GiftWidgets) -> None:
        """A gift we give: has this person already had the same gift from us?"""
        if self._filling or widgets not in self.gifts:
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
        self._show_gift_warnings()

    def _show_gift_warnings(self) -> None:
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
        index = ui.tab_widget.indexOf(ui.gifts_tab)
        icon = (
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            if lines
            else QIcon()
        )
        ui.tab_widget.setTabIcon(index, icon)

    def gift_warnings(self) -> list[PreviousGift]:
        return [p for widgets in self.gifts for p in widgets.previous]

    # -- which row the user is in ---------------------------------------------------

    def _track_focus(self, *widgets: QWidget) -> None:
        """Typing in a row's field selects the row, so «حذف» removes that row."""
        for widget in widgets:
            for target in (widget, *widget.findChildren(QWidget)):
                target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            # Not while the focus is moving: changing a view's current index from
            # inside its cell widget's FocusIn crashes Qt.
            QTimer.singleShot(0, self, lambda: self._select_row_of(watched))
        return super().eventFilter(watched, event)

    def _select_row_of(self, widget: QWidget) -> None:
        def holds(*cells: QWidget) -> bool:
            return any(cell is widget or cell.isAncestorOf(widget) for cell in cells)

        try:
            widget.objectName()
        except RuntimeError:  # the row went away meanwhile
            return

        for index, member in enumerate(self.members):
            if holds(member.person, member.side, member.role, member.head):
                if _selected_row(self.ui.members_table) != index:
                    select_row(self.ui.members_table, index)
                return
        for index, gift in enumerate(self.gifts):
            if holds(gift.direction, gift.person, gift.description, gift.given_on, gift.notes):
                if _selected_row(self.ui.gifts_table) != index:
                    select_row(self.ui.gifts_table, index)
                return
        tree = self.ui.itinerary_tree
        for item in self.items:
            if holds(item.start, item.end, *item.texts.values()):
                if tree.currentItem() is not item.item:
                    tree.setCurrentItem(item.item)
                return

    # -- collecting -------------------------------------------------------------

    def _collect(self) -> dict[str, Any]:
        ui = self.ui
        visit = {
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
            "hotel": ui.hotel_edit.text(),
            "transport": ui.transport_edit.text(),
            "interpreter": ui.interpreter_edit.text(),
            "security": ui.security_edit.text(),
            "logistics_notes": ui.logistics_notes_edit.toPlainText(),
        }
        members = [
            {
                "id": m.id,
                "person_id": m.person.value(),
                "side": Side(m.side.currentData()),
                "role": m.role.text(),
                "is_head": m.head.isChecked(),
            }
            for m in self.members
        ]
        itinerary = []
        for index, widgets in enumerate(self._ordered_items()):
            values: dict[str, Any] = {name: edit.text() for name, edit in widgets.texts.items()}
            values["id"] = widgets.id
            values["day"] = self._day_of(widgets.item)
            values["start_time"] = _typed_time(widgets.start, "start_time", index)
            values["end_time"] = _typed_time(widgets.end, "end_time", index)
            itinerary.append(values)
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
        return {"visit": visit, "members": members, "itinerary": itinerary, "gifts": gifts}

    # -- errors -------------------------------------------------------------------

    def save(self) -> bool:
        self._last_error = None
        return super().save()

    def show_error(self, field: str | None, message: str) -> None:
        error, self._last_error = self._last_error, None
        part = error.params.get("part") if error is not None else None
        if error is None or part is None:
            widget = self.field_widgets().get(field or "")
            if widget is not None:
                self._show_tab_of(widget)
            super().show_error(field, message)
            return
        index = int(error.params.get("index", 0))
        rows: dict[str, tuple[list[Any], Any]] = {
            "members": (self.members, self.ui.members_error_label),
            "itinerary": (self._ordered_items(), self.ui.itinerary_error_label),
            "gifts": (self.gifts, self.ui.gifts_error_label),
        }
        widgets, label = rows[str(part)]
        prefix = self.tr("ردیف {n}: ").format(n=to_persian_digits(index + 1))
        label.setText(prefix + message)
        if 0 <= index < len(widgets):
            target: QWidget = widgets[index].widget(field or "")
            if part == "members":
                select_row(self.ui.members_table, index)
            elif part == "gifts":
                select_row(self.ui.gifts_table, index)
            if isinstance(widgets[index], ItemWidgets):
                self.ui.itinerary_tree.setCurrentItem(widgets[index].item)
                day = self._day_of(widgets[index].item)
                if day is not None:
                    label.setText(f"{format_jalali_long(day)}، {prefix}{message}")
            target.setStyleSheet(ERROR_STYLE)
            self._marked.append(target)
            self._show_tab_of(target)
            target.setFocus()

    def clear_errors(self) -> None:
        super().clear_errors()
        ui = self.ui
        for label in (ui.members_error_label, ui.itinerary_error_label, ui.gifts_error_label):
            label.clear()
        for widget in self._marked:
            widget.setStyleSheet("")
        self._marked.clear()
        self._show_gift_warnings()

    def _show_tab_of(self, widget: QWidget) -> None:
        tabs = self.ui.tab_widget
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if page is widget or page.isAncestorOf(widget):
                tabs.setCurrentIndex(index)
                return

    # -- drafts ---------------------------------------------------------------------

    def draft_payload(self) -> dict[str, Any]:
        payload = super().draft_payload()
        payload["members"] = [
            {
                "id": str(m.id) if m.id else None,
                "person_id": str(m.person.value()) if m.person.value() else None,
                "side": m.side.currentData(),
                "role": m.role.text(),
                "is_head": m.head.isChecked(),
            }
            for m in self.members
        ]
        payload["itinerary"] = [
            {
                "id": str(w.id) if w.id else None,
                "day": str(self._day_of(w.item)),
                "start_time": w.start.text(),
                "end_time": w.end.text(),
                **{name: edit.text() for name, edit in w.texts.items()},
            }
            for w in self._ordered_items()
        ]
        payload["gifts"] = [
            {
                "id": str(g.id) if g.id else None,
                "direction": g.direction.currentData(),
                "person_id": str(g.person.value()) if g.person.value() else None,
                "description": g.description.text(),
                "given_on": g.given_on.text(),
                "notes": g.notes.text(),
            }
            for g in self.gifts
        ]
        return payload

    def restore_draft(self, payload: dict[str, Any]) -> None:
        super().restore_draft(payload)

        def uid(value: object) -> uuid.UUID | None:
            return uuid.UUID(str(value)) if value else None

        self._filling = True
        try:
            self._clear_rows()
            for m in payload.get("members", []):
                self._add_member_row(
                    uid(m.get("id")),
                    uid(m.get("person_id")),
                    Side(m.get("side") or "guest"),
                    str(m.get("role", "")),
                    bool(m.get("is_head")),
                )
            for item in payload.get("itinerary", []):
                widgets = self._add_item_row(
                    dt.date.fromisoformat(str(item["day"])),
                    uid(item.get("id")),
                    {name: item.get(name, "") for name in ITEM_TEXTS},
                )
                widgets.start.setText(str(item.get("start_time", "")))
                widgets.end.setText(str(item.get("end_time", "")))
            for g in payload.get("gifts", []):
                widgets_g = self._add_gift_row(
                    uid(g.get("id")),
                    direction=GiftDirection(g.get("direction") or "given"),
                    person_id=uid(g.get("person_id")),
                    description=str(g.get("description", "")),
                    notes=str(g.get("notes", "")),
                )
                widgets_g.given_on.line_edit.setText(str(g.get("given_on", "")))
        finally:
            self._filling = False
        for widgets_g in self.gifts:
            self._check_gift(widgets_g)
        self._show_dates()

    # -- other windows ----------------------------------------------------------------

    def print_brief(self, which: str) -> bool:
        """Preview the visit brief or the itinerary (fa/en), saving first if needed."""
        if (self.record_id is None or self.is_dirty()) and not self.save():
            return False
        assert self.record_id is not None
        from peyvand import briefs
        from peyvand.ui.file_dialogs import file_name
        from peyvand.ui.printing import preview_pdf

        db, record_id = self.context.db, self.record_id
        settings, clock = self.context.settings, self.context.clock
        titles = {
            "brief": self.tr("گزارش توجیهی هیئت"),
            "fa": self.tr("برنامه بازدید"),
            "en": self.tr("برنامه بازدید (انگلیسی)"),
        }

        def make(progress: object) -> bytes:
            if which == "brief":
                return briefs.visit_brief(db, record_id, None, settings, clock=clock)
            if which == "en":
                return briefs.itinerary(db, record_id, None, settings, lang="en")
            return briefs.itinerary(db, record_id, None, settings, lang="fa")

        name = file_name(titles[which], self.detail.visit.number if self.detail else "")
        preview_pdf(self, titles[which], name, make, trip=self.context.trip_mode)
        return True
