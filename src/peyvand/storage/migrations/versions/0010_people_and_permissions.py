"""People and permissions: the office server's accounts (``app_user``), drafts kept per
author, and — on PostgreSQL only — the group roles, grants, row-level security policies
and triggers of storage/access.py.

``draft`` gains ``author`` in its key. SQLite rebuilds the table (it cannot change a
primary key in place); PostgreSQL alters it. Drafts already there keep an empty author:
on a workstation that is every draft's author; on a server nobody's (drafts are
scratch state, offered back after a crash, and these were written before sign-in).

The roles belong to the PostgreSQL cluster, not to the database: they are created only
when missing (storage/access.py), and the downgrade leaves them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import peyvand.domain.types
from peyvand.storage import access

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("login", sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.Column("disabled_at", peyvand.domain.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_app_user_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_app_user_unit_id"), ["unit_id"], unique=False)

    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _rebuild_sqlite_draft()
    else:
        op.execute("ALTER TABLE draft ADD COLUMN author VARCHAR(63) DEFAULT '' NOT NULL")
        op.execute("ALTER TABLE draft DROP CONSTRAINT draft_pkey")
        op.execute("ALTER TABLE draft ADD CONSTRAINT draft_pkey PRIMARY KEY (author, key)")
        access.install(conn)


def _rebuild_sqlite_draft() -> None:
    op.create_table(
        "_draft_0010",
        sa.Column(
            "author",
            sqlmodel.sql.sqltypes.AutoString(length=63),
            server_default="",
            nullable=False,
        ),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("saved_at", peyvand.domain.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("author", "key"),
    )
    op.execute(
        "INSERT INTO _draft_0010 (author, key, kind, title, payload, saved_at) "
        "SELECT '', key, kind, title, payload, saved_at FROM draft"
    )
    op.drop_table("draft")
    op.rename_table("_draft_0010", "draft")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute("DELETE FROM draft WHERE author <> ''")
        with op.batch_alter_table("draft", recreate="always") as batch_op:
            batch_op.drop_column("author")
            batch_op.create_primary_key("pk_draft", ["key"])
    else:
        access.uninstall(conn)
        op.execute("DELETE FROM draft WHERE author <> ''")
        op.execute("ALTER TABLE draft DROP CONSTRAINT draft_pkey")
        op.execute("ALTER TABLE draft DROP COLUMN author")
        op.execute("ALTER TABLE draft ADD CONSTRAINT draft_pkey PRIMARY KEY (key)")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_app_user_unit_id"))
        batch_op.drop_index(batch_op.f("ix_app_user_person_id"))
    op.drop_table("app_user")
