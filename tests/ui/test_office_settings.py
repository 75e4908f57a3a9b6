"""Settings → «پایگاه داده» on a real PostgreSQL server: the choice saved and shown
again, the password only in the credential store (an in-memory one set by the test),
«آزمودن اتصال» saying in Persian what failed, the daily backup note in office mode, and
the window opening the configured server at start."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import pg_support
from peyvand import app as app_module
from peyvand.config import DatabaseChoice, Settings, load_settings, save_settings, settings_path
from peyvand.storage import migrate, server
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.settings_dialog import SettingsDialog

from .office_support import MemoryKeyring, memory_keyring

pytestmark = pytest.mark.parametrize("engine", ["postgresql"], indirect=True, scope="module")

SECRET = "گذرواژه-رمز-۱۲۳"


@pytest.fixture
def store() -> Iterator[MemoryKeyring]:
    with memory_keyring() as kept:
        yield kept


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext, store: MemoryKeyring) -> SettingsDialog:
    shown = SettingsDialog(context)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def fill(dialog: SettingsDialog, url: str, *, password: str = "", **extra: Any) -> None:
    parts = make_url(url)
    ui = dialog.database.ui
    ui.server_radio.setChecked(True)
    ui.host_edit.setText(extra.get("host", parts.host or ""))
    ui.port_spin.setValue(extra.get("port", parts.port or 5432))
    ui.name_edit.setText(extra.get("name", parts.database or ""))
    ui.user_edit.setText(extra.get("user", parts.username or ""))
    ui.password_edit.setText(password)


def save(dialog: SettingsDialog) -> None:
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


def connection_result(qtbot: QtBot, dialog: SettingsDialog) -> str:
    dialog.database.ui.test_button.click()
    qtbot.waitUntil(lambda: dialog.database.test_task is None, timeout=15_000)
    return str(dialog.database.ui.test_result_label.text())


def test_the_server_choice_round_trips_and_the_password_stays_in_the_store(  # noqa: PLR0917
    qtbot: QtBot,
    dialog: SettingsDialog,
    context: AppContext,
    store: MemoryKeyring,
    pg_module_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    ca = tmp_path / "office-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    fill(dialog, pg_module_url, password=SECRET, user="maryam")
    ui = dialog.database.ui
    ui.sslmode_combo.setCurrentIndex(ui.sslmode_combo.findData("verify-full"))
    assert ui.ca_edit.isEnabled()
    ui.ca_edit.setText(str(ca))
    save(dialog)

    choice = load_settings().database
    parts = make_url(pg_module_url)
    assert choice == DatabaseChoice(
        kind="server",
        host=parts.host or "",
        port=parts.port or 5432,
        name=parts.database or "",
        user="maryam",
        sslmode="verify-full",
        sslrootcert=str(ca),
    )
    assert context.settings.database == choice
    # The password: in the credential store under user@host:port/database, nowhere else.
    key = f"maryam@{parts.host}:{parts.port}/{parts.database}"
    assert store.secrets == {(server.KEYRING_SERVICE, key): SECRET}
    assert SECRET not in settings_path().read_text(encoding="utf-8")
    logs = "".join(p.read_text(encoding="utf-8") for p in settings_path().parent.rglob("*.log"))
    assert SECRET not in logs

    again = SettingsDialog(context)
    qtbot.addWidget(again)
    shown = again.database.ui
    assert shown.server_radio.isChecked()
    assert shown.user_edit.text() == "maryam"
    assert shown.sslmode_combo.currentData() == "verify-full"
    assert shown.password_edit.text() == ""
    assert "نگه‌داشته" in shown.password_edit.placeholderText()


def test_verify_full_without_the_ca_file_is_refused_and_nothing_saved(
    dialog: SettingsDialog, pg_module_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text))
    fill(dialog, pg_module_url)
    ui = dialog.database.ui
    ui.sslmode_combo.setCurrentIndex(ui.sslmode_combo.findData("verify-full"))
    save(dialog)
    assert warned and "گواهی مرجع" in warned[0]
    assert dialog.isVisible()
    assert not settings_path().exists()


def test_testing_the_connection_says_what_is_wrong_in_persian(
    qtbot: QtBot, dialog: SettingsDialog, pg_module_url: str, pg_template: str
) -> None:
    fill(dialog, pg_module_url)
    assert "اتصال برقرار شد" in connection_result(qtbot, dialog)

    fill(dialog, pg_module_url, port=1)  # nothing listens there
    assert "در دسترس نیست" in connection_result(qtbot, dialog)

    fill(dialog, pg_module_url, user="nobody_here")
    assert "ورود را نپذیرفت" in connection_result(qtbot, dialog)

    fill(dialog, pg_module_url, name="no_such_peyvand_db")
    assert "چنین پایگاه داده‌ای" in connection_result(qtbot, dialog)

    fill(dialog, pg_module_url, host="")
    assert "نشانی کارگزار" in connection_result(qtbot, dialog)

    # Schema too old, then too new: a copy of the template with its version changed.
    name = pg_support.new_name("peyvand_schema")
    pg_support.create_database(name, template=pg_template)
    try:
        url = pg_support.database_url(name)
        engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
        older = sorted(migrate.known_revisions() - {migrate.HEAD_REVISION})[0]
        for revision, says in ((older, "به‌روزرسانی لازم دارد"), ("ffff_future", "نسخه جدیدتری")):
            with engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
            fill(dialog, url)
            assert says in connection_result(qtbot, dialog)
        engine.dispose()
    finally:
        pg_support.drop_database(name)


def test_office_mode_says_the_daily_backup_is_the_servers(dialog: SettingsDialog) -> None:
    note = dialog.findChild(object, "office_backup_note")
    assert note is not None and note.isVisible()
    assert "پشتیبان خودکار روزانه" in note.text()
    assert not dialog.ui.backup_dir_edit.isEnabled()


def test_the_window_opens_the_configured_server_at_start(  # noqa: PLR0917
    app: Any,
    pg_module_url: str,
    db: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store: MemoryKeyring,
) -> None:
    from peyvand import cli

    parts = make_url(pg_module_url)
    settings = Settings(
        database=DatabaseChoice(
            kind="server",
            host=parts.host or "",
            port=parts.port or 5432,
            name=parts.database or "",
            user=parts.username or "",
        )
    )
    save_settings(settings)
    opened: list[str] = []
    real_run = app_module.run

    def run(spec: Any, **kwargs: Any) -> int:
        opened.append(str(spec))
        return real_run(spec, **kwargs)

    monkeypatch.setattr(app_module, "run", run)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        assert cli.main(["--smoke-test"]) == 0
    finally:
        app_module.stop_logging()
    expected = server.build_url(
        host=parts.host or "",
        port=parts.port or 5432,
        database=parts.database or "",
        user=parts.username or "",
    )
    assert opened == [expected]
    assert "peyvand-ready" in capsys.readouterr().out
