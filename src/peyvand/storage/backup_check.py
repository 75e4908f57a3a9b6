"""Is this file a genuine Peyvand backup? The checks a restore runs before it writes.

A backup being restored is hostile input: a file with an extra trigger or view would run
code on the office's next edit, a dropped column breaks every list, a poisoned blob
later replaces the office's genuine file of that hash (attachments are
content-addressed), and a forged number or counter makes every new record fail. So,
on a private copy of the file, in this order, each failure a :class:`PeyvandError`:

1. it is an SQLite file holding Peyvand's schema at a revision this version knows
   (``restore.not_backup``, ``restore.newer``);
2. its schema is **exactly** that of its revision, built by the real migrations — the
   same mechanism as trip packages (storage/schema_check.py, kind ``"database"``: a
   plain database has no ``package_meta``) (``restore.bad_schema``);
3. ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` (``restore.corrupt``);
4. every stored blob's bytes match its SHA-256 and size (``restore.bad_blob``);
5. revisions, office numbers and number counters are within the domain's limits
   (``domain/limits.py``: 32-bit integers, numbers within their counters' range, the
   same bounds as every import), and every counter is at or beyond the highest office
   number of its kind and year, so the next number can be allocated
   (``restore.bad_value``).

Read-only throughout (SQLite's read-only URI); an older revision passes and is migrated
by ``Database.open`` after the restore.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Any, Final

from peyvand.domain import limits
from peyvand.errors import PeyvandError
from peyvand.storage import failures, medium, migrate, schema_check

INT64_MAX: Final = 2**63 - 1
NUMBER_MAX_CHARS: Final = 40  # NumberColumns.number
_OFFICE_NUMBER_RE: Final = re.compile(r"([0-9]+)-([0-9]+)")
# Digits of a value below 2⁶³ (longer ones are refused before int() sees them).
_INT64_DIGITS: Final = 19


def check_backup_file(path: Path, *, shown: Path | None = None) -> migrate.SchemaState:
    """Run every check on the file at ``path``; errors name ``shown`` (the file the user
    chose, when ``path`` is a private copy of it). Returns the file's schema state."""
    path = Path(path)
    name = str(shown or path)
    try:
        state = migrate.inspect_schema(path)
    except PeyvandError as exc:
        if exc.msg_id == "db.newer":
            raise PeyvandError(
                "restore.newer",
                path=name,
                found=exc.params.get("found"),
                known=exc.params.get("known"),
            ) from None
        if exc.msg_id.startswith(("disk.", "db.busy")):
            raise
        if exc.msg_id == "db.corrupt":
            raise PeyvandError(
                "restore.corrupt", path=name, detail=exc.params.get("detail", "")
            ) from None
        raise PeyvandError("restore.not_backup", path=name) from None
    if state.revision is None:  # empty, or an SQLite file without Peyvand's schema
        raise PeyvandError("restore.not_backup", path=name)
    try:
        conn = sqlite3.connect(medium.read_uri(path), uri=True)
    except sqlite3.DatabaseError as exc:
        raise _disk_or(exc, path, PeyvandError("restore.not_backup", path=name)) from exc
    try:
        _check_schema(conn, state.revision, name)
        _check_integrity(conn, name)
        _check_blobs(conn, name)
        _check_values(conn, name)
    except sqlite3.DatabaseError as exc:
        corrupt = PeyvandError("restore.corrupt", path=name, detail=str(exc))
        raise _disk_or(exc, path, corrupt) from exc
    finally:
        conn.close()
    return state


def _disk_or(exc: BaseException, path: Path, otherwise: PeyvandError) -> PeyvandError:
    return failures.translate(exc, path) or otherwise


def _check_schema(conn: sqlite3.Connection, revision: str, name: str) -> None:
    try:
        stored = schema_check.revision_of(conn)
    except schema_check.BadRevisionError as exc:
        raise PeyvandError("restore.bad_schema", path=name, detail=str(exc)) from None
    differences = schema_check.schema_differences(conn, stored or revision, "database")
    if differences:
        raise PeyvandError("restore.bad_schema", path=name, detail="; ".join(differences[:5]))


def _check_integrity(conn: sqlite3.Connection, name: str) -> None:
    problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [
        f"foreign key: {r[0]} row {r[1]} -> {r[2]}"
        for r in conn.execute("PRAGMA foreign_key_check")
    ]
    if problems:
        raise PeyvandError("restore.corrupt", path=name, detail="; ".join(problems[:3]))


