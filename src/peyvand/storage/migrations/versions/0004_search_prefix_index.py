"""Search: FTS5 prefix indexes for 2- and 3-letter prefixes.

Every search word is matched as a prefix; without prefix indexes a short prefix makes
FTS5 merge the lists of every word that starts with it before returning anything
(«گرد» over 100,000 meetings: 28 ms → 10 ms, see docs/benchmarks.md). The folded text
is copied from the old table, so no Python folding runs during the upgrade.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def _recreate(options: str) -> None:
    op.execute(f"CREATE VIRTUAL TABLE search_words_next USING fts5(title, body, {options})")
    op.execute(
        "INSERT INTO search_words_next (rowid, title, body) "
        "SELECT rowid, title, body FROM search_words"
    )
    op.execute("DROP TABLE search_words")
    op.execute("ALTER TABLE search_words_next RENAME TO search_words")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's index (0001) matches prefixes through its GIN index already
    _recreate(f"{_TOKENIZE}, prefix = '2 3'")
    # 0003 ran ANALYZE, which recorded statistics for FTS5's shadow tables; with them
    # SQLite plans FTS5's segment deletes as full scans (see search_index
    # .drop_fts_statistics). Written out here so this migration stays as released.
    op.execute(
        "DELETE FROM sqlite_stat1 WHERE tbl GLOB 'search_words_*' OR tbl GLOB 'search_grams_*'"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _recreate(_TOKENIZE)
