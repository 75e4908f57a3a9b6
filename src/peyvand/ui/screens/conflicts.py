"""ناسازگاری‌ها: what a trip import could not decide, resolved one by one.

Each open conflict (services.conflicts) is a field the office and the laptop both
changed, differently, or a record one side deleted while the other edited it. For the
selected one the office and laptop values stand side by side (with the value at export
below, and a word-level diff for long texts); «نگه‌داشتن مقدار دفتر», «پذیرفتن مقدار
سفر» or «ویرایش…» resolves it. The value not chosen stays in the record's history.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import uuid
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMessageBox, QTableWidgetItem, QWidget

from peyvand.errors import PeyvandError
from peyvand.messages import ENTITY_LABELS, FIELD_LABELS, label
from peyvand.services import conflicts
from peyvand.services.conflicts import ConflictView
from peyvand.text import format_datetime_local, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import display, rtl_text_option
from peyvand.ui.forms.ui_conflicts import Ui_ConflictsScreen
from peyvand.ui.permissions import Act, why_not

# A text this long, or with a line break, is shown with a diff under the two values.
LONG_TEXT = 60
DELETED_STYLE = "background:#fee2e2; color:#991b1b; text-decoration:line-through;"
INSERTED_STYLE = "background:#dcfce7; color:#166534;"
# A word with the spaces after it: spaces alone never count as a match between edits.
_TOKENS = re.compile(r"\s*\S+\s*|\s+")


def word_diff_html(office: str, laptop: str) -> str:
    """The two texts word by word, right to left: words only in the office's text
    struck through in red, words only in the laptop's in green."""
    before, after = _TOKENS.findall(office), _TOKENS.findall(laptop)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts: list[str] = []

    def span(tokens: list[str], style: str) -> None:
        text = _escaped("".join(tokens))
        if text.strip():
            parts.append(f'<span style="{style}">{text}</span>')
        else:
            parts.append(text)

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_escaped("".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            span(before[i1:i2], DELETED_STYLE)
        if op == "replace":
            parts.append(" ")
        if op in ("insert", "replace"):
            span(after[j1:j2], INSERTED_STYLE)
    body = "".join(parts)
    return f'<div dir="rtl" align="right" style="white-space: pre-wrap;">{body}</div>'


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class ConflictsScreen(QWidget):
    resolved = Signal(int)  # the conflict's number; the record changed

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._views: list[ConflictView] = []
        self.ui = Ui_ConflictsScreen()
        self.ui.setupUi(self)
        ui = self.ui
        header = ui.conflicts_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        for edit in (ui.office_edit, ui.laptop_edit):
            edit.document().setDefaultTextOption(rtl_text_option())
        ui.diff_browser.document().setDefaultTextOption(rtl_text_option())
        ui.splitter.setStretchFactor(0, 1)
        ui.splitter.setStretchFactor(1, 3)
        ui.splitter.setSizes([170, 510])  # a few conflicts in view, the values below
        ui.conflicts_table.itemSelectionChanged.connect(self._show_selected)
        ui.keep_button.clicked.connect(lambda: self.resolve_selected("office"))
        ui.take_button.clicked.connect(lambda: self.resolve_selected("laptop"))
        ui.edit_button.clicked.connect(lambda: self.edit_selected())  # noqa: PLW0108
        ui.history_button.clicked.connect(lambda: self.show_history())  # noqa: PLW0108
        self.refresh()

    # -- the list -------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected()
        keep = selected.seq if selected is not None else None
        self._views = conflicts.open_conflicts(self.context.db)
        ui = self.ui
        table = ui.conflicts_table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(self._views))
        for row, view in enumerate(self._views):
            cells = (
                self.record_text(view),
                self.field_text(view),
                self.kind_text(view),
                format_datetime_local(view.conflict.found_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, view.seq)
                item.setToolTip(text)
                table.setItem(row, column, item)
        table.blockSignals(False)
        ui.count_label.setText(
            self.tr("{n} ناسازگاری باز").format(n=to_persian_digits(len(self._views)))
        )
        has_any = bool(self._views)
        ui.empty_label.setVisible(not has_any)
        ui.splitter.setVisible(has_any)
        seqs = [v.seq for v in self._views]
        if has_any:
            self.select_row(seqs.index(keep) if keep in seqs else 0)
        else:
            self._show_selected()

    def views(self) -> list[ConflictView]:
        return list(self._views)

    def select_row(self, row: int) -> None:
        # setCurrentCell, not selectRow: that one needs the header laid out (shown).
        self.ui.conflicts_table.setCurrentCell(row, 0)
        self._show_selected()

    def selected(self) -> ConflictView | None:
        model = self.ui.conflicts_table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        row: int = rows[0].row() if rows else -1
        if not 0 <= row < len(self._views):
            return None
        return self._views[row]

    # -- wording --------------------------------------------------------------

    def record_text(self, view: ConflictView) -> str:
        entity = label(ENTITY_LABELS, view.conflict.entity, "fa")
        return f"{entity}: {view.title}"

    def field_text(self, view: ConflictView) -> str:
        if view.conflict.kind == conflicts.DELETE_VS_EDIT:
            return self.tr("کل رکورد")
        return label(FIELD_LABELS, view.conflict.field, "fa")

    def kind_text(self, view: ConflictView) -> str:
        if view.conflict.kind == conflicts.DELETE_VS_EDIT:
            return self.tr("حذف در برابر ویرایش")
        return self.tr("دو مقدار متفاوت")

    def deleted_text(self, deleted: Any, side: str) -> str:
        """«حذف‌شده در سفر» / «ویرایش‌شده در دفتر»: a delete-vs-edit side in words."""
        if side == "office":
            return self.tr("حذف‌شده در دفتر") if deleted else self.tr("ویرایش‌شده در دفتر")
        return self.tr("حذف‌شده در سفر") if deleted else self.tr("ویرایش‌شده در سفر")

    def value_text(self, value: Any) -> str:
        if value is None or value == "":
            return self.tr("(خالی)")
        if isinstance(value, bool):
            return self.tr("بله") if value else self.tr("خیر")
        if isinstance(value, dt.datetime):
            return format_datetime_local(value)
        if isinstance(value, list | tuple):
            return "، ".join(self.value_text(v) for v in value)
        if isinstance(value, Enum | dt.date | dt.time | int):
            return display(value)
        return str(value)

    # -- the selected conflict ------------------------------------------------

    def _show_selected(self) -> None:
        ui = self.ui
        view = self.selected()
        for button in (ui.keep_button, ui.take_button, ui.edit_button, ui.history_button):
            button.setEnabled(view is not None)
        if view is None:
            for edit in (ui.office_edit, ui.laptop_edit):
                edit.clear()
            ui.record_label.clear()
            ui.field_label.clear()
            ui.base_label.clear()
            ui.current_label.hide()
            ui.diff_group.hide()
            return
        ui.record_label.setText(self.record_text(view))
        delete_vs_edit = view.conflict.kind == conflicts.DELETE_VS_EDIT
        if delete_vs_edit:
            ui.field_label.setText(
                self.tr(
                    "یک سو این رکورد را حذف کرده و سوی دیگر آن را ویرایش کرده است. رکورد "
                    "فعلاً برقرار مانده است."
                )
            )
            office = self.deleted_text(view.office, "office")
            laptop = self.deleted_text(view.laptop, "laptop")
            base = self.tr("برقرار")
        else:
            ui.field_label.setText(self.tr("فیلد: {field}").format(field=self.field_text(view)))
            office, laptop = self.value_text(view.office), self.value_text(view.laptop)
            base = self.value_text(view.base) if view.conflict.has_base else self.tr("(نامعلوم)")
        ui.office_edit.setPlainText(office)
        ui.laptop_edit.setPlainText(laptop)
        ui.base_label.setText(base)
        changed_since = not delete_vs_edit and view.current != view.office
        ui.current_label.setVisible(changed_since)
        if changed_since:
            ui.current_label.setText(
                self.tr("این مقدار پس از ورود بسته باز هم تغییر کرده است؛ اکنون: {value}").format(
                    value=self.value_text(view.current)
                )
            )
        long_texts = (
            isinstance(view.office, str)
            and isinstance(view.laptop, str)
            and any(len(t) > LONG_TEXT or "\n" in t for t in (view.office, view.laptop))
        )
        ui.diff_group.setVisible(long_texts)
        if long_texts:
            ui.diff_browser.setHtml(word_diff_html(str(view.office), str(view.laptop)))
        ui.edit_button.setEnabled(self.can_edit(view))
        ui.edit_button.setToolTip(
            ""
            if self.can_edit(view)
            else self.tr("این مورد را نمی‌توان دستی نوشت؛ یکی از دو مقدار را برگزینید.")
        )
        ui.keep_button.setToolTip(self._choice_tip(view, "office"))
        ui.take_button.setToolTip(self._choice_tip(view, "laptop"))
        refused = why_not(self.context.account, Act.RESOLVE_CONFLICT, view.classification)
        if refused:
            for button in (ui.keep_button, ui.take_button, ui.edit_button):
                button.setEnabled(False)
                button.setToolTip(refused)

    def _choice_tip(self, view: ConflictView, choice: str) -> str:
        if view.conflict.kind == conflicts.DELETE_VS_EDIT:
            deleted = view.office if choice == "office" else view.laptop
            return self.tr("رکورد حذف می‌شود.") if deleted else self.tr("رکورد برقرار می‌ماند.")
        if choice == "office":
            return self.tr("مقدار دفتر در رکورد می‌ماند؛ مقدار سفر در تاریخچه نگه داشته می‌شود.")
        return self.tr("مقدار سفر در رکورد نوشته می‌شود؛ مقدار دفتر در تاریخچه می‌ماند.")

    def refusal(self, view: ConflictView) -> str:
        """Why the signed-in account may not resolve ``view``; "" when it may."""
        return why_not(self.context.account, Act.RESOLVE_CONFLICT, view.classification)

    @staticmethod
    def can_edit(view: ConflictView) -> bool:
        from peyvand.ui.dialogs.conflict_edit_dialog import ConflictEditDialog

        return view.editable and ConflictEditDialog.supports(view)

    # -- resolving ------------------------------------------------------------

    def resolve_selected(self, choice: conflicts.Choice) -> ConflictView | None:
        """«نگه‌داشتن مقدار دفتر» (office) or «پذیرفتن مقدار سفر» (laptop)."""
        view = self.selected()
        if view is None or self.refusal(view):
            return None
        try:
            done = conflicts.resolve(self.context.db, view.seq, choice, clock=self.context.clock)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("ناسازگاری حل نشد"), exc.message("fa"))
            self.refresh()
            return None
        self._after_resolve(done)
        return done

    def edit_selected(self) -> Any:
        """«ویرایش…»: a value typed by hand, starting from the laptop's."""
        from peyvand.ui.dialogs.conflict_edit_dialog import ConflictEditDialog

        view = self.selected()
        if view is None or not self.can_edit(view) or self.refusal(view):
            return None
        dialog = ConflictEditDialog(self.context, view, self.record_text(view), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self._after_resolve)
        dialog.open()
        return dialog

    def _after_resolve(self, view: ConflictView) -> None:
        self.refresh()
        self.resolved.emit(view.seq)

    def show_history(self) -> Any:
        from peyvand.ui.dialogs.history_dialog import HistoryDialog

        view = self.selected()
        if view is None:
            return None
        conflict = view.conflict
        dialog = HistoryDialog(self.context, conflict.entity, uuid.UUID(conflict.entity_id), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
