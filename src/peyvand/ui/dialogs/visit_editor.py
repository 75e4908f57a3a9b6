"""هیئت: one delegation visit — its details, members with roles, the itinerary day by
day, logistics, gifts given and received (with the repeat-gift warning), attachments.

The visit and everything under it is saved in one transaction by
``services.visits.save_visit``. Each tab is its own widget and form (``visit_tabs``);
this dialog holds the header, the buttons, the save, the errors and the drafts. Rows
(members, itinerary items, gifts) are edited in place and built in code, since their
number varies.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QStyle, QWidget

from peyvand.domain.enums import GiftDirection, Side
from peyvand.errors import ValidationError
from peyvand.services import checklists, visits
from peyvand.services.visits import PreviousGift, VisitDetail
from peyvand.text import format_jalali_date, format_jalali_long, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import (
    EditorDialog,
    buttons_in_order,
    focus_chain,
    focus_field,
    set_tab_order,
)
from peyvand.ui.dialogs.partnership_editor import select_row
from peyvand.ui.dialogs.visit_tabs.base import ERROR_STYLE, LRI, PDI
from peyvand.ui.dialogs.visit_tabs.details_tab import DetailsTab
from peyvand.ui.dialogs.visit_tabs.gifts_tab import GiftsTab
from peyvand.ui.dialogs.visit_tabs.itinerary_tab import ItineraryTab
from peyvand.ui.dialogs.visit_tabs.logistics_tab import LogisticsTab
from peyvand.ui.dialogs.visit_tabs.members_tab import MembersTab
from peyvand.ui.dialogs.visit_tabs.readiness_tab import ReadinessTab
from peyvand.ui.dialogs.visit_tabs.rows import (
    ITEM_TEXTS,
    GiftWidgets,
    ItemWidgets,
    MemberWidgets,
)
from peyvand.ui.formatting import short_number
from peyvand.ui.forms.ui_visit_editor import Ui_VisitEditor
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel
from peyvand.ui.widgets.record_picker import RecordPicker


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
        self.detail: VisitDetail | None = None
        self._filling = False
        self._last_error: ValidationError | None = None
        self._marked: list[QWidget] = []
        self._build_tabs()
        self.setup_buttons(ui.button_box)
        ui.history_button.clicked.connect(self.show_history)
        ui.brief_button.clicked.connect(lambda: self.print_brief("brief"))
        ui.itinerary_button.clicked.connect(lambda: self.print_brief("fa"))
        ui.itinerary_en_button.clicked.connect(lambda: self.print_brief("en"))
        self.saved.connect(self._on_saved)
        self.set_tab_order()

    # -- set-up ---------------------------------------------------------------

    def _build_tabs(self) -> None:
        ui = self.ui
        context = self.context
        tabs = ui.tab_widget

        def loading() -> bool:
            return self._filling

        self.details = DetailsTab(context, self.watch, loading, tabs)
        arrival = self.details.ui.arrival_edit.value
        self.members_tab = MembersTab(context, self.watch, loading, tabs)
        self.itinerary = ItineraryTab(context, self.watch, loading, arrival, tabs)
        self.logistics = LogisticsTab(context, self.watch, loading, tabs)
        self.gifts_tab = GiftsTab(context, self.watch, loading, arrival, tabs)
        self.readiness_tab = ReadinessTab(context, self.watch, loading, tabs)
        pages: tuple[tuple[QWidget, str, str], ...] = (
            (self.details, "details_tab", self.tr("مشخصات")),
            (self.members_tab, "members_tab", self.tr("اعضا")),
            (self.itinerary, "itinerary_tab", self.tr("برنامه سفر")),
            (self.logistics, "logistics_tab", self.tr("پشتیبانی")),
            (self.gifts_tab, "gifts_tab", self.tr("هدایا")),
            (self.readiness_tab, "readiness_tab", self.tr("آمادگی")),
        )
        for index, (page, name, title) in enumerate(pages):
            page.setObjectName(name)
            tabs.insertTab(index, page, title)
        tabs.setCurrentIndex(0)
        self.organization_picker = self.details.organization_picker
        self.attachments_panel = AttachmentsPanel(context, "visit", ui.attachments_tab)
        ui.attachments_layout.addWidget(self.attachments_panel)
        for tab in (self.members_tab, self.itinerary, self.gifts_tab):
            tab.edited.connect(self.mark_dirty)
        self.details.dates_changed.connect(self.itinerary.retitle_days)
        self.members_tab.head_changed.connect(self._show_head)
        self.gifts_tab.warned.connect(self._show_gift_icon)
        self.members_tab.rows_changed.connect(self.set_tab_order)
        self.gifts_tab.rows_changed.connect(self.set_tab_order)
        self.readiness_tab.apply_requested.connect(self.apply_checklist)

    def set_tab_order(self) -> None:
        """Tab follows the form as it is read: the tabs, the fields of the tab shown
        (rows cell by cell), then the buttons under the tabs."""
        ui = self.ui
        set_tab_order(
            ui.tab_widget,
            self.details.focus_order(),
            self.members_tab.focus_order(),
            self.itinerary.focus_order(),
            self.logistics.focus_order(),
            self.gifts_tab.focus_order(),
            self.readiness_tab.focus_order(),
            [w for w in focus_chain(self) if ui.attachments_tab.isAncestorOf(w)],
            ui.history_button,
            ui.brief_button,
            ui.itinerary_button,
            ui.itinerary_en_button,
            buttons_in_order(ui.button_box),
        )

    # -- the rows, as the tabs hold them ------------------------------------------

    @property
    def members(self) -> list[MemberWidgets]:
        return self.members_tab.members

    @property
    def items(self) -> list[ItemWidgets]:
        return self.itinerary.items

    @property
    def gifts(self) -> list[GiftWidgets]:
        return self.gifts_tab.gifts

    def add_member(self) -> MemberWidgets:
        return self.members_tab.add_member()

    def add_item(self) -> ItemWidgets | None:
        widgets = self.itinerary.add_item()
        self.set_tab_order()
        return widgets

    def add_gift(self) -> GiftWidgets:
        return self.gifts_tab.add_gift()

    def gift_warnings(self) -> list[PreviousGift]:
        return self.gifts_tab.warnings()

    def pickers(self) -> list[RecordPicker]:
        # The rows' pickers that are still rows (a removed row's widget may linger).
        return [
            self.organization_picker,
            *(m.person for m in self.members),
            *(g.person for g in self.gifts),
        ]

    def show_picker_error(self, picker: RecordPicker, message: str) -> None:
        rows: list[tuple[str, list[Any]]] = [("members", self.members), ("gifts", self.gifts)]
        for part, widgets in rows:
            for index, row in enumerate(widgets):
                if row.person is picker:
                    self._last_error = ValidationError(
                        "field.invalid", field="person_id", part=part, index=index
                    )
                    self.show_error("person_id", message)
                    picker.set_error(message)
                    return
        super().show_picker_error(picker, message)

    # -- EditorDialog ---------------------------------------------------------

    def load(self) -> None:
        if self.record_id is None:
            self._fill(None)
            return
        self._fill(visits.get_detail(self.context.db, self.record_id))

    def collect(self) -> dict[str, Any]:
        try:
            return {
                "visit": {**self.details.values(), **self.logistics.values()},
                "members": self.members_tab.values(),
                "itinerary": self.itinerary.values(),
                "gifts": self.gifts_tab.values(),
            }
        except ValidationError as exc:
            self._last_error = exc
            raise

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        move = self.ask_move_checklist(values["visit"])
        try:
            detail = visits.save_visit(
                self.context.db,
                self.record_id,
                values["visit"],
                members=values["members"],
                itinerary=values["itinerary"],
                gifts=values["gifts"],
                expected_revision=self.revision,
                move_checklist=move,
                clock=self.context.clock,
            )
        except ValidationError as exc:
            self._last_error = exc
            raise
        # The saved rows now have ids: show them, so a second save updates, not adds.
        self._fill(detail)
        return detail.visit.id

    def field_widgets(self) -> dict[str, QWidget]:
        return {**self.details.field_widgets(), **self.logistics.field_widgets()}

    def draft_title(self) -> str:
        return self.details.ui.title_edit.text() or self.tr("هیئت جدید")

    # -- filling the widgets ---------------------------------------------------

    def _fill(self, detail: VisitDetail | None) -> None:
        self._filling = True
        try:
            self.detail = detail
            visit = detail.visit if detail else None
            self.revision = visit.revision if visit else None
            self.details.show_visit(detail)
            self.logistics.show_visit(detail)
            self.readiness_tab.show_visit(detail)
            self._clear_rows()
            if detail is not None:
                for member in detail.members:
                    self.members_tab.add_row(
                        member.row.id,
                        member.row.person_id,
                        Side(member.row.side),
                        member.row.role,
                        member.row.is_head,
                    )
                for day in detail.itinerary:
                    for item in day.items:
                        self.itinerary.add_row(day.day, item.id, item.model_dump())
                for gift in detail.gifts:
                    row = gift.row
                    self.gifts_tab.add_row(
                        row.id,
                        direction=GiftDirection(row.direction),
                        person_id=row.person_id,
                        description=row.description,
                        given_on=row.given_on,
                        notes=row.notes,
                    )
        finally:
            self._filling = False
        self.gifts_tab.check_all()
        self._show_title()
        self.details.show_dates()
        self.set_tab_order()

    def _clear_rows(self) -> None:
        self.members_tab.clear()
        self.itinerary.clear()
        self.gifts_tab.clear()

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
        self._show_head(head.name if head else "")
        ui.history_button.setEnabled(visit is not None)
        for button in (ui.brief_button, ui.itinerary_button, ui.itinerary_en_button):
            button.setEnabled(visit is not None)
        self.attachments_panel.set_owner(visit.id if visit else None)
        if self.is_dirty():
            self.set_dirty(True)

    def _show_head(self, name: str) -> None:
        self.ui.head_label.setText(self.tr("سرپرست: {name}").format(name=name) if name else "")

    def _show_gift_icon(self, warned: bool) -> None:
        tabs = self.ui.tab_widget
        icon = (
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            if warned
            else QIcon()
        )
        tabs.setTabIcon(tabs.indexOf(self.gifts_tab), icon)

    def _on_saved(self, _record_id: object) -> None:
        self._show_title()

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
            "members": (self.members, self.members_tab.ui.members_error_label),
            "itinerary": (self.itinerary.ordered_items(), self.itinerary.ui.itinerary_error_label),
            "gifts": (self.gifts, self.gifts_tab.ui.gifts_error_label),
        }
        widgets, label = rows[str(part)]
        prefix = self.tr("ردیف {n}: ").format(n=to_persian_digits(index + 1))
        label.setText(prefix + message)
        if 0 <= index < len(widgets):
            target: QWidget = widgets[index].widget(field or "")
            if part == "members":
                select_row(self.members_tab.ui.members_table, index)
            elif part == "gifts":
                select_row(self.gifts_tab.ui.gifts_table, index)
            if isinstance(widgets[index], ItemWidgets):
                self.itinerary.ui.itinerary_tree.setCurrentItem(widgets[index].item)
                day = self.itinerary.day_of(widgets[index].item)
                if day is not None:
                    label.setText(f"{format_jalali_long(day)}، {prefix}{message}")
            target.setStyleSheet(ERROR_STYLE)
            self._marked.append(target)
            self._show_tab_of(target)
            focus_field(target)

    def clear_errors(self) -> None:
        super().clear_errors()
        for label in (
            self.members_tab.ui.members_error_label,
            self.itinerary.ui.itinerary_error_label,
            self.gifts_tab.ui.gifts_error_label,
        ):
            label.clear()
        for widget in self._marked:
            widget.setStyleSheet("")
        self._marked.clear()
        self.gifts_tab.show_warnings()

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
                "person_typed": m.person.unmatched_text(),
                "side": m.side.currentData(),
                "role": m.role.text(),
                "is_head": m.head.isChecked(),
            }
            for m in self.members
        ]
        payload["itinerary"] = [
            {
                "id": str(w.id) if w.id else None,
                "day": str(self.itinerary.day_of(w.item)),
                "start_time": w.start.text(),
                "end_time": w.end.text(),
                **{name: edit.text() for name, edit in w.texts.items()},
            }
            for w in self.itinerary.ordered_items()
        ]
        payload["gifts"] = [
            {
                "id": str(g.id) if g.id else None,
                "direction": g.direction.currentData(),
                "person_id": str(g.person.value()) if g.person.value() else None,
                "person_typed": g.person.unmatched_text(),
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
                member = self.members_tab.add_row(
                    uid(m.get("id")),
                    uid(m.get("person_id")),
                    Side(m.get("side") or "guest"),
                    str(m.get("role", "")),
                    bool(m.get("is_head")),
                )
                if m.get("person_typed"):
                    member.person.restore_draft_state({"typed": m["person_typed"]})
            for item in payload.get("itinerary", []):
                widgets = self.itinerary.add_row(
                    dt.date.fromisoformat(str(item["day"])),
                    uid(item.get("id")),
                    {name: item.get(name, "") for name in ITEM_TEXTS},
                )
                widgets.start.setText(str(item.get("start_time", "")))
                widgets.end.setText(str(item.get("end_time", "")))
            for g in payload.get("gifts", []):
                widgets_g = self.gifts_tab.add_row(
                    uid(g.get("id")),
                    direction=GiftDirection(g.get("direction") or "given"),
                    person_id=uid(g.get("person_id")),
                    description=str(g.get("description", "")),
                    notes=str(g.get("notes", "")),
                )
                widgets_g.given_on.line_edit.setText(str(g.get("given_on", "")))
                if g.get("person_typed"):
                    widgets_g.person.restore_draft_state({"typed": g["person_typed"]})
        finally:
            self._filling = False
        self.gifts_tab.check_all()
        self.details.show_dates()
        self.members_tab.show_head()
        self.set_tab_order()

    # -- the checklist («آمادگی») ----------------------------------------------------

    def ask_move_checklist(self, values: dict[str, Any]) -> bool:
        """When the dates change, whether the open checklist items move with them (the
        service computes which and by how much; the user decides)."""
        visit = self.detail.visit if self.detail else None
        if visit is None or self.record_id is None:
            return False
        arrival, departure = values.get("arrival"), values.get("departure")
        if (arrival, departure) == (visit.arrival, visit.departure):
            return False
        moves = checklists.plan_moves(self.context.db, self.record_id, arrival, departure)
        if not moves:
            return False
        lines = [
            self.tr("«{title}»: {old} ← {new}").format(
                title=m.title,
                old=format_jalali_date(m.old_due),
                new=format_jalali_date(m.new_due),
            )
            for m in moves[:5]
        ]
        if len(moves) > 5:
            lines.append(self.tr("و {count} کار دیگر").format(
                count=to_persian_digits(len(moves) - 5)))  # fmt: skip
        answer = QMessageBox.question(
            self,
            self.tr("جابه‌جایی کارهای آمادگی"),
            self.tr(
                "تاریخ‌های سفر تغییر کرده است. مهلت {count} کار باز فهرست آمادگی هم با آن "
                "جابه‌جا شود؟\n\n{lines}"
            ).format(count=to_persian_digits(len(moves)), lines="\n".join(lines)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def apply_checklist(self, template_id: uuid.UUID) -> bool:
        """«اعمال الگو»: the visit is saved first (its dates make the deadlines)."""
        if (self.record_id is None or self.is_dirty()) and not self.save():
            return False
        return self.readiness_tab.apply_template(template_id) is not None

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
        make_docx = None
        if which == "brief":
            from peyvand import word

            def make_docx() -> bytes:
                return word.visit_brief_docx(db, record_id, None, settings, clock=clock)

        preview_pdf(
            self,
            titles[which],
            name,
            make,
            trip=self.context.trip_mode,
            make_docx=make_docx,
            context=self.context,
        )
        return True
