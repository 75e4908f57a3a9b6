"""Backups in the GUI: the restore dialog (Jalali dates, Persian digits, confirmation,
restore off the GUI thread, ``restored``), the file menu's actions, the daily automatic
backup in the background, and the main window reopening the database after a restore."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import select

from peyvand.domain import Person
from peyvand.services import backups, records
from peyvand.services.backups import BackupInfo
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.restore_dialog import RestoreDialog, backup_time_text
from peyvand.ui.main_window import MainWindow

LATIN_DIGIT = re.compile("[0-9]")
PERSIAN_DIGIT = re.compile("[۰-۹]")
# 09:00 UTC on Thursday 26 November 2026 is 12:30 in Tehran, 5 Azar 1405.
NOON = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def _add_people(db: Database, *names: str) -> None:
    with db.session() as session:
        for name in names:
            records.create(session, Person, {"name": name})


def _names(db: Database) -> set[str]:
    with db.reading() as session:
        return {p.name for p in session.exec(select(Person)).all()}


@pytest.fixture
def three_backups(context: AppContext) -> list[BackupInfo]:
    """A pre-import backup a week ago, a daily one yesterday, a manual one at noon."""
    db = context.db
    _add_people(db, "الف")
    taken = []
    for reason, when in (
        (backups.PRE_IMPORT, NOON - dt.timedelta(days=7, hours=2)),
        (backups.DAILY, NOON - dt.timedelta(days=1)),
    ):
        taken.append(backups.backup_now(db, reason, clock=FixedClock(when)))
    _add_people(db, "ب")
    taken.append(backups.backup_now(db, backups.MANUAL, clock=FixedClock(NOON)))
    return taken


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation is answered Yes; its text is kept."""
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _cells(dialog: RestoreDialog, row: int) -> list[str]:
    table = dialog.ui.backups_table
    return [table.item(row, column).text() for column in range(table.columnCount())]


def _select(dialog: RestoreDialog, row: int) -> None:
    # As a click does. (QTableView.selectRow misses in a right-to-left table: it asks the
    # header for the column at the viewport's far edge, one pixel past the last one.)
    dialog.ui.backups_table.setCurrentCell(row, 0)


def test_backup_time_reads_as_a_persian_jalali_date_and_time() -> None:
    assert backup_time_text(NOON) == "پنج‌شنبه ۵ آذر ۱۴۰۵، ۱۲:۳۰"


def test_dialog_lists_backups_newest_first_in_persian(
    qtbot: QtBot, context: AppContext, three_backups: list[BackupInfo]
) -> None:
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.isRightToLeft()
    assert dialog.ui.backups_table.rowCount() == 3
    assert dialog.backups_shown() == list(reversed(three_backups))
    assert _cells(dialog, 0)[:2] == ["پنج‌شنبه ۵ آذر ۱۴۰۵، ۱۲:۳۰", "دستی"]
    assert _cells(dialog, 1)[:2] == ["چهارشنبه ۴ آذر ۱۴۰۵، ۱۲:۳۰", "خودکار روزانه"]
    assert _cells(dialog, 2)[:2] == ["پنج‌شنبه ۲۸ آبان ۱۴۰۵، ۱۰:۳۰", "پیش از درون‌ریزی"]
    for row in range(3):
        size = _cells(dialog, row)[2]
        assert size.endswith("کیلوبایت") and PERSIAN_DIGIT.search(size), size
        assert not any(LATIN_DIGIT.search(cell) for cell in _cells(dialog, row))
    assert not dialog.ui.empty_label.isVisible()
    assert not dialog.ui.restore_button.isEnabled(), "nothing chosen yet"
    _select(dialog, 1)
    assert dialog.ui.restore_button.isEnabled()
    # The folder, left-to-right as paths are.
    assert dialog.ui.folder_edit.text() == str(context.db.path.parent / "backups")
    assert dialog.ui.folder_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_dialog_with_no_backups_says_so(qtbot: QtBot, context: AppContext) -> None:
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.backups_table.rowCount() == 0
    assert dialog.ui.empty_label.isVisible()
    assert not dialog.ui.restore_button.isEnabled()


