"""Row-level security reads a mark on the row: each table that can hide rows gains a
``peyvand_hidden`` column on the office server, kept by triggers from the row's own
classification and the marks of what it depends on, and the policies test that column
instead of computing every hidden id per query (issue 13: lists were 3-8x slower for
logins under row-level security; see docs/office-mode.md). The hidden-id functions of
0010 are dropped with their policies: they told any login the ids and number of hidden
rows.

PostgreSQL only (storage/access.py installs it); a single workstation's file has no
accounts and does not change.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

from alembic import op

from peyvand.storage import access

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        access.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        access.drop_hidden_columns(conn)
