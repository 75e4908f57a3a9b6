#!/usr/bin/env python3
"""On demand: do Peyvand's Word files open right in another word processor?

Makes each kind of .docx from a fresh demo database (a Persian letter, an English
letter, the minutes of ۱۶ بهمن ۱۳۹۹, the visit brief of 1405-004), converts each with
LibreOffice headless (``soffice --headless --convert-to pdf``) and checks the PDFs:

* two independent readings of the PDF, ours (tests/briefs/pdftext.py, which rebuilds
  logical order from the glyphs' positions) and poppler's ``pdftotext``: every
  paragraph of the document, in the order the .docx holds it (logical order), is found
  in the text LibreOffice laid out, word for word and in order; no glyph is missing (no
  ``.notdef``, no U+FFFD); the fonts LibreOffice used;
* the shared checker (``--checker PATH``, e.g. ../shared/tools/check_persian_pdf.py),
  when given, with the paragraphs as ``--subset`` blocks: word order, bidi, joining,
  missing glyphs, as it reports them.

LibreOffice justifies Persian paragraphs with kashida where it sees fit, and its PDF
export maps the kashida glyph to the character «5» in the text layer: our reading
drops those (a «5» between two Arabic letters); for the shared checker, which cannot be
told so, each file is also converted from a copy whose justified paragraphs are aligned
to the start, and both figures are printed. LibreOffice's text layer may also name the
space glyph «U+200C» (HarfBuzz draws a ZWNJ with the space glyph, and the ToUnicode map
keeps one name per glyph): then every space reads as a ZWNJ. The readers therefore read
a copy of each PDF (``NAME.spaces.pdf``) in which such a glyph is named a space again
(:func:`spaces_named`; nothing else is changed).

    python3 scripts/docx_check.py [--out DIR] [--checker PATH] [--keep]

Needs LibreOffice (``apt-get install -y libreoffice-writer``); exits 2 without it, 1 if
a check fails. Tahoma is not installed on Linux: LibreOffice substitutes a font that has
Persian (DejaVu Sans here), which is what a PC without the chosen font would do too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "briefs"))

# LibreOffice writes a kashida's glyph into the text layer as a digit («کنس66ولی»).
KASHIDA_ARTIFACT = re.compile("(?<=[\u0600-\u06ff])[0-9\u0640]+(?=[\u0600-\u06ff])")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
DIGITS = re.compile("^[0-9۰-۹]+$")
LAM_ALEF = re.compile("[لاأإآ]{2,}")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Result:
    name: str
    paragraphs: int
    ours: tuple[int, int, int]  # (words in order, words, whole paragraphs in order)
    poppler: tuple[int, int, int]
    missing_glyphs: int
    fonts: list[str]
    kashida: tuple[int, int, int] = (0, 0, 0)
    checker: str = ""
    checker_plain: str = ""

    @property
    def ok(self) -> bool:
        """Every word and paragraph in order as poppler reads the PDF, nothing missing.
        (Our reader was written for the briefs' own PDFs; on LibreOffice's text layer a
        ZWNJ may stand for a space or for itself, so its figure is shown, not judged.)"""
        words, total, whole = self.poppler
        return words == total and whole == self.paragraphs and self.missing_glyphs == 0


def _norm(text: str, *, read: bool = False) -> list[str]:
    """Words to compare: bidi marks and kashida artifacts dropped; lam-alef read either
    way; punctuation dropped; numbers and Latin words apart. ZWNJ has no glyph
    of its own: a text layer drops the real ones, and LibreOffice's gives some spaces
    between Persian words as ZWNJ; so the document's ZWNJ joins (بین‌الملل →
    بینالملل) and a PDF's ZWNJ separates."""
    text = KASHIDA_ARTIFACT.sub("", BIDI_MARKS.sub("", text))
    text = text.replace("\u200c", " " if read else "")
    # Lam-alef ligatures come out of text layers with their letters in either order
    # («خلأ» read as «خأل»): a run of lams and alefs is compared as its letters sorted.
    text = LAM_ALEF.sub(lambda m: "".join(sorted(m.group())), text)
    text = re.sub(r"[«»()\[\]:،؛.,!?؟\-–—/•\"]", " ", text)
    # Numbers, and Latin words beside Persian ones, apart: a reader may glue them.
    text = re.sub(r"([0-9۰-۹]+|[A-Za-z]+)", r" \1 ", text)
    return text.split()


def _words(tokens: list[str]) -> list[str]:
    """Without the numbers: a reader may put the parts of «۱۳۹۹-۰۰۱» either way round."""
    return [t for t in tokens if not DIGITS.match(t)]


