"""Every editor works the same from the keyboard: Tab walks the fields in reading order
(right to left, top to bottom) and reaches every one of them, multi-line fields pass Tab
on, Ctrl+S saves, Esc closes an untouched form without a question, and the buttons,
their icons and the labels look the same everywhere."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from peyvand.services import lists, meetings, minutes, visits
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.base_editor import EditorDialog, buttons_in_order
from peyvand.ui.dialogs.followup_dialog import FollowupDialog
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.visit_editor import VisitEditor
from peyvand.ui.registry import EDITORS, editor_class
from peyvand.ui.widgets.jalali_date_edit import JalaliDateEdit
from peyvand.ui.widgets.record_picker import RecordPicker

from .conftest import type_text

ENTITIES = sorted(EDITORS)


class Asked:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.titles: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent: QWidget, title: str, *_a: object, **_k: object) -> object:
        self.titles.append(title)
        return QMessageBox.StandardButton.Discard


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    return Asked(monkeypatch)


def shown(qtbot: QtBot, editor: EditorDialog) -> EditorDialog:
    qtbot.addWidget(editor)
    editor.start()
    with qtbot.waitActive(editor):
        editor.resize(1200, 800)
        editor.show()
        editor.activateWindow()
    return editor


def open_new(qtbot: QtBot, context: AppContext, entity: str) -> EditorDialog:
    return shown(qtbot, editor_class(entity)(context, None))


def name(widget: QWidget | None) -> str:
    """How a tab stop is named in the expected orders below."""
    assert widget is not None
    for holder in (widget, widget.parentWidget()):
        if isinstance(holder, JalaliDateEdit | RecordPicker):
            return holder.objectName() or type(holder).__name__
    if isinstance(widget, QAbstractButton) and isinstance(widget.parentWidget(), QDialogButtonBox):
        return f"[{widget.text()}]"
    if isinstance(widget, QTabBar):
        return "tabs"
    return widget.objectName() or type(widget).__name__


def walk(qtbot: QtBot, start: QWidget, steps: int) -> list[QWidget]:
    """Tab ``steps`` times from ``start``; the widgets that had the focus, in turn."""
    start.setFocus()
    focused = [QApplication.focusWidget()]
    for _ in range(steps):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        focused.append(QApplication.focusWidget())
    return [w for w in focused if w is not None]


def cycle(qtbot: QtBot, start: QWidget) -> list[str]:
    """One full round of Tab from ``start`` back to it."""
    focused = walk(qtbot, start, 80)
    names = [name(w) for w in focused]
    assert names[0] in names[1:], f"Tab never came back to {names[0]}: {names}"
    return names[: names.index(names[0], 1)]


def box_buttons(editor: EditorDialog) -> list[str]:
    box = editor.findChild(QDialogButtonBox, "button_box")
    assert box is not None
    return [f"[{b.text()}]" for b in buttons_in_order(box) if b.isEnabled()]


def rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def in_a_table(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def assert_reading_order(widgets: list[QWidget]) -> None:
    """Each next stop is further on in a right-to-left page: below the one before, or on
    its left (the same line, or the next column) — never back up to its right. (The
    fields in a table's cells, some scrolled out of sight, are checked by name.)"""
    widgets = [w for w in widgets if not in_a_table(w)]
    for before, after in itertools.pairwise(widgets):
        a, b = rect(before), rect(after)
        below = b.top() >= a.center().y()
        left = b.center().x() < a.left() + 4 or b.right() <= a.left() + 4
        same_line = abs(a.center().y() - b.center().y()) < max(a.height(), b.height()) / 2
        assert below or left or (same_line and b.center().x() < a.center().x()), (
            f"{name(after)} {b} comes after {name(before)} {a}"
        )


def first_field(editor: EditorDialog) -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None and widget.window() is editor
    return widget


# -- the Tab order of every editor ---------------------------------------------------


NEW_ORDERS: dict[str, list[str]] = {
    "person": [
        "name_edit",
        "name_latin_edit",
        "honorific_edit",
        "title_edit",
        "title_en_edit",
        "organization_picker",
        "unit_picker",
        "tags_edit",
        "country_edit",
        "city_edit",
        "phone_edit",
        "email_edit",
        "languages_edit",
        "protocol_notes_edit",
    ],
    "organization": [
        "name_edit",
        "name_en_edit",
        "kind_combo",
        "country_edit",
        "city_edit",
        "city_en_edit",
        "website_edit",
        "notes_edit",
    ],
    "action": [
        "title_edit",
        "description_edit",
        "person_picker",
        "unit_picker",
        "due_date_edit",
        "priority_combo",
        "notes_list",
        "attachments_list",
    ],
    "partnership": [
        "partner_city_edit",
        "partner_city_en_edit",
        "partner_country_edit",
        "organization_picker",
        "kind_combo",
        "status_combo",
        "ordinal_spin",
        "since_edit",
        "notes_edit",
    ],
    "meeting": [
        "title_edit",
        "date_edit",
        "start_time_edit",
        "end_time_edit",
        "place_edit",
        "kind_combo",
        "classification_combo",
        "visit_combo",
        "organization_picker",
        "summary_edit",
    ],
    "visit": [
        "title_edit",
        "title_en_edit",
        "direction_combo",
        "organization_picker",
        "partnership_combo",
        "status_combo",
        "classification_combo",
        "city_edit",
        "city_en_edit",
        "country_edit",
        "arrival_edit",
        "departure_edit",
        "purpose_edit",
        "talking_points_edit",
    ],
    "letter": [
        "kind_combo",
        "language_combo",
        "classification_combo",
        "visit_picker",
        "meeting_picker",
        "partnership_picker",
        "template_combo",
        "counterpart_edit",
        "subject_edit",
        "body_edit",
        "signatory_edit",
        "copies_to_edit",
        "has_attachments_check",
        "attachments_note_edit",
        "notes_edit",
        "attachments_list",
        "preview_button",
        "word_button",
    ],
}
# What follows the buttons when Tab goes round: the header's button and the tabs.
AFTER_BUTTONS = {"meeting": ["finalize_button", "tabs"], "visit": ["tabs"]}


@pytest.mark.parametrize("entity", ENTITIES)
def test_tab_walks_a_new_form_in_reading_order(
    qtbot: QtBot, context: AppContext, entity: str
) -> None:
    editor = open_new(qtbot, context, entity)
    start = first_field(editor)
    names = cycle(qtbot, start)
    expected = NEW_ORDERS[entity] + box_buttons(editor) + AFTER_BUTTONS.get(entity, [])
    assert names == expected
    stops = walk(qtbot, start, len(NEW_ORDERS[entity]) + len(box_buttons(editor)) - 1)
    assert_reading_order(stops)


def test_tab_walks_every_tab_of_the_minutes(qtbot: QtBot, demo_context: AppContext) -> None:
    meeting_id = meetings.get_detail(demo_context.db, "1399-001").meeting.id
    editor = shown(qtbot, MeetingEditor(demo_context, meeting_id))
    assert isinstance(editor, MeetingEditor)
    tail = [
        "history_button", "print_button", "news_button", *box_buttons(editor),
        "finalize_button", "tabs",
    ]  # fmt: skip
    participants = len(editor.participants.entries)
    decisions = len(editor.decisions.entries)
    orders: dict[str, list[str]] = {
        "participants": [
            "participants_table",
            *["QComboBox"] * (3 * participants),  # side, role, attendance of each row
            "participant_up_button",
            "participant_down_button",
            "remove_participant_button",
            "participant_picker",
            "side_combo",
            "role_combo",
            "attendance_combo",
            "add_participant_button",
        ],
        "agenda": [
            "agenda_table",
            "agenda_up_button",
            "agenda_down_button",
            "remove_agenda_button",
            "agenda_edit",
            "add_agenda_button",
        ],
        "statements": [
            "statements_table",
            "statement_up_button",
            "statement_down_button",
            "edit_statement_button",
            "remove_statement_button",
            "speaker_combo",
            "statement_edit",
            "advance_speaker_check",
            "add_statement_button",
        ],
        "decisions": [
            "decisions_table",
            *["followup_button"] * decisions,
            "edit_decision_button",
            "remove_decision_button",
            "decision_text_edit",
            "decision_owner_picker",
            "decision_unit_picker",
            "decision_due_edit",
            "add_decision_button",
        ],
    }
    for tab, order in orders.items():
        page = getattr(editor, tab)
        editor.ui.tabs.setCurrentWidget(page)
        start = page.focus_order()[0]
        assert cycle(qtbot, start) == [*order, *tail], tab
        assert_reading_order(walk(qtbot, start, len(order) - 1))


def test_tab_walks_the_rows_of_a_visit(qtbot: QtBot, demo_context: AppContext) -> None:
    row = lists.page(demo_context.db, ListQuery("visits", search="1405-004"), 0, 1)[0]
    editor = shown(qtbot, VisitEditor(demo_context, row.id))
    assert isinstance(editor, VisitEditor)
    detail = visits.get_detail(demo_context.db, row.id)
    tail = [
        "history_button",
        "brief_button",
        "itinerary_button",
        "itinerary_en_button",
        *box_buttons(editor),
        "tabs",
    ]
    member_cells = ["person", "side", "role", "head"]
    editor.ui.tab_widget.setCurrentWidget(editor.members_tab)
    table = editor.members_tab.ui.members_table
    # No row chosen: the table keeps the focus (with one, it goes into the row's cell).
    table.setCurrentCell(-1, -1)
    names = cycle(qtbot, table)
    cells = names[1 : 1 + 4 * len(detail.members)]
    assert len(cells) == 4 * len(detail.members)
    assert names[1 + len(cells) :] == ["add_member_button", "remove_member_button", *tail]
    # Row by row, right to left: the person, the side, the role, the head.
    kinds = [
        "person"
        if n == "RecordPicker" or n.endswith("picker")
        else "side"
        if n == "QComboBox"
        else "role"
        if n == "QLineEdit"
        else "head"
        for n in cells
    ]
    assert kinds == member_cells * len(detail.members)
    # A member added by keyboard joins the order at its place, not after the buttons.
    editor.members_tab.ui.add_member_button.click()
    table.setCurrentCell(-1, -1)
    names = cycle(qtbot, table)
    assert names.index("add_member_button") == 1 + 4 * (len(detail.members) + 1)


# -- multi-line fields, Ctrl+S, Esc ---------------------------------------------------


@pytest.mark.parametrize("entity", ENTITIES)
def test_multi_line_fields_pass_tab_on(qtbot: QtBot, context: AppContext, entity: str) -> None:
    editor = open_new(qtbot, context, entity)
    boxes = editor.findChildren(QPlainTextEdit) + editor.findChildren(QTextEdit)
    assert boxes
    for box in boxes:
        assert box.tabChangesFocus(), box.objectName()


def test_tab_in_the_summary_moves_on_and_types_nothing(qtbot: QtBot, context: AppContext) -> None:
    editor = open_new(qtbot, context, "meeting")
    assert isinstance(editor, MeetingEditor)
    summary = editor.details.ui.summary_edit
    summary.setFocus()
    qtbot.keyClick(summary, Qt.Key.Key_Tab)
    assert summary.toPlainText() == ""
    assert not summary.hasFocus()
    assert not editor.is_dirty()


FIRST_TEXT: dict[str, Callable[[EditorDialog], QWidget]] = {
    "person": lambda e: e.ui.name_edit,  # type: ignore[attr-defined]
    "organization": lambda e: e.ui.name_edit,  # type: ignore[attr-defined]
    "action": lambda e: e.ui.title_edit,  # type: ignore[attr-defined]
    "partnership": lambda e: e.ui.partner_city_edit,  # type: ignore[attr-defined]
    "meeting": lambda e: e.details.ui.title_edit,  # type: ignore[attr-defined]
    "visit": lambda e: e.details.ui.title_edit,  # type: ignore[attr-defined]
    "letter": lambda e: e.ui.subject_edit,  # type: ignore[attr-defined]
}


@pytest.mark.parametrize("entity", ENTITIES)
def test_ctrl_s_saves_every_editor_and_keeps_it_open(
    qtbot: QtBot, context: AppContext, entity: str
) -> None:
    editor = open_new(qtbot, context, entity)
    field = FIRST_TEXT[entity](editor)
    type_text(qtbot, field, "نام آزمایشی")
    assert editor.is_dirty()
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.error_texts() == []
    assert isinstance(editor.record_id, uuid.UUID)
    assert not editor.is_dirty()
    assert editor.isVisible()


def test_ctrl_s_in_the_followup_form_creates_one_followup(
    qtbot: QtBot, context: AppContext
) -> None:
    saved = minutes.save(
        context.db,
        None,
        {"title": "جلسه", "date": context.clock.now().date()},
        decisions=[{"text": "مصوبه نمونه"}],
    )
    decision_id = saved.detail.decisions[0].row.id
    dialog = shown(qtbot, FollowupDialog(context, decision_id))
    field = dialog.ui.followup_title_edit  # type: ignore[attr-defined]
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert len(minutes.load(context.db, saved.detail.meeting.id).followups[decision_id]) == 1


@pytest.mark.parametrize("entity", ENTITIES)
def test_esc_closes_an_untouched_new_form_without_asking(
    qtbot: QtBot, context: AppContext, asked: Asked, entity: str
) -> None:
    editor = open_new(qtbot, context, entity)
    # Walking through every field changes nothing.
    walk(qtbot, first_field(editor), 25)
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_Escape)
    assert asked.titles == []
    assert not editor.isVisible()


