"""A whole database copied table by table into an empty one, and proven equal.

Used to move a workstation's file onto the office server (services/local_import.py):
every table in foreign-key order through SQLAlchemy Core (the column types convert
between the engines: UUIDs, times, JSON, booleans), the target's own sequences moved
past the copied integer keys, the search index rebuilt in the target's form, then each
table's row count and a digest of its rows compared on both sides. The caller's
transaction commits only if they are all equal.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime, time
from enum import Enum
from typing import Any

import sqlalchemy as sa

from peyvand.domain import metadata
from peyvand.storage import search_index

_BATCH = 1000
# Tables whose integer key the database hands out (a sequence on PostgreSQL).
_SEQUENCED = ("audit_event", "merge_conflict")


def tables() -> list[sa.Table]:
    """Every table of the models, parents before children (the search index is not one)."""
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, Enum):
        return value.value
    return value


def table_digest(conn: sa.Connection, table: sa.Table) -> tuple[int, str]:
    """(rows, SHA-256 of the rows in key order), as the column types read them: the same
    rows give the same digest on either engine."""
    digest = hashlib.sha256()
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    for row in conn.execute(sa.select(table).order_by(*order)):
        plain = {key: _plain(value) for key, value in row._mapping.items()}
        digest.update(json.dumps(plain, sort_keys=True, default=str).encode("utf-8"))
        count += 1
    return count, digest.hexdigest()


def copy_all(source: sa.Connection, target: sa.Connection) -> tuple[dict[str, int], list[str]]:
    """Copy every table from ``source`` into the empty ``target`` (in ``target``'s
    transaction); returns the rows per table and the tables whose copy differs."""
    counts: dict[str, int] = {}
    for table in tables():
        rows = 0
        batch: list[dict[str, Any]] = []
        for row in source.execute(sa.select(table)):
            batch.append(dict(row._mapping))
            if len(batch) >= _BATCH:
                target.execute(sa.insert(table), batch)
                rows, batch = rows + len(batch), []
        if batch:
            target.execute(sa.insert(table), batch)
            rows += len(batch)
        counts[table.name] = rows
    if target.dialect.name == "postgresql":
        for name in _SEQUENCED:  # explicit keys were copied: the sequences go on after them
            target.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'seq'), "
                    f"coalesce((SELECT max(seq) FROM {name}), 0) + 1, false)"
                )
            )
    search_index.rebuild_all(target)
    differing = [t.name for t in tables() if table_digest(source, t) != table_digest(target, t)]
    return counts, differing
