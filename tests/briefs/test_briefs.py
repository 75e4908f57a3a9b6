"""The four briefs on the demo data: content, reading order, page furniture, filters."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pdftext import Line, clean, glyphs, lines

from peyvand import briefs
from peyvand.briefs import data, meeting_data
from peyvand.briefs.common import OVERDUE_BACKGROUND, OVERDUE_TEXT
from peyvand.briefs.document import MARGIN_TOP
from peyvand.config import Settings
from peyvand.domain.enums import ActionStatus, Classification, Priority
from peyvand.domain.errors import NotFoundError
from peyvand.services import demo, listing
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.text import to_persian_digits

# As in conftest.py: the demo's "today", so that overdue is stable.
CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
FOOTER = re.compile(r"^صفحه ([۰-۹]+) از ([۰-۹]+)$")
SRC = Path(__file__).resolve().parents[2] / "src" / "peyvand" / "briefs"


def body(pdf: bytes, base: str = "R") -> list[Line]:
    """The lines in the frame: no footer, classification mark or running header."""
    return [
        ln
        for ln in lines(pdf, base)
        if not FOOTER.match(ln.text)
        and not re.match(r"^Page \d+ of \d+$", ln.text)
        and ln.top > MARGIN_TOP - 3
    ]


def flat(pdf: bytes, base: str = "R") -> str:
    """The document's text in reading order, lines joined by spaces (bidi marks removed)."""
    return clean(" ".join(ln.text for ln in body(pdf, base)))


def pages(pdf: bytes) -> int:
    return max(g.page for g in glyphs(pdf))


def assert_footers(pdf: bytes) -> None:
    found = [FOOTER.match(ln.text) for ln in lines(pdf)]
    numbers = [(m.group(1), m.group(2)) for m in found if m]
    total = to_persian_digits(pages(pdf))
    assert numbers == [(to_persian_digits(n), total) for n in range(1, pages(pdf) + 1)]


def assert_clean_glyphs(pdf: bytes) -> None:
    drawn = glyphs(pdf)
    assert all("Vazirmatn" in g.font for g in drawn)
    assert not [g for g in drawn if g.raw in ("", "\x00") or g.raw.startswith("(cid:")]


def row_with(pdf: bytes, first_cell: str, second_cell: str) -> list[str]:
    for ln in body(pdf):
        cells = [clean(c) for c in ln.cell_texts()]
        if cells[:2] == [first_cell, second_cell]:
            return cells
    raise AssertionError(f"no table row starting {first_cell} | {second_cell}")


@pytest.fixture(scope="module")
def seed_pdf(demo_path: Path) -> bytes:
    db = Database.open(demo_path)
    try:
        return briefs.meeting_brief(db, "1399-001")
    finally:
        db.close()


# -- meeting brief ----------------------------------------------------------------------


def test_seed_meeting_brief_header(seed_pdf: bytes) -> None:
    read = body(seed_pdf)
    assert seed_pdf.startswith(b"%PDF")
    assert [read[0].text, read[1].text] == ["شهرداری اصفهان", "اداره کل ارتباطات و امور بین‌الملل"]
    assert read[2].text == "صورتجلسه"
    assert read[3].text == demo.SEED_TITLE
    text = flat(seed_pdf)
    for fact in (
        "شماره: ۱۳۹۹-۰۰۱",
        "تاریخ: پنج‌شنبه ۱۶ بهمن ۱۳۹۹",
        "ساعت: ۱۰:۰۰ تا ۱۱:۳۰",
        "محل: ساختمان مرکزی شهرداری اصفهان",
        "طبقه‌بندی: عادی",
    ):
        assert fact in text


def test_seed_meeting_participants_table_starts_on_the_right(seed_pdf: bytes) -> None:
    header = next(ln for ln in body(seed_pdf) if ln.cell_texts()[:2] == ["ردیف", "نام"])
    assert header.cell_texts() == ["ردیف", "نام", "سمت", "سازمان", "طرف", "نقش", "حضور"]
    xs = [min(g.x0 for w in cell for g in w) for cell in header.cells]
    assert xs == sorted(xs, reverse=True)
    assert row_with(seed_pdf, "۱", "قدرت اله نوروزی") == [
        "۱",
        "قدرت اله نوروزی",
        "شهردار اصفهان",
        "شهرداری اصفهان",
        "میزبان",
        "رئیس جلسه",
        "حاضر",
    ]
    row = row_with(seed_pdf, "۳", "سید کاظم سجادی")
    assert row[2] == "معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه"
    assert row[4] == "مهمان"


