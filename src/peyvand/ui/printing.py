"""Briefs and Excel exports from the GUI: made off the GUI thread, then previewed or
saved. Screens call these; the work itself is in peyvand.briefs and the services."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from peyvand.services.excel_export import export_list
from peyvand.services.lists import ListQuery
from peyvand.ui.context import AppContext
from peyvand.ui.file_dialogs import ask_save_path, file_name
from peyvand.ui.trip_guard import confirm_plain_copy
from peyvand.ui.worker import run_with_progress


def preview_pdf(
    parent: QWidget,
    title: str,
    suggested_name: str,
    make_pdf: Callable[..., bytes],
    *,
    on_shown: Callable[[Any], None] | None = None,
    trip: bool = False,
    make_docx: Callable[[], bytes] | None = None,
    context: AppContext | None = None,
) -> None:
    """Make the PDF in the background (``make_pdf(progress=…)``), then preview it (from
    memory; in ``trip`` mode saving it asks first). ``suggested_name`` is what saving
    offers: ``file_dialogs.file_name(document, number)``, «صورتجلسه 1405-011.pdf».
    With ``make_docx`` (and the ``context``), the preview also offers a Word copy."""
    from peyvand.ui.dialogs.pdf_preview import PdfPreviewDialog

    def show(pdf: object) -> None:
        assert isinstance(pdf, bytes)
        word = None
        if make_docx is not None and context is not None:
            docx_name = str(Path(suggested_name).with_suffix(".docx"))

            def word() -> None:
                save_word(dialog, context, docx_name, make_docx)

        dialog = PdfPreviewDialog(pdf, title, suggested_name, parent, trip=trip, word=word)
        dialog.show()
        if on_shown is not None:
            on_shown(dialog)

    def fail(message: str) -> None:
        QMessageBox.warning(parent, parent.tr("گزارش ساخته نشد"), message)

    run_with_progress(parent, parent.tr("در حال ساختن گزارش…"), make_pdf, show, fail)


def export_excel(
    parent: QWidget,
    context: AppContext,
    query: ListQuery,
    headers: Mapping[str, str],
    title: str,
    *,
    path: Path | None = None,
    on_done: Callable[[int], None] | None = None,
) -> None:
    """Ask where, then write the list (as filtered and sorted) in the background. In
    trip mode the workbook would be a plain copy outside the package: asked first."""
    if not confirm_plain_copy(parent, context.trip_mode, parent.tr("پرونده اکسل این فهرست")):
        return
    if path is None:
        name = file_name(title, suffix=".xlsx")
        chosen = ask_save_path(parent, parent.tr("خروجی اکسل"), name, parent.tr("اکسل (*.xlsx)"))
        if chosen is None:
            return
        path = chosen
    target = path

    def work(progress: Callable[[int, int], None]) -> int:
        return export_list(
            context.db,
            query,
            target,
            headers,
            sheet_title=title,
            clock=context.clock,
            progress=progress,
        )

    def done(count: object) -> None:
        if on_done is not None:
            on_done(int(count))  # type: ignore[call-overload]

    def fail(message: str) -> None:
        QMessageBox.warning(parent, parent.tr("خروجی ساخته نشد"), message)

    run_with_progress(parent, parent.tr("در حال نوشتن پرونده اکسل…"), work, done, fail)


def save_word(
    parent: QWidget,
    context: AppContext,
    suggested_name: str,
    make_docx: Callable[[], bytes],
    *,
    path: Path | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> None:
    """Ask where, then make the Word copy in the background and write it. In trip mode
    the file would be a plain copy outside the package: asked first."""
    if not confirm_plain_copy(parent, context.trip_mode, parent.tr("پرونده Word این سند")):
        return
    if path is None:
        chosen = ask_save_path(
            parent, parent.tr("خروجی Word"), suggested_name, parent.tr("سند Word (*.docx)")
        )
        if chosen is None:
            return
        path = chosen
    target = path

    def work(_progress: Callable[[int, int], None]) -> Path:
        from peyvand.word.writer import write

        write(make_docx(), target)
        return target

    def done(written: object) -> None:
        if on_done is not None and isinstance(written, Path):
            on_done(written)

    def fail(message: str) -> None:
        QMessageBox.warning(parent, parent.tr("پرونده Word ساخته نشد"), message)

    run_with_progress(parent, parent.tr("در حال ساختن پرونده Word…"), work, done, fail)
