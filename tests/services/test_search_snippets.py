"""The global search's snippet is the line that matched: queries for words of one
meeting's statements must show a snippet holding those words (folded), not another
statement, the meeting's first line or its number."""

from __future__ import annotations

import datetime as dt
import re

from peyvand.services import lists, meetings
from peyvand.services.clock import FixedClock
from peyvand.services.demo import load_demo
from peyvand.services.lists import ListQuery
from peyvand.services.search import SearchHit, search
from peyvand.storage.database import Database
from peyvand.text import fold_for_search

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s،؛.:«»()]+", text) if len(w) > 1]


def _queries(statement: str) -> list[str]:
    """Four queries a user could type after reading the statement: its opening words, two
    words from its middle and from its end (cut off by a plain 140-character snippet),
    and its longest word."""
    words = _words(statement)
    middle = len(words) // 2
    return [
        " ".join(words[:2]),
        " ".join(words[middle : middle + 2]),
        " ".join(words[-2:]),
        max(words, key=len),
    ]


def _holds(hit: SearchHit, query: str) -> bool:
    """Every word of the query starts a word of the snippet, both folded (as FTS5 matches
    them), or the whole query is in it, however spaced."""
    words = fold_for_search(hit.snippet).split()
    tokens = fold_for_search(query).split()
    compact = "".join(tokens)
    return all(any(w.startswith(t) for w in words) for t in tokens) or (compact in "".join(words))


def _misses(db: Database, meeting_id: object, queries: list[str]) -> list[str]:
    misses = []
    for query in queries:
        hits = [h for h in search(db, query) if h.entity_id == meeting_id]
        assert hits, f"the meeting is not found for {query!r}"
        if not _holds(hits[0], query):
            misses.append(f"{query!r} -> {hits[0].snippet!r}")
    return misses


def test_snippets_of_the_demo_meetings_statements_hold_the_words_searched_for(
    db: Database,
) -> None:
    load_demo(db, clock=CLOCK)
    seed = lists.page(db, ListQuery("meetings", sort="date"), 0, 1, clock=CLOCK)[0]
    detail = meetings.get_detail(db, seed.id)
    queries = [q for s in detail.statements for q in _queries(s.row.text)]
    assert len(queries) >= 80
    assert _misses(db, seed.id, queries) == []


def test_dates_and_times_show_the_statement_that_holds_them_not_the_number(
    db: Database,
) -> None:
    detail = meetings.record_meeting(
        db,
        {"title": "نشست هماهنگی نمایشگاه", "date": dt.date(2025, 3, 1), "place": "تالار 1403"},
        statements=[
            (None, "نمایشگاه مشترک با حضور هیئت‌های خارجی برگزار می‌شود."),
            (None, "نشست بعدی روز 1403/12/30 ساعت 14:30 در تالار شهرداری برگزار می‌شود."),
            (None, "گزارش مالی تا ۱۲ اسفند آماده می‌شود."),
        ],
    )
    mid = detail.meeting.id
    assert _misses(db, mid, ["1403/12/30", "۱۴۰۳/۱۲/۳۰", "14:30", "۱۴:۳۰", "ساعت 14:30"]) == []
    [hit] = [h for h in search(db, "1403/12/30") if h.entity_id == mid]
    assert hit.snippet.startswith("نشست بعدی روز 1403/12/30")


def test_a_match_late_in_a_long_line_is_kept_in_the_snippet(db: Database) -> None:
    long_line = " ".join(["مقدمه"] * 60) + " کنسرسیوم علمی و پزشکی " + " ".join(["پایان"] * 30)
    detail = meetings.record_meeting(
        db, {"title": "جلسه", "date": dt.date(2025, 3, 1)}, statements=[(None, long_line)]
    )
    [hit] = [h for h in search(db, "کنسرسیوم پزشکی") if h.entity_id == detail.meeting.id]
    assert len(hit.snippet) <= 140
    assert "کنسرسیوم علمی و پزشکی" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
