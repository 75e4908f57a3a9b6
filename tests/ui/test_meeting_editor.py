"""The minutes editor, driven through its widgets like a minute-taker in a meeting:
header, participants, agenda, statements by keyboard, decisions, a follow-up from a
decision, validation next to the field, the final lock, the unsaved-changes guard and
crash drafts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peyvand.domain import Action, Organization, Person, Unit
from peyvand.domain.errors import ConflictError
from peyvand.services import actions, drafts, history, lists, meetings, minutes, records
from peyvand.services.lists import ListQuery
from peyvand.storage.actor import current_actor
from peyvand.text import to_persian_digits as to_fa
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.followup_dialog import FollowupDialog
from peyvand.ui.dialogs.history_dialog import HistoryDialog
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.screens.dashboard import DashboardScreen
from peyvand.ui.widgets.record_picker import RecordPicker

TITLE = "هماهنگی برنامه‌های مشترک"  # with a ZWNJ in «برنامه‌های»
TODAY = dt.date(2026, 11, 26)  # ۱۴۰۵/۰۹/۰۵, the fixtures' fixed "today"
Answer = QMessageBox.StandardButton


def type_text(widget: QWidget, text: str) -> None:
    """Type like a Persian keyboard does: one key event per character, with its text
    (QTest.keyClicks only knows Latin-1 and aborts on Persian letters)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def ctrl_enter(widget: QWidget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(picker: RecordPicker, typed: str) -> None:
    """Type part of a name into a picker and take the first suggestion, by keyboard."""
    line = picker.lineEdit()
    assert line is not None
    type_text(line, typed)
    completer = picker.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup.isVisible()
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)


def save_button(editor: MeetingEditor) -> QPushButton:
    """«ذخیره»: saves and keeps the editor open."""
    button = editor.ui.button_box.button(QDialogButtonBox.StandardButton.Apply)
    assert button.text() == "ذخیره"
    return button


def create_button(dialog: FollowupDialog) -> QPushButton:
    button = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save)
    assert button.text() == "ایجاد پیگیری"
    return button


