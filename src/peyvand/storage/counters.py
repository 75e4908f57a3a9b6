"""Number counters read for writing: the row is locked until the unit of work ends.

On SQLite every writer holds the database's write lock from its first statement
(``BEGIN IMMEDIATE``), so a plain read would do; on the office server several
workstations write at once, and two of them must never read the same ``last``. The
counter row is created if missing (``INSERT … ON CONFLICT DO NOTHING``, so two
workstations creating the first record of a year do not collide) and read ``FOR
UPDATE``: the second waits for the first to commit and then sees its number. Neither a
``max() + 1`` (races) nor a sequence (gaps on rollback).
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from peyvand.domain.enums import NumberedKind
from peyvand.domain.numbering import NumberCounter


def locked_counter(session: Session, kind: NumberedKind, year: int) -> NumberCounter:
    """The counter of ``kind`` and ``year``, locked by this unit of work."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(NumberCounter).values(kind=kind, year=year, last=0).on_conflict_do_nothing()
    )
    statement = (
        select(NumberCounter)
        .where(col(NumberCounter.kind) == kind, col(NumberCounter.year) == year)
        .with_for_update()
        # A counter this session read before must be read again, under the lock.
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).one()
