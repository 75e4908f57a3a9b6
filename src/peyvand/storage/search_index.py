"""Full-text search over every kind of record, with SQLite FTS5.

Two FTS5 tables share one rowid with ``search_doc`` (the display copy):

* ``search_words``: folded text (yeh/kaf, harakat, alef forms, digits, ZWNJ→space)
  with the unicode61 tokenizer: ranked word and prefix matching.
* ``search_grams``: the same text with every space and ZWNJ removed, trigram
  tokenizer: finds «خواهرخوانده» for «خواهر خوانده» and the other way round,
  which no word tokenizer can, since the user's spacing is arbitrary.

Folding happens in Python (peyvand.text) because FTS5 tokenizers cannot be
written in Python's sqlite3 module; the index is rebuilt per record in the same
transaction as the change (see unit_of_work).

On PostgreSQL (office mode) the same documents, folded the same way, go into one table
with a ``tsvector`` and a ``pg_trgm`` key (``search_pg``); this module builds the
documents, runs the queries through whichever engine the connection is on, ranks titles
first and cuts the snippets, so that both engines return the same matches.
"""

from __future__ import annotations

import bisect
import itertools
import json
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from peyvand.storage import search_pg
from peyvand.text import fold_compact, fold_for_search, fold_stored

CREATE_SQL = (
    """CREATE TABLE search_doc (
        rowid INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        number TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (entity, entity_id)
    )""",
    "CREATE VIRTUAL TABLE search_words USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_grams USING fts5(key, tokenize = 'trigram')",
)
DROP_SQL = (
    "DROP TABLE IF EXISTS search_grams",
    "DROP TABLE IF EXISTS search_words",
    "DROP TABLE IF EXISTS search_doc",
)

# child table -> (root entity, column holding the root's id)
_CHILD_ROOTS: dict[str, tuple[str, str]] = {
    "statement": ("meeting", "meeting_id"),
    "decision": ("meeting", "meeting_id"),
    "agenda_item": ("meeting", "meeting_id"),
    "visit_member": ("visit", "visit_id"),
    "itinerary_item": ("visit", "visit_id"),
    "gift": ("visit", "visit_id"),
    "agreement": ("partnership", "partnership_id"),
    "action_note": ("action", "action_id"),
}
INDEXED_ENTITIES = (
    "meeting",
    "visit",
    "person",
    "organization",
    "partnership",
    "action",
    "letter",
)

# Words people search for that name a kind rather than appear in the record's text.
_KIND_WORDS = {
    "sister_city": "خواهرخواندگی شهر خواهرخوانده",
    "mou": "تفاهم‌نامه",
    "friendship": "دوستی",
    "cooperation": "همکاری",
}


def roots_of(obj: Any) -> list[tuple[str, uuid.UUID]]:
    table = str(obj.__tablename__)
    if table in INDEXED_ENTITIES:
        return [(table, obj.id)]
    if table in _CHILD_ROOTS:
        root, column = _CHILD_ROOTS[table]
        root_id = getattr(obj, column)
        return [(root, root_id)] if root_id is not None else []
    return []


def _rows(conn: Connection, sql: str, key: str) -> list[Any]:
    return list(conn.execute(text(sql), {"id": key}))


