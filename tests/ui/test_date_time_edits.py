"""Dates and times typed the way people type them: «1030» is half past ten, a wrong value
says why on a line under its field as soon as the field is left, the empty fields show
hints that cannot pass for values, and the calendar opens fully inside the window with its
months running right to left."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QStyle, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from peyvand.services import meetings
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.screens.actions import ActionsScreen
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.time_edit import TimeEdit

from .conftest import type_text


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )


def open_meeting(qtbot: QtBot, context: AppContext) -> MeetingEditor:
    editor = MeetingEditor(context, None)
    qtbot.addWidget(editor)
    editor.start()
    with qtbot.waitActive(editor):  # fields get and lose focus as with a user
        editor.show()
        editor.activateWindow()
    return editor


def leave(qtbot: QtBot, widget: QWidget) -> None:
    """Tab out of the field, as a user moves on."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def line_under(editor: MeetingEditor, field: QWidget) -> str:
    """The text of the red line right under ``field`` in its form ("" if there is none)."""
    form = editor.details.ui.details_form
    row = form.getWidgetPosition(field)[0]
    item = form.itemAt(row + 1, form.ItemRole.FieldRole)
    label = item.widget() if item is not None else None
    return label.text() if isinstance(label, QLabel) and "error" in label.objectName() else ""


