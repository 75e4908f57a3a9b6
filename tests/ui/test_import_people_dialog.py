"""ورود اشخاص از برگه: choose a file, see the preview and the plan, map columns, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from peyvand.domain import Organization, Person
from peyvand.services import choices, records
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.import_people_dialog import ImportPeopleDialog

ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")

HEADERS = ["ردیف", "نام", "سمت", "سازمان", "کشور", "شهر", "تلفن", "ایمیل"]
ROWS = [
    ["1", "مارکو روسی", "معاون شهردار", "شهرداری فلورانس", "ایتالیا", "فلورانس",
     "+39 055 1234", "marco@example.it"],
    ["2", "جوليا بيانکي", "مدیر روابط بین‌الملل", "شهرداری فلورانس", "ایتالیا", "فلورانس",
     "", "giulia@example.it"],
    ["3", "احمد کریمی", "رایزن", "سفارت مالزی", "مالزی", "کوالالامپور", "", "not-an-address"],
    ["4", "سارا محمدی", "کارشناس", "شهرداری اصفهان", "ایران", "اصفهان", "", ""],
    ["5", "نوید رحیمی", "سرکنسول", "کنسولگری ترکیه", "ترکیه", "استانبول", "", ""],
]


class Boxes:
    """Records the message boxes the dialog shows, and answers its questions."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = answer
        for kind in ("warning", "information"):
            monkeypatch.setattr(QMessageBox, kind, self._recorder(kind))
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _recorder(self, kind: str) -> Any:
        def show(_parent: object, title: str, text: str, *_a: object) -> None:
            self.shown.append((kind, title, text))

        return show

    def _question(self, _parent: object, title: str, text: str, *_a: object) -> Any:
        self.shown.append(("question", title, text))
        return self.answer


@pytest.fixture
def sheet_file(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["فهرست تماس‌های بین‌المللی ۱۴۰۳"])
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "تماس‌ها.xlsx"
    workbook.save(path)
    return path


@pytest.fixture
def office(context: AppContext) -> AppContext:
    isfahan = records.create_row(context.db, Organization, {"name": "شهرداری اصفهان"})
    records.create_row(
        context.db, Person, {"name": "سارا محمدی", "organization_id": isfahan.id}
    )
    return context


def open_dialog(
    qtbot: QtBot, context: AppContext, path: Path, monkeypatch: pytest.MonkeyPatch
) -> ImportPeopleDialog:
    dialog = ImportPeopleDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(dialog.ui.choose_file_button, Qt.MouseButton.LeftButton)
    return dialog


def names(context: AppContext) -> set[str]:
    return {c.label for c in choices.people(context.db)}


def test_preview_mapping_and_summary(
    qtbot: QtBot, office: AppContext, sheet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, office, sheet_file, monkeypatch)
    ui = dialog.ui
    assert dialog.isRightToLeft()
    assert ui.file_path_edit.text() == str(sheet_file)
    assert ui.sheet_info_label.text() == "۵ ردیف و ۸ ستون؛ سطر عنوان: ۲"
    # The preview: the sheet's rows under its own headers, numbered as in Excel.
    preview = ui.preview_table
    assert preview.rowCount() == 5
    assert preview.horizontalHeaderItem(1).text() == "نام"
    assert preview.item(0, 1).text() == "مارکو روسی"
    assert preview.verticalHeaderItem(0).text() == "۳"
    # Latin-only cells are isolated so that a phone number keeps its order.
    assert preview.item(0, 6).text().translate(ISOLATES) == "+39 055 1234"
    # The mapping: guessed from the headers; «ردیف» is ignored.
    assert ui.mapping_table.rowCount() == 8
    assert dialog.field_combo(0).currentText() == "نادیده گرفتن"
    assert [dialog.field_combo(i).currentData() for i in range(1, 8)] == [
        "name", "title", "organization", "country", "city", "phone", "email"
    ]
    assert ui.mapping_table.item(1, 1).text() == "مارکو روسی"
    # The plan: Isfahan's Sara is already there, Ahmad's e-mail is wrong.
    assert ui.summary_label.text() == "۳ شخص جدید، ۲ سازمان جدید، ۱ تکراری، ۱ خطا"
    problems = [ui.problems_list.item(i).text() for i in range(ui.problems_list.count())]
    assert problems == [
        "ردیف ۵: رایانامه نشانی رایانامه معتبری نیست.",
        "ردیف ۶: «سارا محمدی» (شهرداری اصفهان) از قبل در پایگاه داده هست.",
    ]
    assert ui.import_button.isEnabled()
    assert names(office) == {"سارا محمدی"}  # nothing written yet


