"""Paragraphs, tables and pages, read back from the PDF with pdfplumber."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pdftext import Line, clean, glyphs, lines
from reportlab.platypus import Flowable

from peyvand.briefs.document import MARGIN_X, PAGE_WIDTH, Furniture, render
from peyvand.briefs.paragraph import Paragraph, Span, Style
from peyvand.briefs.table import Column, Row, Table, TableStyle
from peyvand.text import to_persian_digits

BODY = Style(size=10.5, leading=19)
LEFT, RIGHT = MARGIN_X, PAGE_WIDTH - MARGIN_X
FOOTER = re.compile(r"^صفحه [۰-۹]+ از [۰-۹]+$")

MIXED = (
    "شهرداری اصفهان لوگوی نامزدی «شهر دوستدار کودک» یونیسف (UNICEF) را دریافت کرد؛ "
    "پروژه با صرف ۷۰۰ میلیارد تومان اعتبار فعال شد. قطعاً این کار می‌شود و روابط "
    "بین‌الملل را قوی می‌کند. منبع: https://riahnews.ir/?p=4402 در تاریخ 2021-02-04 "
    "با تلفن +98 31 5555 0101 و رایانامه m.x@example.org."
)
# What MIXED prints: Persian digits stay, Latin tokens keep theirs.
MIXED_PRINTED = MIXED


def pdf_of(story: list[Flowable], classification: str = "", direction: str = "R") -> bytes:
    def footer(page: int, pages: int) -> str:
        if direction == "L":
            return f"Page {page} of {pages}"
        return f"صفحه {to_persian_digits(page)} از {to_persian_digits(pages)}"

    return render(
        story,
        Furniture(direction, footer, classification),  # type: ignore[arg-type]
        title="test",
        author="test",
    )


def body(pdf: bytes, base: str = "R") -> list[Line]:
    """Lines other than the page footers."""
    return [ln for ln in lines(pdf, base) if not FOOTER.match(ln.text) and "Page" not in ln.text]


def right_edge(line: Line) -> float:
    return max(g.x1 for g in line.glyphs if not g.raw.isspace())


def left_edge(line: Line) -> float:
    return min(g.x0 for g in line.glyphs if not g.raw.isspace())


# -- paragraphs -------------------------------------------------------------------------


def test_multi_line_paragraph_reads_top_to_bottom_in_logical_order() -> None:
    text = " ".join(f"واژه{to_persian_digits(n)}" for n in range(1, 120))
    read = body(pdf_of([Paragraph(text, BODY)]))
    assert len(read) > 3
    tops = [ln.top for ln in read]
    assert tops == sorted(tops)  # the first line is above the second, and so on
    assert read[0].text.startswith("واژه۱ واژه۲ واژه۳")
    assert " ".join(ln.text for ln in read) == text


def test_words_within_a_line_read_right_to_left() -> None:
    (line,) = body(pdf_of([Paragraph("یک دو سه چهار", BODY)]))
    # Drawn left to right: the last word first, each word spelled backwards.
    assert line.visual.split() == ["راهچ", "هس", "ود", "کی"]
    assert line.text == "یک دو سه چهار"


def test_latin_numbers_urls_dates_phone_and_brackets_in_a_persian_paragraph() -> None:
    read = body(pdf_of([Paragraph(MIXED, BODY)]))
    assert clean(" ".join(ln.text for ln in read)) == MIXED_PRINTED


def test_latin_word_sits_between_its_persian_neighbours() -> None:
    (line,) = body(pdf_of([Paragraph("یونیسف (UNICEF) را", BODY)]))
    drawn = {"".join(g.text for g in w): w for cell in line.cells for w in cell}
    unicef = drawn["(UNICEF)"]
    before = drawn["فسینوی"]  # visual spelling of یونیسف
    after = drawn["ار"]
    assert before[0].x0 > unicef[-1].x1 > unicef[0].x0 > after[-1].x1
    # The bracket drawn on the left is an opening one, the right one a closing one.
    assert unicef[0].text == "(" and unicef[-1].text == ")"


def test_guillemets_face_the_right_way() -> None:
    (line,) = body(pdf_of([Paragraph("«شهر دوستدار کودک»", BODY)]))
    chars = [g.text for g in line.glyphs if not g.raw.isspace()]
    assert chars[0] == "«" and chars[-1] == "»"  # as in «…» on paper
    assert line.text == "«شهر دوستدار کودک»"


def test_iso_date_and_phone_are_not_reversed() -> None:
    (line,) = body(pdf_of([Paragraph("تاریخ 2021-02-04 و تلفن +98 31 5555 0101", BODY)]))
    assert "2021-02-04" in line.visual
    assert "+98 31 5555 0101" in line.visual
    assert clean(line.text) == "تاریخ 2021-02-04 و تلفن +98 31 5555 0101"


def test_numbers_with_persian_digits_read_left_to_right() -> None:
    (line,) = body(pdf_of([Paragraph("با صرف ۷۰۰ میلیارد تومان در ۱۳۹۹/۱۱/۱۶", BODY)]))
    assert "۷۰۰" in line.visual and "۱۳۹۹/۱۱/۱۶" in line.visual
    assert line.text == "با صرف ۷۰۰ میلیارد تومان در ۱۳۹۹/۱۱/۱۶"


def test_harakat_are_drawn() -> None:
    pdf = pdf_of([Paragraph("قطعاً خانهٔ مُحمد", BODY)])
    marks = [g.raw for g in glyphs(pdf) if unicodedata.category(g.raw) == "Mn"]
    assert marks.count("\u064b") == 1 and "\u0654" in marks and "\u064f" in marks
    (line,) = body(pdf)
    assert line.text == "قطعاً خانهٔ مُحمد"


def test_zwnj_words_are_joined_correctly() -> None:
    (line,) = body(pdf_of([Paragraph("می‌شود", BODY)]))
    drawn = [g for g in line.glyphs if not g.raw.isspace()]
    # Left to right: د و ش | ZWNJ | ی م
    names = [unicodedata.name(g.raw) for g in drawn if g.raw != "\u200c"]
    assert names == [
        "ARABIC LETTER DAL",
        "ARABIC LETTER WAW FINAL FORM",
        "ARABIC LETTER SHEEN INITIAL FORM",
        "ARABIC LETTER FARSI YEH FINAL FORM",
        "ARABIC LETTER MEEM INITIAL FORM",
    ]
    assert line.text == "می‌شود"


def test_no_missing_glyphs_and_only_vazirmatn() -> None:
    pdf = pdf_of([Paragraph(MIXED + " خانۀ ٺ", BODY)])
    drawn = glyphs(pdf)
    assert drawn
    assert all("Vazirmatn" in g.font for g in drawn)
    assert not [g for g in drawn if g.raw in ("", "\x00") or g.raw.startswith("(cid:")]


SENTENCE = (
    "شهرداری‌ها به سبب تنوع کار و ظرفیت ارتباط با خواهرخوانده‌ها، حتی بیش از استانداری‌ها "
    "امکان فعالیت در عرصه خارجی و با کشورهای همسایه دارند و باید از این امکانات بهره گرفت."
)


def test_justified_lines_fill_the_width_and_the_last_is_right_aligned() -> None:
    read = body(pdf_of([Paragraph(" ".join([SENTENCE] * 4), BODY)]))
    assert len(read) >= 4
    for line in read[:-1]:
        assert right_edge(line) == pytest.approx(RIGHT, abs=0.6)
        assert left_edge(line) == pytest.approx(LEFT, abs=0.6)
    assert right_edge(read[-1]) == pytest.approx(RIGHT, abs=0.6)
    assert left_edge(read[-1]) > LEFT + 20


def test_a_line_that_would_need_holes_is_not_justified() -> None:
    url = "https://example.org/" + "a" * 120
    first, *_ = body(pdf_of([Paragraph(f"دو واژه {url}", BODY.but(size=9))]))
    assert first.text == "دو واژه"
    assert right_edge(first) == pytest.approx(RIGHT, abs=0.6)
    assert left_edge(first) > LEFT + 100


def test_justification_does_not_leak_into_the_next_lines() -> None:
    # Word spacing is graphics state in PDF: a justified line must not widen the next.
    story: list[Flowable] = [Paragraph(SENTENCE * 2, BODY), Paragraph("یک دو سه", BODY)]
    last = body(pdf_of(story))[-1]
    natural = right_edge(last) - left_edge(last)
    assert right_edge(last) == pytest.approx(RIGHT, abs=0.6)
    assert natural < 60


def test_right_aligned_and_centered() -> None:
    story: list[Flowable] = [
        Paragraph("راست", BODY.but(align="start")),
        Paragraph("وسط", BODY.but(align="center")),
    ]
    start, center = body(pdf_of(story))
    assert right_edge(start) == pytest.approx(RIGHT, abs=0.6)
    middle = (left_edge(center) + right_edge(center)) / 2
    assert middle == pytest.approx(PAGE_WIDTH / 2, abs=1)


def test_spans_in_bold_keep_their_place() -> None:
    (line,) = body(pdf_of([Paragraph([Span("مسئول: ", bold=True), Span("ایمان حجتی")], BODY)]))
    assert line.text == "مسئول: ایمان حجتی"
    bold = [g for g in line.glyphs if "Bold" in g.font and not g.raw.isspace()]
    regular = [g for g in line.glyphs if "Bold" not in g.font and not g.raw.isspace()]
    assert min(g.x0 for g in bold) > max(g.x1 for g in regular)  # the label is on the right


def test_marker_hangs_on_the_right() -> None:
    (line,) = body(pdf_of([Paragraph("مصوبه نخست", BODY, marker="۱.", marker_width=24)]))
    assert line.cell_texts() == ["۱.", "مصوبه نخست"]
    assert right_edge(line) == pytest.approx(RIGHT, abs=0.6)


def test_english_paragraph_is_left_to_right() -> None:
    style = Style(size=10, leading=17, direction="L", align="start")
    (line,) = body(pdf_of([Paragraph("Day 1 (arrival) at 10:00", style)], direction="L"), "L")
    assert line.visual == "Day 1 (arrival) at 10:00"
    assert left_edge(line) == pytest.approx(LEFT, abs=0.6)


def test_a_paragraph_split_across_pages_keeps_its_order() -> None:
    text = " ".join(f"بند{to_persian_digits(n)}" for n in range(1, 1200))
    pdf = pdf_of([Paragraph(text, BODY)])
    read = body(pdf)
    pages = sorted({ln.page for ln in read})
    assert len(pages) >= 2
    assert " ".join(ln.text for ln in read) == text
    footers = [ln.text for ln in lines(pdf) if FOOTER.match(ln.text)]
    n = to_persian_digits(len(pages))
    assert footers == [f"صفحه {to_persian_digits(p)} از {n}" for p in pages]


# -- tables -----------------------------------------------------------------------------

STYLE = TableStyle()
COLUMNS = [Column("ردیف", 0.6, "center"), Column("نام", 2.0), Column("شرح", 4.0)]


def test_table_columns_start_on_the_right() -> None:
    rows = [Row(["۱", "قدرت اله نوروزی", "شهردار اصفهان"])]
    head, row = body(pdf_of([Table(COLUMNS, rows, STYLE)]))
    assert head.cell_texts() == ["ردیف", "نام", "شرح"]
    assert row.cell_texts() == ["۱", "قدرت اله نوروزی", "شهردار اصفهان"]
    first = min(g.x0 for g in row.cells[0][0])
    last = max(g.x1 for g in row.cells[-1][-1])
    assert first > last  # the first logical column has the largest x


def test_wrapping_cell_lines_read_top_to_bottom() -> None:
    long = " ".join(f"شرح{to_persian_digits(n)}" for n in range(1, 60))
    read = body(pdf_of([Table(COLUMNS, [Row(["۱", "نام", long])], STYLE)]))
    first, *rest = read[1:]
    assert first.cell_texts()[:2] == ["۱", "نام"]
    wrapped = [first.cell_texts()[2]] + [ln.text for ln in rest]
    assert len(wrapped) > 2
    assert " ".join(wrapped) == long


def test_long_table_repeats_its_header_and_keeps_row_order() -> None:
    rows = [Row([to_persian_digits(n), f"نام {to_persian_digits(n)}", "شرح"]) for n in range(1, 90)]
    pdf = pdf_of([Table(COLUMNS, rows, STYLE, max_height=700)])
    read = body(pdf)
    pages = sorted({ln.page for ln in read})
    assert len(pages) >= 2
    for page in pages:
        first = next(ln for ln in read if ln.page == page)
        assert first.cell_texts() == ["ردیف", "نام", "شرح"]
    numbers = [ln.cell_texts()[0] for ln in read if ln.cell_texts()[0] != "ردیف"]
    assert numbers == [to_persian_digits(n) for n in range(1, 90)]


def test_english_table_starts_on_the_left() -> None:
    style = TableStyle(
        text=Style(size=9, leading=15, direction="L", align="start"),
        header=Style(size=9, leading=15, bold=True, direction="L", align="center"),
    )
    columns = [Column("Time", 1), Column("Place", 2)]
    pdf = pdf_of([Table(columns, [Row(["10:00", "City Hall"])], style)], direction="L")
    head, row = body(pdf, "L")
    assert head.cell_texts() == ["Time", "Place"]
    assert min(g.x0 for g in row.cells[0][0]) < min(g.x0 for g in row.cells[1][0])


# -- page furniture ---------------------------------------------------------------------


def test_classification_mark_and_footer_on_every_page() -> None:
    text = " ".join(f"بند{to_persian_digits(n)}" for n in range(1, 1500))
    pdf = pdf_of([Paragraph(text, BODY)], classification="محرمانه")
    every = lines(pdf)
    pages = sorted({ln.page for ln in every})
    assert len(pages) >= 3
    for page in pages:
        on_page = [ln.text for ln in every if ln.page == page]
        assert on_page[0] == "محرمانه"  # the mark is the top line of the page
        n = to_persian_digits(len(pages))
        assert on_page[-1] == f"صفحه {to_persian_digits(page)} از {n}"


def test_text_is_normalized_and_markup_characters_print_as_they_are() -> None:
    (line,) = body(pdf_of([Paragraph("كتاب  علي & <b>ي</b>", BODY)]))
    assert line.text == "کتاب علی & <b>ی</b>"  # Arabic kaf/yeh become Persian; no markup


# -- mixed text: whole-paragraph bidi, left-to-right paragraphs, symbols -----------------

URL = (
    "https://www.isfahan.ir/fa/news/segment01-with-a-long-name/segment02-with-a-long-name"
    "?id=12&lang=fa"
)


def _latin(line: Line) -> str:
    """The Latin characters of a line, left to right as drawn."""
    return "".join(g.text for g in line.glyphs if g.text.isascii() and not g.raw.isspace())


@pytest.mark.parametrize("width", [150, 200, 260, 330])
def test_a_url_wrapped_in_a_persian_paragraph_reads_in_order(width: float) -> None:
    text = f"جزئیات در {URL} آمده است"
    narrow = BODY.but(indent=RIGHT - LEFT - width)
    read = body(pdf_of([Paragraph(text, narrow)]))
    assert len(read) >= 3
    # Every line's piece of the URL reads left to right, and the pieces follow each
    # other from line to line: no «2-» or «=» thrown to the other end of a line.
    assert "".join(_latin(ln) for ln in read) == URL
    # (pdftext reads a line that ends in «-» inside a Latin run as right-to-left
    # punctuation, so the Persian words are checked by position instead.)
    first, last = read[0], read[-1]
    persian_first = [g for g in first.glyphs if not g.text.isascii()]
    latin_first = [g for g in first.glyphs if g.text.isascii() and not g.raw.isspace()]
    if latin_first:  # «جزئیات در» on the right, then the start of the URL
        assert min(g.x0 for g in persian_first) > max(g.x1 for g in latin_first)
    latin_last = [g for g in last.glyphs if g.text.isascii() and not g.raw.isspace()]
    persian_last = [g for g in last.glyphs if not g.text.isascii() and not g.raw.isspace()]
    assert min(g.x0 for g in latin_last) > max(g.x1 for g in persian_last)  # «… آمده است»


def test_a_word_wider_than_the_line_is_broken_between_letters() -> None:
    name = "ب" * 200
    narrow = BODY.but(indent=RIGHT - LEFT - 120)
    read = body(pdf_of([Paragraph(f"نام {name} است", narrow)]))
    assert len(read) >= 4
    assert all(right_edge(ln) - left_edge(ln) <= 120.5 for ln in read)
    assert "".join(clean(ln.text).replace(" ", "") for ln in read) == f"نام{name}است"


def test_an_english_paragraph_in_a_persian_brief_is_left_to_right() -> None:
    text = "The delegation arrived at 10:30 (see p. 3)."
    (line,) = body(pdf_of([Paragraph(text, BODY)]))
    assert line.visual == text  # the period at the right end, Latin digits
    chars = [g for g in line.glyphs if not g.raw.isspace()]
    assert chars[-1].text == "." and chars[0].text == "T"
    assert left_edge(line) == pytest.approx(LEFT, abs=0.6)  # starts on the left
    assert not any("\u06f0" <= g.text <= "\u06f9" for g in chars)


def test_an_english_list_item_hangs_its_marker_on_the_left() -> None:
    style = BODY.but(align="start")
    (line,) = body(pdf_of([Paragraph("See p. 3.", style, marker="•", marker_width=14)]))
    glyphs_ = [g for g in line.glyphs if not g.raw.isspace()]
    assert glyphs_[0].text == "•" and glyphs_[0].x0 == pytest.approx(LEFT, abs=2)
    assert line.visual.replace(" ", "") == "•Seep.3."


def test_a_persian_paragraph_starting_with_a_latin_word_stays_right_to_left() -> None:
    text = "UNESCO برنامه را در سال 2030 تصویب کرد و Agenda 2030 for All نام گرفت."
    (line,) = body(pdf_of([Paragraph(text, BODY.but(align="start"))]))
    assert right_edge(line) == pytest.approx(RIGHT, abs=0.6)
    words_ = line.visual.split()
    assert words_[-1] == "UNESCO"  # the first word is on the right
    assert words_[0] == ".تفرگ"  # the final period on the left
    # Digits inside the Latin run stay Latin; the year in Persian text is Persian.
    assert "Agenda 2030 for All" in line.visual
    assert clean(line.text) == text.replace("سال 2030", "سال ۲۰۳۰")


def test_symbols_vazirmatn_lacks_come_from_the_symbol_fonts() -> None:
    from peyvand.briefs.document import render as render_

    text = "تأیید 👍 و پرچم 🇮🇷 و قلب ❤️ و تیک ✓"
    pdf = render_([Paragraph(text, BODY)], Furniture("R", lambda p, n: ""), title="t", author="t")
    drawn = {g.raw: g.font for g in glyphs(pdf) if not g.raw.isspace()}
    assert "NotoEmoji" in drawn["👍"] and "NotoEmoji" in drawn["❤"]
    assert "NotoEmoji" in drawn["\U0001f1ee"] and "NotoEmoji" in drawn["\U0001f1f7"]
    assert "NotoSansSymbols2" in drawn["✓"]
    assert "?" not in drawn and "\ufffd" not in drawn
    assert all("Vazirmatn" in font for c, font in drawn.items() if "\u0600" <= c <= "\u06ff")
    assert pdf.missing_glyphs == ()  # type: ignore[attr-defined]
    (line,) = body(pdf)
    # Regional indicators are left-to-right letters: 🇮 is drawn left of 🇷 (pdftext
    # reads such a word as right-to-left punctuation, hence the visual check).
    flag = {g.raw: g for g in line.glyphs if g.raw in "\U0001f1ee\U0001f1f7"}
    assert flag["\U0001f1ee"].x1 <= flag["\U0001f1f7"].x0 + 0.01
    read = clean(line.text).replace("🇷🇮", "🇮🇷")
    assert read == text.replace("\ufe0f", "")


def test_a_character_no_font_has_prints_a_visible_replacement_and_is_reported() -> None:
    lost = "\U0001d11e"  # MUSICAL SYMBOL G CLEF
    pdf = pdf_of([Paragraph(f"کلید {lost} سل", BODY)])
    drawn = [g for g in glyphs(pdf) if not g.raw.isspace()]
    replaced = [g for g in drawn if g.raw == "\ufffd"]
    assert len(replaced) == 1 and "Vazirmatn" in replaced[0].font
    assert replaced[0].x1 - replaced[0].x0 > 3  # a visible glyph, not nothing
    assert pdf.missing_glyphs == (lost,)  # type: ignore[attr-defined]
    assert "U+1D11E" in pdf.warnings("en")[0]  # type: ignore[attr-defined]
    assert lost in pdf.warnings("fa")[0]  # type: ignore[attr-defined]


# -- table widths -----------------------------------------------------------------------

PARTICIPANT_COLUMNS = [
    Column("ردیف", 0.2, "center"),
    Column("نام", 1.0),
    Column("سمت", 2.0),
    Column("سازمان", 1.0),
    Column("طرف", 0.3, "center"),
    Column("نقش", 0.3, "center"),
    Column("حضور", 0.3, "center"),
]
TITLE = "مدیر کل روابط بین‌الملل شهرداری اصفهان"


@pytest.mark.parametrize("auto_width", [True, False])
def test_a_name_without_spaces_does_not_squeeze_the_other_columns(auto_width: bool) -> None:
    name = "ب" * 200
    rows = [
        Row(["۱", name, TITLE, "شهرداری", "میزبان", "عضو", "حاضر"]),
        Row(["۲", "مریم احمدی", TITLE, "شهرداری", "مهمان", "عضو", "حاضر"]),
    ]
    style = TableStyle(
        text=Style(size=8.5, leading=15, align="start"),
        header=Style(size=8.5, leading=15, bold=True, align="center"),
        padding=5.0,
    )
    read = body(pdf_of([Table(PARTICIPANT_COLUMNS, rows, style, auto_width=auto_width)]))
    head = read[0]
    # Every header on one line, whole: none broken letter by letter.
    assert head.cell_texts() == [c.title for c in PARTICIPANT_COLUMNS]
    assert read[1].cell_texts()[0] == "۱"
    # The long name is broken between letters inside its own cell ...
    first_row = [ln for ln in read[1:] if "مریم" not in ln.text and "۲" not in ln.cell_texts()]
    expected = sum(str(cell).count("ب") for cell in rows[0].cells)
    assert sum(clean(ln.text).count("ب") for ln in first_row) == expected
    assert len(first_row) > 3
    # ... and the title is not a one-letter strip: it takes at most two lines.
    title_lines = [ln for ln in read if "مدیر" in ln.text or "اصفهان" in ln.text]
    assert 2 <= len(title_lines) <= 4  # two rows, each on one or two lines
    assert len({ln.page for ln in read}) == 1


def test_a_narrow_weighted_column_keeps_its_header_whole() -> None:
    columns = [Column("اولویت", 0.05, "center"), Column("عنوان", 4.0), Column("توضیحات", 0.05)]
    read = body(pdf_of([Table(columns, [Row(["زیاد", "عنوان پیگیری", "ندارد"])], STYLE)]))
    assert read[0].cell_texts() == ["اولویت", "عنوان", "توضیحات"]
    assert read[1].cell_texts() == ["زیاد", "عنوان پیگیری", "ندارد"]


# -- running header -----------------------------------------------------------------------


def _long_story() -> list[Flowable]:
    return [Paragraph(" ".join(f"بند{to_persian_digits(n)}" for n in range(1, 1500)), BODY)]


def test_continuation_pages_carry_the_running_header() -> None:
    from peyvand.briefs.document import MARGIN_TOP

    running = "صورتجلسه 1399-001 — دیدار شهردار اصفهان با هیئت"
    furniture = Furniture("R", lambda p, n: f"صفحه {p} از {n}", "محرمانه", running)
    pdf = render(_long_story(), furniture, title="t", author="t")
    every = lines(pdf)
    pages = sorted({ln.page for ln in every})
    assert len(pages) >= 3
    for page in pages:
        on_page = [ln for ln in every if ln.page == page]
        assert on_page[0].text == "محرمانه"  # the mark stays the top line
        heads = [ln for ln in on_page if ln.top < MARGIN_TOP and ln.text != "محرمانه"]
        if page == 1:
            assert heads == []  # the first page has the letterhead instead
            continue
        (head,) = heads
        assert clean(head.text) == "صورتجلسه ۱۳۹۹-۰۰۱ — دیدار شهردار اصفهان با هیئت"
        assert right_edge(head) == pytest.approx(RIGHT, abs=0.6)  # on the start side
        mark = on_page[0]
        assert left_edge(head) > right_edge(mark)  # clear of the mark
        assert "‎۱۳۹۹-۰۰۱‎" in head.visual  # the number reads left to right


def test_a_long_running_title_is_shortened_to_one_line() -> None:
    title = " ".join(["عنوان بسیار طولانی جلسه"] * 20)
    furniture = Furniture("R", lambda p, n: "", "", f"صورتجلسه 1399-001 — {title}")
    pdf = render(_long_story(), furniture, title="t", author="t")
    from peyvand.briefs.document import MARGIN_TOP

    heads = [ln for ln in lines(pdf) if ln.page == 2 and ln.top < MARGIN_TOP]
    assert len(heads) == 1
    assert heads[0].text.endswith("...")  # «…» (NFKC reads it as three dots)
    assert heads[0].text.startswith("صورتجلسه")
    assert left_edge(heads[0]) >= LEFT - 0.5
