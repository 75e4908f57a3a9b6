"""How many merge conflicts are open: the main window's badge, counted at start-up.

Apart from services/conflicts.py (which needs the ORM models) so that the badge is
counted through Core without building them before the first paint (issue 16).
"""

from __future__ import annotations

from sqlalchemy import func, select

from peyvand.domain import core_tables as t
from peyvand.storage.database import Database


def open_count(db: Database) -> int:
    c = t.merge_conflict.c
    with db.read_connection() as conn:
        query = select(func.count()).select_from(t.merge_conflict).where(c.resolved_at.is_(None))
        return int(conn.execute(query).scalar_one())
