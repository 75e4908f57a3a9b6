"""کاربران و نقش‌ها: the office server's logins, for administrators.

Every colleague signs in as their own PostgreSQL login; this screen lists them with
their roles, unit, linked person and whether they are disabled, adds one (login, name,
roles, unit, person, first password), changes roles, links a login to a person and a
unit, and disables one (never deletes it: their name stays in the audit trail). The
work is done by ``services.accounts``; the database refuses anyone but an
administrator whatever this window shows, and its refusals are shown in Persian.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHeaderView,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from peyvand.domain.accounts import Account, Role
from peyvand.errors import PeyvandError
from peyvand.services import accounts, choices
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.forms.ui_users_dialog import Ui_UsersDialog
from peyvand.ui.permissions import roles_text
from peyvand.ui.widgets.record_picker import RecordPicker

DISABLED_COLOR = QColor("#9ca3af")
# Left-to-right isolate: a Latin login inside a Persian sentence.
LRI, PDI = "\u2066", "\u2069"


class UsersDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_UsersDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.unit_picker = RecordPicker(context, "unit", self, allow_new=False)
        self.unit_picker.setObjectName("unit_picker")
        ui.unit_slot.addWidget(self.unit_picker)
        ui.unit_label.setBuddy(self.unit_picker)
        self.person_picker = RecordPicker(context, "person", self, allow_new=False)
        self.person_picker.setObjectName("person_picker")
        ui.person_slot.addWidget(self.person_picker)
        ui.person_label.setBuddy(self.person_picker)
        self.person_picker.value_changed.connect(self._suggest)
        QWidget.setTabOrder(ui.admin_check, self.unit_picker)
        QWidget.setTabOrder(self.unit_picker, self.person_picker)
        QWidget.setTabOrder(self.person_picker, ui.password_edit)
        self.role_checks: dict[Role, QCheckBox] = {
            Role.READER: ui.reader_check,
            Role.STAFF: ui.staff_check,
            Role.CLEARED: ui.cleared_check,
            Role.ADMIN: ui.admin_check,
        }
        header = ui.users_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The names take the room; the status is one short word.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        ui.users_table.verticalHeader().hide()
        ui.users_table.itemSelectionChanged.connect(self._show_selected)
        ui.new_button.clicked.connect(self.start_new)
        ui.new_button.setToolTip(self.tr("افزودن همکار (Ctrl+N)"))
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.start_new)
        ui.disable_button.clicked.connect(lambda: self.disable_selected())  # noqa: PLW0108
        ui.save_button.clicked.connect(lambda: self.save())  # noqa: PLW0108
        ui.cancel_button.clicked.connect(self._show_selected)
        ui.button_box.rejected.connect(self.reject)
        self._accounts: list[Account] = []
        self._adding = False
        self.refresh()

    # -- the list ---------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> list[Account]:
        """Read the logins again; keep (or move to) the one named ``select``."""
        current = self.selected()
        keep = select or (current.login if current is not None else None)
        try:
            found = accounts.accounts(self.context.db)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("کاربران خوانده نشد"), exc.message("fa"))
            found = []
        self._accounts = found
        units = {c.id: c.label for c in choices.units(self.context.db)}
        people = {c.id: c.label for c in choices.people(self.context.db)}
        table = self.ui.users_table
        table.blockSignals(True)
        table.clearSelection()
        table.setRowCount(len(found))
        for row, account in enumerate(found):
            cells = (
                f"{LRI}{account.login}{PDI}",
                account.display_name,
                roles_text(account.roles),
                units.get(account.unit_id, "") if account.unit_id else "",
                people.get(account.person_id, "") if account.person_id else "",
                self.tr("غیرفعال") if account.disabled else self.tr("فعال"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, account.login)
                item.setToolTip(text)
                if account.disabled:
                    item.setForeground(QBrush(DISABLED_COLOR))
                table.setItem(row, column, item)
        table.blockSignals(False)
        self.ui.count_label.setText(self.tr("{n} حساب").format(n=to_persian_digits(len(found))))
        logins = [a.login for a in found]
        if keep in logins:
            table.setCurrentCell(logins.index(keep), 0)
        elif found:
            table.setCurrentCell(0, 0)
        self._show_selected()
        return found

    def selected(self) -> Account | None:
        model = self.ui.users_table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        row: int = rows[0].row() if rows else -1
        return self._accounts[row] if 0 <= row < len(self._accounts) else None

    def select_login(self, login: str) -> None:
        logins = [a.login for a in self._accounts]
        self.ui.users_table.setCurrentCell(logins.index(login), 0)
        self._show_selected()

    # -- the account below the list ---------------------------------------------------

    def _show_selected(self) -> None:
        """The selected login in the form below: roles, unit and person may change."""
        ui = self.ui
        self._adding = False
        account = self.selected()
        ui.error_label.clear()
        ui.detail_group.setTitle(
            self.tr("حساب {login}").format(login=f"{LRI}{account.login}{PDI}")
            if account is not None
            else self.tr("حساب")
        )
        ui.login_edit.setText(account.login if account else "")
        ui.display_name_edit.setText(account.display_name if account else "")
        for role, check in self.role_checks.items():
            check.setChecked(account is not None and role in account.roles)
        self.unit_picker.set_value(account.unit_id if account else None)
        self.person_picker.set_value(account.person_id if account else None)
        for widget in (ui.login_edit, ui.display_name_edit):
            widget.setReadOnly(True)
        for widget in (
            ui.password_label,
            ui.password_edit,
            ui.password_again_label,
            ui.password_again_edit,
            ui.cancel_button,
        ):
            widget.hide()
        editable = account is not None and not account.disabled
        for widget in (*self.role_checks.values(), self.unit_picker, self.person_picker):
            widget.setEnabled(editable)
        ui.save_button.setText(self.tr("ذخیرهٔ نقش‌ها و پیوند"))
        ui.save_button.setEnabled(editable)
        ui.disable_button.setEnabled(editable and not self._is_me(account))
        ui.disable_button.setToolTip(
            self.tr("حساب خودتان را نمی‌توانید غیرفعال کنید.") if self._is_me(account) else ""
        )

    def _is_me(self, account: Account | None) -> bool:
        return account is not None and account.login == self.context.account.login

    def start_new(self) -> None:
        """«افزودن همکار»: an empty form below the list, login and password open."""
        ui = self.ui
        ui.users_table.clearSelection()
        self._adding = True
        ui.error_label.clear()
        ui.detail_group.setTitle(self.tr("همکار تازه"))
        for widget in (ui.login_edit, ui.display_name_edit, ui.password_edit):
            widget.clear()
        ui.password_again_edit.clear()
        for widget in (ui.login_edit, ui.display_name_edit):
            widget.setReadOnly(False)
        for role, check in self.role_checks.items():
            check.setEnabled(True)
            check.setChecked(role is Role.STAFF)
        for picker in (self.unit_picker, self.person_picker):
            picker.setEnabled(True)
            picker.set_value(None)
        for widget in (
            ui.password_label,
            ui.password_edit,
            ui.password_again_label,
            ui.password_again_edit,
            ui.cancel_button,
        ):
            widget.show()
        ui.save_button.setText(self.tr("افزودن"))
        ui.save_button.setEnabled(True)
        ui.disable_button.setEnabled(False)
        ui.login_edit.setFocus()

    def _suggest(self, person_id: uuid.UUID | None) -> None:
        """A person chosen for a new login: their name and unit fill what is empty."""
        from peyvand.domain import Person
        from peyvand.services import records

        if person_id is None or not self._adding:
            return
        try:
            person = records.get_row(self.context.db, Person, person_id)
        except PeyvandError:
            return
        if not self.ui.display_name_edit.text().strip():
            self.ui.display_name_edit.setText(person.name)
        if self.unit_picker.value() is None and person.unit_id is not None:
            self.unit_picker.set_value(person.unit_id)

    def roles(self) -> set[Role]:
        return {role for role, check in self.role_checks.items() if check.isChecked()}

    def show_error(self, message: str) -> None:
        self.ui.error_label.setText(message)

    # -- saving -----------------------------------------------------------------------

    def save(self) -> Account | None:
        """«افزودن» a new login, or «ذخیره» the selected one's roles and links."""
        ui = self.ui
        ui.error_label.clear()
        roles = self.roles()
        if not roles:
            self.show_error(self.tr("دست‌کم یک نقش برگزینید."))
            return None
        for picker in (self.unit_picker, self.person_picker):
            if picker.unmatched_text():
                self.show_error(
                    self.tr("«{text}» در فهرست نیست؛ آن را از فهرست برگزینید.").format(
                        text=picker.unmatched_text()
                    )
                )
                picker.setFocus()
                return None
        db = self.context.db
        try:
            if self._adding:
                return self._add(roles)
            account = self.selected()
            if account is None:
                return None
            login = account.login
            if roles != set(account.roles):
                accounts.set_roles(db, login, roles)
            unit, person = self.unit_picker.value(), self.person_picker.value()
            if (person, unit) != (account.person_id, account.unit_id):
                accounts.link(db, login, person, unit)
        except PeyvandError as exc:
            self.show_error(exc.message("fa"))
            return None
        self.refresh(select=login)
        return self.selected()

    def _add(self, roles: set[Role]) -> Account | None:
        ui = self.ui
        login = ui.login_edit.text().strip()
        if not login:
            self.show_error(self.tr("نام کاربری را وارد کنید."))
            ui.login_edit.setFocus()
            return None
        password = ui.password_edit.text()
        if password != ui.password_again_edit.text():
            self.show_error(self.tr("گذرواژه و تکرار آن یکی نیستند."))
            ui.password_again_edit.setFocus()
            return None
        if not password and not self._confirm_no_password(login):
            return None
        added = accounts.add_account(
            self.context.db,
            login,
            roles,
            password=password or None,
            display_name=ui.display_name_edit.text().strip(),
            person_id=self.person_picker.value(),
            unit_id=self.unit_picker.value(),
        )
        self.refresh(select=added.login)
        return added

    def _confirm_no_password(self, login: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("بدون گذرواژه"),
            self.tr(
                "برای {login} گذرواژه‌ای تعیین نشده است؛ او فقط با حساب ویندوز (Kerberos/SSPI) "
                "می‌تواند وارد شود. ادامه می‌دهید؟"
            ).format(login=f"{LRI}{login}{PDI}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def disable_selected(self, *, confirm: bool = True) -> Account | None:
        """«غیرفعال کردن»: after a confirmation; the login is kept, never deleted."""
        account = self.selected()
        if account is None or account.disabled or self._is_me(account):
            return None
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("غیرفعال کردن حساب"),
                self.tr(
                    "حساب {login} ({name}) غیرفعال شود؟ او دیگر نمی‌تواند وارد شود؛ حساب حذف "
                    "نمی‌شود و نامش در تاریخچهٔ تغییرها می‌ماند."
                ).format(login=f"{LRI}{account.login}{PDI}", name=account.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            accounts.disable(self.context.db, account.login)
        except PeyvandError as exc:
            QMessageBox.warning(self, self.tr("حساب غیرفعال نشد"), exc.message("fa"))
            return None
        self.refresh(select=account.login)
        return self.selected()

    def values(self) -> dict[str, Any]:
        """What the form below the list shows (tests, the screenshot)."""
        return {
            "login": self.ui.login_edit.text(),
            "roles": self.roles(),
            "unit_id": self.unit_picker.value(),
            "person_id": self.person_picker.value(),
        }
