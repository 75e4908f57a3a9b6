"""«چاپ…» sends the PDF itself, not pictures of its pages: to CUPS here (a fake ``lp``
on PATH records the job), to a file as the same PDF, and only without either as
images of at most 300 dpi. The Windows path (pdfium drawing onto the printer's device
context, ui/windows_printing.py) cannot run on Linux: only its import is checked."""

from __future__ import annotations

import io
import os
import stat
import tracemalloc
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from peyvand import briefs
from peyvand.ui import pdf_printing
from peyvand.ui.context import AppContext
from peyvand.ui.dialogs.pdf_preview import PdfPreviewDialog
from peyvand.ui.pdf_printing import PrintJob, print_pdf, render_pages, selected_pages

FAKE_LP = """#!/bin/sh
# Records a print job as CUPS would receive it: the arguments and the bytes.
printf '%s\\n' "$@" > "$LP_ARGS"
cat > "$LP_JOB"
echo "request id is Fake-1 (1 file(s))"
"""


@pytest.fixture
def brief(demo_context: AppContext) -> bytes:
    """The seed meeting's minutes: a real four-page brief."""
    pdf = briefs.meeting_brief(demo_context.db, "1399-001", None, demo_context.settings)
    assert len(pdfium.PdfDocument(pdf)) == 4
    return pdf


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    folder = tmp_path / "bin"
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text(FAKE_LP, encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    files = {"args": tmp_path / "lp-args.txt", "job": tmp_path / "lp-job.pdf"}
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("LP_ARGS", str(files["args"]))
    monkeypatch.setenv("LP_JOB", str(files["job"]))
    return files


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "".join(page.extract_text() or "" for page in document.pages)


def _no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("a page was rendered to an image")

    monkeypatch.setattr(pdf_printing, "render_page", refuse)


def test_print_sends_the_vector_pdf_to_cups(
    qtbot: QtBot,
    brief: bytes,
    fake_lp: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = PdfPreviewDialog(brief, "1399-001", "صورتجلسه 1399-001.pdf")
    qtbot.addWidget(dialog)
    _no_rendering(monkeypatch)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi, as the issue's
    printer.setCopyCount(2)
    assert dialog.print_document(printer) == "cups"
    job = fake_lp["job"].read_bytes()
    assert job == brief  # the PDF itself: text and vectors, 4 pages
    assert len(job) < 2_000_000
    assert len(pdfium.PdfDocument(job)) == 4
    assert "۴ زا ۴ ﻪﺤﻔﺻ" in _text(job)  # «صفحه ۴ از ۴» as text, not pixels
    args = fake_lp["args"].read_text(encoding="utf-8").split("\n")
    assert args[args.index("-n") + 1] == "2"
    assert args[args.index("-t") + 1] == "صورتجلسه 1399-001"
    assert "sides=one-sided" in args


def test_a_page_range_is_cut_out_of_the_pdf_not_redrawn(
    brief: bytes, fake_lp: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_rendering(monkeypatch)
    job = PrintJob("minutes", printer="Office", first_page=2, last_page=3)
    assert print_pdf(brief, job) == "cups"
    sent = fake_lp["job"].read_bytes()
    assert len(pdfium.PdfDocument(sent)) == 2
    assert _text(sent) and _text(sent) in _text(brief)
    args = fake_lp["args"].read_text(encoding="utf-8").split("\n")
    assert args[args.index("-d") + 1] == "Office"


def test_a_forty_page_report_is_spooled_in_memory_bounded_by_its_size(
    brief: bytes, fake_lp: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = pdfium.PdfDocument(brief)
    long = pdfium.PdfDocument.new()
    for _ in range(10):
        long.import_pages(source)
    out = io.BytesIO()
    long.save(out)
    report = out.getvalue()
    assert len(pdfium.PdfDocument(report)) == 40
    _no_rendering(monkeypatch)
    tracemalloc.start()
    try:
        assert print_pdf(report, PrintJob("report")) == "cups"
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert fake_lp["job"].read_bytes() == report
    # No page images (an A4 page at 1200 dpi is 400 MB): memory follows the PDF's size.
    assert peak < 4 * len(report) + 1_000_000


def test_print_to_file_writes_the_same_pdf(
    qtbot: QtBot, brief: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PdfPreviewDialog(brief, "1399-001", "صورتجلسه 1399-001.pdf")
    qtbot.addWidget(dialog)
    _no_rendering(monkeypatch)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_document(printer) == "file"
    assert (tmp_path / "printed.pdf").read_bytes() == brief


def test_a_refused_job_is_a_persian_message_not_a_traceback(
    qtbot: QtBot, brief: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0
    )
    dialog = PdfPreviewDialog(brief, "1399-001", "صورتجلسه 1399-001.pdf")
    qtbot.addWidget(dialog)
    assert dialog.print_document(QPrinter()) is None
    [(text, detail)] = shown
    assert text.startswith("گزارش به چاپگر نرسید")
    assert "does not exist" in detail


def test_without_cups_pages_are_images_of_at_most_300_dpi(
    brief: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp, no lpr
    assert pdf_printing.cups_command(PrintJob("x")) is None
    rendered: list[float] = []
    real = pdf_printing.render_page

    def record(document: object, index: int, dpi: float) -> object:
        rendered.append(dpi)
        return real(document, index, dpi)

    monkeypatch.setattr(pdf_printing, "render_page", record)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    render_pages(brief, PrintJob("x", first_page=1, last_page=2), printer)
    assert len(rendered) == 2 and max(rendered) <= pdf_printing.RASTER_DPI_MAX
    assert len(pdfium.PdfDocument(str(tmp_path / "raster.pdf"))) == 2


def test_the_dialogs_choices_become_the_job(tmp_path: Path, app: object) -> None:
    printer = QPrinter()
    printer.setCopyCount(3)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    job = PrintJob.from_printer(printer, "صورتجلسه")
    assert (job.copies, job.first_page, job.last_page) == (3, 2, 4)
    assert job.output_file == str(tmp_path / "out.pdf")
    assert list(job.page_indexes(10)) == [1, 2, 3]
    assert list(PrintJob("all").page_indexes(4)) == [0, 1, 2, 3]
    assert list(PrintJob("tail", first_page=3, last_page=99).page_indexes(4)) == [2, 3]


def test_selected_pages_of_every_page_is_the_pdf_itself(brief: bytes) -> None:
    assert selected_pages(brief, PrintJob("all")) is brief


def test_the_windows_printing_module_imports_everywhere() -> None:
    from peyvand.ui import windows_printing

    assert callable(windows_printing.print_to_device)
