"""تنظیمات: letterhead, who "I" am (person and unit), dormancy months, backup folder.

The settings belong to this workstation and its user (see ``peyvand.config``). On OK
they are saved to the settings file and copied into ``context.settings`` in place, so
every screen holding the context sees them at once.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from peyvand.config import Settings, save_settings
from peyvand.domain import Person
from peyvand.errors import PeyvandError
from peyvand.paths import backup_dir_for
from peyvand.services import records
from peyvand.storage.unit_of_work import current_actor
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_settings_dialog import Ui_SettingsDialog
from peyvand.ui.widgets.record_picker import RecordPicker

LOGO_FILTER_PATTERNS = "*.png *.jpg *.jpeg *.svg *.bmp"
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
        ui.windows_user_label.setText(
            self.tr("کاربر ویندوز: {user}").format(user=f"{LRI}{current_actor()}{PDI}")
        )
        ui.backup_dir_edit.setPlaceholderText(
            self.tr("پیش‌فرض: {path}").format(path=backup_dir_for(context.db.path))
        )
        self._load(context.settings)
        self.person_picker.value_changed.connect(self._suggest_unit)
        ui.choose_logo_button.clicked.connect(self.choose_logo)
        ui.clear_logo_button.clicked.connect(lambda: self.set_logo(""))
        ui.choose_backup_button.clicked.connect(self.choose_backup_dir)
        ui.default_backup_button.clicked.connect(ui.backup_dir_edit.clear)
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)
        ok = ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("ذخیره"))
        ok.setObjectName("save_button")

    # -- widgets <-> settings -------------------------------------------------

    def _load(self, settings: Settings) -> None:
        ui = self.ui
        ui.letterhead_org_edit.setText(settings.letterhead_org)
        ui.letterhead_unit_edit.setText(settings.letterhead_unit)
        self.set_logo(settings.letterhead_logo)
        self.person_picker.set_value(settings.current_person_id)
        self.unit_picker.set_value(settings.current_unit_id)
        ui.dormancy_spin.setValue(settings.dormancy_months)
        ui.backup_dir_edit.setText(settings.backup_dir)

    def values(self) -> dict[str, Any]:
        """The settings as the widgets show them."""
        ui = self.ui
        person: uuid.UUID | None = self.person_picker.value()
        unit: uuid.UUID | None = self.unit_picker.value()
        return {
            "letterhead_org": ui.letterhead_org_edit.text().strip(),
            "letterhead_unit": ui.letterhead_unit_edit.text().strip(),
            "letterhead_logo": ui.logo_path_edit.text(),
            "current_person_id": person,
            "current_unit_id": unit,
            "dormancy_months": ui.dormancy_spin.value(),
            "backup_dir": ui.backup_dir_edit.text(),
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
        current = self.ui.backup_dir_edit.text() or str(backup_dir_for(self.context.db.path))
        folder = QFileDialog.getExistingDirectory(self, self.tr("پوشه پشتیبان"), current)
        if folder:
            self.ui.backup_dir_edit.setText(folder)

    # -- saving ---------------------------------------------------------------

    def accept(self) -> None:
        settings = Settings.model_validate({**self.context.settings.model_dump(), **self.values()})
        try:
            save_settings(settings)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("تنظیمات ذخیره نشد"),
                self.tr("نوشتن پرونده تنظیمات ممکن نشد:\n{detail}").format(detail=exc),
            )
            return
        # In place: screens hold this very object.
        for name in Settings.model_fields:
            setattr(self.context.settings, name, getattr(settings, name))
        super().accept()
