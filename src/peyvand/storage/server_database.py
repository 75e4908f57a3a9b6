"""The office server as a :class:`Database`: the same units of work, lists, search and
services as a SQLite file, with PostgreSQL underneath (storage/server.py).

What differs is decided here, below the services: the schema is created only by
``peyvand server init`` and migrated only by ``peyvand server upgrade`` (a workstation
that opens an older server is told to ask for the upgrade instead of migrating it under
its colleagues' feet); backups are the server's job (``peyvand server backup``), so this
database has no local backup folder; integrity is the server's own business.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL

from peyvand.errors import PeyvandError
from peyvand.storage import access, migrate, server
from peyvand.storage.change_feed import Listener, Notice
from peyvand.storage.database import Database

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key: one schema change at a time across the office.
_SCHEMA_LOCK = 0x5045_5956  # "PEYV"


class ServerDatabase(Database):
    """A PostgreSQL database shared by the office's workstations."""

    def __init__(self, url: URL, engine: Engine, read_engine: Engine) -> None:
        super().__init__(Path(), engine, read_engine=read_engine)
        self.url = url
        self._login: str | None = None

    # -- what differs from a file --------------------------------------------------------

    @property
    def path(self) -> Path:
        raise PeyvandError("server.no_file", server=self.label)

    @property
    def is_server(self) -> bool:
        return True

    @property
    def location(self) -> str:
        return self.url.set(drivername="postgresql").render_as_string(hide_password=False)

    @property
    def label(self) -> str:
        return server.describe(self.url)

    @property
    def has_local_backups(self) -> bool:
        return False

    @property
    def login(self) -> str:
        """The PostgreSQL login this workstation signed in as (``session_user``: what the
        database's own policies and triggers go by, whatever the URL said)."""
        if self._login is None:
            with self.read_engine.connect() as conn:
                self._login = str(conn.execute(text("SELECT session_user")).scalar_one())
        return self._login

    def change_listener(
        self, deliver: Callable[[Notice], None], on_state: Callable[[bool], None] | None = None
    ) -> Listener | None:
        args, kwargs = self.engine.dialect.create_connect_args(self.url)

        def connect() -> Any:
            import psycopg

            params = dict(kwargs)
            if not params.get("password"):
                stored = server.stored_password(self.url)
                if stored:
                    params["password"] = stored
            params.setdefault("connect_timeout", server.CONNECT_TIMEOUT_S)
            # The same name as the workstation's other sessions: an idle window still
            # counts as connected when an upgrade asks (other_workstations).
            params["application_name"] = "Peyvand"
            return psycopg.connect(*args, autocommit=True, **params)

        return Listener(connect, deliver, on_state)

    def integrity_problems(self) -> list[str]:
        """What ``peyvand check`` reports: the schema version, and every table of the
        schema answering. (Page-level integrity is the server's, with its own tools.)"""
        problems: list[str] = []
        with self.read_engine.connect() as conn:
            state = migrate.inspect_server(conn, self.label)
            if state.needs_upgrade:
                problems.append(f"schema {state.revision}, this version needs {state.head}")
            for table in ("meeting", "visit", "action", "person", "search_doc"):
                conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first()
        return problems

    def schema_state(self) -> migrate.SchemaState:
        with self.read_engine.connect() as conn:
            return migrate.inspect_server(conn, self.label)

    def search_is_leakproof(self) -> bool:
        """Whether colleagues under row-level security search through the indexes
        (``access.LEAKPROOF_SEARCH``: a superuser's one-time step)."""
        with self.read_engine.connect() as conn:
            return access.search_is_leakproof(conn)

    def backup_to(self, target: Path) -> Path:
        raise PeyvandError("server.backup_elsewhere", server=self.label)

    def optimize(self) -> None:
        """PostgreSQL's autovacuum keeps the planner's statistics."""

    def close(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()

    # -- opening and setting up ------------------------------------------------------------

    @classmethod
    def connect(cls, spec: str, *, password: str | None = None) -> ServerDatabase:
        """Open the office server at ``spec`` (a ``postgresql://`` URL) for work: its
        schema must be this version's (``server init`` / ``server upgrade`` otherwise).
        ``password`` (Settings' «آزمودن اتصال», before it is stored) is held in memory
        only; otherwise the credential store or libpq's own sources give it."""
        database = cls._engines(spec, password)
        try:
            state = database.schema_state()
            if state.revision is None:
                raise PeyvandError("server.not_initialized", server=database.label)
            if state.needs_upgrade:
                raise PeyvandError(
                    "server.needs_upgrade",
                    server=database.label,
                    found=state.revision,
                    head=state.head,
                )
        except BaseException:
            database.close()
            raise
        return database

    @classmethod
    def _engines(cls, spec: str, password: str | None = None) -> ServerDatabase:
        url = server.server_url(spec)
        if password:
            url = url.set(password=password)
        return cls(
            url,
            server.make_server_engine(url),
            server.make_server_engine(url, for_reading=True),
        )

    @classmethod
    def initialize(cls, spec: str) -> tuple[ServerDatabase, bool]:
        """``peyvand server init``: create the schema in an empty database through the
        same migrations as a file (one history for both engines). Idempotent: a database
        already at this version is left as it is (returns ``False``). A database that
        holds anything else, or an older Peyvand schema, is refused."""
        database = cls._engines(spec)
        try:
            with database.engine.begin() as conn:
                _lock_schema(conn)
                state = migrate.inspect_server(conn, database.label)
                if state.revision is not None and state.needs_upgrade:
                    raise PeyvandError(
                        "server.needs_upgrade",
                        server=database.label,
                        found=state.revision,
                        head=state.head,
                    )
                created = state.revision is None
                if created:
                    migrate.upgrade_connection(conn)
                    log.info("created the Peyvand schema on %s", database.label)
        except BaseException:
            database.close()
            raise
        return database, created

    @classmethod
    def upgrade(cls, spec: str, *, ignore_others: bool = False) -> tuple[str | None, str]:
        """``peyvand server upgrade``: migrate the server's schema to this version in one
        transaction, refused while other Peyvand workstations are connected (their
        sessions would meet a schema they do not know) unless ``ignore_others``.
        Returns (revision before, revision after)."""
        database = cls._engines(spec)
        try:
            with database.engine.begin() as conn:
                _lock_schema(conn)
                state = migrate.inspect_server(conn, database.label)
                if state.revision is None:
                    raise PeyvandError("server.not_initialized", server=database.label)
                if not state.needs_upgrade:
                    access.mark_search_leakproof(conn)
                    return state.revision, state.head
                others = other_workstations(conn)
                if others and not ignore_others:
                    raise PeyvandError(
                        "server.others_connected",
                        server=database.label,
                        count=len(others),
                        who=", ".join(others[:5]),
                    )
                migrate.upgrade_connection(conn)
                log.info("upgraded %s from %s to %s", database.label, state.revision, state.head)
                return state.revision, state.head
        finally:
            database.close()


def _lock_schema(conn: Connection) -> None:
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})


def other_workstations(conn: Connection) -> list[str]:
    """Other Peyvand sessions on this database: ``user@address`` each."""
    rows: list[Any] = list(
        conn.execute(
            text(
                "SELECT usename, coalesce(host(client_addr), 'local') FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = 'Peyvand'"
            )
        )
    )
    return [f"{user}@{where}" for user, where in rows]
