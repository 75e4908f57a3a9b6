"""A searched list's first rows found by walking the list (lists.first_matches,
storage/search_walk.py) are exactly the full search's first rows (lists.ordered_ids):
the same records, in the same order, on every kind of list, every order and filter, for
words, prefixes, spacing variants and hostile text."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from peyvand.domain import Action
from peyvand.domain.enums import ActionStatus
from peyvand.services import lists, records
from peyvand.services.clock import FixedClock
from peyvand.storage import search_index
from peyvand.storage.database import Database

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))
KINDS = ("actions", "meetings", "visits", "people", "organizations", "partnerships", "letters")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from peyvand.services.demo import load_demo

    path = tmp_path_factory.mktemp("walk") / "demo.sqlite3"
    db = Database.open(path)
    load_demo(db, clock=CLOCK)
    yield db
    db.close()


def _queries(path: Path, count: int) -> list[str]:
    """Words of the indexed text, their starts, pairs of them and spacing variants."""
    with sqlite3.connect(path) as conn:
        text = " ".join(t + " " + b for t, b in conn.execute("SELECT title, body FROM search_doc"))
    words = sorted({w for w in text.split() if len(w) > 1})
    rng = random.Random(1405)
    queries = ["ک", "شهر", "خواهر خوانده", "خواهرخواندگی", "۱۴۰۵", "1405", "تهران", "x"]
    while len(queries) < count:
        word = rng.choice(words)
        shape = rng.randrange(5)
        if shape == 0:
            queries.append(word[: rng.randint(1, len(word))])
        elif shape == 1:
            queries.append(f"{word} {rng.choice(words)}")
        elif shape == 2 and len(word) > 3:
            cut = rng.randint(1, len(word) - 1)
            queries.append(word[:cut] + rng.choice([" ", "\u200c"]) + word[cut:])
        elif shape == 3:
            queries.append(word.replace("ی", "ي").replace("ک", "ك"))  # Arabic letters
        else:
            queries.append(word)
    return queries


def _same(db: Database, query: lists.ListQuery, limit: int) -> None:
    full = lists.ordered_ids(db, query, clock=CLOCK)
    walked = lists.first_matches(db, query, limit, budget=10_000, clock=CLOCK)
    if search_index.match_expressions(query.search) is None:
        # Nothing to search for (only punctuation): the list is not filtered, no walk.
        assert walked is None and full == lists.ordered_ids(
            db, lists.ListQuery(query.kind, filters=query.filters), clock=CLOCK
        )
        return
    assert walked is not None, query  # the demo is smaller than the budget
    assert [row.id for row in walked.rows] == full[:limit], query
    # Complete exactly when fewer than ``limit`` match (the walk met the list's end).
    assert walked.complete == (len(full) < limit), query
    # The rows are the full search's rows, values and all.
    assert walked.rows == lists.rows_for_ids(db, query, full[:limit], clock=CLOCK)


@pytest.mark.parametrize("kind", KINDS)
def test_the_walk_finds_the_full_searchs_first_rows_on_every_list(
    demo: Database, kind: str
) -> None:
    queries = _queries(demo.path, 60)
    columns = [c.key for c in lists.columns(kind)]
    for n, text in enumerate(queries):
        sort = None if n % 3 == 0 else columns[n % len(columns)]
        query = lists.ListQuery(kind, search=text, sort=sort, descending=bool(n % 2))
        _same(demo, query, limit=(1, 3, 50)[n % 3])


def test_filters_and_hostile_text_are_the_full_searchs_too(demo: Database) -> None:
    hostile = ['"', '"جلسه', "جلسه*", "NEAR(جلسه شهر)", "جلسه AND", "- جلسه", "^شهر",
               "(شهر", "title:شهر", "'; DROP TABLE search_doc; --", "\u200c", "ـــ"]  # fmt: skip
    open_ = {"status": [ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value]}
    for text in hostile:
        for filters in ({}, open_, {"state": "overdue"}):
            _same(demo, lists.ListQuery("actions", search=text, filters=filters), limit=5)
    assert lists.first_matches(demo, lists.ListQuery("actions", search="  "), 5) is None


def test_the_walk_gives_way_to_the_full_search_when_few_records_match(
    db_path: Path,
) -> None:
    db = Database.open(db_path)
    try:
        with db.session() as s:
            for n in range(120):
                # Most are reports; one in forty names the twin city.
                title = "گزارش سفر هیئت" if n % 40 else "پیگیری خواهرخواندگی ازمیر"
                records.create(s, Action, {"title": f"{title} {n}",
                                           "due_date": dt.date(2026, 12, 1 + n % 28)})  # fmt: skip
        removed = records.create_row(db, Action, {"title": "گزارش حذف‌شده",
                                                  "due_date": dt.date(2026, 1, 1)})  # fmt: skip
        records.delete_row(db, Action, removed.id)
        reports = lists.ListQuery("actions", search="گزارش")
        walked = lists.first_matches(db, reports, 10, budget=20, clock=CLOCK)
        assert walked is not None and not walked.complete
        assert [r.id for r in walked.rows] == lists.ordered_ids(db, reports, clock=CLOCK)[:10]
        assert removed.id not in {r.id for r in walked.rows}
        twins = lists.ListQuery("actions", search="خواهر خواندگی")  # spaced: the grams find it
        assert len(lists.ordered_ids(db, twins, clock=CLOCK)) == 3
        # Within 20 records the walk meets at most one of the three: the full search then.
        assert lists.first_matches(db, twins, 3, budget=20, clock=CLOCK) is None
        # With the whole list in its budget, the walk's answer is complete.
        every = lists.first_matches(db, twins, 10, budget=120, clock=CLOCK)
        assert every is not None and every.complete
        assert [r.id for r in every.rows] == lists.ordered_ids(db, twins, clock=CLOCK)
        # A budget that ends exactly with the list still knows the list ended.
        exact = lists.first_matches(db, twins, 10, budget=121, clock=CLOCK)
        assert exact is not None and exact.complete and len(exact.rows) == 3
        assert lists.first_matches(db, twins, 10, budget=119, clock=CLOCK) is None
    finally:
        db.close()
