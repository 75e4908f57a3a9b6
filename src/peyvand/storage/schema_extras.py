"""Tables that live beside the models: the full-text search index."""

from __future__ import annotations

SEARCH_PREFIX = "search_"


def is_extra_table(name: str) -> bool:
    return name.startswith(SEARCH_PREFIX) or name == "alembic_version"
