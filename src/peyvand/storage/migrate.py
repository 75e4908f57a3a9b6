"""Schema versions: inspect, refuse what is newer, upgrade after a backup."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from peyvand.domain.errors import PeyvandError

SQLITE_MAGIC = b"SQLite format 3\x00"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "peyvand.storage:migrations")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
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
    head = head_revision()
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(exists=path.exists(), revision=None, head=head)
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise PeyvandError("db.not_sqlite", path=str(path))
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
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
        raise PeyvandError("db.not_sqlite", path=str(path)) from exc
    if revision is None and tables - {"alembic_version"}:
        raise PeyvandError("db.not_sqlite", path=str(path))
    if revision is not None and revision not in known_revisions():
        raise PeyvandError("db.newer", path=str(path), found=revision, known=head)
    return SchemaState(exists=True, revision=revision, head=head)


def upgrade(engine: Engine) -> None:
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
