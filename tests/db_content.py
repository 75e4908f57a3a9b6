"""Every row of every table of a database, as one digest, on either engine: a refused
import must leave it exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3

from sqlalchemy import text

from peyvand.storage.database import Database


def digest(db: Database) -> str:
    """SHA-256 of every row of every table (the search index included; SQLite's planner
    statistics and the audit times are rows like any other)."""
    h = hashlib.sha256()
    if db.is_server:
        with db.read_engine.connect() as conn:
            names = [
                row[0]
                for row in conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        "ORDER BY tablename"
                    )
                )
            ]
            for name in names:
                rows = sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{name}"')))
                h.update(f"{name}:{len(rows)}\n".encode())
                for row in rows:
                    h.update(row.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    con = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            rows = sorted(repr(row) for row in con.execute(f'SELECT * FROM "{name}"'))
            h.update(f"{name}:{len(rows)}\n".encode())
            for row in rows:
                h.update(row.encode("utf-8", "surrogatepass"))
    finally:
        con.close()
    return h.hexdigest()
