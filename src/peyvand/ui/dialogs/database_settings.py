"""Settings → «پایگاه داده»: this computer's file, or the office server.

The server is named by its parts (address, port, database, user, TLS mode and the
office's CA for ``verify-full``); the password typed here goes only into the operating
system's credential store (storage/location.remember_password), never into the settings
file or a log. «آزمودن اتصال» opens the server as the window would, off the GUI thread,
and says in Persian what failed: the server does not answer, the sign-in was refused,
there is no such database, or its schema is older or newer than this version.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QGroupBox, QWidget

from peyvand.config import DatabaseChoice
from peyvand.errors import PeyvandError
from peyvand.storage import location
from peyvand.ui.forms.ui_database_settings import Ui_DatabaseSettings
from peyvand.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)

LRI, PDI = "\u2066", "\u2069"
OK_STYLE = "color: #15803d;"
ERROR_STYLE = "color: #b91c1c;"


class DatabaseSettings(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DatabaseSettings()
        self.ui.setupUi(self)
        ui = self.ui
        modes = (
            ("prefer", self.tr("در صورت امکان (پیش‌فرض)")),
            ("require", self.tr("همیشه رمزگذاری‌شده")),
            ("verify-full", self.tr("رمزگذاری‌شده و وارسی گواهی سرور (verify-full)")),
            ("disable", self.tr("بدون رمزگذاری")),
        )
        for value, text in modes:
            ui.sslmode_combo.addItem(text, value)
        ui.local_radio.toggled.connect(self._show_kind)
        ui.sslmode_combo.currentIndexChanged.connect(self._show_ca)
        ui.choose_ca_button.clicked.connect(self.choose_ca)
        ui.test_button.clicked.connect(lambda: self.test_connection())  # noqa: PLW0108
        self.test_task: Task | None = None
        self._show_kind()
        self._show_ca()

    # -- widgets <-> the choice --------------------------------------------------------

    def load(self, choice: DatabaseChoice, local_path: Path) -> None:
        ui = self.ui
        ui.local_label.setText(
            self.tr("پرونده پایگاه داده روی این رایانه: {path}").format(
                path=f"{LRI}{local_path}{PDI}"
            )
        )
        (ui.server_radio if choice.kind == "server" else ui.local_radio).setChecked(True)
        ui.host_edit.setText(choice.host)
        ui.port_spin.setValue(choice.port)
        ui.name_edit.setText(choice.name)
        ui.user_edit.setText(choice.user)
        ui.sslmode_combo.setCurrentIndex(max(ui.sslmode_combo.findData(choice.sslmode), 0))
        ui.ca_edit.setText(choice.sslrootcert)
        ui.password_edit.clear()
        self._show_stored_password()
        self._show_kind()

    def choice(self) -> DatabaseChoice:
        ui = self.ui
        return DatabaseChoice.from_dict(
            {
                "kind": "server" if ui.server_radio.isChecked() else "local",
                "host": ui.host_edit.text().strip(),
                "port": ui.port_spin.value(),
                "name": ui.name_edit.text().strip(),
                "user": ui.user_edit.text().strip(),
                "sslmode": ui.sslmode_combo.currentData() or "prefer",
                "sslrootcert": ui.ca_edit.text().strip(),
            }
        )

    def server_spec(self) -> str:
        """The server's location as chosen; a PeyvandError names what is missing."""
        return location.server_location(**self.choice().server_parts())

    def password(self) -> str:
        typed: str = self.ui.password_edit.text()
        return typed

    def _show_kind(self) -> None:
        server = self.ui.server_radio.isChecked()
        self.ui.server_box.setVisible(server)
        self.ui.test_button.setVisible(server)
        self.ui.test_result_label.setVisible(server)
        self.ui.local_label.setVisible(not server)

    def _show_ca(self) -> None:
        verify = self.ui.sslmode_combo.currentData() == "verify-full"
        self.ui.ca_edit.setEnabled(verify)
        self.ui.choose_ca_button.setEnabled(verify)

    def _show_stored_password(self) -> None:
        try:
            stored = location.has_remembered_password(self.server_spec())
        except PeyvandError:
            stored = False
        self.ui.password_edit.setPlaceholderText(
            self.tr("نگه‌داشته در مدیریت گذرواژه‌های سیستم") if stored else ""
        )

    def choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("گواهی مرجع (CA) اداره"),
            self.ui.ca_edit.text(),
            self.tr("گواهی (*.pem *.crt *.cer);;همه پرونده‌ها (*)"),
        )
        if path:
            self.ui.ca_edit.setText(path)

    # -- testing and remembering -------------------------------------------------------

    def show_result(self, ok: bool, text: str) -> None:
        label = self.ui.test_result_label
        label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        label.setText(text)

    def test_connection(self) -> Task | None:
        """«آزمودن اتصال»: the server opened and closed again, off the GUI thread."""
        try:
            spec = self.server_spec()
        except PeyvandError as exc:
            self.show_result(False, exc.message("fa"))
            return None
        password = self.password() or None
        self.ui.test_button.setEnabled(False)
        self.show_result(True, self.tr("در حال آزمودن اتصال…"))

        def done(label: object) -> None:
            self.test_task = None
            self.ui.test_button.setEnabled(True)
            self.show_result(
                True,
                self.tr("اتصال برقرار شد: {server}. پایگاه دادهٔ پیوند آمادهٔ کار است.").format(
                    server=f"{LRI}{label}{PDI}"
                ),
            )

        def failed(message: str) -> None:
            self.test_task = None
            self.ui.test_button.setEnabled(True)
            self.show_result(False, message)

        self.test_task = run_in_background(
            lambda: location.check_server(spec, password=password), done, failed
        )
        return self.test_task

    def remember(self) -> None:
        """Keep a typed password in the credential store (raises what the store says)."""
        if self.ui.server_radio.isChecked() and self.password():
            location.remember_password(self.server_spec(), self.password())
            log.info("a server password was kept in the credential store")
