"""Merge properties through real databases (a driver, not a test module).

``tests/services/test_merge_db_properties.py`` runs :func:`check_scenario` on 100
hypothesis examples; ``benchmarks/reliability_bench.py`` calls :func:`run` with more.

One **template** per process: the demo office database and two packages exported from
it (visits 1405-002 and 1405-004, which share only directory rows). Each example copies
the files (``shutil.copyfile``), then edits with the real services (:class:`Editor`
applies generated :class:`Op`: field edits, deletions, new statements, agenda items and
meetings, action status changes with their notes, moving a statement to another
meeting, finalizing and reopening minutes):

* laptop A: package A opened by ``Database.open_package`` (trip mode: provisional
  numbers), twice — with a ``FixedClock`` and with that clock shifted by up to ±4000
  days (same ids: ``uuid4`` is seeded for both runs), after which every sync timestamp
  of the second copy is shifted too and its revisions bumped;
* laptop B: package B, touching only rows package A does not hold (its edits only
  rows whose references stay among those), so that the two laptops touch different
  rows (laptop A may touch anything, the directory rows both packages hold included);
* the office: its own database, on the rows of both packages.

Then :func:`check_scenario` imports with ``trips.import_package`` and checks, on every
example, every property:

* **per-field oracle** — the rules of docs/merge.md and the final-minutes rule of
  docs/trip-package.md written out independently (:func:`expected_merge`) from the three
  snapshots (base = ``trip_base``, laptop = the package's tables, office = the office
  before the import), compared with the office after the import: every field, the
  deleted state, office numbers for provisional ones, the ``merge_conflict`` rows and
  their base/office/laptop values, office rows outside the package untouched (for A,
  then for B on top of it);
* **nothing saved is lost** — every value either side saved is in the live row (or its
  tombstone), an open conflict, or the office's audit history; a row a side created or
  edited and left live stays live unless a conflict flags it;
* **import twice = import once** — the second import of A is empty and changes no table
  and no audit count;
* **export then import with no edits changes nothing** — the untouched package imported
  into the edited office first is empty and changes nothing;
* **shifting the laptop clock changes nothing** — the shifted copy of A, imported into a
  copy of the same office, gives the same tables, conflicts and audit count, except the
  data fields that hold the laptop's clock readings (``action_note.noted_at``,
  ``meeting.finalized_at``, ``action.completed_on``), which hold the shifted clock's;
* **an exception at any step leaves the office unchanged** — A imported into another
  copy with one internal function (:data:`HOOKS`) raising at its k-th call (k drawn
  among the calls the real import made) leaves a digest of every table equal;
* **packages touching different rows commute** — A then B, and B then A on another
  copy, give the same tables, conflicts, counters and audit trail (the office numbers
  given to new rows may come in the other order: compared as sets).

The bugs these properties found in the final-minutes rule and in package checks are
fixed; tests/services/test_merge_db_properties.py keeps one regression test for each.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import random
import re
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# One definition of "equal content" for both drivers (benchmarks/ is on sys.path).
from _fuzz import digest
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from sqlmodel import col, select

from peyvand.domain import (
    BY_TABLE,
    SYNCED_TABLES,
    Statement,
    TripBase,
)
from peyvand.domain.base import SYNC_FIELDS, SyncColumns
from peyvand.domain.enums import ActionStatus
from peyvand.errors import PeyvandError
from peyvand.services import actions, meetings, numbering, records, trips
from peyvand.services.clock import FixedClock, today
from peyvand.services.demo import load_demo
from peyvand.services.merge import schema_references
from peyvand.services.transfer import export_data
from peyvand.storage import search_index
from peyvand.storage.database import Database, PeyvandSession
from peyvand.storage.trip_package import KdfCost
from peyvand.storage.unit_of_work import KEEP_SYNC_KEY, NO_AUDIT_KEY

Row = dict[str, Any]
Tables = dict[str, dict[str, Row]]
Key = tuple[str, str]

# Test-only key derivation: Argon2id's minimum. Real packages use KdfCost.DEFAULT.
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "رمز سفر ۱۴۰۵"
VISIT_A, VISIT_B = "1405-002", "1405-004"
EXPORT_CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
OFFICE_CLOCK = FixedClock(datetime(2026, 11, 28, 10, 30, tzinfo=UTC))
# Its Tehran date (1405-09-08, 2026-11-29) is no other date the edits write.
LAPTOP_TIME = datetime(2026, 11, 29, 6, 15, tzinfo=UTC)
IMPORT_CLOCK = FixedClock(datetime(2026, 12, 3, 8, tzinfo=UTC))
NEW_MEETING_DAY = date(2026, 11, 27)


_SYNC = frozenset(SYNC_FIELDS)
_MINUTES = frozenset({"participant", "agenda_item", "statement", "decision"})
_FINAL_FIELDS = frozenset({"is_final", "finalized_at", "finalized_by"})
# Data fields that hold a reading of the clock of the side that wrote them.
CLOCK_FIELDS = frozenset(
    {("action_note", "noted_at"), ("meeting", "finalized_at"), ("action", "completed_on")}
)

# --- the template ------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """The demo office and two packages exported from it, copied for every example."""

    folder: Path
    office: Path
    package_a: Path
    package_b: Path
    keys_a: frozenset[Key]
    keys_b: frozenset[Key]
    # Laptop A may do anything; laptop B may delete or point at rows package A does not
    # hold (only_b), and edit those whose references stay among them (own_b): so the
    # two laptops touch different rows.
    only_b: frozenset[Key]
    own_b: frozenset[Key]


def build_template(folder: Path) -> Template:
    folder.mkdir(parents=True, exist_ok=True)
    office = folder / "office.sqlite3"
    db = Database.open(office)
    try:
        load_demo(db, clock=EXPORT_CLOCK)
        package_a, package_b = folder / "a.pvtrip", folder / "b.pvtrip"
        for visit, path in ((VISIT_A, package_a), (VISIT_B, package_b)):
            trips.export_visit(db, visit, path, PASS, cost=CHEAP, clock=EXPORT_CLOCK)
    finally:
        db.close()
    # Copied as one file: nothing may be left in a -wal beside it.
    assert not office.with_name(office.name + "-wal").exists()
    base_a, base_b = read_package(package_a)[0], read_package(package_b)[0]
    keys_a, keys_b = frozenset(keys(base_a)), frozenset(keys(base_b))
    return Template(
        folder,
        office,
        package_a,
        package_b,
        keys_a,
        keys_b,
        only_b=keys_b - keys_a,
        own_b=_own(base_b, keys_b - keys_a),
    )


def _own(base: Tables, only: frozenset[Key]) -> frozenset[Key]:
    return frozenset(key for key in only if _targets(key[0], get(base, key) or {}) <= only)


# --- snapshots -----------------------------------------------------------------------------


def keys(tables: Mapping[str, Mapping[str, Any]]) -> set[Key]:
    return {(t, i) for t, rows in tables.items() for i in rows}


def get(tables: Mapping[str, Mapping[str, Row]], key: Key) -> Row | None:
    return tables.get(key[0], {}).get(key[1])


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def same(a: Any, b: Any) -> bool:
    return canonical(a) == canonical(b)


def is_deleted(row: Mapping[str, Any]) -> bool:
    return row.get("deleted_at") is not None


def data_of(row: Mapping[str, Any]) -> Row:
    return {k: v for k, v in row.items() if k not in _SYNC}


def edited(row: Mapping[str, Any], base: Mapping[str, Any]) -> bool:
    names = (set(row) | set(base)) - _SYNC
    return any(not same(row.get(n), base.get(n)) for n in names)


def office_tables(db: Database) -> Tables:
    tables: dict[str, list[Row]] = export_data(db)["tables"]
    return {table: {row["id"]: row for row in rows} for table, rows in tables.items()}


@contextlib.contextmanager
def opened_package(path: Path) -> Iterator[Database]:
    package = Database.open_package(path, PASS, cost=CHEAP)
    try:
        yield package
    finally:
        package.close()


def read_package(path: Path) -> tuple[Tables, Tables]:
    """(base, laptop) of a package: ``trip_base`` and the package's own tables."""
    base: Tables = {}
    laptop: Tables = {}
    with opened_package(path) as package, package.reading() as session:
        for entry in session.exec(select(TripBase)).all():
            base.setdefault(entry.table_name, {})[entry.row_id] = json.loads(entry.row)
        for model in SYNCED_TABLES:
            for obj in session.exec(select(model)).all():
                row = trips.encode_row(obj)
                laptop.setdefault(str(model.__tablename__), {})[row["id"]] = row
    return base, laptop


