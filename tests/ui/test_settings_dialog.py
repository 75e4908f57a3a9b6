"""تنظیمات: edited like a user would, saved to the settings file and into the context."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.config import Settings, load_settings, settings_path
from peyvand.domain import Person, Unit
from peyvand.services import records
from peyvand.storage.actor import current_actor
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture
def office(context: AppContext) -> AppContext:
    unit = records.create_row(context.db, Unit, {"name": "اداره کل ارتباطات و امور بین‌الملل"})
    records.create_row(context.db, Unit, {"name": "دفتر شهردار"})
    records.create_row(context.db, Person, {"name": "مریم احمدی", "unit_id": unit.id})
    records.create_row(context.db, Person, {"name": "رضا کریمی", "title": "کارشناس"})
    return context


def type_text(widget: QWidget, text: str) -> None:
    """One key event per character, with its text, as a Persian keyboard sends them
    (QTest.keyClicks only knows Latin-1 and aborts on Persian letters)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def _dialog(qtbot: QtBot, context: AppContext) -> SettingsDialog:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _pick(dialog: SettingsDialog, text: str) -> None:
    picker = dialog.person_picker
    index = next(i for i in range(picker.count()) if picker.itemText(i).startswith(text))
    picker.setCurrentIndex(index)


def _click(qtbot: QtBot, dialog: SettingsDialog, button: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.ui.button_box.button(button), Qt.MouseButton.LeftButton)


def test_it_shows_the_current_settings_and_the_windows_user(
    qtbot: QtBot, office: AppContext
) -> None:
    dialog = _dialog(qtbot, office)
    assert dialog.isRightToLeft()
    assert dialog.ui.letterhead_org_edit.text() == "شهرداری اصفهان"
    assert dialog.ui.dormancy_spin.value() == 12
    assert dialog.ui.dormancy_spin.text() == "۱۲ ماه بی‌تماس"  # Persian digits
    label = dialog.ui.windows_user_label.text()
    assert label.startswith("کاربر ویندوز: ")
    assert current_actor() in label
    assert dialog.person_picker.value() is None
    assert dialog.ui.logo_preview_label.text() == "بدون نشان"


def test_ok_writes_the_settings_file_and_updates_the_context_in_place(
    qtbot: QtBot, office: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = office.settings
    dialog = _dialog(qtbot, office)
    ui = dialog.ui
    ui.dormancy_spin.selectAll()
    type_text(ui.dormancy_spin, "۱۸")  # typed on a Persian keyboard
    assert ui.dormancy_spin.value() == 18
    _pick(dialog, "مریم احمدی")
    unit_picker = dialog.unit_picker
    unit_picker.setCurrentIndex(unit_picker.findText("دفتر شهردار"))
    ui.letterhead_unit_edit.clear()
    type_text(ui.letterhead_unit_edit, "اداره کل روابط بین‌الملل")
    backup = tmp_path / "پشتیبان"
    backup.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(backup))
    qtbot.mouseClick(ui.choose_backup_button, Qt.MouseButton.LeftButton)
    assert ui.backup_dir_edit.text() == str(backup)

    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.result() == QDialog.DialogCode.Accepted

    person_id = records.get_row(office.db, Person, dialog.person_picker.value()).id
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["dormancy_months"] == 18
    assert saved["current_person_id"] == str(person_id)
    assert saved["letterhead_unit"] == "اداره کل روابط بین‌الملل"
    assert saved["backup_dir"] == str(backup)
    assert load_settings().current_unit_id == unit_picker.value()
    # The very object the screens hold has changed.
    assert office.settings is settings
    assert settings.dormancy_months == 18
    assert settings.current_person_id == person_id
    assert settings.current_unit_id == unit_picker.value() is not None


def test_choosing_a_staff_member_fills_an_empty_unit(qtbot: QtBot, office: AppContext) -> None:
    dialog = _dialog(qtbot, office)
    assert dialog.unit_picker.value() is None
    _pick(dialog, "مریم احمدی")
    assert dialog.unit_picker.currentText() == "اداره کل ارتباطات و امور بین‌الملل"
    # A chosen unit is never overwritten.
    dialog.unit_picker.setCurrentIndex(dialog.unit_picker.findText("دفتر شهردار"))
    _pick(dialog, "رضا کریمی")
    _pick(dialog, "مریم احمدی")
    assert dialog.unit_picker.currentText() == "دفتر شهردار"


