"""Text typed into a picker is never dropped: a name that is not in the list is kept,
offered for creation (the «جدید…» editor with the name filled in) or refused with a
Persian message under the field. And pickers match the way search does: «نوروزي» with
an Arabic yeh finds «نوروزی»."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDialogButtonBox,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peyvand.domain import Organization
from peyvand.services import choices, meetings, records
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import EditorDialog
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.organization_editor import OrganizationEditor
from peyvand.ui.dialogs.person_editor import PersonEditor
from peyvand.ui.dialogs.trip_export_dialog import TripExportDialog
from peyvand.ui.dialogs.visit_editor import VisitEditor
from peyvand.ui.screens.people import PeopleScreen
from peyvand.ui.widgets.record_picker import RecordPicker

from .conftest import type_text

Answer = QMessageBox.StandardButton
EMBASSY = "سفارت ایتالیا"


class Answers:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.next: Answer = Answer.Discard
        self.asked: list[tuple[str, str]] = []
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> Answer:
        self.asked.append((title, text))
        return self.next


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


def open_meeting(qtbot: QtBot, context: AppContext) -> MeetingEditor:
    editor = MeetingEditor(context, None)
    qtbot.addWidget(editor)
    editor.start()
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor


def line_of(picker: RecordPicker) -> QWidget:
    """The picker's text field, with the cursor in it (as after clicking it)."""
    line = picker.lineEdit()
    assert line is not None
    picker.setFocus()
    return line


