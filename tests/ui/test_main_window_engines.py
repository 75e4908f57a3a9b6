"""The main window opens on either engine: a file, or the office server (which has no
file path to show)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from peyvand.ui.context import AppContext
from peyvand.ui.main_window import MainWindow

pytestmark = pytest.mark.both_engines


def test_the_window_opens_and_names_its_database(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    if context.db.is_server:  # named once, in Persian, by office mode's status label
        shown = window.office.status.text()  # type: ignore[union-attr]
        assert context.db.url.database in shown and "روی" in shown  # type: ignore[attr-defined]
    else:
        assert context.db.label in window.ui.status_bar.currentMessage()
