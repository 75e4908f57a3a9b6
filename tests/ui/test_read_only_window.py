"""The main window on a database on a read-only medium: «فقط خواندنی» is said in the
title, a banner and the status bar; lists and editors read; a save is refused in Persian
(see tests/storage/test_read_only.py for the medium and what it proves)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.dashboard import DashboardScreen

from .conftest import FIXED_NOW  # type: ignore[import-not-found]


@pytest.fixture
def read_only_context(
    app: QApplication,
    demo_template: Path,
    tmp_path: Path,
    read_only_view: Callable[[Path], Path],
) -> Iterator[AppContext]:
    folder = tmp_path / "cd"
    folder.mkdir()
    shutil.copyfile(demo_template, folder / "demo.sqlite3")
    database = Database.open(read_only_view(folder) / "demo.sqlite3")
    yield AppContext(db=database, clock=FixedClock(FIXED_NOW), draft_interval_ms=100)
    database.close()


def test_the_window_says_read_only_and_reads(
    qtbot: QtBot, read_only_context: AppContext, tmp_path: Path
) -> None:
    window = MainWindow(read_only_context)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    assert read_only_context.read_only
    assert window.windowTitle().endswith("فقط خواندنی")
    banner = window.read_only_banner
    assert banner is not None and banner.isVisible()
    assert banner.text().startswith("فقط خواندنی:")
    status = window.findChild(QWidget, "read_only_status_label")
    assert status is not None and status.isVisible()
    dashboard = window.current_screen()
    assert isinstance(dashboard, DashboardScreen)
    assert dashboard.ui.overdue_list.count() > 0  # the data reads
    for action in (
        window.ui.new_meeting_action,
        window.ui.restore_action,
        window.ui.import_people_action,
        window.ui.trip_import_action,
    ):
        assert not action.isEnabled()
    assert window.start_automatic_backup() is None  # nothing can have changed
    window.grab().save(str(tmp_path / "read_only_window.png"))


def test_a_save_is_refused_in_persian(
    qtbot: QtBot, read_only_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(read_only_context)
    qtbot.addWidget(window)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text))
    editor = window.open_record("person", None)
    editor.ui.name_edit.setText("شخص تازه")
    editor.save_draft()  # a draft is a write too: none is attempted
    assert not editor.save()
    assert warned and "فقط خواندنی" in warned[0]
    editor.set_dirty(False)
    editor.close()
