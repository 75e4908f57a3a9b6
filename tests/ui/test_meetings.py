"""The meetings list: demo meetings with Persian digits and Jalali dates, filters by date
range, classification and kind, search as you type, open on Enter."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from peyvand.services import meetings
from peyvand.ui.context import AppContext
from peyvand.ui.screens.meetings import MeetingsScreen

PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")
SEED_TITLE = "دیدار شهردار اصفهان با معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه"


def type_text(widget: QWidget, text: str) -> None:
    """Type like a Persian keyboard does: one key event per character, with its text
    (QTest.keyClicks only knows Latin-1 and aborts on Persian letters)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def column(screen: MeetingsScreen, key: str) -> int:
    model = screen.model
    return next(c for c in range(model.columnCount()) if model.column_key(c) == key)


def shown(screen: MeetingsScreen, key: str) -> list[str]:
    model = screen.model
    c = column(screen, key)
    return [model.index(row, c).data() for row in range(model.rowCount())]


def make_screen(qtbot: QtBot, context: AppContext) -> MeetingsScreen:
    screen = MeetingsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1280, 700)
    screen.show()
    return screen


def test_lists_the_demo_meetings_with_persian_digits_and_jalali_dates(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    assert screen.isRightToLeft()
    assert screen.model.rowCount() == screen.model.total > 5
    assert screen.count_label.text() == f"{to_fa(screen.model.total)} مورد"
    numbers = shown(screen, "number")
    assert "۱۳۹۹-۰۰۱" in numbers
    assert all(set(n) <= PERSIAN_DIGITS | {"-"} for n in numbers)
    seed = numbers.index("۱۳۹۹-۰۰۱")
    assert shown(screen, "date")[seed] == "۱۳۹۹/۱۱/۱۶"
    assert shown(screen, "start_time")[seed] == "۱۰:۰۰"
    assert shown(screen, "title")[seed] == SEED_TITLE
    assert shown(screen, "kind")[seed] == "رسمی"
    assert shown(screen, "classification")[seed] == "عادی"
    # Newest first: the seed meeting of 1399 is the last row.
    assert seed == len(numbers) - 1
    header = screen.model.headerData(column(screen, "date"), Qt.Orientation.Horizontal)
    assert header == "تاریخ"


def to_fa(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_filters_by_jalali_date_range(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    ui = screen.ui
    type_text(ui.date_from_edit.line_edit, "۱۳۹۹/۰۱/۰۱")
    QTest.keyClick(ui.date_from_edit.line_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(ui.date_to_edit.line_edit, "1399/12/30")
    QTest.keyClick(ui.date_to_edit.line_edit, Qt.Key.Key_Return)
    assert shown(screen, "number") == ["۱۳۹۹-۰۰۱"]
    assert screen.count_label.text() == "۱ مورد"
    # Only the lower bound: everything since 1405/09/01 (the demo's "today" is 1405/09/05).
    ui.date_to_edit.line_edit.clear()
    ui.date_from_edit.line_edit.selectAll()
    type_text(ui.date_from_edit.line_edit, "۱۴۰۵/۰۹/۰۱")
    QTest.keyClick(ui.date_from_edit.line_edit, Qt.Key.Key_Return)
    dates = shown(screen, "date")
    assert dates and all(d >= "۱۴۰۵/۰۹/۰۱" for d in dates)
    assert "۱۳۹۹-۰۰۱" not in shown(screen, "number")


def test_filters_by_classification_and_kind(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    ui = screen.ui
    everything = screen.model.total
    ui.classification_combo.setCurrentIndex(ui.classification_combo.findText("محرمانه"))
    confidential = shown(screen, "classification")
    assert confidential and set(confidential) == {"محرمانه"}
    assert screen.model.total < everything
    ui.classification_combo.setCurrentIndex(0)
    ui.kind_combo.setCurrentIndex(ui.kind_combo.findText("کاری"))
    kinds = shown(screen, "kind")
    assert kinds and set(kinds) == {"کاری"}
    ui.kind_combo.setCurrentIndex(ui.kind_combo.findText("رسمی"))
    assert "۱۳۹۹-۰۰۱" in shown(screen, "number")
    ui.classification_combo.setCurrentIndex(ui.classification_combo.findText("سری"))
    assert screen.model.total == 0
    assert screen.count_label.text() == "۰ مورد"


def test_search_as_you_type_finds_the_seed_meeting(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    everything = screen.model.total
    # Spelled apart: the seed meeting's minutes say «خواهرخوانده».
    type_text(screen.search_edit, "خواهر خوانده")
    qtbot.waitUntil(lambda: screen.model.total < everything, timeout=3000)
    assert "۱۳۹۹-۰۰۱" in shown(screen, "number")
    assert SEED_TITLE in shown(screen, "title")
    screen.search_edit.clear()
    type_text(screen.search_edit, "کنسولی")
    qtbot.waitUntil(lambda: shown(screen, "number") == ["۱۳۹۹-۰۰۱"], timeout=3000)


def test_enter_on_a_row_opens_the_meeting(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    seed = meetings.get_detail(demo_context.db, "1399-001").meeting.id
    row = screen.model.row_of(seed)
    assert row >= 0
    opened: list[tuple[str, uuid.UUID]] = []
    screen.open_requested.connect(lambda entity, record_id: opened.append((entity, record_id)))
    index: QModelIndex = screen.model.index(row, 0)
    screen.table_view.setCurrentIndex(index)
    QTest.keyClick(screen.table_view, Qt.Key.Key_Return)
    assert opened == [("meeting", seed)]
    new: list[str] = []
    screen.new_requested.connect(new.append)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert new == ["meeting"]