def test_a_time_typed_as_digits_alone_is_read_as_hours_and_minutes(
    qtbot: QtBot, context: AppContext
) -> None:
    editor = open_meeting(qtbot, context)
    ui = editor.details.ui
    qtbot.keyClicks(ui.start_time_edit, "1030")
    leave(qtbot, ui.start_time_edit)
    assert ui.start_time_edit.text() == "۱۰:۳۰"
    type_text(qtbot, ui.end_time_edit, "۱۱۴۵")  # Persian digits, saved without leaving
    type_text(qtbot, ui.title_edit, "جلسه ساعت‌دار")
    qtbot.keyClick(ui.end_time_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.error_texts() == []
    assert editor.record_id is not None
    meeting = meetings.get_detail(context.db, editor.record_id).meeting
    assert (meeting.start_time, meeting.end_time) == (dt.time(10, 30), dt.time(11, 45))


def test_a_wrong_time_says_why_under_the_field_when_left(qtbot: QtBot, context: AppContext) -> None:
    editor = open_meeting(qtbot, context)
    ui = editor.details.ui
    qtbot.keyClicks(ui.start_time_edit, "2570")
    assert line_under(editor, ui.start_time_edit) == ""  # not while typing
    leave(qtbot, ui.start_time_edit)
    message = "«۲۵۷۰» ساعت نیست: ساعت از ۰ تا ۲۳ است و دقیقه از ۰ تا ۵۹."
    assert line_under(editor, ui.start_time_edit) == message
    type_text(qtbot, ui.end_time_edit, "ده")
    leave(qtbot, ui.end_time_edit)
    assert line_under(editor, ui.end_time_edit).startswith("«ده» ساعت نیست؛")
    # Corrected and left again: the line goes.
    ui.start_time_edit.selectAll()
    qtbot.keyClicks(ui.start_time_edit, "930")
    leave(qtbot, ui.start_time_edit)
    assert ui.start_time_edit.text() == "۰۹:۳۰"
    assert line_under(editor, ui.start_time_edit) == ""
    # Saving is refused with the reason under the field, not only in a tooltip.
    qtbot.keyClick(ui.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.record_id is None
    assert editor.error_texts() == [line_under(editor, ui.end_time_edit)]


def test_a_wrong_date_says_why_under_the_field_when_left(qtbot: QtBot, context: AppContext) -> None:
    editor = open_meeting(qtbot, context)
    ui = editor.details.ui
    ui.date_edit.line_edit.selectAll()
    type_text(qtbot, ui.date_edit.line_edit, "۱۴۰۵/۱۲/۳۱")
    leave(qtbot, ui.date_edit.line_edit)
    assert line_under(editor, ui.date_edit) == "«۱۴۰۵/۱۲/۳۱» روزی در تقویم هجری شمسی نیست."


def test_empty_date_and_time_fields_show_hints_not_values(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = ActionsScreen(demo_context)
    qtbot.addWidget(screen)
    for edit in (screen.ui.due_from_edit, screen.ui.due_to_edit):
        assert edit.text() == ""
        hint = edit.line_edit.placeholderText()
        assert hint == "روز/ماه/سال"
        assert not any(c.isdigit() for c in hint)
    editor = open_meeting(qtbot, demo_context)
    decisions = editor.decisions.ui
    assert decisions.decision_due_edit.line_edit.placeholderText() == "روز/ماه/سال"
    time_hint = editor.details.ui.start_time_edit.placeholderText()
    assert time_hint == "دقیقه:ساعت" and not any(c.isdigit() for c in time_hint)


def left_edge_field(qtbot: QtBot) -> tuple[QWidget, JalaliDateEdit]:
    """A window with a date field hard against its left edge (the end of a Persian line)."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    layout.addStretch(1)
    field = JalaliDateEdit(window)
    field.setFixedWidth(150)
    layout.addWidget(field)
    window.resize(700, 120)
    window.move(0, 0)
    window.show()
    qtbot.waitExposed(window)
    return window, field


def test_the_calendar_opens_inside_the_window_near_its_left_edge(qtbot: QtBot) -> None:
    window, field = left_edge_field(qtbot)
    assert field.mapTo(window, QPoint(0, 0)).x() < 40
    popup = field.show_calendar()
    qtbot.waitUntil(popup.isVisible)
    frame = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    shown = popup.geometry()
    assert frame.left() <= shown.left() and shown.right() <= frame.right(), (frame, shown)
    screen = field.screen().availableGeometry()
    assert screen.contains(shown), (screen, shown)
    # Right under the field (give or take the popup's frame).
    assert abs(shown.top() - field.mapToGlobal(QPoint(0, field.height())).y()) <= 4
    popup.hide()


def test_the_calendar_opens_with_f4_and_its_button_is_not_a_tab_stop(qtbot: QtBot) -> None:
    _window, field = left_edge_field(qtbot)
    assert not field.button.focusPolicy() & Qt.FocusPolicy.TabFocus
    field.line_edit.setFocus()
    QTest.keyClick(field.line_edit, Qt.Key.Key_F4)
    assert field.popup is not None and field.popup.isVisible()
    field.popup.hide()
    QTest.keyClick(field.line_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.popup.isVisible()
    field.popup.hide()


def test_the_calendar_months_run_right_to_left(qtbot: QtBot) -> None:
    _window, field = left_edge_field(qtbot)
    field.set_value(dt.date(2026, 11, 26))  # ۱۴۰۵/۰۹/۰۵
    popup = field.show_calendar()
    calendar = popup.calendar
    previous = calendar.findChild(QToolButton, "qt_calendar_prevmonth")
    following = calendar.findChild(QToolButton, "qt_calendar_nextmonth")
    assert previous is not None and following is not None
    # Next month on the left, pointing left; the previous one on the right, pointing right.
    assert following.mapTo(calendar, QPoint(0, 0)).x() < previous.mapTo(calendar, QPoint(0, 0)).x()
    style = calendar.style()

    def looks_like(button: QToolButton, arrow: QStyle.StandardPixmap) -> bool:
        expected = style.standardIcon(arrow, None, calendar).pixmap(16).toImage()
        return button.icon().pixmap(16).toImage() == expected

    assert looks_like(following, QStyle.StandardPixmap.SP_ArrowLeft)
    assert looks_like(previous, QStyle.StandardPixmap.SP_ArrowRight)
    shown_month = calendar.monthShown()
    qtbot.mouseClick(following, Qt.MouseButton.LeftButton)
    assert calendar.monthShown() == shown_month % 12 + 1  # آذر → دی
    popup.hide()


def test_time_edit_alone_accepts_digits(qtbot: QtBot) -> None:
    edit = TimeEdit()
    qtbot.addWidget(edit)
    type_text(qtbot, edit, "۸۰۵")
    assert edit.value() == dt.time(8, 5)
    assert edit.error() is None
