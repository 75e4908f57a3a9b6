"""The FTS5 index itself: folded documents, rebuild, snippets, safe queries."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import text

from peyvand.domain import Meeting, Organization, Person, Statement
from peyvand.services import records
from peyvand.storage import search_index
from peyvand.storage.database import Database

ZWNJ = "\u200c"


def _seed(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as session:
        meeting = records.create(
            session,
            Meeting,
            {"title": "دیدار شهردار", "date": dt.date(2021, 2, 4), "place": "تالار شهر"},
        )
        records.create(
            session,
            Statement,
            {"meeting_id": meeting.id, "position": 1, "text": f"قطعاً همکاری می{ZWNJ}کنیم ۱۴۰۰"},
        )
        person = records.create(session, Person, {"name": "علی كاظمي", "tags": ["شهروند دیپلمات"]})
    return meeting.id, person.id


def _query(db: Database, q: str, **kw: object) -> list[search_index.SearchHit]:
    with db.read_engine.connect() as conn:
        return search_index.query(conn, q, **kw)  # type: ignore[arg-type]


def test_documents_keep_display_text_and_index_folded_text(db: Database) -> None:
    meeting_id, _ = _seed(db)
    with db.engine.connect() as conn:
        doc = conn.execute(
            text("SELECT rowid, number, title, body FROM search_doc WHERE entity_id=:id"),
            {"id": meeting_id.hex},
        ).one()
        words = conn.execute(
            text("SELECT title, body FROM search_words WHERE rowid=:r"), {"r": doc.rowid}
        ).one()
        grams = conn.execute(
            text("SELECT key FROM search_grams WHERE rowid=:r"), {"r": doc.rowid}
        ).scalar_one()
    assert doc.number == "1399-001"
    assert doc.title == "دیدار شهردار"
    assert f"قطعاً همکاری می{ZWNJ}کنیم ۱۴۰۰" in doc.body  # display copy as stored
    assert "تالار شهر" in doc.body
    assert "قطعا همکاری می کنیم 1400" in words.body  # folded: no tanwin, ZWNJ->space, digits
    assert " " not in grams
    assert ZWNJ not in grams
    assert "میکنیم1400" in grams


def test_one_document_per_root_record(db: Database) -> None:
    _seed(db)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT entity, count(*) FROM search_doc GROUP BY entity")).all()
    assert dict(rows) == {"meeting": 1, "person": 1}


def test_rebuild_all_gives_the_same_answers(db: Database) -> None:
    meeting_id, person_id = _seed(db)
    with db.session() as session:
        gone = records.create(session, Organization, {"name": "سازمان حذف‌شده"})
    records.delete_row(db, Organization, gone.id)
    before = {q: _query(db, q) for q in ("همکاری", "كاظمی", "دیپلمات", "حذف")}
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_words"))
        conn.execute(text("DELETE FROM search_grams"))
        conn.execute(text("DELETE FROM search_doc"))
    assert _query(db, "همکاری") == []
    with db.engine.begin() as conn:
        count = search_index.rebuild_all(conn)
    assert count == 2  # the deleted organization is not indexed again
    after = {q: _query(db, q) for q in before}
    assert after == before
    assert [h.entity_id for h in after["همکاری"]] == [meeting_id]
    assert [h.entity_id for h in after["كاظمی"]] == [person_id]
    assert after["حذف"] == []


def test_roots_of_children_point_at_their_record(db: Database) -> None:
    meeting_id, _ = _seed(db)
    statement = Statement(meeting_id=meeting_id, text="x", position=2)
    assert search_index.roots_of(statement) == [("meeting", meeting_id)]
    org = Organization(name="x")
    assert search_index.roots_of(org) == [("organization", org.id)]


def test_query_entities_filter_ignores_unknown_kinds(db: Database) -> None:
    _seed(db)
    assert _query(db, "دیدار", entities=["meeting"])[0].entity == "meeting"
    assert _query(db, "دیدار", entities=["person"]) == []
    assert _query(db, "دیدار", entities=["bogus'); DROP TABLE person; --"]) == []
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person")).scalar_one() == 1


def test_query_of_nothing_but_punctuation_is_empty(db: Database) -> None:
    _seed(db)
    assert _query(db, "؟!...") == []


def test_snippet_picks_the_first_matching_line() -> None:
    body = "1399-001\nسطر بی‌ربط\nاصفهان و فلورانس خواهرخوانده‌اند\nفلورانس باز هم"
    assert search_index.snippet(body, ["فلورانس"], "فلورانس") == "اصفهان و فلورانس خواهرخوانده‌اند"
    # A spacing-only match (compact key) is found too.
    assert search_index.snippet(body, ["خواهر", "خوانده"], "خواهرخوانده").startswith("اصفهان")


def test_snippet_shortens_long_lines_and_falls_back_to_the_first_line() -> None:
    line = "الف " * 100
    short = search_index.snippet(line, ["الف"], "الف", width=40)
    assert len(short) <= 40
    assert short.endswith("…")
    assert search_index.snippet("نخست\nدوم", ["هیچ"], "هیچ") == "نخست"
    assert search_index.snippet("", ["هیچ"], "هیچ") == ""


def test_no_planner_statistics_are_kept_for_fts_shadow_tables(db_path: Path) -> None:
    """ANALYZE/PRAGMA optimize statistics on FTS5's internal tables make every index write
    slower as the index grows; the database never keeps them."""
    import sqlite3

    database = Database.open(db_path)
    with database.session() as session:
        records.create(
            session, Meeting, {"title": "جلسه خواهرخواندگی", "date": dt.date(2021, 2, 4)}
        )
    with database.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
        recorded = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl GLOB 'search_*_*'"
        ).scalar()
    assert recorded, "ANALYZE records the shadow tables: the case this guards against"
    database.close()  # runs PRAGMA optimize, then drops the FTS rows
    check = sqlite3.connect(db_path)
    rows = check.execute("SELECT tbl FROM sqlite_stat1 WHERE tbl GLOB 'search_*_*'").fetchall()
    check.close()
    assert rows == []


def test_stale_fts_statistics_are_dropped_when_a_database_opens(db_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("ANALYZE")  # makes sure sqlite_stat1 exists
    conn.execute("INSERT INTO sqlite_stat1 VALUES ('search_grams_data', NULL, '2')")
    conn.commit()
    conn.close()
    Database.open(db_path).engine.dispose()
    check = sqlite3.connect(db_path)
    left = check.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl GLOB 'search_*_*'")
    assert left.fetchone()[0] == 0
    check.close()
