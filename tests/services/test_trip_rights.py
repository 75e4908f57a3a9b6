"""A trip import checks the importing person's rights for every row it changes, on a
real office server with real logins: a reader imports nothing; a member of staff who is
not cleared is refused a package holding a classified record, or a row that has become
hidden from them since the export — by name, with nothing changed — and a cleared
colleague imports the same package.

One database per module; the packages are made once, each test imports into the
office as it stands (a refused import leaves it exactly as it was).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

import pg_support
from db_content import digest
from peyvand.config import Settings
from peyvand.domain import Meeting, Visit
from peyvand.domain.enums import Classification
from peyvand.domain.errors import PermissionDeniedError
from peyvand.services import accounts, records, trips
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.storage.server_database import ServerDatabase
from peyvand.storage.trip_package import KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))
PASS = "رمز سفر ۱۴۰۵"
EDITED = "عنوان ویرایش‌شده در سفر"


@dataclass(frozen=True)
class Office:
    url: str
    logins: dict[str, str]
    ids: dict[str, uuid.UUID]
    with_classified: Path  # exported with the confidential meeting, its title edited
    reclassified: Path  # exported open; the meeting is confidential in the office since


def _as(url: str, login: str) -> Database:
    db = ServerDatabase.connect(
        make_url(url).set(username=login).render_as_string(hide_password=False)
    )
    accounts.current(db, Settings())
    return db


def _edit_on_the_laptop(path: Path, meeting_id: uuid.UUID) -> None:
    package = Database.open_package(path, PASS, cost=CHEAP)
    try:
        with package.session() as s:
            records.update(s, Meeting, meeting_id, {"title": EDITED})
    finally:
        package.close()


@pytest.fixture(scope="module")
def office(pg_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    name = pg_support.new_name("peyvand_tripr")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    tag = f"pvr{os.getpid()}{uuid.uuid4().hex[:6]}"
    logins = {who: f"{tag}_{who}" for who in ("reader", "staff", "cleared")}
    folder = tmp_path_factory.mktemp("packages")
    owner = ServerDatabase.connect(url)
    try:
        with owner.session() as s:
            visit = records.create(s, Visit, {"title": "سفر هیئت باز"}, clock=CLOCK)
            other = records.create(s, Visit, {"title": "سفر هیئت دوم"}, clock=CLOCK)
            secret = records.create(
                s,
                Meeting,
                {"title": "جلسهٔ نهان", "date": dt.date(2026, 12, 1), "visit_id": visit.id,
                 "classification": Classification.CONFIDENTIAL},
                clock=CLOCK,
            )  # fmt: skip
            later_hidden = records.create(
                s,
                Meeting,
                {"title": "جلسهٔ باز", "date": dt.date(2026, 12, 2), "visit_id": other.id},
                clock=CLOCK,
            )
        ids = {"visit": visit.id, "other": other.id, "secret": secret.id,
               "later_hidden": later_hidden.id}  # fmt: skip
        accounts.add_account(owner, logins["reader"], ["reader"], password=None)
        accounts.add_account(owner, logins["staff"], ["staff"], password=None)
        accounts.add_account(owner, logins["cleared"], ["staff", "cleared"], password=None)
        cleared = _as(url, logins["cleared"])
        try:
            with_classified = folder / "with-classified.pvtrip"
            trips.export_visit(
                cleared, visit.number, with_classified, PASS,
                include_confidential=True, cost=CHEAP, clock=CLOCK,
            )  # fmt: skip
            reclassified = folder / "reclassified.pvtrip"
            trips.export_visit(cleared, other.number, reclassified, PASS, cost=CHEAP, clock=CLOCK)
            with cleared.session() as s:
                records.update(
                    s, Meeting, later_hidden.id, {"classification": Classification.CONFIDENTIAL}
                )
        finally:
            cleared.close()
        _edit_on_the_laptop(with_classified, secret.id)
        _edit_on_the_laptop(reclassified, later_hidden.id)
        yield Office(url, logins, ids, with_classified, reclassified)
    finally:
        owner.close()
        pg_support.drop_database(name)
        with psycopg.connect(pg_support.database_url("postgres"), autocommit=True) as conn:
            for login in logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _import(db: Database, path: Path, tmp_path: Path) -> trips.TripImport:
    return trips.import_package(
        db, path, PASS, cost=CHEAP, backup_folder=tmp_path / "backups", clock=CLOCK
    )


def _office_digest(office: Office) -> str:
    owner = ServerDatabase.connect(office.url)  # sees every row: hidden ones included
    try:
        return digest(owner)
    finally:
        owner.close()


def _title(office: Office, key: str) -> str:
    owner = ServerDatabase.connect(office.url)
    try:
        with owner.reading() as s:
            return records.get(s, Meeting, office.ids[key]).title
    finally:
        owner.close()


def test_a_reader_imports_no_package(office: Office, tmp_path: Path) -> None:
    before = _office_digest(office)
    db = _as(office.url, office.logins["reader"])
    try:
        with pytest.raises(PermissionDeniedError) as refused:
            _import(db, office.with_classified, tmp_path)
    finally:
        db.close()
    assert refused.value.msg_id == "account.not_permitted"
    assert _office_digest(office) == before


@pytest.mark.parametrize(
    ("package", "key"), [("with_classified", "secret"), ("reclassified", "later_hidden")]
)
def test_staff_who_are_not_cleared_are_refused_a_hidden_row_by_name(
    office: Office, tmp_path: Path, package: str, key: str
) -> None:
    before = _office_digest(office)
    db = _as(office.url, office.logins["staff"])
    try:
        with pytest.raises(PermissionDeniedError) as refused:
            _import(db, getattr(office, package), tmp_path)
        with pytest.raises(PermissionDeniedError):
            trips.import_package(
                db, getattr(office, package), PASS, dry_run=True, cost=CHEAP, clock=CLOCK
            )
    finally:
        db.close()
    error = refused.value
    assert error.msg_id == "trip.not_permitted"
    assert (error.params["table"], error.params["id"]) == ("meeting", str(office.ids[key]))
    assert EDITED in error.message("en")  # named by the title the package gives it
    assert _office_digest(office) == before


@pytest.mark.parametrize(
    ("package", "key"), [("with_classified", "secret"), ("reclassified", "later_hidden")]
)
def test_a_cleared_colleague_imports_the_same_package(
    office: Office, tmp_path: Path, package: str, key: str
) -> None:
    db = _as(office.url, office.logins["cleared"])
    try:
        result = _import(db, getattr(office, package), tmp_path)
    finally:
        db.close()
    assert result.changed >= 1 and result.conflicts == 0
    assert _title(office, key) == EDITED