def test_esc_after_typing_and_deleting_again_does_not_ask(
    qtbot: QtBot, context: AppContext, asked: Asked
) -> None:
    editor = open_new(qtbot, context, "person")
    field = FIRST_TEXT["person"](editor)
    type_text(qtbot, field, "ب")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert asked.titles == []
    assert not editor.isVisible()
    editor = open_new(qtbot, context, "person")
    type_text(qtbot, FIRST_TEXT["person"](editor), "ب")
    qtbot.keyClick(FIRST_TEXT["person"](editor), Qt.Key.Key_Escape)
    assert asked.titles == ["تغییرات ذخیره نشده"]


# -- the same buttons, icons and labels everywhere ------------------------------------


def icon_image(button: QAbstractButton) -> object:
    return button.icon().pixmap(16).toImage()


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_editor_has_the_same_buttons_and_label_style(
    qtbot: QtBot, context: AppContext, entity: str
) -> None:
    editor = open_new(qtbot, context, entity)
    box = editor.findChild(QDialogButtonBox, "button_box")
    assert box is not None
    kinds = QDialogButtonBox.StandardButton
    texts = {which: box.button(which).text() for which in (kinds.Apply, kinds.Save, kinds.Close)}
    assert texts == {kinds.Apply: "ذخیره", kinds.Save: "ذخیره و بستن", kinds.Close: "بستن"}
    style = editor.style()
    pixmaps = QStyle.StandardPixmap
    for which, pixmap in (
        (kinds.Apply, pixmaps.SP_DialogSaveButton),
        (kinds.Save, pixmaps.SP_DialogOkButton),
        (kinds.Close, pixmaps.SP_DialogCloseButton),
    ):
        expected = style.standardIcon(pixmap).pixmap(16).toImage()
        assert icon_image(box.button(which)) == expected
    assert "Ctrl+S" in box.button(kinds.Apply).toolTip()
    history = editor.findChild(QAbstractButton, "history_button")
    assert history is not None and history.text() == "تاریخچه…"
    # Labels of fields: no colon, in every form of the editor.
    for form in editor.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and label.text():
                assert not label.text().rstrip().endswith((":", "："))


