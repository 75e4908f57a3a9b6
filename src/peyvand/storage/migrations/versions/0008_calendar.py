"""Calendar and activity indexes: visits by their last day, itinerary items by day,
follow-ups by status and due date (for the office and per unit).

The calendar reads only the days it shows: visits overlapping a month are found by
``departure`` (``arrival`` already has its index), itinerary items by ``day``. The
dashboard's chart counts follow-ups by status and overdue from the two action indexes
alone. All partial over live rows, in list order (domain.base.live_index).

Named 0008 on merge (after the sort keys, 0007).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("deleted_at IS NULL")
INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("visit", "ix_visit_live_departure", ["departure", "id"]),
    ("itinerary_item", "ix_itinerary_item_live_day", ["day", "id"]),
    ("action", "ix_action_live_status_due_date", ["status", "due_date", "id"]),
    ("action", "ix_action_live_unit_id_status_due_date", ["unit_id", "status", "due_date", "id"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False, sqlite_where=LIVE, postgresql_where=LIVE)
    # Statistics for the new indexes (sampled: quick on any size).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit=1000")
        for table, _name, _columns in INDEXES:
            op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    for table, name, _columns in INDEXES:
        op.drop_index(name, table_name=table, sqlite_where=LIVE, postgresql_where=LIVE)
