"""ورود: who is signing in to the office server (office mode).

The server comes from the location being opened (Settings → «پایگاه داده», or
``--db postgresql://…``); the login is the last one used on this computer. The password
goes to libpq when the connection opens and, with «به خاطر سپردن», into the operating
system's credential store (``storage.server``: Windows Credential Manager, the Secret
Service), never into Peyvand's files. «ورود با حساب ویندوز» connects with no password
at all, as libpq does with Kerberos (GSSAPI) or SSPI: the ticket of the Windows (or
Kerberos) session signs in, with ``gssencmode``/``krbsrvname`` taken from the server's
URL when the office sets them. When the server refuses, the dialog says why in Persian:
a wrong password, a disabled login, a server that wants a password from this account.

The connection is made off the GUI thread (a server that does not answer takes up to
ten seconds to say so); after acceptance ``database`` is the open server database and
``account`` the signed-in account (the caller closes the database).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy.engine import URL

from peyvand.config import Settings
from peyvand.domain.accounts import Account
from peyvand.errors import PeyvandError
from peyvand.storage import server
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database
from peyvand.ui.forms.ui_sign_in_dialog import Ui_SignInDialog
from peyvand.ui.layout_store import ui_settings
from peyvand.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)

LRI, PDI = "\u2066", "\u2069"
LAST_LOGIN_KEY = "sign_in/login"
LAST_WINDOWS_KEY = "sign_in/windows"
# What libpq says when single sign-on did not happen: the server wanted a password
# (fe_sendauth), or GSSAPI/SSPI/Kerberos itself failed on this computer.
_SSO_FAILURES = ("no password supplied", "gssapi", "sspi", "kerberos", "gss ")
# PostgreSQL refuses a login without LOGIN (a disabled account) with this text.
_DISABLED = "not permitted to log in"


def single_sign_on_possible() -> bool:
    """Whether «ورود با حساب ویندوز» can work here: on Windows libpq has SSPI; elsewhere
    it needs a Kerberos ticket cache (``kinit``)."""
    if sys.platform == "win32":
        return True
    cache = os.environ.get("KRB5CCNAME", "")
    if cache:
        return not cache.startswith("FILE:") or Path(cache[5:]).exists()
    uid = os.getuid() if hasattr(os, "getuid") else -1
    return Path(f"/tmp/krb5cc_{uid}").exists()


@dataclass(frozen=True)
class _Outcome:
    database: Database | None = None
    account: Account | None = None
    error: PeyvandError | None = None


def _signed_in_account(database: Database, settings: Settings) -> Account:
    from peyvand.services import accounts

    return accounts.current(database, settings)


def open_server(spec: str, password: str | None, settings: Settings) -> _Outcome:
    """Connect to ``spec`` (with ``password`` held in memory only) and read who signed
    in. Runs in a worker thread: no Qt here."""
    from peyvand.storage.server_database import ServerDatabase

    url = server.server_url(spec)
    if password:
        url = url.set(password=password)
    try:
        database = ServerDatabase.connect(url.render_as_string(hide_password=False))
    except PeyvandError as exc:
        return _Outcome(error=exc)
    try:
        account = _signed_in_account(database, settings)
    except PeyvandError as exc:
        database.close()
        return _Outcome(error=exc)
    return _Outcome(database=database, account=account)


def refusal_text(error: PeyvandError, *, login: str, windows: bool) -> str:
    """The Persian sentence for a failed sign-in: what happened and what to do."""
    cause = str(error.__cause__ or "").lower()
    detail = str(error.params.get("detail", "")).lower()
    tr = QCoreApplication.translate
    who = f"{LRI}{login}{PDI}"
    if _DISABLED in cause:
        return tr(
            "SignInDialog",
            "حساب {login} غیرفعال شده است و نمی‌تواند وارد شود. اگر باید دوباره کار کنید، "
            "با مدیر سامانه تماس بگیرید.",
        ).format(login=who)
    sso_failed = any(word in cause or word in detail for word in _SSO_FAILURES)
    if windows and (sso_failed or error.msg_id == "server.auth_failed"):
        return tr(
            "SignInDialog",
            "ورود با حساب ویندوز ممکن نشد: کارگزار دفتر برای {login} ورود بی‌گذرواژه "
            "(Kerberos/SSPI) را نپذیرفت، یا این رایانه بلیت Kerberos ندارد. با گذرواژه "
            "وارد شوید، یا از مسئول فنی بخواهید ورود با حساب ویندوز را روی کارگزار "
            "(pg_hba.conf: gss یا sspi) راه بیندازد.",
        ).format(login=who)
    if error.msg_id == "server.auth_failed" or "no password supplied" in cause + detail:
        return tr(
            "SignInDialog",
            "نام کاربری یا گذرواژه درست نیست. اگر گذرواژه را فراموش کرده‌اید، مدیر سامانه "
            "می‌تواند گذرواژهٔ تازه‌ای بگذارد.",
        )
    return error.message("fa")


class SignInDialog(QDialog):
    def __init__(
        self, spec: str, settings: Settings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.url: URL = server.server_url(spec)
        self.settings = settings or Settings()
        self.database: Database | None = None
        self.account: Account | None = None
        self.task: Task | None = None
        self._stored = ""  # the password the credential store had for this login
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        ui = self.ui
        url = self.url
        ui.server_label.setText(
            self.tr("{database} روی {host}").format(
                database=f"{LRI}{url.database}{PDI}",
                host=f"{LRI}{url.host or 'localhost'}:{url.port or server.DEFAULT_PORT}{PDI}",
            )
        )
        ok = ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("ورود"))
        ok.setObjectName("sign_in_button")
        ui.error_label.hide()
        ui.busy_label.hide()
        remembered = ui_settings()
        login = url.username or str(remembered.value(LAST_LOGIN_KEY, "") or "")
        ui.login_edit.setText(login or current_actor())
        sso = single_sign_on_possible()
        ui.windows_check.setVisible(sso)
        ui.windows_check.setChecked(
            sso and str(remembered.value(LAST_WINDOWS_KEY, "")).lower() == "true"
        )
        ui.windows_check.toggled.connect(self._windows_toggled)
        ui.login_edit.editingFinished.connect(self._look_up_password)
        ui.button_box.accepted.connect(self.accept)
        ui.button_box.rejected.connect(self.reject)
        self._look_up_password()
        self._windows_toggled(ui.windows_check.isChecked())
        self.adjustSize()  # as tall as what shows (the error and busy lines are hidden)
        if ui.login_edit.text() and not ui.windows_check.isChecked():
            ui.password_edit.setFocus()
        else:
            ui.login_edit.setFocus()

    # -- the form ---------------------------------------------------------------------

    def login_url(self) -> URL:
        return self.url.set(username=self.ui.login_edit.text().strip() or None)

    def _look_up_password(self) -> None:
        """A password remembered for this login fills the field (masked)."""
        ui = self.ui
        if not ui.login_edit.text().strip():
            return
        stored = server.stored_password(self.login_url()) or ""
        if stored and (not ui.password_edit.text() or ui.password_edit.text() == self._stored):
            ui.password_edit.setText(stored)
        self._stored = stored
        ui.remember_check.setChecked(bool(stored))

    def _windows_toggled(self, windows: bool) -> None:
        ui = self.ui
        for widget in (ui.password_title_label, ui.password_edit, ui.remember_check):
            widget.setEnabled(not windows)
        if windows and not ui.login_edit.text().strip():
            ui.login_edit.setText(current_actor())

    def error_text(self) -> str:
        return self.ui.error_label.text() if self.ui.error_label.isVisibleTo(self) else ""

    def _show_error(self, message: str) -> None:
        self.ui.error_label.setText(message)
        self.ui.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        ui = self.ui
        ui.busy_label.setVisible(busy)
        for widget in (ui.login_edit, ui.password_edit, ui.remember_check, ui.windows_check):
            widget.setEnabled(not busy)
        ui.button_box.setEnabled(not busy)
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QGuiApplication.restoreOverrideCursor()
            self._windows_toggled(ui.windows_check.isChecked())

    # -- signing in -------------------------------------------------------------------

    def accept(self) -> None:
        if self.task is not None:
            return
        ui = self.ui
        login = ui.login_edit.text().strip()
        windows = ui.windows_check.isChecked()
        if not login:
            self._show_error(self.tr("نام کاربری را وارد کنید."))
            ui.login_edit.setFocus()
            return
        password = "" if windows else ui.password_edit.text()
        if not windows and not password:
            self._show_error(
                self.tr("گذرواژه را وارد کنید، یا «ورود با حساب ویندوز» را برگزینید.")
                if ui.windows_check.isVisible()
                else self.tr("گذرواژه را وارد کنید.")
            )
            ui.password_edit.setFocus()
            return
        ui.error_label.hide()
        spec = self.login_url().render_as_string(hide_password=False)
        settings = self.settings

        def work() -> _Outcome:
            return open_server(spec, password or None, settings)

        self._set_busy(True)
        self.task = run_in_background(
            work, lambda outcome: self._done(outcome, login, windows, password), self._failed
        )

    def _done(self, outcome: _Outcome, login: str, windows: bool, password: str) -> None:
        self.task = None
        self._set_busy(False)
        if outcome.error is not None or outcome.database is None:
            assert outcome.error is not None
            self._show_error(refusal_text(outcome.error, login=login, windows=windows))
            edit = self.ui.login_edit if windows else self.ui.password_edit
            edit.selectAll()
            edit.setFocus()
            return
        self.database, self.account = outcome.database, outcome.account
        remembered = ui_settings()
        remembered.setValue(LAST_LOGIN_KEY, login)
        remembered.setValue(LAST_WINDOWS_KEY, "true" if windows else "false")
        if not windows:
            self._keep_password(password)
        super().accept()

    def _keep_password(self, password: str) -> None:
        """«به خاطر سپردن»: into the credential store, or out of it when unticked. A
        computer without a usable store still signs in; the password is just not kept."""
        url = self.login_url()
        try:
            if self.ui.remember_check.isChecked():
                if password != self._stored:
                    server.store_password(url, password)
            elif self._stored:
                server.forget_password(url)
        except Exception as exc:  # keyring's backends raise their own kinds
            log.warning("password not kept in the credential store: %s", type(exc).__name__)
            QMessageBox.warning(
                self,
                self.tr("گذرواژه به خاطر سپرده نشد"),
                self.tr(
                    "انبار گذرواژه‌های این رایانه در دسترس نبود؛ دفعهٔ بعد گذرواژه دوباره "
                    "پرسیده می‌شود.\n{detail}"
                ).format(detail=type(exc).__name__),
            )

    def _failed(self, message: str) -> None:
        # Not a PeyvandError: open_server returns those; this is unexpected.
        self.task = None
        self._set_busy(False)
        self._show_error(message)

    def reject(self) -> None:
        if self.task is None:  # a connection is being made: wait for it
            super().reject()
