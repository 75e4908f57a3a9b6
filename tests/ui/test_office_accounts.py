"""Office mode in the window, on a real PostgreSQL database with real logins: the
administrator's «کاربران و نقش‌ها» (add, change roles, link, disable), the sign-in
dialog's refusal of a disabled login, and a member of staff who is not cleared seeing
no classified title in the lists, the dashboard or the search."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

import pg_support
from peyvand.config import Settings
from peyvand.domain import Meeting, Person, Unit
from peyvand.domain.accounts import Role
from peyvand.domain.enums import Classification
from peyvand.services import accounts, records, search
from peyvand.services.clock import FixedClock
from peyvand.storage.server_database import ServerDatabase
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.sign_in_dialog import SignInDialog
from peyvand.ui.dialogs.users_dialog import UsersDialog
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.dashboard import DashboardScreen
from peyvand.ui.screens.meetings import MeetingsScreen

from .conftest import FIXED_NOW

SECRET_TITLE = "گفت‌وگوی محرمانه با هیئت"
OPEN_TITLE = "دیدار عادی با هیئت"


@dataclass(frozen=True)
class Office:
    url: str
    admin: str
    staff: str
    person: uuid.UUID
    unit: uuid.UUID
    tag: str


def _as(url: str, login: str) -> str:
    return str(make_url(url).set(username=login).render_as_string(hide_password=False))


@pytest.fixture(scope="module")
def office(pg_template: str) -> Iterator[Office]:
    name = pg_support.new_name("peyvand_gui")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    tag = f"pvg{os.getpid()}{uuid.uuid4().hex[:6]}"
    made: list[str] = []
    try:
        owner = ServerDatabase.connect(url)
        try:
            soon = dt.date(2026, 12, 1)  # within the dashboard's 30 days of FIXED_NOW
            unit = records.create_row(owner, Unit, {"name": "امور بین‌الملل"}).id
            person = records.create_row(owner, Person, {"name": "مریم احمدی", "unit_id": unit}).id
            for title, mark in ((OPEN_TITLE, Classification.NORMAL),
                                (SECRET_TITLE, Classification.SECRET)):  # fmt: skip
                records.create_row(
                    owner, Meeting, {"title": title, "date": soon, "classification": mark}
                )
            admin, staff = f"{tag}_admin", f"{tag}_staff"
            for login, roles in ((admin, {Role.ADMIN}), (staff, {Role.STAFF})):
                accounts.add_account(owner, login, roles, password="pw")
                made.append(login)
        finally:
            owner.close()
        yield Office(url, admin, staff, person, unit, tag)
    finally:
        engine = create_engine(pg_support.admin_url(), isolation_level="AUTOCOMMIT")
        pg_support.drop_database(name)
        with engine.connect() as conn:
            for login in [*made, f"{tag}_colleague"]:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
        engine.dispose()


def context_as(office: Office, login: str) -> AppContext:
    db = ServerDatabase.connect(_as(office.url, login))
    settings = Settings()
    return AppContext(
        db=db, settings=settings, clock=FixedClock(FIXED_NOW),
        account=accounts.current(db, settings),
    )  # fmt: skip


def test_an_administrator_adds_changes_and_disables_a_colleague(
    qtbot: QtBot, app: object, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    context = context_as(office, office.admin)
    try:
        window = MainWindow(context)
        qtbot.addWidget(window)
        assert window.users_action.isVisible() and window.users_action.isEnabled()
        dialog = window.show_users()
        assert isinstance(dialog, UsersDialog)
        ui = dialog.ui
        colleague = f"{office.tag}_colleague"

        dialog.start_new()
        ui.login_edit.setText(colleague)
        ui.display_name_edit.setText("علی رضایی")
        ui.reader_check.setChecked(True)
        ui.staff_check.setChecked(False)
        ui.password_edit.setText("first-pass")
        ui.password_again_edit.setText("other")
        assert dialog.save() is None
        assert ui.error_label.text() == "گذرواژه و تکرار آن یکی نیستند."
        ui.password_again_edit.setText("first-pass")
        added = dialog.save()
        assert added is not None and added.roles == {Role.READER}
        assert dialog.selected() is not None and dialog.selected().login == colleague
        row = [a.login for a in dialog._accounts].index(colleague)
        assert ui.users_table.item(row, 2).text() == "خواننده"

        # Change roles, link to a person and unit.
        ui.staff_check.setChecked(True)
        dialog.person_picker.set_value(office.person)
        dialog.unit_picker.set_value(office.unit)
        changed = dialog.save()
        assert changed is not None
        assert changed.roles == {Role.READER, Role.STAFF}
        assert (changed.person_id, changed.unit_id) == (office.person, office.unit)
        assert ui.users_table.item(row, 4).text() == "مریم احمدی"

        # The same login again: the service's refusal, in Persian, under the form.
        dialog.start_new()
        ui.login_edit.setText(colleague)
        ui.password_edit.setText("x")
        ui.password_again_edit.setText("x")
        assert dialog.save() is None
        assert colleague in ui.error_label.text() and "از پیش" in ui.error_label.text()

        # Disable (confirmed); never deleted, shown as disabled, no longer editable.
        dialog.select_login(colleague)
        disabled = dialog.disable_selected()
        assert disabled is not None and disabled.disabled
        assert ui.users_table.item(row, 5).text() == "غیرفعال"
        assert not ui.save_button.isEnabled() and not ui.disable_button.isEnabled()
        # An administrator cannot disable their own login from here.
        dialog.select_login(office.admin)
        assert not ui.disable_button.isEnabled()
        dialog.close()
        window.close()
    finally:
        context.db.close()

    # The disabled colleague is told so at sign-in.
    sign_in = SignInDialog(_as(office.url, colleague), Settings())
    qtbot.addWidget(sign_in)
    sign_in.ui.windows_check.setChecked(False)
    sign_in.ui.password_edit.setText("first-pass")
    sign_in.accept()
    qtbot.waitUntil(lambda: sign_in.task is None, timeout=20_000)
    assert sign_in.database is None
    assert "غیرفعال شده است" in sign_in.error_text()


def test_staff_who_are_not_cleared_see_no_classified_title(
    qtbot: QtBot, app: object, office: Office
) -> None:
    context = context_as(office, office.staff)
    try:
        assert context.account.roles == {Role.STAFF}
        meetings = MeetingsScreen(context)
        qtbot.addWidget(meetings)
        model = meetings.model
        titles = [model.data(model.index(r, 3)) for r in range(model.total)]
        assert OPEN_TITLE in titles and SECRET_TITLE not in titles
        board = DashboardScreen(context)
        qtbot.addWidget(board)
        shown = [
            board.ui.meetings_list.item(i).text() for i in range(board.ui.meetings_list.count())
        ]
        assert any(OPEN_TITLE in t for t in shown)
        assert not any(SECRET_TITLE in t for t in shown)
        assert board.ui.meetings_group.title().endswith("(۱)")
        found = search.search(context.db, "هیئت")
        texts = " ".join(f"{hit.title} {hit.snippet}" for hit in found)
        assert OPEN_TITLE in texts and SECRET_TITLE not in texts
    finally:
        context.db.close()