def conflicts_of(db: Database) -> list[Row]:
    """The merge_conflict rows, as plain dicts (seq left out)."""
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            'SELECT package_id, entity, entity_id, field, kind, "values", has_base, '
            "key_hash, resolved_at FROM merge_conflict"
        ).fetchall()
    return [
        {
            "package_id": r[0],
            "entity": r[1],
            "entity_id": r[2],
            "field": r[3],
            "kind": r[4],
            "values": json.loads(r[5]),
            "has_base": bool(r[6]),
            "key_hash": r[7],
            "resolved_at": r[8],
        }
        for r in rows
    ]


def history_of(db: Database) -> dict[tuple[str, str, str], set[str]]:
    """Every value the office's audit trail holds, by (entity, id, field)."""
    found: dict[tuple[str, str, str], set[str]] = {}
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT entity, entity_id, changes FROM audit_event").fetchall()
    for entity, entity_id, changes in rows:
        for name, pair in json.loads(changes).items():
            if isinstance(pair, list):
                found.setdefault((entity, entity_id, name), set()).update(
                    canonical(v) for v in pair
                )
    return found


# --- the edits ---------------------------------------------------------------------------

TEXTS: tuple[str, ...] = ("الف", "ب", "متن سفر", "پیوند")
TEXTS_OR_EMPTY: tuple[str, ...] = ("", "الف", "ب", "متن سفر")
# (table, field, values): small pools, so that both sides often write the same value.
EDITS: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
    ("statement", "text", TEXTS),
    ("agenda_item", "text", TEXTS),
    ("meeting", "summary", TEXTS_OR_EMPTY),
    ("meeting", "place", TEXTS_OR_EMPTY),
    ("visit", "purpose", TEXTS_OR_EMPTY),
    ("itinerary_item", "activity", TEXTS),
    ("action", "description", TEXTS_OR_EMPTY),
    ("decision", "due_date", (None, date(2026, 12, 20), date(2027, 1, 10))),
    ("gift", "notes", TEXTS_OR_EMPTY),
    ("person", "title", TEXTS_OR_EMPTY),
    ("participant", "attendance", ("present", "absent")),
)
DELETABLE: tuple[str, ...] = (
    "statement",
    "agenda_item",
    "participant",
    "itinerary_item",
    "gift",
    "decision",
    "visit_member",
    "action_note",
    "statement",
    "meeting",
)
STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED)
KINDS: tuple[str, ...] = (
    "edit",
    "edit",
    "edit",
    "delete",
    "statement",
    "agenda",
    "meeting",
    "status",
    "move",
    "finalize",
    "reopen",
)


