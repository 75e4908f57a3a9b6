"""Briefs from the GUI: made off the GUI thread, previewed from memory, printed or
saved; lists exported to Excel."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from peyvand import briefs
from peyvand.services import lists
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.meeting_editor import MeetingEditor
from peyvand.ui.dialogs.pdf_preview import PdfPreviewDialog
from peyvand.ui.dialogs.visit_editor import VisitEditor
from peyvand.ui.screens.actions import ActionsScreen
from peyvand.ui.screens.meetings import MeetingsScreen


def _previews() -> list[PdfPreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog)
            and w.isVisible()]


def _seed_meeting(context: AppContext) -> object:
    rows = lists.page(context.db, ListQuery("meetings", sort="date"), 0, 1, clock=context.clock)
    return rows[0].id


def test_preview_shows_pages_from_memory_and_saves_and_prints(
    qtbot: QtBot, demo_context: AppContext, tmp_path: Path
) -> None:
    pdf = briefs.meeting_brief(demo_context.db, "1399-001", None, demo_context.settings)
    dialog = PdfPreviewDialog(pdf, "1399-001", "minutes.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.isRightToLeft()
    assert dialog.page_count() >= 2
    saved = dialog.save_as(tmp_path / "copy.pdf")
    assert saved is not None and saved.read_bytes() == pdf
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_document(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def test_meeting_editor_print_button_opens_the_preview(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    editor = MeetingEditor(demo_context, _seed_meeting(demo_context))  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    assert editor.ui.print_button.isEnabled()
    editor.ui.print_button.click()
    qtbot.waitUntil(lambda: bool(_previews()), timeout=15000)
    preview = _previews()[-1]
    assert preview.page_count() >= 2
    preview.close()


def test_visit_editor_offers_brief_and_both_itineraries(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    visit = lists.page(demo_context.db, ListQuery("visits"), 0, 1, clock=demo_context.clock)[0]
    editor = VisitEditor(demo_context, visit.id)
    qtbot.addWidget(editor)
    editor.start()
    editor.show()
    for button in (editor.ui.brief_button, editor.ui.itinerary_button,
                   editor.ui.itinerary_en_button):
        before = len(_previews())
        button.click()
        qtbot.waitUntil(lambda b=before: len(_previews()) > b, timeout=15000)
    for preview in _previews():
        preview.close()


def test_actions_report_follows_the_screen_filters(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    screen = ActionsScreen(demo_context)
    qtbot.addWidget(screen)
    screen.ui.state_combo.setCurrentIndex(screen.ui.state_combo.findData("overdue"))
    screen.ui.print_button.click()
    qtbot.waitUntil(lambda: bool(_previews()), timeout=20000)
    _previews()[-1].close()


def test_list_export_button_writes_the_filtered_list(
    qtbot: QtBot, demo_context: AppContext, tmp_path: Path
) -> None:
    screen = MeetingsScreen(demo_context)
    qtbot.addWidget(screen)
    target = tmp_path / "meetings.xlsx"
    done: list[int] = []
    from peyvand.ui.printing import export_excel

    export_excel(screen, demo_context, screen.model.query, screen.headers(),
                 screen.screen_title(), path=target, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    assert done[0] == screen.model.total
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.sheet_view.rightToLeft
    assert sheet.max_row == screen.model.total + 1


def test_preview_warns_about_characters_no_font_has(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    """A character printed as «�» is said in the preview, before anyone prints it."""
    import datetime as dt

    from peyvand.services import meetings

    clef = "\U0001d11e"  # MUSICAL SYMBOL G CLEF: in no bundled font
    detail = meetings.record_meeting(
        demo_context.db, {"title": f"جلسه با نماد {clef} ناشناخته", "date": dt.date(2026, 11, 20)}
    )
    pdf = briefs.meeting_brief(
        demo_context.db, detail.meeting.number, None, demo_context.settings
    )
    dialog = PdfPreviewDialog(pdf, detail.meeting.number, "minutes.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    label = dialog.ui.glyphs_warning_label
    assert label.isVisible() and clef in label.text()
    assert "\N{REPLACEMENT CHARACTER}" in label.text() and "U+1D11E" not in label.text()
    plain = PdfPreviewDialog(
        briefs.meeting_brief(demo_context.db, "1399-001", None, demo_context.settings),
        "1399-001",
        "minutes.pdf",
    )
    qtbot.addWidget(plain)
    plain.show()
    assert not plain.ui.glyphs_warning_label.isVisible()
