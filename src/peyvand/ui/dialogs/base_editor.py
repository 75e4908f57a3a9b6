"""What every record editor shares: save with validation shown next to the field,
an unsaved-changes guard, drafts saved every few seconds for crash recovery, the same
buttons and Ctrl+S everywhere, and pickers whose typed text is never dropped.

Subclasses fill their widgets (``load``), read them (``collect``), call one service
(``persist``), and say which widget shows which field (``field_widgets``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTextEdit,
    QWidget,
)

from peyvand.domain.enums import Classification
from peyvand.errors import ConflictError, PeyvandError, ValidationError
from peyvand.services import drafts
from peyvand.text import (
    JalaliParseError,
    TimeParseError,
    format_datetime_local,
    parse_jalali_date,
    parse_time,
)
from peyvand.ui.context import AppContext
from peyvand.ui.permissions import READS_ONLY, Act, limit_classifications, why_not
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.record_picker import RecordPicker
from peyvand.ui.widgets.time_edit import TimeEdit

if TYPE_CHECKING:
    from peyvand.storage.change_feed import Notice
    from peyvand.ui.dialogs.editor_sync import EditorSync

ERROR_STYLE = "color: #b91c1c;"
READ_ONLY_STYLE = "background: #e0e7ff; color: #1e3a8a; padding: 6px 12px; border-radius: 4px;"
# Buttons that only read, print or open: a read-only editor keeps them.
READ_ONLY_SAFE = frozenset(
    {
        "history_button",
        "print_button",
        "preview_button",
        "word_button",
        "export_button",
        "brief_button",
        "itinerary_button",
        "itinerary_en_button",
        "print_checklist_button",
        "relationship_button",
        "open_source_button",
        "open_item_button",
        "open_button",
        "open_attachment_button",
        "previous_button",
        "next_button",
        "zoom_in_button",
        "zoom_out_button",
        "copy_button",
        "news_button",  # a news draft is text to copy, nothing is written
    }
)


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
        # Why this account may not save this record ("" when it may): set by start().
        self.refusal = ""
        self._dirty = False
        self._loading = False
        self._clean = ""  # the form as loaded or last saved (draft_payload as JSON)
        self._sync: EditorSync | None = None  # office mode: others' saves, server away
        # field widget -> the red line under it (errors of a save, or of a date or time
        # as soon as it is left)
        self._error_labels: dict[QWidget, tuple[QFormLayout, QLabel]] = {}
        self._draft_timer = QTimer(self)
        self._draft_timer.setInterval(context.draft_interval_ms)
        self._draft_timer.timeout.connect(self.save_draft)
        # Ctrl+S saves in every editor and keeps it open.
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_shortcut.activated.connect(self.save_from_keyboard)

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

    def record_classification(self) -> Classification | str | None:
        """The classification that decides who may change the record: the form's own
        «طبقه‌بندی» as loaded (meetings, visits, letters); None for the rest."""
        combo = self.findChild(QComboBox, "classification_combo")
        if self.record_id is None or combo is None:
            return None
        value = combo.currentData()
        return value if isinstance(value, str) else None

    def permission_refusal(self) -> str:
        """Why the signed-in account may not save this record; "" when it may."""
        act = Act.EDIT if self.record_id is not None else Act.CREATE
        return why_not(self.context.account, act, self.record_classification())

    def read_only_safe(self) -> set[str]:
        """Object names of the buttons a read-only editor keeps (they only read)."""
        return set(READ_ONLY_SAFE)

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

    def prefill(self, name: str) -> None:
        """A new record named ``name``, as typed in a picker that did not know it."""

    def save_from_keyboard(self) -> None:
        """Ctrl+S."""
        self.save()

    def pickers(self) -> list[RecordPicker]:
        """The pickers whose typed text must name a record before saving."""
        return [p for p in self.findChildren(RecordPicker) if p.window() is self]

    # -- the buttons, the same in every editor ----------------------------------

    def setup_buttons(self, box: QDialogButtonBox, *, create: str = "") -> None:
        """ذخیره (Ctrl+S, the form stays open), ذخیره و بستن, بستن (Esc; asks about
        unsaved changes). Enter in a field never presses any of them. A form that only
        creates (``create``: the button's text) has that button and «انصراف»."""
        buttons = QDialogButtonBox.StandardButton
        pixmaps = QStyle.StandardPixmap
        if create:
            box.setStandardButtons(buttons.Save | buttons.Close)
            texts = [
                (buttons.Save, create, self.tr("{what} (Ctrl+S)").format(what=create)),
                (buttons.Close, self.tr("انصراف"), self.tr("بستن فرم (Esc)")),
            ]
        else:
            box.setStandardButtons(buttons.Save | buttons.Apply | buttons.Close)
            texts = [
                (buttons.Apply, self.tr("ذخیره"), self.tr("ذخیره؛ فرم باز می‌ماند (Ctrl+S)")),
                (buttons.Save, self.tr("ذخیره و بستن"), self.tr("ذخیره و بستن فرم")),
                (buttons.Close, self.tr("بستن"), self.tr("بستن فرم (Esc)")),
            ]
        icons = {
            buttons.Apply: pixmaps.SP_DialogSaveButton,
            buttons.Save: pixmaps.SP_DialogSaveButton if create else pixmaps.SP_DialogOkButton,
            buttons.Close: pixmaps.SP_DialogCloseButton,
        }
        for which, text, tip in texts:
            button = box.button(which)
            button.setText(text)
            button.setToolTip(tip)
            button.setIcon(self.style().standardIcon(icons[which]))
            button.setAutoDefault(False)
            button.setDefault(False)
        if not create:
            box.button(buttons.Apply).clicked.connect(self.save)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)

    # -- start ----------------------------------------------------------------

    def start(self) -> None:
        """Load the record, then offer a draft left by a crash."""
        self.offer_draft(self.load_for_start())

    def load_for_start(self) -> drafts.DraftRow | None:
        """The reading half of :meth:`start`: load the record and find a draft left by a
        crash (returned, or None). ``registry.open_editor`` runs it inside one snapshot
        with the editor's construction; the question about the draft comes after, so
        that no read transaction stays open while a dialog waits for the user."""
        self._loading = True
        try:
            self.load()
        finally:
            self._loading = False
        self.set_dirty(False)
        self._clean = self._state()
        if self.record_id is None:
            self.focus_first_field()
        self.refusal = self.permission_refusal()
        if self.refusal:
            make_read_only(self, self.refusal, keep=self.read_only_safe())
            return None  # no drafts either: nothing here can be saved
        marks = self.findChild(QComboBox, "classification_combo")
        if marks is not None:
            limit_classifications(marks, self.context.account)
        if self.context.read_only:
            return None  # nothing can be saved, not even a draft (saving says why)
        return drafts.load(self.context.db, self.draft_key())

    def offer_draft(self, draft: drafts.DraftRow | None) -> None:
        """The asking half of :meth:`start` (``draft`` from :meth:`load_for_start`)."""
        if self.refusal or self.context.read_only:
            return
        if draft is not None and self.ask_restore_draft(draft.saved_at):
            self._loading = True
            try:
                self.restore_draft(draft.payload)
            finally:
                self._loading = False
            self.set_dirty(True)
        self._draft_timer.start()

    def focus_first_field(self) -> None:
        """A new form starts with the cursor in its first field (not on a tab or a
        button); an existing record opens as before, its text not selected."""
        for widget in focus_chain(self):
            if (
                isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QComboBox)
                and widget.isEnabled()
                and widget.isVisibleTo(self)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not (isinstance(widget, QLineEdit) and widget.isReadOnly())
            ):
                widget.setFocus()
                return

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
        """Mark the editor dirty whenever one of ``widgets`` changes; a date or time
        that cannot be read says why under its field as soon as it is left."""
        for widget in widgets:
            if isinstance(widget, JalaliDateEdit | TimeEdit):
                widget.changed.connect(self.mark_dirty)
                widget.error_changed.connect(
                    lambda message, w=widget: self.show_message_under(w, message)
                )
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

    def _state(self) -> str:
        return json.dumps(self.draft_payload(), sort_keys=True, ensure_ascii=False, default=str)

    def rebase_clean(self) -> None:
        """What is on screen now counts as unchanged (rows shown for editing, say)."""
        self._clean = self._state()

    def has_changes(self) -> bool:
        """Something differs from the record as loaded or last saved (typing a letter and
        deleting it again, or walking through the fields, changes nothing)."""
        return self._dirty and self._state() != self._clean

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
            if isinstance(widget, RecordPicker):
                payload[name] = widget.draft_state()
            elif isinstance(widget, JalaliDateEdit) or plain_line:
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
            if isinstance(widget, RecordPicker) and isinstance(value, dict):
                widget.restore_draft_state(value)
            elif isinstance(widget, JalaliDateEdit):
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
        if self.has_changes() and not self.context.read_only:
            # Into the database; while the office server is away, on this computer.
            drafts.keep(
                self.context.db,
                self.draft_key(),
                self.entity,
                self.draft_title(),
                self.draft_payload(),
            )

    # -- saving ---------------------------------------------------------------

    def settle_pickers(self) -> bool:
        """Text typed in a picker that names no record is never dropped: offer to create
        the record; otherwise say so under the field and refuse to save."""
        for picker in self.pickers():
            typed = picker.unmatched_text()
            if not typed:
                continue
            created = picker.allow_new and self.ask_create(picker, typed)
            if created and picker.create_new(typed) is not None:
                continue
            if picker.allow_new:
                message = self.tr(
                    "«{text}» در فهرست نیست؛ آن را از فهرست برگزینید یا با «جدید…» بسازید."
                )
            else:
                message = self.tr("«{text}» در فهرست نیست؛ آن را از فهرست برگزینید.")
            self.show_picker_error(picker, message.format(text=typed))
            return False
        return True

    def ask_create(self, picker: RecordPicker, typed: str) -> bool:
        if picker.entity == "organization":
            text = self.tr("«{text}» در فهرست سازمان‌ها نیست. سازمان تازه‌ای با این نام ساخته شود؟")
        else:
            text = self.tr("«{text}» در فهرست اشخاص نیست. شخص تازه‌ای با این نام ساخته شود؟")
        answer = QMessageBox.question(
            self,
            self.tr("در فهرست نیست"),
            text.format(text=typed),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_picker_error(self, picker: RecordPicker, message: str) -> None:
        """The message under the picker's field (or at the top), the picker marked."""
        field = next(
            (
                name
                for name, widget in self.field_widgets().items()
                if widget is picker or widget.isAncestorOf(picker)
            ),
            None,
        )
        self.show_error(field, message)
        picker.set_error(message)
        picker.setFocus()

    def save(self) -> bool:
        self.clear_errors()
        if self.refusal:  # Ctrl+S in a read-only editor
            QMessageBox.information(self, self.tr("فقط خواندنی"), self.refusal)
            return False
        if not self.settle_pickers():
            return False
        try:
            values = self.collect()
            record_id = self.persist(values)
        except ValidationError as exc:
            self.show_error(exc.field, exc.message("fa"))
            return False
        except ConflictError as exc:
            if exc.msg_id == "record.stale" and self.record_id is not None:
                # Someone else saved it meanwhile: show what, offer theirs + mine.
                self.sync.resolve_stale()
            else:
                QMessageBox.warning(self, self.tr("ذخیره نشد"), exc.message("fa"))
            return False
        except PeyvandError as exc:
            if drafts.server_away(exc):
                self.sync.server_away()  # kept here; saved when the server is back
            else:
                QMessageBox.warning(self, self.tr("ذخیره نشد"), exc.message("fa"))
            return False
        old_key = self.draft_key()
        self.record_id = record_id
        drafts.discard(self.context.db, old_key)
        drafts.discard(self.context.db, self.draft_key())
        self.set_dirty(False)
        self.saved.emit(record_id)
        self._clean = self._state()
        if self._sync is not None:
            self._sync.saved()
        return True

    # -- office mode: several workstations, a server that may go away ----------------------

    @property
    def sync(self) -> EditorSync:
        if self._sync is None:
            from peyvand.ui.dialogs.editor_sync import EditorSync

            self._sync = EditorSync(self)
        return self._sync

    def sync_pending(self) -> bool:
        """A save of this form waits for the office server to come back."""
        return self._sync is not None and self._sync.pending

    def touched_by(self, notice: Notice) -> bool:
        """Whether another workstation's save (``notice``) changed what this form shows."""
        return self.record_id is not None and notice.touches(self.entity, self.record_id)

    def clean_payload(self) -> dict[str, Any]:
        """The form's draft state as loaded or last saved."""
        loaded: dict[str, Any] = json.loads(self._clean) if self._clean else {}
        return loaded

    def reload_record(self, *, rebase: bool = True) -> None:
        """Show the record as it is saved now (another workstation's save); with
        ``rebase`` it also counts as unchanged."""
        self._loading = True
        try:
            self.load()
        finally:
            self._loading = False
        if rebase:
            self.set_dirty(False)
            self._clean = self._state()

    def restore_payload(
        self,
        payload: dict[str, Any],
        *,
        revision: int | None,
        dirty: bool,
        clean: dict[str, Any] | None = None,
    ) -> None:
        """Put a draft state back into the form, for the record at ``revision``."""
        self._loading = True
        try:
            self.restore_draft(payload)
        finally:
            self._loading = False
        self.revision = revision
        if clean is not None:
            self._clean = json.dumps(clean, sort_keys=True, ensure_ascii=False, default=str)
        self.set_dirty(dirty)

    def show_error(self, field: str | None, message: str) -> None:
        """The message right under the offending field (or at the top)."""
        widget = self.field_widgets().get(field or "")
        if widget is not None and self.show_message_under(widget, message, field or ""):
            focus_field(widget)
            return
        fallback = self.findChild(QLabel, "error_label")
        if fallback is not None:
            fallback.setText(message)
            fallback.setStyleSheet(ERROR_STYLE)
            fallback.show()
        else:
            QMessageBox.warning(self, self.tr("خطا"), message)

    def show_message_under(self, widget: QWidget, message: str, field: str = "") -> bool:
        """Put ``message`` on a red line right under ``widget``'s row of its form (remove
        the line with ""); False when the widget is in no form."""
        current = self._error_labels.get(widget)
        if not message:
            if current is not None:
                current[0].removeRow(current[1])
                del self._error_labels[widget]
            return True
        if current is not None:
            current[1].setText(message)
            return True
        layout = _form_layout_of(widget)
        if layout is None:
            return False
        label = QLabel(message)
        label.setObjectName(f"{field or widget.objectName()}_error_label")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        layout.insertRow(_row_of(layout, widget) + 1, "", label)
        self._error_labels[widget] = (layout, label)
        return True

    def clear_errors(self) -> None:
        for layout, label in self._error_labels.values():
            layout.removeRow(label)
        self._error_labels.clear()
        for picker in self.pickers():
            picker.set_error("")
        fallback = self.findChild(QLabel, "error_label")
        if fallback is not None:
            fallback.clear()

    def error_texts(self) -> list[str]:
        return [label.text() for _layout, label in self._error_labels.values()]

    # -- closing --------------------------------------------------------------

    def confirm_close(self) -> bool:
        """True when the editor may close: nothing unsaved, or the user chose."""
        if not self.has_changes():
            return True
        if self._sync is not None and self._sync.pending:
            # The server is away: the draft is kept on this computer and offered again
            # when the form is opened (the close cannot save anyway).
            self.save_draft()
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # A button box makes its first accept button the default when shown, and then
        # Enter in any field would save and close: here Enter belongs to the fields.
        for box in self.findChildren(QDialogButtonBox):
            for button in box.findChildren(QPushButton):
                button.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # not a field's: no button is pressed by Enter (Ctrl+S saves)
            return
        super().keyPressEvent(event)

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


class _KeptDisabled(QObject):
    """Keeps the widgets it watches disabled, with the refusal as their tooltip, even
    when the editor's own code enables them later (a row selected, a record saved)."""

    def __init__(self, parent: QObject, reason: str) -> None:
        super().__init__(parent)
        self.reason = reason

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(watched, QWidget):
            kind = event.type()
            if kind == QEvent.Type.EnabledChange and watched.isEnabled():
                watched.setEnabled(False)
            elif kind == QEvent.Type.ToolTipChange and watched.toolTip() != self.reason:
                watched.setToolTip(self.reason)
        return False


def make_read_only(editor: QDialog, reason: str, *, keep: set[str]) -> QLabel:
    """Turn ``editor`` into a read-only view of its record: text stays selectable, every
    control that would change something is disabled with ``reason`` as its tooltip,
    and a line at the top says so. Buttons named in ``keep`` (history, print, open)
    stay as they are, and so do the buttons that close the form."""
    lock = _KeptDisabled(editor, reason)
    rejecting = {QDialogButtonBox.ButtonRole.RejectRole, QDialogButtonBox.ButtonRole.HelpRole}
    own = [w for w in editor.findChildren(QWidget) if w.window() is editor]
    for widget in own:
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            widget.setReadOnly(True)
            continue
        if isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            continue
        if isinstance(widget, QAbstractButton):
            box = widget.parentWidget()
            if isinstance(box, QDialogButtonBox) and box.buttonRole(widget) in rejecting:
                continue
            if widget.objectName() in keep or widget.property(READS_ONLY) or _inside_control(
                widget
            ):
                continue
        elif not isinstance(
            widget, QComboBox | QAbstractSpinBox | JalaliDateEdit | TimeEdit
        ) or _inside_control(widget):
            continue
        widget.setEnabled(False)
        widget.setToolTip(reason)
        widget.installEventFilter(lock)
    banner = QLabel(editor.tr("فقط خواندنی: {reason}").format(reason=reason), editor)
    banner.setObjectName("read_only_banner")
    banner.setWordWrap(True)
    banner.setStyleSheet(READ_ONLY_STYLE)
    layout = editor.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, banner)
    elif isinstance(layout, QFormLayout):
        layout.insertRow(0, banner)
    return banner


