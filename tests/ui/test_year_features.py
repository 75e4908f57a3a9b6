"""The dashboard's charts open filtered lists; the news draft from the meetings list and
the menu, edited, copied and saved as Word; the calendar export and the activity report
from the menu «تقویم و گزارش‌ها»."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from peyvand.domain import Meeting
from peyvand.domain.enums import Classification
from peyvand.services import dashboard_charts, meetings, records
from peyvand.ui.context import AppContext
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.actions import ActionsScreen
from peyvand.ui.screens.calendar import CalendarScreen
from peyvand.ui.screens.dashboard import DashboardScreen
from peyvand.ui.screens.visits import VisitsScreen


@pytest.fixture
def window(qtbot: QtBot, demo_context: AppContext) -> MainWindow:
    win = MainWindow(demo_context)
    qtbot.addWidget(win)
    win.resize(1280, 860)
    win.show()
    qtbot.waitExposed(win)
    return win


def _click_bar(qtbot: QtBot, chart: Any, index: int) -> None:
    chart.grab()
    point = chart.bar_rects[index].center().toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=point)


def test_dashboard_charts_open_the_filtered_lists(qtbot: QtBot, window: MainWindow) -> None:
    dashboard = window.current_screen()
    assert isinstance(dashboard, DashboardScreen)
    charts = dashboard.charts
    assert charts is not None
    assert charts.followups[0].key == dashboard_charts.OVERDUE
    overdue = charts.followups[0].values[0]
    assert overdue > 0
    _click_bar(qtbot, dashboard.ui.followups_chart, 0)  # «معوق», the rightmost bar
    actions = window.current_screen()
    assert isinstance(actions, ActionsScreen)
    assert actions.ui.state_combo.currentData() == "overdue"
    qtbot.waitUntil(lambda: actions.model.total == overdue, timeout=5000)
    window.show_screen("dashboard")
    month = next(i for i, b in enumerate(charts.visits) if sum(b.values))
    _click_bar(qtbot, dashboard.ui.visits_chart, month)
    visits = window.current_screen()
    assert isinstance(visits, VisitsScreen)
    assert visits.ui.arrival_from_edit.value() == charts.visits[month].start
    qtbot.waitUntil(lambda: visits.model.total == sum(charts.visits[month].values), timeout=5000)


def test_the_bars_start_on_the_right(qtbot: QtBot, window: MainWindow) -> None:
    dashboard = window.current_screen()
    assert isinstance(dashboard, DashboardScreen)
    chart = dashboard.ui.visits_chart
    chart.grab()
    assert chart.bar_rects[0].right() == pytest.approx(chart.width())
    assert chart.bar_rects[-1].left() == pytest.approx(0, abs=1)


def test_news_draft_from_the_meetings_list(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from peyvand.ui.dialogs.news_draft_dialog import NewsDraftDialog
    from peyvand.ui.screens.meetings import MeetingsScreen

    screen = window.show_screen("meetings")
    assert isinstance(screen, MeetingsScreen)
    assert not screen.ui.news_button.isEnabled()
    seed = meetings.get_detail(window.context.db, "1399-001").meeting
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=5000)
    screen.table_view.setCurrentIndex(screen.model.index(screen.model.row_of(seed.id), 0))
    assert screen.ui.news_button.isEnabled()
    qtbot.mouseClick(screen.ui.news_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(NewsDraftDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.ui.warning_label.isVisible()
    assert "نهایی نشده" in dialog.ui.warning_label.text()
    text = dialog.text()
    assert text.startswith("دیدار شهردار اصفهان با معاون کنسولی")
    # Edited before it leaves: the edit is what is copied and saved.
    dialog.ui.text_edit.setPlainText(text.replace("دیدار شهردار", "دیدار صمیمانه شهردار", 1))
    copied = dialog.copy_text()
    assert QGuiApplication.clipboard().text() == copied
    assert copied.startswith("دیدار صمیمانه شهردار")
    saved = dialog.save_word(tmp_path / "خبر.docx")
    import docx

    assert isinstance(saved, Path)
    assert docx.Document(str(saved)).paragraphs[0].text.startswith("دیدار صمیمانه شهردار")
    dialog.close()


def test_a_classified_meeting_gets_no_draft(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = meetings.get_detail(window.context.db, "1399-001").meeting
    records.update_row(
        window.context.db, Meeting, seed.id, {"classification": Classification.CONFIDENTIAL}
    )
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    assert window.show_news_draft(seed.id) is None
    assert warned and "محرمانه یا سری" in warned[0]


def _accept_period(window: MainWindow, start: dt.date, end: dt.date, monkeypatch: Any) -> None:
    from peyvand.ui.dialogs.period_dialog import PeriodDialog

    def run(dialog: PeriodDialog) -> int:
        dialog.ui.from_edit.set_value(start)
        dialog.ui.to_edit.set_value(end)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PeriodDialog, "exec", run)


def test_calendar_export_from_the_menu(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "تقویم.ics"
    _accept_period(window, dt.date(2026, 11, 21), dt.date(2026, 12, 21), monkeypatch)
    monkeypatch.setattr("peyvand.ui.file_dialogs.ask_save_path", lambda *a, **k: target)
    assert window.year_menu.title() == "تقویم و گزارش‌ها"
    window.calendar_export_action.trigger()
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) > 10
    assert all(str(e["class"]) == "PUBLIC" for e in events)


def test_a_reversed_period_is_said_in_persian(qtbot: QtBot, window: MainWindow) -> None:
    from peyvand.ui.dialogs.period_dialog import PeriodDialog

    dialog = PeriodDialog(window, title="t", intro="i", today=dt.date(2026, 11, 26))
    qtbot.addWidget(dialog)
    dialog.ui.from_edit.set_value(dt.date(2026, 12, 1))
    dialog.ui.to_edit.set_value(dt.date(2026, 11, 1))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.ui.error_label.text() == "تاریخ آغاز پس از تاریخ پایان است."


def test_activity_report_from_the_menu(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from peyvand.ui.dialogs.pdf_preview import PdfPreviewDialog

    _accept_period(window, dt.date(2026, 3, 21), dt.date(2027, 3, 20), monkeypatch)
    window.activity_report_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(PdfPreviewDialog) is not None, timeout=20000)
    preview = window.findChild(PdfPreviewDialog)
    assert preview is not None and "گزارش فعالیت سال ۱۴۰۵" in preview.windowTitle()
    preview.close()


def test_the_calendar_is_ctrl_9(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_screen(), CalendarScreen)
    assert window.ui.nav_list.currentItem().text() == "تقویم"



def test_the_meeting_editor_offers_the_news_draft(qtbot: QtBot, window: MainWindow) -> None:
    from peyvand.ui.dialogs.news_draft_dialog import NewsDraftDialog

    seed = meetings.get_detail(window.context.db, "1399-001").meeting
    editor = window.open_record("meeting", seed.id)
    assert editor.ui.news_button.isEnabled() and editor.ui.news_button.text() == "پیش‌نویس خبر…"
    qtbot.mouseClick(editor.ui.news_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(NewsDraftDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.text().startswith(seed.title)
    dialog.close()
    editor.close()
    new = window.open_record("meeting", None)
    assert not new.ui.news_button.isEnabled()  # nothing saved yet to draft from
    new.set_dirty(False)
    new.close()