def _join(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


def _doc_meeting(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text(
            "SELECT number, title, place, summary FROM meeting WHERE id=:id AND deleted_at IS NULL"
        ),
        {"id": key},
    ).first()
    if row is None:
        return None
    live = "AND deleted_at IS NULL ORDER BY position"
    agenda = _rows(conn, f"SELECT text FROM agenda_item WHERE meeting_id=:id {live}", key)
    statements = _rows(conn, f"SELECT text FROM statement WHERE meeting_id=:id {live}", key)
    decisions = _rows(
        conn,
        "SELECT text FROM decision WHERE meeting_id=:id AND deleted_at IS NULL ORDER BY number",
        key,
    )
    body = _join(
        row.number,
        row.place,
        row.summary,
        *(r.text for r in agenda),
        *(r.text for r in statements),
        *(r.text for r in decisions),
    )
    return row.number, row.title, body


def _doc_visit(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text(
            "SELECT number, title, title_en, city, city_en, country, purpose, talking_points "
            "FROM visit WHERE id=:id AND deleted_at IS NULL"
        ),
        {"id": key},
    ).first()
    if row is None:
        return None
    items = _rows(
        conn,
        # In programme order, the same on both engines (an untimed item after the timed).
        "SELECT activity, place FROM itinerary_item WHERE visit_id=:id AND deleted_at IS NULL "
        "ORDER BY day, start_time IS NULL, start_time, id",
        key,
    )
    body = _join(
        row.number,
        row.title_en,
        row.city,
        row.city_en,
        row.country,
        row.purpose,
        row.talking_points,
        *(f"{i.activity} {i.place}" for i in items),
    )
    return row.number, row.title, body


def _tags_text(tags: Any) -> str:
    # A JSON column read by raw SQL: text on SQLite, already a list on PostgreSQL; one
    # document text either way.
    if isinstance(tags, str):
        try:
            tags = json.loads(tags)
        except ValueError:
            return str(tags)
    if isinstance(tags, list):
        return " ".join(str(t) for t in tags)
    return ""


def _doc_person(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text(
            "SELECT name, name_latin, title, title_en, city, country, tags, protocol_notes "
            "FROM person WHERE id=:id AND deleted_at IS NULL"
        ),
        {"id": key},
    ).first()
    if row is None:
        return None
    tags = _tags_text(row.tags)
    body = _join(
        row.name_latin, row.title, row.title_en, row.city, row.country, tags, row.protocol_notes
    )
    return "", row.name, body


def _doc_organization(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text(
            "SELECT name, name_en, city, city_en, country, notes FROM organization "
            "WHERE id=:id AND deleted_at IS NULL"
        ),
        {"id": key},
    ).first()
    if row is None:
        return None
    return "", row.name, _join(row.name_en, row.city, row.city_en, row.country, row.notes)


def _doc_partnership(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text(
            "SELECT partner_city, partner_city_en, partner_country, kind, notes "
            "FROM partnership WHERE id=:id AND deleted_at IS NULL"
        ),
        {"id": key},
    ).first()
    if row is None:
        return None
    agreements = _rows(
        conn,
        "SELECT title, summary FROM agreement WHERE partnership_id=:id AND deleted_at IS NULL",
        key,
    )
    body = _join(
        row.partner_city_en,
        row.partner_country,
        _KIND_WORDS.get(row.kind, ""),
        row.notes,
        *(f"{a.title} {a.summary}" for a in agreements),
    )
    return "", row.partner_city, body


def _doc_action(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text("SELECT number, title, description FROM action WHERE id=:id AND deleted_at IS NULL"),
        {"id": key},
    ).first()
    if row is None:
        return None
    notes = _rows(
        conn, "SELECT text FROM action_note WHERE action_id=:id AND deleted_at IS NULL", key
    )
    return row.number, row.title, _join(row.number, row.description, *(n.text for n in notes))


def _doc_letter(conn: Connection, key: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        text(
            "SELECT number, subject, counterpart, their_number, body, notes FROM letter "
            "WHERE id=:id AND deleted_at IS NULL"
        ),
        {"id": key},
    ).first()
    if row is None:
        return None
    body = _join(row.number, row.their_number, row.counterpart, row.body, row.notes)
    return row.number, row.subject, body


_BUILDERS = {
    "meeting": _doc_meeting,
    "visit": _doc_visit,
    "person": _doc_person,
    "organization": _doc_organization,
    "partnership": _doc_partnership,
    "action": _doc_action,
    "letter": _doc_letter,
}


def _is_server(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


@dataclass(frozen=True)
class HeldDoc:
    """A document read but not yet written (:func:`hold`), with its folded keys made
    already: only the placeholder in them changes at the commit."""

    entity: str
    entity_id: uuid.UUID
    doc: tuple[str, str, str]  # number, title, body
    keys: tuple[str, str, str]  # folded title, folded body, compact key


def refresh(conn: Connection, docs: Iterable[tuple[str, uuid.UUID]]) -> None:
    for entity, entity_id, doc in _rebuilt(conn, docs):
        _write(conn, entity, entity_id.hex, doc, _keys(doc))


def hold(conn: Connection, docs: Iterable[tuple[str, uuid.UUID]]) -> list[HeldDoc]:
    """What :func:`refresh` does, but the new documents are returned instead of written:
    their record's number is taken at commit, after them (unit_of_work), and
    :func:`write_held` writes them with it."""
    return [
        HeldDoc(entity, entity_id, doc, _keys(doc))
        for entity, entity_id, doc in _rebuilt(conn, docs)
    ]


def _rebuilt(
    conn: Connection, docs: Iterable[tuple[str, uuid.UUID]]
) -> Iterator[tuple[str, uuid.UUID, tuple[str, str, str]]]:
    """Each document of ``docs`` removed, then read again (none for a deleted record)."""
    server = _is_server(conn)
    for entity, entity_id in sorted(docs, key=lambda d: (d[0], d[1].hex)):
        key = entity_id.hex
        if server:
            search_pg.delete_doc(conn, entity, key)
        else:
            existing = conn.execute(
                text("SELECT rowid FROM search_doc WHERE entity=:e AND entity_id=:id"),
                {"e": entity, "id": key},
            ).scalar()
            if existing is not None:
                for table in ("search_words", "search_grams", "search_doc"):
                    conn.execute(text(f"DELETE FROM {table} WHERE rowid=:r"), {"r": existing})
        doc = _BUILDERS[entity](conn, key)
        if doc is not None:
            yield entity, entity_id, doc


def write_held(conn: Connection, held: Iterable[HeldDoc], numbers: Mapping[str, str]) -> None:
    """Write documents :func:`hold` returned, each placeholder in ``numbers`` replaced by
    its number, in the display text and in the folded keys alike (folding the whole
    text again would cost milliseconds while the number counter is locked)."""
    for item in held:
        doc, keys = item.doc, item.keys
        for placeholder, real in numbers.items():
            if not any(placeholder in part for part in doc):
                continue
            doc = (
                doc[0].replace(placeholder, real),
                doc[1].replace(placeholder, real),
                doc[2].replace(placeholder, real),
            )
            folded, folded_real = fold_for_search(placeholder), fold_for_search(real)
            keys = (
                keys[0].replace(folded, folded_real),
                keys[1].replace(folded, folded_real),
                keys[2].replace(fold_compact(placeholder), fold_compact(real)),
            )
            # A placeholder's random tail left in a key means folding did not keep it
            # whole there: fold the text again rather than guess.
            tail = placeholder.rsplit("-", 1)[-1]
            if any(tail in key for key in keys):
                keys = _keys(doc)
        _write(conn, item.entity, item.entity_id.hex, doc, keys)


def _keys(doc: tuple[str, str, str]) -> tuple[str, str, str]:
    _number, title, body = doc
    return fold_for_search(title), fold_for_search(body), fold_compact(f"{title} {body}")


def _write(
    conn: Connection, entity: str, key: str, doc: tuple[str, str, str], keys: tuple[str, str, str]
) -> None:
    number, title, body = doc
    folded_title, folded_body, compact = keys
    if _is_server(conn):
        search_pg.insert_doc(
            conn,
            entity=entity,
            entity_id=key,
            number=number,
            title=title,
            body=body,
            folded_title=folded_title,
            folded_body=folded_body,
            compact=compact,
        )
        return
    rowid = conn.execute(
        text(
            "INSERT INTO search_doc (entity, entity_id, number, title, body) "
            "VALUES (:e, :id, :n, :t, :b) RETURNING rowid"
        ),
        {"e": entity, "id": key, "n": number, "t": title, "b": body},
    ).scalar_one()
    conn.execute(
        text("INSERT INTO search_words (rowid, title, body) VALUES (:r, :t, :b)"),
        {"r": rowid, "t": folded_title, "b": folded_body},
    )
    conn.execute(
        text("INSERT INTO search_grams (rowid, key) VALUES (:r, :k)"),
        {"r": rowid, "k": compact},
    )


def rebuild_all(conn: Connection) -> int:
    """Re-create every document; for repairs and after bulk loads."""
    tables = ("search_doc",) if _is_server(conn) else ("search_words", "search_grams", "search_doc")
    for table in tables:
        conn.execute(text(f"DELETE FROM {table}"))
    # Oldest first, so that rowid order follows creation (newest = highest rowid), as
    # it does for records indexed when saved; ranking windows rely on it.
    dated: list[tuple[str, str, uuid.UUID]] = []
    for entity in INDEXED_ENTITIES:
        for key, created in conn.execute(
            text(f"SELECT id, created_at FROM {entity} WHERE deleted_at IS NULL")
        ):
            dated.append((str(created), entity, _as_uuid(key)))
    dated.sort()
    for _created, entity, entity_id in dated:
        refresh(conn, [(entity, entity_id)])
    return len(dated)


def _as_uuid(value: Any) -> uuid.UUID:
    # Ids read by raw SQL: 32 hex digits on SQLite, a UUID already on PostgreSQL.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=str(value))


@dataclass(frozen=True)
class SearchHit:
    entity: str
    entity_id: uuid.UUID
    number: str
    title: str
    snippet: str


def _words_query(tokens: list[str]) -> str:
    # Folding turned every quote and operator character into a space, so each
    # token is a plain word that is safe inside an FTS5 string.
    return " AND ".join(f'"{token}"*' for token in tokens)


# bm25 is computed over the newest matches only: a frequent word matches tens of
# thousands of records, and scoring and sorting them all cost more than the office gains
# (FTS5 gives such a word almost no weight anyway). Below this many matches the ranking
# is exact; above it, the best of the most recent ones come first.
RANK_WINDOW = 2000


def _ranked_sql(table: str, match: str, score: str, kinds: tuple[str, ...] | None) -> str:
    if kinds is None:  # every kind: no join needed to filter by entity
        inner = (
            f"SELECT {table}.rowid AS rowid, {score} AS score FROM {table} "
            f"WHERE {table} MATCH :{match} ORDER BY {table}.rowid DESC LIMIT :window"
        )
    else:
        kind_list = ",".join(f"'{k}'" for k in kinds)
        inner = (
            f"SELECT {table}.rowid AS rowid, {score} AS score FROM {table} "
            f"JOIN search_doc AS d ON d.rowid = {table}.rowid "
            f"WHERE {table} MATCH :{match} AND d.entity IN ({kind_list}) "
            f"ORDER BY {table}.rowid DESC LIMIT :window"
        )
    return f"SELECT rowid FROM ({inner}) ORDER BY score LIMIT :limit"


def _newest_sql(table: str, match: str, kinds: tuple[str, ...] | None) -> str:
    """The newest matches (highest rowid first): the spacing-insensitive matches have no
    meaningful score of their own."""
    if kinds is None:
        return (
            f"SELECT rowid FROM {table} WHERE {table} MATCH :{match} "
            "ORDER BY rowid DESC LIMIT :limit"
        )
    kind_list = ",".join(f"'{k}'" for k in kinds)
    return (
        f"SELECT {table}.rowid FROM {table} JOIN search_doc AS d ON d.rowid = {table}.rowid "
        f"WHERE {table} MATCH :{match} AND d.entity IN ({kind_list}) "
        f"ORDER BY {table}.rowid DESC LIMIT :limit"
    )


def query(
    conn: Connection, query_text: str, *, limit: int = 50, entities: Iterable[str] | None = None
) -> list[SearchHit]:
    tokens = fold_for_search(query_text).split()
    if not tokens:
        return []
    kinds: tuple[str, ...] | None = None
    if entities is not None:
        kinds = tuple(k for k in entities if k in INDEXED_ENTITIES)
        if set(kinds) == set(INDEXED_ENTITIES):
            kinds = None
    server = _is_server(conn)
    window = {"window": RANK_WINDOW, "limit": limit}
    ranked: list[int]
    words = search_pg.Ranked([])
    if server:
        words = search_pg.ranked_rowids(conn, tokens, kinds, window=RANK_WINDOW, limit=limit)
        ranked = list(words.rowids)
    else:
        ranked = [
            r[0]
            for r in conn.execute(
                text(_ranked_sql("search_words", "q", "bm25(search_words, 4.0, 1.0)", kinds)),
                {"q": _words_query(tokens), **window},
            )
        ]
    compact = fold_compact(query_text)
    # Spacing-insensitive matches too (a title «خواهر خوانده» for «خواهرخوانده»), even
    # when word matches fill the page: a title match must not be cut off. Not for
    # numbers: with the spaces gone, ۱۳۹۹/۰۴/۲۱ would "contain" ۱۳۹۹-۰۴۲.
    if len(compact) >= 3 and not compact.isdigit():
        seen = set(ranked)
        if server:
            newest = search_pg.newest_gram_rowids(
                conn, compact, kinds, limit=limit, density=words.density, matches=words.matches
            )
        else:
            newest = [
                r[0]
                for r in conn.execute(
                    text(_newest_sql("search_grams", "g", kinds)),
                    {"g": f'"{compact}"', "limit": limit},
                )
            ]
        for rowid in newest:
            if rowid not in seen:
                ranked.append(rowid)
                seen.add(rowid)
    if not ranked:
        return []
    placeholders = ",".join(str(r) for r in ranked)
    docs = {
        row.rowid: row
        for row in conn.execute(
            text(
                f"SELECT rowid, entity, entity_id, number, title, body FROM search_doc "
                f"WHERE rowid IN ({placeholders})"
            )
        )
    }
    ranked = [r for r in ranked if r in docs]
    # Records whose title holds the query come first, however it was spaced; the
    # rest keep their order (bm25 for word matches, newest first for the others).
    ranked.sort(key=lambda r: not _title_matches(docs[r].title, tokens, compact))
    return [
        SearchHit(
            entity=docs[r].entity,
            entity_id=_as_uuid(docs[r].entity_id),
            number=docs[r].number,
            title=docs[r].title,
            snippet=snippet(docs[r].body, tokens, compact),
        )
        for r in ranked[:limit]
    ]


def _compact(folded: str) -> str:
    return unicodedata.normalize("NFC", folded.replace(" ", ""))


def _title_matches(title: str, tokens: list[str], compact: str) -> bool:
    folded = fold_stored(title)
    words = folded.split()
    if all(any(w.startswith(t) for w in words) for t in tokens):
        return True
    return len(compact) >= 3 and compact in _compact(folded)


@dataclass(frozen=True)
class MatchExpressions:
    """The FTS5 MATCH expressions of a list's search on SQLite: the words (every token
    as the start of a word), and the run of letters without spaces (three or more)."""

    words: str
    grams: str | None


def match_expressions(query_text: str) -> MatchExpressions | None:
    """None when the text has nothing to search for. One place for both the full search
    (:func:`matching_ids`) and the walk in list order (search_walk.py)."""
    tokens = fold_for_search(query_text).split()
    if not tokens:
        return None
    compact = fold_compact(query_text)
    return MatchExpressions(_words_query(tokens), f'"{compact}"' if len(compact) >= 3 else None)


def matching_ids(
    entity: str, query_text: str, engine: Engine | None = None
) -> tuple[str, dict[str, Any]] | None:
    """SQL selecting the ids of ``entity`` rows matching ``query_text``, in the form of
    the table's ``id`` column on ``engine``'s database (default SQLite).

    For filtering a list as the user types: the list stays sorted and paged in SQL.
    None when the text has nothing to search for.
    """
    if engine is not None and engine.dialect.name == "postgresql":
        tokens = fold_for_search(query_text).split()
        return search_pg.matching_ids(entity, tokens, fold_compact(query_text)) if tokens else None
    expressions = match_expressions(query_text)
    if expressions is None:
        return None
    params: dict[str, Any] = {"_se": entity, "_sw": expressions.words}
    inner = "SELECT rowid FROM search_words WHERE search_words MATCH :_sw"
    if expressions.grams is not None:
        inner += " UNION SELECT rowid FROM search_grams WHERE search_grams MATCH :_sg"
        params["_sg"] = expressions.grams
    sql = f"SELECT entity_id FROM search_doc WHERE entity = :_se AND rowid IN ({inner})"
    return sql, params


def snippet(body: str, tokens: list[str], compact: str, width: int = 140) -> str:
    """The line of ``body`` that matches the query best, shortened around the match.

    Best is: the whole query in a row, however spaced (``compact``), then the most query
    words matched as FTS5 matches them, as the start of a word. Matching "any token
    anywhere" picked the record's number line for «1403/12/30» (it holds «1403») and
    cut a match off the end of a long line. Ties go to the earlier line.
    """
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    best: tuple[bool, int] = (False, 0)
    chosen = ""
    for line in lines:
        # Stored text is already normalized: one light fold per line (see fold_stored).
        folded = fold_stored(line)
        words = folded.split()
        score = (
            len(compact) >= 3 and compact in _compact(folded),
            sum(any(w.startswith(t) for w in words) for t in tokens),
        )
        if score > best:
            best, chosen = score, line
    if not chosen:
        return _shorten(lines[0], width) if lines else ""
    return _around(chosen, tokens, compact, width)


def _around(line: str, tokens: list[str], compact: str, width: int) -> str:
    """``line`` cut to ``width`` characters at word boundaries around the match, with «…»
    where it was cut. Words are folded one by one, so positions in the stored text are
    never guessed."""
    if len(line) <= width:
        return line
    words = line.split(" ")
    first = _match_start([fold_stored(w).split() for w in words], tokens, compact)
    start, end = first, first + 1  # words[start:end] is kept
    budget = width - 2  # room for an ellipsis at each cut end
    length = len(words[first])
    # A little context before the match, then the rest of the matched words and what
    # follows, then more context before if the line ends first.
    while start > 0 and length + 1 + len(words[start - 1]) <= budget // 4:
        start -= 1
        length += 1 + len(words[start])
    while end < len(words) and length + 1 + len(words[end]) <= budget:
        length += 1 + len(words[end])
        end += 1
    while start > 0 and length + 1 + len(words[start - 1]) <= budget:
        start -= 1
        length += 1 + len(words[start])
    text = " ".join(words[start:end])
    if len(text) > budget:  # one word longer than the snippet (a URL)
        text = text[:budget]
    return ("…" if start > 0 else "") + text + ("…" if end < len(words) else "")


def _match_start(folded: list[list[str]], tokens: list[str], compact: str) -> int:
    """The index of the word where the snippet should start: where the whole query
    stands in a row (however spaced), else the start of the shortest run of words that
    holds every matched query word, else 0."""
    if len(compact) >= 3:
        squeezed = [_compact("".join(parts)) for parts in folded]
        found = "".join(squeezed).find(compact)
        if found >= 0:
            ends = list(itertools.accumulate(len(s) for s in squeezed))
            return bisect.bisect_right(ends, found)
    hits = [
        (i, t) for i, parts in enumerate(folded) for t in tokens
        if any(p.startswith(t) for p in parts)
    ]  # fmt: skip
    wanted = {t for _i, t in hits}
    best: tuple[int, int] | None = None
    seen: dict[str, int] = {}
    left = 0
    for index, token in hits:  # a sliding window over the hits, in word order
        seen[token] = seen.get(token, 0) + 1
        while len(seen) == len(wanted):
            span = (index - hits[left][0], hits[left][0])
            best = span if best is None or span < best else best
            gone = hits[left][1]
            seen[gone] -= 1
            if not seen[gone]:
                del seen[gone]
            left += 1
    return best[1] if best is not None else 0


def _shorten(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
