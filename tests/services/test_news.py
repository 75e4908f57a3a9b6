"""The news draft of the demo's seed meeting (1399-001) reads like the municipal news
item it was recorded from; classified minutes are refused; the Word copy is right to
left."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from peyvand.config import Settings
from peyvand.domain import Meeting
from peyvand.domain.enums import Classification
from peyvand.domain.errors import ValidationError
from peyvand.services import meetings, news, news_docx, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from peyvand.services.demo import load_demo

    path = tmp_path_factory.mktemp("news") / "demo.sqlite3"
    db = Database.open(path)
    load_demo(db, clock=CLOCK)
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    import shutil

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    db = Database.open(path)
    yield db
    db.close()


def test_the_seed_meeting_as_a_news_item(demo: Database) -> None:
    item = news.draft(demo, "۱۳۹۹-۰۰۱", Settings())
    assert item.headline == (
        "دیدار شهردار اصفهان با معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه"
    )
    lead = item.paragraphs[0]
    # Who met whom, when and where, about what.
    assert lead.startswith(
        "شهردار اصفهان و معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه "
        "روز پنج‌شنبه ۱۶ بهمن ۱۳۹۹ در ساختمان مرکزی شهرداری اصفهان طی دیداری درباره "
    )
    assert "مشارکت ایرانیان خارج از کشور در سرمایه‌گذاری در اصفهان" in lead
    assert lead.endswith("گفت‌وگو و تبادل نظر کردند.")
    first = item.paragraphs[1]
    assert first.startswith(
        "به گزارش اداره کل ارتباطات و امور بین‌الملل شهرداری اصفهان، قدرت اله نوروزی، "
        "شهردار اصفهان، در دیدار با سید کاظم سجادی، معاون کنسولی، امور مجلس و ایرانیان "
        "وزارت امور خارجه، اظهار کرد: دولت‌های محلی اگر در دیپلماسی عمومی فعال باشند"
    )
    assert item.paragraphs[2].startswith("وی افزود: اصفهان عنوان شهر جهانی دارد")
    # Each speaker in the order of the minutes: the mayor, the deputy minister, and
    # «در پایان» the director general.
    turns = [p for p in item.paragraphs if "اظهار کرد:" in p]
    assert [t.split("،")[1].strip() for t in turns] == [
        "قدرت اله نوروزی", "سید کاظم سجادی", "ایمان حجتی",
    ]  # fmt: skip
    assert turns[1].startswith("در ادامه این دیدار، سید کاظم سجادی")
    assert "اظهار کرد: تبریک بابت اعطای نشان نامزدی شهر دوستدار کودک" in turns[1]
    assert turns[2].startswith("در پایان این دیدار، ایمان حجتی، مدیرکل ارتباطات")
    # Every statement of the minutes is there, in order, attributed once each.
    detail = meetings.get_detail(demo, "1399-001")
    body = item.paragraphs[1 : 1 + len(detail.statements)]
    for para, statement in zip(body, detail.statements, strict=True):
        assert statement.row.text.rstrip(".") in para
    assert all(":" in para for para in body)
    # Then the decisions, numbered.
    at = item.paragraphs.index("بر پایه تصمیم‌های این نشست مقرر شد:")
    assert at == 1 + len(detail.statements)
    decisions = item.paragraphs[at + 1 : at + 1 + len(detail.decisions)]
    assert decisions[0].startswith("۱. تهیه پیش‌نویس تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد")
    assert all(d.endswith(".") for d in decisions)
    assert item.paragraphs[-1] == "انتهای خبر/"
    # The seed's minutes are not final in the demo: said, not refused.
    assert [w.msg_id for w in item.warnings] == ["news.not_final"]
    assert "نهایی نشده" in item.warnings[0].message("fa")
    assert item.text.startswith(item.headline + "\n\n" + lead)


def test_final_minutes_give_no_warning(demo: Database) -> None:
    seed = meetings.get_detail(demo, "1399-001").meeting
    meetings.finalize(demo, seed.id, clock=CLOCK)
    assert news.draft(demo, seed.id).warnings == []


@pytest.mark.parametrize("mark", [Classification.CONFIDENTIAL, Classification.SECRET])
def test_classified_minutes_are_refused(demo: Database, mark: Classification) -> None:
    seed = meetings.get_detail(demo, "1399-001").meeting
    records.update_row(demo, Meeting, seed.id, {"classification": mark})
    with pytest.raises(ValidationError) as info:
        news.draft(demo, "1399-001")
    assert info.value.msg_id == "news.classified"
    assert "محرمانه یا سری" in info.value.message("fa")


def test_restricted_minutes_are_drafted_with_a_warning(demo: Database) -> None:
    seed = meetings.get_detail(demo, "1399-001").meeting
    records.update_row(demo, Meeting, seed.id, {"classification": Classification.RESTRICTED})
    assert "news.restricted" in [w.msg_id for w in news.draft(demo, seed.id).warnings]


def test_a_meeting_without_participants_or_statements(db: Database) -> None:
    with db.session() as session:
        values = {"title": "نشست هماهنگی", "date": dt.date(2026, 11, 1)}
        meeting = records.create(session, Meeting, values)
    item = news.draft(db, meeting.id)
    assert item.paragraphs[0] == "نشست «نشست هماهنگی» روز یک‌شنبه ۱۰ آبان ۱۴۰۵ برگزار شد."
    assert "news.no_statements" in [w.msg_id for w in item.warnings]


def test_the_word_copy_is_right_to_left_with_tahoma_and_persian_digits(
    demo: Database, tmp_path: Path
) -> None:
    item = news.draft(demo, "1399-001")
    text = item.text.replace("۱۶ بهمن ۱۳۹۹", "16 بهمن 1399")  # typed in Latin digits
    headline, paragraphs = news_docx.split_text(text)
    path = news_docx.write(tmp_path / "خبر.docx", headline, paragraphs)
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == item.headline
    assert "۱۶ بهمن ۱۳۹۹" in texts[1] and "16" not in texts[1]
    assert len(texts) == len(item.paragraphs) + 1
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert xml.count("<w:bidi/>") == len(texts) + 1  # every paragraph and the section
    assert xml.count("<w:rtl/>") == len(texts)
    assert 'w:cs="Tahoma"' in xml and 'w:bidi="fa-IR"' in xml
    for para in document.paragraphs:
        ppr = para._p.pPr
        tags = [child.tag.split("}")[1] for child in ppr]
        assert tags.index("bidi") < tags.index("jc")  # the schema's order, or Word balks
    assert not list(tmp_path.glob("*.part"))


def test_clipboard_text_has_persian_digits_outside_latin_words() -> None:
    assert news.publishable("در سال 2021 و UNICEF 2030") == "در سال ۲۰۲۱ و UNICEF 2030"