def _inside_control(widget: QWidget) -> bool:
    """A part of a date field or picker (its calendar button): the whole is disabled."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDialog):
        if isinstance(parent, JalaliDateEdit | TimeEdit | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


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


def focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets of ``window`` in the order Tab walks them (hidden ones included)."""
    chain: list[QWidget] = []
    widget: QWidget | None = window.nextInFocusChain()
    while widget is not None and widget is not window and widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def focus_field(widget: QWidget) -> None:
    """Put the cursor in ``widget``, or in the first input of a slot that holds one."""
    if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and widget.focusProxy() is None:
        for child in widget.findChildren(QWidget):
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.focusProxy() is None:
                child.setFocus()
                return
    widget.setFocus()


def buttons_in_order(box: QDialogButtonBox) -> list[QWidget]:
    """The buttons of ``box`` as they are laid out (its own order, mirrored in Persian)."""
    layout = box.layout()
    found: list[QWidget] = []
    if layout is not None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QAbstractButton):
                found.append(widget)
    return found


def set_tab_order(*widgets: QWidget | Sequence[QWidget]) -> None:
    """Tab walks ``widgets`` in this order (a sequence stands for its widgets in turn).

    Widgets made in code (pickers put into a form's slot, rows of a table) join the end
    of the window's chain: without this, Tab skips them and comes back at the end."""
    flat: list[QWidget] = []
    for item in widgets:
        for widget in [item] if isinstance(item, QWidget) else item:
            flat.extend(_tab_stops(widget))
    for first, second in itertools.pairwise(flat):
        QWidget.setTabOrder(first, second)


def _tab_stops(widget: QWidget) -> list[QWidget]:
    """``widget``, or for a holder of fields (a date field, a picker's slot) the fields
    it holds: Qt ignores setTabOrder on a widget that takes no focus itself."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return [widget]
    return [
        w
        for w in focus_chain(widget.window())
        if widget.isAncestorOf(w)
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
    ]


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
