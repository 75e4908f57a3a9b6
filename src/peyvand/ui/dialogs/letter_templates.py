"""الگوهای نامه (Settings): letter templates, Persian and English.

A template is text with named placeholders ({{ visit.title }}) and, for lists, simple
loops; the list on the side names every placeholder in Persian and puts it in the text on
a double click. Saving renders the template once with sample values, so a misspelt name
is reported here («جای‌خالی ناشناخته…»), not when a letter is written.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidgetItem, QMessageBox, QWidget

from peyvand.domain.enums import Language, LetterKind
from peyvand.errors import PeyvandError, ValidationError
from peyvand.messages import enum_label
from peyvand.services import letters, records
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import rtl_text_option
from peyvand.ui.forms.ui_letter_templates import Ui_LetterTemplatesDialog
from peyvand.ui.widgets.combo import select_data


class LetterTemplatesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_LetterTemplatesDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        self.template_id: uuid.UUID | None = None
        self.revision: int | None = None
        self.dirty = False
        self._loading = False
        for kind in LetterKind:
            ui.kind_combo.addItem(enum_label(kind), kind.value)
        for language in Language:
            ui.language_combo.addItem(enum_label(language), language.value)
        ui.body_edit.document().setDefaultTextOption(rtl_text_option())
        for code, text in self.placeholders():
            item = QListWidgetItem(f"{text}\n\u2066{code}\u2069")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setToolTip(code)
            ui.placeholder_list.addItem(item)
        ui.syntax_label.setText(
            self.tr(
                "شرط: {% if visit.purpose %}…{% endif %}؛ فهرست: {% for m in visit.members %}"
                "{{ m.name }}{% endfor %}؛ شماره ردیف به رقم فارسی: {{ loop.index|fa }}."
            )
        )
        ui.placeholder_list.itemActivated.connect(self.insert_placeholder)
        ui.name_edit.textEdited.connect(self._mark)
        ui.subject_edit.textEdited.connect(self._mark)
        ui.body_edit.textChanged.connect(self._mark)
        ui.kind_combo.currentIndexChanged.connect(self._mark)
        ui.language_combo.currentIndexChanged.connect(self._mark)
        ui.template_list.currentItemChanged.connect(self._on_select)
        ui.new_button.clicked.connect(lambda: self.new_template())  # noqa: PLW0108
        ui.delete_button.clicked.connect(lambda: self.delete_template())  # noqa: PLW0108
        ui.save_button.clicked.connect(lambda: self.save())  # noqa: PLW0108
        ui.button_box.rejected.connect(self.reject)
        self.reload()

    def placeholders(self) -> list[tuple[str, str]]:
        """(what to insert, what it is) for every placeholder of letter_context."""
        return [
            ("{{ today }}", self.tr("تاریخ امروز")),
            ("{{ office.org }}", self.tr("سازمان (سربرگ)")),
            ("{{ office.unit }}", self.tr("واحد (سربرگ)")),
            ("{{ recipient.full_name }}", self.tr("گیرنده با عنوان احترام")),
            ("{{ recipient.name }}", self.tr("نام گیرنده")),
            ("{{ recipient.title }}", self.tr("سمت گیرنده")),
            ("{{ recipient.organization }}", self.tr("سازمان گیرنده")),
            ("{{ signatory.name }}", self.tr("نام امضاکننده")),
            ("{{ signatory.title }}", self.tr("سمت امضاکننده")),
            ("{{ visit.title }}", self.tr("عنوان سفر")),
            ("{{ visit.number }}", self.tr("شماره سفر")),
            ("{{ visit.organization }}", self.tr("سازمان طرف سفر")),
            ("{{ visit.city }}", self.tr("شهر سفر")),
            ("{{ visit.country }}", self.tr("کشور سفر")),
            ("{{ visit.arrival }}", self.tr("تاریخ ورود")),
            ("{{ visit.departure }}", self.tr("تاریخ بازگشت")),
            ("{{ visit.purpose }}", self.tr("هدف سفر")),
            ("{{ visit.head.name }}", self.tr("رئیس هیئت")),
            ("{{ visit.head.title }}", self.tr("سمت رئیس هیئت")),
            (
                "{% for m in visit.members %}{{ m.name }}، {{ m.title }}\n{% endfor %}",
                self.tr("اعضای هیئت مهمان"),
            ),
            (
                "{% for m in visit.meetings %}- {{ m.title }} ({{ m.date }})\n{% endfor %}",
                self.tr("جلسات برگزارشده در سفر"),
            ),
            (
                "{% for a in visit.agreements %}- {{ a.title }} ({{ a.date }})\n{% endfor %}",
                self.tr("توافق‌نامه‌های امضاشده در سفر"),
            ),
            ("{{ meeting.title }}", self.tr("عنوان جلسه")),
            ("{{ meeting.number }}", self.tr("شماره جلسه")),
            ("{{ meeting.date }}", self.tr("تاریخ جلسه")),
            ("{{ meeting.place }}", self.tr("محل جلسه")),
            (
                "{% for d in meeting.decisions %}{{ d.number }}. {{ d.text }}\n{% endfor %}",
                self.tr("مصوبات جلسه"),
            ),
            ("{{ partnership.city }}", self.tr("شهر طرف همکاری")),
            ("{{ partnership.country }}", self.tr("کشور طرف همکاری")),
            ("{{ partnership.kind }}", self.tr("نوع همکاری")),
            ("{{ partnership.since }}", self.tr("تاریخ برقراری همکاری")),
        ]

    # -- list -----------------------------------------------------------------

    def reload(self, select: uuid.UUID | None = None) -> None:
        ui = self.ui
        ui.template_list.blockSignals(True)
        ui.template_list.clear()
        for row in letters.templates(self.context.db):
            label = f"{row.name} ({enum_label(Language(row.language))})"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            ui.template_list.addItem(item)
        ui.template_list.blockSignals(False)
        target = select or self.template_id
        for index in range(ui.template_list.count()):
            if ui.template_list.item(index).data(Qt.ItemDataRole.UserRole) == target:
                ui.template_list.setCurrentRow(index)
                return
        if ui.template_list.count():
            ui.template_list.setCurrentRow(0)
        else:
            self.show_template(None)

    def _on_select(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        if self.dirty and not self._confirm_leave():
            self.ui.template_list.blockSignals(True)
            self.ui.template_list.setCurrentItem(previous)
            self.ui.template_list.blockSignals(False)
            return
        self.show_template(current.data(Qt.ItemDataRole.UserRole))

    def _confirm_leave(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("تغییرات ذخیره نشده"),
            self.tr("تغییرات این الگو ذخیره نشده است. ذخیره شود؟"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _mark(self, *_args: Any) -> None:
        if not self._loading:
            self.dirty = True

    # -- one template ---------------------------------------------------------

    def show_template(self, template_id: uuid.UUID | None) -> None:
        from peyvand.domain import LetterTemplate

        ui = self.ui
        self._loading = True
        if template_id is None:
            self.template_id = self.revision = None
            for edit in (ui.name_edit, ui.subject_edit):
                edit.clear()
            ui.body_edit.clear()
            select_data(ui.kind_combo, LetterKind.GENERAL.value)
            select_data(ui.language_combo, Language.PERSIAN.value)
        else:
            row = records.get_row(self.context.db, LetterTemplate, template_id)
            self.template_id, self.revision = row.id, row.revision
            ui.name_edit.setText(row.name)
            select_data(ui.kind_combo, LetterKind(row.kind).value)
            select_data(ui.language_combo, Language(row.language).value)
            ui.subject_edit.setText(row.subject)
            ui.body_edit.setPlainText(row.body)
        self._loading = False
        self.dirty = False
        ui.error_label.hide()
        ui.delete_button.setEnabled(template_id is not None)

    def new_template(self) -> None:
        if self.dirty and not self._confirm_leave():
            return
        self.ui.template_list.clearSelection()
        self.show_template(None)
        self.ui.name_edit.setFocus()

    def insert_placeholder(self, item: QListWidgetItem) -> None:
        target = self.ui.subject_edit if self.ui.subject_edit.hasFocus() else self.ui.body_edit
        code = str(item.data(Qt.ItemDataRole.UserRole))
        if target is self.ui.subject_edit:
            self.ui.subject_edit.insert(code)
        else:
            self.ui.body_edit.insertPlainText(code)
        target.setFocus()

    def values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "name": ui.name_edit.text(),
            "kind": LetterKind(ui.kind_combo.currentData()),
            "language": Language(ui.language_combo.currentData()),
            "subject": ui.subject_edit.text(),
            "body": ui.body_edit.toPlainText(),
        }

    def save(self) -> bool:
        ui = self.ui
        ui.error_label.hide()
        try:
            row = letters.save_template(
                self.context.db, self.template_id, self.values(), expected_revision=self.revision
            )
        except ValidationError as exc:
            where = {"subject": self.tr("موضوع: "), "body": self.tr("متن: ")}.get(
                exc.field or "", ""
            )
            ui.error_label.setText(where + exc.message("fa"))
            ui.error_label.show()
            return False
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("الگو ذخیره نشد"), exc.message("fa"))
            return False
        self.dirty = False
        self.template_id = row.id
        self.reload(select=row.id)
        return True

    def delete_template(self) -> None:
        from peyvand.domain import LetterTemplate

        if self.template_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("حذف الگو"),
            self.tr("الگوی «{name}» حذف شود؟ نامه‌هایی که از آن نوشته شده‌اند می‌مانند.").format(
                name=self.ui.name_edit.text()
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        records.delete_row(self.context.db, LetterTemplate, self.template_id)
        self.template_id = None
        self.dirty = False
        self.reload()

    def reject(self) -> None:
        if self.dirty and not self._confirm_leave():
            return
        super().reject()
