"""The hidden mark the office server keeps on each row (migration 0012): row-level
security tests one column, so the mark must follow every change of what it depends on.

Each test connects with raw SQL as a login (not through the application), makes a
change the way a cleared colleague's SQL client could, commits it, and counts what a
colleague who is not cleared then sees. The records are made fresh in each test
(new ids), so the tests do not depend on each other's order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

import pg_support
from peyvand.domain import (
    Action,
    ActionNote,
    AgendaItem,
    Attachment,
    Blob,
    Decision,
    Letter,
    LetterRevision,
    Meeting,
    MergeConflict,
    Participant,
    Person,
    Statement,
    Visit,
)
from peyvand.services import accounts
from peyvand.storage import access
from peyvand.storage.server_database import ServerDatabase


@dataclass(frozen=True)
class Server:
    url: str
    logins: dict[str, str]


@pytest.fixture(scope="module")
def server(pg_template: str) -> Iterator[Server]:
    name = pg_support.new_name("peyvand_mark")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    tag = f"pvm{os.getpid()}{uuid.uuid4().hex[:6]}"
    logins = {"staff": f"{tag}_staff", "cleared": f"{tag}_cleared", "admin": f"{tag}_admin"}
    db = ServerDatabase.connect(url)
    try:
        accounts.add_account(db, logins["staff"], ["staff"], password=None)
        accounts.add_account(db, logins["cleared"], ["staff", "cleared"], password=None)
        accounts.add_account(db, logins["admin"], ["admin"], password=None)
    finally:
        db.close()
    try:
        yield Server(url, logins)
    finally:
        pg_support.drop_database(name)
        with psycopg.connect(_conninfo(pg_support.admin_url()), autocommit=True) as conn:
            for login in logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _conninfo(url: Any) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def connect(server: Server, who: str | None) -> psycopg.Connection[Any]:
    """A login's own connection (``None``: the owner's, which row-level security spares)."""
    url = make_url(server.url)
    if who is not None:
        url = url.set(username=server.logins[who])
    return psycopg.connect(_conninfo(url), autocommit=True)


_counter = iter(range(1, 10_000))


def _records(server: Server, shared_blob: bool = False) -> dict[str, uuid.UUID]:
    """An open visit with an open meeting and everything that hangs from it, written by
    the owner through the application (audit rows and search documents included)."""
    ids: dict[str, uuid.UUID] = {}

    def n() -> str:
        return f"1405-{next(_counter):04d}"

    db = ServerDatabase.connect(server.url)
    try:
        with db.session() as s:
            person = Person(name="سارا احمدی")
            visit = Visit(number=n(), title="سفر هیئت شهر خواهرخوانده")
            s.add_all([person, visit])
            s.flush()
            meeting = Meeting(
                number=n(), title="نشست شهردار", date=dt.date(2026, 3, 1), visit_id=visit.id
            )
            s.add(meeting)
            s.flush()
            s.add(Participant(meeting_id=meeting.id, person_id=person.id))
            s.add(AgendaItem(meeting_id=meeting.id, text="حمل و نقل عمومی"))
            s.add(Statement(meeting_id=meeting.id, text="سخن شهردار"))
            decision = Decision(meeting_id=meeting.id, text="تشکیل کارگروه مشترک")
            letter = Letter(subject="نامهٔ پیگیری", meeting_id=meeting.id)
            s.add_all([decision, letter])
            s.flush()
            action = Action(
                number=n(),
                title="پیگیری کارگروه",
                source_decision_id=decision.id,
                owner_person_id=person.id,
            )
            s.add(
                LetterRevision(
                    letter_id=letter.id, edition=1, revised_at=dt.datetime.now(dt.UTC), reason="x"
                )
            )
            data = uuid.uuid4().bytes
            blob = Blob(sha256=hashlib.sha256(data).hexdigest(), size=len(data), data=data)
            s.add_all([action, blob])
            s.flush()
            s.add(ActionNote(action_id=action.id, text="در حال انجام"))
            s.add(Attachment(blob_sha256=blob.sha256, name="a.pdf", meeting_id=meeting.id))
            if shared_blob:
                other = Visit(number=n(), title="سفر دیگر")
                s.add(other)
                s.flush()
                s.add(Attachment(blob_sha256=blob.sha256, name="b.pdf", visit_id=other.id))
            ids.update(
                visit=visit.id,
                meeting=meeting.id,
                decision=decision.id,
                action=action.id,
                letter=letter.id,
                blob=blob.id,
            )
    finally:
        db.close()
    return ids


# What hangs from the visit, and how to count it: (table, condition).
UNDER_THE_VISIT = {
    "visit": ("visit", "id = %(visit)s"),
    "meeting": ("meeting", "id = %(meeting)s"),
    "participants": ("participant", "meeting_id = %(meeting)s"),
    "agenda": ("agenda_item", "meeting_id = %(meeting)s"),
    "statements": ("statement", "meeting_id = %(meeting)s"),
    "decision": ("decision", "id = %(decision)s"),
    "follow-up": ("action", "id = %(action)s"),
    "its notes": ("action_note", "action_id = %(action)s"),
    "letter": ("letter", "id = %(letter)s"),
    "letter revisions": ("letter_revision", "letter_id = %(letter)s"),
    "attachment": ("attachment", "meeting_id = %(meeting)s"),
    "file": ("blob", "id = %(blob)s"),
    "meeting's search document": (
        "search_doc",
        "entity = 'meeting' AND entity_id = replace(%(meeting)s::text, '-', '')",
    ),
    "follow-up's search document": (
        "search_doc",
        "entity = 'action' AND entity_id = replace(%(action)s::text, '-', '')",
    ),
    "audit rows about the meeting": ("audit_event", "entity_id = %(meeting)s::text"),
    "audit rows about its statements": (
        "audit_event",
        "entity = 'statement' AND entity_id IN (SELECT id::text FROM statement "
        "WHERE meeting_id = %(meeting)s)",
    ),
}


def _seen(server: Server, who: str | None, ids: dict[str, uuid.UUID]) -> dict[str, int]:
    with connect(server, who) as conn:
        out = {}
        for what, (table, where) in UNDER_THE_VISIT.items():
            row = conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", ids).fetchone()
            assert row is not None
            out[what] = int(row[0])
        return out


def _as_cleared(server: Server, sql: str, *args: object) -> None:
    with connect(server, "cleared") as conn:
        assert conn.execute(sql, args).rowcount == 1


def test_marking_a_visit_secret_hides_all_under_it_and_opening_it_shows_it_again(
    server: Server,
) -> None:
    ids = _records(server)
    everything = _seen(server, None, ids)
    assert all(count > 0 for count in everything.values()), everything
    assert _seen(server, "staff", ids) == everything

    _as_cleared(server, "UPDATE visit SET classification = 'secret' WHERE id = %s", ids["visit"])
    assert _seen(server, "staff", ids) == dict.fromkeys(everything, 0)
    assert _seen(server, "cleared", ids) == everything

    _as_cleared(server, "UPDATE visit SET classification = 'normal' WHERE id = %s", ids["visit"])
    assert _seen(server, "staff", ids) == everything


def test_moving_a_meeting_out_of_a_secret_visit_shows_it(server: Server) -> None:
    ids = _records(server)
    _as_cleared(server, "UPDATE visit SET classification = 'secret' WHERE id = %s", ids["visit"])
    _as_cleared(server, "UPDATE meeting SET visit_id = NULL WHERE id = %s", ids["meeting"])
    seen = _seen(server, "staff", ids)
    assert seen.pop("visit") == 0
    assert all(count > 0 for count in seen.values()), seen
    # …and marking the meeting itself hides it again, with what it carries.
    _as_cleared(
        server, "UPDATE meeting SET classification = 'confidential' WHERE id = %s", ids["meeting"]
    )
    assert _seen(server, "staff", ids) == dict.fromkeys(UNDER_THE_VISIT, 0)


def test_a_file_stays_visible_while_an_open_record_uses_it(server: Server) -> None:
    ids = _records(server, shared_blob=True)
    _as_cleared(server, "UPDATE visit SET classification = 'secret' WHERE id = %s", ids["visit"])
    with connect(server, "staff") as conn:
        row = conn.execute("SELECT count(*) FROM blob WHERE id = %s", (ids["blob"],)).fetchone()
        assert row == (1,)
    # The open use is deleted (as the owner: staff never delete): the file is hidden.
    with connect(server, None) as conn:
        conn.execute(
            "DELETE FROM attachment WHERE name = 'b.pdf' AND blob_sha256 = "
            "(SELECT sha256 FROM blob WHERE id = %s)",
            (ids["blob"],),
        )
    with connect(server, "staff") as conn:
        row = conn.execute("SELECT count(*) FROM blob WHERE id = %s", (ids["blob"],)).fetchone()
        assert row == (0,)


def test_a_client_cannot_clear_the_mark(server: Server) -> None:
    ids = _records(server)
    _as_cleared(
        server, "UPDATE meeting SET classification = 'secret' WHERE id = %s", ids["meeting"]
    )
    with connect(server, "cleared") as conn:
        conn.execute(
            f"UPDATE statement SET {access.HIDDEN_COLUMN} = false WHERE meeting_id = %s",
            (ids["meeting"],),
        )
        conn.execute(
            f"INSERT INTO statement SELECT (r).* FROM (SELECT jsonb_populate_record("
            f"NULL::statement, to_jsonb(s) || jsonb_build_object('id', %s::text, "
            f"'{access.HIDDEN_COLUMN}', false)) AS r FROM statement AS s "
            "WHERE meeting_id = %s LIMIT 1) AS q",
            (uuid.uuid4(), ids["meeting"]),
        )
        conn.execute(
            f"UPDATE meeting SET {access.HIDDEN_COLUMN} = false WHERE id = %s", (ids["meeting"],)
        )
    with connect(server, "staff") as conn:
        for table, where in (("statement", "meeting_id = %s"), ("meeting", "id = %s")):
            row = conn.execute(
                f"SELECT count(*) FROM {table} WHERE {where}", (ids["meeting"],)
            ).fetchone()
            assert row == (0,), table


def test_bookkeeping_written_before_its_record_is_hidden_with_it(server: Server) -> None:
    ids = _records(server)
    meeting = uuid.uuid4()
    with connect(server, None) as conn, conn.transaction():
        conn.execute(
            "INSERT INTO audit_event (at, actor, entity, entity_id, action, changes) "
            "VALUES (now(), 'x', 'meeting', %s, 'create', '{}')",
            (str(meeting),),
        )
        conn.execute(
            "INSERT INTO meeting SELECT (r).* FROM (SELECT jsonb_populate_record("
            "NULL::meeting, to_jsonb(m) || jsonb_build_object('id', %s::text, 'number', %s::text, "
            "'classification', 'secret', 'visit_id', NULL)) AS r FROM meeting AS m "
            "WHERE id = %s) AS q",
            (meeting, f"1405-{next(_counter):04d}", ids["meeting"]),
        )
    with connect(server, "staff") as conn:
        row = conn.execute(
            "SELECT count(*) FROM audit_event WHERE entity_id = %s", (str(meeting),)
        ).fetchone()
        assert row == (0,)
    with connect(server, None) as conn:
        row = conn.execute(
            "SELECT count(*) FROM audit_event WHERE entity_id = %s", (str(meeting),)
        ).fetchone()
        assert row == (1,)


def _marks(conn: psycopg.Connection[Any]) -> dict[str, set[str]]:
    """Every hidden row of every table, each as its content without the mark."""
    return {
        table: {
            str(r[0])
            for r in conn.execute(
                f"SELECT (to_jsonb(t) - '{access.HIDDEN_COLUMN}')::text FROM {table} AS t "
                f"WHERE {access.HIDDEN_COLUMN}"
            )
        }
        for table in access.flagged_tables()
    }


def test_recomputing_every_mark_agrees_with_what_the_triggers_kept(server: Server) -> None:
    """The set-wise recomputation (after a bulk copy without triggers, and when the
    column is added) and the row-wise triggers are two writings of the same rules."""
    from sqlalchemy import create_engine

    ids = _records(server)
    _as_cleared(server, "UPDATE visit SET classification = 'secret' WHERE id = %s", ids["visit"])
    with connect(server, None) as conn:
        kept = _marks(conn)
        assert kept["statement"] and kept["search_doc"] and kept["blob"]
        with conn.transaction():
            for table in access.flagged_tables():
                conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                conn.execute(
                    f"UPDATE {table} SET {access.HIDDEN_COLUMN} = NOT {access.HIDDEN_COLUMN}"
                )
                conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        assert _marks(conn) != kept
    engine = create_engine(make_url(server.url).set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as sa_conn:
            assert access.refresh_hidden(sa_conn) > 0
    finally:
        engine.dispose()
    with connect(server, None) as conn:
        assert _marks(conn) == kept


def test_migration_0012_comes_and_goes_and_fails_closed_between(server: Server) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from peyvand.storage import migrate

    ids = _records(server)
    _as_cleared(
        server, "UPDATE meeting SET classification = 'secret' WHERE id = %s", ids["meeting"]
    )
    engine = create_engine(make_url(server.url).set(drivername="postgresql+psycopg"))
    try:
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
        with connect(server, None) as conn:
            assert conn.execute(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = %s",
                (access.HIDDEN_COLUMN,),
            ).fetchone() == (0,)
        with connect(server, "cleared") as conn:  # no policy left: nothing is read
            assert conn.execute("SELECT count(*) FROM statement").fetchone() == (0,)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
    seen = _seen(server, "staff", ids)
    assert (seen["visit"], seen["meeting"], seen["statements"], seen["file"]) == (1, 0, 0, 0)
    assert _seen(server, "cleared", ids) == _seen(server, None, ids)


def test_the_server_schema_is_the_models_and_the_marks_beside_them(server: Server) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from peyvand.domain import metadata
    from peyvand.storage.schema_extras import is_extra_object

    engine = create_engine(make_url(server.url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_object": lambda _o, name, type_, _r, _c: (
                        not is_extra_object(type_, name)
                    ),
                    "compare_type": True,
                },
            )
            assert compare_metadata(context, metadata) == []
            marks = conn.exec_driver_sql(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = %(c)s",
                {"c": access.HIDDEN_COLUMN},
            ).scalar_one()
    finally:
        engine.dispose()
    assert marks == len(access.flagged_tables())


def _plan(conn: psycopg.Connection[Any], sql: str) -> str:
    conn.execute("SET enable_seqscan = off")
    return "\n".join(str(r[0]) for r in conn.execute(f"EXPLAIN {sql}"))


def test_a_search_under_row_level_security_uses_the_search_indexes(server: Server) -> None:
    """Without the LEAKPROOF mark PostgreSQL may not use an index for ``@@`` or LIKE on a
    table under row-level security: it reads every row, whatever the planner is told."""
    words = "SELECT rowid FROM search_doc WHERE words @@ CAST('x' AS tsquery)"
    grams = "SELECT rowid FROM search_doc WHERE grams LIKE '%abc%'"
    with connect(server, "staff") as conn:
        assert "ix_search_doc_words" in _plan(conn, words)
        assert "ix_search_doc_grams" in _plan(conn, grams)
    with connect(server, None) as conn:
        for signature in access.LEAKPROOF_SEARCH:
            conn.execute(f"ALTER FUNCTION pg_catalog.{signature} NOT LEAKPROOF")
    try:
        with connect(server, "staff") as conn:
            assert "ix_search_doc_words" not in _plan(conn, words)
    finally:
        with connect(server, None) as conn:
            for signature in access.LEAKPROOF_SEARCH:
                conn.execute(f"ALTER FUNCTION pg_catalog.{signature} LEAKPROOF")


def test_the_command_line_says_when_a_superuser_must_mark_the_search(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    from peyvand.cli import main

    with connect(server, None) as conn:
        for signature in access.LEAKPROOF_SEARCH:
            conn.execute(f"ALTER FUNCTION pg_catalog.{signature} NOT LEAKPROOF")
    assert main(["server", "init", "--db", server.url]) == 0
    out = capsys.readouterr().out
    assert "Already set up" in out and "ALTER FUNCTION pg_catalog.textlike" in out
    # Run by a superuser (as here), an upgrade marks them.
    assert main(["server", "upgrade", "--db", server.url]) == 0
    out = capsys.readouterr().out
    assert "already at schema" in out and "LEAKPROOF" not in out
    with connect(server, "staff") as conn:
        assert "ix_search_doc_words" in _plan(
            conn, "SELECT rowid FROM search_doc WHERE words @@ CAST('x' AS tsquery)"
        )


def test_an_administrator_changes_a_record_only_to_resolve_a_conflict_about_it(
    server: Server,
) -> None:
    from peyvand.services import conflicts

    ids = _records(server)
    laptop = "نشست شهردار و معاون وزیر"
    db = ServerDatabase.connect(server.url)
    try:
        with db.session() as s:
            conflict = MergeConflict(
                package_id=str(uuid.uuid4()),
                entity="meeting",
                entity_id=str(ids["meeting"]),
                field="title",
                kind="field",
                key_hash=uuid.uuid4().hex,
                values={"base": "نشست شهردار", "office": "نشست شهردار", "laptop": laptop},
            )
            s.add(conflict)
            s.flush()
            seq = conflict.seq
    finally:
        db.close()
    assert seq is not None
    with connect(server, "admin") as conn:
        # Records without an open conflict about them are not the administrator's.
        assert (
            conn.execute("UPDATE visit SET title = 'x' WHERE id = %s", (ids["visit"],)).rowcount
            == 0
        )
        assert conn.execute("UPDATE person SET name = 'x'").rowcount == 0
        with conn.transaction():  # the meeting is, while its conflict is open
            assert (
                conn.execute(
                    "UPDATE meeting SET place = place WHERE id = %s", (ids["meeting"],)
                ).rowcount
                == 1
            )
            raise psycopg.Rollback()
    url = make_url(server.url).set(username=server.logins["admin"])
    admin = ServerDatabase.connect(url.render_as_string(hide_password=False))
    try:
        conflicts.resolve(admin, seq, "laptop")
    finally:
        admin.close()
    with connect(server, None) as conn:
        row = conn.execute("SELECT title FROM meeting WHERE id = %s", (ids["meeting"],)).fetchone()
        assert row == (laptop,)
    with connect(server, "admin") as conn:  # resolved: no longer theirs to change
        assert (
            conn.execute(
                "UPDATE meeting SET place = place WHERE id = %s", (ids["meeting"],)
            ).rowcount
            == 0
        )
