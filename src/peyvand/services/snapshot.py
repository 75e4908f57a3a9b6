"""One consistent snapshot for everything a screen reads while it opens.

A screen reads through several services (the dashboard: follow-ups, visits, meetings,
partnerships, its charts; an editor: the record, its pickers' choices, attachments, a
crash draft). Inside :func:`together` they all share one read transaction
(``Database.reading_together``): on the office server that spares each of them its own
check-out, BEGIN and ROLLBACK — three network round trips apiece — and the screen
never mixes two moments of a database others are writing to. On a SQLite file it
changes nothing that can be seen.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from peyvand.storage.database import Database


def together(db: Database) -> AbstractContextManager[None]:
    return db.reading_together()
