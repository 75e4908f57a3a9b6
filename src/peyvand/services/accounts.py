"""People and permissions: who is signed in, and the office server's accounts.

In office mode every colleague signs in as their own PostgreSQL login; their roles are
memberships of the ``peyvand_*`` group roles and the database enforces them
(storage/access.py). :func:`current` tells the window who that is and what they may
do (``domain.accounts.Account``), so that it hides what the database would refuse.

A single workstation (SQLite) has no accounts: its file belongs to the signed-in
Windows user, nothing is enforced, and :func:`current` returns an unenforced account
named after the person linked in Settings — the name its audit trail records.

Both also make the account this database's actor: the name written into the audit
trail, progress notes and conflict resolutions of its units of work. (On the office
server the database sets the audit actor itself, from ``session_user``.)
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterable
from typing import Final

from sqlalchemy import select

from peyvand.config import Settings
from peyvand.domain import core_tables
from peyvand.domain.accounts import Account, Role, unenforced
from peyvand.domain.errors import PeyvandError, ValidationError
from peyvand.storage import accounts as server_accounts
from peyvand.storage.actor import current_actor
from peyvand.storage.database import Database

_LOGIN_RE: Final = re.compile(r"[A-Za-z0-9_.@-]{1,63}")
_RESERVED: Final = ("pg_", "peyvand_")


def _require_server(db: Database) -> None:
    if not db.is_server:
        raise PeyvandError("account.single_workstation", path=str(db.label))


def _check_login(login: str) -> str:
    login = (login or "").strip()
    if not _LOGIN_RE.fullmatch(login) or login.lower().startswith(_RESERVED):
        raise ValidationError("account.bad_login", field="login", login=login)
    return login


def _roles(roles: Iterable[Role | str]) -> frozenset[Role]:
    out: set[Role] = set()
    for role in roles:
        try:
            out.add(Role(role))
        except ValueError:
            raise ValidationError("account.bad_role", field="roles", role=str(role)) from None
    if not out:
        raise ValidationError("account.no_role", field="roles")
    return frozenset(out)


def person_name(db: Database, person_id: uuid.UUID | None) -> str:
    """The name of a live person ("" for none, a deleted or a hidden one). Through Core:
    the window names the signed-in person before its first paint (issue 16)."""
    if person_id is None:
        return ""
    p = core_tables.person.c
    with db.read_connection() as conn:
        name = conn.execute(
            select(p.name).where(p.id == person_id, p.deleted_at.is_(None))
        ).scalar_one_or_none()
    return str(name) if name is not None else ""


def _account(record: server_accounts.LoginRecord) -> Account:
    return Account(
        login=record.login,
        display_name=record.display_name,
        roles=record.roles,
        person_id=record.person_id,
        unit_id=record.unit_id,
        enforced=True,
        disabled=record.disabled,
    )


def signed_in(db: Database) -> Account:
    """The account of ``db``'s connection without Settings: the one :func:`current`
    found, else on the server the login's own, and on a workstation an unenforced
    account of the operating system's user."""
    if db.account is not None:
        return db.account
    if not db.is_server:
        return unenforced(current_actor())
    # Core on a plain read connection: the window's start in office mode needs no ORM
    # (issue 16; sqlmodel and the table classes cost about 0.15 s of it).
    with db.read_connection() as conn:
        who = server_accounts.identity(conn)
        record = server_accounts.login_record(conn, who.login)
        roles = server_accounts.group_roles(conn, who.login)
    if who.is_owner:
        # The owner of the tables: every grant, no row-level security (server init,
        # import-local, pg_dump). No person signs in with it.
        roles = frozenset(Role)
    if record is None:
        return Account(login=who.login, roles=roles, enforced=True)
    return dataclasses.replace(_account(record), roles=roles)


def current(db: Database, settings: Settings) -> Account:
    """Who is signed in, and what they may do. Also makes them ``db``'s actor."""
    if db.is_server:
        db.account = None  # read afresh: an administrator may have changed the roles
        account = signed_in(db)
    else:
        linked_name = person_name(db, settings.current_person_id)
        account = dataclasses.replace(
            unenforced(current_actor(), settings.current_person_id, linked_name),
            unit_id=settings.current_unit_id,
        )
    db.account = account
    db.actor = account.name
    return account


def accounts(db: Database) -> list[Account]:
    """Every account of the office server, disabled ones included, by login."""
    _require_server(db)
    with db.reading() as session:
        return [_account(r) for r in server_accounts.logins(session.connection())]


def _one(db: Database, login: str) -> Account:
    with db.reading() as session:
        record = server_accounts.login_record(session.connection(), login)
    if record is None:
        raise PeyvandError("account.unknown_login", login=login)
    return _account(record)


def add_account(
    db: Database,
    login: str,
    roles: Iterable[Role | str],
    *,
    password: str | None,
    display_name: str = "",
    person_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> Account:
    """A new colleague: a PostgreSQL login (with ``password``, or none for Kerberos/SSPI
    single sign-on), member of the group roles of ``roles``, linked to a person and a
    unit. Without a display name the person's name is used."""
    _require_server(db)
    login = _check_login(login)
    wanted = _roles(roles)
    display_name = (display_name or "").strip() or person_name(db, person_id)
    with db.session() as session:
        server_accounts.add(
            session.connection(),
            login,
            wanted,
            password=password,
            display_name=display_name,
            person_id=person_id,
            unit_id=unit_id,
        )
    return _one(db, login)


def set_roles(db: Database, login: str, roles: Iterable[Role | str]) -> Account:
    """Exactly ``roles`` from now on (the others are revoked)."""
    _require_server(db)
    wanted = _roles(roles)
    with db.session() as session:
        server_accounts.set_roles(session.connection(), login, wanted)
    return _one(db, login)


def link(
    db: Database, login: str, person_id: uuid.UUID | None, unit_id: uuid.UUID | None
) -> Account:
    """Link the login to the person it is and to their unit (the audit trail then names
    the person; «کارهای من» and «کارهای واحد من» follow them)."""
    _require_server(db)
    name = person_name(db, person_id) or None
    with db.session() as session:
        server_accounts.link(session.connection(), login, person_id, unit_id, name)
    return _one(db, login)


def disable(db: Database, login: str) -> Account:
    """The login may no longer sign in. Never deleted: the audit trail keeps its name."""
    _require_server(db)
    with db.session() as session:
        server_accounts.disable(session.connection(), login)
    return _one(db, login)


__all__ = [
    "accounts",
    "add_account",
    "current",
    "disable",
    "link",
    "set_roles",
    "signed_in",
]