def _in_order(expected: list[str], read_tokens: list[str]) -> tuple[int, int, int]:
    """(words of the document found in the PDF in the same order, of how many; whole
    paragraphs found in order): the longest common subsequence of the two word lists,
    which a reading artifact shortens by a word, not by the rest of the document."""
    import difflib

    wanted = [w for p in expected for w in _words(_norm(p))]
    read = _words(read_tokens)
    matcher = difflib.SequenceMatcher(None, wanted, read, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    whole = 0
    position = 0
    for paragraph in expected:
        words = _words(_norm(paragraph))
        for start in range(position, len(read) - len(words) + 1):
            if read[start : start + len(words)] == words:
                whole += 1
                position = start + len(words)
                break
    return common, len(wanted), whole


def body_paragraphs(docx: bytes, *, marks: bool = False) -> list[str]:
    """The paragraphs outside tables, in document order (logical text); with ``marks``,
    the bidi marks kept (the LRMs around «۱۳۹۹-۰۰۱» decide its visual order)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    body = root.find(f"{W}body")
    out = []
    for child in body:
        if child.tag == f"{W}p":
            text = "".join(t.text or "" for t in child.iter(f"{W}t"))
            if text.strip():
                out.append((text if marks else BIDI_MARKS.sub("", text)).strip())
    return out


def start_aligned(docx: bytes) -> bytes:
    """The same file with its justified paragraphs aligned to the start (no kashida)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b'<w:jc w:val="both"/>', b"")
            target.writestr(item, data)
    return out.getvalue()


def spaces_named(pdf: bytes) -> bytes:
    """The PDF with its space glyphs named U+0020 in the text layer.

    HarfBuzz draws a ZWNJ with the font's space glyph (zero advance), and LibreOffice's
    ToUnicode map names each glyph after one character drawn with it: in some fonts of
    some documents the space glyph is then «U+200C» and every space between words
    reads as a ZWNJ, which readers that find words by geometry take for ink. Where a
    font's map names a glyph U+200C and none U+0020, that glyph is renamed a space (the
    real ZWNJs, drawn with no advance, then read as nothing). Nothing else changes: the
    objects are written again with a new cross-reference table."""
    import zlib

    xref = int(pdf[pdf.rindex(b"startxref") + 9 :].split()[0])
    table = pdf[xref:]
    trailer = table[table.index(b"trailer") : table.index(b"startxref")]
    offsets: dict[int, int] = {}
    lines_ = table.split(b"xref", 1)[1].split(b"trailer", 1)[0].split(b"\n")
    number = 0
    for line in lines_:
        parts = line.split()
        if len(parts) == 2:
            number = int(parts[0])
        elif len(parts) == 3:
            if parts[2] == b"n":
                offsets[number] = int(parts[0])
            number += 1

    def raw(n: int) -> bytes:
        start = offsets[n]
        return pdf[start : pdf.index(b"endobj", start) + 6]

    def length(match: re.Match[bytes]) -> int:
        if match.group(2):
            body = raw(int(match.group(1)))
            return int(body.split(b"obj", 1)[1].split(b"endobj")[0].strip())
        return int(match.group(1))

    objects: dict[int, bytes] = {}
    for n, start in sorted(offsets.items()):
        head_end = pdf.index(b"endobj", start)
        stream_at = pdf.find(b"stream", start, head_end)
        if stream_at < 0:
            objects[n] = raw(n)
            continue
        header = pdf[start:stream_at]
        found = re.search(rb"/Length (\d+)( 0 R)?", header)
        assert found is not None
        data_at = stream_at + 6 + (2 if pdf[stream_at + 6 : stream_at + 8] == b"\r\n" else 1)
        data = pdf[data_at : data_at + length(found)]
        if b"/Filter/FlateDecode" in header.replace(b" ", b""):
            text = zlib.decompress(data)
            if b"begincmap" in text and b"<200C>" in text.upper() and b"<0020>" not in text:
                text = re.sub(rb"<200[cC]>", b"<0020>", text)
                data = zlib.compress(text)
                header = header[: found.start()] + b"/Length %d" % len(data) + header[found.end() :]
        objects[n] = header + b"stream\n" + data + b"\nendstream\nendobj"
    out = bytearray(pdf[: min(offsets.values())])
    new_offsets = {}
    for n, body in objects.items():
        new_offsets[n] = len(out)
        out += body + b"\n"
    size = max(offsets) + 1
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for n in range(1, size):
        entry = b"%010d 00000 n \n" % new_offsets[n] if n in new_offsets else None
        out += entry or b"0000000000 65535 f \n"
    out += trailer + b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def convert(files: list[Path], folder: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office is not None
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         *map(str, files)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip


def our_check(name: str, docx: bytes, pdf_path: Path) -> Result:
    import pdfplumber
    from pdftext import lines

    pdf = pdf_path.read_bytes()
    base = "L" if name.endswith("-en") else "R"
    texts = [line.text for line in lines(pdf, base)]
    # A ZWNJ read from LibreOffice's text layer may still stand for a space between
    # words (fonts whose map spaces_named leaves alone): both readings, the better one.
    readings = [
        [word for text in texts for word in _norm(text, read=split)] for split in (True, False)
    ]
    poppler = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    expected = body_paragraphs(docx)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for page in document.pages for c in page.chars]
    missing = sum(1 for c in chars if c["text"] in ("\ufffd", "") or c["text"].startswith("(cid:"))
    return Result(
        name,
        len(expected),
        max(_in_order(expected, reading) for reading in readings),
        _in_order(expected, _norm(poppler)),
        missing,
        sorted({c["fontname"].split("+")[-1] for c in chars}),
    )


