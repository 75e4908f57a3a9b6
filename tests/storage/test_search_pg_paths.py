"""The office server's two ways to the newest matches give the same answer.

``search_pg`` walks the documents from the newest when the words are common and asks
the GIN index when they are rare; which one runs must change only the time. Here a few
thousand documents (a word in most of them, one in a few, spacing variants) are asked
both ways, and against the plain SQL the search used before, on one connection and more
than five times each (when psycopg starts preparing statements).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine, event, text

import pg_support
from peyvand.storage import search_index, search_pg
from peyvand.text import fold_compact, fold_for_search

DOCUMENTS = 3_000
QUERIES = ("همکاری", "گمرک", "گرد", "خواهرخوانده", "خواهر خوانده", "زیرساخت", "پسماند شهری")


@pytest.fixture(scope="module")
def conn(pg_template: str) -> Iterator[Connection]:
    name = pg_support.new_name("peyvand_search_paths")
    pg_support.create_database(name, template=pg_template)
    engine = create_engine(pg_support.admin_url().set(database=name))
    rng = random.Random(12)
    try:
        with engine.begin() as setup:
            for i in range(DOCUMENTS):
                words = ["جلسه", f"شماره{i}"]
                if rng.random() < 0.6:
                    words.append("همکاری")
                if rng.random() < 0.03:
                    words.append("گمرک")
                if rng.random() < 0.3:
                    words.append(rng.choice(("گردشگری", "گردهمایی", "گرد")))
                if rng.random() < 0.05:
                    words.append(rng.choice(("خواهرخوانده", "خواهر خوانده")))
                if i % 997 == 5:
                    words.append("زیرساخت")
                if rng.random() < 0.2:
                    words += ["پسماند", "شهری"] if rng.random() < 0.1 else ["شهری", "پسماند"]
                body = " ".join(words)
                title = f"سند {i}"
                search_pg.insert_doc(
                    setup,
                    entity="meeting" if i % 3 else "action",
                    entity_id=f"{i:032x}",
                    number="",
                    title=title,
                    body=body,
                    folded_title=fold_for_search(title),
                    folded_body=fold_for_search(body),
                    compact=fold_compact(f"{title} {body}"),
                )
            setup.execute(text("ANALYZE search_doc"))
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
        pg_support.drop_database(name)


def _old_ranked(conn: Connection, tokens: list[str], window: int, limit: int) -> list[int]:
    """The statement the search used before choosing its way (bound parameters)."""
    sql = (
        "SELECT rowid FROM (SELECT rowid, ts_rank(words, q) AS score "
        "FROM search_doc, CAST(:q AS tsquery) AS q "
        "WHERE words @@ q ORDER BY rowid DESC LIMIT :window) AS newest "
        "ORDER BY score DESC, rowid DESC LIMIT :limit"
    )
    query = search_pg.tsquery_literal(tokens)
    params = {"q": query, "window": window, "limit": limit}
    return [r[0] for r in conn.execute(text(sql), params)]


def _old_grams(conn: Connection, compact: str, limit: int) -> list[int]:
    sql = "SELECT rowid FROM search_doc WHERE grams LIKE :g ORDER BY rowid DESC LIMIT :limit"
    params = {"g": search_pg.like_pattern(compact), "limit": limit}
    return [r[0] for r in conn.execute(text(sql), params)]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("window", "limit"), [(200, 50), (2000, 50), (20, 10)])
def test_ranked_matches_are_those_of_the_plain_statement(
    conn: Connection, query: str, window: int, limit: int
) -> None:
    tokens = fold_for_search(query).split()
    for _ in range(7):
        ranked = search_pg.ranked_rowids(conn, tokens, None, window=window, limit=limit)
        assert ranked.rowids == _old_ranked(conn, tokens, window, limit)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(
    ("density", "matches"),
    [(0.0, 0.0), (0.9, 3_000.0), (0.05, 150.0), (0.02, 1_000.0), (1.0, 10.0)],
)
def test_spacing_insensitive_matches_are_the_same_walked_or_looked_up(
    conn: Connection, query: str, density: float, matches: float
) -> None:
    compact = fold_compact(query)
    for limit in (50, 7):
        expected = _old_grams(conn, compact, limit)
        for _ in range(7):
            found = search_pg.newest_gram_rowids(
                conn, compact, None, limit=limit, density=density, matches=matches
            )
            assert found == expected


def test_kinds_filter_is_kept_on_both_ways(conn: Connection) -> None:
    compact = fold_compact("همکاری")
    rows = conn.execute(
        text(
            "SELECT rowid FROM search_doc WHERE grams LIKE :g AND entity = 'action' "
            "ORDER BY rowid DESC LIMIT 20"
        ),
        {"g": search_pg.like_pattern(compact)},
    )
    expected = [r[0] for r in rows]
    for density, matches in ((0.0, 0.0), (0.9, 3_000.0)):
        found = search_pg.newest_gram_rowids(
            conn, compact, ("action",), limit=20, density=density, matches=matches
        )
        assert found == expected


def test_search_statements_carry_their_values_in_the_text(conn: Connection) -> None:
    """Bound values would let psycopg prepare the statement and PostgreSQL plan it once
    for every word, frequent or rare (the 2-second searches)."""
    seen: list[tuple[str, object]] = []

    def record(_c: object, _cur: object, statement: str, params: object, *_a: object) -> None:
        if "search_doc" in statement:
            seen.append((statement, params))

    event.listen(conn.engine, "before_cursor_execute", record)
    try:
        for _ in range(6):
            search_index.query(conn, "همکاری")
    finally:
        event.remove(conn.engine, "before_cursor_execute", record)
    ranking = [(s, p) for s, p in seen if "ts_rank" in s or "grams LIKE" in s]
    assert ranking
    assert all(not p for _s, p in ranking), ranking[0]


def test_quoting_keeps_a_quote_in_the_text(conn: Connection) -> None:
    assert search_pg.newest_gram_rowids(conn, "a'b", None, limit=5) == []
    assert search_pg.newest_gram_rowids(conn, "a'b", None, limit=5, density=1.0, matches=9e9) == []
