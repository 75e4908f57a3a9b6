"""Number counters read for writing: the row is locked until the unit of work ends.

On SQLite every writer holds the database's write lock from its first statement
(``BEGIN IMMEDIATE``), so a plain read would do; on the office server several
workstations write at once, and two of them must never read the same ``last``. The
counter row is created if missing (``INSERT … ON CONFLICT DO NOTHING``, so two
workstations creating the first record of a year do not collide) and read ``FOR
UPDATE``: the second waits for the first to commit and then sees its number. Neither a
``max() + 1`` (races) nor a sequence (gaps on rollback).

Gap-free numbers leave no way round that wait, only its length: a new meeting takes its
number with :func:`take` as the last step of its unit of work (unit_of_work's late
numbers), so the next workstation waits for a commit, not for a whole save.
"""

from __future__ import annotations

from sqlalchemy import Connection
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


def take(conn: Connection, kind: NumberedKind, year: int) -> int:
    """The next value of the counter of ``kind`` and ``year``, in one statement (created at
    1 when missing). The row stays locked until ``conn``'s transaction ends, so the caller
    takes it last, just before committing (unit_of_work's late numbers): every other
    writer of the same year waits for that commit, and a rollback gives the value back.
    """
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    table = NumberCounter.__table__  # type: ignore[attr-defined]
    statement = (
        insert(table)
        .values(kind=kind, year=year, last=1)
        .on_conflict_do_update(
            index_elements=[table.c.kind, table.c.year], set_={"last": table.c.last + 1}
        )
        .returning(table.c.last)
    )
    return int(conn.execute(statement).scalar_one())
