"""The news draft as a Word document (.docx), right to left, with python-docx.

python-docx has no switch for a right-to-left paragraph, the complex-script size or the
bidi language, so those few elements are written here by hand, each in its place in
the schema's order (Word refuses a file whose elements are out of order): ``w:bidi`` on
every paragraph and on the section, ``w:rtl`` on every run, ``w:rFonts w:cs="Tahoma"``
(Word draws Persian with the complex-script font), ``w:szCs`` and ``w:bCs``,
``w:lang w:bidi="fa-IR"``. Digits are Persian outside Latin words (the briefs' rule,
briefs.rtl.prepare).

Kept small and in its own module: the letters issue writes .docx too, and the two can
be unified later.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

FONT = "Tahoma"
BODY_PT = 12
HEADLINE_PT = 15

# Elements that come after the one being inserted, in the schema's order.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_SZCS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _element(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _persian_run_props(rpr: Any, size: float, *, bold: bool = False) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    if bold:
        rpr.get_or_add_b()
        rpr.get_or_add_bCs()
    rpr.get_or_add_sz().val = Pt(size)
    if rpr.find(qn("w:szCs")) is None:
        rpr.insert_element_before(_element("w:szCs", val=str(int(size * 2))), *_AFTER_SZCS)
    rpr.get_or_add_rtl()
    if rpr.find(qn("w:lang")) is None:
        rpr.insert_element_before(_element("w:lang", bidi="fa-IR"), *_AFTER_LANG)


def _paragraph(doc: Any, text: str, *, size: float, bold: bool = False,
               align: WD_ALIGN_PARAGRAPH | None = None) -> Any:  # fmt: skip
    para = doc.add_paragraph()
    ppr = para._p.get_or_add_pPr()
    ppr.insert_element_before(_element("w:bidi"), *_AFTER_BIDI)
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(8)
    run = para.add_run(text)
    _persian_run_props(run._r.get_or_add_rPr(), size, bold=bold)
    return para


def document(headline: str, paragraphs: Sequence[str]) -> Any:
    """A right-to-left Word document: the headline, then one paragraph each."""
    from peyvand.briefs.rtl import prepare

    doc = Document()
    normal = doc.styles["Normal"]
    _persian_run_props(normal.element.get_or_add_rPr(), BODY_PT)
    sect = doc.sections[0]._sectPr
    sect.insert_element_before(_element("w:bidi"), *_AFTER_SECT_BIDI)
    _paragraph(
        doc, prepare(headline), size=HEADLINE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    for text in paragraphs:
        if text.strip():
            _paragraph(doc, prepare(text), size=BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    return doc


def write(path: Path, headline: str, paragraphs: Sequence[str]) -> Path:
    """Save the document at ``path`` atomically."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    os.close(fd)
    try:
        document(headline, paragraphs).save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def split_text(text: str) -> tuple[str, list[str]]:
    """The edited draft back into (headline, paragraphs): the first non-empty line is
    the headline, every other non-empty line a paragraph."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "", []
    return lines[0], lines[1:]
