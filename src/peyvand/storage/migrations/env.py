"""Alembic environment: always driven from peyvand.storage.migrate with a connection."""

from __future__ import annotations

from typing import Any

from alembic import context

from peyvand.domain import metadata
from peyvand.storage.schema_extras import is_extra_object

config = context.config


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # The search index (FTS5 virtual tables and their shadow tables) is created by
    # hand-written SQL in the migrations and is not part of the models; nor is the office
    # server's hidden mark (storage/access.py).
    return not is_extra_object(type_, name)


connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
