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

from peyvand.errors import PeyvandError
from peyvand.storage import busy, failures, medium


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy's begin event (see make_engine).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers (GUI lists) run beside a writer; FULL makes every
        # acknowledged commit survive a power cut, which matters more than speed here.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        _common_pragmas(cursor)
    finally:
        cursor.close()


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        _common_pragmas(cursor)  # no journal mode: that would be a write
    finally:
        cursor.close()


def _common_pragmas(cursor: sqlite3.Cursor) -> None:
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy.busy_timeout_ms()}")
    cursor.execute("PRAGMA temp_store=MEMORY")


def _on_begin_read(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, for_reading: bool = False, read_only: bool = False) -> Engine:
    """An engine on the database at ``path``.

    Writers begin with ``BEGIN IMMEDIATE``: pysqlite defers BEGIN until the first write,
    so a read-then-write unit of work could interleave with another writer; taking the
    write lock up front makes each session one serializable transaction. A busy lock is
    waited for visibly and for a bounded time (storage/busy.py). Readers begin a
    deferred transaction: in WAL mode they see one consistent snapshot and never wait
    for, or block, the writer. ``read_only``: the file is opened through
    :func:`medium.read_uri` and every writer is refused (``db.read_only``).
    """
    if read_only:
        uri = medium.read_uri(path)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
        )
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": busy.busy_timeout_ms() / 1000},
            # Persian stays readable in JSON columns (tags, audit changes).
            json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
        )
        event.listen(engine, "connect", _on_connect)
    failures.install(engine, path)
    if for_reading:
        event.listen(engine, "begin", _on_begin_read)
    elif read_only:

        def _refuse(_conn: Any) -> None:
            raise PeyvandError("db.read_only", path=str(path))

        event.listen(engine, "begin", _refuse)
    else:

        def _begin(conn: Any) -> None:
            busy.begin_immediate(conn.connection.dbapi_connection, path)

        event.listen(engine, "begin", _begin)
    return engine
