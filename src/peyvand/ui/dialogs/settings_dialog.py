"""تنظیمات: letterhead, who "I" am (person and unit), dormancy months, backup folder,
and «پایگاه داده» (this computer or the office server: ui/dialogs/database_settings.py).

The settings belong to this workstation and its user (see ``peyvand.config``). On OK
they are saved to the settings file and copied into ``context.settings`` in place, so
every screen holding the context sees them at once.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from peyvand.config import Settings, save_settings
from peyvand.domain import Person
from peyvand.errors import PeyvandError
from peyvand.paths import backup_dir_for, default_db_path
from peyvand.services import records
from peyvand.storage.actor import current_actor
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_settings_dialog import Ui_SettingsDialog
from peyvand.ui.permissions import Act, gate
from peyvand.ui.widgets.record_picker import RecordPicker

log = logging.getLogger(__name__)

LOGO_FILTER_PATTERNS = "*.png *.jpg *.jpeg *.svg *.bmp"
# Complex-script fonts found on Persian office PCs (the field takes any other name).
DOCX_FONTS = ("Tahoma", "B Nazanin", "B Lotus", "B Mitra", "IRANSans", "Arial")
# Left-to-right isolate: a Latin user name or path inside a Persian sentence.
LRI, PDI = "\u2066", "\u2069"


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.person_picker = RecordPicker(context, "person", self)
        self.person_picker.setObjectName("person_picker")
        ui.person_picker_layout.addWidget(self.person_picker)
        ui.person_label.setBuddy(self.person_picker)
        self.unit_picker = RecordPicker(context, "unit", self, allow_new=False)
        self.unit_picker.setObjectName("unit_picker")
        ui.unit_picker_layout.addWidget(self.unit_picker)
        ui.unit_label.setBuddy(self.unit_picker)
        from peyvand.ui.dialogs.base_editor import set_tab_order

        # Made in code, the pickers would otherwise come last in Tab's walk (seen in a
        # real window: Tab went from the logo to the dormancy months).
        set_tab_order(ui.clear_logo_button, self.person_picker, self.unit_picker, ui.dormancy_spin)
        ui.windows_user_label.setText(
            self.tr("کاربر ویندوز: {user}").format(user=f"{LRI}{current_actor()}{PDI}")
        )
        from peyvand.ui.dialogs.database_settings import DatabaseSettings

        self.database = DatabaseSettings(self)
        self.database.setObjectName("database_group")
        ui.groups_layout.insertWidget(ui.groups_layout.count() - 1, self.database)
        self._database_tab_order()
        if context.db.has_local_backups:
            ui.backup_dir_edit.setPlaceholderText(
                self.tr("پیش‌فرض: {path}").format(path=backup_dir_for(context.db.path))
            )
        else:
            self._office_backup_note()
        self._load(context.settings)
        # Roles are enforced by the office server only; on this computer's file they
        # are not, and the settings say so.
        ui.roles_note_label.setVisible(not context.account.enforced)
        if context.account.enforced:
            # In office mode the login's person and unit are set by the administrator
            # («کاربران و نقش‌ها»); this computer's choice is kept for its own file.
            linked = self.tr("در حالت دفتر، شخص و واحد هر حساب را مدیر سامانه تعیین می‌کند.")
            self.person_picker.set_value(context.account.person_id)
            self.unit_picker.set_value(context.account.unit_id)
            for picker in (self.person_picker, self.unit_picker):
                picker.setEnabled(False)
                picker.setToolTip(linked)
        for button in (
            ui.checklist_templates_button,
            ui.letter_templates_button,
            ui.starter_templates_button,
        ):
            gate(button, context.account, Act.EDIT_TEMPLATES)
        self.person_picker.value_changed.connect(self._suggest_unit)
        ui.choose_logo_button.clicked.connect(self.choose_logo)
        ui.clear_logo_button.clicked.connect(lambda: self.set_logo(""))
        ui.choose_backup_button.clicked.connect(self.choose_backup_dir)
        ui.default_backup_button.clicked.connect(ui.backup_dir_edit.clear)
        ui.docx_font_combo.addItems(list(DOCX_FONTS))
        ui.checklist_templates_button.clicked.connect(lambda: self.edit_checklist_templates())  # noqa: PLW0108
        ui.letter_templates_button.clicked.connect(lambda: self.edit_letter_templates())  # noqa: PLW0108
        ui.starter_templates_button.clicked.connect(lambda: self.add_starter_templates())  # noqa: PLW0108
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)
        ok = ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("ذخیره"))
        ok.setObjectName("save_button")

    # -- widgets <-> settings -------------------------------------------------

    def _database_tab_order(self) -> None:
        """Tab reaches «پایگاه داده» after the templates' buttons, before ذخیره (made in
        code, its widgets would otherwise come after the dialog's buttons)."""
        from peyvand.ui.dialogs.base_editor import set_tab_order

        db = self.database.ui
        set_tab_order(
            self.ui.starter_templates_button,
            db.local_radio,
            db.server_radio,
            db.host_edit,
            db.port_spin,
            db.name_edit,
            db.user_edit,
            db.password_edit,
            db.sslmode_combo,
            db.ca_edit,
            db.choose_ca_button,
            db.test_button,
            self.ui.button_box,
        )

    def _office_backup_note(self) -> None:
        """Office mode: the server is backed up by the server; this computer takes no
        daily backup of it, and says so where the backup folder is chosen."""
        from PySide6.QtWidgets import QLabel

        ui = self.ui
        note = QLabel(
            self.tr(
                "در حالت دفتر پشتیبان خودکار روزانه روی این رایانه گرفته نمی‌شود: "
                "پشتیبان‌گیری از پایگاه داده کار سرور اداره است (peyvand server backup). "
                "پوشه پشتیبان برای پایگاه دادهٔ این رایانه است."
            ),
            self,
        )
        note.setObjectName("office_backup_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: #92400e; background: #fef3c7; padding: 4px;")
        ui.other_layout.addRow(note)
        for widget in (ui.backup_dir_edit, ui.choose_backup_button, ui.default_backup_button):
            widget.setEnabled(False)

    def _load(self, settings: Settings) -> None:
        ui = self.ui
        self.database.load(settings.database, default_db_path())
        ui.letterhead_org_edit.setText(settings.letterhead_org)
        ui.letterhead_unit_edit.setText(settings.letterhead_unit)
        self.set_logo(settings.letterhead_logo)
        self.person_picker.set_value(settings.current_person_id)
        self.unit_picker.set_value(settings.current_unit_id)
        ui.dormancy_spin.setValue(settings.dormancy_months)
        ui.backup_dir_edit.setText(settings.backup_dir)
        ui.outgoing_pattern_edit.setText(settings.letter_number_pattern)
        ui.incoming_pattern_edit.setText(settings.incoming_number_pattern)
        ui.signatory_edit.setPlainText(settings.letter_signatory)
        ui.signatory_en_edit.setPlainText(settings.letter_signatory_en)
        ui.docx_font_combo.setCurrentText(settings.docx_font)

    def values(self) -> dict[str, Any]:
        """The settings as the widgets show them."""
        ui = self.ui
        person: uuid.UUID | None = self.person_picker.value()
        unit: uuid.UUID | None = self.unit_picker.value()
        if self.context.account.enforced:  # shown, not chosen: the file's own stay
            person = self.context.settings.current_person_id
            unit = self.context.settings.current_unit_id
        return {
            "letterhead_org": ui.letterhead_org_edit.text().strip(),
            "letterhead_unit": ui.letterhead_unit_edit.text().strip(),
            "letterhead_logo": ui.logo_path_edit.text(),
            "current_person_id": person,
            "current_unit_id": unit,
            "dormancy_months": ui.dormancy_spin.value(),
            "backup_dir": ui.backup_dir_edit.text(),
            "letter_number_pattern": ui.outgoing_pattern_edit.text().strip(),
            "incoming_number_pattern": ui.incoming_pattern_edit.text().strip(),
            "letter_signatory": ui.signatory_edit.toPlainText().strip(),
            "letter_signatory_en": ui.signatory_en_edit.toPlainText().strip(),
            "docx_font": ui.docx_font_combo.currentText().strip() or "Tahoma",
            "database": self.database.choice(),
        }

    def _suggest_unit(self, person_id: uuid.UUID | None) -> None:
        """Office staff have a unit: choosing one of them fills an empty unit."""
        if person_id is None or self.unit_picker.value() is not None:
            return
        try:
            person = records.get_row(self.context.db, Person, person_id)
        except PeyvandError:
            return
        self.unit_picker.set_value(person.unit_id)

    # -- logo and folders -----------------------------------------------------

    def choose_logo(self) -> None:
        current = self.ui.logo_path_edit.text()
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("انتخاب نشان سربرگ"),
            str(Path(current).parent) if current else "",
            self.tr("تصویر ({patterns})").format(patterns=LOGO_FILTER_PATTERNS),
        )
        if path:
            self.set_logo(path)

    def set_logo(self, path: str) -> None:
        """Show ``path`` (or no logo) and its preview."""
        ui = self.ui
        ui.logo_path_edit.setText(path)
        ui.logo_path_edit.setToolTip(path)
        ui.clear_logo_button.setEnabled(bool(path))
        preview = ui.logo_preview_label
        if not path:
            preview.setPixmap(QPixmap())
            preview.setText(self.tr("بدون نشان"))
            return
        pixmap = QPixmap(path) if Path(path).is_file() else QPixmap()
        if pixmap.isNull():
            preview.setPixmap(QPixmap())
            preview.setText(self.tr("تصویر خوانده نشد"))
            return
        preview.setText("")
        preview.setPixmap(
            pixmap.scaled(
                preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def choose_backup_dir(self) -> None:
        current = self.ui.backup_dir_edit.text() or str(backup_dir_for(default_db_path()))
        folder = QFileDialog.getExistingDirectory(self, self.tr("پوشه پشتیبان"), current)
        if folder:
            self.ui.backup_dir_edit.setText(folder)

    # -- saving ---------------------------------------------------------------

    # -- templates ------------------------------------------------------------

    def edit_checklist_templates(self) -> QDialog:
        from peyvand.ui.dialogs.checklist_templates import ChecklistTemplatesDialog

        dialog = ChecklistTemplatesDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_letter_templates(self) -> QDialog:
        from peyvand.ui.dialogs.letter_templates import LetterTemplatesDialog

        dialog = LetterTemplatesDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_starter_templates(self) -> None:
        from peyvand.services import starters

        try:
            added = starters.install(self.context.db)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("الگوها افزوده نشد"), exc.message("fa"))
            return
        QMessageBox.information(
            self,
            self.tr("الگوهای پیشنهادی"),
            self.tr("{checklists} الگوی فهرست آمادگی و {letters} الگوی نامه افزوده شد.").format(
                checklists=to_persian_digits(added.checklists),
                letters=to_persian_digits(added.letters),
            ),
        )

    # -- saving ---------------------------------------------------------------

    def accept(self) -> None:
        from peyvand.services.letters import check_pattern

        values = self.values()
        for key, edit in (
            ("letter_number_pattern", self.ui.outgoing_pattern_edit),
            ("incoming_number_pattern", self.ui.incoming_pattern_edit),
        ):
            try:
                check_pattern(values[key])
            except PeyvandError as exc:
                QMessageBox.warning(self, self.tr("الگوی شماره نامه"), exc.message("fa"))
                edit.setFocus()
                return
        if not self._accept_database():
            return
        try:
            settings = Settings.from_dict({**self.context.settings.to_dict(), **values})
        except PeyvandError as exc:  # the widgets' own limits should make this rare
            QMessageBox.warning(self, self.tr("تنظیمات ذخیره نشد"), exc.message("fa"))
            return
        try:
            save_settings(settings)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("تنظیمات ذخیره نشد"),
                self.tr("نوشتن پرونده تنظیمات ممکن نشد:\n{detail}").format(detail=exc),
            )
            return
        changed = settings.database != self.context.settings.database
        # In place: screens hold this very object.
        for name in Settings.field_names():
            setattr(self.context.settings, name, getattr(settings, name))
        super().accept()
        if changed:
            QMessageBox.information(
                self.parentWidget(),
                self.tr("پایگاه داده"),
                self.tr("پایگاه دادهٔ تازه از بار بعدی که پیوند باز شود به کار می‌رود."),
            )

    def _accept_database(self) -> bool:
        """A server choice must name a server; a typed password goes into the
        credential store now (and nowhere else)."""
        if not self.database.ui.server_radio.isChecked():
            return True
        try:
            self.database.server_spec()
            self.database.remember()
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("پایگاه داده"), exc.message("fa"))
            return False
        except Exception as exc:  # the credential store refused (keyring's own errors)
            log.warning("the credential store refused the password: %s", type(exc).__name__)
            QMessageBox.warning(
                self,
                self.tr("گذرواژه نگه داشته نشد"),
                self.tr("مدیریت گذرواژه‌های سیستم‌عامل گذرواژه را نپذیرفت؛ تنظیمات ذخیره نشد."),
            )
            return False
        return True
