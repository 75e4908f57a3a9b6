"""آمادگی: the visit's checklist — its items (follow-ups made from a checklist template),
done of all («۸ از ۱۲ انجام شد») with a progress bar, what the gift register, the letters
and the minutes say about them, a template to apply, the printable checklist.

The items are follow-ups, saved by their own use cases (services/checklists.py and the
follow-up editor), not with the visit's fields: this tab shows them and starts those
actions, and the visit editor reloads it after each.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QMessageBox, QTableWidgetItem, QWidget

from peyvand.domain.enums import ActionStatus, ChecklistCheck, DeadlineAnchor, LetterKind
from peyvand.errors import PeyvandError
from peyvand.messages import enum_label
from peyvand.services import checklists
from peyvand.services.checklists import Readiness, ReadinessItem
from peyvand.services.visits import VisitDetail
from peyvand.text import format_jalali_date, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.visit_tabs.base import VisitTab, selected_row
from peyvand.ui.dialogs.visit_tabs.members_tab import table_defaults
from peyvand.ui.forms.ui_visit_readiness_tab import Ui_VisitReadinessTab
from peyvand.ui.widgets.combo import select_data

OVERDUE = QColor("#fde2e2")
DONE = QColor("#6b7280")
OK_TEXT = QColor("#166534")
WARN_TEXT = QColor("#92400e")
# The letter an item asks for, when it asks for one.
LETTER_OF: dict[ChecklistCheck, LetterKind] = {
    ChecklistCheck.INVITATION: LetterKind.INVITATION,
    ChecklistCheck.VISA: LetterKind.VISA_SUPPORT,
    ChecklistCheck.THANK_YOU: LetterKind.THANK_YOU,
}


class ReadinessTab(VisitTab):
    apply_requested = Signal(object)  # the template's id: the editor saves, then applies
    changed = Signal()  # items were added or changed elsewhere: reload

    def __init__(
        self,
        context: AppContext,
        watch: Callable[..., None],
        is_loading: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, watch, is_loading, parent)
        self.ui = Ui_VisitReadinessTab()
        self.ui.setupUi(self)
        ui = self.ui
        self.detail: VisitDetail | None = None
        self.readiness: Readiness | None = None
        table = ui.items_table
        table.setColumnCount(5)
        table.setHorizontalHeaderLabels(
            [
                self.tr("کار"),
                self.tr("واحد مسئول"),
                self.tr("مهلت"),
                self.tr("وضعیت"),
                self.tr("بررسی"),
            ]
        )
        table_defaults(table)
        table.verticalHeader().setDefaultSectionSize(44)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 190), (2, 170), (3, 140), (4, 280)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        table.itemActivated.connect(lambda _item: self.open_item())
        table.itemSelectionChanged.connect(self._enable)
        ui.apply_button.clicked.connect(self._request_apply)
        ui.open_item_button.clicked.connect(lambda: self.open_item())  # noqa: PLW0108
        ui.letter_button.clicked.connect(lambda: self.new_letter())  # noqa: PLW0108
        ui.print_checklist_button.clicked.connect(lambda: self.print_checklist())  # noqa: PLW0108
        self.reload_templates()

    def focus_order(self) -> list[QWidget]:
        ui = self.ui
        return [
            ui.template_combo,
            ui.apply_button,
            ui.items_table,
            ui.open_item_button,
            ui.letter_button,
            ui.print_checklist_button,
        ]

    # -- showing ---------------------------------------------------------------

    def reload_templates(self) -> None:
        combo = self.ui.template_combo
        current = combo.currentData()
        combo.clear()
        for template in checklists.templates(self.context.db):
            combo.addItem(template.name, template.id)
        select_data(combo, current)

    def show_visit(self, detail: VisitDetail | None) -> None:
        self.detail = detail
        if detail is not None:
            # The template «اعمال الگو» takes for this visit's direction, to start with.
            default = checklists.default_template(self.context.db, detail.visit.id)
            if default is not None:
                select_data(self.ui.template_combo, default)
        self.reload()

    def reload(self) -> None:
        ui = self.ui
        table = ui.items_table
        table.setRowCount(0)
        if self.detail is None:
            self.readiness = None
            ui.progress_label.setText(self.tr("ابتدا هیئت را ذخیره کنید."))
            ui.progress_bar.setRange(0, 1)
            ui.progress_bar.setValue(0)
            ui.readiness_note_label.clear()
            self._enable()
            return
        state = self.readiness = checklists.readiness(
            self.context.db, self.detail.visit.id, clock=self.context.clock
        )
        if not state.items:
            ui.progress_label.setText(self.tr("فهرست آمادگی ندارد"))
        else:
            ui.progress_label.setText(checklists.summary_line(state))
        ui.progress_bar.setRange(0, max(state.total, 1))
        ui.progress_bar.setValue(state.done)
        for item in state.items:
            self._add_row(item)
        ui.readiness_note_label.setText(
            self.tr(
                "بندها پیگیری‌های این هیئت‌اند و در پیشخوان و فهرست پیگیری‌ها هم دیده "
                "می‌شوند؛ با دوبار کلیک، پیگیری باز می‌شود و وضعیتش را می‌توان تغییر داد."
            )
            if state.items
            else self.tr("الگویی برگزینید و «اعمال الگو» را بزنید.")
        )
        self._enable()

    def _add_row(self, entry: ReadinessItem) -> None:
        table = self.ui.items_table
        row_data = entry.view.row
        row = table.rowCount()
        table.insertRow(row)
        status = ActionStatus(row_data.status)
        due = format_jalali_date(row_data.due_date) if row_data.due_date else ""
        offset = self._offset(entry)
        state = enum_label(status)
        if entry.view.overdue:
            state += self.tr("؛ عقب‌افتاده")
        cells = [
            row_data.title,
            entry.view.unit,
            "\n".join(x for x in (due, offset) if x),
            state,
            entry.hint.text("fa") if entry.hint else "",
        ]
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            if column == 0:
                cell.setData(Qt.ItemDataRole.UserRole, row_data.id)
            if entry.view.overdue:
                cell.setBackground(QBrush(OVERDUE))
            if status == ActionStatus.DONE:
                cell.setForeground(QBrush(DONE))
            if column == 4 and entry.hint is not None:
                cell.setForeground(QBrush(OK_TEXT if entry.hint.ok else WARN_TEXT))
            table.setItem(row, column, cell)

    def _offset(self, entry: ReadinessItem) -> str:
        row = entry.view.row
        visit = self.detail.visit if self.detail else None
        if visit is None or row.deadline_anchor is None or row.due_date is None:
            return ""
        anchor = DeadlineAnchor(row.deadline_anchor)
        base = (
            visit.arrival
            if anchor == DeadlineAnchor.ARRIVAL
            else (visit.departure or visit.arrival)
        )
        if base is None:
            return ""
        return checklists.offset_text(anchor, (row.due_date - base).days)

    def _enable(self) -> None:
        ui = self.ui
        saved = self.detail is not None
        has_rows = ui.items_table.rowCount() > 0
        ui.apply_button.setEnabled(saved and ui.template_combo.count() > 0)
        ui.open_item_button.setEnabled(has_rows and selected_row(ui.items_table) >= 0)
        ui.letter_button.setEnabled(saved)
        ui.print_checklist_button.setEnabled(saved)

    def progress_text(self) -> str:
        return str(self.ui.progress_label.text())

    # -- actions ---------------------------------------------------------------

    def _request_apply(self) -> None:
        template_id = self.ui.template_combo.currentData()
        if isinstance(template_id, uuid.UUID):
            self.apply_requested.emit(template_id)

    def apply_template(self, template_id: uuid.UUID) -> checklists.ApplyResult | None:
        """Make the template's items follow-ups of the (saved) visit; says what it did."""
        if self.detail is None:
            return None
        try:
            result = checklists.apply(
                self.context.db, self.detail.visit.id, template_id, clock=self.context.clock
            )
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("الگو اعمال نشد"), exc.message("fa"))
            return None
        self.reload()
        if result.undated:
            QMessageBox.information(
                self,
                self.tr("آمادگی"),
                self.tr("{count} بند بی‌مهلت ماند؛ تاریخ ورود و بازگشت هیئت را وارد کنید.").format(
                    count=to_persian_digits(result.undated)
                ),
            )
        return result

    def current_item(self) -> ReadinessItem | None:
        row = selected_row(self.ui.items_table)
        if self.readiness is None or not 0 <= row < len(self.readiness.items):
            return None
        return self.readiness.items[row]

    def open_item(self) -> QWidget | None:
        """The follow-up editor of the chosen item (status, notes, deadline)."""
        from peyvand.ui.registry import editor_class

        item = self.current_item()
        if item is None:
            return None
        editor = editor_class("action")(self.context, item.view.row.id, self.window())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self.reload())
        editor.destroyed.connect(lambda _obj: self._reload_if_alive())
        editor.start()
        editor.show()
        widget: QWidget = editor
        return widget

    def _reload_if_alive(self) -> None:
        try:
            self.objectName()
        except RuntimeError:
            return
        self.reload()

    def new_letter(self) -> QWidget | None:
        """A letter for this visit, of the kind the chosen item asks for."""
        from peyvand.ui.dialogs.letter_editor import LetterEditor

        if self.detail is None:
            return None
        item = self.current_item()
        kind = LETTER_OF.get(item.check) if item is not None and item.check else None
        editor = LetterEditor(self.context, None, self.window(), kind=kind,
                              visit_id=self.detail.visit.id)  # fmt: skip
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self.reload())
        editor.start()
        editor.show()
        return editor

    def print_checklist(self) -> bool:
        from peyvand import briefs
        from peyvand.ui.file_dialogs import file_name
        from peyvand.ui.printing import preview_pdf

        if self.detail is None:
            return False
        db, visit_id = self.context.db, self.detail.visit.id
        settings, clock = self.context.settings, self.context.clock
        title = self.tr("فهرست آمادگی هیئت")
        preview_pdf(
            self,
            title,
            file_name(title, self.detail.visit.number),
            lambda progress: briefs.checklist(db, visit_id, None, settings, clock=clock),
            trip=self.context.trip_mode,
        )
        return True
