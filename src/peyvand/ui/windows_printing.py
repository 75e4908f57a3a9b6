"""Windows: a PDF printed as vectors, each page drawn by pdfium onto the printer's
device context (GDI), the way PDF viewers built on pdfium print.

``FPDF_RenderPage`` exists only in Windows builds of pdfium; pypdfium2's generated
bindings leave it out, so it is looked up in the same pdfium DLL by name. The printer
driver receives GDI drawing (text and paths), not a bitmap, unless the page itself
holds images. Copies are printed by repeating the pages in one job; the dialog's
duplex and colour choices are not passed on (that needs the printer's DEVMODE, which
Qt does not expose): the printer's own defaults apply.

This module only runs on Windows; the tests on Linux cannot exercise it (see
tests/ui/test_pdf_printing.py for what is checked there).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from peyvand.ui.pdf_printing import POINTS_PER_INCH, PrintError, PrintJob

# GetDeviceCaps indexes (wingdi.h)
LOGPIXELSX, LOGPIXELSY = 88, 90
PHYSICALOFFSETX, PHYSICALOFFSETY = 112, 113
# FPDF_RenderPage flags (fpdfview.h): annotations, and "for printing".
FPDF_ANNOT, FPDF_PRINTING = 0x01, 0x800


class _DocInfo(ctypes.Structure):
    _fields_ = (
        ("cbSize", ctypes.c_int),
        ("lpszDocName", ctypes.c_wchar_p),
        ("lpszOutput", ctypes.c_wchar_p),
        ("lpszDatatype", ctypes.c_wchar_p),
        ("fwType", ctypes.c_ulong),
    )


def _render_to_dc() -> Callable[..., None]:
    """pdfium's ``FPDF_RenderPage(HDC, FPDF_PAGE, x, y, width, height, rotate, flags)``."""
    import pypdfium2_raw  # type: ignore[import-untyped]

    library = ctypes.CDLL(str(Path(pypdfium2_raw.__file__).parent / "pdfium.dll"))
    render: Any = library.FPDF_RenderPage
    render.argtypes = (
        ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
    )  # fmt: skip
    render.restype = None
    return render  # type: ignore[no-any-return]


def _gdi32() -> Any:
    """The GDI functions used here, with their C signatures."""
    # getattr: these exist only in Windows' ctypes, and mypy checks this on every system.
    gdi32: Any = getattr(ctypes, "WinDLL")("gdi32", use_last_error=True)  # noqa: B009
    handle, text, pointer, number = ctypes.c_void_p, ctypes.c_wchar_p, ctypes.c_void_p, ctypes.c_int
    signatures: dict[str, tuple[Any, tuple[Any, ...]]] = {
        "CreateDCW": (handle, (text, text, pointer, pointer)),
        "StartDocW": (number, (handle, pointer)),
        "StartPage": (number, (handle,)),
        "EndPage": (number, (handle,)),
        "EndDoc": (number, (handle,)),
        "DeleteDC": (number, (handle,)),
        "GetDeviceCaps": (number, (handle, number)),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(gdi32, name)
        function.restype, function.argtypes = restype, argtypes
    return gdi32


def _last_error() -> int:
    return int(getattr(ctypes, "get_last_error")())  # noqa: B009


def print_to_device(pdf: bytes, job: PrintJob) -> None:
    """Print ``pdf`` on ``job.printer`` (the default printer when empty)."""
    gdi32 = _gdi32()
    render = _render_to_dc()
    printer = job.printer or _default_printer()
    dc = gdi32.CreateDCW("WINSPOOL", printer, None, None)
    if not dc:
        raise PrintError(f"cannot open the printer {printer!r} (error {_last_error()})")
    document = pdfium.PdfDocument(pdf)
    try:
        info = _DocInfo(ctypes.sizeof(_DocInfo), job.title, None, None, 0)
        if gdi32.StartDocW(dc, ctypes.byref(info)) <= 0:
            raise PrintError(f"the printer refused the job (error {_last_error()})")
        dpi_x, dpi_y = gdi32.GetDeviceCaps(dc, LOGPIXELSX), gdi32.GetDeviceCaps(dc, LOGPIXELSY)
        # The device context's origin is the printable area's corner; the page's is the
        # paper's: draw from the (negative) physical offset so that sizes are true.
        left = -gdi32.GetDeviceCaps(dc, PHYSICALOFFSETX)
        top = -gdi32.GetDeviceCaps(dc, PHYSICALOFFSETY)
        for _copy in range(job.copies):
            for index in job.page_indexes(len(document)):
                page = document[index]
                try:
                    width_pt, height_pt = page.get_size()
                    if gdi32.StartPage(dc) <= 0:
                        raise PrintError("the printer refused a page")
                    render(
                        dc, page.raw, left, top,
                        round(width_pt * dpi_x / POINTS_PER_INCH),
                        round(height_pt * dpi_y / POINTS_PER_INCH),
                        0, FPDF_ANNOT | FPDF_PRINTING,
                    )  # fmt: skip
                    gdi32.EndPage(dc)
                finally:
                    page.close()
        gdi32.EndDoc(dc)
    finally:
        document.close()
        gdi32.DeleteDC(dc)


def _default_printer() -> str:
    from PySide6.QtPrintSupport import QPrinterInfo

    name = QPrinterInfo.defaultPrinterName()
    if not name:
        raise PrintError("no printer is installed")
    return name
