"""In trip mode a PDF saved from a preview, an Excel list or an attachment opened with
another program would be a plain file outside the package: each asks first with a
Persian warning, and «خیر» writes nothing. Outside trip mode nothing is asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from peyvand import briefs
from peyvand.services import meetings
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.pdf_preview import PdfPreviewDialog
from peyvand.ui.printing import export_excel
from peyvand.ui.screens.meetings import MeetingsScreen
from peyvand.ui.widgets.attachments_panel import AttachmentsPanel

Answer = QMessageBox.StandardButton
TRIP_MEETING = "1405-003"  # the meeting of visit 1405-002, in the package


class Warnings:
    """QMessageBox.warning answered by the test; records what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answer = Answer.No
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", self._ask)

    def _ask(self, _parent: QWidget, title: str, text: str, *_a: object) -> Answer:
        self.asked.append(f"{title}\n{text}")
        return self.answer


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Warnings:
    return Warnings(monkeypatch)


@pytest.fixture
def pdf(trip_context: AppContext) -> bytes:
    return briefs.meeting_brief(trip_context.db, TRIP_MEETING, None, trip_context.settings)


def test_saving_a_pdf_in_trip_mode_asks_and_no_writes_nothing(
    qtbot: QtBot, pdf: bytes, tmp_path: Path, warnings: Warnings
) -> None:
    dialog = PdfPreviewDialog(pdf, TRIP_MEETING, "minutes.pdf", trip=True)
    qtbot.addWidget(dialog)
    target = tmp_path / "out" / "minutes.pdf"
    target.parent.mkdir()
    assert dialog.save_as(target) is None
    assert list(target.parent.iterdir()) == []
    assert len(warnings.asked) == 1
    assert "بدون رمزگذاری" in warnings.asked[0] and "PDF" in warnings.asked[0]
    warnings.answer = Answer.Yes
    assert dialog.save_as(target) == target
    assert target.read_bytes() == pdf


def test_saving_a_pdf_in_the_office_asks_nothing(
    qtbot: QtBot, pdf: bytes, tmp_path: Path, warnings: Warnings
) -> None:
    dialog = PdfPreviewDialog(pdf, TRIP_MEETING, "minutes.pdf")
    qtbot.addWidget(dialog)
    assert dialog.save_as(tmp_path / "m.pdf") == tmp_path / "m.pdf"
    assert warnings.asked == []


def test_previews_of_an_editor_in_trip_mode_carry_the_guard(
    qtbot: QtBot, trip_context: AppContext
) -> None:
    meeting = meetings.get_detail(trip_context.db, TRIP_MEETING).meeting
    editor = MeetingEditor(trip_context, meeting.id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    editor.ui.print_button.click()

    def previews() -> list[PdfPreviewDialog]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PdfPreviewDialog) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(previews()), timeout=15000)
    preview = previews()[-1]
    assert preview.trip
    preview.close()


def test_opening_an_attachment_in_trip_mode_asks_first(
    qtbot: QtBot,
    trip_context: AppContext,
    tmp_path: Path,
    warnings: Warnings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    meeting = meetings.get_detail(trip_context.db, TRIP_MEETING).meeting
    panel = AttachmentsPanel(trip_context, "meeting")
    qtbot.addWidget(panel)
    panel.set_owner(meeting.id)
    source = tmp_path / "نامه.txt"
    source.write_text("متن نامه", encoding="utf-8")
    panel.add_file(source)
    panel.list_widget.setCurrentRow(panel.list_widget.count() - 1)

    assert panel.open_selected() is None
    assert opened == [] and len(warnings.asked) == 1
    assert "نامه.txt" in warnings.asked[0]

    warnings.answer = Answer.Yes
    written = panel.open_selected()
    assert written is not None and written.read_text(encoding="utf-8") == "متن نامه"
    assert opened == [QUrl.fromLocalFile(str(written))]


def test_an_excel_list_in_trip_mode_asks_first(
    qtbot: QtBot, trip_context: AppContext, tmp_path: Path, warnings: Warnings
) -> None:
    screen = MeetingsScreen(trip_context)
    qtbot.addWidget(screen)
    target = tmp_path / "list.xlsx"
    export_excel(screen, trip_context, screen.model.query, screen.headers(), "جلسات", path=target)
    assert not target.exists() and len(warnings.asked) == 1
    assert "اکسل" in warnings.asked[0]
