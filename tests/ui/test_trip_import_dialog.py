"""«ورود بستهٔ سفر…»: the summary first (a dry run that writes nothing), then the merge
in one transaction, then the conflicts screen offered; errors in Persian, nothing
changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand.services import conflicts, meetings, records, trips
from peyvand.services.transfer import export_data
from peyvand.storage.database import Database
from peyvand.text import to_persian_digits
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.trip_import_dialog import TripImportDialog
from peyvand.ui.main_window import MainWindow
from peyvand.ui.screens.conflicts import ConflictsScreen

from .conftest import CHEAP, PASSPHRASE, make_conflicts, type_text

Answer = QMessageBox.StandardButton


class Questions:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answer = Answer.Yes
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._ask)

    def _ask(self, _parent: QWidget, _title: str, text: str, *_a: object) -> Answer:
        self.asked.append(text)
        return self.answer


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    return Questions(monkeypatch)


def _laptop_meeting(package: Path) -> str:
    """A meeting made on the laptop: it comes back with a provisional number."""
    from datetime import date

    from peyvand.domain import Meeting

    laptop = Database.open_package(package, PASSPHRASE, cost=CHEAP)
    try:
        row = records.create_row(
            laptop, Meeting, {"title": "جلسه تازه در سفر", "date": date(2026, 11, 27)}
        )
        number: str = row.number
    finally:
        laptop.close()
    return number


def _dialog(qtbot: QtBot, context: AppContext, package: Path, tmp_path: Path) -> TripImportDialog:
    dialog = TripImportDialog(context, backup_folder=tmp_path / "backups")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.file_edit.setText(str(package))
    type_text(qtbot, dialog.ui.passphrase_edit, PASSPHRASE)
    return dialog


def test_summary_first_then_the_merge_then_the_conflicts(
    qtbot: QtBot,
    office_context: AppContext,
    trip_package: Path,
    tmp_path: Path,
    questions: Questions,
) -> None:
    db = office_context.db
    make_conflicts(db, trip_package)
    provisional = _laptop_meeting(trip_package)
    assert provisional.startswith("T")
    before = export_data(db)["tables"]
    dialog = _dialog(qtbot, office_context, trip_package, tmp_path)
    ui = dialog.ui
    assert dialog.isRightToLeft() and not ui.apply_button.isEnabled()

    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert dialog.error_text() == ""
    assert ui.summary_group.isVisibleTo(dialog) and ui.summary_group.title() == "خلاصه پیش از ادغام"
    assert (ui.new_label.text(), ui.conflicts_label.text(), ui.kept_label.text()) == (
        "۱",
        "۳",
        "۱",
    )
    assert "اظهارات — متن" in ui.details_edit.toPlainText()
    assert "پیش از آن از پایگاه داده پشتیبان" in ui.note_label.text()
    assert ui.apply_button.isEnabled()
    assert export_data(db)["tables"] == before  # the dry run wrote nothing
    assert conflicts.open_count(db) == 0

    requested: list[bool] = []
    dialog.conflicts_requested.connect(lambda: requested.append(True))
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        dialog.apply()
    result = imported.args[0]
    assert isinstance(result, trips.TripImport) and not result.dry_run
    assert ui.summary_group.title() == "نتیجه ادغام"
    office_number = result.numbers[provisional]
    assert office_number.startswith("1405-")
    assert meetings.get_detail(db, office_number).meeting.title == "جلسه تازه در سفر"
    assert "ادغام انجام شد" in ui.note_label.text()
    assert result.backup is not None and result.backup.parent == tmp_path / "backups"
    assert conflicts.open_count(db) == 3
    assert questions.asked and "۳ ناسازگاری" in questions.asked[0]
    assert requested == [True]
    assert not ui.apply_button.isEnabled() and not ui.check_button.isEnabled()


def test_wrong_passphrase_or_a_foreign_file_changes_nothing(
    qtbot: QtBot,
    office_context: AppContext,
    trip_package: Path,
    tmp_path: Path,
    questions: Questions,
) -> None:
    db = office_context.db
    make_conflicts(db, trip_package)
    before = export_data(db)["tables"]
    dialog = TripImportDialog(office_context, backup_folder=tmp_path / "backups")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check()
    assert dialog.error_text() == "پرونده بسته را برگزینید."
    dialog.ui.file_edit.setText(str(trip_package))
    type_text(qtbot, dialog.ui.passphrase_edit, "نادرست")
    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert "این گذرواژه بسته سفر" in dialog.error_text()
    assert not dialog.ui.apply_button.isEnabled()

    foreign = tmp_path / "notes.pvtrip"
    foreign.write_text("not a package", encoding="utf-8")
    dialog.ui.file_edit.setText(str(foreign))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert "بسته سفر پیوند نیست" in dialog.error_text()
    assert export_data(db)["tables"] == before
    assert not (tmp_path / "backups").exists()


def test_changing_the_file_after_the_summary_asks_for_a_new_one(
    qtbot: QtBot,
    office_context: AppContext,
    trip_package: Path,
    tmp_path: Path,
    questions: Questions,
) -> None:
    make_conflicts(office_context.db, trip_package)
    dialog = _dialog(qtbot, office_context, trip_package, tmp_path)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert dialog.ui.apply_button.isEnabled()
    type_text(qtbot, dialog.ui.passphrase_edit, "x")
    assert not dialog.ui.apply_button.isEnabled() and dialog.preview is None
    assert dialog.apply() is None


def test_an_unchanged_package_has_nothing_to_merge(
    qtbot: QtBot,
    office_context: AppContext,
    trip_package: Path,
    tmp_path: Path,
    questions: Questions,
) -> None:
    dialog = _dialog(qtbot, office_context, trip_package, tmp_path)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert "تغییری ندارد" in dialog.ui.note_label.text()
    assert not dialog.ui.apply_button.isEnabled()


def test_the_main_window_opens_the_conflicts_screen_after_the_merge(
    qtbot: QtBot,
    office_context: AppContext,
    trip_package: Path,
    tmp_path: Path,
    questions: Questions,
) -> None:
    make_conflicts(office_context.db, trip_package)
    window = MainWindow(office_context)
    qtbot.addWidget(window)
    window.show()
    assert not window.conflicts_status_label.isVisibleTo(window)
    dialog = window.show_trip_import()
    assert isinstance(dialog, TripImportDialog)
    dialog.ui.file_edit.setText(str(trip_package))
    type_text(qtbot, dialog.ui.passphrase_edit, PASSPHRASE)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    dialog.apply()
    qtbot.waitUntil(lambda: isinstance(window.current_screen(), ConflictsScreen), timeout=20000)
    screen = window.current_screen()
    assert isinstance(screen, ConflictsScreen) and len(screen.views()) == 3
    assert window.ui.nav_list.currentItem().text() == "ناسازگاری‌ها (۳)"
    assert window.conflicts_status_label.isVisibleTo(window)
    assert "۳ ناسازگاری باز" in window.conflicts_status_label.text()


def test_the_summary_lists_each_change_by_record_and_field(
    qtbot: QtBot,
    office_context: AppContext,
    trip_package: Path,
    tmp_path: Path,
    questions: Questions,
) -> None:
    """Not only counts: the record (number and title) and the field, old → new."""
    from sqlmodel import col, select

    from peyvand.domain import Meeting

    laptop = Database.open_package(trip_package, PASSPHRASE, cost=CHEAP)
    try:
        with laptop.session() as session:
            meeting = session.exec(select(Meeting).order_by(col(Meeting.number))).first()
            assert meeting is not None
            number = meeting.number
            records.update(session, Meeting, meeting.id, {"summary": "خلاصه نوشته در سفر"})
    finally:
        laptop.close()
    provisional = _laptop_meeting(trip_package)
    dialog = _dialog(qtbot, office_context, trip_package, tmp_path)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    details = dialog.ui.details_edit.toPlainText()
    line = next(x for x in details.splitlines() if "خلاصه نوشته در سفر" in x)
    assert line.strip().startswith("جلسه") and to_persian_digits(number) in line
    assert "خلاصه" in line and "←" in line
    office_number = dialog.preview.numbers[provisional]  # type: ignore[union-attr]
    new_line = next(x for x in details.splitlines() if "جلسه تازه در سفر" in x)
    assert to_persian_digits(office_number) in new_line and new_line.strip().endswith("تازه")
