"""Saving a PDF: a name that says what it is («صورتجلسه 1399-001.pdf»), the Documents
folder first and then the folder last used, and Qt's own dialog in Persian («&Look
in:» stayed English: qtbase_fa only has «Look in:») with its path left to right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from peyvand.ui import file_dialogs
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.pdf_preview import PdfPreviewDialog
from peyvand.ui.file_dialogs import LeftToRightText, ask_save_path, file_name

LATIN = re.compile("[A-Za-z]")


def test_qt_strings_given_a_mnemonic_after_qtbase_fa_are_persian(app: QApplication) -> None:
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "جستجو در:"
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "پرونده‌هایی از نوع:"
    # The application's own Persian strings and Qt's translated ones are untouched.
    assert QCoreApplication.translate("PdfPreviewDialog", "چاپ نشد") == "چاپ نشد"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "انصراف"
    assert QCoreApplication.translate("QFileDialog", "&Unknown words:") == "&Unknown words:"


def test_file_names_say_what_the_document_is() -> None:
    assert file_name("صورتجلسه", "۱۴۰۵-۰۱۱") == "صورتجلسه 1405-011.pdf"
    assert file_name("جلسات و صورتجلسه‌ها", suffix=".xlsx") == "جلسات و صورتجلسه‌ها.xlsx"
    # Made safe for any disk (attachments.safe_file_name): no «:», never a path.
    assert file_name("گزارش: توجیهی", "1405-002") == "گزارش_ توجیهی 1405-002.pdf"


def _answer(qtbot: QtBot, seen: dict[str, object], save_as: Path | None) -> None:
    """When the save dialog opens: note what it shows, then save (or cancel)."""

    def act() -> None:
        dialog = next(
            w for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        )  # fmt: skip
        seen["folder"] = Path(dialog.directory().absolutePath())
        name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
        seen["name"] = name_edit.text() if name_edit is not None else ""
        seen["labels"] = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        seen["path_style"] = dialog.findChild(QComboBox, "lookInCombo").style()  # type: ignore[union-attr]
        if save_as is None:
            dialog.reject()
        else:
            dialog.selectFile(str(save_as))
            dialog.accept()

    QTimer.singleShot(0, act)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: folder)
    return folder


def test_save_opens_in_documents_then_in_the_last_folder(
    qtbot: QtBot, app: QApplication, documents: Path, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}
    elsewhere = tmp_path / "گزارش‌ها"
    elsewhere.mkdir()
    _answer(qtbot, seen, elsewhere / "صورتجلسه 1399-001.pdf")
    path = ask_save_path(parent, "ذخیره PDF", "صورتجلسه 1399-001.pdf", "PDF (*.pdf)")
    assert path == elsewhere / "صورتجلسه 1399-001.pdf"
    assert seen["folder"] == documents
    assert seen["name"] == "صورتجلسه 1399-001.pdf"
    labels = [str(t) for t in seen["labels"]]  # type: ignore[attr-defined]
    assert labels and not [t for t in labels if LATIN.search(t)], labels
    assert isinstance(seen["path_style"], LeftToRightText)  # «/home/…», not «home/…/»

    _answer(qtbot, seen, None)
    assert ask_save_path(parent, "ذخیره PDF", "x.pdf", "PDF (*.pdf)") is None
    assert seen["folder"] == elsewhere  # the folder last saved into


def test_the_meetings_pdf_is_offered_under_its_number(
    qtbot: QtBot, demo_context: AppContext, documents: Path
) -> None:
    from peyvand.services import meetings

    editor = MeetingEditor(
        demo_context, meetings.get_detail(demo_context.db, "1399-001").meeting.id
    )
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    editor.ui.print_button.click()

    def preview() -> PdfPreviewDialog | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog)]
        return found[-1] if found else None

    qtbot.waitUntil(lambda: preview() is not None, timeout=15000)
    dialog = preview()
    assert dialog is not None
    assert dialog.suggested_name == "صورتجلسه 1399-001.pdf"
    seen: dict[str, object] = {}
    _answer(qtbot, seen, documents / "صورتجلسه 1399-001.pdf")
    saved = dialog.save_as()
    assert saved == documents / "صورتجلسه 1399-001.pdf" and saved.read_bytes() == dialog.pdf
    dialog.close()
