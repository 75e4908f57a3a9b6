"""The exact-schema check of a trip package: its tables, indexes, triggers and views must
be exactly those a package of the same schema revision has, nothing more, nothing less.

A package is hostile input until proven otherwise: an extra trigger or view would run
code of the sender's choosing inside the office's merge, so the check runs before any
migration, query or merge touches the package's tables. The expected schema is built
once per revision by the real migrations in an in-memory database of the same SQLite
library that reads packages (SQLCipher's), so the stored ``CREATE`` texts — FTS5's shadow
tables included — compare byte for byte.
"""

from __future__ import annotations

from functools import cache
from typing import Any

SchemaItem = tuple[str, str, str, str | None]  # type, name, tbl_name, sql

# SQLite's own bookkeeping: the planner's statistics appear after ANALYZE or
# PRAGMA optimize and hold no code.
_INTERNAL = ("sqlite_stat1", "sqlite_stat4", "sqlite_sequence")


def schema_of(conn: Any) -> frozenset[SchemaItem]:
    """The schema of a DB-API connection, internal tables left out."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset(
        (str(t), str(n), str(tn), None if sql is None else str(sql))
        for t, n, tn, sql in rows
        if n not in _INTERNAL
    )


def revision_of(conn: Any) -> str | None:
    """The Alembic revision stored in a DB-API connection's database (None: none)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


@cache
def expected_package_schema(revision: str | None) -> frozenset[SchemaItem]:
    """What a package at ``revision`` holds (``None``: a package not yet migrated)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from peyvand.storage import trip_package

    dbapi = trip_package._dbapi()
    conn = dbapi.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        trip_package._create_meta(conn)
        if revision is not None:
            engine = create_engine(
                "sqlite://", creator=lambda: conn, module=dbapi, poolclass=StaticPool
            )
            _upgrade_to(engine, revision)
        return schema_of(conn)
    finally:
        conn.close()


def _upgrade_to(engine: Any, revision: str) -> None:
    from alembic import command

    from peyvand.storage.migrate import alembic_config

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def schema_differences(conn: Any, revision: str | None) -> list[str]:
    """What differs from the expected schema, one line per item ("extra trigger x")."""
    found = schema_of(conn)
    expected = expected_package_schema(revision)
    lines = [f"extra {t} {n}" for t, n, _tn, _sql in sorted(found - expected, key=_order)]
    lines += [f"missing {t} {n}" for t, n, _tn, _sql in sorted(expected - found, key=_order)]
    return lines


def _order(item: SchemaItem) -> tuple[str, str]:
    return item[0], item[1]
