"""Crash-safety driver: kill a process writing through the services, then inspect the file.

Used by ``tests/storage/test_crash_safety.py`` (60 kills in the default test run) and by
``benchmarks/crash_bench.py`` (1,000 or more, on demand). POSIX only: it forks.

One case:

1. The template database (migrated, with a unit, people, meetings and actions made
   through the services) is copied to a fresh file.
2. ``os.fork()``: the child already has every module imported (the parent imported
   them), opens the copy with ``Database.open`` and performs units of work through the
   services, without end: a meeting recorded with its agenda, statements and decisions;
   a follow-up action created; an action's status changed with a progress note; a
   meeting's title edited. Before each unit it writes ``B <i>`` to a pipe, right
   before SQLite's COMMIT ``C <i>`` (a session event), and once the service call has
   returned, ``A <i>``: the acknowledgement. Every unit carries a unique marker in its
   text, derived from the case and the unit's index, so the parent knows exactly what
   each unit wrote without asking the child.
3. The parent sends SIGKILL after a random delay (seeded; uniform from 0 to
   ``max_delay``), so kills land while the file is opened, between units, in the
   middle of a unit's statements, during COMMIT and after it.
4. The parent opens the file with plain ``sqlite3`` first (so a left-over WAL is
   recovered the way SQLite does it for any reader), and checks:

   * corruption: ``PRAGMA integrity_check``, ``PRAGMA foreign_key_check`` and FTS5's
     ``integrity-check`` of both search tables;
   * lost commits: every acknowledged unit is there;
   * half-applied transactions: every unit is there completely or not at all (the
     meeting with exactly its rows, the note with its status change, the title with
     its audit row); a unit never begun is absent; every row has exactly one
     ``create`` audit event and ``revision - 1`` later ones; number counters match the
     numbers in use; the search documents are exactly what the index would build now.

   Then it opens the file the application's way (``Database.open``) and reads a
   meeting through the services.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from peyvand.domain import Meeting, Person, Unit
from peyvand.domain.enums import ActionStatus
from peyvand.services import actions, meetings, records
from peyvand.storage import search_index
from peyvand.storage.database import Database, PeyvandSession

__all__ = [
    "CrashReport",
    "Journal",
    "Template",
    "check_file",
    "fork_and_kill",
    "make_template",
    "perform",
    "read_journal",
    "run",
]

# Units cycle through these kinds: unit i is KINDS[i % 4].
KINDS = ("meeting", "action", "status", "title")
TEMPLATE_MEETINGS = 3
TEMPLATE_ACTIONS = 4
# Statuses an action goes through, one change per unit: open → in progress → done → open.
CYCLE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)
MEETING_DAY = dt.date(2024, 5, 1)  # 1403/02/12
# Tables whose rows the services write (with audit rows); the invariants cover them all.
AUDITED = ("unit", "person", "meeting", "agenda_item", "statement", "decision", "action",
           "action_note")
# Problems described per report, at most (the counts are complete).
MAX_DESCRIBED = 20


@dataclass(frozen=True)
class Template:
    path: Path
    meeting_ids: tuple[uuid.UUID, ...]
    action_ids: tuple[uuid.UUID, ...]


@dataclass
class CrashReport:
    cases: int = 0
    kills: int = 0  # children ended by SIGKILL while writing
    phases: Counter[str] = field(default_factory=Counter)  # where the kills landed
    units_acknowledged: int = 0
    units_in_flight_present: int = 0  # begun, not acknowledged, found complete
    units_in_flight_absent: int = 0  # begun, not acknowledged, found absent
    wal_recoveries: int = 0  # files left with a WAL holding frames at the kill
    corrupt_files: int = 0
    lost_commits: int = 0
    half_applied: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.corrupt_files or self.lost_commits or self.half_applied or
                    self.problems)

    def summary(self) -> str:
        phases = ", ".join(f"{name} {count}" for name, count in sorted(self.phases.items()))
        return (
            f"{self.kills} kills in {self.cases} cases, {self.seconds:.1f} s "
            f"({phases}); {self.units_acknowledged} acknowledged units checked, "
            f"{self.units_in_flight_present} in-flight units found whole, "
            f"{self.units_in_flight_absent} found absent; {self.wal_recoveries} WAL "
            f"recoveries; corrupt files {self.corrupt_files}, lost acknowledged commits "
            f"{self.lost_commits}, half-applied transactions {self.half_applied}"
        )


# --- the units of work ---------------------------------------------------------------------


def marker(case: int, index: int) -> str:
    # Delimited, so that «#3.1#» is never found inside «#3.10#».
    return f"#{case}.{index}#"


def meeting_texts(mark: str, index: int) -> dict[str, list[str]]:
    """What a meeting unit writes besides the meeting: sizes vary with the index."""
    return {
        "agenda_item": [f"دستور {j} برای {mark}" for j in range(1 + index % 2)],
        "statement": [f"سخن {j} در {mark}" for j in range(2 + index % 4)],
        "decision": [f"مصوبه {j} در {mark}" for j in range(1 + index % 3)],
    }


def meeting_title(mark: str) -> str:
    return f"جلسه آزمون {mark}"


def action_title(mark: str) -> str:
    return f"پیگیری آزمون {mark}"


def note_text(mark: str) -> str:
    return f"یادداشت پیشرفت {mark}"


def edited_title(mark: str) -> str:
    return f"جلسه الگو ویرایش‌شده {mark}"


def status_change(index: int) -> tuple[int, ActionStatus, ActionStatus]:
    """(template action, from, to) of status unit ``index``: each action's j-th change
    moves it one step along CYCLE, so no unit needs to read the database to know."""
    round_ = index // len(KINDS)
    action, nth = round_ % TEMPLATE_ACTIONS, round_ // TEMPLATE_ACTIONS
    return action, CYCLE[nth % 3], CYCLE[(nth + 1) % 3]


def title_edit(index: int) -> int:
    """The template meeting title unit ``index`` edits."""
    return (index // len(KINDS)) % TEMPLATE_MEETINGS


def perform(db: Database, template: Template, case: int, index: int) -> None:
    """Unit of work ``index`` of ``case``, through the services; one transaction each."""
    mark = marker(case, index)
    kind = KINDS[index % len(KINDS)]
    if kind == "meeting":
        texts = meeting_texts(mark, index)
        meetings.record_meeting(
            db,
            {"title": meeting_title(mark), "date": MEETING_DAY},
            agenda=texts["agenda_item"],
            statements=[(None, t) for t in texts["statement"]],
            decisions=[{"text": t} for t in texts["decision"]],
        )
    elif kind == "action":
        actions.create_action(db, {"title": action_title(mark), "due_date": MEETING_DAY})
    elif kind == "status":
        action, _old, new = status_change(index)
        actions.change_status(db, template.action_ids[action], new, note_text(mark))
    else:
        meeting_id = template.meeting_ids[title_edit(index)]
        records.update_row(db, Meeting, meeting_id, {"title": edited_title(mark)})


def make_template(path: Path) -> Template:
    """A migrated database with the rows the units build on, made through the services."""
    db = Database.open(path)
    try:
        with db.session() as session:
            unit = records.create(session, Unit, {"name": "واحد آزمون خرابی"})
            for name in ("مریم آزمون", "رضا نمونه", "سارا مثال"):
                records.create(session, Person, {"name": name, "unit_id": unit.id})
        meeting_ids = tuple(
            meetings.record_meeting(
                db,
                {"title": f"جلسه الگو {k}", "date": MEETING_DAY},
                statements=[(None, f"سخن الگو {k}")],
                decisions=[{"text": f"مصوبه الگو {k}"}],
            ).meeting.id
            for k in range(TEMPLATE_MEETINGS)
        )
        action_ids = tuple(
            actions.create_action(db, {"title": f"پیگیری الگو {k}"}).id
            for k in range(TEMPLATE_ACTIONS)
        )
    finally:
        db.close()
    return Template(path, meeting_ids, action_ids)


# --- the child -----------------------------------------------------------------------------


def _child(path: Path, template: Template, case: int, pipe: int) -> None:
    current = [-1]

    def say(tag: str) -> None:
        # Unbuffered, one write per line: what is written before the kill is in the pipe.
        os.write(pipe, f"{tag} {current[0]}\n".encode())

    # Right before SQLite's COMMIT: the unit of work's own before_commit hooks (flush,
    # search index) are registered first and have run.
    event.listen(PeyvandSession, "before_commit", lambda _s: say("C"))
    db = Database.open(path)
    say("O")
    for index in itertools.count():
        current[0] = index
        say("B")
        perform(db, template, case, index)
        say("A")


def fork_and_kill(path: Path, template: Template, case: int, delay: float) -> tuple[int, str]:
    """Run a child on ``path``, SIGKILL it after ``delay`` seconds; (status, pipe text)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller (pytest, the benchmark)
        code = 0
        try:
            os.close(read_end)
            _child(path, template, case, write_end)
        except BaseException:
            os.write(write_end, ("E " + json.dumps(traceback.format_exc()) + "\n").encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _pid, status = os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    return status, b"".join(chunks).decode()


@dataclass
class Journal:
    opened: bool = False
    begun: set[int] = field(default_factory=set)
    committing: set[int] = field(default_factory=set)
    acknowledged: set[int] = field(default_factory=set)
    error: str = ""

    @property
    def last(self) -> int:
        return max(self.begun, default=-1)

    def phase(self) -> str:
        """Where the kill landed, from the last thing the child said."""
        if not self.opened:
            return "opening"
        last = self.last
        if last < 0 or last in self.acknowledged:
            return "between units"
        if last in self.committing:
            return "in commit"
        return "in unit"


def read_journal(output: str) -> Journal:
    journal = Journal()
    for line in output.splitlines():
        tag, _, rest = line.partition(" ")
        if tag == "E":
            journal.error = json.loads(rest)
            continue
        if tag == "O":
            journal.opened = True
            continue
        index = int(rest)
        {"B": journal.begun, "C": journal.committing, "A": journal.acknowledged}[tag].add(index)
    return journal


# --- the checks ----------------------------------------------------------------------------


def _hex(value: uuid.UUID) -> str:
    return value.hex  # how SQLAlchemy stores a UUID on SQLite


def _scalar(con: sqlite3.Connection, sql: str, *args: Any) -> Any:
    row = con.execute(sql, args).fetchone()
    return None if row is None else row[0]


def _corruption(con: sqlite3.Connection) -> list[str]:
    try:
        result = [row[0] for row in con.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            return [f"integrity_check: {result[:3]}"]
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            return [f"foreign_key_check: {broken[:3]}"]
        for table in ("search_words", "search_grams"):
            con.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed" and kin
        return [f"{type(exc).__name__}: {exc}"]
    return []


def _meeting_unit(con: sqlite3.Connection, mark: str, index: int) -> tuple[bool, list[str]]:
    """(present, problems) of a meeting unit: the meeting and exactly its rows, or none."""
    expected = meeting_texts(mark, index)
    ids = [r[0] for r in con.execute("SELECT id FROM meeting WHERE title = ?",
                                     (meeting_title(mark),))]
    found = {
        table: sorted(
            (row[0], row[1]) for row in con.execute(
                f"SELECT text, meeting_id FROM {table} WHERE text LIKE ?", (f"%{mark}%",))
        )
        for table in expected
    }
    if not ids:
        stray = {table: rows for table, rows in found.items() if rows}
        return False, [f"{mark}: rows without their meeting: {stray}"] if stray else []
    problems = []
    if len(ids) > 1:
        problems.append(f"{mark}: {len(ids)} meetings")
    for table, texts in expected.items():
        if found[table] != sorted((t, ids[0]) for t in texts):
            problems.append(f"{mark}: {table} holds {found[table]}, expected {texts}")
    body = _scalar(con, "SELECT body FROM search_doc WHERE entity = 'meeting' AND entity_id = ?",
                   ids[0])
    if body is None or not all(t in body for t in expected["statement"]):
        problems.append(f"{mark}: search document missing or stale")
    return True, problems


def _action_unit(con: sqlite3.Connection, mark: str) -> tuple[bool, list[str]]:
    ids = [r[0] for r in con.execute("SELECT id FROM action WHERE title = ?",
                                     (action_title(mark),))]
    docs = _scalar(con, "SELECT count(*) FROM search_doc WHERE entity = 'action' AND title = ?",
                   action_title(mark))
    if len(ids) > 1 or docs != len(ids):
        return bool(ids), [f"{mark}: {len(ids)} actions, {docs} search documents"]
    return bool(ids), []


def _status_unit(
    con: sqlite3.Connection, template: Template, mark: str, index: int
) -> tuple[bool, list[str]]:
    action, old, new = status_change(index)
    notes = con.execute(
        "SELECT action_id, status_from, status_to FROM action_note WHERE text = ?",
        (note_text(mark),),
    ).fetchall()
    if not notes:
        return False, []
    expected = (_hex(template.action_ids[action]), old.value, new.value)
    if notes != [expected]:
        return True, [f"{mark}: notes {notes}, expected {[expected]}"]
    return True, []


def _title_unit(
    con: sqlite3.Connection, template: Template, mark: str, index: int
) -> tuple[bool, list[str]]:
    """An edit is applied when its audit row is there; the meeting's title must then be
    this edit's or a later one's (the invariants check the revision and audit count)."""
    meeting_id = template.meeting_ids[title_edit(index)]
    audits = [
        json.loads(changes)
        for (changes,) in con.execute(
            "SELECT changes FROM audit_event WHERE entity = 'meeting' AND entity_id = ? "
            "AND action = 'update'", (str(meeting_id),))
    ]
    applied = [c for c in audits if c.get("title", [None, None])[1] == edited_title(mark)]
    return bool(applied), [f"{mark}: {len(applied)} audit rows"] if len(applied) > 1 else []


def _unit_state(
    con: sqlite3.Connection, template: Template, case: int, index: int
) -> tuple[bool, list[str]]:
    mark = marker(case, index)
    kind = KINDS[index % len(KINDS)]
    if kind == "meeting":
        return _meeting_unit(con, mark, index)
    if kind == "action":
        return _action_unit(con, mark)
    if kind == "status":
        return _status_unit(con, template, mark, index)
    return _title_unit(con, template, mark, index)


def _invariants(con: sqlite3.Connection) -> list[str]:
    """What holds whatever was applied, if every transaction was all or nothing."""
    problems = []
    audits: dict[str, Counter[str]] = {}
    for entity_id, action, count in con.execute(
        "SELECT entity_id, action, count(*) FROM audit_event GROUP BY entity_id, action"
    ):
        audits.setdefault(uuid.UUID(entity_id).hex, Counter())[action] = count
    for table in AUDITED:
        for row_id, revision in con.execute(f"SELECT id, revision FROM {table}"):
            seen = audits.pop(row_id, Counter())
            if seen["create"] != 1 or seen["update"] != revision - 1:
                problems.append(f"{table} {row_id}: revision {revision}, audit {dict(seen)}")
    if audits:
        problems.append(f"audit rows of no row: {list(audits)[:3]}")
    # Each action's status is where its notes took it, in order.
    for action_id, status in con.execute("SELECT id, status FROM action"):
        chain = con.execute(
            "SELECT status_from, status_to FROM action_note WHERE action_id = ? "
            "ORDER BY noted_at, rowid", (action_id,)).fetchall()
        state = ActionStatus.OPEN.value
        for old, new in chain:
            if old != state:
                problems.append(f"action {action_id}: note from {old} after {state}")
            state = new
        if status != state:
            problems.append(f"action {action_id}: status {status}, notes say {state}")
    for kind, year, last in con.execute("SELECT kind, year, last FROM number_counter"):
        numbers = [r[0] for r in con.execute(f"SELECT number FROM {kind}")]
        used = max((int(n.split("-")[1]) for n in numbers if n.startswith(f"{year}-")),
                   default=0)
        if used != last:
            problems.append(f"number counter {kind} {year}: {last}, highest used {used}")
    return problems


def _search_is_current(db: Database) -> list[str]:
    """Rebuild every live record's search document in a transaction that is rolled back,
    and compare: the stored documents must be exactly what the index would write now."""
    with db.engine.connect() as conn:
        transaction = conn.begin()
        try:
            stored = set(conn.execute(
                text("SELECT entity, entity_id, number, title, body FROM search_doc")).all())
            docs = [
                (entity, uuid.UUID(hex=key))
                for entity in search_index.INDEXED_ENTITIES
                for (key,) in conn.execute(
                    text(f"SELECT id FROM {entity} WHERE deleted_at IS NULL"))
            ]
            search_index.refresh(conn, docs)
            rebuilt = set(conn.execute(
                text("SELECT entity, entity_id, number, title, body FROM search_doc")).all())
        finally:
            transaction.rollback()
    if stored == rebuilt:
        return []
    return [f"search documents differ: {sorted(stored ^ rebuilt)[:2]}"]


def check_file(path: Path, template: Template, case: int, journal: Journal,
               report: CrashReport) -> None:
    """Check the file a child of ``case`` left, against what it said (``journal``);
    add the findings to ``report``."""
    problems: list[str] = []
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        report.wal_recoveries += 1
    # Plain sqlite3 first: it finds the dead writer's WAL and recovers it, as any reader.
    con = sqlite3.connect(path)
    try:
        corrupt = _corruption(con)
        if corrupt:
            report.corrupt_files += 1
            report.problems += [f"case {case}: {p}" for p in corrupt]
            return
        problems += _units(con, template, case, journal, report)
        problems += _invariants(con)
    finally:
        con.close()
    if not problems:
        db = Database.open(path)  # the application's way in, after recovery
        try:
            problems += _search_is_current(db)
            detail = meetings.get_detail(db, template.meeting_ids[0])
            if not detail.statements:
                problems.append("the template meeting reads back without its statements")
        finally:
            db.close()
    if problems:
        report.half_applied += 1
        report.problems += [f"case {case}: {p}" for p in problems[:MAX_DESCRIBED]]


def _units(con: sqlite3.Connection, template: Template, case: int, journal: Journal,
           report: CrashReport) -> list[str]:
    """Problems of units present by halves; lost commits go straight into ``report``."""
    problems = []
    # One past the last unit begun must be absent: nothing runs ahead of the journal.
    for index in range(journal.last + 2):
        present, unit_problems = _unit_state(con, template, case, index)
        problems += unit_problems
        if index in journal.acknowledged:
            report.units_acknowledged += 1
            if not present:
                # Counted apart: a lost commit is not a half-applied transaction.
                report.lost_commits += 1
                report.problems.append(
                    f"case {case}: unit {index} ({marker(case, index)}) acknowledged, missing"
                )
        elif index in journal.begun:
            if present:
                report.units_in_flight_present += 1
            else:
                report.units_in_flight_absent += 1
        elif present:
            problems.append(f"unit {index} never begun, yet present")
    return problems


# --- the run -------------------------------------------------------------------------------


def delays(seed: int, min_delay: float, max_delay: float) -> Iterator[tuple[int, float]]:
    """(case, seconds before the kill), the same for the same seed."""
    rng = random.Random(seed)
    for case in itertools.count():
        yield case, rng.uniform(min_delay, max_delay)


def run(
    count: int,
    workdir: Path,
    *,
    seed: int = 20240501,
    min_delay: float = 0.0,
    max_delay: float = 0.3,
    template: Template | None = None,
    progress: Callable[[int, CrashReport], None] | None = None,
) -> CrashReport:
    """Kill ``count`` writing children at random moments and check every file after.

    Each kill comes ``min_delay``..``max_delay`` seconds (uniform, from ``seed``) after
    the fork. ``workdir`` receives the template (unless one is given) and one file per
    case, deleted once checked when it is fine (kept when it is not, for a post-mortem).
    A child that fails on its own stops the run with its traceback in ``problems``.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if template is None:
        template = make_template(workdir / "template.sqlite3")
    report = CrashReport()
    for case, delay in delays(seed, min_delay, max_delay):
        if report.kills >= count:
            break
        path = workdir / f"case-{case:05d}.sqlite3"
        shutil.copyfile(template.path, path)
        status, output = fork_and_kill(path, template, case, delay)
        report.cases += 1
        journal = read_journal(output)
        if journal.error:
            report.problems.append(f"case {case}: the child failed:\n{journal.error}")
            break
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            report.kills += 1
            report.phases[journal.phase()] += 1
        problems_before = len(report.problems)
        check_file(path, template, case, journal, report)
        if len(report.problems) == problems_before:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        if progress is not None:
            progress(case, report)
    report.seconds = time.perf_counter() - started
    return report
