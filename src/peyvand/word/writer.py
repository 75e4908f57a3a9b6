"""Right-to-left Word documents with python-docx: what Word and LibreOffice need to lay
Persian out by themselves.

Unlike the PDF briefs, a .docx holds text in LOGICAL order and the word processor does
the shaping and the bidi algorithm. What it needs from us, and python-docx does not do:

* ``w:bidi`` on every Persian paragraph (its base direction; alignment and indents are
  then logical: ``left`` is the start, the right in Persian, in Word as in LibreOffice)
  and on the section (page order), ``w:bidiVisual`` on tables (first column on the
  right);
* runs split by script: a run of Persian text carries ``w:rtl`` (complex script: its
  font is ``w:rFonts/@w:cs`` and its size ``w:szCs``, bold ``w:bCs``), a Latin run does
  not, or Word would treat its digits and punctuation as right-to-left;
* a complex-script font the office's PCs have (Tahoma by default, or the one chosen in
  Settings): Vazirmatn, which the PDFs embed, is not installed on office PCs, and a .docx
  does not embed fonts;
* ``w:lang w:bidi="fa-IR"`` so spelling and digits follow Persian.

Text goes through the same preparation as the PDFs (``briefs.rtl.prepare``): Persian
digits in Persian text, Latin tokens left alone, LRM marks that keep «۱۳۹۹-۰۰۱» and
phone numbers in order.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from peyvand.briefs.rtl import Direction, paragraph_direction, prepare

DEFAULT_FONT: Final = "Tahoma"
LATIN_FONT_EN: Final = "Tahoma"
MARK_RED: Final = "B80D0D"
HEADING_BLUE: Final = "1F3869"
MUTED: Final = "595959"

_RTL_CHAR: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR_CHAR: Final = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")

Output = Path | BinaryIO | None


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    color: str | None = None  # RRGGBB


Content = str | Sequence[Run]


def script_runs(text: str, rtl_paragraph: bool = True) -> list[tuple[str, bool]]:
    """``text`` cut where the script changes: (piece, right-to-left). Spaces and
    punctuation take the direction of the letters on both sides when they agree, else
    the paragraph's (as the bidi algorithm resolves them, rules N1 and N2), so that Word
    sees the same runs the algorithm would."""
    kinds: list[bool | None] = []
    for char in text:
        if _RTL_CHAR.match(char) or char in "\u200c۰۱۲۳۴۵۶۷۸۹":
            kinds.append(True)
        elif _LTR_CHAR.match(char):
            kinds.append(False)
        else:
            kinds.append(None)
    resolved: list[bool] = []
    for index, kind in enumerate(kinds):
        if kind is not None:
            resolved.append(kind)
            continue
        before = next((k for k in reversed(kinds[:index]) if k is not None), None)
        after = next((k for k in kinds[index + 1 :] if k is not None), None)
        resolved.append(before if before is not None and before == after else rtl_paragraph)
    pieces: list[tuple[str, bool]] = []
    for char, kind in zip(text, resolved, strict=True):
        if pieces and pieces[-1][1] == kind:
            pieces[-1] = (pieces[-1][0] + char, kind)
        else:
            pieces.append((char, kind))
    return pieces


class WordWriter:
    """One document being written: paragraphs, tables, the header's mark."""

    def __init__(self, direction: Direction = "R", font: str = DEFAULT_FONT) -> None:
        self.direction: Direction = direction
        self.font = (font or DEFAULT_FONT).strip() or DEFAULT_FONT
        self.doc: Any = Document()
        self._setup()

    # -- document ----------------------------------------------------------------------

    def _setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        if self.direction == "R":
            section._sectPr.append(OxmlElement("w:bidi"))
        # The defaults every paragraph and run inherits: the font in all four slots and
        # the language, so that text Word inserts later (a new line typed) is right too.
        styles = self.doc.styles.element
        rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:lang")):
            rpr.remove(old)
        fonts = OxmlElement("w:rFonts")
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{slot}"), self.font)
        rpr.insert(0, fonts)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:bidi"), "fa-IR")
        rpr.append(lang)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(11)
        self._set_size(normal.element.get_or_add_rPr(), 11)

    @staticmethod
    def _set_size(rpr: Any, size: float) -> None:
        half = str(round(size * 2))
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), half)

    # -- paragraphs --------------------------------------------------------------------

    def _paragraph_rtl(self, text: str) -> bool:
        return paragraph_direction(text, self.direction) == "R"

    def paragraph(
        self,
        content: Content,
        *,
        size: float = 11,
        bold: bool = False,
        align: str = "start",  # start | end | center | justify
        space_after: float = 4,
        space_before: float = 0,
        color: str | None = None,
        outline: int | None = None,
        keep_with_next: bool = False,
        container: Any = None,
    ) -> Any:
        runs = [Run(content)] if isinstance(content, str) else list(content)
        plain = "".join(r.text for r in runs)
        rtl = self._paragraph_rtl(plain)
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        if keep_with_next:
            ppr.append(OxmlElement("w:keepNext"))
        if rtl:
            ppr.append(OxmlElement("w:bidi"))
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:before"), str(round(space_before * 20)))
        spacing.set(qn("w:after"), str(round(space_after * 20)))
        ppr.append(spacing)
        # In a bidi paragraph "left" is its start (the right) and "right" its end, in
        # Word and LibreOffice alike; "start"/"end" are not in Word 2007's schema.
        jc = {"start": "left", "end": "right", "center": "center", "justify": "both"}[align]
        if jc != "left":
            element = OxmlElement("w:jc")
            element.set(qn("w:val"), jc)
            ppr.append(element)
        if outline is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            ppr.append(level)
        for run in runs:
            self._runs(paragraph, run, size=size, bold=bold or run.bold, rtl=rtl,
                       color=run.color or color)  # fmt: skip
        return paragraph

    def _runs(
        self, paragraph: Any, run: Run, *, size: float, bold: bool, rtl: bool, color: str | None
    ) -> None:
        # prepare() trims like any stored text; a run's edge spaces separate it from
        # the next («موضوع: » then the subject), so they are put back.
        core = run.text.strip(" ")
        lead = run.text[: len(run.text) - len(run.text.lstrip(" "))]
        tail = run.text[len(run.text.rstrip(" ")) :]
        text = lead + prepare(core, "R" if rtl else "L") + tail if core else run.text
        lines = text.split("\n")
        for n, line in enumerate(lines):
            for piece, piece_rtl in script_runs(line, rtl):
                self._run(paragraph, piece, size=size, bold=bold, rtl=piece_rtl, color=color)
            if n < len(lines) - 1:
                paragraph.add_run().add_break()

    def _run(
        self, paragraph: Any, text: str, *, size: float, bold: bool, rtl: bool, color: str | None
    ) -> None:
        run = paragraph.add_run(text)
        rpr = run._r.get_or_add_rPr()
        fonts = OxmlElement("w:rFonts")
        for slot in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{slot}"), self.font)
        rpr.append(fonts)
        if bold:
            rpr.append(OxmlElement("w:b"))
            rpr.append(OxmlElement("w:bCs"))
        if color:
            element = OxmlElement("w:color")
            element.set(qn("w:val"), color)
            rpr.append(element)
        self._set_size(rpr, size)
        if rtl:
            rpr.append(OxmlElement("w:rtl"))
        lang = OxmlElement("w:lang")
        lang.set(qn("w:bidi"), "fa-IR")
        rpr.append(lang)

    def heading(self, text: str, *, level: int = 1) -> Any:
        size = {0: 17, 1: 13, 2: 11.5}.get(level, 11)
        return self.paragraph(
            text,
            size=size,
            bold=True,
            align="center" if level == 0 else "start",
            color=None if level == 0 else HEADING_BLUE,
            space_before=0 if level == 0 else 10,
            space_after=4,
            outline=level,
            keep_with_next=True,
        )

    def spacer(self, points: float = 6) -> None:
        self.paragraph("", space_after=points)

    # -- tables ------------------------------------------------------------------------

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float] | None = None,
        size: float = 9.5,
        borders: bool = True,
        shade: Sequence[str | None] | None = None,
    ) -> Any:
        """Columns given in logical order (the first is the start side, the right in
        Persian, by ``w:bidiVisual``)."""
        count = len(headers) if headers else len(rows[0])
        table = self.doc.add_table(rows=0, cols=count)
        if borders:
            table.style = self.doc.styles["Table Grid"]
        tblpr = table._tbl.tblPr
        if self.direction == "R":
            tblpr.append(OxmlElement("w:bidiVisual"))
        if headers:
            cells = table.add_row().cells
            for cell, text in zip(cells, headers, strict=True):
                self._cell(cell, text, size=size, bold=True, align="center", fill="DCE3EF")
            self._repeat_header(table.rows[0])
        for index, values in enumerate(rows):
            cells = table.add_row().cells
            fill = shade[index] if shade else None
            for cell, text in zip(cells, values, strict=True):
                self._cell(cell, text, size=size, fill=fill)
        if widths:
            self._widths(table, [17.0 * w / sum(widths) for w in widths])  # cm in the margins
        self.spacer(4)
        return table

    def _cell(
        self,
        cell: Any,
        text: str,
        *,
        size: float,
        bold: bool = False,
        align: str = "start",
        fill: str | None = None,
    ) -> None:
        first = cell.paragraphs[0]
        first._p.getparent().remove(first._p)
        self.paragraph(text, size=size, bold=bold, align=align, space_after=0, container=cell)
        if fill:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            cell._tc.get_or_add_tcPr().append(shading)

    def side_by_side(
        self,
        start: Sequence[tuple[Content, dict[str, Any]]],
        end: Sequence[tuple[Content, dict[str, Any]]],
        *,
        widths: tuple[float, float] = (11.0, 6.0),
    ) -> Any:
        """Two blocks of paragraphs on one band, without borders: ``start`` on the start
        side (the letterhead), ``end`` facing it (the register block)."""
        table = self.doc.add_table(rows=1, cols=2)
        if self.direction == "R":
            table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for cell, block in zip(table.rows[0].cells, (start, end), strict=True):
            first = cell.paragraphs[0]
            first._p.getparent().remove(first._p)
            for content, options in block:
                self.paragraph(content, container=cell, **{"space_after": 0, **options})
        self._widths(table, widths)
        return table

    @staticmethod
    def _widths(table: Any, widths_cm: Sequence[float]) -> None:
        """Column widths in the grid (LibreOffice reads these) and on every cell (Word)."""
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)

    @staticmethod
    def _repeat_header(row: Any) -> None:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))

    # -- page header -------------------------------------------------------------------

    def mark(self, label: str) -> None:
        """The classification mark on every page: in the header, on the end side."""
        if not label:
            return
        header = self.doc.sections[0].header
        paragraph = header.paragraphs[0]
        paragraph._p.getparent().remove(paragraph._p)
        self.paragraph(
            [Run(label, bold=True, color=MARK_RED)], size=12, align="end", container=header
        )

    # -- output ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def write(data: bytes, out: Output) -> bytes:
    """Write the document to a path (atomically) or a binary stream; return it."""
    if out is None:
        return data
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=out.name, suffix=".part", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        out.write(data)
    return data
