"""Opening a database: check, back up, migrate, and hand out units of work."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, event, text

from peyvand.domain.accounts import Account
from peyvand.domain.errors import ConflictError, PermissionDeniedError, PeyvandError
from peyvand.paths import backup_dir_for
from peyvand.storage import (
    busy,
    failures,
    fts_statistics,
    medium,
    migrate,
    schema_check,
)
from peyvand.storage.engine import make_engine
from peyvand.storage.network_path import is_network_path

if TYPE_CHECKING:
    from sqlalchemy.orm.exc import StaleDataError
    from sqlmodel import Session

    from peyvand.storage.change_feed import Listener, Notice
    from peyvand.storage.trip_package import KdfCost, UnlockedPackage

log = logging.getLogger(__name__)


# Errors by which SQLite says a file cannot be written where Peyvand thought it could.
_READ_ONLY_SIGNS = frozenset({"db.read_only", "disk.read_only", "db.cant_open"})


# session.info key: (model, id, revision read) of the rows a server session changes, kept
# from each flush so that a zero-row UPDATE can be told apart afterwards (see session()).
_READ_REVISIONS = "peyvand_read_revisions"


def _note_read_revisions(session: Session, _context: Any, _instances: Any) -> None:
    noted = session.info.get(_READ_REVISIONS)
    if noted is None:
        return
    from sqlalchemy import inspect as sa_inspect

    for obj in list(session.dirty) + list(session.deleted):
        state = sa_inspect(obj)
        if state.identity is None or not hasattr(obj, "revision"):
            continue
        key = (type(obj), state.identity[0])
        # The first value seen is the one read: committed_state holds it while changed.
        noted.setdefault(key, int(state.committed_state.get("revision", obj.revision)))


@cache
def session_class() -> type[Session]:
    """The session class whose flushes keep revisions, audit rows and the search index
    in step, built on first use: it needs every table class (``domain.load_all``, about
    0.4 s with SQLModel's import), which the window's first paint and the light commands
    never do (they read through Core). ``PeyvandSession`` names the same class."""
    from sqlmodel import Session

    from peyvand import domain
    from peyvand.storage import unit_of_work

    domain.load_all()

    class PeyvandSession(Session):
        """A session whose flushes keep revisions, audit rows and the search index in
        step (storage/unit_of_work.py), and note the revisions a server session read."""

    unit_of_work.install(PeyvandSession)
    event.listen(PeyvandSession, "before_flush", _note_read_revisions)
    return PeyvandSession


def __getattr__(name: str) -> Any:
    if name == "PeyvandSession":
        return session_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Snapshot:
    """The connection (in its read transaction) that :meth:`Database.reading_together`
    shares, and what services memoized while it lasts."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.memo: dict[Any, Any] = {}
        # Built when a service first reads through the ORM: a screen that reads only
        # through Core (the dashboard, at start-up) never builds the session class.
        self._session: Session | None = None
        # The identity map holds objects weakly: services turn them into rows and drop
        # them, and the next service's get() by id would query again. Held here, they
        # stay until the snapshot ends.
        self._loaded: list[object] = []

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = session_class()(bind=self.connection, expire_on_commit=False)
            event.listen(self._session, "loaded_as_persistent", self._keep)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def _keep(self, _session: Session, instance: object) -> None:
        self._loaded.append(instance)


class Database:
    """One open database file. Services get their sessions from here."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        read_engine: Engine | None = None,
        package: UnlockedPackage | None = None,
        read_only: bool = False,
    ) -> None:
        self._path = path
        self.engine = engine
        self.read_engine = read_engine or make_engine(path, for_reading=True, read_only=read_only)
        # Set when this is a trip package (encrypted; see open_package).
        self.package = package
        # On a read-only medium (or file): everything reads, every write is refused.
        self.read_only = read_only
        # The snapshot a screen is reading from, per thread (see reading_together).
        self._together = threading.local()
        # Who the audit trail names for this database's units of work when a caller
        # does not say (services/accounts.current sets it: the person linked in
        # Settings on a workstation); None: the operating system's user name.
        self.actor: str | None = None
        # Who is signed in, once services/accounts.current has asked.
        self.account: Account | None = None

    @property
    def login(self) -> str:
        """The database login of this connection: the author of its drafts. A single
        workstation's file belongs to one user and has no logins ("")."""
        return ""

    @property
    def is_trip(self) -> bool:
        return self.package is not None

    @property
    def path(self) -> Path:
        """The database file (a SQLite file or a trip package)."""
        return self._path

    @property
    def is_server(self) -> bool:
        """Office mode: a PostgreSQL server (storage/server_database.py)."""
        return False

    @property
    def location(self) -> str:
        """What ``--db`` takes to open this database again (a path, or a server URL)."""
        return str(self._path)

    @property
    def label(self) -> str:
        """How the database is named to people (a file path, or a server)."""
        return str(self._path)

    def change_listener(
        self, deliver: Callable[[Notice], None], on_state: Callable[[bool], None] | None = None
    ) -> Listener | None:
        """A listener for other workstations' changes (office server); a file has none."""
        return None

    @property
    def has_local_backups(self) -> bool:
        """Whether Peyvand backs this database up itself (a file: yes; the office server
        is backed up by the server's own tools)."""
        return True

    @classmethod
    def open(cls, path: Path, *, create: bool = True, backup_dir: Path | None = None) -> Database:
        """Open ``path``, creating or upgrading its schema as needed.

        A database from a newer version is refused before anything is written; an
        existing one is backed up (verified) before any migration touches it. A file on a
        network share is refused outright (SQLite's locking is unsafe there).
        """
        path = Path(path)
        if is_network_path(path):
            # SQLite's locking is unreliable on network shares: refuse before touching it.
            raise PeyvandError("db.network_path", path=str(path))
        if not path.exists() and not create:
            raise PeyvandError("db.missing", path=str(path))
        try:
            return cls._open(path, backup_dir)
        except PeyvandError as exc:
            # A read-only medium the checks could not see (Windows: a write-protected
            # stick looks writable to os.access): SQLite found it. Read it read-only.
            if exc.msg_id not in _READ_ONLY_SIGNS or not path.is_file():
                raise
            if medium.is_read_only(path):
                raise
            medium.mark_read_only(path)
            log.info("%s could not be written (%s): opening it read-only", path, exc.msg_id)
            try:
                return cls._open(path, backup_dir)
            except PeyvandError:
                raise exc from None

    @classmethod
    def _open(cls, path: Path, backup_dir: Path | None) -> Database:
        state = migrate.inspect_schema(path)
        if path.exists() and medium.is_read_only(path):
            return cls._open_read_only(path, state)
        with failures.boundary(path):
            path.parent.mkdir(parents=True, exist_ok=True)
        if state.needs_upgrade and state.revision is not None:
            from peyvand.storage.backup import backup_file, backup_name

            target = (backup_dir or backup_dir_for(path)) / backup_name(path, "pre-migration")
            backup_file(path, target)
            log.info("backed up before migration to %s", target)
        engine = make_engine(path)
        if state.needs_upgrade:
            migrate.upgrade(engine)
            log.info("schema of %s upgraded from %s to %s", path, state.revision, state.head)
        database = cls(path, engine)
        database._drop_fts_statistics()
        return database

    @classmethod
    def _open_read_only(cls, path: Path, state: migrate.SchemaState) -> Database:
        """A database on a read-only medium, opened to be read: it must already be at
        this version's schema, since migrating it would be a write."""
        if state.revision is None:
            raise PeyvandError("db.read_only", path=str(path))
        if state.needs_upgrade:
            raise PeyvandError("db.read_only_old", path=str(path))
        log.info("%s is on a read-only medium: opened read-only", path)
        return cls(path, make_engine(path, read_only=True), read_only=True)

    def _drop_fts_statistics(self) -> None:
        """Stale FTS5 planner statistics (see fts_statistics.drop_fts_statistics) are
        dropped when that is free: found by a read, removed only if the write lock can
        be had at once. Opening to read never waits for, or fails on, another writer;
        close() tries again."""
        with self.read_engine.connect() as conn:
            if not fts_statistics.has_fts_statistics(conn):
                return
        try:
            with busy.without_waiting(), self.engine.begin() as conn:
                fts_statistics.drop_fts_statistics(conn)
        except PeyvandError as exc:  # busy, or read-only after all: next time
            log.info("FTS statistics of %s left for later: %s", self.path, exc.msg_id)
            return
        # Connections keep the statistics they loaded: start the pools afresh.
        self.engine.dispose()
        self.read_engine.dispose()

    @classmethod
    def open_package(
        cls,
        path: Path,
        passphrase: str,
        *,
        cost: KdfCost | None = None,
        backup_dir: Path | None = None,
    ) -> Database:
        """Open a trip package (see storage/trip_package.py) as a database.

        Its pages are authenticated and its schema must be exactly that of a package of
        its revision (storage/schema_check.py) before any of its tables is queried; an
        older schema is upgraded by the same migrations as an office database, after an
        encrypted backup; a newer one is refused with nothing written.
        """
        path = Path(path)
        from peyvand.storage.backup import backup_name

        if is_network_path(path):
            raise PeyvandError("db.network_path", path=str(path))
        from peyvand.storage.trip_package import KdfCost, package_engine, unlock_package

        read_only = path.exists() and medium.is_read_only(path)
        package = unlock_package(
            path, passphrase, cost=cost or KdfCost.DEFAULT, read_only=read_only
        )
        engine = package_engine(package)
        try:
            revision = _checked_package_revision(engine, path)
            if revision != migrate.HEAD_REVISION and read_only:
                raise PeyvandError("db.read_only_old", path=str(path))
            if revision != migrate.HEAD_REVISION:
                if revision is not None:
                    target = (backup_dir or backup_dir_for(path)) / backup_name(
                        path, "pre-migration"
                    )
                    from peyvand.storage.trip_package import backup_package

                    backup_package(package, target)
                    log.info("backed up the package before migration to %s", target)
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        database = cls(
            path,
            engine,
            read_engine=package_engine(package, for_reading=True),
            package=package,
            read_only=read_only,
        )
        if not read_only:
            database._drop_fts_statistics()
        return database

    @contextmanager
    def session(self, **info: Any) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception.

        ``info`` goes to ``session.info`` (see unit_of_work: ``actor``, import flags).
        """
        if self.read_only:
            raise PeyvandError("db.read_only", path=str(self.path))
        from sqlalchemy.orm.exc import StaleDataError

        from peyvand.storage import unit_of_work

        actor = info.pop(unit_of_work.ACTOR_KEY, None) or self.actor
        with session_class()(self.engine, expire_on_commit=False) as session:
            if actor:
                session.info[unit_of_work.ACTOR_KEY] = actor
            if self.is_server:
                session.info[_READ_REVISIONS] = {}
            if self.package is not None:
                session.info[unit_of_work.TRIP_MODE_KEY] = True
            session.info.update(info)
            try:
                yield session
                session.commit()
            except StaleDataError as exc:
                # Another workstation saved one of these rows after this one read it
                # (the revision guard, domain/base.py): nothing of this unit is kept.
                table = _stale_table(exc)
                noted = session.info.get(_READ_REVISIONS) or {}
                read = [
                    (model, key, revision)
                    for (model, key), revision in noted.items()
                    if getattr(model, "__tablename__", None) == table
                ]
                session.rollback()
                if read and self._refused_by_policy(read):
                    raise PermissionDeniedError("account.not_permitted") from exc
                raise ConflictError("record.stale", entity=table) from exc
            except BaseException:
                session.rollback()
                raise

    def _refused_by_policy(self, read: list[tuple[type[Any], Any, int]]) -> bool:
        """Whether an UPDATE that changed no row was refused by a row-level policy
        (the office server's rules filter it out: zero rows, like a stale revision)
        rather than beaten by another save: no row of the table that this unit changed
        has a newer revision now, or one has become hidden from this login."""
        with self.reading() as session:
            for model, key, revision in read:
                now = session.get(model, key)
                if now is not None and now.revision != revision:
                    return False
        return True

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end; never writes). Inside
        :meth:`reading_together` it reads from that shared snapshot instead."""
        shared: _Snapshot | None = getattr(self._together, "snapshot", None)
        if shared is not None:
            # One session for the whole snapshot: a record a second service asks for
            # again (the visit, by its id) comes from its identity map, without a query.
            yield shared.session
            return
        with session_class()(self.read_engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A read-only connection for Core queries (the shared one inside
        :meth:`reading_together`, else one of the read engine's)."""
        shared: _Snapshot | None = getattr(self._together, "snapshot", None)
        if shared is not None:
            yield shared.connection
            return
        with self.read_engine.connect() as conn:
            yield conn

    @contextmanager
    def reading_together(self) -> Iterator[None]:
        """Every read of this thread inside the block — however many services and
        sessions it goes through — shares one read transaction on one connection.

        Why: opening a screen reads through many services, and each read unit of work
        costs a connection check-out (a ping on the server), a BEGIN and a ROLLBACK.
        On a SQLite file that is nothing; on the office server each is a network round
        trip, and a screen of ten reads paid forty. Together they cost three, and the
        screen shows one consistent snapshot. Nested blocks join the outer one.
        """
        if getattr(self._together, "snapshot", None) is not None:
            yield
            return
        with self.read_engine.connect() as conn:
            shared = _Snapshot(conn)
            self._together.snapshot = shared
            try:
                with conn.begin():
                    yield
            finally:
                self._together.snapshot = None
                shared.close()  # the connection's transaction ends with the block

    def snapshot_memo(self) -> dict[Any, Any] | None:
        """Inside :meth:`reading_together`, a dictionary that lives as long as the shared
        snapshot: a service may keep there what it read, since reading it again from the
        same snapshot gives the same rows. None outside."""
        shared: _Snapshot | None = getattr(self._together, "snapshot", None)
        return shared.memo if shared is not None else None

    def integrity_problems(self) -> list[str]:
        if self.package is not None:
            from peyvand.storage.trip_package import package_problems

            return package_problems(self.package)
        from peyvand.storage.backup import integrity_problems

        return integrity_problems(self.path)

    def schema_state(self) -> migrate.SchemaState:
        if self.package is not None:
            with self.read_engine.connect() as conn:
                revision = schema_check.revision_of(conn.connection.dbapi_connection)
            return migrate.SchemaState(True, revision, migrate.HEAD_REVISION)
        return migrate.inspect_schema(self.path)

    def backup_to(self, target: Path) -> Path:
        """A verified copy at ``target``: SQLite's backup API, or for a trip package an
        encrypted copy (same passphrase); nothing in plain text ever reaches the disk."""
        if self.package is not None:
            from peyvand.storage.trip_package import backup_package

            return backup_package(self.package, target)
        from peyvand.storage.backup import backup_file

        return backup_file(self.path, target)

    def ping(self) -> None:
        """One round trip: raises the engine's failure (``server.unreachable`` for a
        server that went away) when the database does not answer."""
        with self.read_engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def is_empty(self) -> bool:
        with self.read_engine.connect() as conn:
            for table in ("person", "organization", "meeting", "visit", "action", "unit"):
                if conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():
                    return False
        return True

    def optimize(self) -> None:
        """Refresh the planner's statistics where they are stale (sampled, so quick).

        SQLite recommends this before closing; list queries at 500,000 rows depend on
        the planner choosing the list-order indexes. Optional work: done only when the
        write lock is free now (``db.busy`` otherwise), never on a read-only database.
        """
        if self.read_only:
            return
        with busy.without_waiting(), self.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit=400")
            conn.exec_driver_sql("PRAGMA optimize")
            fts_statistics.drop_fts_statistics(conn)

    def close(self) -> None:
        try:
            self.optimize()
        except PeyvandError as exc:  # another program writes, the disk is full…
            log.info("PRAGMA optimize skipped on close: %s", exc.msg_id)
        except Exception:  # nothing on closing may stop the close
            log.warning("PRAGMA optimize failed on close", exc_info=True)
        self.engine.dispose()
        self.read_engine.dispose()


_STALE_TABLE = re.compile(r"on table '([a-z_]+)'")


def _stale_table(exc: StaleDataError) -> str:
    found = _STALE_TABLE.search(str(exc))
    return found[1] if found else "record"


def _checked_package_revision(engine: Engine, path: Path) -> str | None:
    """The package's schema revision, after the exact-schema check (see schema_check)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        try:
            revision = schema_check.revision_of(raw)
        except schema_check.BadRevisionError as exc:
            raise PeyvandError("trip.bad_schema", path=str(path), detail=str(exc)) from None
        if revision not in (None, migrate.HEAD_REVISION) and (
            revision not in migrate.known_revisions()
        ):
            raise PeyvandError(
                "trip.newer_schema", path=str(path), found=revision, known=migrate.HEAD_REVISION
            )
        differences = schema_check.schema_differences(raw, revision)
    if differences:
        raise PeyvandError("trip.bad_schema", path=str(path), detail="; ".join(differences[:5]))
    return revision
