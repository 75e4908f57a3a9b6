"""The follow-up editor: number, status changes that always carry a note, the notes
history, overdue / due-soon state, and a new action typed from the keyboard."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain import Action
from peyvand.domain.enums import ActionStatus, Priority
from peyvand.services import actions, drafts, lists, records
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.action_editor import ActionEditor
from peyvand.ui.dialogs.history_dialog import HistoryDialog
from peyvand.ui.dialogs.status_dialog import StatusDialog
from peyvand.ui.screens.actions import ActionsScreen

NOTE_REQUIRED = "برای تغییر وضعیت، شرح پیشرفت را بنویسید."
ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def type_text(widget: QWidget, text: str) -> None:
    """Type like a Persian keyboard does: one key event per character, with its text
    (QTest.keyClicks only knows Latin-1 and aborts on Persian letters)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def visible(text: str) -> str:
    return text.translate(ISOLATES)


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Closing a dirty editor at teardown must never wait for a click.
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )


def by_number(context: AppContext, number: str) -> uuid.UUID:
    rows = lists.page(context.db, ListQuery("actions", search=number), 0, 5, clock=context.clock)
    matches = [row.id for row in rows if row.values["number"] == number]
    assert matches, number
    return matches[0]


@pytest.fixture
def overdue_editor(qtbot: QtBot, demo_context: AppContext) -> Iterator[ActionEditor]:
    editor = ActionEditor(demo_context, by_number(demo_context, "1405-007"))
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    yield editor


def ok_button(dialog: StatusDialog) -> QWidget:
    button = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def test_loads_a_demo_action(overdue_editor: ActionEditor, demo_context: AppContext) -> None:
    editor = overdue_editor
    row = records.get_row(demo_context.db, Action, editor.record_id)
    ui = editor.ui
    assert visible(ui.number_label.text()) == "پیگیری ۱۴۰۵-۰۰۷"
    assert ui.title_edit.text() == row.title
    assert editor.owner_picker.value() == row.owner_person_id
    assert editor.unit_picker.value() == row.unit_id
    assert ui.due_date_edit.text() == "۱۴۰۵/۰۸/۰۱"
    assert ui.priority_combo.currentText() == "زیاد"
    assert ui.status_label.text() == "در جریان"
    assert "مصوبه ۱" in visible(ui.source_label.text())
    assert ui.open_source_button.isVisibleTo(editor)
    assert not editor.is_dirty()
    # The notes, newest first, with Jalali date-times (Persian digits) and authors.
    notes = actions.history(demo_context.db, row.id)
    assert ui.notes_list.count() == len(notes) == 2
    newest = ui.notes_list.item(0).text()
    assert newest.startswith("۱۴۰۵/۰۸/۱۱ ")
    assert notes[-1].text in newest
    assert notes[-1].author in newest
    assert "باز ← در جریان" in ui.notes_list.item(1).text()


def test_overdue_action_shows_the_overdue_state(overdue_editor: ActionEditor) -> None:
    label = overdue_editor.ui.state_label
    assert overdue_editor.state == "overdue"
    assert label.isVisibleTo(overdue_editor)
    # Due ۱۴۰۵/۰۸/۰۱ (2026-10-23), today 2026-11-26: 34 days late.
    assert label.text() == "عقب‌افتاده: ۳۴ روز از مهلت گذشته"
    assert "#991b1b" in label.styleSheet()


