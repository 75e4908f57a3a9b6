"""ویرایش مقدار ناسازگار: resolve a merge conflict with a value typed by hand.

The box starts with the laptop's value. The widget fits the value: a text box (several
lines for long texts), a Jalali date, a choice from the enum, a number or a tick. The
value goes through the record's own validation (services.conflicts.resolve with
``edited``); an error is shown under the box and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from peyvand.errors import PeyvandError, ValidationError
from peyvand.messages import FIELD_LABELS, enum_label, label
from peyvand.services import conflicts
from peyvand.services.conflicts import ConflictView
from peyvand.text import JalaliParseError, parse_jalali_date
from peyvand.ui.context import AppContext
from peyvand.ui.formatting import rtl_text_option
from peyvand.ui.forms.ui_conflict_edit_dialog import Ui_ConflictEditDialog
from peyvand.ui.widgets.combo import select_data

LONG_TEXT = 60


def _sample(view: ConflictView) -> Any:
    """The value that tells what kind of field this is (either side may be empty)."""
    return view.laptop if view.laptop is not None else view.office


def _kind(view: ConflictView) -> str | None:
    value = _sample(view)
    if isinstance(value, str):
        texts = [v for v in (view.office, view.laptop) if isinstance(v, str)]
        return "text" if any(len(t) > LONG_TEXT or "\n" in t for t in texts) else "line"
    if isinstance(value, Enum):
        return "choice"
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return "date"
    if isinstance(value, int):
        return "number"
    return None


class ConflictEditDialog(QDialog):
    resolved = Signal(object)  # the ConflictView after resolving

    @staticmethod
    def supports(view: ConflictView) -> bool:
        return view.conflict.kind != conflicts.DELETE_VS_EDIT and _kind(view) is not None

    def __init__(
        self,
        context: AppContext,
        view: ConflictView,
        record_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view
        self.kind = _kind(view) or "line"
        self.resolved_view: ConflictView | None = None
        self.ui = Ui_ConflictEditDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.record_label.setText(record_text or view.title)
        ui.field_label.setText(label(FIELD_LABELS, view.conflict.field, "fa"))
        ui.error_label.hide()
        ui.text_edit.document().setDefaultTextOption(rtl_text_option())
        editors: dict[str, QWidget] = {
            "text": ui.text_edit,
            "line": ui.line_edit,
            "date": ui.date_edit,
            "choice": ui.choice_combo,
            "number": ui.number_spin,
            "flag": ui.flag_check,
        }
        for kind, widget in editors.items():
            widget.setVisible(kind == self.kind)
        self._prefill(view.laptop)
        editors[self.kind].setFocus()
        if self.kind != "text":
            self.resize(self.width(), self.minimumSizeHint().height())
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)

    def _prefill(self, value: Any) -> None:
        ui = self.ui
        if self.kind == "text":
            ui.text_edit.setPlainText(value or "")
        elif self.kind == "line":
            ui.line_edit.setText(value or "")
        elif self.kind == "date":
            ui.date_edit.set_value(value)
        elif self.kind == "choice":
            sample = _sample(self.view)
            for member in type(sample):
                ui.choice_combo.addItem(enum_label(member), member)
            select_data(ui.choice_combo, value)
        elif self.kind == "number":
            ui.number_spin.setValue(int(value or 0))
        elif self.kind == "flag":
            ui.flag_check.setChecked(bool(value))

    def value(self) -> Any:
        """The value typed; a date that is not one raises ValidationError."""
        ui = self.ui
        if self.kind == "text":
            return ui.text_edit.toPlainText()
        if self.kind == "line":
            return ui.line_edit.text()
        if self.kind == "date":
            text = ui.date_edit.text().strip()
            if not text:
                return None
            try:
                return parse_jalali_date(text)
            except JalaliParseError as exc:
                field = self.view.conflict.field
                raise ValidationError(exc.msg_id, field=field, value=text) from None
        if self.kind == "choice":
            return ui.choice_combo.currentData()
        if self.kind == "number":
            return ui.number_spin.value()
        return ui.flag_check.isChecked()

    def set_text(self, text: str) -> None:
        """For tests and scripts: replace the typed text."""
        if self.kind == "text":
            self.ui.text_edit.setPlainText(text)
        else:
            self.ui.line_edit.setText(text)

    def error_text(self) -> str:
        return self.ui.error_label.text() if self.ui.error_label.isVisibleTo(self) else ""

    def accept(self) -> None:
        try:
            value = self.value()
            done = conflicts.resolve(
                self.context.db, self.view.seq, "edited", value=value, clock=self.context.clock
            )
        except ValidationError as exc:
            self.ui.error_label.setText(exc.message("fa"))
            self.ui.error_label.show()
            return
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("ناسازگاری حل نشد"), exc.message("fa"))
            super().reject()
            return
        self.resolved_view = done
        self.resolved.emit(done)
        super().accept()
