"""The forger: someone who knows a trip package's passphrase (a lost or compromised
laptop) and rewrites it at will before it is imported (a driver, not a test module).

``tests/reliability/test_forger.py`` runs :func:`forge` with a few dozen examples per
run; ``benchmarks/reliability_bench.py --forger N`` with 1,000. Each example takes the
template (the demo office right after it exported visit 1405-002, and that package),
applies one to three random forgeries to a copy of the package with raw SQL under the
right key (:data:`FORGERIES`: edits of rows, base copies, blobs and schema; rows with
ids of office records that never left, classified ones included; children under
parents outside the package; office numbers; values at the 64-bit edge; legitimate
edits mixed in), imports it (a dry run or not) into a copy of the office, and checks
the invariants of the trust boundary whatever the import decided:

* every office row outside the export record is byte-for-byte unchanged;
* no new row reuses an id the office knew (in any table);
* the number counters still allocate (a new meeting and a new visit get numbers);
* every stored blob matches its SHA-256 and size;
* ``integrity_check`` and ``foreign_key_check`` pass (what ``peyvand check`` runs);
* the import returned or raised a typed :class:`~peyvand.errors.PeyvandError`.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import tempfile
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from peyvand.domain import SYNCED_TABLES, Blob, Meeting, Person, TripExportRow
from peyvand.errors import PeyvandError
from peyvand.services import records, trips
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.meetings import record_meeting
from peyvand.storage import trip_package
from peyvand.storage.database import Database
from peyvand.storage.trip_package import KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "رمز سفر ۱۴۰۵"
VISIT = "1405-002"
CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
IMPORT_CLOCK = FixedClock(datetime(2026, 12, 3, 8, tzinfo=UTC))
NOW_SQL = "2026-11-27 10:00:00.000000"
INT64_MAX = 2**63 - 1

Key = tuple[str, str]


@dataclass(frozen=True)
class Template:
    folder: Path
    office: Path
    package: Path
    exported: frozenset[Key]  # the office's export record of the package
    outside: dict[str, tuple[str, ...]]  # table -> ids of office rows that never left
    office_blobs: tuple[str, ...]  # hashes of office files the package does not hold


def _canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def office_rows(path: Path) -> dict[Key, str]:
    """Every synced row of the office database at ``path``, as canonical JSON."""
    db = Database.open(path, create=False)
    try:
        found: dict[Key, str] = {}
        with db.reading() as session:
            for model in SYNCED_TABLES:
                table = str(model.__tablename__)
                for obj in session.exec(select(model)):
                    found[(table, str(obj.id))] = _canonical(trips.encode_row(obj))
        return found
    finally:
        db.close()


def build_template(folder: Path) -> Template:
    folder.mkdir(parents=True, exist_ok=True)
    office = folder / "office.sqlite3"
    package = folder / "trip.pvtrip"
    db = Database.open(office)
    try:
        load_demo(db, clock=CLOCK)
        result = trips.export_visit(db, VISIT, package, PASS, cost=CHEAP, clock=CLOCK)
        with db.session() as session:
            exported = frozenset(
                (r.table_name, r.row_id)
                for r in session.exec(
                    select(TripExportRow).where(col(TripExportRow.package_id) == result.package_id)
                )
            )
            # A person the office deleted after the export: a package must not revive it.
            outsider = next(
                p
                for p in session.exec(select(Person).where(col(Person.deleted_at).is_(None)))
                if ("person", str(p.id)) not in exported
            )
            records.soft_delete(session, Person, outsider.id)
        with db.reading() as session:
            inside = {row_id for table, row_id in exported if table == "blob"}
            blobs = tuple(b.sha256 for b in session.exec(select(Blob)) if str(b.id) not in inside)
    finally:
        db.close()
    outside: dict[str, list[str]] = {}
    for table, row_id in office_rows(office):
        if (table, row_id) not in exported:
            outside.setdefault(table, []).append(row_id)
    return Template(
        folder,
        office,
        package,
        exported,
        {table: tuple(sorted(ids)) for table, ids in outside.items()},
        blobs,
    )


# --- forgeries (raw SQL on the package, under its key) -------------------------------------

Forgery = Callable[[sqlite3.Connection, random.Random, Template], str]


def _hex(row_id: str) -> str:
    return uuid.UUID(row_id).hex


def _ids(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]


def _copy_row(conn: sqlite3.Connection, table: str, source: str, **changes: Any) -> None:
    columns = _columns(conn, table)
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (source,)).fetchone()
    values = dict(zip(columns, row, strict=True)) | changes
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [values[c] for c in columns],
    )


def _tables_with_rows(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
    return [t for t in names if conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()]


_TEXT = {
    "statement": "text",
    "agenda_item": "text",
    "meeting": "summary",
    "person": "email",
    "organization": "name",
    "action": "title",
    "decision": "text",
    "visit": "purpose",
}
_REFERENCES = (
    ("statement", "meeting_id", "meeting"),
    ("statement", "speaker_id", "person"),
    ("decision", "meeting_id", "meeting"),
    ("participant", "person_id", "person"),
    ("action", "owner_id", "person"),
    ("person", "organization_id", "organization"),
    ("meeting", "organization_id", "organization"),
)


def edit_field(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    table = rng.choice(_tables_with_rows(conn, tuple(_TEXT)))
    row = rng.choice(_ids(conn, table))
    value = rng.choice(("ویرایش در سفر", "forged@example.com", "x" * 300))
    conn.execute(f"UPDATE {table} SET {_TEXT[table]} = ? WHERE id = ?", (value, row))
    return f"edit {table}.{_TEXT[table]}"


def delete_or_restore(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    table = rng.choice(_tables_with_rows(conn, ("statement", "agenda_item", "meeting", "person")))
    row = rng.choice(_ids(conn, table))
    conn.execute(f"UPDATE {table} SET deleted_at = ? WHERE id = ?", (NOW_SQL, row))
    return f"delete {table}"


def new_child(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    table = rng.choice(_tables_with_rows(conn, ("statement", "agenda_item")))
    source = rng.choice(_ids(conn, table))
    _copy_row(conn, table, source, id=uuid.uuid4().hex, text="افزوده در سفر", position=90)
    return f"new {table}"


def office_id_as_new(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    """A row under the id of an office record that never left (any table, classified
    meetings and the deleted person included), with values of the forger's choice."""
    target = rng.choice(sorted(tpl.outside))
    office_id = rng.choice(tpl.outside[target])
    table = rng.choice(_tables_with_rows(conn, ("person", "agenda_item", "statement", "meeting")))
    source = rng.choice(_ids(conn, table))
    changes: dict[str, Any] = {"id": _hex(office_id), "deleted_at": None}
    if table == "meeting":
        changes |= {"number": f"T1405-{rng.randrange(16**6):06X}", "number_provisional": 1}
    _copy_row(conn, table, source, **changes)
    return f"{table} row with the id of an office {target}"