def shared_check(checker: Path, pdf: Path, docx: bytes, base: str) -> str:
    expected = pdf.with_suffix(".txt")
    paragraphs = body_paragraphs(docx, marks=True)
    expected.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    ignore = "^Page [0-9]+ of [0-9]+$" if base == "L" else "^صفحه [۰-۹]+ از [۰-۹]+$"
    run = subprocess.run(
        [sys.executable, str(checker), str(pdf), str(expected), "--subset", "--base", base,
         "--ignore", ignore],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    keep = ("PASS", "FAIL", "words in order", "bidi-verified", "joining", "missing glyphs")
    return "\n".join(
        "    " + line.strip() for line in run.stdout.splitlines() if line.strip().startswith(keep)
    )


def make_documents(folder: Path) -> dict[str, bytes]:
    import os

    os.environ.setdefault("PEYVAND_DATA_DIR", str(folder / "data"))
    from peyvand import word
    from peyvand.config import Settings
    from peyvand.services.clock import FixedClock
    from peyvand.services.demo import load_demo
    from peyvand.storage.database import Database

    clock = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    path = folder / "demo.sqlite3"
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    db = Database.open(path)
    try:
        load_demo(db, clock=clock)
        settings = Settings()
        return {
            "letter-fa": word.letter_docx(db, "1/1399/ب‌م", settings=settings),
            "letter-en": word.letter_docx(db, "1/1405/ب‌م", settings=settings),
            "minutes-fa": word.minutes_docx(db, "1399-001", settings=settings),
            "visit-brief-fa": word.visit_brief_docx(db, "1405-004", settings=settings, clock=clock),
        }
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="keep the files here (default: a temp folder)")
    parser.add_argument("--checker", type=Path, help="the shared check_persian_pdf.py")
    args = parser.parse_args()
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("LibreOffice is not installed: apt-get install -y libreoffice-writer")
        return 2
    folder = args.out or Path(tempfile.mkdtemp(prefix="peyvand-docx-"))
    folder.mkdir(parents=True, exist_ok=True)
    documents = make_documents(folder)
    plain = folder / "start-aligned"
    plain.mkdir(exist_ok=True)
    paths = []
    for name, data in documents.items():
        (folder / f"{name}.docx").write_bytes(data)
        (plain / f"{name}.docx").write_bytes(start_aligned(data))
        paths.append(folder / f"{name}.docx")
    convert(paths, folder)
    convert([plain / p.name for p in paths], plain)
    results = []
    for name, data in documents.items():
        # The readers read copies whose space glyphs are named spaces (spaces_named).
        for where in (folder, plain):
            converted_pdf = where / f"{name}.pdf"
            named = spaces_named(converted_pdf.read_bytes())
            (where / f"{name}.spaces.pdf").write_bytes(named)
        pdf = folder / f"{name}.spaces.pdf"
        # Word order on the copy without kashida (see the module docstring); glyphs
        # and fonts on both.
        result = our_check(name, data, plain / f"{name}.spaces.pdf")
        converted = our_check(name, data, pdf)
        result.missing_glyphs += converted.missing_glyphs
        result.kashida = converted.poppler
        if args.checker:
            base = "L" if name.endswith("-en") else "R"
            result.checker = shared_check(args.checker, pdf, data, base)
            result.checker_plain = shared_check(
                args.checker, plain / f"{name}.spaces.pdf", data, base
            )
        results.append(result)
    for r in results:

        def shown(figures: tuple[int, int, int], paragraphs: int) -> str:
            words, total, whole = figures
            return f"{words}/{total} words, {whole}/{paragraphs} paragraphs whole"

        print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.missing_glyphs} missing glyphs, "
              f"fonts {', '.join(r.fonts)}")  # fmt: skip
        print(f"      in order, pdftext.py: {shown(r.ours, r.paragraphs)}")
        print(f"      in order, pdftotext : {shown(r.poppler, r.paragraphs)}")
        print(f"      as converted (kashida), pdftotext: {shown(r.kashida, r.paragraphs)}")
        if r.checker:
            print("  shared checker, as converted (kashida where LibreOffice puts it):")
            print(r.checker)
            print("  shared checker, justified paragraphs aligned to the start:")
            print(r.checker_plain)
    print(f"files in {folder}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
