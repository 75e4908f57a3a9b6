"""دبیرخانه: the correspondence register, outgoing and incoming, newest first; drafts
(no number yet) last. Search, filters and Excel export as every list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from peyvand.domain.enums import LetterKind, LetterStatus, RegisterBook
from peyvand.ui.forms.ui_letters import Ui_LettersScreen
from peyvand.ui.permissions import Act, gate
from peyvand.ui.screens.list_screen import ListScreen


class LettersScreen(ListScreen):
    kind = "letters"
    entity = "letter"

    def setup_form(self) -> None:
        self.ui = Ui_LettersScreen()
        self.ui.setupUi(self)
        ui = self.ui
        self.add_enum_filter(ui.book_combo, self.tr("صادره و وارده"), RegisterBook)
        self.add_enum_filter(ui.kind_combo, self.tr("همه انواع نامه"), LetterKind)
        self.add_enum_filter(ui.status_combo, self.tr("ثبت‌شده و پیش‌نویس"), LetterStatus)

    def headers(self) -> dict[str, str]:
        return {
            "number": self.tr("شماره"),
            "letter_date": self.tr("تاریخ"),
            "book": self.tr("دفتر"),
            "kind": self.tr("نوع"),
            "subject": self.tr("موضوع"),
            "counterpart": self.tr("گیرنده / فرستنده"),
            "has_attachments": self.tr("پیوست"),
            "linked": self.tr("هیئت / جلسه"),
            "status": self.tr("وضعیت"),
            "classification": self.tr("طبقه‌بندی"),
        }

    def connect_filters(self) -> None:
        ui = self.ui
        ui.incoming_button.clicked.connect(lambda: self.new_incoming())  # noqa: PLW0108
        gate(ui.incoming_button, self.context.account, Act.CREATE)
        for combo in (ui.book_combo, ui.kind_combo, ui.status_combo):
            combo.currentIndexChanged.connect(self.apply)
        for edit in (ui.date_from_edit, ui.date_to_edit):
            edit.line_edit.editingFinished.connect(self.apply)
            edit.changed.connect(self._on_date_picked)

    def _on_date_picked(self) -> None:
        edits = (self.ui.date_from_edit, self.ui.date_to_edit)
        if not any(edit.line_edit.hasFocus() for edit in edits):
            self.apply()

    def filters(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "book": ui.book_combo.currentData(),
            "kind": ui.kind_combo.currentData(),
            "status": ui.status_combo.currentData(),
            "date_from": ui.date_from_edit.value(),
            "date_to": ui.date_to_edit.value(),
        }

    def new_incoming(self) -> Any:
        """The editor of a new incoming letter (registered, with its scan, on saving)."""
        from peyvand.domain.enums import Direction
        from peyvand.ui.dialogs.letter_editor import LetterEditor

        editor = LetterEditor(self.context, None, self, direction=Direction.INCOMING)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self.refresh())
        editor.start()
        editor.show()
        return editor
