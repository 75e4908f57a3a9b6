"""Attachments of a visit, meeting or action: add, open with the system viewer, remove.

Opening writes a copy outside the database; in trip mode that asks first (trip_guard).
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peyvand.errors import PeyvandError
from peyvand.services import attachments
from peyvand.text import persian_number
from peyvand.ui.context import AppContext
from peyvand.ui.trip_guard import confirm_plain_copy


class AttachmentsPanel(QWidget):
    def __init__(self, context: AppContext, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.owner = owner
        self.owner_id: uuid.UUID | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list_widget = QListWidget(self)
        self.list_widget.setObjectName("attachments_list")
        layout.addWidget(self.list_widget)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("افزودن پیوست…"), self)
        self.open_button = QPushButton(self.tr("باز کردن"), self)
        self.remove_button = QPushButton(self.tr("حذف"), self)
        # Named: a read-only editor keeps «باز کردن» (base_editor.READ_ONLY_SAFE).
        self.open_button.setObjectName("open_attachment_button")
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.choose_and_add)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list_widget.itemActivated.connect(lambda _i: self.open_selected())
        self.set_owner(None)

    def focus_order(self) -> list[QWidget]:
        return [self.list_widget, self.add_button, self.open_button, self.remove_button]

    def set_owner(self, owner_id: uuid.UUID | None) -> None:
        """Attachments belong to a saved record; a new one must be saved first."""
        self.owner_id = owner_id
        for button in (self.add_button, self.open_button, self.remove_button):
            button.setEnabled(owner_id is not None)
        self.add_button.setToolTip("" if owner_id else self.tr("ابتدا رکورد را ذخیره کنید"))
        self.reload()

    def reload(self) -> None:
        self.list_widget.clear()
        if self.owner_id is None:
            return
        for row in attachments.list_for(self.context.db, self.owner, self.owner_id):
            size = persian_number(max(1, row.size // 1024))
            # The name is isolated: a Latin file name must not pull the size into it.
            item = QListWidgetItem(f"\u2068{row.name}\u2069  ({size} KB)")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, row.name)
            self.list_widget.addItem(item)

    def add_file(self, path: Path) -> None:
        if self.owner_id is None:
            return
        try:
            attachments.attach(
                self.context.db,
                self.owner,
                self.owner_id,
                name=path.name,
                data=path.read_bytes(),
            )
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("پیوست اضافه نشد"), exc.message("fa"))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("پیوست اضافه نشد"), str(exc))
        self.reload()

    def choose_and_add(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("افزودن پیوست"))
        for path in paths:
            self.add_file(Path(path))

    def _selected(self) -> tuple[uuid.UUID, str] | None:
        item = self.list_widget.currentItem()
        if item is None:
            return None
        return item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1)

    def open_selected(self) -> Path | None:
        """Write the attachment to a fresh private folder and open it with the system's
        program; in trip mode only after the user accepts the warning."""
        selected = self._selected()
        if selected is None:
            return None
        attachment_id, name = selected
        # Another program can only open a file: in trip mode that copy is not encrypted.
        what = self.tr("رونوشتی از پیوست «{name}» برای باز شدن با برنامهٔ دیگر").format(
            name=f"\u2068{name}\u2069"
        )
        if not confirm_plain_copy(self, self.context.trip_mode, what):
            return None
        # The stored name is a display name only; the file is written under a fresh
        # private folder, never to a path derived from it.
        folder = Path(tempfile.mkdtemp(prefix="peyvand-"))
        target = folder / attachments.safe_file_name(name)
        target.write_bytes(attachments.content(self.context.db, attachment_id))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

    def remove_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("حذف پیوست"),
            self.tr("پیوست «{name}» حذف شود؟").format(name=selected[1]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            attachments.remove(self.context.db, selected[0])
            self.reload()
