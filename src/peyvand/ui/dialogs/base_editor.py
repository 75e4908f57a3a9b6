"""What every record editor shares: save with validation shown next to the field,
an unsaved-changes guard, and drafts saved every few seconds for crash recovery.

Subclasses fill their widgets (``load``), read them (``collect``), call one service
(``persist``), and say which widget shows which field (``field_widgets``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from peyvand.errors import PeyvandError, ValidationError
from peyvand.services import drafts
from peyvand.text import (
    JalaliParseError,
    TimeParseError,
    format_datetime_local,
    parse_jalali_date,
    parse_time,
)
from peyvand.ui.context import AppContext
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.time_edit import TimeEdit

ERROR_STYLE = "color: #b91c1c;"


class EditorDialog(QDialog):
    saved = Signal(object)  # the record's uuid
    entity: ClassVar[str] = ""

    def __init__(
        self, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.record_id = record_id
        self.revision: int | None = None
        self._dirty = False
        self._loading = False
        self._error_rows: list[tuple[QFormLayout, QLabel]] = []
        self._draft_timer = QTimer(self)
        self._draft_timer.setInterval(context.draft_interval_ms)
        self._draft_timer.timeout.connect(self.save_draft)

    # -- to implement ---------------------------------------------------------

    def load(self) -> None:
        """Fill the widgets from the record (or defaults for a new one)."""

    def collect(self) -> dict[str, Any]:
        """The values the user typed; raise ValidationError for unparseable input."""
        raise NotImplementedError

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        """Save through one service call; return the record's id."""
        raise NotImplementedError

    def field_widgets(self) -> dict[str, QWidget]:
        return {}

    def show_history(self) -> QDialog | None:
        """تاریخچه: who changed this record, what and when (saved records only)."""
        if self.record_id is None:
            return None
        from peyvand.ui.dialogs.history_dialog import HistoryDialog

        dialog = HistoryDialog(self.context, self.entity, self.record_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def save_record(self, model: type[Any], values: dict[str, Any]) -> Any:
        """Create the record, or update it refusing a stale revision; keeps the revision."""
        from peyvand.services import records

        db = self.context.db
        if self.record_id is None:
            row = records.create_row(db, model, values)
        else:
            row = records.update_row(
                db, model, self.record_id, values, expected_revision=self.revision
            )
        self.revision = row.revision
        return row

    def draft_title(self) -> str:
        return self.windowTitle()

    # -- start ----------------------------------------------------------------

    def start(self) -> None:
        """Load the record, then offer a draft left by a crash."""
        self._loading = True
        try:
            self.load()
        finally:
            self._loading = False
        self.set_dirty(False)
        if self.context.read_only:
            return  # nothing can be saved, not even a draft (saving says why)
        draft = drafts.load(self.context.db, self.draft_key())
        if draft is not None and self.ask_restore_draft(draft.saved_at):
            self._loading = True
            try:
                self.restore_draft(draft.payload)
            finally:
                self._loading = False
            self.set_dirty(True)
        self._draft_timer.start()

    def ask_restore_draft(self, saved_at: Any) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("پیش‌نویس ذخیره‌نشده"),
            self.tr("از این فرم پیش‌نویسی ذخیره‌نشده از {time} مانده است. بازیابی شود؟").format(
                time=format_datetime_local(saved_at)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            drafts.discard(self.context.db, self.draft_key())
            return False
        return True

    # -- dirty tracking -------------------------------------------------------

    def watch(self, *widgets: QWidget) -> None:
        """Mark the editor dirty whenever one of ``widgets`` changes."""
        for widget in widgets:
            if isinstance(widget, JalaliDateEdit | TimeEdit):
                widget.changed.connect(self.mark_dirty)
            elif isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.mark_dirty)
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                widget.textChanged.connect(self.mark_dirty)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.mark_dirty)
                if widget.isEditable():
                    widget.editTextChanged.connect(self.mark_dirty)
            elif isinstance(widget, QCheckBox | QAbstractButton):
                widget.toggled.connect(self.mark_dirty)
            elif isinstance(widget, QSpinBox):
                widget.valueChanged.connect(self.mark_dirty)

    def mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self.set_dirty(True)

    def set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        title = self.windowTitle().removesuffix(" *")
        self.setWindowTitle(f"{title} *" if dirty else title)

    def is_dirty(self) -> bool:
        return self._dirty

    # -- drafts ---------------------------------------------------------------

    def draft_key(self) -> str:
        return f"{self.entity}:{self.record_id or 'new'}"

    def draft_payload(self) -> dict[str, Any]:
        """JSON-safe state of the widgets (by default: every named text input)."""
        payload: dict[str, Any] = {}
        for widget in self._own_widgets():
            name = widget.objectName()
            if not name or name.startswith("qt_"):
                continue
            plain_line = isinstance(widget, QLineEdit) and not isinstance(
                widget.parentWidget(), JalaliDateEdit | QComboBox
            )
            if isinstance(widget, JalaliDateEdit) or plain_line:
                payload[name] = widget.text()  # type: ignore[attr-defined]
            elif isinstance(widget, QPlainTextEdit):
                payload[name] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                payload[name] = widget.currentIndex()
            elif isinstance(widget, QCheckBox):
                payload[name] = widget.isChecked()
        return payload

    def restore_draft(self, payload: dict[str, Any]) -> None:
        own = {w.objectName(): w for w in self._own_widgets() if w.objectName()}
        for name, value in payload.items():
            widget = own.get(name)
            if isinstance(widget, JalaliDateEdit):
                widget.line_edit.setText(str(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            elif isinstance(widget, QComboBox) and isinstance(value, int):
                widget.setCurrentIndex(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))

    def _own_widgets(self) -> list[QWidget]:
        """This editor's widgets, not those of a dialog it opened (same names may recur)."""
        return [w for w in self.findChildren(QWidget) if w.window() is self]

    def save_draft(self) -> None:
        if self._dirty and not self.context.read_only:
            drafts.save(
                self.context.db,
                self.draft_key(),
                self.entity,
                self.draft_title(),
                self.draft_payload(),
            )

    # -- saving ---------------------------------------------------------------

    def save(self) -> bool:
        self.clear_errors()
        try:
            values = self.collect()
            record_id = self.persist(values)
        except ValidationError as exc:
            self.show_error(exc.field, exc.message("fa"))
            return False
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("ذخیره نشد"), exc.message("fa"))
            return False
        old_key = self.draft_key()
        self.record_id = record_id
        drafts.discard(self.context.db, old_key)
        drafts.discard(self.context.db, self.draft_key())
        self.set_dirty(False)
        self.saved.emit(record_id)
        return True

    def show_error(self, field: str | None, message: str) -> None:
        """The message right under the offending field (or at the top)."""
        widget = self.field_widgets().get(field or "")
        if widget is not None:
            layout = _form_layout_of(widget)
            if layout is not None:
                row = _row_of(layout, widget)
                label = QLabel(message)
                label.setObjectName(f"{field}_error_label")
                label.setStyleSheet(ERROR_STYLE)
                layout.insertRow(row + 1, "", label)
                self._error_rows.append((layout, label))
                widget.setFocus()
                return
        fallback = self.findChild(QLabel, "error_label")
        if fallback is not None:
            fallback.setText(message)
            fallback.setStyleSheet(ERROR_STYLE)
            fallback.show()
        else:
            QMessageBox.warning(self, self.tr("خطا"), message)

    def clear_errors(self) -> None:
        for layout, label in self._error_rows:
            layout.removeRow(label)
        self._error_rows.clear()
        fallback = self.findChild(QLabel, "error_label")
        if fallback is not None:
            fallback.clear()

    def error_texts(self) -> list[str]:
        return [label.text() for _layout, label in self._error_rows]

    # -- closing --------------------------------------------------------------

    def confirm_close(self) -> bool:
        """True when the editor may close: nothing unsaved, or the user chose."""
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("تغییرات ذخیره نشده"),
            self.tr("تغییرات این فرم ذخیره نشده است. ذخیره شود؟"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            drafts.discard(self.context.db, self.draft_key())
            self.set_dirty(False)
            return True
        return False

    def accept(self) -> None:
        if self.save():
            self._draft_timer.stop()
            super().accept()

    def reject(self) -> None:
        if self.confirm_close():
            self._draft_timer.stop()
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.confirm_close():
            self._draft_timer.stop()
            event.accept()
        else:
            event.ignore()


def typed_date(edit: JalaliDateEdit, field: str) -> dt.date | None:
    """The date typed in ``edit``; unparseable text is a ValidationError of ``field``
    carrying the parser's own message (not a date at all, or no such day)."""
    text = edit.text().strip()
    if not text:
        return None
    try:
        return parse_jalali_date(text)
    except JalaliParseError as exc:
        raise ValidationError(exc.msg_id, field=field, value=text) from None


def typed_time(edit: TimeEdit, field: str) -> dt.time | None:
    """The time typed in ``edit``; unparseable text is a ValidationError of ``field``."""
    text = edit.text().strip()
    if not text:
        return None
    try:
        return parse_time(text)
    except TimeParseError as exc:
        raise ValidationError(exc.msg_id, field=field, value=text) from None


def _row_of(layout: QFormLayout, widget: QWidget) -> int:
    position: Any = layout.getWidgetPosition(widget)  # (row, role); typed as object
    return int(position[0])


def _form_layout_of(widget: QWidget) -> QFormLayout | None:
    parent = widget.parentWidget()
    while parent is not None:
        layout = parent.layout()
        if isinstance(layout, QFormLayout) and _row_of(layout, widget) >= 0:
            return layout
        for child in parent.findChildren(QFormLayout):
            if _row_of(child, widget) >= 0:
                return child
        parent = parent.parentWidget()
    return None
