"""What every stored row has: sync columns and normalized Persian text."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import cache
from typing import Any, ClassVar

from pydantic import ConfigDict, model_validator
from sqlalchemy import Index, text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from peyvand.domain.types import UTCDateTime, sort_key_type
from peyvand.text import normalize_input


def utc_now() -> datetime:
    return datetime.now(UTC)


class SyncColumns(SQLModel):
    """Columns that make a row mergeable between the office and a trip laptop.

    A UUID identity survives export and import; ``revision`` is bumped on every change
    (never compared with clocks when merging); ``deleted_at`` is a tombstone, so user
    data is never hard-deleted.
    """

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)
    revision: int = Field(default=1, nullable=False)
    # Not indexed on its own: nearly every row is live, so such an index only misleads
    # the planner; lists use partial indexes "WHERE deleted_at IS NULL" instead.
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy's directive
        # Every UPDATE says "WHERE revision = <the revision this session read>": of two
        # workstations saving the same record at once (office mode), the second finds no
        # row and is refused as stale instead of overwriting. The unit of work sets the
        # new revision itself (version_id_generator False).
        table = cls.__table__  # type: ignore[attr-defined]  # set on the table classes
        return {"version_id_col": table.c.revision, "version_id_generator": False}


SYNC_FIELDS: frozenset[str] = frozenset(SyncColumns.model_fields)


def live_index(table: str, *columns: str) -> Index:
    """An index over live rows only, in list order (the column(s), then the id).

    Lists page through it in order and stop after a page, whatever the table's size.
    """
    where = text("deleted_at IS NULL")
    return Index(
        f"ix_{table}_live_{'_'.join(columns)}", *columns, "id",
        sqlite_where=where, postgresql_where=where,
    )


SORT_SUFFIX = "_sort"


def sort_key_field(source_max_length: int) -> Any:
    """A stored sort key (``<field>_sort`` holds ``text.sort_key(<field>)``).

    Derived data, like the search documents: the unit of work fills it on every write
    (storage/unit_of_work.py), so that lists sort in Persian alphabetical order in SQL,
    on any engine, through a list-order index. It is not a field of the record: not
    editable, not exported, not merged, not audited. The server default only lets the
    migration add the column to existing tables without rebuilding them on SQLite.
    """
    return Field(
        default="",
        sa_type=sort_key_type(2 * source_max_length),
        nullable=False,
        sa_column_kwargs={"server_default": ""},
    )


@cache
def sort_keys(model: type[SQLModel]) -> dict[str, str]:
    """The sort-key columns of ``model`` and the field each is the key of."""
    return {
        name: name.removesuffix(SORT_SUFFIX)
        for name in model.model_fields
        if name.endswith(SORT_SUFFIX)
    }


class DomainData(SQLModel):
    """Base of the editable part of every entity.

    Validation runs on these non-table models (SQLModel skips validation on table
    classes), so services build a ``XData`` first and copy it into the table row.
    Every string a user typed is normalized here, once, for storage.
    """

    # No validate_assignment: table rows inherit this config, and re-validating the whole
    # row on every attribute the ORM sets would make each insert several times slower.
    # defer_build: each class's validator is built on its first use, not at import —
    # a quarter of the cost of importing the domain (issue 16), and most classes are
    # never validated in a given run.
    model_config = ConfigDict(  # type: ignore[assignment]
        str_strip_whitespace=True, defer_build=True
    )

    # Fields whose content is Latin by nature (e-mail, phone, URL); they are
    # normalized too, which only strips controls and spaces from them.
    latin_fields: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _normalize_strings(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: _normalize_value(value) for key, value in data.items()}
        return data


def _normalize_value(value: Any) -> Any:
    if isinstance(value, str):
        return normalize_input(value)
    if isinstance(value, list):
        return [normalize_input(v) if isinstance(v, str) else v for v in value]
    return value


class RowBase(SQLModel):
    """Plain, detached row returned by services (never a live ORM object)."""

    model_config = ConfigDict(  # type: ignore[assignment]
        from_attributes=True, frozen=True, defer_build=True  # built on first use, as above
    )