def ctrl_s(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def enter_where_the_cursor_is(qtbot: QtBot, picker: RecordPicker) -> None:
    """Enter as the keyboard sends it: to the list of suggestions when it is open (it
    takes the keyboard), else to the focus widget (the combo box, which hands it to its
    line edit itself)."""
    popup = picker.completer_.popup()
    focused = QApplication.focusWidget()
    assert isinstance(focused, RecordPicker), focused
    assert popup.isVisible()  # «شخص جدید: …» is always offered
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def in_nested_editor(drive: Callable[[EditorDialog], None]) -> list[str]:
    """Run ``drive`` on the modal editor about to open (inside its own event loop)."""
    seen: list[str] = []

    def run() -> None:
        nested = QApplication.activeModalWidget()
        try:
            assert isinstance(nested, EditorDialog), nested
            seen.append(type(nested).__name__)
            drive(nested)
        finally:
            if isinstance(nested, EditorDialog) and nested.isVisible():
                nested.done(0)

    QTimer.singleShot(0, run)
    return seen


def save_and_close(qtbot: QtBot, editor: EditorDialog) -> None:
    box = editor.findChild(QDialogButtonBox, "button_box")
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Save)
    assert button.text() == "ذخیره و بستن"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_unknown_counterpart_is_kept_and_the_save_refused(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    editor = open_meeting(qtbot, demo_context)
    type_text(qtbot, editor.details.ui.title_edit, "دیدار با سفیر")
    picker = editor.organization_picker
    before = meetings_count = len(choices.organizations(demo_context.db))
    type_text(qtbot, line_of(picker), EMBASSY)
    answers.next = Answer.No  # do not create it
    ctrl_s(qtbot, editor.details.ui.title_edit)
    assert answers.asked == [
        (
            "در فهرست نیست",
            f"«{EMBASSY}» در فهرست سازمان‌ها نیست. سازمان تازه‌ای با این نام ساخته شود؟",
        )
    ]
    assert editor.record_id is None  # nothing saved
    assert picker.currentText() == EMBASSY  # the typed text is still there
    assert editor.error_texts() == [
        f"«{EMBASSY}» در فهرست نیست؛ آن را از فهرست برگزینید یا با «جدید…» بسازید."
    ]
    assert picker.styleSheet()  # the field is marked
    assert len(choices.organizations(demo_context.db)) == before == meetings_count


def test_an_unknown_counterpart_can_be_created_with_its_name_filled_in(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    editor = open_meeting(qtbot, demo_context)
    type_text(qtbot, editor.details.ui.title_edit, "دیدار با سفیر")
    picker = editor.organization_picker
    type_text(qtbot, line_of(picker), EMBASSY)
    answers.next = Answer.Yes

    def fill(nested: EditorDialog) -> None:
        assert isinstance(nested, OrganizationEditor)
        assert nested.ui.name_edit.text() == EMBASSY
        qtbot.keyClicks(nested.ui.name_en_edit, "Embassy of Italy")
        save_and_close(qtbot, nested)

    seen = in_nested_editor(fill)
    ctrl_s(qtbot, editor.details.ui.title_edit)
    assert seen == ["OrganizationEditor"]
    assert editor.record_id is not None  # the meeting was saved, with its counterpart
    organization_id = meetings.get_detail(demo_context.db, editor.record_id).meeting.organization_id
    assert organization_id is not None
    made = records.get_row(demo_context.db, Organization, organization_id)
    assert (made.name, made.name_en) == (EMBASSY, "Embassy of Italy")
    assert picker.currentText().startswith(EMBASSY)


def test_enter_on_an_unknown_name_opens_the_new_record_editor(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_meeting(qtbot, demo_context)
    editor.ui.tabs.setCurrentWidget(editor.participants)
    picker = editor.participant_picker
    type_text(qtbot, line_of(picker), "جولیا روسی")

    def fill(nested: EditorDialog) -> None:
        assert isinstance(nested, PersonEditor)
        assert nested.ui.name_edit.text() == "جولیا روسی"
        type_text(qtbot, nested.ui.title_edit, "سفیر")
        save_and_close(qtbot, nested)

    seen = in_nested_editor(fill)
    enter_where_the_cursor_is(qtbot, picker)
    assert seen == ["PersonEditor"]
    # Created, chosen and (Enter in the participant box) added to the meeting.
    table = editor.participants.ui.participants_table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "جولیا روسی"


def test_a_cancelled_new_record_gives_the_typed_name_back(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_meeting(qtbot, demo_context)
    picker = editor.organization_picker
    type_text(qtbot, line_of(picker), EMBASSY)
    seen = in_nested_editor(lambda nested: nested.reject())
    enter_where_the_cursor_is(qtbot, picker)
    assert seen == ["OrganizationEditor"]
    assert picker.currentText() == EMBASSY
    assert picker.value() is None and picker.unmatched_text() == EMBASSY


def test_the_last_suggestion_creates_the_typed_name(qtbot: QtBot, demo_context: AppContext) -> None:
    editor = open_meeting(qtbot, demo_context)
    picker = editor.organization_picker
    type_text(qtbot, line_of(picker), "شهرداری")
    popup = picker.completer_.popup()
    assert popup.isVisible()
    model = popup.model()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert len(shown) > 2
    assert all("شهرداری" in text for text in shown[:-1])
    assert shown[-1] == "سازمان جدید: «شهرداری»…"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("نوروزي", "قدرت اله نوروزی"),  # Arabic yeh
        ("قدرت‌اله", "قدرت اله نوروزی"),  # ZWNJ for a space
        ("نمونه پور", "مهدی نمونه\u200cپور"),  # a space for a ZWNJ
        ("مُريم", "مریم آزمون\u200cفر"),  # a haraka and an Arabic yeh
    ],
)
def test_suggestions_fold_like_search(
    qtbot: QtBot, demo_context: AppContext, typed: str, expected: str
) -> None:
    editor = open_meeting(qtbot, demo_context)
    editor.ui.tabs.setCurrentWidget(editor.participants)
    picker = editor.participant_picker
    type_text(qtbot, line_of(picker), typed)
    popup = picker.completer_.popup()
    assert popup.isVisible()
    model = popup.model()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert any(text.startswith(expected) for text in shown), shown


def test_a_full_name_typed_with_arabic_letters_chooses_the_record(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_meeting(qtbot, demo_context)
    picker = editor.organization_picker
    target = next(c for c in choices.organizations(demo_context.db) if "ی" in c.label)
    typed = target.label.replace("ی", "ي").replace("ک", "ك")
    type_text(qtbot, line_of(picker), typed)
    assert picker.value() == target.id
    assert picker.unmatched_text() == ""
    # Leaving shows the name as it is spelled (the first Tab closes the suggestions).
    popup = picker.completer_.popup()
    qtbot.keyClick(popup if popup.isVisible() else line_of(picker), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not picker.lineEdit()
    assert picker.currentText().startswith(target.label)
    assert picker.value() == target.id


def popup_texts(completer: QCompleter) -> list[str]:
    popup = completer.popup()
    assert popup.isVisible()
    model = popup.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_role_suggestions_of_a_visit_member_fold_too(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = VisitEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    member = editor.add_member()
    member.role.setFocus()
    type_text(qtbot, member.role, "رئيس")  # Arabic yeh
    completer = member.role.completer()
    assert completer is not None
    assert popup_texts(completer) == ["رئیس هیئت"]


def test_the_visit_of_a_trip_package_is_found_with_arabic_letters(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    dialog = TripExportDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.ui.visit_combo
    target = next(
        combo.itemText(i) for i in range(combo.count()) if "ی" in combo.itemText(i).split(" — ")[-1]
    )
    title = target.split(" — ")[-1]
    word = next(w for w in title.split() if "ی" in w)
    line = combo.lineEdit()
    assert line is not None
    line.setFocus()
    type_text(qtbot, line, word.replace("ی", "ي").replace("ک", "ك"))
    completer = combo.completer()
    assert completer is not None
    assert target in popup_texts(completer)


def test_list_searches_fold_like_the_global_search(qtbot: QtBot, demo_context: AppContext) -> None:
    # The lists filter in SQL through the same search index: nothing to fold on screen.
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    screen.show()
    screen.search_edit.setFocus()
    type_text(qtbot, screen.search_edit, "نوروزي")
    qtbot.waitUntil(lambda: screen.model.total == 1 and not screen.model.loading)
    assert "نوروزی" in screen.model.index(0, 0).data() or any(
        "نوروزی" in str(screen.model.index(0, c).data()) for c in range(screen.model.columnCount())
    )


def test_a_crash_draft_keeps_a_name_typed_in_a_picker(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    import shiboken6

    from peyvand.services import drafts

    editor = MeetingEditor(demo_context, None)
    editor.start()
    editor.show()
    type_text(qtbot, editor.details.ui.title_edit, "دیدار با سفیر")
    type_text(qtbot, line_of(editor.organization_picker), EMBASSY)
    editor.save_draft()
    assert drafts.load(demo_context.db, "meeting:new") is not None
    shiboken6.delete(editor)  # a crash: no save, no question

    answers.next = Answer.Yes  # restore the draft
    restored = open_meeting(qtbot, demo_context)
    assert restored.organization_picker.currentText() == EMBASSY
    assert restored.organization_picker.unmatched_text() == EMBASSY


def test_an_unknown_unit_is_refused_without_offering_to_create_it(
    qtbot: QtBot, demo_context: AppContext, answers: Answers
) -> None:
    from peyvand.ui.dialogs.action_editor import ActionEditor

    editor = ActionEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    type_text(qtbot, editor.ui.title_edit, "پیگیری آزمایشی")
    editor.unit_picker.set_value(None)
    type_text(qtbot, line_of(editor.unit_picker), "واحد ناموجود")
    ctrl_s(qtbot, editor.ui.title_edit)
    assert answers.asked == []  # units are chosen, never created from here
    assert editor.record_id is None
    assert editor.error_texts() == ["«واحد ناموجود» در فهرست نیست؛ آن را از فهرست برگزینید."]
    assert editor.unit_picker.currentText() == "واحد ناموجود"
