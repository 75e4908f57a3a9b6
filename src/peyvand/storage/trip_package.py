"""Trip packages: one encrypted SQLCipher 4 file, keyed from a passphrase by Argon2id.

The container only; what goes into a package and how it is merged back live elsewhere.
See ``docs/trip-package.md`` for the file layout and the reasoning.

* The first 16 bytes of a SQLCipher 4 file are its salt, stored in plain. Ours is
  ``b"PVT"`` + the container version (one byte) + 12 random bytes, set explicitly when the
  file is made. A file is recognised as a package, and its key-derivation scheme chosen,
  before any key is derived or any page decrypted.
* The key is Argon2id(normalized passphrase, those 16 bytes) and is handed to SQLCipher as
  a raw key (``PRAGMA key = "x'…'"``): the passphrase itself never reaches SQLCipher, SQL
  text or a URL.
* Every connection uses ``journal_mode=DELETE`` and ``temp_store=MEMORY``: the package is
  always one self-contained file and nothing is spilled to disk in plain.
* SQLCipher authenticates every page (HMAC-SHA512); ``PRAGMA cipher_integrity_check``
  verifies them all on every open.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from peyvand import __version__
from peyvand.errors import PeyvandError
from peyvand.storage import backup_catalogue as catalogue
from peyvand.storage import busy, failures, medium, scratch
from peyvand.storage.package_magic import MAGIC
from peyvand.text.normalize import normalize_input

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Byte 3 of the file: how the key is made and how SQLCipher is set up. A new KDF or new
# cipher settings mean a new container version; an unknown one is refused unread.
CONTAINER_VERSION: Final = 1
SALT_SIZE: Final = 16  # SQLCipher's salt: MAGIC + container version + random bytes
RANDOM_SALT_BYTES: Final = SALT_SIZE - len(MAGIC) - 1
KEY_SIZE: Final = 32  # AES-256
PAGE_SIZE: Final = 4096  # SQLCipher 4 default, pinned by cipher_compatibility = 4
# Layout of the tables inside (package_meta.format_version). Raise it with an upgrade step.
FORMAT_VERSION: Final = 1

_HMAC_FAILURE = re.compile(r"HMAC verification failed for page (\d+)")


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost. ``DEFAULT`` is fixed by container version 1; tests pass a cheap one."""

    memory_kib: int
    iterations: int
    lanes: int

    DEFAULT: ClassVar[KdfCost]


# RFC 9106's second recommended setting: 64 MiB, 3 passes, 4 lanes (~0.2 s on a desktop).
KdfCost.DEFAULT = KdfCost(memory_kib=64 * 1024, iterations=3, lanes=4)


