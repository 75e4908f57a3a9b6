"""People and permissions, enforced by the office server itself (migration 0010).

For each role a login connects with raw SQL (psycopg, not the application) and tries to
read, write and delete every table, classified rows, search documents and audit rows:
it gets exactly what the policy allows. The expectations are written out here by hand
(not derived from storage/access.py), so a wrong rule there fails a test here.

One database per module, cloned from the migrated template and filled once by the
owner; every attempt runs in a transaction that is rolled back.
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
from peyvand.config import Settings
from peyvand.domain import (
    Action,
    ActionNote,
    AgendaItem,
    Attachment,
    Blob,
    Decision,
    Gift,
    ItineraryItem,
    Letter,
    LetterRevision,
    Meeting,
    MergeConflict,
    Participant,
    Person,
    Statement,
    TripExportRecord,
    TripExportRow,
    Unit,
    Visit,
    VisitMember,
    metadata,
)
from peyvand.domain.accounts import Role
from peyvand.domain.enums import Classification
from peyvand.services import accounts
from peyvand.storage import access
from peyvand.storage.server_database import ServerDatabase

SECRET = Classification.SECRET
CONFIDENTIAL = Classification.CONFIDENTIAL


@dataclass(frozen=True)
class Office:
    url: str
    name: str
    logins: dict[str, str]  # role name -> login
    ids: dict[str, uuid.UUID]  # what -> id


def _login_names() -> dict[str, str]:
    tag = f"pvt{os.getpid()}{uuid.uuid4().hex[:6]}"
    return {
        who: f"{tag}_{who}"
        for who in ("reader", "staff", "cleared_staff", "cleared", "admin", "disabled")
    }


def _fill(db: ServerDatabase) -> dict[str, uuid.UUID]:
    """A few open and classified records of every kind, written by the owner through
    the application (so audit rows and search documents exist as in real use)."""
    ids: dict[str, uuid.UUID] = {}
    numbers = iter(range(1, 100))

    def n() -> str:
        return f"1405-{next(numbers):03d}"

    with db.session() as s:
        unit = Unit(name="واحد اروپا")
        s.add(unit)
        s.flush()  # no ORM relationships: parents are flushed before their children
        me = Person(name="مریم رضایی", unit_id=unit.id)
        other = Person(name="علی کریمی")
        s.add_all([me, other])
        s.flush()
        open_visit = Visit(number=n(), title="سفر هیئت باز")
        secret_visit = Visit(number=n(), title="سفر سری هیئت", classification=SECRET)
        s.add_all([open_visit, secret_visit])
        s.flush()
        open_meeting = Meeting(number=n(), title="جلسهٔ عادی", date=dt.date(2026, 1, 5))
        conf_meeting = Meeting(
            number=n(),
            title="جلسهٔ محرمانهٔ ویژه",
            date=dt.date(2026, 1, 6),
            classification=CONFIDENTIAL,
        )
        # Open by its own mark, but part of a secret visit: hidden with the visit.
        under_secret = Meeting(
            number=n(),
            title="جلسهٔ درون سفر سری",
            date=dt.date(2026, 1, 7),
            visit_id=secret_visit.id,
        )
        s.add_all([open_meeting, conf_meeting, under_secret])
        s.flush()
        for meeting in (open_meeting, conf_meeting):
            s.add(Participant(meeting_id=meeting.id, person_id=other.id))
            s.flush()
            s.add(AgendaItem(meeting_id=meeting.id, text="دستور " + meeting.title))
            s.add(Statement(meeting_id=meeting.id, text="سخن " + meeting.title))
        open_decision = Decision(meeting_id=open_meeting.id, text="مصوبهٔ باز")
        conf_decision = Decision(meeting_id=conf_meeting.id, text="مصوبهٔ محرمانه")
        s.add_all([open_decision, conf_decision])
        for visit in (open_visit, secret_visit):
            s.add(VisitMember(visit_id=visit.id, person_id=other.id))
            s.add(ItineraryItem(visit_id=visit.id, day=dt.date(2026, 1, 5), activity="بازدید"))
            s.add(Gift(visit_id=visit.id, description="هدیه"))
        s.flush()
        my_action = Action(
            number=n(), title="کار من", owner_person_id=me.id, source_decision_id=open_decision.id
        )
        others_action = Action(number=n(), title="کار دیگری", owner_person_id=other.id)
        conf_action = Action(
            number=n(),
            title="کار از مصوبهٔ محرمانه",
            source_decision_id=conf_decision.id,
            owner_person_id=me.id,
        )
        s.add_all([my_action, others_action, conf_action])
        s.flush()
        s.add(ActionNote(action_id=conf_action.id, text="یادداشت محرمانه"))
        s.add(ActionNote(action_id=my_action.id, text="یادداشت باز"))
        open_letter = Letter(subject="نامهٔ باز")
        conf_letter = Letter(subject="نامهٔ محرمانه", meeting_id=conf_meeting.id)
        s.add_all([open_letter, conf_letter])
        s.flush()
        s.add(
            LetterRevision(
                letter_id=conf_letter.id, edition=1, revised_at=dt.datetime.now(dt.UTC), reason="x"
            )
        )
        blobs = {}
        for name in ("open", "hidden", "shared"):
            data = name.encode()
            blob = Blob(sha256=hashlib.sha256(data).hexdigest(), size=len(data), data=data)
            s.add(blob)
            blobs[name] = blob
        s.flush()
        s.add(Attachment(blob_sha256=blobs["open"].sha256, name="a", meeting_id=open_meeting.id))
        s.add(Attachment(blob_sha256=blobs["hidden"].sha256, name="b", meeting_id=conf_meeting.id))
        s.add(Attachment(blob_sha256=blobs["shared"].sha256, name="c", meeting_id=conf_meeting.id))
        s.add(Attachment(blob_sha256=blobs["shared"].sha256, name="d", visit_id=open_visit.id))
        package = str(uuid.uuid4())
        s.add(
            TripExportRecord(
                package_id=package,
                visit_id=str(secret_visit.id),
                visit_number="",
                exported_at=dt.datetime.now(dt.UTC),
                exported_by="x",
            )
        )
        s.flush()
        s.add(
            TripExportRow(
                package_id=package,
                table_name="visit",
                row_id=str(secret_visit.id),
                origin="exported",
            )
        )
        for meeting in (open_meeting, conf_meeting):
            s.add(
                MergeConflict(
                    package_id=str(uuid.uuid4()),
                    entity="meeting",
                    entity_id=str(meeting.id),
                    field="title",
                    kind="field",
                    key_hash=uuid.uuid4().hex,
                )
            )
        ids.update(
            unit=unit.id,
            me=me.id,
            other=other.id,
            open_visit=open_visit.id,
            secret_visit=secret_visit.id,
            open_meeting=open_meeting.id,
            conf_meeting=conf_meeting.id,
            under_secret=under_secret.id,
            open_decision=open_decision.id,
            conf_decision=conf_decision.id,
            my_action=my_action.id,
            others_action=others_action.id,
            conf_action=conf_action.id,
            conf_letter=conf_letter.id,
            hidden_blob=blobs["hidden"].id,
            shared_blob=blobs["shared"].id,
        )
    return ids


@pytest.fixture(scope="module")
def office(pg_template: str) -> Iterator[Office]:
    name = pg_support.new_name("peyvand_perm")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    logins = _login_names()
    db = ServerDatabase.connect(url)
    try:
        ids = _fill(db)
        roles = {
            "reader": ["reader"],
            "staff": ["staff"],
            "cleared_staff": ["staff", "cleared"],
            "cleared": ["cleared"],
            "admin": ["admin"],
            "disabled": ["staff", "cleared"],
        }
        for who, login in logins.items():
            person = ids["me"] if who == "reader" else None
            accounts.add_account(
                db,
                login,
                roles[who],
                password=None,
                display_name=f"Person {who}",
                person_id=person,
            )
        accounts.disable(db, logins["disabled"])
        db.close()
        yield Office(url, name, logins, ids)
    finally:
        db.close()
        pg_support.drop_database(name)
        _drop_roles(logins.values())


def _drop_roles(logins: Any) -> None:
    with psycopg.connect(_conninfo(pg_support.admin_url()), autocommit=True) as conn:
        for login in logins:
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _conninfo(url: Any) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def connect(office: Office, who: str) -> psycopg.Connection[Any]:
    url = make_url(office.url).set(username=office.logins[who])
    return psycopg.connect(_conninfo(url))


ROLES = ("reader", "staff", "cleared_staff", "cleared", "admin")
# Tables of the schema, and the search index (created by SQL, not a model).
TABLES = sorted({t.name for t in metadata.sorted_tables} | {"search_doc", "alembic_version"})
SYNCED = {
    "unit", "organization", "person", "partnership", "agreement", "visit", "visit_member",
    "itinerary_item", "gift", "meeting", "participant", "agenda_item", "statement", "decision",
    "action", "action_note", "checklist_template", "checklist_template_item",
    "letter_template", "letter", "letter_revision", "blob", "attachment",
}  # fmt: skip


def _expected(who: str, command: str, table: str) -> bool:
    """What each role may do to each table, as the issue states it."""
    if table == "trip_base":
        return False  # copies of exported rows live only inside packages
    if table == "draft":
        return True  # everyone keeps drafts, each their own
    if command == "SELECT":
        return True
    staff = who in ("staff", "cleared_staff")
    # Every role may write these, but a reader (or cleared-only) login only the rows its
    # own follow-ups need — the row policies, tried row by row in the tests below.
    if table == "audit_event":
        return command == "INSERT"  # never UPDATE or DELETE
    if table == "search_doc":
        return command in ("INSERT", "DELETE")
    if table == "action_note" and command == "INSERT":
        return True
    if command == "DELETE":
        return False  # records are deleted by a tombstone (an UPDATE), never by DELETE
    if table == "blob":
        return staff and command == "INSERT"  # content is immutable
    if table in SYNCED:
        return staff or (who == "admin" and command == "UPDATE")
    if table == "number_counter":
        return staff
    if table == "merge_conflict":
        return staff or (who == "admin" and command == "UPDATE")
    if table in ("trip_export", "trip_export_row"):
        return staff and command == "INSERT"
    return False  # app_user, alembic_version, trip_info: read only


def _attempt(conn: psycopg.Connection[Any], sql: str) -> bool:
    try:
        conn.execute(sql)
        return True
    except psycopg.errors.InsufficientPrivilege:
        return False
    finally:
        conn.rollback()


def _first_column(conn: psycopg.Connection[Any], table: str) -> str:
    row = conn.execute(
        # pg_attribute, not information_schema: that one hides what the login may not use.
        "SELECT attname FROM pg_attribute WHERE attrelid = CAST(%s AS regclass) AND attnum > 0 "
        "AND NOT attisdropped AND attname NOT IN ('id', 'seq', 'rowid') ORDER BY attnum LIMIT 1",
        (table,),
    ).fetchone()
    conn.rollback()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize("who", ROLES)
def test_each_role_may_read_write_and_delete_exactly_what_the_policy_allows(
    office: Office, who: str
) -> None:
    found: dict[tuple[str, str], bool] = {}
    wanted: dict[tuple[str, str], bool] = {}
    with connect(office, who) as conn:
        for table in TABLES:
            column = _first_column(conn, table)
            attempts = {
                "SELECT": f'SELECT count(*) FROM "{table}"',
                "INSERT": f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false',
                "UPDATE": f'UPDATE "{table}" SET "{column}" = "{column}" WHERE false',
                "DELETE": f'DELETE FROM "{table}" WHERE false',
            }
            for command, sql in attempts.items():
                found[(table, command)] = _attempt(conn, sql)
                wanted[(table, command)] = _expected(who, command, table)
    differing = {key: found[key] for key in found if found[key] != wanted[key]}
    assert differing == {}


# What each hidden thing is, and how to count it: (table, condition).
CLASSIFIED_ROWS = {
    "secret visit": ("visit", "id = %(secret_visit)s"),
    "confidential meeting": ("meeting", "id = %(conf_meeting)s"),
    "meeting of a secret visit": ("meeting", "id = %(under_secret)s"),
    "its participants": ("participant", "meeting_id = %(conf_meeting)s"),
    "its agenda": ("agenda_item", "meeting_id = %(conf_meeting)s"),
    "its statements": ("statement", "meeting_id = %(conf_meeting)s"),
    "its decisions": ("decision", "meeting_id = %(conf_meeting)s"),
    "visit members": ("visit_member", "visit_id = %(secret_visit)s"),
    "itinerary": ("itinerary_item", "visit_id = %(secret_visit)s"),
    "gifts": ("gift", "visit_id = %(secret_visit)s"),
    "follow-up from its decision": ("action", "id = %(conf_action)s"),
    "the follow-up's notes": ("action_note", "action_id = %(conf_action)s"),
    "its letters": ("letter", "id = %(conf_letter)s"),
    "letter revisions": ("letter_revision", "letter_id = %(conf_letter)s"),
    "its attachments": ("attachment", "meeting_id = %(conf_meeting)s"),
    "a file only it uses": ("blob", "id = %(hidden_blob)s"),
    "its search document": (
        "search_doc",
        "entity = 'meeting' AND entity_id = replace(%(conf_meeting)s::text, '-', '')",
    ),
    "audit rows about it": ("audit_event", "entity_id = %(conf_meeting)s::text"),
    "audit rows about its statements": (
        "audit_event",
        "entity = 'statement' AND entity_id IN (SELECT id::text FROM statement "
        "WHERE meeting_id = %(conf_meeting)s)",
    ),
    "merge conflicts about it": ("merge_conflict", "entity_id = %(conf_meeting)s::text"),
    "trip export of the secret visit": ("trip_export", "visit_id = %(secret_visit)s::text"),
    "rows of that export": ("trip_export_row", "row_id = %(secret_visit)s::text"),
}


def _owner_counts(office: Office) -> dict[str, int]:
    with psycopg.connect(_conninfo(make_url(office.url))) as conn:
        return {
            what: _count(conn, table, where, office.ids)
            for what, (table, where) in CLASSIFIED_ROWS.items()
        }


def _count(conn: psycopg.Connection[Any], table: str, where: str, ids: dict[str, Any]) -> int:
    sql = f"SELECT count(*) FROM {table} WHERE {where}"
    row = conn.execute(sql, {k: v for k, v in ids.items()}).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("who", ROLES)
def test_classified_rows_and_all_that_carries_them_are_seen_only_by_the_cleared(
    office: Office, who: str
) -> None:
    everything = _owner_counts(office)
    assert all(count > 0 for count in everything.values()), everything
    with connect(office, who) as conn:
        seen = {
            what: _count(conn, table, where, office.ids)
            for what, (table, where) in CLASSIFIED_ROWS.items()
        }
    cleared = who in ("cleared", "cleared_staff")
    assert seen == (everything if cleared else dict.fromkeys(everything, 0))


def test_open_rows_stay_visible_and_a_shared_file_stays_with_its_open_use(office: Office) -> None:
    with connect(office, "staff") as conn:
        ids = office.ids
        assert _count(conn, "meeting", "id = %(open_meeting)s", ids) == 1
        assert _count(conn, "action", "id IN (%(my_action)s, %(others_action)s)", ids) == 2
        assert _count(conn, "blob", "id = %(shared_blob)s", ids) == 1
        assert _count(conn, "merge_conflict", "entity_id = %(open_meeting)s::text", ids) == 1
        titles = [r[0] for r in conn.execute("SELECT title FROM search_doc")]
        assert "جلسهٔ عادی" in titles and not any("محرمانه" in t for t in titles)


def test_staff_who_are_not_cleared_cannot_write_classified_rows(office: Office) -> None:
    ids = office.ids
    with connect(office, "staff") as conn:
        updated = conn.execute(
            "UPDATE meeting SET title = 'x' WHERE id = %s", (ids["conf_meeting"],)
        ).rowcount
        conn.rollback()
        assert updated == 0
        for sql, params in (
            ("UPDATE meeting SET classification = 'secret' WHERE id = %s", (ids["open_meeting"],)),
            (
                "INSERT INTO meeting (id, created_at, updated_at, revision, title, date, kind, "
                "classification, is_final, number, number_provisional) VALUES (%s, now(), now(), "
                "1, 'x', '2026-01-01', 'other', 'secret', false, '', false)",
                (uuid.uuid4(),),
            ),
            (
                "INSERT INTO statement (id, created_at, updated_at, revision, meeting_id, "
                "position, text) VALUES (%s, now(), now(), 1, %s, 1, 'x')",
                (uuid.uuid4(), ids["conf_meeting"]),
            ),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql, params)
            conn.rollback()
    with connect(office, "cleared_staff") as conn:
        updated = conn.execute(
            "UPDATE meeting SET title = title WHERE id = %s", (ids["conf_meeting"],)
        ).rowcount
        conn.rollback()
        assert updated == 1
    with connect(office, "cleared") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE meeting SET title = title WHERE id = %s", (ids["conf_meeting"],))


def test_a_reader_changes_the_status_and_notes_of_their_own_follow_ups_only(
    office: Office,
) -> None:
    ids = office.ids
    with connect(office, "reader") as conn:
        mine = conn.execute(
            "UPDATE action SET status = 'done', revision = revision + 1 WHERE id = %s",
            (ids["my_action"],),
        ).rowcount
        theirs = conn.execute(
            "UPDATE action SET status = 'done' WHERE id = %s", (ids["others_action"],)
        ).rowcount
        # Owned by the reader's person, but from a confidential meeting: hidden.
        hidden = conn.execute(
            "UPDATE action SET status = 'done' WHERE id = %s", (ids["conf_action"],)
        ).rowcount
        assert (mine, theirs, hidden) == (1, 0, 0)
        conn.execute(
            "INSERT INTO action_note (id, created_at, updated_at, revision, action_id, noted_at, "
            "author, text) VALUES (%s, now(), now(), 1, %s, now(), '', 'انجام شد')",
            (uuid.uuid4(), ids["my_action"]),
        )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE action SET title = 'x' WHERE id = %s", (ids["my_action"],))
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO action_note (id, created_at, updated_at, revision, action_id, "
                "noted_at, author, text) VALUES (%s, now(), now(), 1, %s, now(), '', 'x')",
                (uuid.uuid4(), ids["others_action"]),
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO audit_event (at, actor, entity, entity_id, action, changes) "
                "VALUES (now(), 'x', 'meeting', %s, 'update', '{}')",
                (str(ids["open_meeting"]),),
            )


def test_the_audit_actor_is_the_signed_in_login_whatever_the_client_writes(
    office: Office,
) -> None:
    with connect(office, "staff") as conn:
        row = conn.execute(
            "INSERT INTO audit_event (at, actor, entity, entity_id, action, changes) "
            "VALUES (now(), 'Mallory', 'meeting', %s, 'update', '{}') RETURNING actor",
            (str(office.ids["open_meeting"]),),
        ).fetchone()
        conn.rollback()
        assert row == ("Person staff",)
        for sql in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()


def test_drafts_are_their_authors_alone(office: Office) -> None:
    with connect(office, "staff") as conn:
        conn.execute(
            "INSERT INTO draft (author, key, kind, title, payload, saved_at) "
            "VALUES ('someone-else', 'meeting:new', 'meeting', 'پیش‌نویس', '{}', now())"
        )
        conn.commit()
        assert conn.execute("SELECT author FROM draft").fetchall() == [(office.logins["staff"],)]
    with connect(office, "cleared_staff") as conn:
        assert conn.execute("SELECT count(*) FROM draft").fetchone() == (0,)
        assert conn.execute("DELETE FROM draft").rowcount == 0


def test_hidden_ids_are_known_to_the_uniqueness_check_without_their_content(
    office: Office,
) -> None:
    with connect(office, "staff") as conn:
        hidden, fresh = office.ids["conf_meeting"], uuid.uuid4()
        found = conn.execute(
            "SELECT * FROM peyvand_known_ids(%s::uuid[])", ([str(hidden), str(fresh)],)
        ).fetchall()
        assert found == [(hidden,)]
        assert _count(conn, "meeting", "id = %(conf_meeting)s", office.ids) == 0


def test_a_disabled_login_cannot_connect(office: Office) -> None:
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        connect(office, "disabled")


def test_administrators_manage_accounts_but_not_their_own(office: Office) -> None:
    admin = ServerDatabase.connect(
        make_url(office.url)
        .set(username=office.logins["admin"])
        .render_as_string(hide_password=False)
    )
    staff = ServerDatabase.connect(
        make_url(office.url)
        .set(username=office.logins["staff"])
        .render_as_string(hide_password=False)
    )
    try:
        me = accounts.current(admin, Settings())
        assert me.roles == {Role.ADMIN} and me.enforced
        changed = accounts.set_roles(admin, office.logins["reader"], ["reader"])
        assert changed.roles == {Role.READER}
        from peyvand.domain.errors import PermissionDeniedError

        with pytest.raises(PermissionDeniedError):
            accounts.set_roles(admin, office.logins["admin"], ["admin", "cleared"])
        with pytest.raises(PermissionDeniedError):
            accounts.set_roles(staff, office.logins["staff"], ["staff", "cleared"])
    finally:
        admin.close()
        staff.close()


def test_every_table_has_an_access_rule_and_its_policies_are_installed(office: Office) -> None:
    tables = {t.name for t in metadata.sorted_tables} | {"search_doc", "alembic_version"}
    assert tables - set(access.RULES) == set(), "add the new table to storage/access.RULES"
    with psycopg.connect(_conninfo(make_url(office.url))) as conn:
        present = {
            r[0]
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        secured = {
            r[0]
            for r in conn.execute(
                "SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r'"
            )
        }
        with_policies = {r[0] for r in conn.execute("SELECT DISTINCT tablename FROM pg_policies")}
    assert present - set(access.RULES) == set()
    needs = {
        name
        for name, rule in access.RULES.items()
        if rule.kind not in (access.Kind.OPEN, access.Kind.PACKAGE_ONLY)
    }
    assert needs <= secured and needs <= with_policies
