"""The partnerships list (dormant rows shaded) and the partnership editor: agreements,
last contact, the dormant badge, the way into the relationship view."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.services import lists, partnerships
from peyvand.services.lists import ListQuery
from peyvand.text import format_jalali_date
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.partnership_editor import PartnershipEditor
from peyvand.ui.dialogs.relationship_view import RelationshipView
from peyvand.ui.models.list_model import STATE_ROLE
from peyvand.ui.screens.partnerships import PartnershipsScreen


def type_text(widget: QWidget, text: str) -> None:
    """Click into the field, then one key event per character, with its text
    (QTest.keyClicks is Latin-1 only)."""
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def choose(combo: QComboBox, data: Any) -> None:
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == data))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox.StandardButton]:
    """What the user answers to the next questions (Discard when nothing is left)."""
    queue: list[QMessageBox.StandardButton] = []

    def question(*_args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        return queue.pop(0) if queue else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    return queue


def partnership_id(context: AppContext, city_en: str) -> uuid.UUID:
    for view in partnerships.list_partnerships(context.db, clock=context.clock):
        if view.row.partner_city_en == city_en:
            return view.row.id
    raise LookupError(city_en)


def rows_by_city(screen: PartnershipsScreen) -> dict[str, int]:
    model = screen.model
    return {model.index(r, 0).data(): r for r in range(model.rowCount())}


def make_screen(qtbot: QtBot, context: AppContext) -> PartnershipsScreen:
    screen = PartnershipsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    return screen


def open_editor(
    qtbot: QtBot, context: AppContext, record_id: uuid.UUID | None, parent: QWidget | None = None
) -> PartnershipEditor:
    editor = PartnershipEditor(context, record_id, parent)
    if parent is None:
        qtbot.addWidget(editor)
    editor.start()
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


# -- the list ---------------------------------------------------------------------------


def test_partnerships_list_shows_the_sister_cities_and_shades_dormant_ones(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    assert screen.isRightToLeft()
    rows = rows_by_city(screen)
    for city in ("فلورانس", "کوالالامپور", "بارسلون", "حیدرآباد"):
        assert city in rows
    assert screen.ui.count_label.text() == "۷ مورد"
    model = screen.model
    dormant = {city for city, r in rows.items() if model.index(r, 0).data(STATE_ROLE) == "dormant"}
    assert dormant == {"کوالالامپور", "کازان"}
    kazan = model.index(rows["کازان"], 0)
    assert kazan.data(Qt.ItemDataRole.BackgroundRole) is not None
    florence = model.index(rows["فلورانس"], 0)
    assert florence.data(Qt.ItemDataRole.BackgroundRole) is None
    # Hyderabad, announced as the 14th sister city, with Persian digits.
    ordinal = [model.column_key(c) for c in range(model.columnCount())].index("ordinal")
    assert model.index(rows["حیدرآباد"], ordinal).data() == "۱۴"
    assert screen.ui.legend_label.text() == "خاکستری: کم‌فروغ (بی‌تماس بیش از ۱۲ ماه)"


def test_partnerships_filters(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = make_screen(qtbot, demo_context)
    choose(screen.ui.kind_combo, ["sister_city"])
    assert set(rows_by_city(screen)) == {"فلورانس", "کوالالامپور", "بارسلون", "حیدرآباد"}
    choose(screen.ui.status_combo, ["pending"])
    assert set(rows_by_city(screen)) == {"حیدرآباد"}
    choose(screen.ui.kind_combo, None)
    choose(screen.ui.status_combo, None)
    assert screen.model.rowCount() == 7
    type_text(screen.search_edit, "Barcelona")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)


def test_partnerships_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    qtmodeltester.check(screen.model)


def test_relationship_button_opens_the_view_of_the_selected_partnership(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = make_screen(qtbot, demo_context)
    assert not screen.ui.relationship_button.isEnabled()
    view = screen.table_view
    rect = view.visualRect(screen.model.index(rows_by_city(screen)["فلورانس"], 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.ui.relationship_button.isEnabled()
    qtbot.mouseClick(screen.ui.relationship_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(RelationshipView)
    assert dialog is not None and dialog.isVisible()
    assert dialog.ui.title_label.text() == "نمای ارتباط — فلورانس"
    # Opening an entry goes out through the screen, like opening a row.
    with qtbot.waitSignal(screen.open_requested) as signal:
        dialog.open_entry(dialog.entries[0])
    assert signal.args[0] in {"action", "meeting", "visit", "partnership"}
    dialog.close()


# -- the editor ---------------------------------------------------------------------------


def test_editor_shows_agreements_last_contact_and_no_badge_when_in_touch(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_editor(qtbot, demo_context, partnership_id(demo_context, "Leipzig"))
    ui = editor.ui
    assert editor.isRightToLeft()
    assert not editor.is_dirty()
    assert ui.partner_city_edit.text() == "لایپزیگ"
    assert ui.partner_city_en_edit.text() == "Leipzig"
    assert ui.partner_city_en_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert ui.title_label.text() == "تفاهم‌نامه با لایپزیگ"
    assert editor.organization_picker.value() is not None
    table = ui.agreements_table
    assert table.rowCount() == 2
    assert table.item(0, 0).text() == "تفاهم‌نامه همکاری علمی، دانشجویی و پژوهشی"
    assert table.item(0, 1).text() == "۱۴۰۳/۰۹/۰۶"
    assert ui.last_contact_value_label.text() == format_jalali_date(dt.date(2026, 4, 4))
    assert ui.dormant_label.isHidden()
    assert ui.relationship_button.isEnabled()
    assert ui.agreements_hint_label.isHidden()


def test_editor_shows_the_dormant_badge(qtbot: QtBot, demo_context: AppContext) -> None:
    editor = open_editor(qtbot, demo_context, partnership_id(demo_context, "Kazan"))
    ui = editor.ui
    assert ui.dormant_label.isVisible()
    assert ui.dormant_label.text() == "کم‌فروغ"
    assert ui.last_contact_value_label.text() == "۱۴۰۴/۰۶/۰۴"
    # Its one agreement expired 40 days ago: shown greyed.
    assert ui.agreements_table.item(0, 2).toolTip().startswith("منقضی شده")
    never = open_editor(qtbot, demo_context, partnership_id(demo_context, "Kuala Lumpur"))
    assert never.ui.dormant_label.isVisible()
    assert never.ui.last_contact_value_label.text() == "ثبت نشده"


def test_agreements_are_added_edited_and_removed(
    qtbot: QtBot, demo_context: AppContext, answers: list[QMessageBox.StandardButton]
) -> None:
    florence = partnership_id(demo_context, "Florence")
    editor = open_editor(qtbot, demo_context, florence)
    ui = editor.ui
    assert ui.agreements_table.rowCount() == 0
    type_text(ui.agreement_title_edit, "تفاهم‌نامه خواهرخواندگی اصفهان و فلورانس")
    type_text(ui.agreement_signed_edit.line_edit, "۱۳۷۷/۰۱/۱۲")
    type_text(ui.agreement_expires_edit.line_edit, "۱۳۷۶/۰۱/۰۱")
    qtbot.mouseClick(ui.save_agreement_button, Qt.MouseButton.LeftButton)
    assert ui.agreement_error_label.text() == "تاریخ انقضا پیش از تاریخ امضا است."
    assert partnerships.get_view(demo_context.db, florence).agreements == []
    ui.agreement_expires_edit.line_edit.clear()
    qtbot.mouseClick(ui.save_agreement_button, Qt.MouseButton.LeftButton)
    assert ui.agreement_error_label.text() == ""
    assert ui.agreements_table.rowCount() == 1
    saved = partnerships.get_view(demo_context.db, florence).agreements
    assert [(a.title, a.signed_on) for a in saved] == [
        ("تفاهم‌نامه خواهرخواندگی اصفهان و فلورانس", dt.date(1998, 4, 1))
    ]
    # Edit: choose the row, change the summary, save.
    ui.agreements_table.setCurrentCell(0, 0)
    assert ui.agreement_title_edit.text() == "تفاهم‌نامه خواهرخواندگی اصفهان و فلورانس"
    type_text(ui.agreement_summary_edit, "همکاری فرهنگی و مرمت")
    qtbot.mouseClick(ui.save_agreement_button, Qt.MouseButton.LeftButton)
    saved = partnerships.get_view(demo_context.db, florence).agreements
    assert len(saved) == 1 and saved[0].summary == "همکاری فرهنگی و مرمت"
    assert ui.agreements_table.item(0, 3).text() == "همکاری فرهنگی و مرمت"
    # Remove, after saying yes.
    ui.agreements_table.setCurrentCell(0, 0)
    answers.append(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(ui.remove_agreement_button, Qt.MouseButton.LeftButton)
    assert ui.agreements_table.rowCount() == 0
    assert partnerships.get_view(demo_context.db, florence).agreements == []
    assert not editor.is_dirty()  # agreements are saved on their own


def test_an_agreement_typed_but_not_added_is_not_lost_silently(
    qtbot: QtBot, demo_context: AppContext, answers: list[QMessageBox.StandardButton]
) -> None:
    florence = partnership_id(demo_context, "Florence")
    editor = open_editor(qtbot, demo_context, florence)
    type_text(editor.ui.agreement_title_edit, "بیانیه همکاری")
    answers.append(QMessageBox.StandardButton.Cancel)
    assert not editor.close()
    assert editor.isVisible()
    answers.append(QMessageBox.StandardButton.Save)
    assert editor.close()
    assert [a.title for a in partnerships.get_view(demo_context.db, florence).agreements] == [
        "بیانیه همکاری"
    ]


def test_new_partnership_typed_like_a_user(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = open_editor(qtbot, demo_context, None)
    ui = editor.ui
    assert ui.title_label.text() == "همکاری جدید"
    assert not ui.agreements_group.isEnabled()
    assert ui.agreements_hint_label.isVisible()
    assert not ui.relationship_button.isEnabled()
    type_text(ui.partner_city_edit, "تبریز")  # a partner we test with
    ui.partner_city_en_edit.setFocus()
    qtbot.keyClicks(ui.partner_city_en_edit, "Tabriz")
    type_text(ui.partner_country_edit, "ایران")
    choose(ui.kind_combo, "friendship")
    ui.ordinal_spin.setValue(15)
    type_text(ui.since_edit.line_edit, "۱۴۰۵/۰۹/۰۱")
    apply = ui.button_box.button(QDialogButtonBox.StandardButton.Apply)
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty(), editor.error_texts()
    assert editor.record_id is not None
    view = partnerships.get_view(demo_context.db, editor.record_id)
    assert (view.row.partner_city, view.row.partner_city_en, view.row.ordinal) == (
        "تبریز",
        "Tabriz",
        15,
    )
    assert view.row.since == dt.date(2026, 11, 22)
    # Saved: agreements and the relationship view are open to it; no contact yet.
    assert ui.agreements_group.isEnabled()
    assert ui.relationship_button.isEnabled()
    assert ui.dormant_label.isVisible()
    assert ui.title_label.text() == "دوستی با تبریز"
    total = lists.count(demo_context.db, ListQuery("partnerships"))
    assert total == 8


def test_partner_city_is_required(qtbot: QtBot, demo_context: AppContext) -> None:
    editor = open_editor(qtbot, demo_context, None)
    save = editor.ui.button_box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert editor.error_texts() == ["شهر طرف همکاری را وارد کنید."]
    assert editor.isVisible()


def test_relationship_view_from_the_editor_opens_records_in_the_main_window(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    class Host(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[tuple[str, object]] = []

        def open_record(self, entity: str, record_id: object) -> None:
            self.opened.append((entity, record_id))

    host = Host()
    qtbot.addWidget(host)
    editor = open_editor(qtbot, demo_context, partnership_id(demo_context, "Florence"), host)
    qtbot.mouseClick(editor.ui.relationship_button, Qt.MouseButton.LeftButton)
    view = editor.findChild(RelationshipView)
    assert view is not None and view.isVisible()
    entry = next(e for e in view.entries if e.kind == "meeting")
    view.open_entry(entry)
    assert host.opened == [("meeting", entry.entity_id)]
    view.close()
    editor.close()