def test_changing_the_mapping_replans(
    qtbot: QtBot, office: AppContext, sheet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, office, sheet_file, monkeypatch)
    email = dialog.field_combo(7)
    email.setCurrentIndex(email.findText("نادیده گرفتن"))
    assert dialog.ui.summary_label.text() == "۴ شخص جدید، ۳ سازمان جدید، ۱ تکراری، ۰ خطا"
    assert 7 not in dialog.mapping()
    # Without a name or an organization column there is nothing to import.
    for column in (1, 3):
        combo = dialog.field_combo(column)
        combo.setCurrentIndex(0)
    assert dialog.ui.summary_label.text() == "مشخص کنید کدام ستون «نام» یا «سازمان» است."
    assert not dialog.ui.import_button.isEnabled()


def test_import_writes_the_valid_rows_after_confirming(
    qtbot: QtBot, office: AppContext, sheet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog = open_dialog(qtbot, office, sheet_file, monkeypatch)
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    kinds = [kind for kind, _title, _text in boxes.shown]
    assert kinds == ["question", "information"]
    assert "۱ ردیف خطا دارد" in boxes.shown[0][2]
    assert boxes.shown[1][2] == "۳ شخص و ۲ سازمان وارد شد."
    # Arabic yeh and kaf in the sheet are stored as Persian letters.
    assert names(office) == {"سارا محمدی", "مارکو روسی", "جولیا بیانکی", "نوید رحیمی"}
    assert {c.label for c in choices.organizations(office.db)} == {
        "شهرداری اصفهان", "شهرداری فلورانس", "کنسولگری ترکیه"
    }


def test_declining_the_confirmation_imports_nothing(
    qtbot: QtBot, office: AppContext, sheet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Boxes(monkeypatch, QMessageBox.StandardButton.No)
    dialog = open_dialog(qtbot, office, sheet_file, monkeypatch)
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert names(office) == {"سارا محمدی"}


def test_a_clean_sheet_imports_without_a_question(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes(monkeypatch, QMessageBox.StandardButton.No)
    path = tmp_path / "people.csv"
    path.write_bytes("Name;Organization\nعلي رضايي;UNICEF\n".encode("cp1256"))
    dialog = open_dialog(qtbot, context, path, monkeypatch)
    assert dialog.ui.summary_label.text() == "۱ شخص جدید، ۱ سازمان جدید، ۰ تکراری، ۰ خطا"
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert [kind for kind, _t, _x in boxes.shown] == ["information"]
    assert names(context) == {"علی رضایی"}


def test_a_failed_import_writes_nothing_and_says_so(
    qtbot: QtBot, office: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes(monkeypatch, QMessageBox.StandardButton.Yes)
    path = tmp_path / "people.csv"
    path.write_text("نام,سازمان\nعلی رضایی,شهرداری اصفهان\nمینا کاظمی,شهرداری شیراز\n",
                    encoding="utf-8")
    dialog = open_dialog(qtbot, office, path, monkeypatch)
    assert dialog.ui.summary_label.text() == "۲ شخص جدید، ۱ سازمان جدید، ۰ تکراری، ۰ خطا"
    assert dialog.ui.details_label.text() == "۱ سازمان موجود به کار می‌رود: شهرداری اصفهان"
    # The organization the plan reuses is deleted between the preview and the import.
    isfahan = next(c for c in choices.organizations(office.db) if c.label == "شهرداری اصفهان")
    records.delete_row(office.db, Organization, isfahan.id)
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=10000)
    kind, title, text = boxes.shown[-1]
    assert (kind, title) == ("warning", "درون‌ریزی انجام نشد")
    assert text == "هیچ ردیفی وارد نشد:\nسازمان به رکوردی اشاره می‌کند که وجود ندارد."
    assert dialog.isVisible() and dialog.ui.import_button.isEnabled()
    # All or nothing: not even the person with the new organization, nor that organization.
    assert names(office) == {"سارا محمدی"}
    assert choices.organizations(office.db) == []


def test_an_unreadable_file_is_reported(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes(monkeypatch, QMessageBox.StandardButton.Yes)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    dialog = open_dialog(qtbot, context, path, monkeypatch)
    assert boxes.shown[0][0] == "warning"
    assert "broken.xlsx" in boxes.shown[0][2]
    assert dialog.ui.file_path_edit.text() == ""
    assert not dialog.ui.import_button.isEnabled()