def test_seed_meeting_statements_by_speaker_in_order(seed_pdf: bytes) -> None:
    text = flat(seed_pdf)
    positions = []
    for _speaker, statement in demo.SEED_STATEMENTS:
        assert statement in text  # whole, across line and page breaks
        positions.append(text.index(statement))
    assert positions == sorted(positions)
    people = dict(demo.PEOPLE)
    speakers = ["person.mayor", "person.sajjadi", "person.hojjati"]
    heads = [text.index(f"{people[k]['name']} — {people[k]['title']}") for k in speakers]
    assert heads == sorted(heads)
    assert heads[1] < text.index(demo.SEED_STATEMENTS[8][1])  # Sajjadi's first statement


def test_seed_meeting_numbered_decisions_with_owner_and_due_date(seed_pdf: bytes) -> None:
    text = flat(seed_pdf)
    previous = text.index("مصوبات")
    for n, decision in enumerate(demo.SEED_DECISIONS, start=1):
        here = text.index(f"{to_persian_digits(n)}. {decision.text}")
        assert here > previous
        previous = here
    assert (
        "مسئول اجرا: ایمان حجتی، اداره کل ارتباطات و امور بین‌الملل؛ مهلت: شنبه ۱۶ اسفند ۱۳۹۹"
        in text
    )
    assert text.index("امضای حاضران") > previous


def test_seed_meeting_pages_glyphs_and_repeatability(seed_pdf: bytes, demo_db: Database) -> None:
    assert pages(seed_pdf) >= 3
    assert_footers(seed_pdf)
    assert_clean_glyphs(seed_pdf)
    again = briefs.meeting_brief(demo_db, "1399-001")
    assert [ln.text for ln in lines(again)] == [ln.text for ln in lines(seed_pdf)]


def running_headers(pdf: bytes, base: str = "R") -> dict[int, str]:
    """Page -> the running header (the line in the top margin that is not the mark)."""
    marks = {"محرمانه", "محدود", "سری", "Restricted", "Confidential", "Secret"}
    found: dict[int, str] = {}
    for ln in lines(pdf, base):
        if ln.top < MARGIN_TOP - 3 and ln.text not in marks:
            assert ln.page not in found, "one running header a page"
            found[ln.page] = clean(ln.text)
    return found


def test_every_brief_carries_a_running_header_on_continuation_pages(
    seed_pdf: bytes, demo_db: Database
) -> None:
    title = f"صورتجلسه ۱۳۹۹-۰۰۱ — {demo.SEED_TITLE}"
    assert running_headers(seed_pdf) == {n: title for n in range(2, pages(seed_pdf) + 1)}
    made = {
        "visit": briefs.visit_brief(demo_db, "1405-004", clock=CLOCK),
        "itinerary": briefs.itinerary(demo_db, "1405-004"),
        "en": briefs.itinerary(demo_db, "1405-004", lang="en"),
        "actions": briefs.actions_report(demo_db, clock=CLOCK),
    }
    starts = {
        "visit": "گزارش توجیهی دیدار با هیئت ۱۴۰۵-۰۰۴ — ",
        "itinerary": "برنامه بازدید ۱۴۰۵-۰۰۴ — ",
        "en": "Visit Programme 1405-004 — ",
        "actions": "گزارش پیگیری‌ها — ",
    }
    for kind, pdf in made.items():
        heads = running_headers(pdf, "L" if kind == "en" else "R")
        assert sorted(heads) == list(range(2, pages(pdf) + 1)), kind
        assert all(h.startswith(starts[kind]) for h in heads.values()), (kind, heads)
    assert pages(made["visit"]) >= 2 and pages(made["actions"]) >= 2


