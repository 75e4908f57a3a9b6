"""Partnerships: last contact derived from meetings and visits, dormancy (کم‌فروغ)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from peyvand.domain import Agreement, Meeting, Organization, Partnership, Visit
from peyvand.domain.enums import VisitStatus
from peyvand.services import partnerships, records
from peyvand.services.clock import FixedClock
from peyvand.services.partnerships import is_dormant, months_before
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

# 2026-11-26 in Tehran.
NOW = FixedClock(dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC))
TODAY = dt.date(2026, 11, 26)


def _partnership(db: Database, city: str = "فلورانس", with_org: bool = True) -> Partnership:
    with db.session() as session:
        org_id = None
        if with_org:
            org_id = records.create(
                session, Organization, {"name": f"شهرداری {city}", "city": city}
            ).id
        return records.create(
            session, Partnership, {"partner_city": city, "organization_id": org_id}
        )


def _meeting(db: Database, day: dt.date, **links: object) -> uuid.UUID:
    with db.session() as session:
        return records.create(session, Meeting, {"title": "جلسه", "date": day, **links}).id


def _visit(
    db: Database,
    arrival: dt.date | None,
    departure: dt.date | None = None,
    status: VisitStatus = VisitStatus.DONE,
    **links: object,
) -> uuid.UUID:
    with db.session() as session:
        return records.create(
            session,
            Visit,
            {
                "title": "هیئت",
                "arrival": arrival,
                "departure": departure,
                "status": status,
                **links,
            },
        ).id


def _view(db: Database, p: Partnership, months: int = 12) -> partnerships.PartnershipView:
    return partnerships.get_view(db, p.id, months=months, clock=NOW)


def test_no_contact_at_all_is_dormant(db: Database) -> None:
    p = _partnership(db)
    view = _view(db, p)
    assert view.last_contact is None
    assert view.dormant is True


def test_last_contact_from_meetings_linked_by_partnership_or_organization(db: Database) -> None:
    p = _partnership(db)
    _meeting(db, dt.date(2026, 3, 1), partnership_id=p.id)
    assert _view(db, p).last_contact == dt.date(2026, 3, 1)
    _meeting(db, dt.date(2026, 6, 15), organization_id=p.organization_id)
    view = _view(db, p)
    assert view.last_contact == dt.date(2026, 6, 15)
    assert view.dormant is False


def test_last_contact_from_visits_uses_the_departure_day(db: Database) -> None:
    p = _partnership(db)
    _meeting(db, dt.date(2026, 3, 1), partnership_id=p.id)
    _visit(db, dt.date(2026, 5, 2), dt.date(2026, 5, 6), organization_id=p.organization_id)
    assert _view(db, p).last_contact == dt.date(2026, 5, 6)
    _visit(db, dt.date(2026, 7, 1), partnership_id=p.id)  # no departure: its arrival counts
    assert _view(db, p).last_contact == dt.date(2026, 7, 1)


def test_future_meetings_and_visits_and_cancelled_visits_are_ignored(db: Database) -> None:
    p = _partnership(db)
    _meeting(db, dt.date(2025, 1, 10), partnership_id=p.id)
    _meeting(db, dt.date(2026, 12, 1), partnership_id=p.id)  # future
    _visit(db, dt.date(2026, 12, 5), dt.date(2026, 12, 9), partnership_id=p.id)  # future
    _visit(
        db, dt.date(2026, 10, 1), dt.date(2026, 10, 3), VisitStatus.CANCELLED, partnership_id=p.id
    )
    view = _view(db, p)
    assert view.last_contact == dt.date(2025, 1, 10)
    assert view.dormant is True


def test_deleted_meetings_do_not_count(db: Database) -> None:
    p = _partnership(db)
    meeting_id = _meeting(db, dt.date(2026, 10, 1), partnership_id=p.id)
    records.delete_row(db, Meeting, meeting_id)
    assert _view(db, p).last_contact is None


def test_contacts_of_other_partners_do_not_count(db: Database) -> None:
    florence = _partnership(db, "فلورانس")
    barcelona = _partnership(db, "بارسلون")
    _meeting(db, dt.date(2026, 10, 1), partnership_id=barcelona.id)
    _visit(db, dt.date(2026, 9, 1), organization_id=barcelona.organization_id)
    assert _view(db, florence).last_contact is None
    assert _view(db, barcelona).last_contact == dt.date(2026, 10, 1)


def test_a_contact_today_counts(db: Database) -> None:
    p = _partnership(db)
    _meeting(db, TODAY, partnership_id=p.id)
    assert _view(db, p).last_contact == TODAY


def test_dormant_after_n_months(db: Database) -> None:
    p = _partnership(db)
    _meeting(db, dt.date(2025, 11, 26), partnership_id=p.id)  # exactly 12 months ago
    assert _view(db, p, months=12).dormant is False
    assert _view(db, p, months=11).dormant is True
    assert _view(db, p, months=13).dormant is False


def test_dormant_lists_only_dormant_partnerships(db: Database) -> None:
    quiet = _partnership(db, "حیدرآباد")
    busy = _partnership(db, "کوالالامپور")
    _meeting(db, dt.date(2026, 10, 1), partnership_id=busy.id)
    _meeting(db, dt.date(2024, 10, 1), partnership_id=quiet.id)
    dormant = partnerships.dormant(db, months=12, clock=NOW)
    assert [v.row.id for v in dormant] == [quiet.id]
    assert dormant[0].last_contact == dt.date(2024, 10, 1)
    assert len(partnerships.list_partnerships(db, clock=NOW)) == 2


def test_view_lists_live_agreements_by_date(db: Database) -> None:
    p = _partnership(db)
    with db.session() as session:
        records.create(
            session,
            Agreement,
            {"partnership_id": p.id, "title": "تفاهم‌نامه دوم", "signed_on": dt.date(2020, 1, 1)},
        )
        records.create(
            session,
            Agreement,
            {"partnership_id": p.id, "title": "تفاهم‌نامه نخست", "signed_on": dt.date(1998, 5, 1)},
        )
        gone = records.create(
            session,
            Agreement,
            {"partnership_id": p.id, "title": "باطل", "signed_on": dt.date(2010, 5, 1)},
        )
    records.delete_row(db, Agreement, gone.id)
    assert [a.title for a in _view(db, p).agreements] == ["تفاهم‌نامه نخست", "تفاهم‌نامه دوم"]


def test_agreement_expiring_before_signing_is_refused(db: Database) -> None:
    from peyvand.domain.errors import ValidationError

    p = _partnership(db)
    with pytest.raises(ValidationError) as info, db.session() as session:
        records.create(
            session,
            Agreement,
            {
                "partnership_id": p.id,
                "title": "تفاهم‌نامه",
                "signed_on": dt.date(2020, 1, 1),
                "expires_on": dt.date(2019, 1, 1),
            },
        )
    assert info.value.field == "expires_on"
    assert info.value.msg_id.startswith("range.")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2026, 5, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),
        (dt.date(2026, 1, 31), 13, dt.date(2024, 12, 31)),
        (dt.date(2026, 11, 26), 12, dt.date(2025, 11, 26)),
        (dt.date(2025, 2, 28), 12, dt.date(2024, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),
        (dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 31), 0, dt.date(2026, 12, 31)),
        (dt.date(2026, 1, 1), 24, dt.date(2024, 1, 1)),
    ],
)
def test_months_before_at_month_ends(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


def test_is_dormant_boundary_at_a_month_end() -> None:
    on = dt.date(2026, 3, 31)  # one month back is 2026-02-28
    assert is_dormant(dt.date(2026, 2, 28), on, 1) is False
    assert is_dormant(dt.date(2026, 2, 27), on, 1) is True
    assert is_dormant(None, on, 1) is True
