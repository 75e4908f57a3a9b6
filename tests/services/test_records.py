"""records: create / update / soft delete, validation, revisions, protected fields, audit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from peyvand.domain import (
    Action,
    AuditEvent,
    AuditRow,
    Meeting,
    Organization,
    Partnership,
    Person,
    Unit,
    Visit,
)
from peyvand.domain.enums import ActionStatus, PartnershipStatus, VisitStatus
from peyvand.domain.errors import ConflictError, NotFoundError, ValidationError
from peyvand.services import records
from peyvand.storage.database import Database

ZWNJ = "\u200c"


def _audit(db: Database, entity_id: uuid.UUID) -> list[AuditRow]:
    with db.reading() as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_id == str(entity_id))
            .order_by(col(AuditEvent.seq))
        )
        return [AuditRow.model_validate(e) for e in events]


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _validation_error(db: Database, model: Any, values: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as info, db.session() as session:
        records.create(session, model, values)
    return info.value


# --- create / read ---------------------------------------------------------------------


def test_create_returns_synced_row_with_uuid_and_utc_timestamps(db: Database) -> None:
    row = records.create_row(db, Organization, {"name": "شهرداری فلورانس", "name_en": "Florence"})
    assert isinstance(row.id, uuid.UUID)
    assert row.revision == 1
    assert row.deleted_at is None
    assert row.created_at.utcoffset() == dt.timedelta(0)
    assert row.updated_at.utcoffset() == dt.timedelta(0)
    again = records.get_row(db, Organization, row.id)
    assert again.name == "شهرداری فلورانس"
    assert again.name_en == "Florence"
    assert again.created_at == row.created_at


def test_arabic_yeh_and_kaf_are_stored_as_persian_and_zwnj_is_kept(db: Database) -> None:
    # Arabic keyboard: ي (U+064A), ى (U+0649), ك (U+0643); ZWNJ in «می‌شود».
    typed = f"كاظمي موسى{ZWNJ}زاده"
    row = records.create_row(db, Person, {"name": typed, "title": f"مي{ZWNJ}شود"})
    stored = records.get_row(db, Person, row.id)
    assert stored.name == f"کاظمی موسی{ZWNJ}زاده"
    assert (
        "\u064a" not in stored.name and "\u0643" not in stored.name and "\u0649" not in stored.name
    )
    assert stored.title == f"می{ZWNJ}شود"
    with db.engine.connect() as conn:
        raw = conn.execute(
            text("SELECT name FROM person WHERE id = :id"), {"id": row.id.hex}
        ).scalar_one()
    assert raw == f"کاظمی موسی{ZWNJ}زاده"


def test_surrounding_whitespace_and_bidi_controls_are_dropped(db: Database) -> None:
    row = records.create_row(db, Unit, {"name": "  \u200fواحد اروپا\u202c  "})
    assert records.get_row(db, Unit, row.id).name == "واحد اروپا"


# --- validation errors -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\u200f\u200e", ZWNJ])
def test_empty_name_is_field_required_in_both_languages(db: Database, name: str) -> None:
    error = _validation_error(db, Person, {"name": name})
    assert error.msg_id == "field.required"
    assert error.field == "name"
    assert error.message("en") == "Name is required."
    assert error.message("fa") == "نام را وارد کنید."
    assert str(error) == "Name is required."
    assert _count(db, "person") == 0


def test_missing_required_field_is_field_required(db: Database) -> None:
    error = _validation_error(db, Meeting, {"date": dt.date(2021, 2, 4)})
    assert (error.msg_id, error.field) == ("field.required", "title")


def test_over_long_title_is_too_long_with_the_limit(db: Database) -> None:
    error = _validation_error(db, Meeting, {"title": "ا" * 301, "date": dt.date(2021, 2, 4)})
    assert error.msg_id == "field.too_long"
    assert error.field == "title"
    assert error.params["limit"] == 300
    assert "300" in error.message("en")
    assert "Title" in error.message("en")
    fa = error.message("fa")
    assert fa.startswith("عنوان")
    # Persian text shows numbers with Persian digits (design/persian.md).
    assert "۳۰۰" in fa, fa
    assert "300" not in fa, fa
    # Exactly at the limit is fine.
    with db.session() as session:
        records.create(session, Meeting, {"title": "ا" * 300, "date": dt.date(2021, 2, 4)})


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "a b@c.org", "@c.org"])
def test_bad_email_is_refused(db: Database, email: str) -> None:
    error = _validation_error(db, Person, {"name": "علی", "email": email})
    assert (error.msg_id, error.field) == ("field.email", "email")
    assert "E-mail" in error.message("en")
    assert "رایانامه" in error.message("fa")


def test_good_email_and_phone_are_accepted(db: Database) -> None:
    row = records.create_row(
        db, Person, {"name": "علی", "email": "ali@example.org", "phone": "+98 (31) 3222-0000"}
    )
    assert row.email == "ali@example.org"


def test_bad_phone_is_refused(db: Database) -> None:
    error = _validation_error(db, Person, {"name": "علی", "phone": "call me"})
    assert (error.msg_id, error.field) == ("field.phone", "phone")


def test_departure_before_arrival_is_refused(db: Database) -> None:
    error = _validation_error(
        db,
        Visit,
        {"title": "هیئت", "arrival": dt.date(2021, 2, 4), "departure": dt.date(2021, 2, 3)},
    )
    assert (error.msg_id, error.field) == ("range.dates", "departure")
    assert error.message("en") == "The departure date is before the arrival date."
    assert error.message("fa") == "تاریخ بازگشت پیش از تاریخ ورود است."
    # The same day is fine.
    records.create_row(
        db,
        Visit,
        {"title": "هیئت", "arrival": dt.date(2021, 2, 4), "departure": dt.date(2021, 2, 4)},
    )


def test_end_time_before_start_time_is_refused(db: Database) -> None:
    error = _validation_error(
        db,
        Meeting,
        {
            "title": "جلسه",
            "date": dt.date(2021, 2, 4),
            "start_time": dt.time(10, 0),
            "end_time": dt.time(9, 30),
        },
    )
    assert (error.msg_id, error.field) == ("range.times", "end_time")
    assert "پایان" in error.message("fa")
    assert "end time" in error.message("en")


def test_range_rule_also_applies_on_update(db: Database) -> None:
    row = records.create_row(
        db,
        Visit,
        {"title": "هیئت", "arrival": dt.date(2021, 2, 4), "departure": dt.date(2021, 2, 6)},
    )
    with pytest.raises(ValidationError) as info:
        records.update_row(db, Visit, row.id, {"departure": dt.date(2021, 2, 1)})
    assert info.value.msg_id == "range.dates"
    assert records.get_row(db, Visit, row.id).departure == dt.date(2021, 2, 6)


def test_dangling_foreign_key_is_reference_missing(db: Database) -> None:
    error = _validation_error(db, Person, {"name": "علی", "organization_id": uuid.uuid4()})
    assert (error.msg_id, error.field) == ("reference.missing", "organization_id")
    assert error.message("en") == "Organization points to a record that does not exist."
    assert error.message("fa").startswith("سازمان")


def test_reference_to_a_deleted_row_is_reference_missing(db: Database) -> None:
    org = records.create_row(db, Organization, {"name": "سفارت"})
    records.delete_row(db, Organization, org.id)
    error = _validation_error(db, Person, {"name": "علی", "organization_id": org.id})
    assert error.msg_id == "reference.missing"


def test_invalid_enum_value_is_field_invalid(db: Database) -> None:
    error = _validation_error(db, Organization, {"name": "x", "kind": "spaceship"})
    assert (error.msg_id, error.field) == ("field.invalid", "kind")


def test_validation_failure_in_a_session_changes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError), db.session() as session:
        records.create(session, Organization, {"name": "سازمان اول"})
        records.create(session, Person, {"name": ""})
    assert _count(db, "organization") == 0
    assert _count(db, "audit_event") == 0


# --- update ---------------------------------------------------------------------------


def test_update_changes_fields_and_bumps_revision_by_one(db: Database) -> None:
    row = records.create_row(db, Person, {"name": "علی", "title": "معاون"})
    before = records.get_row(db, Person, row.id)
    updated = records.update_row(db, Person, row.id, {"title": "معاون کنسولی"})
    assert updated.title == "معاون کنسولی"
    assert updated.revision == 2
    assert updated.updated_at >= before.updated_at
    assert updated.created_at == before.created_at
    again = records.update_row(db, Person, row.id, {"title": "مدیرکل"})
    assert again.revision == 3
    assert records.get_row(db, Person, row.id).revision == 3


def test_noop_update_does_not_bump_revision_or_write_audit(db: Database) -> None:
    row = records.create_row(db, Person, {"name": "علی", "title": "معاون"})
    events_before = len(_audit(db, row.id))
    # Same values, once after normalization (Arabic yeh typed again, extra spaces).
    same = records.update_row(db, Person, row.id, {"title": "  معاون ", "name": "علي"})
    assert same.revision == 1
    assert records.get_row(db, Person, row.id).updated_at == row.updated_at
    assert len(_audit(db, row.id)) == events_before


def test_update_with_stale_expected_revision_is_a_conflict(db: Database) -> None:
    row = records.create_row(db, Person, {"name": "علی"})
    records.update_row(db, Person, row.id, {"title": "یک"}, expected_revision=1)
    with pytest.raises(ConflictError) as info:
        records.update_row(db, Person, row.id, {"title": "دو"}, expected_revision=1)
    assert info.value.msg_id == "record.stale"
    assert "person" in info.value.message("en")
    assert "شخص" in info.value.message("fa")
    current = records.get_row(db, Person, row.id)
    assert current.title == "یک"
    assert current.revision == 2


@pytest.mark.parametrize(
    ("model", "values", "field", "value"),
    [
        (Meeting, {"title": "جلسه", "date": dt.date(2021, 2, 4)}, "number", "1399-999"),
        (Meeting, {"title": "جلسه", "date": dt.date(2021, 2, 4)}, "is_final", True),
        (Meeting, {"title": "جلسه", "date": dt.date(2021, 2, 4)}, "number_provisional", True),
        (Action, {"title": "پیگیری"}, "status", ActionStatus.DONE),
        (Action, {"title": "پیگیری"}, "completed_on", dt.date(2021, 2, 4)),
        (Person, {"name": "علی"}, "revision", 7),
        (Person, {"name": "علی"}, "deleted_at", dt.datetime(2021, 1, 1, tzinfo=dt.UTC)),
        (Person, {"name": "علی"}, "id", uuid.uuid4()),
    ],
)
def test_protected_and_sync_fields_cannot_be_set_by_update(
    db: Database, model: Any, values: dict[str, Any], field: str, value: Any
) -> None:
    row = records.create_row(db, model, values)
    with pytest.raises(ValidationError) as info:
        records.update_row(db, model, row.id, {field: value})
    assert (info.value.msg_id, info.value.field) == ("field.invalid", field)
    after = records.get_row(db, model, row.id)
    assert getattr(after, field) == getattr(row, field)
    assert after.revision == 1

pytestmark = pytest.mark.both_engines


def test_protected_fields_given_to_create_are_not_taken(db: Database) -> None:
    with db.session() as session:
        meeting = records.create(
            session,
            Meeting,
            {"title": "جلسه", "date": dt.date(2021, 2, 4), "number": "9999-999", "is_final": True},
        )
        action = records.create(session, Action, {"title": "پیگیری", "status": "done"})
    assert meeting.number == "1399-001"
    assert meeting.is_final is False
    assert action.status == ActionStatus.OPEN


def test_visit_status_is_editable(db: Database) -> None:
    # A visit's status (planned -> confirmed -> done / cancelled) is ordinary data of the
    # visit editor; only an action's status needs the note-taking use case.
    row = records.create_row(db, Visit, {"title": "هیئت فلورانس"})
    assert row.status == VisitStatus.PLANNED
    updated = records.update_row(db, Visit, row.id, {"status": VisitStatus.CONFIRMED})
    assert updated.status == VisitStatus.CONFIRMED


def test_partnership_status_is_editable(db: Database) -> None:
    row = records.create_row(db, Partnership, {"partner_city": "فلورانس"})
    updated = records.update_row(db, Partnership, row.id, {"status": PartnershipStatus.SUSPENDED})
    assert updated.status == PartnershipStatus.SUSPENDED


# --- soft delete ----------------------------------------------------------------------


def test_soft_delete_leaves_a_tombstone_invisible_to_get(db: Database) -> None:
    row = records.create_row(db, Organization, {"name": "کنسولگری"})
    deleted = records.delete_row(db, Organization, row.id)
    assert deleted.deleted_at is not None
    assert deleted.revision == 2
    with pytest.raises(NotFoundError) as info:
        records.get_row(db, Organization, row.id)
    assert info.value.msg_id == "record.not_found"
    assert "سازمان" in info.value.message("fa")
    # Still in the table, as a tombstone.
    with db.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT name, deleted_at, revision FROM organization WHERE id = :id"),
            {"id": row.id.hex},
        ).one()
    assert stored.name == "کنسولگری"
    assert stored.deleted_at is not None
    assert stored.revision == 2
    with db.reading() as session:
        assert records.get(session, Organization, row.id, live=False).deleted_at is not None


def test_deleted_rows_cannot_be_updated_or_deleted_again(db: Database) -> None:
    row = records.create_row(db, Organization, {"name": "کنسولگری"})
    records.delete_row(db, Organization, row.id)
    with pytest.raises(NotFoundError):
        records.update_row(db, Organization, row.id, {"name": "دیگر"})
    with pytest.raises(NotFoundError):
        records.delete_row(db, Organization, row.id)


def test_get_of_unknown_id_is_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError) as info:
        records.get_row(db, Person, uuid.uuid4())
    assert info.value.msg_id == "record.not_found"


def test_returned_rows_are_detached_plain_rows(db: Database) -> None:
    row = records.create_row(db, Person, {"name": "علی"})
    assert not hasattr(row, "_sa_instance_state")
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        row.name = "x"
