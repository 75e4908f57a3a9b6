"""The exact-schema check: a file's tables, indexes, triggers and views must be exactly
those Peyvand's migrations make at the file's schema revision, nothing more, nothing less.

A trip package or a backup being restored is hostile input until proven otherwise: an
extra trigger or view would run code of the sender's choosing inside the office's next
edit, and a dropped column would break every list. So the check runs before any
migration, query or merge touches the file's tables, and it compares **every** object
in ``sqlite_master`` — type, name, table and SQL text. Nothing is skipped by its name:
the only objects allowed beyond the migrations' are SQLite's own bookkeeping tables
(``sqlite_stat1``, ``sqlite_stat4``, ``sqlite_sequence``), and only with the definitions
SQLite itself gives them; a trigger or view that merely carries such a name is refused.

The expected schema is built once per revision and kind by the real migrations in an
in-memory database of the same SQLite library that reads the file (SQLCipher's for
packages, Python's ``sqlite3`` for plain files), so the stored ``CREATE`` texts — FTS5's
shadow tables included — compare byte for byte. A package holds ``package_meta`` beside
the office schema (storage/trip_package.py); a plain database or backup does not.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

# type, name, tbl_name, sql as SQLite stored them. Values are kept as they were read
# (a crafted sqlite_master can hold NULLs, numbers or blobs): only genuine text matches.
SchemaItem = tuple[object, object, object, object]
Kind = Literal["package", "database"]

# SQLite's own bookkeeping, with the definitions SQLite writes for them (analyze.c,
# build.c): the planner's statistics after ANALYZE or PRAGMA optimize, and AUTOINCREMENT
# counters. They hold no code. tests/storage/test_schema_check.py has SQLite make them.
INTERNAL_TABLES: frozenset[SchemaItem] = frozenset(
    {
        ("table", "sqlite_stat1", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
        (
            "table",
            "sqlite_stat4",
            "sqlite_stat4",
            "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
        ),
        ("table", "sqlite_sequence", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"),
    }
)


def schema_of(conn: Any) -> frozenset[SchemaItem]:
    """Every object of a DB-API connection's main schema, as stored."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset((t, n, tn, sql) for t, n, tn, sql in rows)


class BadRevisionError(ValueError):
    """``alembic_version`` holds something no migration wrote (two rows, a number…)."""


def revision_of(conn: Any) -> str | None:
    """The Alembic revision stored in a DB-API connection's database (None: none).

    Raises :class:`BadRevisionError` unless it is one short text in one row.
    """
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    rows = conn.execute(
        "SELECT typeof(version_num), CAST(version_num AS BLOB) FROM alembic_version LIMIT 2"
    ).fetchall()
    if not rows:
        return None
    if len(rows) > 1:
        raise BadRevisionError("alembic_version holds more than one row")
    kind, raw = rows[0]
    try:
        text = raw.decode("utf-8") if kind == "text" and isinstance(raw, bytes) else None
    except UnicodeDecodeError:
        text = None
    if text is None or not 0 < len(text) <= 32 or not text.isprintable():
        raise BadRevisionError("alembic_version is not a revision")
    return text


@cache
def expected_schema(revision: str | None, kind: Kind = "package") -> frozenset[SchemaItem]:
    """What a file of ``kind`` at ``revision`` holds (``None``: not yet migrated)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from peyvand.storage import trip_package

    if kind == "package":
        dbapi = trip_package._dbapi()
    else:
        import sqlite3 as dbapi
    conn = dbapi.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        if kind == "package":
            trip_package._create_meta(conn)
        if revision is not None:
            engine = create_engine(
                "sqlite://", creator=lambda: conn, module=dbapi, poolclass=StaticPool
            )
            _upgrade_to(engine, revision)
        return schema_of(conn)
    finally:
        conn.close()


def expected_package_schema(revision: str | None) -> frozenset[SchemaItem]:
    """What a trip package at ``revision`` holds (office schema + ``package_meta``)."""
    return expected_schema(revision, "package")


def _upgrade_to(engine: Any, revision: str) -> None:
    from alembic import command

    from peyvand.storage.migrate import alembic_config

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def schema_differences(conn: Any, revision: str | None, kind: Kind = "package") -> list[str]:
    """What differs from the expected schema, one line per object: "extra trigger x",
    "missing table y", "changed table z" (same type and name, other table or SQL)."""
    found = schema_of(conn)
    expected = expected_schema(revision, kind)
    extra = found - expected - INTERNAL_TABLES
    missing = expected - found
    changed = {_key(i) for i in extra} & {_key(i) for i in missing}
    lines = [f"changed {t} {n}" for t, n in sorted(changed)]
    lines += [f"extra {t} {n}" for t, n in sorted({_key(i) for i in extra} - changed)]
    lines += [f"missing {t} {n}" for t, n in sorted({_key(i) for i in missing} - changed)]
    return lines


def _key(item: SchemaItem) -> tuple[str, str]:
    # For messages only: a crafted name may be NULL, a number or bytes.
    return _shown(item[0]), _shown(item[1])


def _shown(value: object) -> str:
    text = value if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
