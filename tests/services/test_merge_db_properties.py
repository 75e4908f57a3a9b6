"""The merge properties through real databases (benchmarks/_merge_db.py has the driver
and describes every check): the laptop edits a package opened in trip mode with the
real services, the office edits its database, then ``trips.import_package``.

One hypothesis test checks, on each of its 100 examples, the per-field oracle, nothing
saved lost, import twice = import once, no edits = no change, a shifted laptop clock,
an exception at a step of the import, and two packages imported in either order
(combined so that every example pays for its edits once). Example tests below are
regression tests for the bugs the properties found (all fixed in services/trips.py)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import _merge_db as merge_db

from peyvand.domain import Meeting, Statement
from peyvand.services import meetings, records, trips
from peyvand.storage.database import Database

EXAMPLES = int(os.environ.get("PEYVAND_MERGE_DB_EXAMPLES", "100"))


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> merge_db.Template:
    """The demo office and two packages, built once and copied for every example."""
    return merge_db.build_template(tmp_path_factory.mktemp("merge-db"))


@pytest.mark.slow
@pytest.mark.timeout(1800)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(scenario=merge_db.scenarios())
def test_merge_properties_hold_through_real_databases(
    template: merge_db.Template, scenario: merge_db.Scenario
) -> None:
    with tempfile.TemporaryDirectory(dir=template.folder) as work:
        merge_db.check_scenario(template, scenario, Path(work))


# --- the checks can fail ------------------------------------------------------------------


def test_the_oracle_catches_a_wrong_merge(template: merge_db.Template, tmp_path: Path) -> None:
    """Feed the oracle an office where the laptop's change was not taken: it objects."""
    package = shutil.copyfile(template.package_a, tmp_path / "a.pvtrip")
    with merge_db.opened_package(package) as laptop, laptop.session() as session:
        statement = session.exec(select(Statement).order_by(col(Statement.id))).first()
        assert statement is not None
        records.update(session, Statement, statement.id, {"text": "متن سفر"})
        key = ("statement", str(statement.id))
    base, rows = merge_db.read_package(package)
    office = shutil.copyfile(template.office, tmp_path / "office.sqlite3")
    db = Database.open(office)
    try:
        before = merge_db.office_tables(db)
        result = merge_db._import(db, package, tmp_path)
        after = merge_db.office_tables(db)
        conflicts = merge_db.conflicts_of(db)
        right = merge_db.Imported(base, rows, before, after, conflicts)
        merge_db.check_oracle(right, result)  # the real import passes
        after[key[0]][key[1]]["text"] = before[key[0]][key[1]]["text"]
        wrong = merge_db.Imported(base, rows, before, after, conflicts)
        with pytest.raises(merge_db.PropertyError, match="merged text"):
            merge_db.check_oracle(wrong, result)
        with pytest.raises(merge_db.PropertyError, match="value lost"):
            merge_db.check_nothing_lost(wrong, dict)
    finally:
        db.close()


def test_the_digest_sees_any_change_and_the_fault_hooks_fire(
    template: merge_db.Template, tmp_path: Path
) -> None:
    office = shutil.copyfile(template.office, tmp_path / "office.sqlite3")
    before = merge_db.digest(office)
    db = Database.open(office)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE search_doc SET body = body || ' ' WHERE rowid = 1")
        assert merge_db.digest(office) != before
        counts: dict[str, int] = {}
        fault = ("trips.decode_values", 1)
        with pytest.raises(merge_db.InjectedFaultError), merge_db.hooked(counts, fault):
            trips.decode_values(Statement, {})
    finally:
        db.close()
    assert counts == {"trips.decode_values": 1}
    assert trips.decode_values.__name__ == "decode_values"  # restored


# --- regressions: bugs the properties found -----------------------------------------------


@contextmanager
def _laptop(package: Path) -> Iterator[Database]:
    with merge_db.opened_package(package) as laptop:
        yield laptop


