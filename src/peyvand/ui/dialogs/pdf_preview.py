"""Preview of a brief inside the application, then print or save it.

The PDF is rendered from memory (pdfium via pypdfium2): nothing is written to disk
until the user saves it — on a trip laptop a preview must leave no copy behind, and in
trip mode saving asks first (ui/trip_guard.py): the saved file is not encrypted.
pdfium rather than QtPdf: PySide6-Pdf is only published for PySide6 6.12, which the
project cannot use (see pyproject.toml).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peyvand.briefs.result import Brief
from peyvand.text import to_persian_digits
from peyvand.ui.file_dialogs import ask_save_path
from peyvand.ui.forms.ui_pdf_preview import Ui_PdfPreviewDialog
from peyvand.ui.pdf_printing import PrintJob, Route, print_pdf, render_page
from peyvand.ui.trip_guard import confirm_plain_copy

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
SCREEN_DPI = 96


class PdfPreviewDialog(QDialog):
    def __init__(
        self,
        pdf: bytes,
        title: str,
        suggested_name: str,
        parent: QWidget | None = None,
        *,
        trip: bool = False,
        word: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.trip = trip
        self.ui = Ui_PdfPreviewDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(self.tr("پیش‌نمایش: {title}").format(title=title))
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.document = pdfium.PdfDocument(pdf)
        self.zoom = 1.0
        self.pages_area = QScrollArea(self.ui.view_host)
        self.pages_area.setObjectName("pages_scroll")
        self.pages_area.setWidgetResizable(True)
        # Pages are laid out as printed, whatever the dialog's direction.
        self.pages_area.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_area.setWidget(self.pages)
        layout = QVBoxLayout(self.ui.view_host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages_area)
        self.ui.main_layout.setStretchFactor(self.ui.view_host, 1)
        # Characters no bundled font has are printed as «�»: say so before it is printed.
        warnings = pdf.warnings("fa") if isinstance(pdf, Brief) else []
        self.ui.glyphs_warning_label.setText("\n".join(warnings))
        self.ui.glyphs_warning_label.setVisible(bool(warnings))
        self.ui.pages_label.setText(
            self.tr("{n} صفحه").format(n=to_persian_digits(self.page_count()))
        )
        # Lambdas: clicked() would pass its checked flag as the printer / the path.
        self.ui.print_button.clicked.connect(lambda: self.print_document())  # noqa: PLW0108
        self.ui.save_button.clicked.connect(lambda: self.save_as())  # noqa: PLW0108
        # The same document as a Word file, where the caller can make one.
        self.ui.word_button.setVisible(word is not None)
        if word is not None:
            self.ui.word_button.clicked.connect(lambda: word())  # noqa: PLW0108
        self.ui.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom * ZOOM_STEP))
        self.ui.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom / ZOOM_STEP))
        self.ui.button_box.rejected.connect(self.reject)
        self.set_zoom(1.0)

    def page_count(self) -> int:
        return len(self.document)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.3, min(zoom, 4.0))
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        for index in range(self.page_count()):
            label = QLabel()
            label.setObjectName(f"page_{index + 1}_label")
            image = render_page(self.document, index, SCREEN_DPI * self.zoom)
            label.setPixmap(QPixmap.fromImage(image))
            self.pages_layout.addWidget(label)

    def save_as(self, path: Path | None = None) -> Path | None:
        """Write the PDF to ``path`` (asked for when None); in trip mode only after the
        user accepts the warning. None when nothing was written."""
        if not confirm_plain_copy(self, self.trip, self.tr("پرونده PDF این گزارش")):
            return None
        if path is None:
            path = ask_save_path(
                self, self.tr("ذخیره PDF"), self.suggested_name, self.tr("PDF (*.pdf)")
            )
            if path is None:
                return None
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("ذخیره نشد"), str(exc))
            return None
        return path

    def print_document(self, printer: QPrinter | None = None) -> Route | None:
        """Through the system print dialog (a given printer skips the dialog); the PDF
        itself goes to the printer (ui/pdf_printing.py). Returns how it was printed,
        None when cancelled or refused (the user is told why)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.windowTitle())
            printer.setFromTo(1, self.page_count())
            dialog = QPrintDialog(printer, self)
            dialog.setMinMax(1, self.page_count())
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        job = PrintJob.from_printer(printer, Path(self.suggested_name).stem)
        # «Print to file» writes the PDF outside the package, like saving it.
        if job.output_file and not confirm_plain_copy(
            self, self.trip, self.tr("پرونده PDF این گزارش")
        ):
            return None
        try:
            return print_pdf(self.pdf, job, printer)
        except OSError as exc:  # PrintError, or a file that could not be written
            log.warning("printing failed: %s", type(exc).__name__)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("چاپ نشد"),
                self.tr("گزارش به چاپگر نرسید. چاپگر و اتصال آن را بررسی کنید."),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setDetailedText(str(exc))
            box.exec()
            return None

    def closeEvent(self, event: object) -> None:  # noqa: N802
        self.document.close()
        super().closeEvent(event)  # type: ignore[arg-type]
