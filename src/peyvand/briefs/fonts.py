"""Vazirmatn for the PDF briefs: registered once, embedded (subset) in every PDF; Noto
Emoji and Noto Sans Symbols 2 for the symbols Vazirmatn lacks (👍, ❤, ✓, ★, □).

The symbol fonts are loaded only when a brief holds a character Vazirmatn cannot draw:
most briefs never pay for them. Both are monochrome outline fonts; colour emoji fonts
(CBDT or COLR tables) cannot be drawn by reportlab. A character no bundled font has is
printed as U+FFFD «�» (in Vazirmatn) and reported (``peyvand.briefs.result``).

Widths are cached per (font, text): a brief measures the same words again and again
(line breaking, then drawing), and reportlab's own ``stringWidth`` walks every character.
"""

from __future__ import annotations

import threading
from typing import ClassVar, Final

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from peyvand.paths import resource

REGULAR: Final = "Vazirmatn"
BOLD: Final = "Vazirmatn-Bold"

EMOJI: Final = "NotoEmoji"
SYMBOLS: Final = "NotoSansSymbols2"
REPLACEMENT: Final = "\ufffd"  # drawn for a character no bundled font has

_FILES: Final = {REGULAR: "Vazirmatn-Regular.ttf", BOLD: "Vazirmatn-Bold.ttf"}
# Tried in this order; one weight each (bold text takes the regular symbol).
_FALLBACK_FILES: Final = {EMOJI: "NotoEmoji-Regular.ttf", SYMBOLS: "NotoSansSymbols2-Regular.ttf"}


class _State:
    lock = threading.Lock()
    registered = False
    coverage: frozenset[str] = frozenset()
    fallbacks_loaded = False
    fallback: ClassVar[dict[str, str]] = {}  # character -> the symbol font that draws it


# (font, text) -> advance width at 1 pt. Bounded only by the vocabulary of the briefs.
_widths: dict[tuple[str, str], float] = {}
_WIDTH_CACHE_MAX: Final = 200_000

# Vertical metrics of Vazirmatn (the same for both weights), in em.
ASCENT: Final = 1.025390625
DESCENT: Final = 0.537109375


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map of a font subset, with code points above U+FFFF written
    as UTF-16 surrogate pairs, as PDF requires. reportlab writes them as five hex digits,
    so text readers (copy and paste, search, pdfplumber) got «ὄ» for 👍; fixed here
    rather than worked around in every reader. Same output as reportlab's otherwise."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    for i, code in enumerate(subset):
        utf16 = chr(code).encode("utf-16-be", "surrogatepass").hex().upper()
        lines.append(f"<{i:02X}> <{utf16}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop"]
    lines += ["end", "end"]
    return "\n".join(lines)


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
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        _State.registered = True


def coverage() -> frozenset[str]:
    """Characters both weights of Vazirmatn can draw."""
    register()
    return _State.coverage


def _load_fallbacks() -> None:
    register()
    with _State.lock:
        if _State.fallbacks_loaded:
            return
        table: dict[str, str] = {}
        for name, file in reversed(_FALLBACK_FILES.items()):  # the first font wins
            font = TTFont(name, str(resource("fonts", file)))
            pdfmetrics.registerFont(font)
            table.update((chr(c), name) for c in font.face.charToGlyph if c > 32)
        _State.fallback = table
        _State.fallbacks_loaded = True


def fallback(char: str) -> str | None:
    """The symbol font that draws ``char`` (one Vazirmatn lacks), or None."""
    if not _State.fallbacks_loaded:
        _load_fallbacks()
    return _State.fallback.get(char)


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
