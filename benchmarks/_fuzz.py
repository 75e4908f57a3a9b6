"""Fuzzing both import paths with hostile files (a driver, not a test module).

``tests/reliability/test_fuzz_imports.py`` runs :func:`fuzz` with 1,000 cases per run;
``benchmarks/reliability_bench.py`` with 10,000.

One **template** per process: the demo office database, a JSON export and a trip
package made from it. The export holds the rows of one visit (visit 1405-004 with its
meetings, agenda, actions, an attachment and its blob, and the directory rows they
point at) under new ids and numbers, so that importing the unmodified file into the
office succeeds and writes. The package is visit 1405-002 (minutes with statements and
decisions, open actions with notes) exported by ``trips.export_visit`` (test-only
cheap key derivation).

Each case takes one of them, mutates it (:data:`JSON_MUTATIONS`,
:data:`PACKAGE_MUTATIONS`): bit flips, truncation, random bytes, structural changes of
the JSON (wrong types, huge strings, deep nesting, duplicate ids and keys, dangling
references, invalid dates, lone surrogates, …), byte changes of the package (header,
pages, size) and **well-encrypted packages with bad content** (written with the right
key by raw SQL: extra tables, triggers, views, dropped tables, invalid values, a
mismatching ``trip_base``, two ``trip_info`` rows, foreign-key violations, non-UTF-8
text, other schema revisions, …). Then it imports the file into a fresh copy of the
office (``transfer.import_json`` or ``trips.import_package``, dry run or not) in a worker
thread, and checks:

* the import returned, or raised a :class:`~peyvand.errors.PeyvandError` (the project's
  typed errors; ``ImportRowError`` is one) — any other exception is a failure;
* it finished within :data:`HANG_SECONDS` (10 s);
* a rejected import or a dry run left the office's content exactly as it was (a digest
  of every table and the number of audit events); an accepted one left it passing
  ``integrity_check`` and ``foreign_key_check``;
* the file given to the import is unchanged (an import never writes to its input).
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from peyvand.domain import TripBase
from peyvand.errors import PeyvandError
from peyvand.services import transfer, trips
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.storage import trip_package
from peyvand.storage.database import Database
from peyvand.storage.trip_package import PAGE_SIZE, KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "رمز سفر ۱۴۰۵"
# The export: a visit with an attachment and its blob; the package: one with minutes
# (statements, decisions) and open actions with notes.
EXPORT_VISIT = "1405-004"
PACKAGE_VISIT = "1405-002"
CLOCK = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
IMPORT_CLOCK = FixedClock(datetime(2026, 12, 3, 8, tzinfo=UTC))
HANG_SECONDS = 10.0
_ID_SPACE = uuid.UUID("6b1f6f0e-1c55-4a4e-9a57-0f3c2d7e9a10")

Doc = dict[str, Any]


# --- the template ----------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    folder: Path
    office: Path
    office_digest: tuple[str, int]
    export: Doc  # the valid export (parsed)
    package: Path
    package_bytes: bytes
    office_ids: tuple[str, ...]  # ids of rows the office holds (for "exists" cases)


def digest(path: Path) -> tuple[str, int]:
    """A hash of every row of every table (FTS5 through its shadow tables) and the
    number of audit events: equal digests mean equal content."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        for name, sql in tables:
            if name.startswith("sqlite_") or str(sql).upper().startswith("CREATE VIRTUAL"):
                continue
            rows = sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{name}"'))
            h.update(f"{name}:{len(rows)}\n".encode())
            for r in rows:
                h.update(r.encode("utf-8", "surrogatepass") + b"\n")
        (audits,) = conn.execute("SELECT count(*) FROM audit_event").fetchone()
        return h.hexdigest(), int(audits)
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        found = [r for r in rows if r != "ok"]
        found += [repr(r) for r in conn.execute("PRAGMA foreign_key_check")]
        return found
    finally:
        conn.close()


def _package_rows(path: Path) -> dict[str, list[Doc]]:
    package = Database.open_package(path, PASS, cost=CHEAP)
    try:
        rows: dict[str, list[Doc]] = {}
        with package.reading() as session:
            for entry in session.exec(select(TripBase)).all():
                rows.setdefault(entry.table_name, []).append(json.loads(entry.row))
        return rows
    finally:
        package.close()


