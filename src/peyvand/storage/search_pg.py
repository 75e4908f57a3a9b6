"""The search index on PostgreSQL: the same documents, the same folding and the same
matches as the SQLite FTS5 index (``search_index``), with PostgreSQL's own indexes.

One table, ``search_doc``, holds each record's display text beside two search keys:

* ``words``: a ``tsvector`` of the folded title (weight A) and body, **built in Python**
  from the tokens FTS5's ``unicode61`` tokenizer would make of the same folded text (runs
  of letters and digits), written as a tsvector literal so that no PostgreSQL parser
  or dictionary changes a lexeme. A query is the conjunction of its tokens as prefixes
  (``'tok':*``), cast the same way: word and prefix matches are those of FTS5, ranked by
  ``ts_rank`` (FTS5 ranks by bm25; the *set* of matches is what both engines share).
* ``grams``: the folded text with every space removed (``fold_compact``), under a
  ``pg_trgm`` GIN index: ``grams LIKE '%…%'`` is FTS5's trigram substring match, which
  makes «خواهرخوانده», «خواهر خوانده» and «خواهر‌خوانده» one key.

Folding stays in Python for both engines (``peyvand.text``), which is what makes the
results the same: the parity test runs one query set on both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

# Lexemes FTS5's unicode61 makes: runs of letters and digits; everything else separates.
_TOKEN_RE = re.compile(r"[^\W_]+")
# PostgreSQL keeps at most 256 positions per lexeme and positions up to 16,383.
_MAX_POSITIONS = 256
_MAX_POSITION = 16_383
# A lexeme longer than this is refused by PostgreSQL; no real word is this long.
_MAX_LEXEME_BYTES = 2_000

CREATE_SQL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE search_doc (
        rowid BIGSERIAL PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        number TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        words TSVECTOR NOT NULL,
        grams TEXT NOT NULL,
        UNIQUE (entity, entity_id)
    )""",
    "CREATE INDEX ix_search_doc_words ON search_doc USING GIN (words)",
    "CREATE INDEX ix_search_doc_grams ON search_doc USING GIN (grams gin_trgm_ops)",
)
DROP_SQL = ("DROP TABLE IF EXISTS search_doc",)


def tokens(folded: str) -> list[str]:
    """The lexemes of folded text, as FTS5's unicode61 tokenizer would cut it."""
    return [t for t in _TOKEN_RE.findall(folded) if len(t.encode("utf-8")) <= _MAX_LEXEME_BYTES]


