"""Letters on the letterhead and the visit checklist, on the demo data: reading order,
page furniture, Persian and English."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pdftext import clean, glyphs, lines
from test_briefs import assert_clean_glyphs, body, flat

from peyvand import briefs
from peyvand.briefs.common import OVERDUE_TEXT
from peyvand.briefs.letters import LetterPrint, register_lines
from peyvand.config import Settings
from peyvand.domain.enums import Classification, Language, LetterKind
from peyvand.services import letters
from peyvand.storage.database import Database

from .conftest import CLOCK

SEED_LETTER = "1/1399/ب‌م"  # the thank-you letter after ۱۶ بهمن ۱۳۹۹
INVITATION_EN = "1/1405/ب‌م"


def test_persian_letter_reads_in_order(demo_db: Database) -> None:
    pdf = briefs.letter(demo_db, SEED_LETTER, settings=Settings())
    read = [clean(ln.text) for ln in body(pdf)]
    expected = [
        "بسمه تعالی",
        "جناب آقای سید کاظم سجادی",
        "معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه",
        "موضوع: سپاس از دیدار ۱۶ بهمن ۱۳۹۹",
        "با سلام و احترام،",
        "توافق‌های این دیدار که پیگیری آن‌ها آغاز شده است:",
        "با تجدید احترام",
        "قدرت اله نوروزی",
        "شهردار اصفهان",
    ]
    places = [read.index(line) for line in expected]
    assert places == sorted(places)
    text = flat(pdf)
    # The register block faces the letterhead; the number's parts are all there (the
    # bidi algorithm shows «۱/۱۳۹۹» as one number, then «/ب‌م», as every editor does).
    assert "شهرداری اصفهان شماره:" in text and "ب‌م" in text
    assert "تاریخ: ۱۳۹۹/۱۱/۱۸" in text and "پیوست: ندارد" in text
    assert "۱. تهیه پیش‌نویس تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد" in text
    # One page: no page footer on a one-page letter.
    assert max(g.page for g in glyphs(pdf)) == 1
    assert not any(ln.text.startswith("صفحه") for ln in lines(pdf))
    assert_clean_glyphs(pdf)


def test_english_letter_left_to_right_gregorian(demo_db: Database) -> None:
    pdf = briefs.letter(demo_db, INVITATION_EN, settings=Settings())
    read = [ln.text for ln in body(pdf, "L")]
    assert read[0].startswith("Isfahan Municipality Ref.:")
    assert any(line.endswith("Date: 19 October 2026") for line in read)
    assert "Subject: Invitation to visit Isfahan" in read
    assert "Dear Ravi Udaharan," in read
    # The mark of the restricted visit, in English, on the page.
    assert lines(pdf, "L")[0].text == "Restricted"
    assert_clean_glyphs(pdf)


def test_draft_prints_without_number_and_previews_take_none(demo_db: Database) -> None:
    composition = letters.compose(
        demo_db, LetterKind.THANK_YOU, visit_id=None, meeting_id=None, partnership_id=None,
        settings=Settings(), clock=CLOCK, template="نامه تشکر",
    )  # fmt: skip
    pdf = briefs.letter_preview(composition.values, Settings())
    text = flat(pdf)
    assert "شماره: پیش‌نویس" in text
    # The date is left blank until the letter is registered.
    assert text.split("تاریخ:")[1].split()[0] == "پیوست:"
    assert register_lines(LetterPrint.of(composition.values))[0] == ("شماره", "پیش‌نویس")


def test_letter_print_of_every_field() -> None:
    values = {
        "language": Language.ENGLISH,
        "number": "12/1405/IR",
        "has_attachments": True,
        "attachments_note": "Minutes, 4 pages",
        "subject": "Minutes",
        "classification": Classification.CONFIDENTIAL,
        "edition": 2,
    }
    shown = dict(register_lines(LetterPrint.of(values)))
    assert shown == {
        "Ref.": "12/1405/IR",
        "Date": "",
        "Enclosures": "Minutes, 4 pages",
        "Edition": "2",
    }


def test_checklist_pdf(demo_db: Database) -> None:
    pdf = briefs.checklist(demo_db, "1405-004", settings=Settings(), clock=CLOCK)
    read = [clean(ln.text) for ln in body(pdf)]
    assert read[2] == "فهرست آمادگی هیئت"
    assert "سفر هیئت شهرداری بزرگ حیدرآباد به اصفهان" in read
    progress = next(line for line in read if "از ۱۷ انجام شد" in line)
    assert progress == "۵ از ۱۷ انجام شد، ۱ مورد عقب‌افتاده."
    assert any(line.startswith("✓ صدور و ارسال دعوت‌نامه رسمی") for line in read)
    assert any(line.startswith("☐ انتخاب و تهیه هدایا") for line in read)
    text = flat(pdf)
    assert "۴۵ روز پیش از ورود" in text and "۷ روز پس از بازگشت" in text
    # The check, in its cell (wrapped over two lines of the table).
    assert any("هدیه‌ای برای این سفر در" in line for line in read)
    assert any("دفتر هدایا ثبت نشده است." in line for line in read)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        red = [
            c["text"]
            for page in doc.pages
            for c in page.chars
            if c.get("non_stroking_color")
            and tuple(round(v, 2) for v in c["non_stroking_color"]) == OVERDUE_TEXT
        ]
    assert red  # the overdue item
    every = lines(pdf)
    for page in range(1, max(g.page for g in glyphs(pdf)) + 1):
        assert next(ln.text for ln in every if ln.page == page) == "محدود"
    drawn = glyphs(pdf)
    # The boxes come from the bundled symbol font; everything else is Vazirmatn.
    assert {g.text for g in drawn if "Vazirmatn" not in g.font} == {"✓", "☐"}
    assert all("NotoSansSymbols2" in g.font for g in drawn if g.text in "✓☐")
    assert not [g for g in drawn if g.raw in ("", "\x00") or g.raw.startswith("(cid:")]


def test_visit_without_checklist(demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "checklist.pdf"
    briefs.checklist(demo_db, "1405-005", out, Settings(), clock=CLOCK)
    assert "برای این سفر فهرست آمادگی ساخته نشده است." in flat(out.read_bytes())
    assert "آمادگی" not in [ln.text for ln in body(briefs.visit_brief(demo_db, "1405-005"))]


def test_visit_brief_ends_with_readiness(demo_db: Database) -> None:
    pdf = briefs.visit_brief(demo_db, "1405-004", clock=CLOCK)
    read = [clean(ln.text) for ln in body(pdf)]
    heading = read.index("آمادگی")
    assert heading > read.index("برنامه بازدید")
    assert read[heading + 1] == "۵ از ۱۷ انجام شد، ۱ مورد عقب‌افتاده."
    # Checklist items are not listed again as commitments to the other side.
    commitments = " ".join(read[read.index("تعهدات و پیگیری‌های باز") : read.index("وضعیت همکاری")])
    assert "انتخاب و تهیه هدایا" not in commitments


@pytest.mark.parametrize("ref", ["no-such", "99/1405/ب‌م"])
def test_unknown_letter(demo_db: Database, ref: str) -> None:
    from peyvand.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        briefs.letter(demo_db, ref)
