"""پیش‌نویس خبر: the news item drafted from a meeting, editable before it leaves as
text (clipboard) or Word (.docx). The draft comes from services.news; this dialog only
shows it, keeps the edits and hands them back to the service for the outputs."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from peyvand.services import news_docx
from peyvand.services.news import NewsDraft, publishable
from peyvand.ui.context import AppContext
from peyvand.ui.file_dialogs import ask_save_path, file_name
from peyvand.ui.formatting import rtl_text_option, short_number
from peyvand.ui.forms.ui_news_draft_dialog import Ui_NewsDraftDialog
from peyvand.ui.trip_guard import confirm_plain_copy


class NewsDraftDialog(QDialog):
    def __init__(
        self, context: AppContext, draft: NewsDraft, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.draft = draft
        self.ui = Ui_NewsDraftDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.meeting_label.setText(
            self.tr("پیش‌نویس خبر از {meeting}").format(
                meeting=short_number(self.tr("جلسه"), draft.number)
            )
        )
        warnings = [w.message("fa") for w in draft.warnings]
        ui.warning_label.setText("\n".join(warnings))
        ui.warning_label.setVisible(bool(warnings))
        ui.text_edit.document().setDefaultTextOption(rtl_text_option())
        ui.text_edit.setPlainText("\n\n".join([draft.headline, *draft.paragraphs]))
        ui.copy_button.clicked.connect(self.copy_text)
        ui.word_button.clicked.connect(lambda _checked=False: self.save_word())
        ui.button_box.rejected.connect(self.reject)
        self.saved_path: object = None

    def text(self) -> str:
        return str(self.ui.text_edit.toPlainText())

    def copy_text(self) -> str:
        text = publishable(self.text())
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self.ui.copy_button.setText(self.tr("رونوشت شد ✓"))
        return text

    def save_word(self, path: object = None) -> object:
        headline, paragraphs = news_docx.split_text(self.text())
        if not headline:
            QMessageBox.warning(self, self.tr("متنی نیست"), self.tr("پیش‌نویس خالی است."))
            return None
        if path is None:
            if not confirm_plain_copy(self, self.context.trip_mode, self.tr("پرونده Word این خبر")):
                return None
            name = file_name(self.tr("پیش‌نویس خبر"), self.draft.number, ".docx")
            path = ask_save_path(self, self.tr("ذخیره Word"), name, self.tr("Word (*.docx)"))
            if path is None:
                return None
        from pathlib import Path

        try:
            written = news_docx.write(Path(str(path)), headline, paragraphs)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("پرونده ذخیره نشد"), str(exc))
            return None
        self.saved_path = written
        return written
