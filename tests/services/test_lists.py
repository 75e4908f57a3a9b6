"""A search-filtered list's first page before every match is known (lists.first_matches):
the same rows, in the same order, as the full search gives first."""

from __future__ import annotations

import datetime as dt

import pytest

from peyvand.domain import Action
from peyvand.services import lists, records
from peyvand.services.clock import FixedClock
from peyvand.services.lists import ListQuery
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def actions_db(db: Database) -> Database:
    # Every third follow-up mentions «گمرک»; one mentions «خواهرخواندگی» (a rare word).
    for n in range(60):
        title = f"پیگیری شماره {n}" + (" ترخیص از گمرک" if n % 3 == 0 else "")
        if n == 41:
            title += " سند خواهرخواندگی"
        records.create_row(
            db,
            Action,
            {"title": title, "due_date": dt.date(2026, 12, 1) + dt.timedelta(days=n % 17)},
        )
    return db


@pytest.mark.parametrize("sort", [None, "title", "due_date"])
def test_first_matches_are_the_first_of_the_full_search(
    actions_db: Database, sort: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks, so that the walk crosses chunk boundaries on a small list.
    monkeypatch.setattr(lists, "FIRST_MATCH_CHUNKS", (3, 5, 8))
    query = ListQuery("actions", search="گمرک", sort=sort)
    every = lists.ordered_ids(actions_db, query, clock=CLOCK)
    assert len(every) == 20
    assert lists.first_matches(actions_db, query, 4, clock=CLOCK) == every[:4]


def test_a_rare_word_is_left_to_the_full_search(
    actions_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "FIRST_MATCH_CHUNKS", (3, 5, 8))
    query = ListQuery("actions", search="خواهرخواندگی")
    # 16 rows walked hold no match: not enough for a page, so the full search decides.
    assert lists.first_matches(actions_db, query, 4, clock=CLOCK) is None
    assert len(lists.ordered_ids(actions_db, query, clock=CLOCK)) == 1
    # Walking to the end of the list finds every match, however few.
    monkeypatch.setattr(lists, "FIRST_MATCH_CHUNKS", (30, 100))
    assert lists.first_matches(actions_db, query, 4, clock=CLOCK) == lists.ordered_ids(
        actions_db, query, clock=CLOCK
    )
    assert lists.first_matches(actions_db, ListQuery("actions"), 4, clock=CLOCK) is None
