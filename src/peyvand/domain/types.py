"""Column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime.

    SQLite has no time-zone type; storing naive UTC and re-attaching UTC on the way
    out keeps every timestamp comparable and stops a local time from sneaking in.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def enum_type(enum_cls: type[Enum]) -> SAEnum:
    """Store an enum by its value ("sister_city"), as plain text without a CHECK
    constraint, so adding a value later needs no table rebuild on SQLite."""
    return SAEnum(
        enum_cls,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=False,
        validate_strings=True,
        length=32,
    )


def sort_key_type(length: int) -> String:
    """A sort key (text.sort_key) compared as bytes on every engine: SQLite compares
    text in code-point order (BINARY) already; PostgreSQL compares text by the
    database's collation unless the column says "C"."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")
