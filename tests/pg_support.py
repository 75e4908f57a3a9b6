"""The PostgreSQL server the tests use (office mode), from ``PEYVAND_TEST_PG``.

Default ``postgresql://postgres@127.0.0.1:5432/postgres`` (Debian's local cluster with
trust authentication on the development and CI machines). Without a reachable server
the engine-neutral tests run on SQLite only and the PostgreSQL ones are skipped with
the reason; with ``PEYVAND_REQUIRE_PG=1`` (``.ci/run`` sets it) they fail instead.

One template database per run is created and migrated through ``peyvand server init``'s
own code; each test module gets a database cloned from it (``CREATE DATABASE …
TEMPLATE``: a file copy on the server, far quicker than migrating), emptied before each
test with one ``TRUNCATE``.
"""

from __future__ import annotations

import os
import uuid
from functools import cache

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> URL:
    return make_url(os.environ.get("PEYVAND_TEST_PG") or DEFAULT_URL).set(
        drivername="postgresql+psycopg"
    )


def required() -> bool:
    return os.environ.get("PEYVAND_REQUIRE_PG", "") == "1"


@cache
def unavailable_reason() -> str | None:
    """Why PostgreSQL cannot be used here (None: it can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    url = admin_url()
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            has_trgm = conn.execute(
                text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            ).first()
        engine.dispose()
    except Exception as exc:
        shown = url.render_as_string(hide_password=True)
        return f"no PostgreSQL server at {shown} (PEYVAND_TEST_PG): {type(exc).__name__}"
    if not has_trgm:
        return "the PostgreSQL server lacks the pg_trgm extension (postgresql-contrib)"
    return None


def database_url(name: str) -> str:
    return admin_url().set(database=name, drivername="postgresql").render_as_string(
        hide_password=False
    )


def _admin() -> object:
    return create_engine(admin_url(), isolation_level="AUTOCOMMIT")


def new_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def create_database(name: str, template: str | None = None) -> None:
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    finally:
        engine.dispose()


def drop_database(name: str) -> None:
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def empty_tables(url: str) -> None:
    """Every table of the schema emptied (the schema version kept), children first.

    DELETE rather than TRUNCATE: on tables this small it is a few milliseconds, where
    TRUNCATE replaces every table's files (about a second per test).
    """
    from peyvand.domain import metadata

    ordered = [t.name for t in reversed(metadata.sorted_tables)]
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as conn:
            present = {
                row[0]
                for row in conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        "AND tablename <> 'alembic_version'"
                    )
                )
            }
            extra = sorted(present - set(ordered))  # the search index: no foreign keys
            statements = [f'DELETE FROM "{t}"' for t in (*extra, *ordered) if t in present]
            conn.exec_driver_sql("; ".join(statements))
    finally:
        engine.dispose()