def derive_key(passphrase: str, salt: bytes, cost: KdfCost = KdfCost.DEFAULT) -> bytes:
    """The 32-byte SQLCipher key for ``passphrase`` (normalized like other typed text)."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    normalized = normalize_input(passphrase)
    if not normalized:
        raise PeyvandError("trip.passphrase_required")
    kdf = Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    )
    return kdf.derive(normalized.encode("utf-8"))


def create_package(path: Path, passphrase: str, *, cost: KdfCost = KdfCost.DEFAULT) -> None:
    """Make a new, empty package at ``path`` (which must not exist yet).

    The file is built beside ``path`` and renamed into place, so an interrupted run never
    leaves a half-made package under the real name.
    """
    path = Path(path)
    if path.exists():
        raise PeyvandError("trip.exists", path=str(path))
    salt = MAGIC + bytes([CONTAINER_VERSION]) + os.urandom(RANDOM_SALT_BYTES)
    key = derive_key(passphrase, salt, cost)
    with failures.boundary(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = scratch.partial_path(path)
    try:
        with failures.boundary(path):
            conn = _connect(partial, key, salt=salt)
            try:
                conn.execute("BEGIN IMMEDIATE")
                _create_meta(conn)
                conn.execute(
                    "INSERT INTO package_meta (id, format_version, app_version, created_at) "
                    "VALUES (1, ?, ?, ?)",
                    (FORMAT_VERSION, __version__, _now()),
                )
                conn.execute("COMMIT")
            finally:
                conn.close()
            with partial.open("rb") as fh:
                if fh.read(SALT_SIZE) != salt:  # SQLCipher ignored the salt: unopenable
                    raise RuntimeError("SQLCipher did not store the package salt")
            os.replace(partial, path)
    finally:
        for side in (partial, partial.with_name(partial.name + "-journal")):
            side.unlink(missing_ok=True)


@dataclass(frozen=True)
class UnlockedPackage:
    """A package whose key is known and whose pages all passed authentication."""

    path: Path
    key: bytes = field(repr=False)  # never in a log line or a traceback's locals repr
    # On a read-only medium: opened with SQLite's read-only URI, never written.
    read_only: bool = False


def unlock_package(
    path: Path, passphrase: str, *, cost: KdfCost = KdfCost.DEFAULT, read_only: bool = False
) -> UnlockedPackage:
    """Verify ``path`` (every page), upgrade an older container layout, return its key.

    Refused with a :class:`PeyvandError` (nothing decrypted or written): a missing file
    (``trip.missing``), a file that is not a package (``trip.not_package``), a wrong
    passphrase (``trip.wrong_passphrase``), a package from a newer version
    (``trip.newer_version``), a page that fails authentication (``trip.tampered``).
    ``read_only``: nothing is written (an older container layout is refused then).
    """
    path, key = _unlock(Path(path), passphrase, cost)
    _verify_and_upgrade(path, key, read_only=read_only)
    return UnlockedPackage(path, key, read_only)


def open_package(path: Path, passphrase: str, *, cost: KdfCost = KdfCost.DEFAULT) -> Engine:
    """:func:`unlock_package`, then an engine on the package."""
    return package_engine(unlock_package(path, passphrase, cost=cost))


def package_engine(package: UnlockedPackage, *, for_reading: bool = False) -> Engine:
    """An engine on an unlocked package: writers ``BEGIN IMMEDIATE``, readers deferred."""
    return _make_engine(
        package.path, package.key, for_reading=for_reading, read_only=package.read_only
    )


def package_problems(package: UnlockedPackage) -> list[str]:
    """Page authentication, ``integrity_check`` and ``foreign_key_check`` findings."""
    dbapi = _dbapi()
    problems = _cipher_problems(package.path, package.key, read_only=package.read_only)
    if problems:
        return problems
    conn = _connect(package.path, package.key, read_only=package.read_only)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except dbapi.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    found = [str(row[0]) for row in rows if row[0] != "ok"]
    return found + [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in fk_rows]


def backup_package(package: UnlockedPackage, target: Path) -> Path:
    """An encrypted copy of the package at ``target`` (same key, same passphrase).

    The bytes are copied while this connection holds the write lock (with
    ``journal_mode=DELETE`` the main file is then complete and unchanging); the copy is
    verified page by page before it gets its name, as plain backups are.
    """
    target = Path(target)
    partial = scratch.partial_path(target)
    try:
        with failures.boundary(target):
            target.parent.mkdir(parents=True, exist_ok=True)
            conn = _connect(package.path, package.key, read_only=package.read_only)
            try:
                if not package.read_only:
                    busy.begin_immediate(conn, package.path)
                try:
                    shutil.copyfile(package.path, partial)
                finally:
                    if not package.read_only:
                        conn.execute("ROLLBACK")
            finally:
                conn.close()
        problems = package_problems(UnlockedPackage(partial, package.key))
        if problems:
            raise PeyvandError("db.corrupt", path=str(package.path), detail="; ".join(problems[:3]))
        with failures.boundary(target):
            catalogue.record(target, catalogue.sha256_of(partial))
            partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def upgrade_package(path: Path, passphrase: str, *, cost: KdfCost = KdfCost.DEFAULT) -> int:
    """Bring the package's layout to :data:`FORMAT_VERSION`; return the version it had.

    A package already current is not written to at all.
    """
    path, key = _unlock(Path(path), passphrase, cost)
    return _verify_and_upgrade(path, key)


def check_package(path: Path, passphrase: str, *, cost: KdfCost = KdfCost.DEFAULT) -> list[str]:
    """Problems found by ``cipher_integrity_check`` and ``integrity_check``; ``[]`` if none.

    Raises only when the package cannot be checked at all (missing, not a package, wrong
    passphrase, newer container); damage is reported in the list.
    """
    dbapi = _dbapi()
    path, key = _unlock(Path(path), passphrase, cost)
    problems = _cipher_problems(path, key)
    if problems:
        if _all_pages_fail(path, problems):
            raise PeyvandError("trip.wrong_passphrase", path=str(path))
        return problems
    conn = _connect(path, key)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except dbapi.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [str(row[0]) for row in rows if row[0] != "ok"]


# --- format versions -----------------------------------------------------------------


def _create_meta(conn: Any) -> None:
    conn.execute(
        "CREATE TABLE package_meta ("
        " id INTEGER PRIMARY KEY CHECK (id = 1),"
        " format_version INTEGER NOT NULL,"
        " app_version TEXT NOT NULL,"  # the Peyvand that made or last upgraded it
        " created_at TEXT NOT NULL)"
    )


def _upgrade_0_to_1(conn: Any) -> None:
    # Format 0 (pre-release builds) had no package_meta table.
    _create_meta(conn)
    conn.execute(
        "INSERT INTO package_meta (id, format_version, app_version, created_at) "
        "VALUES (1, 0, 'unknown', ?)",
        (_now(),),
    )


# _UPGRADES[n] turns format n into format n + 1, inside the caller's transaction.
_UPGRADES: Final[dict[int, Callable[[Any], None]]] = {0: _upgrade_0_to_1}


def _format_version(conn: Any, path: Path) -> int:
    """The package's format version, after ``package_meta`` proved to be exactly
    Peyvand's table holding exactly one well-formed row (read before the exact-schema
    check, so nothing is trusted here: any other shape is ``trip.bad_meta``)."""
    objects = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE lower(name) = 'package_meta' OR lower(tbl_name) = 'package_meta'"
    ).fetchall()
    if not objects:
        return 0  # format 0: the pre-release layout, with no package_meta at all
    from peyvand.storage.schema_check import expected_package_schema

    if {tuple(row) for row in objects} != expected_package_schema(None):
        raise _bad_meta(path, "package_meta is not the table Peyvand makes")
    rows = conn.execute(
        "SELECT typeof(id), id, typeof(format_version), format_version,"
        " typeof(app_version), CAST(app_version AS BLOB),"
        " typeof(created_at), CAST(created_at AS BLOB) FROM package_meta LIMIT 2"
    ).fetchall()
    if len(rows) != 1:
        raise _bad_meta(path, f"package_meta holds {'no' if not rows else 'more than one'} row")
    id_type, row_id, version_type, version, app_type, app, created_type, created = rows[0]
    if id_type != "integer" or row_id != 1:
        raise _bad_meta(path, "package_meta id")
    if version_type != "integer" or version < 1 or version > MAX_FORMAT_VERSION:
        # Format 0 never has a package_meta row; a negative, huge, text or NULL
        # "version" was not written by any Peyvand.
        raise _bad_meta(path, "format_version")
    if app_type != "text" or _meta_text(app) is None:
        raise _bad_meta(path, "app_version")
    created_text = _meta_text(created) if created_type == "text" else None
    if created_text is None or not _is_aware_timestamp(created_text):
        raise _bad_meta(path, "created_at")
    found: int = version
    return found


# A format version above this was not written by Peyvand but forged: refused as such
# rather than as "made by a newer version" (which asks the user to update).
MAX_FORMAT_VERSION: Final = 1000
_META_TEXT_MAX: Final = 64


def _meta_text(raw: object) -> str | None:
    """A short, printable UTF-8 text, or None."""
    if not isinstance(raw, bytes) or not 0 < len(raw) <= 4 * _META_TEXT_MAX:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if len(text) <= _META_TEXT_MAX and text.isprintable() else None


def _is_aware_timestamp(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    return moment.tzinfo is not None


def _bad_meta(path: Path, detail: str) -> PeyvandError:
    return PeyvandError("trip.bad_meta", path=str(path), detail=detail)


def _verify_and_upgrade(path: Path, key: bytes, *, read_only: bool = False) -> int:
    dbapi = _dbapi()
    conn = _open_checked(path, key, read_only=read_only)
    try:
        try:
            found = _format_version(conn, path)
        except dbapi.DatabaseError as exc:
            raise PeyvandError("trip.tampered", path=str(path), detail=str(exc)) from exc
        if found > FORMAT_VERSION:
            # Refused before anything but package_meta has been read.
            raise PeyvandError(
                "trip.newer_version", path=str(path), found=found, known=FORMAT_VERSION
            )
        problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
        if problems:
            raise PeyvandError("trip.tampered", path=str(path), detail="; ".join(problems[:3]))
        if found < FORMAT_VERSION and read_only:
            raise PeyvandError("db.read_only_old", path=str(path))
        if found < FORMAT_VERSION:
            busy.begin_immediate(conn, path)
            try:
                for version in range(found, FORMAT_VERSION):
                    _UPGRADES[version](conn)
                conn.execute(
                    "UPDATE package_meta SET format_version = ?, app_version = ? WHERE id = 1",
                    (FORMAT_VERSION, __version__),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return found
    finally:
        conn.close()


# --- SQLCipher -----------------------------------------------------------------------


def _dbapi() -> Any:
    # Imported here: the rest of the application starts without SQLCipher loaded.
    import sqlcipher3.dbapi2  # type: ignore[import-untyped]

    return sqlcipher3.dbapi2


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _unlock(path: Path, passphrase: str, cost: KdfCost) -> tuple[Path, bytes]:
    """Check the plain header, then derive the key from the file's own salt."""
    if not path.is_file():
        raise PeyvandError("trip.missing", path=str(path))
    size = path.stat().st_size
    with path.open("rb") as fh:
        salt = fh.read(SALT_SIZE)
    if len(salt) < SALT_SIZE or not salt.startswith(MAGIC):
        raise PeyvandError("trip.not_package", path=str(path))
    container = salt[len(MAGIC)]
    if container > CONTAINER_VERSION:
        raise PeyvandError(
            "trip.newer_version", path=str(path), found=container, known=CONTAINER_VERSION
        )
    if container != CONTAINER_VERSION:
        raise PeyvandError("trip.not_package", path=str(path))
    if size < 2 * PAGE_SIZE or size % PAGE_SIZE:
        # Every package has at least the schema page and package_meta's page.
        raise PeyvandError("trip.tampered", path=str(path), detail=f"size {size}")
    return path, derive_key(passphrase, salt, cost)


