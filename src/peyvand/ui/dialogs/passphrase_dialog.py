"""گذرواژه بسته سفر: asked when `peyvand --trip FILE.pvtrip` opens a package.

The key is derived (Argon2id, a fraction of a second and 64 MiB) and the package
verified off the GUI thread, behind a busy cursor; a wrong passphrase is said in
Persian and the user tries again; «انصراف» leaves without opening anything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost
from peyvand.ui.forms.ui_passphrase_dialog import Ui_PassphraseDialog
from peyvand.ui.worker import Task, run_in_background

# Left-to-right isolate: a file name inside right-to-left text.
LRI, PDI = "\u2066", "\u2069"


class PassphraseDialog(QDialog):
    """After acceptance ``database`` is the open package (the caller closes it)."""

    def __init__(
        self,
        path: Path,
        parent: QWidget | None = None,
        *,
        cost: KdfCost | None = None,
        backup_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.cost = cost
        self.backup_dir = backup_dir
        self.database: Database | None = None
        self.task: Task | None = None
        self.ui = Ui_PassphraseDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.file_label.setText(
            self.tr("بسته: {name}").format(name=f"{LRI}{self.path.name}{PDI}")
        )
        ui.file_label.setToolTip(str(self.path))
        ok = ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("باز کردن"))
        ui.error_label.hide()
        ui.busy_label.hide()
        ui.show_check.toggled.connect(self._show_passphrase)
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)
        ui.passphrase_edit.setFocus()

    def _show_passphrase(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.ui.passphrase_edit.setEchoMode(mode)

    def error_text(self) -> str:
        return self.ui.error_label.text() if self.ui.error_label.isVisibleTo(self) else ""

    def _show_error(self, message: str) -> None:
        self.ui.error_label.setText(message)
        self.ui.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        ui = self.ui
        ui.busy_label.setVisible(busy)
        for widget in (ui.passphrase_edit, ui.show_check, ui.button_box):
            widget.setEnabled(not busy)
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QGuiApplication.restoreOverrideCursor()

    # -- unlocking ------------------------------------------------------------

    def accept(self) -> None:
        if self.task is not None:
            return
        passphrase = self.ui.passphrase_edit.text()
        if not passphrase.strip():
            self._show_error(self.tr("گذرواژه بسته سفر را وارد کنید."))
            self.ui.passphrase_edit.setFocus()
            return
        self.ui.error_label.hide()
        path, cost, backup_dir = self.path, self.cost, self.backup_dir

        def work() -> Database:
            return Database.open_package(path, passphrase, cost=cost, backup_dir=backup_dir)

        self._set_busy(True)
        self.task = run_in_background(work, self._opened, self._failed)

    def _opened(self, database: Database) -> None:
        self.task = None
        self._set_busy(False)
        self.database = database
        super().accept()

    def _failed(self, message: str) -> None:
        self.task = None
        self._set_busy(False)
        # The path in the message reads left to right inside the Persian sentence.
        self._show_error(message.replace(str(self.path), f"{LRI}{self.path}{PDI}"))
        edit = self.ui.passphrase_edit
        edit.selectAll()
        edit.setFocus()

    def reject(self) -> None:
        if self.task is None:  # the key is being derived: wait for it
            super().reject()