def _check_blobs(conn: sqlite3.Connection, name: str) -> None:
    """Every blob, one row at a time (each at most an attachment's size in memory)."""
    cursor = conn.execute(
        "SELECT id, typeof(sha256), sha256, typeof(size), size, typeof(data), data FROM blob"
    )
    for row_id, sha_type, sha, size_type, size, data_type, data in cursor:
        sha_text = sha if sha_type == "text" and isinstance(sha, str) else None
        if data_type != "blob" or not isinstance(data, bytes):
            problem = "no bytes"
        elif size_type != "integer" or size != len(data):
            problem = f"size {size!r}, {len(data)} bytes stored"
        elif sha_text is None or hashlib.sha256(data).hexdigest() != sha_text:
            problem = "the bytes do not have this SHA-256"
        else:
            continue
        label = sha_text[:12] if sha_text else str(row_id)
        raise PeyvandError("restore.bad_blob", path=name, detail=f"blob {label}: {problem}")


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')}


def _tables(conn: sqlite3.Connection) -> list[str]:
    # The schema was proven to be Peyvand's: these are its own table names.
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    )
    return [str(r[0]) for r in rows]


def _bad_value(name: str, detail: str) -> PeyvandError:
    return PeyvandError("restore.bad_value", path=name, detail=detail)


def _check_values(conn: sqlite3.Connection, name: str) -> None:
    highest: dict[tuple[str, int], int] = {}
    for table in _tables(conn):
        columns = _columns(conn, table)
        if "revision" in columns:
            row = conn.execute(
                f"SELECT id, revision FROM \"{table}\" WHERE typeof(revision) != 'integer' "
                f"OR revision < 1 OR revision > {limits.INT_MAX} LIMIT 1"
            ).fetchone()
            if row is not None:
                raise _bad_value(name, f"{table} {_shown(row[0])}: revision {_shown(row[1])}")
        if {"number", "number_provisional"} <= columns:
            _check_numbers(conn, table, name, highest)
    _check_counters(conn, name, highest)


def _check_numbers(
    conn: sqlite3.Connection, table: str, name: str, highest: dict[tuple[str, int], int]
) -> None:
    row = conn.execute(
        f"SELECT id, number FROM \"{table}\" WHERE typeof(number) != 'text' "
        f"OR length(number) > {NUMBER_MAX_CHARS} LIMIT 1"
    ).fetchone()
    if row is not None:
        raise _bad_value(name, f"{table} {_shown(row[0])}: number {_shown(row[1])}")
    # Office numbers (YYYY-NNN) as the counter hands them out; others never collide.
    rows = conn.execute(
        f'SELECT id, number FROM "{table}" WHERE number_provisional = 0 '
        f"AND number GLOB '[0-9]*-[0-9]*'"
    )
    for row_id, number in rows:
        match = _OFFICE_NUMBER_RE.fullmatch(number)
        if match is None:
            continue
        year_text, sequence_text = match[1], match[2]
        year, sequence = _int64(year_text), _int64(sequence_text)
        if (
            year is None
            or sequence is None
            or not 1 <= year <= limits.NUMBER_YEAR_MAX
            or sequence > limits.NUMBER_SEQUENCE_MAX
        ):
            raise _bad_value(name, f"{table} {_shown(row_id)}: number {_shown(number)}")
        key = (table, year)
        highest[key] = max(highest.get(key, 0), sequence)


def _check_counters(
    conn: sqlite3.Connection, name: str, highest: dict[tuple[str, int], int]
) -> None:
    counters: dict[tuple[str, int], int] = {}
    rows = conn.execute(
        "SELECT typeof(kind), kind, typeof(year), year, typeof(last), last FROM number_counter"
    )
    for kind_type, kind, year_type, year, last_type, last in rows:
        if (
            kind_type != "text"
            or year_type != "integer"
            or last_type != "integer"
            or not 0 <= year <= limits.NUMBER_YEAR_MAX
            or not 0 <= last <= limits.NUMBER_SEQUENCE_MAX
        ):
            raise _bad_value(name, f"number counter {_shown(kind)} {_shown(year)}: {_shown(last)}")
        counters[(str(kind), int(year))] = int(last)
    for (table, year), sequence in sorted(highest.items()):
        last = counters.get((table, year), 0)
        if last < sequence:
            # The next record of that kind and year would get a number already taken.
            raise _bad_value(
                name,
                f"{table} numbers of {year} reach {sequence}, its counter only {last}",
            )


def _int64(digits: str) -> int | None:
    digits = digits.lstrip("0") or "0"
    if len(digits) > _INT64_DIGITS:
        return None
    value = int(digits)
    return value if value <= INT64_MAX else None


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
