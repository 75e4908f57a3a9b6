"""Accounts on the office server: PostgreSQL logins and their group roles.

Everything goes through the SECURITY DEFINER functions of storage/access.py
(``peyvand_account_add`` …), which run as the owner and check that the caller is an
administrator (or the owner): no login ever needs CREATEROLE. A password is never sent:
the client computes its SCRAM-SHA-256 verifier (libpq's ``PQencryptPasswordConn``,
through psycopg) and only the verifier reaches the server, so it cannot appear in the
server's statement log or ours (the engines hide parameters from messages and logs).
A login without a password signs in by Kerberos/SSPI (``pg_hba.conf``).

Logins are disabled (``NOLOGIN``), never dropped: the audit trail keeps their names.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from peyvand.domain.accounts import Role
from peyvand.errors import PeyvandError
from peyvand.storage import server_names

_TAKEN: Final = "42710"  # duplicate_object
_UNKNOWN: Final = "42704"  # undefined_object
_BAD_VALUE: Final = "22023"  # invalid_parameter_value


@dataclass(frozen=True)
class LoginRecord:
    login: str
    display_name: str
    person_id: uuid.UUID | None
    unit_id: uuid.UUID | None
    roles: frozenset[Role]
    disabled: bool


@dataclass(frozen=True)
class Identity:
    """Who this connection is: its login, and whether it is the tables' owner (or a
    superuser), whom row-level security does not apply to."""

    login: str
    is_owner: bool


def scram_verifier(conn: Connection, login: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of ``password`` for ``login``, computed here."""
    raw: Any = conn.connection.dbapi_connection
    verifier: bytes = raw.pgconn.encrypt_password(
        password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
    )
    return verifier.decode("ascii")


def _call(conn: Connection, sql: str, params: dict[str, Any], login: str) -> None:
    try:
        conn.execute(text(sql), params)
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state == _TAKEN:
            raise PeyvandError("account.login_taken", login=login) from None
        if state == _UNKNOWN:
            raise PeyvandError("account.unknown_login", login=login) from None
        if state == _BAD_VALUE:
            raise PeyvandError("account.bad_role", role=str(params.get("roles"))) from None
        raise


def _role_names(roles: Iterable[Role]) -> list[str]:
    return sorted({Role(r).value for r in roles})


def add(
    conn: Connection,
    login: str,
    roles: Iterable[Role],
    *,
    password: str | None,
    display_name: str,
    person_id: uuid.UUID | None,
    unit_id: uuid.UUID | None,
) -> None:
    verifier = None if password is None else scram_verifier(conn, login, password)
    _call(
        conn,
        f"SELECT {server_names.PREFIX}account_add(:login, :verifier, CAST(:roles AS text[]), "
        ":display, :person, :unit)",
        {
            "login": login,
            "verifier": verifier,
            "roles": _role_names(roles),
            "display": display_name,
            "person": person_id,
            "unit": unit_id,
        },
        login,
    )


def set_roles(conn: Connection, login: str, roles: Iterable[Role]) -> None:
    _call(
        conn,
        f"SELECT {server_names.PREFIX}account_roles(:login, CAST(:roles AS text[]))",
        {"login": login, "roles": _role_names(roles)},
        login,
    )


def link(
    conn: Connection,
    login: str,
    person_id: uuid.UUID | None,
    unit_id: uuid.UUID | None,
    display_name: str | None = None,
) -> None:
    _call(
        conn,
        f"SELECT {server_names.PREFIX}account_link(:login, :person, :unit, :display)",
        {"login": login, "person": person_id, "unit": unit_id, "display": display_name},
        login,
    )


def disable(conn: Connection, login: str) -> None:
    _call(conn, f"SELECT {server_names.PREFIX}account_disable(:login)", {"login": login}, login)


_LOGINS_SQL = f"""
SELECT u.login, u.display_name, u.person_id, u.unit_id,
       u.disabled OR NOT coalesce(r.rolcanlogin, false) AS disabled,
       ARRAY(
           SELECT substr(g.rolname, {len(server_names.GROUP_PREFIX) + 1})
           FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid
           WHERE m.member = r.oid AND g.rolname IN ({
    ", ".join(f"'{server_names.group(role)}'" for role in Role)
})
       ) AS roles
FROM app_user AS u LEFT JOIN pg_roles AS r ON r.rolname = u.login
"""


def _record(row: Any) -> LoginRecord:
    return LoginRecord(
        login=row.login,
        display_name=row.display_name,
        person_id=row.person_id,
        unit_id=row.unit_id,
        roles=frozenset(Role(name) for name in row.roles),
        disabled=bool(row.disabled),
    )


def logins(conn: Connection) -> list[LoginRecord]:
    rows = conn.execute(text(_LOGINS_SQL + " ORDER BY u.login"))
    return [_record(row) for row in rows]


def login_record(conn: Connection, login: str) -> LoginRecord | None:
    row = conn.execute(text(_LOGINS_SQL + " WHERE u.login = :login"), {"login": login}).first()
    return _record(row) if row is not None else None


def identity(conn: Connection) -> Identity:
    row = conn.execute(
        text(f"SELECT session_user AS login, {server_names.PREFIX}is_owner() AS owner")
    ).one()
    return Identity(str(row.login), bool(row.owner))


def group_roles(conn: Connection, login: str) -> frozenset[Role]:
    """The roles ``login`` holds directly (a login with no app_user row too)."""
    names = conn.execute(
        text(
            "SELECT g.rolname FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid "
            "JOIN pg_roles AS u ON u.oid = m.member WHERE u.rolname = :login"
        ),
        {"login": login},
    ).scalars()
    by_group = {server_names.group(role): role for role in Role}
    return frozenset(by_group[name] for name in names if name in by_group)


def known_ids(conn: Connection, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` any table of the office holds, rows hidden from this login
    included (a SECURITY DEFINER function: it answers yes or no, nothing more)."""
    wanted = list(ids)
    if not wanted:
        return set()
    found = conn.execute(
        text(f"SELECT * FROM {server_names.PREFIX}known_ids(CAST(:ids AS uuid[]))"),
        {"ids": [str(i) for i in wanted]},
    ).scalars()
    return {value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)) for value in found}