def test_restoring_through_the_dialog_emits_restored(
    qtbot: QtBot, context: AppContext, three_backups: list[BackupInfo], answers: list[str]
) -> None:
    _add_people(context.db, "پس از پشتیبان")
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _select(dialog, 1)  # yesterday's daily backup: only «الف»
    with qtbot.waitSignal(dialog.restored, timeout=15000) as signal:
        qtbot.mouseClick(dialog.ui.restore_button, Qt.MouseButton.LeftButton)
    assert signal.args == [context.db.path]
    assert len(answers) == 1
    assert "چهارشنبه ۴ آذر ۱۴۰۵، ۱۲:۳۰" in answers[0]
    assert "پیش از بازگردانی، از وضعیت کنونی پشتیبان گرفته می‌شود" in answers[0]
    assert _names(context.db) == {"الف"}
    assert dialog.result() == RestoreDialog.DialogCode.Accepted
    result = dialog.result_info
    assert result is not None and result.safety_backup is not None
    assert result.safety_backup.reason == backups.PRE_RESTORE
    assert result.safety_backup.taken_at == NOON, "the context's clock"


def test_saying_no_restores_nothing(
    qtbot: QtBot, context: AppContext, three_backups: list[BackupInfo],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _select(dialog, 2)
    qtbot.mouseClick(dialog.ui.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.task is None
    assert _names(context.db) == {"الف", "ب"}
    assert len(backups.list_backups(context.db.path)) == 3


def test_a_failed_restore_is_shown_and_the_list_reloaded(
    qtbot: QtBot, context: AppContext, three_backups: list[BackupInfo], answers: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))
    dialog = RestoreDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _select(dialog, 0)
    three_backups[-1].path.unlink()  # gone between listing and restoring
    qtbot.mouseClick(dialog.ui.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warnings), timeout=15000)
    assert "پرونده پشتیبانی" in warnings[0]
    assert dialog.ui.backups_table.rowCount() == 2
    assert _names(context.db) == {"الف", "ب"}


# --- the main window --------------------------------------------------------------------


@pytest.fixture
def no_auto_backup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "AUTO_BACKUP_DELAY_MS", 3_600_000)


def _file_menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.ui.file_menu.actions() if not a.isSeparator()]


def test_file_menu_offers_backup_and_restore(
    qtbot: QtBot, demo_context: AppContext, no_auto_backup: None
) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    texts = _file_menu_texts(window)
    assert "پشتیبان‌گیری اکنون" in texts
    assert "بازگردانی از پشتیبان…" in texts
    assert window.ui.backup_now_action in window.ui.file_menu.actions()
    assert window.ui.restore_action in window.ui.file_menu.actions()


def test_backup_now_from_the_menu(
    qtbot: QtBot, demo_context: AppContext, no_auto_backup: None
) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    window.ui.backup_now_action.trigger()
    folder = demo_context.db.path.parent / "backups"
    qtbot.waitUntil(lambda: bool(backups.list_backups(demo_context.db.path)), timeout=15000)
    [made] = backups.list_backups(demo_context.db.path)
    assert made.reason == backups.MANUAL and made.path.parent == folder
    qtbot.waitUntil(lambda: "پشتیبان گرفته شد" in window.ui.status_bar.currentMessage())


def test_the_backup_folder_set_in_settings_is_used(
    qtbot: QtBot, demo_context: AppContext, no_auto_backup: None, tmp_path: Path
) -> None:
    demo_context.settings.backup_dir = str(tmp_path / "elsewhere")
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.backup_now()
    qtbot.waitUntil(
        lambda: bool(backups.list_backups(demo_context.db.path, tmp_path / "elsewhere")),
        timeout=15000,
    )


