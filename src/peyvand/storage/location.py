"""One way in: what ``--db`` names — a SQLite file, a trip package or the office server —
opened as a :class:`Database`.

The command line and the window only parse their arguments and call :func:`open_location`;
which engine, whether a backup comes first, whether the schema may be migrated here:
all that is decided below this line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from peyvand.errors import PeyvandError
from peyvand.storage import server
from peyvand.storage.database import Database

Passphrase = Callable[[], str]


def is_server(spec: str | Path) -> bool:
    return server.is_server_url(spec)


def is_trip_package(spec: str | Path) -> bool:
    from peyvand.storage.package_magic import is_package

    return not is_server(spec) and is_package(Path(spec))


def describe(spec: str | Path) -> str:
    """The location as it may be shown or logged (a server URL without its password)."""
    if is_server(spec):
        return server.describe(server.server_url(str(spec)))
    return str(spec)


def server_location(
    *, host: str, port: int, name: str, user: str, sslmode: str, sslrootcert: str
) -> str:
    """The office server chosen in Settings as a location ``open_location`` takes."""
    return server.build_url(
        host=host, port=port, database=name, user=user, sslmode=sslmode, sslrootcert=sslrootcert
    )


def open_location(
    spec: str | Path,
    *,
    create: bool = True,
    backup_dir: Path | None = None,
    passphrase: Passphrase | None = None,
) -> Database:
    """Open ``spec``: a ``postgresql://`` URL (office mode), a trip package (asks
    ``passphrase`` for its passphrase), or a SQLite file (created when ``create``)."""
    if is_server(spec):
        from peyvand.storage.server_database import ServerDatabase

        return ServerDatabase.connect(str(spec))
    path = Path(spec)
    if is_trip_package(path):
        if passphrase is None:
            raise PeyvandError("trip.passphrase_required")
        return Database.open_package(path, passphrase(), backup_dir=backup_dir)
    return Database.open(path, create=create, backup_dir=backup_dir)


def check_server(spec: str, *, password: str | None = None) -> str:
    """Open the office server at ``spec`` as the window would, then close it: its name
    (``peyvand on host:5432 (user)``) when it answers, signs in and holds this version's
    schema; otherwise the :class:`PeyvandError` saying which of these failed
    (``server.unreachable``, ``server.auth_failed``, ``server.no_database``,
    ``server.not_initialized``, ``server.needs_upgrade``, ``db.newer``…)."""
    from peyvand.storage.server_database import ServerDatabase

    database = ServerDatabase.connect(spec, password=password)
    try:
        return database.label
    finally:
        database.close()


def remember_password(spec: str, password: str) -> None:
    """Keep the password of the office server at ``spec`` in the operating system's
    credential store (never in Peyvand's settings or logs)."""
    server.store_password(server.server_url(spec), password)


def has_remembered_password(spec: str) -> bool:
    return server.stored_password(server.server_url(spec)) is not None
