"""A change the office server refuses is reported as a refusal («شما اجازهٔ این کار را
ندارید»), never as "someone else changed it": an UPDATE that row-level security filters
out changes zero rows, exactly as a stale revision does, so the services tell the two
apart — on a real PostgreSQL database with real logins.

One database per module; each test leaves the rows it changes as it found them or
changes rows of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy.engine import make_url

import pg_support
from peyvand.config import Settings
from peyvand.domain import Action, Decision, Meeting, Person
from peyvand.domain.enums import ActionStatus, Classification
from peyvand.domain.errors import ConflictError, PermissionDeniedError
from peyvand.services import accounts, actions, records
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.storage.server_database import ServerDatabase

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))


@dataclass(frozen=True)
class Office:
    url: str
    logins: dict[str, str]
    ids: dict[str, uuid.UUID]


@pytest.fixture(scope="module")
def office(pg_template: str) -> Iterator[Office]:
    name = pg_support.new_name("peyvand_refuse")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    tag = f"pvn{os.getpid()}{uuid.uuid4().hex[:6]}"
    logins = {who: f"{tag}_{who}" for who in ("reader", "staff", "cleared")}
    owner = ServerDatabase.connect(url)
    try:
        with owner.session() as s:
            me = records.create(s, Person, {"name": "مریم رضایی"})
            other = records.create(s, Person, {"name": "علی کریمی"})
            meeting = records.create(
                s, Meeting, {"title": "جلسهٔ عادی", "date": dt.date(2026, 11, 1)}, clock=CLOCK
            )
            decision = records.create(s, Decision, {"meeting_id": meeting.id, "text": "مصوبه"})
            ids = {
                "meeting": meeting.id,
                "decision": decision.id,
                "mine": records.create(
                    s, Action, {"title": "کار من", "owner_person_id": me.id}, clock=CLOCK
                ).id,
                "theirs": records.create(
                    s, Action, {"title": "کار دیگری", "owner_person_id": other.id}, clock=CLOCK
                ).id,
            }
        accounts.add_account(owner, logins["reader"], ["reader"], password=None, person_id=me.id)
        accounts.add_account(owner, logins["staff"], ["staff"], password=None)
        accounts.add_account(owner, logins["cleared"], ["staff", "cleared"], password=None)
        yield Office(url, logins, ids)
    finally:
        owner.close()
        pg_support.drop_database(name)
        with psycopg.connect(pg_support.database_url("postgres"), autocommit=True) as conn:
            for login in logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def reader(office: Office) -> Iterator[Database]:
    db = _as(office, "reader")
    yield db
    db.close()


def _as(office: Office, who: str) -> Database:
    db = ServerDatabase.connect(
        make_url(office.url).set(username=office.logins[who]).render_as_string(
            hide_password=False
        )
    )
    accounts.current(db, Settings())
    return db


def _revision(office: Office, model: type[Action] | type[Meeting], key: str) -> int:
    owner = ServerDatabase.connect(office.url)
    try:
        with owner.reading() as s:
            return records.get(s, model, office.ids[key]).revision
    finally:
        owner.close()


def test_a_reader_changing_someone_elses_follow_up_is_told_it_is_not_permitted(
    office: Office, reader: Database
) -> None:
    theirs = office.ids["theirs"]
    before = _revision(office, Action, "theirs")
    attempts = {
        "status": lambda: actions.change_status(
            reader, theirs, ActionStatus.DONE, "انجام شد", clock=CLOCK
        ),
        "note": lambda: actions.add_note(reader, theirs, "یادداشت", clock=CLOCK),
        "edit": lambda: records.update_row(
            reader, Action, theirs, {"title": "عنوان تازه"}, expected_revision=before
        ),
    }
    for what, attempt in attempts.items():
        with pytest.raises(PermissionDeniedError) as refused:
            attempt()
        assert refused.value.msg_id == "account.not_permitted", what
    assert _revision(office, Action, "theirs") == before


def test_an_update_a_row_policy_filters_out_is_not_reported_as_stale(
    office: Office, reader: Database
) -> None:
    """Whatever service writes it: the reader may update the status column of follow-ups,
    but the row policy lets only their own through — zero rows, not a stale save."""
    before = _revision(office, Action, "theirs")
    with pytest.raises(PermissionDeniedError) as refused, reader.session() as s:
        found = s.get(Action, office.ids["theirs"])
        assert found is not None
        found.status = ActionStatus.DONE
    assert refused.value.msg_id == "account.not_permitted"
    assert _revision(office, Action, "theirs") == before


def test_a_reader_still_changes_their_own_follow_up(office: Office, reader: Database) -> None:
    row = actions.change_status(
        reader, office.ids["mine"], ActionStatus.IN_PROGRESS, "شروع شد", clock=CLOCK
    )
    assert row.status == ActionStatus.IN_PROGRESS
    note = actions.add_note(reader, office.ids["mine"], "پیشرفت", clock=CLOCK)
    assert note.action_id == office.ids["mine"]


def test_a_record_hidden_since_it_was_read_is_refused_not_missing(office: Office) -> None:
    staff, cleared = _as(office, "staff"), _as(office, "cleared")
    try:
        with staff.reading() as s:
            revision = records.get(s, Meeting, office.ids["meeting"]).revision
        records.update_row(
            cleared, Meeting, office.ids["meeting"],
            {"classification": Classification.SECRET}, expected_revision=revision,
        )  # fmt: skip
        with pytest.raises(PermissionDeniedError) as refused:
            records.update_row(
                staff, Meeting, office.ids["meeting"], {"title": "تازه"},
                expected_revision=revision,
            )  # fmt: skip
        assert refused.value.msg_id == "account.not_permitted"
        with pytest.raises(PermissionDeniedError):
            records.delete_row(staff, Decision, office.ids["decision"])
    finally:
        records.update_row(
            cleared, Meeting, office.ids["meeting"], {"classification": Classification.NORMAL}
        )
        staff.close()
        cleared.close()


def test_a_stale_revision_is_still_reported_as_stale(office: Office) -> None:
    staff, cleared = _as(office, "staff"), _as(office, "cleared")
    try:
        revision = _revision(office, Action, "theirs")
        records.update_row(cleared, Action, office.ids["theirs"], {"title": "کار دیگری ۲"})
        with pytest.raises(ConflictError) as stale:
            records.update_row(
                staff, Action, office.ids["theirs"], {"title": "کار دیگری ۳"},
                expected_revision=revision,
            )  # fmt: skip
        assert stale.value.msg_id == "record.stale"
    finally:
        staff.close()
        cleared.close()
