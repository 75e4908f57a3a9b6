"""نمای ارتباط: everything the office did with one partner city or organization —
visits, meetings, decisions, actions and agreements, newest first. Opening an entry
asks for its record through ``open_requested`` (a decision opens its meeting, an
agreement its partnership: the records that have an editor)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidgetItem,
    QWidget,
)

from peyvand.domain import Agreement, Decision, Organization
from peyvand.messages import enum_label
from peyvand.services import partnerships, records
from peyvand.services.clock import today
from peyvand.services.timeline import TimelineEntry, timeline
from peyvand.text import format_jalali_date, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import display
from peyvand.ui.forms.ui_relationship_view import Ui_RelationshipView

ENTRY_ROLE = Qt.ItemDataRole.UserRole
UPCOMING = QColor("#1d4ed8")
COLUMNS = ("day", "kind", "number", "title", "detail")


class RelationshipView(QDialog):
    open_requested = Signal(str, object)  # entity, uuid

    def __init__(
        self,
        context: AppContext,
        *,
        partnership_id: uuid.UUID | None = None,
        organization_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if partnership_id is None and organization_id is None:
            raise ValueError("a relationship view needs a partnership or an organization")
        self.context = context
        self.partnership_id = partnership_id
        self.organization_id = organization_id
        self.ui = Ui_RelationshipView()
        self.ui.setupUi(self)
        self.entries: list[TimelineEntry] = []
        self._kinds = {
            "visit": self.tr("هیئت"),
            "meeting": self.tr("جلسه"),
            "decision": self.tr("مصوبه"),
            "action": self.tr("پیگیری"),
            "agreement": self.tr("توافق‌نامه"),
        }
        ui = self.ui
        ui.kind_combo.addItem(self.tr("همه"), "")
        for kind, text in self._kinds.items():
            ui.kind_combo.addItem(text, kind)
        table = ui.timeline_table
        table.setColumnCount(len(COLUMNS))
        table.setHorizontalHeaderLabels(
            [self.tr("تاریخ"), self.tr("نوع"), self.tr("شماره"), self.tr("عنوان"), self.tr("شرح")]
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMNS.index("detail"), QHeaderView.ResizeMode.Interactive)
        table.itemActivated.connect(self._open_item)
        table.itemDoubleClicked.connect(self._open_item)
        table.itemSelectionChanged.connect(self._update_buttons)
        ui.open_button.clicked.connect(self.open_selected)
        ui.kind_combo.currentIndexChanged.connect(self._filter)
        ui.button_box.rejected.connect(self.reject)
        ui.button_box.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.refresh()

    # -- loading --------------------------------------------------------------

    def refresh(self) -> None:
        self._show_header()
        self.entries = timeline(
            self.context.db,
            partnership_id=self.partnership_id,
            organization_id=self.organization_id,
        )
        self._fill()

    def _show_header(self) -> None:
        ui = self.ui
        if self.partnership_id is not None:
            view = partnerships.get_view(
                self.context.db,
                self.partnership_id,
                months=self.context.settings.dormancy_months,
                clock=self.context.clock,
            )
            name = view.row.partner_city
            parts = [enum_label(view.row.kind), enum_label(view.row.status)]
            if view.row.partner_country:
                parts.insert(1, view.row.partner_country)
            last = (
                format_jalali_date(view.last_contact) if view.last_contact else self.tr("ثبت نشده")
            )
            parts.append(self.tr("آخرین تماس: {day}").format(day=last))
            parts.append(
                self.tr("توافق‌نامه‌ها: {n}").format(n=to_persian_digits(len(view.agreements)))
            )
            ui.dormant_label.setVisible(view.dormant)
        else:
            assert self.organization_id is not None
            org = records.get_row(self.context.db, Organization, self.organization_id)
            name = org.name
            parts = [enum_label(org.kind)]
            place = "، ".join(p for p in (org.city, org.country) if p)
            if place:
                parts.append(place)
            ui.dormant_label.hide()
        title = self.tr("نمای ارتباط — {name}").format(name=name)
        self.setWindowTitle(title)
        ui.title_label.setText(title)
        ui.summary_label.setText(" · ".join(parts))

    def _fill(self) -> None:
        table = self.ui.timeline_table
        table.setRowCount(len(self.entries))
        on = today(self.context.clock)
        italic = QFont(table.font())
        italic.setItalic(True)
        for row, entry in enumerate(self.entries):
            texts = (
                format_jalali_date(entry.day) if entry.day else "",
                self._kinds.get(entry.kind, entry.kind),
                to_persian_digits(entry.number),
                entry.title,
                display(entry.detail),
            )
            upcoming = entry.day is not None and entry.day > on
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ENTRY_ROLE, row)
                item.setToolTip(entry.title if column == COLUMNS.index("title") else text)
                if upcoming:
                    item.setForeground(QBrush(UPCOMING))
                    item.setFont(italic)
                    item.setToolTip(self.tr("پیش رو: {text}").format(text=text))
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.resizeSection(COLUMNS.index("detail"), 220)
        self._filter()

    def _filter(self, *_args: object) -> None:
        kind = self.ui.kind_combo.currentData()
        shown = 0
        for row, entry in enumerate(self.entries):
            hidden = bool(kind) and entry.kind != kind
            self.ui.timeline_table.setRowHidden(row, hidden)
            shown += not hidden
        self.ui.count_label.setText(self.tr("{n} مورد").format(n=to_persian_digits(shown)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.ui.open_button.setEnabled(self.selected_entry() is not None)

    # -- opening --------------------------------------------------------------

    def selected_entry(self) -> TimelineEntry | None:
        items = self.ui.timeline_table.selectedItems()
        if not items:
            return None
        return self.entries[int(items[0].data(ENTRY_ROLE))]

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.open_entry(entry)

    def _open_item(self, item: QTableWidgetItem) -> None:
        self.open_entry(self.entries[int(item.data(ENTRY_ROLE))])

    def open_entry(self, entry: TimelineEntry) -> tuple[str, uuid.UUID]:
        """Emit ``open_requested`` for the record behind ``entry``; returns what was asked."""
        entity, record_id = entry.kind, entry.entity_id
        if entry.kind == "decision":
            decision = records.get_row(self.context.db, Decision, entry.entity_id)
            entity, record_id = "meeting", decision.meeting_id
        elif entry.kind == "agreement":
            agreement = records.get_row(self.context.db, Agreement, entry.entity_id)
            entity, record_id = "partnership", agreement.partnership_id
        self.open_requested.emit(entity, record_id)
        return entity, record_id
