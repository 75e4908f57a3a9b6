"""خوش آمدید: the page for an empty database, and loading the sample office into it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from peyvand.domain import Person
from peyvand.domain.errors import PeyvandError
from peyvand.services import choices, records, search
from peyvand.services.demo import SEED_TITLE
from peyvand.services.sample_data import load_sample_into
from peyvand.storage.database import Database
from peyvand.ui.context import AppContext
from peyvand.ui.screens.welcome import WelcomePage


def _page(qtbot: QtBot, context: AppContext) -> WelcomePage:
    page = WelcomePage(context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_page_explains_peyvand_right_to_left(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context)
    assert page.isRightToLeft()
    assert page.ui.title_label.text() == "به پیوند خوش آمدید"
    assert "پیوند" in page.ui.intro_label.text()
    assert page.ui.load_sample_button.text() == "بارگذاری داده نمونه"
    assert page.ui.start_empty_button.text() == "شروع با پایگاه داده خالی"


@pytest.mark.parametrize(
    ("button", "signal"),
    [
        ("load_sample_button", "demo_requested"),
        ("start_empty_button", "dismissed"),
        ("import_button", "import_requested"),
    ],
)
def test_each_button_emits_its_signal(
    qtbot: QtBot, context: AppContext, button: str, signal: str
) -> None:
    page = _page(qtbot, context)
    with qtbot.waitSignal(getattr(page, signal), timeout=1000):
        qtbot.mouseClick(getattr(page.ui, button), Qt.MouseButton.LeftButton)
    assert context.db.is_empty()  # a signal only: the host decides what happens


def test_load_sample_fills_the_empty_database(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context)
    page.demo_requested.connect(page.load_sample)  # as the main window wires it
    with qtbot.waitSignal(page.sample_loaded, timeout=60000):
        qtbot.mouseClick(page.ui.load_sample_button, Qt.MouseButton.LeftButton)
        assert not page.ui.load_sample_button.isEnabled()  # busy while it loads
    assert page.ui.load_sample_button.isEnabled()
    assert not context.db.is_empty()
    people = {c.label for c in choices.people(context.db)}
    assert len(people) > 10
    # The sample is searchable like anything typed in.
    assert any(hit.title == SEED_TITLE for hit in search.search(context.db, "شهردار اصفهان"))


def test_load_sample_refuses_a_database_with_data(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    records.create_row(context.db, Person, {"name": "مریم احمدی"})
    warnings: list[tuple[str, str]] = []

    def warning(_parent: object, title: str, text: str, *_a: Any) -> None:
        warnings.append((title, text))

    monkeypatch.setattr(QMessageBox, "warning", warning)
    page = _page(qtbot, context)
    page.load_sample()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    title, text = warnings[0]
    assert title == "داده نمونه بارگذاری نشد"
    assert "از قبل داده دارد" in text
    assert page.ui.load_sample_button.isEnabled()
    assert {c.label for c in choices.people(context.db)} == {"مریم احمدی"}


def test_the_service_refuses_a_database_with_data_before_writing(db: Database) -> None:
    records.create_row(db, Person, {"name": "مریم احمدی"})
    steps: list[tuple[int, int]] = []
    with pytest.raises(PeyvandError) as caught:
        load_sample_into(db, progress=lambda done, total: steps.append((done, total)))
    assert caught.value.msg_id == "db.not_empty"
    assert steps == []
    assert len(choices.people(db)) == 1
