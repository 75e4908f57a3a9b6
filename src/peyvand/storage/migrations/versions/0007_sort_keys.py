"""Sort keys: a ``<field>_sort`` column beside each Persian text column that lists sort
by (text.sort_key), filled for the rows already there; the name list-order indexes use
them.

Lists sorted by code point put پ چ ژ گ after ی. The key is computed in Python and
stored, so sorting and paging stay in SQL on every engine (no SQLite collation
function); the unit of work keeps it up to date on every write.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME, TITLE, SHORT = 200, 300, 120  # domain.limits when this revision was written

# table -> (field, its length limit) of every field that gets a key
SORTED: dict[str, tuple[tuple[str, int], ...]] = {
    "unit": (("name", NAME),),
    "organization": (("name", NAME), ("city", SHORT), ("country", SHORT)),
    "person": (("name", NAME), ("title", TITLE), ("country", SHORT)),
    "partnership": (("partner_city", SHORT), ("partner_country", SHORT)),
    "visit": (("title", TITLE), ("city", SHORT)),
    "meeting": (("title", TITLE), ("place", TITLE)),
    "action": (("title", TITLE),),
}
LIVE = sa.text("deleted_at IS NULL")
BATCH = 2000


def _key_type(length: int) -> sa.types.TypeEngine[str]:
    return sa.String(2 * length).with_variant(sa.String(2 * length, collation="C"), "postgresql")


def _fill(conn: sa.Connection, table: str, fields: tuple[str, ...]) -> None:
    """Compute the keys of the rows already there, in batches (a large office database
    is not held in memory). Raw SQL: filling derived data is not a change to audit."""
    from peyvand.text import sort_key

    assignments = ", ".join(f"{f}_sort = :{f}_sort" for f in fields)
    update = sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id")
    columns = ", ".join(fields)
    first = sa.text(f"SELECT id, {columns} FROM {table} ORDER BY id LIMIT :n")
    select = sa.text(f"SELECT id, {columns} FROM {table} WHERE id > :after ORDER BY id LIMIT :n")
    after: object = None  # ids are text on SQLite, uuid on PostgreSQL: no "smallest" literal
    while True:
        if after is None:
            rows = conn.execute(first, {"n": BATCH}).all()
        else:
            rows = conn.execute(select, {"after": after, "n": BATCH}).all()
        if not rows:
            return
        conn.execute(
            update,
            [
                {
                    "id": row[0],
                    **{f"{f}_sort": sort_key(row[i + 1] or "") for i, f in enumerate(fields)},
                }
                for row in rows
            ],
        )
        after = rows[-1][0]


def upgrade() -> None:
    for table, fields in SORTED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, length in fields:
                batch_op.add_column(
                    sa.Column(f"{field}_sort", _key_type(length), server_default="", nullable=False)
                )
    conn = op.get_bind()
    for table, fields in SORTED.items():
        _fill(conn, table, tuple(f for f, _length in fields))

    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index("ix_organization_live_name", sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.create_index(
            "ix_organization_live_name_sort",
            ["name_sort", "id"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_live_name", sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.create_index(
            "ix_person_live_name_sort",
            ["name_sort", "id"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partnership_live_partner_city_sort",
            ["partner_city_sort", "id"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    if conn.dialect.name == "sqlite":
        # Statistics for the new indexes (sampled: quick on any size).
        op.execute("PRAGMA analysis_limit=400")
        op.execute("ANALYZE")


def downgrade() -> None:
    with op.batch_alter_table("partnership", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_partnership_live_partner_city_sort", sqlite_where=LIVE, postgresql_where=LIVE
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_live_name_sort", sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.create_index(
            "ix_person_live_name",
            ["name", "id"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_organization_live_name_sort", sqlite_where=LIVE, postgresql_where=LIVE
        )
        batch_op.create_index(
            "ix_organization_live_name",
            ["name", "id"],
            unique=False,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    for table, fields in reversed(SORTED.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, _length in reversed(fields):
                batch_op.drop_column(f"{field}_sort")
