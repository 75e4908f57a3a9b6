"""The .ics export parsed back with the icalendar library: every event, Gregorian dates,
Persian titles, and UIDs that stay the same from one export to the next."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import icalendar
import pytest

from peyvand.domain import ItineraryItem, Meeting, Visit
from peyvand.domain.enums import Classification, VisitStatus
from peyvand.domain.errors import ValidationError
from peyvand.services import actions, ics_export, meetings, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
START, END = dt.date(2026, 11, 22), dt.date(2026, 12, 21)


def _create(db: Database, model: type, **values: object) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, model, values, clock=CLOCK).id  # type: ignore[arg-type]


@pytest.fixture
def filled(db: Database) -> dict[str, uuid.UUID]:
    ids = {
        "visit": _create(db, Visit, title="هیئت شهر فلورانس", arrival=dt.date(2026, 11, 23),
                         departure=dt.date(2026, 11, 25), city="اصفهان"),
        "meeting": _create(db, Meeting, title="دیدار با شهردار فلورانس", date=dt.date(2026, 11, 24),
                           start_time=dt.time(10, 30), end_time=dt.time(12, 0),
                           place="ساختمان مرکزی شهرداری"),
        "secret": _create(db, Meeting, title="جلسه سری", date=dt.date(2026, 11, 24),
                          classification=Classification.SECRET),
    }  # fmt: skip
    ids["item"] = _create(
        db, ItineraryItem, visit_id=ids["visit"], day=dt.date(2026, 11, 24),
        start_time=dt.time(16, 0), activity="بازدید از میدان نقش جهان",
    )  # fmt: skip
    ids["action"] = actions.create_action(
        db, {"title": "ارسال نامه تشکر", "due_date": dt.date(2026, 12, 1)}, clock=CLOCK
    ).id
    return ids


def _events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_every_kind_is_an_event_with_gregorian_dates_and_persian_titles(
    db: Database, filled: dict[str, uuid.UUID]
) -> None:
    result = ics_export.build(db, START, END, clock=CLOCK)
    events = _events(result.data)
    assert result.events == len(events) == 4  # the secret meeting stays out
    visit = events[f"visit-{filled['visit']}@peyvand"]
    assert str(visit["summary"]).startswith("هیئت ")
    assert "هیئت شهر فلورانس" in str(visit["summary"])
    assert visit.decoded("dtstart") == dt.date(2026, 11, 23)
    assert visit.decoded("dtend") == dt.date(2026, 11, 26)  # the day after departure
    meeting = events[f"meeting-{filled['meeting']}@peyvand"]
    start = meeting.decoded("dtstart")
    assert start == dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)  # 10:30 in Tehran
    assert meeting.decoded("dtend") - start == dt.timedelta(minutes=90)
    assert str(meeting["location"]) == "ساختمان مرکزی شهرداری"
    assert "۱۴۰۵" in str(meeting["description"])  # the Jalali day, for readers
    item = events[f"itinerary-{filled['item']}@peyvand"]
    assert "بازدید از میدان نقش جهان" in str(item["summary"])
    deadline = events[f"deadline-{filled['action']}@peyvand"]
    assert str(deadline["summary"]).startswith("مهلت پیگیری ۱۴۰۵-")
    assert deadline.decoded("dtstart") == dt.date(2026, 12, 1)
    cal = icalendar.Calendar.from_ical(result.data)
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Tehran"]


def test_uids_are_stable_and_a_change_raises_the_sequence(
    db: Database, filled: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    first = ics_export.export(db, START, END, tmp_path / "a.ics", clock=CLOCK)
    second = ics_export.export(db, START, END, tmp_path / "b.ics", clock=CLOCK)
    assert set(_events(first.data)) == set(_events(second.data))
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()
    # An edit (here: the meeting moved a day) keeps the UID, so Outlook updates it.
    meetings.reschedule(db, filled["meeting"], dt.date(2026, 11, 25))
    records.update_row(db, Visit, filled["visit"], {"status": VisitStatus.CANCELLED})
    third = _events(ics_export.build(db, START, END, clock=CLOCK).data)
    assert set(third) == set(_events(first.data))
    moved = third[f"meeting-{filled['meeting']}@peyvand"]
    assert moved.decoded("dtstart").date() == dt.date(2026, 11, 25)
    before = _events(first.data)[f"meeting-{filled['meeting']}@peyvand"]
    assert int(moved["sequence"]) > int(before["sequence"])
    assert str(third[f"visit-{filled['visit']}@peyvand"]["status"]) == "CANCELLED"


def test_classified_records_only_when_asked(db: Database, filled: dict[str, uuid.UUID]) -> None:
    events = _events(ics_export.build(db, START, END, include_classified=True, clock=CLOCK).data)
    secret = events[f"meeting-{filled['secret']}@peyvand"]
    assert str(secret["class"]) == "CONFIDENTIAL"
    assert secret.decoded("dtstart") == dt.date(2026, 11, 24)  # no time: all day


def test_a_reversed_range_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as info:
        ics_export.build(db, END, START, clock=CLOCK)
    assert info.value.msg_id == "calendar.bad_range"


def test_an_empty_range_is_a_valid_empty_calendar(db: Database) -> None:
    result = ics_export.build(db, START, END, clock=CLOCK)
    assert result.events == 0
    assert icalendar.Calendar.from_ical(result.data).walk("VEVENT") == []
