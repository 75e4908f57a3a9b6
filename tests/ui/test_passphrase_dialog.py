"""The passphrase dialog of `peyvand --trip`: the file's name, a hidden passphrase, the
key derived off the GUI thread, a Persian message and another try after a wrong one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from peyvand.ui.dialogs.passphrase_dialog import PassphraseDialog

from .conftest import CHEAP, PASSPHRASE, type_text


def test_wrong_passphrase_then_the_right_one(qtbot: QtBot, trip_package: Path) -> None:
    dialog = PassphraseDialog(trip_package, cost=CHEAP)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    assert dialog.isRightToLeft()
    assert "trip.pvtrip" in ui.file_label.text()
    assert ui.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
    ui.show_check.setChecked(True)
    assert ui.passphrase_edit.echoMode() == QLineEdit.EchoMode.Normal

    dialog.accept()  # nothing typed
    assert dialog.error_text() == "گذرواژه بسته سفر را وارد کنید."
    assert dialog.task is None

    type_text(qtbot, ui.passphrase_edit, "گذرواژه نادرست")
    dialog.accept()
    assert dialog.task is not None and not ui.passphrase_edit.isEnabled()
    dialog.reject()  # ignored while the key is derived
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    assert dialog.database is None and dialog.isVisible()
    assert "این گذرواژه بسته سفر" in dialog.error_text()
    assert "\u2066" in dialog.error_text()  # the path reads left to right
    assert ui.passphrase_edit.isEnabled()

    ui.passphrase_edit.clear()
    type_text(qtbot, ui.passphrase_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.accept()
    assert dialog.database is not None
    try:
        assert dialog.database.is_trip
    finally:
        dialog.database.close()


def test_cancel_opens_nothing(qtbot: QtBot, trip_package: Path) -> None:
    dialog = PassphraseDialog(trip_package, cost=CHEAP)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        dialog.ui.button_box.rejected.emit()
    assert dialog.database is None
