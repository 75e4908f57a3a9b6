"""The office server names the person in the rows that carry a name besides the audit
trail: a trip export's ``exported_by``, a merge conflict's ``resolved_by`` and a
progress note's ``author`` are set from ``session_user`` by triggers (as the audit actor
is since 0010), whatever the client wrote; only the owner, copying a workstation's
history in ``server import-local``, keeps the names it copies.

PostgreSQL only (storage/access.py re-installs everything, these triggers included);
a single workstation's file has no accounts, and nothing changes there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

from alembic import op

from peyvand.storage import access

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        access.install(conn)


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        access.drop_person_triggers(conn)
