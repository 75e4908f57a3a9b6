"""The relationship view: every visit, meeting, decision, action and agreement, newest first."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from peyvand.domain import Agreement, Meeting, Organization, Partnership, Visit
from peyvand.services import actions, meetings, records
from peyvand.services.timeline import TimelineEntry, timeline
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines


@dataclass(frozen=True)
class World:
    partnership: uuid.UUID
    organization: uuid.UUID
    other_partnership: uuid.UUID
    visit: uuid.UUID
    meeting_by_org: uuid.UUID
    meeting_by_visit: uuid.UUID
    decision: uuid.UUID
    action_from_decision: uuid.UUID
    action_from_visit: uuid.UUID
    agreement: uuid.UUID


def _world(db: Database) -> World:
    with db.session() as session:
        org = records.create(
            session,
            Organization,
            {"name": "شهرداری فلورانس", "city": "فلورانس", "city_en": "Florence"},
        )
        partnership = records.create(
            session,
            Partnership,
            {"partner_city": "فلورانس", "partner_city_en": "Florence", "organization_id": org.id},
        )
        other_org = records.create(session, Organization, {"name": "شهرداری بارسلون"})
        other = records.create(
            session, Partnership, {"partner_city": "بارسلون", "organization_id": other_org.id}
        )
        agreement = records.create(
            session,
            Agreement,
            {
                "partnership_id": partnership.id,
                "title": "تفاهم‌نامه خواهرخواندگی",
                "signed_on": dt.date(1998, 4, 1),
            },
        )
        visit = records.create(
            session,
            Visit,
            {
                "title": "هیئت فلورانس",
                "partnership_id": partnership.id,
                "arrival": dt.date(2020, 10, 5),
                "departure": dt.date(2020, 10, 8),
            },
        )
        # Noise that must not appear.
        records.create(
            session,
            Meeting,
            {"title": "جلسه بارسلون", "date": dt.date(2021, 5, 1), "partnership_id": other.id},
        )
        records.create(
            session,
            Visit,
            {
                "title": "هیئت بارسلون",
                "organization_id": other_org.id,
                "arrival": dt.date(2021, 6, 1),
            },
        )
    by_org = meetings.record_meeting(
        db,
        {"title": "دیدار با سرکنسول", "date": dt.date(2021, 2, 4), "organization_id": org.id},
        decisions=[{"text": "برگزاری هفته فرهنگی", "due_date": dt.date(2021, 9, 1)}],
    )
    by_visit = meetings.record_meeting(
        db, {"title": "نشست با هیئت", "date": dt.date(2020, 10, 6), "visit_id": visit.id}
    )
    from_decision = actions.action_from_decision(db, by_org.decisions[0].row.id)
    from_visit = actions.create_action(
        db, {"title": "ارسال عکس‌ها", "source_visit_id": visit.id, "due_date": dt.date(2020, 11, 1)}
    )
    return World(
        partnership=partnership.id,
        organization=org.id,
        other_partnership=other.id,
        visit=visit.id,
        meeting_by_org=by_org.meeting.id,
        meeting_by_visit=by_visit.meeting.id,
        decision=by_org.decisions[0].row.id,
        action_from_decision=from_decision.id,
        action_from_visit=from_visit.id,
        agreement=agreement.id,
    )


def _expected(w: World) -> list[tuple[str, uuid.UUID]]:
    # Newest first, by the day each entry is "of".
    return [
        ("action", w.action_from_decision),  # due 2021-09-01
        ("meeting", w.meeting_by_org),  # 2021-02-04
        ("decision", w.decision),  # of the 2021-02-04 meeting
        ("action", w.action_from_visit),  # due 2020-11-01
        ("meeting", w.meeting_by_visit),  # 2020-10-06
        ("visit", w.visit),  # arrival 2020-10-05
        ("agreement", w.agreement),  # 1998-04-01
    ]


def _kinds_ids(entries: list[TimelineEntry]) -> list[tuple[str, uuid.UUID]]:
    return [(e.kind, e.entity_id) for e in entries]


def test_timeline_of_a_partnership_holds_every_kind_newest_first(db: Database) -> None:
    w = _world(db)
    entries = timeline(db, partnership_id=w.partnership)
    assert {e.kind for e in entries} == {"visit", "meeting", "decision", "action", "agreement"}
    assert sorted(_kinds_ids(entries)) == sorted(_expected(w))
    days = [e.day for e in entries]
    assert days == sorted(days, key=lambda d: d or dt.date.min, reverse=True)
    assert entries[-1].kind == "agreement"


def test_timeline_entries_carry_numbers_and_titles(db: Database) -> None:
    w = _world(db)
    entries = {e.entity_id: e for e in timeline(db, partnership_id=w.partnership)}
    meeting = entries[w.meeting_by_org]
    decision = entries[w.decision]
    assert meeting.title == "دیدار با سرکنسول"
    assert meeting.day == dt.date(2021, 2, 4)
    assert decision.number == f"{meeting.number}/1"
    assert decision.title == "برگزاری هفته فرهنگی"
    assert decision.day == dt.date(2021, 2, 4)
    assert entries[w.visit].number == "1399-001"


def test_timeline_of_the_organization_is_the_same(db: Database) -> None:
    w = _world(db)
    by_org = timeline(db, organization_id=w.organization)
    by_partnership = timeline(db, partnership_id=w.partnership)
    assert sorted(_kinds_ids(by_org)) == sorted(_kinds_ids(by_partnership))


def test_timeline_by_city_name_in_any_spelling(db: Database) -> None:
    w = _world(db)
    expected = sorted(_expected(w))
    for city in ("فلورانس", "florence", "FLORENCE", "فلورانس "):
        assert sorted(_kinds_ids(timeline(db, city=city))) == expected, city


def test_timeline_by_city_includes_visits_to_that_city(db: Database) -> None:
    # A trip to a city is part of the relationship with it, even when nobody linked
    # the visit to the partnership record.
    _world(db)
    with db.session() as session:
        trip = records.create(
            session,
            Visit,
            {
                "title": "سفر هیئت شهری",
                "city": "فلورانس",
                "city_en": "Florence",
                "arrival": dt.date(2022, 4, 10),
            },
        )
    assert trip.id in {e.entity_id for e in timeline(db, city="Florence")}


def test_timeline_excludes_other_partners_and_deleted_records(db: Database) -> None:
    w = _world(db)
    with db.session() as session:
        records.soft_delete(session, Meeting, w.meeting_by_visit)
    entries = timeline(db, partnership_id=w.partnership)
    ids = {e.entity_id for e in entries}
    assert w.meeting_by_visit not in ids
    titles = {e.title for e in entries}
    assert "جلسه بارسلون" not in titles
    assert "هیئت بارسلون" not in titles
    other = timeline(db, partnership_id=w.other_partnership)
    assert {e.title for e in other} == {"جلسه بارسلون", "هیئت بارسلون"}


def test_timeline_of_unknown_city_is_empty(db: Database) -> None:
    _world(db)
    assert timeline(db, city="حیدرآباد") == []
