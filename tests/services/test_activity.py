"""The activity report's figures: months, countries, partners, follow-ups by unit with
the median days to close, partnerships' last contact, and the Excel copy."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest

from peyvand.domain import Decision, Meeting, Organization, Partnership, Unit, Visit
from peyvand.domain.enums import ActionStatus, Direction, VisitStatus
from peyvand.domain.errors import ValidationError
from peyvand.services import actions, activity, activity_excel, periods, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))  # 1405/09/05
YEAR = periods.jalali_year_range(dt.date(2026, 11, 26))


def _create(db: Database, model: type, **values: object) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, model, values, clock=CLOCK).id  # type: ignore[arg-type]


@pytest.fixture
def year(db: Database) -> dict[str, uuid.UUID]:
    ids = {
        "unit": _create(db, Unit, name="اداره همکاری‌ها"),
        "org": _create(db, Organization, name="شهرداری فلورانس", country="ایتالیا"),
        "org2": _create(db, Organization, name="دانشگاه کازان", country="روسیه"),
    }
    ids["florence"] = _create(
        db, Partnership, partner_city="فلورانس", partner_country="ایتالیا",
        organization_id=ids["org"],
    )  # fmt: skip
    _create(db, Partnership, partner_city="بارسلون", partner_country="اسپانیا")
    _create(db, Visit, title="ورودی فروردین", arrival=dt.date(2026, 3, 25),
            organization_id=ids["org"])  # fmt: skip
    _create(db, Visit, title="خروجی آذر", arrival=dt.date(2026, 11, 23),
            direction=Direction.OUTGOING, country="روسیه", organization_id=ids["org2"])  # fmt: skip
    _create(db, Visit, title="لغوشده", arrival=dt.date(2026, 5, 1), status=VisitStatus.CANCELLED)
    _create(db, Visit, title="پارسال", arrival=dt.date(2025, 5, 1))
    ids["meeting"] = _create(db, Meeting, title="جلسه فلورانس", date=dt.date(2026, 4, 10),
                             partnership_id=ids["florence"])  # fmt: skip
    _create(db, Meeting, title="جلسه بی‌طرف", date=dt.date(2026, 12, 1))
    decision = _create(db, Decision, meeting_id=ids["meeting"], number=1, text="مصوبه")
    second = _create(db, Decision, meeting_id=ids["meeting"], number=2, text="مصوبه دوم")

    def action(title: str, due: dt.date, **extra: object) -> uuid.UUID:
        return actions.create_action(
            db, {"title": title, "due_date": due, "unit_id": ids["unit"], **extra}, clock=CLOCK
        ).id

    on_time = action("به‌موقع", dt.date(2026, 5, 10), source_decision_id=decision)
    late = action("با تأخیر", dt.date(2026, 4, 20), source_decision_id=second)
    for ident, day in ((on_time, dt.date(2026, 4, 30)), (late, dt.date(2026, 5, 10))):
        actions.change_status(
            db, ident, ActionStatus.DONE, "انجام شد",
            clock=FixedClock(dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)),
        )  # fmt: skip
    action("معوق", dt.date(2026, 11, 1))
    action("باز", dt.date(2026, 12, 20))
    actions.create_action(db, {"title": "بی‌واحد", "due_date": dt.date(2026, 6, 1)}, clock=CLOCK)
    actions.create_action(db, {"title": "سال بعد", "due_date": dt.date(2027, 6, 1)}, clock=CLOCK)
    return ids


def test_the_figures_of_a_year(db: Database, year: dict[str, uuid.UUID]) -> None:
    report = activity.report(db, *YEAR, clock=CLOCK)
    assert report.totals["visits"] == 2 and report.totals["meetings"] == 2
    assert report.totals["decisions"] == 2
    by_month = {m.name: (m.incoming, m.outgoing, m.meetings) for m in report.months}
    assert by_month["فروردین"] == (1, 0, 1)
    assert by_month["آذر"] == (0, 1, 1)  # 2 and 10 Azar
    assert by_month["آبان"] == (0, 0, 0) and by_month["دی"] == (0, 0, 0)
    assert sum(m.meetings for m in report.months) == 2
    countries = {c.name: (c.visits, c.meetings) for c in report.countries}
    assert countries == {"ایتالیا": (1, 1), "روسیه": (1, 0), "نامشخص": (0, 1)}
    # The visit with Florence's organization counts for the partnership.
    florence = next(p for p in report.partners if p.name == "فلورانس")
    assert (florence.visits, florence.meetings, florence.decisions, florence.followups) == (
        1, 1, 2, 2,
    )  # fmt: skip
    assert florence.last_contact == dt.date(2026, 4, 10)
    assert report.partners[0].name == "فلورانس"
    assert {p.name for p in report.partners} == {"فلورانس", "دانشگاه کازان"}


def test_followups_by_unit_and_the_median(db: Database, year: dict[str, uuid.UUID]) -> None:
    report = activity.report(db, *YEAR, clock=CLOCK)
    unit = next(u for u in report.units if u.unit == "اداره همکاری‌ها")
    assert (unit.on_time, unit.late, unit.open, unit.overdue) == (1, 1, 1, 1)
    # From their meeting (2026-04-10) to done: 20 days (on time), 30 days (late).
    assert unit.median_days == 25.0
    no_unit = next(u for u in report.units if u.unit == activity.NO_UNIT)
    assert no_unit.overdue == 1
    assert report.units[-1].unit == activity.NO_UNIT
    assert report.overall.total == 5


def test_partnerships_with_their_last_contact(db: Database, year: dict[str, uuid.UUID]) -> None:
    report = activity.report(db, *YEAR, clock=CLOCK)
    contacts = {p.city: p for p in report.partnerships}
    assert contacts["فلورانس"].last_contact == dt.date(2026, 4, 10)
    assert not contacts["فلورانس"].dormant
    assert contacts["بارسلون"].last_contact is None and contacts["بارسلون"].dormant
    assert report.totals["dormant"] == 1
    # A past period: contacts as of its end.
    past = activity.report(db, *periods.jalali_year_range(dt.date(2025, 5, 1)), clock=CLOCK)
    assert past.as_of == dt.date(2026, 3, 20)
    assert {p.city: p.last_contact for p in past.partnerships}["فلورانس"] is None


def test_a_reversed_period_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError):
        activity.report(db, YEAR[1], YEAR[0], clock=CLOCK)


def test_the_excel_copy_has_the_same_figures(
    db: Database, year: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    report = activity.report(db, *YEAR, clock=CLOCK)
    path = activity_excel.export(report, tmp_path / "فعالیت.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "خلاصه", "ماه‌ها", "کشورها", "طرف‌ها", "همکاری‌ها", "پیگیری‌ها", "فعال‌ترین طرف‌ها",
    ]  # fmt: skip
    months = book["ماه‌ها"]
    assert months.sheet_view.rightToLeft
    rows = list(months.iter_rows(min_row=2, values_only=True))
    assert rows[0] == (1405, "فروردین", 1, 0, 1)
    assert sum(r[3] for r in rows) == 1  # outgoing
    units = list(book["پیگیری‌ها"].iter_rows(min_row=2, values_only=True))
    assert units[-1][0] == "همه واحدها" and units[-1][6] == 5
    partnerships = book["همکاری‌ها"]
    dormant_row = next(r for r in partnerships.iter_rows(min_row=2) if r[0].value == "بارسلون")
    assert dormant_row[6].value == "بله"
    assert dormant_row[0].fill.fgColor.rgb.endswith("FDE2E2")
    assert not list(tmp_path.glob("*.partial"))
