"""The calendar screen on the demo data: the month of «today» (آذر ۱۴۰۵), Saturday on
the right, holidays, a click opens the record, a dragged meeting moves after a yes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from peyvand.domain import Meeting
from peyvand.services import meetings, records
from peyvand.services.calendar_entries import EntryKind
from peyvand.ui.context import AppContext
from peyvand.ui.screens.calendar import CalendarScreen, month_weeks


@pytest.fixture
def screen(qtbot: QtBot, demo_context: AppContext) -> CalendarScreen:
    widget = CalendarScreen(demo_context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.grab()  # paints: the grid knows where everything is
    return widget


def test_month_weeks_start_on_saturday() -> None:
    start, weeks = month_weeks(1405, 9)  # آذر ۱۴۰۵: Sunday 2026-11-22 to Monday 12-21
    assert start == dt.date(2026, 11, 21) and start.weekday() == 5 and weeks == 5
    start, weeks = month_weeks(1399, 11)  # بهمن ۱۳۹۹ begins on a Tuesday
    assert start.weekday() == 5 and start <= dt.date(2021, 1, 20)
    assert start + dt.timedelta(days=7 * weeks) > dt.date(2021, 2, 18)


def test_opens_on_today_s_month_with_saturday_on_the_right(screen: CalendarScreen) -> None:
    ui = screen.ui
    assert ui.period_label.text() == "آذر ۱۴۰۵"
    grid = ui.grid
    saturday = grid.cell_rect(dt.date(2026, 11, 21))
    friday = grid.cell_rect(dt.date(2026, 11, 27))
    assert saturday.right() == pytest.approx(grid.width()) and friday.left() == pytest.approx(0)
    kinds = {e.kind for e in screen.entries}
    assert kinds == set(EntryKind)
    # Only the weeks shown were read.
    assert all(e.end >= grid.first and e.start <= grid.last for e in screen.entries)


def test_navigation_and_today(screen: CalendarScreen) -> None:
    ui = screen.ui
    ui.next_button.click()
    assert ui.period_label.text() == "دی ۱۴۰۵"
    assert dt.date(2026, 12, 23) in screen.ui.grid.holidays  # 2 Dey 1405: a holiday
    ui.previous_button.click()
    ui.previous_button.click()
    assert ui.period_label.text() == "آبان ۱۴۰۵"
    ui.today_button.click()
    assert ui.period_label.text() == "آذر ۱۴۰۵"
    ui.view_combo.setCurrentIndex(1)
    assert screen.visible_range() == (dt.date(2026, 11, 21), dt.date(2026, 11, 27))
    assert ui.next_button.text() == "هفته بعد"
    ui.next_button.click()
    assert screen.visible_range()[0] == dt.date(2026, 11, 28)


def test_filters_by_kind_and_partner(screen: CalendarScreen) -> None:
    ui = screen.ui
    ui.kind_combo.setCurrentIndex(ui.kind_combo.findText("جلسات"))
    assert screen.entries and {e.kind for e in screen.entries} == {EntryKind.MEETING}
    ui.kind_combo.setCurrentIndex(0)
    everything = len(screen.entries)
    ui.partner_combo.setCurrentIndex(ui.partner_combo.findText("حیدرآباد"))
    assert 0 < len(screen.entries) < everything


def _center(screen: CalendarScreen, predicate: Any) -> tuple[QPoint, Any]:
    screen.ui.grid.grab()
    hit = next(h for h in screen.ui.grid.hits if h.entry is not None and predicate(h.entry))
    return hit.rect.center().toPoint(), hit.entry


def test_a_click_opens_the_record(qtbot: QtBot, screen: CalendarScreen) -> None:
    point, entry = _center(screen, lambda e: e.kind == EntryKind.DEADLINE and e.overdue)
    with qtbot.waitSignal(screen.open_requested) as signal:
        qtbot.mouseClick(screen.ui.grid, Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["action", entry.record_id]
    point, entry = _center(screen, lambda e: e.kind == EntryKind.ITINERARY)
    with qtbot.waitSignal(screen.open_requested) as signal:
        qtbot.mouseClick(screen.ui.grid, Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["visit", entry.record_id]


def _drag(qtbot: QtBot, screen: CalendarScreen, start: QPoint, day: dt.date) -> None:
    grid = screen.ui.grid
    target = grid.cell_rect(day).center().toPoint()
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(grid, start + (target - start) * step / 5)
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=target)


def test_dragging_a_meeting_asks_then_moves_it(
    qtbot: QtBot, screen: CalendarScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    point, entry = _center(
        screen, lambda e: e.kind == EntryKind.MEETING and not e.is_final and e.start.day < 27
    )
    target = entry.start + dt.timedelta(days=1)
    asked: list[str] = []

    def answer(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    _drag(qtbot, screen, point, target)
    assert asked and entry.title in asked[0]
    db = screen.context.db
    assert records.get_row(db, Meeting, entry.record_id).date == entry.start  # «no»: unchanged
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    point, entry = _center(screen, lambda e: e.record_id == entry.record_id)
    _drag(qtbot, screen, point, target)
    assert records.get_row(db, Meeting, entry.record_id).date == target
    assert any(e.record_id == entry.record_id and e.start == target for e in screen.entries)


def test_a_final_meeting_is_not_moved(
    qtbot: QtBot, screen: CalendarScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point, entry = _center(screen, lambda e: e.kind == EntryKind.MEETING)
    meetings.finalize(screen.context.db, entry.record_id, clock=screen.context.clock)
    screen.refresh()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    moved = next(e for e in screen.entries if e.record_id == entry.record_id)
    assert not screen.move_meeting(moved, moved.start + dt.timedelta(days=2))
    assert warned and "نهایی" in warned[0]
    assert records.get_row(screen.context.db, Meeting, entry.record_id).date == entry.start
