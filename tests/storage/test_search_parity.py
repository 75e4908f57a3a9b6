"""Search on the office server finds what search on a SQLite file finds.

The same demo data in both engines and one query set of a few hundred queries built from
that data — whole words, prefixes, two-word phrases, the same words with Arabic ي/ك,
harakat, ZWNJ or the spaces taken out, Persian and Latin digits, record numbers, numbers
of records that do not exist, Latin names — and for every query the **full** set of
matching records must be the same: the global search with a limit above the number of
documents, and the list filter of every kind of record (services.lists.count and
ordered_ids). Records are compared by what they are (kind, number, title), since the two
databases give the same records different random ids.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import pg_support
from peyvand.services import lists, search
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.lists import ListQuery
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))
KINDS = {
    "meeting": "meetings",
    "visit": "visits",
    "person": "people",
    "organization": "organizations",
    "partnership": "partnerships",
    "action": "actions",
}
ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(scope="module")
def engines(
    pg_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, Database]]:
    from peyvand.storage.server_database import ServerDatabase

    name = pg_support.new_name("peyvand_parity")
    pg_support.create_database(name, template=pg_template)
    server = ServerDatabase.connect(pg_support.database_url(name))
    local = Database.open(tmp_path_factory.mktemp("parity") / "demo.sqlite3")
    try:
        for db in (server, local):
            load_demo(db, clock=CLOCK)
        yield local, server
    finally:
        server.close()
        local.close()
        pg_support.drop_database(name)


def _queries(db: Database) -> list[str]:
    """A few hundred queries drawn from the documents themselves, with the variants
    people type; deterministic (a fixed seed)."""
    with db.read_engine.connect() as conn:
        docs = [(r.number, r.title, r.body) for r in conn.execute(text(
            "SELECT number, title, body FROM search_doc ORDER BY entity, number, title"
        ))]  # fmt: skip
    rng = random.Random(20261207)
    words = sorted({w for _n, t, b in docs for w in re.findall(r"\w+", f"{t} {b}") if len(w) > 1})
    numbers = sorted({n for n, _t, _b in docs if n})
    queries: set[str] = set()
    for word in rng.sample(words, min(120, len(words))):
        queries.update({word, word[: max(2, len(word) // 2)], word.translate(ARABIC)})
    for _number, title, _body in rng.sample(docs, min(40, len(docs))):
        parts = title.split()
        if len(parts) >= 2:
            i = rng.randrange(len(parts) - 1)
            pair = f"{parts[i]} {parts[i + 1]}"
            queries.update({pair, pair.replace(" ", ""), pair.replace(" ", "\u200c")})
    for number in numbers:
        queries.update({number, number.translate(PERSIAN_DIGITS), number.split("-")[0]})
    queries.update({
        "خواهرخوانده", "خواهر خوانده", "خواهر\u200cخوانده", "خواهرخواندگي", "شهروند ديپلمات",
        "قطعاً", "۱۳۹۹/۱۱/۱۶", "1399/11/16", "14:30", "UNICEF", "unicef", "Florence",
        "1405-999", "9999-001", "هیچ‌چیز‌ناموجود", "a", "ab", "حیدر", "اصف",
    })  # fmt: skip
    return sorted(queries)


def _found(db: Database, query: str) -> set[tuple[str, str, str]]:
    return {
        (hit.entity, hit.number, hit.title)
        for hit in search.search(db, query, limit=100_000)
    }


def _listed(db: Database, kind: str, query: str) -> tuple[int, list[str]]:
    q = ListQuery(kind, search=query)
    count = lists.count(db, q, clock=CLOCK)
    ids = lists.ordered_ids(db, q, clock=CLOCK)
    rows = lists.rows_for_ids(db, q, ids, clock=CLOCK)
    titles = sorted(str(r.values.get("title") or r.values.get("name") or r.values) for r in rows)
    return count, titles


def test_the_same_data_gives_the_same_documents(engines: tuple[Database, Database]) -> None:
    docs = []
    for db in engines:
        with db.read_engine.connect() as conn:
            docs.append(sorted(
                (r.entity, r.number, r.title, r.body)
                for r in conn.execute(text("SELECT entity, number, title, body FROM search_doc"))
            ))  # fmt: skip
    assert docs[0] == docs[1] and len(docs[0]) > 100


def test_every_query_finds_the_same_records_on_both_engines(
    engines: tuple[Database, Database], tmp_path: Path
) -> None:
    local, server = engines
    queries = _queries(local)
    assert len(queries) > 250
    differences = []
    matched = 0
    for query in queries:
        on_file, on_server = _found(local, query), _found(server, query)
        matched += bool(on_file)
        if on_file != on_server:
            differences.append(
                f"{query!r}: only on SQLite {sorted(on_file - on_server)[:3]}, "
                f"only on PostgreSQL {sorted(on_server - on_file)[:3]}"
            )
    assert not differences, "\n".join(differences[:10])
    assert matched > len(queries) // 2  # the set is not made of queries that find nothing


def test_list_filters_find_the_same_records_on_both_engines(
    engines: tuple[Database, Database],
) -> None:
    local, server = engines
    queries = _queries(local)[::4]
    differences = []
    for query in queries:
        for kind in KINDS.values():
            if _listed(local, kind, query) != _listed(server, kind, query):
                differences.append(f"{kind} {query!r}")
    assert not differences, differences[:10]