def test_meeting_brief_to_a_path_or_a_stream(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "out" / "brief.pdf"
    pdf = briefs.meeting_brief(demo_db, "۱۳۹۹-۰۰۱", target)
    assert target.read_bytes() == pdf
    stream = io.BytesIO()
    assert briefs.meeting_brief(demo_db, "1399-001", stream) == stream.getvalue()
    assert [ln.text for ln in lines(stream.getvalue())] == [ln.text for ln in lines(pdf)]
    assert not list(target.parent.glob("*.part"))


def test_unknown_meeting_is_not_found(demo_db: Database) -> None:
    with pytest.raises(NotFoundError):
        briefs.meeting_brief(demo_db, "1300-999")


def test_confidential_meeting_is_marked_on_every_page(demo_db: Database) -> None:
    refs = [line.ref for line in listing.list_lines(demo_db, "meetings")]
    secret = [
        r
        for r in refs
        if meeting_data.meeting_data(demo_db, r).classification == Classification.CONFIDENTIAL
    ]
    assert secret
    pdf = briefs.meeting_brief(demo_db, secret[0])
    assert pages(pdf) >= 2
    every = lines(pdf)
    for page in range(1, pages(pdf) + 1):
        assert next(ln.text for ln in every if ln.page == page) == "محرمانه"
    assert_footers(pdf)


def test_meeting_data_groups_statements_by_speaker(demo_db: Database) -> None:
    brief = meeting_data.meeting_data(demo_db, "1399-001")
    assert [len(g.statements) for g in brief.statements] == [8, 9, 5]
    assert [g.speaker for g in brief.statements] == [
        "قدرت اله نوروزی",
        "سید کاظم سجادی",
        "ایمان حجتی",
    ]
    assert [d.number for d in brief.decisions] == list(range(1, 8))
    assert brief.decisions[1].unit == "دفتر شهردار"


# -- visit brief ------------------------------------------------------------------------


def test_visit_brief_sections_and_mark(demo_db: Database) -> None:
    pdf = briefs.visit_brief(demo_db, "1405-004", clock=CLOCK)
    text = flat(pdf)
    sections = [
        "اعضای هیئت",
        "میزبانان و همراهان",
        "نکات تشریفاتی",
        "هدف سفر",
        "محورهای گفت‌وگو",
        "پیشینه ارتباط",
        "تعهدات و پیگیری‌های باز",
        "وضعیت همکاری",
        "هدایا",
        "پشتیبانی",
        "برنامه بازدید",
    ]
    places = [text.index(s) for s in sections]
    assert places == sorted(places)
    assert (
        "سازمان: شهرداری بزرگ حیدرآباد (شهرداری)، Greater Hyderabad Municipal Corporation" in text
    )
    assert "در مکاتبات انگلیسی با عنوان «Shri» خطاب شود" in text
    assert row_with(pdf, "۱", "راوی اوداهاران")[3] == "رئیس هیئت"
    every = lines(pdf)
    for page in range(1, pages(pdf) + 1):
        assert next(ln.text for ln in every if ln.page == page) == "محدود"
    assert_footers(pdf)
    assert_clean_glyphs(pdf)


def test_visit_brief_highlights_overdue_commitments(demo_db: Database) -> None:
    pdf = briefs.visit_brief(demo_db, "1405-006", clock=CLOCK)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fills = [
            tuple(round(v, 2) for v in r["non_stroking_color"])
            for page in doc.pages
            for r in page.rects
            if r.get("fill") and r.get("non_stroking_color")
        ]
        red = [
            c["text"]
            for page in doc.pages
            for c in page.chars
            if c.get("non_stroking_color")
            and tuple(round(v, 2) for v in c["non_stroking_color"]) == OVERDUE_TEXT
        ]
    assert tuple(round(v, 2) for v in OVERDUE_BACKGROUND) in fills
    assert red  # the overdue row's text is red
    assert "معوق (۱ روز)" in flat(pdf)


def test_visit_brief_lists_gifts_of_earlier_visits(demo_db: Database) -> None:
    # Lena Beispiel comes back: the brief shows what she was given last time.
    text = flat(briefs.visit_brief(demo_db, "1405-005", clock=CLOCK))
    assert "قلمدان مینیاتور با نقش گل و مرغ" in text
    assert "کتاب مصور «اصفهان، نصف جهان»" in text


# -- itineraries ------------------------------------------------------------------------


def test_persian_itinerary_day_by_day(demo_db: Database) -> None:
    pdf = briefs.itinerary(demo_db, "1405-004")
    text = flat(pdf)
    days = [
        "روز اول — شنبه ۱۴ آذر ۱۴۰۵",
        "روز دوم — یک‌شنبه ۱۵ آذر ۱۴۰۵",
        "روز سوم — دوشنبه ۱۶ آذر ۱۴۰۵",
        "روز چهارم — سه‌شنبه ۱۷ آذر ۱۴۰۵",
    ]
    assert [text.index(d) for d in days] == sorted(text.index(d) for d in days)
    assert row_with(pdf, "۱۲:۳۰ تا ۱۴:۰۰", "عمارت تاریخی میزبان") == [
        "۱۲:۳۰ تا ۱۴:۰۰",
        "عمارت تاریخی میزبان",
        "ضیافت ناهار (منوی گیاهی)",
        "دفتر شهردار",
    ]
    assert "بازدید از میدان، مسجد شیخ لطف‌الله و عالی‌قاپو" in text
    assert_footers(pdf)
    assert_clean_glyphs(pdf)


def test_english_itinerary_left_to_right(demo_db: Database) -> None:
    pdf = briefs.itinerary(demo_db, "1405-004", lang="en")
    assert lines(pdf, "L")[0].text == "Restricted"
    read = body(pdf, "L")
    assert read[0].text == "Isfahan Municipality"  # the English name, from the address book
    text = clean(" ".join(ln.text for ln in read))
    assert "Visit of the Greater Hyderabad Municipal Corporation delegation" in text
    assert "Head of delegation: Ravi Udaharan, Director of International Relations" in text
    assert text.index("Day 1 — Saturday, 5 December 2026") < text.index(
        "Day 2 — Sunday, 6 December 2026"
    )
    header = next(ln for ln in read if ln.cell_texts()[:1] == ["Time"])
    assert header.cell_texts() == ["Time", "Place", "Activity", "Hosts"]
    xs = [min(g.x0 for w in cell for g in w) for cell in header.cells]
    assert xs == sorted(xs)  # the first column on the left
    row = next(ln for ln in read if ln.cell_texts()[:1] == ["12:30–14:00"])
    assert row.cell_texts() == [
        "12:30–14:00",
        "Historic guest house",
        "Lunch (vegetarian menu)",
        "Office of the Mayor",
    ]
    assert not any("\u0600" <= c <= "\u06ff" for c in text)  # nothing left in Persian
    footers = [ln.text for ln in lines(pdf, "L") if ln.text.startswith("Page ")]
    assert footers == [f"Page {n} of {pages(pdf)}" for n in range(1, pages(pdf) + 1)]


def test_itinerary_language_is_checked(demo_db: Database) -> None:
    with pytest.raises(ValueError, match="language"):
        briefs.itinerary(demo_db, "1405-004", lang="de")  # type: ignore[arg-type]


# -- follow-up report -------------------------------------------------------------------


def test_actions_report_grouped_with_counts_and_progress(demo_db: Database) -> None:
    calls: list[tuple[int, int]] = []
    pdf = briefs.actions_report(
        demo_db, clock=CLOCK, progress=lambda done, total: calls.append((done, total))
    )
    report = data.actions_data(demo_db, clock=CLOCK)
    total = len(report.actions)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    # The demo's checklist items (visits 1405-004 and 1405-006) are follow-ups too.
    total_row = row_with(pdf, "جمع کل", "۳۱")
    assert total_row == ["جمع کل", "۳۱", "۱۳", "۲۲", "۱", "۸", to_persian_digits(total)]
    text = flat(pdf)
    assert "اداره کل ارتباطات و امور بین‌الملل (۴۲ پیگیری، ۶ معوق)" in text
    assert "اداره تشریفات (۱۴ پیگیری)" in text
    assert "۳۴ روز تأخیر" in text
    assert_footers(pdf)
    assert_clean_glyphs(pdf)


def test_actions_report_filters(demo_db: Database) -> None:
    late = data.actions_data(demo_db, overdue_only=True, clock=CLOCK)
    assert len(late.actions) == 8 and all(a.overdue for a in late.actions)
    text = flat(briefs.actions_report(demo_db, overdue_only=True, clock=CLOCK))
    assert "محدوده: فقط پیگیری‌های معوق" in text
    assert text.count("روز تأخیر") == 8

    intl = data.actions_data(demo_db, unit="intl", clock=CLOCK)
    assert {a.unit for a in intl.actions} == {"اداره کل ارتباطات و امور بین‌الملل"}
    assert intl.filters.unit == "اداره کل ارتباطات و امور بین‌الملل"
    text = flat(briefs.actions_report(demo_db, unit="INTL", clock=CLOCK))
    assert "واحد: اداره کل ارتباطات و امور بین‌الملل" in text
    assert "اداره تشریفات" not in text

    done = data.actions_data(demo_db, status=ActionStatus.DONE, clock=CLOCK)
    assert {a.status for a in done.actions} == {ActionStatus.DONE}

    start = CLOCK.now().date()
    end = start + dt.timedelta(days=4)
    window = data.actions_data(demo_db, due_from=start, due_to=end, clock=CLOCK)
    assert window.actions
    assert all(a.due is not None and start <= a.due <= end for a in window.actions)
    text = flat(briefs.actions_report(demo_db, due_from=start, due_to=end, clock=CLOCK))
    assert "مهلت: از ۱۴۰۵/۰۹/۰۵ تا ۱۴۰۵/۰۹/۰۹" in text


def test_actions_report_with_nothing_to_show(demo_db: Database) -> None:
    text = flat(
        briefs.actions_report(
            demo_db, status=[ActionStatus.CANCELLED], overdue_only=True, clock=CLOCK
        )
    )
    assert "پیگیری‌ای با این شرایط پیدا نشد." in text


def test_unknown_unit_is_not_found(demo_db: Database) -> None:
    with pytest.raises(NotFoundError):
        briefs.actions_report(demo_db, unit="نیست", clock=CLOCK)


# -- layering ---------------------------------------------------------------------------


def test_briefs_never_import_qt() -> None:
    modules = sorted(f"peyvand.briefs.{p.stem}" for p in SRC.glob("*.py") if p.stem != "__init__")
    script = (
        "import importlib, json, sys\n"
        "for name in json.loads(sys.argv[1]): importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(["peyvand.briefs", *modules])],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


# -- letterhead -------------------------------------------------------------------------


def test_letterhead_with_a_logo(demo_db: Database, tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (20, 60, 120)).save(logo)
    settings = Settings(letterhead_org="شهرداری نمونه", letterhead_logo=str(logo))
    pdf = briefs.meeting_brief(demo_db, "1399-001", settings=settings)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        images = doc.pages[0].images
    assert len(images) == 1
    org = body(pdf)[0]
    assert org.text == "شهرداری نمونه"
    # The logo is on the right, the name beside it.
    assert max(g.x1 for g in org.glyphs) < images[0]["x0"]


def test_missing_logo_is_skipped(demo_db: Database, tmp_path: Path) -> None:
    settings = Settings(letterhead_logo=str(tmp_path / "none.png"))
    pdf = briefs.meeting_brief(demo_db, "1399-001", settings=settings)
    assert body(pdf)[0].text == "شهرداری اصفهان"


# -- sparse records ---------------------------------------------------------------------


def test_briefs_of_records_with_almost_nothing(db: Database) -> None:
    from peyvand.domain import Visit
    from peyvand.services import meetings, records

    detail = meetings.record_meeting(db, {"title": "جلسه بی‌دستور", "date": dt.date(2024, 3, 19)})
    visit = records.create_row(db, Visit, {"title": "سفر بی‌برنامه"})
    meeting_pdf = briefs.meeting_brief(db, detail.meeting.number)
    assert "جلسه بی‌دستور" in flat(meeting_pdf)
    assert "تاریخ: سه‌شنبه ۲۹ اسفند ۱۴۰۲" in flat(meeting_pdf)
    assert_footers(meeting_pdf)
    text = flat(briefs.visit_brief(db, visit.id, clock=CLOCK))
    assert "سابقه‌ای از دیدار یا جلسه پیشین ثبت نشده است." in text
    assert "برنامه‌ای برای این سفر ثبت نشده است." in text
    assert "No programme has been recorded" in flat(
        briefs.itinerary(db, str(visit.id), lang="en"), "L"
    )
    report = flat(briefs.actions_report(db, clock=CLOCK))
    assert "پیگیری‌ای با این شرایط پیدا نشد." in report


# -- follow-up report: a heading stays with its first rows --------------------------------


def _report_actions() -> list[data.ReportAction]:
    def action(k: int, status: ActionStatus) -> data.ReportAction:
        return data.ReportAction(
            number=f"1405-{k:03d}",
            # Rows in progress take two lines (taller than the room a fixed guess leaves).
            title="تهیه گزارش سفر هیئت" + (" و هماهنگی" * 8 if k in (4, 5) else ""),
            owner="سارا فرض‌نژاد",
            unit="واحد تشریفات",
            due=dt.date(2026, 12, 1),
            priority=Priority.NORMAL,
            status=status,
            overdue=False,
            days_left=5,
        )

    statuses = [ActionStatus.OPEN] * 3 + [ActionStatus.IN_PROGRESS] * 2 + [ActionStatus.DONE] * 3
    return [action(k, st) for k, st in enumerate(statuses, start=1)]


NUMBER_CELL = re.compile(r"^[۰-۹]{4}-[۰-۹]{3}$")
HEADS = re.compile(r"^(واحد تشریفات \(|باز \(|در جریان \(|انجام‌شده \()")


@pytest.mark.parametrize("room", range(60, 320, 8))
def test_actions_report_keeps_each_heading_with_two_rows_not_the_whole_block(
    room: int,
) -> None:
    from reportlab.platypus import Spacer

    from peyvand.briefs import followup_report
    from peyvand.briefs.common import Styles, furniture
    from peyvand.briefs.document import FRAME_HEIGHT, render

    # Only ``room`` points of the first page are left for the unit's block.
    block = followup_report.unit_block("واحد تشریفات", _report_actions(), Styles("R"))
    pdf = render(
        [Spacer(1, FRAME_HEIGHT - room), *block],
        furniture(Classification.NORMAL, "R"),
        title="t",
        author="t",
    )
    read = body(pdf)
    heads = [n for n, ln in enumerate(read) if HEADS.match(ln.text)]
    assert len(heads) == 4
    sizes = {"واحد": 3, "باز": 3, "در": 2, "انجام‌شده": 3}
    for n in heads:
        # Rows of the table under this heading that are on the heading's own page.
        rows = 0
        for ln in read[n + 1 :]:
            if ln.page != read[n].page or (HEADS.match(ln.text) and rows):
                break
            rows += bool(NUMBER_CELL.match(clean(ln.cell_texts()[0])))
        want = min(2, sizes[read[n].text.split()[0]])
        assert rows >= want, (read[n].text, rows)
    # The block goes to the next page only when its heading, the first status heading,
    # the table header and two rows do not fit (12 + 25 + 25 + 3 + 3 × 21.5 points).
    unit = read[heads[0]]
    needed = 12 + 21 + 4 + 6 + 19 + 3 + 3 * 21.5
    assert unit.page == (1 if room >= needed else 2), room


def test_a_meeting_with_an_undrawable_character_is_reported_by_the_brief_and_the_cli(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from peyvand import cli
    from peyvand.briefs.result import missing_glyphs
    from peyvand.services import meetings

    lost = "\U0001d11e"  # MUSICAL SYMBOL G CLEF: in no bundled font
    detail = meetings.record_meeting(
        db, {"title": f"جلسه موسیقی {lost} 👍", "date": dt.date(2024, 3, 19)}
    )
    pdf = briefs.meeting_brief(db, detail.meeting.number)
    assert missing_glyphs(pdf) == (lost,)  # 👍 comes from the emoji font: not missing
    drawn = [g for g in glyphs(pdf) if g.raw == "\ufffd"]
    assert drawn and all("Vazirmatn" in g.font for g in drawn)
    assert any("NotoEmoji" in g.font for g in glyphs(pdf) if g.raw == "👍")
    db.close()
    out = db_path.parent / "brief.pdf"
    code = cli.main(
        ["brief", "meeting", detail.meeting.number, "--db", str(db_path), "-o", str(out)]
    )
    assert code == 0 and out.is_file()
    err = capsys.readouterr().err
    assert "warning" in err and "U+1D11E" in err
    assert missing_glyphs(b"%PDF plain bytes") == ()