def click_row(qtbot: QtBot, table: QTableWidget, row: int) -> None:
    rect = table.visualItemRect(table.item(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == row


class Answers:
    """QMessageBox.question answered by the test; records what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.next: Answer = Answer.Discard
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent: QWidget, title: str, *_args: object, **_kw: object) -> Answer:
        self.asked.append(title)
        return self.next


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    # Every question gets a scripted answer: a test never waits for a click.
    return Answers(monkeypatch)


@dataclass(frozen=True)
class Staff:
    unit: uuid.UUID
    host: uuid.UUID
    guest: uuid.UUID
    owner: uuid.UUID


def make_staff(context: AppContext) -> Staff:
    with context.db.session() as session:
        unit = records.create(session, Unit, {"name": "واحد خواهرخواندگی"})
        city = records.create(session, Organization, {"name": "شهرداری کازان"})
        host = records.create(
            session, Person, {"name": "مریم نمونه‌پور", "title": "مدیرکل", "unit_id": unit.id}
        )
        guest = records.create(
            session,
            Person,
            {"name": "رضا آزمون‌فر", "title": "شهردار", "organization_id": city.id},
        )
        owner = records.create(
            session, Person, {"name": "سارا مثالی", "title": "کارشناس", "unit_id": unit.id}
        )
    return Staff(unit.id, host.id, guest.id, owner.id)


def open_editor(
    qtbot: QtBot, context: AppContext, record_id: uuid.UUID | None = None
) -> MeetingEditor:
    editor = MeetingEditor(context, record_id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    return editor


def seed_id(context: AppContext) -> uuid.UUID:
    return meetings.get_detail(context.db, "1399-001").meeting.id


def texts(table_column: Callable[[int], str], rows: int) -> list[str]:
    return [table_column(row) for row in range(rows)]


def test_record_meeting_flow(qtbot: QtBot, context: AppContext) -> None:
    staff = make_staff(context)
    editor = open_editor(qtbot, context)
    ui = editor.ui
    assert editor.isRightToLeft()
    assert ui.number_label.text() == "جلسه جدید"

    # The header, typed: a Persian title with a ZWNJ, a Jalali date in Persian digits.
    type_text(editor.details.ui.title_edit, TITLE)
    editor.details.ui.date_edit.line_edit.selectAll()
    type_text(editor.details.ui.date_edit.line_edit, "۱۴۰۵/۰۹/۰۵")
    type_text(editor.details.ui.start_time_edit, "۱۰:۰۰")
    qtbot.keyClicks(editor.details.ui.end_time_edit, "11:30")
    type_text(editor.details.ui.place_edit, "تالار شهر")
    assert editor.is_dirty()
    click(qtbot, save_button(editor))
    assert editor.record_id is not None
    assert not editor.is_dirty()
    assert "۱۴۰۵-۰۰۱" in ui.number_label.text()
    saved = meetings.get_detail(context.db, editor.record_id).meeting
    assert (saved.title, saved.date, saved.start_time, saved.end_time) == (
        TITLE,
        TODAY,
        dt.time(10, 0),
        dt.time(11, 30),
    )

    # Two participants, picked by typing part of their names.
    ui.tabs.setCurrentWidget(editor.participants)
    pick(editor.participant_picker, "نمونه")
    editor.participants.ui.role_combo.setCurrentIndex(
        editor.participants.ui.role_combo.findText("رئیس جلسه")
    )
    line = editor.participant_picker.lineEdit()
    assert line is not None
    QTest.keyClick(line, Qt.Key.Key_Return)
    pick(editor.participant_picker, "آزمون")
    editor.participants.ui.side_combo.setCurrentIndex(
        editor.participants.ui.side_combo.findText("مهمان")
    )
    click(qtbot, editor.participants.ui.add_participant_button)
    table = editor.participants.ui.participants_table
    assert table.rowCount() == 2
    assert [table.item(r, 0).text() for r in range(2)] == ["مریم نمونه‌پور", "رضا آزمون‌فر"]
    assert table.item(1, 1).text() == "شهردار، شهرداری کازان"
    assert [editor.statements.ui.speaker_combo.itemText(i) for i in range(3)] == [
        "مریم نمونه‌پور",
        "رضا آزمون‌فر",
        "— بدون گوینده —",
    ]

    # An agenda item: type and Enter.
    ui.tabs.setCurrentWidget(editor.agenda)
    type_text(editor.agenda.ui.agenda_edit, "برنامه‌های مشترک فرهنگی")
    QTest.keyClick(editor.agenda.ui.agenda_edit, Qt.Key.Key_Return)
    assert editor.agenda.ui.agenda_table.rowCount() == 1
    assert editor.agenda.ui.agenda_edit.text() == ""

    # Statements from the keyboard: Ctrl+Enter adds and empties the box; the speaker
    # moves on to the next participant when asked to.
    ui.tabs.setCurrentWidget(editor.statements)
    click(qtbot, editor.statements.ui.advance_speaker_check)
    assert editor.statements.ui.speaker_combo.currentText() == "مریم نمونه‌پور"
    type_text(editor.statements.ui.statement_edit, "به هیئت کازان خوش‌آمد می‌گوییم.")
    ctrl_enter(editor.statements.ui.statement_edit)
    assert editor.statements.ui.statement_edit.toPlainText() == ""
    assert editor.statements.ui.speaker_combo.currentText() == "رضا آزمون‌فر"
    type_text(editor.statements.ui.statement_edit, "از میزبانی اصفهان سپاسگزاریم.")
    ctrl_enter(editor.statements.ui.statement_edit)
    # Ctrl+↓ / Ctrl+↑ change the speaker without leaving the text.
    assert editor.statements.ui.speaker_combo.currentText() == "مریم نمونه‌پور"
    QTest.keyClick(
        editor.statements.ui.statement_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier
    )
    assert editor.statements.ui.speaker_combo.currentText() == "رضا آزمون‌فر"
    QTest.keyClick(
        editor.statements.ui.statement_edit, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier
    )
    assert editor.statements.ui.speaker_combo.currentText() == "مریم نمونه‌پور"
    statements = editor.statements.ui.statements_table
    assert statements.rowCount() == 2
    assert [statements.item(r, 0).text() for r in range(2)] == ["مریم نمونه‌پور", "رضا آزمون‌فر"]
    assert statements.item(1, 1).text() == "از میزبانی اصفهان سپاسگزاریم."

    # A decision with owner (whose unit fills the unit field) and a due date.
    ui.tabs.setCurrentWidget(editor.decisions)
    type_text(editor.decisions.ui.decision_text_edit, "تهیه برنامه مشترک نمایشگاه صنایع دستی")
    pick(editor.decision_owner_picker, "مثالی")
    assert editor.decision_unit_picker.value() == staff.unit
    type_text(editor.decisions.ui.decision_due_edit.line_edit, "۱۴۰۵/۰۹/۱۰")
    ctrl_enter(editor.decisions.ui.decision_text_edit)
    decisions = editor.decisions.ui.decisions_table
    assert decisions.rowCount() == 1
    # Not saved yet, the decision shows the number it will get, in grey.
    assert [decisions.item(0, c).text() for c in range(5)] == [
        "۱",
        "تهیه برنامه مشترک نمایشگاه صنایع دستی",
        "سارا مثالی",
        "واحد خواهرخواندگی",
        "۱۴۰۵/۰۹/۱۰",
    ]
    assert decisions.item(0, 0).toolTip() == "شماره‌ای که مصوبه با ذخیره صورتجلسه می‌گیرد"
    assert editor.decisions.ui.decision_text_edit.toPlainText() == ""
    assert editor.decisions.ui.decision_group.title() == "مصوبه تازه (شماره ۲)"

    click(qtbot, save_button(editor))
    assert not editor.is_dirty()
    assert decisions.item(0, 0).text() == "۱"
    assert decisions.item(0, 0).toolTip() == ""
    detail = meetings.get_detail(context.db, editor.record_id)
    assert [(p.name, p.row.role.value, p.row.side.value) for p in detail.participants] == [
        ("مریم نمونه‌پور", "chair", "host"),
        ("رضا آزمون‌فر", "member", "guest"),
    ]
    assert [a.text for a in detail.agenda] == ["برنامه‌های مشترک فرهنگی"]
    assert [(s.speaker, s.row.text) for s in detail.statements] == [
        ("مریم نمونه‌پور", "به هیئت کازان خوش‌آمد می‌گوییم."),
        ("رضا آزمون‌فر", "از میزبانی اصفهان سپاسگزاریم."),
    ]
    decision = detail.decisions[0].row
    assert (decision.number, decision.owner_person_id, decision.owner_unit_id) == (
        1,
        staff.owner,
        staff.unit,
    )
    assert decision.due_date == dt.date(2026, 12, 1)

    # «ایجاد پیگیری» opens the small action form, prefilled from the decision.
    cell = decisions.cellWidget(0, 5)
    button = cell.findChild(QPushButton, "followup_button")
    assert button is not None and button.text() == "ایجاد پیگیری"
    click(qtbot, button)
    dialog = editor.findChild(FollowupDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.isRightToLeft()
    assert dialog.ui.followup_title_edit.text() == "تهیه برنامه مشترک نمایشگاه صنایع دستی"
    assert dialog.owner_picker.value() == staff.owner
    assert dialog.unit_picker.value() == staff.unit
    assert dialog.ui.followup_due_edit.text() == "۱۴۰۵/۰۹/۱۰"
    click(qtbot, create_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())

    soon = actions.due_soon(context.db, clock=context.clock)
    assert [(v.row.title, v.owner, v.unit) for v in soon] == [
        ("تهیه برنامه مشترک نمایشگاه صنایع دستی", "سارا مثالی", "واحد خواهرخواندگی")
    ]
    action = soon[0].row
    assert action.source_decision_id == decision.id
    assert action.due_date == dt.date(2026, 12, 1)
    label = decisions.cellWidget(0, 5).findChild(QLabel)
    assert label is not None and label.text() == "۱۴۰۵-۰۰۱"
    assert not editor.is_dirty()

    # The dashboard lists it under «due within 7 days».
    dashboard = DashboardScreen(context)
    qtbot.addWidget(dashboard)
    due_soon = dashboard.ui.due_soon_list
    items = [due_soon.item(i).text() for i in range(due_soon.count())]
    assert any("تهیه برنامه مشترک نمایشگاه صنایع دستی" in item for item in items)
    assert any("۱۴۰۵/۰۹/۱۰" in item for item in items)


def error_label_row(editor: MeetingEditor, widget: QWidget) -> tuple[int, int]:
    """(row of the field, row of the error label just under it) in the details form."""
    form: QFormLayout = editor.details.ui.details_form
    label = editor.findChildren(QLabel, "date_error_label") or editor.findChildren(
        QLabel, "end_time_error_label"
    )
    assert label
    field_row = form.getWidgetPosition(widget)[0]
    label_row = form.getWidgetPosition(label[0])[0]
    return field_row, label_row


def test_a_bad_date_is_shown_next_to_the_date_and_saves_nothing(
    qtbot: QtBot, context: AppContext
) -> None:
    editor = open_editor(qtbot, context)
    ui = editor.ui
    type_text(editor.details.ui.title_edit, TITLE)
    ui.tabs.setCurrentWidget(editor.statements)
    type_text(editor.statements.ui.statement_edit, "سخنی که نباید گم شود")
    editor.details.ui.date_edit.line_edit.selectAll()
    type_text(editor.details.ui.date_edit.line_edit, "۱۴۰۵/۱۳/۴۰")
    click(qtbot, save_button(editor))
    assert editor.error_texts() == ["«۱۴۰۵/۱۳/۴۰» روزی در تقویم هجری شمسی نیست."]
    field_row, label_row = error_label_row(editor, editor.details.ui.date_edit)
    assert label_row == field_row + 1
    assert ui.tabs.currentWidget() is editor.details  # the user is taken to the field
    assert editor.record_id is None
    assert editor.is_dirty()
    assert lists.count(context.db, ListQuery("meetings")) == 0
    # The typed statement moved into the list and is not lost.
    assert editor.statements.ui.statements_table.rowCount() == 1

    # Not a date at all, then an end before the start, then an empty title.
    editor.details.ui.date_edit.line_edit.selectAll()
    type_text(editor.details.ui.date_edit.line_edit, "فردا")
    click(qtbot, save_button(editor))
    assert editor.error_texts() == [
        "«فردا» تاریخ نیست؛ به شکل سال/ماه/روز بنویسید، مثلاً ۱۳۹۹/۱۱/۱۶."
    ]
    editor.details.ui.date_edit.line_edit.selectAll()
    type_text(editor.details.ui.date_edit.line_edit, "۱۴۰۵/۰۹/۰۵")
    type_text(editor.details.ui.start_time_edit, "۱۱:۰۰")
    type_text(editor.details.ui.end_time_edit, "۱۰:۰۰")
    click(qtbot, save_button(editor))
    assert editor.error_texts() == ["ساعت پایان پیش از ساعت شروع است."]
    field_row, label_row = error_label_row(editor, editor.details.ui.end_time_edit)
    assert label_row == field_row + 1
    editor.details.ui.end_time_edit.clear()
    editor.details.ui.title_edit.clear()
    click(qtbot, save_button(editor))
    assert editor.error_texts() == ["عنوان را وارد کنید."]
    assert editor.record_id is None
    type_text(editor.details.ui.title_edit, TITLE)
    click(qtbot, save_button(editor))
    assert editor.error_texts() == []
    assert editor.record_id is not None
    detail = meetings.get_detail(context.db, editor.record_id)
    assert [s.row.text for s in detail.statements] == ["سخنی که نباید گم شود"]


def test_finalize_locks_the_minutes_and_reopen_unlocks_them(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    meeting_id = seed_id(demo_context)
    editor = open_editor(qtbot, demo_context, meeting_id)
    ui = editor.ui
    assert "۱۳۹۹-۰۰۱" in ui.number_label.text()
    assert editor.statements.ui.statements_table.rowCount() > 10
    assert not editor.is_dirty()
    assert ui.finalize_button.isVisible() and not ui.reopen_button.isVisible()

    answers.next = Answer.No
    click(qtbot, ui.finalize_button)
    assert not editor.is_final
    answers.next = Answer.Yes
    click(qtbot, ui.finalize_button)
    assert answers.asked == ["نهایی‌کردن صورتجلسه"] * 2
    assert editor.is_final
    assert meetings.get_detail(demo_context.db, meeting_id).meeting.is_final
    locked: list[QWidget] = [
        editor.details.ui.kind_combo,
        editor.details.ui.classification_combo,
        editor.organization_picker,
        editor.participants.ui.participant_group,
        editor.statements.ui.statement_group,
        editor.decisions.ui.decision_group,
        editor.statements.ui.remove_statement_button,
        save_button(editor),
        editor.ui.button_box.button(QDialogButtonBox.StandardButton.Save),
        editor.participants.ui.participants_table.cellWidget(0, 3),
    ]
    assert not any(widget.isEnabled() for widget in locked)
    assert editor.details.ui.title_edit.isReadOnly() and editor.details.ui.summary_edit.isReadOnly()
    assert editor.details.ui.date_edit.line_edit.isReadOnly()
    assert ui.reopen_button.isVisible() and not ui.finalize_button.isVisible()
    assert "نهایی" in ui.status_label.text()
    # Keys do nothing either.
    type_text(editor.details.ui.title_edit, "x")
    ctrl_enter(editor.statements.ui.statement_edit)
    assert not editor.is_dirty()
    # The service refuses too, whatever the widgets do.
    with pytest.raises(ConflictError):
        minutes.save(
            demo_context.db,
            meeting_id,
            {"title": "تغییر", "date": dt.date(2021, 2, 4)},
        )
    # A follow-up can still be opened from a final decision.
    button = editor.decisions.ui.decisions_table.cellWidget(0, 5).findChild(
        QPushButton, "followup_button"
    )
    assert button is not None and button.isEnabled()

    answers.next = Answer.Yes
    click(qtbot, ui.reopen_button)
    assert not editor.is_final
    assert not meetings.get_detail(demo_context.db, meeting_id).meeting.is_final
    assert (
        editor.statements.ui.statement_group.isEnabled()
        and not editor.details.ui.title_edit.isReadOnly()
    )
    assert ui.finalize_button.isVisible() and not ui.reopen_button.isVisible()
    # Who reopened it is on record, and shown in the history dialog.
    events = history.history(demo_context.db, "meeting", meeting_id)
    assert events[0].changes["is_final"] == [True, False]
    assert events[0].actor == current_actor()
    click(qtbot, ui.history_button)
    dialog = editor.findChild(HistoryDialog)
    assert dialog is not None
    assert dialog.table.rowCount() == len(events)
    assert dialog.table.item(0, 1).text() == current_actor()
    dialog.close()
    # Editable again: a statement added and saved.
    ui.tabs.setCurrentWidget(editor.statements)
    type_text(editor.statements.ui.statement_edit, "سخن پس از بازگشایی")
    ctrl_enter(editor.statements.ui.statement_edit)
    click(qtbot, save_button(editor))
    statements = meetings.get_detail(demo_context.db, meeting_id).statements
    assert statements[-1].row.text == "سخن پس از بازگشایی"


def test_the_unsaved_changes_guard_asks_on_close(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    meeting_id = seed_id(demo_context)
    editor = open_editor(qtbot, demo_context, meeting_id)
    ui = editor.ui
    assert editor.close()  # nothing changed: no question
    assert answers.asked == []
    editor = open_editor(qtbot, demo_context, meeting_id)
    ui = editor.ui
    ui.tabs.setCurrentWidget(editor.statements)
    type_text(editor.statements.ui.statement_edit, "نیمه‌کاره")
    assert editor.windowTitle().endswith(" *")
    answers.next = Answer.Cancel
    assert not editor.close()
    assert editor.isVisible()
    assert answers.asked == ["تغییرات ذخیره نشده"]
    assert editor.statements.ui.statement_edit.toPlainText() == "نیمه‌کاره"
    answers.next = Answer.Discard
    assert editor.close()
    assert not editor.isVisible()
    statements = meetings.get_detail(demo_context.db, meeting_id).statements
    assert all(s.row.text != "نیمه‌کاره" for s in statements)
    assert drafts.load(demo_context.db, editor.draft_key()) is None


def test_a_draft_brings_back_typed_text_after_a_crash(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    staff = make_staff(context)
    editor = MeetingEditor(context, None)
    editor.start()
    editor.show()
    ui = editor.ui
    type_text(editor.details.ui.title_edit, TITLE)
    ui.tabs.setCurrentWidget(editor.participants)
    pick(editor.participant_picker, "آزمون")
    click(qtbot, editor.participants.ui.add_participant_button)
    ui.tabs.setCurrentWidget(editor.statements)
    type_text(editor.statements.ui.statement_edit, "سخن ثبت‌شده")
    ctrl_enter(editor.statements.ui.statement_edit)
    type_text(editor.statements.ui.statement_edit, "سخنی که هنوز ثبت نشده")

    def drafted() -> bool:
        draft = drafts.load(context.db, "meeting:new")
        return draft is not None and draft.payload.get("statement_edit") == "سخنی که هنوز ثبت نشده"

    qtbot.waitUntil(drafted, timeout=3000)
    shiboken6.delete(editor)  # a crash: no close, no question, no save

    answers.next = Answer.Yes
    restored = open_editor(qtbot, context)
    assert answers.asked == ["پیش‌نویس ذخیره‌نشده"]
    ui = restored.ui
    assert restored.details.ui.title_edit.text() == TITLE
    assert restored.statements.ui.statement_edit.toPlainText() == "سخنی که هنوز ثبت نشده"
    assert restored.statements.ui.statements_table.rowCount() == 1
    assert restored.statements.ui.statements_table.item(0, 1).text() == "سخن ثبت‌شده"
    assert restored.participants.ui.participants_table.item(0, 0).text() == "رضا آزمون‌فر"
    assert restored.statements.ui.speaker_combo.currentData() == staff.guest
    assert restored.is_dirty()
    # Saving keeps every word: the statement still in the box is saved too.
    click(qtbot, save_button(restored))
    assert restored.record_id is not None
    detail = meetings.get_detail(context.db, restored.record_id)
    assert [(s.speaker, s.row.text) for s in detail.statements] == [
        ("رضا آزمون‌فر", "سخن ثبت‌شده"),
        ("رضا آزمون‌فر", "سخنی که هنوز ثبت نشده"),
    ]
    assert drafts.load(context.db, "meeting:new") is None


def test_editing_and_reordering_statements(qtbot: QtBot, demo_context: AppContext) -> None:
    meeting_id = seed_id(demo_context)
    editor = open_editor(qtbot, demo_context, meeting_id)
    ui = editor.ui
    ui.tabs.setCurrentWidget(editor.statements)
    table = editor.statements.ui.statements_table
    first, second = table.item(0, 1).text(), table.item(1, 1).text()
    click_row(qtbot, table, 1)
    click(qtbot, editor.statements.ui.statement_up_button)
    assert [table.item(0, 1).text(), table.item(1, 1).text()] == [second, first]
    click_row(qtbot, table, 0)
    click(qtbot, editor.statements.ui.edit_statement_button)
    assert editor.statements.ui.statement_group.title() == "ویرایش اظهار ۱"
    assert editor.statements.ui.statement_edit.toPlainText() == second
    editor.statements.ui.statement_edit.selectAll()
    type_text(editor.statements.ui.statement_edit, "متن ویرایش‌شده")
    ctrl_enter(editor.statements.ui.statement_edit)
    assert table.item(0, 1).text() == "متن ویرایش‌شده"
    assert editor.statements.ui.statement_group.title() == "اظهار تازه"
    count = table.rowCount()
    click(qtbot, save_button(editor))
    detail = meetings.get_detail(demo_context.db, meeting_id)
    assert [s.row.text for s in detail.statements[:2]] == ["متن ویرایش‌شده", first]
    assert len(detail.statements) == count


def test_a_followup_from_an_unsaved_decision_saves_the_minutes_first(
    qtbot: QtBot, context: AppContext
) -> None:
    make_staff(context)
    editor = open_editor(qtbot, context)
    ui = editor.ui
    type_text(editor.details.ui.title_edit, TITLE)
    ui.tabs.setCurrentWidget(editor.decisions)
    type_text(editor.decisions.ui.decision_text_edit, "ارسال دعوت‌نامه رسمی")
    ctrl_enter(editor.decisions.ui.decision_text_edit)
    assert editor.record_id is None
    button = editor.decisions.ui.decisions_table.cellWidget(0, 5).findChild(
        QPushButton, "followup_button"
    )
    assert button is not None
    click(qtbot, button)
    assert editor.record_id is not None
    dialog = editor.findChild(FollowupDialog)
    assert dialog is not None
    assert dialog.windowTitle() == "ایجاد پیگیری از مصوبه ۱"
    # A bad deadline is shown next to it; nothing is created.
    type_text(dialog.ui.followup_due_edit.line_edit, "۱۴۰۵/۱۲/۳۱")
    click(qtbot, create_button(dialog))
    assert dialog.error_texts() == ["«۱۴۰۵/۱۲/۳۱» روزی در تقویم هجری شمسی نیست."]
    assert dialog.isVisible()
    assert actions.due_soon(context.db, clock=context.clock) == []
    dialog.ui.followup_due_edit.line_edit.clear()
    click(qtbot, create_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    loaded = minutes.load(context.db, editor.record_id)
    decision_id = loaded.detail.decisions[0].row.id
    assert [f.title for f in loaded.followups[decision_id]] == ["ارسال دعوت‌نامه رسمی"]


def test_removing_a_decision_with_a_followup_asks_first(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    meeting_id = seed_id(demo_context)
    before = minutes.load(demo_context.db, meeting_id)
    followups = before.followups[before.detail.decisions[0].row.id]
    assert followups
    editor = open_editor(qtbot, demo_context, meeting_id)
    ui = editor.ui
    ui.tabs.setCurrentWidget(editor.decisions)
    table = editor.decisions.ui.decisions_table
    count = table.rowCount()
    click_row(qtbot, table, 0)
    answers.next = Answer.No
    click(qtbot, editor.decisions.ui.remove_decision_button)
    assert answers.asked == ["حذف مصوبه"]
    assert table.rowCount() == count
    answers.next = Answer.Yes
    click(qtbot, editor.decisions.ui.remove_decision_button)
    assert table.rowCount() == count - 1
    assert table.item(0, 0).text() == "۲"  # the numbers stay as they were said
    click(qtbot, save_button(editor))
    loaded = minutes.load(demo_context.db, meeting_id)
    assert [d.row.number for d in loaded.detail.decisions] == list(range(2, count + 1))
    # The follow-up opened from the removed decision is still there.
    kept = records.get_row(demo_context.db, Action, followups[0].id)
    assert kept.source_decision_id == before.detail.decisions[0].row.id


def followed_row(editor: MeetingEditor) -> int:
    """The first decision of the demo meeting that has a follow-up."""
    return next(row for row, d in enumerate(editor.decisions.entries) if d.followups)


def test_a_followed_decision_shows_its_followups_deadline_read_only(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    from peyvand.ui.dialogs.action_editor import ActionEditor

    meeting_id = seed_id(demo_context)
    editor = open_editor(qtbot, demo_context, meeting_id)
    editor.ui.tabs.setCurrentWidget(editor.decisions)
    tab = editor.decisions.ui
    table = tab.decisions_table
    row = followed_row(editor)
    entry = editor.decisions.entries[row]
    follow = entry.followups[0]
    # One follow-up per decision: it is shown, not created again.
    buttons = [
        table.cellWidget(r, 5).findChild(QPushButton, "followup_button").text()
        for r in range(table.rowCount())
    ]
    assert buttons[row] == "نمایش پیگیری"
    cell = table.cellWidget(row, 5)
    assert table.columnWidth(5) >= cell.sizeHint().width()  # the number and button show
    assert all(
        text == ("نمایش پیگیری" if d.followups else "ایجاد پیگیری")
        for text, d in zip(buttons, editor.decisions.entries, strict=True)
    )
    # The follow-up's deadline moves (in its own window): the decision shows it.
    moved = dt.date(2027, 1, 14)  # ۱۴۰۵/۱۰/۲۴
    records.update_row(demo_context.db, Action, follow.id, {"due_date": moved})
    editor.refresh_followups()
    assert table.item(row, 4).text() == "۱۴۰۵/۱۰/۲۴"
    # Edited, the decision's deadline is shown read-only, with where to change it.
    click_row(qtbot, table, row)
    click(qtbot, tab.edit_decision_button)
    assert tab.decision_due_edit.text() == "۱۴۰۵/۱۰/۲۴"
    assert tab.decision_due_edit.line_edit.isReadOnly()
    assert not tab.decision_due_edit.button.isEnabled()
    assert tab.decision_due_hint_label.isVisible()
    assert to_fa(follow.number) in tab.decision_due_hint_label.text()
    type_text(tab.decision_due_edit.line_edit, "۱۴۰۵/۱۰/۳۰")  # refused by the field
    assert tab.decision_due_edit.text() == "۱۴۰۵/۱۰/۲۴"
    tab.decision_text_edit.selectAll()
    type_text(tab.decision_text_edit, "متن تازه مصوبه")
    ctrl_enter(tab.decision_text_edit)
    assert not tab.decision_due_hint_label.isVisible()
    click(qtbot, save_button(editor))
    assert editor.error_texts() == []
    loaded = minutes.load(demo_context.db, meeting_id)
    saved = next(d.row for d in loaded.detail.decisions if d.row.id == entry.id)
    assert saved.text == "متن تازه مصوبه"
    assert saved.due_date == entry.due_date  # its own, untouched
    assert minutes.deadline(saved.due_date, loaded.followups[saved.id]) == moved
    # «نمایش پیگیری» opens the follow-up; a deadline changed there shows here at once.
    button = table.cellWidget(row, 5).findChild(QPushButton, "followup_button")
    click(qtbot, button)
    action_editor = editor.findChild(ActionEditor)
    assert action_editor is not None and action_editor.record_id == follow.id
    action_editor.ui.due_date_edit.line_edit.selectAll()
    type_text(action_editor.ui.due_date_edit.line_edit, "۱۴۰۵/۱۱/۰۱")
    assert action_editor.save()
    assert table.item(row, 4).text() == "۱۴۰۵/۱۱/۰۱"


def test_unsaved_decisions_show_the_numbers_they_will_get(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    meeting_id = seed_id(demo_context)
    editor = open_editor(qtbot, demo_context, meeting_id)
    editor.ui.tabs.setCurrentWidget(editor.decisions)
    tab = editor.decisions.ui
    table = tab.decisions_table
    count = table.rowCount()
    highest = max(d.number or 0 for d in editor.decisions.entries)
    for text in ("مصوبه تازه نخست", "مصوبه تازه دوم"):
        type_text(tab.decision_text_edit, text)
        ctrl_enter(tab.decision_text_edit)
    assert [table.item(r, 0).text() for r in (count, count + 1)] == [
        to_fa(highest + 1),
        to_fa(highest + 2),
    ]
    assert "…" not in [table.item(r, 0).text() for r in range(table.rowCount())]
    click(qtbot, save_button(editor))
    saved = minutes.load(demo_context.db, meeting_id).detail.decisions
    assert [d.row.number for d in saved[-2:]] == [highest + 1, highest + 2]
    assert [table.item(r, 0).text() for r in (count, count + 1)] == [
        to_fa(highest + 1),
        to_fa(highest + 2),
    ]


def test_finalizing_a_future_meeting_asks_first(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    editor = open_editor(qtbot, context)
    ui = editor.details.ui
    type_text(ui.title_edit, TITLE)
    ui.date_edit.line_edit.selectAll()
    type_text(ui.date_edit.line_edit, "۱۴۰۵/۱۰/۰۱")  # after the fixtures' today, ۱۴۰۵/۰۹/۰۵
    answers.next = Answer.No
    click(qtbot, editor.ui.finalize_button)
    assert answers.asked == ["جلسه هنوز برگزار نشده است"]
    assert editor.record_id is not None and not editor.is_final
    answers.next = Answer.Yes
    click(qtbot, editor.ui.finalize_button)
    assert editor.is_final
    # A meeting held today is asked about as usual.
    other = open_editor(qtbot, context)
    type_text(other.details.ui.title_edit, TITLE)
    answers.asked.clear()
    click(qtbot, other.ui.finalize_button)
    assert answers.asked == ["نهایی‌کردن صورتجلسه"]


def test_the_side_follows_the_person_chosen(qtbot: QtBot, context: AppContext) -> None:
    make_staff(context)
    editor = open_editor(qtbot, context)
    editor.ui.tabs.setCurrentWidget(editor.participants)
    side = editor.participants.ui.side_combo
    pick(editor.participant_picker, "آزمون")  # a city's mayor
    assert side.currentText() == "مهمان"
    click(qtbot, editor.participants.ui.add_participant_button)
    pick(editor.participant_picker, "مثالی")  # one of our units' staff
    assert side.currentText() == "میزبان"
    click(qtbot, editor.participants.ui.add_participant_button)
    table = editor.participants.ui.participants_table
    assert [table.cellWidget(r, 2).currentText() for r in range(2)] == ["مهمان", "میزبان"]


def test_showing_a_decision_for_editing_changes_nothing(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    meeting_id = seed_id(demo_context)
    editor = open_editor(qtbot, demo_context, meeting_id)
    editor.ui.tabs.setCurrentWidget(editor.decisions)
    tab = editor.decisions.ui
    row = followed_row(editor)
    click_row(qtbot, tab.decisions_table, row)
    click(qtbot, tab.edit_decision_button)
    assert tab.decision_text_edit.toPlainText() == editor.decisions.entries[row].text
    assert not editor.is_dirty()
    # Its follow-up's deadline moves meanwhile: the decision being edited shows it.
    follow = editor.decisions.entries[row].followups[0]
    records.update_row(demo_context.db, Action, follow.id, {"due_date": dt.date(2027, 2, 1)})
    editor.refresh_followups()
    assert tab.decision_due_edit.text() == "۱۴۰۵/۱۱/۱۲"
    assert editor.close()
    assert answers.asked == []
