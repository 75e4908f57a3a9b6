"""The visits list: both directions, filters by direction, status, classification and a
Jalali arrival range, search as you type, open on double-click."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain.enums import Direction
from peyvand.ui.context import AppContext
from peyvand.ui.models.list_model import RAW_ROLE
from peyvand.ui.screens.visits import VisitsScreen


def type_text(widget: QWidget, text: str) -> None:
    """One key event per character, with its text (QTest.keyClicks is Latin-1 only)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def choose(combo: QComboBox, data: Any) -> None:
    index = next(i for i in range(combo.count()) if combo.itemData(i) == data)
    combo.setCurrentIndex(index)


def column_values(screen: VisitsScreen, key: str, role: int = RAW_ROLE) -> list[Any]:
    column = [screen.model.column_key(c) for c in range(screen.model.columnCount())].index(key)
    return [screen.model.index(row, column).data(role) for row in range(screen.model.rowCount())]


def make_screen(qtbot: QtBot, context: AppContext) -> VisitsScreen:
    screen = VisitsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    return screen


def test_visits_list_shows_both_directions_newest_first(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    assert screen.isRightToLeft()
    assert screen.model.rowCount() == 7
    assert screen.ui.count_label.text() == "۷ مورد"
    assert set(column_values(screen, "direction")) == {Direction.INCOMING, Direction.OUTGOING}
    shown = set(column_values(screen, "direction", Qt.ItemDataRole.DisplayRole))
    assert shown == {"ورودی", "خروجی"}
    arrivals = column_values(screen, "arrival")
    assert arrivals == sorted(arrivals, reverse=True)
    # Persian digits and Jalali dates on screen.
    numbers = column_values(screen, "number", Qt.ItemDataRole.DisplayRole)
    assert numbers[0] == "۱۴۰۵-۰۰۶"
    assert column_values(screen, "arrival", Qt.ItemDataRole.DisplayRole)[-1] == "۱۴۰۴/۰۶/۰۱"


def test_visits_filters(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    ui = screen.ui
    choose(ui.direction_combo, [Direction.OUTGOING.value])
    assert screen.model.rowCount() == 3
    assert set(column_values(screen, "direction")) == {Direction.OUTGOING}
    choose(ui.direction_combo, None)
    choose(ui.status_combo, ["planned"])
    assert sorted(column_values(screen, "number")) == ["1405-005", "1405-006"]
    choose(ui.status_combo, None)
    choose(ui.classification_combo, ["restricted"])
    assert column_values(screen, "number") == ["1405-004"]
    choose(ui.classification_combo, None)
    assert screen.model.rowCount() == 7


def test_visits_filter_by_typed_jalali_arrival_range(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    ui = screen.ui
    ui.arrival_from_edit.line_edit.setFocus()
    type_text(ui.arrival_from_edit.line_edit, "۱۴۰۵/۰۹/۰۱")
    qtbot.keyClick(ui.arrival_from_edit.line_edit, Qt.Key.Key_Return)
    assert screen.model.rowCount() == 4
    assert min(column_values(screen, "arrival")) >= dt.date(2026, 11, 22)
    ui.arrival_to_edit.line_edit.setFocus()
    qtbot.keyClicks(ui.arrival_to_edit.line_edit, "1405/09/30")  # Latin digits work too
    qtbot.keyClick(ui.arrival_to_edit.line_edit, Qt.Key.Key_Return)
    assert sorted(column_values(screen, "number")) == ["1405-003", "1405-004", "1405-005"]
    assert ui.count_label.text() == "۳ مورد"


def test_visits_search_as_you_type(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    type_text(screen.search_edit, "بارسلون")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert column_values(screen, "number") == ["1405-002"]


def test_double_click_opens_the_visit(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    view = screen.table_view
    rect = view.visualRect(screen.model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(screen.open_requested) as signal:
        # A double-click is a press, a release, then the double-click event.
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["visit", screen.model.row_id(0)]
    with qtbot.waitSignal(screen.new_requested) as new:
        qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert new.args == ["visit"]


def test_visits_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    qtmodeltester.check(screen.model)
