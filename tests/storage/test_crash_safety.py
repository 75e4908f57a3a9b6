"""A writer killed at random moments leaves no corrupt file, no lost acknowledged commit
and no half-applied transaction (WAL, synchronous=FULL, one transaction per unit of work).

The driver (``benchmarks/_crash.py``) forks a child from this already-imported process,
lets it write through the services and SIGKILLs it; ``benchmarks/crash_bench.py`` runs
the same with 1,000 kills or more. The last tests break the rules on purpose, to show
the checks would see it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from peyvand.domain import ActionNote, Meeting
from peyvand.services import meetings, records
from peyvand.storage.database import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import _crash

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="forks a writer and kills it with SIGKILL: POSIX only"
)

# At least 50 kills, as the issue asks; about 20 s on a two-core machine.
KILLS = 60
SEED = 1403


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> _crash.Template:
    return _crash.make_template(tmp_path_factory.mktemp("crash") / "template.sqlite3")


def test_killed_writers_lose_nothing_acknowledged_and_apply_nothing_by_halves(
    tmp_path: Path, template: _crash.Template
) -> None:
    report = _crash.run(KILLS, tmp_path, seed=SEED, template=template)
    print(report.summary())  # shown with -s; the figures for docs and the issue
    assert report.ok, report.summary() + "\n" + "\n".join(report.problems)
    assert report.kills >= 50
    assert report.units_acknowledged > 0  # the children got real work done
    # Kills landed inside units of work, not only between them, and left WALs to recover.
    assert report.units_in_flight_present + report.units_in_flight_absent > 0
    assert report.wal_recoveries > 0


# --- the checks see what they are for ------------------------------------------------------


def _written(template: _crash.Template, path: Path, units: int) -> tuple[Path, _crash.Journal]:
    """``units`` units performed in this process, all acknowledged, the file closed."""
    path.write_bytes(template.path.read_bytes())
    db = Database.open(path)
    try:
        for index in range(units):
            _crash.perform(db, template, 0, index)
    finally:
        db.close()
    done = set(range(units))
    return path, _crash.Journal(opened=True, begun=done, acknowledged=done)


def _checked(template: _crash.Template, path: Path, journal: _crash.Journal) -> _crash.CrashReport:
    report = _crash.CrashReport()
    _crash.check_file(path, template, 0, journal, report)
    return report


def _tamper(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    try:
        for sql in statements:
            con.execute(sql)
        con.commit()
    finally:
        con.close()


def test_a_clean_file_passes(template: _crash.Template, tmp_path: Path) -> None:
    path, journal = _written(template, tmp_path / "clean.sqlite3", 8)
    report = _checked(template, path, journal)
    assert report.ok, report.problems
    assert report.units_acknowledged == 8


TAMPERING = [
    pytest.param("DELETE FROM statement WHERE text LIKE '%#0.0#%' AND text LIKE 'سخن 1%'",
                 "statement holds", id="a-statement-of-a-recorded-meeting-missing"),
    pytest.param("DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)",
                 "audit", id="an-audit-row-missing"),
    pytest.param("UPDATE meeting SET revision = revision + 1 WHERE title LIKE '%#0.0#%'",
                 "revision", id="a-revision-without-its-audit-row"),
    pytest.param("UPDATE action SET status = 'open' WHERE id IN "
                 "(SELECT action_id FROM action_note)", "notes say", id="status-without-note"),
    pytest.param("UPDATE number_counter SET last = last + 1 WHERE kind = 'meeting'",
                 "number counter", id="a-number-allocated-for-nothing"),
    pytest.param("UPDATE search_doc SET body = 'کهنه' WHERE entity = 'meeting'",
                 "search document", id="a-stale-search-document"),
    pytest.param("DELETE FROM action WHERE title LIKE '%#0.1#%'", "0 actions, 1 search",
                 id="an-action-gone-its-index-entry-left"),
]


@pytest.mark.parametrize(("sql", "expected"), TAMPERING)
def test_half_applied_work_is_caught(
    template: _crash.Template, tmp_path: Path, sql: str, expected: str
) -> None:
    path, journal = _written(template, tmp_path / "tampered.sqlite3", 8)
    _tamper(path, "PRAGMA foreign_keys = OFF", sql)
    report = _checked(template, path, journal)
    assert report.half_applied == 1 or report.lost_commits == 1
    assert any(expected in problem for problem in report.problems), report.problems


def test_an_acknowledged_unit_that_is_missing_is_a_lost_commit(
    template: _crash.Template, tmp_path: Path
) -> None:
    path, journal = _written(template, tmp_path / "lost.sqlite3", 8)
    journal.acknowledged.add(8)
    journal.begun.add(8)
    report = _checked(template, path, journal)
    assert report.lost_commits == 1
    assert any("acknowledged, missing" in problem for problem in report.problems)


def test_a_unit_present_though_never_begun_is_caught(
    template: _crash.Template, tmp_path: Path
) -> None:
    path, journal = _written(template, tmp_path / "ahead.sqlite3", 8)
    journal.begun.discard(7)
    journal.acknowledged.discard(7)
    report = _checked(template, path, journal)
    assert any("never begun, yet present" in problem for problem in report.problems)


def test_a_damaged_file_is_counted_as_corrupt(template: _crash.Template, tmp_path: Path) -> None:
    path, journal = _written(template, tmp_path / "damaged.sqlite3", 8)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, min(len(data), 12 * page), 97):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    report = _checked(template, path, journal)
    assert report.corrupt_files == 1, report.problems


# --- through the fork: a non-atomic writer and a lying one are caught ----------------------

def _split_meeting(db: Database, template: _crash.Template, case: int, index: int) -> None:
    """A meeting unit in two transactions, with a pause between: what must not exist."""
    mark = _crash.marker(case, index)
    texts = _crash.meeting_texts(mark, index)
    detail = meetings.record_meeting(
        db, {"title": _crash.meeting_title(mark), "date": dt.date(2024, 5, 1)},
        agenda=texts["agenda_item"],
    )
    time.sleep(5)  # the kill lands here
    with db.session() as session:
        for text in texts["statement"]:
            meetings.add_statement(session, detail.meeting.id, text, None)


def _acknowledge_without_writing(
    db: Database, template: _crash.Template, case: int, index: int
) -> None:
    time.sleep(0.01)


def test_a_writer_splitting_a_unit_of_work_is_caught(
    template: _crash.Template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Set in this process before the fork, so the child runs it.
    monkeypatch.setattr(_crash, "perform", _split_meeting)
    report = _crash.run(3, tmp_path, template=template, min_delay=0.6, max_delay=0.8)
    assert (report.kills, report.half_applied, report.lost_commits) == (3, 3, 0), report.summary()
    assert sum("statement holds []" in problem for problem in report.problems) == 3


def test_a_writer_acknowledging_what_it_did_not_commit_is_caught(
    template: _crash.Template, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_crash, "perform", _acknowledge_without_writing)
    report = _crash.run(3, tmp_path, template=template, min_delay=0.3, max_delay=0.4)
    assert (report.kills, report.half_applied) == (3, 0), report.summary()
    # Every acknowledged unit is missing (lost commits count units, not files).
    assert report.lost_commits == report.units_acknowledged >= 3


def test_the_services_used_by_the_driver_write_what_it_expects(
    template: _crash.Template, tmp_path: Path
) -> None:
    # Guards the driver against drifting from the services it exercises.
    path, _journal = _written(template, tmp_path / "units.sqlite3", 4)
    db = Database.open(path)
    try:
        with db.reading() as session:
            titles = set(session.exec(select(Meeting.title)).all())
            notes = list(session.exec(select(ActionNote.text)).all())
        assert _crash.meeting_title(_crash.marker(0, 0)) in titles
        assert notes == [_crash.note_text(_crash.marker(0, 2))]
        edited = records.get_row(db, Meeting, template.meeting_ids[_crash.title_edit(3)])
        assert edited.title == _crash.edited_title(_crash.marker(0, 3))
    finally:
        db.close()
