"""Printing a brief as the PDF it is: vectors and text, not a picture of each page.

Qt can only print a PDF by painting it, and painting a page means rendering it to an
image first: «چاپ…» sent an 11 MB raster job for two pages, rendered at the printer's
1200 dpi (hundreds of megabytes of memory a page). Instead the PDF itself goes to the
printer, by the system's own way of printing PDFs:

* printing to a file (Qt's «Print to File (PDF)»): the PDF is written as it is;
* Windows: each page is drawn by pdfium onto the printer's device context
  (``FPDF_RenderPage``), which the printer driver receives as vector drawing;
* Linux and macOS: the PDF goes to CUPS (``lp``, else ``lpr``) on standard input, so
  no copy is left on disk (a trip laptop's rule);
* only where neither exists, pages are painted as images, at most 300 dpi, one page in
  memory at a time.

A page range chosen in the print dialog is cut out of the PDF with pdfium, which copies
the pages' content untouched.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

Route = Literal["file", "windows", "cups", "raster"]
Sides = Literal["one-sided", "two-sided-long-edge", "two-sided-short-edge"]
POINTS_PER_INCH = 72
RASTER_DPI_MAX = 300  # the fallback's images: sharp on paper, ~26 MB for an A4 page
SPOOL_TIMEOUT_S = 120


class PrintError(OSError):
    """The job did not reach the printer; ``str()`` says why (for the log and details)."""


@dataclass(frozen=True)
class PrintJob:
    """What the print dialog asked for, independent of Qt."""

    title: str
    printer: str = ""  # "" is the system's default printer
    copies: int = 1
    first_page: int = 0  # 1-based; 0 and 0: every page
    last_page: int = 0
    sides: Sides = "one-sided"
    grayscale: bool = False
    output_file: str = ""  # "print to file": the PDF is written there

    @classmethod
    def from_printer(cls, printer: QPrinter, title: str) -> PrintJob:
        ranged = printer.printRange() == QPrinter.PrintRange.PageRange
        sides: Sides = {
            QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
            QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
        }.get(printer.duplex(), "one-sided")  # type: ignore[assignment]
        return cls(
            title=title,
            printer=printer.printerName(),
            copies=max(printer.copyCount(), 1),
            first_page=printer.fromPage() if ranged else 0,
            last_page=printer.toPage() if ranged else 0,
            sides=sides,
            grayscale=printer.colorMode() == QPrinter.ColorMode.GrayScale,
            output_file=printer.outputFileName(),
        )

    def page_indexes(self, page_count: int) -> range:
        """The 0-based pages to print."""
        if self.first_page <= 0:
            return range(page_count)
        last = self.last_page if self.last_page > 0 else page_count
        return range(min(self.first_page, page_count) - 1, min(last, page_count))


def print_pdf(pdf: bytes, job: PrintJob, printer: QPrinter | None = None) -> Route:
    """Print ``pdf`` as ``job`` asks; returns the way it went. ``printer`` (the dialog's)
    is needed only by the raster fallback."""
    if job.output_file:
        Path(job.output_file).write_bytes(selected_pages(pdf, job))
        return "file"
    if sys.platform == "win32":
        from peyvand.ui.windows_printing import print_to_device

        print_to_device(pdf, job)
        return "windows"
    command = cups_command(job)
    if command is not None:
        _spool(command, selected_pages(pdf, job))
        return "cups"
    if printer is None:
        raise PrintError("no way to print here: no CUPS and no printer device")
    render_pages(pdf, job, printer)
    return "raster"


def selected_pages(pdf: bytes, job: PrintJob) -> bytes:
    """The pages ``job`` asks for, as a PDF of their own (the same bytes for all)."""
    source = pdfium.PdfDocument(pdf)
    try:
        pages = job.page_indexes(len(source))
        if len(pages) == len(source):
            return pdf
        part = pdfium.PdfDocument.new()
        try:
            part.import_pages(source, list(pages))
            out = io.BytesIO()
            part.save(out)
            return out.getvalue()
        finally:
            part.close()
    finally:
        source.close()


def cups_command(job: PrintJob) -> list[str] | None:
    """The ``lp`` (else ``lpr``) command that prints a PDF read from standard input;
    None when neither is installed."""
    lp = shutil.which("lp")
    if lp is not None:
        command = [lp, "-t", job.title, "-n", str(job.copies), "-o", f"sides={job.sides}"]
        if job.printer:
            command += ["-d", job.printer]
        if job.grayscale:
            command += ["-o", "print-color-mode=monochrome"]
        return command
    lpr = shutil.which("lpr")
    if lpr is not None:
        command = [lpr, "-T", job.title, "-#", str(job.copies), "-o", f"sides={job.sides}"]
        if job.printer:
            command += ["-P", job.printer]
        return command
    return None


def _spool(command: list[str], pdf: bytes) -> None:
    try:
        done = subprocess.run(
            command, input=pdf, capture_output=True, timeout=SPOOL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"{Path(command[0]).name}: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise PrintError(f"{Path(command[0]).name}: {detail}")


def render_page(document: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    """One page as an image (the preview's pages, the raster fallback's)."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
        # Without transparency pdfium gives 3 bytes a pixel; reversed byte order = RGB.
        fmt = (
            QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBX8888
        )
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()  # detach from pdfium's buffer before it is freed
    finally:
        page.close()


def render_pages(pdf: bytes, job: PrintJob, printer: QPrinter) -> None:
    """The fallback: each page painted as an image of at most ``RASTER_DPI_MAX`` dpi,
    scaled to the printable area, one page in memory at a time. Copies are the
    printer's business here (``printer`` carries the dialog's count)."""
    document = pdfium.PdfDocument(pdf)
    try:
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("the printer could not be opened")
        try:
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            for number, index in enumerate(job.page_indexes(len(document))):
                if number:
                    printer.newPage()
                page = document[index]
                width_pt, height_pt = page.get_size()
                page.close()
                scale = min(area.width() / width_pt, area.height() / height_pt)
                dpi = min(scale * POINTS_PER_INCH, RASTER_DPI_MAX)
                image = render_page(document, index, dpi)
                target = QRect(0, 0, round(width_pt * scale), round(height_pt * scale))
                painter.drawImage(target, image)
        finally:
            painter.end()
    finally:
        document.close()
