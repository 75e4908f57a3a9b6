"""Fixtures for GUI tests: the configured application and a context on a real file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from peyvand.app import configure
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost
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


# --- trip packages ----------------------------------------------------------------------

# Argon2id at its cheapest: the GUI takes the cost from AppContext.kdf_cost.
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASSPHRASE = "رمز سفر ۱۴۰۵"
TRIP_VISIT = "1405-002"  # the demo visit with minutes and open follow-ups


@pytest.fixture
def office_context(demo_context: AppContext) -> AppContext:
    """The demo office database, making and importing packages with the cheap KDF."""
    demo_context.kdf_cost = CHEAP
    return demo_context


@pytest.fixture
def trip_package(office_context: AppContext, tmp_path: Path) -> Path:
    """Visit 1405-002 exported from the demo office into an encrypted package."""
    from peyvand.services import trips

    path = tmp_path / "trip.pvtrip"
    trips.export_visit(
        office_context.db, TRIP_VISIT, path, PASSPHRASE, cost=CHEAP, clock=FixedClock(FIXED_NOW)
    )
    return path


@pytest.fixture
def trip_context(trip_package: Path) -> Iterator[AppContext]:
    """The package opened as the laptop opens it: the window's trip mode."""
    database = Database.open_package(trip_package, PASSPHRASE, cost=CHEAP)
    yield AppContext(
        db=database, clock=FixedClock(FIXED_NOW), draft_interval_ms=100, kdf_cost=CHEAP
    )
    database.close()


# Long enough for the conflicts screen to show a word-level diff under the two values.
OFFICE_TEXT = (
    "شهردار اصفهان بر گسترش همکاری‌های فرهنگی تأکید کرد و دفتر پیشنهاد داد "
    "نمایشگاه در بهار برگزار شود."
)
LAPTOP_TEXT = (
    "شهردار اصفهان بر گسترش همکاری‌های فرهنگی تأکید کرد و در سفر توافق شد "
    "نمایشگاه در پاییز برگزار شود."
)


def make_conflicts(office: Database, package: Path) -> dict[str, Any]:
    """Edits on both sides of ``package`` that conflict at import: two statements
    edited differently, and an agenda item deleted on the laptop but edited in the
    office. Nothing is imported yet. Returns the ids involved."""
    from sqlmodel import col, select

    from peyvand.domain import AgendaItem, Statement
    from peyvand.services import records

    laptop = Database.open_package(package, PASSPHRASE, cost=CHEAP)
    try:
        with laptop.session() as session:
            statements = session.exec(select(Statement).order_by(col(Statement.id))).all()[:2]
            item = session.exec(select(AgendaItem).order_by(col(AgendaItem.id))).first()
            assert len(statements) == 2 and item is not None
            first, second, item_id = statements[0].id, statements[1].id, item.id
            records.update(session, Statement, first, {"text": LAPTOP_TEXT})
            records.update(session, Statement, second, {"text": "کوتاه در سفر"})
            records.soft_delete(session, AgendaItem, item_id)
    finally:
        laptop.close()
    with office.session() as session:
        records.update(session, Statement, first, {"text": OFFICE_TEXT})
        records.update(session, Statement, second, {"text": "کوتاه در دفتر"})
        records.update(session, AgendaItem, item_id, {"text": "دستور ویرایش‌شده در دفتر"})
    return {"long": first, "short": second, "item": item_id}