def test_due_soon_action_shows_the_due_soon_state(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    view = actions.due_soon(demo_context.db, clock=demo_context.clock)[0]
    editor = ActionEditor(demo_context, view.row.id)
    qtbot.addWidget(editor)
    editor.start()
    assert editor.state == "due_soon"
    assert "سررسید" in editor.ui.state_label.text()
    assert "#92400e" in editor.ui.state_label.styleSheet()


def test_status_change_without_a_note_is_refused(
    qtbot: QtBot, overdue_editor: ActionEditor, demo_context: AppContext
) -> None:
    action_id = overdue_editor.record_id
    assert action_id is not None
    before = actions.history(demo_context.db, action_id)
    qtbot.mouseClick(overdue_editor.ui.change_status_button, Qt.MouseButton.LeftButton)
    dialog = overdue_editor.status_dialog
    assert isinstance(dialog, StatusDialog)
    qtbot.waitExposed(dialog)
    assert dialog.ui.current_status_label.text() == "در جریان"
    assert dialog.ui.status_combo.currentText() == "انجام‌شده"
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible(), "the dialog stays open"
    assert dialog.error_text() == NOTE_REQUIRED
    # Nothing saved.
    assert actions.history(demo_context.db, action_id) == before
    row = records.get_row(demo_context.db, Action, action_id)
    assert row.status == ActionStatus.IN_PROGRESS
    qtbot.mouseClick(
        dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel),
        Qt.MouseButton.LeftButton,
    )
    qtbot.waitUntil(lambda: overdue_editor.status_dialog is None or not dialog.isVisible())


def test_status_change_with_a_note_is_saved_and_listed(
    qtbot: QtBot, overdue_editor: ActionEditor, demo_context: AppContext
) -> None:
    action_id = overdue_editor.record_id
    assert action_id is not None
    qtbot.mouseClick(overdue_editor.ui.change_status_button, Qt.MouseButton.LeftButton)
    dialog = overdue_editor.status_dialog
    assert dialog is not None
    note = "غرفه در بازار فصلی برپا شد و گزارش تصویری رسید."
    type_text(dialog.ui.note_edit, note)
    with qtbot.waitSignal(overdue_editor.saved, timeout=3000):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert overdue_editor.status_dialog is None
    row = records.get_row(demo_context.db, Action, action_id)
    assert row.status == ActionStatus.DONE
    assert row.completed_on == dt.date(2026, 11, 26)
    notes = actions.history(demo_context.db, action_id)
    assert notes[-1].text == note
    assert notes[-1].status_to == ActionStatus.DONE
    newest = overdue_editor.ui.notes_list.item(0).text()
    assert note in newest
    assert "در جریان ← انجام‌شده" in newest
    assert overdue_editor.ui.status_label.text() == "انجام‌شده"
    assert overdue_editor.state == "closed"
    # The form can still be saved: its revision followed the status change.
    overdue_editor.ui.title_edit.setFocus()
    qtbot.keyClick(overdue_editor.ui.title_edit, Qt.Key.Key_End)
    type_text(overdue_editor.ui.title_edit, " (پایان)")
    assert overdue_editor.save()
    assert records.get_row(demo_context.db, Action, action_id).title.endswith("(پایان)")


def test_a_note_without_status_change(
    qtbot: QtBot, overdue_editor: ActionEditor, demo_context: AppContext
) -> None:
    action_id = overdue_editor.record_id
    assert action_id is not None
    qtbot.mouseClick(overdue_editor.ui.add_note_button, Qt.MouseButton.LeftButton)
    dialog = overdue_editor.status_dialog
    assert dialog is not None
    assert not dialog.ui.status_combo.isVisibleTo(dialog)
    # An empty note is refused too.
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.error_text() == "متن را وارد کنید."
    type_text(dialog.ui.note_edit, "تماس تلفنی دوباره گرفته شد.")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: overdue_editor.ui.notes_list.count() == 3)
    assert "تماس تلفنی دوباره گرفته شد." in overdue_editor.ui.notes_list.item(0).text()
    row = records.get_row(demo_context.db, Action, action_id)
    assert row.status == ActionStatus.IN_PROGRESS


