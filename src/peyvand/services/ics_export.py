"""The calendar as an iCalendar (.ics) file for Outlook and other calendars.

Written with the maintained ``icalendar`` library. Every event's UID is made from the
record's own UUID (``meeting-<uuid>@peyvand``), its SEQUENCE is the record's revision and
its DTSTAMP / LAST-MODIFIED the record's last change: importing a newer export into
Outlook updates the events instead of duplicating them, and two exports of unchanged
data are identical. Dates are Gregorian in the file (meetings in Asia/Tehran time, with
its VTIMEZONE), titles Persian.

Classified (محرمانه, سری) visits and meetings, and the follow-ups and programme items
that come from them, stay out unless ``include_classified`` is asked for: a .ics file
ends up in mail servers and phones. In office mode the database hides them anyway from
whoever is not cleared (the entries are ordinary queries, services/calendar_entries.py).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import icalendar

from peyvand import __version__
from peyvand.domain.errors import ValidationError
from peyvand.messages import enum_label
from peyvand.services.calendar_entries import CalendarEntry, CalendarFilter, EntryKind, entries
from peyvand.services.clock import SYSTEM_CLOCK, Clock
from peyvand.storage.database import Database
from peyvand.text import TEHRAN, format_jalali_long, format_time, to_persian_digits

UID_DOMAIN = "peyvand"
DEFAULT_LENGTH = dt.timedelta(hours=1)  # a meeting with a start but no end time
CALENDAR_NAME = "پیوند — هیئت‌ها، جلسات و مهلت‌ها"

_PREFIX = {
    EntryKind.VISIT: "هیئت",
    EntryKind.MEETING: "جلسه",
    EntryKind.ITINERARY: "برنامه هیئت",
    EntryKind.DEADLINE: "مهلت پیگیری",
}


@dataclass(frozen=True)
class IcsExport:
    data: bytes
    events: int


def uid(entry: CalendarEntry) -> str:
    """Stable across exports and databases: the kind and the row's UUID."""
    return f"{entry.kind.value}-{entry.item_id}@{UID_DOMAIN}"


def summary(entry: CalendarEntry) -> str:
    number = to_persian_digits(entry.number) if entry.number else ""
    head = f"{_PREFIX[entry.kind]} {number}".strip()
    text = f"{head}: {entry.title}"
    if entry.kind == EntryKind.DEADLINE and entry.closed:
        text += " (بسته‌شده)"
    return text


def _description(entry: CalendarEntry) -> str:
    lines = [format_jalali_long(entry.start)]
    if entry.end != entry.start:
        lines[0] += f" تا {format_jalali_long(entry.end)}"
    if entry.start_time is not None:
        lines.append(f"ساعت {format_time(entry.start_time)}")
    if entry.direction is not None:
        lines.append(enum_label(entry.direction))
    if entry.classified:
        lines.append(f"طبقه‌بندی: {enum_label(entry.classification)}")
    if entry.overdue:
        lines.append("عقب‌افتاده")
    return "\n".join(lines)


def _event(entry: CalendarEntry) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(entry))
    event.add("summary", summary(entry))
    event.add("description", _description(entry))
    if entry.place:
        event.add("location", entry.place)
    if entry.start_time is not None and entry.kind in (EntryKind.MEETING, EntryKind.ITINERARY):
        start = dt.datetime.combine(entry.start, entry.start_time, tzinfo=TEHRAN)
        end = (
            dt.datetime.combine(entry.start, entry.end_time, tzinfo=TEHRAN)
            if entry.end_time is not None and entry.end_time > entry.start_time
            else start + DEFAULT_LENGTH
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        # All-day: DTEND is the day after the last day (RFC 5545, 3.6.1).
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT" if entry.kind == EntryKind.DEADLINE else "OPAQUE")
    changed = entry.updated_at or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    event.add("dtstamp", changed.astimezone(dt.UTC))
    event.add("last-modified", changed.astimezone(dt.UTC))
    event.add("sequence", entry.revision)
    if entry.kind == EntryKind.VISIT and entry.closed:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("class", "CONFIDENTIAL" if entry.classified else "PUBLIC")
    category = _PREFIX[entry.kind]
    if entry.direction is not None:
        category = f"{category} {enum_label(entry.direction)}"
    event.add("categories", [category])
    return event


def build(
    db: Database,
    start: dt.date,
    end: dt.date,
    *,
    include_classified: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> IcsExport:
    """Visits, meetings, programme items and follow-up deadlines from ``start`` to
    ``end`` as one VCALENDAR."""
    if end < start:
        raise ValidationError("calendar.bad_range", field="date")
    found = entries(
        db,
        start,
        end,
        CalendarFilter(include_classified=include_classified),
        clock=clock,
        stamps=True,
    )
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Peyvand//Peyvand {__version__}//FA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    cal.add("x-wr-timezone", "Asia/Tehran")
    for entry in found:
        cal.add_component(_event(entry))
    cal.add_missing_timezones()
    return IcsExport(cal.to_ical(), len(found))


def export(
    db: Database,
    start: dt.date,
    end: dt.date,
    path: Path,
    *,
    include_classified: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> IcsExport:
    """:func:`build`, written to ``path`` atomically (a full disk leaves no half file)."""
    result = build(db, start, end, include_classified=include_classified, clock=clock)
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    except OSError as exc:  # a missing or read-only folder: say which file was asked for
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(result.data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result

