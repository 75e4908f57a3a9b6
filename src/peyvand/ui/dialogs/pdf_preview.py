"""Preview of a brief inside the application, then print or save it.

The PDF is shown from memory (a QBuffer): nothing is written to disk until the user
saves it — on a trip laptop a preview must leave no plain-text copy behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QVBoxLayout, QWidget

from peyvand.text import to_persian_digits
from peyvand.ui.forms.ui_pdf_preview import Ui_PdfPreviewDialog

ZOOM_STEP = 1.25


class PdfPreviewDialog(QDialog):
    def __init__(
        self, pdf: bytes, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_PdfPreviewDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(self.tr("پیش‌نمایش: {title}").format(title=title))
        self.pdf = pdf
        self.suggested_name = suggested_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self.ui.view_host)
        self.view.setObjectName("pdf_view")
        # Pages are laid out as printed, whatever the dialog's direction.
        self.view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout = QVBoxLayout(self.ui.view_host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.ui.main_layout.setStretch(1, 1)
        self.ui.pages_label.setText(
            self.tr("{n} صفحه").format(n=to_persian_digits(self.document.pageCount()))
        )
        self.ui.print_button.clicked.connect(self.print_document)
        self.ui.save_button.clicked.connect(self.save_as)
        self.ui.zoom_in_button.clicked.connect(lambda: self._zoom(ZOOM_STEP))
        self.ui.zoom_out_button.clicked.connect(lambda: self._zoom(1 / ZOOM_STEP))
        self.ui.button_box.rejected.connect(self.reject)

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(self.view.zoomFactor() * factor)

    def save_as(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("ذخیره PDF"), self.suggested_name, self.tr("PDF (*.pdf)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("ذخیره نشد"), str(exc))
            return None
        return path

    def print_document(self, printer: QPrinter | None = None) -> bool:
        """Through the system print dialog (a given printer skips the dialog)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        render_pages(self.document, printer)
        return True


def render_pages(document: QPdfDocument, printer: QPrinter) -> None:
    """Each PDF page as an image at the printer's resolution, fitted to the page."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        first = max(printer.fromPage() - 1, 0)
        last = printer.toPage() - 1 if printer.toPage() > 0 else document.pageCount() - 1
        for page in range(first, last + 1):
            if page > first:
                printer.newPage()
            points = document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(page, size, QPdfDocumentRenderOptions())
            painter.drawImage(QRect(QPoint(0, 0), size), image)
    finally:
        painter.end()
