"""Roles in the window: a reader's editors are read-only and its buttons say why; staff
save; a follow-up's owner may still change its status; classified options only for
cleared staff. The account is given to the context as office mode would (enforced),
over the demo file: the rules are the window's, the database's are tested elsewhere."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from peyvand.domain import Action, Meeting, Person
from peyvand.domain.accounts import Account, Role
from peyvand.domain.enums import Classification
from peyvand.services import lists, records
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.action_editor import ActionEditor
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.person_editor import PersonEditor
from peyvand.ui.dialogs.trip_export_dialog import TripExportDialog
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.meetings import MeetingsScreen

STAFF_NEEDED = "برای ویرایش نقش کارشناس لازم است."
CREATE_NEEDS_STAFF = "برای ثبت رکورد تازه نقش کارشناس لازم است."


def account(*roles: Role, person_id: uuid.UUID | None = None) -> Account:
    return Account(login="maryam", display_name="مریم احمدی", roles=frozenset(roles),
                   person_id=person_id)  # fmt: skip


@pytest.fixture(autouse=True)
def _no_blocking_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: shown.append(text))
    return shown


def first_id(context: AppContext, kind: str) -> uuid.UUID:
    rows = lists.page(context.db, ListQuery(kind), 0, 1, clock=context.clock)
    return rows[0].id


def save_buttons(editor: object) -> list[QPushButton]:
    box = editor.findChild(QDialogButtonBox, "button_box")  # type: ignore[attr-defined]
    kinds = (QDialogButtonBox.StandardButton.Apply, QDialogButtonBox.StandardButton.Save)
    return [box.button(k) for k in kinds if box.button(k) is not None]


@pytest.fixture
def reader(demo_context: AppContext) -> AppContext:
    demo_context.account = account(Role.READER)
    return demo_context


@pytest.fixture
def person_editor(qtbot: QtBot, reader: AppContext) -> Iterator[PersonEditor]:
    editor = PersonEditor(reader, first_id(reader, "people"))
    qtbot.addWidget(editor)
    editor.start()
    yield editor
    editor.close()


def test_a_reader_opens_a_read_only_editor_that_says_why(
    person_editor: PersonEditor, _no_blocking_boxes: list[str]
) -> None:
    editor = person_editor
    buttons = save_buttons(editor)
    assert buttons and all(not b.isEnabled() for b in buttons)
    assert all(b.toolTip() == STAFF_NEEDED for b in buttons)
    banner = editor.findChild(QLabel, "read_only_banner")
    assert banner is not None and STAFF_NEEDED in banner.text()
    texts = [
        w
        for kind in (QLineEdit, QPlainTextEdit)
        for w in editor.findChildren(kind)
        if w.window() is editor and not isinstance(w.parentWidget(), QComboBox)
    ]
    assert texts and all(w.isReadOnly() for w in texts)
    history = editor.findChild(QPushButton, "history_button")
    assert history is not None and history.isEnabled()
    # Ctrl+S says why and saves nothing.
    before = records.get_row(editor.context.db, Person, editor.record_id).revision
    assert editor.save() is False
    assert _no_blocking_boxes == [STAFF_NEEDED]
    assert records.get_row(editor.context.db, Person, editor.record_id).revision == before


def test_staff_edit_and_save(qtbot: QtBot, demo_context: AppContext) -> None:
    demo_context.account = account(Role.STAFF)
    editor = PersonEditor(demo_context, first_id(demo_context, "people"))
    qtbot.addWidget(editor)
    editor.start()
    assert editor.findChild(QLabel, "read_only_banner") is None
    assert all(b.isEnabled() for b in save_buttons(editor))
    editor.ui.title_edit.setText("رایزن فرهنگی")
    editor.mark_dirty()
    assert editor.save()
    row = records.get_row(demo_context.db, Person, editor.record_id)
    assert row.title == "رایزن فرهنگی"
    editor.close()


def test_a_selected_row_does_not_reenable_a_read_only_editor(
    qtbot: QtBot, reader: AppContext
) -> None:
    meeting_id = first_id(reader, "meetings")
    editor = MeetingEditor(reader, meeting_id)
    qtbot.addWidget(editor)
    editor.start()
    locked = [
        b
        for b in editor.findChildren(QPushButton)
        if b.objectName().startswith(("add_", "remove_")) and b.window() is editor
    ]
    assert locked and all(not b.isEnabled() for b in locked)
    for button in locked:  # what selecting a participant or a statement does
        button.setEnabled(True)
        button.setToolTip("")
    assert all(not b.isEnabled() and b.toolTip() == STAFF_NEEDED for b in locked)
    editor.close()


def test_classified_minutes_need_cleared_staff(qtbot: QtBot, demo_context: AppContext) -> None:
    meeting_id = first_id(demo_context, "meetings")
    with demo_context.db.session() as session:
        records.update(session, Meeting, meeting_id, {"classification": Classification.SECRET})
    demo_context.account = account(Role.STAFF)
    editor = MeetingEditor(demo_context, meeting_id)
    qtbot.addWidget(editor)
    editor.start()
    assert editor.refusal.startswith("فقط افراد دارای مجوز محرمانه")
    editor.close()
    demo_context.account = account(Role.STAFF, Role.CLEARED)
    editor = MeetingEditor(demo_context, meeting_id)
    qtbot.addWidget(editor)
    editor.start()
    assert editor.refusal == ""
    editor.close()


def action_owned_by_someone(context: AppContext) -> tuple[uuid.UUID, uuid.UUID]:
    rows = lists.page(context.db, ListQuery("actions"), 0, 50, clock=context.clock)
    for row in rows:
        action = records.get_row(context.db, Action, row.id)
        if action.owner_person_id is not None and action.source_decision_id is None:
            return action.id, action.owner_person_id
    raise AssertionError("the demo has an owned follow-up")


def test_a_followups_owner_may_change_its_status_even_as_reader(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    action_id, owner = action_owned_by_someone(demo_context)
    demo_context.account = account(Role.READER, person_id=owner)
    editor = ActionEditor(demo_context, action_id)
    qtbot.addWidget(editor)
    editor.start()
    ui = editor.ui
    assert editor.refusal == STAFF_NEEDED  # the details stay as they are
    assert ui.title_edit.isReadOnly()
    assert ui.change_status_button.isEnabled() and ui.add_note_button.isEnabled()
    editor.close()

    demo_context.account = account(Role.READER, person_id=uuid.uuid4())
    editor = ActionEditor(demo_context, action_id)
    qtbot.addWidget(editor)
    editor.start()
    assert not editor.ui.change_status_button.isEnabled()
    assert "فقط مسئول آن" in editor.ui.change_status_button.toolTip()
    editor.close()


def test_list_and_menu_say_why_a_reader_cannot_add(qtbot: QtBot, reader: AppContext) -> None:
    screen = MeetingsScreen(reader)
    qtbot.addWidget(screen)
    assert not screen.new_button.isEnabled()
    assert screen.new_button.toolTip() == CREATE_NEEDS_STAFF
    window = MainWindow(reader)
    qtbot.addWidget(window)
    ui = window.ui
    for action in (ui.new_meeting_action, ui.new_person_action, ui.import_people_action):
        assert not action.isEnabled() and action.toolTip()
    assert ui.trip_export_action.toolTip() == "برای ساختن بستهٔ سفر نقش کارشناس لازم است."
    # Accounts live on the office server: no «کاربران و نقش‌ها» on a file.
    assert not window.users_action.isVisible()
    window.close()


def test_a_workstation_allows_everything(qtbot: QtBot, demo_context: AppContext) -> None:
    assert not demo_context.account.enforced
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    assert window.ui.new_meeting_action.isEnabled()
    assert window.ui.trip_export_action.isEnabled()
    screen = window.show_screen("meetings")
    assert isinstance(screen, MeetingsScreen) and screen.new_button.isEnabled()
    window.close()


def test_trip_export_offers_classified_minutes_only_to_cleared_staff(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    demo_context.account = account(Role.STAFF)
    dialog = TripExportDialog(demo_context)
    qtbot.addWidget(dialog)
    check = dialog.ui.confidential_check
    assert not check.isEnabled() and check.toolTip().startswith("فقط افراد دارای مجوز محرمانه")
    demo_context.account = dataclasses.replace(
        demo_context.account, roles=frozenset({Role.STAFF, Role.CLEARED})
    )
    dialog = TripExportDialog(demo_context)
    qtbot.addWidget(dialog)
    assert dialog.ui.confidential_check.isEnabled()
