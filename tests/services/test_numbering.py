"""Short numbers («۱۳۹۹-۰۰۱») per kind and Jalali year, provisional numbers, lookup."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import text

from peyvand.domain import Action, Meeting, Organization, Visit
from peyvand.domain.errors import NotFoundError
from peyvand.services import lookup, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

# 16 Bahman 1399 (the sample meeting) and the first days around Nowruz 1400.
BAHMAN_16_1399 = dt.date(2021, 2, 4)
LAST_DAY_1399 = dt.date(2021, 3, 20)
NOWRUZ_1400 = dt.date(2021, 3, 21)
CLOCK_1405 = FixedClock(dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC))


def _meeting(db: Database, day: dt.date, **extra: object) -> Meeting:
    with db.session() as session:
        return records.create(session, Meeting, {"title": "جلسه", "date": day, **extra})


def test_meeting_number_is_jalali_year_of_its_date(db: Database) -> None:
    assert _meeting(db, BAHMAN_16_1399).number == "1399-001"
    assert _meeting(db, BAHMAN_16_1399).number == "1399-002"
    assert _meeting(db, dt.date(2020, 4, 1)).number == "1399-003"  # 13 Farvardin 1399


def test_year_boundary_at_nowruz(db: Database) -> None:
    assert _meeting(db, LAST_DAY_1399).number == "1399-001"
    assert _meeting(db, NOWRUZ_1400).number == "1400-001"
    assert _meeting(db, LAST_DAY_1399).number == "1399-002"
    assert _meeting(db, NOWRUZ_1400).number == "1400-002"


def test_numbers_are_sequential_per_kind(db: Database) -> None:
    m1 = _meeting(db, BAHMAN_16_1399)
    with db.session() as session:
        v1 = records.create(session, Visit, {"title": "هیئت", "arrival": BAHMAN_16_1399})
        v2 = records.create(session, Visit, {"title": "هیئت", "arrival": dt.date(2021, 3, 1)})
        a1 = records.create(
            session,
            Action,
            {"title": "پیگیری"},
            clock=FixedClock(dt.datetime(2021, 2, 5, tzinfo=dt.UTC)),
        )
    m2 = _meeting(db, BAHMAN_16_1399)
    assert [m1.number, m2.number] == ["1399-001", "1399-002"]
    assert [v1.number, v2.number] == ["1399-001", "1399-002"]
    assert a1.number == "1399-001"


def test_visit_without_arrival_and_action_use_today_in_tehran(db: Database) -> None:
    with db.session() as session:
        visit = records.create(session, Visit, {"title": "هیئت"}, clock=CLOCK_1405)
        action = records.create(
            session, Action, {"title": "پیگیری", "due_date": dt.date(2021, 2, 4)}, clock=CLOCK_1405
        )
    assert visit.number == "1405-001"
    # An action is numbered by when it was opened, not by its due date.
    assert action.number == "1405-001"


def test_today_is_tehran_today_at_the_nowruz_instant(db: Database) -> None:
    # 2021-03-20 21:00 UTC is already 1 Farvardin 1400 (00:30) in Tehran.
    late = FixedClock(dt.datetime(2021, 3, 20, 21, 0, tzinfo=dt.UTC))
    early = FixedClock(dt.datetime(2021, 3, 20, 20, 0, tzinfo=dt.UTC))
    with db.session() as session:
        a = records.create(session, Action, {"title": "الف"}, clock=early)
        b = records.create(session, Action, {"title": "ب"}, clock=late)
    assert a.number == "1399-001"
    assert b.number == "1400-001"


def test_many_numbers_are_unique_and_gapless(db: Database) -> None:
    with db.session() as session:
        numbers = [
            records.create(session, Meeting, {"title": f"جلسه {i}", "date": BAHMAN_16_1399}).number
            for i in range(1, 13)
        ]
    assert numbers == [f"1399-{i:03d}" for i in range(1, 13)]


def test_a_rolled_back_transaction_does_not_use_up_a_number(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        records.create(session, Meeting, {"title": "جلسه", "date": BAHMAN_16_1399})
        raise RuntimeError("abandon")
    assert _meeting(db, BAHMAN_16_1399).number == "1399-001"


def test_a_deleted_record_keeps_its_number_and_it_is_not_reused(db: Database) -> None:
    first = _meeting(db, BAHMAN_16_1399)
    records.delete_row(db, Meeting, first.id)
    assert _meeting(db, BAHMAN_16_1399).number == "1399-002"


def test_provisional_numbers_are_marked_and_do_not_use_the_counter(db: Database) -> None:
    with db.session() as session:
        p1 = records.create(
            session, Meeting, {"title": "سفر", "date": BAHMAN_16_1399}, provisional=True
        )
        p2 = records.create(
            session, Visit, {"title": "سفر", "arrival": BAHMAN_16_1399}, provisional=True
        )
        p3 = records.create(
            session, Meeting, {"title": "سفر", "date": BAHMAN_16_1399}, provisional=True
        )
    for row in (p1, p2, p3):
        assert row.number.startswith("T")
        assert re.fullmatch(r"T1399-[0-9A-F]+", row.number), row.number
        assert row.number_provisional is True
    assert p1.number != p3.number
    office = _meeting(db, BAHMAN_16_1399)
    assert office.number == "1399-001"
    assert office.number_provisional is False


def test_number_column_is_unique_in_the_database(db: Database) -> None:
    _meeting(db, BAHMAN_16_1399)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT number FROM meeting")).all()
    assert len(rows) == len({r[0] for r in rows})


# --- lookup ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    ["1399-002", "۱۳۹۹-۰۰۲", "١٣٩٩-٠٠٢", "  1399-002  ", "۱۳۹۹-002"],
)
def test_resolve_number_in_any_digit_set(db: Database, ref: str) -> None:
    _meeting(db, BAHMAN_16_1399)
    second = _meeting(db, BAHMAN_16_1399)
    with db.reading() as session:
        found = lookup.resolve(session, Meeting, ref)
        assert found.id == second.id


def test_resolve_uuid_in_its_usual_forms(db: Database) -> None:
    meeting = _meeting(db, BAHMAN_16_1399)
    with db.session() as session:
        org = records.create(session, Organization, {"name": "یونیسف"})
    with db.reading() as session:
        assert lookup.resolve(session, Meeting, str(meeting.id)).id == meeting.id
        assert lookup.resolve(session, Meeting, str(meeting.id).upper()).id == meeting.id
        assert lookup.resolve(session, Meeting, meeting.id.hex).id == meeting.id
        # Kinds without a number are found by UUID only.
        assert lookup.resolve(session, Organization, str(org.id)).id == org.id


def test_resolve_provisional_number_case_insensitively(db: Database) -> None:
    with db.session() as session:
        visit = records.create(
            session, Visit, {"title": "سفر", "arrival": BAHMAN_16_1399}, provisional=True
        )
    with db.reading() as session:
        assert lookup.resolve(session, Visit, visit.number).id == visit.id
        assert lookup.resolve(session, Visit, visit.number.lower()).id == visit.id


def test_resolve_does_not_cross_kinds(db: Database) -> None:
    meeting = _meeting(db, BAHMAN_16_1399)
    with db.reading() as session, pytest.raises(NotFoundError):
        lookup.resolve(session, Visit, str(meeting.id))
    with db.reading() as session, pytest.raises(NotFoundError):
        lookup.resolve(session, Visit, "1399-001")


@pytest.mark.parametrize("ref", ["1399-009", "nonsense", "", "۱۴۰۰-۰۰۱"])
def test_resolve_unknown_is_not_found_with_the_ref_in_the_message(db: Database, ref: str) -> None:
    _meeting(db, BAHMAN_16_1399)
    with db.reading() as session, pytest.raises(NotFoundError) as info:
        lookup.resolve(session, Meeting, ref)
    assert info.value.msg_id == "record.not_found"
    assert ref.strip() in info.value.message("en")
    assert "جلسه" in info.value.message("fa")


def test_resolve_ignores_deleted_records(db: Database) -> None:
    meeting = _meeting(db, BAHMAN_16_1399)
    records.delete_row(db, Meeting, meeting.id)
    for ref in ("1399-001", str(meeting.id)):
        with db.reading() as session, pytest.raises(NotFoundError):
            lookup.resolve(session, Meeting, ref)


def test_resolve_of_random_uuid_is_not_found(db: Database) -> None:
    with db.reading() as session, pytest.raises(NotFoundError):
        lookup.resolve(session, Meeting, str(uuid.uuid4()))
