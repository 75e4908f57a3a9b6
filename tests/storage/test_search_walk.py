"""storage/search_walk.py: a list's first matches by walking it, on SQLite only; the
full search's equivalence is in tests/services/test_list_first_matches.py."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest

from peyvand.domain import Action
from peyvand.services import lists, records
from peyvand.storage import search_walk
from peyvand.storage.database import Database

pytestmark = pytest.mark.both_engines


def test_the_walk_reads_only_the_batches_it_needs_and_on_the_server_leaves_it_to_sql(
    db: Database,
) -> None:
    made = [
        records.create_row(db, Action, {"title": f"گزارش {n}", "due_date": dt.date(2026, 12, 1)})
        for n in range(5)
    ]
    ids = [a.id for a in made]
    pulled: list[uuid.UUID] = []

    def in_order() -> Iterator[uuid.UUID]:
        for i in [*ids, *(uuid.uuid4() for _ in range(1000))]:
            pulled.append(i)
            yield i

    with db.read_connection() as conn:
        walked = search_walk.first_matches(
            conn, "action", "گزارش", in_order(), limit=2, budget=10_000
        )
    if db.is_server:
        # PostgreSQL walks the list-order index itself: the full search is the way.
        assert walked is None and pulled == []
        assert len(lists.ordered_ids(db, lists.ListQuery("actions", search="گزارش"))) == 5
        return
    assert walked == search_walk.Walked(ids[:2], complete=False)
    # One batch was pulled from the list, not the thousand ids behind it.
    assert len(pulled) == search_walk.BATCH
