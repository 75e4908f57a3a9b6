"""«بستهٔ سفر…»: a visit into an encrypted package, from the visits screen or the File
menu; two matching passphrases; confidential minutes only when ticked, after a warning;
the export off the GUI thread; the result in Persian digits."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.services import minutes
from peyvand.storage.package_magic import is_package
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.trip_export_dialog import TripExportDialog
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.visits import VisitsScreen

from .conftest import PASSPHRASE, type_text

Answer = QMessageBox.StandardButton
SECRETIVE = "1405-004"  # the demo visit with a confidential meeting


class Boxes:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answer = Answer.No
        self.warned: list[str] = []
        self.informed: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", self._warn)
        monkeypatch.setattr(QMessageBox, "information", self._inform)

    def _warn(self, _parent: QWidget, _title: str, text: str, *_a: object) -> Answer:
        self.warned.append(text)
        return self.answer

    def _inform(self, _parent: QWidget, _title: str, text: str, *_a: object) -> Answer:
        self.informed.append(text)
        return Answer.Ok


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return Boxes(monkeypatch)


def _visit_id(context: AppContext, number: str) -> uuid.UUID:
    return next(c.id for c in minutes.visits(context.db) if c.detail == number)


def _fill(qtbot: QtBot, dialog: TripExportDialog, path: Path, again: str = PASSPHRASE) -> None:
    ui = dialog.ui
    ui.file_edit.setText(str(path))
    type_text(qtbot, ui.passphrase_edit, PASSPHRASE)
    type_text(qtbot, ui.repeat_edit, again)


def test_export_from_the_visits_screen(
    qtbot: QtBot, office_context: AppContext, tmp_path: Path, boxes: Boxes
) -> None:
    window = MainWindow(office_context)
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("visits")
    assert isinstance(screen, VisitsScreen)
    assert not screen.ui.trip_button.isEnabled()
    visit = _visit_id(office_context, "1405-002")
    screen.table_view.setCurrentIndex(screen.model.index(screen.model.row_of(visit), 0))
    assert screen.ui.trip_button.isEnabled()
    screen.ui.trip_button.click()
    opened = window.findChildren(TripExportDialog)
    assert len(opened) == 1 and opened[0].isVisible()
    dialog = opened[0]
    assert dialog.visit_id() == visit
    assert "۱۴۰۵-۰۰۲" in dialog.ui.visit_combo.currentText()

    target = tmp_path / "laptop" / "trip-1405-002"
    target.parent.mkdir()
    _fill(qtbot, dialog, target, again="دیگر")
    dialog.accept()
    assert dialog.error_text() == "دو گذرواژه یکسان نیستند. چیزی نوشته نشد."
    assert dialog.task is None and list(target.parent.iterdir()) == []

    dialog.ui.repeat_edit.clear()
    type_text(qtbot, dialog.ui.repeat_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.accept()
    written = target.with_name("trip-1405-002.pvtrip")
    assert is_package(written)
    assert dialog.result_info is not None and dialog.result_info.path == written
    assert boxes.warned == []  # nothing confidential was asked for
    report = boxes.informed[0]
    assert "۱۴۰۵-۰۰۲" in report and "جلسه: ۱" in report
    assert f"{dialog.result_info.total}" not in report  # Persian digits only


def test_confidential_minutes_only_when_ticked_after_a_warning(
    qtbot: QtBot, office_context: AppContext, tmp_path: Path, boxes: Boxes
) -> None:
    visit = _visit_id(office_context, SECRETIVE)
    counts = {}
    for name, tick in (("plain", False), ("with-secrets", True)):
        dialog = TripExportDialog(office_context, visit_id=visit)
        qtbot.addWidget(dialog)
        dialog.show()
        check = dialog.ui.confidential_check
        if tick:
            boxes.answer = Answer.No
            check.setChecked(True)
            assert not check.isChecked() and len(boxes.warned) == 1  # refused: unticked
            assert "محرمانه" in boxes.warned[0]
            boxes.answer = Answer.Yes
            check.setChecked(True)
            assert check.isChecked()
            assert dialog.ui.confidential_warning_label.isVisibleTo(dialog)
        _fill(qtbot, dialog, tmp_path / f"{name}.pvtrip")
        with qtbot.waitSignal(dialog.accepted, timeout=20000):
            dialog.accept()
        assert dialog.result_info is not None
        counts[name] = dialog.result_info.counts.get("meeting", 0)
    assert counts["with-secrets"] > counts["plain"]


def test_an_empty_passphrase_or_no_file_is_refused(
    qtbot: QtBot, office_context: AppContext, tmp_path: Path, boxes: Boxes
) -> None:
    dialog = TripExportDialog(office_context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.error_text() == "هیئتی را برگزینید."
    dialog.ui.visit_combo.setCurrentIndex(1)
    dialog.accept()
    assert dialog.error_text() == "پرونده بسته را برگزینید."
    dialog.ui.file_edit.setText(str(tmp_path / "x.pvtrip"))
    dialog.accept()
    assert dialog.error_text() == "گذرواژه بسته سفر را وارد کنید."
    assert list(tmp_path.glob("*.pvtrip")) == []


def test_an_existing_file_is_not_overwritten(
    qtbot: QtBot, office_context: AppContext, trip_package: Path, boxes: Boxes
) -> None:
    before = trip_package.read_bytes()
    visit = _visit_id(office_context, "1405-002")
    dialog = TripExportDialog(office_context, visit_id=visit)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, trip_package)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert "از قبل وجود دارد" in dialog.error_text()
    assert trip_package.read_bytes() == before