@dataclass(frozen=True)
class Op:
    """One thing a person does in the application: ``kind`` says what, ``target`` picks
    the row (among the live rows the side may touch, in id order) and ``variant`` the
    field, value or status."""

    kind: str
    target: int
    variant: int


def ops(max_size: int = 6) -> st.SearchStrategy[list[Op]]:
    return st.lists(
        st.builds(
            Op,
            kind=st.sampled_from(KINDS),
            target=st.integers(0, 63),
            variant=st.integers(0, 255),
        ),
        max_size=max_size,
    )


Allowed = Callable[[str, str], bool]


def _everything(_table: str, _row_id: str) -> bool:
    return True


@dataclass
class Editor:
    """Applies :class:`Op` to one database through the real services.

    ``editable`` says which existing rows may be edited (an edit also touches the rows
    the edited row points at), ``referable`` which may be deleted or pointed at by a
    new or moved row; rows this editor created are always both.
    """

    db: Database
    clock: FixedClock
    visit_id: uuid.UUID
    editable: Allowed = _everything
    referable: Allowed = _everything
    created: set[Key] = field(default_factory=set)
    log: list[str] = field(default_factory=list)

    def may(self, table: str, row_id: str, *, edit: bool) -> bool:
        allowed = self.editable if edit else self.referable
        return (table, row_id) in self.created or allowed(table, row_id)

    def pick(
        self,
        table: str,
        n: int,
        *,
        edit: bool = False,
        where: Callable[[Any], bool] | None = None,
    ) -> Any | None:
        """The ``n``-th (modulo) live row of ``table`` this editor may use, in id order."""
        model = BY_TABLE[table]
        with self.db.reading() as session:
            rows = session.exec(
                select(model).where(col(model.deleted_at).is_(None)).order_by(col(model.id))
            ).all()
            session.expunge_all()  # readable after the read-only session rolls back
        found = [
            obj
            for obj in rows
            if self.may(table, str(obj.id), edit=edit) and (where is None or where(obj))
        ]
        return found[n % len(found)] if found else None

    def apply(self, op: Op) -> None:
        try:
            done = getattr(self, f"_{op.kind}")(op)
        except PeyvandError as exc:  # the application refused: nothing was saved
            done = f"refused {exc.msg_id}"
        self.log.append(f"{op.kind}: {done}")

    def _edit(self, op: Op) -> str:
        table, name, pool = EDITS[op.variant % len(EDITS)]
        value = pool[(op.variant // len(EDITS)) % len(pool)]
        obj = self.pick(table, op.target, edit=True)
        if obj is None:
            return "no target"
        with self.db.session() as session:
            records.update(session, BY_TABLE[table], obj.id, {name: value})
        return f"{table}.{name}={value!r}"

    def _delete(self, op: Op) -> str:
        table = DELETABLE[op.variant % len(DELETABLE)]
        obj = self.pick(table, op.target)
        if obj is None:
            return "no target"
        with self.db.session() as session:
            records.soft_delete(session, BY_TABLE[table], obj.id)
        return f"{table} {obj.id}"

    def _speaker(self, op: Op) -> uuid.UUID | None:
        if op.variant % 3:
            return None
        person = self.pick("person", op.variant // 3)
        return None if person is None else uuid.UUID(str(person.id))

    def _statement(self, op: Op) -> str:
        meeting = self.pick("meeting", op.target)
        if meeting is None:
            return "no meeting"
        text = TEXTS[op.variant % len(TEXTS)]
        speaker = self._speaker(op)
        with self.db.session() as session:
            obj = meetings.add_statement(session, meeting.id, text, speaker)
            self.created.add(("statement", str(obj.id)))
        return f"statement in {meeting.id}"

    def _agenda(self, op: Op) -> str:
        meeting = self.pick("meeting", op.target)
        if meeting is None:
            return "no meeting"
        with self.db.session() as session:
            obj = meetings.add_agenda_item(session, meeting.id, TEXTS[op.variant % len(TEXTS)])
            self.created.add(("agenda_item", str(obj.id)))
        return f"agenda item in {meeting.id}"

    def _meeting(self, op: Op) -> str:
        detail = meetings.record_meeting(
            self.db,
            {
                "title": TEXTS[op.variant % len(TEXTS)],
                "date": NEW_MEETING_DAY,
                "visit_id": self.visit_id,
            },
            statements=[(None, TEXTS[op.target % len(TEXTS)])],
            clock=self.clock,
        )
        self.created.add(("meeting", str(detail.meeting.id)))
        self.created.update(("statement", str(s.row.id)) for s in detail.statements)
        return f"meeting {detail.meeting.number}"

    def _status(self, op: Op) -> str:
        action = self.pick("action", op.target, edit=True)
        if action is None:
            return "no action"
        status = STATUSES[op.variant % len(STATUSES)]
        note = TEXTS[(op.variant // len(STATUSES)) % len(TEXTS)]
        actions.change_status(self.db, action.id, status, note, clock=self.clock)
        return f"action {action.id} -> {status}"

    def _move(self, op: Op) -> str:
        statement = self.pick("statement", op.target, edit=True)
        if statement is None:
            return "no statement"
        other = self.pick("meeting", op.variant, where=lambda m: m.id != statement.meeting_id)
        if other is None:
            return "no other meeting"
        with self.db.session() as session:
            records.update(session, Statement, statement.id, {"meeting_id": other.id})
        return f"statement {statement.id} -> meeting {other.id}"

    def _finalize(self, op: Op) -> str:
        meeting = self.pick("meeting", op.target, edit=True)
        if meeting is None:
            return "no meeting"
        meetings.finalize(self.db, meeting.id, clock=self.clock)
        return f"finalized {meeting.id}"

    def _reopen(self, op: Op) -> str:
        meeting = self.pick("meeting", op.target, edit=True, where=lambda m: m.is_final)
        if meeting is None:
            return "no final meeting"
        meetings.reopen(self.db, meeting.id)
        return f"reopened {meeting.id}"


def visit_id_of(db: Database, number: str) -> uuid.UUID:
    from peyvand.domain import Visit

    with db.reading() as session:
        visit = session.exec(select(Visit).where(Visit.number == number)).one()
        return uuid.UUID(str(visit.id))


@contextlib.contextmanager
def seeded_ids(seed: int) -> Iterator[None]:
    """``uuid.uuid4`` (through ``os.urandom``) from a seeded generator: the same edits
    made twice create the same ids."""
    rng = random.Random(seed)
    real = os.urandom

    def fake(n: int) -> bytes:
        return rng.randbytes(n)

    os.urandom = fake
    try:
        yield
    finally:
        os.urandom = real


def edit_package(
    path: Path,
    plan: Sequence[Op],
    clock: FixedClock,
    visit: str,
    *,
    editable: Allowed = _everything,
    referable: Allowed = _everything,
) -> list[str]:
    with opened_package(path) as package:
        editor = Editor(package, clock, visit_id_of(package, visit), editable, referable)
        for op in plan:
            editor.apply(op)
        return editor.log


def edit_office(
    path: Path, plan: Sequence[Op], visit: str, *, allowed: Allowed = _everything
) -> tuple[list[str], set[Key]]:
    db = Database.open(path)
    try:
        editor = Editor(db, OFFICE_CLOCK, visit_id_of(db, visit), allowed, allowed)
        for op in plan:
            editor.apply(op)
        return editor.log, editor.created
    finally:
        db.close()


def shift_sync_columns(path: Path, delta: timedelta) -> None:
    """What a laptop whose system clock is off by ``delta`` would have written: every
    row's created/updated/deleted time shifted, its revision bumped (the unit of work
    stamps sync columns from the system clock, not from the services' ``Clock``)."""
    info: dict[str, Any] = {KEEP_SYNC_KEY: True, NO_AUDIT_KEY: True}
    with opened_package(path) as package, package.session(**info) as session:
        for model in SYNCED_TABLES:
            for obj in session.exec(select(model)).all():
                assert isinstance(obj, SyncColumns)
                obj.created_at = obj.created_at + delta
                obj.updated_at = obj.updated_at + delta
                if obj.deleted_at is not None:
                    obj.deleted_at = obj.deleted_at + delta
                obj.revision += 7


# --- the oracle ----------------------------------------------------------------------------


@dataclass
class Expected:
    rows: dict[Key, Row]  # data fields and "deleted"
    conflicts: set[tuple[str, str, str]]
    provisional: set[Key]  # inserted with a provisional number


def _targets(table: str, row: Mapping[str, Any]) -> set[Key]:
    out: set[Key] = set()
    for column, target in schema_references().get(table, ()):
        value = row.get(column)
        if isinstance(value, str):
            out.add((target, value))
    return out


def _provisional(row: Mapping[str, Any]) -> bool:
    number = row.get("number")
    return "number_provisional" in row and (
        row.get("number_provisional") is True or (isinstance(number, str) and number[:1] == "T")
    )


def _edited_by_each_side(base: Tables, laptop: Tables, office: Tables) -> tuple[set[Key], set[Key]]:
    """Rows each side edited: changed a field of, created, or pointed a new or edited
    live row at (adding a statement edits the meeting's minutes)."""
    laptop_edit: set[Key] = set()
    office_edit: set[Key] = set()
    for key in keys(base) | keys(laptop):
        b, o = get(base, key), get(office, key)
        lap = get(laptop, key) or b
        assert lap is not None
        if b is None or edited(lap, b):
            laptop_edit.add(key)
            if not is_deleted(lap):
                laptop_edit |= _targets(key[0], lap)
        if b is not None and o is not None and edited(o, b):
            office_edit.add(key)
            if not is_deleted(o):
                office_edit |= _targets(key[0], o)
    return laptop_edit, office_edit


def _final_minutes(base: Tables, laptop: Tables, office: Tables) -> Callable[[Key], bool]:
    """Whether a row is part of minutes the office has finalized: the meeting itself,
    or a minutes row whose meeting, on any side, is final (moving a row out of final
    minutes is editing them too)."""
    final = {i for i, row in office.get("meeting", {}).items() if row.get("is_final")}

    def locked(key: Key) -> bool:
        if key[0] == "meeting":
            return key[1] in final
        if key[0] not in _MINUTES:
            return False
        sides = (get(base, key), get(laptop, key), get(office, key))
        return any(row is not None and row.get("meeting_id") in final for row in sides)

    return locked


def _three_way(
    key: Key, b: Row, lap: Row, o: Row, *, locked: bool, conflicts: set[tuple[str, str, str]]
) -> Row:
    """The fields of an existing row after the merge (conflicts added to ``conflicts``)."""
    want: Row = {}
    for name in sorted((set(b) | set(lap) | set(o)) - _SYNC):
        bv, lv, ov = b.get(name), lap.get(name), o.get(name)
        want[name] = ov
        if same(lv, ov) or same(lv, bv):
            continue  # nothing to do, or only the office changed it
        if same(ov, bv) and not locked:
            want[name] = lv  # only the laptop changed it
        else:
            conflicts.add((*key, name))  # both did, or the minutes are final
    return want


def _deleted_after(
    key: Key,
    b: Row,
    lap: Row,
    o: Row,
    *,
    locked: bool,
    laptop_edit: set[Key],
    office_edit: set[Key],
    conflicts: set[tuple[str, str, str]],
) -> bool:
    bd, ld, od = is_deleted(b), is_deleted(lap), is_deleted(o)
    if ld != bd and od == bd:
        if locked or (ld and key in office_edit):
            conflicts.add((*key, "deleted_at"))  # kept as the office has it, flagged
            return od
        return ld
    if od and not bd and not ld and key in laptop_edit:
        conflicts.add((*key, "deleted_at"))
        return locked  # brought back and flagged; final minutes stay as they are
    return od


def expected_merge(base: Tables, laptop: Tables, office: Tables) -> Expected:
    """docs/merge.md's rules and the final-minutes rule of docs/trip-package.md, written
    out directly for the real tables."""
    laptop_edit, office_edit = _edited_by_each_side(base, laptop, office)
    locked = _final_minutes(base, laptop, office)
    rows: dict[Key, Row] = {}
    conflicts: set[tuple[str, str, str]] = set()
    provisional: set[Key] = set()
    for key in keys(base) | keys(laptop):
        b, o = get(base, key), get(office, key)
        lap = get(laptop, key) or b
        assert lap is not None
        if o is None:
            # Created on the laptop (ids are fresh, and nothing is ever hard-deleted).
            assert b is None, key
            rows[key] = {**data_of(lap), "deleted": is_deleted(lap)}
            if _provisional(lap):
                provisional.add(key)
            if locked(key) and not is_deleted(lap):
                rows[key]["deleted"] = True  # added to final minutes: stored deleted, flagged
                conflicts.add((*key, "deleted_at"))
            continue
        assert b is not None, key
        rows[key] = _three_way(key, b, lap, o, locked=locked(key), conflicts=conflicts)
        rows[key]["deleted"] = _deleted_after(
            key,
            b,
            lap,
            o,
            locked=locked(key),
            laptop_edit=laptop_edit,
            office_edit=office_edit,
            conflicts=conflicts,
        )
    return Expected(rows, conflicts, provisional)


class PropertyError(AssertionError):
    """A property does not hold (the message says which, and the edits that broke it)."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PropertyError(message)


@dataclass(frozen=True)
class Imported:
    """One import: the package (base and laptop rows), the office before and after,
    and the conflicts the import recorded."""

    base: Tables
    laptop: Tables
    before: Tables
    after: Tables
    conflicts: list[Row]


def check_oracle(m: Imported, result: trips.TripImport) -> None:
    """Per-field oracle: the office after the import is what the rules say."""
    base, laptop, before, after, conflicts = m.base, m.laptop, m.before, m.after, m.conflicts
    want = expected_merge(base, laptop, before)
    numbers = dict(result.numbers)
    for key, wanted in want.rows.items():
        expected = wanted
        got = get(after, key)
        _require(got is not None, f"{key}: missing after import")
        assert got is not None
        data = {**data_of(got), "deleted": is_deleted(got)}
        if key in want.provisional:
            lap = get(laptop, key)
            assert lap is not None
            office_number = got.get("number")
            _require(
                isinstance(office_number, str)
                and office_number[:1].isdigit()
                and got.get("number_provisional") is False
                and numbers.get(lap["number"]) == office_number,
                f"{key}: office number {office_number!r} for {lap['number']!r} ({numbers})",
            )
            for name in ("number", "number_provisional"):
                data.pop(name, None)
            expected = {
                k: v for k, v in expected.items() if k not in ("number", "number_provisional")
            }
        _require(
            canonical(data) == canonical(expected),
            f"{key}: merged {_diff(data, expected)}",
        )
    found = {(c["entity"], c["entity_id"], c["field"]) for c in conflicts}
    _require(
        found == want.conflicts,
        f"conflicts: unexpected {sorted(found - want.conflicts)}, "
        f"missing {sorted(want.conflicts - found)}",
    )
    _require(len(found) == len(conflicts), f"a conflict recorded twice: {conflicts}")
    for c in conflicts:
        key = (c["entity"], c["entity_id"])
        b, lap, now = get(base, key), get(laptop, key), get(after, key)
        assert lap is not None and now is not None
        values = c["values"]
        if c["kind"] == "field":
            name = c["field"]
            _require(
                same(values["laptop"], lap.get(name))
                and same(values["office"], now.get(name))
                and (b is None or same(values["base"], b.get(name))),
                f"conflict {key} {name}: {values} (live {now.get(name)!r})",
            )
        else:
            old = get(before, key)
            office_state = True if old is None else is_deleted(old)
            _require(
                values["office"] is office_state and values["laptop"] is is_deleted(lap),
                f"delete-vs-edit {key}: {values}",
            )
    # Office rows the package does not hold are exactly as they were.
    for key in keys(before) - set(want.rows):
        _require(get(after, key) == get(before, key), f"{key}: outside the package, changed")


def _diff(got: Row, want: Row) -> str:
    names = sorted(set(got) | set(want))
    return ", ".join(
        f"{n}: got {got.get(n)!r} want {want.get(n)!r}"
        for n in names
        if not same(got.get(n), want.get(n))
    )


History = Callable[[], Mapping[tuple[str, str, str], set[str]]]


def check_nothing_lost(m: Imported, history: History) -> None:
    """Every value either side saved is in the live row (or its tombstone), an open
    conflict or the office's audit history (``history()``, read when first needed);
    created or edited live rows stay live unless a conflict flags them."""
    base, laptop, before, after, conflicts = m.base, m.laptop, m.before, m.after, m.conflicts
    held: dict[tuple[str, str, str], set[str]] = {}
    for c in conflicts:
        if c["resolved_at"] is None:
            held.setdefault((c["entity"], c["entity_id"], c["field"]), set()).update(
                canonical(c["values"].get(side)) for side in ("office", "laptop")
            )
    package_keys = keys(base) | keys(laptop)
    for side_name, side in (("laptop", laptop), ("office", before)):
        for key in package_keys & keys(side):
            row, old, now = get(side, key), get(base, key), get(after, key)
            assert row is not None
            _require(now is not None, f"{side_name} row {key} lost")
            assert now is not None
            for name, value in data_of(row).items():
                if name in ("number", "number_provisional") and _provisional(row):
                    continue  # replaced by the office number (checked by the oracle)
                where = (*key, name)
                kept = (
                    same(now.get(name), value)
                    or (old is not None and same(old.get(name), value))
                    or canonical(value) in held.get(where, set())
                    or canonical(value) in history().get(where, set())
                )
                _require(kept, f"{side_name} value lost: {key} {name}={value!r}")
            if not is_deleted(row) and (old is None or edited(row, old)):
                flagged = (*key, "deleted_at") in held
                _require(not is_deleted(now) or flagged, f"{side_name} row {key} deleted")


# --- fault injection -------------------------------------------------------------------


class InjectedFaultError(Exception):
    """Raised by a hook at its k-th call."""


def _hook_targets() -> dict[str, tuple[Any, str]]:
    return {
        "trips.decode_values": (trips, "decode_values"),
        "trips.conflict_hash": (trips, "conflict_hash"),
        "numbering.allocate": (numbering, "allocate"),
        "search_index.refresh": (search_index, "refresh"),
        "Session.flush": (PeyvandSession, "flush"),
    }


HOOKS: tuple[str, ...] = tuple(sorted(_hook_targets()))


@contextlib.contextmanager
def hooked(counts: dict[str, int], fail: tuple[str, int] | None = None) -> Iterator[None]:
    """Count the calls of every hook; with ``fail = (hook, k)`` raise at its k-th call."""
    saved: list[tuple[Any, str, Any]] = []

    def wrap(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def hook(*args: Any, **kwargs: Any) -> Any:
            counts[name] = counts.get(name, 0) + 1
            if fail is not None and fail == (name, counts[name]):
                raise InjectedFaultError(f"{name} call {counts[name]}")
            return real(*args, **kwargs)

        return hook

    for name, (owner, attr) in _hook_targets().items():
        real = getattr(owner, attr)
        saved.append((owner, attr, real))
        setattr(owner, attr, wrap(name, real))
    try:
        yield
    finally:
        for owner, attr, real in saved:
            setattr(owner, attr, real)


# --- one scenario, every property ---------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """The edits of one example: two laptops (packages A and B, touching different
    rows) and the office, the laptop clock's shift, and where the fault is injected."""

    laptop_a: list[Op]
    laptop_b: list[Op]
    office: list[Op]
    delta: timedelta  # the shifted laptop clock
    fault_hook: int  # which of the hooks that were called
    fault_at: float  # where, among that hook's calls, the fault is raised


def scenarios() -> st.SearchStrategy[Scenario]:
    return st.builds(
        Scenario,
        laptop_a=ops(),
        laptop_b=ops(4),
        office=ops(),
        delta=st.timedeltas(min_value=timedelta(days=-4000), max_value=timedelta(days=4000)),
        fault_hook=st.integers(0, len(HOOKS) - 1),
        fault_at=st.floats(0, 1, exclude_max=True),
    )


def _import(db: Database, package: Path, work: Path) -> trips.TripImport:
    return trips.import_package(
        db, package, PASS, cost=CHEAP, backup_folder=work / "backups", clock=IMPORT_CLOCK
    )


def _copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def _in(allowed: frozenset[Key]) -> Allowed:
    def check(table: str, row_id: str) -> bool:
        return (table, row_id) in allowed

    return check


@dataclass(frozen=True)
class Files:
    """One example's copies of the template, after the edits."""

    office: Path  # imports: the untouched package, A, A again, then B
    shifted_office: Path  # imports A as edited with the shifted clock
    fault_office: Path  # imports A with a fault injected
    reverse_office: Path  # imports B, then A
    laptop_a: Path
    shifted_a: Path
    laptop_b: Path
    l1: datetime
    l2: datetime
    context: str  # what the edits did, for the failure message


def _masked(log: list[str]) -> list[str]:
    """What the edits did, provisional numbers (random by design) left out."""
    return [re.sub(r"T[0-9]+-[0-9A-F]+", "T…", entry) for entry in log]


def prepare(template: Template, s: Scenario, work: Path, seed: int) -> Files:
    """Copy the template and make the scenario's edits with the real services."""
    office = _copy(template.office, work / "office.sqlite3")
    laptop_a = _copy(template.package_a, work / "laptop-a.pvtrip")
    shifted_a = _copy(template.package_a, work / "laptop-a-shifted.pvtrip")
    laptop_b = _copy(template.package_b, work / "laptop-b.pvtrip")
    l1, l2 = LAPTOP_TIME, LAPTOP_TIME + s.delta
    with seeded_ids(seed):
        log_a = edit_package(laptop_a, s.laptop_a, FixedClock(l1), VISIT_A)
    with seeded_ids(seed):
        log_2 = edit_package(shifted_a, s.laptop_a, FixedClock(l2), VISIT_A)
    shift_sync_columns(shifted_a, s.delta)
    log_b = edit_package(
        laptop_b,
        s.laptop_b,
        FixedClock(l1),
        VISIT_B,
        editable=_in(template.own_b),
        referable=_in(template.only_b),
    )
    office_log, _ = edit_office(
        office, s.office, VISIT_A, allowed=_in(template.keys_a | template.keys_b)
    )
    context = f"laptop A: {log_a}\nlaptop B: {log_b}\noffice: {office_log}"
    _require(
        _masked(log_a) == _masked(log_2),
        f"the laptop with the shifted clock did something else: {log_2}\n{context}",
    )
    return Files(
        office=office,
        shifted_office=_copy(office, work / "office-shifted.sqlite3"),
        fault_office=_copy(office, work / "office-fault.sqlite3"),
        reverse_office=_copy(office, work / "office-reverse.sqlite3"),
        laptop_a=laptop_a,
        shifted_a=shifted_a,
        laptop_b=laptop_b,
        l1=l1,
        l2=l2,
        context=context,
    )


def _shifted(value: Any, l1: datetime, l2: datetime) -> Any:
    """A laptop clock reading of the first run as the second run wrote it."""
    if value == l1.isoformat():
        return l2.isoformat()
    if value == today(FixedClock(l1)).isoformat():
        return today(FixedClock(l2)).isoformat()
    return value


def _outcome(
    db: Database, tables: Tables, l1: datetime | None = None, l2: datetime | None = None
) -> Any:
    """The office's synced ``tables`` (as read from ``db``), conflicts and audit count;
    with ``l1``/``l2``, readings of the laptop clock l1 in the clock fields are written
    as l2's."""
    conflicts = conflicts_of(db)
    if l1 is not None and l2 is not None:
        for table, name in CLOCK_FIELDS:
            for row in tables.get(table, {}).values():
                row[name] = _shifted(row.get(name), l1, l2)
        for c in conflicts:
            if (c["entity"], c["field"]) in CLOCK_FIELDS:
                c["values"] = {k: _shifted(v, l1, l2) for k, v in c["values"].items()}
    # The key hash covers the laptop's value (a clock reading, for those fields).
    listed = sorted(canonical({k: v for k, v in c.items() if k != "key_hash"}) for c in conflicts)
    with db.engine.connect() as conn:
        (audits,) = conn.exec_driver_sql("SELECT count(*) FROM audit_event").one()
    return tables, listed, audits


def _order_free(db: Database, tables: Tables, before: set[str]) -> Any:
    """The office tables, counters, conflicts and audit trail in a form that does not
    depend on the order two imports ran in: office numbers given to new rows are
    compared as a set per table; conflicts and audit events as multisets."""
    numbers: dict[str, list[str]] = {}
    for table, rows in tables.items():
        for row_id, row in rows.items():
            if row_id not in before and "number_provisional" in row:
                numbers.setdefault(table, []).append(str(row.pop("number")))
    with db.engine.connect() as conn:
        counters = sorted(
            tuple(r) for r in conn.exec_driver_sql("SELECT * FROM number_counter").fetchall()
        )
        audits = sorted(
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT entity, entity_id, action FROM audit_event"
            ).fetchall()
        )
    conflicts = sorted(canonical(c) for c in conflicts_of(db))
    return tables, {t: sorted(n) for t, n in numbers.items()}, counters, conflicts, audits


def _ids(tables: Tables) -> set[str]:
    return {row_id for _table, row_id in keys(tables)}


@dataclass
class Forward:
    """What the main import sequence leaves for the other checks."""

    digest: tuple[str, int]  # the office before any import
    before_ids: set[str]
    counts: dict[str, int]  # calls of each hook during the import of A
    reference: Any  # the outcome after A (clock readings as the shifted laptop's)
    outcome: Any  # the order-free outcome after A then B


def _check_import(
    db: Database,
    package: tuple[Path, Tables, Tables],
    work: Path,
    before: Tables,
    *,
    counts: dict[str, int],
) -> Tables:
    """Import ``package`` (path, base, laptop); check the oracle and that nothing is
    lost; return the office tables after it."""
    path, base, laptop = package
    with hooked(counts):
        result = _import(db, path, work)
    after = office_tables(db)
    conflicts = [c for c in conflicts_of(db) if c["package_id"] == result.package_id]
    imported = Imported(base, laptop, before, after, conflicts)
    check_oracle(imported, result)
    check_nothing_lost(imported, functools.cache(lambda: history_of(db)))
    return after


def forward(template: Template, files: Files, work: Path) -> Forward:
    """Untouched package, A (oracle, nothing lost), A again, then B (oracle again)."""
    package_a = (files.laptop_a, *read_package(files.laptop_a))
    package_b = (files.laptop_b, *read_package(files.laptop_b))
    touched_a, touched_b = touched(*package_a[1:]), touched(*package_b[1:])
    _require(not touched_a & touched_b, "the laptops touched the same rows")
    before_digest = digest(files.office)
    counts: dict[str, int] = {}
    db = Database.open(files.office)
    try:
        before = office_tables(db)
        # Export, then import with no edits: changes nothing.
        untouched = _import(db, template.package_a, work)
        _require(untouched.is_empty, f"the untouched package is not empty: {untouched}")
        _require(digest(files.office) == before_digest, "the untouched package changed it")
        after_a = _check_import(db, package_a, work, before, counts=counts)
        # Import twice = import once.
        digest_a = digest(files.office)
        again = _import(db, files.laptop_a, work)
        _require(again.is_empty, f"the second import is not empty: {again}")
        _require(digest(files.office) == digest_a, "the second import changed the office")
        reference = _outcome(db, copy.deepcopy(after_a), files.l1, files.l2)
        after_b = _check_import(db, package_b, work, after_a, counts={})
        outcome = _order_free(db, after_b, _ids(before))
    finally:
        db.close()
    return Forward(before_digest, _ids(before), counts, reference, outcome)


def check_shifted_clock(files: Files, s: Scenario, work: Path, reference: Any) -> None:
    db = Database.open(files.shifted_office)
    try:
        _import(db, files.shifted_a, work)
        shifted = _outcome(db, office_tables(db))
    finally:
        db.close()
    _require(
        shifted == reference,
        f"shifting the laptop clock by {s.delta} changed the outcome: "
        f"{_first_difference(reference, shifted)}",
    )


def check_fault(files: Files, s: Scenario, work: Path, run: Forward) -> None:
    called = [name for name in HOOKS if run.counts.get(name)]
    name = called[s.fault_hook % len(called)]
    k = 1 + int(s.fault_at * run.counts[name])
    db = Database.open(files.fault_office)
    try:
        raised = False
        try:
            with hooked({}, (name, k)):
                _import(db, files.laptop_a, work)
        except InjectedFaultError:
            raised = True
        _require(raised, f"no fault at {name} call {k}")
    finally:
        db.close()
    _require(
        digest(files.fault_office) == run.digest,
        f"a fault at {name} call {k} of {run.counts[name]} changed the office",
    )


def check_reverse(files: Files, work: Path, run: Forward) -> None:
    db = Database.open(files.reverse_office)
    try:
        _import(db, files.laptop_b, work)
        _import(db, files.laptop_a, work)
        outcome = _order_free(db, office_tables(db), run.before_ids)
    finally:
        db.close()
    _require(
        outcome == run.outcome,
        f"the order of the imports matters: {_commute_diff(run.outcome, outcome)}",
    )


def check_scenario(
    template: Template, s: Scenario, work: Path, seed: int = 1405
) -> dict[str, float]:
    """Every property on one generated scenario; returns the time of each step."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    files = prepare(template, s, work, seed)
    steps: tuple[tuple[str, Callable[[], Any]], ...] = ()
    try:
        timings["edits"] = time.perf_counter() - started
        started = time.perf_counter()
        run = forward(template, files, work)
        timings["untouched, A, A again, B"] = time.perf_counter() - started
        steps = (
            ("shifted clock", lambda: check_shifted_clock(files, s, work, run.reference)),
            ("fault", lambda: check_fault(files, s, work, run)),
            ("B then A", lambda: check_reverse(files, work, run)),
        )
        for name, step in steps:
            started = time.perf_counter()
            step()
            timings[name] = time.perf_counter() - started
    except PropertyError as exc:
        raise PropertyError(f"{exc}\n{files.context}") from None
    return timings


def _first_difference(a: Any, b: Any) -> str:
    tables_a, conflicts_a, *rest_a = a
    tables_b, conflicts_b, *rest_b = b
    if conflicts_a != conflicts_b:
        return f"conflicts {conflicts_a} != {conflicts_b}"
    if rest_a != rest_b:
        return f"{rest_a} != {rest_b}"
    for table in sorted(set(tables_a) | set(tables_b)):
        rows_a, rows_b = tables_a.get(table, {}), tables_b.get(table, {})
        for row_id in sorted(set(rows_a) | set(rows_b)):
            if rows_a.get(row_id) != rows_b.get(row_id):
                return f"{table} {row_id}: {rows_a.get(row_id)} != {rows_b.get(row_id)}"
    return "no difference found"


def touched(base: Tables, laptop: Tables) -> set[Key]:
    """Rows a laptop changed, created, deleted or restored, and the rows its new or
    edited live rows point at (docs/merge.md, "Commutation")."""
    found: set[Key] = set()
    for key in keys(laptop):
        row, old = get(laptop, key), get(base, key)
        assert row is not None
        if old is None or edited(row, old) or is_deleted(row) != is_deleted(old):
            found.add(key)
            if not is_deleted(row):
                found |= _targets(key[0], row)
    return found


def _commute_diff(a: Any, b: Any) -> str:
    names = ("tables", "numbers", "counters", "conflicts", "audit")
    for name, x, y in zip(names, a, b, strict=True):
        if x != y:
            if name == "tables":
                return _first_difference((x, []), (y, []))
            return f"{name}: {x} != {y}"
    return "no difference found"


# --- running on demand ----------------------------------------------------------------------


@dataclass
class Report:
    name: str
    cases: int = 0
    failures: int = 0
    seconds: list[float] = field(default_factory=list)
    failures_seen: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.seconds)
        return {
            "name": self.name,
            "cases": self.cases,
            "failures": self.failures,
            "median_s": statistics.median(ordered) if ordered else 0.0,
            "p95_s": ordered[max(0, int(0.95 * len(ordered)) - 1)] if ordered else 0.0,
        }


def _case(
    template: Template, root: Path, report: Report, check: Callable[[Template, Any, Path], Any]
) -> Callable[[Any], None]:
    def one(scenario: Any) -> None:
        with tempfile.TemporaryDirectory(dir=root) as work:
            started = time.perf_counter()
            try:
                check(template, scenario, Path(work))
            except PropertyError as exc:
                report.failures += 1
                report.failures_seen.append(str(exc)[:4000])
            report.cases += 1
            report.seconds.append(time.perf_counter() - started)

    return one


def run(count: int, *, seed: int = 0, folder: Path | None = None) -> list[Report]:
    """Both property kinds at ``count`` hypothesis examples each (for the benchmark).
    A failing example is counted, not raised, so that the run goes on."""
    with contextlib.ExitStack() as stack:
        root = folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        os.environ.setdefault("PEYVAND_DATA_DIR", str(root / "data"))
        template = build_template(root / "template")
        report = Report("merge through real databases (all properties per example)")
        runner = settings(
            max_examples=count,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(scenarios())(_case(template, root, report, check_scenario)))
        hypothesis_seed(seed)(runner)()
        reports = [report]
        return reports
