"""The visit editor: a demo visit with members, itinerary by day and gifts; a new visit
typed like a user; departure before arrival; the repeat-gift warning."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from peyvand.domain import Person
from peyvand.domain.enums import GiftDirection, Side
from peyvand.services import lists, visits
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.visit_editor import VisitEditor
from peyvand.ui.widgets.record_picker import RecordPicker

PEN_CASE = "قلمدان مینیاتور با نقش گل و مرغ"
ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def type_text(widget: QWidget, text: str) -> None:
    """Click into the field, then one key event per character, with its text
    (QTest.keyClicks is Latin-1 only)."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def shown(text: str) -> str:
    """Text as read, without the bidi isolates that keep numbers in order."""
    return text.translate(ISOLATES)


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )


def visit_id(context: AppContext, number: str) -> uuid.UUID:
    rows = lists.page(context.db, ListQuery("visits"), 0, 100, clock=context.clock)
    return next(r.id for r in rows if r.values["number"] == number)


def person_id(context: AppContext, latin: str) -> uuid.UUID:
    with context.db.reading() as session:
        found: uuid.UUID = session.exec(select(Person.id).where(Person.name_latin == latin)).one()
        return found


def open_editor(qtbot: QtBot, context: AppContext, record_id: uuid.UUID | None) -> VisitEditor:
    editor = VisitEditor(context, record_id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def pick(picker: RecordPicker, record_id: uuid.UUID) -> None:
    """Choose a record in a picker, as picking it from its list does."""
    index = next(i for i in range(picker.count()) if picker.itemData(i) == record_id)
    picker.setCurrentIndex(index)
    picker.activated.emit(index)


def click_save(qtbot: QtBot, editor: VisitEditor, which: str = "Save") -> None:
    button = editor.ui.button_box.button(getattr(QDialogButtonBox.StandardButton, which))
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_editor_loads_a_demo_visit(qtbot: QtBot, demo_context: AppContext) -> None:
    lena = person_id(demo_context, "Lena Beispiel")
    editor = open_editor(qtbot, demo_context, visit_id(demo_context, "1405-001"))
    ui = editor.ui
    assert editor.isRightToLeft()
    assert not editor.is_dirty()
    assert shown(ui.number_label.text()) == "هیئت ۱۴۰۵-۰۰۱"
    assert editor.details.ui.title_edit.text() == "سفر هیئت دانشگاه نمونه زاکسن به اصفهان"
    assert editor.details.ui.title_en_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert editor.details.ui.arrival_edit.text() == "۱۴۰۵/۰۱/۱۱"
    assert editor.details.ui.duration_label.text() == "۵ روز"
    assert editor.organization_picker.value() is not None
    assert editor.details.ui.partnership_combo.currentText().startswith("لایپزیگ")
    assert ui.head_label.text() == "سرپرست: لنا بایشپیل"
    # Members with roles, in order; the head first.
    assert len(editor.members) == 5
    assert editor.members[0].person.value() == lena
    assert editor.members[0].head.isChecked()
    assert editor.members[0].role.text() == "رئیس هیئت"
    assert editor.members[3].side.currentData() == Side.HOST.value
    # The itinerary by day: four days, the first «روز ۱».
    tree = editor.itinerary.ui.itinerary_tree
    assert tree.topLevelItemCount() == 4
    assert tree.topLevelItem(0).text(0).startswith("روز ۱ — سه‌شنبه ۱۱ فروردین ۱۴۰۵")
    assert len(editor.items) == 4
    assert editor.items[0].start.text() == "۰۵:۳۰"
    # Gifts given and received; the pen case was given on this visit, so no warning here.
    assert len(editor.gifts) == 3
    assert [g.direction.currentData() for g in editor.gifts].count("received") == 1
    assert editor.gifts[0].description.text() == PEN_CASE
    assert editor.gift_warnings() == []
    assert editor.gifts_tab.ui.gift_warning_label.isHidden()
    assert editor.attachments_panel.add_button.isEnabled()
    assert ui.history_button.isEnabled()


def test_itinerary_english_columns_are_left_to_right(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_editor(qtbot, demo_context, visit_id(demo_context, "1405-001"))
    tree = editor.itinerary.ui.itinerary_tree
    editor.ui.tab_widget.setCurrentWidget(editor.itinerary)
    first = editor.items[0]
    for name in ("place_en", "activity_en", "hosts_en"):
        edit = first.texts[name]
        assert edit.layoutDirection() == Qt.LayoutDirection.LeftToRight, name
        assert edit.isVisible()
    assert first.texts["place_en"].text() == "Isfahan International Airport"
    for name in ("place", "activity", "hosts"):
        assert first.texts[name].layoutDirection() == Qt.LayoutDirection.RightToLeft, name
    # The widget in each column is the one its header names.
    header = [tree.headerItem().text(c) for c in range(tree.columnCount())]
    assert header[3] == "محل (انگلیسی)"
    assert tree.itemWidget(first.item, 3) is first.texts["place_en"]
    # What was typed from the start shows from the start.
    assert first.texts["place_en"].cursorPosition() == 0


def test_new_visit_typed_like_a_user(qtbot: QtBot, demo_context: AppContext) -> None:
    lena = person_id(demo_context, "Lena Beispiel")
    editor = open_editor(qtbot, demo_context, None)
    ui = editor.ui
    assert shown(ui.number_label.text()) == "هیئت جدید"
    assert not editor.attachments_panel.add_button.isEnabled()
    type_text(editor.details.ui.title_edit, "سفر هیئت شهرداری فلورانس به اصفهان")
    editor.details.ui.title_en_edit.setFocus()
    qtbot.keyClicks(editor.details.ui.title_en_edit, "Florence delegation")
    type_text(editor.details.ui.city_edit, "فلورانس")
    type_text(editor.details.ui.arrival_edit.line_edit, "۱۴۰۵/۰۹/۱۰")
    editor.details.ui.departure_edit.line_edit.setFocus()
    qtbot.keyClicks(editor.details.ui.departure_edit.line_edit, "1405/9/12")
    qtbot.keyClick(editor.details.ui.departure_edit.line_edit, Qt.Key.Key_Tab)
    assert editor.details.ui.departure_edit.text() == "۱۴۰۵/۰۹/۱۲"  # normalized when left
    assert editor.details.ui.duration_label.text() == "۳ روز"
    assert editor.is_dirty()
    # A member, the head of the delegation.
    ui.tab_widget.setCurrentWidget(editor.members_tab)
    qtbot.mouseClick(editor.members_tab.ui.add_member_button, Qt.MouseButton.LeftButton)
    member = editor.members[-1]
    pick(member.person, lena)
    type_text(member.role, "رئیس هیئت")
    qtbot.mouseClick(member.head, Qt.MouseButton.LeftButton)
    assert member.head.isChecked()
    # An itinerary item on the second day.
    ui.tab_widget.setCurrentWidget(editor.itinerary)
    type_text(editor.itinerary.ui.itinerary_day_edit.line_edit, "۱۴۰۵/۰۹/۱۱")
    qtbot.mouseClick(editor.itinerary.ui.add_item_button, Qt.MouseButton.LeftButton)
    item = editor.items[-1]
    type_text(item.start, "۱۰:۳۰")
    type_text(item.texts["activity"], "بازدید از میدان نقش جهان")
    item.texts["activity_en"].setFocus()
    qtbot.keyClicks(item.texts["activity_en"], "Tour of Naqsh-e Jahan Square")
    assert editor.itinerary.ui.itinerary_tree.topLevelItem(0).text(0).startswith("روز ۲ — ")
    # Apply: saved, the number shown, the editor stays open.
    click_save(qtbot, editor, "Apply")
    assert not editor.is_dirty(), editor.error_texts()
    assert editor.record_id is not None
    assert shown(ui.number_label.text()) == "هیئت ۱۴۰۵-۰۰۷"
    assert editor.attachments_panel.add_button.isEnabled()
    detail = visits.get_detail(demo_context.db, editor.record_id)
    assert detail.visit.title == "سفر هیئت شهرداری فلورانس به اصفهان"
    assert detail.visit.title_en == "Florence delegation"
    assert (detail.visit.arrival, detail.visit.departure) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 3),
    )
    assert detail.head is not None and detail.head.row.person_id == lena
    assert [d.day for d in detail.itinerary] == [dt.date(2026, 12, 2)]
    assert detail.itinerary[0].items[0].start_time == dt.time(10, 30)
    assert detail.itinerary[0].items[0].activity_en == "Tour of Naqsh-e Jahan Square"
    # Saving again updates the same rows instead of adding new ones.
    role = editor.members[0].role
    role.setFocus()
    qtbot.keyClick(role, Qt.Key.Key_End)
    type_text(role, " و سخنران")
    click_save(qtbot, editor)
    assert not editor.isVisible()
    again = visits.get_detail(demo_context.db, detail.visit.id)
    assert len(again.members) == 1
    assert again.members[0].row.role == "رئیس هیئت و سخنران"
    assert len(again.itinerary[0].items) == 1