def test_cancelling_a_typed_note_asks_first(
    qtbot: QtBot, overdue_editor: ActionEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.mouseClick(overdue_editor.ui.add_note_button, Qt.MouseButton.LeftButton)
    dialog = overdue_editor.status_dialog
    assert dialog is not None
    type_text(dialog.ui.note_edit, "نیمه‌کاره")
    asked: list[str] = []

    def keep(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", keep)
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.reject()
    assert not dialog.isVisible()


def test_new_action_typed_from_the_keyboard(qtbot: QtBot, demo_context: AppContext) -> None:
    editor = ActionEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    ui = editor.ui
    assert visible(ui.number_label.text()) == "پیگیری جدید"
    assert not ui.change_status_button.isEnabled()
    title = "ارسال نامه‌های دعوت به سفارت ایتالیا"  # with a ZWNJ in نامه‌های
    type_text(ui.title_edit, title)
    assert editor.is_dirty()
    type_text(ui.due_date_edit.line_edit, "۱۴۰۵/۰۹/۱۰")
    ui.priority_combo.setFocus()
    qtbot.keyClick(ui.priority_combo, Qt.Key.Key_End)
    assert ui.priority_combo.currentText() == "فوری"
    with qtbot.waitSignal(editor.saved) as blocker:
        qtbot.mouseClick(
            ui.button_box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    assert editor.result() == QDialog.DialogCode.Accepted
    action_id = blocker.args[0] if blocker.args else None
    assert isinstance(action_id, uuid.UUID)
    row = records.get_row(demo_context.db, Action, action_id)
    assert row.title == title
    assert "\u200c" in row.title
    assert row.due_date == dt.date(2026, 12, 1)
    assert row.priority == Priority.URGENT
    assert row.status == ActionStatus.OPEN
    assert row.number.startswith("1405-")
    found = lists.page(
        demo_context.db, ListQuery("actions", search="نامه های دعوت"), 0, 10,
        clock=demo_context.clock,
    )
    assert [r.id for r in found] == [action_id]
    assert drafts.load(demo_context.db, "action:new") is None


def test_missing_title_and_bad_date_are_shown_next_to_the_field(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = ActionEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    assert not editor.save()
    assert editor.error_texts() == ["عنوان را وارد کنید."]
    label = editor.findChild(QLabel, "title_error_label")
    assert label is not None
    form = editor.ui.details_form
    assert form.getWidgetPosition(label)[0] == form.getWidgetPosition(editor.ui.title_edit)[0] + 1
    type_text(editor.ui.title_edit, "آزمون")
    type_text(editor.ui.due_date_edit.line_edit, "۱۴۰۵/۱۳/۱۰")
    assert not editor.save()
    assert editor.error_texts() == ["«۱۴۰۵/۱۳/۱۰» روزی در تقویم هجری شمسی نیست."]
    assert editor.findChild(QLabel, "due_date_error_label") is not None
    assert lists.count(demo_context.db, ListQuery("actions", search="آزمون")) == 0


def test_source_opens_through_a_signal(qtbot: QtBot, overdue_editor: ActionEditor) -> None:
    with qtbot.waitSignal(overdue_editor.open_requested) as blocker:
        qtbot.mouseClick(overdue_editor.ui.open_source_button, Qt.MouseButton.LeftButton)
    entity, record_id = blocker.args or ("", None)
    assert entity == "meeting"
    assert isinstance(record_id, uuid.UUID)


def test_history_button_opens_the_audit_history(
    qtbot: QtBot, overdue_editor: ActionEditor
) -> None:
    qtbot.mouseClick(overdue_editor.ui.history_button, Qt.MouseButton.LeftButton)
    dialog = overdue_editor.findChild(HistoryDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() >= 1
    dialog.close()


def test_actions_screen_model(
    qtbot: QtBot, qtmodeltester: object, demo_context: AppContext
) -> None:
    screen = ActionsScreen(demo_context)
    qtbot.addWidget(screen)
    assert screen.model.rowCount() > 0
    qtmodeltester.check(screen.model)  # type: ignore[attr-defined]
