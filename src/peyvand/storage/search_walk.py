"""The first matches of a search in a list's own order, without finding every match.

Why: a list filtered by a search is sorted by the list's columns, not by relevance, so
its first page is known only once every match is known — and a word that half of
500,000 follow-ups contain takes FTS5 seconds to enumerate (issue 16: 3.3–9.3 s before
anything showed). When most records match, the first page is among the first few
hundred records of the list itself. So the list is walked in its order (its list-order
index streams the ids), and each batch is tested against the query: the batch's indexed
text (as stored in ``search_words`` and ``search_grams``) is copied into an in-memory
SQLite database holding FTS5 tables of the very same definition
(``search_index.CREATE_SQL``) and queried with the very same MATCH expressions
(``search_index.match_expressions``). Same tokenizers, same text, same query: the same
records match as in the full search, by construction, and tests/storage/test_search_walk.py
compares the two.

Testing the batch in the database itself does not work: FTS5 re-runs the whole query
for each ``rowid = ?`` or ``rowid IN (...)`` it is given (it seeks no doclist by rowid,
and a prefix query re-merges every term's doclist each time), which the first attempt
measured at 1.8–219 s. An in-memory copy of a few hundred documents costs a few
milliseconds.

The walk stops after ``budget`` records, and sooner when the rate of matches so far says
the budget would run out first (none in the first batch: a rare word): when few records
match, the full search (whose cost falls with the number of matches) is the faster way,
and the caller runs it. On
the office server PostgreSQL's planner walks the list-order index itself when a word is
frequent, so there is no walk there (None).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import Connection

from peyvand.storage import search_index

BATCH = 256


@dataclass(frozen=True)
class Walked:
    """The first matching ids in list order; ``complete``: the list ended first, so these
    are all the matches there are."""

    ids: list[uuid.UUID]
    complete: bool


def first_matches(
    conn: Connection,
    entity: str,
    query_text: str,
    ids_in_order: Iterable[uuid.UUID],
    *,
    limit: int,
    budget: int,
) -> Walked | None:
    """The first ``limit`` ids of ``ids_in_order`` whose record matches ``query_text``
    as :func:`search_index.matching_ids` matches it, testing at most ``budget`` ids.
    None: the budget ran out first, the text has nothing to search for, or the
    database is the office server — the caller runs the full search then."""
    if conn.dialect.name != "sqlite":
        return None
    expressions = search_index.match_expressions(query_text)
    if expressions is None:
        return None
    found: list[uuid.UUID] = []
    tested = 0
    with _Scratch() as scratch:
        ids = iter(ids_in_order)
        while True:
            batch = list(islice(ids, min(BATCH, budget - tested)))
            if not batch:
                # The list ended (a complete answer), or the budget did (none).
                return Walked(found, complete=True) if tested < budget else None
            tested += len(batch)
            matched = scratch.matching(conn, entity, batch, expressions)
            found.extend(i for i in batch if i in matched)
            if len(found) >= limit:
                return Walked(found[:limit], complete=False)
            if limit * tested > budget * max(len(found), 1):
                # At the rate found so far the budget would run out first (none found:
                # a rare word): give way to the full search now, not after the budget.
                # One more id tells a list that ended exactly here from a longer one.
                if next(ids, None) is None:
                    return Walked(found, complete=True)
                return None


class _Scratch:
    """An in-memory database with FTS5 tables defined as the real ones, refilled per batch."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:")

    def __enter__(self) -> _Scratch:
        for statement in search_index.CREATE_SQL:
            self._db.execute(statement)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._db.close()

    def matching(
        self,
        conn: Connection,
        entity: str,
        batch: list[uuid.UUID],
        expressions: search_index.MatchExpressions,
    ) -> set[uuid.UUID]:
        keys = {i.hex: i for i in batch}
        docs = dict(
            _rows(conn, "SELECT entity_id, rowid FROM search_doc WHERE entity = ? "
                  "AND entity_id IN ({})", list(keys), (entity,))
        )  # fmt: skip
        if not docs:
            return set()
        db = self._db
        db.execute("DELETE FROM search_words")
        db.execute("DELETE FROM search_grams")
        db.executemany(
            "INSERT INTO search_words (rowid, title, body) VALUES (?, ?, ?)",
            _rows(conn, "SELECT rowid, title, body FROM search_words WHERE rowid IN ({})",
                  list(docs.values())),
        )  # fmt: skip
        matched = {
            r for (r,) in db.execute(
                "SELECT rowid FROM search_words WHERE search_words MATCH ?", (expressions.words,)
            )
        }  # fmt: skip
        rest = [r for r in docs.values() if r not in matched]
        if expressions.grams is not None and rest:
            # Only what the words did not match: the run of letters is the costlier test.
            db.executemany(
                "INSERT INTO search_grams (rowid, key) VALUES (?, ?)",
                _rows(conn, "SELECT rowid, key FROM search_grams WHERE rowid IN ({})", rest),
            )
            matched.update(
                r for (r,) in db.execute(
                    "SELECT rowid FROM search_grams WHERE search_grams MATCH ?",
                    (expressions.grams,),
                )
            )  # fmt: skip
        return {keys[key] for key, rowid in docs.items() if rowid in matched}


def _rows(
    conn: Connection, sql: str, values: list[Any], first: tuple[Any, ...] = ()
) -> Iterator[tuple[Any, ...]]:
    """``sql`` with its ``IN ({})`` filled with one ``?`` per value (a batch is at most
    BATCH values, far below SQLite's limit of 32,766). Through the driver: SQLAlchemy's
    bound parameters cost more than the query for a few hundred values."""
    statement = sql.format(", ".join("?" * len(values)))
    yield from conn.exec_driver_sql(statement, (*first, *values))
