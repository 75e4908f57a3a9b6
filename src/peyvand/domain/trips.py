"""Tables for trip packages and for merging them back.

Every database has them, so that a package is exactly an office database plus its
``package_meta`` (which makes the "exact schema" check of an import one comparison):

* ``trip_info`` and ``trip_base`` are filled only inside a package: what was exported,
  and each exported row as it was at export (the base of the three-way merge).
* ``trip_export`` and ``trip_export_row`` are filled only in the office: what left in each
  package (a digest of every exported row) and which rows its imports created. A package
  is hostile input; these are what decides which rows its import may touch.
* ``merge_conflict`` is filled only in the office: fields both sides changed, and rows
  one side deleted while the other edited, until someone resolves them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from peyvand.domain.base import RowBase, utc_now
from peyvand.domain.types import UTCDateTime


class TripInfo(SQLModel, table=True):
    """The one row describing a package: which visit, when, by whom."""

    __tablename__ = "trip_info"

    id: int = Field(default=1, primary_key=True)
    package_id: str = Field(max_length=36)
    visit_id: str = Field(max_length=36)
    visit_number: str = Field(max_length=40)
    exported_at: datetime = Field(sa_type=UTCDateTime)
    exported_by: str = Field(max_length=120)
    include_confidential: bool = False
    # partnership id -> its last contact (ISO date) in the office at export: the package
    # holds only part of the history, so trip mode's dormancy must not be derived from it.
    last_contacts: dict[str, str] | None = Field(default=None, sa_type=JSON)


class TripExportRecord(SQLModel, table=True):
    """The office's own record of a package it exported (never read from a package)."""

    __tablename__ = "trip_export"

    package_id: str = Field(primary_key=True, max_length=36)
    visit_id: str = Field(max_length=36, index=True)
    visit_number: str = Field(max_length=40)
    exported_at: datetime = Field(sa_type=UTCDateTime)
    exported_by: str = Field(max_length=120)
    include_confidential: bool = False


# TripExportRow.origin: a row the office put in the package, or one the package's import
# created in the office (so that a later version of the same package may merge it again).
EXPORTED = "exported"
CREATED = "created"


class TripExportRow(SQLModel, table=True):
    """One row a package may touch: exported (with the digest of its base copy, which the
    package's ``trip_base`` must match exactly) or created by an earlier import."""

    __tablename__ = "trip_export_row"

    package_id: str = Field(
        primary_key=True, max_length=36, foreign_key="trip_export.package_id"
    )
    table_name: str = Field(primary_key=True, max_length=40)
    row_id: str = Field(primary_key=True, max_length=36)
    origin: str = Field(max_length=10)
    # SHA-256 of the base row's canonical JSON; None for created rows.
    digest: str | None = Field(default=None, max_length=64)


class TripBase(SQLModel, table=True):
    """A row as it was at export, in the JSON encoding of ``transfer`` (sorted keys)."""

    __tablename__ = "trip_base"

    table_name: str = Field(primary_key=True, max_length=40)
    row_id: str = Field(primary_key=True, max_length=36)
    row: str  # JSON text, compared field by field at import


class MergeConflictFields(SQLModel):
    package_id: str = Field(max_length=36, index=True)
    entity: str = Field(max_length=40, index=True)
    entity_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=60)
    kind: str = Field(max_length=20)  # "field" or "delete-vs-edit" (services/merge.py)
    # {"base": …, "office": …, "laptop": …} in transfer's JSON encoding.
    values: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    has_base: bool = True
    # Identifies the conflict within its package (hash of merge.Conflict.key), so that
    # importing the same package again does not record it twice.
    key_hash: str = Field(max_length=64)
    found_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    resolution: str | None = Field(default=None, max_length=20)  # office | laptop | edited
    resolved_by: str | None = Field(default=None, max_length=120)


class MergeConflict(MergeConflictFields, table=True):
    __tablename__ = "merge_conflict"
    __table_args__ = (UniqueConstraint("package_id", "key_hash"),)

    seq: int | None = Field(default=None, primary_key=True)


class MergeConflictRow(MergeConflictFields, RowBase):
    seq: int
