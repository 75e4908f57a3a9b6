"""Cross-field rules: e-mail, phone, ordered dates and times."""

from __future__ import annotations

import datetime as dt

import pytest

from peyvand.domain.directory import PersonData, UnitData
from peyvand.domain.errors import ValidationError
from peyvand.domain.meetings import MeetingData
from peyvand.domain.partnerships import AgreementData
from peyvand.domain.rules import check
from peyvand.domain.visits import ItineraryItemData, VisitData

DAY = dt.date(2021, 2, 4)
PARTNERSHIP = "00000000-0000-4000-8000-000000000001"


def _error(data: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        check(data)
    return info.value


@pytest.mark.parametrize(
    "email",
    ["ali@example.org", "a.b+tag@sub.example.co.ir", "x@y.z"],
)
def test_good_emails_pass(email: str) -> None:
    check(PersonData(name="علی", email=email))


@pytest.mark.parametrize(
    "email",
    [
        "ali",
        "ali@",
        "@example.org",
        "ali@example",
        "ali@@example.org",
        "a li@example.org",
        "ali@exa mple.org",
    ],
)
def test_bad_emails_fail(email: str) -> None:
    error = _error(PersonData(name="علی", email=email))
    assert (error.msg_id, error.field) == ("field.email", "email")
    assert error.message("fa").startswith("رایانامه")


def test_empty_email_and_phone_are_allowed() -> None:
    check(PersonData(name="علی"))


@pytest.mark.parametrize("phone", ["+98 31 3222 0000", "(031) 3222-0000", "09121234567"])
def test_good_phones_pass(phone: str) -> None:
    check(PersonData(name="علی", phone=phone))


@pytest.mark.parametrize("phone", ["call me", "0912-ABC", "+98#31"])
def test_bad_phones_fail(phone: str) -> None:
    error = _error(PersonData(name="علی", phone=phone))
    assert (error.msg_id, error.field) == ("field.phone", "phone")


def test_visit_dates_must_be_in_order() -> None:
    check(VisitData(title="هیئت", arrival=DAY, departure=DAY))
    check(VisitData(title="هیئت", arrival=DAY))
    check(VisitData(title="هیئت", departure=DAY))
    error = _error(VisitData(title="هیئت", arrival=DAY, departure=DAY - dt.timedelta(days=1)))
    assert (error.msg_id, error.field) == ("range.dates", "departure")


def test_times_must_be_in_order() -> None:
    check(MeetingData(title="جلسه", date=DAY, start_time=dt.time(9), end_time=dt.time(9)))
    error = _error(
        MeetingData(title="جلسه", date=DAY, start_time=dt.time(9, 30), end_time=dt.time(9, 29))
    )
    assert (error.msg_id, error.field) == ("range.times", "end_time")
    error = _error(
        ItineraryItemData(
            visit_id=PARTNERSHIP,
            day=DAY,
            activity="بازدید",
            start_time=dt.time(15),
            end_time=dt.time(14),
        )
    )
    assert error.msg_id == "range.times"


def test_agreement_cannot_expire_before_it_is_signed() -> None:
    check(AgreementData(partnership_id=PARTNERSHIP, title="تفاهم‌نامه", signed_on=DAY))
    error = _error(
        AgreementData(
            partnership_id=PARTNERSHIP,
            title="تفاهم‌نامه",
            signed_on=DAY,
            expires_on=DAY - dt.timedelta(days=1),
        )
    )
    assert error.field == "expires_on"
    assert error.msg_id.startswith("range.")
    # The message must speak of the agreement's dates, not of a visit's arrival/departure.
    en, fa = error.message("en"), error.message("fa")
    assert "departure" not in en and "arrival" not in en, en
    assert "بازگشت" not in fa and "ورود" not in fa, fa


def test_records_without_such_fields_pass() -> None:
    check(UnitData(name="واحد"))
