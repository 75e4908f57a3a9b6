"""The organizations list (search as you type, filter by kind) and the organization
editor."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.domain import Organization
from peyvand.domain.enums import OrgKind
from peyvand.services import lists, records
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.organization_editor import OrganizationEditor
from peyvand.ui.screens.organizations import OrganizationsScreen


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


def save_button(editor: OrganizationEditor) -> QWidget:
    button = editor.ui.button_box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    return button


def test_organizations_screen_lists_the_demo_organizations(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = OrganizationsScreen(demo_context)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.isRightToLeft()
    assert screen.model.rowCount() == 12
    assert screen.ui.count_label.text() == "۱۲ مورد"
    names = [screen.model.index(r, 0).data() for r in range(12)]
    assert "شهرداری اصفهان" in names
    kinds = {screen.model.index(r, 2).data() for r in range(12)}
    assert "شهرداری" in kinds  # Persian enum labels, not the stored values


def test_organizations_search_as_you_type(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = OrganizationsScreen(demo_context)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.keyClicks(screen.search_edit, "UNICEF")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.index(0, 1).data() == "UNICEF"
    screen.search_edit.selectAll()
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 12)
    type_text(screen.search_edit, "فلورانس")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.model.index(0, 0).data() == "شهرداری فلورانس"


def test_organizations_filter_by_kind(qtbot: QtBot, demo_context: AppContext) -> None:
    screen = OrganizationsScreen(demo_context)
    qtbot.addWidget(screen)
    combo = screen.ui.kind_combo
    assert combo.itemText(0) == "همه انواع"
    combo.setCurrentIndex(combo.findText("شهرداری"))
    rows = screen.model.rowCount()
    assert 0 < rows < 12
    assert {screen.model.index(r, 2).data() for r in range(rows)} == {"شهرداری"}
    combo.setCurrentIndex(combo.findText("دانشگاه"))
    assert screen.model.rowCount() == 1


def test_organizations_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, demo_context: AppContext
) -> None:
    screen = OrganizationsScreen(demo_context)
    qtbot.addWidget(screen)
    qtmodeltester.check(screen.model)  # type: ignore[attr-defined]


def test_new_organization(qtbot: QtBot, context: AppContext) -> None:
    editor = OrganizationEditor(context, None)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    ui = editor.ui
    assert editor.windowTitle() == "سازمان جدید"
    for edit in (ui.name_en_edit, ui.city_en_edit, ui.website_edit):
        assert edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    # The name is required, and the message sits under it.
    qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
    assert editor.error_texts() == ["نام را وارد کنید."]
    assert editor.findChild(QLabel, "name_error_label") is not None
    type_text(ui.name_edit, "شهرداري كازان")
    qtbot.keyClicks(ui.name_en_edit, "Kazan City Hall")
    ui.kind_combo.setCurrentIndex(ui.kind_combo.findData(OrgKind.MUNICIPALITY.value))
    type_text(ui.city_edit, "کازان")
    qtbot.keyClicks(ui.website_edit, "https://kzn.example.org")
    with qtbot.waitSignal(editor.saved) as blocker:
        qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
    record_id = blocker.args[0] if blocker.args else None
    assert isinstance(record_id, uuid.UUID)
    row = records.get_row(context.db, Organization, record_id)
    assert row.name == "شهرداری کازان"
    assert row.name_en == "Kazan City Hall"
    assert row.kind == OrgKind.MUNICIPALITY
    assert row.website == "https://kzn.example.org"
    assert lists.count(context.db, ListQuery("organizations", search="کازان")) == 1


def test_edit_an_organization(qtbot: QtBot, demo_context: AppContext) -> None:
    rows = lists.page(demo_context.db, ListQuery("organizations", search="UNICEF"), 0, 1)
    editor = OrganizationEditor(demo_context, rows[0].id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    assert editor.ui.name_en_edit.text() == "UNICEF"
    assert editor.ui.kind_combo.currentText() == "نهاد بین‌المللی"
    assert not editor.is_dirty()
    editor.ui.city_edit.setFocus()
    type_text(editor.ui.city_edit, "نیویورک")
    assert editor.is_dirty()
    qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert records.get_row(demo_context.db, Organization, rows[0].id).city.endswith("نیویورک")
