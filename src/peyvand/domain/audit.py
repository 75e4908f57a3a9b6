"""The audit trail: who changed what, when, from what to what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from peyvand.domain.base import RowBase, utc_now
from peyvand.domain.types import UTCDateTime


class AuditFields(SQLModel):
    at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime, index=True)
    actor: str = Field(max_length=120)
    entity: str = Field(max_length=40, index=True)
    entity_id: str = Field(max_length=36, index=True)
    action: str = Field(max_length=20)
    # {field: [old, new]} in JSON-safe form.
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class AuditEvent(AuditFields, table=True):
    """Append-only; it is this database's own history, so it has a local integer key
    and is neither exported nor merged (a merge writes its own events)."""

    __tablename__ = "audit_event"

    seq: int | None = Field(default=None, primary_key=True)


class AuditRow(AuditFields, RowBase):
    seq: int
