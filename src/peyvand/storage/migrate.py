"""Schema versions: inspect, refuse what is newer, upgrade after a backup."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peyvand.errors import PeyvandError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

SQLITE_MAGIC = b"SQLite format 3\x00"

# The newest migration this release ships. Opening a database already at this revision
# (every start but the first after an upgrade) then needs neither Alembic nor the
# migration scripts, which would cost a noticeable part of the start-up time.
# tests/storage/test_migrations.py checks it against the scripts' real head.
HEAD_REVISION = "0012"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "peyvand.storage:migrations")
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    exists: bool
    revision: str | None  # None: a new, empty database
    head: str

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != self.head


def inspect_schema(path: Path) -> SchemaState:
    """Read the schema version without writing a byte to the file."""
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(exists=path.exists(), revision=None, head=head_revision())
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise PeyvandError("db.not_sqlite", path=str(path))
    from peyvand.storage import medium

    try:
        conn = sqlite3.connect(medium.read_uri(path), uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision: str | None = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        from peyvand.storage import failures

        # Another program's exclusive lock, or a disk failure, is not "not a database";
        # nor is a SQLite file whose pages are damaged (SQLITE_CORRUPT).
        disk = failures.translate(exc, path)
        if disk is None and failures.sqlite_code(exc) == failures.SQLITE_CORRUPT:
            disk = PeyvandError("db.corrupt", path=str(path), detail=str(exc))
        raise (disk or PeyvandError("db.not_sqlite", path=str(path))) from exc
    if revision is None and tables - {"alembic_version"}:
        raise PeyvandError("db.not_sqlite", path=str(path))
    if revision == HEAD_REVISION:
        return SchemaState(exists=True, revision=revision, head=HEAD_REVISION)
    head = head_revision()
    if revision is not None and revision not in known_revisions():
        raise PeyvandError("db.newer", path=str(path), found=revision, known=head)
    return SchemaState(exists=True, revision=revision, head=head)


def upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def inspect_server(conn: Connection, where: str) -> SchemaState:
    """The schema version of a server database (office mode), read without writing.

    A database that holds tables but no Peyvand schema version is someone else's:
    refused (``server.foreign_database``), never migrated into.
    """
    from sqlalchemy import text

    tables = set(
        conn.execute(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        ).scalars()
    )
    revision: str | None = None
    if "alembic_version" in tables:
        found = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        revision = str(found[0]) if found else None
    if revision is None and tables - {"alembic_version"}:
        raise PeyvandError("server.foreign_database", server=where)
    if revision == HEAD_REVISION:
        return SchemaState(exists=True, revision=revision, head=HEAD_REVISION)
    head = head_revision()
    if revision is not None and revision not in known_revisions():
        raise PeyvandError("db.newer", path=where, found=revision, known=head)
    return SchemaState(exists=True, revision=revision, head=head)


def upgrade_connection(conn: Connection) -> None:
    """Run the migrations to head on ``conn`` (in its transaction: on PostgreSQL the
    whole upgrade commits or rolls back as one)."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