def _statement_and_meeting(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.reading() as session:
        statement = session.exec(
            select(Statement).where(col(Statement.deleted_at).is_(None)).order_by(col(Statement.id))
        ).first()
        assert statement is not None
        return statement.id, statement.meeting_id


def _copies(template: merge_db.Template, tmp_path: Path) -> tuple[Path, Path]:
    office = shutil.copyfile(template.office, tmp_path / "office.sqlite3")
    package = shutil.copyfile(template.package_a, tmp_path / "a.pvtrip")
    return office, package


def _live_statements(db: Database, meeting_id: uuid.UUID) -> set[uuid.UUID]:
    with db.reading() as session:
        return {
            s.id
            for s in session.exec(
                select(Statement).where(
                    Statement.meeting_id == meeting_id, col(Statement.deleted_at).is_(None)
                )
            )
        }


def test_bug_1_a_row_the_office_deleted_before_finalizing_edited_on_the_laptop(
    template: merge_db.Template, tmp_path: Path
) -> None:
    office, package = _copies(template, tmp_path)
    with _laptop(package) as laptop:
        statement_id, meeting_id = _statement_and_meeting(laptop)
        with laptop.session() as session:
            records.update(session, Statement, statement_id, {"text": "متن سفر"})
    db = Database.open(office)
    try:
        with db.session() as session:
            records.soft_delete(session, Statement, statement_id)
        meetings.finalize(db, meeting_id)
        result = merge_db._import(db, package, tmp_path)  # refused today: trip.bad_content
        fields = sorted((c.table, c.field) for c in result.conflict_list)
        assert fields == [("statement", "deleted_at"), ("statement", "text")]
        assert statement_id not in _live_statements(db, meeting_id)  # final minutes as they were
    finally:
        db.close()


def test_bug_2_a_row_created_and_deleted_on_the_laptop_under_final_minutes(
    template: merge_db.Template, tmp_path: Path
) -> None:
    office, package = _copies(template, tmp_path)
    with _laptop(package) as laptop:
        _statement_id, meeting_id = _statement_and_meeting(laptop)
        with laptop.session() as session:
            new_id = meetings.add_statement(session, meeting_id, "یادداشت موقت", None).id
        with laptop.session() as session:
            records.soft_delete(session, Statement, new_id)
    db = Database.open(office)
    try:
        meetings.finalize(db, meeting_id)
        result = merge_db._import(db, package, tmp_path)
        with db.reading() as session:
            stored = session.get(Statement, new_id)
            assert stored is not None and stored.deleted_at is not None  # a tombstone
        # The laptop deleted it: there is nothing to decide.
        assert [(c.field, c.laptop_value) for c in result.conflict_list] == []
    finally:
        db.close()


def test_bug_3_a_row_moved_out_of_final_minutes_on_the_laptop(
    template: merge_db.Template, tmp_path: Path
) -> None:
    office, package = _copies(template, tmp_path)
    with _laptop(package) as laptop:
        statement_id, meeting_id = _statement_and_meeting(laptop)
        visit_id = merge_db.visit_id_of(laptop, merge_db.VISIT_A)
        other = meetings.record_meeting(
            laptop, {"title": "جلسه تازه", "date": merge_db.NEW_MEETING_DAY, "visit_id": visit_id}
        )
        with laptop.session() as session:
            records.update(session, Statement, statement_id, {"meeting_id": other.meeting.id})
    db = Database.open(office)
    try:
        meetings.finalize(db, meeting_id)
        minutes = _live_statements(db, meeting_id)
        result = merge_db._import(db, package, tmp_path)
        assert _live_statements(db, meeting_id) == minutes  # final minutes stay as they are
        assert ("statement", "meeting_id") in {(c.table, c.field) for c in result.conflict_list}
    finally:
        db.close()


def test_bug_4_minutes_reopened_on_the_laptop_while_final_in_the_office(
    template: merge_db.Template, tmp_path: Path
) -> None:
    office = shutil.copyfile(template.office, tmp_path / "office.sqlite3")
    package = tmp_path / "final.pvtrip"
    db = Database.open(office)
    try:
        with db.reading() as session:
            meeting = session.exec(select(Meeting).where(Meeting.number == "1405-003")).one()
            meeting_id = meeting.id
        meetings.finalize(db, meeting_id)
        trips.export_visit(db, merge_db.VISIT_A, package, merge_db.PASS, cost=merge_db.CHEAP)
        with _laptop(package) as laptop:
            meetings.reopen(laptop, meeting_id)
        result = merge_db._import(db, package, tmp_path)
        # The laptop's change to final minutes is a conflict, as every other one is.
        assert "is_final" in {c.field for c in result.conflict_list}, result
    finally:
        db.close()
