"""Office mode: one PostgreSQL database that every workstation of the office shares.

Everything that differs from the SQLite file lives here and in ``search_pg``: the
location (a ``postgresql://`` URL), the engine and its sessions, the password (never in
Peyvand's settings, its logs or the URL it shows: the operating system's credential
store through ``keyring``, else libpq's own ``PGPASSFILE``/``.pgpass``, Kerberos/SSPI
or TLS client certificates, which libpq handles without Peyvand seeing them), the
failures a server adds (unreachable, refused sign-in, no such database) and the
notifications by which workstations learn of each other's changes.

Transactions: writers use READ COMMITTED, and every row they change is guarded by its
revision (``UPDATE … WHERE revision = :seen``, see unit_of_work), so two workstations
saving the same record at the same moment cannot both win; number counters are read
``FOR UPDATE`` in the writing transaction (services/numbering). Readers use REPEATABLE
READ, READ ONLY: one consistent snapshot per unit of work, as SQLite's WAL readers have.
"""

from __future__ import annotations

import contextlib
import json
import logging
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from peyvand.errors import PeyvandError
from peyvand.storage import failures

if TYPE_CHECKING:
    from sqlalchemy.engine import ExceptionContext

log = logging.getLogger(__name__)

SCHEMES: Final = ("postgresql", "postgres", "postgresql+psycopg")
DRIVER: Final = "postgresql+psycopg"
DEFAULT_PORT: Final = 5432
# Notifications of committed changes (a JSON payload per changed record).
CHANNEL: Final = "peyvand_changes"
# The credential store's service name; the user name is "user@host:port/database".
KEYRING_SERVICE: Final = "Peyvand"
CONNECT_TIMEOUT_S: Final = 10

# PostgreSQL SQLSTATEs the user can act on (https://www.postgresql.org/docs/15/errcodes-appendix.html).
_AUTH_FAILED: Final = frozenset({"28P01", "28000"})
_NO_DATABASE: Final = "3D000"
_SERIALIZATION: Final = frozenset({"40001", "40P01"})
_READ_ONLY_TRANSACTION: Final = "25006"


def is_server_url(spec: object) -> bool:
    """Whether ``spec`` (what ``--db`` was given) names a server rather than a file."""
    text = str(spec)
    return any(text.startswith(f"{scheme}://") for scheme in SCHEMES)


def server_url(spec: str) -> URL:
    """The URL of ``spec`` for SQLAlchemy's psycopg driver; refuses anything else."""
    try:
        url = make_url(spec)
    except Exception:  # SQLAlchemy's ArgumentError: not a URL at all
        raise PeyvandError("server.bad_url", url=_masked_text(spec)) from None
    if url.drivername not in SCHEMES or not url.database:
        raise PeyvandError("server.bad_url", url=describe(url))
    return url.set(drivername=DRIVER)


def _masked_text(spec: str) -> str:
    # "postgresql://user:secret@host/db" shown without the secret.
    head, at, tail = spec.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return spec
    scheme_user = head.rsplit(":", 1)[0]
    return f"{scheme_user}:***@{tail}"


def describe(url: URL) -> str:
    """How a server database is named to people: ``peyvand on host:5432 (user)``, never
    with a password."""
    host = url.host or "localhost"
    port = url.port or DEFAULT_PORT
    who = f" ({url.username})" if url.username else ""
    return f"{url.database} on {host}:{port}{who}"


def credential_key(url: URL) -> str:
    """The credential store's key for this sign-in: ``user@host:port/database``."""
    host, port = url.host or "localhost", url.port or DEFAULT_PORT
    return f"{url.username or ''}@{host}:{port}/{url.database}"


def stored_password(url: URL) -> str | None:
    """The password kept for ``url`` in the operating system's credential store (Windows
    Credential Manager, the Secret Service on Linux, the macOS keychain), if any."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency; frozen builds keep it
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, credential_key(url))
    except KeyringError:  # no usable store (a server without a desktop session)
        log.info("no credential store available for %s", describe(url))
        return None
    return found


def store_password(url: URL, password: str) -> None:
    """Keep ``password`` for ``url`` in the credential store (never in Peyvand's files)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, credential_key(url), password)


def forget_password(url: URL) -> None:
    import keyring
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):
        keyring.delete_password(KEYRING_SERVICE, credential_key(url))


def make_server_engine(url: URL, *, for_reading: bool = False) -> Engine:
    """An engine on the office server. The password, if the credential store has one, is
    handed to libpq at connect time only; otherwise libpq finds its own (PGPASSFILE,
    Kerberos/SSPI, certificates) or the server refuses, which says so clearly."""
    engine = create_engine(
        url,
        # A workstation opens few connections; a dropped one is noticed before use.
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=True,
        pool_recycle=1800,
        isolation_level="REPEATABLE READ" if for_reading else "READ COMMITTED",
        connect_args={
            "application_name": "Peyvand",
            "connect_timeout": CONNECT_TIMEOUT_S,
        },
        json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
        hide_parameters=True,  # record text never reaches an exception message or a log
    )
    if for_reading:
        engine = engine.execution_options(postgresql_readonly=True)

    @event.listens_for(engine, "do_connect")
    def _password(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        if not cparams.get("password"):
            found = stored_password(url)
            if found:
                cparams["password"] = found

    install_failures(engine, url)
    return engine


def translate(exc: BaseException, url: URL) -> PeyvandError | None:
    """The :class:`PeyvandError` for a server failure the user can act on."""
    original = getattr(exc, "orig", None)
    if isinstance(original, BaseException):
        exc = original
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(exc, psycopg.Error):
        return None
    state = getattr(exc, "sqlstate", None)
    where = describe(url)
    if state in _AUTH_FAILED:
        return PeyvandError("server.auth_failed", server=where)
    if state == _NO_DATABASE:
        return PeyvandError("server.no_database", server=where)
    if state in _SERIALIZATION:
        return PeyvandError("server.try_again", server=where)
    if state == _READ_ONLY_TRANSACTION:
        return PeyvandError("db.read_only", path=where)
    refused = failures.permission_refusal(exc)
    if refused is not None:
        return refused
    if isinstance(exc, psycopg.OperationalError) and "not permitted to log in" in str(exc):
        # A disabled account (ALTER ROLE … NOLOGIN, services/accounts.disable); libpq
        # reports it before a session exists, so without a SQLSTATE.
        return PeyvandError("account.disabled", server=where)
    if isinstance(exc, psycopg.OperationalError):
        # Refused, unreachable, dropped: the connection is what failed.
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return PeyvandError("server.unreachable", server=where, detail=detail[:200])
    return None


def install_failures(engine: Engine, url: URL) -> None:
    def _translate(context: ExceptionContext) -> Any:
        mapped = translate(context.original_exception, url)
        if mapped is not None:
            raise mapped from context.original_exception
        return None

    event.listen(engine, "handle_error", _translate)