def _keyed(path: Path, key: bytes, *, salt: bytes | None = None, read_only: bool = False) -> Any:
    """A connection with the key set; nothing has been read yet, so nothing checked."""
    dbapi = _dbapi()
    with failures.boundary(path):
        conn = dbapi.connect(
            medium.read_uri(path) if read_only else str(path),
            uri=read_only,
            isolation_level=None,
            timeout=busy.busy_timeout_ms() / 1000,
        )
    try:
        # SQLCipher's own log (level WARN) writes "ERROR CORE sqlcipher_page_cipher: hmac
        # check failed…" to stderr for every wrong passphrase; Peyvand says it once, in
        # the user's language. The level is process-wide; set here so that no connection
        # can come first.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # A raw key (64 hex digits, + 32 for the salt of a new file): SQLCipher runs no KDF.
        raw = key.hex() + (salt.hex() if salt is not None else "")
        conn.execute(f"PRAGMA key = \"x'{raw}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: Any, *, read_only: bool = False) -> None:
    """Per-connection settings (these read page 1, so the key must be right)."""
    if not read_only:  # setting a journal mode may write
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _connect(path: Path, key: bytes, *, salt: bytes | None = None, read_only: bool = False) -> Any:
    conn = _keyed(path, key, salt=salt, read_only=read_only)
    try:
        _configure(conn, read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return conn


def _cipher_problems(path: Path, key: bytes, *, read_only: bool = False) -> list[str]:
    conn = _keyed(path, key, read_only=read_only)
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()


def _all_pages_fail(path: Path, problems: list[str]) -> bool:
    """A wrong key fails every page; tampering fails only the pages that were changed."""
    failed = {int(m.group(1)) for p in problems if (m := _HMAC_FAILURE.search(p))}
    return len(failed) >= path.stat().st_size // PAGE_SIZE


def _open_checked(path: Path, key: bytes, *, read_only: bool = False) -> Any:
    """A connection whose key has decrypted page 1, or the reason it could not."""
    dbapi = _dbapi()
    conn = _keyed(path, key, read_only=read_only)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _configure(conn, read_only=read_only)
    except dbapi.DatabaseError as exc:
        conn.close()
        disk = failures.translate(exc, path)
        if disk is not None:  # a full or read-only disk, another writer: not the key
            raise disk from exc
        problems = _cipher_problems(path, key, read_only=read_only)
        if not problems:
            # Every page authenticated, so the key is right: the schema is what fails.
            raise PeyvandError("trip.bad_schema", path=str(path), detail=str(exc)) from exc
        if _all_pages_fail(path, problems):
            raise PeyvandError("trip.wrong_passphrase", path=str(path)) from exc
        raise PeyvandError("trip.tampered", path=str(path), detail="; ".join(problems[:3])) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _make_engine(
    path: Path, key: bytes, *, for_reading: bool = False, read_only: bool = False
) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(
        "sqlite://",
        creator=lambda: _connect(path, key, read_only=read_only),
        module=_dbapi(),
        # No pooled connection keeps the file open: once a unit of work ends, the package
        # can be moved, copied or deleted.
        poolclass=NullPool,
        json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
    )

    def _begin(conn: Any) -> None:
        # As in storage/engine.py: a unit of work takes the write lock up front (waiting
        # visibly for another writer, storage/busy.py); a reader's deferred BEGIN sees
        # one consistent state; nothing writes a package on a read-only medium.
        if for_reading:
            conn.exec_driver_sql("BEGIN")
        elif read_only:
            raise PeyvandError("db.read_only", path=str(path))
        else:
            busy.begin_immediate(conn.connection.dbapi_connection, path)

    event.listen(engine, "begin", _begin)
    failures.install(engine, path)
    return engine
