"""Verified copies of a live database with SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from peyvand.domain.errors import PeyvandError


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` findings; empty when the file is sound."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        # A damaged header or page can make the check itself fail: that is a finding.
        return [str(exc)]
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    problems += [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in fk_rows]
    return problems


def backup_file(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` consistently, even while it is in use.

    The copy is written beside the target and renamed into place only after it passed
    an integrity check, so a half-written backup never counts as one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise PeyvandError("db.corrupt", path=str(source), detail=str(exc)) from exc
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise PeyvandError("db.corrupt", path=str(source), detail="; ".join(problems[:3]))
    partial.replace(target)
    return target


def backup_name(db_path: Path, reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{db_path.stem}-{stamp}-{reason}.sqlite3"