def forged_base(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    """Office values copied into a forged base row, and a change on top of them."""
    office_id = rng.choice(tpl.outside["person"])
    source = rng.choice(_ids(conn, "person"))
    _copy_row(
        conn, "person", source, id=_hex(office_id), email="attacker@example.com", deleted_at=None
    )
    base = json.loads(
        conn.execute("SELECT row FROM trip_base WHERE table_name = 'person' LIMIT 1").fetchone()[0]
    ) | {"id": office_id}
    conn.execute(
        "INSERT INTO trip_base (table_name, row_id, row) VALUES ('person', ?, ?)",
        (office_id, json.dumps(base, ensure_ascii=False)),
    )
    return "forged base row for an office person"


def edit_base(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    rowid = rng.choice([r[0] for r in conn.execute("SELECT rowid FROM trip_base")])
    field_name = rng.choice(("revision", "text", "title", "summary", "email", "deleted_at"))
    value = rng.choice(("'جعل'", "7", "NULL", "'2026-01-01T00:00:00+00:00'"))
    conn.execute(
        f"UPDATE trip_base SET row = json_set(row, '$.{field_name}', {value}) WHERE rowid = ?",
        (rowid,),
    )
    return "edited base copy"


def drop_base(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    rowid = rng.choice([r[0] for r in conn.execute("SELECT rowid FROM trip_base")])
    conn.execute("DELETE FROM trip_base WHERE rowid = ?", (rowid,))
    return "removed base copy"


def retarget(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    """A reference moved to an office record outside the package; with a stand-in of the
    parent in the package half of the time, so that the foreign keys hold."""
    table, column, target = rng.choice(
        [r for r in _REFERENCES if conn.execute(f"SELECT 1 FROM {r[0]} LIMIT 1").fetchone()]
    )
    outside = rng.choice(tpl.outside[target])
    if rng.random() < 0.5 and _ids(conn, target):
        changes: dict[str, Any] = {"id": _hex(outside)}
        if target == "meeting":
            changes |= {"number": f"T1405-{rng.randrange(16**6):06X}", "number_provisional": 1}
        _copy_row(conn, target, rng.choice(_ids(conn, target)), **changes)
    else:
        conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        f"UPDATE {table} SET {column} = ? WHERE id = ?",
        (_hex(outside), rng.choice(_ids(conn, table))),
    )
    return f"{table}.{column} -> an office {target} outside the package"


def poison_blob(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    """Bytes that are not what the hash says: a changed blob, or a new one with the
    hash of an office file (stored, it would stand in for the genuine file)."""
    sha = rng.choice(tpl.office_blobs) if tpl.office_blobs else "0" * 64
    conn.execute(
        "INSERT INTO blob (id, created_at, updated_at, revision, sha256, size, data) "
        "VALUES (?, ?, ?, 1, ?, 6, CAST('poison' AS BLOB))",
        (uuid.uuid4().hex, NOW_SQL, NOW_SQL, sha),
    )
    return "blob with another file's hash"


def office_number(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    source = rng.choice(_ids(conn, "meeting"))
    number = f"1405-{rng.randrange(1, 40):03d}"
    _copy_row(conn, "meeting", source, id=uuid.uuid4().hex, number=number, number_provisional=0)
    return "new meeting with an office number"


def int_edge(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    table, column, value = rng.choice(
        (
            ("meeting", "revision", INT64_MAX),
            ("statement", "position", INT64_MAX),
            ("meeting", "number", f"1405-{INT64_MAX}"),
            ("decision", "number", INT64_MAX),
            ("statement", "revision", -1),
        )
    )
    if not _ids(conn, table):
        table, column, value = "meeting", "revision", INT64_MAX
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, _ids(conn, table)[0]))
    return f"{table}.{column} at the 64-bit edge"


def schema(conn: sqlite3.Connection, rng: random.Random, tpl: Template) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        conn.execute(
            "CREATE TRIGGER evil AFTER UPDATE ON statement BEGIN "
            "UPDATE statement SET text = 'x'; END"
        )
        return "extra trigger"
    if kind == 1:
        conn.execute("CREATE VIEW evil AS SELECT * FROM person")
        return "extra view"
    # A trigger under an internal table's name, written into the schema directly.
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
        "('trigger', 'sqlite_stat1', 'statement', 0, 'CREATE TRIGGER sqlite_stat1 AFTER "
        "UPDATE ON statement BEGIN UPDATE statement SET text = ''x''; END')"
    )
    conn.execute("PRAGMA writable_schema = OFF")
    return "trigger named sqlite_stat1"


FORGERIES: tuple[Forgery, ...] = (
    edit_field,
    delete_or_restore,
    new_child,
    office_id_as_new,
    forged_base,
    edit_base,
    drop_base,
    retarget,
    poison_blob,
    office_number,
    int_edge,
    schema,
)


@contextmanager
def _raw(path: Path) -> Iterator[sqlite3.Connection]:
    unlocked = trip_package.unlock_package(path, PASS, cost=CHEAP)
    conn = trip_package._connect(unlocked.path, unlocked.key)
    try:
        yield conn
    finally:
        conn.close()


# --- one example -----------------------------------------------------------------------------


@dataclass
class Outcome:
    index: int
    forgeries: tuple[str, ...]
    dry_run: bool
    result: str  # "accepted" or a message id
    seconds: float
    failure: str = ""


def _invariants(tpl: Template, before: dict[Key, str], office: Path) -> list[str]:
    problems: list[str] = []
    after = office_rows(office)
    for key, row in before.items():
        if key not in tpl.exported and after.get(key) != row:
            problems.append(f"office row outside the export changed: {key}")
    known = {row_id for _table, row_id in before}
    for table, row_id in after.keys() - before.keys():
        if row_id in known:
            problems.append(f"new {table} row reuses the office id {row_id}")
    conn = sqlite3.connect(f"file:{office}?mode=ro", uri=True)
    try:
        problems += [
            f"integrity: {r[0]}" for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"
        ]
        problems += [f"foreign key: {r!r}" for r in conn.execute("PRAGMA foreign_key_check")]
        for sha, size, data in conn.execute("SELECT sha256, size, data FROM blob"):
            if (
                not isinstance(data, bytes)
                or len(data) != size
                or (hashlib.sha256(data).hexdigest() != sha)
            ):
                problems.append(f"blob {sha} does not match its hash and size")
    finally:
        conn.close()
    db = Database.open(office, create=False)
    try:  # the counters still allocate
        detail = record_meeting(
            db, {"title": "پس از ورود", "date": date(2026, 12, 3)}, clock=IMPORT_CLOCK
        )
        if not detail.meeting.number.startswith("1405-"):
            problems.append(f"new meeting got {detail.meeting.number!r}")
        with db.reading() as session:
            numbers = [m.number for m in session.exec(select(Meeting))]
        if len(numbers) != len(set(numbers)):
            problems.append("duplicate meeting numbers")
    except Exception as exc:  # reported, never swallowed
        problems.append("counters: " + "".join(traceback.format_exception_only(exc)).strip())
    finally:
        db.close()
    return problems


def run_example(tpl: Template, seed: int, index: int, root: Path) -> Outcome:
    rng = random.Random(f"forger:{seed}:{index}")
    with tempfile.TemporaryDirectory(dir=root) as folder:
        work = Path(folder)
        office, package = work / "office.sqlite3", work / "trip.pvtrip"
        shutil.copyfile(tpl.office, office)
        shutil.copyfile(tpl.package, package)
        done: list[str] = []
        with _raw(package) as conn:
            for forgery in rng.sample(FORGERIES, rng.randint(1, 3)):
                try:
                    done.append(forgery(conn, rng, tpl))
                except trip_package._dbapi().Error:  # the package's constraints refused it
                    done.append(f"{forgery.__name__} (refused by the package)")
        dry_run = rng.random() < 0.3
        before = office_rows(office)
        started = time.perf_counter()
        failure = ""
        db = Database.open(office, create=False)
        try:
            trips.import_package(
                db,
                package,
                PASS,
                dry_run=dry_run,
                cost=CHEAP,
                backup_folder=work / "backups",
                clock=IMPORT_CLOCK,
            )
            result = "accepted"
        except PeyvandError as exc:
            result = exc.msg_id
        except Exception as exc:
            result = "crash"
            failure = "".join(traceback.format_exception(exc))
        finally:
            db.close()
        seconds = time.perf_counter() - started
        problems = _invariants(tpl, before, office)
        if problems:
            failure += "\n".join(problems[:10])
        return Outcome(index, tuple(done), dry_run, result, seconds, failure)


@dataclass
class Report:
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failure]

    def results(self) -> Counter[str]:
        return Counter(o.result for o in self.outcomes)

    def forgeries(self) -> Counter[str]:
        return Counter(f for o in self.outcomes for f in o.forgeries)


def forge(
    count: int,
    seed: int,
    *,
    template: Template | None = None,
    folder: Path,
    progress: Callable[[Outcome], None] | None = None,
) -> Report:
    tpl = template or build_template(folder / "template")
    report = Report(seed)
    for index in range(count):
        outcome = run_example(tpl, seed, index, folder)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return report
