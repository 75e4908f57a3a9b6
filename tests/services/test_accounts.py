"""Who is signed in, the office's accounts, and what each role meets through the
services (the database enforces it: storage/access.py; tests/storage/test_permissions.py
tries the same with raw SQL)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

import pg_support
from peyvand.config import Settings
from peyvand.domain import AuditEvent, Meeting, Person, Visit
from peyvand.domain.accounts import Permission, Role
from peyvand.domain.enums import Classification
from peyvand.domain.errors import PermissionDeniedError, PeyvandError, ValidationError
from peyvand.services import accounts, dashboard, lists, records, search, transfer, trips
from peyvand.storage.database import Database
from peyvand.storage.server_database import ServerDatabase

SECRET_TITLE = "گفت‌وگوی سری با هیئت"


def test_a_workstation_account_is_unenforced_and_named_after_the_linked_person(
    db_path: Path,
) -> None:
    db = Database.open(db_path)
    try:
        with db.session() as s:
            person = records.create(s, Person, {"name": "مریم رضایی"})
        account = accounts.current(db, Settings(current_person_id=person.id))
        assert not account.enforced and account.name == "مریم رضایی"
        assert account.may(Permission.EDIT_CLASSIFIED) and account.person_id == person.id
        with db.session() as s:
            records.create(s, Person, {"name": "علی"})
        with db.reading() as s:
            actors = {e.actor for e in s.exec(select(AuditEvent))}
        assert "مریم رضایی" in actors
        with pytest.raises(PeyvandError) as refused:
            accounts.accounts(db)
        assert refused.value.msg_id == "account.single_workstation"
        with pytest.raises(PeyvandError):
            accounts.add_account(db, "maryam", [Role.STAFF], password=None)
    finally:
        db.close()


@pytest.fixture(scope="module")
def office(pg_template: str) -> Iterator[tuple[str, dict[str, str]]]:
    name = pg_support.new_name("peyvand_acc")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    tag = f"pva{os.getpid()}{uuid.uuid4().hex[:6]}"
    logins = {who: f"{tag}_{who}" for who in ("reader", "staff", "cleared")}
    db = ServerDatabase.connect(url)
    try:
        with db.session() as s:
            me = records.create(s, Person, {"name": "مریم رضایی"})
            records.create(s, Visit, {"title": SECRET_TITLE, "classification": "secret"})
            records.create(
                s,
                Meeting,
                {
                    "title": SECRET_TITLE,
                    "date": dt.date(2026, 1, 5),
                    "classification": Classification.CONFIDENTIAL,
                },
            )
            records.create(s, Meeting, {"title": "جلسهٔ عادی", "date": dt.date(2026, 1, 6)})
        accounts.add_account(db, logins["reader"], ["reader"], password=None, person_id=me.id)
        accounts.add_account(db, logins["staff"], ["staff"], password="pw-staff")
        accounts.add_account(db, logins["cleared"], [Role.STAFF, Role.CLEARED], password=None)
        yield url, logins
    finally:
        db.close()
        pg_support.drop_database(name)
        with psycopg.connect(pg_support.database_url("postgres"), autocommit=True) as conn:
            for login in logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _as(url: str, login: str) -> ServerDatabase:
    return ServerDatabase.connect(
        make_url(url).set(username=login).render_as_string(hide_password=False)
    )


def test_accounts_are_listed_with_their_roles_and_bad_input_is_refused(
    office: tuple[str, dict[str, str]],
) -> None:
    url, logins = office
    db = ServerDatabase.connect(url)
    try:
        found = {a.login: a for a in accounts.accounts(db)}
        assert found[logins["cleared"]].roles == {Role.STAFF, Role.CLEARED}
        assert found[logins["reader"]].display_name == "مریم رضایی"  # from the person
        with pytest.raises(PeyvandError) as taken:
            accounts.add_account(db, logins["staff"], ["staff"], password=None)
        assert taken.value.msg_id == "account.login_taken"
        with pytest.raises(ValidationError):
            accounts.add_account(db, "bad name!", ["staff"], password=None)
        with pytest.raises(ValidationError):
            accounts.add_account(db, "peyvand_admin", ["staff"], password=None)
        with pytest.raises(ValidationError):
            accounts.set_roles(db, logins["staff"], ["boss"])
        with pytest.raises(PeyvandError) as unknown:
            accounts.disable(db, "nobody_here")
        assert unknown.value.msg_id == "account.unknown_login"
    finally:
        db.close()


def test_a_reader_cannot_save_and_is_told_so(office: tuple[str, dict[str, str]]) -> None:
    url, logins = office
    db = _as(url, logins["reader"])
    try:
        account = accounts.current(db, Settings())
        assert account.enforced and account.roles == {Role.READER}
        assert not account.may(Permission.EDIT)
        with pytest.raises(PermissionDeniedError) as refused, db.session() as s:
            records.create(s, Person, {"name": "کسی"})
        assert "اجازه" in refused.value.message("fa")
        assert "may not" in refused.value.message("en")
    finally:
        db.close()


def test_staff_who_are_not_cleared_see_no_classified_title_anywhere(
    office: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, logins = office
    db = _as(url, logins["staff"])
    try:
        accounts.current(db, Settings())
        for kind in ("meetings", "visits"):
            query = lists.ListQuery(kind=kind)
            shown = lists.page(db, query, 0, 100)
            assert all(SECRET_TITLE not in str(row) for row in shown)
        assert lists.count(db, lists.ListQuery(kind="meetings")) == 1
        assert lists.count(db, lists.ListQuery(kind="visits")) == 0
        assert search.search(db, "گفت‌وگوی سری") == []
        assert SECRET_TITLE not in str(dashboard.summary(db))
        exported = transfer.export_data(db)
        assert SECRET_TITLE not in str(exported)
        with pytest.raises(PermissionDeniedError):
            # Refused before anything is read or written (so no cheap KDF cost is needed).
            trips.export_visit(
                db, "1405-001", tmp_path / "t.pvtrip", "pass phrase", include_confidential=True
            )
        assert not (tmp_path / "t.pvtrip").exists()
    finally:
        db.close()
    cleared = _as(url, logins["cleared"])
    try:
        assert lists.count(cleared, lists.ListQuery(kind="meetings")) == 2
        assert [h for h in search.search(cleared, "گفت‌وگوی سری")]
    finally:
        cleared.close()


def test_the_audit_actor_is_the_login_even_if_the_application_claims_otherwise(
    office: tuple[str, dict[str, str]],
) -> None:
    url, logins = office
    db = _as(url, logins["cleared"])
    try:
        with db.session(actor="Mallory") as s:
            person = records.create(s, Person, {"name": "شخص تازه"})
        with db.reading() as s:
            actors = {
                e.actor
                for e in s.exec(select(AuditEvent).where(AuditEvent.entity_id == str(person.id)))
            }
        assert actors == {logins["cleared"]}
    finally:
        db.close()


def test_a_disabled_login_cannot_connect(office: tuple[str, dict[str, str]]) -> None:
    url, logins = office
    owner = ServerDatabase.connect(url)
    try:
        login = logins["staff"] + "_x"
        accounts.add_account(owner, login, ["staff"], password=None)
        assert accounts.disable(owner, login).disabled
    finally:
        owner.close()
    try:
        with pytest.raises(PeyvandError) as refused:
            _as(url, login)
        assert refused.value.msg_id == "account.disabled"
    finally:
        with psycopg.connect(pg_support.database_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')
