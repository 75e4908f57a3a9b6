"""Visits: detail, members, itinerary by day, gifts and the repeat-gift warning."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlmodel import col, func, select

from peyvand.domain import Gift, ItineraryItem, Person, Visit, VisitMember
from peyvand.domain.enums import GiftDirection, Side, VisitStatus
from peyvand.domain.errors import ConflictError, NotFoundError, ValidationError
from peyvand.services import records, visits
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database

NOW = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
DAY1 = dt.date(2026, 12, 5)
DAY2 = dt.date(2026, 12, 6)
PEN_CASE = "قلمدان مینیاتور با نقش گل و مرغ"


def _person(db: Database, name: str, title: str = "") -> uuid.UUID:
    return records.create_row(db, Person, {"name": name, "title": title}).id  # type: ignore[no-any-return]


def _visit(db: Database, title: str = "هیئت نمونه", **values: object) -> uuid.UUID:
    detail = visits.save_visit(
        db, None, {"title": title, "arrival": DAY1, "departure": DAY2, **values}, clock=NOW
    )
    return detail.visit.id


def _count(db: Database, model: type[Visit | VisitMember | ItineraryItem | Gift]) -> int:
    with db.reading() as session:
        return int(
            session.exec(
                select(func.count()).select_from(model).where(col(model.deleted_at).is_(None))
            ).one()
        )


def test_save_visit_creates_everything_and_detail_reads_it_back(db: Database) -> None:
    lena = _person(db, "لنا بایشپیل", "معاون بین‌الملل")
    host = _person(db, "مهدی نمونه‌پور", "مدیر کل")
    detail = visits.save_visit(
        db,
        None,
        {"title": "سفر هیئت", "title_en": "Delegation visit", "arrival": DAY1, "departure": DAY2},
        members=[
            {"person_id": lena, "side": Side.GUEST, "role": "رئیس هیئت", "is_head": True},
            {"person_id": host, "side": Side.HOST, "role": "میزبان"},
        ],
        itinerary=[
            {"day": DAY2, "start_time": dt.time(9), "activity": "بازدید", "place_en": "Square"},
            {"day": DAY1, "start_time": dt.time(16), "activity": "جلسه رسمی"},
            {"day": DAY1, "start_time": dt.time(10), "activity": "استقبال"},
            {"day": DAY1, "activity": "شام"},
        ],
        gifts=[{"direction": GiftDirection.GIVEN, "person_id": lena, "description": PEN_CASE}],
        clock=NOW,
    )
    assert detail.visit.number == "1405-001"
    assert [m.name for m in detail.members] == ["لنا بایشپیل", "مهدی نمونه‌پور"]
    assert [m.title for m in detail.members] == ["معاون بین‌الملل", "مدیر کل"]
    assert [m.row.position for m in detail.members] == [1, 2]
    assert detail.head is not None and detail.head.name == "لنا بایشپیل"
    assert [d.day for d in detail.itinerary] == [DAY1, DAY2]
    # In order of time within the day; items without a time last.
    assert [i.activity for i in detail.itinerary[0].items] == ["استقبال", "جلسه رسمی", "شام"]
    assert detail.gifts[0].person == "لنا بایشپیل"
    # By number, typed with Persian digits.
    again = visits.get_detail(db, "۱۴۰۵-۰۰۱")
    assert again == detail


def test_departure_before_arrival_saves_nothing(db: Database) -> None:
    lena = _person(db, "لنا")
    with pytest.raises(ValidationError) as caught:
        visits.save_visit(
            db,
            None,
            {"title": "هیئت", "arrival": DAY2, "departure": DAY1},
            members=[{"person_id": lena}],
            clock=NOW,
        )
    assert caught.value.msg_id == "range.dates"
    assert caught.value.field == "departure"
    assert "تاریخ بازگشت پیش از تاریخ ورود است" in caught.value.message("fa")
    assert _count(db, Visit) == 0
    assert _count(db, VisitMember) == 0


def test_a_bad_child_row_is_named_by_part_and_index_and_saves_nothing(db: Database) -> None:
    lena = _person(db, "لنا")
    with pytest.raises(ValidationError) as caught:
        visits.save_visit(
            db,
            None,
            {"title": "هیئت", "arrival": DAY1},
            members=[{"person_id": lena}],
            itinerary=[{"day": DAY1, "activity": "استقبال"}, {"day": DAY1, "activity": ""}],
            clock=NOW,
        )
    error = caught.value
    assert (error.field, error.params["part"], error.params["index"]) == (
        "activity",
        "itinerary",
        1,
    )
    assert error.message("fa") == "فعالیت را وارد کنید."
    with pytest.raises(ValidationError) as missing_person:
        visits.save_visit(db, None, {"title": "هیئت"}, members=[{"role": "عضو"}], clock=NOW)
    assert missing_person.value.field == "person_id"
    assert missing_person.value.msg_id == "field.required"
    assert _count(db, Visit) == 0


def test_save_visit_updates_creates_and_removes_rows(db: Database) -> None:
    a, b, c = (_person(db, name) for name in ("الف", "ب", "پ"))
    first = visits.save_visit(
        db,
        None,
        {"title": "هیئت"},
        members=[{"person_id": a}, {"person_id": b}],
        gifts=[{"description": "کتاب"}],
        clock=NOW,
    )
    member_a, member_b = first.members
    second = visits.save_visit(
        db,
        first.visit.id,
        {"title": "هیئت ویرایش‌شده"},
        members=[
            {"id": member_b.row.id, "person_id": b, "role": "رئیس"},
            {"person_id": c},
        ],
        gifts=[],
        expected_revision=first.visit.revision,
        clock=NOW,
    )
    assert second.visit.title == "هیئت ویرایش‌شده"
    assert [(m.name, m.row.role, m.row.position) for m in second.members] == [
        ("ب", "رئیس", 1),
        ("پ", "", 2),
    ]
    assert second.members[0].row.id == member_b.row.id
    assert second.gifts == []
    assert _count(db, VisitMember) == 2
    assert _count(db, Gift) == 0
    with pytest.raises(ConflictError):
        visits.save_visit(
            db, first.visit.id, {"title": "دیر"}, expected_revision=first.visit.revision
        )
    # A row id of another visit is refused.
    other = _visit(db, "هیئت دیگر")
    with pytest.raises(NotFoundError):
        visits.save_visit(
            db, other, {"title": "x"}, members=[{"id": member_a.row.id, "person_id": a}]
        )


def test_single_row_functions(db: Database) -> None:
    visit_id = _visit(db)
    lena = _person(db, "لنا")
    member = visits.add_member(db, visit_id, {"person_id": lena, "role": "عضو"})
    second = visits.add_member(db, visit_id, {"person_id": _person(db, "ب")})
    assert (member.position, second.position) == (1, 2)
    assert visits.update_member(db, member.id, {"is_head": True}).is_head
    item = visits.add_itinerary_item(db, visit_id, {"day": DAY1, "activity": "استقبال"})
    moved = visits.update_itinerary_item(db, item.id, {"day": DAY2})
    assert moved.day == DAY2 and moved.activity == "استقبال"
    with pytest.raises(ValidationError):
        visits.add_itinerary_item(db, visit_id, {"activity": "بی‌روز"})
    gift = visits.add_gift(db, visit_id, {"person_id": lena, "description": PEN_CASE})
    assert visits.update_gift(db, gift.id, {"given_on": DAY1}).given_on == DAY1
    detail = visits.get_detail(db, visit_id)
    assert [m.name for m in detail.members] == ["لنا", "ب"]
    assert detail.itinerary[0].day == DAY2
    visits.remove_member(db, second.id)
    visits.remove_itinerary_item(db, item.id)
    visits.remove_gift(db, gift.id)
    detail = visits.get_detail(db, visit_id)
    assert (len(detail.members), detail.itinerary, detail.gifts) == (1, [], [])
    with pytest.raises(NotFoundError):
        visits.add_member(db, uuid.uuid4(), {"person_id": lena})


def test_gift_warning_finds_the_same_gift_given_to_the_same_person(db: Database) -> None:
    lena = _person(db, "لنا")
    other = _person(db, "دیگری")
    past = visits.save_visit(
        db,
        None,
        {"title": "سفر نخست", "arrival": dt.date(2026, 3, 31)},
        gifts=[
            {
                "direction": GiftDirection.GIVEN,
                "person_id": lena,
                "description": PEN_CASE,
                "given_on": dt.date(2026, 4, 2),
            },
            {"direction": GiftDirection.RECEIVED, "person_id": lena, "description": "مدال"},
            {"direction": GiftDirection.GIVEN, "person_id": other, "description": "کتاب"},
        ],
        clock=NOW,
    )
    previous = visits.gift_warning(db, lena, PEN_CASE)
    assert len(previous) == 1
    assert previous[0].visit_id == past.visit.id
    assert previous[0].visit_number == past.visit.number
    assert previous[0].day == dt.date(2026, 4, 2)
    # Spacing, ZWNJ, Arabic yeh and kaf, harakat and extra spaces do not hide a repeat.
    for variant in (
        "قلم‌دان  مينياتور با نقش گل و مرغ",
        "قلم دان مینیاتور با نقشِ گل و مرغ ",
        "قلمدان مینیاتور با نقش گل  و  مرغ.",
    ):
        assert visits.gift_warning(db, lena, variant), variant
    assert visits.gift_warning(db, lena, "جعبه خاتم") == []
    assert visits.gift_warning(db, lena, "مدال") == []  # received from her, not given
    assert visits.gift_warning(db, other, PEN_CASE) == []
    assert visits.gift_warning(db, None, PEN_CASE) == []
    assert visits.gift_warning(db, lena, "  ") == []
    own = past.gifts[0].row.id
    assert visits.gift_warning(db, lena, PEN_CASE, exclude_gift_id=own) == []


def test_gifts_of_cancelled_visits_and_deleted_gifts_do_not_count(db: Database) -> None:
    lena = _person(db, "لنا")
    cancelled = visits.save_visit(
        db,
        None,
        {"title": "لغوشده", "status": VisitStatus.CANCELLED},
        gifts=[{"person_id": lena, "description": PEN_CASE}],
        clock=NOW,
    )
    assert visits.gift_warning(db, lena, PEN_CASE) == []
    done = visits.save_visit(
        db,
        None,
        {"title": "انجام‌شده"},
        gifts=[{"person_id": lena, "description": PEN_CASE}],
        clock=NOW,
    )
    assert [p.visit_id for p in visits.gift_warning(db, lena, PEN_CASE)] == [done.visit.id]
    visits.remove_gift(db, done.gifts[0].row.id)
    assert visits.gift_warning(db, lena, PEN_CASE) == []
    assert cancelled.visit.id != done.visit.id


def test_demo_guest_lena_already_received_the_pen_case(db: Database) -> None:
    from peyvand.services.demo import load_demo

    load_demo(db, clock=NOW)
    with db.reading() as session:
        lena = session.exec(select(Person.id).where(Person.name_latin == "Lena Beispiel")).one()
    previous = visits.gift_warning(db, lena, PEN_CASE)
    assert len(previous) == 1
    assert previous[0].visit_title == "سفر هیئت دانشگاه نمونه زاکسن به اصفهان"
    # The upcoming visit she heads.
    upcoming = visits.get_detail(db, "1405-005")
    assert upcoming.head is not None and upcoming.head.name_latin == "Lena Beispiel"
