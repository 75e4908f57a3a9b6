from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from peyvand.domain import metadata
from peyvand.domain.errors import PeyvandError
from peyvand.storage import migrate
from peyvand.storage.database import Database
from peyvand.storage.schema_extras import is_extra_table


def _include(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    return not (type_ == "table" and name is not None and is_extra_table(name))


def test_migrations_produce_exactly_the_models_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": _include, "compare_type": True}
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_connection_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_new_database_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = Database.open(path)
    try:
        assert db.schema_state().revision == migrate.head_revision()
    finally:
        db.close()


def test_newer_database_is_refused_and_not_written(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(PeyvandError) as info:
        Database.open(db_path)
    assert info.value.msg_id == "db.newer"
    assert "newer version" in str(info.value)
    assert db_path.read_bytes() == before


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(PeyvandError) as info:
        Database.open(path)
    assert info.value.msg_id == "db.not_sqlite"
    assert path.read_text(encoding="utf-8") == "hello"


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(PeyvandError) as info:
        Database.open(path)
    assert info.value.msg_id == "db.not_sqlite"


def test_unknown_older_revision_is_refused_and_not_written(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Database.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0000_unknown'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(PeyvandError):
        Database.open(path)
    assert path.read_bytes() == before


def test_existing_database_is_backed_up_and_verified_before_upgrade(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulates a release whose head is newer than the file's schema."""
    backups = db_path.parent / "backups"
    seen: list[list[Path]] = []
    real_state = migrate.inspect_schema(db_path)
    monkeypatch.setattr(
        migrate,
        "inspect_schema",
        lambda _p: migrate.SchemaState(exists=True, revision=real_state.revision, head="next"),
    )
    monkeypatch.setattr(
        migrate, "upgrade", lambda _engine: seen.append(sorted(backups.glob("*.sqlite3")))
    )
    Database.open(db_path).close()
    assert len(seen) == 1 and len(seen[0]) == 1, "exactly one backup, made before upgrading"
    backup = seen[0][0]
    assert "pre-migration" in backup.name
    check = sqlite3.connect(backup)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
        migrate.head_revision()
    )
    check.close()


def test_real_upgrade_from_the_first_schema_keeps_data_and_backs_up(tmp_path: Path) -> None:
    """A file written at revision 0001 (the first release) opens in this version."""
    from alembic import command

    from peyvand.storage.engine import make_engine

    path = tmp_path / "v1.sqlite3"
    engine = make_engine(path)
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0001")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO unit (id, created_at, updated_at, revision, name, name_en, code, notes) "
        "VALUES ('0123456789abcdef0123456789abcdef', '2024-01-01 00:00:00', "
        "'2024-01-01 00:00:00', 3, 'واحد آزمایشی', '', '', '')"
    )
    conn.commit()
    conn.close()

    db = Database.open(path)
    try:
        assert db.schema_state().revision == migrate.head_revision()
        with db.engine.connect() as c:
            row = c.execute(text("SELECT name, revision FROM unit")).one()
        assert tuple(row) == ("واحد آزمایشی", 3)
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))  # beside the checksum catalogue
    assert len(backups) == 1 and "pre-migration" in backups[0].name
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    old.close()


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_search_words_has_prefix_indexes_and_keeps_its_rows_on_upgrade(tmp_path: Path) -> None:
    from alembic import command

    from peyvand.storage.engine import make_engine

    path = tmp_path / "v3.sqlite3"
    engine = make_engine(path)
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003")
        connection.exec_driver_sql(
            "INSERT INTO search_words (rowid, title, body) VALUES (7, 'خواهرخواندگی', 'حیدرآباد')"
        )
    engine.dispose()
    Database.open(path).close()
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_words'").fetchone()[0]
    assert "prefix = '2 3'" in sql
    assert conn.execute(
        "SELECT rowid FROM search_words WHERE search_words MATCH '\"خو\"*'"
    ).fetchall() == [(7,)]
    conn.close()


def test_upgrade_from_0005_fills_sort_keys_of_the_rows_already_there(tmp_path: Path) -> None:
    """Rows written by the previous release get their sort keys on upgrade, and the
    list-order indexes use them."""
    from alembic import command

    from peyvand.storage.engine import make_engine
    from peyvand.text import sort_key

    path = tmp_path / "v5.sqlite3"
    engine = make_engine(path)
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0005")
    engine.dispose()
    conn = sqlite3.connect(path)
    stamp = "'2024-01-01 00:00:00', '2024-01-01 00:00:00', 2"
    names = {"a1": "یاسمن", "a2": "پرویز", "a3": "بهرام", "a4": "چنگیز"}
    for key, name in names.items():
        conn.execute(
            "INSERT INTO person (id, created_at, updated_at, revision, name, name_latin, "
            "honorific, title, title_en, country, city, phone, email, languages, "
            f"protocol_notes, tags) VALUES ('{key:0>32}', {stamp}, ?, '', '', 'رایزن', '', "
            "'ژاپن', '', '', '', '', '', '[]')",
            (name,),
        )
    conn.execute(
        "INSERT INTO meeting (id, created_at, updated_at, revision, title, date, place, kind, "
        "classification, summary, is_final, finalized_by, number, number_provisional) "
        f"VALUES ('{'b1':0>32}', {stamp}, 'گفت‌وگوی پایانی', '2024-01-01', 'تالار گل', "
        "'official', 'normal', '', 0, '', '1402-001', 0)"
    )
    conn.commit()
    conn.close()

    db = Database.open(path)
    try:
        with db.engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT name, name_sort, title_sort, country_sort, revision FROM person "
                    "WHERE deleted_at IS NULL ORDER BY name_sort, id"
                )
            ).all()
            meeting = c.execute(text("SELECT title_sort, place_sort FROM meeting")).one()
            plan = " ".join(
                str(r[-1])
                for r in c.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT id FROM person WHERE deleted_at IS NULL "
                        "ORDER BY name_sort, id LIMIT 50"
                    )
                )
            )
    finally:
        db.close()
    assert [r.name for r in rows] == ["بهرام", "پرویز", "چنگیز", "یاسمن"]
    for row in rows:
        assert (row.name_sort, row.title_sort, row.country_sort) == (
            sort_key(row.name),
            sort_key("رایزن"),
            sort_key("ژاپن"),
        )
        assert row.revision == 2  # filling derived data is not an edit
    assert tuple(meeting) == (sort_key("گفت‌وگوی پایانی"), sort_key("تالار گل"))
    assert "ix_person_live_name_sort" in plan and "TEMP B-TREE" not in plan
