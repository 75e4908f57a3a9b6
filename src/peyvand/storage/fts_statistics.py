"""Stale FTS5 planner statistics: found and dropped when a database file is opened.

A module of its own (not search_index) because every open checks for them, and the
search index's module is not otherwise needed to open a file (issue 16: start-up).
"""

from __future__ import annotations

from sqlalchemy import Connection


def has_fts_statistics(conn: Connection) -> bool:
    """Whether planner statistics for the FTS5 shadow tables exist (a read)."""
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).first()
    if exists is None:
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_stat1 WHERE tbl GLOB 'search_words_*' OR tbl GLOB 'search_grams_*'"
        " LIMIT 1"
    ).first()
    return found is not None


def drop_fts_statistics(conn: Connection) -> int:
    """Remove planner statistics for the FTS5 shadow tables; returns how many rows.

    ANALYZE (and PRAGMA optimize) record row counts for FTS5's internal tables; with them
    SQLite plans FTS5's own segment deletes as full scans, and every index write slows as
    the index grows (a rebuild of 100,000 meetings: minutes → over half an hour). Without
    a row SQLite assumes a large table and uses the rowid, which is what FTS5 expects.
    Connections keep the estimate they loaded, so this helps new connections.
    """
    exists = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    if exists is None:
        return 0
    result = conn.exec_driver_sql(
        "DELETE FROM sqlite_stat1 WHERE tbl GLOB 'search_words_*' OR tbl GLOB 'search_grams_*'"
    )
    return int(result.rowcount or 0)