def tsvector_literal(folded_title: str, folded_body: str) -> str:
    """A tsvector literal: each lexeme with its positions, title positions weighted A."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, part in (("A", folded_title), ("", folded_body)):
        for token in tokens(part):
            position = min(position + 1, _MAX_POSITION)
            found = positions.setdefault(token, [])
            if len(found) < _MAX_POSITIONS:
                found.append(f"{position}{weight}")
    # Tokens are letters and digits only: nothing inside the quotes needs escaping.
    return " ".join(f"'{lexeme}':{','.join(at)}" for lexeme, at in positions.items())


def tsquery_literal(query_tokens: list[str]) -> str | None:
    """Every token as a prefix, all of them required (FTS5's ``"tok"* AND …``)."""
    lexemes = [lexeme for token in query_tokens for lexeme in tokens(token)]
    if not lexemes:
        return None
    return " & ".join(f"'{lexeme}':*" for lexeme in lexemes)


def like_pattern(compact: str) -> str:
    escaped = compact.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def insert_doc(
    conn: Connection,
    *,
    entity: str,
    entity_id: str,
    number: str,
    title: str,
    body: str,
    folded_title: str,
    folded_body: str,
    compact: str,
) -> None:
    conn.execute(
        text(
            "INSERT INTO search_doc (entity, entity_id, number, title, body, words, grams) "
            "VALUES (:e, :id, :n, :t, :b, CAST(:w AS tsvector), :g)"
        ),
        {
            "e": entity,
            "id": entity_id,
            "n": number,
            "t": title,
            "b": body,
            "w": tsvector_literal(folded_title, folded_body),
            "g": compact,
        },
    )


def delete_doc(conn: Connection, entity: str, entity_id: str) -> None:
    conn.execute(
        text("DELETE FROM search_doc WHERE entity = :e AND entity_id = :id"),
        {"e": entity, "id": entity_id},
    )


def _kinds_sql(kinds: tuple[str, ...] | None) -> str:
    if kinds is None:
        return ""
    return " AND entity IN (" + ",".join(_quoted(k) for k in kinds) + ")"


def _quoted(value: str) -> str:
    """``value`` as an SQL string literal (standard_conforming_strings: only quotes
    double). The search queries are written with their values in the text, not bound:
    psycopg prepares a statement run five times on a connection, and PostgreSQL then
    plans it once for any value, without the statistics that tell «همکاری» (a quarter
    of the documents: walk the newest until enough match) from a rare name (look it up
    in the GIN index). That generic plan took 2 s for a frequent word."""
    return "'" + value.replace("\x00", "").replace("'", "''") + "'"


@dataclass(frozen=True)
class Ranked:
    """Word and prefix matches, best first, and how common the words are."""

    rowids: list[int]
    # The estimated share of documents that match (0 when none do), and how many match.
    density: float = 0.0
    matches: float = 0.0


def ranked_rowids(
    conn: Connection,
    query_tokens: list[str],
    kinds: tuple[str, ...] | None,
    *,
    window: int,
    limit: int,
) -> Ranked:
    """Word and prefix matches: the best-ranked of the ``window`` newest (as FTS5).

    PostgreSQL chooses, from the words' statistics, between walking the documents from
    the newest until ``window`` match (a frequent word) and collecting every match from
    the GIN index (a rare one); ``ts_rank`` is computed for the window only. How many of
    the documents the window spans gives :func:`newest_gram_rowids` its estimate."""
    query = tsquery_literal(query_tokens)
    if query is None:
        return Ranked([])
    q = f"CAST({_quoted(query)} AS tsquery)"
    where = f"words @@ {q}{_kinds_sql(kinds)}"
    # ``rowid + 0`` cannot be read from the primary key in order: the matches are
    # collected from the GIN index and sorted (see _walk_is_cheaper).
    order = "rowid DESC" if _walk_is_cheaper(conn, where, kinds, window) else "rowid + 0 DESC"
    sql = (
        "WITH newest AS MATERIALIZED (SELECT rowid, words FROM search_doc "
        f"WHERE {where} ORDER BY {order} LIMIT {int(window)}) "
        f"SELECT rowid, (SELECT count(*) FROM newest) AS found, "
        "(SELECT min(rowid) FROM newest) AS oldest, "
        "(SELECT max(rowid) FROM search_doc) AS last_id, "
        "(SELECT min(rowid) FROM search_doc) AS first_id "
        f"FROM newest ORDER BY ts_rank(words, {q}) DESC, rowid DESC LIMIT {int(limit)}"
    )
    rows = conn.execute(text(sql)).all()
    if not rows:
        return Ranked([])
    found, oldest, last_id, first_id = (int(v) for v in rows[0][1:])
    documents = max(1, last_id - first_id + 1)
    if found >= window:  # a frequent word: the window spans only the newest documents
        density = found / max(1, last_id - oldest + 1)
        matches = density * documents
    else:
        density, matches = found / documents, float(found)
    return Ranked([int(r[0]) for r in rows], density, matches)


# Measured on 600,000 documents: walking them from the newest costs about 1.2 µs a
# document (its tsvector tested), collecting a match from the GIN index and sorting it
# about 5 µs.
_WORDS_WALK_US = 1.2
_WORDS_GIN_US = 5.0


def _walk_is_cheaper(
    conn: Connection, where: str, kinds: tuple[str, ...] | None, window: int
) -> bool:
    """Whether walking the documents from the newest finds ``window`` word matches
    sooner than collecting every match from the GIN index, by the planner's estimate
    of how many match. PostgreSQL makes the same choice itself, but prices the walk too
    cheaply: on 600,000 documents it walked 106,000 of them for a word in 2 % (140 ms)
    where the index takes 60 ms."""
    plan: Any = conn.execute(
        text(
            f"EXPLAIN (FORMAT JSON) SELECT rowid FROM search_doc WHERE {where} "
            f"UNION ALL SELECT rowid FROM search_doc WHERE TRUE{_kinds_sql(kinds)}"
        )
    ).scalar()
    try:
        matching, documents = (float(p["Plan Rows"]) for p in plan[0]["Plan"]["Plans"])
    except (KeyError, IndexError, TypeError, ValueError):
        return True  # an unexpected plan: leave the choice to PostgreSQL
    if matching < 1:
        return True
    walked = min(documents, window * documents / matching)
    return walked * _WORDS_WALK_US <= matching * _WORDS_GIN_US


# Walking the documents from the newest costs about a third of what a GIN candidate
# costs (its heap row fetched at random and the LIKE checked again): measured 4 µs
# against 13 µs a row.
_WALK_ADVANTAGE = 3.0
_WALK_SAFETY = 2.0  # walk twice the rows the estimate says hold ``limit`` matches


def newest_gram_rowids(
    conn: Connection,
    compact: str,
    kinds: tuple[str, ...] | None,
    *,
    limit: int,
    density: float = 0.0,
    matches: float = 0.0,
) -> list[int]:
    """Spacing-insensitive matches, newest first.

    The trigram index finds every match before the newest can be taken: tens of
    thousands of rows read and checked again for a common word. When the word matches
    (``density``, ``matches``: :class:`Ranked`) say the text is that common, the newest
    documents are walked instead, as many as should hold ``limit`` matches; finding them
    there is the exact answer (every newer document was looked at). Otherwise, or when
    the walk comes up short, the index answers."""
    pattern = _quoted(like_pattern(compact))
    where = f"grams LIKE {pattern}{_kinds_sql(kinds)}"
    if density > 0:
        scan = math.ceil(limit / density * _WALK_SAFETY)
        if scan <= matches * _WALK_ADVANTAGE:
            walked = conn.execute(
                text(
                    "SELECT rowid FROM (SELECT rowid, entity, grams FROM search_doc "
                    f"ORDER BY rowid DESC LIMIT {scan}) AS newest WHERE {where} "
                    f"ORDER BY rowid DESC LIMIT {int(limit)}"
                )
            ).all()
            if len(walked) >= limit:
                return [int(r[0]) for r in walked]
    sql = f"SELECT rowid FROM search_doc WHERE {where} ORDER BY rowid DESC LIMIT {int(limit)}"
    return [int(r[0]) for r in conn.execute(text(sql))]


def matching_ids(
    entity: str, query_tokens: list[str], compact: str
) -> tuple[str, dict[str, Any]] | None:
    """SQL selecting the stored ids of ``entity`` rows that match (see search_index)."""
    query = tsquery_literal(query_tokens)
    if query is None:
        return None
    params: dict[str, Any] = {"_se": entity, "_sw": query}
    where = "words @@ CAST(:_sw AS tsquery)"
    if len(compact) >= 3:
        where = f"({where} OR grams LIKE :_sg)"
        params["_sg"] = like_pattern(compact)
    # The tables' ids are uuid here; the index keeps them as 32 hex digits.
    sql = f"SELECT CAST(entity_id AS uuid) FROM search_doc WHERE entity = :_se AND {where}"
    return sql, params