def test_the_daily_backup_runs_off_the_gui_thread_after_the_window_is_shown(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = backups.daily_backup

    def recording(*args: Any, **kwargs: Any) -> BackupInfo | None:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "daily_backup", recording)
    monkeypatch.setattr(MainWindow, "AUTO_BACKUP_DELAY_MS", 0)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    assert threads == [], "nothing before the window is shown"
    window.show()
    qtbot.waitUntil(lambda: bool(backups.list_backups(demo_context.db.path)), timeout=15000)
    [made] = backups.list_backups(demo_context.db.path)
    assert made.reason == backups.DAILY and made.verified
    assert made.taken_at == NOON, "taken with the context's clock"
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: window.auto_backup_task is None, timeout=5000)
    assert "پشتیبان خودکار" in window.ui.status_bar.currentMessage()
    # Shown again (restored from minimized): no second attempt.
    window.hide()
    window.show()
    qtbot.wait(50)
    assert len(threads) == 1


def test_no_daily_backup_when_one_was_taken_today(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = backups.backup_now(
        demo_context.db, backups.MANUAL, clock=FixedClock(NOON - dt.timedelta(hours=1))
    )
    results: list[BackupInfo | None] = []
    real = backups.daily_backup

    def recording(*args: Any, **kwargs: Any) -> BackupInfo | None:
        results.append(real(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(backups, "daily_backup", recording)
    monkeypatch.setattr(MainWindow, "AUTO_BACKUP_DELAY_MS", 0)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(results) and window.auto_backup_task is None, timeout=15000)
    assert results == [None]
    assert backups.list_backups(demo_context.db.path) == [earlier]
    assert "پشتیبان" not in window.ui.status_bar.currentMessage()


def test_a_failed_daily_backup_is_reported_without_blocking(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peyvand.errors import PeyvandError

    def failing(*_a: Any, **_k: Any) -> None:
        raise PeyvandError("db.corrupt", path="peyvand.sqlite3", detail="disk I/O error")

    monkeypatch.setattr(backups, "daily_backup", failing)
    monkeypatch.setattr(MainWindow, "AUTO_BACKUP_DELAY_MS", 0)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "auto_backup_failed_box") is not None, timeout=5000
    )
    box = window.findChild(QMessageBox, "auto_backup_failed_box")
    assert "بررسی سلامت" in box.text()
    assert not box.isModal()
    box.close()


def test_restore_from_the_menu_reopens_the_database_and_refreshes_the_screens(
    qtbot: QtBot, demo_context: AppContext, answers: list[str], no_auto_backup: None
) -> None:
    old_db = demo_context.db
    saved = backups.backup_now(old_db, backups.MANUAL, clock=FixedClock(NOON))
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    people = window.show_screen("people")
    before = people.model.total  # type: ignore[attr-defined]
    _add_people(old_db, "پس از پشتیبان")
    window.refresh()
    assert people.model.total == before + 1  # type: ignore[attr-defined]

    dialog = window.show_restore()
    assert isinstance(dialog, RestoreDialog)
    assert dialog.backups_shown() == [saved]
    _select(dialog, 0)
    with qtbot.waitSignal(dialog.restored, timeout=15000):
        qtbot.mouseClick(dialog.ui.restore_button, Qt.MouseButton.LeftButton)

    assert demo_context.db is not old_db, "closed and opened again"
    assert demo_context.db.path == old_db.path
    assert "پس از پشتیبان" not in _names(demo_context.db)
    qtbot.waitUntil(lambda: people.model.total == before, timeout=5000)  # type: ignore[attr-defined]
    assert "بازگردانده شد" in window.ui.status_bar.currentMessage()
    demo_context.db.close()  # the fixture closes the one it opened


def test_restore_asks_open_editors_first_and_stops_if_one_stays(
    qtbot: QtBot, demo_context: AppContext, no_auto_backup: None,
) -> None:
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    editor = window.open_record("person", None)
    editor.confirm_close = lambda: False  # the user chose to keep editing
    assert window.show_restore() is None
    assert editor.isVisible()
    editor.confirm_close = lambda: True
    dialog = window.show_restore()
    assert isinstance(dialog, RestoreDialog)
    assert not editor.isVisible()
    dialog.close()
