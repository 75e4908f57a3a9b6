"""نامه: one letter, outgoing or incoming.

An outgoing letter is written from a template («نوشتن از روی الگو») with the records of
its visit, meeting or partnership, edited as a draft, and registered («ثبت در
دبیرخانه»): number and date in one step, after which its fields are read-only until
«ویرایش تازه…», whose saving asks why (the previous text stays in the letter's history).
An incoming letter is registered when it is saved, with its scan. Preview and print as
PDF on the letterhead, or save a Word copy.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from peyvand.domain import LetterRow
from peyvand.domain.enums import (
    Classification,
    Direction,
    Language,
    LetterKind,
    LetterStatus,
)
from peyvand.domain.limits import TITLE_MAX
from peyvand.errors import PeyvandError, ValidationError
from peyvand.messages import enum_label
from peyvand.services import letters
from peyvand.text import format_jalali_date, to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import (
    EditorDialog,
    buttons_in_order,
    set_tab_order,
    typed_date,
)
from peyvand.ui.formatting import rtl_text_option
from peyvand.ui.forms.ui_letter_editor import Ui_LetterEditor
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel
from peyvand.ui.widgets.combo import select_data
from peyvand.ui.widgets.record_picker import RecordPicker

# Fields a registered letter shows read-only until «ویرایش تازه…».
_CONTENT = ("counterpart_edit", "subject_edit", "body_edit", "signatory_edit",
            "copies_to_edit", "has_attachments_check", "attachments_note_edit")  # fmt: skip


class LetterEditor(EditorDialog):
    entity = "letter"

    def __init__(
        self,
        context: AppContext,
        record_id: uuid.UUID | None,
        parent: QWidget | None = None,
        *,
        direction: Direction = Direction.OUTGOING,
        kind: LetterKind | None = None,
        visit_id: uuid.UUID | None = None,
        meeting_id: uuid.UUID | None = None,
        partnership_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(context, record_id, parent)
        self.direction = direction
        self.row: LetterRow | None = None
        self.revising = False
        self._preset = (kind, visit_id, meeting_id, partnership_id)
        self.ui = Ui_LetterEditor()
        self.ui.setupUi(self)
        ui = self.ui
        ui.error_label.hide()
        for member in LetterKind:
            ui.kind_combo.addItem(enum_label(member), member.value)
        for language in Language:
            ui.language_combo.addItem(enum_label(language), language.value)
        for mark in Classification:
            ui.classification_combo.addItem(enum_label(mark), mark.value)
        self.visit_picker = self._picker("visit", ui.visit_layout, ui.visit_label)
        self.meeting_picker = self._picker("meeting", ui.meeting_layout, ui.meeting_label)
        self.partnership_picker = self._picker(
            "partnership", ui.partnership_layout, ui.partnership_label
        )
        self.files = AttachmentsPanel(context, "letter", self)
        self.files.setObjectName("files_panel")
        ui.files_layout.addWidget(self.files)
        ui.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Pickers and the files panel are made here, not in the form: Tab in reading
        # order through them too.
        set_tab_order(
            ui.kind_combo, ui.language_combo, ui.classification_combo, self.visit_picker,
            self.meeting_picker, self.partnership_picker, ui.template_combo, ui.fill_button,
            ui.counterpart_edit, ui.their_number_edit, ui.their_date_edit,
            ui.received_on_edit, ui.subject_edit, ui.body_edit, ui.signatory_edit,
            ui.copies_to_edit, ui.has_attachments_check, ui.attachments_note_edit,
            ui.notes_edit, ui.scan_button, self.files, ui.register_button, ui.revise_button,
            ui.reply_button, ui.preview_button, ui.word_button, ui.history_button,
            buttons_in_order(ui.button_box),
        )  # fmt: skip
        for edit in (ui.body_edit, ui.counterpart_edit, ui.signatory_edit, ui.copies_to_edit,
                     ui.notes_edit):  # fmt: skip
            edit.document().setDefaultTextOption(rtl_text_option())
        ui.subject_edit.setMaxLength(TITLE_MAX)
        ui.attachments_note_edit.setMaxLength(TITLE_MAX)
        ui.their_number_edit.setMaxLength(60)
        self.watch(
            ui.kind_combo, ui.language_combo, ui.classification_combo, ui.counterpart_edit,
            ui.their_number_edit, ui.their_date_edit, ui.received_on_edit, ui.subject_edit,
            ui.body_edit, ui.signatory_edit, ui.copies_to_edit, ui.has_attachments_check,
            ui.attachments_note_edit, ui.notes_edit, self.visit_picker, self.meeting_picker,
            self.partnership_picker,
        )  # fmt: skip
        ui.kind_combo.currentIndexChanged.connect(self._reload_templates)
        ui.language_combo.currentIndexChanged.connect(self._reload_templates)
        ui.fill_button.clicked.connect(lambda: self.fill_from_template())  # noqa: PLW0108
        ui.scan_button.clicked.connect(lambda: self.choose_scan())  # noqa: PLW0108
        ui.register_button.clicked.connect(lambda: self.register())  # noqa: PLW0108
        ui.revise_button.clicked.connect(lambda: self.start_revision())  # noqa: PLW0108
        ui.reply_button.clicked.connect(lambda: self.reply())  # noqa: PLW0108
        ui.preview_button.clicked.connect(lambda: self.preview())  # noqa: PLW0108
        ui.word_button.clicked.connect(lambda: self.save_word())  # noqa: PLW0108
        ui.history_button.clicked.connect(self.show_history)
        self.setup_buttons(ui.button_box)

    def _picker(self, entity: str, layout: Any, label: Any) -> RecordPicker:
        picker = RecordPicker(self.context, entity, self, allow_new=False)
        picker.setObjectName(f"{entity}_picker")
        layout.addWidget(picker)
        label.setBuddy(picker)
        return picker

    # -- EditorDialog ---------------------------------------------------------

    def load(self) -> None:
        ui = self.ui
        if self.record_id is None:
            kind, visit_id, meeting_id, partnership_id = self._preset
            select_data(ui.kind_combo, (kind or LetterKind.GENERAL).value)
            select_data(ui.classification_combo, Classification.NORMAL.value)
            self.visit_picker.set_value(visit_id)
            self.meeting_picker.set_value(meeting_id)
            self.partnership_picker.set_value(partnership_id)
            settings = self.context.settings
            ui.signatory_edit.setPlainText(
                "" if self.direction == Direction.INCOMING else settings.letter_signatory
            )
            self.row = None
        else:
            detail = letters.get_detail(self.context.db, self.record_id)
            row = self.row = detail.row
            self.revision = row.revision
            self.direction = Direction(row.direction)
            select_data(ui.kind_combo, LetterKind(row.kind).value)
            select_data(ui.language_combo, Language(row.language).value)
            select_data(ui.classification_combo, Classification(row.classification).value)
            self.visit_picker.set_value(row.visit_id)
            self.meeting_picker.set_value(row.meeting_id)
            self.partnership_picker.set_value(row.partnership_id)
            ui.counterpart_edit.setPlainText(row.counterpart)
            ui.their_number_edit.setText(row.their_number)
            ui.their_date_edit.set_value(row.their_date)
            ui.received_on_edit.set_value(row.received_on)
            ui.subject_edit.setText(row.subject)
            ui.body_edit.setPlainText(row.body)
            ui.signatory_edit.setPlainText(row.signatory)
            ui.copies_to_edit.setPlainText(row.copies_to)
            ui.has_attachments_check.setChecked(row.has_attachments)
            ui.attachments_note_edit.setText(row.attachments_note)
            ui.notes_edit.setPlainText(row.notes)
            ui.related_text.setText(self._related(detail))
        self._reload_templates()
        self.files.set_owner(self.record_id)
        self._show_state()

    def _related(self, detail: letters.LetterDetail) -> str:
        parts = []
        if detail.reply_to is not None:
            number = to_persian_digits(detail.reply_to.number) or self.tr("پیش‌نویس")
            parts.append(self.tr("در پاسخ به نامه {number}: {subject}").format(
                number=number, subject=detail.reply_to.subject))  # fmt: skip
        for answer in detail.replies:
            number = to_persian_digits(answer.number) or self.tr("پیش‌نویس")
            parts.append(self.tr("پاسخ: نامه {number}").format(number=number))
        for revision in detail.revisions:
            parts.append(self.tr("ویرایش {edition} کنار گذاشته شد: {reason}").format(
                edition=to_persian_digits(revision.edition), reason=revision.reason))  # fmt: skip
        return "\n".join(parts) or self.tr("—")

    def collect(self) -> dict[str, Any]:
        ui = self.ui
        values: dict[str, Any] = {
            "direction": self.direction,
            "kind": LetterKind(ui.kind_combo.currentData()),
            "language": Language(ui.language_combo.currentData()),
            "classification": Classification(ui.classification_combo.currentData()),
            "template_id": self.row.template_id if self.row else self._template_id(),
            "visit_id": self.visit_picker.value(),
            "meeting_id": self.meeting_picker.value(),
            "partnership_id": self.partnership_picker.value(),
            "counterpart": ui.counterpart_edit.toPlainText(),
            "subject": ui.subject_edit.text(),
            "body": ui.body_edit.toPlainText(),
            "signatory": ui.signatory_edit.toPlainText(),
            "copies_to": ui.copies_to_edit.toPlainText(),
            "has_attachments": ui.has_attachments_check.isChecked(),
            "attachments_note": ui.attachments_note_edit.text(),
            "notes": ui.notes_edit.toPlainText(),
        }
        if self.row is not None and self.row.reply_to_id is not None:
            values["reply_to_id"] = self.row.reply_to_id
        if self.direction == Direction.INCOMING:
            values["their_number"] = ui.their_number_edit.text()
            values["their_date"] = typed_date(ui.their_date_edit, "their_date")
            values["received_on"] = typed_date(ui.received_on_edit, "received_on")
        return values

    def persist(self, values: dict[str, Any]) -> uuid.UUID:
        db = self.context.db
        settings, clock = self.context.settings, self.context.clock
        if self.row is not None and LetterStatus(self.row.status) == LetterStatus.REGISTERED:
            if not self.revising:
                return self.row.id
            reason, ok = QInputDialog.getMultiLineText(
                self, self.tr("ویرایش تازه"), self.tr("دلیل ویرایش نامه ثبت‌شده:")
            )
            if not ok:
                raise ValidationError("letter.reason_required", field="reason")
            changes = {name: values[name] for name in letters.REVISABLE}
            row = letters.revise(
                db, self.row.id, changes, reason, clock=clock, expected_revision=self.revision
            )
        elif self.record_id is None and self.direction == Direction.INCOMING:
            scan_path = self.ui.scan_path_edit.text()
            scan = None
            if scan_path:
                try:
                    scan = (Path(scan_path).name, Path(scan_path).read_bytes())
                except OSError as exc:
                    raise PeyvandError("letter.scan_unreadable", path=scan_path) from exc
            row = letters.register_incoming(db, values, scan=scan, settings=settings, clock=clock)
        else:
            row = letters.save(db, self.record_id, values, expected_revision=self.revision)
        self.row = row
        self.revision = row.revision
        self.revising = False
        self.record_id = row.id
        self.files.set_owner(row.id)
        self._show_state()
        return row.id

    def field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {
            "subject": ui.subject_edit,
            "body": ui.body_edit,
            "counterpart": ui.counterpart_edit,
            "signatory": ui.signatory_edit,
            "copies_to": ui.copies_to_edit,
            "attachments_note": ui.attachments_note_edit,
            "notes": ui.notes_edit,
            "their_number": ui.their_number_edit,
            "their_date": ui.their_date_edit,
            "received_on": ui.received_on_edit,
            "visit_id": self.visit_picker,
            "meeting_id": self.meeting_picker,
            "partnership_id": self.partnership_picker,
        }

    def draft_title(self) -> str:
        return self.ui.subject_edit.text() or self.windowTitle()

    # -- state ----------------------------------------------------------------

    @property
    def registered(self) -> bool:
        return self.row is not None and LetterStatus(self.row.status) == LetterStatus.REGISTERED

    def _show_state(self) -> None:
        ui = self.ui
        incoming = self.direction == Direction.INCOMING
        row = self.row
        if row is None:
            title = self.tr("نامه وارده جدید") if incoming else self.tr("نامه جدید")
            state = (
                self.tr("نامه وارده با ذخیره در دفتر وارده ثبت می‌شود.")
                if incoming
                else self.tr("پیش‌نویس — بدون شماره")
            )
        elif self.registered:
            book = self.tr("وارده") if incoming else self.tr("صادره")
            title = self.tr("نامه {number}").format(number=to_persian_digits(row.number))
            state = self.tr(
                "ثبت‌شده در دفتر {book}: شماره {number}، تاریخ {date}، ویرایش {edition}"
            ).format(
                book=book,
                number=to_persian_digits(row.number),
                date=format_jalali_date(row.letter_date) if row.letter_date else "",
                edition=to_persian_digits(row.edition),
            )
        else:
            title = self.tr("پیش‌نویس نامه: {subject}").format(subject=row.subject)
            state = self.tr("پیش‌نویس — بدون شماره")
        if self.revising:
            state += self.tr("؛ در حال ویرایش تازه")
        self.setWindowTitle(title)
        ui.status_label.setText(state)
        self._enable(incoming)

    def _enable(self, incoming: bool) -> None:
        """Which fields and buttons this letter's book and state allow."""
        ui = self.ui
        row = self.row
        locked = self.registered and not self.revising
        for name in _CONTENT:
            widget = getattr(ui, name)
            if hasattr(widget, "setReadOnly"):
                widget.setReadOnly(locked)
            else:
                widget.setEnabled(not locked)
        links = (self.visit_picker, self.meeting_picker, self.partnership_picker)
        for widget in (ui.kind_combo, ui.language_combo, ui.classification_combo, *links):
            widget.setEnabled(not self.registered)
        ui.counterpart_label.setText(self.tr("فرستنده") if incoming else self.tr("گیرنده"))
        sender = (ui.their_number_label, ui.their_number_edit, ui.their_date_label,
                  ui.their_date_edit, ui.received_on_label, ui.received_on_edit)  # fmt: skip
        for widget in sender:
            widget.setVisible(incoming)
        for widget in (ui.template_label, ui.template_combo, ui.fill_button):
            widget.setVisible(not incoming)
        ui.fill_button.setEnabled(ui.template_combo.count() > 0 and not self.registered)
        for widget in (ui.scan_label, ui.scan_path_edit, ui.scan_button):
            widget.setVisible(incoming and row is None)
        ui.register_button.setVisible(not incoming)
        ui.register_button.setEnabled(row is not None and not self.registered)
        ui.revise_button.setEnabled(self.registered and not self.revising)
        ui.reply_button.setVisible(incoming)
        ui.reply_button.setEnabled(incoming and self.registered)
        ui.history_button.setEnabled(row is not None)
        if self.context.trip_mode:
            ui.register_button.setEnabled(False)
            ui.register_button.setToolTip(self.tr("ثبت نامه در دبیرخانه دفتر انجام می‌شود"))

    # -- templates ------------------------------------------------------------

    def _template_id(self) -> uuid.UUID | None:
        value = self.ui.template_combo.currentData()
        return value if isinstance(value, uuid.UUID) else None

    def _reload_templates(self) -> None:
        combo = self.ui.template_combo
        kind = LetterKind(self.ui.kind_combo.currentData())
        language = Language(self.ui.language_combo.currentData())
        current = self._template_id() or (self.row.template_id if self.row else None)
        combo.blockSignals(True)
        combo.clear()
        for template in letters.templates(self.context.db, kind=kind, language=language):
            combo.addItem(template.name, template.id)
        combo.blockSignals(False)
        select_data(combo, current)
        self.ui.fill_button.setEnabled(combo.count() > 0 and not self.registered)

    def fill_from_template(self) -> bool:
        """Subject, recipient, body and signatory from the template and the records."""
        ui = self.ui
        if ui.body_edit.toPlainText().strip():
            answer = QMessageBox.question(
                self,
                self.tr("نوشتن از روی الگو"),
                self.tr("متن کنونی نامه با متن الگو جایگزین شود؟"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            composition = letters.compose(
                self.context.db,
                LetterKind(ui.kind_combo.currentData()),
                language=Language(ui.language_combo.currentData()),
                visit_id=self.visit_picker.value(),
                meeting_id=self.meeting_picker.value(),
                partnership_id=self.partnership_picker.value(),
                template=self._template_id(),
                settings=self.context.settings,
                clock=self.context.clock,
            )
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("الگو پر نشد"), exc.message("fa"))
            return False
        values = composition.values
        ui.subject_edit.setText(values["subject"])
        ui.counterpart_edit.setPlainText(values["counterpart"])
        ui.body_edit.setPlainText(values["body"])
        ui.signatory_edit.setPlainText(values["signatory"])
        select_data(ui.classification_combo, Classification(values["classification"]).value)
        self.mark_dirty()
        return True

    # -- register, revise, reply ----------------------------------------------

    def register(self, *, confirm: bool = True) -> bool:
        if self.is_dirty() and not self.save():
            return False
        if self.row is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("ثبت در دبیرخانه"),
                self.tr(
                    "نامه با شماره و تاریخ امروز در دفتر صادره ثبت شود؟ پس از ثبت، متن "
                    "فقط با «ویرایش تازه» تغییر می‌کند."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            row = letters.register(
                self.context.db,
                self.row.id,
                settings=self.context.settings,
                clock=self.context.clock,
                expected_revision=self.revision,
            )
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("نامه ثبت نشد"), exc.message("fa"))
            return False
        self.row = row
        self.revision = row.revision
        self._show_state()
        self.saved.emit(row.id)
        return True

    def start_revision(self) -> None:
        self.revising = True
        self._show_state()
        self.ui.body_edit.setFocus()

    def reply(self) -> LetterEditor | None:
        if self.row is None:
            return None
        try:
            answer = letters.reply(self.context.db, self.row.id, settings=self.context.settings)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("پاسخ ساخته نشد"), exc.message("fa"))
            return None
        editor = LetterEditor(self.context, answer.id, self.parentWidget())
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.start()
        editor.show()
        return editor

    # -- scan, preview, Word --------------------------------------------------

    def choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("اسکن نامه"),
            "",
            self.tr("اسکن (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;همه پرونده‌ها (*)"),
        )
        if path:
            self.ui.scan_path_edit.setText(path)

    def _print_values(self) -> dict[str, Any]:
        """What the letter prints now: the form as it is, number and date if registered."""
        values = self.collect()
        row = self.row
        values.update(
            number=row.number if row else "",
            letter_date=row.letter_date if row else None,
            edition=row.edition if row else 0,
        )
        return values

    def preview(self) -> bool:
        from peyvand import briefs, word
        from peyvand.ui.file_dialogs import file_name
        from peyvand.ui.printing import preview_pdf

        try:
            values = self._print_values()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message("fa"))
            return False
        db, settings = self.context.db, self.context.settings
        title = self.tr("نامه")
        preview_pdf(
            self,
            title,
            file_name(title, values["number"]),
            lambda progress: briefs.letter_preview(values, settings, db),
            make_docx=lambda: word.letter_preview_docx(values, settings, db),
            context=self.context,
            trip=self.context.trip_mode,
        )
        return True

    def save_word(self, path: Path | None = None) -> bool:
        from peyvand import word
        from peyvand.ui.file_dialogs import file_name
        from peyvand.ui.printing import save_word

        try:
            values = self._print_values()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message("fa"))
            return False
        db, settings = self.context.db, self.context.settings
        name = file_name(self.tr("نامه"), values["number"], suffix=".docx")
        save_word(
            self, self.context, name, lambda: word.letter_preview_docx(values, settings, db),
            path=path,
        )  # fmt: skip
        return True
