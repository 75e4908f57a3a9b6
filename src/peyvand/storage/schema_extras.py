"""What lives beside the models: the full-text search index, and on the office server the
hidden mark of row-level security with its indexes (storage/access.py)."""

from __future__ import annotations

SEARCH_PREFIX = "search_"


def is_extra_table(name: str) -> bool:
    return name.startswith(SEARCH_PREFIX) or name == "alembic_version"


SERVER_PREFIX = "peyvand_"


def is_extra_object(type_: str, name: str | None) -> bool:
    """Whether alembic's comparison with the models should leave this object alone."""
    if name is None:
        return False
    if type_ == "table":
        return is_extra_table(name)
    return type_ in ("column", "index") and name.startswith(SERVER_PREFIX)
