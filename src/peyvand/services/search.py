"""Global search over every kind of record (Persian-normalized)."""

from __future__ import annotations

from collections.abc import Iterable

from peyvand.domain.errors import ValidationError
from peyvand.storage import search_index
from peyvand.storage.database import Database
from peyvand.storage.search_index import SearchHit
from peyvand.text import fold_for_search

__all__ = ["SearchHit", "search"]


def search(
    db: Database, text: str, *, limit: int = 50, entities: Iterable[str] | None = None
) -> list[SearchHit]:
    if not fold_for_search(text or "").strip():
        raise ValidationError("search.empty", field="text")
    with db.read_connection() as conn:
        return search_index.query(conn, text, limit=limit, entities=entities)
