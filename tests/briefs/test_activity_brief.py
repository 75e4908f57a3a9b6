"""The activity report's PDF: chart labels go through the right-to-left machinery
(shaped, in order, Persian digits), the letterhead and footer of every brief."""

from __future__ import annotations

import datetime as dt
import re

import pdftext
import pytest

from conftest import CLOCK
from peyvand import briefs
from peyvand.briefs.charts import drawn, nice_scale
from peyvand.briefs.result import collecting
from peyvand.domain import Partnership
from peyvand.services import activity, periods, records
from peyvand.storage.database import Database
from peyvand.text.jalali import MONTH_NAMES

YEAR = periods.jalali_year_range(dt.date(2026, 11, 26))


@pytest.fixture(scope="module")
def pdf_and_report(demo_path: object) -> tuple[bytes, activity.ActivityReport]:
    from pathlib import Path

    db = Database.open(Path(str(demo_path)))
    try:
        pdf = briefs.activity_report(db, start=YEAR[0], end=YEAR[1], clock=CLOCK)
        report = activity.report(db, *YEAR, clock=CLOCK)
    finally:
        db.close()
    return pdf, report


def _line_with(lines: list[pdftext.Line], *words: str) -> pdftext.Line:
    return next(line for line in lines if all(w in pdftext.clean(line.text) for w in words))


def test_month_axis_reads_right_to_left_from_farvardin(
    pdf_and_report: tuple[bytes, activity.ActivityReport],
) -> None:
    pdf, _report = pdf_and_report
    axis = _line_with(pdftext.lines(pdf), "فروردین", "اسفند", "اردیبهشت")
    assert [pdftext.clean(c) for c in axis.cell_texts()] == list(MONTH_NAMES)


def test_legends_put_the_first_series_on_the_right(
    pdf_and_report: tuple[bytes, activity.ActivityReport],
) -> None:
    pdf, _report = pdf_and_report
    lines = pdftext.lines(pdf)
    legend = _line_with(lines, "هیئت ورودی", "هیئت خروجی")
    assert [pdftext.clean(c) for c in legend.cell_texts()] == ["هیئت ورودی", "هیئت خروجی", "جلسه"]
    units = _line_with(lines, "به‌موقع انجام‌شده")
    assert [pdftext.clean(c) for c in units.cell_texts()] == [
        "به‌موقع انجام‌شده", "با تأخیر انجام‌شده", "باز", "معوق",
    ]  # fmt: skip


def test_bar_labels_are_shaped_and_in_the_report_order(
    pdf_and_report: tuple[bytes, activity.ActivityReport],
) -> None:
    pdf, report = pdf_and_report
    lines = [pdftext.clean(line.text) for line in pdftext.lines(pdf)]
    countries = [c.name for c in report.countries[:10]]
    found = [line for line in lines if line in countries]
    assert found[: len(countries)] == countries
    partners = [p.name for p in report.partners[:10]]
    assert [line for line in lines if line in partners][: len(partners)] == partners
    # Drawn as the briefs' line machinery draws them: shaped (presentation forms for
    # joined letters) and in visual order, exactly the glyphs in the file.
    stream = "".join(g.raw for g in pdftext.glyphs(pdf))
    for name in countries + partners:
        shown = drawn(name)
        assert shown in stream, name
        assert any("\ufb50" <= c <= "\ufeff" for c in shown), name
    assert "".join(reversed("فلورانس")) not in stream  # never the bare letters reversed


def test_every_number_is_in_persian_digits_and_no_glyph_is_missing(
    pdf_and_report: tuple[bytes, activity.ActivityReport],
) -> None:
    pdf, report = pdf_and_report
    text = pdftext.text(pdf)
    assert not re.search("[0-9]", text), re.findall(".{10}[0-9].{10}", text)[:3]
    assert "۱۴۰۵" in text
    assert pdf.missing_glyphs == ()
    # Every font is the embedded Vazirmatn: the charts add no standard font.
    assert {g.font.split("+")[-1] for g in pdftext.glyphs(pdf)} <= {
        "Vazirmatn-Regular", "Vazirmatn-Bold",
    }  # fmt: skip
    assert b"/Helvetica" not in pdf
    # The value axis of the country chart runs to a round end in Persian digits.
    end, _step = nice_scale(max(c.visits for c in report.countries))
    assert any(pdftext.clean(line.text).endswith("۰") for line in pdftext.lines(pdf))
    assert end >= 1


def test_letterhead_title_and_footer_like_the_other_briefs(
    pdf_and_report: tuple[bytes, activity.ActivityReport],
) -> None:
    pdf, _report = pdf_and_report
    lines = [pdftext.clean(line.text) for line in pdftext.lines(pdf)]
    assert lines[0] == "شهرداری اصفهان"
    assert "گزارش فعالیت سال ۱۴۰۵" in lines
    pages = sum(1 for line in lines if re.fullmatch("صفحه [۰-۹]+ از [۰-۹]+", line))
    assert pages >= 2
    assert any(line.startswith("گزارش فعالیت سال ۱۴۰۵") for line in lines[5:])  # running header


def test_a_label_only_a_symbol_font_has_is_reported(db: Database) -> None:
    with db.session() as session:
        records.create(session, Partnership, {"partner_city": "شهر ★ نمونه"})
    with collecting() as missing:
        label = drawn("شهر ★ نمونه")
    assert "\ufffd" in label and "★" in missing
    pdf = briefs.activity_report(db, start=YEAR[0], end=YEAR[1], clock=CLOCK)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_drawn_labels_are_cut_to_their_width() -> None:
    long = "اداره کل ارتباطات و امور بین‌الملل شهرداری اصفهان و سازمان‌های وابسته"
    short = drawn(long, width=80)
    assert short.startswith("…") or short.endswith("…")
    assert len(short) < len(long)