def test_cancel_changes_nothing(qtbot: QtBot, office: AppContext) -> None:
    before = dataclasses.replace(office.settings)
    dialog = _dialog(qtbot, office)
    dialog.ui.dormancy_spin.setValue(60)
    _pick(dialog, "رضا کریمی")
    type_text(dialog.ui.letterhead_org_edit, " تغییر")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not settings_path().exists()
    assert office.settings == before


def test_a_value_beyond_its_limit_is_refused_in_persian_and_nothing_saved(
    qtbot: QtBot, office: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spin box keeps the months within 1-120; should a value ever pass it, the
    settings' own check refuses it with a Persian message and saves nothing."""
    before = dataclasses.replace(office.settings)
    dialog = _dialog(qtbot, office)
    values = dialog.values
    monkeypatch.setattr(dialog, "values", lambda: {**values(), "dormancy_months": 500})
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text))
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert warned == ["کم‌فروغ پس از (ماه) خارج از محدوده مجاز است."]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not settings_path().exists()
    assert office.settings == before


def test_reopening_shows_what_was_saved(qtbot: QtBot, office: AppContext) -> None:
    dialog = _dialog(qtbot, office)
    _pick(dialog, "رضا کریمی")
    dialog.ui.dormancy_spin.setValue(6)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    again = _dialog(qtbot, office)
    assert again.person_picker.currentText().startswith("رضا کریمی")
    assert again.ui.dormancy_spin.value() == 6


def test_the_logo_is_chosen_previewed_and_cleared(
    qtbot: QtBot, office: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logo = tmp_path / "نشان.png"
    pixmap = QPixmap(300, 120)
    pixmap.fill(QColor("#1d4ed8"))
    assert pixmap.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    dialog = _dialog(qtbot, office)
    qtbot.mouseClick(dialog.ui.choose_logo_button, Qt.MouseButton.LeftButton)
    preview = dialog.ui.logo_preview_label.pixmap()
    assert not preview.isNull()
    assert preview.width() <= dialog.ui.logo_preview_label.width()
    assert dialog.ui.logo_path_edit.text() == str(logo)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert office.settings.letterhead_logo == str(logo)

    again = _dialog(qtbot, office)
    assert not again.ui.logo_preview_label.pixmap().isNull()
    qtbot.mouseClick(again.ui.clear_logo_button, Qt.MouseButton.LeftButton)
    assert again.ui.logo_preview_label.pixmap().isNull()
    _click(qtbot, again, QDialogButtonBox.StandardButton.Ok)
    assert office.settings.letterhead_logo == ""


def test_a_missing_logo_file_is_said_not_hidden(qtbot: QtBot, office: AppContext) -> None:
    office.settings = Settings(letterhead_logo="/nowhere/logo.png")
    dialog = _dialog(qtbot, office)
    assert dialog.ui.logo_preview_label.text() == "تصویر خوانده نشد"


def test_tab_walks_the_person_and_unit_between_the_logo_and_the_dormancy(
    qtbot: QtBot, office: AppContext
) -> None:
    from peyvand.ui.dialogs.base_editor import focus_chain

    dialog = _dialog(qtbot, office)
    order = [w for w in focus_chain(dialog) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    person = next(w for w in order if dialog.person_picker.isAncestorOf(w))
    unit = next(w for w in order if dialog.unit_picker.isAncestorOf(w))
    positions = [
        order.index(dialog.ui.choose_logo_button),
        order.index(person),
        order.index(unit),
        order.index(dialog.ui.dormancy_spin),
    ]
    assert positions == sorted(positions)
    between = order[positions[0] + 1 : positions[-1]]
    assert all(
        w is dialog.ui.clear_logo_button
        or dialog.person_picker.isAncestorOf(w)
        or dialog.unit_picker.isAncestorOf(w)
        for w in between
    )