def test_the_followup_form_uses_the_same_icons(qtbot: QtBot, context: AppContext) -> None:
    saved = minutes.save(
        context.db,
        None,
        {"title": "جلسه", "date": context.clock.now().date()},
        decisions=[{"text": "مصوبه"}],
    )
    dialog = shown(qtbot, FollowupDialog(context, saved.detail.decisions[0].row.id))
    box = dialog.findChild(QDialogButtonBox, "button_box")
    assert box is not None
    kinds = QDialogButtonBox.StandardButton
    assert [box.button(k).text() for k in (kinds.Save, kinds.Close)] == ["ایجاد پیگیری", "انصراف"]
    style = dialog.style()
    assert (
        icon_image(box.button(kinds.Save))
        == style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton).pixmap(16).toImage()
    )
    for label in dialog.findChildren(QLabel):
        assert not label.text().endswith(":")
    assert [name(w) for w in walk(qtbot, dialog.ui.followup_title_edit, 5)] == [  # type: ignore[attr-defined]
        "followup_title_edit",
        "followup_description_edit",
        "followup_owner_picker",
        "followup_unit_picker",
        "followup_due_edit",
        "followup_priority_combo",
    ]


def test_enter_in_a_field_presses_no_button(qtbot: QtBot, context: AppContext) -> None:
    editor = open_new(qtbot, context, "organization")
    field = FIRST_TEXT["organization"](editor)
    type_text(qtbot, field, "سازمان")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.record_id is None
    assert isinstance(field, QLineEdit) and isinstance(editor.findChild(QComboBox), QComboBox)