def small_export(rows: dict[str, list[Doc]]) -> Doc:
    """The rows under new ids (uuid5 of the old) and new numbers (year 1380), as an
    export document: valid, and new to the office it came from."""
    ids = {row["id"] for table_rows in rows.values() for row in table_rows}
    mapped = {old: str(uuid.uuid5(_ID_SPACE, old)) for old in ids}
    tables: dict[str, list[Doc]] = {}
    for table, table_rows in rows.items():
        out = []
        for row in table_rows:
            new = {k: mapped.get(v, v) if isinstance(v, str) else v for k, v in row.items()}
            if "number_provisional" in new and isinstance(new.get("number"), str):
                new["number"] = "1380-" + new["number"].split("-", 1)[-1]
            out.append(new)
        tables[table] = sorted(out, key=lambda r: str(r["id"]))
    return {
        "format": transfer.FORMAT,
        "version": transfer.FORMAT_VERSION,
        "app_version": "0.1.0",
        "exported_at": "2026-11-26T09:00:00+00:00",
        "tables": tables,
    }


def build_template(folder: Path) -> Template:
    folder.mkdir(parents=True, exist_ok=True)
    office = folder / "office.sqlite3"
    package = folder / "trip.pvtrip"
    rows_from = folder / "export-rows.pvtrip"
    db = Database.open(office)
    try:
        load_demo(db, clock=CLOCK)
        trips.export_visit(db, PACKAGE_VISIT, package, PASS, cost=CHEAP, clock=CLOCK)
        trips.export_visit(db, EXPORT_VISIT, rows_from, PASS, cost=CHEAP, clock=CLOCK)
        tables = transfer.export_data(db)["tables"]
        office_ids = tuple(sorted(r["id"] for rows in tables.values() for r in rows))[::7]
    finally:
        db.close()
    assert not office.with_name(office.name + "-wal").exists()
    export = small_export(_package_rows(rows_from))
    return Template(
        folder=folder,
        office=office,
        office_digest=digest(office),
        export=export,
        package=package,
        package_bytes=package.read_bytes(),
        office_ids=office_ids,
    )


# --- JSON mutations ---------------------------------------------------------------------

_DUP = "@@duplicate-key@@"
_RAW = "@@raw-value@@"


