"""Vazirmatn for the PDF briefs: registered once, embedded (subset) in every PDF.

Widths are cached per (font, text): a brief measures the same words again and again
(line breaking, then drawing), and reportlab's own ``stringWidth`` walks every character.
"""

from __future__ import annotations

import threading
from typing import Final

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from peyvand.paths import resource

REGULAR: Final = "Vazirmatn"
BOLD: Final = "Vazirmatn-Bold"

_FILES: Final = {REGULAR: "Vazirmatn-Regular.ttf", BOLD: "Vazirmatn-Bold.ttf"}


class _State:
    lock = threading.Lock()
    registered = False
    coverage: frozenset[str] = frozenset()


# (font, text) -> advance width at 1 pt. Bounded only by the vocabulary of the briefs.
_widths: dict[tuple[str, str], float] = {}
_WIDTH_CACHE_MAX: Final = 200_000

# Vertical metrics of Vazirmatn (the same for both weights), in em.
ASCENT: Final = 1.025390625
DESCENT: Final = 0.537109375


def register() -> None:
    """Register both weights with reportlab (idempotent, thread-safe)."""
    if _State.registered:
        return
    with _State.lock:
        if _State.registered:
            return
        fonts = {name: TTFont(name, str(resource("fonts", file))) for name, file in _FILES.items()}
        for font in fonts.values():
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
        # Both weights cover the same characters; a character outside this set would be
        # drawn as code 0 by reportlab, which Vazirmatn renders as nothing at all.
        _State.coverage = frozenset(
            chr(c) for c in fonts[REGULAR].face.charToGlyph if c in fonts[BOLD].face.charToGlyph
        )
        # Binary font and page streams: ASCII85 only makes them bigger, and without
        # reportlab's optional C accelerator encoding them is a good part of the run time.
        rl_config.useA85 = 0
        _State.registered = True


def coverage() -> frozenset[str]:
    """Characters both weights of Vazirmatn can draw."""
    register()
    return _State.coverage


def width(text: str, font: str) -> float:
    """Advance width of ``text`` (already shaped) at a size of 1 pt."""
    key = (font, text)
    cached = _widths.get(key)
    if cached is not None:
        return cached
    register()
    value: float = pdfmetrics.stringWidth(text, font, 1.0)
    if len(_widths) >= _WIDTH_CACHE_MAX:
        _widths.clear()
    _widths[key] = value
    return value
