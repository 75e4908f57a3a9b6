"""Pickers for people and organizations: the record's choice is shown, and «جدید…»
opens the editor inline, then selects what was created."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain import Organization, Person
from peyvand.services import choices, lists, records
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.action_editor import ActionEditor
from peyvand.ui.dialogs.base_editor import EditorDialog
from peyvand.ui.dialogs.organization_editor import OrganizationEditor
from peyvand.ui.dialogs.person_editor import PersonEditor
from peyvand.ui.widgets.record_picker import NEW_ITEM, RecordPicker


def type_text(widget: QWidget, text: str) -> None:
    """One key event per character, with its text (QTest.keyClicks is Latin-1 only)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )


def choose_new(
    qtbot: QtBot, picker: RecordPicker, drive: Callable[[EditorDialog], None]
) -> list[str]:
    """Pick «جدید…» from the open list with the keyboard; ``drive`` fills the modal editor
    that opens (it runs inside the editor's own event loop)."""
    seen: list[str] = []

    def in_editor() -> None:
        nested = QApplication.activeModalWidget()
        try:
            assert isinstance(nested, EditorDialog), nested
            seen.append(type(nested).__name__)
            drive(nested)
        finally:
            if isinstance(nested, EditorDialog) and nested.isVisible():
                nested.done(0)  # never leave the test waiting in exec()

    last = picker.count() - 1
    assert picker.itemData(last) == NEW_ITEM
    assert picker.itemText(last) == "جدید…"
    picker.setFocus()
    picker.showPopup()
    view = picker.view()
    view.setCurrentIndex(picker.model().index(last, 0))
    QTimer.singleShot(0, in_editor)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    return seen


def click_save(editor: EditorDialog) -> None:
    box = editor.findChild(QDialogButtonBox, "button_box")
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_new_organization_inline_from_the_person_editor(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = PersonEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    picker = editor.organization_picker
    before = len(choices.organizations(demo_context.db))

    def fill(nested: EditorDialog) -> None:
        assert isinstance(nested, OrganizationEditor)
        assert nested.windowTitle() == "سازمان جدید"
        type_text(nested.ui.name_edit, "کنسولگری ایتالیا")
        qtbot.keyClicks(nested.ui.name_en_edit, "Consulate of Italy")
        click_save(nested)

    assert choose_new(qtbot, picker, fill) == ["OrganizationEditor"]
    assert len(choices.organizations(demo_context.db)) == before + 1
    # The new organization is chosen in the picker, and the person is now changed.
    assert picker.currentText() == "کنسولگری ایتالیا"
    organization_id = picker.value()
    assert isinstance(organization_id, uuid.UUID)
    assert records.get_row(demo_context.db, Organization, organization_id).name_en == (
        "Consulate of Italy"
    )
    assert editor.is_dirty()
    # The inline editor is gone once closed: its widgets do not mix with the person's.
    qtbot.waitUntil(lambda: editor.findChild(OrganizationEditor) is None)
    type_text(editor.ui.name_edit, "جولیا روسی")
    assert editor.save()
    assert editor.record_id is not None
    person = records.get_row(demo_context.db, Person, editor.record_id)
    assert person.organization_id == organization_id


def test_cancelled_inline_editor_changes_nothing(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = PersonEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    picker = editor.organization_picker
    before = len(choices.organizations(demo_context.db))

    def cancel(nested: EditorDialog) -> None:
        nested.reject()

    assert choose_new(qtbot, picker, cancel) == ["OrganizationEditor"]
    assert len(choices.organizations(demo_context.db)) == before
    assert picker.value() is None
    assert picker.currentText() == ""


def test_new_person_inline_from_the_action_editor(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = ActionEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()

    def fill(nested: EditorDialog) -> None:
        assert isinstance(nested, PersonEditor)
        type_text(nested.ui.name_edit, "نگار امینی")
        type_text(nested.ui.title_edit, "کارشناس پروتکل")
        click_save(nested)

    assert choose_new(qtbot, editor.owner_picker, fill) == ["PersonEditor"]
    assert editor.owner_picker.currentText() == "نگار امینی — کارشناس پروتکل"
    owner = editor.owner_picker.value()
    assert owner is not None
    assert records.get_row(demo_context.db, Person, owner).title == "کارشناس پروتکل"


def test_picker_shows_the_records_choice(qtbot: QtBot, demo_context: AppContext) -> None:
    rows = lists.page(demo_context.db, ListQuery("people", search="Anna Probe"), 0, 1)
    editor = PersonEditor(demo_context, rows[0].id)
    qtbot.addWidget(editor)
    editor.start()
    row = records.get_row(demo_context.db, Person, rows[0].id)
    assert editor.organization_picker.value() == row.organization_id
    assert editor.unit_picker.value() is None
    # Units are chosen, never created inline.
    assert editor.unit_picker.findData(NEW_ITEM) == -1


def test_half_typed_text_is_no_choice(qtbot: QtBot, demo_context: AppContext) -> None:
    editor = PersonEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    picker = editor.organization_picker
    line_edit = picker.lineEdit()
    assert line_edit is not None
    type_text(line_edit, "شهردار")
    assert picker.value() is None