def dumps(doc: Doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def _row(doc: Doc, rng: random.Random, *, table: str | None = None) -> tuple[str, Doc]:
    tables = doc["tables"]
    name = table if table is not None else rng.choice(sorted(t for t in tables if tables[t]))
    return name, rng.choice(tables[name])


def _field(row: Doc, rng: random.Random, *, skip_sync: bool = False) -> str:
    names = sorted(row)
    if skip_sync:
        names = [n for n in names if n not in ("id", "created_at", "updated_at", "revision")]
    return rng.choice(names or sorted(row))


def _with_raw(doc: Doc, rng: random.Random, raw: str) -> bytes:
    """The document with one field's value replaced by raw JSON text."""
    _table, row = _row(doc, rng)
    row[_field(row, rng)] = _RAW
    return dumps(doc).replace(json.dumps(_RAW).encode(), raw.encode("utf-8"), 1)


WRONG_VALUES: tuple[Any, ...] = (
    0,
    -1,
    1.5,
    True,
    False,
    None,
    [],
    {},
    "",
    "x",
    ["x"],
    {"a": 1},
    2**70,
    "٣",
    "00000000-0000-0000-0000-000000000000",
)
BAD_DATES = (
    "2026-02-30",
    "1403-02-12",
    "2026-13-01",
    "26-01-01",
    "2026-1-1",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00+00:00",
    "2026-01-01T00:00:00",
    "2026-01-01T25:00:00+00:00",
    "2026-01-01T00:00:00+24:00",
    "today",
    "",
    "2026-01-01 00:00:00+00:00",
    "٢٠٢٦-٠١-٠١",
)


def j_wrong_type(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    row[_field(row, rng)] = copy.deepcopy(rng.choice(WRONG_VALUES))
    return dumps(doc)


def j_huge_string(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    row[_field(row, rng, skip_sync=True)] = rng.choice("بx ") * rng.choice(
        (1_000, 70_000, 1_000_000)
    )
    return dumps(doc)


def j_deep_nesting(doc: Doc, rng: random.Random) -> bytes:
    depth = rng.choice((10, 17, 200, 5_000, 200_000))
    opener, closer = rng.choice((("[", "]"), ('{"a":', "}")))
    raw = opener * depth + "1" + closer * depth
    if rng.random() < 0.2:
        return raw.encode()
    return _with_raw(doc, rng, raw)


def j_duplicate_id(doc: Doc, rng: random.Random) -> bytes:
    table, row = _row(doc, rng)
    twin = copy.deepcopy(row)
    if rng.random() < 0.5:
        name = _field(twin, rng, skip_sync=True)
        twin[name] = copy.deepcopy(rng.choice(WRONG_VALUES))
    doc["tables"][table].append(twin)
    return dumps(doc)


def j_duplicate_key(doc: Doc, rng: random.Random) -> bytes:
    target = doc if rng.random() < 0.2 else _row(doc, rng)[1]
    name = rng.choice(sorted(target))
    target[_DUP] = copy.deepcopy(target[name])
    return dumps(doc).replace(json.dumps(_DUP).encode(), json.dumps(name).encode(), 1)


def j_dangling(doc: Doc, rng: random.Random) -> bytes:
    candidates = [
        (row, name)
        for rows in doc["tables"].values()
        for row in rows
        for name in row
        if name.endswith("_id") and name != "id"
    ]
    row, name = rng.choice(candidates)
    row[name] = str(uuid.UUID(int=rng.getrandbits(128)))
    return dumps(doc)


def j_existing(doc: Doc, rng: random.Random, office_ids: tuple[str, ...]) -> bytes:
    _table, row = _row(doc, rng)
    row["id"] = rng.choice(office_ids)
    return dumps(doc)


def j_number_taken(doc: Doc, rng: random.Random) -> bytes:
    table = rng.choice([t for t in ("visit", "meeting", "action") if doc["tables"].get(t)])
    _table, row = _row(doc, rng, table=table)
    row["number"] = rng.choice(("1405-001", "1405-002", "T1405-ABCDEF", "", "1380-001"))
    return dumps(doc)


def j_bad_date(doc: Doc, rng: random.Random) -> bytes:
    candidates = [
        (row, name)
        for rows in doc["tables"].values()
        for row in rows
        for name, value in row.items()
        if name.endswith(("_at", "date", "_on", "day", "arrival", "departure"))
        or (isinstance(value, str) and value[:2] in ("19", "20") and "-" in value)
    ]
    row, name = rng.choice(candidates)
    row[name] = rng.choice(BAD_DATES)
    return dumps(doc)


def j_surrogate(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    name = _field(row, rng, skip_sync=True)
    text = rng.choice(("\ud800", "a\udfffb", "\udbff\udbff", "\ud83d"))
    row[name] = text
    if rng.random() < 0.5:
        # As a JSON escape (valid UTF-8, a lone surrogate once parsed).
        return json.dumps(doc, ensure_ascii=True).encode("ascii")
    # As raw bytes (not valid UTF-8 at all).
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")


def j_missing_field(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    del row[_field(row, rng)]
    return dumps(doc)


def j_unknown_field(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    row[rng.choice(("extra", "ID", "id ", "__proto__", "deleted"))] = rng.choice(WRONG_VALUES)
    return dumps(doc)


def j_top_level(doc: Doc, rng: random.Random) -> bytes:
    change = rng.randrange(9)
    if change == 0:
        doc["version"] = rng.choice((2, 0, "1", True, 1.0, None))
    elif change == 1:
        doc["format"] = rng.choice(("peyvand-export ", "PEYVAND-EXPORT", None, 1))
    elif change == 2:
        doc["tables"] = rng.choice(([], "tables", None, 1))
    elif change == 3:
        doc["tables"]["no_such_table"] = []
    elif change == 4:
        doc["tables"][rng.choice(sorted(doc["tables"]))] = rng.choice(({}, "x", None, 3))
    elif change == 5:
        doc[rng.choice(("extra", "Tables", "signature"))] = 1
    elif change == 6:
        del doc[rng.choice(("format", "version", "tables"))]
    elif change == 7:
        doc["exported_at"] = rng.choice((1, None, [], "yesterday"))
    else:
        return rng.choice((b"[]", b"null", b"1", b'"peyvand-export"', b"{}", b""))
    return dumps(doc)


def j_number_literal(doc: Doc, rng: random.Random) -> bytes:
    raw = rng.choice(
        (
            "NaN",
            "Infinity",
            "-Infinity",
            "1e999",
            "-1e999",
            "1" * 30,
            "-" + "9" * 25,
            "1.0",
            "0.1e1",
            "9223372036854775808",
            "-9223372036854775809",
            "00",
            "1_000",
        )
    )
    return _with_raw(doc, rng, raw)


def j_blob(doc: Doc, rng: random.Random) -> bytes:
    blobs = doc["tables"].get("blob") or []
    if not blobs:
        return j_wrong_type(doc, rng)
    row = rng.choice(blobs)
    change = rng.randrange(6)
    if change == 0:
        row["data"] = rng.choice(("!!!", "YQ", "YQ==YQ==", "", " YQ== ", "\u0661"))
    elif change == 1:
        row["data"] = base64.b64encode(b"not the content").decode()
    elif change == 2:
        row["size"] = rng.choice((0, -1, 2**40, row["size"] + 1))
    elif change == 3:
        row["sha256"] = rng.choice(("0" * 64, "ABC", row["sha256"].upper(), ""))
    elif change == 4:
        row["data"] = base64.b64encode(rng.randbytes(rng.randint(0, 300_000))).decode()
    else:
        row["sha256"] = hashlib.sha256(b"other").hexdigest()
    return dumps(doc)


def j_bad_value(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    name = _field(row, rng)
    row[name] = rng.choice(
        ("", " ", "\u200c", "\x00", "bogus-enum", "a" * 300, "\u202e\u202d", "\ufeff", "💥")
    )
    return dumps(doc)


def j_revision(doc: Doc, rng: random.Random) -> bytes:
    _table, row = _row(doc, rng)
    row["revision"] = rng.choice((0, -1, True, 2**63, 2**63 - 1, "1", 1.0, None))
    return dumps(doc)


def j_many_rows(doc: Doc, rng: random.Random) -> bytes:
    table = rng.choice(sorted(doc["tables"]))
    doc["tables"][table] = doc["tables"][table] + [{}] * rng.choice((10, 3_000))
    return dumps(doc)


def j_benign(doc: Doc, rng: random.Random) -> bytes:
    change = rng.randrange(5)
    if change == 0:
        return b"\xef\xbb\xbf" + dumps(doc)  # a byte-order mark
    if change == 1:
        return json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode()
    if change == 2:
        for rows in doc["tables"].values():
            rng.shuffle(rows)
        return dumps(doc)
    if change == 3:
        doc["tables"] = {t: r for t, r in doc["tables"].items() if t in ("unit", "organization")}
        return dumps(doc)
    return dumps(doc)


def b_bitflip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 8, 64))):
        if not out:
            break
        position = rng.randrange(len(out))
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def b_truncate(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.3 and len(data) > PAGE_SIZE:
        return data[: PAGE_SIZE * rng.randrange(len(data) // PAGE_SIZE)]
    return data[: rng.randrange(len(data) + 1)]


def b_random(data: bytes, rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice((0, 1, 15, 16, 100, 4096, 8192, 70_000)))


def b_splice(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:
        return data[:position] + rng.randbytes(rng.randint(1, 64)) + data[position:]
    return data[:position] + data[position + rng.randint(1, 64) :]


def _json_case(template: Template, rng: random.Random) -> tuple[str, bytes]:
    doc = copy.deepcopy(template.export)
    text = dumps(doc)
    kinds: list[tuple[str, Callable[[], bytes]]] = [
        ("bit flips", lambda: b_bitflip(text, rng)),
        ("truncated", lambda: b_truncate(text, rng)),
        ("random bytes", lambda: b_random(text, rng)),
        ("bytes inserted or cut", lambda: b_splice(text, rng)),
        ("not UTF-8", lambda: text.replace(b'"', b"\xff", rng.randint(1, 3))),
        ("UTF-16", lambda: text.decode().encode("utf-16")),
        ("a package", lambda: template.package_bytes[: rng.choice((16, 4096, 10**9))]),
        ("a SQLite file", lambda: template.office.read_bytes()[: rng.choice((100, 10**9))]),
        ("wrong type", lambda: j_wrong_type(doc, rng)),
        ("huge string", lambda: j_huge_string(doc, rng)),
        ("deep nesting", lambda: j_deep_nesting(doc, rng)),
        ("duplicate id", lambda: j_duplicate_id(doc, rng)),
        ("duplicate key", lambda: j_duplicate_key(doc, rng)),
        ("dangling reference", lambda: j_dangling(doc, rng)),
        ("id the office has", lambda: j_existing(doc, rng, template.office_ids)),
        ("number", lambda: j_number_taken(doc, rng)),
        ("invalid date", lambda: j_bad_date(doc, rng)),
        ("lone surrogate", lambda: j_surrogate(doc, rng)),
        ("missing field", lambda: j_missing_field(doc, rng)),
        ("unknown field", lambda: j_unknown_field(doc, rng)),
        ("top level", lambda: j_top_level(doc, rng)),
        ("number literal", lambda: j_number_literal(doc, rng)),
        ("blob", lambda: j_blob(doc, rng)),
        ("bad value", lambda: j_bad_value(doc, rng)),
        ("revision", lambda: j_revision(doc, rng)),
        ("many rows", lambda: j_many_rows(doc, rng)),
        ("benign", lambda: j_benign(doc, rng)),
    ]
    name, make = rng.choice(kinds)
    return name, make()


JSON_MUTATIONS = (
    "bit flips, truncation, random bytes, bytes inserted or cut, not UTF-8, UTF-16, "
    "a package or SQLite file given instead, wrong types, huge strings, deep nesting, "
    "duplicate ids and keys, dangling references, ids and numbers the office has, "
    "invalid dates, lone surrogates, missing and unknown fields, top-level changes, "
    "NaN/Infinity/huge number literals, bad blobs, bad values, revisions, many rows, "
    "benign changes"
)


# --- package mutations ----------------------------------------------------------------------


def p_bitflip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    region = rng.randrange(5)
    pages = len(out) // PAGE_SIZE
    if region == 0:
        low, high = 0, 16  # the plain header (salt)
    elif region == 1:
        low, high = 16, PAGE_SIZE  # page 1
    elif region == 2:
        page = rng.randrange(pages)
        low, high = page * PAGE_SIZE, (page + 1) * PAGE_SIZE
    elif region == 3:
        low, high = len(out) - 96, len(out)  # the last page's reserved bytes (IV, HMAC)
    else:
        low, high = 0, len(out)
    for _ in range(rng.choice((1, 1, 1, 3, 40))):
        position = rng.randrange(low, high)
        out[position] ^= 1 << rng.randrange(8)
    return bytes(out)


def p_pages(data: bytes, rng: random.Random) -> bytes:
    pages = [data[i : i + PAGE_SIZE] for i in range(0, len(data), PAGE_SIZE)]
    i, j = rng.randrange(len(pages)), rng.randrange(len(pages))
    change = rng.randrange(4)
    if change == 0:
        pages[i], pages[j] = pages[j], pages[i]
    elif change == 1:
        pages[i] = pages[j]
    elif change == 2:
        pages[i] = (data[:16] if i == 0 else b"") + bytes(PAGE_SIZE - (16 if i == 0 else 0))
    else:
        del pages[i]
    return b"".join(pages)


def p_header(data: bytes, rng: random.Random) -> bytes:
    change = rng.randrange(4)
    if change == 0:
        return data[:3] + bytes([rng.choice((0, 2, 255))]) + data[4:]
    if change == 1:
        return rng.choice((b"PVX", b"pvt", b"SQL")) + data[3:]
    if change == 2:
        return b"SQLite format 3\x00" + data[16:]
    return data[:4] + rng.randbytes(12) + data[16:]


def p_sized(data: bytes, rng: random.Random) -> bytes:
    change = rng.randrange(5)
    if change == 0:
        return data + rng.randbytes(rng.choice((1, 100, PAGE_SIZE, 3 * PAGE_SIZE)))
    if change == 1:
        return data + bytes(PAGE_SIZE)
    if change == 2:
        return b_truncate(data, rng)
    if change == 3:
        return data[: rng.choice((0, 3, 15, 16, PAGE_SIZE, 2 * PAGE_SIZE - 1))]
    return data + data[PAGE_SIZE : 2 * PAGE_SIZE]


def p_random_with_magic(data: bytes, rng: random.Random) -> bytes:
    pages = rng.choice((1, 2, 3, 10))
    return b"PVT\x01" + rng.randbytes(pages * PAGE_SIZE - 4)


# Well-encrypted packages with bad content: SQL run with the right key on a copy.
# "{id:table}" is replaced by the hex id of a random row of that table.
HOSTILE_SQL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("extra table", ("CREATE TABLE evil (x)",)),
    (
        "extra trigger",
        ("CREATE TRIGGER evil AFTER INSERT ON audit_event BEGIN DELETE FROM statement; END",),
    ),
    ("extra view", ("CREATE VIEW evil AS SELECT * FROM statement",)),
    ("extra index", ("CREATE INDEX evil ON statement (text)",)),
    (
        "index replaced",
        (
            "DROP INDEX IF EXISTS ix_statement_meeting_id",
            "CREATE INDEX ix_statement_meeting_id ON statement (meeting_id, text)",
        ),
    ),
    ("dropped table", ("DROP TABLE trip_base",)),
    ("dropped table", ("DROP TABLE gift",)),
    ("empty required text", ("UPDATE statement SET text = '' WHERE id = {id:statement}",)),
    ("bad enum", ("UPDATE meeting SET kind = 'bogus' WHERE id = {id:meeting}",)),
    ("bad date", ("UPDATE meeting SET date = '2026-13-45' WHERE id = {id:meeting}",)),
    ("bad date", ("UPDATE meeting SET date = 'x' WHERE id = {id:meeting}",)),
    ("bad timestamp", ("UPDATE statement SET created_at = 'yesterday' WHERE id = {id:statement}",)),
    (
        "bad timestamp",
        ("UPDATE statement SET deleted_at = '9999-99-99 99:99:99' WHERE id = {id:statement}",),
    ),
    ("integer in a text column", ("UPDATE statement SET text = 42 WHERE id = {id:statement}",)),
    (
        "text in an integer column",
        ("UPDATE statement SET position = 'first' WHERE id = {id:statement}",),
    ),
    ("bad revision", ("UPDATE meeting SET revision = 0 WHERE id = {id:meeting}",)),
    ("bad revision", ("UPDATE meeting SET revision = -5 WHERE id = {id:meeting}",)),
    ("bad revision", ("UPDATE meeting SET revision = 'x' WHERE id = {id:meeting}",)),
    ("bad id", ("UPDATE agenda_item SET id = x'00' WHERE id = {id:agenda_item}",)),
    ("bad id", ("UPDATE agenda_item SET id = 'not-a-uuid' WHERE id = {id:agenda_item}",)),
    (
        "non-UTF-8 text",
        ("UPDATE statement SET text = CAST(x'ff' AS TEXT) WHERE id = {id:statement}",),
    ),
    ("non-UTF-8 text", ("UPDATE person SET name = CAST(x'c3' AS TEXT) WHERE id = {id:person}",)),
    (
        "huge text",
        ("UPDATE statement SET text = printf('%.*c', 2000000, 'x') WHERE id = {id:statement}",),
    ),
    ("blob in a text column", ("UPDATE statement SET text = x'00ff00' WHERE id = {id:statement}",)),
    (
        "trip_base id mismatch",
        (
            "UPDATE trip_base SET row = json_set(row, '$.id', "
            "'00000000-0000-0000-0000-000000000001')"
            " WHERE rowid = (SELECT min(rowid) FROM trip_base)",
        ),
    ),
    (
        "trip_base not JSON",
        (
            "UPDATE trip_base SET row = '{not json' "
            "WHERE rowid = (SELECT max(rowid) FROM trip_base)",
        ),
    ),
    (
        "trip_base not an object",
        ("UPDATE trip_base SET row = '[1, 2]' WHERE rowid = (SELECT max(rowid) FROM trip_base)",),
    ),
    (
        "trip_base deep JSON",
        (
            "UPDATE trip_base SET row = printf('%.*c', 100000, '[') "
            "WHERE rowid = (SELECT max(rowid) FROM trip_base)",
        ),
    ),
    (
        "trip_base unknown table",
        (
            "INSERT INTO trip_base (table_name, row_id, row) "
            "VALUES ('nope', 'x', '{\"id\": \"x\"}')",
        ),
    ),
    (
        "trip_base bad field",
        (
            "UPDATE trip_base SET row = json_set(row, '$.revision', 'one')"
            " WHERE rowid = (SELECT min(rowid) FROM trip_base)",
        ),
    ),
    (
        "trip_base extra field",
        (
            "UPDATE trip_base SET row = json_set(row, '$.evil', 1)"
            " WHERE rowid = (SELECT min(rowid) FROM trip_base)",
        ),
    ),
    (
        "trip_base row for a missing row",
        (
            "INSERT INTO trip_base (table_name, row_id, row) SELECT 'statement', "
            "'00000000-0000-0000-0000-0000000000aa', json_set(row, '$.id', "
            "'00000000-0000-0000-0000-0000000000aa') FROM trip_base "
            "WHERE table_name = 'statement' LIMIT 1",
        ),
    ),
    (
        "two trip_info rows",
        (
            "INSERT INTO trip_info (id, package_id, visit_id, visit_number, exported_at, "
            "exported_by, include_confidential) SELECT 2, package_id, visit_id, visit_number, "
            "exported_at, exported_by, include_confidential FROM trip_info",
        ),
    ),
    ("no trip_info", ("DELETE FROM trip_info",)),
    ("bad trip_info", ("UPDATE trip_info SET exported_at = 'never', package_id = ''",)),
    (
        "foreign key violation",
        (
            "PRAGMA foreign_keys = OFF",
            "UPDATE statement SET meeting_id = x'00112233445566778899aabbccddeeff'"
            " WHERE id = {id:statement}",
        ),
    ),
    (
        "foreign key violation",
        (
            "PRAGMA foreign_keys = OFF",
            "UPDATE meeting SET deleted_at = '2026-01-01 00:00:00.000000' WHERE id = {id:meeting}",
            "DELETE FROM meeting WHERE id = {id:meeting}",
        ),
    ),
    ("unknown schema revision", ("UPDATE alembic_version SET version_num = 'ffffffffffff'",)),
    ("older schema revision", ("UPDATE alembic_version SET version_num = '0001'",)),
    ("no schema revision", ("DELETE FROM alembic_version",)),
    ("newer format", ("UPDATE package_meta SET format_version = 99",)),
    ("no package_meta row", ("DELETE FROM package_meta",)),
    ("format version text", ("UPDATE package_meta SET format_version = 'one'",)),
    (
        "duplicate number",
        ("UPDATE meeting SET number = (SELECT number FROM visit LIMIT 1) WHERE id = {id:meeting}",),
    ),
    (
        "provisional number",
        (
            "UPDATE meeting SET number = 'T1405-ABCDEF', number_provisional = 1"
            " WHERE id = {id:meeting}",
        ),
    ),
    ("empty number", ("UPDATE meeting SET number = '' WHERE id = {id:meeting}",)),
    ("search index emptied", ("DELETE FROM search_doc",)),
    ("benign edit", ("UPDATE statement SET text = 'ویرایش در سفر' WHERE id = {id:statement}",)),
    (
        "benign tombstone",
        (
            "UPDATE agenda_item SET deleted_at = '2026-11-27 10:00:00.000000'"
            " WHERE id = {id:agenda_item}",
        ),
    ),
    (
        "new row without base",
        (
            "INSERT INTO agenda_item (id, created_at, updated_at, revision, deleted_at, "
            "meeting_id, position, text) SELECT '0123456789abcdef0123456789abcdef', created_at, "
            "updated_at, 1, NULL, meeting_id, 99, 'تازه' FROM agenda_item LIMIT 1",
        ),
    ),
)

PACKAGE_MUTATIONS = (
    "bit flips (header, page 1, any page, the last page's IV/HMAC, anywhere), pages "
    "swapped, copied, zeroed or removed, header changes, bytes appended or cut, short "
    "files, random bytes behind the magic, the wrong passphrase, and well-encrypted "
    "packages with bad content: " + ", ".join(sorted({name for name, _sql in HOSTILE_SQL}))
)


def _hostile(path: Path, statements: tuple[str, ...], rng: random.Random) -> None:
    """Run ``statements`` on the package with the right key (raw SQL, as a hostile or
    broken program holding the passphrase could)."""
    unlocked = trip_package.unlock_package(path, PASS, cost=CHEAP)
    conn = trip_package._connect(unlocked.path, unlocked.key)
    try:
        for statement in statements:
            sql = statement
            while "{id:" in sql:
                start = sql.index("{id:")
                end = sql.index("}", start)
                table = sql[start + 4 : end]
                ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
                chosen = rng.choice(ids)
                value = f"x'{chosen.hex()}'" if isinstance(chosen, bytes) else f"'{chosen}'"
                sql = sql[:start] + value + sql[end + 1 :]
            conn.execute(sql)
    finally:
        conn.close()


def _package_case(template: Template, rng: random.Random, target: Path) -> tuple[str, str]:
    """Write a mutated package to ``target``; (what was done, the passphrase to use)."""
    data = template.package_bytes
    choice = rng.randrange(10)
    if choice < 4:
        name, statements = rng.choice(
            HOSTILE_SQL
        )
        shutil.copyfile(template.package, target)
        _hostile(target, statements, rng)
        return f"content: {name}", PASS
    kinds: list[tuple[str, Callable[[], bytes]]] = [
        ("bit flips", lambda: p_bitflip(data, rng)),
        ("bit flips", lambda: p_bitflip(data, rng)),
        ("pages", lambda: p_pages(data, rng)),
        ("header", lambda: p_header(data, rng)),
        ("size", lambda: p_sized(data, rng)),
        ("random bytes with the magic", lambda: p_random_with_magic(data, rng)),
    ]
    if choice == 9:
        shutil.copyfile(template.package, target)
        return "wrong passphrase", rng.choice(("رمز دیگر", "x", " ", PASS + "ی"))
    name, make = rng.choice(kinds)
    target.write_bytes(make())
    return name, PASS


# --- running cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    index: int
    target: str  # "json" or "package"
    mutation: str
    dry_run: bool

    def describe(self) -> str:
        mode = "dry run" if self.dry_run else "import"
        return f"case {self.index}: {self.target} {self.mutation} ({mode})"


@dataclass
class Outcome:
    case: Case
    result: str  # "accepted", a message id, or what went wrong
    seconds: float
    failure: str = ""


def make_case(template: Template, seed: int, index: int, work: Path) -> tuple[Case, Path, str]:
    """Case ``index`` of run ``seed``: the mutated file in ``work`` and its passphrase."""
    rng = random.Random(f"{seed}:{index}")
    dry_run = rng.random() < 0.5
    if rng.random() < 0.5:
        mutation, text = _json_case(template, rng)
        path = work / "export.json"
        path.write_bytes(text)
        return Case(index, "json", mutation, dry_run), path, ""
    path = work / "trip.pvtrip"
    mutation, passphrase = _package_case(template, rng, path)
    return Case(index, "package", mutation, dry_run), path, passphrase


Importer = Callable[[Case, Path, Path, str, Path], str]


def _import(case: Case, db_path: Path, path: Path, passphrase: str, work: Path) -> str:
    """The real import of ``path`` into the office at ``db_path``."""
    db = Database.open(db_path, create=False)
    try:
        if case.target == "json":
            transfer.import_json(
                db, path, dry_run=case.dry_run, backup_folder=work / "backups", clock=IMPORT_CLOCK
            )
        else:
            trips.import_package(
                db,
                path,
                passphrase,
                dry_run=case.dry_run,
                cost=CHEAP,
                backup_folder=work / "backups",
                clock=IMPORT_CLOCK,
            )
    finally:
        db.close()
    return "accepted"


def write_only(case: Case, db_path: Path, path: Path, passphrase: str, work: Path) -> str:
    """A broken importer for the tests of the checks: writes, then refuses."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("UPDATE audit_event SET actor = 'fuzz' WHERE rowid = 1")
        conn.commit()
    finally:
        conn.close()
    raise PeyvandError("import.not_json", path=str(path), detail="written, then refused")


def crash_only(case: Case, db_path: Path, path: Path, passphrase: str, work: Path) -> str:
    """A broken importer for the tests of the checks: an untyped exception."""
    raise ValueError("not a PeyvandError")


def execute(
    template: Template,
    case: Case,
    path: Path,
    passphrase: str,
    work: Path,
    *,
    importer: Importer = _import,
) -> Outcome:
    """Import ``path`` into a fresh copy of the office in a worker thread, with a
    watchdog, and check what it did."""
    given = hashlib.sha256(path.read_bytes()).hexdigest()
    office = work / "office.sqlite3"
    shutil.copyfile(template.office, office)
    box: dict[str, Any] = {}

    def worker() -> None:
        try:
            box["result"] = importer(case, office, path, passphrase, work)
        except PeyvandError as exc:
            box["result"] = exc.msg_id
        except BaseException as exc:  # reported as a failure, never swallowed
            box["crash"] = "".join(traceback.format_exception(exc))

    started = time.perf_counter()
    thread = threading.Thread(target=worker, name=f"fuzz-{case.index}", daemon=True)
    thread.start()
    thread.join(HANG_SECONDS)
    seconds = time.perf_counter() - started
    if thread.is_alive():
        # A thread cannot be stopped: it is left to finish in the background.
        return Outcome(case, "hang", seconds, f"{case.describe()}: no answer in 10 s")
    if "crash" in box:
        crash = str(box["crash"])
        kind = crash.strip().splitlines()[-1][:200]
        return Outcome(case, f"crash {kind}", seconds, f"{case.describe()}:\n{crash}")
    result = str(box["result"])
    failure = ""
    if result != "accepted" or case.dry_run:
        if digest(office) != template.office_digest:
            failure = f"{case.describe()}: {result}, but the office changed"
    else:
        problems = integrity(office)
        if problems:
            failure = f"{case.describe()}: accepted, but the office has {problems[:3]}"
    if hashlib.sha256(path.read_bytes()).hexdigest() != given:
        failure += f"\n{case.describe()}: the import wrote to the file it was given"
    return Outcome(case, result, seconds, failure.strip())


def run_case(template: Template, seed: int, index: int, root: Path) -> Outcome:
    """Case ``index`` of run ``seed``, made and run in a folder of its own."""
    with tempfile.TemporaryDirectory(dir=root) as folder:
        work = Path(folder)
        case, path, passphrase = make_case(template, seed, index, work)
        return execute(template, case, path, passphrase, work)


def run_unchanged(
    template: Template, case: Case, root: Path, *, importer: Importer = _import
) -> Outcome:
    """The control: ``case`` with the unchanged export or package."""
    with tempfile.TemporaryDirectory(dir=root) as folder:
        work = Path(folder)
        if case.target == "json":
            path = work / "export.json"
            path.write_bytes(dumps(template.export))
        else:
            path = work / "trip.pvtrip"
            shutil.copyfile(template.package, path)
        return execute(template, case, path, PASS, work, importer=importer)


@dataclass
class Report:
    seed: int
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failure]

    def results(self) -> Counter[str]:
        return Counter(f"{o.case.target}: {o.result}" for o in self.outcomes)

    def mutations(self) -> Counter[str]:
        return Counter(f"{o.case.target}: {o.case.mutation}" for o in self.outcomes)

    def summary(self) -> dict[str, Any]:
        seconds = sorted(o.seconds for o in self.outcomes)
        return {
            "cases": len(self.outcomes),
            "failures": len(self.failures),
            "median_s": statistics.median(seconds) if seconds else 0.0,
            "p95_s": seconds[max(0, int(0.95 * len(seconds)) - 1)] if seconds else 0.0,
            "max_s": seconds[-1] if seconds else 0.0,
        }


@contextlib.contextmanager
def _template_folder(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="peyvand-fuzz-") as made:
        yield Path(made)


def fuzz(
    count: int,
    seed: int = 0,
    *,
    template: Template | None = None,
    folder: Path | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> Report:
    """Run ``count`` cases of run ``seed`` (case i is the same for the same seed)."""
    report = Report(seed)
    with _template_folder(folder) as root:
        os.environ.setdefault("PEYVAND_DATA_DIR", str(root / "data"))
        if template is None:
            template = build_template(root / "template")
        for index in range(count):
            outcome = run_case(template, seed, index, root)
            report.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
    return report