def test_departure_before_arrival_is_shown_next_to_the_field_and_saves_nothing(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    before = lists.count(demo_context.db, ListQuery("visits"))
    editor = open_editor(qtbot, demo_context, None)
    ui = editor.ui
    type_text(editor.details.ui.title_edit, "هیئت نمونه")
    type_text(editor.details.ui.arrival_edit.line_edit, "۱۴۰۵/۰۹/۱۲")
    type_text(editor.details.ui.departure_edit.line_edit, "۱۴۰۵/۰۹/۱۰")
    ui.tab_widget.setCurrentWidget(editor.gifts_tab)
    click_save(qtbot, editor)
    assert editor.isVisible()
    assert editor.error_texts() == ["تاریخ بازگشت پیش از تاریخ ورود است."]
    # Right under the departure field, on the tab that holds it.
    assert ui.tab_widget.currentWidget() is editor.details
    label = editor.findChild(QWidget, "departure_error_label")
    assert label is not None
    qtbot.waitUntil(label.isVisible)
    departure_row = editor.details.ui.place_form.getWidgetPosition(
        editor.details.ui.departure_edit
    )[0]
    assert editor.details.ui.place_form.getWidgetPosition(label)[0] == departure_row + 1
    assert lists.count(demo_context.db, ListQuery("visits")) == before
    assert editor.record_id is None
    # Corrected, it saves and the message goes.
    editor.details.ui.departure_edit.line_edit.clear()
    type_text(editor.details.ui.departure_edit.line_edit, "۱۴۰۵/۰۹/۱۴")
    click_save(qtbot, editor, "Apply")
    assert editor.error_texts() == []
    assert lists.count(demo_context.db, ListQuery("visits")) == before + 1


def test_a_bad_row_is_named_on_its_tab_and_nothing_is_saved(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_editor(qtbot, demo_context, visit_id(demo_context, "1405-005"))
    ui = editor.ui
    qtbot.mouseClick(
        editor.members_tab.ui.add_member_button, Qt.MouseButton.LeftButton
    )  # no person chosen
    click_save(qtbot, editor, "Apply")
    assert ui.tab_widget.currentWidget() is editor.members_tab
    assert editor.members_tab.ui.members_error_label.text() == "ردیف ۵: شخص را وارد کنید."
    assert len(visits.get_detail(demo_context.db, editor.record_id).members) == 4
    assert editor.is_dirty()
    # Removing the empty row (the one with the focus) lets it save.
    assert editor.members[4].person.hasFocus() or editor.members[4].person.lineEdit().hasFocus()
    qtbot.mouseClick(editor.members_tab.ui.remove_member_button, Qt.MouseButton.LeftButton)
    click_save(qtbot, editor, "Apply")
    assert editor.members_tab.ui.members_error_label.text() == ""
    assert not editor.is_dirty()


def test_gift_warning_for_a_guest_who_already_received_the_same_gift(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    lena = person_id(demo_context, "Lena Beispiel")
    # Lena Beispiel heads the upcoming second visit of the Saxony university.
    editor = open_editor(qtbot, demo_context, visit_id(demo_context, "1405-005"))
    ui = editor.ui
    assert editor.members[0].person.value() == lena
    ui.tab_widget.setCurrentWidget(editor.gifts_tab)
    qtbot.mouseClick(editor.gifts_tab.ui.add_gift_button, Qt.MouseButton.LeftButton)
    gift = editor.gifts[-1]
    assert gift.direction.currentData() == GiftDirection.GIVEN.value
    pick(gift.person, lena)
    # Typed with an Arabic yeh and a ZWNJ: still the same gift.
    type_text(gift.description, "قلم‌دان مينياتور با نقش گل و مرغ")
    qtbot.waitUntil(editor.gifts_tab.ui.gift_warning_label.isVisible)
    text = shown(editor.gifts_tab.ui.gift_warning_label.text())
    assert "لنا بایشپیل پیش‌تر «قلمدان مینیاتور با نقش گل و مرغ» را از ما هدیه گرفته است" in text
    assert "هیئت ۱۴۰۵-۰۰۱ (سفر هیئت دانشگاه نمونه زاکسن به اصفهان)" in text
    assert "۱۳ فروردین ۱۴۰۵" in text
    assert [p.visit_number for p in editor.gift_warnings()] == ["1405-001"]
    assert not ui.tab_widget.tabIcon(ui.tab_widget.indexOf(editor.gifts_tab)).isNull()
    # The user may still proceed: the gift is saved.
    click_save(qtbot, editor, "Apply")
    assert not editor.is_dirty(), editor.error_texts()
    saved = visits.get_detail(demo_context.db, editor.record_id).gifts
    assert [g.row.description for g in saved] == ["قلم‌دان مینیاتور با نقش گل و مرغ"]
    # Reopened, the repeat is still pointed out.
    editor.close()
    reopened = open_editor(qtbot, demo_context, editor.record_id)
    assert not reopened.gifts_tab.ui.gift_warning_label.isHidden()
    assert len(reopened.gift_warnings()) == 1


def test_no_gift_warning_for_a_new_gift_or_a_gift_received(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    lena = person_id(demo_context, "Lena Beispiel")
    editor = open_editor(qtbot, demo_context, visit_id(demo_context, "1405-005"))
    ui = editor.ui
    ui.tab_widget.setCurrentWidget(editor.gifts_tab)
    qtbot.mouseClick(editor.gifts_tab.ui.add_gift_button, Qt.MouseButton.LeftButton)
    gift = editor.gifts[-1]
    pick(gift.person, lena)
    type_text(gift.description, "جعبه خاتم‌کاری")
    assert editor.gift_warnings() == []
    assert editor.gifts_tab.ui.gift_warning_label.isHidden()
    # The same pen case, but received from her: no warning.
    gift.description.clear()
    type_text(gift.description, PEN_CASE)
    assert len(editor.gift_warnings()) == 1
    gift.direction.setCurrentIndex(gift.direction.findData(GiftDirection.RECEIVED.value))
    assert editor.gift_warnings() == []
    assert editor.gifts_tab.ui.gift_warning_label.isHidden()
    assert ui.tab_widget.tabIcon(ui.tab_widget.indexOf(editor.gifts_tab)).isNull()


def test_itinerary_item_moves_to_another_day_and_days_stay_in_order(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_editor(qtbot, demo_context, visit_id(demo_context, "1405-001"))
    tree = editor.itinerary.ui.itinerary_tree
    last = editor.items[-1]  # the cultural visit on day 4
    tree.setCurrentItem(last.item)
    assert editor.itinerary.ui.itinerary_day_edit.text() == "۱۴۰۵/۰۱/۱۴"
    editor.itinerary.ui.itinerary_day_edit.line_edit.clear()
    type_text(editor.itinerary.ui.itinerary_day_edit.line_edit, "۱۴۰۵/۰۱/۱۲")
    qtbot.mouseClick(editor.itinerary.ui.move_item_button, Qt.MouseButton.LeftButton)
    assert tree.topLevelItemCount() == 3
    assert tree.topLevelItem(1).text(0).startswith("روز ۲")
    assert tree.topLevelItem(1).childCount() == 2
    click_save(qtbot, editor, "Apply")
    detail = visits.get_detail(demo_context.db, editor.record_id)
    assert [len(d.items) for d in detail.itinerary] == [1, 2, 1]
    moved = next(i for i in detail.itinerary[1].items if i.activity == "بازدید فرهنگی")
    assert moved.id == last.id  # the same item, moved — not deleted and re-added


def test_unsaved_rows_are_kept_in_a_draft(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    lena = person_id(demo_context, "Lena Beispiel")
    editor = open_editor(qtbot, demo_context, None)
    type_text(editor.details.ui.title_edit, "هیئت پیش‌نویس")
    qtbot.mouseClick(editor.gifts_tab.ui.add_gift_button, Qt.MouseButton.LeftButton)
    pick(editor.gifts[0].person, lena)
    type_text(editor.gifts[0].description, PEN_CASE)
    type_text(editor.itinerary.ui.itinerary_day_edit.line_edit, "۱۴۰۵/۰۹/۱۱")
    qtbot.mouseClick(editor.itinerary.ui.add_item_button, Qt.MouseButton.LeftButton)
    type_text(editor.items[0].texts["activity"], "استقبال")
    editor.save_draft()

    restored = VisitEditor(demo_context, None)
    qtbot.addWidget(restored)
    monkeypatch.setattr(restored, "ask_restore_draft", lambda _at: True)
    restored.start()
    assert restored.details.ui.title_edit.text() == "هیئت پیش‌نویس"
    assert restored.gifts[0].person.value() == lena
    assert restored.gifts[0].description.text() == PEN_CASE
    assert len(restored.gift_warnings()) == 1
    assert restored.items[0].texts["activity"].text() == "استقبال"
    assert restored.itinerary.ui.itinerary_tree.topLevelItem(0).childCount() == 1
    assert restored.is_dirty()
