"""The SQLite engine: one file, PRAGMAs on every connection.

SQLite-specific settings live here (and in search/backup) so that a PostgreSQL
backend for office mode can be added beside them without touching services.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy's begin event (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers (GUI lists) run beside a writer; FULL makes every
        # acknowledged commit survive a power cut, which matters more than speed here.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA temp_store=MEMORY")
    finally:
        cursor.close()


def _on_begin(conn: Any) -> None:
    # pysqlite defers BEGIN until the first write, so a read-then-write unit of work
    # could interleave with another writer; an explicit BEGIN IMMEDIATE takes the write
    # lock up front and makes each session one serializable transaction.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _on_begin_read(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, for_reading: bool = False) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        # Persian stays readable in JSON columns (tags, audit changes).
        json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
    )
    event.listen(engine, "connect", _on_connect)
    # Readers begin a deferred transaction: in WAL mode they see one consistent
    # snapshot and never wait for, or block, the writer.
    event.listen(engine, "begin", _on_begin_read if for_reading else _on_begin)
    return engine
