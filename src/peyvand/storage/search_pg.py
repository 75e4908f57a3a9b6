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

import re
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
    return " AND entity IN (" + ",".join(f"'{k}'" for k in kinds) + ")"


def ranked_rowids(
    conn: Connection,
    query_tokens: list[str],
    kinds: tuple[str, ...] | None,
    *,
    window: int,
    limit: int,
) -> list[int]:
    """Word and prefix matches: the best-ranked of the ``window`` newest (as FTS5)."""
    query = tsquery_literal(query_tokens)
    if query is None:
        return []
    sql = (
        "SELECT rowid FROM (SELECT rowid, ts_rank(words, q) AS score "
        "FROM search_doc, CAST(:q AS tsquery) AS q "
        f"WHERE words @@ q{_kinds_sql(kinds)} ORDER BY rowid DESC LIMIT :window) AS newest "
        "ORDER BY score DESC, rowid DESC LIMIT :limit"
    )
    return [r[0] for r in conn.execute(text(sql), {"q": query, "window": window, "limit": limit})]


def newest_gram_rowids(
    conn: Connection, compact: str, kinds: tuple[str, ...] | None, *, limit: int
) -> list[int]:
    """Spacing-insensitive matches, newest first."""
    sql = (
        f"SELECT rowid FROM search_doc WHERE grams LIKE :g{_kinds_sql(kinds)} "
        "ORDER BY rowid DESC LIMIT :limit"
    )
    return [r[0] for r in conn.execute(text(sql), {"g": like_pattern(compact), "limit": limit})]


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
