"""Fixtures for GUI tests: the configured application and a context on a real file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from peyvand.app import configure
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext

# The demo and the tests agree on "today" so that overdue and due-soon are stable.
FIXED_NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
_configured: list[bool] = []


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    if not _configured:
        configure(qapp)
        _configured.append(True)
    return qapp


@pytest.fixture
def context(app: QApplication, db: Database) -> AppContext:
    return AppContext(db=db, clock=FixedClock(FIXED_NOW), draft_interval_ms=100)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from peyvand.services.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = Database.open(path)
    load_demo(database, clock=FixedClock(FIXED_NOW))
    database.close()
    return path


@pytest.fixture
def demo_context(app: QApplication, demo_template: Path, tmp_path: Path) -> Iterator[AppContext]:
    """The demo data, copied fresh for each test."""
    import shutil

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    database = Database.open(path)
    yield AppContext(db=database, clock=FixedClock(FIXED_NOW), draft_interval_ms=100)
    database.close()


def type_text(qtbot: object, widget: object, text: str) -> None:
    """Type ``text`` key by key, Persian letters included (QTest.keyClicks only takes
    Latin-1): each character arrives as the key event a Persian keyboard sends."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)  # type: ignore[arg-type]
