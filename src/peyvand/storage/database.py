"""Opening a database: check, back up, migrate, and hand out units of work."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

from peyvand.domain.errors import PeyvandError
from peyvand.paths import backup_dir_for
from peyvand.storage import migrate, schema_check, search_index, unit_of_work
from peyvand.storage.backup import (
    backup_file,
    backup_name,
    integrity_problems,
    is_network_path,
)
from peyvand.storage.engine import make_engine
from peyvand.storage.trip_package import (
    KdfCost,
    UnlockedPackage,
    backup_package,
    package_engine,
    package_problems,
    unlock_package,
)

log = logging.getLogger(__name__)


class PeyvandSession(Session):
    """A session whose flushes keep revisions, audit rows and the search index in step."""


unit_of_work.install(PeyvandSession)


class Database:
    """One open database file. Services get their sessions from here."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        read_engine: Engine | None = None,
        package: UnlockedPackage | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.read_engine = read_engine or make_engine(path, for_reading=True)
        # Set when this is a trip package (encrypted; see open_package).
        self.package = package

    @property
    def is_trip(self) -> bool:
        return self.package is not None

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
        state = migrate.inspect_schema(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if state.needs_upgrade and state.revision is not None:
            target = (backup_dir or backup_dir_for(path)) / backup_name(path, "pre-migration")
            backup_file(path, target)
            log.info("backed up before migration to %s", target)
        engine = make_engine(path)
        if state.needs_upgrade:
            migrate.upgrade(engine)
            log.info("schema of %s upgraded from %s to %s", path, state.revision, state.head)
        with engine.begin() as conn:
            dropped = search_index.drop_fts_statistics(conn)
        if dropped:
            # Connections keep the statistics they loaded: start the pool afresh.
            engine.dispose()
        return cls(path, engine)

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
        if is_network_path(path):
            raise PeyvandError("db.network_path", path=str(path))
        package = unlock_package(path, passphrase, cost=cost or KdfCost.DEFAULT)
        engine = package_engine(package)
        try:
            revision = _checked_package_revision(engine, path)
            if revision != migrate.HEAD_REVISION:
                if revision is not None:
                    target = (backup_dir or backup_dir_for(path)) / backup_name(
                        path, "pre-migration"
                    )
                    backup_package(package, target)
                    log.info("backed up the package before migration to %s", target)
                migrate.upgrade(engine)
            with engine.begin() as conn:
                search_index.drop_fts_statistics(conn)
        except BaseException:
            engine.dispose()
            raise
        return cls(
            path, engine, read_engine=package_engine(package, for_reading=True), package=package
        )

    @contextmanager
    def session(self, **info: Any) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception.

        ``info`` goes to ``session.info`` (see unit_of_work: ``actor``, import flags).
        """
        actor = info.pop(unit_of_work.ACTOR_KEY, None)
        with PeyvandSession(self.engine, expire_on_commit=False) as session:
            if actor:
                session.info[unit_of_work.ACTOR_KEY] = actor
            if self.package is not None:
                session.info[unit_of_work.TRIP_MODE_KEY] = True
            session.info.update(info)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end; never writes)."""
        with PeyvandSession(self.read_engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    def integrity_problems(self) -> list[str]:
        if self.package is not None:
            return package_problems(self.package)
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
            return backup_package(self.package, target)
        return backup_file(self.path, target)

    def is_empty(self) -> bool:
        with self.read_engine.connect() as conn:
            for table in ("person", "organization", "meeting", "visit", "action", "unit"):
                if conn.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first():
                    return False
        return True

    def optimize(self) -> None:
        """Refresh the planner's statistics where they are stale (sampled, so quick).

        SQLite recommends this before closing; list queries at 500,000 rows depend on
        the planner choosing the list-order indexes.
        """
        with self.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit=400")
            conn.exec_driver_sql("PRAGMA optimize")
            search_index.drop_fts_statistics(conn)

    def close(self) -> None:
        try:
            self.optimize()
        except Exception:  # a locked or read-only file must not stop closing
            log.warning("PRAGMA optimize failed on close", exc_info=True)
        self.engine.dispose()
        self.read_engine.dispose()


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
