"""Word copies: the XML Word and LibreOffice need for Persian, checked element by element."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from peyvand import word
from peyvand.config import Settings
from peyvand.storage.database import Database
from peyvand.word.writer import script_runs

from .conftest import CLOCK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
PERSIAN = re.compile("[\u0600-\u06ff]")


def _xml(data: bytes, part: str = "word/document.xml") -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(part))


def _paragraphs(root: Any) -> list[tuple[Any, str]]:
    out = []
    for p in root.iter(f"{{{W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t")).replace("\u200e", "")
        out.append((p, text))
    return out


def _text(data: bytes) -> str:
    return "\n".join(t for _p, t in _paragraphs(_xml(data)))


def _attr(element: Any, name: str) -> str | None:
    value = element.get(f"{{{W}}}{name}")
    return None if value is None else str(value)


def _assert_persian_runs(root: Any, font: str) -> int:
    """Every run holding Persian text: rtl, the complex-script font and size; every
    paragraph holding one: bidi. Returns how many such runs there were."""
    seen = 0
    for paragraph, text in _paragraphs(root):
        if not PERSIAN.search(text):
            continue
        ppr = paragraph.find("w:pPr", NS)
        for run in paragraph.iter(f"{{{W}}}r"):
            run_text = "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
            if not PERSIAN.search(run_text):
                continue
            seen += 1
            rpr = run.find("w:rPr", NS)
            assert rpr is not None and rpr.find("w:rtl", NS) is not None, run_text
            fonts = rpr.find("w:rFonts", NS)
            assert fonts is not None and _attr(fonts, "cs") == font, run_text
            size = rpr.find("w:szCs", NS)
            assert size is not None and int(_attr(size, "val") or 0) >= 18, run_text
        if re.match(r"\s*[\u0600-\u06ff]", text):
            assert ppr is not None and ppr.find("w:bidi", NS) is not None, text
    return seen


def test_script_runs_split_where_the_script_changes() -> None:
    assert script_runs("سلام UNICEF جهان") == [
        ("سلام ", True),
        ("UNICEF", False),
        (" جهان", True),
    ]
    assert script_runs("Agenda 2030 for Cities", True) == [("Agenda 2030 for Cities", False)]
    # Neutrals between two Persian words stay Persian; at the edge, the paragraph's.
    assert script_runs("(۱) الف", True) == [("(۱) الف", True)]
    assert script_runs("Ref.: 1/1405/ب‌م", False) == [("Ref.: 1/1405/", False), ("ب‌م", True)]
    assert script_runs("", True) == []


def test_persian_letter_xml(demo_db: Database) -> None:
    data = word.letter_docx(demo_db, "1/1399/ب‌م", settings=Settings())
    root = _xml(data)
    assert root.find(".//w:sectPr/w:bidi", NS) is not None  # right-to-left pages
    assert _assert_persian_runs(root, "Tahoma") > 20
    text = _text(data)
    # Logical order, unshaped letters, Persian digits, Jalali dates.
    assert not PRESENTATION_FORMS.search(text)
    assert "شماره: ۱/۱۳۹۹/ب‌م" in text
    assert "تاریخ: ۱۳۹۹/۱۱/۱۸" in text
    assert "پیوست: ندارد" in text
    assert "جناب آقای سید کاظم سجادی" in text
    assert "موضوع: سپاس از دیدار ۱۶ بهمن ۱۳۹۹" in text
    assert "بدین‌وسیله از دیدار ۱۶ بهمن ۱۳۹۹" in text
    assert "قدرت اله نوروزی\nشهردار اصفهان" in text
    order = [text.index(s) for s in ("بسمه تعالی", "جناب آقای", "موضوع:", "با سلام", "قدرت اله")]
    assert order == sorted(order)
    # The register block faces the letterhead: a table whose first column is the right.
    assert root.find(".//w:tblPr/w:bidiVisual", NS) is not None
    # The default font of the document is the complex-script one too (text typed later).
    styles = _xml(data, "word/styles.xml")
    defaults = styles.find(".//w:docDefaults//w:rFonts", NS)
    assert _attr(defaults, "cs") == "Tahoma"
    lang = styles.find(".//w:docDefaults//w:lang", NS)
    assert _attr(lang, "bidi") == "fa-IR"


def test_the_office_font_from_settings(demo_db: Database) -> None:
    data = word.letter_docx(demo_db, "2/1405/ب‌م", settings=Settings(docx_font="B Nazanin"))
    root = _xml(data)
    assert _assert_persian_runs(root, "B Nazanin") > 10
    assert "Tahoma" not in etree.tostring(root).decode()
    assert "روادید" in _text(data)


def test_english_letter_is_left_to_right_with_gregorian_dates(demo_db: Database) -> None:
    data = word.letter_docx(demo_db, "1/1405/ب‌م", settings=Settings())
    root = _xml(data)
    assert root.find(".//w:sectPr/w:bidi", NS) is None
    text = _text(data)
    assert "Ref.: 1/1405/ب‌م" in text
    assert re.search(r"Date: \d{1,2} [A-Z][a-z]+ 2026", text)
    assert "Dear Ravi Udaharan," in text
    assert "from 5 December 2026 to 8 December 2026" in text
    assert not re.search("[۰-۹]", text)  # no Persian digits in an English letter
    for paragraph, ptext in _paragraphs(root):
        if ptext.startswith("Dear"):
            ppr = paragraph.find("w:pPr", NS)
            assert ppr is None or ppr.find("w:bidi", NS) is None
            assert all(r.find("w:rPr/w:rtl", NS) is None for r in paragraph.iter(f"{{{W}}}r"))
    # The register number's Persian letters are a right-to-left run inside it.
    number_runs = [r for r in root.iter(f"{{{W}}}r") if "".join(r.itertext()) == "ب‌م"]
    assert number_runs and number_runs[0].find("w:rPr/w:rtl", NS) is not None


def test_minutes_xml(demo_db: Database) -> None:
    data = word.minutes_docx(demo_db, "1399-001", settings=Settings())
    root = _xml(data)
    assert _assert_persian_runs(root, "Tahoma") > 100
    text = _text(data)
    for heading in ("صورتجلسه", "حاضران", "دستور جلسه", "مشروح مذاکرات", "مصوبات", "امضای حاضران"):
        assert heading in text
    assert "پنج‌شنبه ۱۶ بهمن ۱۳۹۹" in text
    assert "شماره: \u2066" not in text  # isolates are not used; numbers carry LRM marks
    assert "۱۳۹۹-۰۰۱" in text
    tables = root.findall(".//w:tbl", NS)
    assert tables and all(t.find("w:tblPr/w:bidiVisual", NS) is not None for t in tables)
    # Header rows repeat on every page.
    assert root.find(".//w:trPr/w:tblHeader", NS) is not None
    document = Document(io.BytesIO(data))  # python-docx reads it back
    assert document.tables[0].cell(1, 1).text == "قدرت اله نوروزی"


def test_classified_minutes_carry_the_mark_on_every_page(demo_db: Database) -> None:
    data = word.minutes_docx(demo_db, "1405-006", settings=Settings())
    header = _xml(data, "word/header1.xml")
    texts = "".join(header.itertext())
    assert "محرمانه" in texts
    run = next(r for r in header.iter(f"{{{W}}}r") if "محرمانه" in "".join(r.itertext()))
    assert run.find("w:rPr/w:rtl", NS) is not None


def test_visit_brief_xml_with_readiness(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    data = word.visit_brief_docx(demo_db, "1405-004", out, Settings(), clock=CLOCK)
    assert out.read_bytes() == data
    root = _xml(data)
    assert _assert_persian_runs(root, "Tahoma") > 100
    text = _text(data)
    order = [text.index(f"\n{s}\n") for s in ("پیشینه ارتباط", "برنامه بازدید", "آمادگی")]
    assert order == sorted(order)
    assert re.search("[۰-۹]+ از ۱۷ انجام شد", text)
    assert "۴۵ روز پیش از ورود" in text
    header = "".join(_xml(data, "word/header1.xml").itertext())
    assert "محدود" in header


@pytest.mark.parametrize("ref", ["no-such", "99/1405/ب‌م"])
def test_unknown_letter_is_refused(demo_db: Database, ref: str) -> None:
    from peyvand.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        word.letter_docx(demo_db, ref)
