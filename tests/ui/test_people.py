"""The people list and the person editor: search as you type, filter by organization,
validation next to the field, Persian normalization, left-to-right Latin fields, the
unsaved-changes guard and drafts."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain import Person
from peyvand.services import drafts, lists, records
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.person_editor import PersonEditor
from peyvand.ui.screens.people import PeopleScreen

BAD_EMAIL = "رایانامه نشانی رایانامه معتبری نیست."


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


def person_id(context: AppContext, latin: str) -> uuid.UUID:
    rows = lists.page(context.db, ListQuery("people", search=latin), 0, 5, clock=context.clock)
    return next(row.id for row in rows if row.values["name_latin"] == latin)


def save_button(editor: PersonEditor) -> QWidget:
    button = editor.ui.button_box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    return button


@pytest.fixture
def new_editor(qtbot: QtBot, demo_context: AppContext) -> PersonEditor:
    editor = PersonEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    return editor


# -- the list -------------------------------------------------------------------


def test_people_screen_lists_the_demo_people(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.isRightToLeft()
    assert screen.model.rowCount() == screen.model.total == 28
    assert screen.ui.count_label.text() == "۲۸ مورد"
    headers = [
        screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)
    ]
    assert headers[:4] == ["نام", "نام به لاتین", "سمت", "سازمان"]
    names = [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())]
    assert "آنا پروبه" in names


def test_people_search_as_you_type(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    screen.show()
    screen.search_edit.setFocus()
    type_text(screen.search_edit, "پروبه")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.index(0, 1).data() == "Anna Probe"
    assert screen.ui.count_label.text() == "۱ مورد"
    screen.search_edit.selectAll()
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 28)
    qtbot.keyClicks(screen.search_edit, "Udaharan")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.index(0, 0).data() == "راوی اوداهاران"


def test_people_filter_by_organization(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    combo = screen.ui.organization_combo
    assert combo.itemText(0) == "همه سازمان‌ها"
    combo.setCurrentIndex(combo.findText("شهرداری اصفهان"))
    rows = screen.model.rowCount()
    assert 0 < rows < 28
    organization_column = 3
    assert {screen.model.index(r, organization_column).data() for r in range(rows)} == {
        "شهرداری اصفهان"
    }
    combo.setCurrentIndex(0)
    assert screen.model.rowCount() == 28


def test_people_refresh_keeps_the_chosen_organization(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    combo = screen.ui.organization_combo
    combo.setCurrentIndex(combo.findText("شهرداری اصفهان"))
    rows = screen.model.rowCount()
    screen.refresh()
    assert combo.currentText() == "شهرداری اصفهان"
    assert screen.model.rowCount() == rows


def test_people_double_click_opens_the_person(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.open_requested) as blocker:
        screen.table_view.doubleClicked.emit(screen.model.index(0, 0))
    assert blocker.args == ["person", screen.model.row_id(0)]


def test_people_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, demo_context: AppContext
) -> None:
    screen = PeopleScreen(demo_context)
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)  # type: ignore[attr-defined]


# -- the editor -----------------------------------------------------------------


def test_person_editor_loads_a_demo_person(qtbot: QtBot, demo_context: AppContext) -> None:
    editor = PersonEditor(demo_context, person_id(demo_context, "Anna Probe"))
    qtbot.addWidget(editor)
    editor.start()
    ui = editor.ui
    assert ui.name_edit.text() == "آنا پروبه"
    assert ui.email_edit.text() == "anna.probe@example.org"
    assert editor.organization_picker.currentText().startswith("دانشگاه نمونه زاکسن")
    assert editor.organization_picker.value() is not None
    assert editor.windowTitle() == "شخص: آنا پروبه"
    assert not editor.is_dirty()


def test_latin_fields_are_left_to_right(new_editor: PersonEditor) -> None:
    ui = new_editor.ui
    assert new_editor.isRightToLeft()
    for edit in (ui.email_edit, ui.phone_edit, ui.name_latin_edit, ui.title_en_edit):
        assert edit.layoutDirection() == Qt.LayoutDirection.LeftToRight, edit.objectName()
    for edit in (ui.name_edit, ui.title_edit, ui.tags_edit):
        assert edit.isRightToLeft(), edit.objectName()


def test_bad_email_is_shown_next_to_the_email_field(
    qtbot: QtBot, new_editor: PersonEditor, demo_context: AppContext
) -> None:
    ui = new_editor.ui
    type_text(ui.name_edit, "آزمون رایانامه")
    qtbot.keyClicks(ui.email_edit, "not-an-address")
    qtbot.mouseClick(save_button(new_editor), Qt.MouseButton.LeftButton)
    assert new_editor.isVisible()
    assert new_editor.error_texts() == [BAD_EMAIL]
    label = new_editor.findChild(QLabel, "email_error_label")
    assert label is not None and label.text() == BAD_EMAIL
    form = ui.contact_form
    assert form.getWidgetPosition(label)[0] == form.getWidgetPosition(ui.email_edit)[0] + 1
    assert lists.count(demo_context.db, ListQuery("people", search="آزمون رایانامه")) == 0
    # Corrected, it saves and the message goes away.
    ui.email_edit.clear()
    qtbot.keyClicks(ui.email_edit, "test@example.org")
    qtbot.mouseClick(save_button(new_editor), Qt.MouseButton.LeftButton)
    assert new_editor.error_texts() == []
    assert lists.count(demo_context.db, ListQuery("people", search="آزمون رایانامه")) == 1


def test_arabic_letters_are_saved_as_persian(
    qtbot: QtBot, new_editor: PersonEditor, demo_context: AppContext
) -> None:
    type_text(new_editor.ui.name_edit, "علي كاظمي")  # Arabic yeh and kaf
    type_text(new_editor.ui.tags_edit, "شهروند ديپلمات، ایرانی مقیم خارج,  ")
    with qtbot.waitSignal(new_editor.saved) as blocker:
        qtbot.mouseClick(save_button(new_editor), Qt.MouseButton.LeftButton)
    assert not new_editor.isVisible()
    record_id = blocker.args[0] if blocker.args else None
    assert isinstance(record_id, uuid.UUID)
    row = records.get_row(demo_context.db, Person, record_id)
    assert row.name == "علی کاظمی"
    assert row.tags == ["شهروند دیپلمات", "ایرانی مقیم خارج"]


def test_tags_are_edited_as_one_line(qtbot: QtBot, demo_context: AppContext) -> None:
    record_id = records.create_row(
        demo_context.db, Person, {"name": "نمونه", "tags": ["شهروند دیپلمات", "ایرانی مقیم خارج"]}
    ).id
    editor = PersonEditor(demo_context, record_id)
    qtbot.addWidget(editor)
    editor.start()
    assert editor.ui.tags_edit.text() == "شهروند دیپلمات، ایرانی مقیم خارج"


def test_unsaved_changes_guard(
    qtbot: QtBot, new_editor: PersonEditor, demo_context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    type_text(new_editor.ui.name_edit, "مهمان بی‌نام")
    assert new_editor.is_dirty()
    assert new_editor.windowTitle().endswith(" *")
    # The draft is kept while the form is open.
    qtbot.waitUntil(lambda: drafts.load(demo_context.db, "person:new") is not None)
    draft = drafts.load(demo_context.db, "person:new")
    assert draft is not None and draft.payload["name_edit"] == "مهمان بی‌نام"
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> object:
        def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
            asked.append(str(args[2]))
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not new_editor.close()
    assert new_editor.isVisible()
    assert asked == ["تغییرات این فرم ذخیره نشده است. ذخیره شود؟"]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    assert new_editor.close()
    assert not new_editor.isVisible()
    assert drafts.load(demo_context.db, "person:new") is None
    assert lists.count(demo_context.db, ListQuery("people", search="مهمان")) == 0


def test_a_draft_is_offered_back(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts.save(
        demo_context.db, "person:new", "person", "شخص جدید",
        {"name_edit": "پیش‌نویس", "email_edit": "draft@example.org"},
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    editor = PersonEditor(demo_context, None)
    qtbot.addWidget(editor)
    editor.start()
    assert editor.ui.name_edit.text() == "پیش‌نویس"
    assert editor.ui.email_edit.text() == "draft@example.org"
    assert editor.is_dirty()
